/* SPDX-License-Identifier: Apache-2.0 */
#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *die_prog;

void alloc_die_on_failure(const char *prog)
{
	die_prog = prog;
}

static void die_oom(size_t size)
{
	fprintf(stderr, "%s: out of memory (%zu bytes could not be allocated)\n",
		die_prog ? die_prog : "souptrace", size);
	exit(2);
}

void alloc_failed(size_t size)
{
	if (die_prog)
		die_oom(size);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die_oom(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *n = realloc(p, size ? size : 1);

	if (!n)
		die_oom(size);
	return n;
}

void *xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		die_oom(SIZE_MAX);
	return xrealloc(p, nmemb * size);
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die_oom(strlen(s) + 1);
	return d;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);

	if (!d)
		die_oom(n + 1);
	return d;
}
