/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_BOM_H
#define SOUPTRACE_BOM_H

#include <stdbool.h>
#include <stddef.h>

#include "digest.h"
#include "model.h"
#include "soup.h"
#include "strbuf.h"
#include "strvec.h"

/*
 * The bill of materials every SBOM format is written from: the shipped
 * artifacts, one component per SOUP item (first-party code is none), the
 * files that put each component there, and who links or loads whom. Built
 * from check's model (model.h) and the declared list, sorted
 * so that the same inputs give the same document.
 */

struct bom_file {
	char *path;	       /* absolute */
	char *rel;	       /* relative to the project root when under it, else = path */
	struct strvec members; /* archive members of it that reach an artifact */
	bool static_link, dynamic_link;
	bool instrumentation, binary_analysis; /* techniques that saw it */
	char *evidence;			       /* the first evidence found for it */
	struct file_digests d;
	bool hashed; /* d is valid (false: the file is gone or unreadable) */
};

struct bom_component {
	char *ref; /* unique in the document: "soup:zlib@1.2.13" */
	char *name, *version;
	char *supplier;	   /* soup.json's, else upstream (the package's, the notices'), or NULL */
	char *distributor; /* soup.json's, else the package maintainer, or NULL */
	char *license;	   /* concluded: soup.json's SPDX expression, or NULL */
	char *license_declared; /* the package's own (Debian copyright file), or NULL */
	char *license_text;	/* a licence as written that is no SPDX expression, or NULL */
	char *purl, *cpe;
	char *origin; /* package, vendored, unknown provenance */
	char *where;  /* "package zlib1g 1:1.2.13.dfsg-1", "folder third_party/x" */
	char *version_found, *version_from;
	char *confidence;		   /* "high", or "medium" for a notice-based group */
	const struct soup_component *soup; /* the declared entry, or NULL (undeclared) */
	bool static_link, dynamic_link;
	bool instrumentation, binary_analysis;
	size_t *files; /* indexes into bom.files, sorted by path */
	size_t nr_files;
};

struct bom_artifact {
	char *ref, *path, *name;
	bool firmware; /* bare-metal image: no loader, no DT_NEEDED, a microcontroller ISA */
	bool traced;   /* a link step of the trace wrote it */
	/*
	 * What the SBOM can say of its completeness (CycloneDX aggregate):
	 * "incomplete_third_party_only" (only third-party parts are listed,
	 * every one of them; first-party code never is), "incomplete" (the trace has gaps, or
	 * binary evidence only), "unknown" (not built through the wrappers).
	 */
	const char *completeness;
	struct file_digests d;
	bool hashed;
};

/* from links or loads to; from is an artifact (from_artifact) or a component. */
struct bom_edge {
	size_t from, to;
	bool from_artifact;
	bool dynamic; /* loaded at run time (false: compiled or linked in) */
};

struct bom {
	const struct soup_list *soup;
	char *project_name, *project_version, *manufacturer;
	char *root; /* the project root of the model */
	struct bom_artifact *artifacts;
	size_t nr_artifacts;
	struct bom_component *components;
	size_t nr_components;
	struct bom_file *files;
	size_t nr_files;
	struct bom_edge *edges;
	size_t nr_edges;
};

void bom_init(struct bom *b);
void bom_release(struct bom *b);

/*
 * Build the BOM from check's model and the declared list (empty when none
 * was given). Hashes every file. 0, or -1 with the reason in err.
 */
int bom_build(struct bom *b, const struct check_model *model, const struct soup_list *soup,
	      struct strbuf *err);

/* The components an edge list gives for one source, for writers: indexes, sorted. */
size_t bom_targets(const struct bom *b, size_t from, bool from_artifact, int dynamic, size_t *out);

/*
 * The document's timestamp: SOURCE_DATE_EPOCH when set (a reproducible
 * build), else now; "YYYY-MM-DDThh:mm:ssZ". -1 when SOURCE_DATE_EPOCH is
 * not a number.
 */
int bom_timestamp(char out[32], struct strbuf *err);

/* An RFC 4122 UUID (version 5 layout) derived from the SHA-1 of text. */
void bom_uuid(const char *text, size_t len, char out[37]);

#endif
