/* SPDX-License-Identifier: Apache-2.0 */
/* The dpkg status file: one package instance per paragraph (dpkg_internal.h). */
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

struct para {
	size_t line; /* first line */
	char *f[8];
	size_t fl[8]; /* line of each field */
};

enum { F_PACKAGE, F_STATUS, F_ARCH, F_VERSION, F_SOURCE, F_MAINTAINER, F_HOMEPAGE, F_MULTIARCH };

static const char *const field_names[] = {
	"Package", "Status",	 "Architecture", "Version",
	"Source",  "Maintainer", "Homepage",	 "Multi-Arch",
};

static const char *const want_words[] = { "unknown", "install", "hold", "deinstall", "purge" };
static const char *const eflag_words[] = { "ok", "reinstreq", "hold", "hold-reinstreq" };

struct state_word {
	const char *word;
	bool files; /* its files are on disk: the package is kept */
	bool configured;
};

static const struct state_word state_words[] = {
	{ "not-installed", false, false },  { "config-files", false, false },
	{ "half-installed", true, false },  { "unpacked", true, false },
	{ "half-configured", true, false }, { "triggers-awaited", true, true },
	{ "triggers-pending", true, true }, { "installed", true, true },
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
		while (dpkg_is_blank(*s))
			s++;
		if (!*s)
			break;
		if (n == 3)
			return -1;
		w[n++] = s;
		while (*s && !dpkg_is_blank(*s))
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
	size_t i;
	char *src;

	if (!pa->f[F_PACKAGE])
		return dpkg_fail(err, file, pa->line, "paragraph without a Package field");
	if (!dpkg_valid_pkg_name(pa->f[F_PACKAGE]))
		return dpkg_fail(err, file, pa->fl[F_PACKAGE], "invalid package name '%s'",
				 pa->f[F_PACKAGE]);
	if (!pa->f[F_STATUS])
		return dpkg_fail(err, file, pa->line, "package %s: no Status field",
				 pa->f[F_PACKAGE]);
	if (three_words(pa->f[F_STATUS], w) ||
	    !in_list(w[0], strlen(w[0]), want_words, sizeof(want_words) / sizeof(*want_words)) ||
	    !in_list(w[1], strlen(w[1]), eflag_words, sizeof(eflag_words) / sizeof(*eflag_words)))
		return dpkg_fail(err, file, pa->fl[F_STATUS], "package %s: invalid Status",
				 pa->f[F_PACKAGE]);
	for (i = 0; i < sizeof(state_words) / sizeof(*state_words); i++)
		if (!strcmp(state_words[i].word, w[2]))
			st = &state_words[i];
	if (!st)
		return dpkg_fail(err, file, pa->fl[F_STATUS], "package %s: unknown status '%s'",
				 pa->f[F_PACKAGE], w[2]);
	if (!st->files)
		return 0;
	if (!pa->f[F_ARCH] || !dpkg_valid_arch(pa->f[F_ARCH]))
		return dpkg_fail(err, file, pa->f[F_ARCH] ? pa->fl[F_ARCH] : pa->line,
				 "package %s: missing or invalid Architecture", pa->f[F_PACKAGE]);
	if (!pa->f[F_VERSION] || !pkgver_valid(pa->f[F_VERSION]))
		return dpkg_fail(err, file, pa->f[F_VERSION] ? pa->fl[F_VERSION] : pa->line,
				 "package %s: missing or invalid Version", pa->f[F_PACKAGE]);
	if (pa->f[F_MULTIARCH] && strcmp(pa->f[F_MULTIARCH], "no") &&
	    strcmp(pa->f[F_MULTIARCH], "same") && strcmp(pa->f[F_MULTIARCH], "foreign") &&
	    strcmp(pa->f[F_MULTIARCH], "allowed"))
		return dpkg_fail(err, file, pa->fl[F_MULTIARCH],
				 "package %s: invalid Multi-Arch '%s'", pa->f[F_PACKAGE],
				 pa->f[F_MULTIARCH]);
	if (db->nr >= UINT32_MAX - 1 || DPKG_GROW(db->pkgs, db->alloc, db->nr + 1))
		return dpkg_fail(err, file, 0, "out of memory");
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

		while (*sp && !dpkg_is_blank(*sp))
			sp++;
		open = sp;
		while (dpkg_is_blank(*open))
			open++;
		if (*open) {
			if (*open != '(' || !(close = strchr(open, ')')) || close[1])
				return dpkg_fail(err, file, pa->fl[F_SOURCE],
						 "package %s: malformed Source", pi->name);
			*close = '\0';
			open++;
			while (dpkg_is_blank(*open))
				open++;
			for (close--; close > open && dpkg_is_blank(close[-1]); close--)
				close[-1] = '\0';
			if (!pkgver_valid(open))
				return dpkg_fail(err, file, pa->fl[F_SOURCE],
						 "package %s: invalid Source version", pi->name);
			pi->source_version = open;
		}
		*sp = '\0';
		if (!dpkg_valid_pkg_name(src))
			return dpkg_fail(err, file, pa->fl[F_SOURCE],
					 "package %s: invalid Source name", pi->name);
		pi->source = src;
	}
	pi->maintainer = pa->f[F_MAINTAINER];
	pi->homepage = pa->f[F_HOMEPAGE];
	pi->multi_arch =
		pa->f[F_MULTIARCH] && strcmp(pa->f[F_MULTIARCH], "no") ? pa->f[F_MULTIARCH] : NULL;
	pi->state = st->word;
	pi->configured = st->configured;

	switch (dpkg_add_name(db, (uint32_t)db->nr)) {
	case 0:
		break;
	case 1:
		return dpkg_fail(err, file, pa->fl[F_PACKAGE], "package %s:%s listed twice",
				 pi->name, pi->arch);
	default:
		return dpkg_fail(err, file, 0, "out of memory");
	}
	db->nr++;
	return 0;
}

int dpkg_add_name(struct pkgdb *db, uint32_t i)
{
	const struct pkg_info *pi = &db->pkgs[i].info;
	struct strmap_slot *s;
	bool is_new;
	uint32_t j;

	s = strmap_put(&db->by_name, pi->name, i, &is_new);
	if (!s)
		return -1;
	if (is_new)
		return 0;
	for (j = s->val;; j = db->pkgs[j].next_same_name) {
		if (!strcmp(db->pkgs[j].info.arch, pi->arch))
			return 1;
		if (db->pkgs[j].next_same_name == NONE)
			break;
	}
	db->pkgs[j].next_same_name = i;
	return 0;
}

int dpkg_parse_status(struct pkgdb *db, const char *file, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct para pa;
	size_t pos = 0, lineno = 0, len;
	bool in_para = false;
	int ret = -1;
	char *data;

	if (strbuf_read_file(&sb, file, PKGDB_MAX_STATUS)) {
		if (errno == EFBIG)
			dpkg_fail(err, file, 0, "larger than %zu bytes", (size_t)PKGDB_MAX_STATUS);
		else
			dpkg_fail(err, file, 0, "%s", strerror(errno));
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
				dpkg_fail(err, file, lineno, "line longer than %d bytes",
					  PKGDB_MAX_LINE);
			else
				dpkg_fail(err, file, lineno,
					  "truncated: the last line has no newline");
			goto cleanup;
		}
		n = (size_t)(nl - line);
		if (memchr(line, '\0', n)) {
			dpkg_fail(err, file, lineno, "NUL byte");
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
		if (dpkg_is_blank(line[0])) {
			if (!in_para) {
				dpkg_fail(err, file, lineno, "continuation line outside a field");
				goto cleanup;
			}
			continue;
		}
		colon = memchr(line, ':', n);
		if (!colon || colon == line || line[0] == '#' || line[0] == '-') {
			dpkg_fail(err, file, lineno, "not a 'Field: value' line (missing colon)");
			goto cleanup;
		}
		for (e = line; e < colon; e++) {
			if ((unsigned char)*e <= ' ' || (unsigned char)*e >= 0x7f) {
				dpkg_fail(err, file, lineno, "invalid field name");
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
				dpkg_fail(err, file, lineno, "duplicate %s field", field_names[i]);
				goto cleanup;
			}
			v = colon + 1;
			while (dpkg_is_blank(*v))
				v++;
			e = line + n;
			while (e > v && dpkg_is_blank(e[-1]))
				e--;
			*e = '\0';
			pa.f[i] = *v ? v : NULL;
			pa.fl[i] = lineno;
			if (!*v && (i == F_PACKAGE || i == F_STATUS)) {
				dpkg_fail(err, file, lineno, "empty %s field", field_names[i]);
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
