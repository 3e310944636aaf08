/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for analyzers/version_probe.c: the vendored folders of
 * samples/pumpctl (found from this file's path) and synthetic folders
 * written to a temporary directory, one per form, with conflicts and decoys.
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
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "version_probe.h"

#include "testutil.h"
#include "banned.h"

static char workdir[4096];

/* ---- helpers ---- */

#define mkdirs(rel)		    tu_mkdirs(workdir, rel)
#define write_bytes(rel, data, len) tu_write_bytes(workdir, rel, data, len)
#define write_file(rel, text)	    tu_write_bytes(workdir, rel, text, strlen(text))

/* Probe workdir/rel. */
static int probe(const char *rel, struct vprobe_result *res)
{
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	int r;

	assert_int_equal(strbuf_addf(&p, "%s/%s", workdir, rel), 0);
	r = version_probe(p.buf, res, &err);
	if (r < 0)
		printf("# %s\n", err.buf);
	strbuf_release(&p);
	strbuf_release(&err);
	return r;
}

static const struct vprobe_evidence *find_ev(const struct vprobe_result *res, enum vprobe_method m)
{
	size_t i;

	for (i = 0; i < res->nr; i++)
		if (res->ev[i].method == m)
			return &res->ev[i];
	return NULL;
}

static bool has_note(const struct vprobe_result *res, const char *needle)
{
	size_t i;

	for (i = 0; i < res->notes.nr; i++)
		if (strstr(res->notes.v[i], needle))
			return true;
	return false;
}

static void dump(const struct vprobe_result *res)
{
	size_t i;

	for (i = 0; i < res->nr; i++)
		printf("#   %s %s:%zu %s = %s\n", vprobe_method_name(res->ev[i].method),
		       res->ev[i].file, res->ev[i].line, res->ev[i].what, res->ev[i].version);
	for (i = 0; i < res->notes.nr; i++)
		printf("#   note: %s\n", res->notes.v[i]);
}

/* The source tree: this file is SRC/tests/unit/test_version_probe.c. */
static char *src_path(const char *rel)
{
	struct strbuf p = STRBUF_INIT;
	const char *f = __FILE__, *cut = strstr(f, "tests/unit/test_version_probe.c");

	if (!cut)
		return NULL;
	assert_int_equal(strbuf_add(&p, f, (size_t)(cut - f)), 0);
	assert_int_equal(strbuf_addstr(&p, rel), 0);
	return strbuf_detach(&p, NULL);
}

/* ---- the sample project ---- */

static void expect_sample(const char *rel, const char *version, const char *file, size_t line,
			  const char *macro)
{
	struct vprobe_result res;
	struct strbuf err = STRBUF_INIT;
	char *dir = src_path(rel);
	const struct vprobe_evidence *e;

	if (!dir || access(dir, R_OK))
		skip();
	vprobe_result_init(&res);
	assert_int_equal(version_probe(dir, &res, &err), 0);
	printf("# %s: %s\n", rel, res.version);
	dump(&res);
	assert_string_equal(res.version, version);
	assert_false(res.conflict);
	e = &res.ev[0];
	assert_int_equal(e->method, VPROBE_MACRO_STRING);
	assert_string_equal(e->file, file);
	assert_int_equal(e->line, line);
	assert_string_equal(e->what, macro);
	e = find_ev(&res, VPROBE_MACRO_TRIPLET);
	assert_non_null(e);
	assert_string_equal(e->version, version);
	vprobe_result_release(&res);
	strbuf_release(&err);
	free(dir);
}

static void test_sample_tinycrc(void **state)
{
	(void)state;
	expect_sample("samples/pumpctl/third_party/tinycrc", "2.4.1", "tinycrc.h", 21,
		      "TINYCRC_VERSION");
}

static void test_sample_ringbuf(void **state)
{
	(void)state;
	expect_sample("samples/pumpctl/third_party/ringbuf", "1.3.0", "ringbuf.h", 38,
		      "RINGBUF_VERSION");
}

static void test_sample_minitest(void **state)
{
	(void)state;
	expect_sample("samples/pumpctl/third_party/minitest", "0.9.2", "minitest.h", 15,
		      "MINITEST_VERSION");
}

static void test_sample_vendor_sdk(void **state)
{
	struct vprobe_result res;
	struct strbuf err = STRBUF_INIT;
	char *dir = src_path("samples/pumpctl/vendor-sdk-src");

	(void)state;
	expect_sample("samples/pumpctl/vendor-sdk-src", "3.7.2", "sensorsdk.h", 19,
		      "ACME_SENSORSDK_VERSION");
	/* the _NUM expression is not a literal: a note, not a source */
	vprobe_result_init(&res);
	assert_int_equal(version_probe(dir, &res, &err), 0);
	assert_true(has_note(&res, "ACME_SENSORSDK_VERSION_NUM: not a literal"));
	vprobe_result_release(&res);
	strbuf_release(&err);
	free(dir);
}

/* ---- one folder per form ---- */

static void test_forms(void **state)
{
	static const struct {
		const char *dir, *file, *text, *version, *what;
		enum vprobe_method method;
		size_t line;
	} cases[] = {
		{ "string", "foo.h",
		  "/* foo */\n#ifndef FOO_H\n#define FOO_H\n#define FOO_VERSION \"1.2.3\"\n",
		  "1.2.3", "FOO_VERSION", VPROBE_MACRO_STRING, 4 },
		{ "string2", "include/foo2.h", "# define FOO2_VERSION_STRING (\"v2.0.0-rc1\")\n",
		  "2.0.0-rc1", "FOO2_VERSION_STRING", VPROBE_MACRO_STRING, 1 },
		{ "cont", "cont.h", "#define CONT_VERSION \\\n\t\"3.3.3\"\n", "3.3.3",
		  "CONT_VERSION", VPROBE_MACRO_STRING, 1 },
		{ "triplet", "bar.h",
		  "#define BAR_VERSION_MAJOR 4\n#define BAR_VERSION_MINOR (0)\n#define "
		  "BAR_VERSION_MICRO 7U\n",
		  "4.0.7", "BAR_VERSION_MAJOR/MINOR/MICRO", VPROBE_MACRO_TRIPLET, 1 },
		{ "glib", "include/glibish/glibish.h",
		  "#define GLIBISH_MAJOR_VERSION 2\n#define GLIBISH_MINOR_VERSION 74\n"
		  "#define GLIBISH_MICRO_VERSION 6\n",
		  "2.74.6", "GLIBISH_VERSION_MAJOR/MINOR/MICRO", VPROBE_MACRO_TRIPLET, 1 },
		{ "twopart", "two.h", "#define TWO_VERSION_MAJOR 1\n#define TWO_VERSION_MINOR 5\n",
		  "1.5", "TWO_VERSION_MAJOR/MINOR", VPROBE_MACRO_TRIPLET, 1 },
		{ "verfile", "VERSION", "v3.4.5\n\n", "3.4.5", "VERSION", VPROBE_VERSION_FILE, 1 },
		{ "vertxt", "version.txt", "\n  10.20.30  \n", "10.20.30", "version.txt",
		  VPROBE_VERSION_FILE, 2 },
		{ "cmake", "CMakeLists.txt",
		  "cmake_minimum_required(VERSION 3.20)\n# project(Fake VERSION 9.9.9)\n"
		  "project(\n  Baz\n  VERSION 0.9.1\n  LANGUAGES C)\n",
		  "0.9.1", "project(Baz)", VPROBE_CMAKE_PROJECT, 3 },
		{ "cmakeq", "CMakeLists.txt",
		  "message(STATUS \"project(Fake VERSION 9.9.9)\")\n"
		  "PROJECT(\"Quux\" VERSION \"1.0.0\" LANGUAGES C)\n",
		  "1.0.0", "project(Quux)", VPROBE_CMAKE_PROJECT, 2 },
		{ "pcin", "foo.pc.in", "prefix=@prefix@\nName: foo\nVersion: 5.6\n", "5.6",
		  "Version:", VPROBE_PC_IN, 3 },
		{ "acinit", "configure.ac",
		  "dnl AC_INIT([old], [0.0.1])\n# AC_INIT([older], [0.0.0])\n"
		  "AC_INIT([qux], [1.0.2], [bugs@example.org])\n",
		  "1.0.2", "AC_INIT", VPROBE_AC_INIT, 3 },
		{ "acinit2", "configure.ac", "AC_INIT(qux, 7.1)\n", "7.1", "AC_INIT",
		  VPROBE_AC_INIT, 1 },
	};
	struct vprobe_result res;
	size_t i;

	(void)state;
	vprobe_result_init(&res);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf rel = STRBUF_INIT;

		assert_int_equal(strbuf_addf(&rel, "forms/%s/%s", cases[i].dir, cases[i].file), 0);
		write_file(rel.buf, cases[i].text);
		strbuf_reset(&rel);
		assert_int_equal(strbuf_addf(&rel, "forms/%s", cases[i].dir), 0);
		if (probe(rel.buf, &res) != 0) {
			dump(&res);
			fail_msg("%s: no version", cases[i].dir);
		}
		assert_string_equal(res.version, cases[i].version);
		assert_int_equal(res.nr, 1);
		assert_int_equal(res.ev[0].method, cases[i].method);
		assert_string_equal(res.ev[0].file, cases[i].file);
		assert_string_equal(res.ev[0].what, cases[i].what);
		if (res.ev[0].line != cases[i].line)
			fail_msg("%s: line %zu, expected %zu", cases[i].dir, res.ev[0].line,
				 cases[i].line);
		strbuf_release(&rel);
	}
	vprobe_result_release(&res);
}

/* Build files whose version is not literal: notes, no version. */
static void test_not_literal(void **state)
{
	struct vprobe_result res;

	(void)state;
	vprobe_result_init(&res);
	write_file("nonlit/CMakeLists.txt", "project(X VERSION ${X_VERSION})\n");
	write_file("nonlit/x.pc.in", "Version: @PROJECT_VERSION@\n");
	write_file("nonlit/configure.ac", "AC_INIT([x], m4_esyscmd([./version.sh]))\n");
	write_file("nonlit/VERSION", "1.0\n2.0\n");
	write_file("nonlit/version.txt", "unknown\n");
	assert_int_equal(probe("nonlit", &res), 1);
	dump(&res);
	assert_false(res.conflict);
	assert_int_equal(res.nr, 0);
	assert_true(has_note(&res, "project(X) VERSION ${X_VERSION}: not literal"));
	assert_true(has_note(&res, "x.pc.in:1: Version: @PROJECT_VERSION@: not literal"));
	assert_true(has_note(&res, "configure.ac:1: AC_INIT version is not literal"));
	assert_true(has_note(&res, "VERSION: more than one line"));
	assert_true(has_note(&res, "version.txt:1: \"unknown\" does not look like a version"));
	vprobe_result_release(&res);
}

static void test_decoys(void **state)
{
	struct vprobe_result res;

	(void)state;
	vprobe_result_init(&res);
	write_file("decoys/dec.h", "#ifndef DEC_VERSION_H\n"
				   "#define DEC_VERSION_H\n"
				   "#define DEC_API_VERSION \"9.9.9\"\n"
				   "#define DEC_ABI_VERSION 3\n"
				   "#define _DEC_VERSION \"8.1.1\"\n"
				   "/* #define DEC_VERSION \"6.6.6\"\n"
				   "   #define DEC_VERSION \"6.6.7\" */\n"
				   "// #define DEC_VERSION \"7.7.7\"\n"
				   "#define DEC_VERSION_CHECK(a, b) ((a) <= DEC_VERSION_MAJOR)\n"
				   "#define DEC_VERSION_STRING DEC_STR(DEC_VERSION_MAJOR) \".\" "
				   "DEC_STR(DEC_VERSION_MINOR)\n"
				   "#define DEC_VERSION_MAJOR 1\n"
				   "#define DEC_VERSION_MINOR 5\n"
				   "#define DEC_MIN_GCC_VERSION \"4.8.0\"\n"
				   "#define DEC_PROTOCOL_VERSION \"2.0\"\n"
				   "#define DEC_VERSION_NUM 10500\n"
				   "#define DEC_VERSION_TEXT \"unknown\"\n"
				   "#define DEC_VERSION_TWEAK 4\n"
				   "static const char *s = \"#define DEC_VERSION \\\"8.8.8\\\"\";\n"
				   "#endif\n");
	/* outside the scan: a subdirectory that is not include/, and two levels down */
	write_file("decoys/src/deep.h", "#define DEEP_VERSION \"5.5.5\"\n");
	write_file("decoys/include/a/b/deeper.h", "#define DEEPER_VERSION \"4.4.4\"\n");
	write_file("decoys/include/a/ok.h", "#define DEC_VERSION_MAJOR 1\n");
	write_file("decoys/version.c", "#define DEC_VERSION \"3.3.3\"\n");
	assert_int_equal(probe("decoys", &res), 0);
	dump(&res);
	assert_string_equal(res.version, "1.5");
	assert_int_equal(res.nr, 1);
	assert_int_equal(res.ev[0].method, VPROBE_MACRO_TRIPLET);
	assert_true(has_note(&res, "dec.h:2: DEC_VERSION_H: ignored: an include guard"));
	assert_true(has_note(&res, "dec.h:3: DEC_API_VERSION: ignored: another thing's version"));
	assert_true(has_note(&res, "dec.h:5: _DEC_VERSION: ignored: a reserved name"));
	assert_true(has_note(&res, "dec.h:10: DEC_VERSION_STRING: not a literal version"));
	assert_true(has_note(&res, "dec.h:15: DEC_VERSION_NUM: a number whose encoding"));
	assert_true(has_note(&res, "dec.h:16: DEC_VERSION_TEXT: \"unknown\" does not look like"));
	assert_true(has_note(&res, "dec.h:17: DEC_VERSION_TWEAK: ignored"));
	/* include/a/ok.h has MAJOR without MINOR */
	assert_true(has_note(&res, "include/a/ok.h: DEC_VERSION components without both"));
	vprobe_result_release(&res);
}

static void test_hex(void **state)
{
	struct vprobe_result res;

	(void)state;
	vprobe_result_init(&res);
	write_file("hex/hx.h", "#define HX_VERSION_MAJOR 1\n#define HX_VERSION_MINOR 2\n"
			       "#define HX_VERSION_PATCH 3\n#define HX_VERSION_HEX 0x010203\n"
			       "#define HX_VERSION_NUMBER 0x01020400UL\n");
	write_file("hex/lone.h", "#define LONE_VERSION 0x020100\n");
	assert_int_equal(probe("hex", &res), 0);
	dump(&res);
	assert_string_equal(res.version, "1.2.3");
	assert_int_equal(res.nr, 2);
	assert_non_null(find_ev(&res, VPROBE_MACRO_HEX));
	assert_string_equal(find_ev(&res, VPROBE_MACRO_HEX)->what, "HX_VERSION_HEX");
	assert_true(has_note(&res, "HX_VERSION_NUMBER: a number whose encoding is not known"));
	assert_true(has_note(&res, "lone.h:1: LONE_VERSION: a number whose encoding"));
	vprobe_result_release(&res);
}

static void test_conflicts(void **state)
{
	struct vprobe_result res;

	(void)state;
	vprobe_result_init(&res);
	/* a header and a VERSION file that disagree: both reported, no pick */
	write_file("conflict/c.h", "#define C_VERSION \"1.2.3\"\n");
	write_file("conflict/VERSION", "1.2.4\n");
	assert_int_equal(probe("conflict", &res), 1);
	assert_true(res.conflict);
	assert_null(res.version);
	assert_int_equal(res.nr, 2);
	assert_int_equal(res.ev[0].method, VPROBE_MACRO_STRING);
	assert_int_equal(res.ev[1].method, VPROBE_VERSION_FILE);

	/* #if branches */
	write_file("ambig/amb.h", "#if NEW\n#define AMB_VERSION \"1.0\"\n#else\n"
				  "#define AMB_VERSION \"2.0\"\n#endif\n");
	assert_int_equal(probe("ambig", &res), 1);
	assert_true(res.conflict);
	write_file("ambig3/amb.h", "#define A3_VERSION_MAJOR 1\n#define A3_VERSION_MINOR 0\n"
				   "#ifdef X\n#define A3_VERSION_PATCH 1\n#else\n"
				   "#define A3_VERSION_PATCH 2\n#endif\n");
	assert_int_equal(probe("ambig3", &res), 1);
	assert_true(res.conflict);
	assert_int_equal(res.nr, 2);

	/* a string and its triplet that does not match */
	write_file("mismatch/m.h", "#define M_VERSION_MAJOR 2\n#define M_VERSION_MINOR 4\n"
				   "#define M_VERSION_PATCH 1\n#define M_VERSION \"2.4.0\"\n");
	assert_int_equal(probe("mismatch", &res), 1);
	assert_true(res.conflict);

	/* "2.4" and 2.4.0 agree; the most trusted spelling is reported */
	write_file("agree/a.h", "#define AG_VERSION_MAJOR 2\n#define AG_VERSION_MINOR 4\n"
				"#define AG_VERSION_PATCH 0\n#define AG_VERSION \"2.4\"\n");
	write_file("agree/CMakeLists.txt", "project(ag VERSION 2.4.0)\n");
	assert_int_equal(probe("agree", &res), 0);
	assert_string_equal(res.version, "2.4");
	assert_int_equal(res.nr, 3);
	/* but 2.4 and 2.40 do not */
	write_file("agree/VERSION", "2.40\n");
	assert_int_equal(probe("agree", &res), 1);
	assert_true(res.conflict);
	vprobe_result_release(&res);
}

static void test_limits(void **state)
{
	struct vprobe_result res;
	struct strbuf big = STRBUF_INIT, p = STRBUF_INIT, err = STRBUF_INIT;
	size_t i;

	(void)state;
	vprobe_result_init(&res);
	/* nothing at all */
	mkdirs("empty");
	assert_int_equal(probe("empty", &res), 1);
	assert_false(res.conflict);
	assert_int_equal(res.nr, 0);

	/* not a directory */
	write_file("plain", "x\n");
	assert_int_equal(probe("plain", &res), -1);
	assert_int_equal(probe("no-such-dir", &res), -1);

	/* a header over the size bound is skipped with a note */
	assert_int_equal(strbuf_addstr(&big, "#define BIG_VERSION \"1.0.0\"\n"), 0);
	while (big.len <= VPROBE_MAX_FILE_SIZE)
		assert_int_equal(strbuf_addstr(&big, "/* padding padding padding padding */\n"), 0);
	write_file("limits/big.h", big.buf);
	/* a FIFO named like a header: no hang */
	assert_int_equal(strbuf_addf(&p, "%s/limits/fifo.h", workdir), 0);
	assert_int_equal(mkfifo(p.buf, 0644), 0);
	write_file("limits/ok.h", "#define OK_VERSION \"0.1.0\"\n");
	assert_int_equal(probe("limits", &res), 0);
	dump(&res);
	assert_string_equal(res.version, "0.1.0");
	assert_true(has_note(&res, "big.h: larger than"));

	/* more files than the bound */
	for (i = 0; i < VPROBE_MAX_FILES + 10; i++) {
		char name[64];

		snprintf(name, sizeof(name), "many/f%05zu.txt", i);
		write_file(name, "");
	}
	write_file("many/zz.h", "#define ZZ_VERSION \"1.1\"\n");
	assert_int_equal(probe("many", &res), 1);
	assert_true(has_note(&res, "the scan stopped"));

	/* a NULL-safe error */
	assert_int_equal(version_probe(NULL, &res, &err), -1);
	assert_string_equal(vprobe_method_name(VPROBE_AC_INIT), "configure.ac AC_INIT");
	vprobe_result_release(&res);
	strbuf_release(&big);
	strbuf_release(&p);
	strbuf_release(&err);
}

/* ---- fixture ---- */

static int group_teardown(void **state)
{
	(void)state;
	if (workdir[0] && !getenv("SOUPTRACE_KEEP_TMP"))
		tu_remove_tree(workdir);
	return 0;
}

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	int n;

	(void)state;
	n = snprintf(workdir, sizeof(workdir), "%s/souptrace vprobe.XXXXXX",
		     tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(workdir) || !mkdtemp(workdir)) {
		workdir[0] = '\0';
		return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_tinycrc),	cmocka_unit_test(test_sample_ringbuf),
		cmocka_unit_test(test_sample_minitest), cmocka_unit_test(test_sample_vendor_sdk),
		cmocka_unit_test(test_forms),		cmocka_unit_test(test_not_literal),
		cmocka_unit_test(test_decoys),		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_conflicts),	cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
