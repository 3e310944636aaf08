/* SPDX-License-Identifier: Apache-2.0 */
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb)
{
	sb->alloc = 0;
	sb->len = 0;
	sb->buf = strbuf_empty;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;

	if (len)
		*len = sb->len;
	if (!sb->alloc) {
		res = calloc(1, 1);
		if (!res)
			alloc_failed(1);
	} else {
		res = sb->buf;
	}
	strbuf_init(sb);
	return res;
}

int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want, n;
	char *p;

	if (extra > SIZE_MAX - sb->len - 1) {
		alloc_failed(SIZE_MAX);
		return -1;
	}
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return 0;
	n = sb->alloc ? sb->alloc : 64;
	while (n < want)
		n = n > SIZE_MAX / 2 ? want : n * 2;
	p = realloc(sb->alloc ? sb->buf : NULL, n);
	if (!p) {
		alloc_failed(n);
		return -1;
	}
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = n;
	return 0;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (strbuf_grow(sb, len))
		return -1;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	/* format once into the room there is (most strings fit), again only when not */
	if (strbuf_grow(sb, 64))
		return -1;
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return -1;
	}
	if ((size_t)n >= sb->alloc - sb->len) {
		if (strbuf_grow(sb, (size_t)n)) {
			sb->buf[sb->len] = '\0';
			return -1;
		}
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return r;
}

int strbuf_read_fd(struct strbuf *sb, int fd, size_t max_size)
{
	size_t start = sb->len;

	for (;;) {
		ssize_t n;

		if (strbuf_grow(sb, 8192))
			goto fail_nomem;
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
		if (max_size && sb->len - start > max_size) {
			errno = EFBIG;
			goto fail;
		}
	}
	return 0;
fail_nomem:
	errno = ENOMEM;
fail:
	if (sb->alloc) {
		sb->len = start;
		sb->buf[start] = '\0';
	}
	return -1;
}

int strbuf_read_file(struct strbuf *sb, const char *path, size_t max_size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret, e;

	if (fd < 0)
		return -1;
	ret = strbuf_read_fd(sb, fd, max_size);
	e = errno;
	close(fd);
	errno = e;
	return ret;
}

int strbuf_read_prefix(struct strbuf *sb, const char *path, size_t max, struct strbuf *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	size_t want, got = 0;
	int ret = -1;

	if (fd < 0) {
		if (err)
			strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (err)
			strbuf_addf(err, "%s: not a regular file", path);
		goto out;
	}
	/* the file's size, bounded: a large max costs nothing for small files */
	want = (uint64_t)st.st_size < max ? (size_t)st.st_size : max;
	if (strbuf_grow(sb, want + 1)) {
		if (err)
			strbuf_addf(err, "%s: out of memory", path);
		goto out;
	}
	while (got < want) {
		ssize_t r = read(fd, sb->buf + sb->len + got, want - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (err)
				strbuf_addf(err, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (!r)
			break; /* shrank meanwhile: what is there */
		got += (size_t)r;
	}
	sb->len += got;
	sb->buf[sb->len] = '\0';
	ret = 0;
out:
	close(fd);
	return ret;
}
