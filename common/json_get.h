/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_JSON_GET_H
#define SOUPTRACE_JSON_GET_H

/*
 * Typed reading of a parsed JSON document (cJSON), shared by every loader
 * (soup.json, trace records, fingerprint files, SBOMs): a value of the
 * wrong type is rejected with its path and one wording,
 *
 *	components[3].version: expected a string
 *
 * which each loader puts after its own prefix (the file, "error:").
 */
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "strbuf.h"

enum json_type {
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
	JSON_BOOL,
	JSON_STRINGS, /* an array of strings (json_get: the array; the members are the caller's) */
};

enum json_get_result {
	JSON_GOT,    /* *v is the value */
	JSON_ABSENT, /* no such member (or null, with JSON_NULL_ABSENT) */
	JSON_WRONG,  /* another type: "PATH: expected TYPE" appended to why */
};

#define JSON_NULL_ABSENT 1u /* a member that is JSON null counts as absent */

/* path = base + "." + key, or key alone when base is "". */
void json_path(struct strbuf *path, const char *base, const char *key);

/* "a string", "an array", "an object", "true or false", "an array of strings". */
const char *json_type_name(enum json_type t);

/* Whether v (may be NULL) has type t. */
bool json_is(const cJSON *v, enum json_type t);

/* "PATH: expected TYPE" appended to why (the one wording of a type error). */
void json_wrong(struct strbuf *why, const char *path, enum json_type t);

/*
 * obj's member key (obj may be NULL), of type want; its path is base.key.
 * flags: JSON_NULL_ABSENT or 0. *v is set (NULL unless JSON_GOT).
 */
enum json_get_result json_get(const cJSON *obj, const char *base, const char *key,
			      enum json_type want, unsigned flags, const cJSON **v,
			      struct strbuf *why);

/* Where a loader's type errors go: report(ctx, "PATH: expected TYPE"). */
struct json_sink {
	void (*report)(void *ctx, const char *msg);
	void *ctx;
};

/* json_get() with the error, if any, reported to sink: the value, or NULL. */
const cJSON *json_member(const struct json_sink *sink, const cJSON *obj, const char *base,
			 const char *key, enum json_type want, unsigned flags);

/* json_wrong() reported to sink: the value at path is not of type t. */
void json_report_wrong(const struct json_sink *sink, const char *path, enum json_type t);

/*
 * Parse text[0, len) as exactly one JSON document (RFC 8259) and return it,
 * or NULL with one line "NAME:LINE:COLUMN: error: WHAT (byte offset N)\n"
 * appended to diag. Refused, besides what cJSON refuses: text that is not
 * UTF-8, a NUL byte anywhere, a raw control character (below 0x20) inside a
 * string, "\u0000" in a string (cJSON would cut the string there), and
 * anything but white space after the document (garbage, a second document).
 * Nesting deeper than cJSON's limit is said so. The caller frees the result.
 */
cJSON *json_parse_document(const char *name, const char *text, size_t len, struct strbuf *diag);

/*
 * cJSON's memory. json_set_hooks(alloc) makes cJSON allocate through
 * alloc (and free) - except on a thread with an open arena, where cJSON's
 * nodes and strings come from the arena and freeing them does nothing: a
 * reader that parses thousands of small documents (a trace's records)
 * drops each tree at once with json_arena_reset() instead of freeing it
 * node by node. While an arena is open, no cJSON value made before it may
 * be freed on that thread, and nothing made in it may outlive the reset.
 */
void json_set_hooks(void *(*alloc)(size_t));

/* json_set_hooks(malloc) unless hooks were set: before the first arena (not while threads parse).
 */
void json_hooks_ensure(void);

struct json_arena {
	struct json_arena_block *blocks; /* the newest first */
	struct json_arena *outer;	 /* the arena open before it on this thread */
};

void json_arena_open(struct json_arena *a);
void json_arena_reset(
	struct json_arena *a); /* everything given out is gone; the first block kept */
void json_arena_close(struct json_arena *a); /* reset, freed, the outer arena current again */

#endif
