/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_GITRUN_H
#define SOUPTRACE_GITRUN_H

#include <stddef.h>

#include "strbuf.h"

/*
 * Run `git -C DIR ARGS...` as a reader of a repository: stdin /dev/null,
 * an environment cleaned of what would point git at another repository
 * (GIT_DIR, GIT_WORK_TREE, ...), LC_ALL=C so that its messages read the
 * same everywhere. Its standard output goes into out (at most out_max
 * bytes; the rest is read and dropped), the first line of its standard
 * error into err.
 *
 * Returns git's exit status (0 .. 255); GITRUN_NOT_RUN when it could not
 * be started or died of a signal (err says why: "git not run: not installed");
 * -1 when out of memory.
 */
#define GITRUN_NOT_RUN 256

int git_run(const char *dir, const char *const *args, size_t out_max, struct strbuf *out,
	    struct strbuf *err);

#endif
