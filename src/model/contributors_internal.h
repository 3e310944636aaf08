/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CONTRIBUTORS_INTERNAL_H
#define SOUPTRACE_CONTRIBUTORS_INTERNAL_H

/*
 * Shared by contributors.c (names as keys, the list, the matcher) and
 * contributors_read.c (git's history, the list files). Not an interface:
 * contributors.h is.
 */
#include "contributors.h"

/*
 * The contributor of that name (by key), else a new one; email (lower
 * case, or NULL) added to their addresses. NULL when out of memory.
 */
struct contributor *contributor_for(struct contributors *c, const char *name, const char *email);

/*
 * text[0..n) as valid UTF-8 into out (Latin-1 bytes converted), control
 * characters as spaces (tabs kept: in a list, they end a name). 0, or -1
 * out of memory.
 */
int contrib_to_utf8(const char *text, size_t n, struct strbuf *out);

/* w is one of the nr words of list. */
bool contrib_in_words(const char *w, const char *const *list, size_t nr);

#define IN_WORDS(w, list) contrib_in_words(w, list, sizeof(list) / sizeof(*(list)))

#endif
