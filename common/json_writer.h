/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_JSON_WRITER_H
#define SOUPTRACE_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/*
 * Append s as a JSON string literal (with quotes). Valid UTF-8 is copied;
 * control characters are escaped; a byte that is not part of valid UTF-8
 * is written as the code point of the same value (\u00XX, i.e. read as
 * Latin-1) and *lossy is set, so the reader can tell the text was not UTF-8.
 * lossy may be NULL. Returns 0, or -1 when memory ran out.
 */
int json_add_string(struct strbuf *sb, const char *s, size_t len, bool *lossy);
int json_add_cstr(struct strbuf *sb, const char *s, bool *lossy);

#endif
