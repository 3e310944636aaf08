/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_TESTUTIL_H
#define SOUPTRACE_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>

#include "strbuf.h"

/*
 * What the unit tests that build their own inputs share: a scratch
 * directory, shell commands run in it (the compilers and linkers under
 * test), and its removal.
 */

/* Append s to sb single-quoted for the shell. */
void tu_add_quoted(struct strbuf *sb, const char *s);

/* Run a shell command in dir, output appended to dir/log. Its exit status. */
int tu_run(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run a shell command in dir and append its standard output to out; its status. */
int tu_capture(const char *dir, struct strbuf *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* mkdir -p dir/rel. */
void tu_mkdirs(const char *dir, const char *rel);

/* Write len bytes to dir/rel, creating the directories in rel. */
void tu_write_bytes(const char *dir, const char *rel, const void *data, size_t len);

/* dir "/" rel, allocated (free() it). */
char *tu_path(const char *dir, const char *rel);

/*
 * dir/rel: a zip archive written by Python's zipfile holding the entries
 * (name, text pairs, NULL-ended), each "stored", "deflated" or "bzip2".
 */
void tu_make_zip(const char *dir, const char *rel, const char *method, const char *const *entries);

/* rm -rf dir. */
void tu_remove_tree(const char *dir);

#endif
