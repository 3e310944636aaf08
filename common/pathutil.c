/* SPDX-License-Identifier: Apache-2.0 */
#include "pathutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

const char *path_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

const char *path_extension(const char *path)
{
	const char *base = path_basename(path);
	const char *dot = strrchr(base, '.');

	return dot && dot != base ? dot : base + strlen(base);
}

int path_join(struct strbuf *sb, const char *dir, const char *name)
{
	size_t dl = strlen(dir);

	if (strbuf_add(sb, dir, dl))
		return -1;
	if (dl && dir[dl - 1] != '/' && strbuf_addch(sb, '/'))
		return -1;
	return strbuf_addstr(sb, name);
}

bool path_is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

void path_normalize(char *path)
{
	bool absolute = path[0] == '/';
	char *out = path + (absolute ? 1 : 0);
	const char *in = out;
	size_t base = 0; /* length of the prefix of out that ".." may not remove */
	size_t olen = 0;

	while (*in) {
		const char *end = strchr(in, '/');
		size_t n = end ? (size_t)(end - in) : strlen(in);

		if (n == 0 || (n == 1 && in[0] == '.')) {
			/* skip empty and "." components */
		} else if (n == 2 && in[0] == '.' && in[1] == '.') {
			if (olen > base) {
				/* drop the last component of out */
				while (olen > base && out[olen - 1] != '/')
					olen--;
				if (olen > base)
					olen--; /* the slash before it */
				else if (olen > 0 && out[olen - 1] == '/')
					olen--;
			} else if (!absolute) {
				if (olen)
					out[olen++] = '/';
				memmove(out + olen, "..", 2);
				olen += 2;
				base = olen;
			}
			/* "/.." is "/" */
		} else {
			if (olen)
				out[olen++] = '/';
			memmove(out + olen, in, n);
			olen += n;
		}
		in += n;
		while (*in == '/')
			in++;
	}
	out[olen] = '\0';
	if (!absolute && olen == 0) {
		path[0] = '.';
		path[1] = '\0';
	}
}

int path_cache_dir(struct strbuf *out)
{
	const char *own = getenv("SOUPTRACE_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	strbuf_reset(out);
	if (own)
		return *own == '/' ? (strbuf_addstr(out, own) ? -1 : 0) : 1;
	if (xdg && *xdg == '/')
		return strbuf_addf(out, "%s/souptrace", xdg) ? -1 : 0;
	if (home && *home == '/')
		return strbuf_addf(out, "%s/.cache/souptrace", home) ? -1 : 0;
	return 1;
}

int path_commit(int fd, const char *tmp, const char *dst, const char *data, size_t len)
{
	size_t done = 0;
	int saved;

	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			goto fail;
		}
		done += (size_t)n;
	}
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	if (!rename(tmp, dst))
		return 0;
	fd = -1;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

int path_mkdirs_private(const char *dir)
{
	struct strbuf p = STRBUF_INIT;
	int r = 0;

	if (strbuf_addstr(&p, dir))
		return -1;
	for (size_t i = 1; i <= p.len && !r; i++) {
		if (p.buf[i] != '/' && p.buf[i] != '\0')
			continue;
		p.buf[i] = '\0';
		if (mkdir(p.buf, 0700) && errno != EEXIST)
			r = -1;
		if (i < p.len)
			p.buf[i] = '/';
	}
	strbuf_release(&p);
	return r;
}

bool path_is_own_file(const struct stat *st)
{
	return S_ISREG(st->st_mode) && st->st_uid == geteuid() && !(st->st_mode & 022);
}
