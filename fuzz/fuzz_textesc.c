/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the escapers every writer puts outside text through
 * (common/textesc.c). For any string: the terminal form is valid UTF-8 with
 * no control character at all (C0, DEL, C1); the XML form is valid UTF-8
 * holding only characters XML 1.0 allows, with every '&' starting one of
 * the references the escaper writes and no raw '<', '>', quote or CR.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textesc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Code point of the well-formed character at s (k bytes). */
static uint32_t code_point(const unsigned char *s, size_t k)
{
	static const unsigned char lead_mask[5] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
	uint32_t c = s[0] & lead_mask[k];

	for (size_t i = 1; i < k; i++)
		c = (c << 6) | (s[i] & 0x3F);
	return c;
}

static void check_term(const char *out, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = utf8_char_len(out + i, n - i);
		uint32_t c;

		if (!k)
			__builtin_trap(); /* not UTF-8 */
		c = code_point((const unsigned char *)out + i, k);
		if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
			__builtin_trap(); /* a control reached the terminal */
		i += k;
	}
}

static void check_xml(const char *out, size_t n)
{
	static const char *const refs[] = { "&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&#xd;" };

	for (size_t i = 0; i < n;) {
		size_t k = utf8_char_len(out + i, n - i);
		uint32_t c;
		bool known = false;

		if (!k)
			__builtin_trap();
		c = code_point((const unsigned char *)out + i, k);
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF ||
		    c == '<' || c == '>' || c == '"' || c == '\'')
			__builtin_trap(); /* not allowed by XML 1.0, or markup left raw */
		if (c == '&') {
			for (size_t r = 0; r < sizeof(refs) / sizeof(*refs); r++)
				known |= !strncmp(out + i, refs[r], strlen(refs[r]));
			if (!known)
				__builtin_trap();
		}
		i += k;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf term = STRBUF_INIT, xml = STRBUF_INIT;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0'; /* the escapers take C strings: the text ends at a NUL */
	if (strbuf_add_term(&term, s) == 0)
		check_term(term.buf, term.len);
	if (strbuf_add_xml(&xml, s) == 0)
		check_xml(xml.buf, xml.len);
	strbuf_release(&term);
	strbuf_release(&xml);
	free(s);
	return 0;
}
