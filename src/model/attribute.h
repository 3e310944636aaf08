/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ATTRIBUTE_H
#define SOUPTRACE_ATTRIBUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "closure.h"
#include "pkgdb.h"
#include "soup.h"
#include "strmap.h"
#include "strvec.h"

/*
 * The attribution rules: where a file that reaches an artifact stands and
 * which component it puts there. check, init, sbom and report see every
 * file through them (src/cli/cmd_check.c runs them once per artifact);
 * tests/unit/test_attribute.c has a test for each rule.
 *
 * Where a file stands (attr_place, the first rule that applies):
 *   ignored      an "ignore" glob of soup.json matches it;
 *   package      a Debian package owns it: the component is the source package;
 *   vendored     under the project root (or the build tree), in a folder that
 *                carries its own LICENSE/COPYING/NOTICE or sits in
 *                third_party, 3rdparty, vendor, external, extern, deps,
 *                contrib or _deps (FetchContent);
 *   declared     in the project's tree, claimed by a declaration's match.paths;
 *   first-party  anything else under the project root (or the build tree) -
 *                when a recorded compile produced it; otherwise it is code of
 *                unknown provenance named after its library or file;
 *   outside      owned by no package: unknown provenance, named after the
 *                install prefix's library (PREFIX/lib/libX.a -> X) or folder.
 * Then a declaration claims the component (attr_declared_for, the most
 * specific rule wins: paths, then libraries, then packages, then its name).
 */

enum origin {
	ORIG_DECLARED,
	ORIG_PACKAGE,
	ORIG_VENDORED,
	ORIG_UNKNOWN,
	ORIG_IN_TREE,	  /* in the project tree, claimed by a declaration's match.paths */
	ORIG_NOTICE,	  /* in the project tree, another holder's or project's notice */
	ORIG_FINGERPRINT, /* in the project tree, a known component's fingerprint */
};

const char *origin_name(enum origin o);

/* One file that puts a component into an artifact. */
struct found_file {
	char *path, *member;
	char *evidence;	       /* how it got into the artifact */
	char *record;	       /* the trace record that says so, or NULL */
	char *loaded_by;       /* loaded at run time: the file whose DT_NEEDED loads it */
	const char *technique; /* "instrumentation" (the trace) or "binary-analysis" */
	bool static_link;
	bool unproduced; /* closure: no recorded step produced it */
	bool empty;	 /* closure: from an object without code or data */
	bool header;	 /* closure: a header a compile included (no code of its own linked) */
};

/* A component found in one artifact, with the files that put it there. */
struct found {
	char *name;
	enum origin origin;
	long declared;		    /* index in the soup list, or -1 */
	enum origin natural;	    /* what it would be without a declaration */
	char *where;		    /* package "zlib1g 1:1.2.13.dfsg-1", folder, prefix */
	char *version;		    /* found version, or NULL */
	char *version_from;	    /* how it was found */
	char *folder;		    /* vendored folder (absolute), for the version probe */
	char *prefix;		    /* unknown provenance: the install prefix */
	const struct pkg_info *pkg; /* owning package (owned by the pkgdb), or NULL */
	const char *confidence;	    /* "high", or "medium" for a notice-based group */
	/* what the files themselves say (provenance): supplier, licence, purl, CPE */
	char *supplier_found, *license_found, *purl_found, *cpe_found;
	struct strvec evidence;	  /* "FILE: how it got into the artifact" */
	struct found_file *files; /* the same, structured */
	size_t nr_files, alloc_files;
};

void found_release(struct found *f);

/* What the rules read: the declared list, the project, the package database. */
struct attr_rules {
	const struct soup_list *soup;
	const char *root;	   /* the project root (absolute, normalised) */
	const char *build_root;	   /* the build tree when the trace is its .souptrace, else NULL */
	const struct pkgdb *pkgdb; /* or NULL: no package is known */
	/* What the rules learnt of folders (has a LICENSE, ...), asked once
	 * per folder; NULL: ask every time. The caller's, for one run. */
	struct attr_cache *cache;
	/* Files of vendored folders that are another's (attr_subs), or NULL. */
	const struct attr_subs *subs;
};

/*
 * A sub-component of a vendored folder (issue 12): a file of
 * third_party/lua/ whose notice names another holder than the folder's
 * own (an extension library by other authors), reported apart with its
 * own holder and licence (engine_provenance.c finds them).
 */
struct attr_sub {
	char *name;	  /* the sub-component */
	char *why;	  /* "lfs.c:3: Copyright (C) 2003 Kepler Project" */
	char *supplier;	  /* its holder, or NULL */
	char *license;	  /* its licence, or NULL */
	char *note;	  /* for the file's evidence line */
	bool fingerprint; /* a known component's fingerprint found it, not a notice */
};

struct attr_subs {
	struct strmap by_path; /* a file (absolute) -> index in v */
	struct strvec paths;   /* the map's keys */
	struct attr_sub *v;
	size_t nr, alloc;
};

void attr_subs_init(struct attr_subs *s);
void attr_subs_release(struct attr_subs *s);
/* Record that path is sub's (copied). 0, -1 out of memory. */
int attr_subs_add(struct attr_subs *s, const char *path, const struct attr_sub *sub);

/* Per folder: whether it holds a licence or notice file of its own. */
struct attr_cache {
	struct strmap notice; /* folder -> 0 or 1 */
	struct strvec keys;   /* the folders (the map borrows them) */
};

#define ATTR_CACHE_INIT                                                                            \
	{                                                                                          \
		STRMAP_INIT, STRVEC_INIT                                                           \
	}
void attr_cache_release(struct attr_cache *c);

/* One artifact's attribution: the components found, and what provenance must still read. */
struct attribution {
	const struct attr_rules *rules;
	struct found *found;
	size_t nr, alloc;
	/* unknown-provenance prefixes and the library name each one has */
	struct strvec prefixes, prefix_libs;
	/* first-party sources and headers, and how each got in: the
	 * provenance checks read their notices */
	struct strvec fp_paths, fp_evidence;
	/* per soup.json ignore rule, the files it silenced (NULL: none yet);
	 * and the files attributed, silenced or not (those with code) */
	size_t *ignored;
	size_t files;
};

void attribution_init(struct attribution *a, const struct attr_rules *rules);
void attribution_release(struct attribution *a);

/*
 * Name the library each install prefix outside the project provides, from
 * the closure's files (else from PREFIX/lib): a prebuilt SDK's headers then
 * go with its library. Call before attr_file.
 */
void attr_index_prefixes(struct attribution *a, const struct closure *cl);

/* Assign one file of the artifact to its component and note its evidence. */
void attr_file(struct attribution *a, const struct found_file *in);

/* Where a file stands, before any component is named: the first rule that applies. */
enum place {
	PLACE_IGNORED,		/* an "ignore" glob of soup.json */
	PLACE_PACKAGE,		/* a Debian package owns it (m->pkg) */
	PLACE_VENDORED,		/* in a vendored folder (*folder) of the tree or the build tree */
	PLACE_DECLARED_IN_TREE, /* in the project's tree, claimed by a declaration (*declared) */
	PLACE_FIRST_PARTY,	/* in the project's tree (or generated in the build tree) */
	PLACE_OUTSIDE,		/* anywhere else: unknown provenance */
};

/*
 * Where path stands. m is the caller's (initialised, released by it);
 * *folder is allocated for PLACE_VENDORED; *declared is set for
 * PLACE_DECLARED_IN_TREE.
 */
enum place attr_place(const struct attr_rules *r, const char *path, struct pkgdb_match *m,
		      char **folder, long *declared);

/*
 * The declared component that claims a file, or -1. Facts about the file:
 * its path, its library name (or NULL), its owning package (or NULL), and
 * the name it would get otherwise. *how: the winning rule's score.
 */
long attr_declared_for(const struct attr_rules *r, const char *path, const char *lib,
		       const struct pkg_info *pkg, const char *natural_name, size_t *how);

/* The component of that name (declared: by index) in a, made when new; NULL: out of memory. */
struct found *attr_component(struct attribution *a, const char *name, enum origin origin,
			     long declared);
/* Copy in into f's files; -1: out of memory. */
int attr_add_file(struct found *f, const struct found_file *in);
/* *dst = strdup(v) unless *dst is set or v is NULL. */
void attr_set_once(char **dst, const char *v);

/* path relative to dir when under it (pointer into path), else NULL. */
const char *attr_under_dir(const char *dir, const char *path);
/* path relative to the project root when under it, else NULL. */
const char *attr_under_root(const struct attr_rules *r, const char *path);
/* A path as the output shows it: relative to the project root when under it. */
const char *attr_shown(const struct attr_rules *r, const char *path);
/* "libz.so.1.2.13" -> "z", "libsensorsdk.a" -> "sensorsdk"; NULL when not lib*. */
char *attr_lib_name(const char *path);
/*
 * The component a vendored folder is (allocated): its name, except that
 * FetchContent's _deps/NAME-src, NAME-build and NAME-subbuild are NAME, and
 * Meson's subprojects/NAME-VERSION is NAME. When glob is not NULL, *glob is
 * set to the match.paths that find the folder in any build folder and at
 * any version ('\n'-separated; allocated), or NULL when the folder itself is
 * the rule.
 */
char *attr_folder_name(const char *folder, char **glob);

/* The vendored folder (absolute, allocated) holding rel under base, or NULL. */
char *attr_vendored_folder(const struct attr_rules *r, const char *base, const char *rel);
/* PREFIX of PREFIX/include/..., PREFIX/lib*\/...; else the file's directory. */
char *attr_install_prefix(const char *path);
/* A source or header, by its extension: what carries a notice. */
bool attr_is_source(const char *path);

#endif
