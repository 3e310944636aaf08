/* SPDX-License-Identifier: Apache-2.0 */
/* Versions from C headers: macro names classified, values parsed, components put together. */
#include "version_probe_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "pathutil.h"

#include "banned.h"

/* ---- headers ---- */

/*
 * Replace C comments by spaces in place (newlines kept, so line numbers
 * stay), leaving string and character literals alone.
 */
static void strip_c_comments(char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == '"' || s[i] == '\'') {
			char q = s[i++];

			while (i < n && s[i] != q && s[i] != '\n') {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				i++;
			}
			if (i < n && s[i] == q)
				i++;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			s[i] = s[i + 1] = ' ';
			i += 2;
			while (i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/')) {
				if (s[i] != '\n')
					s[i] = ' ';
				i++;
			}
			if (i < n) {
				s[i] = ' ';
				if (i + 1 < n)
					s[i + 1] = ' ';
				i += 2;
			}
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n') {
				if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\n') {
					s[i] = ' ';
					i += 2; /* a // comment continues over a backslash-newline
						 */
					continue;
				}
				s[i++] = ' ';
			}
		} else {
			i++;
		}
	}
}

enum role {
	R_NONE,
	R_IGNORED, /* noted */
	R_BARE,	   /* PREFIX_VERSION: a string or a number */
	R_STRING,
	R_NUMBER,
	R_MAJOR,
	R_MINOR,
	R_PATCH,
	R_MICRO,
	R_REVISION,
	R_PATCHLEVEL,
};

#define NR_COMPONENTS 6 /* R_MAJOR .. R_PATCHLEVEL */

static const char *const deny_words[] = {
	"API",	    "ABI",   "PROTOCOL", "PROTO",  "SO",	 "FILE",	  "FORMAT",
	"SCHEMA",   "WIRE",  "DB",	 "MIN",	   "MINIMUM",	 "MAX",		  "MAXIMUM",
	"REQUIRED", "REQ",   "NEEDED",	 "COMPAT", "COMPATIBLE", "COMPATIBILITY", "TARGET",
	"GCC",	    "GNUC",  "CLANG",	 "MSC",	   "MSVC",	 "STDC",	  "CPLUSPLUS",
	"CXX",	    "POSIX", "XOPEN",	 "WINVER", "WIN32",	 "WINNT",	  "LINUX",
	"KERNEL",   "OS",    "CONFIG",	 "STRUCT", "CFG",	 "DATA",	  "CACHE",
};

struct word {
	const char *p;
	size_t n;
};

static bool word_is(const struct word *w, const char *s)
{
	return w->n == strlen(s) && !memcmp(w->p, s, w->n);
}

static enum role component_role(const struct word *w)
{
	if (word_is(w, "MAJOR"))
		return R_MAJOR;
	if (word_is(w, "MINOR"))
		return R_MINOR;
	if (word_is(w, "PATCH"))
		return R_PATCH;
	if (word_is(w, "MICRO"))
		return R_MICRO;
	if (word_is(w, "REVISION"))
		return R_REVISION;
	if (word_is(w, "PATCHLEVEL"))
		return R_PATCHLEVEL;
	return R_NONE;
}

/*
 * The role of macro name (see the header) and its prefix (the words before
 * VERSION, or before MAJOR in FOO_MAJOR_VERSION) into prefix. why is set
 * for R_IGNORED.
 */
static enum role classify(const char *name, size_t n, struct strbuf *prefix, const char **why)
{
	struct word w[32];
	size_t nw = 0, i, v = SIZE_MAX, end_prefix;
	const char *p = name, *e = name + n;
	enum role r;

	strbuf_reset(prefix);
	while (p < e) {
		const char *s = p;

		while (p < e && *p != '_')
			p++;
		if (p > s) {
			if (nw == sizeof(w) / sizeof(*w))
				return R_NONE;
			w[nw].p = s;
			w[nw].n = (size_t)(p - s);
			nw++;
		}
		while (p < e && *p == '_')
			p++;
	}
	for (i = 0; i < nw; i++)
		if (word_is(&w[i], "VERSION"))
			v = i;
	if (v == SIZE_MAX)
		return R_NONE;
	if (name[0] == '_') {
		*why = "a reserved name (compiler or C library)";
		return R_IGNORED;
	}
	for (i = 0; i < nw; i++) {
		size_t k;

		if (word_is(&w[i], "H") || word_is(&w[i], "HPP") || word_is(&w[i], "INCLUDED")) {
			*why = "an include guard";
			return R_IGNORED;
		}
		for (k = 0; k < sizeof(deny_words) / sizeof(*deny_words); k++) {
			if (word_is(&w[i], deny_words[k])) {
				*why = "another thing's version (API, ABI, protocol, format, "
				       "minimum, compiler, OS...)";
				return R_IGNORED;
			}
		}
	}
	end_prefix = v;
	if (v + 1 == nw) {
		r = v > 0 ? component_role(&w[v - 1]) : R_NONE;
		if (r != R_NONE)
			end_prefix = v - 1; /* FOO_MAJOR_VERSION */
		else
			r = R_BARE;
	} else if (v + 2 == nw) {
		const struct word *a = &w[v + 1];

		if (word_is(a, "STRING") || word_is(a, "STR") || word_is(a, "TEXT") ||
		    word_is(a, "FULL"))
			r = R_STRING;
		else if (word_is(a, "HEX") || word_is(a, "NUM") || word_is(a, "NUMBER") ||
			 word_is(a, "CODE"))
			r = R_NUMBER;
		else if ((r = component_role(a)) == R_NONE) {
			*why = "not a version value (a word after VERSION that is not STRING, "
			       "MAJOR, MINOR, PATCH, MICRO, REVISION, HEX, NUM...)";
			return R_IGNORED;
		}
	} else {
		*why = "not a version value (several words after VERSION)";
		return R_IGNORED;
	}
	for (i = 0; i < end_prefix; i++)
		if ((i && strbuf_addch(prefix, '_')) || strbuf_add(prefix, w[i].p, w[i].n))
			return R_NONE;
	return r;
}

enum vkind { V_OTHER, V_STRING, V_DEC, V_HEX };

/* Classify a macro value: a single string literal, decimal or hex integer. */
static enum vkind parse_value(const char *s, size_t n, const char **vp, size_t *vn,
			      unsigned long *num, size_t *hexdigits)
{
	const char *e = s + n;

	for (;;) {
		while (s < e && is_blank(*s))
			s++;
		while (e > s && is_blank(e[-1]))
			e--;
		if (e - s >= 2 && s[0] == '(' && e[-1] == ')') {
			s++;
			e--;
			continue;
		}
		break;
	}
	if (s < e && *s == '"') {
		const char *q = memchr(s + 1, '"', (size_t)(e - s - 1));

		if (!q || q + 1 != e || memchr(s + 1, '\\', (size_t)(q - s - 1)))
			return V_OTHER;
		*vp = s + 1;
		*vn = (size_t)(q - s - 1);
		return V_STRING;
	}
	if (s < e && ascii_is_digit(*s)) {
		const char *d = s;
		unsigned long v = 0;
		bool hex = e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
		size_t digits = 0;

		if (hex)
			d += 2;
		for (; d < e && (hex ? ascii_is_xdigit(*d) : ascii_is_digit(*d)); d++, digits++) {
			unsigned dv = ascii_is_digit(*d) ? (unsigned)(*d - '0')
							 : (unsigned)((*d | 0x20) - 'a' + 10);

			if (digits >= 15)
				return V_OTHER;
			v = v * (hex ? 16 : 10) + dv;
		}
		while (d < e && (*d == 'u' || *d == 'U' || *d == 'l' || *d == 'L'))
			d++;
		if (d != e || !digits)
			return V_OTHER;
		*num = v;
		*hexdigits = digits;
		return hex ? V_HEX : V_DEC;
	}
	return V_OTHER;
}

struct comp {
	unsigned long val[2];
	size_t line[2];
	int nr; /* distinct values seen: 0, 1 or 2 */
};

struct triplet {
	char *prefix;
	struct comp c[NR_COMPONENTS];
};

struct hexcand {
	char *prefix;
	char *name;
	unsigned long val;
	size_t digits, line;
};

struct hdr {
	struct triplet *t;
	size_t nt, at;
	struct hexcand *h;
	size_t nh, ah;
};

static struct triplet *get_triplet(struct hdr *h, const char *prefix)
{
	size_t i;

	for (i = 0; i < h->nt; i++)
		if (!strcmp(h->t[i].prefix, prefix))
			return &h->t[i];
	if (h->nt == h->at) {
		size_t n = h->at ? h->at * 2 : 4;
		struct triplet *nt = realloc(h->t, n * sizeof(*nt));

		if (!nt)
			return NULL;
		h->t = nt;
		h->at = n;
	}
	memset(&h->t[h->nt], 0, sizeof(h->t[h->nt]));
	h->t[h->nt].prefix = strdup(prefix);
	if (!h->t[h->nt].prefix)
		return NULL;
	return &h->t[h->nt++];
}

static void hdr_free(struct hdr *h)
{
	size_t i;

	for (i = 0; i < h->nt; i++)
		free(h->t[i].prefix);
	for (i = 0; i < h->nh; i++) {
		free(h->h[i].prefix);
		free(h->h[i].name);
	}
	free(h->t);
	free(h->h);
}

static void add_component(struct probe *pr, struct hdr *h, const char *prefix, enum role r,
			  unsigned long v, size_t line)
{
	struct triplet *t = get_triplet(h, prefix);
	struct comp *c;

	if (!t) {
		pr->oom = 1;
		return;
	}
	c = &t->c[r - R_MAJOR];
	if (c->nr >= 1 && c->val[0] == v)
		return;
	if (c->nr >= 2)
		return; /* already ambiguous */
	c->val[c->nr] = v;
	c->line[c->nr] = line;
	c->nr++;
}

static const char *const comp_names[NR_COMPONENTS] = {
	"MAJOR", "MINOR", "PATCH", "MICRO", "REVISION", "PATCHLEVEL",
};

/* Turn one file's triplets and hex numbers into evidence. */
static void finish_header(struct probe *pr, struct hdr *h, const char *rel)
{
	struct strbuf v = STRBUF_INIT, what = STRBUF_INIT;
	size_t i, k;

	for (i = 0; i < h->nt; i++) {
		struct triplet *t = &h->t[i];
		int third = -1, alt;

		if (!t->c[0].nr || !t->c[1].nr) {
			if (t->c[0].nr || t->c[1].nr || t->c[2].nr)
				vp_note(pr,
					"%s: %s%sVERSION components without both MAJOR and MINOR: "
					"ignored",
					rel, t->prefix, *t->prefix ? "_" : "");
			continue;
		}
		for (k = 2; k < NR_COMPONENTS; k++) {
			if (t->c[k].nr) {
				third = (int)k;
				break;
			}
		}
		/* one triplet per distinct value of an ambiguous component */
		for (alt = 0; alt < 2; alt++) {
			bool any_second = false;
			unsigned long M, m, p = 0;

			for (k = 0; k < NR_COMPONENTS; k++)
				if (t->c[k].nr == 2)
					any_second = true;
			if (alt && !any_second)
				break;
			M = t->c[0].val[alt && t->c[0].nr == 2];
			m = t->c[1].val[alt && t->c[1].nr == 2];
			if (third >= 0)
				p = t->c[third].val[alt && t->c[third].nr == 2];
			strbuf_reset(&v);
			strbuf_reset(&what);
			if (third >= 0)
				pr->oom |= strbuf_addf(&v, "%lu.%lu.%lu", M, m, p);
			else
				pr->oom |= strbuf_addf(&v, "%lu.%lu", M, m);
			pr->oom |= strbuf_addf(&what, "%s%sVERSION_MAJOR/MINOR%s%s", t->prefix,
					       *t->prefix ? "_" : "", third >= 0 ? "/" : "",
					       third >= 0 ? comp_names[third] : "");
			if (pr->oom)
				goto cleanup;
			vp_add_evidence(pr, VPROBE_MACRO_TRIPLET, v.buf, v.len, rel,
					t->c[0].line[alt && t->c[0].nr == 2], what.buf);
		}
	}
	for (i = 0; i < h->nh; i++) {
		struct hexcand *x = &h->h[i];
		struct triplet *t = NULL;

		for (k = 0; k < h->nt; k++)
			if (!strcmp(h->t[k].prefix, x->prefix))
				t = &h->t[k];
		if ((x->digits == 5 || x->digits == 6) && t && t->c[0].nr == 1 && t->c[1].nr == 1 &&
		    t->c[2].nr == 1 && ((x->val >> 16) & 0xff) == t->c[0].val[0] &&
		    ((x->val >> 8) & 0xff) == t->c[1].val[0] && (x->val & 0xff) == t->c[2].val[0]) {
			strbuf_reset(&v);
			if (strbuf_addf(&v, "%lu.%lu.%lu", (x->val >> 16) & 0xff,
					(x->val >> 8) & 0xff, x->val & 0xff)) {
				pr->oom = 1;
				goto cleanup;
			}
			vp_add_evidence(pr, VPROBE_MACRO_HEX, v.buf, v.len, rel, x->line, x->name);
		} else {
			vp_note(pr,
				"%s:%zu: %s: a number whose encoding is not known (no agreeing "
				"MAJOR/MINOR/PATCH): not used",
				rel, x->line, x->name);
		}
	}
cleanup:
	strbuf_release(&v);
	strbuf_release(&what);
}

/* The next logical line of data at *pos into logical, backslash-newlines joined. */
static void read_logical_line(struct probe *pr, const char *data, size_t len, size_t *pos,
			      size_t *lineno, struct strbuf *logical)
{
	size_t n;

	strbuf_reset(logical);
	for (;;) {
		const char *line = data + *pos, *nl = memchr(line, '\n', len - *pos);

		n = nl ? (size_t)(nl - line) : len - *pos;
		*pos += n + (nl ? 1 : 0);
		(*lineno)++;
		if (n && line[n - 1] == '\r')
			n--;
		if (n && line[n - 1] == '\\' && *pos < len) {
			pr->oom |= strbuf_add(logical, line, n - 1);
			pr->oom |= strbuf_addch(logical, ' ');
			continue;
		}
		pr->oom |= strbuf_add(logical, line, n);
		break;
	}
}

/*
 * The macro an object-like "#define NAME VALUE" line defines: *name, *n, and
 * *p just after the name; false for any other line (function-like macros too).
 */
static bool object_define(const char *line, size_t len, const char **name, size_t *n,
			  const char **p)
{
	const char *s = line, *e = line + len;

	while (s < e && is_blank(*s))
		s++;
	if (s == e || *s != '#')
		return false;
	s++;
	while (s < e && is_blank(*s))
		s++;
	if ((size_t)(e - s) < 7 || memcmp(s, "define", 6) || !is_blank(s[6]))
		return false;
	s += 6;
	while (s < e && is_blank(*s))
		s++;
	*name = s;
	while (s < e && is_ident(*s))
		s++;
	*n = (size_t)(s - *name);
	*p = s;
	return *n && !(s < e && *s == '('); /* not function-like */
}

/* Keep a hexadecimal version number as a candidate, checked against the components later. */
static void add_hexcand(struct probe *pr, struct hdr *h, const char *prefix, const char *name,
			size_t n, unsigned long num, size_t digits, size_t first)
{
	struct hexcand *x;

	if (h->nh == h->ah) {
		size_t na = h->ah ? h->ah * 2 : 4;
		struct hexcand *nh = realloc(h->h, na * sizeof(*nh));

		if (!nh) {
			pr->oom = 1;
			return;
		}
		h->h = nh;
		h->ah = na;
	}
	x = &h->h[h->nh];
	x->prefix = strdup(prefix);
	x->name = strndup(name, n);
	x->val = num;
	x->digits = digits;
	x->line = first;
	if (!x->prefix || !x->name) {
		free(x->prefix);
		free(x->name);
		pr->oom = 1;
		return;
	}
	h->nh++;
}

/* A macro's value p..e by its role: evidence, a component, a candidate or a note. */
static void take_define(struct probe *pr, struct hdr *h, enum role r, const char *prefix,
			const char *name, size_t n, const char *p, const char *e, const char *rel,
			size_t first)
{
	const char *vp = NULL;
	size_t vn = 0, digits = 0;
	unsigned long num = 0;
	enum vkind k = parse_value(p, (size_t)(e - p), &vp, &vn, &num, &digits);

	if (r >= R_MAJOR) {
		if (k == V_DEC && num < MAX_COMPONENT)
			add_component(pr, h, prefix, r, num, first);
		else
			vp_note(pr, "%s:%zu: %.*s: not a decimal number: ignored", rel, first,
				(int)n, name);
	} else if ((r == R_BARE || r == R_STRING) && k == V_STRING) {
		const char *sv = vp;
		size_t sn = vn;

		strip_v(&sv, &sn);
		if (vp_looks_like_version(sv, sn)) {
			char *nm = strndup(name, n);

			if (!nm) {
				pr->oom = 1;
				return;
			}
			vp_add_evidence(pr, VPROBE_MACRO_STRING, sv, sn, rel, first, nm);
			free(nm);
		} else {
			vp_note(pr, "%s:%zu: %.*s: \"%.*s\" does not look like a version", rel,
				first, (int)n, name, (int)(vn < 80 ? vn : 80), vp);
		}
	} else if ((r == R_BARE || r == R_NUMBER) && (k == V_HEX || k == V_DEC)) {
		if (k == V_DEC) {
			vp_note(pr,
				"%s:%zu: %.*s: a number whose encoding is not known: "
				"not used",
				rel, first, (int)n, name);
			return;
		}
		add_hexcand(pr, h, prefix, name, n, num, digits, first);
	} else {
		vp_note(pr, "%s:%zu: %.*s: not a literal version: ignored", rel, first, (int)n,
			name);
	}
}

void vp_probe_header(struct probe *pr, char *data, size_t len, const char *rel)
{
	struct strbuf prefix = STRBUF_INIT, logical = STRBUF_INIT;
	struct hdr h;
	size_t pos = 0, lineno = 0;

	memset(&h, 0, sizeof(h));
	strip_c_comments(data, len);
	while (pos < len && !pr->oom) {
		size_t first = lineno + 1, n;
		const char *p, *name, *why = NULL;
		enum role r;

		read_logical_line(pr, data, len, &pos, &lineno, &logical);
		if (pr->oom)
			break;
		if (!object_define(logical.buf, logical.len, &name, &n, &p))
			continue;
		r = classify(name, n, &prefix, &why);
		if (r == R_NONE)
			continue;
		if (r == R_IGNORED) {
			vp_note(pr, "%s:%zu: %.*s: ignored: %s", rel, first, (int)n, name, why);
			continue;
		}
		take_define(pr, &h, r, prefix.buf, name, n, p, logical.buf + logical.len, rel,
			    first);
	}
	if (!pr->oom)
		finish_header(pr, &h, rel);
	hdr_free(&h);
	strbuf_release(&prefix);
	strbuf_release(&logical);
}
