/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ALLOC_H
#define SOUPTRACE_ALLOC_H

#include <stddef.h>

/*
 * One memory policy.
 *
 * Library code (common/, analyzers/) reports an allocation failure as an
 * error: its growth functions return -1. An edge decides what that means:
 *
 * - The souptrace command ends with "souptrace: out of memory" (exit 2)
 *   instead of printing a quietly thinner SBOM: its main() calls
 *   alloc_die_on_failure() first, after which the growth functions of
 *   common/ (strbuf, strvec, strmap) and cJSON never return a failure, and
 *   the command's own code (src/) grows its arrays with ALLOC_GROW and the
 *   x-allocators below.
 * - The wrapper never dies of it: it fails open (runs the real tool, writes
 *   INCOMPLETE), so it does not install the policy.
 */

/* From now on, an allocation failure prints "PROG: out of memory" and exits 2. */
void alloc_die_on_failure(const char *prog);

/*
 * Called by a growth function whose allocation of size bytes failed, before
 * it returns its error: ends the program when the policy is installed.
 */
void alloc_failed(size_t size);

/* malloc and friends that never return NULL: they end the program instead. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t size);
/* realloc(p, nmemb * size), the product checked for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* The next capacity of a growing array: one and a half times, at least 16. */
#define alloc_nr(x) (((x) + 16) * 3 / 2)

/*
 * Make room for nr elements in the array x whose capacity is alloc (git's
 * ALLOC_GROW): grows geometrically, never fails (x-allocators).
 */
#define ALLOC_GROW(x, nr, alloc)                                                                   \
	do {                                                                                       \
		if ((nr) > (alloc)) {                                                              \
			(alloc) = alloc_nr(alloc) < (nr) ? (nr) : alloc_nr(alloc);                 \
			(x) = xreallocarray((x), (alloc), sizeof(*(x)));                           \
		}                                                                                  \
	} while (0)

#endif
