/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conditional structure of a C source text (preproc.h): which lines
 * the same #if/#else decision keeps or drops together. Comments (block
 * comments across lines, line comments), string and character literals
 * are skipped, so "#if" inside a comment opens nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "preproc.h"
#include "banned.h"

void preproc_regions_init(struct preproc_regions *r)
{
	memset(r, 0, sizeof(*r));
}

void preproc_regions_release(struct preproc_regions *r)
{
	free(r->region);
	preproc_regions_init(r);
}

enum cond { COND_NONE, COND_OPEN, COND_ELSE, COND_END };

/* The first token of a line, past blanks and block comments; NULL when there is none. */
static const char *first_token(const char *s, const char *e, bool *in_comment)
{
	for (;;) {
		if (*in_comment) {
			const char *end = memmem(s, (size_t)(e - s), "*/", 2);

			if (!end)
				return NULL;
			s = end + 2;
			*in_comment = false;
		}
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\f' || *s == '\v' || *s == '\r'))
			s++;
		if (e - s >= 2 && s[0] == '/' && s[1] == '*') {
			*in_comment = true;
			s += 2;
			continue;
		}
		return s < e ? s : NULL;
	}
}

/* The rest of a line from s: does a block comment stay open at its end? */
static void scan_rest(const char *s, const char *e, bool *in_comment)
{
	while (s < e) {
		if (*in_comment) {
			const char *end = memmem(s, (size_t)(e - s), "*/", 2);

			if (!end)
				return;
			s = end + 2;
			*in_comment = false;
		} else if (*s == '"' || *s == '\'') {
			char q = *s++;

			while (s < e && *s != q)
				s += *s == '\\' && s + 1 < e ? 2 : 1;
			s += s < e;
		} else if (e - s >= 2 && s[0] == '/' && s[1] == '/') {
			return;
		} else if (e - s >= 2 && s[0] == '/' && s[1] == '*') {
			*in_comment = true;
			s += 2;
		} else {
			s++;
		}
	}
}

/* What the directive at tok (a '#') does to the conditional nesting. */
static enum cond directive(const char *tok, const char *e)
{
	static const struct {
		const char *name;
		enum cond what;
	} names[] = { { "if", COND_OPEN },   { "ifdef", COND_OPEN },   { "ifndef", COND_OPEN },
		      { "elif", COND_ELSE }, { "elifdef", COND_ELSE }, { "elifndef", COND_ELSE },
		      { "else", COND_ELSE }, { "endif", COND_END } };
	const char *w = tok + 1;
	size_t n = 0;

	while (w < e && (*w == ' ' || *w == '\t'))
		w++;
	while (w + n < e && ((w[n] >= 'a' && w[n] <= 'z')))
		n++;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i].name) == n && !memcmp(w, names[i].name, n))
			return names[i].what;
	return COND_NONE;
}

int preproc_regions_scan(const char *text, size_t len, struct preproc_regions *r)
{
	const char *s = text, *end = text + len;
	size_t *stack = NULL, depth = 0, alloc = 0, cur = 0, line = 0, alloc_lines = 0;
	size_t cont_region = 0;
	bool in_comment = false, continued = false, cont_directive = false;

	preproc_regions_release(r);
	r->nr_regions = 1;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end, *tok;
		size_t region = cur;

		if (line + 2 > alloc_lines) {
			size_t want = alloc_lines ? alloc_lines * 2 : 256;
			size_t *grown = realloc(r->region, want * sizeof(*grown));

			if (!grown)
				goto oom;
			r->region = grown;
			alloc_lines = want;
		}
		line++;
		if (continued) {
			region = cont_directive ? cont_region : cur;
			scan_rest(s, e, &in_comment);
		} else if ((tok = first_token(s, e, &in_comment)) && *tok == '#') {
			enum cond what = directive(tok, e);

			if (what == COND_OPEN) {
				if (depth + 1 > alloc) {
					size_t want = alloc ? alloc * 2 : 16;
					size_t *grown = realloc(stack, want * sizeof(*grown));

					if (!grown)
						goto oom;
					stack = grown;
					alloc = want;
				}
				stack[depth++] = cur;
				cur = r->nr_regions++;
			} else if (what == COND_ELSE && depth) {
				region = stack[depth - 1];
				cur = r->nr_regions++;
			} else if (what == COND_END && depth) {
				region = cur = stack[--depth];
			}
			cont_region = region;
			cont_directive = true;
			scan_rest(tok + 1, e, &in_comment);
		} else {
			cont_directive = false;
			if (tok)
				scan_rest(tok, e, &in_comment);
		}
		r->region[line] = region;
		continued =
			e > s && (e[-1] == '\\' || (e[-1] == '\r' && e - s >= 2 && e[-2] == '\\'));
		s = nl ? nl + 1 : end;
	}
	r->nr_lines = line;
	free(stack);
	return 0;
oom:
	free(stack);
	preproc_regions_release(r);
	return -1;
}
