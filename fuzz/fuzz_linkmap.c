/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the link-map parsers (GNU ld, gold, lld maps and the
 * side reports). The first byte picks the parser; every input must give 0
 * or -1 with a message, never a crash, a hang or a leak.
 */
#include <stddef.h>
#include <stdint.h>

#include "linkmap.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT;
	const char *text;
	int which, rc;

	if (size < 1)
		return 0;
	which = data[0] % 4;
	text = (const char *)data + 1;
	size--;
	switch (which) {
	case 0:
		rc = linkmap_parse_map(&lm, "fuzz.map", text, size, &err);
		break;
	case 1:
		rc = linkmap_parse_gold_symbol_counts(&lm, "fuzz.counts", text, size, &err);
		break;
	case 2:
		rc = linkmap_parse_lld_why_extract(&lm, "fuzz.why", text, size, &err);
		break;
	default:
		rc = linkmap_parse_depfile_inputs(&lm, "fuzz.d", text, size, &err);
		break;
	}
	if (rc && !err.len)
		__builtin_trap(); /* an error must always say what went wrong */
	linkmap_release(&lm);
	strbuf_release(&err);
	return 0;
}
