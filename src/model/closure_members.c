/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Archive members that no recorded ar step made (a plain `ar` in a
 * Makefile, libtool, a bundled library's own build): the archive read once
 * per closure, each member matched to the compile that produced it by its
 * bytes (w->by_sha, built by closure.c), else by its DWARF, else by a
 * unique name.
 */
#include "closure_internal.h"

#include <elf.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dwarf_sources.h"
#include "pathutil.h"
#include "alloc.h"
#include "banned.h"

struct archive_cache *cl_archive_of(struct walk *w, const char *path)
{
	struct archive_cache *a;
	struct strbuf err = STRBUF_INIT;

	for (size_t i = 0; i < w->nr_archives; i++)
		if (!strcmp(w->archives[i].path, path))
			return &w->archives[i];
	ALLOC_GROW(w->archives, w->nr_archives + 1, w->alloc_archives);
	a = &w->archives[w->nr_archives];
	memset(a, 0, sizeof(*a));
	elf_archive_init(&a->ar);
	a->path = strdup(path);
	if (!a->path)
		return NULL;
	w->nr_archives++;
	a->rc = elf_archive_read(path, &a->ar, &err);
	if (a->rc)
		a->err = strbuf_detach(&err, NULL);
	strbuf_release(&err);
	return a;
}

static const struct elf_archive_member *member_of(const struct archive_cache *a, const char *name)
{
	for (size_t i = 0; a && a->rc == 0 && i < a->ar.nr; i++)
		if (!strcmp(a->ar.members[i].name, name))
			return &a->ar.members[i];
	return NULL;
}

/* The DWARF of a member: its first compile unit's source, absolute; NULL when none. */
static char *member_cu_source(const char *archive, const char *member)
{
	struct dwarf_options opt = { .no_separate = true, .no_dwo = true };
	struct dwarf_sources ds = DWARF_SOURCES_INIT;
	char *res = NULL;
	Elf *ar, *sub;
	Elf_Cmd cmd = ELF_C_READ_MMAP;
	int fd;

	if (elf_info_lib_init(NULL) || (fd = open(archive, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	ar = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	while (ar && !res && (sub = elf_begin(fd, cmd, ar)) != NULL) {
		Elf_Arhdr *h = elf_getarhdr(sub);

		if (h && h->ar_name && !strcmp(h->ar_name, member) &&
		    dwarf_sources_read_elf(sub, archive, &opt, &ds, NULL) == 0 && ds.nr_cus &&
		    ds.cus[0].name)
			res = trace_abs_path(ds.cus[0].comp_dir, ds.cus[0].name);
		dwarf_sources_release(&ds);
		cmd = elf_next(sub);
		elf_end(sub);
	}
	elf_end(ar);
	close(fd);
	return res;
}

/* The newest successful compile before `before` whose source is src. */
static const struct trace_record *compile_of_source(struct walk *w, const char *src,
						    long long before)
{
	for (size_t i = w->t->nr; i-- > 0;) {
		const struct trace_record *r = &w->t->records[i];

		if (r->exit_status || r->end_ns > before || strcmp(r->mode, "compile"))
			continue;
		for (size_t k = 0; k < r->nr_inputs; k++)
			if (!strcmp(r->inputs[k].abs, src))
				return r;
	}
	return NULL;
}

/*
 * How many distinct objects named like member recorded compiles wrote;
 * *unique and *rec are the newest of them.
 */
static size_t compiles_named(struct walk *w, const char *member, const char **unique,
			     const struct trace_record **rec)
{
	const char *seen = NULL;
	size_t n = 0;

	*unique = NULL;
	*rec = NULL;
	for (size_t i = 0; i < w->nr_outs; i++) { /* sorted by path: one run per path */
		const struct trace_record *r = &w->t->records[w->outs[i].record];

		if (strcmp(path_basename(w->outs[i].path), member) ||
		    (strcmp(r->mode, "compile") && strcmp(r->mode, "assembly")))
			continue;
		if (!seen || strcmp(seen, w->outs[i].path))
			n++;
		seen = w->outs[i].path;
		if (!*rec || r->end_ns > (*rec)->end_ns) {
			*unique = w->outs[i].path;
			*rec = r;
		}
	}
	return n;
}

/*
 * A member of an archive that no recorded ar step made (a plain `ar` in a
 * Makefile, libtool, a bundled library's own build): find the compile that
 * produced it by its bytes, else by its DWARF, else by a unique name.
 */
int cl_resolve_member(struct walk *w, const char *archive, const char *member, long long before,
		      const char *via)
{
	struct archive_cache *a = cl_archive_of(w, archive);
	const struct elf_archive_member *m = member_of(a, member);
	const struct trace_record *r = NULL;
	struct strbuf v = STRBUF_INIT;
	const char *object = NULL;
	char *src = NULL;
	size_t named = 0;
	bool by_bytes = false;
	int ret;

	if (!a)
		return -1;
	if (m) {
		struct strmap_slot *slot = strmap_find(&w->by_sha, m->sha256);

		if (slot) {
			by_bytes = true;
			r = &w->t->records[slot->val];
			for (size_t k = 0; k < r->nr_written && !object; k++)
				if (!strcmp(r->written[k].sha256, m->sha256))
					object = r->written[k].abs;
			strbuf_addf(&v,
				    ", member %s of %s: the same bytes (sha256 %.16s...) as %s "
				    "wrote to %s%s",
				    member, archive, m->sha256, r->id, object, via);
		}
	}
	if (!r && (src = member_cu_source(archive, member)) &&
	    (r = compile_of_source(w, src, before))) {
		object = r->outputs_abs.nr ? r->outputs_abs.v[0] : member;
		strbuf_addf(&v,
			    ", member %s of %s: its DWARF names %s, compiled by %s (the bytes "
			    "differ from what it wrote)%s",
			    member, archive, src, r->id, via);
	}
	if (!r) {
		const struct trace_record *nr = NULL;
		const char *unique;

		named = compiles_named(w, member, &unique, &nr);
		if (named == 1 && nr->end_ns <= before) {
			r = nr;
			object = unique;
			strbuf_addf(&v,
				    ", member %s of %s: by name only, the one recorded compile "
				    "writing an object of that name (%s; neither bytes nor DWARF "
				    "match)%s",
				    member, archive, r->id, via);
		}
	}
	free(src);
	if (r && !by_bytes) {
		struct stat st;

		/* matched by DWARF or name only: while the compile's object is
		 * still there its bytes prove the member was made otherwise */
		if (!stat(object, &st))
			cl_problem(
				w,
				"member %s of %s matches %s %s only by its DWARF or name: its "
				"bytes differ from what that compile wrote (%s), so the member was "
				"compiled or changed without the wrappers; rebuild cleanly with "
				"CC=souptrace-cc and AR=souptrace-ar",
				member, archive, r->mode, r->id, object);
	}
	if (r) {
		w->empty = m && m->status == 0 && m->info.type == ET_REL && !m->info.has_contents;
		ret = cl_add_compile(w, r, object, v.buf);
		w->empty = false;
		strbuf_release(&v);
		return ret;
	}
	strbuf_release(&v);
	if (cl_add_file(w, archive, member, CLOSURE_ARCHIVE_MEMBER, NULL, true,
			"member %s of %s: no recorded step produced it, and it matches no recorded "
			"compile by its bytes, its DWARF or its name%s",
			member, archive, via))
		return -1;
	w->c->files[w->c->nr - 1].unproduced = true;
	if (m && m->status == 0 && m->info.type == ET_REL && !m->info.has_contents)
		w->c->files[w->c->nr - 1].empty = true;
	if (named > 1 || (a->rc && a->err))
		cl_problem(
			w,
			"member %s of %s: %s; the archive was made by an ar the wrappers did not "
			"see: build it with AR=souptrace-ar (or put the wrappers first in PATH)",
			member, archive,
			a->rc ? a->err : "several recorded compiles wrote an object of that name");
	return 0;
}
