/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_RSPFILE_H
#define SOUPTRACE_RSPFILE_H

#include <stdbool.h>

#include "strvec.h"

/*
 * Expand @file arguments the way gcc, binutils and clang read them
 * (libiberty's buildargv): whitespace separates arguments; single and
 * double quotes group; a backslash takes the next character literally;
 * an @file inside a response file is expanded too. An @file that cannot be
 * read stays as it is, as the tools themselves do.
 *
 * Appends the expanded arguments to out; *expanded is set when at least one
 * response file was read, and its path is pushed onto files (may be NULL).
 * Nesting deeper than 16 or more than 64 MiB of response files in total is
 * an error (-1), so a file that includes itself cannot loop.
 */
int rspfile_expand(const char *const *args, size_t nr, struct strvec *out, struct strvec *files,
		   bool *expanded);

/* Split one response file's text into arguments (exposed for tests). */
int rspfile_split(const char *text, size_t len, struct strvec *out);

#endif
