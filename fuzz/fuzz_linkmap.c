/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the link-map parsers (GNU ld, gold, lld maps and the
 * side reports). The first byte picks the parser; every input must give 0
 * or -1 with a message, never a crash, a hang or a leak. The same text read
 * from a file (linkmap_parse_fd, through its window) must give the same
 * result and the same message.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linkmap.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same text from a file: the same return, message and inputs as from memory. */
static void from_file(int which, const char *text, size_t size, int rc, const struct linkmap *mem,
		      const struct strbuf *mem_err)
{
	static const enum linkmap_report kinds[4] = { LINKMAP_REPORT_MAP,
						      LINKMAP_REPORT_GOLD_SYMBOL_COUNTS,
						      LINKMAP_REPORT_LLD_WHY_EXTRACT,
						      LINKMAP_REPORT_DEPFILE };
	static const char *const names[4] = { "fuzz.map", "fuzz.counts", "fuzz.why", "fuzz.d" };
	static int fd = -1;
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT;

	if (fd < 0 && (fd = memfd_create("fuzz_linkmap", 0)) < 0)
		__builtin_trap();
	if (ftruncate(fd, 0) || (size && pwrite(fd, text, size, 0) != (ssize_t)size) ||
	    lseek(fd, 0, SEEK_SET))
		__builtin_trap();
	if (linkmap_parse_fd(&lm, kinds[which], names[which], fd, &err) != rc ||
	    strcmp(err.buf, mem_err->buf) || lm.nr != mem->nr)
		__builtin_trap();
	for (size_t i = 0; i < lm.nr; i++)
		if (strcmp(lm.inputs[i].path, mem->inputs[i].path))
			__builtin_trap();
	linkmap_release(&lm);
	strbuf_release(&err);
}

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
	from_file(which, text, size, rc, &lm, &err);
	linkmap_release(&lm);
	strbuf_release(&err);
	return 0;
}
