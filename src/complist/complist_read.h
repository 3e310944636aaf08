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
#include "json_get.h" /* json_path() for the paths of values */
#include "strvec.h"

struct cl_reader {
	const char *name; /* the file, in messages */
	struct strbuf *diag;
	size_t errors;
	struct complist *list;
	struct json_sink types; /* the type errors of json_get.h, through cl_error */
};

void cl_error(struct cl_reader *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Member key of obj (json_get.h): NULL when absent or JSON null; an error
 * (and NULL) when of another type than the getter's. Strings are borrowed
 * from obj.
 */
const char *cl_str(struct cl_reader *r, const cJSON *obj, const char *base, const char *key);
const cJSON *cl_arr(struct cl_reader *r, const cJSON *obj, const char *base, const char *key);
const cJSON *cl_obj(struct cl_reader *r, const cJSON *obj, const char *base, const char *key);

/*
 * The members of a JSON array of objects (JSON_OBJECT) or of strings
 * (JSON_STRING) one by one, each with its path ("components[2]"), a member
 * of another type being an error naming its path and skipped:
 *
 *	struct cl_iter it;
 *	const cJSON *e;
 *
 *	cl_iter_member(&it, r, obj, base, "licenses", JSON_OBJECT);
 *	while ((e = cl_iter_next(&it)))
 *		... cl_str(r, e, it.path.buf, "name") ...;
 *	cl_iter_release(&it);
 */
struct cl_iter {
	struct cl_reader *r;
	const cJSON *next; /* the member after the current one */
	enum json_type want;
	struct strbuf arr_path;
	size_t nr;	    /* members visited (the current one's index + 1) */
	struct strbuf path; /* the current member's path: arr_path[index] */
};

/* Over the array arr (NULL: none) whose path is arr_path. */
void cl_iter_array(struct cl_iter *it, struct cl_reader *r, const cJSON *arr, const char *arr_path,
		   enum json_type want);
/* Over the member key of obj (cl_arr: absent or null is empty, another type an error). */
void cl_iter_member(struct cl_iter *it, struct cl_reader *r, const cJSON *obj, const char *base,
		    const char *key, enum json_type want);
/* The next member of the wanted type, or NULL at the end. */
const cJSON *cl_iter_next(struct cl_iter *it);
void cl_iter_release(struct cl_iter *it);

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
