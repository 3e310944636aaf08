/* SPDX-License-Identifier: Zlib */
/* SPDX-FileCopyrightText: 2019-2022 Tobias Renner */
/*
 * ringbuf.h - single-header byte ring buffer for C99 and later.
 * https://git.example.org/trenner/ringbuf  (version: see RINGBUF_VERSION below)
 *
 * Copyright (c) 2019-2022 Tobias Renner
 *
 * This software is provided 'as-is', without any express or implied
 * warranty.  In no event will the authors be held liable for any damages
 * arising from the use of this software.
 *
 * Permission is granted to anyone to use this software for any purpose,
 * including commercial applications, and to alter it and redistribute it
 * freely, subject to the following restrictions:
 *
 * 1. The origin of this software must not be misrepresented; you must not
 *    claim that you wrote the original software. If you use this software
 *    in a product, an acknowledgment in the product documentation would be
 *    appreciated but is not required.
 * 2. Altered source versions must be plainly marked as such, and must not be
 *    misrepresented as being the original software.
 * 3. This notice may not be removed or altered from any source distribution.
 *
 * Usage: the storage size must be a power of two.  head and tail are
 * free-running counters, so "used" is simply head - tail (unsigned wrap is
 * well defined).  Single producer / single consumer, no locking.
 */
#ifndef RINGBUF_H
#define RINGBUF_H

#include <stddef.h>
#include <string.h>

#define RINGBUF_VERSION_MAJOR 1
#define RINGBUF_VERSION_MINOR 3
#define RINGBUF_VERSION_PATCH 0
#define RINGBUF_VERSION "1.3.0"

struct ringbuf {
	unsigned char *buf;
	size_t mask; /* size - 1 */
	size_t head; /* total bytes ever written */
	size_t tail; /* total bytes ever consumed */
};

/* Returns 0 on success, -1 if size is not a non-zero power of two. */
static inline int ringbuf_init(struct ringbuf *rb, void *storage, size_t size)
{
	if (size == 0 || (size & (size - 1)) != 0)
		return -1;
	rb->buf = (unsigned char *)storage;
	rb->mask = size - 1;
	rb->head = 0;
	rb->tail = 0;
	return 0;
}

static inline size_t ringbuf_capacity(const struct ringbuf *rb)
{
	return rb->mask + 1;
}

static inline size_t ringbuf_used(const struct ringbuf *rb)
{
	return rb->head - rb->tail;
}

static inline size_t ringbuf_free(const struct ringbuf *rb)
{
	return ringbuf_capacity(rb) - ringbuf_used(rb);
}

/* Copy up to n bytes in; returns the number of bytes actually written. */
static inline size_t ringbuf_write(struct ringbuf *rb, const void *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t off, first;

	if (n > ringbuf_free(rb))
		n = ringbuf_free(rb);
	off = rb->head & rb->mask;
	first = ringbuf_capacity(rb) - off;
	if (first > n)
		first = n;
	memcpy(rb->buf + off, s, first);
	memcpy(rb->buf, s + first, n - first);
	rb->head += n;
	return n;
}

/* Copy up to n bytes starting 'offset' bytes after the tail, without
 * consuming them.  Returns the number of bytes copied. */
static inline size_t ringbuf_peek(const struct ringbuf *rb, size_t offset,
				  void *dst, size_t n)
{
	unsigned char *d = (unsigned char *)dst;
	size_t used = ringbuf_used(rb);
	size_t off, first;

	if (offset >= used)
		return 0;
	if (n > used - offset)
		n = used - offset;
	off = (rb->tail + offset) & rb->mask;
	first = ringbuf_capacity(rb) - off;
	if (first > n)
		first = n;
	memcpy(d, rb->buf + off, first);
	memcpy(d + first, rb->buf, n - first);
	return n;
}

/* Drop up to n bytes from the tail; returns the number dropped. */
static inline size_t ringbuf_discard(struct ringbuf *rb, size_t n)
{
	if (n > ringbuf_used(rb))
		n = ringbuf_used(rb);
	rb->tail += n;
	return n;
}

static inline size_t ringbuf_read(struct ringbuf *rb, void *dst, size_t n)
{
	return ringbuf_discard(rb, ringbuf_peek(rb, 0, dst, n));
}

#endif /* RINGBUF_H */
