/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_STRMAP_H
#define SOUPTRACE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A hash map from string to size_t (FNV-1a, open addressing, at most half
 * full). Keys are borrowed, not copied: each must outlive the map. Adding
 * a key that is present keeps the first value (the caller sees is_new
 * false and the old slot).
 */
struct strmap_slot {
	const char *key; /* NULL: empty */
	uint64_t hash;
	size_t val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t used;
};

#define STRMAP_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

uint64_t strmap_hash(const char *s);
/* The slot of key, or NULL. */
struct strmap_slot *strmap_find(const struct strmap *m, const char *key);
/* The slot of key, inserted with val when new (*is_new). NULL when out of memory. */
struct strmap_slot *strmap_put(struct strmap *m, const char *key, size_t val, bool *is_new);
/* Room for n keys without growing again. 0, or -1 when out of memory. */
int strmap_reserve(struct strmap *m, size_t n);
void strmap_release(struct strmap *m);

#endif
