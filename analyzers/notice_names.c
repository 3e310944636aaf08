/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The names in copyright and author statements: holders and authors,
 * persons and companies, their years and e-mail addresses.
 */
#include "notice_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

#define MAX_TOKENS     256 /* tokens of one copyright or author segment */
#define MAX_NAME_PARTS 8   /* "A, B, C and D" */

/* ---- names ---- */

static const char *const corporate_words[] = {
	"ab",		"ag",	      "association", "authors",	     "bv",	"co",
	"community",	"company",    "consortium",  "contributors", "corp",	"corporation",
	"developers",	"foundation", "gmbh",	     "group",	     "inc",	"institute",
	"labs",		"limited",    "llc",	     "ltd",	     "org",	"oy",
	"project",	"sa",	      "society",     "software",     "systems", "team",
	"technologies", "the",	      "university",
};

static const char *const company_suffixes[] = {
	"ag", "bv", "co", "corp", "corporation", "gmbh", "inc", "limited", "llc", "ltd", "sa",
};

static const char *const particles[] = {
	"al", "bin", "da", "de", "del", "della", "den", "der", "di",  "dos", "du",
	"el", "la",  "le", "st", "te",	"ten",	 "ter", "van", "von", "y",   "zu",
};

bool nt_is_particle(const char *w, size_t n)
{
	return IN_LIST(w, n, particles);
}

/* A person's name: 2 to 5 words, capitalised or initials, particles allowed. */
static bool person_like(const char *s, size_t n)
{
	const char *w;
	size_t i = 0, wn, words = 0, caps = 0;

	while (nt_next_word(s, n, &i, &w, &wn)) {
		size_t bn = nt_bare_len(w, wn);

		if (++words > 5 || !bn)
			return false;
		if (IN_LIST(w, bn, corporate_words))
			return false;
		if (ascii_is_upper((unsigned char)w[0]) || (unsigned char)w[0] >= 0x80)
			caps++;
		else if (!IN_LIST(w, bn, particles))
			return false;
	}
	return words >= 2 && caps >= 2;
}

bool notice_is_organisation(const char *name)
{
	size_t i = 0, wn, n = strlen(name);
	const char *w;

	while (nt_next_word(name, n, &i, &w, &wn))
		if (!nt_ci_eq(w, nt_bare_len(w, wn), "the") &&
		    IN_LIST(w, nt_bare_len(w, wn), corporate_words))
			return true;
	return nt_ci_word(name, n, 0, "regents") != SIZE_MAX;
}

/* At least two capitalised words, the last one a company suffix ("Foo Corp."). */
static bool company_like(const char *s, size_t n)
{
	const char *w, *last = NULL;
	size_t i = 0, wn, words = 0, lastn = 0;

	while (nt_next_word(s, n, &i, &w, &wn)) {
		words++;
		if (!ascii_is_upper((unsigned char)w[0]) && (unsigned char)w[0] < 0x80)
			return false;
		last = w;
		lastn = nt_bare_len(w, wn);
	}
	return words >= 2 && last && IN_LIST(last, lastn, company_suffixes);
}

struct span {
	const char *s;
	size_t n;
};

/*
 * Split a name run into parts at ",", " and ", " & " when that is
 * unambiguous (see the header); else one part, the whole.
 */
static size_t split_names(const char *s, size_t n, struct span *parts)
{
	size_t nr = 0, i = 0, start = 0;
	bool has_and = false, persons = true, companies = true;

	while (i <= n) {
		size_t sep = 0;

		if (i == n)
			sep = 1;
		else if (s[i] == ',')
			sep = 1;
		else if (s[i] == '&' && (i == 0 || nt_is_blank((unsigned char)s[i - 1])))
			sep = 1, has_and = true;
		else if (i > 0 && nt_is_blank((unsigned char)s[i - 1]) && i + 4 <= n &&
			 !strncasecmp(s + i, "and", 3) && nt_is_blank((unsigned char)s[i + 3]))
			sep = 3, has_and = true;
		if (!sep) {
			i++;
			continue;
		}
		if (nr == MAX_NAME_PARTS)
			goto whole;
		parts[nr].s = s + start;
		parts[nr].n = i - start;
		nt_trim_punct(&parts[nr].s, &parts[nr].n);
		if (parts[nr].n) /* ", and" leaves an empty part */
			nr++;
		i += sep;
		start = i;
	}
	if (nr < 2)
		goto whole;
	for (i = 0; i < nr; i++) {
		persons = persons && person_like(parts[i].s, parts[i].n);
		companies = companies && company_like(parts[i].s, parts[i].n);
	}
	if (persons || (companies && !has_and))
		return nr;
whole:
	parts[0].s = s;
	parts[0].n = n;
	nt_trim_punct(&parts[0].s, &parts[0].n);
	return 1;
}

/* "2003-2008", "2010,", "1998,2000", "2019–2021", "2015-present" start */
bool nt_is_year_token(const char *w, size_t n)
{
	size_t i = 0, run = 0, first = 0;
	bool digits = false;

	n = nt_bare_len(w, n);
	while (n && (w[n - 1] == ';' || w[n - 1] == ':'))
		n--;
	if (!n || !ascii_is_digit((unsigned char)w[0]))
		return false;
	while (i < n) {
		unsigned char c = (unsigned char)w[i];

		if (ascii_is_digit(c)) {
			run++;
			digits = true;
			i++;
			continue;
		}
		if (!first)
			first = run;
		run = 0;
		if (c == '-' || c == ',' || c == '/')
			i++;
		else if (c == 0xe2 && i + 2 < n && (unsigned char)w[i + 1] == 0x80 &&
			 ((unsigned char)w[i + 2] == 0x93 || (unsigned char)w[i + 2] == 0x94))
			i += 3; /* en or em dash */
		else if (i > 0 && !ascii_is_digit((unsigned char)w[i - 1]) &&
			 (nt_ci_eq(w + i, n - i, "present") || nt_ci_eq(w + i, n - i, "now")))
			i = n;
		else
			return false;
	}
	if (!first)
		first = run;
	return digits && first == 4;
}

bool nt_is_dash_token(const char *w, size_t n)
{
	return (n == 1 && (w[0] == '-' || w[0] == ',')) ||
	       (n == 3 && (unsigned char)w[0] == 0xe2 && (unsigned char)w[1] == 0x80 &&
		((unsigned char)w[2] == 0x93 || (unsigned char)w[2] == 0x94));
}

/*
 * Does the token belong to no name: an e-mail address (also one written
 * "user()example.org" against address harvesters), a URL, the word
 * Copyright?
 */
bool nt_is_noise_token(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '@' && i > 0)
			return true;
	for (i = 1; i + 2 < n; i++)
		if (w[i] == '(' && w[i + 1] == ')' && ascii_is_alnum((unsigned char)w[i - 1]) &&
		    ascii_is_alnum((unsigned char)w[i + 2]) && memchr(w + i + 2, '.', n - i - 2))
			return true;
	if (n >= 3 && memmem(w, n, "://", 3))
		return true;
	if (nt_ci_prefix(w, n, "www."))
		return true;
	n = nt_bare_len(w, n);
	while (n && w[n - 1] == ':')
		n--;
	return nt_ci_eq(w, n, "copyright") || nt_ci_eq(w, n, "@copyright") ||
	       nt_ci_eq(w, n, "\\copyright") || nt_ci_eq(w, n, "(c)");
}

/* Blank out, in place, what is never part of a name: <...>, (e-mail or URL), ©, "All rights
 * reserved". */
static void blank_noise(char *t, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == '<') {
			for (j = i + 1; j < n && j < i + 256 && t[j] != '>'; j++)
				;
			if (j < n && t[j] == '>')
				memset(t + i, ' ', j - i + 1);
		} else if (c == '(') {
			for (j = i + 1; j < n && j < i + 256 && t[j] != ')'; j++)
				;
			if (j < n && t[j] == ')' &&
			    (memchr(t + i, '@', j - i) || memmem(t + i, j - i, "://", 3) ||
			     nt_ci_prefix(t + i + 1, j - i - 1, "www.") ||
			     nt_ci_eq(t + i, j - i + 1, "(c)")))
				memset(t + i, ' ', j - i + 1);
		} else if (c == 0xc2 && i + 1 < n && (unsigned char)t[i + 1] == 0xa9) {
			t[i] = t[i + 1] = ' ';
		} else if (c == 0xa9 && (i == 0 || (unsigned char)t[i - 1] < 0x80)) {
			t[i] = ' ';
		} else if ((c == 'a' || c == 'A') &&
			   nt_ci_prefix(t + i, n - i, "all rights reserved") &&
			   (i == 0 || !ascii_is_alnum((unsigned char)t[i - 1]))) {
			memset(t + i, ' ', 19);
		} else if (c == 'C' && nt_ci_word_at(t, n, i, "Created") && i + 8 < n &&
			   ascii_is_digit((unsigned char)t[i + 8])) {
			/* "RSA Data Security, Inc. Created 1991.": a date, not a name */
			memset(t + i, ' ', 7);
		}
	}
}

static bool email_local_char(unsigned char c)
{
	return ascii_is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool notice_find_email(const char *s, size_t n, size_t *start, size_t *end)
{
	for (size_t at = 0; at < n; at++) {
		size_t a = at, b = at + 1, dot = 0;

		if (s[at] != '@')
			continue;
		while (a > 0 && email_local_char((unsigned char)s[a - 1]))
			a--;
		while (a < at && (s[a] == '.' || s[a] == '-'))
			a++; /* "-a@b.org": the dash is punctuation */
		while (b < n && (ascii_is_alnum((unsigned char)s[b]) || s[b] == '.' || s[b] == '-'))
			b++;
		while (b > at + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
			b--; /* "a@b.org." ends a sentence */
		for (dot = b; dot > at + 1 && s[dot - 1] != '.'; dot--)
			;
		/* dot: where the last label starts; it needs two letters, a label before it */
		if (a == at || dot <= at + 2 || b - dot < 2 ||
		    !ascii_is_alpha((unsigned char)s[dot]) ||
		    !ascii_is_alpha((unsigned char)s[b - 1]))
			continue;
		*start = a;
		*end = b;
		return true;
	}
	return false;
}

/* The first e-mail address in s[from..to), lower case and allocated; NULL when none (or c->oom). */
static char *find_email(struct nt_ctx *c, const char *s, size_t from, size_t to)
{
	size_t a, b;
	char *e;

	if (from >= to || !notice_find_email(s + from, to - from, &a, &b))
		return NULL;
	e = strndup(s + from + a, b - a);
	if (!e) {
		c->oom = 1;
		return NULL;
	}
	for (char *q = e; *q; q++)
		*q = (char)nt_to_lower((unsigned char)*q);
	return e;
}

/*
 * The names of one segment of a copyright statement or an author line,
 * pushed to arr (with their years when years is set), line. Years that
 * were seen last stay in pending for the names that follow without years
 * of their own (the next lines of a list).
 * Returns the number of names found.
 */
size_t nt_segment_names(struct nt_ctx *c, struct notice_item **arr, size_t *nr, const char *s,
			size_t n, size_t line, struct strbuf *pending, bool emit)
{
	struct strbuf t = STRBUF_INIT;
	struct span tok[MAX_TOKENS];
	bool year[MAX_TOKENS];
	size_t ntok = 0, i = 0, k, found = 0, next;
	const char *w;
	size_t wn;

	if (strbuf_add(&t, s, n)) {
		c->oom = 1;
		return 0;
	}
	blank_noise(t.buf, t.len);
	while (ntok < MAX_TOKENS && nt_next_word(t.buf, t.len, &i, &w, &wn)) {
		if (nt_is_noise_token(w, wn))
			continue;
		tok[ntok].s = w;
		tok[ntok].n = wn;
		year[ntok] = nt_is_year_token(w, wn);
		ntok++;
	}
	/* a dash or comma between years, "- present" after one, is a year too */
	for (k = 1; k < ntok; k++) {
		if (!year[k - 1] || year[k])
			continue;
		if (nt_is_dash_token(tok[k].s, tok[k].n) ||
		    nt_ci_eq(tok[k].s, nt_bare_len(tok[k].s, tok[k].n), "present") ||
		    nt_ci_eq(tok[k].s, nt_bare_len(tok[k].s, tok[k].n), "now"))
			year[k] = true;
	}
	k = 0;
	while (k < ntok && !c->oom) {
		size_t a = k, b, ys = SIZE_MAX, ye = 0;
		struct span parts[MAX_NAME_PARTS], run, yrs = { NULL, 0 };
		size_t np, p;

		if (year[k]) {
			/* a run of years: before a name, or alone */
			while (k < ntok && year[k])
				k++;
			strbuf_reset(pending);
			if (strbuf_add(pending, tok[a].s,
				       (size_t)(tok[k - 1].s + tok[k - 1].n - tok[a].s)))
				c->oom = 1;
			continue;
		}
		while (k < ntok && !year[k])
			k++;
		b = k;
		run.s = tok[a].s;
		run.n = (size_t)(tok[b - 1].s + tok[b - 1].n - tok[a].s);
		nt_trim_punct(&run.s, &run.n);
		for (p = 0; p < run.n && !nt_is_letter((unsigned char)run.s[p]); p++)
			;
		if (p == run.n || ascii_is_digit((unsigned char)run.s[0]))
			continue; /* punctuation only, or an address: "51 Main Street" */
		if (pending->len) {
			yrs.s = pending->buf;
			yrs.n = pending->len;
		} else if (k < ntok) {
			/* years after the name, when nothing follows them */
			ys = k;
			while (k < ntok && year[k])
				k++;
			ye = k;
			if (k == ntok) {
				yrs.s = tok[ys].s;
				yrs.n = (size_t)(tok[ye - 1].s + tok[ye - 1].n - tok[ys].s);
			} else {
				k = ys;
			}
		}
		np = split_names(run.s, run.n, parts);
		/* where the next name starts: a name's address is written before it */
		for (next = b; next < ntok && year[next]; next++)
			;
		for (p = 0; p < np; p++) {
			const char *ysp = yrs.s;
			size_t yn = yrs.n, before = nr ? *nr : 0;
			size_t from = (size_t)(parts[p].s + parts[p].n - t.buf);
			size_t to = p + 1 < np	  ? (size_t)(parts[p + 1].s - t.buf)
				    : next < ntok ? (size_t)(tok[next].s - t.buf)
						  : n;

			nt_trim_punct(&ysp, &yn);
			if (arr != &c->n->holders)
				yn = 0; /* years are for holders only */
			found++;
			if (!emit)
				continue;
			nt_push_item(c, arr, nr, parts[p].s, parts[p].n, ysp, yn, line, true);
			if (*nr > before)
				(*arr)[*nr - 1].email = find_email(c, s, from, to);
		}
		/* pending stays: the next lines of a list share these years */
	}
	strbuf_release(&t);
	return found;
}
