/* SPDX-License-Identifier: Apache-2.0 */
#include "notice.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ascii.h"
#include "banned.h"

#define MAX_TOKENS     256 /* tokens of one copyright or author segment */
#define MAX_AUTHOR_RUN 16  /* lines after an empty "Authors:" */
#define MAX_NAME_PARTS 8   /* "A, B, C and D" */
#define GPL_WINDOW     40  /* words after "GNU General Public License" for its version */
#define LATER_WINDOW   60  /* words after it for "any later version" */

/* ---- bytes ---- */

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static unsigned char to_lower(unsigned char c)
{
	return ascii_is_upper(c) ? (unsigned char)(c - 'A' + 'a') : c;
}

/* A letter for names: ASCII letters and any non-ASCII byte (UTF-8 or Latin-1). */
static bool is_letter(unsigned char c)
{
	return ascii_is_alpha(c) || c >= 0x80;
}

/* s[0..n) equals the literal lit, ignoring ASCII case. */
static bool ci_eq(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && !strncasecmp(s, lit, n);
}

static bool ci_prefix(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);

	return n >= m && !strncasecmp(s, lit, m);
}

/*
 * The first position >= from of w in s[0..n), ignoring case, with no ASCII
 * letter or digit on either side (when w itself starts or ends with one);
 * SIZE_MAX when none.
 */
static size_t ci_word(const char *s, size_t n, size_t from, const char *w)
{
	size_t m = strlen(w), i;

	if (!m || n < m)
		return SIZE_MAX;
	for (i = from; i + m <= n; i++) {
		if (to_lower((unsigned char)s[i]) != to_lower((unsigned char)w[0]))
			continue;
		if (strncasecmp(s + i, w, m))
			continue;
		if (i > 0 && ascii_is_alnum((unsigned char)w[0]) && ascii_is_alnum((unsigned char)s[i - 1]))
			continue;
		if (i + m < n && ascii_is_alnum((unsigned char)w[m - 1]) &&
		    ascii_is_alnum((unsigned char)s[i + m]))
			continue;
		return i;
	}
	return SIZE_MAX;
}

/* Is w at exactly s[k], on word boundaries (see ci_word)? */
static bool ci_word_at(const char *s, size_t n, size_t k, const char *w)
{
	size_t m = strlen(w);

	if (k > n || n - k < m || strncasecmp(s + k, w, m))
		return false;
	if (k > 0 && ascii_is_alnum((unsigned char)w[0]) && ascii_is_alnum((unsigned char)s[k - 1]))
		return false;
	return !(k + m < n && ascii_is_alnum((unsigned char)w[m - 1]) &&
	         ascii_is_alnum((unsigned char)s[k + m]));
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_blank((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Trim blanks and the punctuation that surrounds names: " ,.;:-". */
static void trim_punct(const char **s, size_t *n)
{
	static const char outer[] = " \t\r,.;:-";

	while (*n && strchr(outer, (*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n && strchr(outer, (*s)[*n - 1]))
		(*n)--;
}

/* ---- text of items ---- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * s[0..n) as an allocated, valid UTF-8 string: blanks collapsed to one
 * space, trimmed, control characters as spaces, bytes that are not UTF-8
 * read as Latin-1, at most NOTICE_MAX_TEXT bytes. NULL when out of memory.
 */
static char *clean_text(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	bool space = false;

	while (i < n) {
		unsigned char out[4];
		size_t k = utf8_len(p + i, n - i), m;

		if (p[i] < 0x20 || p[i] == 0x7f || p[i] == ' ') {
			space = sb.len > 0;
			i++;
			continue;
		}
		if (k) {
			memcpy(out, p + i, k);
			m = k;
			i += k;
		} else { /* Latin-1 */
			out[0] = (unsigned char)(0xc0 | (p[i] >> 6));
			out[1] = (unsigned char)(0x80 | (p[i] & 0x3f));
			m = 2;
			i++;
		}
		if (sb.len + (space ? 1 : 0) + m > NOTICE_MAX_TEXT)
			break;
		if ((space && strbuf_addch(&sb, ' ')) || strbuf_add(&sb, out, m)) {
			strbuf_release(&sb);
			return NULL;
		}
		space = false;
	}
	return strbuf_detach(&sb, NULL);
}

struct ctx {
	struct notice *n;
	int oom;
};

/* Append an item (text cleaned; dropped when empty, duplicated with dedup, or past the bound). */
static void push_item(struct ctx *c, struct notice_item **arr, size_t *nr, const char *s,
                      size_t len, const char *years, size_t ylen, size_t line, bool dedup)
{
	struct notice_item *it;
	char *text, *y = NULL;
	size_t i;

	if (c->oom || *nr >= NOTICE_MAX_ITEMS)
		return;
	text = clean_text(s, len);
	if (!text) {
		c->oom = 1;
		return;
	}
	if (!*text) {
		free(text);
		return;
	}
	if (dedup) {
		for (i = 0; i < *nr; i++) {
			if (!strcmp((*arr)[i].text, text)) {
				free(text);
				return;
			}
		}
	}
	if (years && ylen) {
		y = clean_text(years, ylen);
		if (!y) {
			free(text);
			c->oom = 1;
			return;
		}
		if (!*y) {
			free(y);
			y = NULL;
		}
	}
	/* the capacity is the next power of two: grow when nr is 0 or one */
	if (!*nr || !(*nr & (*nr - 1))) {
		struct notice_item *na = realloc(*arr, (*nr ? *nr * 2 : 1) * sizeof(*na));

		if (!na) {
			free(text);
			free(y);
			c->oom = 1;
			return;
		}
		*arr = na;
	}
	it = &(*arr)[(*nr)++];
	it->text = text;
	it->years = y;
	it->email = NULL;
	it->line = line;
	it->statement = SIZE_MAX;
	it->block = 0;
}

void notice_init(struct notice *n)
{
	memset(n, 0, sizeof(*n));
}

static void free_items(struct notice_item *arr, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(arr[i].text);
		free(arr[i].years);
		free(arr[i].email);
	}
	free(arr);
}

void notice_release(struct notice *n)
{
	for (size_t i = 0; i < n->nr_later; i++)
		notice_release(&n->later[i]);
	free(n->later);
	free_items(n->copyrights, n->nr_copyrights);
	free_items(n->holders, n->nr_holders);
	free_items(n->spdx, n->nr_spdx);
	free_items(n->origins, n->nr_origins);
	free_items(n->authors, n->nr_authors);
	free(n->license);
	notice_init(n);
}

/* ---- names ---- */

static const char *const corporate_words[] = {
    "ab",      "ag",         "association",  "authors",   "bv",          "co",         "community",
    "company", "consortium", "contributors", "corp",      "corporation", "developers", "foundation",
    "gmbh",    "group",      "inc",          "institute", "labs",        "limited",    "llc",
    "ltd",     "org",        "oy",           "project",   "sa",          "society",    "software",
    "systems", "team",       "technologies", "the",       "university",
};

static const char *const company_suffixes[] = {
    "ag", "bv", "co", "corp", "corporation", "gmbh", "inc", "limited", "llc", "ltd", "sa",
};

static const char *const particles[] = {
    "al", "bin", "da", "de", "del", "della", "den", "der", "di",  "dos", "du",
    "el", "la",  "le", "st", "te",  "ten",   "ter", "van", "von", "y",   "zu",
};

static bool in_list(const char *w, size_t n, const char *const *list, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (ci_eq(w, n, list[i]))
			return true;
	return false;
}

#define IN_LIST(w, n, list) in_list(w, n, list, sizeof(list) / sizeof(list[0]))

/* The next blank-separated word of s[*i..n) into *w, *wn; false at the end. */
static bool next_word(const char *s, size_t n, size_t *i, const char **w, size_t *wn)
{
	while (*i < n && is_blank((unsigned char)s[*i]))
		(*i)++;
	if (*i >= n)
		return false;
	*w = s + *i;
	while (*i < n && !is_blank((unsigned char)s[*i]))
		(*i)++;
	*wn = (size_t)(s + *i - *w);
	return true;
}

/* Word w without trailing '.' or ','. */
static size_t bare_len(const char *w, size_t n)
{
	while (n && (w[n - 1] == '.' || w[n - 1] == ','))
		n--;
	return n;
}

/* A person's name: 2 to 5 words, capitalised or initials, particles allowed. */
static bool person_like(const char *s, size_t n)
{
	const char *w;
	size_t i = 0, wn, words = 0, caps = 0;

	while (next_word(s, n, &i, &w, &wn)) {
		size_t bn = bare_len(w, wn);

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

	while (next_word(name, n, &i, &w, &wn))
		if (!ci_eq(w, bare_len(w, wn), "the") && IN_LIST(w, bare_len(w, wn), corporate_words))
			return true;
	return ci_word(name, n, 0, "regents") != SIZE_MAX;
}

/* At least two capitalised words, the last one a company suffix ("Foo Corp."). */
static bool company_like(const char *s, size_t n)
{
	const char *w, *last = NULL;
	size_t i = 0, wn, words = 0, lastn = 0;

	while (next_word(s, n, &i, &w, &wn)) {
		words++;
		if (!ascii_is_upper((unsigned char)w[0]) && (unsigned char)w[0] < 0x80)
			return false;
		last = w;
		lastn = bare_len(w, wn);
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
		else if (s[i] == '&' && (i == 0 || is_blank((unsigned char)s[i - 1])))
			sep = 1, has_and = true;
		else if (i > 0 && is_blank((unsigned char)s[i - 1]) && i + 4 <= n &&
		         !strncasecmp(s + i, "and", 3) && is_blank((unsigned char)s[i + 3]))
			sep = 3, has_and = true;
		if (!sep) {
			i++;
			continue;
		}
		if (nr == MAX_NAME_PARTS)
			goto whole;
		parts[nr].s = s + start;
		parts[nr].n = i - start;
		trim_punct(&parts[nr].s, &parts[nr].n);
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
	trim_punct(&parts[0].s, &parts[0].n);
	return 1;
}

/* "2003-2008", "2010,", "1998,2000", "2019–2021", "2015-present" start */
static bool is_year_token(const char *w, size_t n)
{
	size_t i = 0, run = 0, first = 0;
	bool digits = false;

	n = bare_len(w, n);
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
		         (ci_eq(w + i, n - i, "present") || ci_eq(w + i, n - i, "now")))
			i = n;
		else
			return false;
	}
	if (!first)
		first = run;
	return digits && first == 4;
}

static bool is_dash_token(const char *w, size_t n)
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
static bool is_noise_token(const char *w, size_t n)
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
	if (ci_prefix(w, n, "www."))
		return true;
	n = bare_len(w, n);
	while (n && w[n - 1] == ':')
		n--;
	return ci_eq(w, n, "copyright") || ci_eq(w, n, "@copyright") ||
	       ci_eq(w, n, "\\copyright") || ci_eq(w, n, "(c)");
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
			     ci_prefix(t + i + 1, j - i - 1, "www.") ||
			     ci_eq(t + i, j - i + 1, "(c)")))
				memset(t + i, ' ', j - i + 1);
		} else if (c == 0xc2 && i + 1 < n && (unsigned char)t[i + 1] == 0xa9) {
			t[i] = t[i + 1] = ' ';
		} else if (c == 0xa9 && (i == 0 || (unsigned char)t[i - 1] < 0x80)) {
			t[i] = ' ';
		} else if ((c == 'a' || c == 'A') &&
		           ci_prefix(t + i, n - i, "all rights reserved") &&
		           (i == 0 || !ascii_is_alnum((unsigned char)t[i - 1]))) {
			memset(t + i, ' ', 19);
		} else if (c == 'C' && ci_word_at(t, n, i, "Created") && i + 8 < n &&
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
		if (a == at || dot <= at + 2 || b - dot < 2 || !ascii_is_alpha((unsigned char)s[dot]) ||
		    !ascii_is_alpha((unsigned char)s[b - 1]))
			continue;
		*start = a;
		*end = b;
		return true;
	}
	return false;
}

/* The first e-mail address in s[from..to), lower case and allocated; NULL when none (or c->oom). */
static char *find_email(struct ctx *c, const char *s, size_t from, size_t to)
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
		*q = (char)to_lower((unsigned char)*q);
	return e;
}

/*
 * The names of one segment of a copyright statement or an author line,
 * pushed to arr (with their years when years is set), line. Years that
 * were seen last stay in pending for the names that follow without years
 * of their own (the next lines of a list).
 * Returns the number of names found.
 */
static size_t segment_names(struct ctx *c, struct notice_item **arr, size_t *nr, const char *s,
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
	while (ntok < MAX_TOKENS && next_word(t.buf, t.len, &i, &w, &wn)) {
		if (is_noise_token(w, wn))
			continue;
		tok[ntok].s = w;
		tok[ntok].n = wn;
		year[ntok] = is_year_token(w, wn);
		ntok++;
	}
	/* a dash or comma between years, "- present" after one, is a year too */
	for (k = 1; k < ntok; k++) {
		if (!year[k - 1] || year[k])
			continue;
		if (is_dash_token(tok[k].s, tok[k].n) ||
		    ci_eq(tok[k].s, bare_len(tok[k].s, tok[k].n), "present") ||
		    ci_eq(tok[k].s, bare_len(tok[k].s, tok[k].n), "now"))
			year[k] = true;
	}
	k = 0;
	while (k < ntok && !c->oom) {
		size_t a = k, b, ys = SIZE_MAX, ye = 0;
		struct span parts[MAX_NAME_PARTS], run, yrs = {NULL, 0};
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
		trim_punct(&run.s, &run.n);
		for (p = 0; p < run.n && !is_letter((unsigned char)run.s[p]); p++)
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
			size_t to = p + 1 < np ? (size_t)(parts[p + 1].s - t.buf)
					       : next < ntok ? (size_t)(tok[next].s - t.buf) : n;

			trim_punct(&ysp, &yn);
			if (arr != &c->n->holders)
				yn = 0; /* years are for holders only */
			found++;
			if (!emit)
				continue;
			push_item(c, arr, nr, parts[p].s, parts[p].n, ysp, yn, line, true);
			if (*nr > before)
				(*arr)[*nr - 1].email = find_email(c, s, from, to);
		}
		/* pending stays: the next lines of a list share these years */
	}
	strbuf_release(&t);
	return found;
}

/* ---- the lines of the comment text ---- */

struct cline {
	size_t off, n; /* the text after decorations, in the buffer */
	size_t col;    /* its column in the raw line (tabs of 8) */
	size_t line;   /* 1-based */
};

struct lines {
	const char *buf;
	struct cline *v;
	size_t nr;
};

static const char *ltext(const struct lines *L, size_t i)
{
	return L->buf + L->v[i].off;
}

/* Split buf into lines, decorations removed. -1 out of memory. */
static int split_lines(const char *buf, size_t len, size_t first_line, struct lines *L)
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
		struct cline *cl = &L->v[L->nr];
		bool text = false;

		while (s < e && (is_blank((unsigned char)buf[s]) || strchr("*/!#", buf[s]))) {
			col = buf[s] == '\t' ? (col / 8 + 1) * 8 : col + 1;
			s++;
		}
		while (e > s && (is_blank((unsigned char)buf[e - 1]) || buf[e - 1] == '*'))
			e--;
		for (j = s; j < e && !text; j++)
			text = ascii_is_alnum((unsigned char)buf[j]) || (unsigned char)buf[j] >= 0x80;
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
	if ((c == 'c' || c == 'C') && ci_word_at(s, n, k, "copyright")) {
		*word = true;
		return 9;
	}
	if (c == 0xc2 && k + 1 < n && (unsigned char)s[k + 1] == 0xa9)
		return 2;
	if (c == 0xa9 && (k == 0 || (unsigned char)s[k - 1] < 0x80))
		return 1;
	if (c == '(' && k + 3 <= n && ci_eq(s + k, 3, "(c)"))
		return 3;
	return 0;
}

static const char *const not_holders[] = {
    "act",      "and",         "are",      "assignment", "by",        "claim",      "claims",
    "date",     "disclaimer",  "file",     "for",        "header",    "holder",     "holders",
    "in",       "information", "is",       "law",        "laws",      "licence",    "license",
    "licensed", "notice",      "notices",  "of",         "office",    "on",         "or",
    "owner",    "owners",      "page",     "protection", "statement", "statements", "status",
    "this",     "to",          "transfer", "year",       "years",
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

	if (ci_prefix(s, n, "spdx-filecopyrighttext:")) {
		for (k = 23; k < n && is_blank((unsigned char)s[k]); k++)
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
		while (p < n && (is_blank((unsigned char)s[p]) || s[p] == ':'))
			p++;
		if (word) {
			bool w2;
			size_t kl2 = p < n ? keyword_at(s, n, p, &w2) : 0;

			if (kl2 && !w2) {
				sym = true;
				p += kl2;
				while (p < n && is_blank((unsigned char)s[p]))
					p++;
			}
		} else {
			bool w2;
			size_t kl2 = p < n ? keyword_at(s, n, p, &w2) : 0;

			if (kl2 && w2) { /* "(c) Copyright 2020" */
				p += kl2;
				while (p < n && (is_blank((unsigned char)s[p]) || s[p] == ':'))
					p++;
			}
		}
		if (p + 3 <= n && ci_eq(s + p, 2, "by") && is_blank((unsigned char)s[p + 2]))
			for (p += 3; p < n && is_blank((unsigned char)s[p]); p++)
				;
		/* what precedes: nothing, "@", "\", "Portions", "Parts", "Some parts" */
		pre = k;
		if (pre && (s[pre - 1] == '@' || s[pre - 1] == '\\'))
			pre--;
		{
			const char *ps = s;
			size_t pn = pre;

			trim(&ps, &pn);
			at_start = !pn || ci_eq(ps, pn, "portions") || ci_eq(ps, pn, "parts") ||
			           ci_eq(ps, pn, "some parts") || ci_eq(ps, pn, "portions are") ||
			           ci_eq(ps, pn, "some portions");
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
		for (wn = 0; p + wn < n && !is_blank((unsigned char)pw[wn]); wn++)
			;
		if (IN_LIST(pw, bare_len(pw, wn), not_holders) || pw[0] == '<')
			continue;
		cap =
		    ascii_is_upper((unsigned char)pw[0]) || (unsigned char)pw[0] >= 0x80 || pw[0] == '"';
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
	return ci_word(s, n, 0, "spdx-license-identifier") != SIZE_MAX;
}

struct author_key {
	const char *key;
	bool colon;    /* needs a ':' after it */
	bool namelike; /* only the name-like words that follow */
};

static const struct author_key author_keys[] = {
    {"@author", false, false},   {"\\author", false, false},  {"author(s)", true, false},
    {"authors", true, false},    {"author", true, false},     {"maintainers", true, false},
    {"maintainer", true, false}, {"written by", false, true},
};

/* The value after an author key in s[0..n): its offset, or SIZE_MAX. */
static size_t find_author(const char *s, size_t n, bool *namelike)
{
	size_t i;

	for (i = 0; i < sizeof(author_keys) / sizeof(author_keys[0]); i++) {
		const struct author_key *a = &author_keys[i];
		size_t p = ci_word(s, n, 0, a->key);

		if (p == SIZE_MAX)
			continue;
		p += strlen(a->key);
		while (p < n && is_blank((unsigned char)s[p]))
			p++;
		if (a->colon) {
			if (p >= n || s[p] != ':')
				continue;
			p++;
		} else if (p < n && s[p] == ':') {
			p++;
		}
		while (p < n && is_blank((unsigned char)s[p]))
			p++;
		*namelike = a->namelike;
		if (a->namelike &&
		    (p >= n || !is_letter((unsigned char)s[p]) ||
		     !(ascii_is_upper((unsigned char)s[p]) || (unsigned char)s[p] >= 0x80)))
			continue; /* "written by others" */
		return p;
	}
	return SIZE_MAX;
}

/* A line that starts another kind of statement ends a run of continuation lines. */
static bool is_special(const char *s, size_t n)
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

	while (next_word(s, n, &i, &w, &wn)) {
		unsigned char c = (unsigned char)w[0];
		size_t bn = bare_len(w, wn);

		if (ascii_is_upper(c) || c >= 0x80 || c == '<' || c == '(' || c == '&' ||
		    is_year_token(w, wn) || is_noise_token(w, wn) || ci_eq(w, bn, "and") ||
		    IN_LIST(w, bn, particles) || is_dash_token(w, wn)) {
			end = i;
			continue;
		}
		break;
	}
	return end;
}

static bool ends_continued(const char *s, size_t n)
{
	trim(&s, &n);
	if (!n)
		return false;
	return s[n - 1] == ',' || s[n - 1] == '&' ||
	       (n >= 4 && ci_eq(s + n - 3, 3, "and") && is_blank((unsigned char)s[n - 4]));
}

static size_t word_count(const char *s, size_t n)
{
	size_t i = 0, c = 0, wn;
	const char *w;

	while (next_word(s, n, &i, &w, &wn))
		c++;
	return c;
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
	if (ee + 2 < n && s[ee] == '.' && is_blank((unsigned char)s[ee + 1]) &&
	    ascii_is_upper((unsigned char)s[ee + 2]))
		return ee + 1;
	return n;
}

/* A copyright statement at line i: the number of lines it takes, 0 when none. */
static size_t take_copyright(struct ctx *c, const struct lines *L, size_t i)
{
	const char *s = ltext(L, i);
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
	names = segment_names(c, NULL, NULL, s + m.holder, n - m.holder, 0, &pending, false);
	strbuf_reset(&pending);
	last = s + m.holder;
	lastn = n - m.holder;
	for (j = i + 1; j < L->nr && conts < NOTICE_MAX_CONTINUATION; j++) {
		const char *t = ltext(L, j);
		size_t tn = L->v[j].n;
		bool deeper = L->v[j].col > L->v[i].col, cont = ends_continued(last, lastn);
		bool year = starts_year(t, tn) && L->v[j].col >= L->v[i].col;

		if (!tn || is_special(t, tn))
			break;
		if (!names && !deeper && !cont && !year) {
			/* the holder on the next line: a name, not a sentence */
			if (!(ascii_is_upper((unsigned char)t[0]) || (unsigned char)t[0] >= 0x80) ||
			    (word_count(t, tn) > 6 && !memchr(t, '<', tn) && !memchr(t, '@', tn)))
				break;
		} else if (names && !deeper && !cont && !year) {
			break;
		}
		if (strbuf_addch(&stmt, ' ') || strbuf_add(&stmt, t, tn))
			goto nomem;
		names += segment_names(c, NULL, NULL, t, tn, 0, &pending, false);
		strbuf_reset(&pending);
		last = t;
		lastn = tn;
		conts++;
	}
	push_item(c, &c->n->copyrights, &c->n->nr_copyrights, stmt.buf, stmt.len, NULL, 0,
	          L->v[i].line, false);
	if (c->n->nr_copyrights > nr_stmts)
		stmt_index = c->n->nr_copyrights - 1;
	/* the names, segment by segment, years carried from a years-only segment */
	segment_names(c, &c->n->holders, &c->n->nr_holders, s + m.holder, n - m.holder,
	              L->v[i].line, &pending, true);
	for (j = i + 1; j <= i + conts; j++)
		segment_names(c, &c->n->holders, &c->n->nr_holders, ltext(L, j), L->v[j].n,
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
static size_t take_author(struct ctx *c, const struct lines *L, size_t i)
{
	const char *s = ltext(L, i);
	size_t n = L->v[i].n, p, j, taken = 1;
	struct strbuf pending = STRBUF_INIT;
	bool namelike;

	p = find_author(s, n, &namelike);
	if (p == SIZE_MAX)
		return 0;
	if (p < n) {
		size_t vn = namelike ? namelike_prefix(s + p, n - p) : n - p;

		segment_names(c, &c->n->authors, &c->n->nr_authors, s + p, vn, L->v[i].line,
		              &pending, true);
	} else {
		/* "Authors:" and a list below it */
		for (j = i + 1; j < L->nr && j <= i + MAX_AUTHOR_RUN; j++) {
			const char *t = ltext(L, j);
			size_t tn = L->v[j].n;

			if (!tn || is_special(t, tn) ||
			    !(ascii_is_upper((unsigned char)t[0]) || (unsigned char)t[0] >= 0x80 ||
			      t[0] == '<') ||
			    word_count(t, tn) > 8)
				break;
			segment_names(c, &c->n->authors, &c->n->nr_authors, t,
			              namelike_prefix(t, tn), L->v[j].line, &pending, true);
			strbuf_reset(&pending);
			taken++;
		}
	}
	strbuf_release(&pending);
	return taken;
}

/* ---- origins ---- */

static const char *const origin_verbs[] = {
    "adapted from",   "based on",      "based upon",    "borrowed from",         "copied from",
    "copied out of",  "derived from",  "extracted from", "forked from",          "imported from",
    "modified from",  "obtained from", "originally from", "modified version of", "part of",
    "port of",        "ported from",   "taken from",
};

/* Up to three words before an origin verb that negate it: "no code taken from". */
static const char *const origin_negations[] = {
    "(or", "never", "no", "not", "nothing", "without",
};

/* Words after a sentence-opening "Modified" that make it no origin ("Modified by ..."). */
static const char *const modified_nonames[] = {
    "a", "an", "and", "at", "by", "for", "from", "in", "on", "the", "to", "version", "with",
};

static const char *const origin_rejects[] = {
    "and",   "any",     "covered",  "each",     "her",  "his",   "it",    "its",  "library", "or",
    "our",   "program", "programs", "software", "such", "that",  "their", "them", "these",   "this",
    "those", "what",    "whether",  "which",    "work", "works", "you",   "your",
};

static const char *const part_of_generic[] = {
    "distribution", "framework", "library", "package", "project", "software", "suite", "toolkit",
};

static const char *const part_of_subjects[] = {
    "code", "file", "header", "library", "module", "program", "software", "source",
};

/* The word before position p in s: into *w, *wn; false when none. */
static bool word_before(const char *s, size_t p, const char **w, size_t *wn)
{
	size_t e = p, b;

	while (e > 0 && is_blank((unsigned char)s[e - 1]))
		e--;
	b = e;
	while (b > 0 && !is_blank((unsigned char)s[b - 1]))
		b--;
	if (b == e)
		return false;
	*w = s + b;
	*wn = e - b;
	return true;
}

/* Cut s[0..n) at the end of its first sentence: ". " (not after an initial), ";", "!", "?" */
static size_t sentence_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == ';')
			return i;
		if ((ch == '.' || ch == '!' || ch == '?') &&
		    (i + 1 == n || is_blank((unsigned char)s[i + 1]))) {
			/* "Todd C. Miller": a single capital before the dot is an initial */
			if (ch == '.' && i + 1 < n && i >= 1 && ascii_is_upper((unsigned char)s[i - 1]) &&
			    (i == 1 || is_blank((unsigned char)s[i - 2])))
				continue;
			return i;
		}
	}
	return n;
}

/* Does an object go on over the next line: empty, or ending in "the", "of", ","...? */
static bool open_ended(const char *s, size_t n)
{
	static const char *const joins[] = {"a",  "an", "and", "by", "from",
	                                    "in", "of", "on",  "the"};
	const char *w;
	size_t wn;

	while (n && (is_blank((unsigned char)s[n - 1]) || s[n - 1] == ':'))
		n--;
	if (!n || strchr(",-(", s[n - 1]))
		return true;
	return word_before(s, n, &w, &wn) && IN_LIST(w, wn, joins);
}

/* Words before "based on" that make it a statement of derivation ("code based on X"). */
static const char *const based_subjects[] = {
    "are",       "code",     "file",     "functions", "heavily",   "implementation", "is",
    "largely",   "library",  "loosely",  "mostly",    "module",    "originally",     "partially",
    "partly",    "port",     "program",  "routine",   "routines",  "software",       "source",
    "version",   "was",      "were",     "work",      "closely",   "directly",       "it",
};

/*
 * "based on" is a derivation when it opens a sentence ("Based on X") or
 * follows one of based_subjects ("This code is loosely based on X"); not
 * in prose such as "a table which we seek based on uid".
 */
static bool based_on_subject(const char *s, size_t p)
{
	const char *w;
	size_t wn;

	if (!word_before(s, p, &w, &wn))
		return true;
	if (w[wn - 1] == '.' || w[wn - 1] == ':' || w[wn - 1] == ';')
		return true;
	return IN_LIST(w, bare_len(w, wn), based_subjects);
}

/*
 * Is the verb at s[p] negated by one of the three words before it? Those
 * may end the line before, prev[0..pn) ("no code\n * taken from zlib").
 */
static bool negated(const char *s, size_t p, const char *prev, size_t pn)
{
	const char *w;
	size_t wn;
	int k = 0;

	for (; k < 3 && word_before(s, p, &w, &wn); k++) {
		if (IN_LIST(w, wn, origin_negations))
			return true;
		p = (size_t)(w - s);
	}
	for (p = pn; prev && k < 3 && word_before(prev, p, &w, &wn); k++) {
		if (IN_LIST(w, wn, origin_negations))
			return true;
		p = (size_t)(w - prev);
	}
	return false;
}

/*
 * "Modified TweetNaCl version 20140427, a ...": a line starting (or a
 * sentence starting) with "Modified" followed by a name. The position of
 * the name, or SIZE_MAX.
 */
static size_t modified_origin(const char *s, size_t n)
{
	size_t p = 0, k;
	const char *w;
	size_t wn;

	for (;;) {
		p = ci_word(s, n, p, "modified");
		if (p == SIZE_MAX)
			return SIZE_MAX;
		if (p == 0 || (p >= 2 && s[p - 2] == '.' && is_blank((unsigned char)s[p - 1])))
			break;
		p++;
	}
	if (memcmp(s + p, "Modified", 8))
		return SIZE_MAX; /* a sentence's first word is capitalised */
	k = p + 8;
	if (!next_word(s, n, &k, &w, &wn) || !ascii_is_upper((unsigned char)w[0]) ||
	    IN_LIST(w, bare_len(w, wn), modified_nonames))
		return SIZE_MAX;
	return (size_t)(w - s);
}

/* An origin statement in line i: 1 when one was taken. */
static size_t take_origin(struct ctx *c, const struct lines *L, size_t i)
{
	const char *s = ltext(L, i);
	size_t n = L->v[i].n, v, best = SIZE_MAX, bestlen = 0;
	bool part = false;
	struct strbuf obj = STRBUF_INIT;
	const char *o, *w;
	size_t on, wn, j, k;

	for (v = 0; v < sizeof(origin_verbs) / sizeof(origin_verbs[0]); v++) {
		size_t from = 0, p;

		while ((p = ci_word(s, n, from, origin_verbs[v])) != SIZE_MAX) {
			from = p + 1;
			if (negated(s, p, i ? ltext(L, i - 1) : NULL, i ? L->v[i - 1].n : 0))
				continue;
			/* "complexity can be derived from 3 variables": a possibility, no origin */
			if (word_before(s, p, &w, &wn) && ci_eq(w, wn, "be"))
				continue;
			if (!strncmp(origin_verbs[v], "based", 5) && !based_on_subject(s, p))
				continue; /* "which we seek based on uid": no derivation */
			if (!strcmp(origin_verbs[v], "part of")) {
				if (!word_before(s, p, &w, &wn) ||
				    !(ci_eq(w, wn, "is") || ci_eq(w, wn, "are") ||
				      ci_eq(w, wn, "was")))
					continue;
			}
			if (p < best) {
				best = p;
				bestlen = strlen(origin_verbs[v]);
				part = !strcmp(origin_verbs[v], "part of");
			}
			break;
		}
	}
	if (best == SIZE_MAX) {
		size_t m = modified_origin(s, n);

		if (m == SIZE_MAX)
			return 0;
		best = m;
		bestlen = 0;
	}
	/* the object: to the end of the sentence, over up to two more lines */
	if (strbuf_add(&obj, s + best + bestlen, n - best - bestlen))
		goto nomem;
	for (j = i + 1; j < L->nr && j <= i + 2; j++) {
		if (sentence_len(obj.buf, obj.len) < obj.len || !L->v[j].n ||
		    is_special(ltext(L, j), L->v[j].n) || !open_ended(obj.buf, obj.len))
			break;
		if (strbuf_addch(&obj, ' ') || strbuf_add(&obj, ltext(L, j), L->v[j].n))
			goto nomem;
	}
	o = obj.buf;
	on = sentence_len(obj.buf, obj.len);
	trim(&o, &on);
	while (on && (o[0] == ':' || is_blank((unsigned char)o[0]))) {
		o++;
		on--;
	}
	while (on && strchr(",:", o[on - 1]))
		on--;
	k = 0;
	if (next_word(o, on, &k, &w, &wn) &&
	    (ci_eq(w, wn, "the") || ci_eq(w, wn, "a") || ci_eq(w, wn, "an"))) {
		if (part && !ci_eq(w, wn, "the"))
			goto none; /* "is part of a larger whole" */
		o += k;
		on -= k;
		trim(&o, &on);
	}
	if (!on || !(ascii_is_alnum((unsigned char)o[0]) || (unsigned char)o[0] >= 0x80 ||
	             strchr("\"'`<", o[0])))
		goto none;
	k = 0;
	if (!next_word(o, on, &k, &w, &wn))
		goto none;
	while (wn && strchr("\"'`()[],.;:", w[wn - 1]))
		wn--; /* 'a "work based on the Program"' */
	if (IN_LIST(w, wn, origin_rejects))
		goto none;
	if (part) {
		const char *subj, *lw;
		size_t sn, ln, p = best;
		bool generic = false, subject = false;

		/* "this file is part of X": the word before "is" */
		if (word_before(s, p, &subj, &sn) && word_before(s, (size_t)(subj - s), &subj, &sn))
			subject = IN_LIST(subj, bare_len(subj, sn), part_of_subjects);
		if (word_before(o, on, &lw, &ln) &&
		    IN_LIST(lw, bare_len(lw, ln), part_of_generic)) {
			generic = true;
			/* "the Widget project" is Widget; "the GNU C Library" keeps its name */
			if (lw > o && !ascii_is_upper((unsigned char)lw[0])) {
				on = (size_t)(lw - o);
				trim(&o, &on);
			}
		}
		if (!generic && !subject)
			goto none;
	}
	push_item(c, &c->n->origins, &c->n->nr_origins, o, on, NULL, 0, L->v[i].line, false);
	strbuf_release(&obj);
	return 1;
none:
	strbuf_release(&obj);
	return 0;
nomem:
	c->oom = 1;
	strbuf_release(&obj);
	return 0;
}

/* ---- licence wording ---- */

/* The text as lowercase ASCII words separated by one space, each word's offset and line. */
struct norm {
	char *s;
	size_t n;
	size_t *woff, *wline;
	size_t nw;
};

static void norm_release(struct norm *nm)
{
	free(nm->s);
	free(nm->woff);
	free(nm->wline);
}

static int norm_build(struct norm *nm, const char *text, size_t len)
{
	size_t i, line = 1;
	bool inword = false;

	memset(nm, 0, sizeof(*nm));
	nm->s = malloc(len + 1);
	nm->woff = malloc((len / 2 + 1) * sizeof(size_t));
	nm->wline = malloc((len / 2 + 1) * sizeof(size_t));
	if (!nm->s || !nm->woff || !nm->wline) {
		norm_release(nm);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (ascii_is_alnum(c)) {
			if (!inword) {
				if (nm->n)
					nm->s[nm->n++] = ' ';
				nm->woff[nm->nw] = nm->n;
				nm->wline[nm->nw] = line;
				nm->nw++;
				inword = true;
			}
			nm->s[nm->n++] = (char)to_lower(c);
		} else {
			inword = false;
			if (c == '\n')
				line++;
		}
	}
	nm->s[nm->n] = '\0';
	return 0;
}

/* Index of the word at or before offset off. */
static size_t norm_word(const struct norm *nm, size_t off)
{
	size_t lo = 0, hi = nm->nw;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (nm->woff[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Offset of the end of word index w (exclusive), clamped. */
static size_t norm_word_off(const struct norm *nm, size_t w)
{
	return w >= nm->nw ? nm->n : nm->woff[w];
}

/* The phrase (lowercase words) in nm->s[from..to), on word boundaries: its offset or SIZE_MAX. */
static size_t nfind_in(const struct norm *nm, const char *phrase, size_t from, size_t to)
{
	size_t m = strlen(phrase);

	if (to > nm->n)
		to = nm->n;
	while (from < to && to - from >= m) {
		const char *h = memmem(nm->s + from, to - from, phrase, m);
		size_t off;

		if (!h)
			return SIZE_MAX;
		off = (size_t)(h - nm->s);
		if ((off == 0 || nm->s[off - 1] == ' ') &&
		    (off + m == nm->n || nm->s[off + m] == ' '))
			return off;
		from = off + 1;
	}
	return SIZE_MAX;
}

static size_t nfind(const struct norm *nm, const char *phrase)
{
	return nfind_in(nm, phrase, 0, nm->n);
}

static size_t min_off(size_t a, size_t b)
{
	return a < b ? a : b;
}

struct best {
	const char *id;
	size_t off;
};

static void consider(struct best *b, const char *id, size_t off)
{
	if (off != SIZE_MAX && off < b->off) {
		b->off = off;
		b->id = id;
	}
}

enum gnu_family { GNU_GPL, GNU_LGPL, GNU_LIBGPL, GNU_AGPL };

static const struct {
	const char *phrase;
	enum gnu_family fam;
} gnu_families[] = {
    {"gnu general public license", GNU_GPL},
    {"gnu lesser general public license", GNU_LGPL},
    {"gnu library general public license", GNU_LIBGPL},
    {"gnu affero general public license", GNU_AGPL},
};

static const struct {
	enum gnu_family fam;
	const char *version; /* normalised words, "" when none is stated */
	const char *only, *later;
} gnu_ids[] = {
    {GNU_GPL, "", "GPL-1.0-or-later", "GPL-1.0-or-later"},
    {GNU_GPL, "1", "GPL-1.0-only", "GPL-1.0-or-later"},
    {GNU_GPL, "2", "GPL-2.0-only", "GPL-2.0-or-later"},
    {GNU_GPL, "3", "GPL-3.0-only", "GPL-3.0-or-later"},
    {GNU_LGPL, "", "LGPL-2.0-or-later", "LGPL-2.0-or-later"},
    {GNU_LGPL, "2", "LGPL-2.0-only", "LGPL-2.0-or-later"},
    {GNU_LGPL, "2 1", "LGPL-2.1-only", "LGPL-2.1-or-later"},
    {GNU_LGPL, "3", "LGPL-3.0-only", "LGPL-3.0-or-later"},
    {GNU_LIBGPL, "", "LGPL-2.0-or-later", "LGPL-2.0-or-later"},
    {GNU_LIBGPL, "2", "LGPL-2.0-only", "LGPL-2.0-or-later"},
    {GNU_AGPL, "", "AGPL-3.0-or-later", "AGPL-3.0-or-later"},
    {GNU_AGPL, "3", "AGPL-3.0-only", "AGPL-3.0-or-later"},
};

/*
 * The version after "version" at word index w ("2", "2 1", "3 0" read as
 * "3") into ver (at most 8 bytes); false when word w is not "version N".
 */
static bool version_at(const struct norm *nm, size_t w, char *ver, size_t size)
{
	const char *a, *b;
	size_t an, bn;

	if (w + 1 >= nm->nw || strncmp(nm->s + nm->woff[w], "version ", 8))
		return false;
	a = nm->s + nm->woff[w + 1];
	an = strcspn(a, " ");
	if (!an || an > 2 || !ascii_is_digit((unsigned char)a[0]) || !ascii_is_digit((unsigned char)a[an - 1]))
		return false;
	if (w + 2 < nm->nw) {
		b = nm->s + nm->woff[w + 2];
		bn = strcspn(b, " ");
		if (bn == 1 && ascii_is_digit((unsigned char)b[0]) && b[0] != '0') {
			if (an + 2 + bn > size)
				return false;
			memcpy(ver, a, an);
			ver[an] = ' ';
			memcpy(ver + an + 1, b, bn);
			ver[an + 1 + bn] = '\0';
			return true;
		}
	}
	if (an + 1 > size)
		return false;
	memcpy(ver, a, an);
	ver[an] = '\0';
	return true;
}

/* Words before a licence's name that grant it (not "code under the GPL"). */
static const char *const grant_phrases[] = {
    "under the terms of", "licensed under",  "licenced under", "released under",
    "distributed under",  "available under", "covered by",     "licensed to you under",
};

static bool gnu_granted(const struct norm *nm, size_t from, size_t to)
{
	size_t i;

	for (i = 0; i < sizeof(grant_phrases) / sizeof(grant_phrases[0]); i++)
		if (nfind_in(nm, grant_phrases[i], from, to) != SIZE_MAX)
			return true;
	return false;
}

static void gnu_licenses(const struct norm *nm, struct best *b)
{
	size_t f;

	for (f = 0; f < sizeof(gnu_families) / sizeof(gnu_families[0]); f++) {
		size_t from = 0, off, tries = 0;

		while (tries++ < 16 &&
		       (off = nfind_in(nm, gnu_families[f].phrase, from, nm->n)) != SIZE_MAX) {
			size_t w0 = norm_word(nm, off), wend, k, t;
			size_t fam_end = off + strlen(gnu_families[f].phrase);
			size_t before = norm_word_off(nm, w0 > 6 ? w0 - 6 : 0);
			size_t after = norm_word_off(nm, norm_word(nm, fam_end) + 1 + GPL_WINDOW);
			size_t later_end;
			char ver[8] = "";
			bool accepted, later, found = false;

			from = fam_end;
			wend = norm_word(nm, fam_end) + 1; /* first word after the name */
			accepted =
			    gnu_granted(nm, before, off) ||
			    nfind_in(nm, "as published by the free software foundation", fam_end,
			             after) != SIZE_MAX ||
			    (wend < nm->nw && !strncmp(nm->s + nm->woff[wend], "version ", 8));
			/* "version 2 of the GNU General Public License" */
			for (k = w0 >= 5 ? w0 - 5 : 0; k < w0 && !found; k++)
				if (version_at(nm, k, ver, sizeof(ver)))
					found = accepted = true;
			if (!accepted)
				continue;
			for (k = wend; k < nm->nw && k < wend + GPL_WINDOW && !found; k++)
				found = version_at(nm, k, ver, sizeof(ver));
			if (!found)
				ver[0] = '\0';
			later_end = norm_word_off(nm, wend + LATER_WINDOW);
			later = nfind_in(nm, "any later version", fam_end, later_end) != SIZE_MAX ||
			        nfind_in(nm, "or later", fam_end, later_end) != SIZE_MAX;
			/* "3 0" is "3", "2 0" is "2" */
			if (strlen(ver) == 3 && ver[1] == ' ' && ver[2] == '0')
				ver[1] = '\0';
			for (t = 0; t < sizeof(gnu_ids) / sizeof(gnu_ids[0]); t++) {
				if (gnu_ids[t].fam != gnu_families[f].fam ||
				    strcmp(gnu_ids[t].version, ver))
					continue;
				consider(b, later ? gnu_ids[t].later : gnu_ids[t].only, off);
				break;
			}
			if (t == sizeof(gnu_ids) / sizeof(gnu_ids[0])) {
				/* a version these licences never had: as if none was stated */
				for (t = 0; t < sizeof(gnu_ids) / sizeof(gnu_ids[0]); t++)
					if (gnu_ids[t].fam == gnu_families[f].fam &&
					    !gnu_ids[t].version[0])
						consider(b, gnu_ids[t].later, off);
			}
			break;
		}
	}
}

static const char *const public_domain_phrases[] = {
    "placed in the public domain",
    "placed into the public domain",
    "released into the public domain",
    "released to the public domain",
    "dedicated to the public domain",
    "is in the public domain",
    "are in the public domain",
    "is public domain",
    "are public domain",
    "author disclaims copyright to this source code",
};

static const char *recognise(const struct norm *nm, size_t *off)
{
	struct best b = {NULL, SIZE_MAX};
	size_t a, x, y, z, i;

	/* MIT */
	a = nfind(nm, "permission is hereby granted free of charge to any person obtaining a copy");
	if (a != SIZE_MAX &&
	    nfind(nm, "above copyright notice and this permission notice shall be included") !=
	        SIZE_MAX)
		consider(&b, "MIT", a);
	/* the BSD family */
	a = nfind(nm, "redistribution and use in source and binary forms with or without "
	              "modification are permitted provided that");
	if (a != SIZE_MAX) {
		x = nfind(nm, "redistributions of source code must retain");
		y = nfind(nm, "redistributions in binary form must reproduce");
		if (nfind(
		        nm,
		        "all advertising materials mentioning features or use of this software") !=
		    SIZE_MAX)
			consider(&b, "BSD-4-Clause", a);
		else if (nfind(nm, "be used to endorse or promote products derived") != SIZE_MAX)
			consider(&b, "BSD-3-Clause", a);
		else if (x != SIZE_MAX && y != SIZE_MAX)
			consider(&b, "BSD-2-Clause", a);
		else if (x != SIZE_MAX)
			consider(&b, "BSD-1-Clause", a);
	}
	/* ISC and 0BSD */
	x = nfind(nm, "permission to use copy modify and or distribute this software for any "
	              "purpose with or without fee is hereby granted");
	y = nfind(nm, "permission to use copy modify and distribute this software for any purpose "
	              "with or without fee is hereby granted");
	z = nfind(nm, "above copyright notice and this permission notice appear in all copies");
	if ((x != SIZE_MAX || y != SIZE_MAX) && z != SIZE_MAX)
		consider(&b, "ISC", min_off(x, y));
	else if (x != SIZE_MAX)
		consider(&b, "0BSD", x);
	/* zlib */
	x = nfind(nm, "provided as is without any express or implied warranty");
	y = nfind(nm, "the origin of this software must not be misrepresented");
	if (x != SIZE_MAX && y != SIZE_MAX)
		consider(&b, "Zlib", min_off(x, y));
	/* Apache 2.0 */
	x = min_off(nfind(nm, "licensed under the apache license version 2 0"),
	            nfind(nm, "apache license version 2 0 january 2004"));
	consider(&b, "Apache-2.0", x);
	/* MPL 2.0 */
	x = min_off(nfind(nm, "mozilla public license v 2 0"),
	            nfind(nm, "mozilla public license version 2 0"));
	consider(&b, "MPL-2.0", x);
	consider(&b, "BSL-1.0", nfind(nm, "boost software license"));
	consider(
	    &b, "Unlicense",
	    nfind(nm, "this is free and unencumbered software released into the public domain"));
	x = min_off(nfind(nm, "cc0 1 0 universal"), nfind(nm, "cc0 public domain dedication"));
	x = min_off(x, nfind(nm, "dedicated all copyright and related and neighboring rights to "
	                         "this software to the public domain worldwide"));
	consider(&b, "CC0-1.0", x);
	gnu_licenses(nm, &b);
	if (!b.id) {
		for (i = 0; i < sizeof(public_domain_phrases) / sizeof(public_domain_phrases[0]);
		     i++)
			consider(&b, "LicenseRef-public-domain",
			         nfind(nm, public_domain_phrases[i]));
		x = nfind(nm, "public domain");
		if (x != SIZE_MAX && (nfind(nm, "no copyright") != SIZE_MAX ||
		                      nfind(nm, "not copyrighted") != SIZE_MAX))
			consider(&b, "LicenseRef-public-domain", x);
	}
	*off = b.off;
	return b.id;
}

const char *notice_recognise_license(const char *text, size_t len, size_t *line)
{
	struct norm nm;
	const char *id;
	size_t off;

	if (line)
		*line = 0;
	if (!text || !len || norm_build(&nm, text, len))
		return NULL;
	id = recognise(&nm, &off);
	if (id && line && nm.nw)
		*line = nm.wline[norm_word(&nm, off)];
	norm_release(&nm);
	return id;
}

/* ---- the notice ---- */

/* Drop the items of a list from line `from` on. */
/*
 * "The code is modified for use in X", "the original header comment
 * follows", "original copyright notice follows", "this file incorporates
 * work covered by the following copyright": the rest is the original's
 * notice.
 */
static bool copy_marker_at(const char *s, size_t n)
{
	size_t p = ci_word(s, n, 0, "original"), f;

	if (ci_word(s, n, 0, "modified for use in") != SIZE_MAX ||
	    ci_word(s, n, 0, "modified for use with") != SIZE_MAX ||
	    ci_word(s, n, 0, "incorporates work covered by") != SIZE_MAX)
		return true;
	if (p == SIZE_MAX)
		return false;
	f = ci_word(s, n, p, "follows");
	return f != SIZE_MAX && word_count(s + p, f - p) <= 5;
}

static void drop_from(struct notice_item *arr, size_t *nr, size_t from)
{
	while (*nr && arr[*nr - 1].line >= from) {
		(*nr)--;
		free(arr[*nr].text);
		free(arr[*nr].years);
		free(arr[*nr].email);
	}
}

/*
 * Read the notice in buf, whose first line is line first_line. In a licence
 * file (whole_text), the licence's own wording ("a work based on the
 * Program", its examples of author lines) gives no authors or origins.
 */
static int analyse(struct notice *n, const char *buf, size_t len, size_t first_line,
                   bool whole_text)
{
	struct ctx c = {n, 0};
	struct lines L = {NULL, NULL, 0};
	const char *id;
	size_t i, ll;

	if (split_lines(buf, len, first_line, &L))
		return -1;
	for (i = 0; i < L.nr && !c.oom; i++) {
		const char *s = ltext(&L, i);
		size_t sn = L.v[i].n, took, p;

		if (!sn)
			continue;
		p = ci_word(s, sn, 0, "spdx-license-identifier");
		if (p != SIZE_MAX) {
			const char *v = s + p + 23;
			size_t vn = sn - p - 23;

			trim(&v, &vn);
			if (vn && v[0] == ':') {
				v++;
				vn--;
				trim(&v, &vn);
				push_item(&c, &n->spdx, &n->nr_spdx, v, vn, NULL, 0, L.v[i].line,
				          false);
			}
			continue;
		}
		if (!n->copy_marker && copy_marker_at(s, sn))
			n->copy_marker = L.v[i].line;
		take_origin(&c, &L, i);
		took = take_copyright(&c, &L, i);
		if (took) {
			i += took - 1;
			continue;
		}
		took = take_author(&c, &L, i);
		if (took)
			i += took - 1;
	}
	free(L.v);
	if (c.oom)
		return -1;
	id = notice_recognise_license(buf, len, &ll);
	if (id) {
		n->license = strdup(id);
		if (!n->license)
			return -1;
		n->license_line = ll + first_line - 1;
		n->public_domain = !strcmp(id, "LicenseRef-public-domain") ||
		                   !strcmp(id, "Unlicense") || !strcmp(id, "CC0-1.0");
		if (whole_text) {
			drop_from(n->origins, &n->nr_origins, n->license_line);
			drop_from(n->authors, &n->nr_authors, n->license_line);
		}
	}
	return 0;
}

static bool is_ident_char(char ch)
{
	return ascii_is_alnum((unsigned char)ch) || ch == '_';
}

/*
 * Is the directive at text[i] ('#') one that may precede or separate the
 * leading comments: "#pragma once", "#ifndef ID", "#define ID"?
 */
static bool harmless_directive(const char *text, size_t len, size_t i)
{
	size_t p = i + 1, w, e;
	bool define;

	while (p < len && is_blank((unsigned char)text[p]))
		p++;
	for (w = p; p < len && is_ident_char(text[p]); p++)
		;
	if (ci_eq(text + w, p - w, "pragma")) {
		while (p < len && is_blank((unsigned char)text[p]))
			p++;
		return len - p >= 4 && !memcmp(text + p, "once", 4) &&
		       (p + 4 == len || !is_ident_char(text[p + 4]));
	}
	define = p - w == 6 && !memcmp(text + w, "define", 6);
	if (!define && !(p - w == 6 && !memcmp(text + w, "ifndef", 6)))
		return false;
	while (p < len && is_blank((unsigned char)text[p]))
		p++;
	for (e = p; e < len && is_ident_char(text[e]); e++)
		;
	if (e == p)
		return false;
	while (e < len && is_blank((unsigned char)text[e]))
		e++;
	/* an include guard names nothing more (a comment may follow) */
	return e == len || text[e] == '\n' ||
	       (text[e] == '/' && e + 1 < len && (text[e + 1] == '/' || text[e + 1] == '*'));
}

#define NOTICE_MAX_BLOCKS 64

/*
 * Copy the text of a comment that starts at text[i] (after its opening
 * characters) into cb, counting lines in *line. Returns where it ends: the
 * '*' of a block comment's closing, the newline of a // comment, or limit.
 * Past line max_line it stops there, with *stopped set.
 */
static size_t copy_comment(const char *text, size_t limit, size_t i, bool block, size_t *line,
                           size_t max_line, char *cb, bool *stopped)
{
	for (; i < limit; i++) {
		if (block && text[i] == '*' && i + 1 < limit && text[i + 1] == '/')
			break;
		if (text[i] == '\n') {
			if (!block)
				break;
			if (++*line > max_line) {
				*stopped = true;
				break;
			}
			continue;
		}
		cb[i] = text[i] ? text[i] : ' ';
	}
	return i;
}

/* Each item's block: the last block starting at or before its line. */
static void set_blocks(struct notice *n, const size_t *starts, size_t nr)
{
	struct {
		struct notice_item *v;
		size_t nr;
	} lists[] = {
		{n->copyrights, n->nr_copyrights}, {n->holders, n->nr_holders},
		{n->spdx, n->nr_spdx},             {n->origins, n->nr_origins},
		{n->authors, n->nr_authors},
	};

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (size_t k = 0; k < lists[l].nr; k++) {
			unsigned b = 0;

			while (b + 1 < nr && starts[b + 1] <= lists[l].v[k].line)
				b++;
			lists[l].v[k].block = b;
		}
}

/* Does s[0..n) hold lit (lower case), ignoring case? */
static bool ci_contains(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);

	for (size_t i = 0; i + m <= n; i++)
		if (to_lower((unsigned char)s[i]) == (unsigned char)lit[0] && !strncasecmp(s + i, lit, m))
			return true;
	return false;
}

/* Is there a URL in s[0..n)? */
static bool has_url(const char *s, size_t n)
{
	return memmem(s, n, "http://", 7) || memmem(s, n, "https://", 8) ||
	       memmem(s, n, "ftp://", 6);
}

/*
 * Keep a comment block found below the code as one of n's later notices
 * when it states something (see notice.h). cb[from..to) is the block's
 * text (comment text only) starting at line `line`. -1 out of memory.
 */
static int take_later(struct notice *n, const char *cb, size_t from, size_t to, size_t line)
{
	/* what a notice cannot do without: most comments in code hold none */
	static const char *const cues[] = {
		"copyright", "(c)",          "\xc2\xa9",       "licen",      "permission",
		"redistribution", "public domain", "unencumbered", "://",   "original",
		"incorporates",   "modified for use",
	};
	struct notice t, *nl;
	bool keep = false;

	if (n->nr_later >= NOTICE_MAX_LATER)
		return 0; /* bounded: no more are kept, none is analysed */
	for (size_t k = 0; k < sizeof(cues) / sizeof(cues[0]) && !keep; k++)
		keep = ci_contains(cb + from, to - from, cues[k]);
	if (!keep)
		return 0;
	notice_init(&t);
	if (analyse(&t, cb + from, to - from, line, false)) {
		notice_release(&t);
		return -1;
	}
	keep = t.nr_copyrights || t.license || t.copy_marker ||
	       (t.nr_origins && has_url(cb + from, to - from));
	if (!keep || n->nr_later >= NOTICE_MAX_LATER) {
		notice_release(&t);
		return 0;
	}
	nl = realloc(n->later, (n->nr_later + 1) * sizeof(*nl));
	if (!nl) {
		notice_release(&t);
		return -1;
	}
	n->later = nl;
	t.first_line = line;
	for (size_t k = from; k < to; k++)
		t.last_line += cb[k] == '\n';
	t.last_line += line;
	n->later[n->nr_later++] = t;
	return 0;
}

/* Skip a string or character literal at text[*i] (its quote): to its end, never over a line end. */
static void skip_literal(const char *text, size_t limit, size_t *i, size_t *line)
{
	char q = text[*i];

	for ((*i)++; *i < limit && text[*i] != q && text[*i] != '\n'; (*i)++) {
		if (text[*i] == '\\' && *i + 1 < limit) {
			(*i)++;
			if (text[*i] == '\n')
				(*line)++; /* a continued line */
		}
	}
	if (*i < limit && text[*i] == q)
		(*i)++;
}

/*
 * The comment blocks of text[i..limit) (code, from line `line` on): a
 * block comment, or a run of // comments each alone on consecutive lines.
 * Each that states a notice becomes one of n's later notices. cb is a
 * blank copy of text (newlines kept) to write comment text into.
 */
static int later_notices(struct notice *n, const char *text, size_t limit, size_t i,
                         size_t line, char *cb)
{
	size_t bstart = SIZE_MAX, bline = 0, bend = 0, last_line_comment = 0, line_start = i;
	bool at_line_start = true;

	while (i < limit) {
		char ch = text[i];

		if (ch == '\n') {
			line++;
			line_start = ++i;
			at_line_start = true;
			continue;
		}
		if (is_blank((unsigned char)ch)) {
			i++;
			continue;
		}
		if (ch == '/' && i + 1 < limit && (text[i + 1] == '*' || text[i + 1] == '/')) {
			bool block = text[i + 1] == '*';
			bool joins = !block && at_line_start && bstart != SIZE_MAX &&
			             last_line_comment + 1 == line;

			if (!joins) {
				if (bstart != SIZE_MAX && take_later(n, cb, bstart, bend, bline))
					return -1;
				bstart = line_start;
				bline = line;
			}
			i = copy_comment(text, limit, i + 2, block, &line, SIZE_MAX, cb, NULL);
			bend = i;
			if (block) {
				i = i < limit ? i + 2 : limit;
				last_line_comment = 0;
			} else {
				last_line_comment = at_line_start ? line : 0;
			}
			at_line_start = false;
			continue;
		}
		at_line_start = false;
		if (ch == '"' || ch == '\'')
			skip_literal(text, limit, &i, &line);
		else
			i++;
	}
	if (bstart != SIZE_MAX && take_later(n, cb, bstart, bend, bline))
		return -1;
	return 0;
}

int notice_parse(const char *text, size_t len, struct notice *n)
{
	struct strbuf cb = STRBUF_INIT;
	size_t i = 0, line = 1, end = 0, first = 0, last = 0, limit, k, nr_blocks = 0;
	size_t starts[NOTICE_MAX_BLOCKS], line_comment_end = 0;
	bool found = false, stop = false;
	int r;

	notice_release(n);
	if (!text || !len)
		return 1;
	limit = len < NOTICE_MAX_PREFIX ? len : NOTICE_MAX_PREFIX;
	if (strbuf_grow(&cb, limit + 1))
		return -1;
	/* a copy where only comment text remains, every newline kept */
	for (k = 0; k < limit; k++)
		cb.buf[k] = text[k] == '\n' ? '\n' : ' ';
	cb.len = limit;
	cb.buf[limit] = '\0';
	if (limit >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		i = 3;
	if (limit - i >= 2 && text[i] == '#' && text[i + 1] == '!')
		while (i < limit && text[i] != '\n')
			i++;
	while (!stop) {
		while (i < limit && (is_blank((unsigned char)text[i]) || text[i] == '\n')) {
			if (text[i] == '\n')
				line++;
			i++;
		}
		if (i >= limit || line > NOTICE_MAX_LINES)
			break;
		if (text[i] == '/' && i + 1 < limit && (text[i + 1] == '*' || text[i + 1] == '/')) {
			bool block = text[i + 1] == '*';

			if (!found)
				first = line;
			found = true;
			/* a new block, unless a // line continues the run above it */
			if ((block || line_comment_end + 1 != line) && nr_blocks < NOTICE_MAX_BLOCKS)
				starts[nr_blocks++] = line;
			i = copy_comment(text, limit, i + 2, block, &line, NOTICE_MAX_LINES, cb.buf,
			                 &stop);
			end = i;
			last = stop ? line - 1 : line;
			line_comment_end = block ? 0 : line;
			if (block && i < limit && !stop)
				i += 2; /* the closing star and slash */
			else if (block)
				stop = true; /* unterminated: it runs to the bound */
		} else if (text[i] == '#' && harmless_directive(text, limit, i)) {
			while (i < limit && text[i] != '\n')
				i++;
		} else {
			break;
		}
	}
	r = found ? analyse(n, cb.buf, end, 1, false) : 0;
	if (!r && found)
		set_blocks(n, starts, nr_blocks);
	/* below the code: a blank copy again, for the later blocks alone */
	if (!r && !stop && i < limit) {
		for (k = 0; k < limit; k++)
			cb.buf[k] = text[k] == '\n' ? '\n' : ' ';
		r = later_notices(n, text, limit, i, line, cb.buf);
	}
	strbuf_release(&cb);
	if (r) {
		notice_release(n);
		return -1;
	}
	if (!found && !n->nr_later)
		return 1;
	n->first_line = first;
	n->last_line = last;
	return 0;
}

int notice_parse_license_text(const char *text, size_t len, struct notice *n)
{
	struct strbuf cb = STRBUF_INIT;
	size_t k, lines = 1;
	int r;

	notice_release(n);
	if (!text || !len)
		return 1;
	if (len > NOTICE_MAX_LICENSE_FILE)
		len = NOTICE_MAX_LICENSE_FILE;
	if (strbuf_add(&cb, text, len))
		return -1;
	for (k = 0; k < cb.len; k++) {
		if (!cb.buf[k])
			cb.buf[k] = ' ';
		lines += cb.buf[k] == '\n';
	}
	r = analyse(n, cb.buf, cb.len, 1, true);
	strbuf_release(&cb);
	if (r) {
		notice_release(n);
		return -1;
	}
	n->first_line = 1;
	n->last_line = len && text[len - 1] == '\n' ? lines - 1 : lines;
	return 0;
}

int notice_read_file(const char *path, struct notice *n, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	notice_release(n);
	if (strbuf_read_prefix(&sb, path, NOTICE_MAX_PREFIX, err)) {
		strbuf_release(&sb);
		return -1;
	}
	r = notice_parse(sb.buf, sb.len, n);
	strbuf_release(&sb);
	if (r < 0 && err)
		strbuf_addf(err, "%s: out of memory", path);
	return r;
}

int notice_read_license_file(const char *path, struct notice *n, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	notice_release(n);
	if (strbuf_read_prefix(&sb, path, NOTICE_MAX_LICENSE_FILE, err)) {
		strbuf_release(&sb);
		return -1;
	}
	r = notice_parse_license_text(sb.buf, sb.len, n);
	strbuf_release(&sb);
	if (r < 0 && err)
		strbuf_addf(err, "%s: out of memory", path);
	return r;
}
