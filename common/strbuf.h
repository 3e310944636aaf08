/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_STRBUF_H
#define SOUPTRACE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte buffer, always NUL-terminated.
 *
 * Invariants: buf is never NULL (it points at a static empty string until
 * the first growth), buf[len] == '\0', len < alloc whenever alloc > 0.
 * The contents may hold NUL bytes; len is authoritative.
 *
 * Allocation failure is reported, not fatal: every growing call returns 0 on
 * success and -1 when memory ran out, leaving the buffer as it was. Callers at
 * the edges (CLI, wrapper) decide whether that is fatal.
 */
struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		0, 0, strbuf_empty                                                                 \
	}

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Hand the buffer to the caller (who frees it); sb is reset. Never NULL. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
int strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, char c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append the whole content of the file at path. -1 and errno on error. */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max_size);
/* The same from an open file, from where it stands; fd stays open. */
int strbuf_read_fd(struct strbuf *sb, int fd, size_t max_size);
/*
 * Append at most max bytes of the regular file at path (never blocks on a
 * FIFO or device: those are refused). 0, or -1 with "PATH: reason" in err
 * (err may be NULL).
 */
int strbuf_read_prefix(struct strbuf *sb, const char *path, size_t max, struct strbuf *err);

#endif
