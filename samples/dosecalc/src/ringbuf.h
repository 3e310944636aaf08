/*
 * Copied out of https://git.example.org/ringkit (a fictional project for
 * this sample), release 0.4.
 *
 * Copyright (c) 2019 Tero Halme
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef RINGBUF_H
#define RINGBUF_H

#define RB_SIZE 64

struct ringbuf {
	unsigned char buf[RB_SIZE];
	unsigned head, tail;
};

void rb_init(struct ringbuf *rb);
int rb_put(struct ringbuf *rb, unsigned char c);

#endif
