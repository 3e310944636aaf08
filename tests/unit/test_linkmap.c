/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for analyzers/linkmap.c. The map files are produced by the installed
 * linkers (GNU ld, gold, lld through "cc -fuse-ld=...") in a temporary
 * directory during the test; a linker that cannot link here fails the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linkmap.h"
#include "strbuf.h"

#include "testutil.h"
#include "banned.h"

#define MAX_FILE (256u << 20)

struct linker {
	const char *name; /* for -fuse-ld= */
	enum linkmap_flavor flavor;
	bool usable;
};

static struct linker linkers[] = {
	{ "bfd", LINKMAP_BFD, false },
	{ "gold", LINKMAP_GOLD, false },
	{ "lld", LINKMAP_LLD, false },
};

/* Contains a space on purpose: every path must be quoted. */
static char workdir[4096];

/* ---- helpers ---- */

/* Run a shell command in workdir, output to workdir/log: its exit status. */
#define run(...)   tu_run(workdir, __VA_ARGS__)
#define add_quoted tu_add_quoted

static void write_file(const char *name, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	assert_int_equal(strbuf_addf(&path, "%s/%s", workdir, name), 0);
	f = fopen(path.buf, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	strbuf_release(&path);
}

/* 0 and the content in sb, or -1 when the file does not exist. */
static int read_work_file(const char *name, struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	assert_int_equal(strbuf_addf(&path, "%s/%s", workdir, name), 0);
	ret = strbuf_read_file(sb, path.buf, MAX_FILE);
	strbuf_release(&path);
	return ret;
}

/*
 * Link with every report this linker can write:
 * MODE.L.map, MODE.L.counts (gold), MODE.L.why and MODE.L.dep (lld).
 */
static int link_step(const struct linker *l, const char *mode, const char *args)
{
	struct strbuf reports = STRBUF_INIT;
	int status;

	if (l->flavor == LINKMAP_GOLD)
		assert_int_equal(
			strbuf_addf(&reports, " -Wl,--print-symbol-counts=%s.gold.counts", mode),
			0);
	if (l->flavor == LINKMAP_LLD)
		assert_int_equal(strbuf_addf(&reports,
					     " -Wl,--why-extract=%s.lld.why"
					     " -Wl,--dependency-file=%s.lld.dep",
					     mode, mode),
				 0);
	status = run("cc -fuse-ld=%s %s -Wl,-Map=%s.%s.map%s", l->name, args, mode, l->name,
		     reports.buf);
	strbuf_release(&reports);
	return status;
}

typedef int (*parse_fn)(struct linkmap *, const char *, const char *, size_t, struct strbuf *);

static enum linkmap_report report_of(parse_fn fn)
{
	if (fn == linkmap_parse_gold_symbol_counts)
		return LINKMAP_REPORT_GOLD_SYMBOL_COUNTS;
	if (fn == linkmap_parse_lld_why_extract)
		return LINKMAP_REPORT_LLD_WHY_EXTRACT;
	if (fn == linkmap_parse_depfile_inputs)
		return LINKMAP_REPORT_DEPFILE;
	return LINKMAP_REPORT_MAP;
}

static void assert_same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_same_linkmap(const struct linkmap *a, const struct linkmap *b)
{
	assert_int_equal(a->flavor, b->flavor);
	assert_int_equal(a->nr, b->nr);
	for (size_t i = 0; i < a->nr; i++) {
		const struct linkmap_input *x = &a->inputs[i], *y = &b->inputs[i];

		assert_int_equal(x->kind, y->kind);
		assert_same_str(x->path, y->path);
		assert_same_str(x->member, y->member);
		assert_same_str(x->ref_file, y->ref_file);
		assert_same_str(x->ref_symbol, y->ref_symbol);
		assert_int_equal(x->whole_archive, y->whole_archive);
		assert_int_equal(x->as_needed_used, y->as_needed_used);
	}
	assert_same_str(a->output, b->output);
	assert_int_equal(a->skipped, b->skipped);
	assert_int_equal(a->ld_messages, b->ld_messages);
	assert_int_equal(a->first_skipped_line, b->first_skipped_line);
	assert_same_str(a->first_skipped, b->first_skipped);
}

/* The file data/len written to the work folder, opened for reading (unlinked already). */
static int fd_of(const char *data, size_t len)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;
	int fd;

	assert_int_equal(strbuf_addf(&path, "%s/fd-copy", workdir), 0);
	f = fopen(path.buf, "w");
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	fd = open(path.buf, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(unlink(path.buf), 0);
	strbuf_release(&path);
	return fd;
}

/*
 * fn on (data, len) in memory, and the same text read from a file through
 * linkmap_parse_fd(): the same result, or the same error, both times.
 */
static int parse_both(parse_fn fn, struct linkmap *lm, const char *name, const char *data,
		      size_t len, struct strbuf *err)
{
	struct linkmap from_fd = LINKMAP_INIT;
	struct strbuf fd_err = STRBUF_INIT;
	size_t err_len = err->len, nr_before = lm->nr;
	int fd = fd_of(data, len), r, r_fd;

	/* from_fd starts as lm does: only its flavor is read by a parser */
	from_fd.flavor = lm->flavor;
	r = fn(lm, name, data, len, err);
	r_fd = linkmap_parse_fd(&from_fd, report_of(fn), name, fd, &fd_err);
	assert_int_equal(close(fd), 0);
	assert_int_equal(r_fd, r);
	assert_string_equal(fd_err.buf, err->buf + err_len);
	if (!r && !nr_before) /* lm was empty: both must hold the same */
		assert_same_linkmap(lm, &from_fd);
	linkmap_release(&from_fd);
	strbuf_release(&fd_err);
	return r;
}

static void parse_one(struct linkmap *lm, const char *name, parse_fn fn, bool must_exist)
{
	struct strbuf data = STRBUF_INIT, err = STRBUF_INIT;
	bool was_empty = !lm->nr;

	if (read_work_file(name, &data)) {
		if (must_exist)
			fail_msg("%s was not written by the linker", name);
		return;
	}
	if ((was_empty ? parse_both(fn, lm, name, data.buf, data.len, &err)
		       : fn(lm, name, data.buf, data.len, &err)))
		fail_msg("parsing %s: %s", name, err.buf);
	assert_int_equal(err.len, 0);
	strbuf_release(&data);
	strbuf_release(&err);
}

/* Parse every report of one link step (side reports first). */
static void load(const struct linker *l, const char *mode, struct linkmap *lm)
{
	struct strbuf name = STRBUF_INIT;

	if (l->flavor == LINKMAP_GOLD) {
		assert_int_equal(strbuf_addf(&name, "%s.gold.counts", mode), 0);
		parse_one(lm, name.buf, linkmap_parse_gold_symbol_counts, true);
	}
	if (l->flavor == LINKMAP_LLD) {
		assert_int_equal(strbuf_addf(&name, "%s.lld.dep", mode), 0);
		parse_one(lm, name.buf, linkmap_parse_depfile_inputs, true);
		strbuf_reset(&name);
		assert_int_equal(strbuf_addf(&name, "%s.lld.why", mode), 0);
		parse_one(lm, name.buf, linkmap_parse_lld_why_extract, true);
	}
	strbuf_reset(&name);
	assert_int_equal(strbuf_addf(&name, "%s.%s.map", mode, l->name), 0);
	parse_one(lm, name.buf, linkmap_parse_map, true);
	assert_int_equal(lm->flavor, l->flavor);
	strbuf_release(&name);
}

static const struct linkmap_input *find(const struct linkmap *lm, const char *path,
					const char *member)
{
	size_t pos;
	int r = linkmap_find(lm, path, member, &pos);

	assert_int_not_equal(r, -1);
	return r ? &lm->inputs[pos] : NULL;
}

static const struct linkmap_input *find_member_named(const struct linkmap *lm, const char *member)
{
	for (size_t i = 0; i < lm->nr; i++)
		if (lm->inputs[i].member && !strcmp(lm->inputs[i].member, member))
			return &lm->inputs[i];
	return NULL;
}

static bool has_shared_libz(const struct linkmap *lm)
{
	for (size_t i = 0; i < lm->nr; i++) {
		const char *base = strrchr(lm->inputs[i].path, '/');

		base = base ? base + 1 : lm->inputs[i].path;
		if (lm->inputs[i].kind == LINKMAP_SHARED && !strncmp(base, "libz.so", 7))
			return true;
	}
	return false;
}

/* No entry twice, every member has its archive before it. */
static void assert_consistent(const struct linkmap *lm)
{
	for (size_t i = 0; i < lm->nr; i++) {
		const struct linkmap_input *in = &lm->inputs[i], *ar;
		size_t pos;

		assert_non_null(in->path);
		assert_int_equal(linkmap_find(lm, in->path, in->member, &pos), 1);
		assert_int_equal(pos, i);
		assert_int_equal(in->member != NULL, in->kind == LINKMAP_ARCHIVE_MEMBER);
		if (in->member) {
			ar = find(lm, in->path, NULL);
			assert_non_null(ar);
			assert_int_equal(ar->kind, LINKMAP_ARCHIVE);
			assert_true(ar < in);
		}
	}
}

/* The member pulled by main.o's reference to needed(), and not its sibling. */
static void assert_needed_member(const struct linkmap *lm, const char *ref_file)
{
	const struct linkmap_input *ar = find(lm, "libfoo.a", NULL);
	const struct linkmap_input *m = find(lm, "./libfoo.a", "needed.o");

	assert_non_null(ar);
	assert_int_equal(ar->kind, LINKMAP_ARCHIVE);
	assert_non_null(m);
	assert_int_equal(m->kind, LINKMAP_ARCHIVE_MEMBER);
	assert_string_equal(m->member, "needed.o");
	assert_non_null(m->ref_symbol);
	assert_string_equal(m->ref_symbol, "needed");
	assert_non_null(m->ref_file);
	assert_string_equal(m->ref_file, ref_file);
	assert_false(m->whole_archive);
	assert_null(find(lm, "libfoo.a", "unneeded.o"));
	assert_null(find_member_named(lm, "unneeded.o"));
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
	n = snprintf(workdir, sizeof(workdir), "%s/souptrace linkmap.XXXXXX",
		     tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(workdir) || !mkdtemp(workdir)) {
		workdir[0] = '\0';
		return -1;
	}
	write_file("needed.c", "int needed(void) { return 42; }\n");
	write_file("unneeded.c", "int unneeded(void) { return 7; }\n");
	write_file("main.c", "#include <stdio.h>\n#include <zlib.h>\nint needed(void);\n"
			     "int main(void)\n{\n\tprintf(\"%s %d\\n\", zlibVersion(), needed());\n"
			     "\treturn 0;\n}\n");
	write_file("static.c",
		   "#include <stdio.h>\nint needed(void);\n"
		   "int main(void)\n{\n\tprintf(\"%d\\n\", needed());\n\treturn 0;\n}\n");
	write_file("lib.c",
		   "#include <zlib.h>\nint needed(void);\n"
		   "const char *api(void)\n{\n\treturn needed() ? zlibVersion() : 0;\n}\n");
	write_file("w1.c", "int weird1(void) { return 1; }\n");
	write_file("w2.c", "int weird2(void) { return 2; }\n");
	write_file("weird.c", "int weird1(void);\nint weird2(void);\n"
			      "int main(void) { return weird1() + weird2(); }\n");
	/* an empty function: its FDE covers zero bytes, and GNU ld says so in the
	 * middle of the map ("discarding zero address range FDE in ...") */
	write_file("fde.s", "\t.text\n\t.globl fde_empty\nfde_empty:\n\t.cfi_startproc\n"
			    "\t.cfi_endproc\n\t.globl fde_used\nfde_used:\n\t.cfi_startproc\n"
			    "\tret\n\t.cfi_endproc\n\t.section .note.GNU-stack,\"\",@progbits\n");
	write_file("fdemain.c", "void fde_used(void);\nint main(void) { fde_used(); return 0; }\n");
	if (run("cc -fPIC -c needed.c unneeded.c main.c static.c lib.c w1.c w2.c weird.c"
		" fde.s fdemain.c && mkdir -p deps/x && ar rcs deps/x/libx.a fde.o"
		" && ar rcs libfoo.a needed.o unneeded.o"
		" && mkdir -p 'sub dir' && cp w1.o 'my w(1).o' && cp w2.o 'x.o'"
		" && ar rcs 'sub dir/lib(x).a' 'my w(1).o' x.o") != 0)
		return -1;

	for (size_t i = 0; i < sizeof(linkers) / sizeof(linkers[0]); i++) {
		struct linker *l = &linkers[i];

		/* scripts/test installs all three linkers: one that cannot link
		 * here is a failure, not a reason to skip */
		if (run("cc -fuse-ld=%s main.o ./libfoo.a -lz -o probe.%s", l->name, l->name)) {
			fprintf(stderr, "the %s linker cannot link here\n", l->name);
			return -1;
		}
		if (link_step(l, "dyn", "main.o ./libfoo.a -lz -o dyn.out") ||
		    link_step(l, "shared", "-shared lib.o ./libfoo.a -lz -o libshared.so") ||
		    link_step(l, "static", "-static static.o ./libfoo.a -o static.out") ||
		    link_step(l, "reloc", "-r main.o ./libfoo.a -o reloc.o") ||
		    link_step(l, "weird", "weird.o 'sub dir/lib(x).a' -o weird.out") ||
		    link_step(l, "fde", "fdemain.o deps/x/libx.a -o fde.out"))
			return -1;
		l->usable = true;
	}
	return 0;
}

static const struct linker *linker_of(void **state)
{
	const struct linker *l = *state;

	if (!l->usable)
		skip();
	return l;
}

/* ---- tests on real maps ---- */

static void test_dynamic(void **state)
{
	const struct linker *l = linker_of(state);
	struct linkmap lm = LINKMAP_INIT;
	const struct linkmap_input *in;

	load(l, "dyn", &lm);
	assert_consistent(&lm);
	in = find(&lm, "main.o", NULL);
	assert_non_null(in);
	assert_int_equal(in->kind, LINKMAP_OBJECT);
	assert_null(in->ref_file);
	assert_needed_member(&lm, "main.o");
	/* libz: bfd LOAD line, gold symbol counts, lld depfile */
	assert_true(has_shared_libz(&lm));
	if (l->flavor != LINKMAP_GOLD) {
		assert_non_null(lm.output);
		assert_string_equal(lm.output, "dyn.out");
	}
	linkmap_release(&lm);
}

static void test_shared(void **state)
{
	const struct linker *l = linker_of(state);
	struct linkmap lm = LINKMAP_INIT;

	load(l, "shared", &lm);
	assert_consistent(&lm);
	assert_non_null(find(&lm, "lib.o", NULL));
	assert_needed_member(&lm, "lib.o");
	assert_true(has_shared_libz(&lm));
	linkmap_release(&lm);
}

static void test_static(void **state)
{
	const struct linker *l = linker_of(state);
	struct linkmap lm = LINKMAP_INIT;
	const struct linkmap_input *in;

	load(l, "static", &lm);
	assert_consistent(&lm);
	assert_non_null(find(&lm, "static.o", NULL));
	assert_needed_member(&lm, "static.o");
	assert_false(has_shared_libz(&lm));
	/* libc.a members: long names, bfd and gold put the reason on the next line */
	in = find_member_named(&lm, "libc-start.o");
	assert_non_null(in);
	assert_non_null(in->ref_symbol);
	assert_non_null(strstr(in->ref_symbol, "__libc_start_main"));
	for (size_t i = 0; i < lm.nr; i++)
		assert_int_not_equal(lm.inputs[i].kind, LINKMAP_SHARED);
	linkmap_release(&lm);
}

static void test_relocatable(void **state)
{
	const struct linker *l = linker_of(state);
	struct linkmap lm = LINKMAP_INIT;

	load(l, "reloc", &lm);
	assert_consistent(&lm);
	assert_non_null(find(&lm, "main.o", NULL));
	assert_needed_member(&lm, "main.o");
	linkmap_release(&lm);
}

static void test_weird_names(void **state)
{
	const struct linker *l = linker_of(state);
	struct linkmap lm = LINKMAP_INIT;
	const struct linkmap_input *in;

	load(l, "weird", &lm);
	assert_consistent(&lm);
	in = find(&lm, "sub dir/lib(x).a", "my w(1).o");
	assert_non_null(in);
	assert_string_equal(in->path, "sub dir/lib(x).a");
	assert_non_null(in->ref_symbol);
	assert_string_equal(in->ref_symbol, "weird1");
	in = find(&lm, "sub dir/lib(x).a", "x.o");
	assert_non_null(in);
	assert_string_equal(in->ref_file, "weird.o");
	linkmap_release(&lm);
}

/* The map alone, without side reports: what each map itself tells. */
static void test_map_alone(void **state)
{
	const struct linker *l = linker_of(state);
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf name = STRBUF_INIT;
	const struct linkmap_input *in;

	assert_int_equal(strbuf_addf(&name, "dyn.%s.map", l->name), 0);
	parse_one(&lm, name.buf, linkmap_parse_map, true);
	assert_consistent(&lm);
	assert_int_equal(lm.flavor, l->flavor);
	in = find(&lm, "main.o", NULL);
	assert_non_null(in);
	assert_int_equal(in->kind, LINKMAP_OBJECT);
	in = find(&lm, "libfoo.a", "needed.o");
	assert_non_null(in);
	if (l->flavor == LINKMAP_LLD) {
		assert_null(in->ref_symbol); /* lld's map gives no reasons */
	} else {
		assert_non_null(in->ref_symbol);
		assert_string_equal(in->ref_symbol, "needed");
	}
	assert_null(find_member_named(&lm, "unneeded.o"));
	/* bfd's LOAD lines name shared libraries, gold's and lld's maps do not */
	assert_int_equal(has_shared_libz(&lm), l->flavor == LINKMAP_BFD);
	for (size_t i = 0; i < lm.nr; i++)
		assert_int_not_equal(lm.inputs[i].path[0], '<'); /* no <internal> */
	linkmap_release(&lm);
	strbuf_release(&name);
}

/* The same map with CRLF line ends gives the same inputs. */
static void test_crlf(void **state)
{
	const struct linker *l = linker_of(state);
	struct linkmap a = LINKMAP_INIT, b = LINKMAP_INIT;
	struct strbuf name = STRBUF_INIT, data = STRBUF_INIT, crlf = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(strbuf_addf(&name, "dyn.%s.map", l->name), 0);
	assert_int_equal(read_work_file(name.buf, &data), 0);
	for (size_t i = 0; i < data.len; i++) {
		if (data.buf[i] == '\n')
			assert_int_equal(strbuf_addch(&crlf, '\r'), 0);
		assert_int_equal(strbuf_addch(&crlf, data.buf[i]), 0);
	}
	assert_int_equal(linkmap_parse_map(&a, name.buf, data.buf, data.len, &err), 0);
	assert_int_equal(linkmap_parse_map(&b, name.buf, crlf.buf, crlf.len, &err), 0);
	assert_int_equal(a.nr, b.nr);
	for (size_t i = 0; i < a.nr; i++) {
		assert_string_equal(a.inputs[i].path, b.inputs[i].path);
		assert_int_equal(a.inputs[i].kind, b.inputs[i].kind);
	}
	linkmap_release(&a);
	linkmap_release(&b);
	strbuf_release(&name);
	strbuf_release(&data);
	strbuf_release(&crlf);
	strbuf_release(&err);
}

/* Cut a real map anywhere: an error or a result, never a crash. */
static void test_truncated_real_map(void **state)
{
	const struct linker *l = linker_of(state);
	struct strbuf name = STRBUF_INIT, data = STRBUF_INIT, err = STRBUF_INIT;
	size_t step;

	assert_int_equal(strbuf_addf(&name, "dyn.%s.map", l->name), 0);
	assert_int_equal(read_work_file(name.buf, &data), 0);
	step = data.len / 200 + 1;
	for (size_t cut = 0; cut < data.len; cut += step) {
		struct linkmap lm = LINKMAP_INIT;
		int r = linkmap_parse_map(&lm, name.buf, data.buf, cut, &err);

		if (cut && data.buf[cut - 1] != '\n') {
			/* cut inside a line */
			assert_int_equal(r, -1);
			assert_non_null(strstr(err.buf, "truncated"));
		}
		if (r) {
			assert_int_equal(lm.nr, 0);
			assert_non_null(strstr(err.buf, name.buf));
		}
		strbuf_reset(&err);
		linkmap_release(&lm);
	}
	/* a bfd or gold map cut at a line end before its memory map */
	if (l->flavor != LINKMAP_LLD) {
		struct linkmap lm = LINKMAP_INIT;
		const char *nl = memchr(data.buf, '\n', data.len);

		assert_non_null(nl);
		assert_int_equal(linkmap_parse_map(&lm, name.buf, data.buf,
						   (size_t)(nl - data.buf) + 1, &err),
				 -1);
		assert_non_null(strstr(err.buf, "truncated"));
		linkmap_release(&lm);
	}
	strbuf_release(&name);
	strbuf_release(&data);
	strbuf_release(&err);
}

/* Flip bytes of a real map: never a crash, an error always says where. */
static void test_mutated_real_map(void **state)
{
	const struct linker *l = linker_of(state);
	struct strbuf name = STRBUF_INIT, data = STRBUF_INIT, err = STRBUF_INIT;
	static const char junk[] = { '\0', '\n', '(', ')', ' ', '\t', ':', '\\', 'x', '\r' };
	unsigned int seed = 12345;

	assert_int_equal(strbuf_addf(&name, "dyn.%s.map", l->name), 0);
	assert_int_equal(read_work_file(name.buf, &data), 0);
	for (int iter = 0; iter < 150; iter++) {
		struct strbuf copy = STRBUF_INIT;
		struct linkmap lm = LINKMAP_INIT;

		assert_int_equal(strbuf_add(&copy, data.buf, data.len), 0);
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245u + 12345u;
			copy.buf[(seed >> 8) % copy.len] = junk[(seed >> 20) % sizeof(junk)];
		}
		if (linkmap_parse_map(&lm, name.buf, copy.buf, copy.len, &err)) {
			assert_non_null(strstr(err.buf, name.buf));
			assert_int_equal(lm.nr, 0);
		} else {
			assert_consistent(&lm);
		}
		strbuf_reset(&err);
		linkmap_release(&lm);
		strbuf_release(&copy);
	}
	strbuf_release(&name);
	strbuf_release(&data);
	strbuf_release(&err);
}

/* ---- hostile and hand-made inputs ---- */

static void expect_error(parse_fn fn, const char *name, const char *data, size_t len,
			 const char *needle)
{
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(parse_both(fn, &lm, name, data, len, &err), -1);
	assert_non_null(strstr(err.buf, name));
	if (needle && !strstr(err.buf, needle))
		fail_msg("expected \"%s\" in: %s", needle, err.buf);
	assert_int_equal(lm.nr, 0);
	assert_null(lm.output);
	linkmap_release(&lm);
	strbuf_release(&err);
}

static void test_empty(void **state)
{
	(void)state;
	expect_error(linkmap_parse_map, "empty.map", "", 0, "empty map");
	expect_error(linkmap_parse_map, "blank.map", "\n\n  \n", 5, "empty map");
	expect_error(linkmap_parse_map, "null.map", NULL, 0, "empty");
	expect_error(linkmap_parse_gold_symbol_counts, "empty.counts", "", 0, "empty");
	expect_error(linkmap_parse_lld_why_extract, "empty.why", "", 0, "empty");
	expect_error(linkmap_parse_depfile_inputs, "empty.d", "", 0, "empty");
}

static void test_garbage(void **state)
{
	static const char text[] = "hello world\nthis is not a link map\n";
	static const char elf[] = "\177ELF\2\1\1\0\0\0\0\0\n";

	(void)state;
	expect_error(linkmap_parse_map, "garbage.map", text, strlen(text), "not recognised");
	expect_error(linkmap_parse_map, "binary.map", elf, sizeof(elf) - 1, "NUL");
	expect_error(linkmap_parse_gold_symbol_counts, "garbage.counts", text, strlen(text),
		     "garbage.counts:1:");
	expect_error(linkmap_parse_lld_why_extract, "garbage.why", text, strlen(text),
		     "garbage.why:1:");
	expect_error(linkmap_parse_depfile_inputs, "garbage.d", text, strlen(text), "no ':'");
}

static void test_truncated_bfd(void **state)
{
	static const char mid_line[] =
		"Archive member included to satisfy reference by file (symbol)\n\n"
		"./libfoo.a(foo.o)             main.o (fo";
	static const char no_reason[] =
		"Archive member included to satisfy reference by file (symbol)\n\n"
		"/a/very/long/path/to/the/archive/libfoo.a(foo.o)\n";
	static const char no_memmap[] =
		"Archive member included to satisfy reference by file (symbol)\n\n"
		"./libfoo.a(foo.o)             main.o (foo)\n\n";
	static const char no_output[] =
		"Linker script and memory map\n\nLOAD main.o\nLOAD ./libfoo.a\n\n"
		".text           0x0000000000001060       0x22\n";
	static const char dep[] = "out: a.o \\\n b.o";
	static const char why[] = "reference\textracted\tsymbol\nmain.o\t./l.a(";
	static const char counts[] = "symbols main.o 1 1\nsym";

	(void)state;
	expect_error(linkmap_parse_map, "cut.map", mid_line, strlen(mid_line), "cut.map:3:");
	expect_error(linkmap_parse_map, "cut.map", no_reason, strlen(no_reason), "truncated");
	expect_error(linkmap_parse_map, "cut.map", no_memmap, strlen(no_memmap), "truncated");
	expect_error(linkmap_parse_map, "cut.map", no_output, strlen(no_output), "OUTPUT");
	expect_error(linkmap_parse_depfile_inputs, "cut.d", dep, strlen(dep),
		     "cut.d: line 2: truncated");
	expect_error(linkmap_parse_lld_why_extract, "cut.why", why, strlen(why),
		     "cut.why:2: truncated");
	expect_error(linkmap_parse_gold_symbol_counts, "cut.counts", counts, strlen(counts),
		     "cut.counts:2: truncated");
}

static void test_long_line(void **state)
{
	size_t len = (1u << 20) + 1;
	char *big = malloc(len);
	static const char head[] = "Linker script and memory map\n\nLOAD ";

	(void)state;
	assert_non_null(big);
	memset(big, 'a', len);
	big[len - 1] = '\n';
	expect_error(linkmap_parse_map, "long.map", big, len, "long.map:1: line longer");
	expect_error(linkmap_parse_gold_symbol_counts, "long.counts", big, len, "longer");
	expect_error(linkmap_parse_lld_why_extract, "long.why", big, len, "longer");
	expect_error(linkmap_parse_depfile_inputs, "long.d", big, len, "longer");
	/* and without any newline at all */
	expect_error(linkmap_parse_map, "long.map", big, len - 1, "longer");
	memcpy(big, head, strlen(head));
	expect_error(linkmap_parse_map, "long.map", big, len, "long.map:3: line longer");
	free(big);
}

static void test_nul_bytes(void **state)
{
	static const char bfd[] = "Archive member included to satisfy reference by file (symbol)\n"
				  "\n./libfoo.a(foo.o)\0             main.o (foo)\n";
	static const char dep[] = "out: a.o\0 b.o\n";
	static const char why[] = "reference\textracted\tsymbol\nmain.o\t./a(b\0.o)\tx\n";

	(void)state;
	expect_error(linkmap_parse_map, "nul.map", bfd, sizeof(bfd) - 1, "nul.map:3: NUL");
	expect_error(linkmap_parse_depfile_inputs, "nul.d", dep, sizeof(dep) - 1,
		     "nul.d: line 1: NUL");
	expect_error(linkmap_parse_lld_why_extract, "nul.why", why, sizeof(why) - 1, "nul.why:2:");
}

static void test_lld_malformed(void **state)
{
	static const char map[] =
		"             VMA              LMA     Size Align Out     In      Symbol\n"
		"             2a8              2a8       1c     1 .interp\n"
		"this is not a row\n";

	(void)state;
	expect_error(linkmap_parse_map, "bad.lld.map", map, strlen(map), "bad.lld.map:3:");
}

static void test_error_leaves_linkmap_unchanged(void **state)
{
	static const char why[] = "reference\textracted\tsymbol\n"
				  "main.o\t./libfoo.a(foo.o)\tfoo\n";
	static const char bad[] = "reference\textracted\tsymbol\n"
				  "main.o\t./libbar.a(bar.o)\tbar\nno tabs here\n";
	static const char counts[] = "symbols main.o 1 1\n";
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(linkmap_parse_lld_why_extract(&lm, "w", why, strlen(why), &err), 0);
	assert_int_equal(lm.nr, 2);
	assert_int_equal(linkmap_parse_lld_why_extract(&lm, "bad.why", bad, strlen(bad), &err), -1);
	assert_non_null(strstr(err.buf, "bad.why:3:"));
	assert_int_equal(lm.nr, 2);
	strbuf_reset(&err);
	/* a gold report into an lld link */
	assert_int_equal(linkmap_parse_gold_symbol_counts(&lm, "c", counts, strlen(counts), &err),
			 -1);
	assert_non_null(strstr(err.buf, "gold"));
	assert_int_equal(lm.nr, 2);
	assert_int_equal(lm.flavor, LINKMAP_LLD);
	linkmap_release(&lm);
	strbuf_release(&err);
}

static void test_depfile_escapes(void **state)
{
	static const char dep[] = "out\\ put: a\\ b.o lib\\#1.a c$$d.o \\\n"
				  " /x/../y/libz.so.1 \\\r\n"
				  " link.ld\n\na\\ b.o:\n\nlink.ld:\n";
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct linkmap_input *in;

	(void)state;
	assert_int_equal(linkmap_parse_depfile_inputs(&lm, "e.d", dep, strlen(dep), &err), 0);
	assert_int_equal(lm.nr, 5);
	assert_string_equal(lm.output, "out put");
	assert_string_equal(lm.inputs[0].path, "a b.o");
	assert_int_equal(lm.inputs[0].kind, LINKMAP_OBJECT);
	assert_string_equal(lm.inputs[1].path, "lib#1.a");
	assert_int_equal(lm.inputs[1].kind, LINKMAP_ARCHIVE);
	assert_string_equal(lm.inputs[2].path, "c$d.o");
	assert_string_equal(lm.inputs[3].path, "/x/../y/libz.so.1");
	assert_int_equal(lm.inputs[3].kind, LINKMAP_SHARED);
	assert_string_equal(lm.inputs[4].path, "link.ld");
	assert_int_equal(lm.inputs[4].kind, LINKMAP_SCRIPT_OR_OTHER);
	assert_int_equal(lm.flavor, LINKMAP_UNKNOWN);
	in = find(&lm, "/y/libz.so.1", NULL);
	assert_ptr_equal(in, &lm.inputs[3]);
	linkmap_release(&lm);
	strbuf_release(&err);
}

/* Hand-made bfd map: reasons bfd writes that a small link does not show. */
static void test_bfd_reasons(void **state)
{
	static const char map[] =
		"Archive member included to satisfy reference by file (symbol)\n\n"
		"./lib(x).a(a b(1).o)          main.o (ns::f(int) const)\n"
		"./libcxx.a(c.o)               main.o (symbol from plugin) (g)\n"
		"averyveryverylongdirectorynameforthelibrary/libu.a(u.o)\n"
		"                              (ufn)\n"
		"./libwa.a(wa.o)               (--whole-archive)\n"
		"./t.o                         main.o (thin)\n\n"
		"As-needed library included to satisfy reference by file (symbol)\n\n"
		"libz.so.1                     main.o (zlibVersion)\n"
		"libgone.so.3                  main.o (gone)\n\n"
		"Linker script and memory map\n\n"
		"LOAD main.o\nLOAD ./lib(x).a\nLOAD "
		"averyveryverylongdirectorynameforthelibrary/libu.a\n"
		"LOAD ./libwa.a\nLOAD ./libthin.a\nLOAD /usr/lib/libz.so\nLOAD ./libunused.a\n"
		"OUTPUT(my prog elf64-x86-64)\n";
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct linkmap_input *in;

	(void)state;
	assert_int_equal(linkmap_parse_map(&lm, "r.map", map, strlen(map), &err), 0);
	assert_consistent(&lm);
	assert_string_equal(lm.output, "my prog");
	in = find(&lm, "lib(x).a", "a b(1).o");
	assert_non_null(in);
	assert_string_equal(in->ref_file, "main.o");
	assert_string_equal(in->ref_symbol, "ns::f(int) const");
	in = find(&lm, "libcxx.a", "c.o");
	assert_non_null(in);
	assert_string_equal(in->ref_file, "main.o");
	assert_string_equal(in->ref_symbol, "g");
	in = find(&lm, "averyveryverylongdirectorynameforthelibrary/libu.a", "u.o");
	assert_non_null(in);
	assert_null(in->ref_file);
	assert_string_equal(in->ref_symbol, "ufn");
	in = find(&lm, "libwa.a", "wa.o");
	assert_non_null(in);
	assert_true(in->whole_archive);
	assert_null(in->ref_symbol);
	in = find(&lm, "t.o", NULL); /* thin archive member */
	assert_non_null(in);
	assert_int_equal(in->kind, LINKMAP_OBJECT);
	assert_string_equal(in->ref_symbol, "thin");
	in = find(&lm, "/usr/lib/libz.so", NULL);
	assert_non_null(in);
	assert_int_equal(in->kind, LINKMAP_SHARED);
	assert_true(in->as_needed_used);
	assert_string_equal(in->ref_symbol, "zlibVersion");
	in = find(&lm, "libgone.so.3", NULL);
	assert_non_null(in);
	assert_true(in->as_needed_used);
	in = find(&lm, "libunused.a", NULL);
	assert_non_null(in);
	assert_int_equal(in->kind, LINKMAP_ARCHIVE);
	linkmap_release(&lm);
	strbuf_release(&err);
}

/*
 * ld prints its own diagnostics into the map ("discarding zero address
 * range FDE in x.a(y.o)(.eh_frame)." inside an entry section): a real bfd
 * map with such a line is read, the line counted as skipped; a member whose
 * entry was replaced by it is still found through the memory map.
 */
static void test_bfd_diagnostics(void **state)
{
	static const char diag[] =
		"discarding zero address range FDE in ../deps/x/libx.a(y.o)(.eh_frame).\n";
	static const char unknown[] = "ld: a message no linker prints yet (libx.a)\n";
	struct strbuf map = STRBUF_INIT, text = STRBUF_INIT, err = STRBUF_INIT;
	struct linkmap lm = LINKMAP_INIT;
	const struct linkmap_input *in;
	const char *heading, *entry, *next, *after;

	(void)state;
	if (!linkers[0].usable)
		skip();
	assert_int_equal(read_work_file("static.bfd.map", &map), 0);
	heading = strstr(map.buf, "Archive member included");
	assert_non_null(heading);
	/* (a) ld's FDE message as the section's first entry: recognised */
	entry = strstr(heading, "\n\n") + 2;
	assert_int_equal(strbuf_add(&text, map.buf, (size_t)(entry - map.buf)), 0);
	assert_int_equal(strbuf_addstr(&text, diag), 0);
	assert_int_equal(strbuf_addstr(&text, entry), 0);
	assert_int_equal(linkmap_parse_map(&lm, "d.map", text.buf, text.len, &err), 0);
	assert_int_equal(lm.skipped, 0);
	assert_int_equal(lm.ld_messages, 1);
	in = find_member_named(&lm, "libc-start.o");
	assert_non_null(in);
	assert_non_null(in->ref_symbol);
	linkmap_release(&lm);
	/* (b) a line nobody knows in place of libc-start.o's entry (and its
	 * reason line): skipped and counted, the member still found */
	entry = strstr(map.buf, "(libc-start.o)\n");
	assert_non_null(entry);
	while (entry > map.buf && entry[-1] != '\n')
		entry--;
	next = strchr(entry, '\n') + 1;
	after = next[0] == ' ' ? strchr(next, '\n') + 1 : next;
	strbuf_reset(&text);
	assert_int_equal(strbuf_add(&text, map.buf, (size_t)(entry - map.buf)), 0);
	assert_int_equal(strbuf_addstr(&text, unknown), 0);
	assert_int_equal(strbuf_addstr(&text, after), 0);
	assert_int_equal(linkmap_parse_map(&lm, "d.map", text.buf, text.len, &err), 0);
	assert_true(lm.skipped >= 1);
	assert_non_null(strstr(lm.first_skipped, "a message no linker prints yet"));
	in = find_member_named(&lm, "libc-start.o");
	assert_non_null(in); /* from its sections in the memory map */
	assert_int_equal(in->kind, LINKMAP_ARCHIVE_MEMBER);
	assert_null(in->ref_symbol);
	assert_consistent(&lm);
	linkmap_release(&lm);
	/* (c) the same diagnostic written by a real link (an empty function's
	 * zero-length FDE), between the as-needed libraries and the discarded
	 * sections */
	strbuf_reset(&map);
	assert_int_equal(read_work_file("fde.bfd.map", &map), 0);
	assert_non_null(
		strstr(map.buf, "discarding zero address range FDE in deps/x/libx.a(fde.o)"));
	assert_int_equal(linkmap_parse_map(&lm, "fde.bfd.map", map.buf, map.len, &err), 0);
	assert_int_equal(lm.skipped, 0);
	assert_int_equal(lm.ld_messages, 1);
	in = find_member_named(&lm, "fde.o");
	assert_non_null(in);
	assert_string_equal(in->ref_symbol, "fde_used");
	assert_consistent(&lm);
	linkmap_release(&lm);
	strbuf_release(&map);
	strbuf_release(&text);
	strbuf_release(&err);
}

static void test_gold_counts(void **state)
{
	static const char counts[] = "symbols main.o 1 1\n"
				     "symbols /usr/lib/libz.so 102 102\n"
				     "archive ./lib (x).a 3 1\n"
				     "symbols ./lib (x).a(m (1).o) 1 1\n"
				     "archive ./libunused.a 4 0\n";
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct linkmap_input *in;

	(void)state;
	assert_int_equal(linkmap_parse_gold_symbol_counts(&lm, "c", counts, strlen(counts), &err),
			 0);
	assert_consistent(&lm);
	assert_int_equal(lm.flavor, LINKMAP_GOLD);
	assert_int_equal(lm.nr, 5);
	assert_int_equal(lm.inputs[1].kind, LINKMAP_SHARED);
	in = find(&lm, "lib (x).a", "m (1).o");
	assert_non_null(in);
	in = find(&lm, "libunused.a", NULL);
	assert_non_null(in);
	assert_int_equal(in->kind, LINKMAP_ARCHIVE);
	expect_error(linkmap_parse_gold_symbol_counts, "c2", "symbols x.o one 1\n", 18, "c2:1:");
	linkmap_release(&lm);
	strbuf_release(&err);
}

/* ---- reading a file through the window ---- */

/* A deterministic pseudo-random number below n. */
static size_t next_rand(unsigned int *seed, size_t n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) % n;
}

/*
 * A bfd map of several MiB: reason entries with the reason on the line
 * after a long member name (so that some entry straddles the end of a
 * window), lines of LINKMAP_MAX_LINE bytes, ld's diagnostics. Read from a
 * file it gives exactly what it gives in memory, with every member and its
 * reason.
 */
static void test_window_bfd(void **state)
{
	struct strbuf map = STRBUF_INIT, err = STRBUF_INIT, name = STRBUF_INIT;
	struct linkmap lm = LINKMAP_INIT;
	unsigned int seed = 42;
	const size_t members = 60000;

	(void)state;
	strbuf_addstr(&map, "Archive member included to satisfy reference by file (symbol)\n\n");
	for (size_t i = 0; i < members; i++) {
		size_t pad = next_rand(&seed, 40);

		strbuf_addf(&map, "/build/lib%zu/libbig.a(m%zu_", i % 7, i);
		for (size_t k = 0; k < pad; k++)
			strbuf_addch(&map, 'x');
		strbuf_addf(&map, ".o)\n%30sref%zu.o (sym%zu)\n", "", i, i);
		if (i % 9973 == 0) {
			/* an ld message of the longest length accepted */
			static const char fde[] = "discarding zero address range FDE in ";

			strbuf_addstr(&map, fde);
			for (size_t k = sizeof(fde) - 1; k < LINKMAP_MAX_LINE; k++)
				strbuf_addch(&map, 'y');
			strbuf_addch(&map, '\n');
		}
	}
	strbuf_addstr(&map, "\nLinker script and memory map\n\n");
	for (size_t i = 0; i < 7; i++)
		strbuf_addf(&map, "LOAD /build/lib%zu/libbig.a\n", i);
	strbuf_addstr(&map, "OUTPUT(big elf64-x86-64)\n");
	assert_true(map.len > 4 * (1u << 20));

	assert_int_equal(parse_both(linkmap_parse_map, &lm, "big.map", map.buf, map.len, &err), 0);
	assert_int_equal(err.len, 0);
	assert_int_equal(lm.nr, 7 + members);
	assert_int_equal(lm.ld_messages, (members + 9972) / 9973);
	for (size_t i = 0; i < members; i += 997) {
		const struct linkmap_input *in = NULL;

		strbuf_reset(&name);
		strbuf_addf(&name, "ref%zu.o", i);
		for (size_t k = 0; k < lm.nr && !in; k++)
			if (lm.inputs[k].ref_file && !strcmp(lm.inputs[k].ref_file, name.buf))
				in = &lm.inputs[k];
		assert_non_null(in);
		assert_int_equal(in->kind, LINKMAP_ARCHIVE_MEMBER);
		assert_true(strncmp(in->member, "m", 1) == 0);
		assert_int_equal(strtoul(in->member + 1, NULL, 10), i);
	}
	linkmap_release(&lm);
	strbuf_release(&map);
	strbuf_release(&err);
	strbuf_release(&name);
}

/* gold's symbol counts: "archive A" names the archive of many lines after it, across windows. */
static void test_window_gold_counts(void **state)
{
	struct strbuf counts = STRBUF_INIT, err = STRBUF_INIT;
	struct linkmap lm = LINKMAP_INIT;
	const struct linkmap_input *in;

	(void)state;
	strbuf_addstr(&counts, "symbols main.o 3 3\narchive /first/archive/libone.a 1 1\n");
	for (size_t i = 0; i < 50000; i++)
		strbuf_addf(&counts, "symbols /first/archive/libone.a(member%zu.o) 2 1\n", i);
	strbuf_addstr(&counts, "archive /second/libtwo.a 1 1\n"
			       "symbols /second/libtwo.a(last.o) 1 1\n");
	assert_true(counts.len > 2 * (1u << 20));
	assert_int_equal(parse_both(linkmap_parse_gold_symbol_counts, &lm, "big.counts", counts.buf,
				    counts.len, &err),
			 0);
	assert_int_equal(lm.nr, 1 + 1 + 50000 + 1 + 1);
	in = find(&lm, "/first/archive/libone.a", "member49999.o");
	assert_non_null(in);
	assert_int_equal(in->kind, LINKMAP_ARCHIVE_MEMBER);
	assert_non_null(find(&lm, "/second/libtwo.a", "last.o"));
	linkmap_release(&lm);
	strbuf_release(&counts);
	strbuf_release(&err);
}

/*
 * A map cut while it is read (the file shrinks after it was opened): an
 * error that says so, never a crash (a mapped file that shrinks kills the
 * reader with SIGBUS).
 */
static void test_file_shrinks(void **state)
{
	const struct linker *l = &linkers[0];
	struct strbuf name = STRBUF_INIT, data = STRBUF_INIT, big = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct linkmap lm = LINKMAP_INIT;
	int fd;

	(void)state;
	assert_int_equal(strbuf_addf(&name, "dyn.%s.map", l->name), 0);
	assert_int_equal(read_work_file(name.buf, &data), 0);
	/* its first heading, and then enough lines that it spans many windows */
	strbuf_add(&big, data.buf, data.len);
	while (big.len < 8 * (1u << 20))
		strbuf_addstr(&big, "discarding zero address range FDE in x.o(.eh_frame).\n");
	fd = fd_of(big.buf, big.len);
	assert_int_equal(ftruncate(fd, (off_t)(3 * (1u << 20) + 17)), 0);
	assert_int_equal(linkmap_parse_fd(&lm, LINKMAP_REPORT_MAP, name.buf, fd, &err), -1);
	assert_non_null(strstr(err.buf, "truncated"));
	assert_int_equal(lm.nr, 0);
	assert_int_equal(close(fd), 0);
	/* a read error (a directory): said once, at the line it stopped */
	for (int k = LINKMAP_REPORT_MAP; k <= LINKMAP_REPORT_DEPFILE; k++) {
		struct linkmap dl = LINKMAP_INIT;

		strbuf_reset(&err);
		fd = open(workdir, O_RDONLY);
		assert_true(fd >= 0);
		assert_int_equal(linkmap_parse_fd(&dl, (enum linkmap_report)k, "dir.map", fd, &err),
				 -1);
		assert_int_equal(close(fd), 0);
		assert_non_null(strstr(err.buf, "dir.map"));
		assert_non_null(strstr(err.buf, "cannot read"));
		assert_null(strstr(strstr(err.buf, "cannot read") + 1, "cannot read"));
		assert_int_equal(dl.nr, 0);
	}
	strbuf_release(&name);
	strbuf_release(&data);
	strbuf_release(&big);
	strbuf_release(&err);
}

#define PER_LINKER(fn)                                                                             \
	cmocka_unit_test_prestate(fn, &linkers[0]), cmocka_unit_test_prestate(fn, &linkers[1]),    \
		cmocka_unit_test_prestate(fn, &linkers[2])

int main(void)
{
	const struct CMUnitTest tests[] = {
		PER_LINKER(test_dynamic),
		PER_LINKER(test_shared),
		PER_LINKER(test_static),
		PER_LINKER(test_relocatable),
		PER_LINKER(test_weird_names),
		PER_LINKER(test_map_alone),
		PER_LINKER(test_crlf),
		PER_LINKER(test_truncated_real_map),
		PER_LINKER(test_mutated_real_map),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_truncated_bfd),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_lld_malformed),
		cmocka_unit_test(test_error_leaves_linkmap_unchanged),
		cmocka_unit_test(test_depfile_escapes),
		cmocka_unit_test(test_bfd_reasons),
		cmocka_unit_test(test_bfd_diagnostics),
		cmocka_unit_test(test_gold_counts),
		cmocka_unit_test(test_window_bfd),
		cmocka_unit_test(test_window_gold_counts),
		cmocka_unit_test(test_file_shrinks),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
