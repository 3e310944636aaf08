/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the notice extractor (analyzers/notice.c). The first
 * byte picks a source file's leading comments or a licence file's whole
 * text; every input must give 0 or 1 (or -1 only when memory ran out),
 * bounded lists of valid UTF-8 texts, and no crash, hang or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "notice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_items(const struct notice_item *it, size_t nr)
{
	size_t i;

	if (nr > NOTICE_MAX_ITEMS)
		__builtin_trap();
	for (i = 0; i < nr; i++) {
		const unsigned char *s = (const unsigned char *)it[i].text;
		size_t n = strlen(it[i].text);

		if (!n || n > NOTICE_MAX_TEXT || it[i].line == 0)
			__builtin_trap();
		for (; *s; s++)
			if (*s < 0x20 || *s == 0x7f)
				__builtin_trap(); /* control characters become spaces */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct notice n;
	const char *text;
	size_t line;
	int rc;

	if (size < 1)
		return 0;
	text = (const char *)data + 1;
	notice_init(&n);
	if (data[0] & 1)
		rc = notice_parse_license_text(text, size - 1, &n);
	else
		rc = notice_parse(text, size - 1, &n);
	if (rc < -1 || rc > 1)
		__builtin_trap();
	check_items(n.copyrights, n.nr_copyrights);
	check_items(n.holders, n.nr_holders);
	check_items(n.spdx, n.nr_spdx);
	check_items(n.origins, n.nr_origins);
	check_items(n.authors, n.nr_authors);
	if (n.license && (!n.license_line || n.license_line > n.last_line))
		__builtin_trap();
	notice_release(&n);
	(void)notice_recognise_license(text, size - 1 < 4096 ? size - 1 : 4096, &line);
	return 0;
}
