/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A zip archive's central directory and its stored or deflated entries
 * (zipread.h), after PKWARE's APPNOTE.TXT 6.3: the end of central directory
 * record (and the zip64 one it points to), one central directory header per
 * entry, a local header before each entry's data.
 */
#include "zipread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "textesc.h"

#include "banned.h"

#define SIG_LOCAL   0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END	    0x06054b50u
#define SIG_END64   0x06064b50u
#define SIG_LOC64   0x07064b50u

#define END_SIZE     22u
#define LOC64_SIZE   20u
#define END64_SIZE   56u
#define CENTRAL_SIZE 46u
#define LOCAL_SIZE   30u

struct zipr_entry {
	char *name;
	uint64_t csize, usize, offset; /* offset: of the local header */
	uint32_t crc;
	uint16_t flags, method;
};

struct zipr {
	char *path;
	int fd;
	uint64_t size; /* of the file */
	struct zipr_entry *e;
	size_t nr;
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* n bytes at off, all of them: 0, or -1 (errno set; EIO when the file is shorter). */
static int read_at(int fd, void *buf, size_t n, uint64_t off)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t r = pread(fd, p, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (!r)
				errno = EIO;
			return -1;
		}
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static int bad(struct strbuf *err, const char *path, const char *why)
{
	strbuf_addf(err, "%s: not a zip archive that can be read: %s", path, why);
	return -1;
}

/* The end of central directory record: its offset, or -1. */
static int64_t find_end(int fd, uint64_t size, unsigned char *tail, size_t *tail_len)
{
	size_t n = size < END_SIZE + 65535u ? (size_t)size : END_SIZE + 65535u;

	if (n < END_SIZE || read_at(fd, tail, n, size - n))
		return -1;
	*tail_len = n;
	/* the last signature whose comment ends the file */
	for (size_t i = n - END_SIZE + 1; i-- > 0;)
		if (le32(tail + i) == SIG_END && i + END_SIZE + le16(tail + i + 20) == n)
			return (int64_t)(size - n + i);
	return -1;
}

/* The central directory's place and count, from the end records: 0, or -1 (err set). */
static int locate_dir(struct zipr *z, uint64_t *off, uint64_t *len, uint64_t *count,
		      struct strbuf *err)
{
	unsigned char *tail = xmalloc(END_SIZE + 65535u), rec[END64_SIZE];
	size_t tail_len = 0;
	int64_t at = find_end(z->fd, z->size, tail, &tail_len);
	const unsigned char *end;
	int ret = -1;

	if (at < 0) {
		bad(err, z->path, "no end of central directory record");
		goto out;
	}
	end = tail + (tail_len - (z->size - (uint64_t)at));
	if (le16(end + 4) || le16(end + 6) || le16(end + 8) != le16(end + 10)) {
		bad(err, z->path, "split over several disks");
		goto out;
	}
	*count = le16(end + 10);
	*len = le32(end + 12);
	*off = le32(end + 16);
	if (*count == 0xffff || *len == 0xffffffffu || *off == 0xffffffffu) {
		/* zip64: the locator just before, then the record it names */
		uint64_t loc = (uint64_t)at, at64;

		if (loc < LOC64_SIZE || read_at(z->fd, rec, LOC64_SIZE, loc - LOC64_SIZE) ||
		    le32(rec) != SIG_LOC64) {
			bad(err, z->path, "no zip64 end of central directory locator");
			goto out;
		}
		at64 = le64(rec + 8);
		if (le32(rec + 16) > 1 || at64 > z->size - END64_SIZE ||
		    read_at(z->fd, rec, END64_SIZE, at64) || le32(rec) != SIG_END64) {
			bad(err, z->path, "no zip64 end of central directory record");
			goto out;
		}
		if (le32(rec + 16) || le32(rec + 20) || le64(rec + 24) != le64(rec + 32)) {
			bad(err, z->path, "split over several disks");
			goto out;
		}
		*count = le64(rec + 32);
		*len = le64(rec + 40);
		*off = le64(rec + 48);
	}
	if (*count > ZIPR_MAX_ENTRIES || *len > ZIPR_MAX_DIR) {
		strbuf_addf(err,
			    "%s: %llu entries in a %llu-byte directory: more than an OSV "
			    "export holds",
			    z->path, (unsigned long long)*count, (unsigned long long)*len);
		goto out;
	}
	if (*count > *len / CENTRAL_SIZE) {
		/* each entry takes 46 bytes at least: no allocation for entries that are not there
		 */
		bad(err, z->path, "more entries stated than the central directory can hold");
		goto out;
	}
	if (*off > z->size || *len > z->size - *off) {
		bad(err, z->path, "the central directory lies outside the file");
		goto out;
	}
	ret = 0;
out:
	free(tail);
	return ret;
}

/* The zip64 extended information of an extra field: the 0xffffffff fields' real values. */
static int zip64_extra(const unsigned char *x, size_t n, struct zipr_entry *e, bool need_u,
		       bool need_c, bool need_o)
{
	while (n >= 4) {
		uint16_t id = le16(x), len = le16(x + 2);
		const unsigned char *d = x + 4;
		size_t want = 8u * (need_u + need_c + need_o);

		if ((size_t)len > n - 4)
			return -1;
		if (id == 0x0001) {
			if (len < want)
				return -1;
			if (need_u)
				e->usize = le64(d), d += 8;
			if (need_c)
				e->csize = le64(d), d += 8;
			if (need_o)
				e->offset = le64(d);
			return 0;
		}
		x += 4 + len;
		n -= 4 + (size_t)len;
	}
	return need_u || need_c || need_o ? -1 : 0;
}

/* "PATH:NAME: " into err, the entry's name as a terminal may show it (it comes from the archive).
 */
static void add_entry(struct strbuf *err, const char *path, const char *name)
{
	strbuf_addf(err, "%s:", path);
	strbuf_add_term(err, name);
	strbuf_addstr(err, ": ");
}

static int read_dir(struct zipr *z, uint64_t off, uint64_t len, uint64_t count, struct strbuf *err)
{
	unsigned char *dir = xmalloc(len ? (size_t)len : 1);
	size_t pos = 0;
	int ret = -1;

	if (read_at(z->fd, dir, (size_t)len, off)) {
		strbuf_addf(err, "%s: %s", z->path, strerror(errno));
		goto out;
	}
	z->e = xcalloc((size_t)count + 1, sizeof(*z->e));
	for (uint64_t i = 0; i < count; i++) {
		struct zipr_entry *e = &z->e[z->nr];
		const unsigned char *h = dir + pos;
		size_t nlen, xlen, clen;
		uint32_t c32, u32, o32;

		if (len - pos < CENTRAL_SIZE || le32(h) != SIG_CENTRAL) {
			strbuf_addf(err,
				    "%s: not a zip archive that can be read: central directory "
				    "entry %llu is damaged",
				    z->path, (unsigned long long)i);
			goto out;
		}
		nlen = le16(h + 28);
		xlen = le16(h + 30);
		clen = le16(h + 32);
		if (len - pos - CENTRAL_SIZE < nlen + xlen + clen) {
			strbuf_addf(err,
				    "%s: not a zip archive that can be read: central directory "
				    "entry %llu runs past the directory",
				    z->path, (unsigned long long)i);
			goto out;
		}
		e->flags = le16(h + 8);
		e->method = le16(h + 10);
		e->crc = le32(h + 16);
		c32 = le32(h + 20);
		u32 = le32(h + 24);
		o32 = le32(h + 42);
		e->csize = c32;
		e->usize = u32;
		e->offset = o32;
		e->name = xmalloc(nlen + 1);
		memcpy(e->name, h + CENTRAL_SIZE, nlen);
		e->name[nlen] = '\0';
		z->nr++;
		if (strlen(e->name) != nlen) {
			strbuf_addf(err,
				    "%s: not a zip archive that can be read: entry %llu's name "
				    "holds a NUL byte",
				    z->path, (unsigned long long)i);
			goto out;
		}
		if (zip64_extra(h + CENTRAL_SIZE + nlen, xlen, e, u32 == 0xffffffffu,
				c32 == 0xffffffffu, o32 == 0xffffffffu)) {
			bad(err, z->path, "");
			strbuf_add_term(err, e->name);
			strbuf_addstr(err, ": damaged zip64 sizes");
			goto out;
		}
		if (e->offset > z->size || e->csize > z->size - e->offset) {
			bad(err, z->path, "");
			strbuf_add_term(err, e->name);
			strbuf_addstr(err, " lies outside the file");
			goto out;
		}
		pos += CENTRAL_SIZE + nlen + xlen + clen;
	}
	ret = 0;
out:
	free(dir);
	return ret;
}

int zipr_open(const char *path, struct zipr **out, struct strbuf *err)
{
	struct zipr *z = xcalloc(1, sizeof(*z));
	struct stat st;
	uint64_t off = 0, len = 0, count = 0;

	*out = NULL;
	z->path = xstrdup(path);
	z->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (z->fd < 0 || fstat(z->fd, &st)) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		zipr_close(z);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		bad(err, path, "not a regular file");
		zipr_close(z);
		return -1;
	}
	z->size = (uint64_t)st.st_size;
	if (locate_dir(z, &off, &len, &count, err) || read_dir(z, off, len, count, err)) {
		zipr_close(z);
		return -1;
	}
	*out = z;
	return 0;
}

void zipr_close(struct zipr *z)
{
	if (!z)
		return;
	if (z->fd >= 0)
		close(z->fd);
	for (size_t i = 0; i < z->nr; i++)
		free(z->e[i].name);
	free(z->e);
	free(z->path);
	free(z);
}

size_t zipr_count(const struct zipr *z)
{
	return z->nr;
}

const char *zipr_name(const struct zipr *z, size_t i)
{
	return z->e[i].name;
}

uint64_t zipr_size(const struct zipr *z, size_t i)
{
	return z->e[i].usize;
}

static int entry_bad(struct strbuf *err, const struct zipr *z, const struct zipr_entry *e,
		     const char *why)
{
	add_entry(err, z->path, e->name);
	strbuf_addstr(err, why);
	return -1;
}

/* Inflate the raw deflate stream in (n bytes) into out: exactly e->usize bytes, no more. */
static int inflate_entry(const struct zipr *z, const struct zipr_entry *e, const unsigned char *in,
			 size_t n, struct strbuf *out, struct strbuf *err)
{
	const size_t chunk = (size_t)1 << 30; /* zlib counts in unsigned int */
	unsigned char *dst, spill;
	size_t fed = 0, made = 0, usize = (size_t)e->usize;
	z_stream s;
	int r;

	if (strbuf_grow(out, usize + 1))
		return entry_bad(err, z, e, "out of memory");
	dst = (unsigned char *)out->buf + out->len;
	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
		return entry_bad(err, z, e, "zlib cannot start");
	for (;;) {
		if (!s.avail_in && fed < n) {
			s.next_in = (unsigned char *)(uintptr_t)(in + fed);
			s.avail_in = (uInt)(n - fed < chunk ? n - fed : chunk);
			fed += s.avail_in;
		}
		if (!s.avail_out) {
			if (made < usize) {
				s.next_out = dst + made;
				s.avail_out = (uInt)(usize - made < chunk ? usize - made : chunk);
			} else {
				/* one byte past the stated size catches a lie */
				s.next_out = &spill;
				s.avail_out = 1;
			}
		}
		{
			unsigned char *before = s.next_out;

			r = inflate(&s, Z_NO_FLUSH);
			if (before == &spill && s.next_out != &spill) {
				inflateEnd(&s);
				return entry_bad(err, z, e, "more bytes than the archive states");
			}
			if (before != &spill)
				made += (size_t)(s.next_out - before);
		}
		if (r == Z_STREAM_END)
			break;
		if (r == Z_BUF_ERROR && s.avail_out && (s.avail_in || fed == n))
			break; /* the input ended before the stream did */
		if (r != Z_OK && r != Z_BUF_ERROR)
			break;
	}
	inflateEnd(&s);
	out->len += made;
	out->buf[out->len] = '\0';
	if (r == Z_STREAM_END)
		return 0;
	if (r == Z_DATA_ERROR || r == Z_NEED_DICT)
		return entry_bad(err, z, e, "damaged deflate data");
	if (r == Z_MEM_ERROR)
		return entry_bad(err, z, e, "out of memory");
	return entry_bad(err, z, e, "the deflate data ends early");
}

int zipr_read(struct zipr *z, size_t i, struct strbuf *out, struct strbuf *err)
{
	const struct zipr_entry *e = &z->e[i];
	unsigned char lh[LOCAL_SIZE], *data;
	uint64_t at;
	size_t start = out->len;
	int ret = -1;

	if (e->flags & 1)
		return entry_bad(err, z, e, "encrypted: souptrace reads no encrypted entry");
	if (e->method != 0 && e->method != 8) {
		add_entry(err, z->path, e->name);
		strbuf_addf(err,
			    "compressed with method %u: souptrace reads stored and deflated "
			    "entries only",
			    (unsigned)e->method);
		return -1;
	}
	if (e->offset > z->size - LOCAL_SIZE || read_at(z->fd, lh, LOCAL_SIZE, e->offset) ||
	    le32(lh) != SIG_LOCAL)
		return entry_bad(err, z, e, "its local header is damaged");
	at = e->offset + LOCAL_SIZE + le16(lh + 26) + le16(lh + 28);
	if (at > z->size || e->csize > z->size - at)
		return entry_bad(err, z, e, "its data lies outside the file");
	if (e->usize >= SIZE_MAX - out->len || e->csize >= SIZE_MAX)
		return entry_bad(err, z, e, "larger than this system can hold");
	if (e->method == 0 && e->csize != e->usize)
		return entry_bad(err, z, e, "stored, but its two sizes differ");
	data = malloc(e->csize ? (size_t)e->csize : 1);
	if (!data)
		return entry_bad(err, z, e, "out of memory");
	if (read_at(z->fd, data, (size_t)e->csize, at)) {
		entry_bad(err, z, e, strerror(errno));
		goto out;
	}
	if (e->method == 0) {
		if (strbuf_add(out, data, (size_t)e->csize)) {
			entry_bad(err, z, e, "out of memory");
			goto out;
		}
	} else if (inflate_entry(z, e, data, (size_t)e->csize, out, err)) {
		goto out;
	}
	if (out->len - start != e->usize) {
		entry_bad(err, z, e, "fewer bytes than the archive states");
		goto out;
	}
	{
		/* crc32() counts in unsigned int too */
		uLong crc = crc32(0L, Z_NULL, 0);
		const unsigned char *p = (const unsigned char *)out->buf + start;

		for (uint64_t left = e->usize; left;) {
			uInt k = (uInt)(left < (1u << 30) ? left : (1u << 30));

			crc = crc32(crc, p, k);
			p += k;
			left -= k;
		}
		if ((uint32_t)crc != e->crc) {
			entry_bad(err, z, e, "its CRC-32 does not match: the data is damaged");
			goto out;
		}
	}
	ret = 0;
out:
	free(data);
	if (ret) {
		out->len = start;
		if (out->buf)
			out->buf[start] = '\0';
	}
	return ret;
}
