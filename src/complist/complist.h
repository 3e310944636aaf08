/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_COMPLIST_H
#define SOUPTRACE_COMPLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/*
 * A list of components {name, version, supplier, license, kind} read from
 * a CycloneDX 1.4-1.7 JSON, SPDX 2.2/2.3 JSON, SPDX 3.0.1 JSON-LD or
 * soup.json file; the format is recognised from the content (docs/diff-format.md
 * says which fields are read in each). The shipped artifacts an SBOM
 * describes are not components. Every string but name may be NULL (not
 * given); name is never NULL nor empty.
 */

enum complist_format {
	COMPLIST_CYCLONEDX,
	COMPLIST_SPDX2,
	COMPLIST_SPDX3,
	COMPLIST_SOUP,
};

struct complist_entry {
	char *name, *version, *supplier, *license, *kind;
	char *purl; /* CycloneDX: its "purl"; else NULL */
	char *ref;  /* CycloneDX: its "bom-ref"; else NULL */
};

struct complist {
	enum complist_format format;
	/*
	 * The document can say what kind a component is: a soup.json, or an
	 * SBOM with at least one souptrace:kind property or annotation.
	 */
	bool has_kind;
	struct complist_entry *v; /* in document order */
	size_t nr, alloc;
	/* CycloneDX: "serialNumber" ("urn:uuid:...") and "version" (1 when absent): what a
	 * BOM-Link to it names; else NULL and 0 */
	char *serial;
	long bom_version;
};

void complist_init(struct complist *l);
void complist_release(struct complist *l);

/*
 * Read the file at path (or text already in memory, name used in the
 * messages). Problems are appended to diag, one per line: malformed JSON
 * as "NAME:LINE:COLUMN: error: ...", the rest as "NAME: error: PATH: ..."
 * with the JSON path of the value (components[3].version). A value of the
 * wrong type is an error, never skipped. Warnings (unknown fields of a
 * soup.json) may be appended too. Returns 0, or -1 on any error.
 */
int complist_load(const char *path, struct complist *l, struct strbuf *diag);
int complist_parse(const char *name, const char *text, size_t len, struct complist *l,
		   struct strbuf *diag);

/* "CycloneDX", "SPDX 2", "SPDX 3", "soup.json". */
const char *complist_format_name(enum complist_format f);

#endif
