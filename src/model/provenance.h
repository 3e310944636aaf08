/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_PROVENANCE_H
#define SOUPTRACE_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "soup.h"
#include "strbuf.h"
#include "strvec.h"

/*
 * Third-party code inside the project's own tree that no folder name or
 * licence file gives away (issue 7): a copied file with another holder's
 * notice, a compat/ folder from another project, a "derived from" copy, a
 * known component recognised by its fingerprint. Only the files given
 * (the first-party-looking sources and headers that reach an artifact)
 * are read; docs/provenance.md says how they are judged.
 *
 * Who the project is (firstparty.h): the holders soup.json lists in
 * first_party.holders, the holders of the project's top-level
 * LICENSE/COPYING/NOTICE, the holder that dominates the files read, and
 * its contributors (git authors, AUTHORS-like lists) and companies for
 * files under the project's licence that state no origin. Files under
 * first_party.paths are the project's whatever their notice says.
 */

enum prov_how {
	PROV_FINGERPRINT, /* a known component's fingerprint: high confidence */
	PROV_NOTICE,	  /* another holder, or a "derived from" statement: medium */
};

struct prov_group {
	char *name; /* the component: the origin, the files' common stem, or the holder */
	enum prov_how how;
	char *version;	     /* fingerprints: the version the file states; else NULL */
	char *supplier;	     /* the foreign holder or the fingerprint's supplier, or NULL */
	char *license;	     /* SPDX tag, recognised wording or the fingerprint's; or NULL */
	char *purl, *cpe;    /* fingerprints: filled templates; else NULL */
	char *why;	     /* "src/lzmini.c:4: Copyright (c) 2011-2014 Aino Virtanen ..." */
	struct strvec files; /* absolute paths, in the order given */
	struct strvec notes; /* per file: what in it says so ("line 4: Copyright ...") */
	/*
	 * Fingerprints: no hit of the group was confirmed as compiled code (a
	 * medium-confidence finding, not high); the notes say why.
	 */
	bool unconfirmed;
	/* named after an origin statement ("derived from X"), not a holder */
	bool by_origin;
};

struct prov_result {
	struct prov_group *groups;
	size_t nr, alloc;
	struct strvec first_party;     /* the holders taken as the project's, for the record */
	struct strvec first_party_why; /* parallel: why each ("AUTHORS; 3 files") */
	struct strvec sources; /* the evidence consulted ("git log: ...", "AUTHORS: 2 names") */
	/*
	 * Fingerprint hits in code no compile produced, for the record, one
	 * line each: "src/sha1.c:12: SHA-1 in C (Steve Reid) fingerprint: lines
	 * 12, 13 are not compiled: ..."
	 */
	struct strvec not_compiled;
};

void prov_result_init(struct prov_result *r);
void prov_result_release(struct prov_result *r);

struct provenance;

/*
 * Load what every analysis shares: the built-in fingerprints (plus the
 * user's files named by soup.json "fingerprints"), the project's own
 * holders. root is the project root. 0, or -1 with err.
 */
int provenance_open(struct provenance **out, const char *root, const struct soup_list *soup,
		    struct strbuf *err);
void provenance_close(struct provenance *p);

/*
 * How the caller places a file of the tree: true when path (absolute)
 * is the project's own (not in a vendored folder, not declared). An
 * origin naming a file of the project ("based on src/x.c") is the
 * project's only when that file is; without a placer, any file of the
 * tree is.
 */
typedef bool (*prov_placer)(void *ctx, const char *path);
void provenance_set_placer(struct provenance *p, prov_placer fn, void *ctx);
struct compiled;
/*
 * Only compiled code counts (compiled.h): a fingerprint hit makes a group
 * only when one of its matched lines is compiled (confirmed: high
 * confidence) or cannot be told (unconfirmed: medium); a hit all of whose
 * lines are not compiled goes to not_compiled instead. Without cc (the
 * default) every hit is unconfirmed. cc is borrowed.
 */
void provenance_check_compiled(struct provenance *p, struct compiled *cc);

/*
 * root is a vendored component's folder (third_party/lua): what is judged
 * is which of its files are another's than the component's own holders
 * (its licence file's, else the one holder of most of its files), the
 * sub-components a vendored folder holds (issue 12). The vendoring
 * project's history and lists are not read.
 */
void provenance_as_component(struct provenance *p);

/*
 * Whether the holders of the project (or, with provenance_as_component, of
 * the component) are known after provenance_analyse(): a licence file,
 * soup.json or the files read named them. Without them every holder is
 * another's, which says nothing.
 */
bool provenance_knows_holders(const struct provenance *p);

/* Also judge parser and scanner generators' output by its notice (skipped by default). */
void provenance_include_generated(struct provenance *p, bool yes);

/*
 * Judge the files (absolute paths under root). Groups come sorted by name.
 * Unreadable files are skipped (their paths appended to skipped). 0, or
 * -1 with err (out of memory).
 */
int provenance_analyse(struct provenance *p, const struct strvec *files, struct prov_result *res,
		       struct strvec *skipped, struct strbuf *err);

/*
 * The version a known component's fingerprint finds in one file (for code
 * a declaration already claims by path). 0 with *version and *why ("FILE:
 * LINE: text") allocated, 1 when no fingerprint with a version hits, -1 on
 * error (err).
 */
int provenance_version(struct provenance *p, const char *path, char **version, char **why,
		       struct strbuf *err);

#endif
