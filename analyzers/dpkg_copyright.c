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
	strvec_init(&lic->matched);
}

void pkg_license_release(struct pkg_license *lic)
{
	free(lic->spdx);
	free(lic->declared);
	free(lic->reason);
	free(lic->file);
	free(lic->upstream_name);
	free(lic->upstream_contact);
	free(lic->upstream_source);
	strvec_clear(&lic->unmapped);
	strvec_clear(&lic->all);
	strvec_clear(&lic->matched);
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

/* A Files paragraph, for matching installed files (pkgdb_license_files). */
struct dep5_files {
	struct strvec patterns;
	struct dep5_para para;
};

/* Reading a copyright file line by line (DEP-5 is deb822: paragraphs of fields). */
struct dep5_scan {
	struct pkg_license *lic;
	const char *path;
	struct dep5_para cur, best, header;
	size_t lineno, para;
	bool in_para, have_best;
	enum { FLD_OTHER, FLD_FILES } field;
	struct strvec cur_patterns;
	struct dep5_files *files; /* every Files paragraph, in file order */
	size_t nr_files, alloc_files;
};

static void dep5_scan_release(struct dep5_scan *sc)
{
	for (size_t i = 0; i < sc->nr_files; i++)
		strvec_clear(&sc->files[i].patterns);
	free(sc->files);
	strvec_clear(&sc->cur_patterns);
}

/* The blank-separated patterns in [v, e) into sc->cur_patterns. 0, -1 (memory). */
static int add_patterns(struct dep5_scan *sc, const char *v, const char *e)
{
	while (v < e) {
		const char *t;

		while (v < e && dpkg_is_blank(*v))
			v++;
		t = v;
		while (t < e && !dpkg_is_blank(*t))
			t++;
		if (t > v && strvec_pushn(&sc->cur_patterns, v, (size_t)(t - v)))
			return -1;
		v = t;
	}
	return 0;
}

/* A paragraph ends: the header, or a Files paragraph (the last "Files: *" wins). 0, -1 (memory). */
static int end_paragraph(struct dep5_scan *sc)
{
	if (!sc->in_para)
		return 0;
	/* "Files: *" (DEP-5: the paragraph for everything not listed later) */
	sc->cur.files_star = strvec_find(&sc->cur_patterns, "*") >= 0;
	if (sc->para == 0) {
		sc->header = sc->cur;
	} else {
		if (sc->cur.files_star) {
			sc->best = sc->cur;
			sc->have_best = true;
		}
		if (dep5_collect(sc->lic, &sc->cur))
			return -1;
		if (sc->cur.has_files) {
			struct dep5_files *f;

			if (sc->nr_files == sc->alloc_files) {
				size_t n = sc->alloc_files ? 2 * sc->alloc_files : 8;
				void *p = realloc(sc->files, n * sizeof(*sc->files));

				if (!p)
					return -1;
				sc->files = p;
				sc->alloc_files = n;
			}
			f = &sc->files[sc->nr_files++];
			f->patterns = sc->cur_patterns;
			f->para = sc->cur;
			strvec_init(&sc->cur_patterns);
		}
	}
	strvec_clear(&sc->cur_patterns);
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
		if (add_patterns(sc, v, e))
			return -1;
	} else if (sc->para == 0 && v < e) {
		static const char *const names[] = { "Upstream-Name", "Upstream-Contact",
						     "Source" };
		char **dst[] = { &sc->lic->upstream_name, &sc->lic->upstream_contact,
				 &sc->lic->upstream_source };

		for (size_t i = 0; i < 3; i++)
			if ((size_t)(colon - line) == strlen(names[i]) &&
			    !strncasecmp(line, names[i], strlen(names[i])) && !*dst[i] &&
			    !(*dst[i] = strndup(v, (size_t)(e - v))))
				return -1;
	}
	if ((size_t)(colon - line) == 5 && !strncasecmp(line, "Files", 5)) {
		/* done above */
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
			if (sc->field == FLD_FILES) {
				if (add_patterns(sc, line, line + n))
					return -1;
			}
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

bool dep5_pattern_match(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;

	for (;;) {
		if (*pat == '*') {
			star = ++pat;
			resume = s;
			continue;
		}
		if (!*s) {
			if (!*pat)
				return true;
		} else if (*pat == '?' ||
			   (*pat == '\\' && pat[1] && pat[1] == *s && (pat += 1, true)) ||
			   (*pat && *pat != '\\' && *pat == *s)) {
			pat++;
			s++;
			continue;
		}
		if (!star || !*resume)
			return false;
		pat = star;
		s = ++resume;
	}
}

/* Whether pattern matches the installed path (see pkgdb_license_files). */
static bool pattern_matches_path(const char *pattern, const char *path)
{
	size_t slashes = 0;
	const char *p;

	if (!strcmp(pattern, "*"))
		return true;
	for (p = pattern; *p; p++)
		slashes += *p == '/';
	/* the suffix of path with as many '/' as the pattern */
	for (p = path + strlen(path); p > path; p--) {
		if (p[-1] != '/')
			continue;
		if (!slashes--)
			break;
	}
	while (*p == '/')
		p++;
	return dep5_pattern_match(pattern, p);
}

/* The terms joined with AND, a compound one in parentheses when there are several. */
static int and_terms(struct strbuf *expr, const struct strvec *terms)
{
	for (size_t i = 0; i < terms->nr; i++) {
		const char *t = terms->v[i];
		bool paren = terms->nr > 1 && (strstr(t, " OR ") || strstr(t, " AND "));

		if (strbuf_addf(expr, "%s%s%s%s", i ? " AND " : "", paren ? "(" : "", t,
				paren ? ")" : ""))
			return -1;
	}
	return 0;
}

/*
 * Each path's paragraph, as pkgdb_license_files says. 0 (lic->spdx and
 * lic->matched set), 1 (a path matches nothing, or a paragraph's licence
 * is not an expression: the caller keeps the package's), -1 (memory).
 */
static int files_license(struct dep5_scan *sc, const char *const *paths, size_t nr)
{
	struct pkg_license *lic = sc->lic;
	struct strvec terms = STRVEC_INIT, seen = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT, expr = STRBUF_INIT;
	size_t *count = calloc(sc->nr_files + 1, sizeof(*count));
	size_t *first = calloc(sc->nr_files + 1, sizeof(*first));
	size_t *which = calloc(nr + 1, sizeof(*which));
	size_t *pat = calloc(nr + 1, sizeof(*pat)); /* the pattern that matched */
	int ret = -1;

	if (!count || !first || !which || !pat)
		goto out;
	for (size_t i = 0; i < nr; i++) {
		size_t k = sc->nr_files;

		for (size_t f = 0; f < sc->nr_files; f++)
			for (size_t q = 0; q < sc->files[f].patterns.nr; q++)
				if (pattern_matches_path(sc->files[f].patterns.v[q], paths[i])) {
					k = f;
					pat[i] = q;
					break;
				}
		if (k == sc->nr_files || !sc->files[k].para.lic || !sc->files[k].para.lic_n) {
			ret = 1;
			goto out;
		}
		which[i] = k;
		if (!count[k]++)
			first[k] = i;
	}
	for (size_t i = 0; i < nr; i++) {
		const struct dep5_para *pp = &sc->files[which[i]].para;
		struct strbuf dl = STRBUF_INIT;
		int r;

		if (first[which[i]] != i)
			continue;
		if (strbuf_add(&dl, pp->lic, pp->lic_n)) {
			strbuf_release(&dl);
			goto out;
		}
		strbuf_reset(&sb);
		r = deb_license_to_spdx(dl.buf, &sb, &lic->unmapped);
		strbuf_release(&dl);
		if (r) {
			ret = r;
			goto out;
		}
		if (strvec_find(&seen, sb.buf) < 0 && strvec_push(&seen, sb.buf))
			goto out;
		if (strvec_pushf(&terms, "%s:%zu (Files: %s) for %zu file%s: %s", sc->path,
				 pp->lic_line, sc->files[which[i]].patterns.v[pat[i]],
				 count[which[i]], count[which[i]] == 1 ? "" : "s", paths[i]))
			goto out;
	}
	if (and_terms(&expr, &seen))
		goto out;
	free(lic->spdx);
	lic->spdx = strbuf_detach(&expr, NULL);
	if (!lic->spdx)
		goto out;
	free(lic->reason);
	lic->reason = NULL;
	strvec_clear(&lic->matched);
	lic->matched = terms;
	strvec_init(&terms);
	ret = 0;
out:
	free(count);
	free(first);
	free(which);
	free(pat);
	strvec_clear(&terms);
	strvec_clear(&seen);
	strbuf_release(&sb);
	strbuf_release(&expr);
	return ret;
}

int pkgdb_license(const struct pkgdb *db, const struct pkg_info *pkg, struct pkg_license *lic,
		  struct strbuf *err)
{
	return pkgdb_license_files(db, pkg, NULL, 0, lic, err);
}

int pkgdb_license_files(const struct pkgdb *db, const struct pkg_info *pkg,
			const char *const *paths, size_t nr, struct pkg_license *lic,
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
	if (!r) {
		r = chosen_license(&sc);
		if (r >= 0 && nr) {
			int f = files_license(&sc, paths, nr);

			if (f < 0)
				r = -1;
			else if (f == 0)
				r = 0;
		}
	}
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
	dep5_scan_release(&sc);
	strbuf_release(&path);
	strbuf_release(&data);
	return ret;
}
