/* SPDX-License-Identifier: Apache-2.0 */
/* Typed reading of a parsed JSON document (json_get.h). */
#include "json_get.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textesc.h"
#include "banned.h"

void json_path(struct strbuf *path, const char *base, const char *key)
{
	strbuf_reset(path);
	if (*base)
		strbuf_addf(path, "%s.%s", base, key);
	else
		strbuf_addstr(path, key);
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_STRING:
		return "a string";
	case JSON_ARRAY:
		return "an array";
	case JSON_OBJECT:
		return "an object";
	case JSON_BOOL:
		return "true or false";
	case JSON_STRINGS:
		return "an array of strings";
	}
	return "?";
}

bool json_is(const cJSON *v, enum json_type t)
{
	switch (t) {
	case JSON_STRING:
		return cJSON_IsString(v);
	case JSON_ARRAY:
		return cJSON_IsArray(v);
	case JSON_OBJECT:
		return cJSON_IsObject(v);
	case JSON_BOOL:
		return cJSON_IsBool(v);
	case JSON_STRINGS:
		return cJSON_IsArray(v);
	}
	return false;
}

void json_wrong(struct strbuf *why, const char *path, enum json_type t)
{
	strbuf_addf(why, "%s: expected %s", path, json_type_name(t));
}

const cJSON *json_member(const struct json_sink *sink, const cJSON *obj, const char *base,
			 const char *key, enum json_type want, unsigned flags)
{
	struct strbuf why = STRBUF_INIT;
	const cJSON *v;

	if (json_get(obj, base, key, want, flags, &v, &why) == JSON_WRONG)
		sink->report(sink->ctx, why.buf);
	strbuf_release(&why);
	return v;
}

void json_report_wrong(const struct json_sink *sink, const char *path, enum json_type t)
{
	struct strbuf why = STRBUF_INIT;

	json_wrong(&why, path, t);
	sink->report(sink->ctx, why.buf);
	strbuf_release(&why);
}

enum json_get_result json_get(const cJSON *obj, const char *base, const char *key,
			      enum json_type want, unsigned flags, const cJSON **v,
			      struct strbuf *why)
{
	const cJSON *m = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	struct strbuf path = STRBUF_INIT;

	*v = NULL;
	if (!m || ((flags & JSON_NULL_ABSENT) && cJSON_IsNull(m)))
		return JSON_ABSENT;
	if (json_is(m, want)) {
		*v = m;
		return JSON_GOT;
	}
	json_path(&path, base, key);
	json_wrong(why, path.buf, want);
	strbuf_release(&path);
	return JSON_WRONG;
}

/* Line and column (in characters, from 1) of byte offset off. */
static void line_col(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static void parse_error(struct strbuf *diag, const char *name, const char *text, size_t off,
			const char *what)
{
	size_t line, col;

	line_col(text, off, &line, &col);
	strbuf_addf(diag, "%s:%zu:%zu: error: %s (byte offset %zu)\n", name, line, col, what, off);
}

/* What cJSON lets through but a JSON text may not hold: 0 or -1 (said in diag). */
static int check_text(const char *name, const char *text, size_t len, struct strbuf *diag)
{
	const unsigned char *u = (const unsigned char *)text;
	bool in_string = false;
	char what[96];

	for (size_t i = 0; i < len;) {
		size_t n;

		if (u[i] >= 0x20 && u[i] < 0x80 && u[i] != '"' && u[i] != '\\') {
			i++; /* printable ASCII: nothing to check (most of a text) */
			continue;
		}
		n = utf8_char_len(text + i, len - i);

		if (!n) {
			snprintf(what, sizeof(what), "not valid UTF-8 (the byte 0x%02x)", u[i]);
			parse_error(diag, name, text, i, what);
			return -1;
		}
		if (!u[i]) {
			parse_error(diag, name, text, i, "a NUL byte: not a JSON text");
			return -1;
		}
		if (in_string && u[i] < 0x20) {
			snprintf(
				what, sizeof(what),
				"a control character (0x%02x) inside a string: write it as \\u%04x",
				u[i], u[i]);
			parse_error(diag, name, text, i, what);
			return -1;
		}
		if (in_string && u[i] == '\\') {
			if (len - i >= 6 && !memcmp(text + i, "\\u0000", 6)) {
				parse_error(diag, name, text, i,
					    "\\u0000 inside a string: a NUL character is refused");
				return -1;
			}
			if (i + 1 < len && u[i + 1] >= 0x20 && u[i + 1] < 0x80)
				i++; /* the escaped character (checked by cJSON) */
		} else if (u[i] == '"') {
			in_string = !in_string;
		}
		i += n;
	}
	return 0;
}

/* How deeply arrays and objects are open at byte offset off (strings skipped). */
static size_t depth_at(const char *text, size_t off)
{
	size_t depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < off; i++) {
		char c = text[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if ((c == ']' || c == '}') && depth) {
			depth--;
		}
	}
	return depth;
}

/* "at '...'": up to 20 bytes from off, to the end of the line. */
static void near_text(struct strbuf *sb, const char *text, size_t len, size_t off)
{
	size_t n = len - off < 20 ? len - off : 20;

	for (size_t k = 0; k < n && text[off + k] != '\n'; k++)
		strbuf_addch(sb, (unsigned char)text[off + k] < 0x20 ? '?' : text[off + k]);
}

cJSON *json_parse_document(const char *name, const char *text, size_t len, struct strbuf *diag)
{
	const char *end = NULL;
	size_t off, rest;
	cJSON *root;
	struct strbuf what = STRBUF_INIT;

	if (check_text(name, text, len, diag))
		return NULL;
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
	rest = off;
	while (rest < len && strchr(" \t\r\n", text[rest]))
		rest++;
	if (root && rest >= len)
		return root;
	if (root) {
		cJSON_Delete(root);
		strbuf_addstr(&what, "more after the JSON document at '");
		near_text(&what, text, len, rest);
		strbuf_addstr(&what, "' (one document per file)");
		parse_error(diag, name, text, rest, what.buf);
	} else if (depth_at(text, off) >= CJSON_NESTING_LIMIT) {
		strbuf_addf(&what, "JSON nested more than %d levels deep", CJSON_NESTING_LIMIT);
		parse_error(diag, name, text, off, what.buf);
	} else if (rest >= len) {
		parse_error(diag, name, text, len,
			    "malformed JSON: the file ends too early (a missing '}' or ']'?)");
	} else {
		strbuf_addstr(&what, "malformed JSON at '");
		near_text(&what, text, len, off);
		strbuf_addch(&what, '\'');
		parse_error(diag, name, text, off, what.buf);
	}
	strbuf_release(&what);
	return NULL;
}

/* ---- cJSON's memory ---- */

struct json_arena_block {
	struct json_arena_block *next;
	size_t used, size;
	max_align_t data[]; /* size bytes */
};

#define ARENA_BLOCK (64u * 1024u)

static void *(*hook_alloc)(size_t) = malloc;
static bool hooks_set;
static _Thread_local struct json_arena *current_arena;

static void *arena_alloc(struct json_arena *a, size_t n)
{
	struct json_arena_block *b = a->blocks;
	const size_t align = sizeof(max_align_t);

	n = (n + align - 1) / align * align;
	if (!n)
		n = align;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = a->blocks;
		a->blocks = b;
	}
	b->used += n;
	return (char *)b->data + b->used - n;
}

static void *json_alloc(size_t n)
{
	return current_arena ? arena_alloc(current_arena, n) : hook_alloc(n);
}

static void json_free(void *p)
{
	if (!current_arena)
		free(p);
}

void json_set_hooks(void *(*alloc)(size_t))
{
	cJSON_Hooks hooks = { json_alloc, json_free };

	hook_alloc = alloc ? alloc : malloc;
	cJSON_InitHooks(&hooks);
	hooks_set = true;
}

void json_hooks_ensure(void)
{
	if (!hooks_set)
		json_set_hooks(NULL);
}

void json_arena_open(struct json_arena *a)
{
	a->blocks = NULL;
	a->outer = current_arena;
	current_arena = a;
}

void json_arena_reset(struct json_arena *a)
{
	struct json_arena_block *b = a->blocks;

	while (b && b->next) {
		struct json_arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->blocks = b;
	if (b)
		b->used = 0;
}

void json_arena_close(struct json_arena *a)
{
	json_arena_reset(a);
	free(a->blocks);
	a->blocks = NULL;
	current_arena = a->outer;
}
