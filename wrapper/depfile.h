/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DEPFILE_H
#define SOUPTRACE_DEPFILE_H

#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Parse a make-style dependency file as gcc, clang and the linkers write it
 * ("target: prereq prereq \" with continuation lines, "\ " for a space in a
 * name, "$$" for "$", phony "header:" rules from -MP). Appends every
 * prerequisite, each once and in first-seen order, to out; targets are not
 * included. Returns 0, or -1 with a message naming the line in err.
 */
int depfile_parse(const char *text, size_t len, struct strvec *out, struct strbuf *err);

#endif
