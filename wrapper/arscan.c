/* SPDX-License-Identifier: Apache-2.0 */
#include "arscan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

#define AR_HDR_SIZE    60
#define AR_MAX_MEMBERS 1000000

static int read_at(int fd, void *buf, size_t n, off_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done, off + (off_t)done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return 0;
}

/* Parse a right-padded decimal field; -1 when it is not a number. */
static long long parse_dec(const char *f, size_t n)
{
	long long v = 0;
	size_t i = 0;

	while (i < n && f[i] == ' ')
		i++;
	if (i == n || f[i] < '0' || f[i] > '9')
		return -1;
	for (; i < n && f[i] >= '0' && f[i] <= '9'; i++) {
		if (v > (1LL << 50))
			return -1;
		v = v * 10 + (f[i] - '0');
	}
	for (; i < n; i++)
		if (f[i] != ' ')
			return -1;
	return v;
}

/*
 * The full name of the member whose header at off holds name (nlen bytes,
 * blanks trimmed): GNU's "/N" into the long-name table, BSD's "#1/N" after
 * the header, else the name itself less GNU's trailing '/'. 0 with *full
 * (NULL when out of memory: the caller's push says so), or -1 with err.
 */
static int member_name(int fd, const char *path, off_t off, long long size, char *name, size_t nlen,
		       const char *longnames, size_t longnames_len, char **full, struct strbuf *err)
{
	*full = NULL;
	if (name[0] == '/' && name[1] >= '0' && name[1] <= '9') {
		long long idx = parse_dec(name + 1, strlen(name + 1));
		size_t end;

		if (idx < 0 || !longnames || (size_t)idx >= longnames_len) {
			strbuf_addf(err, "%s: bad long-name reference '%s' at byte %lld", path,
				    name, (long long)off);
			return -1;
		}
		end = (size_t)idx;
		while (end < longnames_len && longnames[end] != '\n')
			end++;
		if (end > (size_t)idx && longnames[end - 1] == '/')
			end--;
		*full = strndup(longnames + idx, end - (size_t)idx);
	} else if (!strncmp(name, "#1/", 3)) {
		long long n = parse_dec(name + 3, strlen(name + 3));

		if (n < 0 || n > size || n > 4096) {
			strbuf_addf(err, "%s: bad BSD name at byte %lld", path, (long long)off);
			return -1;
		}
		*full = calloc(1, (size_t)n + 1);
		if (*full && read_at(fd, *full, (size_t)n, off + AR_HDR_SIZE)) {
			free(*full);
			*full = NULL;
			strbuf_addf(err, "%s: truncated BSD name", path);
			return -1;
		}
		if (*full)
			(*full)[strnlen(*full, (size_t)n)] = '\0';
	} else {
		if (nlen > 0 && name[nlen - 1] == '/')
			name[--nlen] = '\0';
		*full = strdup(name);
	}
	return 0;
}

int arscan_members(const char *path, struct strvec *members, bool *thin, struct strbuf *err)
{
	char magic[8], hdr[AR_HDR_SIZE];
	char *longnames = NULL;
	size_t longnames_len = 0;
	struct stat st;
	off_t off = 8;
	size_t count = 0;
	int fd, ret = -1;

	*thin = false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		strbuf_addf(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || read_at(fd, magic, 8, 0)) {
		strbuf_addf(err, "%s: not an ar archive (too short)", path);
		goto out;
	}
	if (!memcmp(magic, "!<thin>\n", 8))
		*thin = true;
	else if (memcmp(magic, "!<arch>\n", 8)) {
		strbuf_addf(err, "%s: not an ar archive (bad magic)", path);
		goto out;
	}
	while (off < st.st_size) {
		long long size;
		char name[17];
		size_t nlen;
		bool special, has_data;

		if (off + AR_HDR_SIZE > st.st_size || read_at(fd, hdr, AR_HDR_SIZE, off)) {
			strbuf_addf(err, "%s: truncated member header at byte %lld", path,
				    (long long)off);
			goto out;
		}
		if (hdr[58] != '`' || hdr[59] != '\n') {
			strbuf_addf(err, "%s: corrupt member header at byte %lld", path,
				    (long long)off);
			goto out;
		}
		size = parse_dec(hdr + 48, 10);
		if (size < 0) {
			strbuf_addf(err, "%s: bad member size at byte %lld", path, (long long)off);
			goto out;
		}
		memcpy(name, hdr, 16);
		name[16] = '\0';
		nlen = 16;
		while (nlen > 0 && name[nlen - 1] == ' ')
			name[--nlen] = '\0';
		special = !strcmp(name, "/") || !strcmp(name, "/SYM64/") || !strcmp(name, "//") ||
			  !strncmp(name, "__.SYMDEF", 9);
		/* In a thin archive only the special members have their data inline. */
		has_data = !*thin || special;
		if (has_data && off + AR_HDR_SIZE + size > st.st_size) {
			strbuf_addf(err, "%s: member at byte %lld runs past the end of the file",
				    path, (long long)off);
			goto out;
		}
		if (!strcmp(name, "//")) {
			free(longnames);
			longnames = malloc((size_t)size + 1);
			if (!longnames || read_at(fd, longnames, (size_t)size, off + AR_HDR_SIZE)) {
				strbuf_addf(err, "%s: cannot read the long-name table", path);
				goto out;
			}
			longnames[size] = '\0';
			longnames_len = (size_t)size;
		} else if (!special) {
			char *full = NULL;

			if (++count > AR_MAX_MEMBERS) {
				strbuf_addf(err, "%s: more than %d members", path, AR_MAX_MEMBERS);
				goto out;
			}
			if (member_name(fd, path, off, size, name, nlen, longnames, longnames_len,
					&full, err))
				goto out;
			if (strvec_push_nodup(members, full)) {
				strbuf_addstr(err, "out of memory");
				goto out;
			}
		}
		off += AR_HDR_SIZE + (has_data ? size : 0);
		off += off & 1; /* members are 2-byte aligned */
	}
	ret = 0;
out:
	free(longnames);
	close(fd);
	return ret;
}
