/* SPDX-License-Identifier: Apache-2.0 */
#include "closure.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linkmap.h"
#include "pathutil.h"
#include "strmap.h"
#include "banned.h"

#define MAX_DEPTH 32

const char *closure_kind_name(enum closure_kind k)
{
	switch (k) {
	case CLOSURE_SOURCE: return "source";
	case CLOSURE_HEADER: return "header";
	case CLOSURE_OBJECT: return "object";
	case CLOSURE_ARCHIVE_MEMBER: return "archive-member";
	case CLOSURE_SHARED: return "shared-library";
	case CLOSURE_LINKER_SCRIPT: return "linker-script";
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
	strvec_clear(&c->problems);
	closure_init(c);
}

/* An index from written path to the records that wrote it. */
struct output_ref {
	const char *path;
	size_t record;
};

struct walk {
	const struct trace *t;
	struct closure *c;
	struct output_ref *outs;
	size_t nr_outs;
	struct strbuf *err;
	int depth;
	struct strmap seen;  /* "path" or "path(member)" of every file added */
	struct strvec keys;  /* the strings seen's keys point into */
};

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

static int add_file(struct walk *w, const char *path, const char *member, enum closure_kind kind,
		    const char *record, bool static_link, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
static int add_file(struct walk *w, const char *path, const char *member, enum closure_kind kind,
		    const char *record, bool static_link, const char *fmt, ...)
{
	struct closure *c = w->c;
	struct closure_file *f;
	struct strbuf ev = STRBUF_INIT;
	va_list ap;

	bool is_new;

	/* de-duplicate, first evidence wins (big artifacts have thousands of files) */
	strbuf_addstr(&ev, path);
	if (member)
		strbuf_addf(&ev, "(%s)", member);
	if (strmap_find(&w->seen, ev.buf)) {
		strbuf_release(&ev);
		return 0;
	}
	if (strvec_push(&w->keys, ev.buf) ||
	    !strmap_put(&w->seen, w->keys.v[w->keys.nr - 1], 0, &is_new)) {
		strbuf_release(&ev);
		return -1;
	}
	strbuf_reset(&ev);
	if (c->nr == c->alloc) {
		size_t n = c->alloc ? c->alloc * 2 : 64;
		struct closure_file *p = realloc(c->files, n * sizeof(*p));

		if (!p)
			return -1;
		c->files = p;
		c->alloc = n;
	}
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

/* A compile record's sources and headers, reached through `via`. */
static int add_compile(struct walk *w, const struct trace_record *r, const char *object,
		       const char *via)
{
	for (size_t i = 0; i < r->nr_inputs; i++) {
		if (strcmp(r->inputs[i].type, "source"))
			continue;
		if (add_file(w, r->inputs[i].abs, NULL, CLOSURE_SOURCE, r->id, true,
			     "compiled into %s (%s %s)%s", object, r->mode, r->id, via))
			return -1;
	}
	for (size_t i = 0; i < r->deps_abs.nr; i++) {
		bool is_source = false;

		for (size_t k = 0; k < r->nr_inputs && !is_source; k++)
			is_source = !strcmp(r->inputs[k].abs, r->deps_abs.v[i]);
		if (is_source)
			continue;
		if (add_file(w, r->deps_abs.v[i], NULL, CLOSURE_HEADER, r->id, true,
			     "included when compiling %s (%s %s)%s",
			     r->nr_inputs ? r->inputs[0].abs : object, r->mode, r->id, via))
			return -1;
	}
	if (r->deps_origin && !r->deps_system_headers) {
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "%s: the compile's own depfile (-MMD) leaves system headers out",
			    object);
		strvec_push(&w->c->problems, p.buf);
		strbuf_release(&p);
	}
	for (size_t i = 0; i < r->incomplete.nr; i++) {
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "%s (record %s): %s", object, r->id, r->incomplete.v[i]);
		strvec_push(&w->c->problems, p.buf);
		strbuf_release(&p);
	}
	return 0;
}

static int walk_link(struct walk *w, const struct trace_record *link, const char *via);

/* An object file the linker used: who made it? */
static int walk_object(struct walk *w, const char *obj, long long before, const char *via)
{
	const struct trace_record *r = producer(w, obj, before);

	if (!r)
		return add_file(w, obj, NULL, CLOSURE_OBJECT, NULL, true,
				"not built in this trace%s", via);
	if (!strcmp(r->mode, "link-relocatable")) {
		struct strbuf v = STRBUF_INIT;
		int ret;

		strbuf_addf(&v, ", partially linked into %s (%s)%s", obj, r->id, via);
		ret = walk_link(w, r, v.buf);
		strbuf_release(&v);
		return ret;
	}
	if (strcmp(r->mode, "compile") && strcmp(r->mode, "assembly"))
		return add_file(w, obj, NULL, CLOSURE_OBJECT, r->id, true,
				"linked; written by a %s step (%s)%s", r->mode, r->id, via);
	return add_compile(w, r, obj, via);
}

/* An archive member the linker pulled in: which object went into it? */
static int walk_member(struct walk *w, const char *archive, const char *member,
		       long long before, const char *via)
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
	if (!best)
		return add_file(w, archive, member, CLOSURE_ARCHIVE_MEMBER, NULL, true,
				"member %s of %s, not built in this trace%s", member, archive, via);
	{
		struct strbuf v = STRBUF_INIT;
		int ret;

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
	if (has_sources && add_compile(w, link, w->c->artifact, via))
		goto out;
	if (!link->report[0] && !link->report[1] && !link->report[3]) {
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "%s (record %s): no link map was recorded", link->outputs_abs.nr ?
			    link->outputs_abs.v[0] : "?", link->id);
		strvec_push(&w->c->problems, p.buf);
		strbuf_release(&p);
		ret = 0;
		goto out;
	}
	if (trace_load_link_evidence(link, &lm, &err)) {
		strbuf_addf(w->err, "link record %s: %s", link->id, err.buf);
		goto out;
	}
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
			strbuf_addf(&why, ", linked by %s%s", link->id, via);
			rc = walk_object(w, abs, link->start_ns, why.buf);
			break;
		case LINKMAP_ARCHIVE_MEMBER:
			if (in->ref_symbol)
				strbuf_addf(&why, ", pulled in by %s for %s (%s)%s",
					    in->ref_file ? in->ref_file : "the linker", in->ref_symbol,
					    link->id, via);
			else
				strbuf_addf(&why, ", linked by %s%s", link->id, via);
			rc = walk_member(w, abs, in->member, link->start_ns, why.buf);
			break;
		case LINKMAP_SHARED:
			rc = add_file(w, abs, NULL, CLOSURE_SHARED, link->id, false,
				      "shared library the linker used (%s)%s", link->id, via);
			break;
		case LINKMAP_SCRIPT_OR_OTHER:
			rc = add_file(w, abs, NULL, CLOSURE_LINKER_SCRIPT, link->id, true,
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
		int rc = abs ? add_file(w, abs, NULL, CLOSURE_LINKER_SCRIPT, link->id, true,
					"linker script (-T) of %s%s", link->id, via)
			     : -1;

		free(abs);
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < link->incomplete.nr; i++) {
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "link record %s: %s", link->id, link->incomplete.v[i]);
		strvec_push(&w->c->problems, p.buf);
		strbuf_release(&p);
	}
	ret = 0;
out:
	w->depth--;
	linkmap_release(&lm);
	strbuf_release(&err);
	strbuf_release(&why);
	return ret;
}

static bool same_content(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rbe"), *fb = fopen(b, "rbe");
	char x[65536], y[65536];
	bool same = fa && fb;

	while (same) {
		size_t na = fread(x, 1, sizeof(x), fa), nb = fread(y, 1, sizeof(y), fb);

		same = na == nb && !memcmp(x, y, na);
		if (na < sizeof(x))
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/*
 * An artifact no link step wrote may be an installed copy of one that a
 * link step did (cmake --install, make install, cp): the link output, still
 * in the build tree, with the same size and the same bytes. The newest
 * such link wins; *built_as names it.
 */
static const struct trace_record *installed_copy_of(struct walk *w, const char *artifact,
						    char **built_as)
{
	struct stat st, bt;

	if (stat(artifact, &st) || !S_ISREG(st.st_mode))
		return NULL;
	for (size_t i = w->t->nr; i-- > 0;) {
		const struct trace_record *r = &w->t->records[i];

		if (strncmp(r->mode, "link", 4) || r->exit_status != 0)
			continue;
		for (size_t k = 0; k < r->outputs_abs.nr; k++) {
			const char *out = r->outputs_abs.v[k];

			if (stat(out, &bt) || bt.st_size != st.st_size || !same_content(out, artifact))
				continue;
			/* the build output must still be what that link wrote */
			if (producer(w, out, LLONG_MAX) != r)
				continue;
			*built_as = strdup(out);
			return r;
		}
	}
	return NULL;
}

int closure_compute(const struct trace *t, const char *artifact, struct closure *c,
		    struct strbuf *err)
{
	struct walk w = { t, c, NULL, 0, err, 0, STRMAP_INIT, STRVEC_INIT };
	char cwd[PATH_MAX];
	int ret = -1;

	if (!getcwd(cwd, sizeof(cwd))) {
		strbuf_addf(err, "cannot read the current directory: %s", strerror(errno));
		return -1;
	}
	c->artifact = trace_abs_path(cwd, artifact);
	if (!c->artifact || build_index(&w)) {
		strbuf_addstr(err, "out of memory");
		goto out;
	}
	c->link = producer(&w, c->artifact, LLONG_MAX);
	if (!c->link || strncmp(c->link->mode, "link", 4))
		c->link = installed_copy_of(&w, c->artifact, &c->built_as);
	if (!c->link) {
		ret = 1;
		goto out;
	}
	ret = walk_link(&w, c->link, "") ? -1 : 0;
out:
	free(w.outs);
	strmap_release(&w.seen);
	strvec_clear(&w.keys);
	return ret;
}
