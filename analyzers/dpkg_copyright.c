/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The licence of an installed package, from its machine-readable
 * /usr/share/doc/PKG/copyright (pkgdb.h: pkgdb_license), as SPDX through
 * licence/dep5.h.
 */
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
#include "dpkg_internal.h"
#include "pathutil.h"
#include "strmap.h"
#include "banned.h"

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

/* Reading a copyright file line by line (DEP-5 is deb822: paragraphs of fields). */
struct dep5_scan {
	struct pkg_license *lic;
	const char *path;
	struct dep5_para cur, best, header;
	size_t lineno, para;
	bool in_para, have_best;
	enum { FLD_OTHER, FLD_FILES } field;
};

/* Whether the blank-separated patterns in [v, e) include "*". */
static bool has_star(const char *v, const char *e)
{
	while (v < e) {
		const char *t;

		while (v < e && dpkg_is_blank(*v))
			v++;
		t = v;
		while (t < e && !dpkg_is_blank(*t))
			t++;
		if (t - v == 1 && *v == '*')
			return true;
		v = t;
	}
	return false;
}

/* A paragraph ends: the header, or a Files paragraph (the last "Files: *" wins). 0, -1 (memory). */
static int end_paragraph(struct dep5_scan *sc)
{
	if (!sc->in_para)
		return 0;
	if (sc->para == 0) {
		sc->header = sc->cur;
	} else {
		if (sc->cur.files_star) {
			sc->best = sc->cur;
			sc->have_best = true;
		}
		if (dep5_collect(sc->lic, &sc->cur))
			return -1;
	}
	sc->para++;
	memset(&sc->cur, 0, sizeof(sc->cur));
	sc->in_para = false;
	return 0;
}

/* A field line "Name: value" of n bytes. 0, 1 (not machine-readable: the reason set), -1. */
static int field_line(struct dep5_scan *sc, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n), *v, *e;

	if (!colon || colon == line) {
		if (sc->para == 0 && !sc->in_para)
			return set_reason(sc->lic, "copyright file not machine-readable");
		return set_reason(sc->lic,
				  "%s:%zu: not a DEP-5 field line: copyright file not "
				  "machine-readable",
				  sc->path, sc->lineno);
	}
	v = colon + 1;
	while (v < line + n && dpkg_is_blank(*v))
		v++;
	e = line + n;
	while (e > v && dpkg_is_blank(e[-1]))
		e--;
	if (sc->para == 0 && !sc->in_para &&
	    ((size_t)(colon - line) != 6 || strncasecmp(line, "Format", 6) ||
	     !is_dep5_format(v, (size_t)(e - v))))
		return set_reason(sc->lic, "copyright file not machine-readable");
	sc->in_para = true;
	sc->field = FLD_OTHER;
	if ((size_t)(colon - line) == 5 && !strncasecmp(line, "Files", 5)) {
		sc->field = FLD_FILES;
		sc->cur.has_files = true;
		sc->cur.files_star |= has_star(v, e);
	} else if ((size_t)(colon - line) == 7 && !strncasecmp(line, "License", 7)) {
		sc->cur.lic = v;
		sc->cur.lic_n = (size_t)(e - v);
		sc->cur.lic_line = sc->lineno;
	}
	return 0;
}

/* Every paragraph of data. 0, 1 (not machine-readable: the reason set), -1 (memory). */
static int scan_paragraphs(struct dep5_scan *sc, const struct strbuf *data)
{
	size_t pos = 0;

	while (pos <= data->len) {
		const char *line = data->buf + pos, *nl = memchr(line, '\n', data->len - pos), *e;
		size_t n = nl ? (size_t)(nl - line) : data->len - pos;
		bool blank = true;
		int r;

		pos += n + 1;
		sc->lineno++;
		if (n && line[n - 1] == '\r')
			n--;
		for (e = line; e < line + n; e++)
			if (!dpkg_is_blank(*e))
				blank = false;
		if (blank) {
			if (end_paragraph(sc))
				return -1;
		} else if (line[0] == '#') {
			/* a deb822 comment line */
		} else if (dpkg_is_blank(line[0]) && !sc->in_para) {
			if (sc->para == 0)
				return set_reason(sc->lic, "copyright file not machine-readable");
			return set_reason(sc->lic,
					  "%s:%zu: continuation line outside a paragraph: "
					  "copyright file not machine-readable",
					  sc->path, sc->lineno);
		} else if (dpkg_is_blank(line[0])) {
			/* a continuation: only Files patterns matter */
			if (sc->field == FLD_FILES)
				sc->cur.files_star |= has_star(line, line + n);
		} else if ((r = field_line(sc, line, n))) {
			return r;
		}
		if (!nl)
			return end_paragraph(sc);
	}
	return 0;
}

/* The licence of the chosen paragraph as SPDX. 0, 1 (the reason set), -1 (memory). */
static int chosen_license(struct dep5_scan *sc)
{
	struct pkg_license *lic = sc->lic;
	struct dep5_para best = sc->best;
	struct strbuf sb = STRBUF_INIT;
	int r;

	if (!sc->para)
		return set_reason(lic, "copyright file not machine-readable (empty)");
	if (!sc->have_best) {
		if (!sc->header.lic)
			return set_reason(lic,
					  "no 'Files: *' paragraph and no License in the header");
		best = sc->header;
		lic->from_header = true;
	}
	lic->line = best.lic_line;
	if (!best.lic)
		return set_reason(lic, "%s: the 'Files: *' paragraph has no License", sc->path);
	lic->declared = strndup(best.lic, best.lic_n);
	if (!lic->declared)
		return -1;
	if (!best.lic_n)
		return set_reason(lic, "%s:%zu: empty License short name", sc->path, best.lic_line);
	r = deb_license_to_spdx(lic->declared, &sb, &lic->unmapped);
	if (r == 1)
		r = set_reason(lic, "%s:%zu: License '%s' is not a DEP-5 license expression",
			       sc->path, best.lic_line, lic->declared);
	else if (r == 0 && !(lic->spdx = strbuf_detach(&sb, NULL)))
		r = -1;
	strbuf_release(&sb);
	return r;
}

int pkgdb_license(const struct pkgdb *db, const struct pkg_info *pkg, struct pkg_license *lic,
		  struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;
	struct dep5_scan sc;
	int ret = -1, r;

	pkg_license_release(lic);
	memset(&sc, 0, sizeof(sc));
	sc.lic = lic;
	r = copyright_path(db, pkg->name, &path);
	if (r < 0)
		goto nomem;
	sc.path = path.buf;
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
			dpkg_fail(err, path.buf, 0, "%s", strerror(errno));
		goto cleanup;
	}
	if (memchr(data.buf, '\0', data.len)) {
		ret = set_reason(lic, "copyright file not machine-readable (NUL byte)");
		goto cleanup;
	}
	r = scan_paragraphs(&sc, &data);
	if (!r)
		r = chosen_license(&sc);
	if (r < 0)
		goto nomem;
	ret = r;
	goto cleanup;
nomem:
	dpkg_fail(err, path.len ? path.buf : pkg->name, 0, "out of memory");
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
	return ret;
}
