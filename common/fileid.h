/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_FILEID_H
#define SOUPTRACE_FILEID_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/*
 * The identity of a file a build step wrote: what lets a later reader tell
 * whether the file on disk is still the one the step produced. The wrapper
 * records it for each output of a successful step (docs/trace-format.md,
 * "written"); check compares it with the file on disk before it trusts a
 * record, and finds archive members by the SHA-256 of their bytes.
 *
 * size and mtime are the quick test (as make, ccache and git's index use
 * them); sha256 decides. build_id is the GNU build-id note of an ELF
 * executable or shared library (kept by strip and objcopy, so a stripped
 * copy of a link output can be recognised); empty when there is none.
 * Without a build-id (firmware, -Wl,--build-id=none), load_sha256 is the
 * digest of what a loader maps (each PT_LOAD segment's address, size,
 * flags and bytes, the ELF header's section-header fields zeroed), which
 * strip and objcopy --strip-* keep too.
 */
struct file_id {
	long long size;
	long long mtime_ns;
	char sha256[65];
	char build_id[129];   /* lowercase hex, "" when none */
	char load_sha256[65]; /* "" when not an ELF with segments, or with a build-id */
};

/*
 * Read path's identity. With want_build_id, an ELF file of the host's byte
 * order is searched for its build-id note (program headers only: links
 * write them; relocatable objects have none), and without one its
 * loadable contents are digested. Returns 0, or -1 with
 * "PATH: reason" in err (may be NULL). Only libc: the wrapper uses it.
 */
int file_id_read(const char *path, bool want_build_id, struct file_id *id, struct strbuf *err);

/* The SHA-256 of len bytes as lowercase hex. */
void file_id_sha256(const void *data, size_t len, char out[65]);

#endif
