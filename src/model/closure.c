/* SPDX-License-Identifier: Apache-2.0 */
#include "closure_internal.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_info.h"
#include "fileid.h"
#include "linkmap.h"
#include "pathutil.h"
#include "strmap.h"
#include "alloc.h"
#include "banned.h"

#define MAX_DEPTH 32

const char *closure_kind_name(enum closure_kind k)
{
	switch (k) {
	case CLOSURE_SOURCE:
		return "source";
	case CLOSURE_HEADER:
		return "header";
	case CLOSURE_OBJECT:
		return "object";
	case CLOSURE_ARCHIVE_MEMBER:
		return "archive-member";
	case CLOSURE_SHARED:
		return "shared-library";
	case CLOSURE_LINKER_SCRIPT:
		return "linker-script";
	}
	return "object";
}

void closure_init(struct closure *c)
{
	memset(c, 0, sizeof(*c));
	strvec_init(&c->problems);
}

void closure_release(struct closure *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		free(c->files[i].path);
		free(c->files[i].member);
		free(c->files[i].evidence);
		free(c->files[i].record);
	}
	free(c->files);
	free(c->artifact);
	free(c->built_as);
	free(c->identity);
	free(c->stale);
	strvec_clear(&c->problems);
	closure_init(c);
}

static int cmp_ref(const void *a, const void *b)
{
	const struct output_ref *x = a, *y = b;
	int r = strcmp(x->path, y->path);

	if (r)
		return r;
	return x->record < y->record ? -1 : x->record > y->record;
}

static int build_index(struct walk *w)
{
	size_t n = 0, k = 0;
	bool is_new;

	/* newest first, so that the newest compile that wrote some bytes keeps them */
	for (size_t i = w->t->nr; i-- > 0;) {
		const struct trace_record *r = &w->t->records[i];

		if (r->exit_status != 0 ||
		    (strcmp(r->mode, "compile") && strcmp(r->mode, "assembly")))
			continue;
		for (size_t o = 0; o < r->nr_written; o++)
			if (!strmap_put(&w->by_sha, r->written[o].sha256, i, &is_new))
				return -1;
	}
	for (size_t i = 0; i < w->t->nr; i++)
		n += w->t->records[i].outputs_abs.nr;
	w->outs = calloc(n ? n : 1, sizeof(*w->outs));
	if (!w->outs)
		return -1;
	for (size_t i = 0; i < w->t->nr; i++) {
		const struct trace_record *r = &w->t->records[i];

		if (r->exit_status != 0)
			continue; /* a failed step wrote nothing that counts */
		for (size_t o = 0; o < r->outputs_abs.nr; o++) {
			w->outs[k].path = r->outputs_abs.v[o];
			w->outs[k].record = i;
			k++;
		}
	}
	w->nr_outs = k;
	qsort(w->outs, k, sizeof(*w->outs), cmp_ref);
	return 0;
}

/*
 * The last successful record that wrote path and finished before time
 * `before` (the consumer's start), or NULL. Records are sorted by end time,
 * so the highest index that qualifies is the newest.
 */
static const struct trace_record *producer(struct walk *w, const char *path, long long before)
{
	struct output_ref key = { path, 0 };
	const struct trace_record *best = NULL;
	size_t lo = 0, hi = w->nr_outs;

	while (lo < hi) { /* first entry with this path */
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_ref(&w->outs[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < w->nr_outs && !strcmp(w->outs[lo].path, path); lo++) {
		const struct trace_record *r = &w->t->records[w->outs[lo].record];

		if (r->end_ns <= before)
			best = r;
	}
	return best;
}

int cl_add_file(struct walk *w, const char *path, const char *member, enum closure_kind kind,
		const char *record, bool static_link, const char *fmt, ...)
{
	struct closure *c = w->c;
	struct closure_file *f;
	struct strbuf ev = STRBUF_INIT;
	va_list ap;

	bool is_new;

	/* de-duplicate, first evidence wins (big artifacts have thousands of files),
	 * except that a file reached through code replaces one from an empty object */
	struct strmap_slot *slot;

	strbuf_addstr(&ev, path);
	if (member)
		strbuf_addf(&ev, "(%s)", member);
	if ((slot = strmap_find(&w->seen, ev.buf))) {
		f = &c->files[slot->val];
		strbuf_release(&ev);
		if (!f->empty || w->empty)
			return 0;
		va_start(ap, fmt);
		strbuf_vaddf(&ev, fmt, ap);
		va_end(ap);
		free(f->evidence);
		free(f->record);
		f->evidence = strbuf_detach(&ev, NULL);
		f->record = record ? strdup(record) : NULL;
		f->empty = false;
		f->kind = kind;
		return f->evidence && (!record || f->record) ? 0 : -1;
	}
	if (strvec_push(&w->keys, ev.buf) ||
	    !strmap_put(&w->seen, w->keys.v[w->keys.nr - 1], c->nr, &is_new)) {
		strbuf_release(&ev);
		return -1;
	}
	strbuf_reset(&ev);
	ALLOC_GROW(c->files, c->nr + 1, c->alloc);
	va_start(ap, fmt);
	strbuf_vaddf(&ev, fmt, ap);
	va_end(ap);
	f = &c->files[c->nr];
	f->path = strdup(path);
	f->member = member ? strdup(member) : NULL;
	f->kind = kind;
	f->evidence = strbuf_detach(&ev, NULL);
	f->record = record ? strdup(record) : NULL;
	f->static_link = static_link;
	f->unproduced = false;
	f->empty = w->empty;
	if (!f->path || (member && !f->member) || !f->evidence || (record && !f->record)) {
		free(f->path);
		free(f->member);
		free(f->evidence);
		free(f->record);
		return -1;
	}
	c->nr++;
	return 0;
}

void cl_problem(struct walk *w, const char *fmt, ...)
{
	struct strbuf p = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&p, fmt, ap);
	va_end(ap);
	if (strvec_push(&w->c->problems, p.buf))
		w->oom = true; /* a problem is never dropped: the closure fails */
	strbuf_release(&p);
}

/* A system include directory: headers there belong to packages. */
static bool system_dir(const char *dir)
{
	return !strncmp(dir, "/usr/", 5) && strncmp(dir, "/usr/local/", 11);
}

/*
 * A user's -MMD leaves out headers found through -isystem/-idirafter; those
 * outside the system's own directories (a vendored library included as a
 * system header) are what the depfile then hides.
 */
static void mmd_hidden_dirs(struct walk *w, const struct trace_record *r, const char *object)
{
	static const char *const opts[] = { "-isystem", "-idirafter", "-iwithprefix",
					    "-iwithprefixbefore" };
	struct strbuf dirs = STRBUF_INIT;

	for (size_t i = 0; i < r->args.nr; i++) {
		for (size_t k = 0; k < sizeof(opts) / sizeof(*opts); k++) {
			size_t n = strlen(opts[k]);
			const char *dir = NULL;
			char *abs;

			if (strncmp(r->args.v[i], opts[k], n))
				continue;
			if (r->args.v[i][n])
				dir = r->args.v[i] + n;
			else if (i + 1 < r->args.nr)
				dir = r->args.v[i + 1];
			if (!dir)
				continue;
			abs = trace_abs_path(r->cwd, dir);
			if (abs && !system_dir(abs))
				strbuf_addf(&dirs, "%s%s", dirs.len ? ", " : "", abs);
			free(abs);
		}
	}
	if (dirs.len)
		cl_problem(w,
			   "%s (compile %s): its own -MMD depfile leaves out the headers found "
			   "through "
			   "-isystem/-idirafter in %s; use -MD instead of -MMD (or -I instead of "
			   "-isystem) so that they are recorded",
			   object, r->id, dirs.buf);
	strbuf_release(&dirs);
}

/*
 * A source that an earlier step of this trace made (two-stage compiles:
 * "-S" then assembling the .s, "-E" then compiling the .i): follow it to
 * that step, whose sources and headers are the real ones. 1 when followed.
 */
static int follow_generated_source(struct walk *w, const struct trace_record *r, const char *src,
				   const char *object, const char *via)
{
	const struct trace_record *p = producer(w, src, r->start_ns);
	struct strbuf v = STRBUF_INIT;
	int ret;

	if (!p || (strcmp(p->mode, "assembly") && strcmp(p->mode, "preprocess")))
		return 0;
	if (++w->depth > MAX_DEPTH) {
		w->depth--;
		return 0;
	}
	strbuf_addf(&v, ", which %s (%s) made into %s%s", p->mode, p->id, src, via);
	ret = cl_add_compile(w, p, object, v.buf);
	w->depth--;
	strbuf_release(&v);
	return ret ? -1 : 1;
}

/* A compile record's sources and headers, reached through `via`. */
int cl_add_compile(struct walk *w, const struct trace_record *r, const char *object,
		   const char *via)
{
	for (size_t i = 0; i < r->nr_inputs; i++) {
		const char *ext = path_extension(r->inputs[i].abs);
		int followed;

		if (strcmp(r->inputs[i].type, "source"))
			continue;
		followed = follow_generated_source(w, r, r->inputs[i].abs, object, via);
		if (followed < 0)
			return -1;
		if (!followed && (!strcmp(ext, ".i") || !strcmp(ext, ".ii")))
			cl_problem(w,
				   "%s (compile %s): compiled from the preprocessed %s, which no "
				   "recorded "
				   "step made: the headers it came from are unknown",
				   object, r->id, r->inputs[i].abs);
		if (cl_add_file(w, r->inputs[i].abs, NULL, CLOSURE_SOURCE, r->id, true,
				"compiled into %s (%s %s)%s", object, r->mode, r->id, via))
			return -1;
	}
	for (size_t i = 0; i < r->deps_abs.nr; i++) {
		bool is_source = false;

		for (size_t k = 0; k < r->nr_inputs && !is_source; k++)
			is_source = !strcmp(r->inputs[k].abs, r->deps_abs.v[i]);
		if (is_source)
			continue;
		if (cl_add_file(w, r->deps_abs.v[i], NULL, CLOSURE_HEADER, r->id, true,
				"included when compiling %s (%s %s)%s",
				r->nr_inputs ? r->inputs[0].abs : object, r->mode, r->id, via))
			return -1;
	}
	if (r->deps_origin && !r->deps_system_headers)
		mmd_hidden_dirs(w, r, object);
	for (size_t i = 0; i < r->incomplete.nr; i++)
		cl_problem(w, "%s (record %s): %s", object, r->id, r->incomplete.v[i]);
	return 0;
}

static int walk_link(struct walk *w, const struct trace_record *link, const char *via);

/* Same size and modification time as recorded, else the same SHA-256. */
static bool still_written(const struct trace_written *wr, const struct stat *st, const char *path)
{
	struct file_id id;

	if (st->st_size != wr->size)
		return false;
	if ((long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec == wr->mtime_ns)
		return true;
	return file_id_read(path, false, &id, NULL) == 0 && !strcmp(id.sha256, wr->sha256);
}

/*
 * Is the file at path (st: its status, NULL when it is gone) still what
 * record r wrote, or what a later recorded step wrote there (rebuilt
 * through the wrappers after this link)? A file that is gone cannot say
 * otherwise: the record stands. 1 yes, 0 no (a problem is added), for
 * records of wrappers that kept no identities too.
 */
static int still_output_st(struct walk *w, const struct trace_record *r, const char *path,
			   const struct stat *st)
{
	const struct trace_written *wr = trace_written_of(r, path);

	if (!r->has_written) {
		cl_problem(w,
			   "%s (record %s): recorded by a wrapper older than souptrace 0.2, which "
			   "kept no identity of what it wrote, so the file cannot be checked; "
			   "record the build again",
			   path, r->id);
		return 0;
	}
	if (!st)
		return 1;
	if (wr && still_written(wr, st, path))
		return 1;
	for (size_t i = 0; i < w->t->nr; i++) {
		const struct trace_record *q = &w->t->records[i];
		const struct trace_written *qw;

		if (q->end_ns > r->end_ns && q->exit_status == 0 &&
		    (qw = trace_written_of(q, path)) && still_written(qw, st, path))
			return 1;
	}
	cl_problem(w,
		   "%s is not what %s %s wrote (size %lld, now %lld): it was rebuilt or changed "
		   "without the wrappers, so what it holds is unknown; rebuild it through "
		   "souptrace-cc (a clean build with CC=souptrace-cc)",
		   path, r->mode, r->id, wr ? wr->size : -1LL, (long long)st->st_size);
	return 0;
}

static int still_output_of(struct walk *w, const struct trace_record *r, const char *path)
{
	struct stat st;

	return still_output_st(w, r, path, stat(path, &st) ? NULL : &st);
}

/* Objects up to this size are read whole (one read instead of libelf's mapping). */
#define OBJECT_READ_MAX (1u << 20)

/*
 * Whether an object (or member) has code or data; -1 when it cannot be
 * told. fd is open on path with status st.
 */
static int object_has_contents(int fd, const struct stat *st, const char *path)
{
	struct elf_info info;
	char *image = NULL;
	size_t size = (size_t)st->st_size, done = 0;
	int rc = -1;

	elf_info_init(&info);
	if (S_ISREG(st->st_mode) && st->st_size > 0 && st->st_size <= OBJECT_READ_MAX &&
	    (image = malloc(size))) {
		while (done < size) {
			ssize_t n = pread(fd, image + done, size - done, (off_t)done);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			done += (size_t)n;
		}
		rc = done == size ? elf_info_read_memory(path, image, size, &info, NULL) : -1;
	}
	if (rc < 0) /* too large, unreadable, or what libelf reads only from a file */
		rc = elf_info_read(path, &info, NULL);
	rc = rc == 0 && info.type == ET_REL && !info.no_section_headers ? info.has_contents : -1;
	elf_info_release(&info);
	free(image);
	return rc;
}

/* An object file the linker used: who made it? */
static int walk_object(struct walk *w, const char *obj, long long before, const char *via)
{
	const struct trace_record *r = producer(w, obj, before);
	struct stat st;
	int ret, fd;

	if (!r) {
		if (cl_add_file(w, obj, NULL, CLOSURE_OBJECT, NULL, true,
				"no recorded step produced it%s", via))
			return -1;
		w->c->files[w->c->nr - 1].unproduced = true;
		return 0;
	}
	if (!strcmp(r->mode, "link-relocatable")) {
		struct strbuf v = STRBUF_INIT;

		still_output_of(w, r, obj);
		strbuf_addf(&v, ", partially linked into %s (%s)%s", obj, r->id, via);
		ret = walk_link(w, r, v.buf);
		strbuf_release(&v);
		return ret;
	}
	if (strcmp(r->mode, "compile") && strcmp(r->mode, "assembly"))
		return cl_add_file(w, obj, NULL, CLOSURE_OBJECT, r->id, true,
				   "linked; written by a %s step (%s)%s", r->mode, r->id, via);
	/* the object once: still what its compile wrote? does it hold anything? */
	fd = open(obj, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd >= 0 && fstat(fd, &st) == 0) {
		still_output_st(w, r, obj, &st);
		w->empty = object_has_contents(fd, &st, obj) == 0;
	} else {
		still_output_of(w, r, obj);
	}
	if (fd >= 0)
		close(fd);
	ret = cl_add_compile(w, r, obj, via);
	w->empty = false;
	return ret;
}

/* An archive member the linker pulled in: which object went into it? */
static int walk_member(struct walk *w, const char *archive, const char *member, long long before,
		       const char *via)
{
	const struct trace_record *best = NULL;
	const char *object = NULL;

	/* the newest ar step on this archive, before the link, that added a file
	 * of this name (ar stores members by base name; thin archives by path) */
	for (size_t i = w->t->nr; i-- > 0;) {
		const struct trace_record *r = &w->t->records[i];

		if (!r->archive_abs || strcmp(r->archive_abs, archive) || r->end_ns > before ||
		    r->exit_status != 0)
			continue;
		for (size_t k = 0; k < r->nr_inputs; k++) {
			if (!strcmp(path_basename(r->inputs[k].abs), member) ||
			    !strcmp(r->inputs[k].abs, member)) {
				best = r;
				object = r->inputs[k].abs;
				break;
			}
		}
		if (best)
			break;
	}
	/* the member's bytes decide when the archive is no longer what ar wrote */
	if (best) {
		const struct trace_written *wr = trace_written_of(best, archive);
		struct stat st;

		if (!best->has_written || stat(archive, &st) || !wr ||
		    !still_written(wr, &st, archive))
			best = NULL;
	}
	if (!best)
		return cl_resolve_member(w, archive, member, before, via);
	{
		struct strbuf v = STRBUF_INIT;
		int ret;

		/* the file ar took was written by no recorded step: libtool folds a
		 * convenience library into another by extracting it (`ar x`, which
		 * writes no record) into a .lax folder it removes afterwards; the
		 * member's bytes then find the compile that wrote them */
		if (!producer(w, object, best->start_ns)) {
			strbuf_addf(&v,
				    ", archived into %s (ar %s) from %s, which no recorded "
				    "step wrote%s",
				    archive, best->id, object, via);
			ret = cl_resolve_member(w, archive, member, before, v.buf);
			strbuf_release(&v);
			return ret;
		}
		strbuf_addf(&v, ", archived into %s (ar %s)%s", archive, best->id, via);
		ret = walk_object(w, object, best->start_ns, v.buf);
		strbuf_release(&v);
		return ret;
	}
}

/*
 * "cc a.c -o a": gcc compiles to a temporary ccXXXXXX.o (six random
 * characters) in TMPDIR and links that; it is gone after the link. Its
 * source is the link step's own input, recorded there.
 */
static bool is_compiler_temp(bool has_sources, const char *path)
{
	const char *base = path_basename(path);

	return has_sources && strlen(base) == 10 && !strncmp(base, "cc", 2) &&
	       !strcmp(base + 8, ".o") && strchr(path + 1, '/') != NULL;
}

/*
 * -flto: the linker plugin compiles the IR objects (which the map names
 * too) into partitions, "ccXXXXXX.ltrans0.ltrans.o" in TMPDIR, and links
 * those. They hold what the IR objects held. With -g, lto-wrapper also
 * links "ccXXXXXX.debug.temp.o": the early debug information it copied out
 * of the IR objects (debug sections only).
 */
static bool is_lto_partition(const char *path)
{
	const char *base = path_basename(path);
	size_t n = strlen(base);

	if (n == 21 && !strncmp(base, "cc", 2) && !strcmp(base + 8, ".debug.temp.o"))
		return true;
	return n > 9 && !strcmp(base + n - 9, ".ltrans.o") &&
	       strstr(base, ".ltrans") < base + n - 9;
}

static int walk_link(struct walk *w, const struct trace_record *link, const char *via)
{
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT, why = STRBUF_INIT;
	bool has_sources = false; /* the step compiles too: its temporaries are no inputs */
	int ret = -1;

	if (++w->depth > MAX_DEPTH) {
		strbuf_addf(w->err, "partial links nest more than %d deep", MAX_DEPTH);
		goto out;
	}
	/* sources compiled and linked in one step */
	for (size_t i = 0; i < link->nr_inputs && !has_sources; i++)
		has_sources = !strcmp(link->inputs[i].type, "source");
	if (has_sources && cl_add_compile(w, link, w->c->artifact, via))
		goto out;
	if (!link->report[0] && !link->report[1] && !link->report[3]) {
		cl_problem(w, "%s (record %s): no link map was recorded",
			   link->outputs_abs.nr ? link->outputs_abs.v[0] : "?", link->id);
		ret = 0;
		goto out;
	}
	if (trace_load_link_evidence(link, &lm, &err)) {
		/* only what this link reaches lacks evidence: say so, go on */
		cl_problem(w, "link record %s: its linker report cannot be read: %s", link->id,
			   err.buf);
		ret = 0;
		goto out;
	}
	if (lm.skipped)
		cl_problem(w,
			   "link record %s: %zu line(s) of its map were not understood and skipped "
			   "(first, line %zu: %s)",
			   link->id, lm.skipped, lm.first_skipped_line,
			   lm.first_skipped ? lm.first_skipped : "?");
	for (size_t i = 0; i < lm.nr; i++) {
		const struct linkmap_input *in = &lm.inputs[i];
		char *abs = trace_abs_path(link->cwd, in->path);
		int rc = 0;

		if (!abs)
			goto out;
		strbuf_reset(&why);
		switch (in->kind) {
		case LINKMAP_OBJECT:
			if (is_compiler_temp(has_sources, abs))
				break; /* counted through the link step's own sources */
			if (is_lto_partition(abs) && !producer(w, abs, link->start_ns))
				break; /* counted through the IR objects it came from */
			strbuf_addf(&why, ", linked by %s%s", link->id, via);
			rc = walk_object(w, abs, link->start_ns, why.buf);
			break;
		case LINKMAP_ARCHIVE_MEMBER:
			if (in->ref_symbol)
				strbuf_addf(&why, ", pulled in by %s for %s (%s)%s",
					    in->ref_file ? in->ref_file : "the linker",
					    in->ref_symbol, link->id, via);
			else
				strbuf_addf(&why, ", linked by %s%s", link->id, via);
			rc = walk_member(w, abs, in->member, link->start_ns, why.buf);
			break;
		case LINKMAP_SHARED:
			rc = cl_add_file(w, abs, NULL, CLOSURE_SHARED, link->id, false,
					 "shared library the linker used (%s)%s", link->id, via);
			break;
		case LINKMAP_SCRIPT_OR_OTHER:
			rc = cl_add_file(w, abs, NULL, CLOSURE_LINKER_SCRIPT, link->id, true,
					 "linker input (%s)%s", link->id, via);
			break;
		case LINKMAP_ARCHIVE:
			break; /* searched; its used members are listed on their own */
		}
		free(abs);
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < link->scripts.nr; i++) {
		char *abs = trace_abs_path(link->cwd, link->scripts.v[i]);
		int rc = abs ? cl_add_file(w, abs, NULL, CLOSURE_LINKER_SCRIPT, link->id, true,
					   "linker script (-T) of %s%s", link->id, via)
			     : -1;

		free(abs);
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < link->incomplete.nr; i++)
		cl_problem(w, "link record %s: %s", link->id, link->incomplete.v[i]);
	ret = 0;
out:
	w->depth--;
	linkmap_release(&lm);
	strbuf_release(&err);
	strbuf_release(&why);
	return ret;
}

/*
 * Whether the file id is a strip/objcopy copy of the recorded output wr:
 * the same build-id, or (links without one) the same loadable contents.
 * Appends how it is known to how (may be NULL).
 */
static bool copy_of(const struct trace_written *wr, const struct file_id *id, struct strbuf *how)
{
	if (wr->build_id[0] && !strcmp(wr->build_id, id->build_id)) {
		if (how)
			strbuf_addf(how, "the same build-id %s", id->build_id);
		return true;
	}
	if (!wr->build_id[0] && wr->load_sha256[0] && !strcmp(wr->load_sha256, id->load_sha256)) {
		if (how)
			strbuf_addf(how,
				    "no build-id, the same loadable contents (segments' sha256 %s)",
				    id->load_sha256);
		return true;
	}
	return false;
}

/*
 * The link record whose recorded output is this file: the same bytes (an
 * installed copy, or the output itself), else a copy that strip or objcopy
 * made (copy_of). The newest wins; *written says which output.
 */
static const struct trace_record *link_of_identity(struct walk *w, const struct file_id *id,
						   bool by_copy,
						   const struct trace_written **written)
{
	for (size_t i = w->t->nr; i-- > 0;) {
		const struct trace_record *r = &w->t->records[i];

		if (strncmp(r->mode, "link", 4) || r->exit_status != 0)
			continue;
		for (size_t k = 0; k < r->nr_written; k++) {
			const struct trace_written *wr = &r->written[k];

			if (by_copy ? copy_of(wr, id, NULL) : !strcmp(wr->sha256, id->sha256)) {
				*written = wr;
				return r;
			}
		}
	}
	return NULL;
}

/* Compare the artifact on disk with what c->link recorded it wrote. */
static int check_identity(struct walk *w, const struct file_id *id)
{
	struct closure *c = w->c;
	const struct trace_written *wr = trace_written_of(c->link, c->artifact);
	bool same = wr && !strcmp(wr->sha256, id->sha256);
	struct strbuf how = STRBUF_INIT;
	bool copy = wr && !same && copy_of(wr, id, &how);
	struct strbuf s = STRBUF_INIT;

	if (!c->link->has_written)
		strbuf_addf(&s,
			    "link record %s was written by a wrapper older than souptrace 0.2, "
			    "which kept no identity of what it wrote: the file cannot be checked "
			    "against it; record the build again",
			    c->link->id);
	else if (!wr)
		strbuf_addf(&s, "link record %s recorded no identity for it", c->link->id);
	else if (same)
		strbuf_addf(&s, "sha256 %s, as recorded by %s", id->sha256, c->link->id);
	else if (copy)
		strbuf_addf(&s,
			    "a stripped or objcopy'd copy of what %s wrote: %s "
			    "(sha256 %s, recorded %s)",
			    c->link->id, how.buf, id->sha256, wr->sha256);
	else
		strbuf_addf(&s,
			    "it is not what link step %s wrote (recorded sha256 %s, size %lld; "
			    "now sha256 %s, size %lld): it was relinked or changed without the "
			    "wrappers, so the trace says nothing about it; rebuild it through the "
			    "wrappers",
			    c->link->id, wr->sha256, wr->size, id->sha256, id->size);
	strbuf_release(&how);
	if (same || copy)
		c->identity = strbuf_detach(&s, NULL);
	else
		c->stale = strbuf_detach(&s, NULL);
	return c->stale || c->identity ? 0 : -1;
}

/* An ar archive, regular or thin: its first bytes say. */
static bool is_archive_file(const char *path)
{
	char magic[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool yes = false;

	if (fd >= 0) {
		yes = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
		      (!memcmp(magic, "!<arch>\n", 8) || !memcmp(magic, "!<thin>\n", 8));
		close(fd);
	}
	return yes;
}

/*
 * A static library as the artifact: the newest ar step that wrote it (a
 * file no longer what it wrote is stale), then every member, as a link
 * that took them all. 0, or -1 (memory).
 */
static int walk_archive(struct walk *w)
{
	struct closure *c = w->c;
	struct archive_cache *a;

	c->archive = true;
	for (size_t i = w->t->nr; i-- > 0 && !c->link;) {
		const struct trace_record *r = &w->t->records[i];

		if (r->archive_abs && !strcmp(r->archive_abs, c->artifact) && r->exit_status == 0)
			c->link = r;
	}
	if (c->link) {
		const struct trace_written *wr = trace_written_of(c->link, c->artifact);
		struct stat st;

		if (!c->link->has_written || !wr || stat(c->artifact, &st) ||
		    !still_written(wr, &st, c->artifact)) {
			struct strbuf s = STRBUF_INIT;

			strbuf_addf(&s,
				    "%s is not what ar step %s wrote: it was changed without the "
				    "wrappers since",
				    c->artifact, c->link->id);
			c->stale = strbuf_detach(&s, NULL);
		}
	}
	a = cl_archive_of(w, c->artifact);
	if (!a)
		return -1;
	if (a->rc) {
		cl_problem(w, "%s: cannot read the archive: %s", c->artifact,
			   a->err ? a->err : "unknown error");
		return 0;
	}
	for (size_t i = 0; i < a->ar.nr; i++)
		if (walk_member(w, c->artifact, a->ar.members[i].name, LLONG_MAX, ""))
			return -1;
	return 0;
}

int closure_compute(const struct trace *t, const char *artifact, struct closure *c,
		    struct strbuf *err)
{
	struct walk w = { t,	       c,	    NULL, 0, err, 0,	 STRMAP_INIT,
			  STRVEC_INIT, STRMAP_INIT, NULL, 0, 0,	  false, false };
	struct file_id id;
	char cwd[PATH_MAX];
	int ret = -1;

	if (!getcwd(cwd, sizeof(cwd))) {
		strbuf_addf(err, "cannot read the current directory: %s", strerror(errno));
		return -1;
	}
	c->artifact = trace_abs_path(cwd, artifact);
	if (!c->artifact) {
		strbuf_addstr(err, "out of memory");
		goto out;
	}
	if (file_id_read(c->artifact, true, &id, err))
		goto out; /* a missing artifact is bad input, in every command alike */
	if (build_index(&w)) {
		strbuf_addstr(err, "out of memory");
		goto out;
	}
	c->link = producer(&w, c->artifact, LLONG_MAX);
	if (c->link && strncmp(c->link->mode, "link", 4))
		c->link = NULL;
	if (!c->link) {
		/* an installed copy: the bytes, or the build-id, of a recorded link output */
		const struct trace_written *wr = NULL;

		c->link = link_of_identity(&w, &id, false, &wr);
		if (!c->link)
			c->link = link_of_identity(&w, &id, true, &wr);
		if (c->link && !(c->built_as = strdup(wr->abs))) {
			strbuf_addstr(err, "out of memory");
			goto out;
		}
		if (c->link) {
			struct strbuf s = STRBUF_INIT;

			if (!strcmp(wr->sha256, id.sha256)) {
				strbuf_addf(&s, "sha256 %s, as recorded by %s for %s", id.sha256,
					    c->link->id, wr->abs);
			} else {
				strbuf_addf(&s,
					    "a stripped or objcopy'd copy of what %s wrote to %s: ",
					    c->link->id, wr->abs);
				copy_of(wr, &id, &s);
			}
			c->identity = strbuf_detach(&s, NULL);
		}
	} else if (check_identity(&w, &id)) {
		strbuf_addstr(err, "out of memory");
		goto out;
	}
	if (!c->link && is_archive_file(c->artifact)) {
		ret = walk_archive(&w);
		goto oom_check;
	}
	if (!c->link) {
		ret = 1;
		goto out;
	}
	ret = walk_link(&w, c->link, "") ? -1 : 0;
oom_check:
	if (w.oom) {
		strbuf_addstr(err, "out of memory");
		ret = -1;
	}
out:
	free(w.outs);
	strmap_release(&w.seen);
	strmap_release(&w.by_sha);
	strvec_clear(&w.keys);
	for (size_t i = 0; i < w.nr_archives; i++) {
		free(w.archives[i].path);
		free(w.archives[i].err);
		elf_archive_release(&w.archives[i].ar);
	}
	free(w.archives);
	return ret;
}
