/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_JOUT_H
#define SOUPTRACE_JOUT_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "strvec.h"

/*
 * Building JSON output with cJSON without checking every call: each helper
 * records an allocation failure in j->oom and carries on; the caller checks
 * oom once before printing. A NULL string becomes JSON null.
 */
struct jout {
	bool oom;
};

void jout_str(struct jout *j, cJSON *obj, const char *key, const char *value);
void jout_num(struct jout *j, cJSON *obj, const char *key, double value);
void jout_bool(struct jout *j, cJSON *obj, const char *key, bool value);
void jout_strs(struct jout *j, cJSON *obj, const char *key, const struct strvec *values);
/* Append a string (NULL: null) to the array arr. */
void jout_push(struct jout *j, cJSON *arr, const char *value);
/* A new array member of obj, or NULL (oom set). */
cJSON *jout_arr(struct jout *j, cJSON *obj, const char *key);
/* A new object: member key of parent, or (key NULL) appended to the array parent. */
cJSON *jout_obj(struct jout *j, cJSON *parent, const char *key);

#endif
