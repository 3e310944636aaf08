/*
 * This file is part of the Kestrel C library.
 *
 * Copyright (c) 2014 Maren Osvik <maren@kestrel-libc.example.org>
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "compat.h"

/* realloc(p, n * size), failing with ENOMEM instead of overflowing. */
void *kc_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}
