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
			dpkg_fail(err, path.buf, 0, "%s", strerror(errno));
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
			if (!dpkg_is_blank(*e))
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
		if (dpkg_is_blank(line[0]) && !in_para) {
			if (para == 0)
				ret = set_reason(lic, "copyright file not machine-readable");
			else
				ret = set_reason(lic,
				                 "%s:%zu: continuation line outside a paragraph: "
				                 "copyright file not machine-readable",
				                 path.buf, lineno);
			goto cleanup;
		}
		if (dpkg_is_blank(line[0])) {
			/* a continuation: only Files patterns matter */
			if (field == FLD_FILES) {
				for (v = line; v < line + n;) {
					while (v < line + n && dpkg_is_blank(*v))
						v++;
					e = v;
					while (e < line + n && !dpkg_is_blank(*e))
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
			while (v < line + n && dpkg_is_blank(*v))
				v++;
			e = line + n;
			while (e > v && dpkg_is_blank(e[-1]))
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

					while (te < e && !dpkg_is_blank(*te))
						te++;
					if (te - t == 1 && *t == '*')
						cur.files_star = true;
					while (te < e && dpkg_is_blank(*te))
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
	strbuf_release(&sb);
	return ret;
}
