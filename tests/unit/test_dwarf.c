/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for analyzers/dwarf_sources.c. Every input is compiled during the
 * test in a temporary directory (no checked-in binaries): gcc and clang with
 * DWARF 2 to 5, split DWARF, compressed sections, separate debug files,
 * arm-none-eabi-gcc for Cortex-M, archives; the hostile inputs are made from
 * them with objcopy and by patching bytes. A tool that cannot build here
 * fails the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dwarf_compat.h"
#include "dwarf_sources.h"
#include "strbuf.h"

#include "testutil.h"
#include "banned.h"

/* Contains a space on purpose: every path must be quoted. */
static char workdir[4096];

/* ---- helpers ---- */

/* Run a shell command in workdir, output to workdir/log: its exit status. */
#define run(...)   tu_run(workdir, __VA_ARGS__)
#define add_quoted tu_add_quoted

#define must_run(...) assert_int_equal(run(__VA_ARGS__), 0)

/* workdir/name in sb (reset first). */
static const char *wpath(struct strbuf *sb, const char *name)
{
	strbuf_reset(sb);
	assert_int_equal(strbuf_addf(sb, "%s/%s", workdir, name), 0);
	return sb->buf;
}

static void write_bytes(const char *name, const void *data, size_t len)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	f = fopen(wpath(&path, name), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	strbuf_release(&path);
}

static void write_file(const char *name, const char *text)
{
	write_bytes(name, text, strlen(text));
}

/* File offset and size of section secname of workdir/file. */
static void section_of(const char *file, const char *secname, uint64_t *off, uint64_t *size)
{
	struct strbuf path = STRBUF_INIT;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *elf;
	int fd;

	elf_version(EV_CURRENT);
	fd = open(wpath(&path, file), O_RDONLY);
	assert_true(fd >= 0);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	assert_non_null(elf);
	assert_int_equal(elf_getshdrstrndx(elf, &shstrndx), 0);
	*size = 0;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;

		assert_non_null(gelf_getshdr(scn, &sh));
		if (!strcmp(elf_strptr(elf, shstrndx, sh.sh_name), secname)) {
			*off = sh.sh_offset;
			*size = sh.sh_size;
		}
	}
	assert_true(*size > 0);
	elf_end(elf);
	close(fd);
	strbuf_release(&path);
}

/* Overwrite bytes of section secname of workdir/file at offset at. */
static void patch(const char *file, const char *secname, uint64_t at, const void *bytes, size_t n)
{
	struct strbuf path = STRBUF_INIT;
	uint64_t off, size;
	int fd;

	section_of(file, secname, &off, &size);
	assert_true(at + n <= size);
	fd = open(wpath(&path, file), O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, bytes, n, (off_t)(off + at)), (ssize_t)n);
	assert_int_equal(close(fd), 0);
	strbuf_release(&path);
}

static const char *path_basename_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static const struct dwarf_source *find(const struct dwarf_sources *ds, const char *path)
{
	size_t i;

	for (i = 0; i < ds->nr_files; i++)
		if (!strcmp(ds->files[i].path, path))
			return &ds->files[i];
	return NULL;
}

/* The source path (exactly), which must be listed. */
static const struct dwarf_source *must_have(const struct dwarf_sources *ds, const char *path)
{
	const struct dwarf_source *f = find(ds, path);
	size_t i;

	if (!f) {
		for (i = 0; i < ds->nr_files; i++)
			print_message("  have %s\n", ds->files[i].path);
		fail_msg("%s is not listed", path);
	}
	return f;
}

/* The source workdir/rel, which must be listed. */
static const struct dwarf_source *must_find(const struct dwarf_sources *ds, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	const struct dwarf_source *f = must_have(ds, wpath(&path, rel));

	strbuf_release(&path);
	return f;
}

static const struct dwarf_cu *find_cu(const struct dwarf_sources *ds, const char *name)
{
	size_t i;

	for (i = 0; i < ds->nr_cus; i++)
		if (ds->cus[i].name && !strcmp(path_basename_of(ds->cus[i].name), name))
			return &ds->cus[i];
	fail_msg("no unit %s", name);
	return NULL;
}

/* Read workdir/file, which must succeed. */
static void read_ok(const char *file, const struct dwarf_options *opt, struct dwarf_sources *ds)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	int res;

	dwarf_sources_init(ds);
	res = dwarf_sources_read(wpath(&path, file), opt, ds, &err);
	if (res)
		fail_msg("%s: %d %s", file, res, err.buf);
	assert_int_equal(err.len, 0);
	strbuf_release(&path);
	strbuf_release(&err);
}

/* Read workdir/file, which must fail with a message naming it and containing what. */
static void read_fails(const char *file, const char *what)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	struct dwarf_sources ds = DWARF_SOURCES_INIT;
	struct dwarf_options opt = { .no_separate = true };

	assert_int_equal(dwarf_sources_read(wpath(&path, file), &opt, &ds, &err), -1);
	print_message("  %s -> %s\n", file, err.buf);
	if (strncmp(err.buf, path.buf, path.len) || !strstr(err.buf, what))
		fail_msg("%s: message \"%s\" lacks the file name or \"%s\"", file, err.buf, what);
	assert_int_equal(ds.nr_cus, 0);
	assert_int_equal(ds.nr_files, 0);
	assert_null(ds.files);
	strbuf_release(&path);
	strbuf_release(&err);
}

/* ---- the project every compiler builds ---- */

/*
 * main.c and other.c in proj/; headers in proj/sub, proj/inc (included as
 * "sub/../inc/x.h") and a header-only library in proj/hol whose inline
 * function lands in the binary. No system header: the expected list is exact.
 */
static void write_project(void)
{
	must_run("mkdir -p proj/sub proj/inc proj/hol");
	write_file("proj/sub/a.h", "static inline int a_twice(int v)\n{\n\treturn 2 * v;\n}\n");
	write_file("proj/inc/x.h", "struct x_point { int x, y; };\n"
				   "static inline int x_sum(struct x_point p)\n{\n"
				   "\treturn p.x + p.y;\n}\n");
	write_file("proj/hol/hol.h", "static inline int hol_mix(int a, int b)\n{\n"
				     "\treturn a * 31 + b;\n}\n");
	write_file("proj/main.c", "#include \"sub/a.h\"\n#include \"sub/../inc/x.h\"\n"
				  "#include \"hol/hol.h\"\n"
				  "int other(int);\n"
				  "int main(int argc, char **argv)\n{\n"
				  "\tstruct x_point p = {argc, 2};\n"
				  "\t(void)argv;\n"
				  "\treturn hol_mix(a_twice(x_sum(p)), other(argc));\n}\n");
	write_file("proj/other.c", "#include \"inc/x.h\"\n"
				   "int other(int v)\n{\n\tstruct x_point p = {v, v};\n"
				   "\treturn x_sum(p);\n}\n"
				   "#line 1 \"<generated>\"\n"
				   "int generated(void) { return 7; }\n");
}

static const char *const project_files[] = {
	"proj/main.c", "proj/other.c", "proj/sub/a.h", "proj/inc/x.h", "proj/hol/hol.h",
};

/* ds lists exactly the project's files (prefix + name), with these unit counts. */
static void expect_project(const struct dwarf_sources *ds, const char *prefix)
{
	struct strbuf p = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(project_files) / sizeof(project_files[0]); i++) {
		const struct dwarf_source *f;

		strbuf_reset(&p);
		assert_int_equal(strbuf_addf(&p, "%s%s", prefix, project_files[i] + 5), 0);
		f = must_have(ds, p.buf);
		/* x.h is used by both units, main.c's headers by main.c only */
		assert_int_equal(f->nr_cus, strstr(p.buf, "x.h") ? 2 : 1);
	}
	if (ds->nr_files != i) {
		for (i = 0; i < ds->nr_files; i++)
			print_message("  have %s\n", ds->files[i].path);
		fail_msg("%zu files instead of 5", ds->nr_files);
	}
	assert_int_equal(ds->nr_pseudo, 1); /* <generated> */
	strbuf_release(&p);
}

/* Build proj with cc and flags into out (in workdir) and check it. */
static void check_build(const char *cc, const char *flags, const char *out, int version,
			const char *producer, const char *language)
{
	struct dwarf_sources ds;
	struct strbuf prefix = STRBUF_INIT;
	const struct dwarf_cu *cu;

	must_run("cd proj && %s %s main.c other.c -o ../%s", cc, flags, out);
	read_ok(out, NULL, &ds);
	assert_int_equal(ds.nr_cus, 2);
	assert_int_equal(ds.origin, DWARF_FROM_FILE);
	assert_int_equal(ds.compression, DWARF_COMPRESS_NONE);
	expect_project(&ds, wpath(&prefix, "proj/"));
	cu = find_cu(&ds, "main.c");
	assert_int_equal(cu->version, version);
	assert_int_equal(cu->unit_type, DWARF_UNIT_COMPILE);
	assert_string_equal(cu->comp_dir, wpath(&prefix, "proj"));
	assert_non_null(cu->producer);
	assert_non_null(strstr(cu->producer, producer));
	assert_string_equal(cu->language, language);
	assert_null(cu->dwo_name);
	assert_int_equal(cu->dwo_status, DWARF_DWO_NONE);
	assert_int_equal(cu->nr_files, 4);
	assert_int_equal(find_cu(&ds, "other.c")->nr_files, 2);
	assert_non_null(ds.build_id);
	dwarf_sources_release(&ds);
	strbuf_release(&prefix);
}

/* ---- tests ---- */

static void test_gcc_dwarf5(void **state)
{
	check_build("gcc", "-g -gdwarf-5 -O2 -std=c11", "gcc5", 5, "GNU C11", "DW_LANG_C11");
}

static void test_gcc_dwarf4(void **state)
{
	check_build("gcc", "-g -gdwarf-4 -O0 -std=c99", "gcc4", 4, "-gdwarf-4", "DW_LANG_C99");
}

static void test_gcc_dwarf3_and_2(void **state)
{
	check_build("gcc", "-g -gdwarf-3 -O1 -std=gnu89", "gcc3", 3, "-gdwarf-3", "DW_LANG_C89");
	check_build("gcc", "-g -gdwarf-2 -O1 -std=gnu89", "gcc2", 2, "-gdwarf-2", "DW_LANG_C89");
}

static void test_clang_dwarf5(void **state)
{
	/* DWARF 5 with MD5 checksums (DW_FORM_data16) and .debug_line_str */
	/* at -O1 and above clang drops sub/a.h: no line and no DIE is left of it */
	check_build("clang", "-g -gdwarf-5 -O0 -std=c11", "clang5", 5, "clang", "DW_LANG_C99");
}

static void test_clang_dwarf4(void **state)
{
	check_build("clang", "-g -gdwarf-4 -O0 -std=c11", "clang4", 4, "clang", "DW_LANG_C99");
}

/* -ffile-prefix-map=$PWD=. : comp_dir ".", every path stays relative. */
static void test_relative_comp_dir(void **state)
{
	struct strbuf map = STRBUF_INIT, tmp = STRBUF_INIT;
	struct dwarf_sources ds;
	const char *cc[] = { "gcc -gdwarf-5", "gcc -gdwarf-4", "clang -gdwarf-5",
			     "clang -gdwarf-4" };
	size_t i;

	add_quoted(&map, wpath(&tmp, "proj"));
	for (i = 0; i < 4; i++) {
		must_run("cd proj && %s -g -O0 -ffile-prefix-map=%s=. main.c other.c -o ../rel%zu",
			 cc[i], map.buf, i);
		strbuf_reset(&tmp);
		assert_int_equal(strbuf_addf(&tmp, "rel%zu", i), 0);
		read_ok(tmp.buf, NULL, &ds);
		assert_string_equal(find_cu(&ds, "main.c")->comp_dir, ".");
		expect_project(&ds, "");
		dwarf_sources_release(&ds);
	}
	strbuf_release(&map);
	strbuf_release(&tmp);
}

/* A relocatable object (RELA on x86-64): the relocations make the strings right. */
static void test_object_file(void **state)
{
	struct dwarf_sources ds;
	struct strbuf prefix = STRBUF_INIT;
	const struct dwarf_cu *cu;

	must_run("cd proj && gcc -g -O2 -c main.c -o ../main5.o && "
		 "gcc -g -gdwarf-4 -O2 -c main.c -o ../main4.o");
	read_ok("main5.o", NULL, &ds);
	assert_int_equal(ds.nr_cus, 1);
	cu = &ds.cus[0];
	assert_string_equal(cu->name, "main.c");
	assert_string_equal(cu->comp_dir, wpath(&prefix, "proj"));
	assert_non_null(strstr(cu->producer, "GNU C"));
	must_find(&ds, "proj/main.c");
	must_find(&ds, "proj/inc/x.h");
	must_find(&ds, "proj/hol/hol.h");
	assert_int_equal(ds.nr_files, 4);
	assert_null(ds.build_id);
	dwarf_sources_release(&ds);
	read_ok("main4.o", NULL, &ds);
	assert_string_equal(ds.cus[0].name, "main.c");
	must_find(&ds, "proj/sub/a.h");
	assert_int_equal(ds.nr_files, 4);
	dwarf_sources_release(&ds);
	strbuf_release(&prefix);
}

/* arm-none-eabi-gcc for a Cortex-M4: ELF32, REL relocations. */
static void test_cortex_m_object(void **state)
{
	struct dwarf_sources ds;

	must_run("cd proj && arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -g -Os -c main.c "
		 "-o ../cm4.o && arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -g -gdwarf-4 -O0 "
		 "-c other.c -o ../cm0.o");
	read_ok("cm4.o", NULL, &ds);
	assert_int_equal(ds.nr_cus, 1);
	assert_string_equal(ds.cus[0].name, "main.c");
	assert_non_null(strstr(ds.cus[0].producer, "-mcpu=cortex-m4"));
	must_find(&ds, "proj/main.c");
	must_find(&ds, "proj/sub/a.h");
	must_find(&ds, "proj/hol/hol.h");
	dwarf_sources_release(&ds);
	read_ok("cm0.o", NULL, &ds);
	assert_int_equal(ds.cus[0].version, 4);
	assert_non_null(strstr(ds.cus[0].producer, "-mcpu=cortex-m0"));
	must_find(&ds, "proj/inc/x.h");
	assert_int_equal(ds.nr_pseudo, 1);
	dwarf_sources_release(&ds);
}

/* Big-endian objects: ELF64 PowerPC (RELA, clang) and ELF32 ARM (REL, gcc). */
static void test_big_endian_objects(void **state)
{
	struct dwarf_sources ds;
	const char *objs[] = { "ppc64.o", "armbe.o", "s390.o" };
	size_t i;

	must_run("cd proj && clang --target=powerpc64-linux-gnu -g -O1 -c main.c -o ../ppc64.o && "
		 "arm-none-eabi-gcc -mbig-endian -g -O1 -c main.c -o ../armbe.o && "
		 "clang --target=s390x-linux-gnu -g -gdwarf-4 -O0 -c main.c -o ../s390.o");
	for (i = 0; i < 3; i++) {
		read_ok(objs[i], NULL, &ds);
		assert_int_equal(ds.nr_cus, 1);
		assert_string_equal(ds.cus[0].name, "main.c");
		must_find(&ds, "proj/main.c");
		must_find(&ds, "proj/inc/x.h");
		must_find(&ds, "proj/hol/hol.h");
		dwarf_sources_release(&ds);
	}
}

/* C++ type units: skipped (DWARF 5 in .debug_info), .debug_types not read. */
static void test_type_units(void **state)
{
	struct dwarf_sources ds;

	write_file("proj/t.cc", "#include \"inc/x.h\"\n"
				"struct Point { int x, y; int sum() const { return x + y; } };\n"
				"int main() { Point p{1, 2}; x_point q{3, 4}; "
				"return p.sum() + x_sum(q); }\n");
	must_run("cd proj && g++ -g -gdwarf-5 -fdebug-types-section t.cc -o ../tu5 && "
		 "g++ -g -gdwarf-4 -fdebug-types-section t.cc -o ../tu4");
	read_ok("tu5", NULL, &ds);
	assert_int_equal(ds.nr_cus, 1);
	assert_true(ds.nr_type_units > 0);
	assert_string_equal(ds.cus[0].language, "DW_LANG_C_plus_plus_14");
	must_find(&ds, "proj/t.cc");
	must_find(&ds, "proj/inc/x.h");
	dwarf_sources_release(&ds);
	read_ok("tu4", NULL, &ds);
	assert_int_equal(ds.nr_cus, 1);
	must_find(&ds, "proj/inc/x.h");
	dwarf_sources_release(&ds);
}

/* dwz: partial units; multifile strings in the alternate file are a warning. */
static void test_dwz(void **state)
{
	struct dwarf_sources ds;
	struct strbuf tmp = STRBUF_INIT;
	size_t i, partial = 0;

	if (run("command -v dwz")) {
		print_message("SKIP dwz is not installed\n");
		return;
	}
	must_run("cd proj && gcc -g -gdwarf-4 -O0 main.c other.c -o ../dwz1 && "
		 "gcc -g -gdwarf-4 -O1 main.c other.c -o ../dwz2 && cd .. && "
		 "cp dwz1 dwz1.single && dwz dwz1.single && "
		 "dwz -m dwz.common -M \"$PWD/dwz.common\" dwz1 dwz2");
	read_ok("dwz1.single", NULL, &ds);
	for (i = 0; i < ds.nr_cus; i++)
		partial += ds.cus[i].unit_type == DWARF_UNIT_PARTIAL;
	print_message("  dwz: %zu units, %zu partial\n", ds.nr_cus, partial);
	must_find(&ds, "proj/hol/hol.h");
	must_find(&ds, "proj/inc/x.h");
	dwarf_sources_release(&ds);
	/* multifile: names and comp_dir (common to both) are in dwz.common */
	read_ok("dwz1", NULL, &ds);
	must_find(&ds, "proj/hol/hol.h");
	must_find(&ds, "proj/inc/x.h");
	assert_string_equal(find_cu(&ds, "main.c")->comp_dir, wpath(&tmp, "proj"));
	assert_non_null(strstr(find_cu(&ds, "main.c")->producer, "-O0"));
	assert_int_equal(ds.warnings.nr, 0);
	dwarf_sources_release(&ds);
	/* without it: relative paths and a warning, not an error */
	must_run("mv dwz.common dwz.moved");
	read_ok("dwz1", NULL, &ds);
	must_have(&ds, "hol/hol.h");
	assert_null(ds.cus[0].comp_dir);
	assert_null(ds.cus[0].name);
	assert_int_equal(ds.warnings.nr, 1);
	print_message("  %s\n", ds.warnings.v[0]);
	dwarf_sources_release(&ds);
	strbuf_release(&tmp);
}

/* -gsplit-dwarf: skeletons with their dwo name and id; the .dwo is read. */
static void check_split(const char *flags, int version)
{
	struct dwarf_sources ds;
	struct strbuf tmp = STRBUF_INIT;
	struct dwarf_options no_dwo = { .no_dwo = true };
	const struct dwarf_cu *cu;

	const char *lang = version >= 5 ? "DW_LANG_C11" : "DW_LANG_C99";

	must_run("rm -rf split && mkdir split && cp proj/*.c split/ && cp -r proj/sub proj/inc "
		 "proj/hol split/ && cd split && gcc %s -c main.c && gcc %s -c other.c && "
		 "gcc main.o other.o -o prog",
		 flags, flags);
	read_ok("split/prog", NULL, &ds);
	assert_int_equal(ds.nr_cus, 2);
	cu = &ds.cus[0];
	assert_int_equal(cu->version, version);
	assert_int_equal(cu->unit_type, DWARF_UNIT_SKELETON);
	assert_string_equal(cu->dwo_name, "main.dwo");
	assert_true(cu->has_dwo_id);
	assert_int_equal(cu->dwo_status, DWARF_DWO_READ);
	assert_string_equal(cu->dwo_path, wpath(&tmp, "split/main.dwo"));
	/* from the split unit */
	assert_string_equal(cu->name, "main.c");
	assert_non_null(strstr(cu->producer, "-gsplit-dwarf"));
	assert_string_equal(cu->language, lang);
	must_find(&ds, "split/hol/hol.h");
	must_find(&ds, "split/inc/x.h");
	assert_int_equal(ds.nr_files, 5);
	assert_int_equal(ds.warnings.nr, 0);
	dwarf_sources_release(&ds);

	/* without reading it, and without it */
	read_ok("split/prog", &no_dwo, &ds);
	assert_int_equal(ds.cus[0].dwo_status, DWARF_DWO_NOT_READ);
	assert_string_equal(ds.cus[0].dwo_name, "main.dwo");
	assert_int_equal(ds.nr_files, 5); /* the line tables are in the skeleton's file */
	dwarf_sources_release(&ds);
	must_run("rm split/main.dwo");
	read_ok("split/prog", NULL, &ds);
	assert_int_equal(ds.cus[0].dwo_status, DWARF_DWO_MISSING);
	assert_int_equal(ds.cus[1].dwo_status, DWARF_DWO_READ);
	assert_int_equal(ds.nr_files, 5);
	dwarf_sources_release(&ds);

	/* a .dwo of another build: the id does not match */
	must_run("mkdir -p split/o && cd split/o && gcc %s -O0 -c ../main.c && cp main.dwo ..",
		 flags);
	read_ok("split/prog", NULL, &ds);
	assert_int_equal(ds.cus[0].dwo_status, DWARF_DWO_MISMATCH);
	dwarf_sources_release(&ds);

	/* a .dwo file read directly */
	read_ok("split/other.dwo", NULL, &ds);
	assert_int_equal(ds.nr_cus, 1);
	assert_int_equal(ds.cus[0].unit_type, DWARF_UNIT_SPLIT_COMPILE);
	assert_string_equal(ds.cus[0].name, "other.c");
	dwarf_sources_release(&ds);
	strbuf_release(&tmp);
}

static void test_split_dwarf5(void **state)
{
	check_split("-g -gdwarf-5 -O2 -gsplit-dwarf", 5);
}

static void test_split_dwarf4(void **state)
{
	check_split("-g -gdwarf-4 -O2 -gsplit-dwarf", 4);
}

/* -gz and -gz=zlib-gnu: decompressed and reported; zstd reported. */
static void test_compressed(void **state)
{
	struct dwarf_sources ds;
	struct strbuf prefix = STRBUF_INIT, err = STRBUF_INIT, path = STRBUF_INIT;
	const unsigned char zstd[] = { 2, 0, 0, 0 }; /* Elf64_Chdr.ch_type */
	int res;

	must_run("cd proj && gcc -g -O2 -gz main.c other.c -o ../gz && "
		 "gcc -g -O2 -gz=zlib-gnu main.c other.c -o ../zgnu && "
		 "gcc -g -O2 -gz -c main.c -o ../gz.o && "
		 "gcc -g -gdwarf-4 -gz=zlib-gnu -c main.c -o ../zgnu.o");
	read_ok("gz", NULL, &ds);
	assert_int_equal(ds.compression, DWARF_COMPRESS_ZLIB);
	expect_project(&ds, wpath(&prefix, "proj/"));
	dwarf_sources_release(&ds);
	read_ok("zgnu", NULL, &ds);
	assert_int_equal(ds.compression, DWARF_COMPRESS_ZLIB_GNU);
	expect_project(&ds, wpath(&prefix, "proj/"));
	dwarf_sources_release(&ds);
	/* compressed and relocated */
	read_ok("gz.o", NULL, &ds);
	assert_int_equal(ds.compression, DWARF_COMPRESS_ZLIB);
	assert_string_equal(ds.cus[0].name, "main.c");
	must_find(&ds, "proj/hol/hol.h");
	dwarf_sources_release(&ds);
	read_ok("zgnu.o", NULL, &ds);
	assert_int_equal(ds.compression, DWARF_COMPRESS_ZLIB_GNU);
	assert_string_equal(ds.cus[0].name, "main.c");
	must_find(&ds, "proj/hol/hol.h");
	dwarf_sources_release(&ds);

	/* zstd (gcc 12 cannot make it): works where libelf can, else says so */
	must_run("cp gz zstd");
	patch("zstd", ".debug_info", 0, zstd, sizeof(zstd));
	dwarf_sources_init(&ds);
	res = dwarf_sources_read(wpath(&path, "zstd"), NULL, &ds, &err);
	print_message("  zstd -> %d %s\n", res, err.buf);
	if (res) {
		assert_int_equal(res, -1);
		assert_non_null(strstr(err.buf, "zstd"));
		assert_non_null(strstr(err.buf, ".debug_info"));
	}
	dwarf_sources_release(&ds);
	strbuf_release(&prefix);
	strbuf_release(&err);
	strbuf_release(&path);
}

/* Stripped: no DWARF is a normal result (1), with what to look for. */
static void test_stripped(void **state)
{
	struct dwarf_sources ds = DWARF_SOURCES_INIT;
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT, root = STRBUF_INIT;
	struct dwarf_options opt = { .debug_root = wpath(&root, "emptyroot") };

	must_run("mkdir -p emptyroot && cd proj && gcc -O2 main.c other.c -o ../nodebug && "
		 "cp ../nodebug ../stripped && strip ../stripped");
	assert_int_equal(dwarf_sources_read(wpath(&path, "stripped"), &opt, &ds, &err), 1);
	assert_int_equal(err.len, 0);
	assert_non_null(ds.build_id);
	assert_int_equal(strlen(ds.build_id), 40);
	assert_null(ds.debuglink);
	assert_null(ds.dwarf_file);
	assert_int_equal(ds.nr_cus, 0);
	dwarf_sources_release(&ds);
	assert_int_equal(dwarf_sources_read(wpath(&path, "nodebug"), &opt, &ds, &err), 1);
	dwarf_sources_release(&ds);
	strbuf_release(&path);
	strbuf_release(&err);
	strbuf_release(&root);
}

static void expect_separate(const char *file, const struct dwarf_options *opt,
			    enum dwarf_origin origin, const char *debug_file)
{
	struct dwarf_sources ds;
	struct strbuf tmp = STRBUF_INIT;

	read_ok(file, opt, &ds);
	assert_int_equal(ds.origin, origin);
	assert_string_equal(ds.dwarf_file,
			    debug_file[0] == '/' ? debug_file : wpath(&tmp, debug_file));
	expect_project(&ds, wpath(&tmp, "proj/"));
	dwarf_sources_release(&ds);
	strbuf_release(&tmp);
}

/* objcopy --only-keep-debug + --add-gnu-debuglink, and build-id, under a fake root. */
static void test_separate_debug_file(void **state)
{
	struct strbuf root = STRBUF_INIT, tmp = STRBUF_INIT, where = STRBUF_INIT;
	struct dwarf_options opt = { .debug_root = wpath(&root, "root") };
	struct dwarf_sources ds;
	char *id;

	must_run("mkdir -p sep root && cd proj && gcc -g -O2 main.c other.c -o ../sep/prog && "
		 "cd ../sep && objcopy --only-keep-debug prog prog.debug && "
		 "objcopy --strip-debug --add-gnu-debuglink=prog.debug prog prog.stripped");
	/* DIR/NAME */
	expect_separate("sep/prog.stripped", &opt, DWARF_FROM_DEBUGLINK, "sep/prog.debug");
	read_ok("sep/prog.stripped", &opt, &ds);
	assert_string_equal(ds.debuglink, "prog.debug");
	id = strdup(ds.build_id);
	assert_non_null(id);
	dwarf_sources_release(&ds);
	/* DIR/.debug/NAME */
	must_run("mkdir -p sep/.debug && mv sep/prog.debug sep/.debug/");
	expect_separate("sep/prog.stripped", &opt, DWARF_FROM_DEBUGLINK, "sep/.debug/prog.debug");
	/* ROOT/DIR/NAME */
	strbuf_reset(&where);
	assert_int_equal(strbuf_addf(&where, "%s%s/sep/prog.debug", root.buf, workdir), 0);
	strbuf_reset(&tmp);
	add_quoted(&tmp, where.buf);
	must_run("mkdir -p \"$(dirname %s)\" && mv sep/.debug/prog.debug %s", tmp.buf, tmp.buf);
	expect_separate("sep/prog.stripped", &opt, DWARF_FROM_DEBUGLINK, where.buf);
	/* not found: 1, not an error */
	must_run("mv %s sep/elsewhere.debug", tmp.buf);
	{
		struct strbuf err = STRBUF_INIT;

		dwarf_sources_init(&ds);
		assert_int_equal(
			dwarf_sources_read(wpath(&where, "sep/prog.stripped"), &opt, &ds, &err), 1);
		assert_string_equal(ds.build_id, id);
		assert_string_equal(ds.debuglink, "prog.debug");
		dwarf_sources_release(&ds);
		strbuf_release(&err);
	}
	/* ROOT/.build-id/xx/rest.debug */
	strbuf_reset(&where);
	assert_int_equal(strbuf_addf(&where, "%s/.build-id/%.2s/%s.debug", root.buf, id, id + 2),
			 0);
	strbuf_reset(&tmp);
	add_quoted(&tmp, where.buf);
	must_run("mkdir -p \"$(dirname %s)\" && cp sep/elsewhere.debug %s && "
		 "strip sep/prog -o sep/prog.nolink",
		 tmp.buf, tmp.buf);
	expect_separate("sep/prog.nolink", &opt, DWARF_FROM_BUILD_ID, where.buf);
	expect_separate("sep/prog.stripped", &opt, DWARF_FROM_BUILD_ID, where.buf);
	/* a debug file with another build-id is not taken */
	must_run("cd proj && gcc -g -O1 main.c other.c -o ../sep/other && cp ../sep/other %s",
		 tmp.buf);
	dwarf_sources_init(&ds);
	assert_int_equal(dwarf_sources_read(wpath(&tmp, "sep/prog.nolink"), &opt, &ds, NULL), 1);
	dwarf_sources_release(&ds);
	free(id);
	strbuf_release(&root);
	strbuf_release(&tmp);
	strbuf_release(&where);
}

/* Without a build-id the debuglink CRC decides. */
static void test_debuglink_crc(void **state)
{
	struct strbuf root = STRBUF_INIT, path = STRBUF_INIT;
	struct dwarf_options opt = { .debug_root = wpath(&root, "emptyroot") };
	struct dwarf_sources ds = DWARF_SOURCES_INIT;

	must_run("mkdir -p crc emptyroot && cd proj && "
		 "gcc -g -O2 -Wl,--build-id=none main.c other.c -o ../crc/prog && "
		 "gcc -g -O1 -Wl,--build-id=none main.c other.c -o ../crc/other && cd ../crc && "
		 "objcopy --only-keep-debug prog prog.debug && "
		 "objcopy --strip-debug --add-gnu-debuglink=prog.debug prog prog.stripped && "
		 "objcopy --only-keep-debug other other.debug");
	expect_separate("crc/prog.stripped", &opt, DWARF_FROM_DEBUGLINK, "crc/prog.debug");
	must_run("cd crc && mv prog.debug good.debug && mv other.debug prog.debug");
	assert_int_equal(dwarf_sources_read(wpath(&path, "crc/prog.stripped"), &opt, &ds, NULL), 1);
	assert_null(ds.build_id);
	assert_string_equal(ds.debuglink, "prog.debug");
	dwarf_sources_release(&ds);
	strbuf_release(&root);
	strbuf_release(&path);
}

/* An archive read member by member through dwarf_sources_read_elf(). */
static void test_archive_members(void **state)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT, name = STRBUF_INIT;
	struct dwarf_options opt = { .no_separate = true };
	Elf *ar, *member;
	Elf_Cmd cmd = ELF_C_READ;
	int fd, seen = 0;

	must_run("cd proj && gcc -g -O2 -c main.c other.c && ar rcs ../libproj.a main.o other.o");
	elf_version(EV_CURRENT);
	fd = open(wpath(&path, "libproj.a"), O_RDONLY);
	assert_true(fd >= 0);
	ar = elf_begin(fd, ELF_C_READ, NULL);
	assert_non_null(ar);
	assert_int_equal(elf_kind(ar), ELF_K_AR);
	{
		struct dwarf_sources ds = DWARF_SOURCES_INIT;

		/* the archive itself is refused with a clear message */
		assert_int_equal(dwarf_sources_read_elf(ar, "libproj.a", &opt, &ds, &err), -1);
		assert_non_null(strstr(err.buf, "archive"));
		strbuf_reset(&err);
	}
	while ((member = elf_begin(fd, cmd, ar)) != NULL) {
		Elf_Arhdr *h = elf_getarhdr(member);
		struct dwarf_sources ds = DWARF_SOURCES_INIT;

		assert_non_null(h);
		if (h->ar_name[0] != '/') {
			strbuf_reset(&name);
			assert_int_equal(strbuf_addf(&name, "libproj.a(%s)", h->ar_name), 0);
			if (dwarf_sources_read_elf(member, name.buf, &opt, &ds, &err))
				fail_msg("%s", err.buf);
			assert_int_equal(ds.nr_cus, 1);
			assert_string_equal(ds.dwarf_file, name.buf);
			/* main.o has main.c */
			assert_memory_equal(ds.cus[0].name, h->ar_name, strlen(h->ar_name) - 1);
			must_find(&ds, "proj/inc/x.h");
			dwarf_sources_release(&ds);
			seen++;
		}
		cmd = elf_next(member);
		elf_end(member);
	}
	assert_int_equal(seen, 2);
	elf_end(ar);
	close(fd);
	strbuf_release(&path);
	strbuf_release(&err);
	strbuf_release(&name);
}

/* Pseudo-random bytes, the same every run. */
static void garbage(unsigned char *buf, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (unsigned char)(seed >> 16);
	}
}

static void test_hostile_files(void **state)
{
	unsigned char buf[4096];

	write_bytes("empty", "", 0);
	read_fails("empty", "empty file");
	write_file("text", "#!/bin/sh\necho this is not ELF\n");
	read_fails("text", "not an ELF file");
	read_fails("does-not-exist", "No such file");
	read_fails(".", "not a regular file");
	/* an ELF file cut short: its section headers are beyond the end */
	must_run("cd proj && gcc -g -O2 main.c other.c -o ../whole && head -c 3000 ../whole "
		 ">../cut");
	read_fails("cut", "truncated");
	/* ELF header only, then garbage */
	garbage(buf, sizeof(buf), 1);
	must_run("head -c 64 whole >hdr");
	write_bytes("noise", buf, sizeof(buf));
	must_run("cat noise >>hdr");
	read_fails("hdr", "hdr");
}

static void test_hostile_dwarf(void **state)
{
	unsigned char buf[1 << 16];
	uint64_t off, size, i;
	const unsigned char v9[] = { 9, 0 };
	const unsigned char big[] = { 0xff, 0xff, 0xff, 0x7f };
	const char *const routines[] = { "other" };
	struct dwarf_options walk = { .routines = routines, .nr_routines = 1 };
	struct dwarf_sources ds;

	must_run("cd proj && gcc -g -O2 main.c other.c -o ../base && "
		 "gcc -g -gdwarf-4 -O2 main.c other.c -o ../base4");

	/* truncated .debug_info (the unit length says more) */
	must_run("objcopy --dump-section .debug_info=info.bin base && head -c 200 info.bin "
		 ">info.cut && objcopy --update-section .debug_info=info.cut base trunc-info");
	read_fails("trunc-info", ".debug_info");

	/* garbage in .debug_line, for both versions */
	for (i = 0; i < 2; i++) {
		const char *in = i ? "base4" : "base";

		section_of(in, ".debug_line", &off, &size);
		assert_true(size <= sizeof(buf));
		garbage(buf, (size_t)size, 7 + (uint32_t)i);
		write_bytes("line.bin", buf, (size_t)size);
		must_run("objcopy --update-section .debug_line=line.bin %s garbage-line", in);
		read_fails("garbage-line", ".debug_line");
	}

	/* a line table version that does not exist; a unit length beyond the section */
	must_run("cp base v9 && cp base biglen");
	patch("v9", ".debug_line", 4, v9, sizeof(v9));
	read_fails("v9", "version 9");
	patch("biglen", ".debug_line", 0, big, sizeof(big));
	read_fails("biglen", "unit length");

	/* garbage everywhere in .debug_info, .debug_abbrev, .debug_str_offsets-less
	   strings: many seeds, never a crash (ASan), an error or a result */
	for (i = 0; i < 24; i++) {
		const char *sec = i % 3 == 0   ? ".debug_info"
				  : i % 3 == 1 ? ".debug_abbrev"
					       : ".debug_line";
		const char *in = i % 2 ? "base4" : "base";
		struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;
		uint64_t at;
		int res;

		must_run("cp %s fuzzed", in);
		section_of("fuzzed", sec, &off, &size);
		garbage(buf, 16, 100 + (uint32_t)i);
		at = (buf[0] | (uint64_t)buf[1] << 8) % size;
		if (at + 8 > size)
			at = size - 8;
		patch("fuzzed", sec, at, buf + 2, 8);
		dwarf_sources_init(&ds);
		res = dwarf_sources_read(wpath(&path, "fuzzed"), &walk, &ds, &err);
		assert_true(res == 0 || res == -1);
		if (res)
			assert_non_null(strstr(err.buf, path.buf));
		dwarf_sources_release(&ds);
		strbuf_release(&err);
		strbuf_release(&path);
	}
}

/* Functions looked for while bytes are flipped: the whole DIE tree is walked. */
static const char *const survive_routines[] = { "other", "x_sum" };

/* Read workdir/file: an error naming it, or a result; never a crash (ASan). */
static int read_survives(const char *file)
{
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;
	struct dwarf_sources ds = DWARF_SOURCES_INIT;
	struct dwarf_options opt = {
		.no_separate = true, .no_dwo = true, .routines = survive_routines, .nr_routines = 2
	};
	int res;

	res = dwarf_sources_read(wpath(&path, file), &opt, &ds, &err);
	assert_true(res == 0 || res == -1);
	if (res)
		assert_non_null(strstr(err.buf, path.buf));
	else
		assert_int_equal(err.len, 0);
	dwarf_sources_release(&ds);
	strbuf_release(&err);
	strbuf_release(&path);
	return res;
}

/* Each byte of a section from `from` to `max` set to 0x00, 0x7f, 0x80 and 0xff in turn. */
static void flip_range(const char *in, const char *sec, uint64_t from, uint64_t max)
{
	const unsigned char values[] = { 0x00, 0x7f, 0x80, 0xff };
	struct strbuf path = STRBUF_INIT;
	uint64_t off, size, at;
	unsigned char orig;
	size_t v, runs = 0, errors = 0;
	int fd;

	must_run("cp %s flipped", in);
	section_of("flipped", sec, &off, &size);
	fd = open(wpath(&path, "flipped"), O_RDWR);
	assert_true(fd >= 0);
	for (at = from; at < size && at < max; at++) {
		assert_int_equal(pread(fd, &orig, 1, (off_t)(off + at)), 1);
		for (v = 0; v < sizeof(values); v++) {
			if (values[v] == orig)
				continue;
			assert_int_equal(pwrite(fd, &values[v], 1, (off_t)(off + at)), 1);
			errors += read_survives("flipped") != 0;
			runs++;
		}
		assert_int_equal(pwrite(fd, &orig, 1, (off_t)(off + at)), 1);
	}
	close(fd);
	print_message("  %s %s: %zu of %zu changes rejected\n", in, sec, errors, runs);
	strbuf_release(&path);
}

/* Each of the first bytes of a section set to 0x00, 0x7f, 0x80 and 0xff in turn. */
static void flip_bytes(const char *in, const char *sec, uint64_t max)
{
	flip_range(in, sec, 0, max);
}

static void test_flipped_bytes(void **state)
{
	must_run("cd proj && gcc -g -O2 main.c other.c -o ../flip5 && "
		 "gcc -g -gdwarf-4 -O2 main.c other.c -o ../flip4 && "
		 "clang -g -gdwarf-5 -O0 main.c other.c -o ../flipc && "
		 "gcc -g -O2 -c main.c -o ../flip.o");
	/* the line table headers: our own parser */
	flip_bytes("flip5", ".debug_line", 160);
	flip_bytes("flip4", ".debug_line", 160);
	flip_bytes("flipc", ".debug_line", 160);
	/* unit headers, the unit DIE and its abbreviations: libdwarf */
	flip_bytes("flip5", ".debug_info", 48);
	flip_bytes("flip4", ".debug_info", 48);
	flip_bytes("flipc", ".debug_info", 48);
	flip_bytes("flip5", ".debug_abbrev", 48);
	flip_bytes("flipc", ".debug_str_offsets", 32);
	/* relocations of an object */
	flip_bytes("flip.o", ".rela.debug_info", 96);
	flip_bytes("flip.o", ".rela.debug_line", 48);
	/* the functions' DIEs past the unit DIE, walked for routines: libdwarf and ours */
	flip_range("flip5", ".debug_info", 48, 400);
	flip_range("flip4", ".debug_info", 48, 400);
}

/* The functions whose code a build holds, from its DWARF (options->routines). */
static const char *const rt_asked[] = {
	"rt_helper",	     /* static, called once: inlined, no symbol of its own */
	"rt_api",	     /* out of line */
	"rt_api(int v)",     /* the same, as a record may write it */
	"rt_unlinked",	     /* in a file never compiled into the program */
	"rt_dead",	     /* static and never called: no code at -O2 */
	"rt::Codec::decode", /* a C++ member function, defined */
	"rt::Codec::encode", /* declared, never defined */
};

static void read_routines_of(const char *file, struct dwarf_sources *ds)
{
	struct dwarf_options opt = { .routines = rt_asked,
				     .nr_routines = sizeof(rt_asked) / sizeof(*rt_asked) };

	read_ok(file, &opt, ds);
	assert_non_null(ds->routine_cu);
	for (size_t i = 0; i < opt.nr_routines; i++)
		print_message("  %s: %s %s\n", file, rt_asked[i],
			      ds->routine_cu[i] == SIZE_MAX ? "absent"
							    : ds->cus[ds->routine_cu[i]].name);
}

static void test_routines(void **state)
{
	struct dwarf_sources ds;

	must_run("mkdir -p rt && cd rt && printf '%%s\n' "
		 "'static int rt_helper(int v) { return v * 7 + (v >> 3); }' "
		 "'static int rt_dead(int v) { return v - 1; }' "
		 "'int rt_api(int v) { return rt_helper(v) + 1; }' >lib.c && "
		 "printf '%%s\n' 'int rt_unlinked(int v) { return v; }' >unlinked.c && "
		 "printf '%%s\n' 'namespace rt { struct Codec { int decode(int); int encode(int); "
		 "}; }' "
		 "'int rt::Codec::decode(int v) { return v ^ 5; }' "
		 "'extern \"C\" int codec_use(int v) { rt::Codec c; return c.decode(v); }' "
		 ">codec.cc && "
		 "printf '%%s\n' 'int rt_api(int); int codec_use(int);' "
		 "'int main(int c, char **v) { (void)v; return rt_api(c) + codec_use(c); }' "
		 ">main.c && "
		 "gcc -g -O2 -c lib.c main.c && g++ -g -O2 -c codec.cc && "
		 "g++ lib.o main.o codec.o -o prog && "
		 "! nm prog | grep -w rt_helper && ! nm prog | grep -w rt_dead");
	read_routines_of("rt/prog", &ds);
	assert_int_not_equal(ds.routine_cu[0], SIZE_MAX); /* inlined into rt_api */
	assert_string_equal(ds.cus[ds.routine_cu[0]].name, "lib.c");
	assert_int_equal(ds.routine_cu[1], ds.routine_cu[0]);
	assert_int_equal(ds.routine_cu[2], ds.routine_cu[0]);
	assert_int_equal(ds.routine_cu[3], SIZE_MAX);
	assert_int_equal(ds.routine_cu[4], SIZE_MAX);
	assert_int_not_equal(ds.routine_cu[5], SIZE_MAX);
	assert_string_equal(ds.cus[ds.routine_cu[5]].name, "codec.cc");
	assert_int_equal(ds.routine_cu[6], SIZE_MAX);
	assert_true(ds.nr_code_dies >= 4);
	assert_int_equal(ds.nr_nameless, 0);
	assert_int_equal(ds.nr_unwalked, 0);
	dwarf_sources_release(&ds);

	/* at -O0 nothing is inlined and the unused static is kept: present */
	must_run("cd rt && gcc -g -O0 lib.c main.c -c && g++ -g -O0 -c codec.cc && "
		 "g++ lib.o main.o codec.o -o prog0");
	read_routines_of("rt/prog0", &ds);
	assert_int_not_equal(ds.routine_cu[0], SIZE_MAX);
	assert_int_not_equal(ds.routine_cu[4], SIZE_MAX);
	assert_int_equal(ds.routine_cu[3], SIZE_MAX);
	dwarf_sources_release(&ds);

	/* split DWARF: the functions are in the .dwo files, not walked, and said so */
	must_run("cd rt && gcc -g -O2 -gsplit-dwarf -c lib.c main.c && g++ lib.o main.o codec.o "
		 "-o progsplit");
	read_routines_of("rt/progsplit", &ds);
	assert_int_equal(ds.nr_unwalked, 2);
	assert_int_not_equal(ds.routine_cu[5], SIZE_MAX); /* codec.o was not split */
	dwarf_sources_release(&ds);

	/* a routine with no DWARF (assembled without -g) is found by its symbol; a copy
	   built with a prefix (z_inflate) and a template instance (twice<int>) count */
	must_run("cd rt && printf '%%s\\n' '.text' '.globl asm_fn' '.type asm_fn, @function' "
		 "'asm_fn: ret' >asm.s && as asm.s -o asm.o && "
		 "printf '%%s\\n' 'int z_inflate(int v) { return v + 2; }' >pre.c && "
		 "printf '%%s\\n' 'template <class T> T twice(T v) { return v + v; }' "
		 "'extern \"C\" int tmpl_use(int v) { return twice(v); }' >tmpl.cc && "
		 "gcc -g -O0 -c pre.c && g++ -g -O0 -c tmpl.cc && "
		 "g++ lib.o main.o codec.o asm.o pre.o tmpl.o -o progsym");
	{
		static const char *const asked[] = { "asm_fn", "inflate", "twice", "flate",
						     "rt::twice(int)" };
		struct dwarf_options opt = { .routines = asked, .nr_routines = 5 };

		read_ok("rt/progsym", &opt, &ds);
		assert_int_equal(ds.routine_cu[0], SIZE_MAX);	  /* no DWARF of it ... */
		assert_true(ds.routine_symbol[0]);		  /* ... but a symbol */
		assert_int_not_equal(ds.routine_cu[1], SIZE_MAX); /* z_inflate */
		assert_int_not_equal(ds.routine_cu[2], SIZE_MAX); /* twice<int> */
		assert_int_equal(ds.routine_cu[3], SIZE_MAX);	  /* "flate": no "_" before it */
		assert_false(ds.routine_symbol[3]);
		assert_int_not_equal(ds.routine_cu[4], SIZE_MAX); /* by its last part */
		dwarf_sources_release(&ds);
	}
	assert_true(dwarf_routine_comparable("inflateGetHeader"));
	assert_true(dwarf_routine_comparable("ns::C::f(int, char *)"));
	assert_true(dwarf_routine_comparable("f()"));
	assert_false(dwarf_routine_comparable("operator()"));
	assert_false(dwarf_routine_comparable("ns::operator<"));
	assert_false(dwarf_routine_comparable("foo, bar"));
	assert_false(dwarf_routine_comparable("lib/x.c:foo"));
	assert_false(dwarf_routine_comparable(" foo"));
	assert_false(dwarf_routine_comparable("ns::"));
	assert_false(dwarf_routine_comparable("f(int"));
	assert_false(dwarf_routine_comparable(""));

	/* not asked: no walk, no array */
	read_ok("rt/prog", NULL, &ds);
	assert_null(ds.routine_cu);
	assert_int_equal(ds.nr_code_dies, 0);
	dwarf_sources_release(&ds);
}

static void test_names(void **state)
{
	assert_string_equal(dwarf_unit_type_name(DWARF_UNIT_SKELETON), "skeleton");
	assert_string_equal(dwarf_dwo_status_name(DWARF_DWO_MISMATCH), "mismatch");
	assert_string_equal(dwarf_origin_name(DWARF_FROM_BUILD_ID), "build-id");
	assert_string_equal(dwarf_compression_name(DWARF_COMPRESS_ZLIB_GNU), "zlib-gnu");
	print_message("  libdwarf %s (%s API)\n", st_libdwarf_api(),
		      ST_LIBDWARF_0X ? "0.x" : "20210528");
}

/* ---- setup ---- */

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(workdir, sizeof(workdir), "%s/st dwarf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(workdir))
		return -1;
	write_project();
	return 0;
}

static int group_teardown(void **state)
{
	if (getenv("ST_KEEP_WORKDIR"))
		print_message("kept %s\n", workdir);
	else
		tu_remove_tree(workdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_gcc_dwarf5),
		cmocka_unit_test(test_gcc_dwarf4),
		cmocka_unit_test(test_gcc_dwarf3_and_2),
		cmocka_unit_test(test_clang_dwarf5),
		cmocka_unit_test(test_clang_dwarf4),
		cmocka_unit_test(test_relative_comp_dir),
		cmocka_unit_test(test_object_file),
		cmocka_unit_test(test_cortex_m_object),
		cmocka_unit_test(test_big_endian_objects),
		cmocka_unit_test(test_type_units),
		cmocka_unit_test(test_dwz),
		cmocka_unit_test(test_split_dwarf5),
		cmocka_unit_test(test_split_dwarf4),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_stripped),
		cmocka_unit_test(test_separate_debug_file),
		cmocka_unit_test(test_debuglink_crc),
		cmocka_unit_test(test_archive_members),
		cmocka_unit_test(test_hostile_files),
		cmocka_unit_test(test_hostile_dwarf),
		cmocka_unit_test(test_flipped_bytes),
		cmocka_unit_test(test_routines),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
