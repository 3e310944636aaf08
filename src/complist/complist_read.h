/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_COMPLIST_READ_H
#define SOUPTRACE_COMPLIST_READ_H

/*
 * Internal to the complist readers (complist.c, complist_cdx.c,
 * complist_spdx.c): the typed getters that name the JSON path of a bad
 * value, and the adding of a component. Not for other modules.
 */

#include <cjson/cJSON.h>

#include "complist.h"
#include "strvec.h"

struct cl_reader {
	const char *name; /* the file, in messages */
	struct strbuf *diag;
	size_t errors;
	struct complist *list;
};

void cl_error(struct cl_reader *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* path = base + "." + key (or key alone when base is empty). */
void cl_path(struct strbuf *path, const char *base, const char *key);

/*
 * Member key of obj: NULL when absent or JSON null; an error (and NULL)
 * when of another type than the getter's. Strings are borrowed from obj.
 */
const char *cl_str(struct cl_reader *r, const cJSON *obj, const char *base, const char *key);
const cJSON *cl_arr(struct cl_reader *r, const cJSON *obj, const char *base, const char *key);
const cJSON *cl_obj(struct cl_reader *r, const cJSON *obj, const char *base, const char *key);

/*
 * Append a component (the strings are copied; NULL and "" are "not
 * given"; a supplier's trailing contact address, "<a@b>" or "(a@b)", is
 * dropped). An empty or missing name is an error naming path. 0, or -1
 * (error recorded).
 */
int cl_add(struct cl_reader *r, const char *path, const char *name, const char *version,
	   const char *supplier, const char *license, const char *kind);

/*
 * Several licence expressions of one component as one: joined with " AND ",
 * a compound part put in parentheses ("(MIT OR Apache-2.0) AND Zlib").
 * NULL when parts is empty; NULL too when memory ran out (*oom set).
 */
char *cl_license_join(const struct strvec *parts, bool *oom);

/* The prefix souptrace writes before a component's kind in SBOMs. */
#define CL_KIND_PREFIX "souptrace:kind"

/* The readers of each format, on the parsed document. 0 or -1. */
int cl_read_cyclonedx(struct cl_reader *r, const cJSON *root);
int cl_read_spdx2(struct cl_reader *r, const cJSON *root);
int cl_read_spdx3(struct cl_reader *r, const cJSON *root);

#endif
