/* SPDX-License-Identifier: Apache-2.0 */
/* The licence a text's wording expresses (notice_recognise_license). */
#include "notice_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define GPL_WINDOW   40 /* words after "GNU General Public License" for its version */
#define LATER_WINDOW 60 /* words after it for "any later version" */

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
			nm->s[nm->n++] = (char)nt_to_lower(c);
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
	{ "gnu general public license", GNU_GPL },
	{ "gnu lesser general public license", GNU_LGPL },
	{ "gnu library general public license", GNU_LIBGPL },
	{ "gnu affero general public license", GNU_AGPL },
};

static const struct {
	enum gnu_family fam;
	const char *version; /* normalised words, "" when none is stated */
	const char *only, *later;
} gnu_ids[] = {
	{ GNU_GPL, "", "GPL-1.0-or-later", "GPL-1.0-or-later" },
	{ GNU_GPL, "1", "GPL-1.0-only", "GPL-1.0-or-later" },
	{ GNU_GPL, "2", "GPL-2.0-only", "GPL-2.0-or-later" },
	{ GNU_GPL, "3", "GPL-3.0-only", "GPL-3.0-or-later" },
	{ GNU_LGPL, "", "LGPL-2.0-or-later", "LGPL-2.0-or-later" },
	{ GNU_LGPL, "2", "LGPL-2.0-only", "LGPL-2.0-or-later" },
	{ GNU_LGPL, "2 1", "LGPL-2.1-only", "LGPL-2.1-or-later" },
	{ GNU_LGPL, "3", "LGPL-3.0-only", "LGPL-3.0-or-later" },
	{ GNU_LIBGPL, "", "LGPL-2.0-or-later", "LGPL-2.0-or-later" },
	{ GNU_LIBGPL, "2", "LGPL-2.0-only", "LGPL-2.0-or-later" },
	{ GNU_AGPL, "", "AGPL-3.0-or-later", "AGPL-3.0-or-later" },
	{ GNU_AGPL, "3", "AGPL-3.0-only", "AGPL-3.0-or-later" },
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
	if (!an || an > 2 || !ascii_is_digit((unsigned char)a[0]) ||
	    !ascii_is_digit((unsigned char)a[an - 1]))
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
	"under the terms of", "licensed under",	 "licenced under", "released under",
	"distributed under",  "available under", "covered by",	   "licensed to you under",
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
				nfind_in(nm, "as published by the free software foundation",
					 fam_end, after) != SIZE_MAX ||
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

/*
 * The GPL with the additional permission a runtime or generated file
 * states, as one SPDX expression: gcc's runtime files (crtstuff, libgcc,
 * <stddef.h>) are under the GPL "with the GCC Runtime Library Exception",
 * Bison's skeletons under the GPL with its special exception; without it a
 * program linking them would look GPL-bound.
 */
static const char *with_exception(const struct norm *nm, const char *id)
{
	static const struct {
		const char *id, *phrase, *with;
	} exc[] = {
		{ "GPL-3.0-or-later",
		  "additional permissions described in the gcc runtime library exception version 3 "
		  "1",
		  "GPL-3.0-or-later WITH GCC-exception-3.1" },
		{ "GPL-3.0-only",
		  "additional permissions described in the gcc runtime library exception version 3 "
		  "1",
		  "GPL-3.0-only WITH GCC-exception-3.1" },
		{ "GPL-3.0-or-later",
		  "special exception you may create a larger work that contains part or all of the "
		  "bison parser skeleton",
		  "GPL-3.0-or-later WITH Bison-exception-2.2" },
		{ "GPL-2.0-or-later",
		  "special exception you may create a larger work that contains part or all of the "
		  "bison parser skeleton",
		  "GPL-2.0-or-later WITH Bison-exception-2.2" },
	};

	for (size_t i = 0; id && i < sizeof(exc) / sizeof(exc[0]); i++)
		if (!strcmp(id, exc[i].id) && nfind(nm, exc[i].phrase) != SIZE_MAX)
			return exc[i].with;
	return id;
}

static const char *recognise(const struct norm *nm, size_t *off)
{
	struct best b = { NULL, SIZE_MAX };
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
		if (nfind(nm, "all advertising materials mentioning features or use of this "
			      "software") != SIZE_MAX)
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
	consider(&b, "Unlicense",
		 nfind(nm,
		       "this is free and unencumbered software released into the public domain"));
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
	return with_exception(nm, b.id);
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
