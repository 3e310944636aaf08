/* SPDX-License-Identifier: Apache-2.0 */
#include "trace_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pathutil.h"
#include "banned.h"

static char refusal[PATH_MAX + 160];

const char *trace_dir_refusal(void)
{
	return refusal[0] ? refusal : NULL;
}

/*
 * Why the trace directory at path cannot be trusted, or NULL: it must be a
 * directory owned by the invoking user or root and not writable by others,
 * and when reached through a symbolic link, that link must be the user's
 * or root's too. A path that does not exist yet is fine (the wrapper
 * creates it, as the user).
 */
static const char *untrusted(const char *path)
{
	uid_t me = geteuid();
	struct stat st;

	if (lstat(path, &st)) /* none yet: created as the user (or failing there, said so) */
		return errno == ENOENT || errno == ENOTDIR ? NULL : "cannot be examined";
	if (S_ISLNK(st.st_mode)) {
		if (st.st_uid != me && st.st_uid != 0)
			return "is a symbolic link owned by another user";
		if (stat(path, &st))
			return errno == ENOENT || errno == ENOTDIR ? NULL : "cannot be examined";
	}
	if (!S_ISDIR(st.st_mode))
		return "is not a directory";
	if (st.st_uid != me && st.st_uid != 0)
		return "is owned by another user";
	if (st.st_mode & S_IWOTH)
		return "is writable by every user";
	return NULL;
}

/* Accept path as the trace unless it is untrusted (then note why). */
static int trusted(struct strbuf *dir)
{
	const char *why = untrusted(dir->buf);

	if (!why)
		return 0;
	snprintf(refusal, sizeof(refusal), "%s %s", dir->buf, why);
	strbuf_reset(dir);
	return 1;
}

int trace_dir_find_above(struct strbuf *dir, const char *start)
{
	char cwd[PATH_MAX];
	struct stat st;
	size_t n = strlen(start);

	strbuf_reset(dir);
	refusal[0] = '\0';
	if (start[0] != '/' || n >= sizeof(cwd))
		return 1;
	memcpy(cwd, start, n + 1);
	for (;;) {
		char *slash;

		strbuf_reset(dir);
		if (path_join(dir, cwd, ".souptrace"))
			return 1;
		if (stat(dir->buf, &st) == 0 && S_ISDIR(st.st_mode))
			return trusted(dir); /* the nearest one, trusted or not: no further up */
		slash = strrchr(cwd, '/');
		if (!slash || slash == cwd) {
			if (cwd[0] == '/' && cwd[1]) {
				cwd[1] = '\0'; /* try "/" last */
				continue;
			}
			break;
		}
		*slash = '\0';
	}
	strbuf_reset(dir);
	return 1;
}

int trace_dir_find(struct strbuf *dir)
{
	const char *env = getenv("SOUPTRACE_DIR");
	char cwd[PATH_MAX];

	strbuf_reset(dir);
	refusal[0] = '\0';
	if (env && *env)
		return strbuf_addstr(dir, env) ? 1 : trusted(dir);
	if (!getcwd(cwd, sizeof(cwd)))
		return 1;
	return trace_dir_find_above(dir, cwd);
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);

	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0777) && errno != EEXIST)
		return -1;
	return 0;
}

int trace_dir_prepare(const char *dir)
{
	static const char *const subdirs[] = { "records", "link", "tmp" };
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	/* This runs at every step of a build: the three are made together,
	 * tmp/ last, so one stat of tmp/ answers for all. (Something other than
	 * a directory in its place is left alone: the step then records that
	 * it cannot keep its work files.) */
	if (path_join(&sb, dir, "tmp") == 0 && stat(sb.buf, &st) == 0 && S_ISDIR(st.st_mode)) {
		strbuf_release(&sb);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subdirs) / sizeof(*subdirs) && !ret; i++) {
		strbuf_reset(&sb);
		if (path_join(&sb, dir, subdirs[i])) {
			errno = ENOMEM;
			ret = -1;
		} else if (stat(sb.buf, &st) && mkdir_p(sb.buf)) {
			ret = -1;
		}
	}
	strbuf_release(&sb);
	return ret;
}

int trace_dir_write_record(const char *dir, const char *id, const char *data, size_t len)
{
	struct strbuf tmp = STRBUF_INIT, dst = STRBUF_INIT;
	int fd, ret = -1;

	if (strbuf_addf(&tmp, "%s/records/.%s.tmp", dir, id) ||
	    strbuf_addf(&dst, "%s/records/%s.json", dir, id))
		goto out;
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd >= 0)
		ret = path_commit(fd, tmp.buf, dst.buf, data, len);
out:
	strbuf_release(&tmp);
	strbuf_release(&dst);
	return ret;
}

void trace_dir_mark_incomplete(const char *dir, const char *id, const char *reason)
{
	char line[512];
	int n, fd;
	bool ok = false;

	n = snprintf(line, sizeof(line), "%s %s\n", id, reason);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (dir && *dir) {
		struct strbuf path = STRBUF_INIT;

		if (!path_join(&path, dir, "INCOMPLETE")) {
			fd = open(path.buf, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
				  0666);
			if (fd >= 0) {
				ok = write(fd, line, (size_t)n) == n;
				close(fd);
			}
		}
		strbuf_release(&path);
	}
	if (!ok)
		fprintf(stderr,
			"souptrace: cannot record this step (%s); the trace in %s is incomplete\n",
			reason, dir && *dir ? dir : "(none)");
}
