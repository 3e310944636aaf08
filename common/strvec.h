/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_STRVEC_H
#define SOUPTRACE_STRVEC_H

#include <stddef.h>

/*
 * A NULL-terminated vector of owned strings, usable directly as an argv.
 * Invariant: v is never NULL and v[nr] == NULL. Growing calls return 0, or
 * -1 when memory ran out (the vector is then unchanged).
 */
struct strvec {
	const char **v;
	size_t nr;
	size_t alloc;
};

extern const char *strvec_empty[];
#define STRVEC_INIT                                                                                \
	{                                                                                          \
		strvec_empty, 0, 0                                                                 \
	}

void strvec_init(struct strvec *sv);
void strvec_clear(struct strvec *sv);
int strvec_push(struct strvec *sv, const char *s);
int strvec_pushn(struct strvec *sv, const char *s, size_t len);
/* Push a formatted string. */
int strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Take ownership of an allocated string (freed on failure too). */
int strvec_push_nodup(struct strvec *sv, char *s);
int strvec_pushv(struct strvec *sv, const char *const *argv);
/*
 * Drop repeated strings, keeping each first occurrence in place (hash
 * based: linear in the number of strings). -1 when memory ran out, with
 * the vector unchanged.
 */
int strvec_uniq(struct strvec *sv);
/* Index of s in sv, or -1. */
long strvec_find(const struct strvec *sv, const char *s);

#endif
