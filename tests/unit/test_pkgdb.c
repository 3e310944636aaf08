/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for analyzers/dpkg_db.c (pkgdb.h) and analyzers/pkgconfig.c.
 * The real dpkg database of this machine (Debian 12 with zlib1g-dev,
 * libcjson-dev installed by scripts/lib.sh) and fake databases written to a
 * temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pkgconfig.h"
#include "pkgdb.h"
#include "spdx.h"
#include "strbuf.h"

#include "testutil.h"
#include "banned.h"

static char workdir[4096];

/* ---- helpers ---- */

#define mkdirs(rel)		    tu_mkdirs(workdir, rel)
#define write_bytes(rel, data, len) tu_write_bytes(workdir, rel, data, len)
#define write_file(rel, text)	    tu_write_bytes(workdir, rel, text, strlen(text))

static void symlink_at(const char *target, const char *rel)
{
	struct strbuf p = STRBUF_INIT;

	assert_int_equal(strbuf_addf(&p, "%s/%s", workdir, rel), 0);
	unlink(p.buf);
	assert_int_equal(symlink(target, p.buf), 0);
	strbuf_release(&p);
}

/* workdir "/" rel, allocated */
#define wpath(rel) tu_path(workdir, rel)

static bool have_real_db(void)
{
	return access("/var/lib/dpkg/status", R_OK) == 0;
}

/* ---- the real database ---- */

static struct pkgdb *real;

static void test_real_zlib(void **state)
{
	struct pkgdb_match m;
	struct strbuf err = STRBUF_INIT, purl = STRBUF_INIT;
	struct pkg_license lic;

	(void)state;
	if (!real)
		skip();
	pkgdb_match_init(&m);
	pkg_license_init(&lic);
	/* the spelling the linker uses: merged /usr */
	assert_int_equal(pkgdb_lookup(real, "/usr/lib/x86_64-linux-gnu/libz.so.1", &m, &err), 0);
	assert_string_equal(m.pkg->name, "zlib1g");
	assert_string_equal(m.pkg->source, "zlib");
	assert_string_equal(m.pkg->version, "1:1.2.13.dfsg-1");
	assert_string_equal(m.pkg->source_version, "1:1.2.13.dfsg-1");
	assert_string_equal(m.pkg->arch, "amd64");
	assert_string_equal(m.pkg->maintainer, "Mark Brown <broonie@debian.org>");
	assert_string_equal(m.pkg->homepage, "http://zlib.net/");
	assert_string_equal(m.pkg->multi_arch, "same");
	assert_true(m.pkg->configured);
	assert_int_equal(m.how, PKGDB_MERGED_USR);
	assert_string_equal(m.path.buf, "/lib/x86_64-linux-gnu/libz.so.1");
	/* the spelling dpkg recorded */
	assert_int_equal(pkgdb_lookup(real, "/lib/x86_64-linux-gnu/libz.so.1", &m, &err), 0);
	assert_string_equal(m.pkg->name, "zlib1g");
	assert_int_equal(m.how, PKGDB_EXACT);
	/* lexical normalisation */
	assert_int_equal(
		pkgdb_lookup(
			real,
			"/usr/lib/gcc/x86_64-linux-gnu/12/../../../x86_64-linux-gnu//libz.so.1", &m,
			&err),
		0);
	assert_string_equal(m.pkg->name, "zlib1g");

	/* /usr/share/doc/zlib1g/copyright is DEP-5 ("Format: http://www.debian.org/...",
	 * "Files: *" / "License: Zlib") */
	assert_int_equal(pkgdb_license(real, m.pkg, &lic, &err), 0);
	assert_string_equal(lic.spdx, "Zlib");
	assert_string_equal(lic.declared, "Zlib");
	assert_string_equal(lic.file, "/usr/share/doc/zlib1g/copyright");
	assert_false(lic.from_header);
	assert_true(lic.line > 0);
	assert_int_equal(lic.unmapped.nr, 0);
	assert_int_equal(lic.all.nr, 1);

	assert_int_equal(pkgdb_purl(real, m.pkg, false, &purl), 0);
	/* the source package as syft's (and Grype's) upstream qualifier */
	assert_string_equal(purl.buf,
			    "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&upstream=zlib");
	strbuf_reset(&purl);
	assert_int_equal(pkgdb_purl(real, m.pkg, true, &purl), 0);
	assert_string_equal(purl.buf, "pkg:deb/debian/zlib@1:1.2.13.dfsg-1?arch=source");

	/* the header and the -dev symlink: zlib1g-dev, same component */
	assert_int_equal(pkgdb_lookup(real, "/usr/include/zlib.h", &m, &err), 0);
	assert_string_equal(m.pkg->name, "zlib1g-dev");
	assert_string_equal(m.pkg->source, "zlib");
	assert_int_equal(pkgdb_lookup(real, "/usr/lib/x86_64-linux-gnu/libz.so", &m, &err), 0);
	assert_string_equal(m.pkg->name, "zlib1g-dev");
	assert_string_equal(err.buf, "");

	pkgdb_match_release(&m);
	pkg_license_release(&lic);
	strbuf_release(&err);
	strbuf_release(&purl);
}

static void test_real_libc(void **state)
{
	struct pkgdb_match m;
	struct strbuf err = STRBUF_INIT, purl = STRBUF_INIT, want = STRBUF_INIT;
	struct pkg_license lic;
	const char *v;

	(void)state;
	if (!real)
		skip();
	pkgdb_match_init(&m);
	pkg_license_init(&lic);
	assert_int_equal(pkgdb_lookup(real, "/usr/lib/x86_64-linux-gnu/libc.so.6", &m, &err), 0);
	assert_string_equal(m.pkg->name, "libc6");
	assert_string_equal(m.pkg->source, "glibc");
	assert_int_equal(pkgdb_lookup(real, "/lib64/ld-linux-x86-64.so.2", &m, &err), 0);
	assert_string_equal(m.pkg->name, "libc6");
	assert_true(pkgver_matches("2.36", m.pkg->version));

	/* '+' in the version is %2B, ':' would stay */
	assert_int_equal(pkgdb_purl(real, m.pkg, false, &purl), 0);
	assert_int_equal(strbuf_addstr(&want, "pkg:deb/debian/libc6@"), 0);
	for (v = m.pkg->version; *v; v++)
		assert_int_equal(*v == '+' ? strbuf_addstr(&want, "%2B") : strbuf_addch(&want, *v),
				 0);
	assert_int_equal(strbuf_addstr(&want, "?arch=amd64&upstream=glibc"), 0);
	if (strcmp(m.pkg->source_version, m.pkg->version)) /* a binNMU */
		for (assert_int_equal(strbuf_addstr(&want, "%40"), 0), v = m.pkg->source_version;
		     *v; v++)
			assert_int_equal(*v == '+' ? strbuf_addstr(&want, "%2B")
						   : strbuf_addch(&want, *v),
					 0);
	assert_string_equal(purl.buf, want.buf);

	/* libc6's copyright starts "This is the Debian prepackaged version of
	 * the GNU C Library": not DEP-5 */
	assert_int_equal(pkgdb_license(real, m.pkg, &lic, &err), 1);
	assert_null(lic.spdx);
	assert_string_equal(lic.reason, "copyright file not machine-readable");
	assert_string_equal(lic.file, "/usr/share/doc/libc6/copyright");

	pkgdb_match_release(&m);
	pkg_license_release(&lic);
	strbuf_release(&err);
	strbuf_release(&purl);
	strbuf_release(&want);
}

/*
 * elfutils's copyright file: "Files: *" is the tools' GPL-3+, the
 * libraries ("lib*") are "LGPL-3+ or GPL-2+" (issue 15: libelf was drafted
 * as GPL-3.0-or-later). Upstream-Name elfutils, Upstream-Contact its list.
 */
static void test_real_libelf(void **state)
{
	const char *lib = "/usr/lib/x86_64-linux-gnu/libelf.so.1";
	struct pkgdb_match m;
	struct strbuf err = STRBUF_INIT;
	struct pkg_license lic;

	(void)state;
	pkgdb_match_init(&m);
	pkg_license_init(&lic);
	assert_int_equal(pkgdb_lookup(real, lib, &m, &err), 0);
	assert_string_equal(m.pkg->name, "libelf1");
	assert_int_equal(pkgdb_license(real, m.pkg, &lic, &err), 0);
	assert_string_equal(lic.spdx, "GPL-3.0-or-later");
	assert_string_equal(lic.upstream_name, "elfutils");
	assert_string_equal(lic.upstream_contact, "elfutils-devel@sourceware.org");
	assert_int_equal(pkgdb_license_files(real, m.pkg, &lib, 1, &lic, &err), 0);
	assert_string_equal(lic.spdx, "LGPL-3.0-or-later OR GPL-2.0-or-later");
	assert_int_equal(lic.matched.nr, 1);
	assert_non_null(strstr(lic.matched.v[0], "/usr/share/doc/libelf1/copyright:"));
	assert_non_null(strstr(lic.matched.v[0], "(Files: lib*)"));
	pkgdb_match_release(&m);
	pkg_license_release(&lic);
	strbuf_release(&err);
}

static void test_real_cjson_and_grouping(void **state)
{
	const struct pkg_info *pi, **v;
	struct pkgdb_match m;
	struct strbuf err = STRBUF_INIT;
	size_t nr, i;
	bool lib = false, dev = false;

	(void)state;
	if (!real)
		skip();
	pkgdb_match_init(&m);
	assert_int_equal(pkgdb_find_package(real, "libcjson1", NULL, &pi), 0);
	assert_string_equal(pi->source, "cjson");
	assert_true(pkgver_matches("1.7.15", pi->version));
	assert_int_equal(pkgdb_find_package(real, "libcjson1", "i386", &pi), 1);
	assert_int_equal(pkgdb_find_package(real, "no-such-package", NULL, &pi), 1);

	assert_int_equal(pkgdb_by_source(real, "cjson", &v, &nr), 0);
	for (i = 0; i < nr; i++) {
		assert_string_equal(v[i]->source, "cjson");
		lib |= !strcmp(v[i]->name, "libcjson1");
		dev |= !strcmp(v[i]->name, "libcjson-dev");
	}
	assert_true(lib && dev);
	free(v);
	assert_int_equal(pkgdb_by_source(real, "no-such-source", &v, &nr), 1);

	assert_int_equal(pkgdb_lookup(real, "/usr/lib/x86_64-linux-gnu/libcjson.so.1", &m, &err),
			 0);
	assert_string_equal(m.pkg->name, "libcjson1");
	assert_string_equal(m.pkg->source, "cjson");
	pkgdb_match_release(&m);
	strbuf_release(&err);
}

static void test_real_not_owned(void **state)
{
	struct pkgdb_match m;
	struct strbuf err = STRBUF_INIT;
	char *p = wpath("not-owned.txt");

	(void)state;
	if (!real)
		skip();
	pkgdb_match_init(&m);
	write_file("not-owned.txt", "mine\n");
	assert_int_equal(pkgdb_lookup(real, p, &m, &err), 1);
	assert_null(m.pkg);
	assert_int_equal(m.nr_owners, 0);
	assert_int_equal(pkgdb_lookup(real, "/no/such/file", &m, &err), 1);
	assert_string_equal(err.buf, "");
	/* a relative path is the caller's error */
	assert_int_equal(pkgdb_lookup(real, "usr/lib/libz.so", &m, &err), -1);
	assert_non_null(strstr(err.buf, "not an absolute path"));
	pkgdb_match_release(&m);
	strbuf_release(&err);
	free(p);
}

/* How long loading the whole database takes here (printed, not asserted). */
static void test_real_load_time(void **state)
{
	struct timespec a, b;
	struct pkgdb *db;
	struct strbuf err = STRBUF_INIT;
	size_t i;

	(void)state;
	if (!have_real_db())
		skip();
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(pkgdb_open_dpkg(NULL, &db, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("# loaded %zu packages, %zu paths in %.1f ms; %zu warnings\n", pkgdb_count(db),
	       pkgdb_path_count(db),
	       (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6,
	       pkgdb_warnings(db)->nr);
	for (i = 0; i < pkgdb_warnings(db)->nr; i++)
		printf("#   %s\n", pkgdb_warnings(db)->v[i]);
	pkgdb_close(db);
	strbuf_release(&err);
}

/* Every DEP-5 copyright file of this machine parses: no -1, and the
 * SPDX expressions produced are valid. Prints what stays unknown. */
static void test_real_all_licenses(void **state)
{
	struct pkg_license lic;
	struct strbuf err = STRBUF_INIT, chk = STRBUF_INIT;
	size_t i, known = 0, unknown = 0;

	(void)state;
	if (!real)
		skip();
	pkg_license_init(&lic);
	for (i = 0; i < pkgdb_count(real); i++) {
		int r = pkgdb_license(real, pkgdb_at(real, i), &lic, &err);

		assert_int_not_equal(r, -1);
		if (r == 0) {
			known++;
			strbuf_reset(&chk);
			if (spdx_expression_check(lic.spdx, &chk))
				fail_msg("%s: %s: %s", lic.file, lic.spdx, chk.buf);
		} else {
			unknown++;
		}
	}
	printf("# licences: %zu known, %zu unknown\n", known, unknown);
	pkg_license_release(&lic);
	strbuf_release(&err);
	strbuf_release(&chk);
}

/* ---- a fake database ---- */

static const char fake_status[] = "Package: libfoo\n"
				  "Status: install ok installed\n"
				  "Priority: optional\n"
				  "Architecture: amd64\n"
				  "Multi-Arch: same\n"
				  "Source: foo (1.2.3-1)\n"
				  "Version: 1.2.3-1+b2\n"
				  "Maintainer: Foo Team <foo@example.org>\n"
				  "Description: the foo library\n"
				  " Long text.\n"
				  " .\n"
				  " More: with a colon.\n"
				  "Homepage: https://foo.example.org\n"
				  "\n"
				  "Package: libfoo\n"
				  "Status: install ok installed\n"
				  "Architecture: i386\n"
				  "Multi-Arch: same\n"
				  "Source: foo (1.2.3-1)\n"
				  "Version: 1.2.3-1+b2\n"
				  "Maintainer: Foo Team <foo@example.org>\n"
				  "\n"
				  "Package: foo-tools\n"
				  "Status: deinstall ok installed\n"
				  "Architecture: amd64\n"
				  "Source: foo\n"
				  "Version: 1.2.3-1\n"
				  "\n"
				  "Package: oldpkg\n"
				  "Status: deinstall ok config-files\n"
				  "Architecture: amd64\n"
				  "Version: 0.9-1\n"
				  "\n"
				  "package: halfpkg\n"
				  "status: install ok half-configured\n"
				  "architecture: all\n"
				  "version: 2.0-1\n"
				  "\n"
				  "Package: notinst\n"
				  "Status: purge ok not-installed\n"
				  "\n"
				  "Package: nolist\n"
				  "Status: install ok unpacked\n"
				  "Architecture: all\n"
				  "Version: 1\n";

static const char dep5[] =
	"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
	"Upstream-Name: foo\n"
	"\n"
	"Files: *\n"
	"Copyright: 2020 Foo\n"
	"License: GPL-2+ or BSD-3-clause, and Expat\n"
	" The text of the licences.\n"
	"\n"
	"Files: debian/*\n"
	"Copyright: 2021 Someone\n"
	"License: public-domain\n"
	"\n"
	"Files: src/odd.c\n"
	"License: Foo-Custom\n"
	"\n"
	"License: Foo-Custom\n"
	" Do what you want.\n";

static const char odd_list[] = "\nrelative/path\n/usr/bin//foo-tool/\n/usr/bin/./bar\n"
			       "/usr/bin/crlf\r\n/usr/bin/nul\0x\n/usr/bin/trunc";

static void write_fake_db(const char *status)
{
	write_file("fake/var/lib/dpkg/status", status);
	write_file("fake/var/lib/dpkg/info/libfoo:amd64.list",
		   "/.\n/usr\n/usr/lib\n/usr/lib/x86_64-linux-gnu\n"
		   "/usr/lib/x86_64-linux-gnu/libfoo.so.1\n/usr/share/doc/libfoo\n"
		   "/usr/share/doc/libfoo/copyright\n");
	write_file("fake/var/lib/dpkg/info/libfoo:i386.list",
		   "/.\n/usr\n/usr/lib\n/usr/lib/i386-linux-gnu/libfoo.so.1\n"
		   "/usr/share/doc/libfoo/copyright\n");
	/* odd content: empty, relative, "//", "/./", CRLF, NUL, a cut last line */
	write_bytes("fake/var/lib/dpkg/info/foo-tools.list", odd_list, sizeof(odd_list) - 1);
	write_file("fake/var/lib/dpkg/info/oldpkg.list", "/usr/bin/old\n");
	write_file("fake/var/lib/dpkg/info/halfpkg.list",
		   "/usr/share/half/file\n/usr/bin/foo-tool\n");
	write_file("fake/var/lib/dpkg/diversions",
		   "/usr/bin/foo-tool\n/usr/bin/foo-tool.distrib\nhalfpkg\n");
	write_file("fake/usr/share/doc/libfoo/copyright", dep5);
	mkdirs("fake/usr/share/doc");
	symlink_at("libfoo", "fake/usr/share/doc/foo-tools");
	write_file("fake/usr/share/doc/halfpkg/copyright", "This is free software.\n\nGPL.\n");
	/* real files for the real-path lookups */
	write_file("fake/usr/lib/x86_64-linux-gnu/libfoo.so.1", "ELF\n");
	mkdirs("fake/opt");
	symlink_at("../usr/lib/x86_64-linux-gnu", "fake/opt/foolink");
	symlink_at("../usr/lib/x86_64-linux-gnu/libfoo.so.1", "fake/opt/libfoo-link.so");
	symlink_at("/usr/lib/x86_64-linux-gnu/libz.so.1", "fake/opt/escape.so");
}

static int open_fake(struct pkgdb **db, const char *distro, struct strbuf *err)
{
	struct pkgdb_config cfg = PKGDB_CONFIG_INIT;
	char *admin = wpath("fake/var/lib/dpkg"), *root = wpath("fake");
	int r;

	cfg.admindir = admin;
	cfg.root = root;
	cfg.distro = distro;
	r = pkgdb_open_dpkg(&cfg, db, err);
	free(admin);
	free(root);
	return r;
}

static bool has_warning(const struct pkgdb *db, const char *needle)
{
	size_t i;

	for (i = 0; i < pkgdb_warnings(db)->nr; i++)
		if (strstr(pkgdb_warnings(db)->v[i], needle))
			return true;
	return false;
}

static void test_fake_packages(void **state)
{
	struct strbuf err = STRBUF_INIT;
	const struct pkg_info *pi;
	struct pkgdb *db;

	(void)state;
	write_fake_db(fake_status);
	assert_int_equal(open_fake(&db, NULL, &err), 0);
	assert_string_equal(err.buf, "");
	/* libfoo x2, foo-tools, halfpkg, nolist: not oldpkg, not notinst */
	assert_int_equal(pkgdb_count(db), 5);
	assert_int_equal(pkgdb_find_package(db, "oldpkg", NULL, &pi), 1);
	assert_int_equal(pkgdb_find_package(db, "notinst", NULL, &pi), 1);

	assert_int_equal(pkgdb_find_package(db, "libfoo", "i386", &pi), 0);
	assert_string_equal(pi->arch, "i386");
	assert_string_equal(pi->source, "foo");
	assert_string_equal(pi->source_version, "1.2.3-1");
	assert_string_equal(pi->version, "1.2.3-1+b2");
	assert_null(pi->homepage);
	assert_int_equal(pkgdb_find_package(db, "libfoo", NULL, &pi), 0);
	assert_string_equal(pi->arch, "amd64");
	assert_string_equal(pi->homepage, "https://foo.example.org");
	assert_string_equal(pi->maintainer, "Foo Team <foo@example.org>");

	assert_int_equal(pkgdb_find_package(db, "foo-tools", NULL, &pi), 0);
	assert_string_equal(pi->source, "foo");
	assert_string_equal(pi->source_version, "1.2.3-1");
	assert_null(pi->multi_arch);
	assert_true(pi->configured);

	/* field names are case-insensitive; half-configured is kept, not configured */
	assert_int_equal(pkgdb_find_package(db, "halfpkg", NULL, &pi), 0);
	assert_string_equal(pi->state, "half-configured");
	assert_false(pi->configured);
	assert_string_equal(pi->source, "halfpkg");

	assert_true(has_warning(db, "package nolist:all has no file list"));
	pkgdb_close(db);
	strbuf_release(&err);
}

static void test_fake_lookup(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct pkgdb_match m;
	struct pkgdb *db;

	(void)state;
	write_fake_db(fake_status);
	assert_int_equal(open_fake(&db, NULL, &err), 0);
	pkgdb_match_init(&m);

	/* two architectures, one path each; a file they share has two owners */
	assert_int_equal(pkgdb_lookup(db, "/usr/lib/i386-linux-gnu/libfoo.so.1", &m, &err), 0);
	assert_string_equal(m.pkg->arch, "i386");
	assert_int_equal(pkgdb_lookup(db, "/lib/x86_64-linux-gnu/libfoo.so.1", &m, &err), 0);
	assert_string_equal(m.pkg->arch, "amd64");
	assert_int_equal(m.how, PKGDB_MERGED_USR);
	assert_int_equal(pkgdb_lookup(db, "/usr/share/doc/libfoo/copyright", &m, &err), 0);
	assert_int_equal(m.nr_owners, 2);
	assert_string_equal(m.owners[0]->arch, "amd64");
	assert_string_equal(m.owners[1]->arch, "i386");
	assert_int_equal(pkgdb_lookup(db, "/usr", &m, &err), 0);
	assert_int_equal(m.nr_owners, 2);
	assert_int_equal(pkgdb_lookup(db, "/", &m, &err), 0);

	/* symlinks inside the root */
	assert_int_equal(pkgdb_lookup(db, "/opt/foolink/libfoo.so.1", &m, &err), 0);
	assert_string_equal(m.pkg->name, "libfoo");
	assert_int_equal(m.how, PKGDB_DIR_REALPATH);
	assert_string_equal(m.path.buf, "/usr/lib/x86_64-linux-gnu/libfoo.so.1");
	assert_int_equal(pkgdb_lookup(db, "/opt/libfoo-link.so", &m, &err), 0);
	assert_string_equal(m.pkg->name, "libfoo");
	assert_int_equal(m.how, PKGDB_REALPATH);
	/* an absolute link out of the root is not followed out of it */
	assert_int_equal(pkgdb_lookup(db, "/opt/escape.so", &m, &err), 1);

	/* odd .list lines: normalised, or skipped with a warning naming the line */
	assert_int_equal(pkgdb_lookup(db, "/usr/bin/bar", &m, &err), 0);
	assert_string_equal(m.pkg->name, "foo-tools");
	assert_int_equal(pkgdb_lookup(db, "/usr/bin/crlf", &m, &err), 0);
	assert_int_equal(pkgdb_lookup(db, "/usr/bin/trunc", &m, &err), 1);
	assert_int_equal(pkgdb_lookup(db, "/usr/bin/nul", &m, &err), 1);
	assert_int_equal(pkgdb_lookup(db, "relative/path", &m, &err), -1);
	assert_true(has_warning(db, "foo-tools.list:2: not an absolute path"));
	assert_true(has_warning(db, "foo-tools.list:6: NUL byte"));
	assert_true(has_warning(db, "foo-tools.list:7: the last line has no newline"));

	/* config-files: its .list is not read */
	assert_int_equal(pkgdb_lookup(db, "/usr/bin/old", &m, &err), 1);
	assert_int_equal(pkgdb_lookup(db, "/usr/share/half/file", &m, &err), 0);
	assert_string_equal(m.pkg->name, "halfpkg");

	/* a diversion: halfpkg's foo-tool replaces foo-tools', moved to .distrib */
	assert_int_equal(pkgdb_lookup(db, "/usr/bin/foo-tool", &m, &err), 0);
	assert_int_equal(m.nr_owners, 1);
	assert_string_equal(m.pkg->name, "halfpkg");
	assert_string_equal(m.diverted_by, "halfpkg");
	assert_int_equal(pkgdb_lookup(db, "/usr/bin/foo-tool.distrib", &m, &err), 0);
	assert_int_equal(m.nr_owners, 1);
	assert_string_equal(m.pkg->name, "foo-tools");
	assert_string_equal(m.path.buf, "/usr/bin/foo-tool.distrib");

	pkgdb_match_release(&m);
	pkgdb_close(db);
	strbuf_release(&err);
}

static void test_fake_license_and_purl(void **state)
{
	struct strbuf err = STRBUF_INIT, purl = STRBUF_INIT;
	struct pkg_license lic;
	const struct pkg_info *pi;
	struct pkgdb *db;

	(void)state;
	write_fake_db(fake_status);
	assert_int_equal(open_fake(&db, "debian-12", &err), 0);
	pkg_license_init(&lic);

	assert_int_equal(pkgdb_find_package(db, "libfoo", "amd64", &pi), 0);
	assert_int_equal(pkgdb_license(db, pi, &lic, &err), 0);
	assert_string_equal(lic.declared, "GPL-2+ or BSD-3-clause, and Expat");
	assert_string_equal(lic.spdx, "(GPL-2.0-or-later OR BSD-3-Clause) AND MIT");
	assert_int_equal(lic.line, 6);
	assert_int_equal(lic.all.nr, 3);
	assert_string_equal(lic.all.v[1], "LicenseRef-public-domain");
	assert_string_equal(lic.all.v[2], "LicenseRef-Foo-Custom");

	/* the doc directory is a symlink to libfoo's */
	assert_int_equal(pkgdb_find_package(db, "foo-tools", NULL, &pi), 0);
	assert_int_equal(pkgdb_license(db, pi, &lic, &err), 0);
	assert_string_equal(lic.spdx, "(GPL-2.0-or-later OR BSD-3-Clause) AND MIT");
	assert_non_null(strstr(lic.file, "/usr/share/doc/libfoo/copyright"));

	assert_int_equal(pkgdb_find_package(db, "halfpkg", NULL, &pi), 0);
	assert_int_equal(pkgdb_license(db, pi, &lic, &err), 1);
	assert_string_equal(lic.reason, "copyright file not machine-readable");
	assert_int_equal(pkgdb_find_package(db, "nolist", NULL, &pi), 0);
	assert_int_equal(pkgdb_license(db, pi, &lic, &err), 1);
	assert_string_equal(lic.reason, "no copyright file");
	assert_string_equal(err.buf, "");

	assert_int_equal(pkgdb_find_package(db, "libfoo", "i386", &pi), 0);
	assert_int_equal(pkgdb_purl(db, pi, false, &purl), 0);
	assert_string_equal(purl.buf,
			    "pkg:deb/debian/libfoo@1.2.3-1%2Bb2?arch=i386&distro=debian-12&"
			    "upstream=foo%401.2.3-1");
	strbuf_reset(&purl);
	assert_int_equal(pkgdb_purl(db, pi, true, &purl), 0);
	assert_string_equal(purl.buf, "pkg:deb/debian/foo@1.2.3-1?arch=source&distro=debian-12");

	pkg_license_release(&lic);
	pkgdb_close(db);
	strbuf_release(&err);
	strbuf_release(&purl);
}

/*
 * The licence of the files that reach an artifact, not of the whole
 * source package (issue 15: libelf is LGPL-3+ or GPL-2+ in elfutils's
 * copyright file, whose "Files: *" is the tools' GPL-3+), and who made it.
 */
static void test_fake_license_files(void **state)
{
	static const char text[] =
		"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
		"Upstream-Name: foo\n"
		"Upstream-Contact: foo-devel@example.org\n"
		"Source: https://foo.example.org/releases/\n"
		"\n"
		"Files: *\n"
		"License: GPL-3+\n"
		"\n"
		"Files: src/*\n"
		"  lib*\n"
		"License: LGPL-3+ or GPL-2+\n"
		"\n"
		"Files: include/foo/*.h\n"
		"License: Expat\n"
		"\n"
		"Files: tools/gen\\*.c\n"
		"License: GPL-3+ with Bison exception\n";
	static const char *const lib[] = { "/usr/lib/x86_64-linux-gnu/libfoo.so.1" };
	static const char *const both[] = { "/usr/lib/x86_64-linux-gnu/libfoo.so.1",
					    "/usr/include/foo/foo.h", "/usr/bin/footool" };
	static const char *const none[] = { "/usr/lib/x86_64-linux-gnu/libfoo.so.1",
					    "/usr/share/doc/libfoo/README" };
	struct strbuf err = STRBUF_INIT;
	struct pkg_license lic;
	const struct pkg_info *pi;
	struct pkgdb *db;

	(void)state;
	write_fake_db(fake_status);
	write_file("fake/usr/share/doc/libfoo/copyright", text);
	assert_int_equal(open_fake(&db, NULL, &err), 0);
	pkg_license_init(&lic);
	assert_int_equal(pkgdb_find_package(db, "libfoo", "amd64", &pi), 0);

	/* the whole package: Files: * */
	assert_int_equal(pkgdb_license(db, pi, &lic, &err), 0);
	assert_string_equal(lic.spdx, "GPL-3.0-or-later");
	assert_int_equal(lic.matched.nr, 0);
	assert_string_equal(lic.upstream_name, "foo");
	assert_string_equal(lic.upstream_contact, "foo-devel@example.org");
	assert_string_equal(lic.upstream_source, "https://foo.example.org/releases/");

	/* the library: "lib*" (a continuation line of Files) matches its base name */
	assert_int_equal(pkgdb_license_files(db, pi, lib, 1, &lic, &err), 0);
	assert_string_equal(lic.spdx, "LGPL-3.0-or-later OR GPL-2.0-or-later");
	assert_int_equal(lic.matched.nr, 1);
	assert_non_null(strstr(lic.matched.v[0], "copyright:11 (Files: lib*) for 1 file: "
						 "/usr/lib/x86_64-linux-gnu/libfoo.so.1"));
	assert_string_equal(lic.upstream_name, "foo");

	/* three files, three paragraphs: every licence, in order, ANDed */
	assert_int_equal(pkgdb_license_files(db, pi, both, 3, &lic, &err), 0);
	assert_string_equal(lic.spdx,
			    "(LGPL-3.0-or-later OR GPL-2.0-or-later) AND MIT AND GPL-3.0-or-later");
	assert_int_equal(lic.matched.nr, 3);
	/* the same licence twice is one term */
	assert_int_equal(pkgdb_license_files(db, pi, none, 2, &lic, &err), 0);
	assert_string_equal(lic.spdx,
			    "(LGPL-3.0-or-later OR GPL-2.0-or-later) AND GPL-3.0-or-later");

	/* DEP-5 patterns: '*' crosses '/', '?' is one character, '\\' quotes */
	assert_true(dep5_pattern_match("*", "a/b/c"));
	assert_true(dep5_pattern_match("lib*", "libelf.so.1"));
	assert_false(dep5_pattern_match("lib*", "gelf.h"));
	assert_true(dep5_pattern_match("src/*.c", "src/x/y.c"));
	assert_true(dep5_pattern_match("a?c", "abc"));
	assert_false(dep5_pattern_match("a?c", "ac"));
	assert_true(dep5_pattern_match("gen\\*.c", "gen*.c"));
	assert_false(dep5_pattern_match("gen\\*.c", "genx.c"));
	assert_false(dep5_pattern_match("", "x"));
	assert_true(dep5_pattern_match("**", ""));

	pkg_license_release(&lic);
	pkgdb_close(db);
	strbuf_release(&err);
}

/* Copyright files that claim DEP-5 but are not quite. */
static void test_fake_license_edge(void **state)
{
	static const struct {
		const char *text;
		int ret;
		const char *spdx_or_reason;
	} cases[] = {
		{ "Format: http://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
		  "License: LGPL-2.1+\n",
		  0, "LGPL-2.1-or-later" },
		{ "Format: http://dep.debian.net/deps/dep5\n\nFiles: *\nLicense: GPL-2\n", 0,
		  "GPL-2.0-only" },
		{ "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
		  "Files: a.c\nLicense: MIT\n",
		  1, "no 'Files: *' paragraph and no License in the header" },
		{ "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
		  "Files: *\nLicense: MIT/X Consortium License\n",
		  1, "is not a DEP-5 license expression" },
		{ "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
		  "Files: *\nCopyright: x\nthis line is not a field\n",
		  1, ":5: not a DEP-5 field line" },
		/* the last "Files: *" wins; a pattern list with "*" on a continuation line */
		{ "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
		  "Files: *\nLicense: GPL-3+\n\nFiles: a.c\n *\nLicense: Apache-2.0\n",
		  0, "Apache-2.0" },
		{ "Format: something else\n\nFiles: *\nLicense: GPL-3+\n", 1,
		  "copyright file not machine-readable" },
		{ "", 1, "copyright file not machine-readable (empty)" },
		{ "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
		  "Files: *\r\nLicense: GPL-2 with Classpath exception\r\n",
		  0, "GPL-2.0-only WITH Classpath-exception-2.0" },
	};
	struct strbuf err = STRBUF_INIT;
	struct pkg_license lic;
	const struct pkg_info *pi;
	struct pkgdb *db;
	size_t i;

	(void)state;
	write_fake_db(fake_status);
	assert_int_equal(open_fake(&db, NULL, &err), 0);
	pkg_license_init(&lic);
	assert_int_equal(pkgdb_find_package(db, "halfpkg", NULL, &pi), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_file("fake/usr/share/doc/halfpkg/copyright", cases[i].text);
		assert_int_equal(pkgdb_license(db, pi, &lic, &err), cases[i].ret);
		if (cases[i].ret == 0)
			assert_string_equal(lic.spdx, cases[i].spdx_or_reason);
		else if (!strstr(lic.reason, cases[i].spdx_or_reason))
			fail_msg("case %zu: reason '%s'", i, lic.reason);
	}
	/* NUL bytes */
	write_bytes("fake/usr/share/doc/halfpkg/copyright", "Format: x\0y\n", 12);
	assert_int_equal(pkgdb_license(db, pi, &lic, &err), 1);
	assert_non_null(strstr(lic.reason, "NUL"));
	assert_string_equal(err.buf, "");
	pkg_license_release(&lic);
	pkgdb_close(db);
	strbuf_release(&err);
}

/* Corrupted status files: a clear error naming the file and the line. */
static void test_fake_corrupt(void **state)
{
	static const struct {
		const char *status;
		const char *msg;
	} cases[] = {
		{ "Package: x\nStatus install ok installed\n",
		  "status:2: not a 'Field: value' line" },
		{ "Package: x\nStatus: install ok installed\nArchitecture: amd64\nVersi",
		  "status:4: truncated" },
		{ "Package: x\nStatus: install ok installed\nArchitecture: amd64\n",
		  "status:1: package x: missing or invalid Version" },
		{ "Package: x\nStatus: install ok installed\nVersion: 1.0\n",
		  "package x: missing or invalid Architecture" },
		{ "Status: install ok installed\nVersion: 1.0\n",
		  "status:1: paragraph without a Package" },
		{ "Package: x\nVersion: 1.0\n", "status:1: package x: no Status field" },
		{ "Package: x\nStatus: install ok exploded\n",
		  "status:2: package x: unknown status" },
		{ "Package: x\nStatus: install\n", "status:2: package x: invalid Status" },
		{ "Package: ../../etc/passwd\nStatus: install ok installed\n",
		  "status:1: invalid package name" },
		{ "Package: x\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:\n",
		  "status:4: package x: missing or invalid Version" },
		{ "Package: x\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n"
		  "Source: y (1.0\n",
		  "status:5: package x: malformed Source" },
		{ "Package: x\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n\n"
		  "Package: x\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2\n",
		  "status:6: package x:amd64 listed twice" },
		{ " continuation first\n", "status:1: continuation line outside a field" },
		{ "Package: x\nPackage: y\n", "status:2: duplicate Package field" },
	};
	struct strbuf err = STRBUF_INIT, big = STRBUF_INIT;
	struct pkgdb *db = NULL;
	size_t i;

	(void)state;
	write_fake_db(fake_status);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&err);
		write_file("fake/var/lib/dpkg/status", cases[i].status);
		assert_int_equal(open_fake(&db, NULL, &err), -1);
		assert_null(db);
		if (!strstr(err.buf, cases[i].msg))
			fail_msg("case %zu: '%s' does not contain '%s'", i, err.buf, cases[i].msg);
	}
	/* NUL bytes */
	strbuf_reset(&err);
	write_bytes("fake/var/lib/dpkg/status", "Package: x\nStatus: ins\0tall\n", 28);
	assert_int_equal(open_fake(&db, NULL, &err), -1);
	assert_non_null(strstr(err.buf, "status:2: NUL byte"));
	/* a huge line */
	strbuf_reset(&err);
	assert_int_equal(strbuf_addstr(&big, "Package: x\nDescription: "), 0);
	for (i = 0; i < PKGDB_MAX_LINE + 16; i++)
		assert_int_equal(strbuf_addch(&big, 'a'), 0);
	assert_int_equal(strbuf_addstr(&big, "\n"), 0);
	write_bytes("fake/var/lib/dpkg/status", big.buf, big.len);
	assert_int_equal(open_fake(&db, NULL, &err), -1);
	assert_non_null(strstr(err.buf, "status:2: line longer than"));
	/* no status file at all */
	strbuf_reset(&err);
	{
		char *p = wpath("fake/var/lib/dpkg/status");

		unlink(p);
		free(p);
	}
	assert_int_equal(open_fake(&db, NULL, &err), -1);
	assert_non_null(strstr(err.buf, "status: No such file"));
	/* an empty one is an empty system */
	strbuf_reset(&err);
	write_file("fake/var/lib/dpkg/status", "");
	assert_int_equal(open_fake(&db, NULL, &err), 0);
	assert_int_equal(pkgdb_count(db), 0);
	pkgdb_close(db);
	/* a corrupt diversions file */
	write_file("fake/var/lib/dpkg/status", fake_status);
	write_file("fake/var/lib/dpkg/diversions", "/a\n/b\n");
	strbuf_reset(&err);
	assert_int_equal(open_fake(&db, NULL, &err), -1);
	assert_non_null(strstr(err.buf, "diversions:2: truncated"));
	write_file("fake/var/lib/dpkg/diversions", "");
	strbuf_release(&err);
	strbuf_release(&big);
}

/* ---- licence names ---- */

static void test_license_table(void **state)
{
	struct strbuf err = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < deb_license_map_nr; i++) {
		const struct deb_license_map *m = &deb_license_map[i];

		if (i && strcasecmp(deb_license_map[i - 1].debian, m->debian) >= 0)
			fail_msg("deb_license_map not sorted at %s", m->debian);
		assert_non_null(m->why);
		assert_true(strlen(m->why) > 5);
		strbuf_reset(&err);
		if (spdx_expression_check(m->spdx, &err))
			fail_msg("%s -> %s: %s", m->debian, m->spdx, err.buf);
		if (!strchr(m->spdx, ' ') && strncmp(m->spdx, "LicenseRef-", 11) &&
		    !spdx_is_licence_id(m->spdx))
			fail_msg("%s -> %s: not on the SPDX list", m->debian, m->spdx);
	}
	strbuf_release(&err);
}

static void test_license_expressions(void **state)
{
	static const struct {
		const char *deb;
		int ret;
		const char *spdx;
	} cases[] = {
		{ "GPL-2+", 0, "GPL-2.0-or-later" },
		{ "GPL-2.0+", 0, "GPL-2.0-or-later" },
		{ "gpl-2+", 0, "GPL-2.0-or-later" },
		{ "GPL-2.0-or-later", 0, "GPL-2.0-or-later" },
		{ "LGPL-2.1+", 0, "LGPL-2.1-or-later" },
		{ "LGPL-3.0", 0, "LGPL-3.0-only" },
		{ "BSD-3-clause", 0, "BSD-3-Clause" },
		{ "Expat", 0, "MIT" },
		{ "Zlib", 0, "Zlib" },
		{ "Apache-2.0", 0, "Apache-2.0" },
		{ "public-domain", 0, "LicenseRef-public-domain" },
		{ "MIT", 0, "LicenseRef-MIT" },
		{ "GPL-2+ or Artistic", 0, "GPL-2.0-or-later OR Artistic-1.0-Perl" },
		{ "LGPL-2+ and LGPL-2.1+ and CC0-1.0", 0,
		  "LGPL-2.0-or-later AND LGPL-2.1-or-later AND CC0-1.0" },
		{ "GPL-2+ or AFL-2.1, and Expat and Tcl-BSDish", 0,
		  "(GPL-2.0-or-later OR AFL-2.1) AND (MIT AND LicenseRef-Tcl-BSDish)" },
		{ "GPL-3+ with Autoconf exception", 0,
		  "GPL-3.0-or-later WITH Autoconf-exception-3.0" },
		{ "GPL-2+ with OpenSSL exception", 0, "LicenseRef-GPL-2-with-OpenSSL-exception" },
		{ "GPL with Classpath exception", 0, "LicenseRef-GPL-with-Classpath-exception" },
		{ "APACHE-2-LLVM-EXCEPTIONS", 0, "Apache-2.0 WITH LLVM-exception" },
		{ "MIT/X11", 0, "LicenseRef-MIT-X11" },
		{ "MIT/X Consortium License", 1, NULL },
		{ "", 1, NULL },
		{ "or GPL-2", 1, NULL },
		{ "GPL-2 or", 1, NULL },
		{ "GPL-2 with OpenSSL", 1, NULL },
		{ "GPL-2,, and MIT", 1, NULL },
	};
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct strvec unmapped = STRVEC_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&out);
		strvec_clear(&unmapped);
		assert_int_equal(deb_license_to_spdx(cases[i].deb, &out, &unmapped), cases[i].ret);
		if (cases[i].ret) {
			assert_string_equal(out.buf, "");
			assert_int_equal(unmapped.nr, 0);
			continue;
		}
		if (strcmp(out.buf, cases[i].spdx))
			fail_msg("'%s' -> '%s', expected '%s'", cases[i].deb, out.buf,
				 cases[i].spdx);
		strbuf_reset(&err);
		if (spdx_expression_check(out.buf, &err))
			fail_msg("'%s' -> '%s': %s", cases[i].deb, out.buf, err.buf);
	}
	strbuf_reset(&out);
	strvec_clear(&unmapped);
	assert_int_equal(deb_license_to_spdx("MIT or Tcl-BSDish and MIT", &out, &unmapped), 0);
	assert_int_equal(unmapped.nr, 2);
	assert_string_equal(unmapped.v[0], "MIT");
	assert_string_equal(unmapped.v[1], "Tcl-BSDish");
	strbuf_release(&out);
	strbuf_release(&err);
	strvec_clear(&unmapped);
}

/* ---- versions ---- */

static void test_pkgver(void **state)
{
	static const struct {
		const char *in, *up;
	} up[] = {
		{ "1:1.2.13.dfsg-1", "1.2.13" },
		{ "2.36-9+deb12u4", "2.36" },
		{ "1.7.15-1+deb12u4", "1.7.15" },
		{ "20210528-1+b1", "20210528" },
		{ "0.188-2.1", "0.188" },
		{ "1:2.3.4-5", "2.3.4" },
		{ "2.4.1+dfsg-1", "2.4.1" },
		{ "2.4.1+dfsg1-2", "2.4.1" },
		{ "3.0~ds-1", "3.0" },
		{ "1.0+ds.1-1", "1.0" },
		{ "5.2+repack-1", "5.2" },
		{ "2.0+really1.9-1", "1.9" },
		{ "1.2.3+dsa-1", "1.2.3+dsa" },
		{ "1.0+b1", "1.0" },
		{ "1.0+git20200101-1", "1.0+git20200101" },
		{ "1.0-2-3", "1.0-2" },
		{ "12.2.0-14", "12.2.0" },
		{ "", "" },
	};
	static const struct {
		const char *declared, *found;
		bool match;
	} m[] = {
		{ "1.2.13", "1:1.2.13.dfsg-1", true },
		{ "2.3.4", "1:2.3.4-5", true },
		{ "2.36", "2.36-9+deb12u4", true },
		{ "v1.7.15", "1.7.15-1+deb12u4", true },
		{ "1:2.3.4-5", "2.3.4", true },
		{ "1.2.12", "1:1.2.13.dfsg-1", false },
		{ "1.2", "1.2.13", false },
		{ "1.2.13", "1.2", false },
		{ "", "1.0", false },
		{ "12.2.0", "12.2.0-14", true },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(up) / sizeof(up[0]); i++) {
		strbuf_reset(&sb);
		assert_int_equal(pkgver_upstream(up[i].in, &sb), 0);
		if (strcmp(sb.buf, up[i].up))
			fail_msg("pkgver_upstream(%s) = %s, expected %s", up[i].in, sb.buf,
				 up[i].up);
	}
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (pkgver_matches(m[i].declared, m[i].found) != m[i].match)
			fail_msg("pkgver_matches(%s, %s) != %d", m[i].declared, m[i].found,
				 m[i].match);
	strbuf_release(&sb);

	assert_true(pkgver_valid("1:1.2.13.dfsg-1"));
	assert_true(pkgver_valid("2.36-9+deb12u4"));
	assert_true(pkgver_valid("1.0~rc1"));
	assert_false(pkgver_valid("a1.0"));
	assert_false(pkgver_valid("1.0-"));
	assert_false(pkgver_valid("x:1.0"));
	assert_false(pkgver_valid("1.0 2"));
	assert_false(pkgver_valid(""));

	assert_true(pkgver_compare("1.0~rc1", "1.0") < 0);
	assert_true(pkgver_compare("1.0", "1.0+b1") < 0);
	assert_true(pkgver_compare("1:0.1", "2.0") > 0);
	assert_true(pkgver_compare("1.0-1", "1.0-2") < 0);
	assert_true(pkgver_compare("1.10", "1.9") > 0);
	assert_true(pkgver_compare("1.0a", "1.0") > 0);
	assert_true(pkgver_compare("1.0a", "1.0+") < 0);
	assert_true(pkgver_compare("2.36-9+deb12u4", "2.36-9+deb12u14") < 0);
	assert_int_equal(pkgver_compare("0:1.0-1", "1.0-1"), 0);
	assert_int_equal(pkgver_compare("1.0", "1.00"), 0);
	assert_true(pkgver_compare("1.2.13", "1.2.13.dfsg") < 0);
	assert_true(pkgver_compare("99999999999999999999999", "99999999999999999999998") > 0);
	assert_true(pkgver_compare("1:1.2.13.dfsg-1", "1.2.13") > 0);
}

/* ---- pkg-config ---- */

static void test_pkgconfig_real(void **state)
{
	struct pkgconfig_info info;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	if (access("/usr/lib/x86_64-linux-gnu/pkgconfig/zlib.pc", R_OK))
		skip();
	pkgconfig_info_init(&info);
	assert_int_equal(pkgconfig_find_lib(NULL, "z", &info, &err), 0);
	assert_string_equal(info.module, "zlib");
	assert_string_equal(info.file, "/usr/lib/x86_64-linux-gnu/pkgconfig/zlib.pc");
	assert_string_equal(info.name, "zlib");
	assert_string_equal(info.version, "1.2.13");
	assert_non_null(strstr(info.libs, "-L/usr/lib/x86_64-linux-gnu"));
	assert_int_equal(pkgconfig_find_lib(NULL, "no-such-lib-here", &info, &err), 1);
	assert_int_equal(pkgconfig_find_lib(NULL, "../z", &info, &err), -1);
	pkgconfig_info_release(&info);
	strbuf_release(&err);
}

static void test_pkgconfig_fake(void **state)
{
	struct pkgconfig_config cfg = PKGCONFIG_CONFIG_INIT;
	struct pkgconfig_info info;
	struct strbuf err = STRBUF_INIT, bomb = STRBUF_INIT;
	char *dir = wpath("pc"), *first = wpath("pc-first"), *loop = wpath("pc/loop.pc");
	char *bombf = wpath("pc/bomb.pc");
	int i;

	(void)state;
	pkgconfig_info_init(&info);
	write_file("pc/foo.pc", "# the foo library\n"
				"prefix=/opt/foo\n"
				"exec_prefix=${prefix}\n"
				"libdir=${exec_prefix}/lib\n"
				"ver=${ver_major}.1.4\n"
				"ver_major=3\n"
				"Name: Foo ${ver}\n"
				"Description: foo, \\#1 with a $$ \\\n"
				"  continued\n"
				"Version: ${ver}\n"
				"URL: https://example.org/foo # a comment\n"
				"Libs: -L${libdir} -lfoo\n"
				"Libs.private: -lz -lm\n"
				"Cflags: -I${pcfiledir}/include\n");
	write_file("pc/loop.pc", "a=${b}\nb=${a}\nName: loop\nVersion: ${a}\nLibs: -lloop\n");
	write_file("pc/undef.pc", "Name: u\nVersion: ${nope}\nLibs: -lundef\n");
	write_file("pc/twice.pc", "x=1\nx=2\nName: t\nLibs: -ltwice\n");
	write_file("pc/sep.pc", "Name: sep\nVersion: 0.1\nLibs: -l sep\n");
	write_file("pc-first/other.pc", "Name: other\nVersion: 9\nLibs: -lfoo\n");
	/* a billion laughs within the depth bound: the value bound stops it */
	assert_int_equal(strbuf_addstr(&bomb, "v0=xxxxxxxxxxxxxxxx\n"), 0);
	for (i = 1; i < 14; i++)
		assert_int_equal(strbuf_addf(&bomb, "v%d=${v%d}${v%d}${v%d}${v%d}\n", i, i - 1,
					     i - 1, i - 1, i - 1),
				 0);
	assert_int_equal(strbuf_addstr(&bomb, "Name: bomb\nVersion: ${v13}\nLibs: -lbomb\n"), 0);
	write_file("pc/bomb.pc", bomb.buf);

	cfg.libdir = dir;
	assert_int_equal(pkgconfig_find_lib(&cfg, "foo", &info, &err), 0);
	assert_string_equal(info.module, "foo");
	assert_string_equal(info.name, "Foo 3.1.4");
	assert_string_equal(info.version, "3.1.4");
	assert_string_equal(info.url, "https://example.org/foo");
	assert_string_equal(info.description, "foo, #1 with a $   continued");
	assert_string_equal(info.libs, "-L/opt/foo/lib -lfoo");
	assert_int_equal(info.also.nr, 0);
	/* Libs.private is not what the module provides */
	assert_int_equal(pkgconfig_find_lib(&cfg, "z", &info, &err), 1);
	assert_int_equal(pkgconfig_find_lib(&cfg, "sep", &info, &err), 0);
	assert_string_equal(info.version, "0.1");

	/* the loop, the undefined variable, the duplicate and the bomb are skipped */
	assert_int_equal(pkgconfig_find_lib(&cfg, "loop", &info, &err), 1);
	assert_int_equal(pkgconfig_find_lib(&cfg, "bomb", &info, &err), 1);
	assert_int_equal(pkgconfig_find_lib(&cfg, "undef", &info, &err), 1);
	assert_int_equal(pkgconfig_find_lib(&cfg, "twice", &info, &err), 1);
	assert_int_equal(info.warnings.nr, 4);
	assert_string_equal(err.buf, "");
	strbuf_reset(&err);
	assert_int_equal(pkgconfig_load(loop, &info, &err), -1);
	assert_non_null(strstr(err.buf, "loop.pc:4: variables nested deeper than"));
	strbuf_reset(&err);
	assert_int_equal(pkgconfig_load(bombf, &info, &err), -1);
	assert_non_null(strstr(err.buf, "a value longer than"));

	/* PKG_CONFIG_PATH comes first; the other match is reported */
	cfg.pkg_config_path = first;
	assert_int_equal(pkgconfig_find_lib(&cfg, "foo", &info, &err), 0);
	assert_string_equal(info.module, "other");
	assert_int_equal(info.also.nr, 1);
	assert_non_null(strstr(info.also.v[0], "pc/foo.pc"));

	pkgconfig_info_release(&info);
	strbuf_release(&err);
	strbuf_release(&bomb);
	free(dir);
	free(first);
	free(loop);
	free(bombf);
}

/* ---- the persistent index ---- */

/* Every field of a package, as text (into sb, returned). */
static const char *pkg_text(const struct pkg_info *pi, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%d", pi->type, pi->name, pi->arch,
		    pi->version, pi->source, pi->source_version,
		    pi->maintainer ? pi->maintainer : "(none)",
		    pi->homepage ? pi->homepage : "(none)",
		    pi->multi_arch ? pi->multi_arch : "(none)", pi->state, (int)pi->configured);
	return sb->buf;
}

/* Every answer of a lookup, as text: owners, how, the spelling found. */
static void lookup_text(const struct pkgdb *db, const char *path, struct strbuf *out)
{
	struct strbuf err = STRBUF_INIT;
	struct pkgdb_match m;
	int r;

	pkgdb_match_init(&m);
	r = pkgdb_lookup(db, path, &m, &err);
	strbuf_addf(out, "%s: %d", path, r);
	for (size_t i = 0; r == 0 && i < m.nr_owners; i++)
		strbuf_addf(out, " %s:%s", m.owners[i]->name, m.owners[i]->arch);
	if (r == 0)
		strbuf_addf(out, " how %d as %s by %s", (int)m.how, m.path.buf,
			    m.diverted_by ? m.diverted_by : "-");
	strbuf_addch(out, '\n');
	pkgdb_match_release(&m);
	strbuf_release(&err);
}

/* The fake database through the index in cache: its state, and every answer as text. */
static void fake_answers(const char *cache, struct strbuf *state, struct strbuf *out)
{
	static const char *const paths[] = { "/usr/lib/x86_64-linux-gnu/libfoo.so.1",
					     "/lib/x86_64-linux-gnu/libfoo.so.1",
					     "/usr/lib/i386-linux-gnu/libfoo.so.1",
					     "/usr/share/doc/libfoo/copyright",
					     "/usr/bin/foo-tool",
					     "/usr/bin/foo-tool.distrib",
					     "/usr/bin/bar",
					     "/usr/bin/crlf",
					     "/usr/share/half/file",
					     "/usr/bin/old",
					     "/usr/lib",
					     "/",
					     "/opt/libfoo-link.so",
					     "/opt/foolink/libfoo.so.1",
					     "/nowhere",
					     "/usr/bin/new-tool",
					     NULL };
	struct pkgdb_config cfg = PKGDB_CONFIG_INIT;
	char *admin = wpath("fake/var/lib/dpkg"), *root = wpath("fake");
	struct strbuf err = STRBUF_INIT;
	struct pkgdb *db;

	cfg.admindir = admin;
	cfg.root = root;
	cfg.cache_dir = cache;
	assert_int_equal(pkgdb_open_dpkg(&cfg, &db, &err), 0);
	strbuf_reset(state);
	strbuf_addstr(state, pkgdb_index_state(db));
	strbuf_reset(out);
	strbuf_addf(out, "%zu packages, %zu paths\n", pkgdb_count(db), pkgdb_path_count(db));
	for (size_t i = 0; i < pkgdb_warnings(db)->nr; i++)
		strbuf_addf(out, "warning %s\n", pkgdb_warnings(db)->v[i]);
	for (size_t i = 0; paths[i]; i++)
		lookup_text(db, paths[i], out);
	pkgdb_close(db);
	free(admin);
	free(root);
	strbuf_release(&err);
}

/* The one index file in the cache folder. */
static char *index_file(const char *cache)
{
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
	FILE *f;
	char line[4096];

	strbuf_addf(&cmd, "ls '%s'/pkgdb-*.idx", cache);
	f = popen(cmd.buf, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		strbuf_addstr(&out, line);
	pclose(f);
	assert_true(out.len > 1 && !strchr(out.buf, '\n')[1]); /* exactly one */
	out.buf[out.len - 1] = '\0';
	strbuf_release(&cmd);
	return strbuf_detach(&out, NULL);
}

/*
 * The index gives the answers dpkg's lists give, warnings included; it is
 * made again when dpkg changes the database (a new .list, a new status
 * file), and when it is damaged, cut, or not this user's own file.
 */
static void test_index_fake(void **state)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT, st = STRBUF_INIT;
	char *cache = wpath("cache/souptrace"), *ix;
	struct stat sb;

	(void)state;
	write_fake_db(fake_status);
	fake_answers(NULL, &st, &want);
	assert_string_equal(st.buf, "off");
	assert_non_null(strstr(want.buf, "warning "));	      /* the odd .list's */
	assert_non_null(strstr(want.buf, "foo-tools:amd64")); /* something found */

	fake_answers(cache, &st, &got);
	assert_string_equal(st.buf, "built: no index yet");
	assert_string_equal(got.buf, want.buf);
	ix = index_file(cache);
	assert_int_equal(stat(ix, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	fake_answers(cache, &st, &got);
	assert_string_equal(st.buf, "used");
	assert_string_equal(got.buf, want.buf);

	/* dpkg installs a package: a new .list, a new status file */
	write_file("fake/var/lib/dpkg/info/newpkg.list", "/usr/bin/new-tool\n");
	fake_answers(cache, &st, &got);
	assert_string_equal(st.buf, "built: dpkg's database changed since the index was made");
	assert_string_equal(got.buf, want.buf); /* newpkg is in no status yet */
	{
		struct strbuf status = STRBUF_INIT;

		strbuf_addf(&status,
			    "%s\nPackage: newpkg\nStatus: install ok installed\n"
			    "Architecture: all\nVersion: 2\n",
			    fake_status);
		write_file("fake/var/lib/dpkg/status", status.buf);
		strbuf_release(&status);
	}
	fake_answers(cache, &st, &got);
	assert_string_equal(st.buf, "built: dpkg's database changed since the index was made");
	assert_non_null(strstr(got.buf, "/usr/bin/new-tool: 0 newpkg:all"));
	fake_answers(NULL, &st, &want);
	assert_string_equal(got.buf, want.buf);
	fake_answers(cache, &st, &got);
	assert_string_equal(st.buf, "used");
	assert_string_equal(got.buf, want.buf);

	/* a byte changed in the middle, the file cut, a file others may write */
	{
		struct strbuf data = STRBUF_INIT;
		FILE *f;

		assert_int_equal(strbuf_read_file(&data, ix, 0), 0);
		data.buf[data.len / 2] ^= 0x20;
		f = fopen(ix, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(data.buf, 1, data.len, f), data.len);
		assert_int_equal(fclose(f), 0);
		fake_answers(cache, &st, &got);
		assert_string_equal(st.buf, "built: the index is damaged");
		assert_string_equal(got.buf, want.buf);
		assert_int_equal(truncate(ix, (off_t)(data.len - 8)), 0);
		fake_answers(cache, &st, &got);
		assert_string_equal(st.buf, "built: the index is damaged");
		assert_string_equal(got.buf, want.buf);
		strbuf_release(&data);
	}
	assert_int_equal(chmod(ix, 0666), 0);
	fake_answers(cache, &st, &got);
	assert_string_equal(st.buf, "built: the index is not this user's own file");
	assert_string_equal(got.buf, want.buf);
	fake_answers(cache, &st, &got);
	assert_string_equal(st.buf, "used");
	/* no index is written into a folder others may write into */
	assert_int_equal(unlink(ix), 0);
	assert_int_equal(chmod(cache, 0777), 0);
	fake_answers(cache, &st, &got);
	assert_string_equal(st.buf, "not written: no index yet");
	assert_string_equal(got.buf, want.buf);
	assert_int_equal(stat(ix, &sb), -1);
	assert_int_equal(chmod(cache, 0700), 0);

	write_fake_db(fake_status); /* as it was, for the tests after this one */
	free(cache);
	free(ix);
	strbuf_release(&want);
	strbuf_release(&got);
	strbuf_release(&st);
}

/*
 * This machine's database: every 5th path of every file list, and the
 * other spellings of some, answered the same through the index as from
 * dpkg's lists.
 */
static void test_index_real(void **state)
{
	struct pkgdb_config cfg = PKGDB_CONFIG_INIT;
	struct strbuf err = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT, list = STRBUF_INIT;
	char *cache = wpath("real-cache");
	struct pkgdb *db;
	FILE *f;
	char line[8192];
	size_t n = 0, asked = 0;

	(void)state;
	if (!have_real_db())
		skip();
	cfg.cache_dir = cache;
	assert_int_equal(pkgdb_open_dpkg(&cfg, &db, &err), 0);
	assert_string_equal(pkgdb_index_state(db), "built: no index yet");
	pkgdb_close(db);
	assert_int_equal(pkgdb_open_dpkg(&cfg, &db, &err), 0);
	assert_string_equal(pkgdb_index_state(db), "used");
	assert_int_equal(pkgdb_count(db), pkgdb_count(real));
	assert_int_equal(pkgdb_path_count(db), pkgdb_path_count(real));
	assert_int_equal(pkgdb_warnings(db)->nr, pkgdb_warnings(real)->nr);
	for (size_t i = 0; i < pkgdb_warnings(db)->nr; i++)
		assert_string_equal(pkgdb_warnings(db)->v[i], pkgdb_warnings(real)->v[i]);
	/* the packages come from the index too: every field as the status file gives it */
	for (size_t i = 0; i < pkgdb_count(real); i++) {
		const struct pkg_info *x = pkgdb_at(real, i), *y = pkgdb_at(db, i), *byname;

		assert_string_equal(pkg_text(y, &a), pkg_text(x, &b));
		assert_int_equal(pkgdb_find_package(db, x->name, x->arch, &byname), 0);
		assert_ptr_equal(byname, y);
	}
	f = popen("cat /var/lib/dpkg/info/*.list", "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		if (n++ % 5 || !len || line[len - 1] != '\n')
			continue;
		line[len - 1] = '\0';
		strbuf_reset(&a);
		strbuf_reset(&b);
		lookup_text(real, line, &a);
		lookup_text(db, line, &b);
		assert_string_equal(b.buf, a.buf);
		if (asked++ % 50 == 0) { /* merged /usr and real-path spellings */
			strbuf_reset(&list);
			strbuf_addf(&list, "/usr%s", line);
			strbuf_reset(&a);
			strbuf_reset(&b);
			lookup_text(real, list.buf, &a);
			lookup_text(db, list.buf, &b);
			assert_string_equal(b.buf, a.buf);
		}
	}
	pclose(f);
	assert_true(asked > 1000);
	pkgdb_close(db);
	free(cache);
	strbuf_release(&err);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&list);
}

/*
 * The index is checked block by block as lookups read it: a byte changed
 * far from what opening reads is found by the lookup that reaches it, and
 * from then on dpkg's lists answer (every answer the same as without the
 * index), the state says so, and the next open finds a good index again.
 */
static void test_index_lazy_damage(void **state)
{
	struct pkgdb_config cfg = PKGDB_CONFIG_INIT;
	struct strbuf err = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT, data = STRBUF_INIT;
	char *cache = wpath("lazy-cache"), *ix;
	struct pkgdb *db;
	FILE *f;
	char line[8192];
	size_t n = 0;

	(void)state;
	if (!have_real_db())
		skip();
	cfg.cache_dir = cache;
	assert_int_equal(pkgdb_open_dpkg(&cfg, &db, &err), 0);
	pkgdb_close(db);
	ix = index_file(cache);
	/* a third into the file: the paths' tables, which opening does not read */
	assert_int_equal(strbuf_read_file(&data, ix, 0), 0);
	data.buf[data.len / 3] ^= 0x01;
	f = fopen(ix, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data.buf, 1, data.len, f), data.len);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(pkgdb_open_dpkg(&cfg, &db, &err), 0);
	assert_string_equal(pkgdb_index_state(db), "used");
	f = popen("cat /var/lib/dpkg/info/*.list", "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		if (n++ % 5 || !len || line[len - 1] != '\n')
			continue;
		line[len - 1] = '\0';
		strbuf_reset(&a);
		strbuf_reset(&b);
		lookup_text(real, line, &a);
		lookup_text(db, line, &b);
		assert_string_equal(b.buf, a.buf);
	}
	pclose(f);
	assert_string_equal(pkgdb_index_state(db),
			    "the index was found damaged while in use: dpkg's lists were read "
			    "instead (built: no index yet)");
	assert_int_equal(pkgdb_path_count(db), pkgdb_path_count(real));
	pkgdb_close(db);
	assert_int_equal(pkgdb_open_dpkg(&cfg, &db, &err), 0);
	assert_string_equal(pkgdb_index_state(db), "used");
	strbuf_reset(&a);
	strbuf_reset(&b);
	lookup_text(real, "/usr/lib/x86_64-linux-gnu/libz.so.1", &a);
	lookup_text(db, "/usr/lib/x86_64-linux-gnu/libz.so.1", &b);
	assert_string_equal(b.buf, a.buf);
	pkgdb_close(db);
	free(cache);
	free(ix);
	strbuf_release(&err);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&data);
}

/* ---- fixture ---- */

static int group_teardown(void **state)
{
	(void)state;
	pkgdb_close(real);
	real = NULL;
	if (workdir[0] && !getenv("SOUPTRACE_KEEP_TMP"))
		tu_remove_tree(workdir);
	return 0;
}

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct strbuf err = STRBUF_INIT;
	int n;

	(void)state;
	n = snprintf(workdir, sizeof(workdir), "%s/souptrace pkgdb.XXXXXX",
		     tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(workdir) || !mkdtemp(workdir)) {
		workdir[0] = '\0';
		return -1;
	}
	if (have_real_db() && pkgdb_open_dpkg(NULL, &real, &err)) {
		fprintf(stderr, "cannot load this machine's dpkg database: %s\n", err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_zlib),
		cmocka_unit_test(test_real_libc),
		cmocka_unit_test(test_real_libelf),
		cmocka_unit_test(test_real_cjson_and_grouping),
		cmocka_unit_test(test_real_not_owned),
		cmocka_unit_test(test_real_load_time),
		cmocka_unit_test(test_real_all_licenses),
		cmocka_unit_test(test_fake_packages),
		cmocka_unit_test(test_fake_lookup),
		cmocka_unit_test(test_fake_license_and_purl),
		cmocka_unit_test(test_fake_license_files),
		cmocka_unit_test(test_fake_license_edge),
		cmocka_unit_test(test_fake_corrupt),
		cmocka_unit_test(test_license_table),
		cmocka_unit_test(test_license_expressions),
		cmocka_unit_test(test_pkgver),
		cmocka_unit_test(test_pkgconfig_real),
		cmocka_unit_test(test_pkgconfig_fake),
		cmocka_unit_test(test_index_fake),
		cmocka_unit_test(test_index_real),
		cmocka_unit_test(test_index_lazy_damage),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
