/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CHECK_OUTPUT_H
#define SOUPTRACE_CHECK_OUTPUT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "jout.h"

/*
 * check's model (docs/check-format.md) in the formats CI systems read:
 * JUnit XML (one test case per artifact and component, a failure per
 * failing finding) and SARIF 2.1.0 (one result per finding).
 */
void check_write_junit(FILE *f, const cJSON *model);
/* The SARIF document as text (free() it), or NULL when out of memory (j->oom). */
char *check_sarif_text(struct jout *j, const cJSON *model);

#endif
