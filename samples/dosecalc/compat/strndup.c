/*
 * This file is part of the Kestrel C library.
 *
 * Copyright (c) 2010 Hallvard Brekke <hallvard@kestrel-libc.example.org>
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */
/* Not compiled: every target libc has strndup. Kept for old toolchains. */
#include <stdlib.h>
#include <string.h>

char *kc_strndup(const char *s, size_t n)
{
	size_t k = strnlen(s, n);
	char *d = malloc(k + 1);

	if (d) {
		memcpy(d, s, k);
		d[k] = '\0';
	}
	return d;
}
