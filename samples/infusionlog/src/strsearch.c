/*
 * Boyer-Moore-Horspool substring search.
 *
 * Taken from libsearch 2.1 (https://example.org/libsearch), src/bmh.c.
 * Copyright (c) 2011 Harriet Quill <hq@example.org>
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */
#include <string.h>

#include "strsearch.h"

const char *strsearch(const char *hay, const char *needle)
{
	size_t skip[256], n = strlen(needle), h = strlen(hay);

	if (!n)
		return hay;
	for (size_t i = 0; i < 256; i++)
		skip[i] = n;
	for (size_t i = 0; i + 1 < n; i++)
		skip[(unsigned char)needle[i]] = n - 1 - i;
	for (size_t pos = 0; pos + n <= h; pos += skip[(unsigned char)hay[pos + n - 1]])
		if (!memcmp(hay + pos, needle, n))
			return hay + pos;
	return NULL;
}
