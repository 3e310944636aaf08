/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ENGINE_H
#define SOUPTRACE_ENGINE_H

/*
 * The engine's own state, shared by its files (engine.c: the artifacts,
 * the attribution, the model; engine_provenance.c: third-party code found
 * in the project's tree from notices and fingerprints). Not an interface:
 * the engine's is check.h.
 */
#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "attribute.h"
#include "closure.h"
#include "jout.h"
#include "model.h"
#include "pkgdb.h"
#include "provenance.h"
#include "soup.h"
#include "strbuf.h"
#include "strvec.h"
#include "trace.h"

struct artifact_state {
	struct check *c;
	const char *artifact;
	struct attribution a;
	struct closure cl;
};

struct check {
	struct strbuf *diag; /* errors and warnings for the caller, a line each */
	struct soup_list soup;
	struct attr_rules rules;      /* over soup, root, build_root and pkgdb, once prepared */
	struct attr_cache attr_cache; /* the rules' per-folder answers, for this run */
	const struct trace *t;	      /* the trace read, or NULL (binary evidence) */
	struct pkgdb *pkgdb;
	char *root;
	char *root_why;	  /* why it is the project root (engine_find_root) */
	char *trace_why;  /* why the trace is the one read (engine_find_trace) */
	char *build_root; /* the build tree when the trace is its .souptrace, else NULL */
	char safety_class;
	bool strict;
	struct jout j;	       /* init's drafts (cJSON: a draft is a soup.json fragment) */
	struct check_model *m; /* the result being filled */
	size_t failing, warnings;
	bool *used;		       /* per declared component: found in some artifact */
	FILE *text;		       /* NULL for JSON */
	cJSON *drafts;		       /* souptrace init: draft entries for what is undeclared */
	bool binary_evidence;	       /* --evidence binary: ELF/DWARF/packages, no trace */
	bool color;		       /* text on a terminal (and NO_COLOR not set) */
	bool quiet;		       /* text: findings and the verdict only */
	bool verbose;		       /* text: every evidence line of a finding */
	bool include_generated;	       /* provenance: Bison/flex output judged too */
	struct provenance *prov;       /* notices and fingerprints (issue 7), or NULL */
	struct prov_result prov_res;   /* its judgement of every artifact's files at once */
	struct attr_subs subs;	       /* files of vendored folders that are another's */
	struct strvec first_party;     /* holders taken as the project's */
	struct strvec first_party_why; /* parallel: why each is */
	struct strvec first_party_sources; /* the evidence consulted for that */
	struct strvec unreadable;	   /* files whose notice could not be read */
	struct strvec draft_names;
};

/*
 * Who made the component found as f and its licence (engine_identity.c):
 * mc->package for a Debian package, what its files state for code in the
 * tree (mc->supplier_found, license_found, purl_found).
 */
void engine_identity(struct check *c, const struct found *f, struct check_component *mc);

/* An error or warning for the caller (the engine never prints to stderr). */
void engine_error(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Third-party code among the artifact's first-party-looking files, from
 * the prepass's judgement: components of st's attribution. 0, -1 (out of
 * memory, told in diag).
 */
int engine_provenance_findings(struct artifact_state *st);

/*
 * Judge the first-party-looking files of every artifact (the nr closures
 * cls whose computation returned rcs) at once, into c->prov_res,
 * c->first_party (with why, and the sources consulted) and c->unreadable;
 * the text output (c->text) says who the project was taken to be. 0, or
 * -1 with the error in diag.
 */
int engine_provenance_prepass(struct check *c, const struct closure *cls, const int *rcs,
			      size_t nr);

/*
 * The trace directory of a request, into tdir: --trace DIR, else
 * $SOUPTRACE_DIR, else the nearest .souptrace above the artifacts' folders
 * (they must agree), else above the current directory. c->trace_why says
 * which. 0, or -1 with the error in diag (none found, or refused).
 */
int engine_find_trace(struct check *c, const char *trace_arg, const struct strvec *artifacts,
		      struct strbuf *tdir);

/*
 * The project root, into c->root with c->root_why: --project-root DIR,
 * else the git work tree holding an artifact, else the one holding the
 * trace tdir (NULL with binary evidence), else from what the trace
 * recorded about the nr artifacts (their closures cls, computed with
 * results rcs): the deepest folder holding the working directories of
 * their link steps and their compiled sources, where the build tree
 * holding a .souptrace trace counts as one folder (the source folder its
 * CMakeCache.txt names, else itself); the git work tree holding that
 * folder, else the folder. Only when none of that answers (binary
 * evidence, no link step, nothing in common but /) the current directory
 * decides, as before: its git work tree, else itself. 0, or -1 with the
 * error in diag.
 */
int engine_find_root(struct check *c, const char *root_arg, const char *tdir,
		     const struct strvec *artifacts, const struct closure *cls, const int *rcs,
		     size_t nr);

#endif
