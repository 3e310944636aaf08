/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_COMPILED_H
#define SOUPTRACE_COMPILED_H

#include <stddef.h>

#include "strbuf.h"
#include "trace.h"

/*
 * Only compiled code counts (issue 12 item 4): whether given lines of a
 * file were compiled by the recorded compiles that used it. Each compile
 * is preprocessed again with its own flags (preproc.h), once per (compile,
 * file), and only when asked: the files a fingerprint hit, few per project.
 *
 * A line is compiled when its region reached the output of at least one
 * of those compiles; not compiled when every compile that used the file
 * was preprocessed and skipped it; unconfirmed otherwise (no recorded
 * compile, the compiler cannot be run here, it failed or timed out, more
 * compiles than are tried). Each answer comes with the words that say
 * which check decided it, naming the compile record.
 */

enum compiled_verdict {
	COMPILED_YES,	      /* confirmed: the preprocessor kept a line */
	COMPILED_NO,	      /* every compile that used the file skipped every line */
	COMPILED_UNCONFIRMED, /* could not be decided */
};

struct compiled;

/* At most timeout_ms per preprocessing run, at most max_compiles tried per file. */
struct compiled *compiled_new(unsigned timeout_ms, size_t max_compiles);
void compiled_free(struct compiled *cc);

/*
 * The compile r used path (absolute, normalised): r is borrowed and must
 * outlive cc. Adding a compile twice for a path is harmless. 0, -1 (out of
 * memory).
 */
int compiled_add(struct compiled *cc, const char *path, const struct trace_record *r);

/*
 * Were any of the lines (1-based, nr of them) of path compiled? why gets
 * one phrase: "line 12 is compiled: preprocessed with the flags of
 * compile ID", "lines 12, 14 are not compiled: the preprocessor skips
 * them with the flags of compile ID", "not confirmed as compiled: ...".
 */
enum compiled_verdict compiled_lines(struct compiled *cc, const char *path, const size_t *lines,
				     size_t nr, struct strbuf *why);

#endif
