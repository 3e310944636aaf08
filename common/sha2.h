/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_SHA2_H
#define SOUPTRACE_SHA2_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/*
 * SHA-256 and SHA-512 (FIPS 180-4), for the file hashes of SBOMs. Written
 * here rather than pulled from a crypto library: two small, fixed
 * algorithms checked against the FIPS test vectors and sha256sum/sha512sum
 * (tests/unit/test_common.c).
 */
struct sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes so far */
	unsigned char buf[64];
	size_t nbuf;
};

struct sha512 {
	uint64_t h[8];
	uint64_t len; /* bytes so far (files here stay far below 2^64) */
	unsigned char buf[128];
	size_t nbuf;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[32]);

void sha512_init(struct sha512 *s);
void sha512_update(struct sha512 *s, const void *data, size_t len);
void sha512_final(struct sha512 *s, unsigned char out[64]);

/*
 * Both digests of a file, as lowercase hex (64 and 128 digits, NUL
 * terminated). 0, or -1 with the reason in err ("PATH: No such file").
 */
int sha2_file(const char *path, char hex256[65], char hex512[129], struct strbuf *err);

#endif
