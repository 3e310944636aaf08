/* SPDX-License-Identifier: Apache-2.0 */
#include "json_writer.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_seq_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t len;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int json_add_string(struct strbuf *sb, const char *s, size_t len, bool *lossy)
{
	const unsigned char *p = (const unsigned char *)s;
	static const char hex[] = "0123456789abcdef";

	if (strbuf_grow(sb, len + 2))
		return -1;
	if (strbuf_addch(sb, '"'))
		return -1;
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n;

		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };

			if (strbuf_add(sb, esc, 2))
				return -1;
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			const char *e = NULL;

			switch (c) {
			case '\n':
				e = "\\n";
				break;
			case '\t':
				e = "\\t";
				break;
			case '\r':
				e = "\\r";
				break;
			case '\b':
				e = "\\b";
				break;
			case '\f':
				e = "\\f";
				break;
			default:
				break;
			}
			if (e) {
				if (strbuf_addstr(sb, e))
					return -1;
			} else {
				char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

				if (strbuf_add(sb, u, 6))
					return -1;
			}
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if (n == 0) {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			if (lossy)
				*lossy = true;
			if (strbuf_add(sb, u, 6))
				return -1;
			i++;
			continue;
		}
		if (strbuf_add(sb, p + i, n))
			return -1;
		i += n;
	}
	return strbuf_addch(sb, '"');
}

int json_add_cstr(struct strbuf *sb, const char *s, bool *lossy)
{
	return json_add_string(sb, s, strlen(s), lossy);
}
