/* SPDX-License-Identifier: Apache-2.0 */
/* Origin statements: "derived from X", "based on X", "this file is part of X" ... */
#include "notice_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- origins ---- */

static const char *const origin_verbs[] = {
	"adapted from",	 "based on",	  "based upon",	     "borrowed from",	    "copied from",
	"copied out of", "derived from",  "extracted from",  "forked from",	    "imported from",
	"modified from", "obtained from", "originally from", "modified version of", "part of",
	"port of",	 "ported from",	  "taken from",
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
	"and",	"any",	   "covered", "each", "her",	 "his",	     "it",
	"its",	"library", "or",      "our",  "program", "programs", "software",
	"such", "that",	   "their",   "them", "these",	 "this",     "those",
	"what", "whether", "which",   "work", "works",	 "you",	     "your",
};

static const char *const part_of_generic[] = {
	"distribution", "framework", "library", "package",
	"project",	"software",  "suite",	"toolkit",
};

static const char *const part_of_subjects[] = {
	"code", "file", "header", "library", "module", "program", "software", "source",
};

/* The word before position p in s: into *w, *wn; false when none. */
static bool word_before(const char *s, size_t p, const char **w, size_t *wn)
{
	size_t e = p, b;

	while (e > 0 && nt_is_blank((unsigned char)s[e - 1]))
		e--;
	b = e;
	while (b > 0 && !nt_is_blank((unsigned char)s[b - 1]))
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
		    (i + 1 == n || nt_is_blank((unsigned char)s[i + 1]))) {
			/* "Todd C. Miller": a single capital before the dot is an initial */
			if (ch == '.' && i + 1 < n && i >= 1 &&
			    ascii_is_upper((unsigned char)s[i - 1]) &&
			    (i == 1 || nt_is_blank((unsigned char)s[i - 2])))
				continue;
			return i;
		}
	}
	return n;
}

/* Does an object go on over the next line: empty, or ending in "the", "of", ","...? */
static bool open_ended(const char *s, size_t n)
{
	static const char *const joins[] = {
		"a", "an", "and", "by", "from", "in", "of", "on", "the"
	};
	const char *w;
	size_t wn;

	while (n && (nt_is_blank((unsigned char)s[n - 1]) || s[n - 1] == ':'))
		n--;
	if (!n || strchr(",-(", s[n - 1]))
		return true;
	return word_before(s, n, &w, &wn) && IN_LIST(w, wn, joins);
}

/* Words before "based on" that make it a statement of derivation ("code based on X"). */
static const char *const based_subjects[] = {
	"are",	   "code",    "file",	 "functions", "heavily",  "implementation", "is",
	"largely", "library", "loosely", "mostly",    "module",	  "originally",	    "partially",
	"partly",  "port",    "program", "routine",   "routines", "software",	    "source",
	"version", "was",     "were",	 "work",      "closely",  "directly",	    "it",
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
	return IN_LIST(w, nt_bare_len(w, wn), based_subjects);
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
		p = nt_ci_word(s, n, p, "modified");
		if (p == SIZE_MAX)
			return SIZE_MAX;
		if (p == 0 || (p >= 2 && s[p - 2] == '.' && nt_is_blank((unsigned char)s[p - 1])))
			break;
		p++;
	}
	if (memcmp(s + p, "Modified", 8))
		return SIZE_MAX; /* a sentence's first word is capitalised */
	k = p + 8;
	if (!nt_next_word(s, n, &k, &w, &wn) || !ascii_is_upper((unsigned char)w[0]) ||
	    IN_LIST(w, nt_bare_len(w, wn), modified_nonames))
		return SIZE_MAX;
	return (size_t)(w - s);
}

/* An origin statement in line i: 1 when one was taken. */
size_t nt_take_origin(struct nt_ctx *c, const struct nt_lines *L, size_t i)
{
	const char *s = nt_ltext(L, i);
	size_t n = L->v[i].n, v, best = SIZE_MAX, bestlen = 0;
	bool part = false;
	struct strbuf obj = STRBUF_INIT;
	const char *o, *w;
	size_t on, wn, j, k;

	for (v = 0; v < sizeof(origin_verbs) / sizeof(origin_verbs[0]); v++) {
		size_t from = 0, p;

		while ((p = nt_ci_word(s, n, from, origin_verbs[v])) != SIZE_MAX) {
			from = p + 1;
			if (negated(s, p, i ? nt_ltext(L, i - 1) : NULL, i ? L->v[i - 1].n : 0))
				continue;
			/* "complexity can be derived from 3 variables": a possibility, no origin */
			if (word_before(s, p, &w, &wn) && nt_ci_eq(w, wn, "be"))
				continue;
			if (!strncmp(origin_verbs[v], "based", 5) && !based_on_subject(s, p))
				continue; /* "which we seek based on uid": no derivation */
			if (!strcmp(origin_verbs[v], "part of")) {
				if (!word_before(s, p, &w, &wn) ||
				    !(nt_ci_eq(w, wn, "is") || nt_ci_eq(w, wn, "are") ||
				      nt_ci_eq(w, wn, "was")))
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
		    nt_is_special(nt_ltext(L, j), L->v[j].n) || !open_ended(obj.buf, obj.len))
			break;
		if (strbuf_addch(&obj, ' ') || strbuf_add(&obj, nt_ltext(L, j), L->v[j].n))
			goto nomem;
	}
	o = obj.buf;
	on = sentence_len(obj.buf, obj.len);
	nt_trim(&o, &on);
	while (on && (o[0] == ':' || nt_is_blank((unsigned char)o[0]))) {
		o++;
		on--;
	}
	while (on && strchr(",:", o[on - 1]))
		on--;
	k = 0;
	if (nt_next_word(o, on, &k, &w, &wn) &&
	    (nt_ci_eq(w, wn, "the") || nt_ci_eq(w, wn, "a") || nt_ci_eq(w, wn, "an"))) {
		if (part && !nt_ci_eq(w, wn, "the"))
			goto none; /* "is part of a larger whole" */
		o += k;
		on -= k;
		nt_trim(&o, &on);
	}
	if (!on || !(ascii_is_alnum((unsigned char)o[0]) || (unsigned char)o[0] >= 0x80 ||
		     strchr("\"'`<", o[0])))
		goto none;
	k = 0;
	if (!nt_next_word(o, on, &k, &w, &wn))
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
			subject = IN_LIST(subj, nt_bare_len(subj, sn), part_of_subjects);
		if (word_before(o, on, &lw, &ln) &&
		    IN_LIST(lw, nt_bare_len(lw, ln), part_of_generic)) {
			generic = true;
			/* "the Widget project" is Widget; "the GNU C Library" keeps its name */
			if (lw > o && !ascii_is_upper((unsigned char)lw[0])) {
				on = (size_t)(lw - o);
				nt_trim(&o, &on);
			}
		}
		if (!generic && !subject)
			goto none;
	}
	nt_push_item(c, &c->n->origins, &c->n->nr_origins, o, on, NULL, 0, L->v[i].line, false);
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
