/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_OSV_INTERNAL_H
#define SOUPTRACE_OSV_INTERNAL_H

/*
 * Shared by osv.c (OSV and CVE JSON 5 records) and tracker.c (the Debian
 * Security Tracker's JSON). Not an interface: osv.h is.
 */
#include <stdbool.h>

#include <cjson/cJSON.h>

#include "osv.h"

/*
 * Reading one file of vulnerability data (osv.c, vex.c): the first problem
 * is kept as "FILE: PATH: what is wrong" in err, the later ones dropped.
 */
struct osv_reader {
	const char *file;
	struct strbuf *err;
	bool failed;
};

__attribute__((format(printf, 3, 4))) void osv_bad(struct osv_reader *rd, const char *path,
						   const char *fmt, ...);

/* root has the tracker JSON's shape: package -> id -> {description, releases}. */
bool osv_tracker_shape(const cJSON *root);

/*
 * Debian's urgency as a severity word, allocated: "medium**" (not yet
 * confirmed) is "medium"; NULL for NULL or nothing left. The tracker's
 * entries and OSV's Debian records (ecosystem_specific.urgency) share it.
 */
char *osv_urgency_word(const char *u);

/* Read it (osv.h says how) into db. 0, or -1 with "FILE: $.PATH: what is wrong" in err. */
int osv_tracker_read(struct osv_db *db, const char *file, const cJSON *root, struct strbuf *err);

#endif
