/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CLOSURE_INTERNAL_H
#define SOUPTRACE_CLOSURE_INTERNAL_H

/*
 * Private to the closure (closure.h): the walk's state that closure.c (the
 * walk from an artifact's link through partial links, objects, archive
 * members and compiles; installed copies recognised) and closure_members.c
 * (archive members no recorded ar step made, matched to their compile by
 * bytes, DWARF or name) share.
 */
#include <stdbool.h>
#include <stddef.h>

#include "closure.h"
#include "elf_info.h"
#include "strbuf.h"
#include "strmap.h"
#include "strvec.h"
#include "trace.h"

/* An index from written path to the records that wrote it. */
struct output_ref {
	const char *path;
	size_t record;
};

/* An archive read once per closure: its members' bytes and contents. */
struct archive_cache {
	char *path;
	int rc; /* of elf_archive_read: 0 read, else not readable (err kept) */
	char *err;
	struct elf_archive ar;
};

struct walk {
	const struct trace *t;
	struct closure *c;
	struct output_ref *outs;
	size_t nr_outs;
	struct strbuf *err;
	int depth;
	struct strmap seen;   /* "path" or "path(member)" of every file added -> files[] index */
	struct strvec keys;   /* the strings seen's keys point into */
	struct strmap by_sha; /* sha256 a compile wrote -> index in records (newest wins) */
	struct archive_cache *archives;
	size_t nr_archives, alloc_archives;
	bool empty; /* the files being added come from an object without contents */
	bool oom;   /* a problem could not be kept */
};

/* Add a file to the closure once, with the evidence fmt says (closure.c). */
int cl_add_file(struct walk *w, const char *path, const char *member, enum closure_kind kind,
		const char *record, bool static_link, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Keep a problem of the closure; w->oom when it cannot be kept (closure.c). */
void cl_problem(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A compile record's sources and headers, reached through via (closure.c). */
int cl_add_compile(struct walk *w, const struct trace_record *r, const char *object,
		   const char *via);

/* The archive at path, read once per closure (NULL: out of memory; rc says if it was read). */
struct archive_cache *cl_archive_of(struct walk *w, const char *path);

/*
 * A member of an archive that no recorded ar step made: its compile found
 * by its bytes, else by its DWARF, else by a unique name (closure_members.c).
 */
int cl_resolve_member(struct walk *w, const char *archive, const char *member, long long before,
		      const char *via);

#endif
