/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_REALCACHE_H
#define SOUPTRACE_REALCACHE_H

#include "strbuf.h"
#include "strmap.h"
#include "strvec.h"

/*
 * realpath() for many files in few directories: each directory's real path
 * is resolved once, then a file costs one lstat() (a symbolic link is
 * resolved in full). A check of a 20,000-file artifact asked realpath() for
 * each file twice, 720,000 readlink() calls in all. The file system is
 * taken not to change while the cache is used (one command's run).
 */
struct realcache {
	/* directory, or a path asked for -> index in real[], or SIZE_MAX: does not resolve */
	struct strmap dirs, paths;
	struct strvec keys; /* the directories and paths (the maps borrow them) */
	struct strvec real;
};

#define REALCACHE_INIT                                                                             \
	{                                                                                          \
		STRMAP_INIT, STRMAP_INIT, STRVEC_INIT, STRVEC_INIT                                 \
	}

/*
 * The real path of path (absolute) into out: 0; -1 with errno (ENOENT,
 * ENOTDIR, ELOOP..., ENOMEM) as realpath() would fail.
 */
int realcache_get(struct realcache *c, const char *path, struct strbuf *out);

void realcache_release(struct realcache *c);

#endif
