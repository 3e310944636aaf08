/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CHECK_OUTPUT_H
#define SOUPTRACE_CHECK_OUTPUT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "jout.h"
#include "model.h"

/*
 * check's model (model.h) in the formats it is printed in: the JSON
 * document (docs/check-format.md), JUnit XML (one test case per artifact
 * and component, a failure per failing finding) and SARIF 2.1.0 (one
 * result per finding).
 */

/*
 * The model as the JSON document `souptrace check --format json` prints:
 * its one serialiser (the caller frees it with cJSON_Delete), or NULL when
 * memory ran out.
 */
cJSON *check_model_to_json(const struct check_model *m);

void check_write_junit(FILE *f, const struct check_model *m);
/* The SARIF document as text (free() it), or NULL when out of memory (j->oom). */
char *check_sarif_text(struct jout *j, const struct check_model *m);

#endif
