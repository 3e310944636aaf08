/* SPDX-License-Identifier: Apache-2.0 */
#include "depfile.h"

#include <stdbool.h>
#include <string.h>

#include "banned.h"

struct lexer {
	const char *d;
	size_t n, i;
	size_t lineno;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* One word into tok; *colon when it ended the target list. -1 on OOM. */
static int read_word(struct lexer *lx, struct strbuf *tok, bool in_prereqs, bool *colon)
{
	const char *d = lx->d;
	size_t n = lx->n;

	*colon = false;
	while (lx->i < n) {
		char c = d[lx->i];

		if (is_space(c) || c == '\n')
			return 0;
		if (c == '\\') {
			size_t k = 0;

			while (lx->i + k < n && d[lx->i + k] == '\\')
				k++;
			if (lx->i + k < n && (d[lx->i + k] == ' ' || d[lx->i + k] == '#')) {
				/* 2N backslashes: N literal ones; an odd one escapes */
				for (size_t j = 0; j < k / 2; j++)
					if (strbuf_addch(tok, '\\'))
						return -1;
				lx->i += k;
				if (!(k & 1))
					return 0;
				if (strbuf_addch(tok, d[lx->i]))
					return -1;
				lx->i++;
				continue;
			}
			if (lx->i + k < n && (d[lx->i + k] == '\n' || d[lx->i + k] == '\r') &&
			    (k & 1)) {
				/* the last backslash continues the line: handled by the caller */
				if (strbuf_add(tok, d + lx->i, k - 1))
					return -1;
				lx->i += k - 1;
				return 0;
			}
			if (strbuf_add(tok, d + lx->i, k))
				return -1;
			lx->i += k;
			continue;
		}
		if (c == '$' && lx->i + 1 < n && d[lx->i + 1] == '$') {
			if (strbuf_addch(tok, '$'))
				return -1;
			lx->i += 2;
			continue;
		}
		if (c == ':' && !in_prereqs &&
		    (lx->i + 1 == n || is_space(d[lx->i + 1]) || d[lx->i + 1] == '\n' ||
		     d[lx->i + 1] == '\\')) {
			*colon = true;
			lx->i++;
			return 0;
		}
		if (c == '#')
			return 0;
		if (strbuf_addch(tok, c))
			return -1;
		lx->i++;
	}
	return 0;
}

int depfile_parse(const char *text, size_t len, struct strvec *targets, struct strvec *prereqs,
		  struct strbuf *err)
{
	struct lexer lx = { text, len, 0, 1 };
	struct strbuf tok = STRBUF_INIT;
	bool in_prereqs = false, have_targets = false;
	int ret = -1;

	if (!len)
		return 0;
	/* Whole-text checks first: NUL bytes, overlong lines, truncation. */
	for (size_t i = 0, line = 1, start = 0; i < len; i++) {
		if (text[i] == '\0') {
			strbuf_addf(err, "line %zu: NUL byte in a text file", line);
			return -1;
		}
		if (i - start > DEPFILE_MAX_LINE) {
			strbuf_addf(err, "line %zu: longer than %u bytes", line, DEPFILE_MAX_LINE);
			return -1;
		}
		if (text[i] == '\n') {
			line++;
			start = i + 1;
		} else if (i == len - 1) {
			strbuf_addf(err, "line %zu: truncated: the last line has no newline", line);
			return -1;
		}
	}
	while (lx.i < len) {
		char c = text[lx.i];
		bool colon;

		if (is_space(c)) {
			lx.i++;
			continue;
		}
		if (c == '\\' && lx.i + 1 < len &&
		    (text[lx.i + 1] == '\n' || text[lx.i + 1] == '\r')) {
			lx.i += text[lx.i + 1] == '\r' && lx.i + 2 < len && text[lx.i + 2] == '\n'
					? 2
					: 1;
			lx.lineno++;
			lx.i++;
			continue;
		}
		if (c == '\n' || c == '#') {
			while (c == '#' && lx.i < len && text[lx.i] != '\n')
				lx.i++;
			if (lx.i < len) {
				lx.lineno++;
				lx.i++;
			}
			if (have_targets && !in_prereqs) {
				strbuf_addf(err,
					    "line %zu: not a dependency file (no ':' in the rule)",
					    lx.lineno - 1);
				goto out;
			}
			in_prereqs = false;
			have_targets = false;
			continue;
		}
		strbuf_reset(&tok);
		if (read_word(&lx, &tok, in_prereqs, &colon))
			goto oom;
		if (in_prereqs) {
			if (tok.len && strvec_pushn(prereqs, tok.buf, tok.len))
				goto oom;
			continue;
		}
		if (tok.len) {
			if (targets && strvec_pushn(targets, tok.buf, tok.len))
				goto oom;
			have_targets = true;
		}
		if (colon) {
			if (!have_targets) {
				strbuf_addf(err, "line %zu: a rule without a target", lx.lineno);
				goto out;
			}
			in_prereqs = true;
		}
	}
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory");
out:
	strbuf_release(&tok);
	return ret;
}
