/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DRAFT_H
#define SOUPTRACE_DRAFT_H

#include <cjson/cJSON.h>

#include "attribute.h"
#include "jout.h"
#include "model.h"
#include "pkgdb.h"
#include "soup.h"
#include "strbuf.h"
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
	       const struct check_component *mc, const struct found *f, struct jout *j);

/*
 * souptrace init: the holders the engine took as the project's (m's
 * summary) into doc's first_party.holders (doc: the soup.json being
 * written), so that a person reviews them and the list, not the next
 * run's evidence, decides. Not those soup already lists, nor one that some
 * component of m names as its supplier (a declared holder silences all of
 * its files, and some of them are not the project's). Each holder drafted
 * is added to soup's first_party_holders and to said (" NAME (why)", comma
 * separated) for the caller to tell. Allocation failures set j->oom.
 */
void draft_first_party(cJSON *doc, const struct check_model *m, struct soup_list *soup,
		       struct jout *j, struct strbuf *said);

#endif
