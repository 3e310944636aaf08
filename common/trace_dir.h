/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_TRACE_DIR_H
#define SOUPTRACE_TRACE_DIR_H

#include <stdbool.h>

#include "strbuf.h"

/*
 * The trace directory: $SOUPTRACE_DIR, else the nearest ".souptrace"
 * directory found walking up from the current directory. Layout (see
 * docs/trace-format.md):
 *
 *   records/<id>.json   one file per recorded invocation, written whole
 *   link/<id>.<kind>    the linker's own reports for link record <id>
 *   tmp/                work files of running invocations
 *   INCOMPLETE          one line per invocation that could not be recorded
 */

/*
 * 0 found (path in dir), 1 no trace directory: pass through. A directory
 * that is not the invoking user's (or root's), is writable by every user,
 * or is reached through another user's symbolic link is not used (1): a
 * trace planted in a shared directory must neither receive a build's
 * command lines nor decide its gate. trace_dir_refusal() then says which
 * and why ("DIR is owned by another user"), else NULL.
 */
int trace_dir_find(struct strbuf *dir);
/*
 * The nearest ".souptrace" directory walking up from start (an absolute
 * path), whatever SOUPTRACE_DIR says: 0 found, 1 none or refused (then
 * trace_dir_refusal() says why), as trace_dir_find().
 */
int trace_dir_find_above(struct strbuf *dir, const char *start);
const char *trace_dir_refusal(void);

/* mkdir the subdirectories; -1 and errno when it cannot. */
int trace_dir_prepare(const char *dir);

/*
 * Write data atomically as dir/records/<id>.json (temp file + rename), so a
 * reader never sees a partial record and parallel writers never interleave.
 */
int trace_dir_write_record(const char *dir, const char *id, const char *data, size_t len);

/*
 * Note that invocation <id> could not be recorded completely. One O_APPEND
 * write of a short line, so concurrent notes do not interleave. If even
 * that fails, say so on stderr: the build goes on either way.
 */
void trace_dir_mark_incomplete(const char *dir, const char *id, const char *reason);

#endif
