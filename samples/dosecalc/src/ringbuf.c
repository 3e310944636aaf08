/*
 * This file is the concatenation of several files copied out of
 * https://git.example.org/ringkit (a fictional project for this sample),
 * release 0.4, with their notices kept below.
 *
 * Copyright (c) 2019 Tero Halme
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "ringbuf.h"

void rb_init(struct ringbuf *rb)
{
	rb->head = rb->tail = 0;
}

int rb_put(struct ringbuf *rb, unsigned char c)
{
	unsigned next = (rb->head + 1) % RB_SIZE;

	if (next == rb->tail)
		return -1;
	rb->buf[rb->head] = c;
	rb->head = next;
	return 0;
}
