/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_COMPOPT_H
#define SOUPTRACE_COMPOPT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What souptrace must know about a compiler-driver option (gcc and clang
 * spelling). Everything not in the table is an option without a separate
 * argument that changes nothing souptrace records.
 */
enum {
	OPT_ARG_SEPARATE = 1 << 0,    /* "-o x": the next argv element is its argument */
	OPT_ARG_JOINED = 1 << 1,      /* "-ox", "-Ifoo", "-fuse-ld=lld": argument joined */
	OPT_STOP_PREPROCESS = 1 << 2, /* -E: preprocess only */
	OPT_STOP_ASSEMBLY = 1 << 3,   /* -S: compile to assembly */
	OPT_STOP_COMPILE = 1 << 4,    /* -c: compile or assemble, do not link */
	OPT_INFO = 1 << 5,	      /* --version, -print-*: nothing is built */
	OPT_DEPS = 1 << 6,	      /* -MD/-MMD/-M/-MM: the user asked for a depfile */
	OPT_DEPS_ONLY = 1 << 7,	      /* -M/-MM: output is the dependency list (implies -E) */
	OPT_LINKER = 1 << 8,	      /* argument is passed to the linker (-Wl, -Xlinker) */
	OPT_SHARED = 1 << 9,	      /* -shared */
	OPT_RELOCATABLE = 1 << 10,    /* -r */
	OPT_STATIC = 1 << 11,	      /* -static */
	OPT_NO_STDLIB = 1 << 12,      /* -nostdlib, -nodefaultlibs, -nostartfiles */
	OPT_PATH = 1 << 13,	      /* its argument is a path (recorded as given) */
};

/* Identifies options that need individual handling in the classifier. */
enum compopt_id {
	CO_NONE = 0,
	CO_OUTPUT,	/* -o */
	CO_LANGUAGE,	/* -x */
	CO_LIB,		/* -l */
	CO_LIBDIR,	/* -L */
	CO_DEPFILE,	/* -MF */
	CO_DEPS_MMD,	/* -MMD: no system headers */
	CO_WL,		/* -Wl, */
	CO_WP,		/* -Wp, (may carry -MD,file) */
	CO_XLINKER,	/* -Xlinker */
	CO_FUSE_LD,	/* -fuse-ld= */
	CO_LD_PATH,	/* --ld-path= */
	CO_SCRIPT,	/* -T */
	CO_SYNTAX_ONLY, /* -fsyntax-only */
};

struct compopt {
	const char *name;
	unsigned flags;
	enum compopt_id id;
	const char *why; /* one line for reviewers: why souptrace cares */
};

/*
 * Find the entry for arg (which starts with '-'): an exact match, or the
 * longest entry with OPT_ARG_JOINED that is a prefix of arg. *joined points
 * at the joined argument: "" when arg matched an entry with OPT_ARG_JOINED
 * exactly, NULL for an exact match of any other entry. NULL if unknown.
 */
const struct compopt *compopt_find(const char *arg, const char **joined);

/*
 * The lookup both option tables share (this one and the linker's in
 * cmdline.c): entries of size stride, sorted by name, each starting with
 * `const char *name; unsigned flags;`. Returns the entry or NULL.
 */
const void *opt_table_find(const void *entries, size_t nr, size_t stride, const char *arg,
			   const char **joined);

/* The table itself, for the unit test that it is sorted and consistent. */
const struct compopt *compopt_table(size_t *nr);

#endif
