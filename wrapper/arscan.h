/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ARSCAN_H
#define SOUPTRACE_ARSCAN_H

#include <stdbool.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * List the member names of a Unix ar archive (GNU and BSD name forms, GNU
 * thin archives) without reading member contents, so the wrapper can
 * record what an archive holds after "ar r" without loading libelf. The
 * symbol table ("/", "/SYM64/", "__.SYMDEF") and the long-name table ("//")
 * are not members. For a thin archive the names are the member paths.
 * Every header and offset is checked against the file size.
 * Returns 0, or -1 with a message in err (file name and byte offset).
 */
int arscan_members(const char *path, struct strvec *members, bool *thin, struct strbuf *err);

#endif
