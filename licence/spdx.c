/* SPDX-License-Identifier: Apache-2.0 */
#include "spdx.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

static int cmp_id(const void *key, const void *elem)
{
	return strcasecmp(key, *(const char *const *)elem);
}

bool spdx_is_licence_id(const char *id)
{
	return bsearch(id, spdx_licence_ids, spdx_licence_ids_nr, sizeof(char *), cmp_id) != NULL;
}

bool spdx_is_exception_id(const char *id)
{
	return bsearch(id, spdx_exception_ids, spdx_exception_ids_nr, sizeof(char *), cmp_id) !=
	       NULL;
}

/* idstring = 1*(ALPHA / DIGIT / "-" / "." ) */
static bool is_idstring(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.'))
			return false;
	}
	return true;
}

static bool is_licence_ref(const char *tok)
{
	const char *p = tok;

	if (!strncmp(p, "DocumentRef-", 12)) {
		const char *colon = strchr(p, ':');

		if (!colon || !is_idstring(p + 12, (size_t)(colon - p - 12)))
			return false;
		p = colon + 1;
	}
	return !strncmp(p, "LicenseRef-", 11) && is_idstring(p + 11, strlen(p + 11));
}

struct parser {
	char **tok;
	size_t nr, pos;
	struct strbuf *err;
	int depth;
};

static const char *peek(struct parser *ps)
{
	return ps->pos < ps->nr ? ps->tok[ps->pos] : NULL;
}

static int fail(struct parser *ps, const char *what)
{
	const char *t = peek(ps);

	if (t)
		strbuf_addf(ps->err, "%s at '%s' (token %zu)", what, t, ps->pos + 1);
	else
		strbuf_addf(ps->err, "%s at the end of the expression", what);
	return -1;
}

static int parse_or(struct parser *ps);

static int parse_simple(struct parser *ps)
{
	const char *t = peek(ps);
	size_t n;

	if (!t)
		return fail(ps, "a licence is missing");
	if (!strcmp(t, "(")) {
		if (++ps->depth > 64)
			return fail(ps, "parentheses nest too deeply");
		ps->pos++;
		if (parse_or(ps))
			return -1;
		if (!peek(ps) || strcmp(peek(ps), ")"))
			return fail(ps, "')' expected");
		ps->depth--;
		ps->pos++;
		return 0;
	}
	if (!strcmp(t, ")") || !strcmp(t, "AND") || !strcmp(t, "OR") || !strcmp(t, "WITH"))
		return fail(ps, "a licence is missing");
	if (is_licence_ref(t) || spdx_is_licence_id(t)) {
		ps->pos++;
		return 0;
	}
	n = strlen(t);
	if (n > 1 && t[n - 1] == '+') {
		char *base = strndup(t, n - 1);
		bool ok = base && spdx_is_licence_id(base);

		free(base);
		if (ok) {
			ps->pos++;
			return 0;
		}
	}
	if (!strcasecmp(t, "and") || !strcasecmp(t, "or") || !strcasecmp(t, "with"))
		return fail(ps, "operators are written in upper case (AND, OR, WITH)");
	return fail(ps, "not an SPDX licence identifier (nor LicenseRef-...)");
}

static int parse_with(struct parser *ps)
{
	const char *t;

	if (parse_simple(ps))
		return -1;
	t = peek(ps);
	if (!t || strcmp(t, "WITH"))
		return 0;
	ps->pos++;
	t = peek(ps);
	if (!t)
		return fail(ps, "an exception is missing after WITH");
	if (!spdx_is_exception_id(t) &&
	    !(!strncmp(t, "AdditionRef-", 12) && is_idstring(t + 12, strlen(t + 12))))
		return fail(ps, "not an SPDX licence exception identifier");
	ps->pos++;
	return 0;
}

static int parse_and(struct parser *ps)
{
	if (parse_with(ps))
		return -1;
	while (peek(ps) && !strcmp(peek(ps), "AND")) {
		ps->pos++;
		if (parse_with(ps))
			return -1;
	}
	return 0;
}

static int parse_or(struct parser *ps)
{
	if (parse_and(ps))
		return -1;
	while (peek(ps) && !strcmp(peek(ps), "OR")) {
		ps->pos++;
		if (parse_and(ps))
			return -1;
	}
	return 0;
}

int spdx_expression_check(const char *expr, struct strbuf *err)
{
	struct parser ps = { NULL, 0, 0, err, 0 };
	size_t alloc = 0;
	int ret = -1;

	for (const char *p = expr; *p;) {
		size_t n;

		if (*p == ' ' || *p == '\t' || *p == '\n') {
			p++;
			continue;
		}
		n = (*p == '(' || *p == ')') ? 1 : strcspn(p, " \t\n()");
		if (ps.nr == alloc) {
			size_t na = alloc ? alloc * 2 : 8;
			char **t = realloc(ps.tok, na * sizeof(*t));

			if (!t)
				goto oom;
			ps.tok = t;
			alloc = na;
		}
		if (!(ps.tok[ps.nr] = strndup(p, n)))
			goto oom;
		ps.nr++;
		p += n;
	}
	if (!ps.nr) {
		strbuf_addstr(err, "the expression is empty");
		goto out;
	}
	if (parse_or(&ps))
		goto out;
	if (ps.pos != ps.nr) {
		const char *t = peek(&ps);

		fail(&ps, !strcasecmp(t, "and") || !strcasecmp(t, "or") || !strcasecmp(t, "with")
				  ? "operators are written in upper case (AND, OR, WITH)"
				  : "AND, OR or the end expected");
		goto out;
	}
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory");
out:
	for (size_t i = 0; i < ps.nr; i++)
		free(ps.tok[i]);
	free(ps.tok);
	return ret;
}
