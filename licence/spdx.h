/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_SPDX_H
#define SOUPTRACE_SPDX_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* The SPDX License List (licence/spdx_ids.c, generated), sorted case-insensitively. */
extern const char *const spdx_licence_ids[];
extern const size_t spdx_licence_ids_nr;
extern const char *const spdx_exception_ids[];
extern const size_t spdx_exception_ids_nr;

/* Case-insensitive membership, as SPDX matches identifiers. */
bool spdx_is_licence_id(const char *id);
bool spdx_is_exception_id(const char *id);

/*
 * Check an SPDX license expression (SPDX 2.3 annex D): licence ids from
 * the list (with an optional "+"), LicenseRef-... and
 * DocumentRef-...:LicenseRef-..., "WITH" an exception id (or
 * AdditionRef-...), "AND", "OR" (upper case) and parentheses. Returns 0 when
 * valid, -1 with a message naming the offending token in err.
 */
int spdx_expression_check(const char *expr, struct strbuf *err);

#endif
