/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Debian's licence short names (DEP-5, debian/copyright) as SPDX: the map
 * and the translation of a DEP-5 License expression (dep5.h).
 */
#include "dep5.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "banned.h"

/* DEP-5 separates the words of an expression with blanks and tabs. */
static bool dep5_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Deliberately not mapped (they come out as LicenseRef-NAME, listed in
 * pkg_license.unmapped, for a human to read the text):
 *   MIT       DEP-5: "There are many versions of the MIT license. Please
 *             use Expat instead, when it matches": it names no one text.
 *   BSD, GPL, LGPL, Apache (no version or clause count): which one is unknown.
 *   Perl      DEP-5 says to write "GPL-1+ or Artistic" instead.
 *   libpng    libpng's old licence or libpng-2.0, depending on the release.
 */
/* Sorted by strcasecmp on the Debian name; tests/unit/test_pkgdb.c checks it and the ids. */
const struct deb_license_map deb_license_map[] = {
	{ "0BSD", "0BSD", "same name" },
	{ "AFL-2.0", "AFL-2.0", "same name (Academic Free License)" },
	{ "AFL-2.1", "AFL-2.1", "same name (Academic Free License)" },
	{ "AFL-3.0", "AFL-3.0", "same name (Academic Free License)" },
	{ "AGPL-3", "AGPL-3.0-only", "DEP-5: a version without '+' means that version only" },
	{ "AGPL-3+", "AGPL-3.0-or-later", "DEP-5 '+': that version or any later one" },
	{ "Apache-1.0", "Apache-1.0", "same name" },
	{ "Apache-1.1", "Apache-1.1", "same name" },
	{ "APACHE-2-LLVM-EXCEPTIONS", "Apache-2.0 WITH LLVM-exception",
	  "llvm-toolchain's name for Apache 2.0 with the LLVM exceptions (its License text says "
	  "so)" },
	{ "Apache-2.0", "Apache-2.0", "same name" },
	{ "Artistic", "Artistic-1.0-Perl",
	  "common-licenses/Artistic is Perl's Artistic License 1.0 (clause 8, aggregation)" },
	{ "Artistic-2.0", "Artistic-2.0", "same name" },
	{ "BSD-2-clause", "BSD-2-Clause", "same licence, SPDX capitalises Clause" },
	{ "BSD-3-clause", "BSD-3-Clause", "same licence, SPDX capitalises Clause" },
	{ "BSD-4-clause", "BSD-4-Clause", "same licence, SPDX capitalises Clause" },
	{ "BSL-1.0", "BSL-1.0", "same name (Boost Software License 1.0)" },
	{ "CC-BY-3.0", "CC-BY-3.0", "same name" },
	{ "CC-BY-4.0", "CC-BY-4.0", "same name" },
	{ "CC-BY-SA-3.0", "CC-BY-SA-3.0", "same name" },
	{ "CC-BY-SA-4.0", "CC-BY-SA-4.0", "same name" },
	{ "CC0-1.0", "CC0-1.0", "same name" },
	{ "CDDL-1.0", "CDDL-1.0", "same name" },
	{ "CDDL-1.1", "CDDL-1.1", "same name" },
	{ "curl", "curl", "same name (the curl licence)" },
	{ "EPL-1.0", "EPL-1.0", "same name" },
	{ "EPL-2.0", "EPL-2.0", "same name" },
	{ "Expat", "MIT", "DEP-5's Expat is the text SPDX calls MIT" },
	{ "FTL", "FTL", "same name (FreeType License)" },
	{ "GFDL-1.2", "GFDL-1.2-only", "no '+': that version only" },
	{ "GFDL-1.2+", "GFDL-1.2-or-later", "'+': or any later version" },
	{ "GFDL-1.3", "GFDL-1.3-only", "no '+': that version only" },
	{ "GFDL-1.3+", "GFDL-1.3-or-later", "'+': or any later version" },
	{ "GPL-1", "GPL-1.0-only", "no '+': that version only" },
	{ "GPL-1+", "GPL-1.0-or-later", "'+': or any later version" },
	{ "GPL-2", "GPL-2.0-only", "no '+': that version only" },
	{ "GPL-2+", "GPL-2.0-or-later", "'+': or any later version" },
	{ "GPL-3", "GPL-3.0-only", "no '+': that version only" },
	{ "GPL-3+", "GPL-3.0-or-later", "'+': or any later version" },
	{ "ISC", "ISC", "same name" },
	{ "LGPL-2", "LGPL-2.0-only", "LGPL 2 is the Library GPL 2.0; no '+': that version only" },
	{ "LGPL-2+", "LGPL-2.0-or-later",
	  "LGPL 2 is the Library GPL 2.0; '+': or any later version" },
	{ "LGPL-2.1", "LGPL-2.1-only", "no '+': that version only" },
	{ "LGPL-2.1+", "LGPL-2.1-or-later", "'+': or any later version" },
	{ "LGPL-3", "LGPL-3.0-only", "no '+': that version only" },
	{ "LGPL-3+", "LGPL-3.0-or-later", "'+': or any later version" },
	{ "LPPL-1.3c", "LPPL-1.3c", "same name" },
	{ "MIT-0", "MIT-0", "same name (MIT No Attribution)" },
	{ "MPL-1.1", "MPL-1.1", "same name" },
	{ "MPL-2.0", "MPL-2.0", "same name" },
	{ "MS-PL", "MS-PL", "same name" },
	{ "OpenLDAP-2.8", "OLDAP-2.8", "SPDX spells the OpenLDAP Public License OLDAP" },
	{ "OpenSSL", "OpenSSL", "same name (the OpenSSL/SSLeay dual licence)" },
	{ "PostgreSQL", "PostgreSQL", "same name" },
	{ "PSF-2", "PSF-2.0", "Python Software Foundation License 2; SPDX adds .0" },
	{ "public-domain", "LicenseRef-public-domain",
	  "not a licence: SPDX has no id, a LicenseRef keeps it visible" },
	{ "SIL-OFL-1.0", "OFL-1.0", "SPDX drops the SIL- prefix" },
	{ "SIL-OFL-1.1", "OFL-1.1", "SPDX drops the SIL- prefix" },
	{ "Sleepycat", "Sleepycat", "same name" },
	{ "Unlicense", "Unlicense", "same name" },
	{ "Vim", "Vim", "same name" },
	{ "W3C", "W3C", "same name" },
	{ "WTFPL", "WTFPL", "same name" },
	{ "X11", "X11", "same name" },
	{ "Zlib", "Zlib", "same name" },
	{ "ZPL-2.1", "ZPL-2.1", "same name" },
};
const size_t deb_license_map_nr = sizeof(deb_license_map) / sizeof(deb_license_map[0]);

struct deb_exception {
	const char *debian;	 /* the words between "with" and "exception", '-'-joined */
	const char *base_prefix; /* the SPDX licence it may follow */
	const char *spdx;
};

/* "GPL-2+ with Autoconf exception" -> "GPL-2.0-or-later WITH Autoconf-exception-2.0". */
static const struct deb_exception deb_exceptions[] = {
	{ "Autoconf", "GPL-2.0", "Autoconf-exception-2.0" },
	{ "Autoconf", "GPL-3.0", "Autoconf-exception-3.0" },
	{ "Bison", "GPL-", "Bison-exception-2.2" },
	{ "Classpath", "GPL-2.0", "Classpath-exception-2.0" },
	{ "Font", "GPL-", "Font-exception-2.0" },
	{ "GCC", "GPL-3.0", "GCC-exception-3.1" },
	{ "Libtool", "GPL-", "Libtool-exception" },
	{ "LLVM", "Apache-2.0", "LLVM-exception" },
};

static int map_cmp(const void *key, const void *elem)
{
	return strcasecmp(key, ((const struct deb_license_map *)elem)->debian);
}

/*
 * The SPDX id of one Debian short name, or NULL. SPDX-style suffixes are
 * accepted ("-only" dropped, "-or-later" is "+"), and "GPL-2.0" is "GPL-2"
 * for the GPL family.
 */
static const char *map_short_name(const char *name, size_t n)
{
	static const char *const families[] = { "GPL-", "LGPL-", "AGPL-", "GFDL-" };
	char buf[128];
	const struct deb_license_map *m;
	size_t i, len = n;

	if (n >= sizeof(buf) - 2)
		return NULL;
	memcpy(buf, name, n);
	buf[n] = '\0';
	if (len > 5 && !strcasecmp(buf + len - 5, "-only"))
		buf[len -= 5] = '\0';
	else if (len > 9 && !strcasecmp(buf + len - 9, "-or-later")) {
		len -= 9;
		buf[len++] = '+';
		buf[len] = '\0';
	}
	for (i = 0; i < sizeof(families) / sizeof(*families); i++) {
		size_t fl = strlen(families[i]), d = fl;

		if (strncasecmp(buf, families[i], fl))
			continue;
		while (d < len && ascii_is_digit(buf[d]))
			d++;
		if (d > fl && buf[d] == '.' && buf[d + 1] == '0' &&
		    (buf[d + 2] == '\0' || (buf[d + 2] == '+' && buf[d + 3] == '\0'))) {
			memmove(buf + d, buf + d + 2, len - d - 1);
			len -= 2;
		}
		break;
	}
	m = bsearch(buf, deb_license_map, deb_license_map_nr, sizeof(*m), map_cmp);
	return m ? m->spdx : NULL;
}

/* "LicenseRef-" and name with runs of other characters than letters, digits and '.' as one '-'. */
static int add_licenseref(struct strbuf *out, const char *name, size_t n)
{
	size_t i, start;

	if (strbuf_addstr(out, "LicenseRef-"))
		return -1;
	start = out->len;
	for (i = 0; i < n; i++) {
		char c = ascii_is_alnum(name[i]) || name[i] == '.' ? name[i] : '-';

		if (c == '-' && (out->len == start || out->buf[out->len - 1] == '-'))
			continue;
		if (strbuf_addch(out, c))
			return -1;
	}
	while (out->len > start && out->buf[out->len - 1] == '-')
		out->buf[--out->len] = '\0';
	if (out->len == start && strbuf_addstr(out, "unnamed"))
		return -1;
	return 0;
}

static int push_unique(struct strvec *sv, const char *s, size_t n)
{
	size_t i;

	if (!sv)
		return 0;
	for (i = 0; i < sv->nr; i++)
		if (strlen(sv->v[i]) == n && !memcmp(sv->v[i], s, n))
			return 0;
	return strvec_pushn(sv, s, n);
}

struct tok {
	const char *p;
	size_t n;
	bool comma; /* followed by ',' */
};

#define MAX_LICENSE_TOKENS 256

static bool tok_is(const struct tok *t, const char *w)
{
	return t->n == strlen(w) && !strncasecmp(t->p, w, t->n);
}

static bool tok_is_op(const struct tok *t)
{
	return tok_is(t, "and") || tok_is(t, "or");
}

/* One term "NAME [with WORDS exception]" as SPDX into out. */
static int map_term(const struct tok *name, const struct tok *exc, size_t nexc, struct strbuf *out,
		    struct strvec *unmapped)
{
	const char *base = map_short_name(name->p, name->n);
	struct strbuf words = STRBUF_INIT, whole = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (!nexc) {
		if (base) {
			ret = strbuf_addstr(out, base);
		} else {
			ret = add_licenseref(out, name->p, name->n);
			if (!ret)
				ret = push_unique(unmapped, name->p, name->n);
		}
		return ret;
	}
	for (i = 0; i < nexc; i++)
		if ((i && strbuf_addch(&words, '-')) || strbuf_add(&words, exc[i].p, exc[i].n))
			goto cleanup;
	if (base && !strstr(base, " WITH ")) {
		for (i = 0; i < sizeof(deb_exceptions) / sizeof(*deb_exceptions); i++) {
			const struct deb_exception *e = &deb_exceptions[i];

			if (strcasecmp(words.buf, e->debian) ||
			    strncmp(base, e->base_prefix, strlen(e->base_prefix)))
				continue;
			ret = strbuf_addf(out, "%s WITH %s", base, e->spdx);
			goto cleanup;
		}
	}
	if (strbuf_add(&whole, name->p, name->n) ||
	    strbuf_addf(&whole, "-with-%s-exception", words.buf))
		goto cleanup;
	if (add_licenseref(out, whole.buf, whole.len))
		goto cleanup;
	strbuf_reset(&whole);
	if (strbuf_add(&whole, name->p, name->n) ||
	    strbuf_addf(&whole, " with %s exception", words.buf))
		goto cleanup;
	ret = push_unique(unmapped, whole.buf, whole.len);
cleanup:
	strbuf_release(&words);
	strbuf_release(&whole);
	return ret;
}

/* expr into toks, split at blanks and at commas (flagged on the token before); 1 if malformed. */
static int tokenize(const char *expr, struct tok *toks, size_t *ntp)
{
	const char *p = expr;
	size_t nt = 0;

	while (*p) {
		const char *s;

		while (dep5_is_blank(*p))
			p++;
		if (!*p)
			break;
		s = p;
		while (*p && !dep5_is_blank(*p) && *p != ',')
			p++;
		if (p > s) {
			if (nt == MAX_LICENSE_TOKENS)
				return 1;
			toks[nt].p = s;
			toks[nt].n = (size_t)(p - s);
			toks[nt].comma = false;
			nt++;
		}
		if (*p == ',') {
			if (!nt || toks[nt - 1].comma)
				return 1;
			toks[nt - 1].comma = true;
			p++;
		}
	}
	*ntp = nt;
	return nt ? 0 : 1;
}

/*
 * The term "NAME [with WORDS exception]" at toks[*i]: *name, the words
 * *exc..+*nexc, *comma when a comma follows; *i moves past it. 1 if not a term.
 */
static int read_term(const struct tok *toks, size_t nt, size_t *i, const struct tok **name,
		     const struct tok **exc, size_t *nexc, bool *comma)
{
	*name = &toks[*i];
	*exc = NULL;
	*nexc = 0;
	if (tok_is_op(*name) || tok_is(*name, "with"))
		return 1;
	(*i)++;
	*comma = (*name)->comma;
	if (!*comma && *i < nt && tok_is(&toks[*i], "with")) {
		(*i)++;
		*exc = &toks[*i];
		while (*i < nt && !tok_is(&toks[*i], "exception")) {
			if (toks[*i].comma || tok_is_op(&toks[*i]))
				return 1;
			(*i)++;
			(*nexc)++;
		}
		if (*i == nt || !*nexc)
			return 1;
		*comma = toks[*i].comma;
		(*i)++;
	}
	return 0;
}

/*
 * A finished group grp (of grp_terms terms) joined to the result so far
 * (groups groups, joined by group_op), parenthesised where needed. -1 when
 * out of memory.
 */
static int add_group(struct strbuf *res, bool *res_complex, const struct strbuf *grp,
		     size_t grp_terms, size_t groups, const char *group_op)
{
	if (!groups) {
		if (strbuf_add(res, grp->buf, grp->len))
			return -1;
		*res_complex = grp_terms > 1;
	} else {
		struct strbuf t = STRBUF_INIT;

		if (strbuf_addf(&t, *res_complex ? "(%s) %s " : "%s %s ", res->buf, group_op) ||
		    strbuf_addf(&t, grp_terms > 1 ? "(%s)" : "%s", grp->buf)) {
			strbuf_release(&t);
			return -1;
		}
		strbuf_release(res);
		*res = t;
		*res_complex = true;
	}
	return 0;
}

int deb_license_to_spdx(const char *expr, struct strbuf *out, struct strvec *unmapped)
{
	struct tok toks[MAX_LICENSE_TOKENS];
	struct strbuf res = STRBUF_INIT, grp = STRBUF_INIT;
	size_t nt = 0, i = 0, unmapped_before = unmapped ? unmapped->nr : 0;
	size_t grp_terms = 0, groups = 0;
	bool res_complex = false;
	const char *group_op = NULL;
	int ret = -1;

	if (tokenize(expr, toks, &nt))
		goto notexpr;
	while (i < nt) {
		const struct tok *name, *exc;
		const char *inner_op = NULL;
		size_t nexc;
		bool comma;

		if (read_term(toks, nt, &i, &name, &exc, &nexc, &comma))
			goto notexpr;
		if (grp_terms && strbuf_addch(&grp, ' '))
			goto nomem;
		if (map_term(name, exc, nexc, &grp, unmapped))
			goto nomem;
		grp_terms++;
		if (i < nt && !comma) {
			if (!tok_is_op(&toks[i]) || toks[i].comma)
				goto notexpr; /* two names in a row: not an expression */
			inner_op = tok_is(&toks[i], "and") ? "AND" : "OR";
			if (strbuf_addf(&grp, " %s", inner_op))
				goto nomem;
			i++;
			if (i == nt)
				goto notexpr;
			continue;
		}
		/* the group ends */
		if (add_group(&res, &res_complex, &grp, grp_terms, groups, group_op))
			goto nomem;
		groups++;
		strbuf_reset(&grp);
		grp_terms = 0;
		if (i < nt) {
			if (!tok_is_op(&toks[i]) || toks[i].comma || i + 1 == nt)
				goto notexpr;
			group_op = tok_is(&toks[i], "and") ? "AND" : "OR";
			i++;
		}
	}
	ret = strbuf_add(out, res.buf, res.len);
	goto cleanup;
notexpr:
	ret = 1;
	goto cleanup;
nomem:
	ret = -1;
cleanup:
	if (ret && unmapped) {
		while (unmapped->nr > unmapped_before) {
			unmapped->nr--;
			free((char *)unmapped->v[unmapped->nr]);
			unmapped->v[unmapped->nr] = NULL;
		}
	}
	strbuf_release(&res);
	strbuf_release(&grp);
	return ret;
}
