/* SPDX-License-Identifier: Apache-2.0 */
#include "strvec.h"

#include <stdarg.h>

#include "alloc.h"
#include "strbuf.h"

#include "strmap.h"

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
			alloc_failed(SIZE_MAX);
			return -1;
		}
		p = realloc(sv->alloc ? sv->v : NULL, n * sizeof(*p));
		if (!p) {
			free(s);
			alloc_failed(n * sizeof(*p));
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

	if (!d) {
		alloc_failed(len + 1);
		return -1;
	}
	memcpy(d, s, len);
	d[len] = '\0';
	return strvec_push_nodup(sv, d);
}

int strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r) {
		strbuf_release(&sb);
		return -1;
	}
	return strvec_push_nodup(sv, strbuf_detach(&sb, NULL));
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

int strvec_uniq(struct strvec *sv)
{
	struct strmap seen = STRMAP_INIT;
	size_t out = 0;

	if (strmap_reserve(&seen, sv->nr))
		return -1;
	for (size_t i = 0; i < sv->nr; i++) {
		bool is_new;

		/* reserved: put cannot fail; the key is the string at its new place */
		strmap_put(&seen, sv->v[i], out, &is_new);
		if (!is_new) {
			free((char *)sv->v[i]);
			continue;
		}
		sv->v[out++] = sv->v[i];
	}
	if (sv->alloc)
		sv->v[out] = NULL;
	sv->nr = out;
	strmap_release(&seen);
	return 0;
}
