/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The classifier on a golden table of real gcc, clang, ld and ar command
 * lines (as build systems write them), in the spirit of distcc's
 * ScanArgs cases: mode, outputs, inputs and what the user asked for.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cmdline.h"
#include "compopt.h"
#include "rspfile.h"

bool cmdline_ld_table_sorted(void);

enum tool { CC, LD, AR };

struct golden {
	enum tool tool;
	const char *cmd; /* split like a response file */
	enum cmd_mode mode;
	const char *outputs; /* space separated, "" for none */
	const char *inputs;  /* "type:path" space separated */
	const char *libs;
	bool user_deps;
	const char *user_depfile;
	const char *user_map;
	enum linker_flavor linker;
};

static const struct golden cases[] = {
	{ CC, "-c x.c", MODE_COMPILE, "x.o", "source:x.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-c src/a.c -o build/a.o -O2 -g -Iinclude -DNDEBUG", MODE_COMPILE, "build/a.o",
	  "source:src/a.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-c -o obj.o -I include -D X=1 -include cfg.h x.c", MODE_COMPILE, "obj.o",
	  "source:x.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-S x.c", MODE_ASSEMBLY, "x.s", "source:x.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-E x.c", MODE_PREPROCESS, "", "source:x.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-E x.c -o x.i", MODE_PREPROCESS, "x.i", "source:x.c", "", false, NULL, NULL,
	  LINKER_BFD },
	{ CC, "-M x.c", MODE_PREPROCESS, "", "source:x.c", "", true, NULL, NULL, LINKER_BFD },
	{ CC, "-MM x.c", MODE_PREPROCESS, "", "source:x.c", "", true, NULL, NULL, LINKER_BFD },
	{ CC, "-MD -MF deps/x.d -MT x.o -c x.c -o x.o", MODE_COMPILE, "x.o", "source:x.c", "", true,
	  "deps/x.d", NULL, LINKER_BFD },
	{ CC, "-MMD -MP -c x.c", MODE_COMPILE, "x.o", "source:x.c", "", true, NULL, NULL,
	  LINKER_BFD },
	{ CC, "-Wp,-MD,.x.o.d -c x.c", MODE_COMPILE, "x.o", "source:x.c", "", true, ".x.o.d", NULL,
	  LINKER_BFD },
	{ CC, "-MFdep.d -MD -c x.c", MODE_COMPILE, "x.o", "source:x.c", "", true, "dep.d", NULL,
	  LINKER_BFD },
	{ CC, "-c x.c -o -", MODE_COMPILE, "", "source:x.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-x c -c - -o out.o", MODE_COMPILE, "out.o", "source:-", "", false, NULL, NULL,
	  LINKER_BFD },
	{ CC, "-x c header.inc -c", MODE_COMPILE, "header.o", "source:header.inc", "", false, NULL,
	  NULL, LINKER_BFD },
	{ CC, "-c a.s b.S", MODE_COMPILE, "a.o b.o", "source:a.s source:b.S", "", false, NULL, NULL,
	  LINKER_BFD },
	{ CC, "-c a.c b.c -pipe", MODE_COMPILE, "a.o b.o", "source:a.c source:b.c", "", false, NULL,
	  NULL, LINKER_BFD },
	{ CC, "main.o util.o -o app -L. -lfoo -lz", MODE_LINK_EXE, "app",
	  "object:main.o object:util.o", "foo z", false, NULL, NULL, LINKER_BFD },
	{ CC, "main.c", MODE_LINK_EXE, "a.out", "source:main.c", "", false, NULL, NULL,
	  LINKER_BFD },
	{ CC, "-shared -fPIC -o libx.so.1 x.o -Wl,-soname,libx.so.1", MODE_LINK_SHARED, "libx.so.1",
	  "object:x.o", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-r a.o b.o -o ab.o", MODE_LINK_RELOCATABLE, "ab.o", "object:a.o object:b.o", "",
	  false, NULL, NULL, LINKER_BFD },
	{ CC, "-static main.o libfoo.a -o app", MODE_LINK_EXE, "app",
	  "object:main.o archive:libfoo.a", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-nostdlib -T app.ld -o fw.elf startup.o main.o -lc -lgcc", MODE_LINK_EXE, "fw.elf",
	  "object:startup.o object:main.o", "c gcc", false, NULL, NULL, LINKER_BFD },
	{ CC, "main.o -o app -Wl,-Map,app.map", MODE_LINK_EXE, "app", "object:main.o", "", false,
	  NULL, "app.map", LINKER_BFD },
	{ CC, "main.o -o app -Wl,-Map=out/app.map,--gc-sections", MODE_LINK_EXE, "app",
	  "object:main.o", "", false, NULL, "out/app.map", LINKER_BFD },
	{ CC, "main.o -o app -Xlinker -Map -Xlinker my.map", MODE_LINK_EXE, "app", "object:main.o",
	  "", false, NULL, "my.map", LINKER_BFD },
	{ CC, "-fuse-ld=lld main.o -o app", MODE_LINK_EXE, "app", "object:main.o", "", false, NULL,
	  NULL, LINKER_LLD },
	{ CC, "-fuse-ld=gold main.o -o app", MODE_LINK_EXE, "app", "object:main.o", "", false, NULL,
	  NULL, LINKER_GOLD },
	{ CC, "--ld-path=/usr/bin/ld.lld main.o", MODE_LINK_EXE, "a.out", "object:main.o", "",
	  false, NULL, NULL, LINKER_LLD },
	{ CC, "main.o -Wl,--start-group liba.a libb.a -Wl,--end-group -lm -o app", MODE_LINK_EXE,
	  "app", "object:main.o archive:liba.a archive:libb.a", "m", false, NULL, NULL,
	  LINKER_BFD },
	{ CC, "x.o /usr/lib/x86_64-linux-gnu/libz.so.1 -o app", MODE_LINK_EXE, "app",
	  "object:x.o shared-library:/usr/lib/x86_64-linux-gnu/libz.so.1", "", false, NULL, NULL,
	  LINKER_BFD },
	{ CC, "--version", MODE_NONE, "", "", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-v", MODE_NONE, "", "", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-dumpmachine", MODE_NONE, "", "", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-print-prog-name=ld", MODE_NONE, "", "", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-### -c x.c", MODE_NONE, "", "source:x.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-fsyntax-only x.c", MODE_NONE, "", "source:x.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-c 'dir with space/x y.c' -o 'out dir/x.o'", MODE_COMPILE, "out dir/x.o",
	  "source:dir with space/x y.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-target armv7m-none-eabi -mcpu=cortex-m4 -c fw.c", MODE_COMPILE, "fw.o",
	  "source:fw.c", "", false, NULL, NULL, LINKER_BFD },
	{ CC, "-c x.cpp -std=c++17 -o x.o", MODE_COMPILE, "x.o", "source:x.cpp", "", false, NULL,
	  NULL, LINKER_BFD },
	{ CC, "-O2 -o prog prog.c -lpthread", MODE_LINK_EXE, "prog", "source:prog.c", "pthread",
	  false, NULL, NULL, LINKER_BFD },
	{ CC, "-static-pie -o app main.o", MODE_LINK_EXE, "app", "object:main.o", "", false, NULL,
	  NULL, LINKER_BFD },

	{ LD, "-o fw.elf -T link.ld start.o main.o -L/opt/lib -lc", MODE_LINK_EXE, "fw.elf",
	  "object:start.o object:main.o", "c", false, NULL, NULL, LINKER_BFD },
	{ LD, "-r -o all.o a.o b.o", MODE_LINK_RELOCATABLE, "all.o", "object:a.o object:b.o", "",
	  false, NULL, NULL, LINKER_BFD },
	{ LD, "-shared -soname libq.so.2 -o libq.so.2.0 q.o", MODE_LINK_SHARED, "libq.so.2.0",
	  "object:q.o", "", false, NULL, NULL, LINKER_BFD },
	{ LD, "-Map fw.map -o fw.elf main.o", MODE_LINK_EXE, "fw.elf", "object:main.o", "", false,
	  NULL, "fw.map", LINKER_BFD },
	{ LD, "--version", MODE_NONE, "", "", "", false, NULL, NULL, LINKER_BFD },

	{ AR, "rcs libx.a a.o b.o", MODE_ARCHIVE, "libx.a", "object:a.o object:b.o", "", false,
	  NULL, NULL, LINKER_BFD },
	{ AR, "-rcs libx.a a.o", MODE_ARCHIVE, "libx.a", "object:a.o", "", false, NULL, NULL,
	  LINKER_BFD },
	{ AR, "qc libx.a a.o", MODE_ARCHIVE, "libx.a", "object:a.o", "", false, NULL, NULL,
	  LINKER_BFD },
	{ AR, "--plugin /usr/lib/liblto_plugin.so rcs libx.a a.o", MODE_ARCHIVE, "libx.a",
	  "object:a.o", "", false, NULL, NULL, LINKER_BFD },
	{ AR, "rcsT libthin.a a.o", MODE_ARCHIVE, "libthin.a", "object:a.o", "", false, NULL, NULL,
	  LINKER_BFD },
	{ AR, "rb b.o libx.a a.o", MODE_ARCHIVE, "libx.a", "object:a.o", "", false, NULL, NULL,
	  LINKER_BFD },
	{ AR, "s libx.a", MODE_ARCHIVE, "libx.a", "", "", false, NULL, NULL, LINKER_BFD },
	{ AR, "t libx.a", MODE_NONE, "", "", "", false, NULL, NULL, LINKER_BFD },
	{ AR, "x libx.a", MODE_NONE, "", "", "", false, NULL, NULL, LINKER_BFD },
	{ AR, "--version", MODE_NONE, "", "", "", false, NULL, NULL, LINKER_BFD },
};

static void join_inputs(const struct cmdline *cl, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cl->nr_inputs; i++) {
		int w = snprintf(buf + len, n - len, "%s%s:%s", i ? " " : "",
				 input_type_name(cl->inputs[i].type), cl->inputs[i].path);

		assert_true(w > 0 && (size_t)w < n - len);
		len += (size_t)w;
	}
}

static void join_vec(const struct strvec *sv, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sv->nr; i++) {
		int w = snprintf(buf + len, n - len, "%s%s", i ? " " : "", sv->v[i]);

		assert_true(w > 0 && (size_t)w < n - len);
		len += (size_t)w;
	}
}

static void test_golden(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		const struct golden *g = &cases[c];
		struct strvec args = STRVEC_INIT;
		struct strbuf err = STRBUF_INIT;
		struct cmdline cl;
		char buf[1024];
		int r;

		print_message("case %zu: %s\n", c, g->cmd);
		assert_int_equal(rspfile_split(g->cmd, strlen(g->cmd), &args), 0);
		cmdline_init(&cl);
		if (g->tool == CC)
			r = cmdline_parse_cc(&cl, args.v, args.nr, &err);
		else if (g->tool == LD)
			r = cmdline_parse_ld(&cl, args.v, args.nr, LINKER_BFD, &err);
		else
			r = cmdline_parse_ar(&cl, args.v, args.nr, &err);
		assert_int_equal(r, 0);
		assert_string_equal(cmd_mode_name(cl.mode), cmd_mode_name(g->mode));
		join_vec(&cl.outputs, buf, sizeof(buf));
		assert_string_equal(buf, g->outputs);
		join_inputs(&cl, buf, sizeof(buf));
		assert_string_equal(buf, g->inputs);
		join_vec(&cl.libs, buf, sizeof(buf));
		assert_string_equal(buf, g->libs);
		if (g->tool == CC) {
			assert_int_equal(cl.user_deps, g->user_deps);
			assert_int_equal(cl.linker, g->linker);
		}
		if (g->user_depfile)
			assert_string_equal(cl.user_depfile, g->user_depfile);
		else
			assert_null(cl.user_depfile);
		if (g->user_map)
			assert_string_equal(cl.user_map, g->user_map);
		else
			assert_null(cl.user_map);
		cmdline_release(&cl);
		strvec_clear(&args);
		strbuf_release(&err);
	}
}

static void test_details(void **state)
{
	const char *const mmd[] = { "-MMD", "-c", "x.c" };
	const char *const thin[] = { "rcsT", "libt.a", "a.o" };
	const char *const script[] = { "-Wl,--script=fw.ld", "-T", "other.ld", "m.o" };
	const char *const missing[] = { "-c", "x.c", "-o" };
	const char *const mixed[] = { "-c", "a.c", "b.s", "c.i" };
	struct strbuf err = STRBUF_INIT;
	struct cmdline cl;

	(void)state;
	cmdline_init(&cl);
	assert_int_equal(cmdline_parse_cc(&cl, mmd, 3, &err), 0);
	assert_false(cl.user_deps_system);
	cmdline_release(&cl);

	assert_int_equal(cmdline_parse_ar(&cl, thin, 3, &err), 0);
	assert_true(cl.ar_thin);
	assert_int_equal(cl.ar_operation, 'r');
	cmdline_release(&cl);

	assert_int_equal(cmdline_parse_cc(&cl, script, 4, &err), 0);
	assert_int_equal(cl.scripts.nr, 2);
	assert_string_equal(cl.scripts.v[0], "other.ld");
	assert_string_equal(cl.scripts.v[1], "fw.ld");
	cmdline_release(&cl);

	/* section addresses are not linker scripts */
	{
		const char *const ttext[] = { "-Ttext=0x8000000", "-T", "fw.ld", "main.o" };

		assert_int_equal(cmdline_parse_cc(&cl, ttext, 4, &err), 0);
		assert_int_equal(cl.scripts.nr, 1);
		assert_string_equal(cl.scripts.v[0], "fw.ld");
		cmdline_release(&cl);
		assert_int_equal(cmdline_parse_ld(&cl, ttext, 4, LINKER_BFD, &err), 0);
		assert_int_equal(cl.scripts.nr, 1);
		cmdline_release(&cl);
	}
	/* a linker souptrace does not know by name */
	{
		const char *const vendor[] = { "-fuse-ld=/opt/vendor/bin/vld", "main.o" };

		assert_int_equal(cmdline_parse_cc(&cl, vendor, 2, &err), 0);
		assert_int_equal(cl.linker, LINKER_OTHER);
		cmdline_release(&cl);
	}

	/* a truncated command line is an error, not a crash */
	assert_int_equal(cmdline_parse_cc(&cl, missing, 3, &err), -1);
	assert_non_null(strstr(err.buf, "-o"));
	cmdline_release(&cl);

	/* gcc takes the last -o; the wrapper needs to know there were several */
	{
		const char *const twice[] = { "a.c", "-ox.o", "--output",
					      "y.o", "-c",    "--output=z.o" };

		assert_int_equal(cmdline_parse_cc(&cl, twice, 6, &err), 0);
		assert_int_equal(cl.nr_output_opts, 3);
		assert_string_equal(cl.output, "z.o");
		assert_int_equal(cl.outputs.nr, 1);
		assert_string_equal(cl.outputs.v[0], "z.o");
		cmdline_release(&cl);
	}

	/* only .c goes through the preprocessor, so only it gets a depfile */
	assert_int_equal(cmdline_parse_cc(&cl, mixed, 4, &err), 0);
	assert_int_equal(cmdline_cpp_sources(&cl), 1);
	cmdline_release(&cl);
	strbuf_release(&err);
}

static void test_linker_names(void **state)
{
	(void)state;
	assert_int_equal(linker_flavor_from_name("/usr/bin/ld.gold"), LINKER_GOLD);
	assert_int_equal(linker_flavor_from_name("ld.lld-14"), LINKER_LLD);
	assert_int_equal(linker_flavor_from_name("/usr/bin/x86_64-linux-gnu-ld.bfd"), LINKER_BFD);
	assert_int_equal(linker_flavor_from_name("arm-none-eabi-ld"), LINKER_BFD);
	assert_int_equal(linker_flavor_from_name("mold"), LINKER_MOLD);
}

/* The option tables are binary-searched: they must stay sorted and sane. */
static void test_tables(void **state)
{
	size_t nr;
	const struct compopt *t = compopt_table(&nr);
	const char *joined;

	(void)state;
	for (size_t i = 0; i < nr; i++) {
		assert_true(t[i].name[0] == '-');
		assert_non_null(t[i].why);
		if (i)
			assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
		/* an option that stops before linking cannot also take an argument */
		if (t[i].flags & (OPT_STOP_COMPILE | OPT_STOP_ASSEMBLY))
			assert_false(t[i].flags & (OPT_ARG_SEPARATE | OPT_ARG_JOINED));
		assert_ptr_equal(compopt_find(t[i].name, &joined), &t[i]);
	}
	assert_true(cmdline_ld_table_sorted());
	assert_int_equal(compopt_find("-Iinclude", &joined)->id, CO_NONE);
	assert_string_equal(joined, "include");
	assert_int_equal(compopt_find("-iwithprefixbeforefoo", &joined)->flags,
			 OPT_ARG_SEPARATE | OPT_ARG_JOINED);
	assert_string_equal(joined, "foo");
	assert_null(compopt_find("-Wall", &joined));
	assert_null(compopt_find("-static-libgcc", &joined));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_linker_names),
		cmocka_unit_test(test_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
