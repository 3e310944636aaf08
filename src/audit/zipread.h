/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ZIPREAD_H
#define SOUPTRACE_ZIPREAD_H

/*
 * Reading a zip archive as OSV publishes its exports (all.zip): the
 * central directory (zip64 included: an export holds more than 65,535
 * records), entries stored or deflated (zlib), each checked against the
 * sizes and CRC-32 the directory states. Nothing else of the format is
 * read: an encrypted entry, another compression method, an archive split
 * over several disks is an error naming the archive and the entry, never
 * skipped. Every offset and size is checked against the file before it is
 * used; the archive is read with pread, never mapped.
 */
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct zipr;

/* Limits: more entries or a larger central directory is refused (a zip bomb, not a mirror). */
#define ZIPR_MAX_ENTRIES ((uint64_t)10000000)
#define ZIPR_MAX_DIR	 ((uint64_t)1 << 30)

/*
 * Open path and read its central directory: 0 with *out set, or -1 with
 * "PATH: not a zip archive that can be read: REASON" (or another message
 * naming PATH) in err.
 */
int zipr_open(const char *path, struct zipr **out, struct strbuf *err);
void zipr_close(struct zipr *z);

/* Entries, in the central directory's order. */
size_t zipr_count(const struct zipr *z);
/* Entry i's name (NUL-terminated; an entry whose name holds a NUL fails zipr_open). */
const char *zipr_name(const struct zipr *z, size_t i);
/* Entry i's size once uncompressed, as the central directory states it. */
uint64_t zipr_size(const struct zipr *z, size_t i);

/*
 * Entry i, uncompressed, appended to out: 0, or -1 with "PATH:NAME: reason"
 * in err (damaged data, more or fewer bytes than stated, a wrong CRC-32,
 * encrypted, a method other than stored or deflate, I/O).
 */
int zipr_read(struct zipr *z, size_t i, struct strbuf *out, struct strbuf *err);

#endif
