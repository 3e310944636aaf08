/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_SBOM_H
#define SOUPTRACE_SBOM_H

#include <cjson/cJSON.h>

#include "bom.h"

/*
 * The SBOM writers: one BOM, one JSON document each. The identifier that
 * must be unique per document (CycloneDX serialNumber, SPDX namespace) is
 * meta->uuid: cmd_sbom.c writes the document once with the nil UUID, takes
 * a UUID from the SHA-1 of that text and writes it again with it, so that
 * the same inputs give the same bytes. docs/sbom-format.md says what goes
 * where.
 */
struct sbom_meta {
	const char *timestamp; /* "YYYY-MM-DDThh:mm:ssZ" */
	const char *spec;      /* "1.6", "1.7", "2.3", "3.0.1" */
	const char *evidence;  /* "trace" or "binary" */
	const char *soup_path; /* the declared list, or NULL */
	const char *uuid;      /* "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" */
};

/* NULL when out of memory. */
cJSON *sbom_cyclonedx(const struct bom *b, const struct sbom_meta *m);
cJSON *sbom_spdx2(const struct bom *b, const struct sbom_meta *m);
cJSON *sbom_spdx3(const struct bom *b, const struct sbom_meta *m);

/*
 * The IEC 62304 fields of a declared entry as (name, value) pairs in the
 * souptrace: namespace (docs/sbom-format.md), for properties and
 * annotations. Appends to names and values alike.
 */
void sbom_soup_properties(const struct bom_component *c, struct strvec *names,
			  struct strvec *values);

#endif
