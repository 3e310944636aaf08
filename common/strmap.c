/* SPDX-License-Identifier: Apache-2.0 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

/* The 64-bit finaliser of MurmurHash3: every input bit reaches every output bit. */
static uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/*
 * Eight bytes at a time (paths are the usual keys, and every lookup hashes
 * one): each word folded in with a multiply, the length and a final mix
 * so that the low bits (the table index) depend on all of it.
 */
uint64_t strmap_hash(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint64_t h = 0x9e3779b97f4a7c15ULL, w;

	for (; n - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 32;
	}
	if (i < n) {
		w = 0;
		memcpy(&w, s + i, n - i);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 32;
	}
	return mix64(h ^ n);
}

static struct strmap_slot *find_h(const struct strmap *m, const char *key, uint64_t h)
{
	size_t mask, i;

	if (!m->cap)
		return NULL;
	mask = m->cap - 1;
	for (i = (size_t)h & mask; m->slots[i].key; i = (i + 1) & mask)
		if (m->slots[i].hash == h && !strcmp(m->slots[i].key, key))
			return &m->slots[i];
	return NULL;
}

struct strmap_slot *strmap_find(const struct strmap *m, const char *key)
{
	return find_h(m, key, strmap_hash(key));
}

static int grow(struct strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, mask = ncap - 1;
	struct strmap_slot *ns;

	if (ncap > SIZE_MAX / sizeof(*ns)) {
		alloc_failed(SIZE_MAX);
		return -1;
	}
	ns = calloc(ncap, sizeof(*ns));
	if (!ns) {
		alloc_failed(ncap * sizeof(*ns));
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->slots[i].key)
			continue;
		for (j = (size_t)m->slots[i].hash & mask; ns[j].key; j = (j + 1) & mask)
			;
		ns[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	return 0;
}

int strmap_reserve(struct strmap *m, size_t n)
{
	while (m->cap / 2 < n)
		if (grow(m))
			return -1;
	return 0;
}

struct strmap_slot *strmap_put(struct strmap *m, const char *key, size_t val, bool *is_new)
{
	uint64_t h = strmap_hash(key);
	struct strmap_slot *s = find_h(m, key, h);
	size_t mask, i;

	*is_new = false;
	if (s)
		return s;
	if ((m->used + 1) * 2 > m->cap && grow(m))
		return NULL;
	mask = m->cap - 1;
	for (i = (size_t)h & mask; m->slots[i].key; i = (i + 1) & mask)
		;
	m->slots[i].key = key;
	m->slots[i].hash = h;
	m->slots[i].val = val;
	m->used++;
	*is_new = true;
	return &m->slots[i];
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->used = 0;
}
