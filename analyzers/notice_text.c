/* SPDX-License-Identifier: Apache-2.0 */
/* The notice reader's bytes and words, and the text of its items (cleaned, bounded). */
#include "notice_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* ---- bytes ---- */

/*
 * The first position >= from of w in s[0..n), ignoring case, with no ASCII
 * letter or digit on either side (when w itself starts or ends with one);
 * SIZE_MAX when none.
 */
size_t nt_ci_word(const char *s, size_t n, size_t from, const char *w)
{
	size_t m = strlen(w), i;

	if (!m || n < m)
		return SIZE_MAX;
	for (i = from; i + m <= n; i++) {
		if (nt_to_lower((unsigned char)s[i]) != nt_to_lower((unsigned char)w[0]))
			continue;
		if (strncasecmp(s + i, w, m))
			continue;
		if (i > 0 && ascii_is_alnum((unsigned char)w[0]) &&
		    ascii_is_alnum((unsigned char)s[i - 1]))
			continue;
		if (i + m < n && ascii_is_alnum((unsigned char)w[m - 1]) &&
		    ascii_is_alnum((unsigned char)s[i + m]))
			continue;
		return i;
	}
	return SIZE_MAX;
}

/* Is w at exactly s[k], on word boundaries (see nt_ci_word)? */
bool nt_ci_word_at(const char *s, size_t n, size_t k, const char *w)
{
	size_t m = strlen(w);

	if (k > n || n - k < m || strncasecmp(s + k, w, m))
		return false;
	if (k > 0 && ascii_is_alnum((unsigned char)w[0]) && ascii_is_alnum((unsigned char)s[k - 1]))
		return false;
	return !(k + m < n && ascii_is_alnum((unsigned char)w[m - 1]) &&
		 ascii_is_alnum((unsigned char)s[k + m]));
}

void nt_trim(const char **s, size_t *n)
{
	while (*n && nt_is_blank((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && nt_is_blank((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Trim blanks and the punctuation that surrounds names: " ,.;:-". */
void nt_trim_punct(const char **s, size_t *n)
{
	static const char outer[] = " \t\r,.;:-";

	while (*n && strchr(outer, (*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n && strchr(outer, (*s)[*n - 1]))
		(*n)--;
}

/* ---- words ---- */

bool nt_in_list(const char *w, size_t n, const char *const *list, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (nt_ci_eq(w, n, list[i]))
			return true;
	return false;
}

/* The next blank-separated word of s[*i..n) into *w, *wn; false at the end. */
bool nt_next_word(const char *s, size_t n, size_t *i, const char **w, size_t *wn)
{
	while (*i < n && nt_is_blank((unsigned char)s[*i]))
		(*i)++;
	if (*i >= n)
		return false;
	*w = s + *i;
	while (*i < n && !nt_is_blank((unsigned char)s[*i]))
		(*i)++;
	*wn = (size_t)(s + *i - *w);
	return true;
}

/* Word w without trailing '.' or ','. */
size_t nt_bare_len(const char *w, size_t n)
{
	while (n && (w[n - 1] == '.' || w[n - 1] == ','))
		n--;
	return n;
}

size_t nt_word_count(const char *s, size_t n)
{
	size_t i = 0, c = 0, wn;
	const char *w;

	while (nt_next_word(s, n, &i, &w, &wn))
		c++;
	return c;
}

/* ---- text of items ---- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * s[0..n) as an allocated, valid UTF-8 string: blanks collapsed to one
 * space, trimmed, control characters as spaces, bytes that are not UTF-8
 * read as Latin-1, at most NOTICE_MAX_TEXT bytes. NULL when out of memory.
 */
static char *clean_text(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	bool space = false;

	while (i < n) {
		unsigned char out[4];
		size_t k = utf8_len(p + i, n - i), m;

		if (p[i] < 0x20 || p[i] == 0x7f || p[i] == ' ') {
			space = sb.len > 0;
			i++;
			continue;
		}
		if (k) {
			memcpy(out, p + i, k);
			m = k;
			i += k;
		} else { /* Latin-1 */
			out[0] = (unsigned char)(0xc0 | (p[i] >> 6));
			out[1] = (unsigned char)(0x80 | (p[i] & 0x3f));
			m = 2;
			i++;
		}
		if (sb.len + (space ? 1 : 0) + m > NOTICE_MAX_TEXT)
			break;
		if ((space && strbuf_addch(&sb, ' ')) || strbuf_add(&sb, out, m)) {
			strbuf_release(&sb);
			return NULL;
		}
		space = false;
	}
	return strbuf_detach(&sb, NULL);
}

/* Append an item (text cleaned; dropped when empty, duplicated with dedup, or past the bound). */
void nt_push_item(struct nt_ctx *c, struct notice_item **arr, size_t *nr, const char *s, size_t len,
		  const char *years, size_t ylen, size_t line, bool dedup)
{
	struct notice_item *it;
	char *text, *y = NULL;
	size_t i;

	if (c->oom || *nr >= NOTICE_MAX_ITEMS)
		return;
	text = clean_text(s, len);
	if (!text) {
		c->oom = 1;
		return;
	}
	if (!*text) {
		free(text);
		return;
	}
	if (dedup) {
		for (i = 0; i < *nr; i++) {
			if (!strcmp((*arr)[i].text, text)) {
				free(text);
				return;
			}
		}
	}
	if (years && ylen) {
		y = clean_text(years, ylen);
		if (!y) {
			free(text);
			c->oom = 1;
			return;
		}
		if (!*y) {
			free(y);
			y = NULL;
		}
	}
	/* the capacity is the next power of two: grow when nr is 0 or one */
	if (!*nr || !(*nr & (*nr - 1))) {
		struct notice_item *na = realloc(*arr, (*nr ? *nr * 2 : 1) * sizeof(*na));

		if (!na) {
			free(text);
			free(y);
			c->oom = 1;
			return;
		}
		*arr = na;
	}
	it = &(*arr)[(*nr)++];
	it->text = text;
	it->years = y;
	it->email = NULL;
	it->line = line;
	it->statement = SIZE_MAX;
	it->block = 0;
}
