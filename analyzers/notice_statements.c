/* SPDX-License-Identifier: Apache-2.0 */
/* The lines of the comment text, and the copyright and author statements they hold. */
#include "notice_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

#define MAX_AUTHOR_RUN 16 /* lines after an empty "Authors:" */

/* ---- the lines of the comment text ---- */

/* Split buf into lines, decorations removed. -1 out of memory. */
int nt_split_lines(const char *buf, size_t len, size_t first_line, struct nt_lines *L)
{
	size_t i = 0, nr = 1, k;

	for (k = 0; k < len; k++)
		nr += buf[k] == '\n';
	L->buf = buf;
	L->nr = 0;
	L->v = calloc(nr, sizeof(*L->v));
	if (!L->v)
		return -1;
	while (i <= len && L->nr < nr) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len, s = i, col = 0, e = end, j;
		struct nt_cline *cl = &L->v[L->nr];
		bool text = false;

		while (s < e && (nt_is_blank((unsigned char)buf[s]) || strchr("*/!#", buf[s]))) {
			col = buf[s] == '\t' ? (col / 8 + 1) * 8 : col + 1;
			s++;
		}
		while (e > s && (nt_is_blank((unsigned char)buf[e - 1]) || buf[e - 1] == '*'))
			e--;
		for (j = s; j < e && !text; j++)
			text = ascii_is_alnum((unsigned char)buf[j]) ||
			       (unsigned char)buf[j] >= 0x80;
		cl->off = s;
		cl->n = text ? e - s : 0;
		cl->col = col;
		cl->line = first_line + L->nr;
		L->nr++;
		i = end + 1;
	}
	return 0;
}

/* Position of "Copyright", "©" or "(c)" at s[k] and the keyword's length; 0 when none. */
static size_t keyword_at(const char *s, size_t n, size_t k, bool *word)
{
	unsigned char c = (unsigned char)s[k];

	*word = false;
	if ((c == 'c' || c == 'C') && nt_ci_word_at(s, n, k, "copyright")) {
		*word = true;
		return 9;
	}
	if (c == 0xc2 && k + 1 < n && (unsigned char)s[k + 1] == 0xa9)
		return 2;
	if (c == 0xa9 && (k == 0 || (unsigned char)s[k - 1] < 0x80))
		return 1;
	if (c == '(' && k + 3 <= n && nt_ci_eq(s + k, 3, "(c)"))
		return 3;
	return 0;
}

static const char *const not_holders[] = {
	"act",	    "and",	   "are",      "assignment", "by",	  "claim",	"claims",
	"date",	    "disclaimer",  "file",     "for",	     "header",	  "holder",	"holders",
	"in",	    "information", "is",       "law",	     "laws",	  "licence",	"license",
	"licensed", "notice",	   "notices",  "of",	     "office",	  "on",		"or",
	"owner",    "owners",	   "page",     "protection", "statement", "statements", "status",
	"this",	    "to",	   "transfer", "year",	     "years",
};

static bool starts_year(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && ascii_is_digit((unsigned char)s[i]))
		i++;
	return i == 4 && (i == n || !ascii_is_alnum((unsigned char)s[i]));
}

struct cmatch {
	size_t start;  /* of the statement in the line */
	size_t holder; /* where the names start */
};

/* Is there a copyright statement in line s[0..n)? */
static bool find_copyright(const char *s, size_t n, struct cmatch *m)
{
	size_t k;

	if (nt_ci_prefix(s, n, "spdx-filecopyrighttext:")) {
		for (k = 23; k < n && nt_is_blank((unsigned char)s[k]); k++)
			;
		m->start = 0;
		m->holder = k;
		return k < n;
	}
	for (k = 0; k < n; k++) {
		bool word, sym = false, at_start, cap;
		size_t kl = keyword_at(s, n, k, &word), p, pre, wn;
		const char *pw;

		if (!kl)
			continue;
		p = k + kl;
		while (p < n && (nt_is_blank((unsigned char)s[p]) || s[p] == ':'))
			p++;
		if (word) {
			bool w2;
			size_t kl2 = p < n ? keyword_at(s, n, p, &w2) : 0;

			if (kl2 && !w2) {
				sym = true;
				p += kl2;
				while (p < n && nt_is_blank((unsigned char)s[p]))
					p++;
			}
		} else {
			bool w2;
			size_t kl2 = p < n ? keyword_at(s, n, p, &w2) : 0;

			if (kl2 && w2) { /* "(c) Copyright 2020" */
				p += kl2;
				while (p < n && (nt_is_blank((unsigned char)s[p]) || s[p] == ':'))
					p++;
			}
		}
		if (p + 3 <= n && nt_ci_eq(s + p, 2, "by") && nt_is_blank((unsigned char)s[p + 2]))
			for (p += 3; p < n && nt_is_blank((unsigned char)s[p]); p++)
				;
		/* what precedes: nothing, "@", "\", "Portions", "Parts", "Some parts" */
		pre = k;
		if (pre && (s[pre - 1] == '@' || s[pre - 1] == '\\'))
			pre--;
		{
			const char *ps = s;
			size_t pn = pre;

			nt_trim(&ps, &pn);
			at_start = !pn || nt_ci_eq(ps, pn, "portions") ||
				   nt_ci_eq(ps, pn, "parts") || nt_ci_eq(ps, pn, "some parts") ||
				   nt_ci_eq(ps, pn, "portions are") ||
				   nt_ci_eq(ps, pn, "some portions");
			m->start = at_start && pn ? (size_t)(ps - s) : pre;
		}
		if (p >= n)
			continue;
		if (starts_year(s + p, n - p)) {
			m->holder = p;
			return true;
		}
		if (!word && kl == 3)
			continue; /* "(c)" alone is a list item unless a year follows */
		pw = s + p;
		for (wn = 0; p + wn < n && !nt_is_blank((unsigned char)pw[wn]); wn++)
			;
		if (IN_LIST(pw, nt_bare_len(pw, wn), not_holders) || pw[0] == '<')
			continue;
		cap = ascii_is_upper((unsigned char)pw[0]) || (unsigned char)pw[0] >= 0x80 ||
		      pw[0] == '"';
		if ((word && sym) || (at_start && cap)) {
			m->holder = p;
			return true;
		}
	}
	return false;
}

static bool line_starts_copyright(const char *s, size_t n)
{
	struct cmatch m;

	return find_copyright(s, n, &m);
}

static bool is_spdx_line(const char *s, size_t n)
{
	return nt_ci_word(s, n, 0, "spdx-license-identifier") != SIZE_MAX;
}

struct author_key {
	const char *key;
	bool colon;    /* needs a ':' after it */
	bool namelike; /* only the name-like words that follow */
};

static const struct author_key author_keys[] = {
	{ "@author", false, false },   { "\\author", false, false },
	{ "author(s)", true, false },  { "authors", true, false },
	{ "author", true, false },     { "maintainers", true, false },
	{ "maintainer", true, false }, { "written by", false, true },
};

/* The value after an author key in s[0..n): its offset, or SIZE_MAX. */
static size_t find_author(const char *s, size_t n, bool *namelike)
{
	size_t i;

	for (i = 0; i < sizeof(author_keys) / sizeof(author_keys[0]); i++) {
		const struct author_key *a = &author_keys[i];
		size_t p = nt_ci_word(s, n, 0, a->key);

		if (p == SIZE_MAX)
			continue;
		p += strlen(a->key);
		while (p < n && nt_is_blank((unsigned char)s[p]))
			p++;
		if (a->colon) {
			if (p >= n || s[p] != ':')
				continue;
			p++;
		} else if (p < n && s[p] == ':') {
			p++;
		}
		while (p < n && nt_is_blank((unsigned char)s[p]))
			p++;
		*namelike = a->namelike;
		if (a->namelike &&
		    (p >= n || !nt_is_letter((unsigned char)s[p]) ||
		     !(ascii_is_upper((unsigned char)s[p]) || (unsigned char)s[p] >= 0x80)))
			continue; /* "written by others" */
		return p;
	}
	return SIZE_MAX;
}

/* A line that starts another kind of statement ends a run of continuation lines. */
bool nt_is_special(const char *s, size_t n)
{
	bool nl;

	return is_spdx_line(s, n) || line_starts_copyright(s, n) ||
	       find_author(s, n, &nl) != SIZE_MAX;
}

/* The length of the name-like words at the start of s[0..n): "Foo Bar <f@b>, 2004" */
static size_t namelike_prefix(const char *s, size_t n)
{
	size_t i = 0, end = 0;
	const char *w;
	size_t wn;

	while (nt_next_word(s, n, &i, &w, &wn)) {
		unsigned char c = (unsigned char)w[0];
		size_t bn = nt_bare_len(w, wn);

		if (ascii_is_upper(c) || c >= 0x80 || c == '<' || c == '(' || c == '&' ||
		    nt_is_year_token(w, wn) || nt_is_noise_token(w, wn) || nt_ci_eq(w, bn, "and") ||
		    nt_is_particle(w, bn) || nt_is_dash_token(w, wn)) {
			end = i;
			continue;
		}
		break;
	}
	return end;
}

static bool ends_continued(const char *s, size_t n)
{
	nt_trim(&s, &n);
	if (!n)
		return false;
	return s[n - 1] == ',' || s[n - 1] == '&' ||
	       (n >= 4 && nt_ci_eq(s + n - 3, 3, "and") && nt_is_blank((unsigned char)s[n - 4]));
}

/*
 * "Copyright 2012, Ann Lee <ann@x.org>. You may use this under the ...":
 * the statement ends with the sentence after the address. The length of
 * s to keep (n when nothing follows).
 */
static size_t sentence_after_email(const char *s, size_t n, size_t from)
{
	size_t es, ee;

	if (from >= n || !notice_find_email(s + from, n - from, &es, &ee))
		return n;
	ee += from;
	while (ee < n && (s[ee] == '>' || s[ee] == ')'))
		ee++;
	if (ee + 2 < n && s[ee] == '.' && nt_is_blank((unsigned char)s[ee + 1]) &&
	    ascii_is_upper((unsigned char)s[ee + 2]))
		return ee + 1;
	return n;
}

/* A copyright statement at line i: the number of lines it takes, 0 when none. */
size_t nt_take_copyright(struct nt_ctx *c, const struct nt_lines *L, size_t i)
{
	const char *s = nt_ltext(L, i);
	size_t n = L->v[i].n, j, conts = 0, names;
	size_t nr_stmts = c->n->nr_copyrights, nr_holders = c->n->nr_holders, stmt_index = SIZE_MAX;
	struct cmatch m;
	struct strbuf stmt = STRBUF_INIT, pending = STRBUF_INIT;
	const char *last;
	size_t lastn;

	if (!find_copyright(s, n, &m))
		return 0;
	n = sentence_after_email(s, n, m.holder);
	if (strbuf_add(&stmt, s + m.start, n - m.start))
		goto nomem;
	names = nt_segment_names(c, NULL, NULL, s + m.holder, n - m.holder, 0, &pending, false);
	strbuf_reset(&pending);
	last = s + m.holder;
	lastn = n - m.holder;
	for (j = i + 1; j < L->nr && conts < NOTICE_MAX_CONTINUATION; j++) {
		const char *t = nt_ltext(L, j);
		size_t tn = L->v[j].n;
		bool deeper = L->v[j].col > L->v[i].col, cont = ends_continued(last, lastn);
		bool year = starts_year(t, tn) && L->v[j].col >= L->v[i].col;

		if (!tn || nt_is_special(t, tn))
			break;
		if (!names && !deeper && !cont && !year) {
			/* the holder on the next line: a name, not a sentence */
			if (!(ascii_is_upper((unsigned char)t[0]) || (unsigned char)t[0] >= 0x80) ||
			    (nt_word_count(t, tn) > 6 && !memchr(t, '<', tn) &&
			     !memchr(t, '@', tn)))
				break;
		} else if (names && !deeper && !cont && !year) {
			break;
		}
		if (strbuf_addch(&stmt, ' ') || strbuf_add(&stmt, t, tn))
			goto nomem;
		names += nt_segment_names(c, NULL, NULL, t, tn, 0, &pending, false);
		strbuf_reset(&pending);
		last = t;
		lastn = tn;
		conts++;
	}
	nt_push_item(c, &c->n->copyrights, &c->n->nr_copyrights, stmt.buf, stmt.len, NULL, 0,
		     L->v[i].line, false);
	if (c->n->nr_copyrights > nr_stmts)
		stmt_index = c->n->nr_copyrights - 1;
	/* the names, segment by segment, years carried from a years-only segment */
	nt_segment_names(c, &c->n->holders, &c->n->nr_holders, s + m.holder, n - m.holder,
			 L->v[i].line, &pending, true);
	for (j = i + 1; j <= i + conts; j++)
		nt_segment_names(c, &c->n->holders, &c->n->nr_holders, nt_ltext(L, j), L->v[j].n,
				 L->v[j].line, &pending, true);
	for (j = nr_holders; j < c->n->nr_holders; j++)
		c->n->holders[j].statement = stmt_index;
	strbuf_release(&stmt);
	strbuf_release(&pending);
	return 1 + conts;
nomem:
	c->oom = 1;
	strbuf_release(&stmt);
	strbuf_release(&pending);
	return 1;
}

/* An author line at i: the number of lines it takes, 0 when none. */
size_t nt_take_author(struct nt_ctx *c, const struct nt_lines *L, size_t i)
{
	const char *s = nt_ltext(L, i);
	size_t n = L->v[i].n, p, j, taken = 1;
	struct strbuf pending = STRBUF_INIT;
	bool namelike;

	p = find_author(s, n, &namelike);
	if (p == SIZE_MAX)
		return 0;
	if (p < n) {
		size_t vn = namelike ? namelike_prefix(s + p, n - p) : n - p;

		nt_segment_names(c, &c->n->authors, &c->n->nr_authors, s + p, vn, L->v[i].line,
				 &pending, true);
	} else {
		/* "Authors:" and a list below it */
		for (j = i + 1; j < L->nr && j <= i + MAX_AUTHOR_RUN; j++) {
			const char *t = nt_ltext(L, j);
			size_t tn = L->v[j].n;

			if (!tn || nt_is_special(t, tn) ||
			    !(ascii_is_upper((unsigned char)t[0]) || (unsigned char)t[0] >= 0x80 ||
			      t[0] == '<') ||
			    nt_word_count(t, tn) > 8)
				break;
			nt_segment_names(c, &c->n->authors, &c->n->nr_authors, t,
					 namelike_prefix(t, tn), L->v[j].line, &pending, true);
			strbuf_reset(&pending);
			taken++;
		}
	}
	strbuf_release(&pending);
	return taken;
}
