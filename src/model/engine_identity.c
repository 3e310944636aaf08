/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Who made a component and under which licence (issue 15, identity data),
 * from what the build's own files and the package database say:
 *
 * A Debian package's licence is that of the files of the component that
 * reach the artifact: the code that ships (shared libraries loaded,
 * objects and archive members linked) when there is some, else the headers
 * a compile included. Each is looked up in the package's machine-readable
 * copyright file (pkgdb_license_files: the Files paragraph matching it,
 * so libelf is "LGPL-3.0-or-later OR GPL-2.0-or-later", not the tools'
 * GPL-3.0-or-later). Headers' own statements win for header-only
 * components (the kernel's uapi headers say "GPL-2.0 WITH
 * Linux-syscall-note" in their SPDX tags; the copyright file says GPL-2):
 * the distinct licences the headers state, and how many state none. When
 * the copyright file is not machine-readable (glibc, gcc), the licences its
 * headers state are used instead, and license_from says so.
 *
 * The supplier is upstream: Upstream-Name (with Upstream-Contact) of the
 * copyright file, else the holder the component's headers name most; the
 * package's Maintainer is its distributor (check_package.maintainer).
 *
 * Code in the project's tree (vendored folders) gets the licences and the
 * holders its own files state (SPDX tags, recognised licence wording, the
 * folder's LICENSE/COPYING file) when provenance has not given them, and
 * a pkg:generic purl when its version is known.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "ascii.h"
#include "engine.h"
#include "notice.h"
#include "pathutil.h"
#include "banned.h"

/* What a set of text files state: distinct licences, holders by count. */
struct stated {
	struct strvec licenses; /* distinct, in order found */
	struct strvec first;	/* parallel: "PATH:LINE" of the first file stating it */
	size_t *lic_files;	/* parallel: files stating it */
	struct strvec holders;	/* distinct */
	size_t *holder_files;	/* parallel: files naming it */
	size_t files, none;	/* files read; of those, files stating no licence */
};

static void stated_release(struct stated *s)
{
	strvec_clear(&s->licenses);
	strvec_clear(&s->first);
	strvec_clear(&s->holders);
	free(s->lic_files);
	free(s->holder_files);
	memset(s, 0, sizeof(*s));
}

static void stated_license(struct stated *s, const char *lic, const char *path, size_t line)
{
	long k = strvec_find(&s->licenses, lic);

	if (k < 0) {
		strvec_push(&s->licenses, lic);
		strvec_pushf(&s->first, "%s:%zu", path, line);
		s->lic_files = xreallocarray(s->lic_files, s->licenses.nr, sizeof(*s->lic_files));
		k = (long)s->licenses.nr - 1;
		s->lic_files[k] = 0;
	}
	s->lic_files[k]++;
}

static void stated_holder(struct stated *s, const char *holder)
{
	long k = strvec_find(&s->holders, holder);

	if (k < 0) {
		strvec_push(&s->holders, holder);
		s->holder_files =
			xreallocarray(s->holder_files, s->holders.nr, sizeof(*s->holder_files));
		k = (long)s->holders.nr - 1;
		s->holder_files[k] = 0;
	}
	s->holder_files[k]++;
}

/* Read one file's notice (license: a LICENSE/COPYING file, read whole) into s. */
static void stated_read(struct stated *s, const char *path, bool license)
{
	struct notice n;
	struct strbuf err = STRBUF_INIT;
	int r;

	notice_init(&n);
	r = license ? notice_read_license_file(path, &n, &err) : notice_read_file(path, &n, &err);
	strbuf_release(&err);
	if (r < 0) {
		notice_release(&n);
		return;
	}
	s->files++;
	if (n.nr_spdx) {
		for (size_t i = 0; i < n.nr_spdx; i++)
			stated_license(s, n.spdx[i].text, path, n.spdx[i].line);
	} else if (n.license) {
		stated_license(s, n.license, path, n.license_line);
	} else {
		s->none++;
	}
	for (size_t i = 0; i < n.nr_holders; i++)
		stated_holder(s, n.holders[i].text);
	notice_release(&n);
}

/* The stated licences joined with AND (compound ones in parentheses). */
static char *stated_expression(const struct stated *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < s->licenses.nr; i++) {
		const char *l = s->licenses.v[i];
		bool paren = s->licenses.nr > 1 && (strstr(l, " OR ") || strstr(l, " AND ") ||
						    strstr(l, " or ") || strstr(l, " and "));

		strbuf_addf(&sb, "%s%s%s%s", i ? " AND " : "", paren ? "(" : "", l,
			    paren ? ")" : "");
	}
	return strbuf_detach(&sb, NULL);
}

/* license_from lines for what s states: one per licence, and the files stating none. */
static void stated_from(const struct stated *s, const char *what, struct strvec *out)
{
	for (size_t i = 0; i < s->licenses.nr; i++)
		strvec_pushf(out, "%s (%zu of the %s; first %s)", s->licenses.v[i], s->lic_files[i],
			     what, s->first.v[i]);
	if (s->none)
		strvec_pushf(out, "%zu of the %s state no licence", s->none, what);
}

/* The holder most files name (the first such on a tie), or NULL. */
static const char *stated_top_holder(const struct stated *s, size_t *files)
{
	size_t best = 0;

	for (size_t i = 1; i < s->holders.nr; i++)
		if (s->holder_files[i] > s->holder_files[best])
			best = i;
	if (!s->holders.nr)
		return NULL;
	*files = s->holder_files[best];
	return s->holders.v[best];
}

__attribute__((format(printf, 1, 2))) static char *fmt(const char *f, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, f);
	strbuf_vaddf(&sb, f, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

/* "NAME <CONTACT>" for an e-mail contact, "NAME (CONTACT)" otherwise, or NAME. */
static char *upstream_supplier(const struct pkg_license *lic)
{
	const char *c = lic->upstream_contact;

	if (!c || !*c)
		return xstrdup(lic->upstream_name);
	if (strchr(c, '@') && !strchr(c, ' ') && !strchr(c, '<'))
		return fmt("%s <%s>", lic->upstream_name, c);
	return fmt("%s (%s)", lic->upstream_name, c);
}

/* The model's "package" of a component a Debian package provides. */
static struct check_package *model_package(struct check *c, const struct found *f)
{
	const struct pkg_info *pkg = f->pkg;
	struct strbuf purl = STRBUF_INIT, err = STRBUF_INIT, up = STRBUF_INIT;
	struct strvec ships = STRVEC_INIT, headers = STRVEC_INIT;
	struct pkg_license lic;
	struct stated st;
	struct check_package *o = xcalloc(1, sizeof(*o));
	int r;

	memset(&st, 0, sizeof(st));
	strvec_init(&o->license_from);
	pkg_license_init(&lic);
	o->name = check_strdup(pkg->name);
	o->version = check_strdup(pkg->version);
	o->upstream_version = pkgver_upstream(pkg->version, &up) == 0 ? xstrdup(up.buf) : NULL;
	o->architecture = check_strdup(pkg->arch);
	o->source = check_strdup(pkg->source ? pkg->source : pkg->name);
	o->source_version = check_strdup(pkg->source_version);
	o->maintainer = check_strdup(pkg->maintainer);
	o->homepage = check_strdup(pkg->homepage);
	o->purl = pkgdb_purl(c->pkgdb, pkg, false, &purl) == 0 ? xstrdup(purl.buf) : NULL;
	strbuf_reset(&purl);
	o->source_purl = pkgdb_purl(c->pkgdb, pkg, true, &purl) == 0 ? xstrdup(purl.buf) : NULL;

	for (size_t i = 0; i < f->nr_files; i++) {
		if (f->files[i].header)
			strvec_push(&headers, f->files[i].path);
		else if (strvec_find(&ships, f->files[i].path) < 0)
			strvec_push(&ships, f->files[i].path);
	}
	for (size_t i = 0; i < headers.nr; i++)
		stated_read(&st, headers.v[i], false);

	if (ships.nr) {
		r = pkgdb_license_files(c->pkgdb, pkg, ships.v, ships.nr, &lic, &err);
	} else if (st.licenses.nr) {
		r = 2; /* header-only: the headers' own statements */
	} else {
		r = pkgdb_license_files(c->pkgdb, pkg, headers.v, headers.nr, &lic, &err);
	}
	if (r == 0) {
		o->license = check_strdup(lic.spdx);
		o->license_read = true;
		o->license_file = check_strdup(lic.file);
		if (lic.matched.nr) {
			for (size_t i = 0; i < lic.matched.nr; i++)
				strvec_push(&o->license_from, lic.matched.v[i]);
		} else {
			strvec_pushf(&o->license_from, "%s:%zu (%s)", lic.file, lic.line,
				     lic.from_header ? "the header paragraph's License"
						     : "Files: *");
		}
	} else if ((r == 1 || r == 2) && st.licenses.nr) {
		o->license = stated_expression(&st);
		if (r == 1) {
			o->license_read = true;
			o->license_file = check_strdup(lic.file);
			strvec_pushf(&o->license_from, "%s: %s; read from its headers instead",
				     lic.file, lic.reason);
		}
		stated_from(&st, headers.nr == 1 ? "header" : "headers", &o->license_from);
	} else if (r == 1) {
		o->license_read = true;
		o->license_file = check_strdup(lic.file);
		strvec_pushf(&o->license_from, "%s: %s", lic.file, lic.reason);
	} else if (r < 0) {
		/* an unreadable copyright file: say so, never a silent null */
		strvec_pushf(&o->license_from, "%s", err.buf);
	}

	/* who made it: upstream, else the holder its headers name most */
	if (r == 2)
		pkgdb_license(c->pkgdb, pkg, &lic, &err);
	if (lic.upstream_name) {
		o->supplier = upstream_supplier(&lic);
		o->supplier_from = fmt("%s: Upstream-Name%s", lic.file,
				       lic.upstream_contact ? ", Upstream-Contact" : "");
	} else {
		size_t n = 0;
		const char *h = stated_top_holder(&st, &n);

		if (h) {
			o->supplier = xstrdup(h);
			o->supplier_from =
				fmt("the copyright holder named in %zu of its %zu header%s", n,
				    st.files, st.files == 1 ? "" : "s");
		}
	}
	stated_release(&st);
	strvec_clear(&ships);
	strvec_clear(&headers);
	pkg_license_release(&lic);
	strbuf_release(&purl);
	strbuf_release(&err);
	strbuf_release(&up);
	return o;
}

/* purl percent-encoding: letters, digits and ".-_~" stay, the rest is %XX. */
static void purl_encode(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ascii_is_alnum(ch) || strchr(".-_~", ch))
			strbuf_addch(sb, (char)ch);
		else
			strbuf_addf(sb, "%%%02X", ch);
	}
}

/* Code in the tree: what its own files state, where provenance said nothing. */
static void tree_identity(struct check_component *mc, const struct found *f)
{
	struct stated st;
	struct strbuf p = STRBUF_INIT;

	if (mc->supplier_found && mc->license_found)
		return;
	memset(&st, 0, sizeof(st));
	if (f->folder) {
		static const char *const names[] = { "LICENSE", "LICENSE.txt", "LICENSE.md",
						     "LICENCE", "COPYING",     "COPYING.txt" };

		for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
			path_join(&p, f->folder, names[i]);
			if (access(p.buf, R_OK) == 0) {
				stated_read(&st, p.buf, true);
				break;
			}
			strbuf_reset(&p);
		}
	}
	for (size_t i = 0; i < f->nr_files; i++)
		if (!f->files[i].member && attr_is_source(f->files[i].path))
			stated_read(&st, f->files[i].path, false);
	if (!mc->license_found && st.licenses.nr)
		mc->license_found = stated_expression(&st);
	if (!mc->supplier_found) {
		size_t n = 0;
		const char *h = stated_top_holder(&st, &n);

		if (h)
			mc->supplier_found = xstrdup(h);
	}
	if (!mc->purl_found && mc->version_found) {
		strbuf_reset(&p);
		strbuf_addstr(&p, "pkg:generic/");
		purl_encode(&p, mc->name);
		strbuf_addch(&p, '@');
		purl_encode(&p, mc->version_found);
		mc->purl_found = strbuf_detach(&p, NULL);
	}
	stated_release(&st);
	strbuf_release(&p);
}

void engine_identity(struct check *c, const struct found *f, struct check_component *mc)
{
	if (f->pkg)
		mc->package = model_package(c, f);
	else if (f->natural == ORIG_VENDORED)
		tree_identity(mc, f);
}
