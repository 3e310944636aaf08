/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DIGEST_H
#define SOUPTRACE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/*
 * SHA-1, SHA-256 and SHA-512 (FIPS 180-4), for the file hashes of SBOMs
 * (SPDX 2.3 requires SHA-1 for files; the others are what CycloneDX and
 * BSI TR-03183-2 ask for). Written here rather than pulled from a crypto
 * library: small, fixed algorithms checked against the FIPS test vectors
 * and coreutils' sha1sum/sha256sum/sha512sum (tests/unit/test_common.c).
 * SHA-1 identifies files here; it is not used where collisions matter.
 */
struct sha1 {
	uint32_t h[5];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
};

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

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t len);
void sha1_final(struct sha1 *s, unsigned char out[20]);

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[32]);

void sha512_init(struct sha512 *s);
void sha512_update(struct sha512 *s, const void *data, size_t len);
void sha512_final(struct sha512 *s, unsigned char out[64]);

/* d[0..n) as lowercase hex into out (2n + 1 bytes, NUL terminated). */
void digest_hex(const unsigned char *d, size_t n, char *out);

/* The three digests of a file, as lowercase hex (NUL terminated). */
struct file_digests {
	char sha1[41], sha256[65], sha512[129];
};

/* 0, or -1 with the reason in err ("PATH: No such file or directory"). */
int digest_file(const char *path, struct file_digests *d, struct strbuf *err);

#endif
