/* SPDX-License-Identifier: Apache-2.0 */
/* Text from outside made safe to show (textesc.h). */
#include "textesc.h"

#include <stdbool.h>
#include <string.h>

#include "banned.h"

size_t utf8_char_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t need;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* UTF-16 surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* beyond U+10FFFF */
	} else {
		return 0;
	}
	if (n < need || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < need; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0;
	return need;
}

/* The length of the character at s to copy as it is, 0 when it is to be escaped. */
static size_t plain_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t k = utf8_char_len(s, n);

	if (c < 0x20 || c == 0x7f)
		return 0;
	if (k == 2 && c == 0xC2 && (unsigned char)s[1] < 0xA0)
		return 0; /* C1 control: U+009B is CSI to some terminals */
	return k;
}

/* The character at s (a control, or a byte outside UTF-8) escaped: the bytes it took. */
static size_t add_escaped(struct strbuf *sb, const char *s, size_t n, int *rc)
{
	size_t k = utf8_char_len(s, n);

	if (!k)
		k = 1;
	for (size_t i = 0; i < k && !*rc; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\t')
			*rc = strbuf_addstr(sb, "\\t");
		else if (c == '\n')
			*rc = strbuf_addstr(sb, "\\n");
		else if (c == '\r')
			*rc = strbuf_addstr(sb, "\\r");
		else
			*rc = strbuf_addf(sb, "\\%03o", c);
	}
	return k;
}

int strbuf_add_term(struct strbuf *sb, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	int rc = 0;

	for (size_t i = 0; i < n && !rc;) {
		size_t k = plain_len(s + i, n - i);

		if (k) {
			rc = strbuf_add(sb, s + i, k);
			i += k;
		} else {
			i += add_escaped(sb, s + i, n - i, &rc);
		}
	}
	return rc ? -1 : 0;
}

static bool needs_escape(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t k = plain_len(s + i, n - i);

		if (!k)
			return true;
		i += k;
	}
	return false;
}

const char *term_text(const char *s)
{
	static struct strbuf ring[8] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
					 STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	static size_t next;
	struct strbuf *sb;

	if (!s || !needs_escape(s))
		return s;
	sb = &ring[next];
	next = (next + 1) % 8;
	strbuf_reset(sb);
	return strbuf_add_term(sb, s) ? "?" : sb->buf;
}

int strbuf_add_xml(struct strbuf *sb, const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */
	size_t n = s ? strlen(s) : 0;
	int rc = 0;

	for (size_t i = 0; i < n && !rc;) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t k = utf8_char_len(s + i, n - i);

		if (!k || (u[0] < 0x20 && u[0] != '\t' && u[0] != '\n' && u[0] != '\r') ||
		    (k == 3 && u[0] == 0xEF && u[1] == 0xBF && u[2] >= 0xBE)) {
			rc = strbuf_addstr(sb, replacement);
			i += k ? k : 1;
			continue;
		}
		switch (u[0]) {
		case '<':
			rc = strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			rc = strbuf_addstr(sb, "&gt;");
			break;
		case '&':
			rc = strbuf_addstr(sb, "&amp;");
			break;
		case '"':
			rc = strbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			rc = strbuf_addstr(sb, "&apos;");
			break;
		case '\r':
			rc = strbuf_addstr(sb, "&#xd;");
			break;
		default:
			rc = strbuf_add(sb, s + i, k);
		}
		i += k;
	}
	return rc;
}
