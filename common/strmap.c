/* SPDX-License-Identifier: Apache-2.0 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

uint64_t strmap_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a offset basis */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
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
