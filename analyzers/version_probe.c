/* SPDX-License-Identifier: Apache-2.0 */
#include "version_probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ascii.h"
#include "pathutil.h"

#include "banned.h"

#define MAX_VERSION_LEN 64
/* Names read from one directory before sorting; beyond, readdir order decides. */
#define VPROBE_LIST_CEILING (8 * VPROBE_MAX_FILES)
#define MAX_COMPONENT       100000

/* ---- small helpers ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_ident(char c)
{
	return ascii_is_alnum(c) || c == '_';
}

/* Does s[0..n) look like a version (see the header)? */
static bool looks_like_version(const char *s, size_t n)
{
	size_t i = 0, dots = 0;

	if (!n || n > MAX_VERSION_LEN || !ascii_is_digit(s[0]))
		return false;
	while (i < n && ascii_is_digit(s[i]))
		i++;
	while (i + 1 < n && s[i] == '.' && ascii_is_digit(s[i + 1])) {
		i++;
		while (i < n && ascii_is_digit(s[i]))
			i++;
		dots++;
	}
	if (!dots)
		return false;
	for (; i < n; i++)
		if (!ascii_is_alnum(s[i]) && !strchr(".+~-", s[i]))
			return false;
	/* a suffix must not end in a separator ("1.2." or "1.2-") */
	return ascii_is_alnum(s[n - 1]);
}

/* Drop a leading 'v' before a digit. */
static void strip_v(const char **s, size_t *n)
{
	if (*n > 1 && ((*s)[0] == 'v' || (*s)[0] == 'V') && ascii_is_digit((*s)[1])) {
		(*s)++;
		(*n)--;
	}
}

static bool purely_numeric(const char *s)
{
	for (; *s; s++)
		if (!ascii_is_digit(*s) && *s != '.')
			return false;
	return true;
}

/* Length of s without trailing ".0" components. */
static size_t numeric_core(const char *s)
{
	size_t n = strlen(s);

	/* only whole ".0" components go: "1.10" keeps its 0, "1.0.0" is "1" */
	while (n > 2 && s[n - 1] == '0' && s[n - 2] == '.')
		n -= 2;
	return n;
}

static bool versions_agree(const char *a, const char *b)
{
	size_t na, nb;

	if (!strcmp(a, b))
		return true;
	if (!purely_numeric(a) || !purely_numeric(b))
		return false;
	na = numeric_core(a);
	nb = numeric_core(b);
	return na == nb && !memcmp(a, b, na);
}

const char *vprobe_method_name(enum vprobe_method m)
{
	switch (m) {
	case VPROBE_MACRO_STRING:
		return "macro string";
	case VPROBE_MACRO_TRIPLET:
		return "macro triplet";
	case VPROBE_MACRO_HEX:
		return "macro hex";
	case VPROBE_VERSION_FILE:
		return "version file";
	case VPROBE_CMAKE_PROJECT:
		return "cmake project()";
	case VPROBE_PC_IN:
		return "pkg-config .pc.in";
	case VPROBE_AC_INIT:
		return "configure.ac AC_INIT";
	}
	return "unknown";
}

void vprobe_result_init(struct vprobe_result *res)
{
	memset(res, 0, sizeof(*res));
	strvec_init(&res->notes);
}

void vprobe_result_release(struct vprobe_result *res)
{
	size_t i;

	for (i = 0; i < res->nr; i++) {
		free(res->ev[i].version);
		free(res->ev[i].file);
		free(res->ev[i].what);
	}
	free(res->ev);
	free(res->version);
	strvec_clear(&res->notes);
	vprobe_result_init(res);
}

/* ---- the probe's state ---- */

struct probe {
	struct vprobe_result *res;
	size_t files_seen;
	bool limit_noted;
	size_t notes_dropped;
	int oom; /* set on allocation failure: everything unwinds */
};

__attribute__((format(printf, 2, 3))) static void note(struct probe *pr, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	if (pr->res->notes.nr >= VPROBE_MAX_NOTES) {
		pr->notes_dropped++;
		return;
	}
	va_start(ap, fmt);
	r = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r || strvec_push_nodup(&pr->res->notes, strbuf_detach(&sb, NULL)))
		pr->oom = 1;
}

static void add_evidence(struct probe *pr, enum vprobe_method m, const char *version, size_t vn,
                         const char *file, size_t line, const char *what)
{
	struct vprobe_result *r = pr->res;
	struct vprobe_evidence *e;

	strip_v(&version, &vn);
	if (r->nr == r->alloc) {
		size_t n = r->alloc ? r->alloc * 2 : 8;
		struct vprobe_evidence *ne = realloc(r->ev, n * sizeof(*ne));

		if (!ne) {
			pr->oom = 1;
			return;
		}
		r->ev = ne;
		r->alloc = n;
	}
	e = &r->ev[r->nr];
	e->method = m;
	e->version = strndup(version, vn);
	e->file = strdup(file);
	e->line = line;
	e->what = strdup(what);
	if (!e->version || !e->file || !e->what) {
		free(e->version);
		free(e->file);
		free(e->what);
		pr->oom = 1;
		return;
	}
	r->nr++;
}

/*
 * Read a regular file of at most VPROBE_MAX_FILE_SIZE bytes: 0, 1 (not a
 * regular file, too large, unreadable: noted), -1 out of memory.
 */
static int read_small(struct probe *pr, const char *path, const char *rel, struct strbuf *out)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	ssize_t n;

	strbuf_reset(out);
	if (fd < 0) {
		note(pr, "%s: %s: skipped", rel, strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	if ((uint64_t)st.st_size >= VPROBE_MAX_FILE_SIZE) {
		close(fd);
		note(pr, "%s: larger than %zu bytes: skipped", rel, (size_t)VPROBE_MAX_FILE_SIZE);
		return 1;
	}
	if (strbuf_grow(out, (size_t)st.st_size + 1)) {
		close(fd);
		return -1;
	}
	for (;;) {
		size_t room = out->alloc - out->len - 1;

		if (out->len >= VPROBE_MAX_FILE_SIZE) {
			close(fd);
			note(pr, "%s: grew past %zu bytes: skipped", rel,
			     (size_t)VPROBE_MAX_FILE_SIZE);
			return 1;
		}
		if (!room) {
			if (strbuf_grow(out, 4096)) {
				close(fd);
				return -1;
			}
			continue;
		}
		n = read(fd, out->buf + out->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			note(pr, "%s: %s: skipped", rel, strerror(errno));
			close(fd);
			return 1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
	}
	close(fd);
	if (memchr(out->buf, '\0', out->len)) {
		note(pr, "%s: NUL byte: not a text file, skipped", rel);
		return 1;
	}
	return 0;
}

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
					i +=
					    2; /* a // comment continues over a backslash-newline */
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
	R_BARE,    /* PREFIX_VERSION: a string or a number */
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
    "API",      "ABI",   "PROTOCOL", "PROTO",  "SO",         "FILE",          "FORMAT",
    "SCHEMA",   "WIRE",  "DB",       "MIN",    "MINIMUM",    "MAX",           "MAXIMUM",
    "REQUIRED", "REQ",   "NEEDED",   "COMPAT", "COMPATIBLE", "COMPATIBILITY", "TARGET",
    "GCC",      "GNUC",  "CLANG",    "MSC",    "MSVC",       "STDC",          "CPLUSPLUS",
    "CXX",      "POSIX", "XOPEN",    "WINVER", "WIN32",      "WINNT",         "LINUX",
    "KERNEL",   "OS",    "CONFIG",   "STRUCT", "CFG",        "DATA",          "CACHE",
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
				note(pr,
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
			add_evidence(pr, VPROBE_MACRO_TRIPLET, v.buf, v.len, rel,
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
			add_evidence(pr, VPROBE_MACRO_HEX, v.buf, v.len, rel, x->line, x->name);
		} else {
			note(pr,
			     "%s:%zu: %s: a number whose encoding is not known (no agreeing "
			     "MAJOR/MINOR/PATCH): not used",
			     rel, x->line, x->name);
		}
	}
cleanup:
	strbuf_release(&v);
	strbuf_release(&what);
}

static void probe_header(struct probe *pr, char *data, size_t len, const char *rel)
{
	struct strbuf prefix = STRBUF_INIT, logical = STRBUF_INIT;
	struct hdr h;
	size_t pos = 0, lineno = 0;

	memset(&h, 0, sizeof(h));
	strip_c_comments(data, len);
	while (pos < len && !pr->oom) {
		size_t first = lineno + 1, n;
		const char *p, *e, *name, *why = NULL;
		enum role r;

		strbuf_reset(&logical);
		for (;;) {
			const char *line = data + pos, *nl = memchr(line, '\n', len - pos);

			n = nl ? (size_t)(nl - line) : len - pos;
			pos += n + (nl ? 1 : 0);
			lineno++;
			if (n && line[n - 1] == '\r')
				n--;
			if (n && line[n - 1] == '\\' && pos < len) {
				pr->oom |= strbuf_add(&logical, line, n - 1);
				pr->oom |= strbuf_addch(&logical, ' ');
				continue;
			}
			pr->oom |= strbuf_add(&logical, line, n);
			break;
		}
		if (pr->oom)
			break;
		p = logical.buf;
		e = p + logical.len;
		while (p < e && is_blank(*p))
			p++;
		if (p == e || *p != '#')
			continue;
		p++;
		while (p < e && is_blank(*p))
			p++;
		if ((size_t)(e - p) < 7 || memcmp(p, "define", 6) || !is_blank(p[6]))
			continue;
		p += 6;
		while (p < e && is_blank(*p))
			p++;
		name = p;
		while (p < e && is_ident(*p))
			p++;
		n = (size_t)(p - name);
		if (!n || (p < e && *p == '('))
			continue; /* function-like */
		r = classify(name, n, &prefix, &why);
		if (r == R_NONE)
			continue;
		if (r == R_IGNORED) {
			note(pr, "%s:%zu: %.*s: ignored: %s", rel, first, (int)n, name, why);
			continue;
		}
		{
			const char *vp = NULL;
			size_t vn = 0, digits = 0;
			unsigned long num = 0;
			enum vkind k = parse_value(p, (size_t)(e - p), &vp, &vn, &num, &digits);

			if (r >= R_MAJOR) {
				if (k == V_DEC && num < MAX_COMPONENT)
					add_component(pr, &h, prefix.buf, r, num, first);
				else
					note(pr, "%s:%zu: %.*s: not a decimal number: ignored", rel,
					     first, (int)n, name);
			} else if ((r == R_BARE || r == R_STRING) && k == V_STRING) {
				const char *sv = vp;
				size_t sn = vn;

				strip_v(&sv, &sn);
				if (looks_like_version(sv, sn)) {
					char *nm = strndup(name, n);

					if (!nm) {
						pr->oom = 1;
						break;
					}
					add_evidence(pr, VPROBE_MACRO_STRING, sv, sn, rel, first,
					             nm);
					free(nm);
				} else {
					note(pr,
					     "%s:%zu: %.*s: \"%.*s\" does not look like a version",
					     rel, first, (int)n, name, (int)(vn < 80 ? vn : 80),
					     vp);
				}
			} else if ((r == R_BARE || r == R_NUMBER) && (k == V_HEX || k == V_DEC)) {
				struct hexcand *x;

				if (k == V_DEC) {
					note(pr,
					     "%s:%zu: %.*s: a number whose encoding is not known: "
					     "not used",
					     rel, first, (int)n, name);
					continue;
				}
				if (h.nh == h.ah) {
					size_t na = h.ah ? h.ah * 2 : 4;
					struct hexcand *nh = realloc(h.h, na * sizeof(*nh));

					if (!nh) {
						pr->oom = 1;
						break;
					}
					h.h = nh;
					h.ah = na;
				}
				x = &h.h[h.nh];
				x->prefix = strdup(prefix.buf);
				x->name = strndup(name, n);
				x->val = num;
				x->digits = digits;
				x->line = first;
				if (!x->prefix || !x->name) {
					free(x->prefix);
					free(x->name);
					pr->oom = 1;
					break;
				}
				h.nh++;
			} else {
				note(pr, "%s:%zu: %.*s: not a literal version: ignored", rel, first,
				     (int)n, name);
			}
		}
	}
	if (!pr->oom)
		finish_header(pr, &h, rel);
	hdr_free(&h);
	strbuf_release(&prefix);
	strbuf_release(&logical);
}

/* ---- build files ---- */

static void probe_version_file(struct probe *pr, const char *data, size_t len, const char *rel)
{
	const char *p = data, *e = data + len, *found = NULL;
	size_t fn = 0, lines = 0, found_line = 0, lineno = 0;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *s = p, *t;

		t = nl ? nl : e;
		p = nl ? nl + 1 : e;
		lineno++;
		while (s < t && is_blank(*s))
			s++;
		while (t > s && is_blank(t[-1]))
			t--;
		if (s == t)
			continue;
		if (++lines > 1)
			break;
		found = s;
		fn = (size_t)(t - s);
		found_line = lineno;
	}
	if (lines != 1) {
		note(pr, "%s: %s: not a single version line, ignored", rel,
		     lines ? "more than one line" : "empty");
		return;
	}
	strip_v(&found, &fn);
	if (!looks_like_version(found, fn)) {
		note(pr, "%s:%zu: \"%.*s\" does not look like a version: ignored", rel, found_line,
		     (int)(fn < 80 ? fn : 80), found);
		return;
	}
	add_evidence(pr, VPROBE_VERSION_FILE, found, fn, rel, found_line, path_basename(rel));
}

static size_t line_of(const char *data, const char *p)
{
	size_t n = 1;

	for (; data < p; data++)
		if (*data == '\n')
			n++;
	return n;
}

/* CMakeLists.txt: every project(... VERSION x ...) call. */
static void probe_cmake(struct probe *pr, char *data, size_t len, const char *rel)
{
	size_t i = 0;

	/* blank out comments outside quoted arguments */
	while (i < len) {
		if (data[i] == '"') {
			for (i++; i < len && data[i] != '"'; i++)
				if (data[i] == '\\' && i + 1 < len)
					i++;
			i++;
		} else if (data[i] == '#') {
			while (i < len && data[i] != '\n')
				data[i++] = ' ';
		} else {
			i++;
		}
	}
	for (i = 0; i + 7 <= len && !pr->oom; i++) {
		struct strbuf args = STRBUF_INIT;
		struct strvec av = STRVEC_INIT;
		size_t j, depth = 1, k;

		if (data[i] == '"') {
			/* a quoted argument of another command: message("project(x)") */
			for (i++; i < len && data[i] != '"'; i++)
				if (data[i] == '\\' && i + 1 < len)
					i++;
			continue;
		}
		if (strncasecmp(data + i, "project", 7) || (i && is_ident(data[i - 1])))
			continue;
		j = i + 7;
		while (j < len && is_blank(data[j]))
			j++;
		if (j >= len || data[j] != '(')
			continue;
		/* collect the arguments up to the matching ')' */
		for (j++; j < len && depth;) {
			const char *s;

			while (j < len && (is_blank(data[j]) || data[j] == '\n'))
				j++;
			if (j >= len)
				break;
			if (data[j] == ')') {
				depth--;
				j++;
				continue;
			}
			if (data[j] == '(') {
				depth++;
				j++;
				continue;
			}
			if (data[j] == '"') {
				s = data + ++j;
				while (j < len && data[j] != '"') {
					if (data[j] == '\\' && j + 1 < len)
						j++;
					j++;
				}
				pr->oom |= strvec_pushn(&av, s, (size_t)(data + j - s));
				j++;
				continue;
			}
			s = data + j;
			while (j < len && !is_blank(data[j]) && data[j] != '\n' && data[j] != '(' &&
			       data[j] != ')' && data[j] != '"')
				j++;
			pr->oom |= strvec_pushn(&av, s, (size_t)(data + j - s));
		}
		for (k = 1; k + 1 < av.nr; k++) {
			const char *v = av.v[k + 1];
			size_t vn = strlen(v);

			if (strcmp(av.v[k], "VERSION"))
				continue;
			strbuf_reset(&args);
			pr->oom |= strbuf_addf(&args, "project(%s)", av.v[0]);
			strip_v(&v, &vn);
			if (strchr(v, '$') || strchr(v, '@'))
				note(pr, "%s:%zu: project(%s) VERSION %s: not literal: ignored",
				     rel, line_of(data, data + i), av.v[0], av.v[k + 1]);
			else if (!looks_like_version(v, vn))
				note(pr,
				     "%s:%zu: project(%s) VERSION \"%s\" does not look like a "
				     "version: ignored",
				     rel, line_of(data, data + i), av.v[0], v);
			else if (!pr->oom)
				add_evidence(pr, VPROBE_CMAKE_PROJECT, v, vn, rel,
				             line_of(data, data + i), args.buf);
			break;
		}
		strvec_clear(&av);
		strbuf_release(&args);
		i = j ? j - 1 : i;
	}
}

static void probe_pc_in(struct probe *pr, const char *data, size_t len, const char *rel)
{
	const char *p = data, *e = data + len;
	size_t lineno = 0;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *s = p, *t;
		size_t n;

		t = nl ? nl : e;
		p = nl ? nl + 1 : e;
		lineno++;
		if ((size_t)(t - s) < 8 || memcmp(s, "Version:", 8))
			continue;
		s += 8;
		while (s < t && is_blank(*s))
			s++;
		while (t > s && is_blank(t[-1]))
			t--;
		n = (size_t)(t - s);
		if (memchr(s, '@', n) || memchr(s, '$', n)) {
			note(pr, "%s:%zu: Version: %.*s: not literal: ignored", rel, lineno,
			     (int)(n < 80 ? n : 80), s);
			continue;
		}
		strip_v(&s, &n);
		if (!looks_like_version(s, n)) {
			note(pr, "%s:%zu: Version: \"%.*s\" does not look like a version: ignored",
			     rel, lineno, (int)(n < 80 ? n : 80), s);
			continue;
		}
		add_evidence(pr, VPROBE_PC_IN, s, n, rel, lineno, "Version:");
	}
}

/* Blank out m4 comments in place: "dnl" to the end of the line, and '#' outside [quotes]. */
static void strip_m4_comments(char *s, size_t n)
{
	size_t i, quote = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '[') {
			quote++;
		} else if (s[i] == ']') {
			if (quote)
				quote--;
		} else if ((s[i] == '#' && !quote) ||
		           (s[i] == 'd' && i + 3 <= n && !memcmp(s + i, "dnl", 3) &&
		            (i == 0 || !is_ident(s[i - 1])) && (i + 3 == n || !is_ident(s[i + 3])))) {
			while (i < n && s[i] != '\n')
				s[i++] = ' ';
		}
	}
}

static void probe_ac_init(struct probe *pr, char *data, size_t len, const char *rel)
{
	const char *p = data, *e = data + len;

	strip_m4_comments(data, len);

	while (p < e && !pr->oom) {
		const char *hit = memmem(p, (size_t)(e - p), "AC_INIT", 7), *q, *a1 = NULL;
		size_t brackets = 0, parens = 0, argi = 0, a1n = 0;

		if (!hit)
			break;
		p = hit + 7;
		if (hit > data && is_ident(hit[-1]))
			continue;
		q = p;
		while (q < e && is_blank(*q))
			q++;
		if (q >= e || *q != '(')
			continue;
		parens = 1;
		for (q++; q < e && parens; q++) {
			if (*q == '[') {
				brackets++;
			} else if (*q == ']') {
				if (brackets)
					brackets--;
			} else if (!brackets && *q == '(') {
				parens++;
			} else if (!brackets && *q == ')') {
				parens--;
				if (!parens && argi == 1)
					a1n = (size_t)(q - a1);
			} else if (!brackets && parens == 1 && *q == ',') {
				argi++;
				if (argi == 1)
					a1 = q + 1;
				else if (argi == 2)
					a1n = (size_t)(q - a1);
			}
		}
		if (!a1 || (argi == 1 && parens)) {
			note(pr, "%s:%zu: AC_INIT without a version argument: ignored", rel,
			     line_of(data, hit));
			continue;
		}
		{
			const char *s = a1, *t = a1 + a1n;
			size_t n;

			while (s < t && (is_blank(*s) || *s == '\n'))
				s++;
			while (t > s && (is_blank(t[-1]) || t[-1] == '\n'))
				t--;
			if (t - s >= 2 && *s == '[' && t[-1] == ']') {
				s++;
				t--;
			}
			n = (size_t)(t - s);
			if (memchr(s, '[', n) || memchr(s, '(', n) || memchr(s, '$', n) ||
			    memmem(s, n, "m4_", 3)) {
				note(pr, "%s:%zu: AC_INIT version is not literal: ignored", rel,
				     line_of(data, hit));
				continue;
			}
			strip_v(&s, &n);
			if (!looks_like_version(s, n)) {
				note(pr,
				     "%s:%zu: AC_INIT version \"%.*s\" does not look like a "
				     "version: "
				     "ignored",
				     rel, line_of(data, hit), (int)(n < 80 ? n : 80), s);
				continue;
			}
			add_evidence(pr, VPROBE_AC_INIT, s, n, rel, line_of(data, hit), "AC_INIT");
		}
	}
}

/* ---- the scan ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static bool is_header_name(const char *name)
{
	return ends_with(name, ".h") || ends_with(name, ".hh") || ends_with(name, ".hpp") ||
	       ends_with(name, ".hxx") || ends_with(name, ".h.in");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The sorted entry names of dir (without "." and ".."), counting them
 * against the file bound: 0, 1 (not a readable directory), -1 memory.
 */
static int list_dir(struct probe *pr, const char *dir, const char *rel, struct strvec *out)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	size_t room = VPROBE_MAX_FILES - pr->files_seen;
	bool cut = false;

	strvec_clear(out);
	if (!d)
		return 1;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (out->nr >= VPROBE_LIST_CEILING) {
			cut = true;
			break;
		}
		if (strvec_push(out, de->d_name)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_str);
	/* the bound is applied after sorting, so it cuts the same names every time */
	if (out->nr > room) {
		while (out->nr > room) {
			out->nr--;
			free((char *)out->v[out->nr]);
			out->v[out->nr] = NULL;
		}
		cut = true;
	}
	pr->files_seen += out->nr;
	if (cut && !pr->limit_noted) {
		note(pr, "%s: more than %d files: the scan stopped", rel[0] ? rel : ".",
		     VPROBE_MAX_FILES);
		pr->limit_noted = true;
	}
	return 0;
}

enum scope { TOP, INCLUDE };

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Probe the files of one directory (rel: its path relative to the folder, "" at the top). */
static int probe_dir(struct probe *pr, const char *dir, const char *rel, enum scope scope,
                     int depth)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf path = STRBUF_INIT, relp = STRBUF_INIT, data = STRBUF_INIT;
	size_t i;
	int ret = -1, r;

	r = list_dir(pr, dir, rel, &names);
	if (r) {
		ret = r > 0 ? 0 : -1;
		goto cleanup;
	}
	for (i = 0; i < names.nr && !pr->oom; i++) {
		const char *name = names.v[i];
		bool header = is_header_name(name);
		bool verfile =
		    scope == TOP && (!strcmp(name, "VERSION") || !strcmp(name, "VERSION.txt") ||
		                     !strcmp(name, "version.txt"));
		bool cmake = scope == TOP && !strcmp(name, "CMakeLists.txt");
		bool pcin = scope == TOP && ends_with(name, ".pc.in");
		bool acinit = scope == TOP &&
		              (!strcmp(name, "configure.ac") || !strcmp(name, "configure.in"));

		strbuf_reset(&path);
		strbuf_reset(&relp);
		if (path_join(&path, dir, name) ||
		    (rel[0] ? path_join(&relp, rel, name) : strbuf_addstr(&relp, name)))
			goto nomem;
		if (!header && !verfile && !cmake && !pcin && !acinit) {
			/* include/ and the directories directly inside it */
			if (((scope == TOP && !strcmp(name, "include")) ||
			     (scope == INCLUDE && depth == 1)) &&
			    is_dir(path.buf)) {
				if (probe_dir(pr, path.buf, relp.buf, INCLUDE, depth + 1))
					goto cleanup;
			}
			continue;
		}
		r = read_small(pr, path.buf, relp.buf, &data);
		if (r < 0)
			goto nomem;
		if (r > 0)
			continue;
		if (header)
			probe_header(pr, data.buf, data.len, relp.buf);
		else if (verfile)
			probe_version_file(pr, data.buf, data.len, relp.buf);
		else if (cmake)
			probe_cmake(pr, data.buf, data.len, relp.buf);
		else if (pcin)
			probe_pc_in(pr, data.buf, data.len, relp.buf);
		else
			probe_ac_init(pr, data.buf, data.len, relp.buf);
	}
	ret = pr->oom ? -1 : 0;
	goto cleanup;
nomem:
	pr->oom = 1;
cleanup:
	strvec_clear(&names);
	strbuf_release(&path);
	strbuf_release(&relp);
	strbuf_release(&data);
	return ret;
}

static int ev_cmp(const struct vprobe_evidence *x, const struct vprobe_evidence *y)
{
	return (int)x->method - (int)y->method;
}

int version_probe(const char *dir, struct vprobe_result *out, struct strbuf *err)
{
	struct probe pr;
	struct stat st;
	size_t i;
	int ret = -1;

	vprobe_result_release(out);
	memset(&pr, 0, sizeof(pr));
	pr.res = out;
	if (!dir || stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		if (err)
			strbuf_addf(err, "%s: %s", dir ? dir : "(null)",
			            dir && !stat(dir, &st) ? "not a directory" : strerror(errno));
		return -1;
	}
	if (access(dir, R_OK | X_OK)) {
		if (err)
			strbuf_addf(err, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (probe_dir(&pr, dir, "", TOP, 0) || pr.oom)
		goto nomem;
	if (pr.notes_dropped) {
		struct strbuf sb = STRBUF_INIT;

		if (strbuf_addf(&sb, "... and %zu more notes", pr.notes_dropped) ||
		    strvec_push_nodup(&out->notes, strbuf_detach(&sb, NULL)))
			goto nomem;
	}
	/* stable sort by trust: insertion sort keeps scan order among equals */
	for (i = 1; i < out->nr; i++) {
		struct vprobe_evidence t = out->ev[i];
		size_t j = i;

		while (j > 0 && ev_cmp(&out->ev[j - 1], &t) > 0) {
			out->ev[j] = out->ev[j - 1];
			j--;
		}
		out->ev[j] = t;
	}
	if (!out->nr)
		return 1;
	for (i = 1; i < out->nr; i++) {
		if (!versions_agree(out->ev[0].version, out->ev[i].version)) {
			out->conflict = true;
			return 1;
		}
	}
	out->version = strdup(out->ev[0].version);
	if (!out->version)
		goto nomem;
	return 0;
nomem:
	if (err)
		strbuf_addf(err, "%s: out of memory", dir);
	vprobe_result_release(out);
	return ret;
}
