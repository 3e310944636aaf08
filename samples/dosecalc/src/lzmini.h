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
#ifndef LZMINI_H
#define LZMINI_H

#include <stddef.h>

#define LZMINI_VERSION "0.9.2"

/* Compress n bytes of in into out (room for n + n / 8 + 2); the size written. */
size_t lzmini_compress(const unsigned char *in, size_t n, unsigned char *out);

#endif
