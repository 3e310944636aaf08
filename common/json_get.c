/* SPDX-License-Identifier: Apache-2.0 */
/* Typed reading of a parsed JSON document (json_get.h). */
#include "json_get.h"

#include "banned.h"

void json_path(struct strbuf *path, const char *base, const char *key)
{
	strbuf_reset(path);
	if (*base)
		strbuf_addf(path, "%s.%s", base, key);
	else
		strbuf_addstr(path, key);
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	case JSON_BOOL: return "true or false";
	case JSON_STRINGS: return "an array of strings";
	}
	return "?";
}

bool json_is(const cJSON *v, enum json_type t)
{
	switch (t) {
	case JSON_STRING: return cJSON_IsString(v);
	case JSON_ARRAY: return cJSON_IsArray(v);
	case JSON_OBJECT: return cJSON_IsObject(v);
	case JSON_BOOL: return cJSON_IsBool(v);
	case JSON_STRINGS: return cJSON_IsArray(v);
	}
	return false;
}

void json_wrong(struct strbuf *why, const char *path, enum json_type t)
{
	strbuf_addf(why, "%s: expected %s", path, json_type_name(t));
}

const cJSON *json_member(const struct json_sink *sink, const cJSON *obj, const char *base,
			 const char *key, enum json_type want, unsigned flags)
{
	struct strbuf why = STRBUF_INIT;
	const cJSON *v;

	if (json_get(obj, base, key, want, flags, &v, &why) == JSON_WRONG)
		sink->report(sink->ctx, why.buf);
	strbuf_release(&why);
	return v;
}

void json_report_wrong(const struct json_sink *sink, const char *path, enum json_type t)
{
	struct strbuf why = STRBUF_INIT;

	json_wrong(&why, path, t);
	sink->report(sink->ctx, why.buf);
	strbuf_release(&why);
}

enum json_get_result json_get(const cJSON *obj, const char *base, const char *key,
			      enum json_type want, unsigned flags, const cJSON **v,
			      struct strbuf *why)
{
	const cJSON *m = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	struct strbuf path = STRBUF_INIT;

	*v = NULL;
	if (!m || ((flags & JSON_NULL_ABSENT) && cJSON_IsNull(m)))
		return JSON_ABSENT;
	if (json_is(m, want)) {
		*v = m;
		return JSON_GOT;
	}
	json_path(&path, base, key);
	json_wrong(why, path.buf, want);
	strbuf_release(&path);
	return JSON_WRONG;
}
