/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_OUTFILE_H
#define SOUPTRACE_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

/*
 * Every file a command writes (-o FILE, init's soup.json) is written
 * atomically: into a temporary file in the destination's directory, then
 * renamed over it. A failed write (a full disk, a file size limit, an
 * error half-way through the command) leaves the destination as it was;
 * never truncated. A destination that is a symbolic link is followed: the
 * file it names is replaced, the link stays.
 */
struct outfile {
	FILE *f;    /* where to write: the temporary file, or stdout */
	char *path; /* the destination (links followed); NULL for stdout */
	char *tmp;  /* the temporary file; NULL for stdout */
};

#define OUTFILE_INIT                                                                               \
	{                                                                                          \
		NULL, NULL, NULL                                                                   \
	}

/*
 * Open an output: path NULL means standard output. The temporary file gets
 * the destination's permissions when it exists, else what a new file would
 * get (0666 less the umask). 0, or -1 with "PATH: reason" in err.
 */
int outfile_open(struct outfile *o, const char *path, struct strbuf *err);

/*
 * Flush everything to disk and rename it over the destination. 0, or -1
 * with "PATH: reason" in err: the destination is untouched and the
 * temporary file removed. Standard output is flushed and checked. The
 * outfile is released either way.
 */
int outfile_commit(struct outfile *o, struct strbuf *err);

/* Give up: remove the temporary file, leave the destination. Safe after commit. */
void outfile_abort(struct outfile *o);

/* The whole of data to path (NULL: standard output), as above. */
int outfile_write(const char *path, const char *data, size_t len, struct strbuf *err);

#endif
