/* SPDX-License-Identifier: Apache-2.0 */
#include "strvec.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *strvec_empty[] = { NULL };

void strvec_init(struct strvec *sv)
{
	sv->v = strvec_empty;
	sv->nr = 0;
	sv->alloc = 0;
}

void strvec_clear(struct strvec *sv)
{
	if (sv->alloc) {
		for (size_t i = 0; i < sv->nr; i++)
			free((char *)sv->v[i]);
		free(sv->v);
	}
	strvec_init(sv);
}

int strvec_push_nodup(struct strvec *sv, char *s)
{
	if (!s)
		return -1;
	if (sv->nr + 2 > sv->alloc) {
		size_t n = sv->alloc ? sv->alloc * 2 : 16;
		const char **p;

		if (n > SIZE_MAX / sizeof(*p)) {
			free(s);
			return -1;
		}
		p = realloc(sv->alloc ? sv->v : NULL, n * sizeof(*p));
		if (!p) {
			free(s);
			return -1;
		}
		sv->v = p;
		sv->alloc = n;
	}
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
	return 0;
}

int strvec_pushn(struct strvec *sv, const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (!d)
		return -1;
	memcpy(d, s, len);
	d[len] = '\0';
	return strvec_push_nodup(sv, d);
}

int strvec_push(struct strvec *sv, const char *s)
{
	return strvec_pushn(sv, s, strlen(s));
}

int strvec_pushv(struct strvec *sv, const char *const *argv)
{
	for (; *argv; argv++)
		if (strvec_push(sv, *argv))
			return -1;
	return 0;
}

long strvec_find(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return (long)i;
	return -1;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int strvec_uniq(struct strvec *sv)
{
	size_t cap = 16, out = 0;
	size_t *slots;

	while (cap < sv->nr * 2)
		cap *= 2;
	slots = calloc(cap, sizeof(*slots)); /* index + 1; 0 is empty */
	if (!slots)
		return -1;
	for (size_t i = 0; i < sv->nr; i++) {
		size_t h = (size_t)hash_str(sv->v[i]) & (cap - 1);
		bool dup = false;

		while (slots[h]) {
			if (!strcmp(sv->v[slots[h] - 1], sv->v[i])) {
				dup = true;
				break;
			}
			h = (h + 1) & (cap - 1);
		}
		if (dup) {
			free((char *)sv->v[i]);
			continue;
		}
		sv->v[out] = sv->v[i];
		slots[h] = ++out;
	}
	if (sv->alloc)
		sv->v[out] = NULL;
	sv->nr = out;
	free(slots);
	return 0;
}
