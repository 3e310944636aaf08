/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for analyzers/elf_info.c. Every input is compiled during the test in
 * a temporary directory (no checked-in binaries): gcc for x86-64 (PIE,
 * non-PIE, static, shared, object, stripped, -gz), gcc -m32 (gcc-multilib;
 * the 32-bit cases skip without it), arm-none-eabi-gcc for Cortex-M and a
 * big-endian ARM object, clang+lld for big-endian PowerPC64 shared objects.
 * A tool other than gcc -m32 that cannot build here fails the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_info.h"
#include "strbuf.h"

#include "testutil.h"
#include "banned.h"

#define MAX_FILE (256u << 20)

/* Contains a space on purpose: every path must be quoted. */
static char workdir[4096];
static bool have_m32, have_zlib_gnu;

/* ---- helpers ---- */

/* Run a shell command in workdir, output to workdir/log: its exit status. */
#define run(...)   tu_run(workdir, __VA_ARGS__)
#define add_quoted tu_add_quoted
/* Run a command in workdir and capture its standard output. */
#define capture(out, ...)	     tu_capture(workdir, out, __VA_ARGS__)
#define write_bytes(name, data, len) tu_write_bytes(workdir, name, data, len)
#define write_file(name, text)	     tu_write_bytes(workdir, name, text, strlen(text))

#define must_run(...)                                                                              \
	do {                                                                                       \
		if (run(__VA_ARGS__))                                                              \
			fail_msg("command failed (see %s/log): " #__VA_ARGS__, workdir);           \
	} while (0)

/* workdir "/" rel, allocated */
#define wpath(rel) tu_path(workdir, rel)

static void read_work_file(const char *name, struct strbuf *sb)
{
	char *path = wpath(name);

	assert_int_equal(strbuf_read_file(sb, path, MAX_FILE), 0);
	free(path);
}

/* elf_info_read on a work file that must succeed. */
static void load(const char *name, struct elf_info *info)
{
	struct strbuf err = STRBUF_INIT;
	char *path = wpath(name);
	int r = elf_info_read(path, info, &err);

	if (r != 0)
		fail_msg("elf_info_read(%s) = %d: %s", name, r, err.buf);
	assert_int_equal(err.len, 0);
	strbuf_release(&err);
	free(path);
}

/* elf_info_read on a work file that must give want, with a message naming it. */
static void expect_result(const char *name, int want, const char *msg_part)
{
	struct strbuf err = STRBUF_INIT;
	struct elf_info info;
	char *path = wpath(name);
	int r;

	elf_info_init(&info);
	r = elf_info_read(path, &info, &err);
	if (r != want)
		fail_msg("elf_info_read(%s) = %d, want %d: %s", name, r, want, err.buf);
	if (want == 0) {
		assert_int_equal(err.len, 0);
	} else {
		if (!strstr(err.buf, path))
			fail_msg("message does not name the file: %s", err.buf);
		if (msg_part && !strstr(err.buf, msg_part))
			fail_msg("message for %s lacks \"%s\": %s", name, msg_part, err.buf);
		/* released on failure */
		assert_int_equal(info.needed.nr, 0);
		assert_null(info.interp);
	}
	elf_info_release(&info);
	strbuf_release(&err);
	free(path);
}

static bool has_str(const struct strvec *sv, const char *s)
{
	return strvec_find(sv, s) >= 0;
}

/* The systemd package note: owner "FDO", type 0xcafe1a7e, JSON desc. */
static const char package_json[] =
	"{\"type\":\"deb\",\"os\":\"debian\",\"name\":\"souptrace-test\","
	"\"version\":\"1.2.3-1\",\"architecture\":\"amd64\"}";

static void write_package_note(const char *name)
{
	unsigned char buf[512];
	size_t jl = sizeof(package_json); /* with the NUL */
	size_t dl = (jl + 3) & ~(size_t)3;
	uint32_t hdr[3] = { 4, (uint32_t)dl, 0xcafe1a7eu }; /* host order: x86-64 */

	assert_true(12 + 4 + dl <= sizeof(buf));
	memset(buf, 0, sizeof(buf));
	memcpy(buf, hdr, sizeof(hdr));
	memcpy(buf + 12, "FDO", 4);
	memcpy(buf + 16, package_json, jl);
	write_bytes(name, buf, 16 + dl);
}

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	assert_int_equal(elf_info_lib_init(NULL), 0);
	snprintf(workdir, sizeof(workdir), "%s/st elf XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(workdir));
	write_file("hello.c",
		   "#include <stdio.h>\nint main(void)\n{\n\tputs(\"hi\");\n\treturn 0;\n}\n");
	write_file("foo.c", "int foo(int x)\n{\n\treturn x * 42;\n}\n");
	write_file("bar.c", "int bar(int x)\n{\n\treturn x + 1;\n}\n");
	write_file("notes.txt", "not an object\n");
	write_file("base.c", "int base(void) { return 1; }\nint base2(void) { return 2; }\n");
	write_file(
		"use.c",
		"int base(void);\nint base2(void);\nint use(void) { return base() + base2(); }\n");
	write_file("base.map",
		   "V_1.0 { global: base; local: *; };\nV_2.10 { global: base2; } V_1.0;\n");
	write_package_note("note.bin");

	/* x86-64: PIE, non-PIE, static, shared, object, stripped, -gz */
	must_run("cc -g -fPIE -pie -Wl,--build-id hello.c -o pie");
	must_run("cc -fno-PIE -no-pie -Wl,--build-id=none hello.c -o nopie");
	must_run("cc -static hello.c -o static");
	must_run("cc -g -fPIC -shared -Wl,-soname,libfoo.so.1 -Wl,--enable-new-dtags "
		 "-Wl,-rpath,'$ORIGIN/../lib:/opt/x' foo.c -o libfoo.so.1");
	must_run("cc -fPIC -shared -Wl,--disable-new-dtags -Wl,-rpath,/opt/old foo.c -o "
		 "librpath.so");
	must_run("cc -g -c foo.c -o foo.o && cc -c bar.c -o "
		 "bar_with_a_member_name_longer_than_16.o");
	must_run("cc -g hello.c -o stripped && strip --strip-all stripped");
	must_run("cc -g -gz hello.c -o gz");
	have_zlib_gnu = run("cc -g -gz=zlib-gnu -c foo.c -o zgnu.o") == 0;
	/* debug link and package note */
	must_run("objcopy --only-keep-debug pie pie.debug && "
		 "objcopy --strip-debug --add-gnu-debuglink=pie.debug pie pie-dl");
	must_run("objcopy --add-section .note.package=note.bin "
		 "--set-section-flags .note.package=noload,readonly "
		 "--set-section-alignment .note.package=4 pie pie-pkg");
	/* other machines */
	must_run("arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -g -c foo.c -o cm4.o");
	must_run("arm-none-eabi-gcc -mbig-endian -c foo.c -o armbe.o");
	must_run("clang --target=powerpc64-linux-gnu -fPIC -shared -nostdlib -fuse-ld=lld "
		 "-Wl,-soname,libbase.so.1 -Wl,--version-script=base.map base.c -o libbase.so");
	must_run("clang --target=powerpc64-linux-gnu -fPIC -shared -nostdlib -fuse-ld=lld "
		 "-Wl,-soname,libuse.so -Wl,-rpath,/opt/be use.c ./libbase.so -o libuse.so");
	have_m32 = run("cc -m32 hello.c -o hello32 && cc -m32 -c foo.c -o foo32.o") == 0;
	/* an archive: two objects (one with a long name) and a text file */
	must_run("ar rcs lib.a foo.o bar_with_a_member_name_longer_than_16.o notes.txt");
	return 0;
}

static int group_teardown(void **state)
{
	if (workdir[0] && !getenv("ST_KEEP_WORK"))
		tu_remove_tree(workdir);
	return 0;
}

/* ---- executables and libraries ---- */

static void test_pie(void **state)
{
	struct elf_info info;
	const struct elf_verneed *vn;
	struct strbuf out = STRBUF_INIT;

	elf_info_init(&info);
	load("pie", &info);
	assert_int_equal(info.elf_class, ELFCLASS64);
	assert_int_equal(info.data, ELFDATA2LSB);
	assert_int_equal(info.type, ET_DYN);
	assert_true(info.pie);
	assert_string_equal(elf_type_name(&info), "PIE");
	assert_int_equal(info.machine, EM_X86_64);
	assert_string_equal(info.machine_name, "x86-64");
	assert_string_equal(info.interp, "/lib64/ld-linux-x86-64.so.2");
	assert_true(info.has_dynamic);
	assert_int_equal(info.needed.nr, 1);
	assert_string_equal(info.needed.v[0], "libc.so.6");
	assert_null(info.soname);
	assert_true(info.has_symtab);
	assert_true(info.has_debug);
	assert_true(info.has_debug_info);
	assert_true(info.has_debug_line);
	assert_false(info.debug_compressed);
	assert_false(info.debug_zdebug);
	assert_null(info.package_note);
	assert_null(info.debuglink);
	/* build-id: the same as readelf's */
	assert_non_null(info.build_id);
	assert_int_equal(strlen(info.build_id), 40);
	assert_int_equal(capture(&out, "readelf -n pie | sed -n 's/.*Build ID: *//p'"), 0);
	assert_true(out.len > 0);
	if (out.buf[out.len - 1] == '\n')
		out.buf[--out.len] = '\0';
	assert_string_equal(info.build_id, out.buf);
	/* version requirements of a normal binary */
	vn = elf_info_verneed(&info, "libc.so.6");
	assert_non_null(vn);
	assert_true(has_str(&vn->versions, "GLIBC_2.2.5"));
	assert_true(has_str(&vn->versions, "GLIBC_2.34"));
	assert_string_equal(elf_verneed_highest(vn, NULL), "GLIBC_2.34");
	assert_string_equal(elf_verneed_highest(vn, "GLIBC_"), "GLIBC_2.34");
	assert_null(elf_verneed_highest(vn, "GLIBCXX_"));
	/* .comment */
	assert_true(info.comments.nr >= 1);
	assert_non_null(strstr(info.comments.v[0], "GCC: (Debian"));
	for (size_t i = 0; i < info.comments.nr; i++)
		for (size_t j = i + 1; j < info.comments.nr; j++)
			assert_string_not_equal(info.comments.v[i], info.comments.v[j]);
	elf_info_release(&info);
	strbuf_release(&out);
}

static void test_non_pie(void **state)
{
	struct elf_info info;

	elf_info_init(&info);
	load("nopie", &info);
	assert_int_equal(info.type, ET_EXEC);
	assert_false(info.pie);
	assert_string_equal(elf_type_name(&info), "EXEC");
	assert_non_null(info.interp);
	assert_string_equal(info.needed.v[0], "libc.so.6");
	assert_null(info.build_id); /* --build-id=none */
	assert_false(info.has_debug);
	assert_non_null(elf_info_verneed(&info, "libc.so.6"));
	elf_info_release(&info);
}

static void test_static(void **state)
{
	struct elf_info info;

	elf_info_init(&info);
	load("static", &info);
	assert_int_equal(info.type, ET_EXEC);
	assert_false(info.pie);
	assert_null(info.interp);
	assert_false(info.has_dynamic);
	assert_int_equal(info.needed.nr, 0);
	assert_int_equal(info.nr_verneed, 0);
	assert_non_null(info.build_id);
	assert_true(info.comments.nr >= 1);
	elf_info_release(&info);
}

static void test_shared(void **state)
{
	struct elf_info info;

	elf_info_init(&info);
	load("libfoo.so.1", &info);
	assert_int_equal(info.type, ET_DYN);
	assert_false(info.pie);
	assert_string_equal(elf_type_name(&info), "DYN");
	assert_null(info.interp);
	assert_string_equal(info.soname, "libfoo.so.1");
	assert_null(info.rpath);
	assert_string_equal(info.runpath, "$ORIGIN/../lib:/opt/x");
	assert_int_equal(info.runpath_dirs.nr, 2);
	assert_string_equal(info.runpath_dirs.v[0], "$ORIGIN/../lib");
	assert_string_equal(info.runpath_dirs.v[1], "/opt/x");
	assert_true(info.has_debug_info);
	elf_info_release(&info);

	load("librpath.so", &info);
	assert_string_equal(info.rpath, "/opt/old");
	assert_int_equal(info.rpath_dirs.nr, 1);
	assert_null(info.runpath);
	assert_null(info.soname);
	elf_info_release(&info);

	/* libc.so.6 has a PT_INTERP, and is no PIE */
	{
		struct strbuf err = STRBUF_INIT;

		assert_int_equal(elf_info_read("/lib/x86_64-linux-gnu/libc.so.6", &info, &err), 0);
		assert_false(info.pie);
		assert_string_equal(info.soname, "libc.so.6");
		strbuf_release(&err);
		elf_info_release(&info);
	}
}

static void test_object(void **state)
{
	struct elf_info info;

	elf_info_init(&info);
	load("foo.o", &info);
	assert_int_equal(info.type, ET_REL);
	assert_string_equal(elf_type_name(&info), "REL");
	assert_false(info.pie);
	assert_false(info.has_dynamic);
	assert_null(info.interp);
	assert_null(info.build_id);
	assert_true(info.has_symtab);
	assert_true(info.has_debug_info);
	assert_true(info.comments.nr >= 1);
	elf_info_release(&info);
}

static void test_stripped(void **state)
{
	struct elf_info info;

	elf_info_init(&info);
	load("stripped", &info);
	assert_false(info.has_symtab);
	assert_false(info.has_debug);
	assert_false(info.has_debug_info);
	assert_false(info.has_debug_line);
	assert_non_null(info.build_id); /* a note: kept by strip */
	elf_info_release(&info);
}

static void test_compressed_debug(void **state)
{
	struct elf_info info;

	elf_info_init(&info);
	load("gz", &info);
	assert_true(info.has_debug_info);
	assert_true(info.has_debug_line);
	assert_true(info.debug_compressed);
	assert_false(info.debug_zdebug);
	elf_info_release(&info);
	if (!have_zlib_gnu) {
		print_message("SKIP .zdebug: cc -gz=zlib-gnu does not work here\n");
		return;
	}
	load("zgnu.o", &info);
	assert_true(info.debug_zdebug);
	assert_true(info.has_debug_info);
	elf_info_release(&info);
}

static uint32_t crc32_gnu(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

static void test_debuglink(void **state)
{
	struct elf_info info;
	struct strbuf dbg = STRBUF_INIT;

	elf_info_init(&info);
	load("pie-dl", &info);
	assert_string_equal(info.debuglink, "pie.debug");
	read_work_file("pie.debug", &dbg);
	assert_int_equal(info.debuglink_crc, crc32_gnu((const unsigned char *)dbg.buf, dbg.len));
	assert_false(info.has_debug_info);
	elf_info_release(&info);
	/* the debug file itself has the same build-id and the debug info */
	load("pie.debug", &info);
	assert_true(info.has_debug_info);
	assert_non_null(info.build_id);
	elf_info_release(&info);
	strbuf_release(&dbg);
}

static void test_package_note(void **state)
{
	struct elf_info info;
	struct strbuf out = STRBUF_INIT;

	/* objcopy made it an SHT_NOTE section, as the systemd spec wants */
	assert_int_equal(capture(&out, "readelf -S pie-pkg | grep -A1 note.package"), 0);
	assert_non_null(strstr(out.buf, "NOTE"));
	elf_info_init(&info);
	load("pie-pkg", &info);
	assert_non_null(info.package_note);
	assert_string_equal(info.package_note, package_json);
	assert_non_null(info.build_id); /* still found next to it */
	elf_info_release(&info);
	strbuf_release(&out);
}

static void test_cortex_m(void **state)
{
	struct elf_info info;

	elf_info_init(&info);
	load("cm4.o", &info);
	assert_int_equal(info.elf_class, ELFCLASS32);
	assert_int_equal(info.data, ELFDATA2LSB);
	assert_int_equal(info.machine, EM_ARM);
	assert_string_equal(info.machine_name, "ARM");
	assert_int_equal(info.type, ET_REL);
	assert_int_equal(info.e_flags & EF_ARM_EABIMASK, EF_ARM_EABI_VER5);
	assert_true(info.has_debug_info);
	assert_true(info.comments.nr >= 1);
	assert_non_null(strstr(info.comments.v[0], "GCC: ("));
	elf_info_release(&info);
}

static void test_big_endian(void **state)
{
	struct elf_info info;
	const struct elf_verneed *vn;

	elf_info_init(&info);
	load("armbe.o", &info);
	assert_int_equal(info.elf_class, ELFCLASS32);
	assert_int_equal(info.data, ELFDATA2MSB);
	assert_int_equal(info.machine, EM_ARM);
	elf_info_release(&info);

	/* big-endian 64-bit with a dynamic section and version requirements */
	load("libuse.so", &info);
	assert_int_equal(info.elf_class, ELFCLASS64);
	assert_int_equal(info.data, ELFDATA2MSB);
	assert_int_equal(info.machine, EM_PPC64);
	assert_string_equal(info.machine_name, "PowerPC64");
	assert_string_equal(info.soname, "libuse.so");
	assert_string_equal(info.runpath, "/opt/be");
	assert_int_equal(info.needed.nr, 1);
	assert_string_equal(info.needed.v[0], "libbase.so.1");
	vn = elf_info_verneed(&info, "libbase.so.1");
	assert_non_null(vn);
	assert_true(has_str(&vn->versions, "V_1.0"));
	assert_true(has_str(&vn->versions, "V_2.10"));
	assert_string_equal(elf_verneed_highest(vn, NULL), "V_2.10");
	elf_info_release(&info);
}

static void test_32bit(void **state)
{
	struct elf_info info;

	if (!have_m32) {
		print_message("SKIP: cc -m32 does not work here (install gcc-multilib)\n");
		skip();
	}
	elf_info_init(&info);
	load("hello32", &info);
	assert_int_equal(info.elf_class, ELFCLASS32);
	assert_int_equal(info.machine, EM_386);
	assert_string_equal(info.machine_name, "Intel 80386");
	assert_string_equal(info.interp, "/lib/ld-linux.so.2");
	assert_string_equal(info.needed.v[0], "libc.so.6");
	assert_non_null(elf_info_verneed(&info, "libc.so.6"));
	elf_info_release(&info);
	load("foo32.o", &info);
	assert_int_equal(info.elf_class, ELFCLASS32);
	assert_int_equal(info.type, ET_REL);
	elf_info_release(&info);
}

/* ---- versions ---- */

/* Without section headers (sstrip): what the program headers give. */
static void test_no_section_headers(void **state)
{
	struct strbuf data = STRBUF_INIT;
	struct elf_info info, full;
	Elf64_Ehdr eh;

	read_work_file("pie", &data);
	memcpy(&eh, data.buf, sizeof(eh));
	eh.e_shoff = 0;
	eh.e_shnum = 0;
	eh.e_shstrndx = 0;
	memcpy(data.buf, &eh, sizeof(eh));
	write_bytes("pie.noshdr", data.buf, data.len);
	elf_info_init(&info);
	elf_info_init(&full);
	load("pie.noshdr", &info);
	load("pie", &full);
	assert_true(info.no_section_headers);
	assert_true(info.pie);
	assert_string_equal(info.interp, "/lib64/ld-linux-x86-64.so.2");
	assert_int_equal(info.needed.nr, 1);
	assert_string_equal(info.needed.v[0], "libc.so.6");
	assert_non_null(info.build_id);
	assert_string_equal(info.build_id, full.build_id);
	assert_int_equal(info.nr_verneed, 0); /* unknown without sections */
	assert_false(info.has_symtab);
	elf_info_release(&info);
	elf_info_release(&full);
	strbuf_release(&data);
}

static void test_version_compare(void **state)
{
	struct elf_verneed vn = { NULL, STRVEC_INIT };

	assert_true(elf_version_compare("GLIBC_2.34", "GLIBC_2.4") > 0);
	assert_true(elf_version_compare("GLIBC_2.4", "GLIBC_2.34") < 0);
	assert_true(elf_version_compare("GLIBC_2.3", "GLIBC_2.3.1") < 0);
	assert_true(elf_version_compare("GLIBC_2.2.5", "GLIBC_2.3") < 0);
	assert_int_equal(elf_version_compare("GLIBC_2.17", "GLIBC_2.17"), 0);
	assert_int_equal(elf_version_compare("GLIBC_2.017", "GLIBC_2.17"), 0);
	assert_true(elf_version_compare("GLIBC_PRIVATE", "GLIBC_2.0") != 0);
	assert_true(elf_version_compare("GLIBCXX_3.4.30", "GLIBCXX_3.4.9") > 0);
	assert_true(elf_version_compare("GLIBC_99999999999999999999.1", "GLIBC_2.1") > 0);

	assert_int_equal(strvec_push(&vn.versions, "GLIBC_PRIVATE"), 0);
	assert_int_equal(strvec_push(&vn.versions, "GLIBC_2.4"), 0);
	assert_int_equal(strvec_push(&vn.versions, "GLIBC_2.34"), 0);
	assert_int_equal(strvec_push(&vn.versions, "GLIBC_2.2.5"), 0);
	assert_string_equal(elf_verneed_highest(&vn, NULL), "GLIBC_2.34");
	strvec_clear(&vn.versions);
	/* libstdc++ asks for two families */
	assert_int_equal(strvec_push(&vn.versions, "CXXABI_1.3.13"), 0);
	assert_int_equal(strvec_push(&vn.versions, "GLIBCXX_3.4.9"), 0);
	assert_int_equal(strvec_push(&vn.versions, "GLIBCXX_3.4.30"), 0);
	assert_string_equal(elf_verneed_highest(&vn, NULL), "CXXABI_1.3.13");
	assert_string_equal(elf_verneed_highest(&vn, "GLIBCXX_"), "GLIBCXX_3.4.30");
	strvec_clear(&vn.versions);
	assert_int_equal(strvec_push(&vn.versions, "GLIBC_PRIVATE"), 0);
	assert_null(elf_verneed_highest(&vn, NULL));
	strvec_clear(&vn.versions);

	assert_string_equal(elf_machine_name(EM_AARCH64), "AArch64");
	assert_string_equal(elf_machine_name(EM_RISCV), "RISC-V");
	assert_string_equal(elf_machine_name(0xfff0), "unknown");
}

/* ---- archives ---- */

static void test_archive(void **state)
{
	struct elf_archive ar;
	struct strbuf err = STRBUF_INIT;
	char *path = wpath("lib.a");
	struct elf_info info;

	elf_archive_init(&ar);
	elf_info_init(&info);
	assert_int_equal(elf_info_read(path, &info, &err), ELF_INFO_ARCHIVE);
	if (elf_archive_read(path, &ar, &err))
		fail_msg("%s", err.buf);
	assert_int_equal(err.len, 0);
	assert_true(ar.has_symbol_table);
	assert_int_equal(ar.nr, 3);
	assert_string_equal(ar.members[0].name, "foo.o");
	assert_int_equal(ar.members[0].status, 0);
	assert_int_equal(ar.members[0].info.type, ET_REL);
	assert_int_equal(ar.members[0].info.machine, EM_X86_64);
	assert_true(ar.members[0].info.has_debug_info);
	assert_string_equal(ar.members[1].name, "bar_with_a_member_name_longer_than_16.o");
	assert_int_equal(ar.members[1].status, 0);
	assert_false(ar.members[1].info.has_debug_info);
	assert_true(ar.members[1].info.comments.nr >= 1);
	assert_string_equal(ar.members[2].name, "notes.txt");
	assert_int_equal(ar.members[2].status, 1);
	assert_null(ar.members[2].error);
	assert_int_equal(ar.members[2].size, strlen("not an object\n"));
	elf_archive_release(&ar);
	free(path);

	/* an ELF file is not an archive */
	path = wpath("foo.o");
	assert_int_equal(elf_archive_read(path, &ar, &err), 1);
	assert_non_null(strstr(err.buf, "not an archive"));
	assert_int_equal(ar.nr, 0);
	free(path);
	strbuf_release(&err);
}

/* ---- hostile input ---- */

static void write_prefix(const char *from, const char *to, size_t len)
{
	struct strbuf data = STRBUF_INIT;

	read_work_file(from, &data);
	assert_true(len <= data.len);
	write_bytes(to, data.buf, len);
	strbuf_release(&data);
}

static void test_truncated(void **state)
{
	struct strbuf data = STRBUF_INIT;
	size_t cuts[8];

	read_work_file("pie", &data);
	cuts[0] = 4;
	cuts[1] = 40;
	cuts[2] = 64;
	cuts[3] = 300;
	cuts[4] = 0x1000;
	cuts[5] = data.len / 2;
	cuts[6] = data.len - 64;
	cuts[7] = data.len - 1;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		struct strbuf name = STRBUF_INIT;

		assert_int_equal(strbuf_addf(&name, "pie.cut%zu", cuts[i]), 0);
		write_prefix("pie", name.buf, cuts[i]);
		expect_result(name.buf, -1, NULL);
		strbuf_release(&name);
	}
	write_prefix("pie", "pie.cut3", 3);
	expect_result("pie.cut3", 1, "not an ELF file");
	strbuf_release(&data);

	/* archives cut inside a header, inside a member */
	read_work_file("lib.a", &data);
	{
		size_t acuts[] = { 20, 100, data.len / 2, data.len - 3 };

		for (size_t i = 0; i < sizeof(acuts) / sizeof(acuts[0]); i++) {
			struct strbuf err = STRBUF_INIT;
			struct elf_archive ar;
			char *path;

			write_prefix("lib.a", "lib.cut", acuts[i]);
			path = wpath("lib.cut");
			elf_archive_init(&ar);
			assert_int_equal(elf_archive_read(path, &ar, &err), -1);
			assert_non_null(strstr(err.buf, path));
			assert_int_equal(ar.nr, 0);
			strbuf_release(&err);
			free(path);
		}
	}
	strbuf_release(&data);
}

static void test_garbage(void **state)
{
	unsigned char buf[4096];
	uint32_t x = 12345;

	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (unsigned char)(x >> 16);
	}
	write_bytes("garbage", buf, sizeof(buf));
	expect_result("garbage", 1, "not an ELF file");
	memcpy(buf, ELFMAG, SELFMAG);
	write_bytes("garbage.elf", buf, sizeof(buf));
	expect_result("garbage.elf", -1, NULL);
	/* an ELF header that looks right, with garbage after it */
	buf[EI_CLASS] = ELFCLASS64;
	buf[EI_DATA] = ELFDATA2LSB;
	buf[EI_VERSION] = EV_CURRENT;
	write_bytes("garbage.elf64", buf, sizeof(buf));
	expect_result("garbage.elf64", -1, NULL);
	write_bytes("empty", "", 0);
	expect_result("empty", 1, "not an ELF file");
	write_file("text", "#!/bin/sh\necho hi\n");
	expect_result("text", 1, "not an ELF file");
}

static void patch_ehdr_shoff(const char *from, const char *to, uint64_t shoff)
{
	struct strbuf data = STRBUF_INIT;
	Elf64_Ehdr eh;

	read_work_file(from, &data);
	assert_true(data.len >= sizeof(eh));
	memcpy(&eh, data.buf, sizeof(eh));
	eh.e_shoff = shoff;
	memcpy(data.buf, &eh, sizeof(eh));
	write_bytes(to, data.buf, data.len);
	strbuf_release(&data);
}

static void test_bad_offsets(void **state)
{
	struct strbuf data = STRBUF_INIT;

	read_work_file("pie", &data);
	patch_ehdr_shoff("pie", "pie.shoff", (uint64_t)data.len + 4096);
	expect_result("pie.shoff", -1, NULL);
	patch_ehdr_shoff("pie", "pie.shoff2", (uint64_t)data.len - 10);
	expect_result("pie.shoff2", -1, NULL);
	patch_ehdr_shoff("pie", "pie.shoff3", UINT64_MAX - 7);
	expect_result("pie.shoff3", -1, NULL);
	strbuf_release(&data);

	/* a section reaching past the end: .comment, the last but the tables */
	{
		struct strbuf sh = STRBUF_INIT, err = STRBUF_INIT;
		struct elf_info info;
		Elf64_Ehdr eh;
		char *path;

		read_work_file("foo.o", &sh);
		memcpy(&eh, sh.buf, sizeof(eh));
		for (unsigned i = 1; i < eh.e_shnum; i++) {
			Elf64_Shdr s;
			size_t off = eh.e_shoff + (size_t)i * sizeof(s);

			assert_true(off + sizeof(s) <= sh.len);
			memcpy(&s, sh.buf + off, sizeof(s));
			if (s.sh_type != SHT_PROGBITS)
				continue;
			s.sh_size = sh.len;
			memcpy(sh.buf + off, &s, sizeof(s));
			break;
		}
		write_bytes("foo.badsec", sh.buf, sh.len);
		path = wpath("foo.badsec");
		elf_info_init(&info);
		assert_int_equal(elf_info_read(path, &info, &err), -1);
		assert_non_null(strstr(err.buf, path));
		assert_non_null(strstr(err.buf, "section ["));
		assert_non_null(strstr(err.buf, "past the end"));
		strbuf_release(&sh);
		strbuf_release(&err);
		free(path);
	}
}

static void test_not_files(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct elf_info info;
	struct elf_archive ar;
	char *path = wpath("no such file");

	elf_info_init(&info);
	elf_archive_init(&ar);
	assert_int_equal(elf_info_read(path, &info, &err), -1);
	assert_non_null(strstr(err.buf, path));
	assert_non_null(strstr(err.buf, "cannot open"));
	strbuf_reset(&err);
	assert_int_equal(elf_archive_read(path, &ar, &err), -1);
	assert_non_null(strstr(err.buf, path));
	strbuf_reset(&err);
	assert_int_equal(elf_info_read(workdir, &info, &err), -1);
	assert_non_null(strstr(err.buf, workdir));
	assert_non_null(strstr(err.buf, "directory"));
	strbuf_reset(&err);
	assert_int_equal(elf_archive_read(workdir, &ar, &err), -1);
	assert_non_null(strstr(err.buf, "directory"));
	/* err may be NULL */
	assert_int_equal(elf_info_read(path, &info, NULL), -1);
	strbuf_release(&err);
	free(path);
}

/*
 * A hand-made ELF whose .dynamic has n DT_NEEDED entries all naming one
 * string of len bytes: copying them out would take n * len bytes.
 */
static void write_amplifier(const char *name, size_t n, size_t len)
{
	static const char shstr[] = "\0.dynstr\0.dynamic\0.shstrtab";
	struct strbuf f = STRBUF_INIT;
	Elf64_Ehdr eh;
	Elf64_Shdr sh[4];
	size_t dynstr, dynamic, shstrtab;

	memset(&eh, 0, sizeof(eh));
	memset(sh, 0, sizeof(sh));
	assert_int_equal(strbuf_add(&f, &eh, sizeof(eh)), 0);
	dynstr = f.len;
	assert_int_equal(strbuf_addch(&f, '\0'), 0);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(strbuf_addch(&f, 'A'), 0);
	assert_int_equal(strbuf_addch(&f, '\0'), 0);
	while (f.len % 8)
		assert_int_equal(strbuf_addch(&f, '\0'), 0);
	dynamic = f.len;
	for (size_t i = 0; i <= n; i++) {
		Elf64_Dyn d = { i < n ? DT_NEEDED : DT_NULL, { i < n ? 1 : 0 } };

		assert_int_equal(strbuf_add(&f, &d, sizeof(d)), 0);
	}
	shstrtab = f.len;
	assert_int_equal(strbuf_add(&f, shstr, sizeof(shstr)), 0);
	while (f.len % 8)
		assert_int_equal(strbuf_addch(&f, '\0'), 0);
	sh[1] = (Elf64_Shdr){ 1, SHT_STRTAB, SHF_ALLOC, 0, dynstr, dynamic - dynstr, 0, 0, 1, 0 };
	sh[2] = (Elf64_Shdr){
		9, SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE, 0, dynamic, shstrtab - dynamic, 1,
		0, 8,		sizeof(Elf64_Dyn)
	};
	sh[3] = (Elf64_Shdr){ 18, SHT_STRTAB, 0, 0, shstrtab, sizeof(shstr), 0, 0, 1, 0 };
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_DYN;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_shoff = f.len;
	eh.e_ehsize = sizeof(eh);
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = 4;
	eh.e_shstrndx = 3;
	memcpy(f.buf, &eh, sizeof(eh));
	assert_int_equal(strbuf_add(&f, sh, sizeof(sh)), 0);
	write_bytes(name, f.buf, f.len);
	strbuf_release(&f);
}

static void test_amplification(void **state)
{
	struct elf_info info;

	/* small: read fine */
	write_amplifier("amp.small", 3, 10);
	elf_info_init(&info);
	load("amp.small", &info);
	assert_int_equal(info.needed.nr, 3);
	assert_int_equal(strlen(info.needed.v[2]), 10);
	elf_info_release(&info);
	/* 100000 names of 64 KiB: 6 GiB if copied; refused */
	write_amplifier("amp.big", 100000, 65536);
	expect_result("amp.big", -1, "bytes of strings");
}

/* Flip bytes of real files: any result, never a crash or a leak (ASan). */
static void mutate_and_read(const char *from, unsigned rounds, bool archive)
{
	struct strbuf orig = STRBUF_INIT, data = STRBUF_INIT, err = STRBUF_INIT;
	uint32_t x = 0x5eed;
	char *path = wpath("mutant");

	read_work_file(from, &orig);
	for (unsigned r = 0; r < rounds; r++) {
		struct elf_info info;
		struct elf_archive ar;
		FILE *f;
		int ret;

		strbuf_reset(&data);
		assert_int_equal(strbuf_add(&data, orig.buf, orig.len), 0);
		for (int k = 0; k < 1 + (int)(r % 8); k++) {
			size_t at;

			x = x * 1103515245u + 12345u;
			/* mostly headers and tables: the start and the end */
			at = (x >> 8) % 3 == 0 ? (x >> 4) % 256
			     : (x >> 8) % 3 == 1
				     ? data.len - 1 - (x >> 4) % (data.len < 4096 ? data.len : 4096)
				     : (x >> 4) % data.len;
			x = x * 1103515245u + 12345u;
			data.buf[at] = (char)(x >> 16);
		}
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(data.buf, 1, data.len, f), data.len);
		assert_int_equal(fclose(f), 0);
		strbuf_reset(&err);
		if (archive) {
			elf_archive_init(&ar);
			ret = elf_archive_read(path, &ar, &err);
			elf_archive_release(&ar);
		} else {
			struct elf_info mem;
			struct strbuf merr = STRBUF_INIT;
			int mrc;
			char *copy = malloc(data.len ? data.len : 1);

			elf_info_init(&info);
			ret = elf_info_read(path, &info, &err);
			/* from memory: where both read it, the same answer (elf_info.h) */
			assert_non_null(copy);
			memcpy(copy, data.buf, data.len);
			elf_info_init(&mem);
			mrc = elf_info_read_memory(path, copy, data.len, &mem, &merr);
			if (ret == 0 && mrc == 0) {
				assert_int_equal(mem.type, info.type);
				assert_int_equal(mem.has_contents, info.has_contents);
				assert_int_equal(mem.no_section_headers, info.no_section_headers);
			} else if (mrc == -1) {
				assert_non_null(strstr(merr.buf, path)); /* said, naming the file */
			}
			assert_true(mrc >= -1 && mrc <= 2);
			if (mrc > 0 || ret > 0)
				assert_int_equal(mrc, ret); /* not ELF, an archive: told alike */
			elf_info_release(&mem);
			elf_info_release(&info);
			strbuf_release(&merr);
			free(copy);
		}
		assert_true(ret >= -1 && ret <= 2);
		if (ret != 0)
			assert_non_null(strstr(err.buf, path));
	}
	strbuf_release(&orig);
	strbuf_release(&data);
	strbuf_release(&err);
	free(path);
}

static void test_mutations(void **state)
{
	mutate_and_read("pie", 300, false);
	mutate_and_read("foo.o", 300, false);
	mutate_and_read("libuse.so", 200, false);
	mutate_and_read("cm4.o", 200, false);
	mutate_and_read("lib.a", 300, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pie),
		cmocka_unit_test(test_non_pie),
		cmocka_unit_test(test_static),
		cmocka_unit_test(test_shared),
		cmocka_unit_test(test_object),
		cmocka_unit_test(test_stripped),
		cmocka_unit_test(test_compressed_debug),
		cmocka_unit_test(test_debuglink),
		cmocka_unit_test(test_package_note),
		cmocka_unit_test(test_cortex_m),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_32bit),
		cmocka_unit_test(test_no_section_headers),
		cmocka_unit_test(test_version_compare),
		cmocka_unit_test(test_archive),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_bad_offsets),
		cmocka_unit_test(test_not_files),
		cmocka_unit_test(test_amplification),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
