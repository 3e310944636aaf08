/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the one JSON document reader every loader uses
 * (common/json_get.c, json_parse_document). Every input gives either a
 * document and no message, or no document and exactly one message line
 * naming the file; no crash, hang or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "json_get.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_strings(const cJSON *v)
{
	for (; v; v = v->next) {
		if (cJSON_IsString(v) && !v->valuestring)
			__builtin_trap();
		check_strings(v->child);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf diag = STRBUF_INIT;
	cJSON *doc = json_parse_document("f.json", (const char *)data, size, &diag);

	if (doc) {
		if (diag.len)
			__builtin_trap();
		check_strings(doc);
		cJSON_Delete(doc);
	} else if (!diag.len || (strncmp(diag.buf, "f.json:", 7) ||
				 memchr(diag.buf, '\n', diag.len) != diag.buf + diag.len - 1)) {
		__builtin_trap();
	}
	strbuf_release(&diag);
	return 0;
}
