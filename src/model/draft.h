/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DRAFT_H
#define SOUPTRACE_DRAFT_H

#include <cjson/cJSON.h>

#include "attribute.h"
#include "jout.h"
#include "pkgdb.h"
#include "strvec.h"

/*
 * souptrace init: append to drafts (the components array of the soup.json
 * being written) a draft entry for the undeclared component f: name,
 * version, supplier, licence, kind, purl and match rules from the package
 * database (pkgdb, may be NULL) and what its files say; the fields a
 * person must write say TODO. A draft is a soup.json fragment, so it stays
 * JSON. names holds the names drafted so far: a second sighting of code in
 * the project's tree adds its files to the first draft's match.paths.
 * Allocation failures set j->oom.
 */
void draft_add(cJSON *drafts, struct strvec *names, const struct attr_rules *rules,
	       const struct pkgdb *pkgdb, const struct found *f, struct jout *j);

#endif
