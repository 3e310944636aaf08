/* SPDX-License-Identifier: Apache-2.0 */
/*
 * analyzers/preproc.c: a recorded compile preprocessed again with the real
 * gcc, and which lines of a file it kept; the conditional regions of a
 * text; the option table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "preproc.h"
#include "testutil.h"

static char dir[] = "/tmp/st-preproc-XXXXXX";

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_remove_tree(dir);
	return 0;
}

/* The region of each line of text, as "r0 r1 r1 r0 ...". */
static void regions_of(const char *text, struct strbuf *out)
{
	struct preproc_regions r;

	preproc_regions_init(&r);
	assert_int_equal(preproc_regions_scan(text, strlen(text), &r), 0);
	strbuf_reset(out);
	for (size_t i = 1; i <= r.nr_lines; i++)
		strbuf_addf(out, "%s%zu", i > 1 ? " " : "", r.region[i]);
	preproc_regions_release(&r);
}

/* Regions: nesting, #else, a directive inside a comment or a string, continuation lines. */
static void test_regions(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	regions_of("a\n#if X\nb\n#else\nc\n#endif\nd\n", &out);
	assert_string_equal(out.buf, "0 0 1 0 2 0 0");
	regions_of("#ifndef H\n# define H\n#if 0\nx\n#elif Y\ny\n#endif\n#endif\n", &out);
	assert_string_equal(out.buf, "0 1 1 2 1 3 1 0");
	/* "#if" in a block comment and in a string opens nothing */
	regions_of("/*\n#if 0\n*/\nconst char *s = \"/*\";\n#if A\nz\n#endif", &out);
	assert_string_equal(out.buf, "0 0 0 0 0 1 0");
	/* a #define continued over lines, a directive continued over lines */
	regions_of("#if A \\\n  && B\n#define M \\\n  1\n#endif\n", &out);
	assert_string_equal(out.buf, "0 0 1 1 0");
	/* unbalanced: an #endif too many changes nothing */
	regions_of("#endif\na\n", &out);
	assert_string_equal(out.buf, "0 0");
	strbuf_release(&out);
}

/* The table is sorted (it is binary-searched). */
static void test_table_sorted(void **state)
{
	size_t nr;
	const struct preproc_opt *t = preproc_table(&nr);

	(void)state;
	for (size_t i = 1; i < nr; i++)
		assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
	for (size_t i = 0; i < nr; i++)
		assert_non_null(t[i].why);
}

/* What is taken out of a compile: outputs, depfiles; the flags that decide branches stay. */
static void test_argv(void **state)
{
	static const char *const args[] = {
		"-c",	  "-DOPT=1", "-Iinc",	"-MD",		"-MF",	   "x.d",
		"-MTx.o", "-o",	     "x.o",	"-Wp,-MMD,y.d", "-Wp,-DZ", "-save-temps=obj",
		"-x",	  "c",	     "src/x.c", "-include",	"cfg.h",   NULL
	};
	struct strvec a = STRVEC_INIT, out = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;
	struct preproc_command cmd = { "gcc", &a, "/tmp" };

	(void)state;
	strvec_pushv(&a, args);
	assert_int_equal(preproc_argv(&cmd, &out, &err), 0);
	for (size_t i = 0; i < out.nr; i++)
		strbuf_addf(&got, "%s%s", i ? " " : "", out.v[i]);
	assert_string_equal(got.buf,
			    "gcc -DOPT=1 -Iinc -Wp,-DZ -x c src/x.c -include cfg.h -E -C -dD");
	strvec_clear(&out);
	strvec_push(&a, "-");
	assert_int_equal(preproc_argv(&cmd, &out, &err), -1);
	assert_non_null(strstr(err.buf, "standard input"));
	strvec_clear(&a);
	strvec_clear(&out);
	strbuf_release(&err);
	strbuf_release(&got);
}

/* The live lines of rel (1-based, as "2 3 5"), preprocessed as "gcc ARGS..." in dir. */
static int live_of(const char *program, const char *rel, unsigned timeout_ms, struct strbuf *out,
		   struct strbuf *err, ...)
{
	struct strvec a = STRVEC_INIT;
	struct preproc_command cmd = { program, &a, dir };
	struct preproc_lines l;
	struct strbuf text = STRBUF_INIT;
	char *path = tu_path(dir, rel);
	const char *arg;
	va_list ap;
	int rc;

	va_start(ap, err);
	while ((arg = va_arg(ap, const char *)))
		strvec_push(&a, arg);
	va_end(ap);
	assert_int_equal(strbuf_read_file(&text, path, 1 << 20), 0);
	preproc_lines_init(&l);
	rc = preproc_live_lines(&cmd, path, text.buf, text.len, timeout_ms, &l, err);
	strbuf_reset(out);
	for (size_t i = 1; rc == 0 && i <= l.nr_lines; i++)
		if (l.live[i])
			strbuf_addf(out, "%s%zu", out->len ? " " : "", i);
	preproc_lines_release(&l);
	strvec_clear(&a);
	strbuf_release(&text);
	free(path);
	return rc;
}

#define MAIN                                                                                       \
	"#include \"lib.h\"\n" /* 1 */                                                             \
	"int main(void)\n"     /* 2 */                                                             \
	"{\n"		       /* 3 */                                                             \
	"\treturn f();\n"      /* 4 */                                                             \
	"}\n"		       /* 5 */
#define LIB                                                                                        \
	"/* lib.h */\n"			     /* 1 */                                               \
	"#if 0\n"			     /* 2 */                                               \
	"/* old */\n"			     /* 3 */                                               \
	"#endif\n"			     /* 4 */                                               \
	"#ifndef USE_B\n"		     /* 5 */                                               \
	"#define A_NAME \\\n"		     /* 6 */                                               \
	"  \"a\"\n"			     /* 7 */                                               \
	"static int f(void) { return 1; }\n" /* 8 */                                               \
	"#else\n"			     /* 9 */                                               \
	"/* B, copied */\n"		     /* 10 */                                              \
	"static int f(void) { return 2; }\n" /* 11 */                                              \
	"#endif\n"			     /* 12 */

/*
 * The real gcc: a header's #if 0 and the #else of an unset option are not
 * kept, the continued #define is; with -DUSE_B the other way round. The
 * compile's -c -o -MD -MF write nothing.
 */
static void test_live_lines_gcc(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	DIR *d;
	struct dirent *e;
	size_t files = 0;
	char *src;

	(void)state;
	tu_write_bytes(dir, "src/main.c", MAIN, strlen(MAIN));
	tu_write_bytes(dir, "src/lib.h", LIB, strlen(LIB));
	assert_int_equal(live_of("gcc", "src/lib.h", 60000, &out, &err, "-c", "src/main.c", "-o",
				 "src/main.o", "-MD", "-MF", "src/main.d", NULL),
			 0);
	assert_string_equal(out.buf, "1 2 4 5 6 7 8 9 12");
	assert_int_equal(
		live_of("gcc", "src/lib.h", 60000, &out, &err, "-c", "-DUSE_B", "src/main.c", NULL),
		0);
	assert_string_equal(out.buf, "1 2 4 5 9 10 11 12");
	/* the main source itself: every line (the #include was followed) */
	assert_int_equal(live_of("gcc", "src/main.c", 60000, &out, &err, "-c", "src/main.c", NULL),
			 0);
	assert_string_equal(out.buf, "1 2 3 4 5");
	/* nothing was written beside the sources */
	src = tu_path(dir, "src");
	assert_non_null(d = opendir(src));
	while ((e = readdir(d)))
		files += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(files, 2);
	free(src);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* A compiler that is not there, one that fails, one that does not finish: errors. */
static void test_errors(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *slow = tu_path(dir, "slow-cc");

	(void)state;
	tu_write_bytes(dir, "src/main.c", MAIN, strlen(MAIN));
	tu_write_bytes(dir, "src/lib.h", LIB, strlen(LIB));
	assert_int_equal(live_of("/nonexistent/gcc", "src/lib.h", 60000, &out, &err, "-c",
				 "src/main.c", NULL),
			 -1);
	assert_non_null(strstr(err.buf, "cannot run /nonexistent/gcc"));
	strbuf_reset(&err);
	assert_int_equal(
		live_of("gcc", "src/lib.h", 60000, &out, &err, "-c", "src/missing.c", NULL), -1);
	assert_non_null(strstr(err.buf, "gcc failed (exit status 1)"));
	strbuf_reset(&err);
	tu_write_bytes(dir, "slow-cc", "#!/bin/sh\nexec sleep 30\n", 24);
	chmod(slow, 0755);
	assert_int_equal(live_of(slow, "src/lib.h", 300, &out, &err, "-c", "src/main.c", NULL), -1);
	assert_non_null(strstr(err.buf, "did not finish in 1 s (stopped)"));
	free(slow);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regions), cmocka_unit_test(test_table_sorted),
		cmocka_unit_test(test_argv),	cmocka_unit_test(test_live_lines_gcc),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
