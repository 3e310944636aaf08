/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for analyzers/ldso.c. A fake sysroot is built in a temporary
 * directory with the real compilers (cc, cc -m32, clang+lld for AArch64):
 *
 *   /bin/app          RUNPATH $ORIGIN/../private:/opt/$LIB:/opt/p/${PLATFORM}
 *                     NEEDED libA.so libF.so libG.so libmissing.so libH.so
 *   /private/libA.so  RPATH /opt/b; NEEDED libB.so libD.so
 *   /private/libD.so  (only in app's RUNPATH dir: not for libA)
 *   /opt/b/libB.so    NEEDED libA.so (a cycle) libC.so
 *   /opt/b/libC.so    32-bit: skipped
 *   /opt/conf/libC.so AArch64: skipped
 *   /lib -> usr/lib, /usr/lib/libC.so -> /usr/lib/libC.so.1 (absolute link)
 *   /usr/lib/libC.so.1  NEEDED libE.so
 *   /opt/conf/libE.so   a directory of etc/ld.so.conf.d/a.conf
 *   /opt/lib/x86_64-linux-gnu/libF.so, /opt/p/x86_64/libG.so  ($LIB, $PLATFORM)
 *   /opt/cached/libH.so only in the crafted etc/ld.so.cache
 *   /opt/llp/libD.so    for the LD_LIBRARY_PATH option
 *
 * with cc -m32 also an i386 program and its loader in both Debian layouts:
 *
 *   /bin/app32          PT_INTERP /lib/ld-linux.so.2, RUNPATH /opt/$LIB
 *                       NEEDED libq.so libr.so
 *   /usr/lib32/{ld-linux.so.2,libq.so}, /lib32 -> usr/lib32, /opt/lib32/libr.so
 *                       libc6-i386 (biarch, what gcc-multilib installs)
 *   /usr/lib/i386-linux-gnu/{ld-linux.so.2,libq.so}, /opt/lib/i386-linux-gnu/libr.so
 *                       libc6:i386 (multiarch)
 *   (libq.so NEEDED ld-linux.so.2; /lib/ld-linux.so.2 is linked to one loader
 *   at a time by the test)
 *
 * and the real system is checked against each program's own loader (its
 * PT_INTERP) run with --list, which is what ldd runs, here only as an
 * oracle on binaries this test built (the library never runs anything).
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
#include <sys/wait.h>
#include <unistd.h>

#include "elf_info.h"
#include "ldso.h"
#include "strbuf.h"

#include "testutil.h"
#include "banned.h"

/* Contains a space on purpose: every path must be quoted. */
static char workdir[4096];
static char sysroot[4200];
static bool have_m32;

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

static void remove_work_file(const char *name)
{
	char *path = wpath(name);

	unlink(path);
	free(path);
}

/* Resolve a work file with cfg (sysroot set to the fake tree unless given). */
static void resolve(struct ldso_config *cfg, const char *name, struct ldso_tree *t)
{
	struct strbuf err = STRBUF_INIT;
	char *path = name[0] == '/' ? strdup(name) : wpath(name);
	int r;

	assert_non_null(path);
	r = ldso_resolve(cfg, path, t, &err);
	if (r != 0)
		fail_msg("ldso_resolve(%s) = %d: %s", name, r, err.buf);
	assert_int_equal(err.len, 0);
	assert_string_equal(t->root_path, path);
	strbuf_release(&err);
	free(path);
}

static const struct ldso_node *node(const struct ldso_tree *t, const char *name)
{
	long i = ldso_tree_find(t, name);

	if (i < 0)
		fail_msg("no node %s", name);
	return &t->nodes[i];
}

static bool has_edge(const struct ldso_tree *t, size_t from, size_t to)
{
	for (size_t i = 0; i < t->nr_edges; i++)
		if (t->edges[i].from == from && t->edges[i].to == to)
			return true;
	return false;
}

static size_t idx(const struct ldso_tree *t, const char *name)
{
	return (size_t)(node(t, name) - t->nodes);
}

static bool skipped_has(const struct ldso_node *n, const char *part)
{
	for (size_t i = 0; i < n->skipped.nr; i++)
		if (strstr(n->skipped.v[i], part))
			return true;
	return false;
}

/* The tree must be consistent whatever it holds. */
static void check_invariants(const struct ldso_tree *t)
{
	size_t unresolved = 0;

	for (size_t i = 0; i < t->nr; i++) {
		const struct ldso_node *n = &t->nodes[i];

		assert_non_null(n->name);
		assert_true(n->depth >= 1);
		if (n->loader == LDSO_ROOT) {
			assert_int_equal(n->depth, 1);
		} else {
			assert_true(n->loader < i);
			assert_int_equal(t->nodes[n->loader].depth + 1, n->depth);
			assert_int_not_equal(t->nodes[n->loader].how, LDSO_NOT_FOUND);
		}
		if (n->how == LDSO_NOT_FOUND) {
			unresolved++;
			assert_null(n->path);
			assert_null(n->real_path);
			assert_null(n->host_path);
		} else {
			assert_non_null(n->path);
			assert_non_null(n->real_path);
			assert_non_null(n->host_path);
			/* de-duplicated by real path */
			for (size_t j = 0; j < i; j++)
				if (t->nodes[j].real_path)
					assert_string_not_equal(t->nodes[j].host_path,
								n->host_path);
		}
		assert_true(has_edge(t, n->loader, i));
	}
	assert_int_equal(unresolved, t->nr_unresolved);
	for (size_t i = 0; i < t->nr_edges; i++) {
		assert_true(t->edges[i].from == LDSO_ROOT || t->edges[i].from < t->nr);
		assert_true(t->edges[i].to == LDSO_ROOT || t->edges[i].to < t->nr);
	}
}

/* ---- ld.so.cache writer (glibc's format, this machine's byte order) ---- */

struct centry {
	int32_t flags;
	uint64_t hwcap;
	const char *key, *value;
};

static void put32(struct strbuf *sb, uint32_t v)
{
	assert_int_equal(strbuf_add(sb, &v, 4), 0);
}

/* The new format at the current end of sb; string offsets from its start. */
static void cache_new(struct strbuf *sb, const struct centry *e, size_t n)
{
	size_t start = sb->len, strings = 48 + n * 24, off;
	struct strbuf str = STRBUF_INIT;

	assert_int_equal(strbuf_add(sb, "glibc-ld.so.cache1.1", 20), 0);
	put32(sb, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strbuf_add(&str, e[i].key, strlen(e[i].key) + 1), 0);
		assert_int_equal(strbuf_add(&str, e[i].value, strlen(e[i].value) + 1), 0);
	}
	put32(sb, (uint32_t)str.len);
	put32(sb, 2); /* flags: little-endian, 3 bytes padding */
	put32(sb, 0); /* extension_offset */
	put32(sb, 0);
	put32(sb, 0);
	put32(sb, 0);
	assert_int_equal(sb->len - start, 48);
	off = strings;
	for (size_t i = 0; i < n; i++) {
		put32(sb, (uint32_t)e[i].flags);
		put32(sb, (uint32_t)off);
		off += strlen(e[i].key) + 1;
		put32(sb, (uint32_t)off);
		off += strlen(e[i].value) + 1;
		put32(sb, 0);
		assert_int_equal(strbuf_add(sb, &e[i].hwcap, 8), 0);
	}
	assert_int_equal(strbuf_add(sb, str.buf, str.len), 0);
	strbuf_release(&str);
}

/* The old libc5/glibc 2.0 format; with_new: the new one follows. */
static void cache_old(struct strbuf *sb, const struct centry *e, size_t n, bool with_new)
{
	size_t off = 0;
	struct strbuf str = STRBUF_INIT;

	assert_int_equal(strbuf_add(sb, "ld.so-1.7.0\0", 12), 0);
	put32(sb, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		put32(sb, (uint32_t)e[i].flags);
		put32(sb, (uint32_t)off);
		off += strlen(e[i].key) + 1;
		put32(sb, (uint32_t)off);
		off += strlen(e[i].value) + 1;
		assert_int_equal(strbuf_add(&str, e[i].key, strlen(e[i].key) + 1), 0);
		assert_int_equal(strbuf_add(&str, e[i].value, strlen(e[i].value) + 1), 0);
	}
	if (with_new) {
		static const struct centry newer[] = {
			{ 0x0303, 0, "libH.so", "/opt/cached/libH.so" },
			{ 0x0303, 0, "libE.so", "/opt/conf/libE.so" },
		};

		while (sb->len % 8)
			assert_int_equal(strbuf_addch(sb, '\0'), 0);
		cache_new(sb, newer, 2);
	} else {
		assert_int_equal(strbuf_add(sb, str.buf, str.len), 0);
	}
	strbuf_release(&str);
}

static void write_cache(const struct strbuf *sb)
{
	write_bytes("root/etc/ld.so.cache", sb->buf, sb->len);
}

/* ---- the fake tree ---- */

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	/* No libc in the fake tree: every file is linked without it. */
	const char *lib = "cc -shared -fPIC -nostdlib -Wl,--no-as-needed";
	const char *exe =
		"cc -nostdlib -nostartfiles -Wl,--no-as-needed -Wl,--allow-shlib-undefined";

	snprintf(workdir, sizeof(workdir), "%s/st ldso XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(workdir));
	snprintf(sysroot, sizeof(sysroot), "%s/root", workdir);
	write_file("x.c", "int x(void)\n{\n\treturn 1;\n}\n");
	write_file("start.c", "void _start(void)\n{\n}\n");
	write_file("s.c", "int main(void)\n{\n\treturn 0;\n}\n");
	write_file("main.c", "#include <stdio.h>\n#include <zlib.h>\n"
			     "int main(void)\n{\n\tputs(zlibVersion());\n\treturn 0;\n}\n");
	must_run(
		"mkdir -p build root/bin root/private root/opt/b root/opt/conf root/usr/lib "
		"root/opt/lib/x86_64-linux-gnu root/opt/p/x86_64 root/opt/cached root/opt/llp "
		"root/opt/abs root/etc/ld.so.conf.d out/bin out/private && ln -s usr/lib root/lib");
	must_run("%s -Wl,-soname,libE.so x.c -o root/opt/conf/libE.so", lib);
	must_run("%s -Wl,-soname,libC.so x.c root/opt/conf/libE.so -o root/usr/lib/libC.so.1", lib);
	must_run("%s -Wl,-soname,libA.so x.c -o build/libA0.so", lib);
	must_run("%s -Wl,-soname,libB.so x.c build/libA0.so root/usr/lib/libC.so.1 "
		 "-o root/opt/b/libB.so",
		 lib);
	must_run("%s -Wl,-soname,libD.so x.c -o root/private/libD.so && "
		 "cp root/private/libD.so root/opt/llp/libD.so",
		 lib);
	must_run("%s -Wl,-soname,libA.so -Wl,--disable-new-dtags -Wl,-rpath,/opt/b x.c "
		 "root/opt/b/libB.so root/private/libD.so -o root/private/libA.so",
		 lib);
	must_run("%s -Wl,-soname,libF.so x.c -o root/opt/lib/x86_64-linux-gnu/libF.so", lib);
	must_run("%s -Wl,-soname,libG.so x.c -o root/opt/p/x86_64/libG.so", lib);
	must_run("%s -Wl,-soname,libH.so x.c -o root/opt/cached/libH.so", lib);
	must_run("%s -Wl,-soname,libmissing.so x.c -o build/libmissing.so", lib);
	must_run("%s -Wl,--enable-new-dtags "
		 "-Wl,-rpath,'$ORIGIN/../private:/opt/$LIB:/opt/p/${PLATFORM}' start.c "
		 "root/private/libA.so root/opt/lib/x86_64-linux-gnu/libF.so "
		 "root/opt/p/x86_64/libG.so build/libmissing.so root/opt/cached/libH.so "
		 "-o root/bin/app",
		 exe);
	/* DT_NEEDED with a path; a program with DF_1_NODEFLIB */
	must_run("%s -Wl,-soname,/opt/abs/libabs.so x.c -o root/opt/abs/libabs.so", lib);
	must_run("%s start.c root/opt/abs/libabs.so -o root/bin/app2", exe);
	must_run("%s -Wl,-z,nodefaultlib start.c root/usr/lib/libC.so.1 -o root/bin/app3", exe);
	/* a library's $ORIGIN is the directory it was found in, not its real one:
	 * /opt/link/libO.so -> /opt/o/libO.so, RUNPATH $ORIGIN/dep */
	must_run("mkdir -p root/opt/o root/opt/link/dep root/opt/o/dep-not-here");
	must_run("%s -Wl,-soname,libP.so x.c -o root/opt/link/dep/libP.so", lib);
	must_run("%s -Wl,-soname,libO.so -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/dep' x.c "
		 "root/opt/link/dep/libP.so -o root/opt/o/libO.so",
		 lib);
	must_run("%s -Wl,--disable-new-dtags -Wl,-rpath,/opt/link start.c root/opt/o/libO.so "
		 "-o root/bin/app4 && ln -s /opt/o/libO.so root/opt/link/libO.so",
		 exe);
	/* the root outside the sysroot, its $ORIGIN leading to this machine's files */
	must_run("cp root/bin/app out/bin/app && cp root/private/libA.so out/private/libA.so");
	/* wrong candidates for libC.so, then the absolute symlink to the real one */
	must_run("clang --target=aarch64-linux-gnu -shared -nostdlib -fuse-ld=lld "
		 "-Wl,-soname,libC.so x.c -o root/opt/conf/libC.so");
	have_m32 = run("cc -m32 -shared -fPIC -nostdlib -Wl,-soname,libC.so x.c "
		       "-o root/opt/b/libC.so") == 0;
	/* an i386 program, its loader and libraries as libc6-i386 (biarch)
	 * and libc6:i386 (multiarch) install them */
	if (have_m32) {
		const char *lib32 = "cc -m32 -shared -fPIC -nostdlib -Wl,--no-as-needed";

		must_run("mkdir -p root/usr/lib32 root/usr/lib/i386-linux-gnu root/opt/lib32 "
			 "root/opt/lib/i386-linux-gnu && ln -s usr/lib32 root/lib32");
		must_run("%s -Wl,-soname,ld-linux.so.2 x.c -o root/usr/lib32/ld-linux.so.2 && "
			 "cp root/usr/lib32/ld-linux.so.2 root/usr/lib/i386-linux-gnu/",
			 lib32);
		must_run("%s -Wl,-soname,libq.so x.c root/usr/lib32/ld-linux.so.2 "
			 "-o root/usr/lib32/libq.so && "
			 "cp root/usr/lib32/libq.so root/usr/lib/i386-linux-gnu/",
			 lib32);
		must_run("%s -Wl,-soname,libr.so x.c -o root/opt/lib32/libr.so && "
			 "cp root/opt/lib32/libr.so root/opt/lib/i386-linux-gnu/",
			 lib32);
		must_run("cc -m32 -nostdlib -nostartfiles -Wl,--no-as-needed "
			 "-Wl,--allow-shlib-undefined -Wl,--dynamic-linker=/lib/ld-linux.so.2 "
			 "-Wl,--enable-new-dtags -Wl,-rpath,'/opt/$LIB' start.c "
			 "root/usr/lib32/libq.so root/opt/lib32/libr.so -o root/bin/app32");
	}
	must_run("ln -s /usr/lib/libC.so.1 root/usr/lib/libC.so");
	/* ld.so.conf with an include glob, comments and a missing directory */
	write_file("root/etc/ld.so.conf",
		   "# test\ninclude ld.so.conf.d/*.conf\n/opt/nonexistent\n");
	write_file("root/etc/ld.so.conf.d/a.conf", "/opt/conf/   # trailing comment\n");
	write_file("root/etc/ld.so.conf.d/b.conf", "hwcap 0 nosegneg\n/opt/other\n");
	write_file("root/etc/ld.so.conf.d/c.txt", "/opt/never\n");
	/* odds and ends */
	must_run("cc -static s.c -o root/bin/static");
	must_run("cc -c x.c -o root/bin/x.o && ar rcs root/bin/x.a root/bin/x.o");
	write_file("root/bin/script", "#!/bin/sh\n");
	/* the real system */
	must_run("cc main.c -lz -o zapp");
	if (have_m32)
		have_m32 = run("cc -m32 s.c -o app32") == 0;
	return 0;
}

static int group_teardown(void **state)
{
	if (workdir[0] && !getenv("ST_KEEP_WORK"))
		tu_remove_tree(workdir);
	return 0;
}

/* ---- the fake tree ---- */

/* What every resolution of root/bin/app shows whatever the cache. */
static void check_app_common(const struct ldso_tree *t)
{
	const struct ldso_node *n;

	check_invariants(t);
	/* breadth first, in DT_NEEDED order */
	assert_string_equal(t->nodes[0].name, "libA.so");
	assert_string_equal(t->nodes[1].name, "libF.so");
	assert_string_equal(t->nodes[2].name, "libG.so");
	assert_string_equal(t->nodes[3].name, "libmissing.so");
	assert_string_equal(t->nodes[4].name, "libH.so");

	n = node(t, "libA.so");
	assert_int_equal(n->how, LDSO_RUNPATH);
	assert_string_equal(n->path, "/bin/../private/libA.so");
	assert_string_equal(n->real_path, "/private/libA.so");
	assert_int_equal(n->loader, LDSO_ROOT);
	assert_int_equal(n->depth, 1);
	assert_string_equal(n->soname, "libA.so");

	n = node(t, "libF.so"); /* $LIB */
	assert_int_equal(n->how, LDSO_RUNPATH);
	assert_string_equal(n->path, "/opt/lib/x86_64-linux-gnu/libF.so");
	n = node(t, "libG.so"); /* ${PLATFORM} */
	assert_int_equal(n->how, LDSO_RUNPATH);
	assert_string_equal(n->path, "/opt/p/x86_64/libG.so");

	n = node(t, "libmissing.so");
	assert_int_equal(n->how, LDSO_NOT_FOUND);
	assert_int_equal(n->loader, LDSO_ROOT);

	/* libB through libA's RPATH */
	n = node(t, "libB.so");
	assert_int_equal(n->how, LDSO_RPATH);
	assert_string_equal(n->path, "/opt/b/libB.so");
	assert_int_equal(n->loader, idx(t, "libA.so"));
	assert_int_equal(n->depth, 2);
	/* the cycle: libB needs libA back, which is loaded once */
	assert_true(has_edge(t, idx(t, "libB.so"), idx(t, "libA.so")));

	/* libD is in app's RUNPATH directory, which libA does not inherit */
	n = node(t, "libD.so");
	assert_int_equal(n->how, LDSO_NOT_FOUND);
	assert_int_equal(n->loader, idx(t, "libA.so"));

	/* libC: the wrong-class and wrong-machine candidates are passed over */
	n = node(t, "libC.so");
	assert_int_equal(n->how, LDSO_DEFAULT);
	assert_string_equal(n->path, "/lib/libC.so");
	assert_string_equal(n->real_path, "/usr/lib/libC.so.1"); /* absolute link, in the sysroot */
	assert_int_equal(n->loader, idx(t, "libB.so"));
	assert_int_equal(n->depth, 3);
	if (have_m32)
		assert_true(skipped_has(n, "/opt/b/libC.so: ELFCLASS32, not ELFCLASS64"));
	else
		print_message("SKIP wrong-class candidate: cc -m32 -shared does not work here\n");
	{
		char *host = NULL;
		struct strbuf want = STRBUF_INIT;

		assert_int_equal(strbuf_addf(&want, "%s/usr/lib/libC.so.1", sysroot), 0);
		host = realpath(want.buf, NULL);
		assert_non_null(host);
		assert_string_equal(n->host_path, host);
		free(host);
		strbuf_release(&want);
	}
	assert_int_equal(t->nr_unresolved >= 2, true);
	assert_false(t->truncated);
}

static void test_tree_conf(void **state)
{
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;
	bool warned = false;

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	remove_work_file("root/etc/ld.so.cache");
	resolve(&cfg, "root/bin/app", &t);
	check_app_common(&t);
	/* no ld.so.cache: the directories of ld.so.conf */
	n = node(&t, "libC.so");
	assert_true(skipped_has(n, "/opt/conf/libC.so: machine 183 (AArch64), not 62 (x86-64)"));
	n = node(&t, "libE.so");
	assert_int_equal(n->how, LDSO_CONF);
	assert_string_equal(n->path, "/opt/conf/libE.so");
	assert_int_equal(n->depth, 4);
	n = node(&t, "libH.so");
	assert_int_equal(n->how, LDSO_NOT_FOUND);
	assert_int_equal(t.nr_unresolved, 3);
	for (size_t i = 0; i < t.warnings.nr; i++)
		if (strstr(t.warnings.v[i], "ld.so.cache: missing"))
			warned = true;
	assert_true(warned);
	ldso_tree_release(&t);
}

static void test_tree_cache(void **state)
{
	static const struct centry entries[] = {
		{ 0x0303, (1ULL << 62) | 1, "libH.so", "/opt/hwcaps/libH.so" }, /* glibc-hwcaps */
		{ 0x0003, 0, "libH.so", "/opt/i386/libH.so" },			/* i386 libc6 */
		{ 0x0303, 0, "libH.so", "/opt/cached/libH.so" },
		{ 0x0303, 0, "libE.so", "/opt/conf/libE.so" },
		{ 0x0a03, 0, "libC.so", "/opt/conf/libC.so" }, /* AArch64: not for us */
	};
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct strbuf cache = STRBUF_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	cache_new(&cache, entries, sizeof(entries) / sizeof(entries[0]));
	write_cache(&cache);
	resolve(&cfg, "root/bin/app", &t);
	check_app_common(&t);
	n = node(&t, "libH.so");
	assert_int_equal(n->how, LDSO_CACHE);
	assert_string_equal(n->path, "/opt/cached/libH.so");
	n = node(&t, "libE.so");
	assert_int_equal(n->how, LDSO_CACHE);
	/* ld.so.conf is not read when there is a cache */
	n = node(&t, "libC.so");
	assert_false(skipped_has(n, "/opt/conf/libC.so"));
	assert_int_equal(t.warnings.nr, 0);
	assert_int_equal(t.nr_unresolved, 2);
	ldso_tree_release(&t);

	/* the old format with the new one inside: the new one counts */
	strbuf_reset(&cache);
	{
		static const struct centry old[] = { { 0x0303, 0, "libH.so", "/opt/old/libH.so" } };

		cache_old(&cache, old, 1, true);
	}
	write_cache(&cache);
	resolve(&cfg, "root/bin/app", &t);
	n = node(&t, "libH.so");
	assert_int_equal(n->how, LDSO_CACHE);
	assert_string_equal(n->path, "/opt/cached/libH.so");
	ldso_tree_release(&t);

	/* only the old format */
	strbuf_reset(&cache);
	{
		static const struct centry old[] = {
			{ 0x0303, 0, "libE.so", "/opt/conf/libE.so" },
			{ 0x0303, 0, "libH.so", "/opt/cached/libH.so" },
		};

		cache_old(&cache, old, 2, false);
	}
	write_cache(&cache);
	resolve(&cfg, "root/bin/app", &t);
	assert_int_equal(node(&t, "libH.so")->how, LDSO_CACHE);
	assert_int_equal(node(&t, "libE.so")->how, LDSO_CACHE);
	ldso_tree_release(&t);
	remove_work_file("root/etc/ld.so.cache");
	strbuf_release(&cache);
}

static void test_hostile_cache(void **state)
{
	static const struct centry entries[] = {
		{ 0x0303, 0, "libH.so", "/opt/cached/libH.so" },
		{ 0x0303, 0, "libE.so", "/opt/conf/libE.so" },
	};
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct strbuf good = STRBUF_INIT, bad = STRBUF_INIT;
	struct ldso_tree t;
	uint32_t v;

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	cache_new(&good, entries, 2);
	/* cut at every length: never a crash; a short one is unusable */
	for (size_t cut = 0; cut < good.len; cut += 7) {
		strbuf_reset(&bad);
		assert_int_equal(strbuf_add(&bad, good.buf, cut), 0);
		write_cache(&bad);
		resolve(&cfg, "root/bin/app", &t);
		check_invariants(&t);
		if (cut < 48 + 2 * 24)
			assert_true(t.warnings.nr >= 1);
		ldso_tree_release(&t);
	}
	/* a huge entry count */
	strbuf_reset(&bad);
	assert_int_equal(strbuf_add(&bad, good.buf, good.len), 0);
	v = 0x7fffffff;
	memcpy(bad.buf + 20, &v, 4);
	write_cache(&bad);
	resolve(&cfg, "root/bin/app", &t);
	assert_non_null(strstr(t.warnings.v[0], "entry count"));
	assert_int_equal(node(&t, "libE.so")->how, LDSO_CONF); /* fell back */
	ldso_tree_release(&t);
	/* string offsets out of range: those entries are skipped */
	strbuf_reset(&bad);
	assert_int_equal(strbuf_add(&bad, good.buf, good.len), 0);
	v = 0xfffffff0;
	memcpy(bad.buf + 48 + 8, &v, 4); /* value of the libH entry */
	write_cache(&bad);
	resolve(&cfg, "root/bin/app", &t);
	assert_int_equal(node(&t, "libH.so")->how, LDSO_NOT_FOUND);
	assert_int_equal(node(&t, "libE.so")->how, LDSO_CACHE);
	assert_non_null(strstr(t.warnings.v[0], "bad string offsets"));
	ldso_tree_release(&t);
	/* random bytes after a valid magic */
	strbuf_reset(&bad);
	assert_int_equal(strbuf_add(&bad, good.buf, 20), 0);
	for (uint32_t i = 0, x = 7; i < 512; i++) {
		x = x * 1103515245u + 12345u;
		assert_int_equal(strbuf_addch(&bad, (char)(x >> 16)), 0);
	}
	write_cache(&bad);
	resolve(&cfg, "root/bin/app", &t);
	check_invariants(&t);
	ldso_tree_release(&t);
	remove_work_file("root/etc/ld.so.cache");
	strbuf_release(&good);
	strbuf_release(&bad);
}

static void test_ld_library_path(void **state)
{
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;

	cfg.sysroot = sysroot;
	cfg.ld_library_path = "/opt/nonexistent::/opt/llp";
	ldso_tree_init(&t);
	resolve(&cfg, "root/bin/app", &t);
	check_invariants(&t);
	n = node(&t, "libD.so");
	assert_int_equal(n->how, LDSO_LD_LIBRARY_PATH);
	assert_string_equal(n->path, "/opt/llp/libD.so");
	/* LD_LIBRARY_PATH comes before DT_RUNPATH */
	n = node(&t, "libA.so");
	assert_int_equal(n->how, LDSO_RUNPATH);
	ldso_tree_release(&t);

	/* $ORIGIN in it is the program's */
	cfg.ld_library_path = "$ORIGIN/../private";
	resolve(&cfg, "root/bin/app", &t);
	n = node(&t, "libD.so");
	assert_int_equal(n->how, LDSO_LD_LIBRARY_PATH);
	assert_string_equal(n->path, "/bin/../private/libD.so");
	/* libA is found the same way now, before RUNPATH */
	assert_int_equal(node(&t, "libA.so")->how, LDSO_LD_LIBRARY_PATH);
	ldso_tree_release(&t);
}

static void test_options(void **state)
{
	static const char *const dirs[] = { "/opt/conf", NULL };
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct ldso_tree t;

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	/* depth bound */
	cfg.max_depth = 2;
	resolve(&cfg, "root/bin/app", &t);
	check_invariants(&t);
	assert_true(t.truncated);
	assert_int_equal(ldso_tree_find(&t, "libC.so"), -1);
	assert_int_equal(node(&t, "libB.so")->depth, 2);
	ldso_tree_release(&t);
	cfg.max_depth = 0;

	/* $PLATFORM and $LIB set by the caller; other default directories */
	cfg.platform = "haswell";
	cfg.lib = "lib64";
	cfg.default_dirs = dirs;
	resolve(&cfg, "root/bin/app", &t);
	check_invariants(&t);
	assert_int_equal(node(&t, "libF.so")->how, LDSO_NOT_FOUND);
	assert_int_equal(node(&t, "libG.so")->how, LDSO_NOT_FOUND);
	/* libC: the AArch64 one in /opt/conf is skipped, /lib is no default now */
	assert_int_equal(node(&t, "libC.so")->how, LDSO_NOT_FOUND);
	assert_true(skipped_has(node(&t, "libC.so"), "AArch64"));
	ldso_tree_release(&t);
}

static void test_path_and_nodefaultlib(void **state)
{
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	resolve(&cfg, "root/bin/app2", &t);
	check_invariants(&t);
	assert_int_equal(t.nr, 1);
	n = &t.nodes[0];
	assert_string_equal(n->name, "/opt/abs/libabs.so");
	assert_int_equal(n->how, LDSO_PATH);
	assert_string_equal(n->path, "/opt/abs/libabs.so");
	ldso_tree_release(&t);

	/* DF_1_NODEFLIB: neither cache nor default directories */
	resolve(&cfg, "root/bin/app3", &t);
	check_invariants(&t);
	assert_int_equal(t.nr, 1);
	assert_int_equal(t.nodes[0].how, LDSO_NOT_FOUND);
	assert_string_equal(t.nodes[0].name, "libC.so");
	ldso_tree_release(&t);
}

static void test_library_origin(void **state)
{
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	resolve(&cfg, "root/bin/app4", &t);
	check_invariants(&t);
	n = node(&t, "libO.so");
	assert_int_equal(n->how, LDSO_RPATH);
	assert_string_equal(n->path, "/opt/link/libO.so");
	assert_string_equal(n->real_path, "/opt/o/libO.so");
	n = node(&t, "libP.so");
	assert_int_equal(n->how, LDSO_RUNPATH);
	assert_string_equal(n->path, "/opt/link/dep/libP.so");
	assert_int_equal(n->depth, 2);
	ldso_tree_release(&t);
}

static void test_root_outside_sysroot(void **state)
{
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;
	char *want = wpath("out/bin/../private/libA.so");

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	resolve(&cfg, "out/bin/app", &t);
	check_invariants(&t);
	n = node(&t, "libA.so");
	assert_int_equal(n->how, LDSO_RUNPATH);
	assert_string_equal(n->path, want); /* a path of this machine */
	/* its RPATH /opt/b is inside the sysroot */
	n = node(&t, "libB.so");
	assert_int_equal(n->how, LDSO_RPATH);
	assert_string_equal(n->path, "/opt/b/libB.so");
	assert_int_equal(node(&t, "libC.so")->how, LDSO_DEFAULT);
	ldso_tree_release(&t);
	free(want);
}

static void test_no_dependencies(void **state)
{
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct strbuf err = STRBUF_INIT;
	struct ldso_tree t;
	char *path;

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	resolve(&cfg, "root/bin/static", &t);
	assert_int_equal(t.nr, 0);
	assert_int_equal(t.nr_edges, 0);
	ldso_tree_release(&t);
	resolve(&cfg, "root/bin/x.o", &t);
	assert_int_equal(t.nr, 0);
	ldso_tree_release(&t);
	/* a library as root: its own dependencies */
	resolve(&cfg, "root/opt/conf/libE.so", &t);
	assert_int_equal(t.nr, 0);
	ldso_tree_release(&t);

	/* not ELF: 1; unreadable: -1; a bad sysroot: -1 */
	path = wpath("root/bin/script");
	assert_int_equal(ldso_resolve(&cfg, path, &t, &err), 1);
	assert_non_null(strstr(err.buf, path));
	free(path);
	strbuf_reset(&err);
	path = wpath("root/bin/x.a");
	assert_int_equal(ldso_resolve(&cfg, path, &t, &err), 1);
	assert_non_null(strstr(err.buf, "archive"));
	free(path);
	strbuf_reset(&err);
	path = wpath("root/bin/nothing");
	assert_int_equal(ldso_resolve(&cfg, path, &t, &err), -1);
	assert_non_null(strstr(err.buf, path));
	free(path);
	strbuf_reset(&err);
	cfg.sysroot = "/nonexistent/sysroot";
	path = wpath("root/bin/app");
	assert_int_equal(ldso_resolve(&cfg, path, &t, &err), -1);
	assert_non_null(strstr(err.buf, "/nonexistent/sysroot"));
	assert_int_equal(t.nr, 0);
	free(path);
	strbuf_release(&err);
}

/* A symlink loop, a dangling link and a directory in the search path. */
static void test_odd_candidates(void **state)
{
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;

	must_run("ln -s libD.so root/opt/b/libD.so && "
		 "ln -s /nowhere/libmissing.so root/private/libmissing.so && "
		 "mkdir root/private/libH.so");
	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	resolve(&cfg, "root/bin/app", &t);
	check_invariants(&t);
	n = node(&t, "libD.so"); /* libA's RPATH /opt/b: a loop */
	assert_int_equal(n->how, LDSO_NOT_FOUND);
	assert_true(skipped_has(n, "/opt/b/libD.so: Too many levels of symbolic links"));
	n = node(&t, "libmissing.so"); /* dangling: simply not there */
	assert_int_equal(n->how, LDSO_NOT_FOUND);
	assert_int_equal(n->skipped.nr, 0);
	n = node(&t, "libH.so");
	assert_int_equal(n->how, LDSO_NOT_FOUND);
	assert_true(skipped_has(n, "/bin/../private/libH.so: Is a directory"));
	ldso_tree_release(&t);
	must_run("rm root/opt/b/libD.so root/private/libmissing.so && rmdir root/private/libH.so");
}

/*
 * An i386 program on amd64: which loader /lib/ld-linux.so.2 really is
 * decides where it searches. Debian 12's libc6-i386 loader (/lib32) has
 * /lib32/, /usr/lib32/, /lib/, /usr/lib/ and $LIB "lib32" built in; the
 * libc6:i386 one (/lib/i386-linux-gnu) the multiarch directories.
 */
static void check_i386(const char *loader, const char *libdir)
{
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	struct strbuf want = STRBUF_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;

	cfg.sysroot = sysroot;
	ldso_tree_init(&t);
	resolve(&cfg, "root/bin/app32", &t);
	check_invariants(&t);
	assert_int_equal(t.nr, 3);
	assert_int_equal(t.nr_unresolved, 0);
	n = node(&t, "libq.so"); /* a default directory */
	assert_int_equal(n->how, LDSO_DEFAULT);
	assert_int_equal(strbuf_addf(&want, "/%s/libq.so", libdir), 0);
	assert_string_equal(n->path, want.buf);
	strbuf_reset(&want);
	assert_int_equal(strbuf_addf(&want, "/usr/%s/libq.so", libdir), 0);
	assert_string_equal(n->real_path, want.buf);
	n = node(&t, "libr.so"); /* $LIB */
	assert_int_equal(n->how, LDSO_RUNPATH);
	strbuf_reset(&want);
	assert_int_equal(strbuf_addf(&want, "/opt/%s/libr.so", libdir), 0);
	assert_string_equal(n->path, want.buf);
	if (loader) {
		/* libq needs the loader: the one PT_INTERP names, already loaded */
		n = node(&t, "ld-linux.so.2");
		assert_int_equal(n->how, LDSO_INTERP);
		assert_string_equal(n->path, "/lib/ld-linux.so.2");
		assert_string_equal(n->real_path, loader);
	} else {
		/* no loader in the tree: found like any library, in the same place */
		n = node(&t, "ld-linux.so.2");
		assert_int_equal(n->how, LDSO_DEFAULT);
		strbuf_reset(&want);
		assert_int_equal(strbuf_addf(&want, "/%s/ld-linux.so.2", libdir), 0);
		assert_string_equal(n->path, want.buf);
	}
	ldso_tree_release(&t);
	strbuf_release(&want);
}

static void test_i386_loader(void **state)
{
	if (!have_m32) {
		print_message(
			"SKIP i386 loader: cc -m32 does not work here (install gcc-multilib)\n");
		skip();
	}
	/* libc6-i386: Debian links /lib/ld-linux.so.2 -> /lib32/ld-linux.so.2 */
	must_run("ln -s /lib32/ld-linux.so.2 root/usr/lib/ld-linux.so.2");
	check_i386("/usr/lib32/ld-linux.so.2", "lib32");
	/* libc6:i386: /lib/ld-linux.so.2 -> i386-linux-gnu/ld-linux.so.2 */
	must_run("ln -sfn i386-linux-gnu/ld-linux.so.2 root/usr/lib/ld-linux.so.2");
	check_i386("/usr/lib/i386-linux-gnu/ld-linux.so.2", "lib/i386-linux-gnu");
	/* no loader: the machine's multiarch directories */
	must_run("rm root/usr/lib/ld-linux.so.2");
	check_i386(NULL, "lib/i386-linux-gnu");
}

/* ---- the real system, with the program's own loader as the oracle ---- */

/* The PT_INTERP of work file name, allocated. */
static char *interp_of(const char *name)
{
	struct strbuf err = STRBUF_INIT;
	struct elf_info info;
	char *path = wpath(name), *interp;

	elf_info_init(&info);
	if (elf_info_read(path, &info, &err) != ELF_INFO_OK)
		fail_msg("%s: %s", name, err.buf);
	assert_non_null(info.interp);
	interp = strdup(info.interp);
	assert_non_null(interp);
	elf_info_release(&info);
	strbuf_release(&err);
	free(path);
	return interp;
}

/* The node of the root's loader (LDSO_INTERP), the only one, or NULL. */
static const struct ldso_node *interp_node(const struct ldso_tree *t)
{
	const struct ldso_node *n = NULL;

	for (size_t i = 0; i < t->nr; i++) {
		if (t->nodes[i].how != LDSO_INTERP)
			continue;
		assert_null(n);
		n = &t->nodes[i];
	}
	return n;
}

/*
 * The resolution of work file name must be what its own loader (PT_INTERP,
 * on this machine) lists with --list, which is what ldd runs: ldd itself
 * knows only the loaders of its RTLDLIST and says "not a dynamic
 * executable" for the others. true when compared; false, with why set,
 * when that loader is not here or this kernel cannot run it (a 64-bit
 * kernel without IA-32 emulation for an i386 loader). Any other failure
 * of the loader fails the test.
 */
static bool compare_with_loader(const char *name, struct strbuf *why)
{
	struct strbuf out = STRBUF_INIT, q = STRBUF_INIT;
	struct ldso_tree t;
	const struct ldso_node *ip;
	char *interp = interp_of(name), *line, *next;
	size_t checked = 0;
	bool listed = false, compared = false;
	int st;

	ldso_tree_init(&t);
	resolve(NULL, name, &t);
	check_invariants(&t);
	assert_int_equal(t.nr_unresolved, 0);
	/* the loader is a node only if something needs it, by its PT_INTERP path */
	ip = interp_node(&t);
	if (ip)
		assert_string_equal(ip->path, interp);

	if (access(interp, X_OK)) {
		assert_int_equal(strbuf_addf(why, "%s names the loader %s: %s", name, interp,
					     strerror(errno)),
				 0);
		goto done;
	}
	tu_add_quoted(&q, interp);
	/* ldd's own first step; the shell says 126 when exec fails */
	st = capture(&out, "%s --verify ./%s 2>&1", q.buf, name);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 126) {
		while (out.len && out.buf[out.len - 1] == '\n')
			out.buf[--out.len] = '\0';
		assert_int_equal(
			strbuf_addf(why, "this kernel cannot run %s (%s)", interp, out.buf), 0);
		goto done;
	}
	if (st)
		fail_msg("%s --verify ./%s: status %d: %s", interp, name, st, out.buf);
	strbuf_reset(&out);
	assert_int_equal(capture(&out, "%s --list ./%s", q.buf, name), 0);
	for (line = out.buf; line && *line; line = next) {
		char *arrow, *paren, *lib;
		const struct ldso_node *n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lib = line + strspn(line, " \t");
		arrow = strstr(lib, " => ");
		if (arrow)
			*arrow = '\0';
		paren = strstr(arrow ? arrow + 4 : lib, " (");
		if (paren)
			*paren = '\0';
		/* the loader itself: "PT_INTERP (0x...)", or "PT_INTERP => how it
		 * was started" when started by another name */
		if (!strcmp(lib, interp)) {
			listed = true;
			continue;
		}
		if (!arrow)
			continue; /* the vDSO */
		n = node(&t, lib);
		if (!n->path || strcmp(n->path, arrow + 4))
			fail_msg("%s: %s found at %s, %s --list says %s", name, lib,
				 n->path ? n->path : "(not found)", interp, arrow + 4);
		checked++;
	}
	assert_true(listed);
	assert_true(checked >= 1);
	assert_int_equal(checked, t.nr - (ip != NULL));
	compared = true;
done:
	ldso_tree_release(&t);
	strbuf_release(&out);
	strbuf_release(&q);
	free(interp);
	return compared;
}

static void test_real_system(void **state)
{
	struct strbuf why = STRBUF_INIT;
	struct ldso_tree t;
	const struct ldso_node *n;
	char *interp;

	/* this machine's own loader: it has to run */
	if (!compare_with_loader("zapp", &why))
		fail_msg("zapp, built here: %s", why.buf);
	ldso_tree_init(&t);
	resolve(NULL, "zapp", &t);
	n = node(&t, "libz.so.1");
	assert_int_equal(n->how, LDSO_CACHE);
	assert_int_equal(n->loader, LDSO_ROOT);
	assert_int_equal(node(&t, "libc.so.6")->how, LDSO_CACHE);
	/* the loader itself (libc needs it), as PT_INTERP names it */
	interp = interp_of("zapp");
	n = interp_node(&t);
	assert_non_null(n);
	assert_string_equal(n->path, interp);
	free(interp);
	ldso_tree_release(&t);

	resolve(NULL, "/bin/ls", &t);
	check_invariants(&t);
	assert_int_equal(node(&t, "libc.so.6")->how, LDSO_CACHE);
	assert_int_equal(t.nr_unresolved, 0);
	ldso_tree_release(&t);

	if (!have_m32) {
		print_message("SKIP 32-bit: cc -m32 does not link here (install gcc-multilib)\n");
		return;
	}
	/* 32-bit: the cache's libc6 (i386) entries, not the x86-64 ones; the
	 * resolution is checked above whether or not the loader can run */
	strbuf_reset(&why);
	if (!compare_with_loader("app32", &why))
		print_message("SKIP 32-bit oracle: %s\n", why.buf);
	strbuf_release(&why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_conf),
		cmocka_unit_test(test_tree_cache),
		cmocka_unit_test(test_hostile_cache),
		cmocka_unit_test(test_ld_library_path),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_path_and_nodefaultlib),
		cmocka_unit_test(test_library_origin),
		cmocka_unit_test(test_root_outside_sysroot),
		cmocka_unit_test(test_no_dependencies),
		cmocka_unit_test(test_odd_candidates),
		cmocka_unit_test(test_i386_loader),
		cmocka_unit_test(test_real_system),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
