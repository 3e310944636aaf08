/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_PATHUTIL_H
#define SOUPTRACE_PATHUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* The last component of path (a pointer into path; "" for "dir/"). */
const char *path_basename(const char *path);
/* The extension of the last component including the dot, or "". */
const char *path_extension(const char *path);
/* Append dir "/" name to sb, without doubling the slash. */
int path_join(struct strbuf *sb, const char *dir, const char *name);
/* True when path names a regular file we may execute. */
bool path_is_executable(const char *path);
/*
 * Lexically normalise path in place: collapse "//", drop "." components and
 * resolve "dir/.." pairs (never across a leading ".." or the root).
 * "core/../x/y.h" becomes "x/y.h". An empty result becomes ".".
 */
void path_normalize(char *path);

/*
 * souptrace's cache folder (it need not exist yet): $SOUPTRACE_CACHE_DIR,
 * else $XDG_CACHE_HOME/souptrace, else $HOME/.cache/souptrace (relative
 * values are ignored, as the XDG specification says). 0 with the folder in
 * out, 1 when there is none (SOUPTRACE_CACHE_DIR set empty: no cache; no
 * HOME), -1 out of memory.
 */
int path_cache_dir(struct strbuf *out);

/*
 * Publish a file atomically: write all of data (len bytes) to fd, an open
 * temporary file at tmp, close fd (always), then rename tmp to dst. 0, or
 * -1 with errno (tmp is then removed).
 */
int path_commit(int fd, const char *tmp, const char *dst, const char *data, size_t len);

/* dir, and the folders above it that are missing (made 0700): 0, or -1 with errno. */
int path_mkdirs_private(const char *dir);

struct stat;
/* A cache file of ours: a regular file owned by this user, writable by nobody else. */
bool path_is_own_file(const struct stat *st);

#endif
