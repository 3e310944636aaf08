/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_SOUP_H
#define SOUPTRACE_SOUP_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * The declared SOUP list, soup.json version 1 (docs/soup-format.md and the
 * JSON Schema docs/soup.schema.json). Every string field is NULL when
 * absent; string lists are empty when absent.
 */

enum soup_kind {
	SOUP_KIND_UNSET,
	SOUP_KIND_OPEN_SOURCE,
	SOUP_KIND_COMMERCIAL,
	SOUP_KIND_LEGACY,
	SOUP_KIND_OS_RUNTIME,
	SOUP_KIND_TOOLCHAIN,
};

struct soup_component {
	char *name, *version, *supplier, *license, *purl, *cpe;
	/*
	 * Where a vendored copy was taken from: the upstream repository's URL
	 * and the full commit id (40 or 64 hex digits), matched against OSV's
	 * GIT ranges; NULL when not given.
	 */
	char *repository, *commit;
	char *distributor; /* who distributes the copy used (Debian), or NULL */
	enum soup_kind kind;
	char *purpose;
	char *req_functional, *req_performance; /* requirements.functional/.performance */
	char *system_requirements;
	char *anomalies_list, *anomalies_reviewed, *anomalies_evaluation;
	struct strvec risk_hazards, risk_controls;
	char *support_level, *end_of_support;
	char *description, *notes; /* free text, carried into reports */
	bool has_match;		   /* a "match" object was given */
	struct strvec match_paths, match_libraries, match_packages;
};

struct soup_ignore {
	struct strvec paths;
	char *reason;
};

struct soup_list {
	char *path; /* the file it was loaded from */
	char *project_name, *project_version;
	char *project_manufacturer; /* who makes the product: the author of its SBOMs */
	char safety_class;	    /* 'A', 'B', 'C', or 0 when not given */
	struct soup_component *components;
	size_t nr_components;
	struct soup_ignore *ignores;
	size_t nr_ignores;
	struct strvec first_party_holders, first_party_paths;
	struct strvec
		fingerprints; /* the user's fingerprint files, made relative to the list's folder */
};

void soup_list_init(struct soup_list *l);
void soup_list_release(struct soup_list *l);

/*
 * Load and check the structure of a soup.json. Problems are appended to
 * diag, one per line, as "FILE:LINE:COLUMN: error: ..." for malformed JSON
 * and "FILE: error: components[3].version: expected a string" (or
 * "warning: ...") for the rest. An unknown field is a warning naming it (a
 * typo such as "verison" must not go unnoticed); a field of the wrong type,
 * a missing "souptrace": 1, an unknown kind or safety class and duplicate
 * component names are errors. Returns 0 when there was no error (warnings
 * allowed), -1 otherwise; *warnings counts the warnings.
 */
int soup_load(const char *path, struct soup_list *l, struct strbuf *diag, size_t *warnings);
/* The same on text already in memory; name is used in messages. */
int soup_parse(const char *name, const char *text, size_t len, struct soup_list *l,
	       struct strbuf *diag, size_t *warnings);

const char *soup_kind_name(enum soup_kind k);

/*
 * The fields the safety class requires (IEC 62304: A needs name, version,
 * supplier; B and C also purpose, requirements, system requirements,
 * anomalies and risk). A field still saying "TODO" (as souptrace init drafts
 * it) counts as missing. Appends the JSON names of the missing or empty ones
 * ("requirements.functional", ...) to missing. Returns their number.
 */
size_t soup_missing_fields(const struct soup_component *c, char safety_class,
			   struct strvec *missing);

#endif
