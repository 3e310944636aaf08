/* SPDX-License-Identifier: Apache-2.0 */
#include "jout.h"

#include "banned.h"

void jout_str(struct jout *j, cJSON *obj, const char *key, const char *value)
{
	if (!(value ? cJSON_AddStringToObject(obj, key, value) : cJSON_AddNullToObject(obj, key)))
		j->oom = true;
}

void jout_push(struct jout *j, cJSON *arr, const char *value)
{
	cJSON *e = value ? cJSON_CreateString(value) : cJSON_CreateNull();

	if (!e || !cJSON_AddItemToArray(arr, e)) {
		cJSON_Delete(e);
		j->oom = true;
	}
}

void jout_num(struct jout *j, cJSON *obj, const char *key, double value)
{
	if (!cJSON_AddNumberToObject(obj, key, value))
		j->oom = true;
}

void jout_bool(struct jout *j, cJSON *obj, const char *key, bool value)
{
	if (!cJSON_AddBoolToObject(obj, key, value))
		j->oom = true;
}

cJSON *jout_arr(struct jout *j, cJSON *obj, const char *key)
{
	cJSON *a = cJSON_AddArrayToObject(obj, key);

	if (!a)
		j->oom = true;
	return a;
}

void jout_strs(struct jout *j, cJSON *obj, const char *key, const struct strvec *values)
{
	cJSON *a = jout_arr(j, obj, key);

	for (size_t i = 0; a && i < values->nr; i++)
		jout_push(j, a, values->v[i]);
}

cJSON *jout_obj(struct jout *j, cJSON *parent, const char *key)
{
	cJSON *o;

	if (key) {
		o = cJSON_AddObjectToObject(parent, key);
	} else {
		o = cJSON_CreateObject();
		if (o && !cJSON_AddItemToArray(parent, o)) {
			cJSON_Delete(o);
			o = NULL;
		}
	}
	if (!o)
		j->oom = true;
	return o;
}
