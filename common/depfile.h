/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DEPFILE_H
#define SOUPTRACE_DEPFILE_H

#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Parse a make-style dependency file as compilers and linkers write it:
 * gcc/clang -MD (with -MP phony rules), SUNPRO_DEPENDENCIES output, lld and
 * GNU ld --dependency-file. "target...: prereq..." rules; a backslash before
 * a newline continues the line; "\ " and "\#" are a space and a '#' in a
 * name (2N backslashes before them are N literal ones); "$$" is "$"; '#'
 * starts a comment.
 *
 * Appends every target to targets (may be NULL) and every prerequisite to
 * prereqs, in file order, duplicates kept (the caller decides). Returns 0,
 * or -1 with "line N: message" appended to err: NUL bytes, a line longer
 * than DEPFILE_MAX_LINE, a last line without newline (truncated), words
 * with no ':' (not a dependency file), a rule without a target. An empty
 * text is valid and has no rules.
 */
#define DEPFILE_MAX_LINE (64u << 10)

int depfile_parse(const char *text, size_t len, struct strvec *targets, struct strvec *prereqs,
		  struct strbuf *err);

#endif
