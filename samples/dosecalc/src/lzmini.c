/*
 * lzmini - a very small LZ77 byte compressor.
 *
 * Copyright (c) 2011-2014 Aino Virtanen <aino@lzmini.example.net>
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the
 * "Software"), to deal in the Software without restriction, including
 * without limitation the rights to use, copy, modify, merge, publish,
 * distribute, sublicense, and/or sell copies of the Software, and to
 * permit persons to whom the Software is furnished to do so, subject to
 * the following conditions:
 *
 * The above copyright notice and this permission notice shall be included
 * in all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
 * OR IMPLIED.
 */
#include "lzmini.h"

/* Flag byte, then 8 items: a literal, or a (distance, length) pair of 2 bytes. */
size_t lzmini_compress(const unsigned char *in, size_t n, unsigned char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		size_t flag = o++;
		unsigned char bits = 0;

		for (int k = 0; k < 8 && i < n; k++) {
			size_t best = 0, dist = 0;

			for (size_t d = 1; d <= 255 && d <= i; d++) {
				size_t l = 0;

				while (l < 15 && i + l < n && in[i + l] == in[i + l - d])
					l++;
				if (l > best)
					best = l, dist = d;
			}
			if (best >= 3) {
				bits |= (unsigned char)(1u << k);
				out[o++] = (unsigned char)dist;
				out[o++] = (unsigned char)best;
				i += best;
			} else {
				out[o++] = in[i++];
			}
		}
		out[flag] = bits;
	}
	return o;
}
