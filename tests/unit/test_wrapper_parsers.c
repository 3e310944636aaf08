/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The wrapper's small parsers: response files, depfiles (as gcc and clang
 * really write them, produced here by the installed compilers) and the ar
 * member lister (on archives made here by the installed ar).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arscan.h"
#include "depfile.h"
#include "strvec.h"
#include "rspfile.h"
#include "tool.h"

static char dir[] = "/tmp/souptrace-unit-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void run(const char *cmd)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "cd '%s' && %s", dir, cmd);
	assert_int_equal(system(buf), 0);
}

static void test_rsp_split(void **state)
{
	const char *text = "-c 'a b.c' \"-DX=\\\"1\\\"\" back\\ slash\n\t-o\tout.o ''";
	struct strvec sv = STRVEC_INIT;

	(void)state;
	assert_int_equal(rspfile_split(text, strlen(text), &sv), 0);
	assert_int_equal(sv.nr, 7);
	assert_string_equal(sv.v[0], "-c");
	assert_string_equal(sv.v[1], "a b.c");
	assert_string_equal(sv.v[2], "-DX=\"1\"");
	assert_string_equal(sv.v[3], "back slash");
	assert_string_equal(sv.v[4], "-o");
	assert_string_equal(sv.v[5], "out.o");
	assert_string_equal(sv.v[6], ""); /* '' is an empty argument, as in libiberty */
	strvec_clear(&sv);
}

static void test_rsp_expand(void **state)
{
	char at_outer[300], at_loop[300];
	const char *args[3];
	struct strvec out = STRVEC_INIT, files = STRVEC_INIT;
	bool expanded;
	char body[400];

	(void)state;
	snprintf(body, sizeof(body), "-c x.c @%s/inner.rsp", dir);
	write_file("outer.rsp", body);
	write_file("inner.rsp", "-o 'x y.o'");
	snprintf(body, sizeof(body), "@%s/loop.rsp", dir);
	write_file("loop.rsp", body);
	snprintf(at_outer, sizeof(at_outer), "@%s/outer.rsp", dir);
	args[0] = "-O2";
	args[1] = at_outer;
	args[2] = "@/nonexistent.rsp";
	assert_int_equal(rspfile_expand(args, 3, &out, &files, &expanded), 0);
	assert_true(expanded);
	assert_int_equal(out.nr, 6);
	assert_string_equal(out.v[3], "-o");
	assert_string_equal(out.v[4], "x y.o");
	assert_string_equal(out.v[5], "@/nonexistent.rsp"); /* unreadable: kept, like gcc */
	assert_int_equal(files.nr, 2);
	strvec_clear(&out);
	strvec_clear(&files);

	/* a response file that includes itself stops with an error */
	snprintf(at_loop, sizeof(at_loop), "@%s/loop.rsp", dir);
	args[0] = at_loop;
	assert_int_equal(rspfile_expand(args, 1, &out, NULL, &expanded), -1);
	strvec_clear(&out);
}

static void parse_file(const char *name, struct strvec *deps)
{
	char path[256];
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(strbuf_read_file(&text, path, 0), 0);
	assert_int_equal(depfile_parse(text.buf, text.len, NULL, deps, &err), 0);
	strbuf_release(&text);
	strbuf_release(&err);
}

static void test_depfile_real(void **state)
{
	static const char *const compilers[] = { "gcc", "clang" };

	(void)state;
	write_file("my header.h", "#define Y 2\n");
	write_file("dep.h", "#include \"my header.h\"\n");
	write_file("dep.c", "#include <stdio.h>\n#include \"dep.h\"\nint main(void){return Y;}\n");
	for (size_t i = 0; i < 2; i++) {
		struct strvec deps = STRVEC_INIT;
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "%s -c dep.c -o dep.o -MD -MP -MF dep.d", compilers[i]);
		run(cmd);
		parse_file("dep.d", &deps);
		assert_string_equal(deps.v[0], "dep.c");
		assert_true(strvec_find(&deps, "dep.h") >= 0);
		assert_true(strvec_find(&deps, "my header.h") >= 0);
		assert_true(strvec_find(&deps, "/usr/include/stdio.h") >= 0);
		assert_int_equal(strvec_find(&deps, "dep.o"), -1); /* targets are not deps */
		strvec_clear(&deps);
	}
}

static void test_depfile_syntax(void **state)
{
	const char *text = "a.o b.o: x.c \\\n  y\\ z.h $$dollar.h \\\r\n w.h two\\\\\\ x.h\n"
			   "# a comment\nw.h:\n\nx.c:\n";
	struct strvec deps = STRVEC_INIT, targets = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(depfile_parse(text, strlen(text), &targets, &deps, &err), 0);
	assert_int_equal(targets.nr, 4);
	assert_string_equal(targets.v[1], "b.o");
	assert_string_equal(targets.v[2], "w.h");
	assert_int_equal(deps.nr, 5);
	assert_string_equal(deps.v[0], "x.c");
	assert_string_equal(deps.v[1], "y z.h");
	assert_string_equal(deps.v[2], "$dollar.h");
	assert_string_equal(deps.v[3], "w.h");
	assert_string_equal(deps.v[4],
			    "two\\ x.h"); /* 3 backslashes: one literal + escaped space */
	strvec_clear(&deps);
	strvec_clear(&targets);
	assert_int_equal(depfile_parse("", 0, NULL, &deps, &err), 0);
	assert_int_equal(deps.nr, 0);

	/* hostile: NUL byte, truncation, no colon at all, a rule without target */
	assert_int_equal(depfile_parse("a.o: x\0y\n", 9, NULL, &deps, &err), -1);
	assert_non_null(strstr(err.buf, "line 1: NUL"));
	strbuf_reset(&err);
	assert_int_equal(depfile_parse("a.o: x \\", 8, NULL, &deps, &err), -1);
	assert_non_null(strstr(err.buf, "truncated"));
	strbuf_reset(&err);
	assert_int_equal(depfile_parse("garbage words\n", 14, NULL, &deps, &err), -1);
	assert_non_null(strstr(err.buf, "line 1: not a dependency file"));
	strbuf_reset(&err);
	assert_int_equal(depfile_parse("a.o: b\n: c\n", 11, NULL, &deps, &err), -1);
	assert_non_null(strstr(err.buf, "line 2: a rule without a target"));
	strvec_clear(&deps);
	strbuf_release(&err);
}

static void test_strvec_uniq(void **state)
{
	struct strvec sv = STRVEC_INIT;
	char name[32];

	(void)state;
	for (int i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "h%d.h", i % 1000);
		assert_int_equal(strvec_push(&sv, name), 0);
	}
	assert_int_equal(strvec_uniq(&sv), 0);
	assert_int_equal(sv.nr, 1000);
	assert_string_equal(sv.v[0], "h0.h");
	assert_string_equal(sv.v[999], "h999.h");
	assert_null(sv.v[1000]);
	strvec_clear(&sv);
}

static void test_arscan(void **state)
{
	struct strvec m = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT;
	char path[256];
	bool thin;

	(void)state;
	write_file("a.c", "int a(void){return 1;}\n");
	write_file("a_member_with_a_very_long_name_indeed.c", "int b(void){return 2;}\n");
	run("cc -c a.c a_member_with_a_very_long_name_indeed.c && rm -f libx.a libt.a && "
	    "ar rcs libx.a a.o a_member_with_a_very_long_name_indeed.o && "
	    "ar rcsT libt.a a.o");
	snprintf(path, sizeof(path), "%s/libx.a", dir);
	assert_int_equal(arscan_members(path, &m, &thin, &err), 0);
	assert_false(thin);
	assert_int_equal(m.nr, 2);
	assert_string_equal(m.v[0], "a.o");
	assert_string_equal(m.v[1], "a_member_with_a_very_long_name_indeed.o");
	strvec_clear(&m);

	snprintf(path, sizeof(path), "%s/libt.a", dir);
	assert_int_equal(arscan_members(path, &m, &thin, &err), 0);
	assert_true(thin);
	assert_int_equal(m.nr, 1);
	assert_string_equal(m.v[0], "a.o");
	strvec_clear(&m);

	/* hostile archives: wrong magic, truncated header, size past the end */
	write_file("bad1.a", "!<arch>\nshort");
	write_file("bad2.a", "!<arch>\na.o/            0           0     0     644     "
			     "999999    `\nxx");
	write_file("bad3.a", "not an archive");
	for (int i = 1; i <= 3; i++) {
		snprintf(path, sizeof(path), "%s/bad%d.a", dir, i);
		strbuf_reset(&err);
		assert_int_equal(arscan_members(path, &m, &thin, &err), -1);
		assert_non_null(strstr(err.buf, path));
		strvec_clear(&m);
	}
	strbuf_release(&err);
}

static void test_tool_names(void **state)
{
	bool own;

	(void)state;
	assert_int_equal(tool_kind_from_name("souptrace-cc", &own), TOOL_CC);
	assert_true(own);
	assert_int_equal(tool_kind_from_name("souptrace-ld", &own), TOOL_LD);
	assert_int_equal(tool_kind_from_name("gcc", &own), TOOL_CC);
	assert_false(own);
	assert_int_equal(tool_kind_from_name("arm-none-eabi-gcc", &own), TOOL_CC);
	assert_int_equal(tool_kind_from_name("x86_64-linux-gnu-g++-12", &own), TOOL_CXX);
	assert_int_equal(tool_kind_from_name("clang++-14", &own), TOOL_CXX);
	assert_int_equal(tool_kind_from_name("arm-none-eabi-ar", &own), TOOL_AR);
	assert_int_equal(tool_kind_from_name("gcc-ar-12", &own), TOOL_AR);
	assert_int_equal(tool_kind_from_name("ld.gold", &own), TOOL_LD);
	assert_int_equal(tool_kind_from_name("arm-none-eabi-ld", &own), TOOL_LD);
	assert_true(tool_locates_itself("gcc-ar"));
	assert_true(tool_locates_itself("x86_64-linux-gnu-gcc-ar-12"));
	assert_false(tool_locates_itself("ar"));
	assert_false(tool_locates_itself("arm-none-eabi-ar"));
	assert_false(tool_locates_itself("ld.gold"));
	/* ar keys are not programs; ar itself is */
	assert_false(tool_arg_may_be_program("rcs", TOOL_AR));
	assert_true(tool_arg_may_be_program("ar", TOOL_AR));
	assert_true(tool_arg_may_be_program("arm-none-eabi-ar", TOOL_AR));
	assert_true(tool_arg_may_be_program("gcc", TOOL_CC));
	assert_false(tool_arg_may_be_program("-c", TOOL_CC));
	assert_false(tool_arg_may_be_program("@args.rsp", TOOL_CC));
	/* an input by its extension is never the program, even if executable */
	assert_false(tool_arg_may_be_program("main.c", TOOL_CC));
	assert_false(tool_arg_may_be_program("./gen.c", TOOL_CC));
	assert_false(tool_arg_may_be_program("src/x.cpp", TOOL_CXX));
	assert_false(tool_arg_may_be_program("x.o", TOOL_LD));
	assert_false(tool_arg_may_be_program("libz.so.1", TOOL_CC));
	assert_false(tool_arg_may_be_program("fw.ld", TOOL_CC));
	assert_false(tool_arg_may_be_program("x.S", TOOL_CC));
	assert_true(tool_arg_may_be_program("./mycc", TOOL_CC));
	assert_true(tool_arg_may_be_program("/opt/tc/bin/arm-none-eabi-gcc-12.2", TOOL_CC));
	{
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(tool_resolve("cc", NULL, &sb), 0);
		assert_true(sb.buf[0] == '/');
		strbuf_release(&sb);
	}
	/* an empty PATH entry is the current directory (POSIX), but never for
	 * the prefix form's first argument, which may be an input */
	{
		struct strbuf sb = STRBUF_INIT;
		char cwd[4096], *old_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;

		assert_non_null(getcwd(cwd, sizeof(cwd)));
		assert_int_equal(chdir(dir), 0);
		write_file("runme", "#!/bin/sh\n");
		assert_int_equal(chmod("runme", 0755), 0);
		setenv("PATH", "/usr/bin::/bin", 1);
		assert_int_equal(tool_resolve("runme", NULL, &sb), 0);
		assert_string_equal(sb.buf, "./runme");
		assert_int_equal(tool_resolve_arg("runme", NULL, false, &sb), 1);
		setenv("PATH", ".:/usr/bin", 1);
		assert_int_equal(tool_resolve_arg("runme", NULL, false, &sb), 1);
		assert_int_equal(tool_resolve_arg("cc", NULL, false, &sb), 0);
		assert_true(sb.buf[0] == '/');
		/* the wrapper itself is never the tool, found through "" either */
		{
			struct stat self;

			assert_int_equal(stat("runme", &self), 0);
			setenv("PATH", ":", 1);
			assert_int_equal(tool_resolve("runme", &self, &sb), 2);
		}
		/* ar run as "ar" looks itself up in PATH: leave out the
		 * entries where that finds the wrapper, keep the rest as
		 * they were (here dir/w holds the "wrapper", dir/r the tool) */
		{
			struct stat self;
			struct strbuf np = STRBUF_INIT, pv = STRBUF_INIT, real = STRBUF_INIT;

			setenv("PATH", "/usr/bin:/bin", 1);
			run("mkdir -p w r other && printf '#!/bin/sh\\n' >w/tl && "
			    "printf '#!/bin/sh\\n' >r/tl && chmod +x w/tl r/tl");
			strbuf_addf(&real, "%s/r/tl", dir);
			strbuf_addf(&pv, "%s/other:%s/w::%s/r:/usr/bin", dir, dir, dir);
			assert_int_equal(chdir(dir), 0); /* "" is dir: no tl there */
			setenv("PATH", pv.buf, 1);
			assert_int_equal(stat("w/tl", &self), 0);
			assert_int_equal(tool_path_for_bare_name("tl", &self, real.buf, &np), 1);
			strbuf_reset(&pv);
			strbuf_addf(&pv, "%s/other::%s/r:/usr/bin", dir, dir);
			assert_string_equal(np.buf, pv.buf);
			/* found first already: nothing to change */
			setenv("PATH", pv.buf, 1);
			assert_int_equal(tool_path_for_bare_name("tl", &self, real.buf, &np), 0);
			/* another program of that name first: keep the path */
			assert_int_equal(tool_path_for_bare_name("tl", &self, "/usr/bin/env", &np),
					 -1);
			strbuf_release(&np);
			strbuf_release(&pv);
			strbuf_release(&real);
		}
		if (old_path)
			setenv("PATH", old_path, 1);
		else
			unsetenv("PATH");
		free(old_path);
		assert_int_equal(chdir(cwd), 0);
		strbuf_release(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsp_split),    cmocka_unit_test(test_rsp_expand),
		cmocka_unit_test(test_depfile_real), cmocka_unit_test(test_depfile_syntax),
		cmocka_unit_test(test_strvec_uniq),  cmocka_unit_test(test_arscan),
		cmocka_unit_test(test_tool_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
