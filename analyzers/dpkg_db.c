/* SPDX-License-Identifier: Apache-2.0 */
#include "pkgdb.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ascii.h"
#include "pathutil.h"
#include "strmap.h"

#include "banned.h"

#define NONE                UINT32_MAX
#define MAX_DOC_SYMLINKS    8
#define MAX_NAME_LEN        256
#define MAX_DIVERSIONS_SIZE ((size_t)64 << 20)

/* ---- the database ---- */

struct pathent {
	uint32_t head, tail; /* into owners[] */
};

struct ownerlink {
	uint32_t pkg;
	uint32_t next;
};

struct diversion {
	const char *from, *to, *by;
};

struct dpkg_pkg {
	struct pkg_info info;    /* first: a pkg_info pointer is a dpkg_pkg pointer */
	uint32_t next_same_name; /* the next instance of the same name, or NONE */
};

struct pkgdb {
	char *admindir;
	char *root;      /* "" for "/": a prefix for host paths */
	char *root_real; /* realpath of root, "" for "/" */
	char *vendor;
	char *distro;

	char *status; /* the status file; pkg_info strings point into it */
	struct dpkg_pkg *pkgs;
	size_t nr, alloc;
	struct strmap by_name; /* name -> first instance */

	char **chunks; /* .list and diversions buffers; paths point into them */
	size_t nr_chunks, alloc_chunks;
	struct strmap paths; /* path -> index in ents[] */
	struct pathent *ents;
	size_t nr_ents, alloc_ents;
	struct ownerlink *owners;
	size_t nr_owners, alloc_owners;

	struct diversion *divs;
	size_t nr_divs, alloc_divs;
	struct strmap div_from, div_to; /* path -> index in divs[] */

	struct strvec warnings;
	size_t warnings_dropped;
};

static int grow_array(void **arr, size_t *alloc, size_t need, size_t size)
{
	size_t n;
	void *p;

	if (need <= *alloc)
		return 0;
	n = *alloc ? *alloc : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return -1;
		n *= 2;
	}
	p = realloc(*arr, n * size);
	if (!p)
		return -1;
	*arr = p;
	*alloc = n;
	return 0;
}

#define GROW(arr, alloc, need) grow_array((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

__attribute__((format(printf, 4, 5))) static int fail(struct strbuf *err, const char *file,
                                                      size_t line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	if (line)
		strbuf_addf(err, "%s:%zu: ", file, line);
	else
		strbuf_addf(err, "%s: ", file);
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

/* 0, or -1 when out of memory. */
__attribute__((format(printf, 4, 5))) static int warn(struct pkgdb *db, const char *file,
                                                      size_t line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	if (db->warnings.nr >= PKGDB_MAX_WARNINGS) {
		db->warnings_dropped++;
		return 0;
	}
	if (line)
		r = strbuf_addf(&sb, "%s:%zu: ", file, line);
	else
		r = strbuf_addf(&sb, "%s: ", file);
	va_start(ap, fmt);
	r |= strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r) {
		strbuf_release(&sb);
		return -1;
	}
	return strvec_push_nodup(&db->warnings, strbuf_detach(&sb, NULL));
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* dpkg's pkg_name_is_illegal(): also keeps names safe as file names. */
static bool valid_pkg_name(const char *s)
{
	size_t n = 0;

	if (!ascii_is_alnum(s[0]))
		return false;
	for (; *s; s++, n++)
		if (!ascii_is_alnum(*s) && !strchr("-+._", *s))
			return false;
	return n <= MAX_NAME_LEN;
}

/* dpkg_arch_name_is_illegal(). */
static bool valid_arch(const char *s)
{
	size_t n = 0;

	if (!ascii_is_alnum(s[0]))
		return false;
	for (; *s; s++, n++)
		if (!ascii_is_alnum(*s) && *s != '-')
			return false;
	return n <= MAX_NAME_LEN;
}

/* ---- versions ---- */

bool pkgver_valid(const char *v)
{
	const char *colon, *hyphen, *up, *p, *end;

	if (!v || !*v || strlen(v) > 1024)
		return false;
	for (p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return false;
	colon = strchr(v, ':');
	up = v;
	if (colon) {
		if (colon == v || colon - v > 9)
			return false;
		for (p = v; p < colon; p++)
			if (!ascii_is_digit(*p))
				return false;
		up = colon + 1;
	}
	hyphen = strrchr(up, '-');
	end = hyphen ? hyphen : up + strlen(up);
	if (up == end || !ascii_is_digit(*up))
		return false;
	for (p = up; p < end; p++)
		if (!ascii_is_alnum(*p) && !strchr(".+~-:", *p))
			return false;
	if (hyphen) {
		if (!hyphen[1])
			return false;
		for (p = hyphen + 1; *p; p++)
			if (!ascii_is_alnum(*p) && !strchr(".+~", *p))
				return false;
	}
	return true;
}

static int order(int c)
{
	if (ascii_is_digit((char)c))
		return 0;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp over [a, ae) and [b, be); digit runs compared without overflow. */
static int verrevcmp(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae || b < be) {
		const char *da, *db;
		size_t la, lb;

		while ((a < ae && !ascii_is_digit(*a)) || (b < be && !ascii_is_digit(*b))) {
			int ac = a < ae ? order((unsigned char)*a) : 0;
			int bc = b < be ? order((unsigned char)*b) : 0;

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		da = a;
		db = b;
		while (a < ae && ascii_is_digit(*a))
			a++;
		while (b < be && ascii_is_digit(*b))
			b++;
		la = (size_t)(a - da);
		lb = (size_t)(b - db);
		if (la != lb)
			return la < lb ? -1 : 1;
		if (la) {
			int c = memcmp(da, db, la);

			if (c)
				return c < 0 ? -1 : 1;
		}
	}
	return 0;
}

struct verparts {
	const char *ep, *epe; /* epoch digits */
	const char *up, *upe;
	const char *rev, *reve;
};

static void split_version(const char *v, struct verparts *p)
{
	const char *colon = strchr(v, ':'), *q, *hyphen;
	bool numeric = colon != NULL;

	for (q = v; colon && q < colon; q++)
		if (!ascii_is_digit(*q))
			numeric = false;
	if (numeric) {
		p->ep = v;
		p->epe = colon;
		p->up = colon + 1;
	} else {
		p->ep = p->epe = v;
		p->up = v;
	}
	hyphen = strrchr(p->up, '-');
	if (hyphen) {
		p->upe = hyphen;
		p->rev = hyphen + 1;
		p->reve = hyphen + 1 + strlen(hyphen + 1);
	} else {
		p->upe = p->up + strlen(p->up);
		p->rev = p->reve = p->upe;
	}
}

int pkgver_compare(const char *a, const char *b)
{
	struct verparts pa, pb;
	const char *ea, *eb;
	size_t la, lb;
	int r;

	split_version(a ? a : "", &pa);
	split_version(b ? b : "", &pb);
	ea = pa.ep;
	eb = pb.ep;
	while (ea < pa.epe && *ea == '0')
		ea++;
	while (eb < pb.epe && *eb == '0')
		eb++;
	la = (size_t)(pa.epe - ea);
	lb = (size_t)(pb.epe - eb);
	if (la != lb)
		return la < lb ? -1 : 1;
	if (la && (r = memcmp(ea, eb, la)))
		return r < 0 ? -1 : 1;
	r = verrevcmp(pa.up, pa.upe, pb.up, pb.upe);
	if (r)
		return r < 0 ? -1 : 1;
	r = verrevcmp(pa.rev, pa.reve, pb.rev, pb.reve);
	return r < 0 ? -1 : r > 0 ? 1 : 0;
}

static const char *const repack_markers[] = {
    "+dfsg", ".dfsg", "~dfsg", "+ds", ".ds", "~ds", "+repack", ".repack", "~repack",
};

int pkgver_upstream(const char *version, struct strbuf *out)
{
	struct verparts p;
	const char *up, *end, *really = NULL, *s;
	size_t i;

	split_version(version ? version : "", &p);
	up = p.up;
	end = p.upe;
	/* A native package has no revision; its binNMUs append "+bN". */
	if (p.rev == p.reve) {
		const char *plus = NULL;

		for (s = up; s < end; s++)
			if (*s == '+')
				plus = s;
		if (plus && end - plus >= 3 && plus[1] == 'b') {
			for (s = plus + 2; s < end && ascii_is_digit(*s); s++)
				;
			if (s == end)
				end = plus;
		}
	}
	for (s = up; s + 7 <= end; s++)
		if (!memcmp(s, "+really", 7))
			really = s;
	if (really && really + 7 < end)
		up = really + 7;
	for (s = up; s < end; s++) {
		for (i = 0; i < sizeof(repack_markers) / sizeof(repack_markers[0]); i++) {
			size_t n = strlen(repack_markers[i]);
			char next;

			if ((size_t)(end - s) < n || memcmp(s, repack_markers[i], n))
				continue;
			next = s + n < end ? s[n] : '\0';
			if (next == '\0' || ascii_is_digit(next) || next == '.' || next == '+' ||
			    next == '~') {
				end = s;
				break;
			}
		}
	}
	return strbuf_add(out, up, (size_t)(end - up));
}

bool pkgver_matches(const char *declared, const char *found)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	const char *d;
	bool r = false;

	if (!declared || !found || !*declared || !*found)
		return false;
	d = declared;
	if ((d[0] == 'v' || d[0] == 'V') && ascii_is_digit(d[1]))
		d++;
	if (pkgver_upstream(d, &a) || pkgver_upstream(found, &b))
		goto cleanup;
	r = a.len && a.len == b.len && !memcmp(a.buf, b.buf, a.len);
cleanup:
	strbuf_release(&a);
	strbuf_release(&b);
	return r;
}

/* ---- the status file ---- */

struct para {
	size_t line; /* first line */
	char *f[8];
	size_t fl[8]; /* line of each field */
};

enum { F_PACKAGE, F_STATUS, F_ARCH, F_VERSION, F_SOURCE, F_MAINTAINER, F_HOMEPAGE, F_MULTIARCH };

static const char *const field_names[] = {
    "Package", "Status",     "Architecture", "Version",
    "Source",  "Maintainer", "Homepage",     "Multi-Arch",
};

static const char *const want_words[] = {"unknown", "install", "hold", "deinstall", "purge"};
static const char *const eflag_words[] = {"ok", "reinstreq", "hold", "hold-reinstreq"};

struct state_word {
	const char *word;
	bool files; /* its files are on disk: the package is kept */
	bool configured;
};

static const struct state_word state_words[] = {
    {"not-installed", false, false},  {"config-files", false, false},
    {"half-installed", true, false},  {"unpacked", true, false},
    {"half-configured", true, false}, {"triggers-awaited", true, true},
    {"triggers-pending", true, true}, {"installed", true, true},
};

static bool in_list(const char *w, size_t n, const char *const *list, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (strlen(list[i]) == n && !memcmp(list[i], w, n))
			return true;
	return false;
}

/* Split "a b c" into three words (pointers into s, NUL-terminated in place). */
static int three_words(char *s, char **w)
{
	int n = 0;

	while (*s) {
		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		if (n == 3)
			return -1;
		w[n++] = s;
		while (*s && !is_blank(*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	return n == 3 ? 0 : -1;
}

static int add_package(struct pkgdb *db, struct para *pa, const char *file, struct strbuf *err)
{
	char *w[3];
	const struct state_word *st = NULL;
	struct pkg_info *pi;
	struct strmap_slot *s;
	bool is_new;
	size_t i;
	char *src;

	if (!pa->f[F_PACKAGE])
		return fail(err, file, pa->line, "paragraph without a Package field");
	if (!valid_pkg_name(pa->f[F_PACKAGE]))
		return fail(err, file, pa->fl[F_PACKAGE], "invalid package name '%s'",
		            pa->f[F_PACKAGE]);
	if (!pa->f[F_STATUS])
		return fail(err, file, pa->line, "package %s: no Status field", pa->f[F_PACKAGE]);
	if (three_words(pa->f[F_STATUS], w) ||
	    !in_list(w[0], strlen(w[0]), want_words, sizeof(want_words) / sizeof(*want_words)) ||
	    !in_list(w[1], strlen(w[1]), eflag_words, sizeof(eflag_words) / sizeof(*eflag_words)))
		return fail(err, file, pa->fl[F_STATUS], "package %s: invalid Status",
		            pa->f[F_PACKAGE]);
	for (i = 0; i < sizeof(state_words) / sizeof(*state_words); i++)
		if (!strcmp(state_words[i].word, w[2]))
			st = &state_words[i];
	if (!st)
		return fail(err, file, pa->fl[F_STATUS], "package %s: unknown status '%s'",
		            pa->f[F_PACKAGE], w[2]);
	if (!st->files)
		return 0;
	if (!pa->f[F_ARCH] || !valid_arch(pa->f[F_ARCH]))
		return fail(err, file, pa->f[F_ARCH] ? pa->fl[F_ARCH] : pa->line,
		            "package %s: missing or invalid Architecture", pa->f[F_PACKAGE]);
	if (!pa->f[F_VERSION] || !pkgver_valid(pa->f[F_VERSION]))
		return fail(err, file, pa->f[F_VERSION] ? pa->fl[F_VERSION] : pa->line,
		            "package %s: missing or invalid Version", pa->f[F_PACKAGE]);
	if (pa->f[F_MULTIARCH] && strcmp(pa->f[F_MULTIARCH], "no") &&
	    strcmp(pa->f[F_MULTIARCH], "same") && strcmp(pa->f[F_MULTIARCH], "foreign") &&
	    strcmp(pa->f[F_MULTIARCH], "allowed"))
		return fail(err, file, pa->fl[F_MULTIARCH], "package %s: invalid Multi-Arch '%s'",
		            pa->f[F_PACKAGE], pa->f[F_MULTIARCH]);
	if (db->nr >= UINT32_MAX - 1 || GROW(db->pkgs, db->alloc, db->nr + 1))
		return fail(err, file, 0, "out of memory");
	memset(&db->pkgs[db->nr], 0, sizeof(db->pkgs[db->nr]));
	db->pkgs[db->nr].next_same_name = NONE;
	pi = &db->pkgs[db->nr].info;
	pi->type = "deb";
	pi->name = pa->f[F_PACKAGE];
	pi->arch = pa->f[F_ARCH];
	pi->version = pa->f[F_VERSION];
	pi->source = pi->name;
	pi->source_version = pi->version;
	src = pa->f[F_SOURCE];
	if (src) {
		char *sp = src, *open, *close;

		while (*sp && !is_blank(*sp))
			sp++;
		open = sp;
		while (is_blank(*open))
			open++;
		if (*open) {
			if (*open != '(' || !(close = strchr(open, ')')) || close[1])
				return fail(err, file, pa->fl[F_SOURCE],
				            "package %s: malformed Source", pi->name);
			*close = '\0';
			open++;
			while (is_blank(*open))
				open++;
			for (close--; close > open && is_blank(close[-1]); close--)
				close[-1] = '\0';
			if (!pkgver_valid(open))
				return fail(err, file, pa->fl[F_SOURCE],
				            "package %s: invalid Source version", pi->name);
			pi->source_version = open;
		}
		*sp = '\0';
		if (!valid_pkg_name(src))
			return fail(err, file, pa->fl[F_SOURCE], "package %s: invalid Source name",
			            pi->name);
		pi->source = src;
	}
	pi->maintainer = pa->f[F_MAINTAINER];
	pi->homepage = pa->f[F_HOMEPAGE];
	pi->multi_arch =
	    pa->f[F_MULTIARCH] && strcmp(pa->f[F_MULTIARCH], "no") ? pa->f[F_MULTIARCH] : NULL;
	pi->state = st->word;
	pi->configured = st->configured;

	s = strmap_put(&db->by_name, pi->name, (uint32_t)db->nr, &is_new);
	if (!s)
		return fail(err, file, 0, "out of memory");
	if (!is_new) {
		uint32_t j = s->val;

		for (;;) {
			if (!strcmp(db->pkgs[j].info.arch, pi->arch))
				return fail(err, file, pa->fl[F_PACKAGE],
				            "package %s:%s listed twice", pi->name, pi->arch);
			if (db->pkgs[j].next_same_name == NONE)
				break;
			j = db->pkgs[j].next_same_name;
		}
		db->pkgs[j].next_same_name = (uint32_t)db->nr;
	}
	db->nr++;
	return 0;
}

static int parse_status(struct pkgdb *db, const char *file, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct para pa;
	size_t pos = 0, lineno = 0, len;
	bool in_para = false;
	int ret = -1;
	char *data;

	if (strbuf_read_file(&sb, file, PKGDB_MAX_STATUS)) {
		if (errno == EFBIG)
			fail(err, file, 0, "larger than %zu bytes", (size_t)PKGDB_MAX_STATUS);
		else
			fail(err, file, 0, "%s", strerror(errno));
		goto cleanup;
	}
	len = sb.len;
	db->status = strbuf_detach(&sb, NULL);
	data = db->status;
	memset(&pa, 0, sizeof(pa));
	while (pos < len) {
		char *line = data + pos, *nl, *colon, *v, *e;
		size_t n, avail = len - pos, i;

		lineno++;
		nl = memchr(line, '\n', avail < PKGDB_MAX_LINE + 1 ? avail : PKGDB_MAX_LINE + 1);
		if (!nl) {
			if (avail > PKGDB_MAX_LINE)
				fail(err, file, lineno, "line longer than %d bytes",
				     PKGDB_MAX_LINE);
			else
				fail(err, file, lineno, "truncated: the last line has no newline");
			goto cleanup;
		}
		n = (size_t)(nl - line);
		if (memchr(line, '\0', n)) {
			fail(err, file, lineno, "NUL byte");
			goto cleanup;
		}
		pos += n + 1;
		*nl = '\0';
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0) {
			if (in_para && add_package(db, &pa, file, err))
				goto cleanup;
			in_para = false;
			memset(&pa, 0, sizeof(pa));
			continue;
		}
		if (is_blank(line[0])) {
			if (!in_para) {
				fail(err, file, lineno, "continuation line outside a field");
				goto cleanup;
			}
			continue;
		}
		colon = memchr(line, ':', n);
		if (!colon || colon == line || line[0] == '#' || line[0] == '-') {
			fail(err, file, lineno, "not a 'Field: value' line (missing colon)");
			goto cleanup;
		}
		for (e = line; e < colon; e++) {
			if ((unsigned char)*e <= ' ' || (unsigned char)*e >= 0x7f) {
				fail(err, file, lineno, "invalid field name");
				goto cleanup;
			}
		}
		if (!in_para) {
			in_para = true;
			pa.line = lineno;
		}
		for (i = 0; i < sizeof(field_names) / sizeof(*field_names); i++) {
			size_t fn = strlen(field_names[i]);

			if ((size_t)(colon - line) != fn || strncasecmp(line, field_names[i], fn))
				continue;
			if (pa.f[i]) {
				fail(err, file, lineno, "duplicate %s field", field_names[i]);
				goto cleanup;
			}
			v = colon + 1;
			while (is_blank(*v))
				v++;
			e = line + n;
			while (e > v && is_blank(e[-1]))
				e--;
			*e = '\0';
			pa.f[i] = *v ? v : NULL;
			pa.fl[i] = lineno;
			if (!*v && (i == F_PACKAGE || i == F_STATUS)) {
				fail(err, file, lineno, "empty %s field", field_names[i]);
				goto cleanup;
			}
			break;
		}
	}
	if (in_para && add_package(db, &pa, file, err))
		goto cleanup;
	ret = 0;
cleanup:
	strbuf_release(&sb);
	return ret;
}

/* ---- file lists ---- */

static int keep_chunk(struct pkgdb *db, char *chunk)
{
	if (GROW(db->chunks, db->alloc_chunks, db->nr_chunks + 1)) {
		free(chunk);
		return -1;
	}
	db->chunks[db->nr_chunks++] = chunk;
	return 0;
}

static int add_owner(struct pkgdb *db, const char *path, uint32_t pkg)
{
	struct strmap_slot *s;
	struct pathent *pe;
	bool is_new;

	s = strmap_put(&db->paths, path, (uint32_t)db->nr_ents, &is_new);
	if (!s)
		return -1;
	if (is_new) {
		if (GROW(db->ents, db->alloc_ents, db->nr_ents + 1))
			return -1;
		db->ents[db->nr_ents].head = db->ents[db->nr_ents].tail = NONE;
		db->nr_ents++;
	}
	pe = &db->ents[s->val];
	if (pe->tail != NONE && db->owners[pe->tail].pkg == pkg)
		return 0; /* listed twice by one package */
	if (db->nr_owners >= UINT32_MAX - 1 ||
	    GROW(db->owners, db->alloc_owners, db->nr_owners + 1))
		return -1;
	db->owners[db->nr_owners].pkg = pkg;
	db->owners[db->nr_owners].next = NONE;
	if (pe->tail == NONE)
		pe->head = (uint32_t)db->nr_owners;
	else
		db->owners[pe->tail].next = (uint32_t)db->nr_owners;
	pe->tail = (uint32_t)db->nr_owners;
	db->nr_owners++;
	return 0;
}

/* 0, or -1 (out of memory, too many paths; message in err). */
static int parse_list(struct pkgdb *db, const char *file, char *data, size_t len, uint32_t pkg,
                      struct strbuf *err)
{
	size_t pos = 0, lineno = 0;

	while (pos < len) {
		char *line = data + pos, *nl;
		size_t n, avail = len - pos;

		lineno++;
		nl = memchr(line, '\n', avail);
		if (!nl) {
			if (warn(db, file, lineno, "the last line has no newline: skipped"))
				goto nomem;
			break;
		}
		n = (size_t)(nl - line);
		pos += n + 1;
		*nl = '\0';
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (n > PKGDB_MAX_LINE) {
			if (warn(db, file, lineno, "line longer than %d bytes: skipped",
			         PKGDB_MAX_LINE))
				goto nomem;
			continue;
		}
		if (strlen(line) != n) {
			if (warn(db, file, lineno, "NUL byte: line skipped"))
				goto nomem;
			continue;
		}
		if (line[0] != '/') {
			if (warn(db, file, lineno, "not an absolute path: skipped"))
				goto nomem;
			continue;
		}
		path_normalize(line);
		if (db->nr_ents >= PKGDB_MAX_PATHS)
			return fail(err, file, lineno, "more than %zu paths in the database",
			            (size_t)PKGDB_MAX_PATHS);
		if (add_owner(db, line, pkg))
			goto nomem;
	}
	return 0;
nomem:
	return fail(err, file, 0, "out of memory");
}

struct listfile {
	char *path;
	char *data; /* handed to db->chunks once parsed */
	size_t len;
};

/*
 * Read every kept package's .list first, then index them: the number of
 * lines sizes the hash table once (a load without rehashing).
 */
static int load_lists(struct pkgdb *db, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	struct listfile *lf = NULL;
	size_t i, lines = 0;
	int ret = -1;

	if (!db->nr)
		return 0;
	lf = calloc(db->nr, sizeof(*lf));
	if (!lf)
		goto nomem;
	for (i = 0; i < db->nr; i++) {
		const struct pkg_info *pi = &db->pkgs[i].info;
		bool same = pi->multi_arch && !strcmp(pi->multi_arch, "same");
		int attempt, r = -1;
		const char *p, *e;

		for (attempt = 0; attempt < 2; attempt++) {
			bool with_arch = (attempt == 0) == same;

			strbuf_reset(&path);
			strbuf_reset(&sb);
			if (strbuf_addf(&path, "%s/info/%s%s%s.list", db->admindir, pi->name,
			                with_arch ? ":" : "", with_arch ? pi->arch : ""))
				goto nomem;
			r = strbuf_read_file(&sb, path.buf, PKGDB_MAX_LIST);
			if (!r || (errno != ENOENT && errno != ENOTDIR))
				break;
		}
		if (r) {
			if (errno == ENOENT || errno == ENOTDIR) {
				if (warn(db, db->admindir, 0, "package %s:%s has no file list",
				         pi->name, pi->arch))
					goto nomem;
			} else if (errno == EFBIG) {
				if (warn(db, path.buf, 0, "larger than %zu bytes: skipped",
				         (size_t)PKGDB_MAX_LIST))
					goto nomem;
			} else if (errno == ENOMEM) {
				goto nomem;
			} else {
				fail(err, path.buf, 0, "%s", strerror(errno));
				goto cleanup;
			}
			continue;
		}
		lf[i].path = strbuf_detach(&path, NULL);
		lf[i].data = strbuf_detach(&sb, &lf[i].len);
		if (!lf[i].path || !lf[i].data)
			goto nomem;
		{
			/* strbuf doubles: give the slack back, the buffer is kept */
			char *fit = realloc(lf[i].data, lf[i].len + 1);

			if (fit)
				lf[i].data = fit;
		}
		for (p = lf[i].data, e = p + lf[i].len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
			lines++;
	}
	if (strmap_reserve(&db->paths, lines < PKGDB_MAX_PATHS ? lines : PKGDB_MAX_PATHS))
		goto nomem;
	for (i = 0; i < db->nr; i++) {
		char *data = lf[i].data;

		if (!data)
			continue;
		lf[i].data = NULL;
		if (keep_chunk(db, data))
			goto nomem;
		if (parse_list(db, lf[i].path, data, lf[i].len, (uint32_t)i, err))
			goto cleanup;
	}
	ret = 0;
	goto cleanup;
nomem:
	fail(err, db->admindir, 0, "out of memory");
cleanup:
	for (i = 0; lf && i < db->nr; i++) {
		free(lf[i].path);
		free(lf[i].data);
	}
	free(lf);
	strbuf_release(&path);
	strbuf_release(&sb);
	return ret;
}

static int load_diversions(struct pkgdb *db, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	const char *lines[3];
	size_t pos = 0, lineno = 0, len, k = 0;
	int ret = -1;
	char *data;

	if (strbuf_addf(&path, "%s/diversions", db->admindir))
		goto nomem;
	if (strbuf_read_file(&sb, path.buf, MAX_DIVERSIONS_SIZE)) {
		if (errno == ENOENT) {
			ret = 0;
		} else if (errno == EFBIG) {
			fail(err, path.buf, 0, "larger than %zu bytes",
			     (size_t)MAX_DIVERSIONS_SIZE);
		} else {
			fail(err, path.buf, 0, "%s", strerror(errno));
		}
		goto cleanup;
	}
	data = strbuf_detach(&sb, &len);
	if (!data || keep_chunk(db, data))
		goto nomem;
	while (pos < len) {
		char *line = data + pos, *nl = memchr(line, '\n', len - pos);
		size_t n;

		lineno++;
		if (!nl) {
			fail(err, path.buf, lineno, "truncated: the last line has no newline");
			goto cleanup;
		}
		n = (size_t)(nl - line);
		pos += n + 1;
		*nl = '\0';
		if (strlen(line) != n || n == 0 || n > PKGDB_MAX_LINE ||
		    (k < 2 && line[0] != '/')) {
			fail(err, path.buf, lineno, "malformed diversion");
			goto cleanup;
		}
		if (k < 2)
			path_normalize(line);
		lines[k++] = line;
		if (k == 3) {
			struct strmap_slot *s;
			bool is_new;

			k = 0;
			if (GROW(db->divs, db->alloc_divs, db->nr_divs + 1))
				goto nomem;
			db->divs[db->nr_divs].from = lines[0];
			db->divs[db->nr_divs].to = lines[1];
			db->divs[db->nr_divs].by = lines[2];
			if (!(s = strmap_put(&db->div_from, lines[0], (uint32_t)db->nr_divs,
			                     &is_new)) ||
			    !(s = strmap_put(&db->div_to, lines[1], (uint32_t)db->nr_divs,
			                     &is_new)))
				goto nomem;
			db->nr_divs++;
		}
	}
	if (k) {
		fail(err, path.buf, lineno, "truncated: incomplete diversion");
		goto cleanup;
	}
	ret = 0;
	goto cleanup;
nomem:
	fail(err, path.buf, 0, "out of memory");
cleanup:
	strbuf_release(&path);
	strbuf_release(&sb);
	return ret;
}

static int check_updates(struct pkgdb *db)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	size_t pending = 0;
	DIR *d;
	int ret = 0;

	if (strbuf_addf(&path, "%s/updates", db->admindir))
		return -1;
	d = opendir(path.buf);
	if (d) {
		while ((de = readdir(d)))
			if (ascii_is_digit(de->d_name[0]))
				pending++;
		closedir(d);
	}
	if (pending)
		ret = warn(db, path.buf, 0,
		           "%zu pending update(s): the status file is older than the system "
		           "(dpkg was interrupted; dpkg --configure -a applies them)",
		           pending);
	strbuf_release(&path);
	return ret;
}

static char *dup_or(const char *s, const char *dflt)
{
	return strdup(s && *s ? s : dflt);
}

int pkgdb_open_dpkg(const struct pkgdb_config *cfg, struct pkgdb **out, struct strbuf *err)
{
	struct pkgdb_config dflt = PKGDB_CONFIG_INIT;
	struct strbuf path = STRBUF_INIT;
	struct pkgdb *db;
	int ret = -1;
	char *p;

	*out = NULL;
	if (!cfg)
		cfg = &dflt;
	db = calloc(1, sizeof(*db));
	if (!db)
		return fail(err, "pkgdb", 0, "out of memory");
	strvec_init(&db->warnings);
	db->admindir = dup_or(cfg->admindir, "/var/lib/dpkg");
	db->root = dup_or(cfg->root, "/");
	db->vendor = dup_or(cfg->vendor, "debian");
	db->distro = cfg->distro && *cfg->distro ? strdup(cfg->distro) : NULL;
	if (!db->admindir || !db->root || !db->vendor ||
	    (cfg->distro && *cfg->distro && !db->distro))
		goto nomem;
	for (p = db->vendor; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	path_normalize(db->root);
	if (!strcmp(db->root, "/")) {
		db->root[0] = '\0';
		db->root_real = strdup("");
	} else {
		db->root_real = realpath(db->root, NULL);
		if (!db->root_real) {
			fail(err, db->root, 0, "%s", strerror(errno));
			goto cleanup;
		}
		if (!strcmp(db->root_real, "/"))
			db->root_real[0] = '\0';
	}
	if (!db->root_real)
		goto nomem;
	if (strbuf_addf(&path, "%s/status", db->admindir))
		goto nomem;
	if (parse_status(db, path.buf, err))
		goto cleanup;
	if (load_lists(db, err) || load_diversions(db, err))
		goto cleanup;
	if (check_updates(db))
		goto nomem;
	if (db->warnings_dropped) {
		struct strbuf sb = STRBUF_INIT;

		if (strbuf_addf(&sb, "... and %zu more warnings", db->warnings_dropped) ||
		    strvec_push_nodup(&db->warnings, strbuf_detach(&sb, NULL)))
			goto nomem;
	}
	*out = db;
	db = NULL;
	ret = 0;
	goto cleanup;
nomem:
	fail(err, db->admindir ? db->admindir : "pkgdb", 0, "out of memory");
cleanup:
	strbuf_release(&path);
	pkgdb_close(db);
	return ret;
}

void pkgdb_close(struct pkgdb *db)
{
	size_t i;

	if (!db)
		return;
	free(db->admindir);
	free(db->root);
	free(db->root_real);
	free(db->vendor);
	free(db->distro);
	free(db->status);
	free(db->pkgs);
	strmap_release(&db->by_name);
	for (i = 0; i < db->nr_chunks; i++)
		free(db->chunks[i]);
	free(db->chunks);
	strmap_release(&db->paths);
	free(db->ents);
	free(db->owners);
	free(db->divs);
	strmap_release(&db->div_from);
	strmap_release(&db->div_to);
	strvec_clear(&db->warnings);
	free(db);
}

/* ---- queries ---- */

const struct strvec *pkgdb_warnings(const struct pkgdb *db)
{
	return &db->warnings;
}

size_t pkgdb_count(const struct pkgdb *db)
{
	return db->nr;
}

const struct pkg_info *pkgdb_at(const struct pkgdb *db, size_t i)
{
	return i < db->nr ? &db->pkgs[i].info : NULL;
}

size_t pkgdb_path_count(const struct pkgdb *db)
{
	return db->nr_ents;
}

int pkgdb_find_package(const struct pkgdb *db, const char *name, const char *arch,
                       const struct pkg_info **out)
{
	const struct strmap_slot *s = strmap_find(&db->by_name, name);
	uint32_t j;

	*out = NULL;
	if (!s)
		return 1;
	for (j = s->val; j != NONE; j = db->pkgs[j].next_same_name) {
		if (!arch || !strcmp(db->pkgs[j].info.arch, arch)) {
			*out = &db->pkgs[j].info;
			return 0;
		}
	}
	return 1;
}

int pkgdb_by_source(const struct pkgdb *db, const char *source, const struct pkg_info ***out,
                    size_t *nr)
{
	const struct pkg_info **v = NULL;
	size_t i, n = 0, alloc = 0;

	*out = NULL;
	*nr = 0;
	for (i = 0; i < db->nr; i++) {
		if (strcmp(db->pkgs[i].info.source, source))
			continue;
		if (GROW(v, alloc, n + 1)) {
			free(v);
			return -1;
		}
		v[n++] = &db->pkgs[i].info;
	}
	if (!n)
		return 1;
	*out = v;
	*nr = n;
	return 0;
}

void pkgdb_match_init(struct pkgdb_match *m)
{
	memset(m, 0, sizeof(*m));
	strbuf_init(&m->path);
}

void pkgdb_match_release(struct pkgdb_match *m)
{
	free(m->owners);
	strbuf_release(&m->path);
	pkgdb_match_init(m);
}

static const char *const usr_dirs[] = {"bin", "sbin", "lib", "lib32", "lib64", "libx32", "libo32"};

/* The merged-/usr twin of p into out: 0, 1 when p has none, -1 memory. */
static int usr_twin(const char *p, struct strbuf *out)
{
	const char *rest = p;
	bool has_usr = !strncmp(p, "/usr/", 5);
	size_t i;

	strbuf_reset(out);
	if (has_usr)
		rest = p + 4;
	for (i = 0; i < sizeof(usr_dirs) / sizeof(*usr_dirs); i++) {
		size_t n = strlen(usr_dirs[i]);

		if (rest[0] == '/' && !strncmp(rest + 1, usr_dirs[i], n) &&
		    (rest[1 + n] == '/' || rest[1 + n] == '\0'))
			return has_usr ? strbuf_addstr(out, rest)
			               : strbuf_addf(out, "/usr%s", rest);
	}
	return 1;
}

/*
 * The real path of p (a path inside the root) as a path inside the root:
 * 0, 1 (does not exist, or leads out of the root), -1 out of memory.
 */
static int real_in_root(const struct pkgdb *db, const char *p, struct strbuf *out)
{
	struct strbuf host = STRBUF_INIT;
	char *rp;
	size_t rl = strlen(db->root_real);
	int ret = 1;

	strbuf_reset(out);
	if (strbuf_addf(&host, "%s%s", db->root, p)) {
		ret = -1;
		goto cleanup;
	}
	rp = realpath(host.buf, NULL);
	if (!rp) {
		if (errno == ENOMEM)
			ret = -1;
		goto cleanup;
	}
	if (!strncmp(rp, db->root_real, rl) && (rp[rl] == '/' || rp[rl] == '\0'))
		ret = strbuf_addstr(out, rp[rl] ? rp + rl : "/");
	free(rp);
cleanup:
	strbuf_release(&host);
	return ret;
}

/* Owners of path p after diversions: 0 found (m filled), 1 not, -1 memory. */
static int try_path(const struct pkgdb *db, const char *p, enum pkgdb_how how,
                    struct pkgdb_match *m)
{
	const struct strmap_slot *s, *d;
	const struct diversion *dv = NULL;
	const char *list_path = p;
	bool to_side = false;
	uint32_t o;
	size_t n = 0;

	if ((d = strmap_find(&db->div_to, p))) {
		dv = &db->divs[d->val];
		list_path = dv->from;
		to_side = true;
	} else if ((d = strmap_find(&db->div_from, p))) {
		dv = &db->divs[d->val];
	}
	s = strmap_find(&db->paths, list_path);
	if (!s)
		return 1;
	for (o = db->ents[s->val].head; o != NONE; o = db->owners[o].next)
		n++;
	free(m->owners);
	m->owners = calloc(n ? n : 1, sizeof(*m->owners));
	if (!m->owners)
		return -1;
	m->nr_owners = 0;
	for (o = db->ents[s->val].head; o != NONE; o = db->owners[o].next) {
		const struct pkg_info *pi = &db->pkgs[db->owners[o].pkg].info;

		if (dv) {
			size_t bl = strcspn(dv->by, ":"); /* "pkg" or "pkg:arch" */
			bool is_by = bl && strlen(pi->name) == bl && !strncmp(pi->name, dv->by, bl);

			if (to_side == is_by)
				continue;
		}
		m->owners[m->nr_owners++] = pi;
	}
	if (!m->nr_owners)
		return 1;
	m->pkg = m->owners[0];
	m->how = how;
	m->diverted_by = dv ? dv->by : NULL;
	strbuf_reset(&m->path);
	return strbuf_addstr(&m->path, p) ? -1 : 0;
}

/* Try p and its /usr twin. */
static int try_both(const struct pkgdb *db, const char *p, enum pkgdb_how how,
                    struct pkgdb_match *m, struct strbuf *tmp)
{
	int r = try_path(db, p, how, m);

	if (r <= 0)
		return r;
	r = usr_twin(p, tmp);
	if (r)
		return r;
	return try_path(db, tmp->buf, how == PKGDB_EXACT ? PKGDB_MERGED_USR : how, m);
}

int pkgdb_lookup(const struct pkgdb *db, const char *path, struct pkgdb_match *m,
                 struct strbuf *err)
{
	struct strbuf norm = STRBUF_INIT, tmp = STRBUF_INIT, real = STRBUF_INIT;
	const char *slash;
	int ret = -1, r;

	pkgdb_match_release(m);
	if (!path || path[0] != '/') {
		fail(err, path ? path : "(null)", 0, "not an absolute path");
		goto cleanup;
	}
	if (strbuf_addstr(&norm, path))
		goto nomem;
	path_normalize(norm.buf);
	norm.len = strlen(norm.buf);
	r = try_both(db, norm.buf, PKGDB_EXACT, m, &tmp);
	if (r <= 0)
		goto done;
	/* the directory's real path, then the name */
	slash = strrchr(norm.buf, '/');
	if (slash && slash != norm.buf) {
		struct strbuf dir = STRBUF_INIT;

		r = strbuf_add(&dir, norm.buf, (size_t)(slash - norm.buf));
		if (!r)
			r = real_in_root(db, dir.buf, &real);
		strbuf_release(&dir);
		if (r < 0)
			goto nomem;
		if (r == 0) {
			if (strcmp(real.buf, "/") && strbuf_addch(&real, '/'))
				goto nomem;
			if (strbuf_addstr(&real, slash + 1))
				goto nomem;
			r = try_both(db, real.buf, PKGDB_DIR_REALPATH, m, &tmp);
			if (r <= 0)
				goto done;
		}
	}
	r = real_in_root(db, norm.buf, &real);
	if (r < 0)
		goto nomem;
	if (r == 0) {
		r = try_both(db, real.buf, PKGDB_REALPATH, m, &tmp);
		if (r <= 0)
			goto done;
	}
	r = 1;
done:
	if (r < 0)
		goto nomem;
	if (r == 1)
		pkgdb_match_release(m);
	ret = r;
	goto cleanup;
nomem:
	pkgdb_match_release(m);
	fail(err, path, 0, "out of memory");
cleanup:
	strbuf_release(&norm);
	strbuf_release(&tmp);
	strbuf_release(&real);
	return ret;
}

/* ---- purl ---- */

/* The purl specification's percent-encoding: letters, digits, ".-_~" and ':' stay. */
static int purl_encode(struct strbuf *out, const char *s, bool lower)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (lower && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (ascii_is_alnum((char)c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
			if (strbuf_addch(out, (char)c))
				return -1;
		} else if (strbuf_addf(out, "%%%02X", c)) {
			return -1;
		}
	}
	return 0;
}

int pkgdb_purl(const struct pkgdb *db, const struct pkg_info *pkg, bool source, struct strbuf *out)
{
	if (strbuf_addstr(out, "pkg:deb/") || purl_encode(out, db->vendor, true) ||
	    strbuf_addch(out, '/') || purl_encode(out, source ? pkg->source : pkg->name, true) ||
	    strbuf_addch(out, '@') ||
	    purl_encode(out, source ? pkg->source_version : pkg->version, false) ||
	    strbuf_addstr(out, "?arch=") || purl_encode(out, source ? "source" : pkg->arch, false))
		return -1;
	if (db->distro && (strbuf_addstr(out, "&distro=") || purl_encode(out, db->distro, false)))
		return -1;
	return 0;
}

/* ---- licences of installed packages (the DEP-5 map: licence/dep5.c) ---- */

void pkg_license_init(struct pkg_license *lic)
{
	memset(lic, 0, sizeof(*lic));
	strvec_init(&lic->unmapped);
	strvec_init(&lic->all);
}

void pkg_license_release(struct pkg_license *lic)
{
	free(lic->spdx);
	free(lic->declared);
	free(lic->reason);
	free(lic->file);
	strvec_clear(&lic->unmapped);
	strvec_clear(&lic->all);
	pkg_license_init(lic);
}

__attribute__((format(printf, 2, 3))) static int set_reason(struct pkg_license *lic,
                                                            const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r) {
		strbuf_release(&sb);
		return -1;
	}
	free(lic->reason);
	lic->reason = strbuf_detach(&sb, NULL);
	return lic->reason ? 1 : -1;
}

/*
 * The host path of NAME's copyright file into out, following the doc
 * directory's own symlinks inside the root: 0, 1 (a symlink loop or a
 * link target too long: out names the last), -1 out of memory.
 */
static int copyright_path(const struct pkgdb *db, const char *name, struct strbuf *out)
{
	struct strbuf rel = STRBUF_INIT, host = STRBUF_INIT;
	char target[PATH_MAX];
	int hops, ret = -1;

	if (strbuf_addf(&rel, "/usr/share/doc/%s", name))
		goto cleanup;
	for (hops = 0;; hops++) {
		struct stat st;
		ssize_t n;

		strbuf_reset(&host);
		if (strbuf_addf(&host, "%s%s", db->root, rel.buf))
			goto cleanup;
		if (lstat(host.buf, &st) || !S_ISLNK(st.st_mode))
			break;
		if (hops == MAX_DOC_SYMLINKS) {
			ret = 1;
			break;
		}
		n = readlink(host.buf, target, sizeof(target) - 1);
		if (n < 0 || (size_t)n >= sizeof(target) - 1)
			break;
		target[n] = '\0';
		if (target[0] == '/') {
			strbuf_reset(&rel);
			if (strbuf_addstr(&rel, target))
				goto cleanup;
		} else {
			const char *slash = strrchr(rel.buf, '/');

			rel.len = (size_t)(slash - rel.buf) + 1;
			rel.buf[rel.len] = '\0';
			if (strbuf_addstr(&rel, target))
				goto cleanup;
		}
		path_normalize(rel.buf);
		rel.len = strlen(rel.buf);
	}
	if (ret != 1)
		ret = 0;
	strbuf_reset(out);
	if (strbuf_addf(out, "%s%s/copyright", db->root, rel.buf))
		ret = -1;
cleanup:
	strbuf_release(&rel);
	strbuf_release(&host);
	return ret;
}

static bool is_dep5_format(const char *v, size_t n)
{
	static const char *const exact[] = {
	    "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
	    "http://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
	    "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0",
	    "http://www.debian.org/doc/packaging-manuals/copyright-format/1.0",
	};
	static const char *const drafts[] = {
	    "http://dep.debian.net/deps/dep5",
	    "http://svn.debian.org/wsvn/dep/web/deps/dep5.mdwn",
	};
	size_t i;

	for (i = 0; i < sizeof(exact) / sizeof(*exact); i++)
		if (n == strlen(exact[i]) && !memcmp(v, exact[i], n))
			return true;
	for (i = 0; i < sizeof(drafts) / sizeof(*drafts); i++)
		if (n >= strlen(drafts[i]) && !memcmp(v, drafts[i], strlen(drafts[i])))
			return true;
	return false;
}

struct dep5_para {
	bool files_star;
	bool has_files;
	const char *lic; /* first line of License, or NULL */
	size_t lic_n, lic_line;
};

/* Record one paragraph's licence: its mapping goes to lic->all. */
static int dep5_collect(struct pkg_license *lic, const struct dep5_para *pp)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	size_t i;
	int r;

	if (!pp->has_files || !pp->lic || !pp->lic_n)
		return 0;
	if (strbuf_add(&tmp, pp->lic, pp->lic_n))
		return -1;
	r = deb_license_to_spdx(tmp.buf, &sb, NULL);
	if (r == 0) {
		for (i = 0; i < lic->all.nr; i++)
			if (!strcmp(lic->all.v[i], sb.buf))
				break;
		if (i == lic->all.nr && strvec_push(&lic->all, sb.buf))
			r = -1;
	} else if (r == 1) {
		r = 0;
	}
	strbuf_release(&sb);
	strbuf_release(&tmp);
	return r;
}

int pkgdb_license(const struct pkgdb *db, const struct pkg_info *pkg, struct pkg_license *lic,
                  struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT, sb = STRBUF_INIT;
	struct dep5_para cur, best, header;
	size_t pos = 0, lineno = 0, para = 0;
	bool in_para = false, have_best = false;
	enum { FLD_OTHER, FLD_FILES } field = FLD_OTHER;
	int ret = -1, r;

	pkg_license_release(lic);
	memset(&cur, 0, sizeof(cur));
	memset(&best, 0, sizeof(best));
	memset(&header, 0, sizeof(header));
	r = copyright_path(db, pkg->name, &path);
	if (r < 0)
		goto nomem;
	lic->file = strdup(path.buf);
	if (!lic->file)
		goto nomem;
	if (r == 1) {
		ret = set_reason(lic, "%s: too many symbolic links", path.buf);
		goto cleanup;
	}
	if (strbuf_read_file(&data, path.buf, PKGDB_MAX_COPYRIGHT)) {
		if (errno == ENOENT || errno == ENOTDIR)
			ret = set_reason(lic, "no copyright file");
		else if (errno == EFBIG)
			ret = set_reason(lic, "copyright file larger than %zu bytes",
			                 (size_t)PKGDB_MAX_COPYRIGHT);
		else if (errno == ENOMEM)
			goto nomem;
		else
			fail(err, path.buf, 0, "%s", strerror(errno));
		goto cleanup;
	}
	if (memchr(data.buf, '\0', data.len)) {
		ret = set_reason(lic, "copyright file not machine-readable (NUL byte)");
		goto cleanup;
	}
	while (pos <= data.len) {
		const char *line = data.buf + pos, *nl, *colon, *v, *e;
		size_t n;
		bool blank = true, last = false;

		nl = memchr(line, '\n', data.len - pos);
		n = nl ? (size_t)(nl - line) : data.len - pos;
		if (!nl)
			last = true;
		pos += n + 1;
		lineno++;
		if (n && line[n - 1] == '\r')
			n--;
		for (e = line; e < line + n; e++)
			if (!is_blank(*e))
				blank = false;
		if (blank) {
			if (in_para) {
				if (para == 0) {
					header = cur;
				} else {
					if (cur.files_star) {
						best = cur;
						have_best = true;
					}
					if (dep5_collect(lic, &cur))
						goto nomem;
				}
				para++;
				memset(&cur, 0, sizeof(cur));
				in_para = false;
			}
			if (last)
				break;
			continue;
		}
		if (line[0] == '#')
			continue; /* a deb822 comment line */
		if (is_blank(line[0]) && !in_para) {
			if (para == 0)
				ret = set_reason(lic, "copyright file not machine-readable");
			else
				ret = set_reason(lic,
				                 "%s:%zu: continuation line outside a paragraph: "
				                 "copyright file not machine-readable",
				                 path.buf, lineno);
			goto cleanup;
		}
		if (is_blank(line[0])) {
			/* a continuation: only Files patterns matter */
			if (field == FLD_FILES) {
				for (v = line; v < line + n;) {
					while (v < line + n && is_blank(*v))
						v++;
					e = v;
					while (e < line + n && !is_blank(*e))
						e++;
					if (e - v == 1 && *v == '*')
						cur.files_star = true;
					v = e;
				}
			}
		} else {
			colon = memchr(line, ':', n);
			if (!colon || colon == line) {
				if (para == 0 && !in_para) {
					ret =
					    set_reason(lic, "copyright file not machine-readable");
				} else {
					ret =
					    set_reason(lic,
					               "%s:%zu: not a DEP-5 field line: copyright "
					               "file not machine-readable",
					               path.buf, lineno);
				}
				goto cleanup;
			}
			v = colon + 1;
			while (v < line + n && is_blank(*v))
				v++;
			e = line + n;
			while (e > v && is_blank(e[-1]))
				e--;
			if (para == 0 && !in_para &&
			    ((size_t)(colon - line) != 6 || strncasecmp(line, "Format", 6) ||
			     !is_dep5_format(v, (size_t)(e - v)))) {
				ret = set_reason(lic, "copyright file not machine-readable");
				goto cleanup;
			}
			in_para = true;
			field = FLD_OTHER;
			if ((size_t)(colon - line) == 5 && !strncasecmp(line, "Files", 5)) {
				const char *t;

				field = FLD_FILES;
				cur.has_files = true;
				for (t = v; t < e;) {
					const char *te = t;

					while (te < e && !is_blank(*te))
						te++;
					if (te - t == 1 && *t == '*')
						cur.files_star = true;
					while (te < e && is_blank(*te))
						te++;
					t = te;
				}
			} else if ((size_t)(colon - line) == 7 &&
			           !strncasecmp(line, "License", 7)) {
				cur.lic = v;
				cur.lic_n = (size_t)(e - v);
				cur.lic_line = lineno;
			}
		}
		if (last) {
			if (in_para) {
				if (para == 0) {
					header = cur;
				} else {
					if (cur.files_star) {
						best = cur;
						have_best = true;
					}
					if (dep5_collect(lic, &cur))
						goto nomem;
				}
				para++;
			}
			break;
		}
	}
	if (!para) {
		ret = set_reason(lic, "copyright file not machine-readable (empty)");
		goto cleanup;
	}
	if (!have_best) {
		if (!header.lic) {
			ret =
			    set_reason(lic, "no 'Files: *' paragraph and no License in the header");
			goto cleanup;
		}
		best = header;
		lic->from_header = true;
	}
	lic->line = best.lic_line;
	if (!best.lic) {
		ret = set_reason(lic, "%s: the 'Files: *' paragraph has no License", path.buf);
		goto cleanup;
	}
	lic->declared = strndup(best.lic, best.lic_n);
	if (!lic->declared)
		goto nomem;
	if (!best.lic_n) {
		ret = set_reason(lic, "%s:%zu: empty License short name", path.buf, best.lic_line);
		goto cleanup;
	}
	r = deb_license_to_spdx(lic->declared, &sb, &lic->unmapped);
	if (r < 0)
		goto nomem;
	if (r == 1) {
		ret = set_reason(lic, "%s:%zu: License '%s' is not a DEP-5 license expression",
		                 path.buf, best.lic_line, lic->declared);
		goto cleanup;
	}
	lic->spdx = strbuf_detach(&sb, NULL);
	if (!lic->spdx)
		goto nomem;
	ret = 0;
	goto cleanup;
nomem:
	fail(err, path.len ? path.buf : pkg->name, 0, "out of memory");
	ret = -1;
cleanup:
	if (ret < 0) {
		char *file = lic->file;

		lic->file = NULL;
		pkg_license_release(lic);
		lic->file = file;
	} else if (ret == 1 && !lic->reason) {
		ret = -1;
	}
	strbuf_release(&path);
	strbuf_release(&data);
	strbuf_release(&sb);
	return ret;
}
