/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attribution rules (src/model/attribute.c), one test per rule: where a file
 * stands and which component it puts into an artifact. Inputs are small
 * synthetic project trees on disk, a soup.json given as text, and this
 * machine's real dpkg database.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attribute.h"
#include "pkgdb.h"
#include "soup.h"
#include "testutil.h"

struct fixture {
	char dir[64];	  /* the scratch directory (realpath'd) */
	char *root;	  /* dir/project */
	char *build_root; /* dir/build */
	struct pkgdb *pkgdb;
	struct soup_list soup;
	struct attr_rules rules;
	struct attribution a;
};

static const char soup_text[] =
	"{\"souptrace\": 1, \"project\": {\"name\": \"p\"},\n"
	" \"components\": [\n"
	"  {\"name\": \"libsearch\", \"match\": {\"paths\": [\"src/strsearch.c\"]}},\n"
	"  {\"name\": \"zlib\"},\n"
	"  {\"name\": \"C library\", \"match\": {\"packages\": [\"glibc\"]}},\n"
	"  {\"name\": \"SDK\", \"match\": {\"libraries\": [\"sensorsdk\"]}},\n"
	"  {\"name\": \"SDK headers\", \"match\": {\"paths\": [\"/opt/sdk/include/**\"]}}\n"
	" ],\n"
	" \"ignore\": [{\"paths\": [\"tools/**\"], \"reason\": \"host tools\"}]\n"
	"}\n";

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct strbuf err = STRBUF_INIT;
	char real[PATH_MAX];
	size_t warnings = 0;
	static const char *const files[] = {
		"project/src/main.c",
		"project/src/main.h",
		"project/src/strsearch.c",
		"project/third_party/zlib/inflate.c",
		"project/third_party/zlib/contrib/minizip/zip.c",
		"project/third_party/loose.c",
		"project/libs/tiny/tiny.c",
		"project/libs/tiny/LICENSE",
		"project/tools/gen.c",
		"project/src/prebuilt.o",
		"build/_deps/cjson-src/cJSON.c",
		"build/config.h",
	};

	if (!fx)
		return -1;
	strcpy(fx->dir, "/tmp/st-attribute-XXXXXX");
	if (!mkdtemp(fx->dir) || !realpath(fx->dir, real))
		return -1;
	strcpy(fx->dir, real);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		tu_write_bytes(fx->dir, files[i], "x\n", 2);
	fx->root = tu_path(fx->dir, "project");
	fx->build_root = tu_path(fx->dir, "build");
	soup_list_init(&fx->soup);
	if (soup_parse("soup.json", soup_text, sizeof(soup_text) - 1, &fx->soup, &err, &warnings)) {
		fprintf(stderr, "%s", err.buf);
		return -1;
	}
	if (pkgdb_open_dpkg(NULL, &fx->pkgdb, &err)) {
		fprintf(stderr, "%s\n", err.buf);
		return -1;
	}
	strbuf_release(&err);
	fx->rules =
		(struct attr_rules){ &fx->soup, fx->root, fx->build_root, fx->pkgdb, NULL, NULL };
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	tu_remove_tree(fx->dir);
	free(fx->root);
	free(fx->build_root);
	pkgdb_close(fx->pkgdb);
	soup_list_release(&fx->soup);
	free(fx);
	return 0;
}

static int per_test_setup(void **state)
{
	struct fixture *fx = *state;

	attribution_init(&fx->a, &fx->rules);
	return 0;
}

static int per_test_teardown(void **state)
{
	struct fixture *fx = *state;

	attribution_release(&fx->a);
	return 0;
}

/* Attribute the file dir/rel (or an absolute path) with evidence "linked". */
static void add(struct fixture *fx, const char *rel, bool unproduced)
{
	char *path = rel[0] == '/' ? strdup(rel) : tu_path(fx->dir, rel);
	struct found_file in = { path, NULL,	   (char *)"linked",
				 NULL, NULL,	   "instrumentation",
				 true, unproduced, false,
				 false };

	attr_file(&fx->a, &in);
	free(path);
}

static const struct found *named(const struct fixture *fx, const char *name)
{
	for (size_t i = 0; i < fx->a.nr; i++)
		if (!strcmp(fx->a.found[i].name, name))
			return &fx->a.found[i];
	return NULL;
}

static enum place place(struct fixture *fx, const char *rel, char **folder, long *declared)
{
	char *path = rel[0] == '/' ? strdup(rel) : tu_path(fx->dir, rel);
	struct pkgdb_match m;
	enum place p;

	pkgdb_match_init(&m);
	p = attr_place(&fx->rules, path, &m, folder, declared);
	pkgdb_match_release(&m);
	free(path);
	return p;
}

/* ignored: an "ignore" glob of soup.json; nothing is attributed */
static void test_ignored(void **state)
{
	struct fixture *fx = *state;
	char *folder;
	long d;

	assert_int_equal(place(fx, "project/tools/gen.c", &folder, &d), PLACE_IGNORED);
	add(fx, "project/tools/gen.c", false);
	assert_int_equal(fx->a.nr, 0);
}

/* package: the owning Debian package's source package, with its version */
static void test_package(void **state)
{
	struct fixture *fx = *state;
	const struct found *f;
	char *folder;
	long d;

	assert_int_equal(place(fx, "/usr/lib/x86_64-linux-gnu/libz.so.1", &folder, &d),
			 PLACE_PACKAGE);
	add(fx, "/usr/lib/x86_64-linux-gnu/libz.so.1", false);
	/* zlib's source package is "zlib": the bare declaration "zlib" claims it by name */
	f = named(fx, "zlib");
	assert_non_null(f);
	assert_int_equal(f->origin, ORIG_DECLARED);
	assert_int_equal(f->natural, ORIG_PACKAGE);
	assert_non_null(f->pkg);
	assert_non_null(f->version);
	assert_non_null(strstr(f->where, "package zlib1g"));
	/* glibc is declared by package under another name */
	add(fx, "/usr/lib/x86_64-linux-gnu/libc.so.6", false);
	f = named(fx, "C library");
	assert_non_null(f);
	assert_int_equal(f->natural, ORIG_PACKAGE);
	assert_int_equal(f->nr_files, 1);
	assert_non_null(strstr(f->evidence.v[0], "libc.so.6: linked"));
}

/* vendored: a marker folder (the outermost wins), a folder with its own LICENSE, FetchContent */
static void test_vendored(void **state)
{
	struct fixture *fx = *state;
	const struct found *f;
	char *folder = NULL;
	long d;

	assert_int_equal(place(fx, "project/third_party/zlib/contrib/minizip/zip.c", &folder, &d),
			 PLACE_VENDORED);
	assert_non_null(strstr(folder, "/project/third_party/zlib"));
	assert_null(strstr(folder, "contrib"));
	free(folder);
	add(fx, "project/third_party/zlib/inflate.c", false);
	add(fx, "project/third_party/zlib/contrib/minizip/zip.c", false);
	f = named(fx, "zlib"); /* declared by name, without match rules */
	assert_non_null(f);
	assert_int_equal(f->natural, ORIG_VENDORED);
	assert_int_equal(f->nr_files, 2);
	assert_string_equal(f->where, "folder third_party/zlib");

	add(fx, "project/libs/tiny/tiny.c", false);
	f = named(fx, "tiny");
	assert_non_null(f);
	assert_int_equal(f->origin, ORIG_VENDORED);
	assert_int_equal(f->declared, -1);

	add(fx, "build/_deps/cjson-src/cJSON.c", false);
	f = named(fx, "cjson");
	assert_non_null(f);
	assert_int_equal(f->origin, ORIG_VENDORED);

	/* a file directly in third_party/ is no folder of its own: first-party */
	assert_int_equal(place(fx, "project/third_party/loose.c", &folder, &d), PLACE_FIRST_PARTY);
}

/* declared in the tree: a declaration's match.paths claims a file of the project */
static void test_declared_in_tree(void **state)
{
	struct fixture *fx = *state;
	const struct found *f;
	char *folder;
	long d = -1;

	assert_int_equal(place(fx, "project/src/strsearch.c", &folder, &d), PLACE_DECLARED_IN_TREE);
	assert_string_equal(fx->soup.components[d].name, "libsearch");
	add(fx, "project/src/strsearch.c", false);
	f = named(fx, "libsearch");
	assert_non_null(f);
	assert_int_equal(f->origin, ORIG_DECLARED);
	assert_int_equal(f->natural, ORIG_IN_TREE);
	assert_int_equal(fx->a.fp_paths.nr, 0); /* not first-party: no notice check */
}

/* first-party: produced by a recorded compile; sources and headers go to provenance */
static void test_first_party(void **state)
{
	struct fixture *fx = *state;

	add(fx, "project/src/main.c", false);
	add(fx, "project/src/main.h", false);
	add(fx, "build/config.h", false); /* generated in the build tree */
	assert_int_equal(fx->a.nr, 0);
	assert_int_equal(fx->a.fp_paths.nr, 2); /* the tree's own, not the build tree's */
	assert_non_null(strstr(fx->a.fp_paths.v[0], "/project/src/main.c"));
	assert_string_equal(fx->a.fp_evidence.v[0], "linked");
}

/* first-party needs a producing record: unproduced code in the tree is a component */
static void test_unproduced(void **state)
{
	struct fixture *fx = *state;
	const struct found *f;

	add(fx, "project/src/prebuilt.o", true);
	f = named(fx, "prebuilt.o");
	assert_non_null(f);
	assert_int_equal(f->origin, ORIG_UNKNOWN);
	assert_non_null(strstr(f->where, "no recorded compile produced it"));
	assert_int_equal(fx->a.fp_paths.nr, 0);
}

/* outside the project, no package: named after the install prefix's library */
static void test_outside(void **state)
{
	struct fixture *fx = *state;
	struct closure cl;
	struct closure_file files[2];
	const struct found *f;

	memset(files, 0, sizeof(files));
	files[0].path = (char *)"/opt/sdk/lib/libsensorsdk.a";
	files[1].path = (char *)"/opt/sdk/include/sensorsdk.h";
	closure_init(&cl);
	cl.files = files;
	cl.nr = 2;
	attr_index_prefixes(&fx->a, &cl);
	/* the header first: it still goes with the SDK's library */
	add(fx, "/opt/sdk/include/sensorsdk.h", false);
	add(fx, "/opt/sdk/lib/libsensorsdk.a", false);
	/* paths (score 1000+) beat libraries (500): two declarations claim them */
	f = named(fx, "SDK headers");
	assert_non_null(f);
	assert_int_equal(f->natural, ORIG_UNKNOWN);
	assert_non_null(strstr(f->where, "outside the project, owned by no package (/opt/sdk)"));
	f = named(fx, "SDK");
	assert_non_null(f);
	assert_int_equal(f->nr_files, 1);
	assert_string_equal(f->files[0].path, "/opt/sdk/lib/libsensorsdk.a");
}

/* an object with no code or data adds nothing */
static void test_empty(void **state)
{
	struct fixture *fx = *state;
	char *path = tu_path(fx->dir, "project/libs/tiny/tiny.c");
	struct found_file in = { path, NULL,  (char *)"linked",
				 NULL, NULL,  "instrumentation",
				 true, false, true,
				 false };

	attr_file(&fx->a, &in);
	assert_int_equal(fx->a.nr, 0);
	free(path);
}

/* most specific declaration wins: paths, then libraries, then packages, then the name */
static void test_declared_for(void **state)
{
	struct fixture *fx = *state;
	size_t how;

	assert_int_equal(attr_declared_for(&fx->rules, "/opt/sdk/include/x.h", "sensorsdk", NULL,
					   NULL, &how),
			 4);
	assert_true(how >= 1000);
	assert_int_equal(attr_declared_for(&fx->rules, "/opt/sdk/lib/libsensorsdk.a", "sensorsdk",
					   NULL, NULL, &how),
			 3);
	assert_int_equal(how, 500);
	assert_int_equal(attr_declared_for(&fx->rules, "/x", NULL, NULL, "ZLIB", &how), 1);
	assert_int_equal(how, 100);
	assert_int_equal(attr_declared_for(&fx->rules, "/x", NULL, NULL, "libsearch", &how), -1);
}

static void test_helpers(void **state)
{
	char *s;

	(void)state;
	s = attr_lib_name("/usr/lib/libz.so.1.2.13");
	assert_string_equal(s, "z");
	free(s);
	s = attr_lib_name("libsensorsdk.a");
	assert_string_equal(s, "sensorsdk");
	free(s);
	assert_null(attr_lib_name("lib.a"));
	assert_null(attr_lib_name("main.o"));
	s = attr_install_prefix("/opt/sdk/lib64/libx.a");
	assert_string_equal(s, "/opt/sdk");
	free(s);
	s = attr_install_prefix("/srv/blob/x.o");
	assert_string_equal(s, "/srv/blob");
	free(s);
	assert_string_equal(attr_under_dir("/a/b", "/a/b/c/d"), "c/d");
	assert_string_equal(attr_under_dir("/a/b", "/a/b"), "");
	assert_null(attr_under_dir("/a/b", "/a/bc/d"));
	assert_string_equal(attr_under_dir("/", "/etc/x"), "etc/x");
	assert_true(attr_is_source("x.cpp"));
	assert_true(attr_is_source("x.S"));
	assert_false(attr_is_source("x.o"));
	assert_string_equal(origin_name(ORIG_NOTICE), "copied code (notice)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ignored, per_test_setup, per_test_teardown),
		cmocka_unit_test_setup_teardown(test_package, per_test_setup, per_test_teardown),
		cmocka_unit_test_setup_teardown(test_vendored, per_test_setup, per_test_teardown),
		cmocka_unit_test_setup_teardown(test_declared_in_tree, per_test_setup,
						per_test_teardown),
		cmocka_unit_test_setup_teardown(test_first_party, per_test_setup,
						per_test_teardown),
		cmocka_unit_test_setup_teardown(test_unproduced, per_test_setup, per_test_teardown),
		cmocka_unit_test_setup_teardown(test_outside, per_test_setup, per_test_teardown),
		cmocka_unit_test_setup_teardown(test_empty, per_test_setup, per_test_teardown),
		cmocka_unit_test_setup_teardown(test_declared_for, per_test_setup,
						per_test_teardown),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
