/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_LDSO_INTERNAL_H
#define SOUPTRACE_LDSO_INTERNAL_H

/*
 * Private to the loader emulation (ldso.h), which is four files: ldso.c
 * (the resolution context, the graph, setup and the API), ldso_paths.c
 * (paths inside the sysroot, dynamic string tokens), ldso_cache.c
 * (ld.so.cache, ld.so.conf, the machine profiles) and ldso_search.c (the
 * candidates tried for one DT_NEEDED name).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf_info.h"
#include "ldso.h"
#include "strbuf.h"
#include "strmap.h"
#include "strvec.h"

/* Like the kernel's limit on symlinks followed in one lookup. */
#define MAX_SYMLINKS 40
/* Bounds for hostile trees: path text, configuration files, includes. */
#define MAX_PATH_TEXT  (64u << 10)
#define MAX_CACHE_SIZE (64u << 20)
#define MAX_CONF_SIZE  (1u << 20)
#define MAX_CONF_DEPTH 8
#define MAX_CONF_DIRS  4096
#define NO_OBJ	       ((size_t)-1)
/* Strings kept for the loaded files (DT_NEEDED, paths), at most. */
#define MAX_KEPT_TEXT (64u << 20)

/* What the loader of one machine uses. */
struct profile {
	const char *triplet;  /* Debian multiarch, or NULL */
	const char *platform; /* $PLATFORM default, or NULL */
	int32_t cache_flags;  /* the exact ld.so.cache flags, or -1: any libc6 entry */
	bool plain_elf_ok;    /* also accept entries flagged FLAG_ELF / FLAG_ELF_LIBC6 */
};

struct cache_entry {
	int32_t flags;
	uint64_t hwcap;
	const char *key;
	const char *value;
};

struct search {
	const char *name;
	bool name_is_host; /* $ORIGIN/... of an object outside the sysroot */
	struct strvec skipped;
	/* the result */
	enum ldso_how how;
	struct strbuf found; /* host path as found */
	struct strbuf real;  /* real host path */
	struct elf_info info;
};

/* ---- the resolution context ---- */

/* One loaded file (objs[0] is the root). */
struct obj {
	size_t node;   /* index in tree->nodes, or LDSO_ROOT */
	size_t loader; /* index in objs of its first loader, or NO_OBJ */
	unsigned depth;
	bool outside; /* lies outside the sysroot */
	char *origin; /* $ORIGIN, as the target sees it */
	struct elf_info info;
	bool dirs_done; /* rpath_hosts / runpath_hosts computed */
	struct strvec rpath_hosts, runpath_hosts;
};

struct ctx {
	const struct ldso_config *cfg;
	struct ldso_tree *tree;
	struct strbuf *err;
	char *sysroot; /* real path without trailing '/'; "" for "/" */
	size_t sysroot_len;
	/* the root's identity, which every library must share */
	unsigned want_class, want_data, want_machine;
	struct profile prof;
	/* "lib32"/"libx32" when the root's loader is a Debian biarch one, else NULL */
	const char *biarch;
	const char *lib, *platform;
	struct strvec default_hosts;

	struct obj *objs;
	size_t nr_objs, alloc_objs;
	struct strvec keystore; /* owns the keys of the maps */
	struct strmap by_name;	/* requested name or soname -> obj */
	struct strmap by_real;	/* real host path -> obj */
	struct strmap missing;	/* name -> node of an unresolved name */

	/* ld.so.cache / ld.so.conf, loaded on first use */
	bool cache_loaded;
	bool cache_ok;
	struct strbuf cache_data;
	struct cache_entry *cache;
	size_t nr_cache;
	struct strvec conf_hosts; /* ld.so.conf directories when there is no cache */
	bool llp_done;
	struct strvec llp_hosts;
	/* the root's PT_INTERP when it is a usable loader: found, not yet a node */
	struct search *interp;
	size_t kept_text; /* bytes of strings kept in objs[].info */
};

/* ---- ldso.c: the context's messages ---- */

/* "ROOT: out of memory" into c->err; returns -1. */
int ldso_nomem(struct ctx *c);
/* A warning in the tree: 0, or -1 when out of memory. */
__attribute__((format(printf, 2, 3))) int ldso_warn(struct ctx *c, const char *fmt, ...);

/* ---- ldso_paths.c: paths inside the sysroot, dynamic string tokens ---- */

/* Append the host path of target path tpath: 0, or -1 (memory). */
int ldso_host_of(const struct ctx *c, const char *tpath, struct strbuf *out);
/* The target's view of a host path; *outside when it is not in the sysroot. */
const char *ldso_target_of(const struct ctx *c, const char *host, bool *outside);
/* Resolve tpath's symlinks inside the sysroot: 0 (res set), 1 (missing), -1 (errno). */
int ldso_resolve_in_root(const struct ctx *c, const char *tpath, struct strbuf *res);
/* The real host path of host path h: 0, 1 (does not exist), -1 (errno). */
int ldso_real_host(const struct ctx *c, const char *h, struct strbuf *out);
/* Expand s's tokens for $ORIGIN origin: 0, 1 (a token without a value), -1 (memory). */
int ldso_expand_dst(const struct ctx *c, const char *origin, const char *s, struct strbuf *out);
/* Whether s starts with $ORIGIN or ${ORIGIN}. */
bool ldso_starts_with_origin(const char *s);
/* Expand o's path-list elements (what: DT_RPATH...) into host directories: 0, or -1. */
int ldso_expand_list(struct ctx *c, const struct obj *o, const char *what,
		     const struct strvec *elems, struct strvec *hosts);
/* Compute o's rpath_hosts and runpath_hosts once: 0, or -1. */
int ldso_obj_dirs(struct ctx *c, struct obj *o);

/* ---- ldso_cache.c: ld.so.cache, ld.so.conf, machine profiles ---- */

/* What the loader of in's machine uses. */
struct profile ldso_profile_for(const struct elf_info *in);
/* The biarch directory ("lib32", "libx32") of the loader at real target path real, or NULL. */
const char *ldso_biarch_dir(const char *real);
/* Load ld.so.cache (or ld.so.conf when there is none) on first use: 0, or -1. */
int ldso_cache_load(struct ctx *c);
/* The cache's path for name (the machine's exact flags first), or NULL. */
const char *ldso_cache_lookup(const struct ctx *c, const char *name);

/* ---- ldso_search.c: candidates ---- */

/* Keep only what the search needs of a file's ELF facts; the bytes kept. */
size_t ldso_trim_info(struct elf_info *in);
/* Start a search for name (may be NULL). */
void ldso_search_init(struct search *s, const char *name);
void ldso_search_release(struct search *s);
/* Note candidate host skipped, and why: 0, or -1 (memory). */
int ldso_skip(struct ctx *c, struct search *s, const char *host, const char *why);
/* Try host path h: 0 taken (s->found, s->real, s->info set), 1 absent or passed over, -1. */
int ldso_try_candidate(struct ctx *c, struct search *s, const char *h, enum ldso_how how);
/* The loader's search for s->name on behalf of objs[oi]: 0 found, 1 not, -1 error. */
int ldso_search(struct ctx *c, size_t oi, struct search *s);

#endif
