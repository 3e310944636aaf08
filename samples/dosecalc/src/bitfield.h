/*
 * Bit-field helpers for register-style flag words.
 *
 * Taken from the Orcan RTOS (https://orcan-rtos.example.org), release 1.4,
 * include/orcan/bits.h. Copyright (c) 2017-2019 The Orcan RTOS developers.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef BITFIELD_H
#define BITFIELD_H

#define BF_MASK(width) ((1u << (width)) - 1u)
#define BF_GET(word, shift, width) (((word) >> (shift)) & BF_MASK(width))
#define BF_SET(word, shift, width, v) \
	(((word) & ~(BF_MASK(width) << (shift))) | (((v) & BF_MASK(width)) << (shift)))

#endif
