/* SPDX-License-Identifier: Apache-2.0 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

/* The mode a new file gets: 0666 less the umask (read without a race-free call: restore it at
 * once). */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

int outfile_open(struct outfile *o, const char *path, struct strbuf *err)
{
	struct strbuf tmp = STRBUF_INIT;
	char real[PATH_MAX];
	const char *dest = path, *slash;
	struct stat st;
	mode_t mode;
	int fd;

	errno = 0;
	o->f = NULL;
	o->path = o->tmp = NULL;
	if (!path) {
		o->f = stdout;
		return 0;
	}
	if (stat(path, &st) == 0) {
		struct stat lst;

		if (S_ISDIR(st.st_mode)) {
			strbuf_addf(err, "%s: is a directory", path);
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			/* /dev/null, /dev/stdout, a FIFO: written as they are */
			if (!(o->path = strdup(path)) || !(o->f = fopen(path, "we"))) {
				strbuf_addf(err, "%s: %s", path, strerror(errno));
				free(o->path);
				o->path = NULL;
				return -1;
			}
			return 0;
		}
		mode = st.st_mode & 07777;
		/* a link is followed: the file it names is what gets replaced */
		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && realpath(path, real))
			dest = real;
	} else {
		mode = new_file_mode();
	}
	slash = strrchr(dest, '/');
	if ((slash && strbuf_add(&tmp, dest, (size_t)(slash - dest) + 1)) ||
	    strbuf_addf(&tmp, ".%s.XXXXXX", slash ? slash + 1 : dest)) {
		strbuf_addf(err, "%s: out of memory", path);
		strbuf_release(&tmp);
		return -1;
	}
	fd = mkostemp(tmp.buf, O_CLOEXEC);
	if (fd < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		strbuf_release(&tmp);
		return -1;
	}
	if (fchmod(fd, mode) || !(o->f = fdopen(fd, "w")) || !(o->path = strdup(dest))) {
		int e = errno;

		if (o->f)
			fclose(o->f);
		else
			close(fd);
		unlink(tmp.buf);
		strbuf_addf(err, "%s: %s", path, strerror(e));
		strbuf_release(&tmp);
		o->f = NULL;
		return -1;
	}
	o->tmp = strbuf_detach(&tmp, NULL);
	return 0;
}

static void outfile_release(struct outfile *o)
{
	free(o->path);
	free(o->tmp);
	o->f = NULL;
	o->path = o->tmp = NULL;
}

int outfile_commit(struct outfile *o, struct strbuf *err)
{
	int e = 0;

	if (!o->f)
		return 0;
	if (!o->path) { /* standard output */
		if (fflush(o->f) || ferror(o->f)) {
			strbuf_addf(err, "standard output: %s", strerror(errno ? errno : EIO));
			o->f = NULL;
			return -1;
		}
		o->f = NULL;
		return 0;
	}
	if (!o->tmp) { /* not a regular file: written in place */
		if ((ferror(o->f) | fclose(o->f)) != 0)
			e = errno ? errno : EIO;
		o->f = NULL;
		if (e)
			strbuf_addf(err, "%s: %s", o->path, strerror(e));
		outfile_release(o);
		return e ? -1 : 0;
	}
	if (fflush(o->f) || ferror(o->f) || fsync(fileno(o->f)))
		e = errno ? errno : EIO;
	if (fclose(o->f) && !e)
		e = errno ? errno : EIO;
	o->f = NULL;
	if (!e && rename(o->tmp, o->path))
		e = errno;
	if (e) {
		unlink(o->tmp);
		strbuf_addf(err, "%s: %s", o->path, strerror(e));
		outfile_release(o);
		return -1;
	}
	outfile_release(o);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	outfile_release(o);
}

int outfile_write(const char *path, const char *data, size_t len, struct strbuf *err)
{
	struct outfile o;

	if (outfile_open(&o, path, err))
		return -1;
	if (fwrite(data, 1, len, o.f) != len) {
		strbuf_addf(err, "%s: %s", path ? path : "standard output",
			    strerror(errno ? errno : EIO));
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o, err);
}
