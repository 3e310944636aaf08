/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_FINGERPRINT_H
#define SOUPTRACE_FINGERPRINT_H

#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Fingerprints of well-known embeddable components (SQLite, zlib, lwIP,
 * FreeRTOS ...), recognised from what a file says about itself: version
 * macros, identifying strings, banner comments. A file name alone never
 * identifies anything; a component may list file names as an extra
 * condition.
 *
 * The fingerprints are data: data/fingerprints.json in the source tree,
 * compiled into the program at build time (the default set), plus any
 * number of files in the same format added by the user
 * (docs/fingerprints-format.md). Each component has patterns, POSIX
 * extended regular expressions matched against single lines, and a number
 * of distinct patterns that must hit in one file (so that a generic line
 * cannot trigger a component alone). Every regex is compiled once, when
 * its file is loaded, and runs only on lines that hold its literal (a
 * substring every matching line contains, given or derived from the regex,
 * at least FP_MIN_LITERAL bytes), found with one pass over the file for
 * all literals at once.
 *
 * Scan bounds: the first FP_MAX_SCAN_SIZE bytes of a file; a regex sees
 * at most the first FP_MAX_LINE bytes of a line (a literal further on is
 * ignored); a line holding a NUL byte is not matched; a trailing '\r' is
 * dropped. Evidence text is at most FP_MAX_EVIDENCE bytes, trimmed, with
 * control bytes shown as '?'.
 */

#define FP_MAX_SCAN_SIZE ((size_t)16 << 20)
#define FP_MAX_LINE	 4096
#define FP_MAX_EVIDENCE	 160
#define FP_MIN_LITERAL	 4

struct fp_db; /* loaded fingerprints, opaque */

/*
 * A new database holding the built-in fingerprints. 0, or -1 with err
 * (out of memory; a broken built-in file is a bug the unit test catches).
 */
int fp_db_load_default(struct fp_db **out, struct strbuf *err);

/*
 * An empty database, for a caller that wants only its own fingerprints.
 * 0, or -1 (out of memory).
 */
int fp_db_new(struct fp_db **out, struct strbuf *err);

/*
 * Append the components of a user's fingerprint file (same format). All
 * or nothing: on any error db is unchanged and err holds one line per
 * problem, "PATH: components[3].patterns[0].regex: ...". A component
 * name already in db is an error. 0, or -1.
 */
int fp_db_load_file(struct fp_db *db, const char *path, struct strbuf *err);

/* The same from memory; name is used in messages in place of a path. */
int fp_db_load_buffer(struct fp_db *db, const char *name, const char *text, size_t len,
		      struct strbuf *err);

/* Number of components loaded, and the name of the i-th. */
size_t fp_db_count(const struct fp_db *db);
const char *fp_db_name(const struct fp_db *db, size_t i);

void fp_db_free(struct fp_db *db);

struct fp_hit {
	/* Borrowed from the database: valid until fp_db_free(). */
	const char *name, *supplier, *license;
	/* Owned. The version the file states, or NULL when it states none
	 * or two different ones ("no version is better than a wrong one"). */
	char *version;
	/* The component's templates with {version} filled in; NULL when the
	 * component has no such template, or the template needs a version
	 * and none is known (a purl's "@{version}" is then dropped instead). */
	char *purl, *cpe;
	char *file;	       /* the path as given to fp_scan_file() */
	size_t line;	       /* 1-based, of the evidence below */
	char *evidence;	       /* "FILE:LINE: matched text": the version's line if
				  any, else the first pattern that hit */
	size_t patterns_hit;   /* distinct patterns that hit (version parts count once) */
	struct strvec matches; /* one "FILE:LINE: text" per pattern that hit, in
				  pattern order */
};

struct fp_result {
	struct fp_hit *hits;
	size_t nr, alloc;
};

void fp_result_init(struct fp_result *res);
void fp_result_release(struct fp_result *res);

/*
 * Scan one file, appending a hit for every component whose conditions
 * hold in it, in database order. 0 (hits or none), or -1 with err: the
 * file cannot be opened or read, or is not a regular file, or memory ran
 * out (res keeps the hits appended before).
 */
int fp_scan_file(const struct fp_db *db, const char *path, struct fp_result *res,
		 struct strbuf *err);

/* The same on a buffer; name is what hits report as their file. */
int fp_scan_buffer(const struct fp_db *db, const char *name, const char *data, size_t len,
		   struct fp_result *res, struct strbuf *err);

#endif
