/* SPDX-License-Identifier: Apache-2.0 */
/* The version probe (version_probe.h): small helpers, the probe's state, the scan. */
#include "version_probe.h"
#include "version_probe_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ascii.h"
#include "pathutil.h"

#include "banned.h"

/* ---- small helpers ---- */

/* Does s[0..n) look like a version (see the header)? */
bool vp_looks_like_version(const char *s, size_t n)
{
	size_t i = 0, dots = 0;

	if (!n || n > MAX_VERSION_LEN || !ascii_is_digit(s[0]))
		return false;
	while (i < n && ascii_is_digit(s[i]))
		i++;
	while (i + 1 < n && s[i] == '.' && ascii_is_digit(s[i + 1])) {
		i++;
		while (i < n && ascii_is_digit(s[i]))
			i++;
		dots++;
	}
	if (!dots)
		return false;
	for (; i < n; i++)
		if (!ascii_is_alnum(s[i]) && !strchr(".+~-", s[i]))
			return false;
	/* a suffix must not end in a separator ("1.2." or "1.2-") */
	return ascii_is_alnum(s[n - 1]);
}

static bool purely_numeric(const char *s)
{
	for (; *s; s++)
		if (!ascii_is_digit(*s) && *s != '.')
			return false;
	return true;
}

/* Length of s without trailing ".0" components. */
static size_t numeric_core(const char *s)
{
	size_t n = strlen(s);

	/* only whole ".0" components go: "1.10" keeps its 0, "1.0.0" is "1" */
	while (n > 2 && s[n - 1] == '0' && s[n - 2] == '.')
		n -= 2;
	return n;
}

static bool versions_agree(const char *a, const char *b)
{
	size_t na, nb;

	if (!strcmp(a, b))
		return true;
	if (!purely_numeric(a) || !purely_numeric(b))
		return false;
	na = numeric_core(a);
	nb = numeric_core(b);
	return na == nb && !memcmp(a, b, na);
}

const char *vprobe_method_name(enum vprobe_method m)
{
	switch (m) {
	case VPROBE_MACRO_STRING:
		return "macro string";
	case VPROBE_MACRO_TRIPLET:
		return "macro triplet";
	case VPROBE_MACRO_HEX:
		return "macro hex";
	case VPROBE_VERSION_FILE:
		return "version file";
	case VPROBE_CMAKE_PROJECT:
		return "cmake project()";
	case VPROBE_PC_IN:
		return "pkg-config .pc.in";
	case VPROBE_AC_INIT:
		return "configure.ac AC_INIT";
	}
	return "unknown";
}

void vprobe_result_init(struct vprobe_result *res)
{
	memset(res, 0, sizeof(*res));
	strvec_init(&res->notes);
}

void vprobe_result_release(struct vprobe_result *res)
{
	size_t i;

	for (i = 0; i < res->nr; i++) {
		free(res->ev[i].version);
		free(res->ev[i].file);
		free(res->ev[i].what);
	}
	free(res->ev);
	free(res->version);
	strvec_clear(&res->notes);
	vprobe_result_init(res);
}

/* ---- the probe's state ---- */

__attribute__((format(printf, 2, 3))) void vp_note(struct probe *pr, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	if (pr->res->notes.nr >= VPROBE_MAX_NOTES) {
		pr->notes_dropped++;
		return;
	}
	va_start(ap, fmt);
	r = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r || strvec_push_nodup(&pr->res->notes, strbuf_detach(&sb, NULL)))
		pr->oom = 1;
}

void vp_add_evidence(struct probe *pr, enum vprobe_method m, const char *version, size_t vn,
		     const char *file, size_t line, const char *what)
{
	struct vprobe_result *r = pr->res;
	struct vprobe_evidence *e;

	strip_v(&version, &vn);
	if (r->nr == r->alloc) {
		size_t n = r->alloc ? r->alloc * 2 : 8;
		struct vprobe_evidence *ne = realloc(r->ev, n * sizeof(*ne));

		if (!ne) {
			pr->oom = 1;
			return;
		}
		r->ev = ne;
		r->alloc = n;
	}
	e = &r->ev[r->nr];
	e->method = m;
	e->version = strndup(version, vn);
	e->file = strdup(file);
	e->line = line;
	e->what = strdup(what);
	if (!e->version || !e->file || !e->what) {
		free(e->version);
		free(e->file);
		free(e->what);
		pr->oom = 1;
		return;
	}
	r->nr++;
}

/*
 * Read a regular file of at most VPROBE_MAX_FILE_SIZE bytes: 0, 1 (not a
 * regular file, too large, unreadable: noted), -1 out of memory.
 */
static int read_small(struct probe *pr, const char *path, const char *rel, struct strbuf *out)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	ssize_t n;

	strbuf_reset(out);
	if (fd < 0) {
		vp_note(pr, "%s: %s: skipped", rel, strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	if ((uint64_t)st.st_size >= VPROBE_MAX_FILE_SIZE) {
		close(fd);
		vp_note(pr, "%s: larger than %zu bytes: skipped", rel,
			(size_t)VPROBE_MAX_FILE_SIZE);
		return 1;
	}
	if (strbuf_grow(out, (size_t)st.st_size + 1)) {
		close(fd);
		return -1;
	}
	for (;;) {
		size_t room = out->alloc - out->len - 1;

		if (out->len >= VPROBE_MAX_FILE_SIZE) {
			close(fd);
			vp_note(pr, "%s: grew past %zu bytes: skipped", rel,
				(size_t)VPROBE_MAX_FILE_SIZE);
			return 1;
		}
		if (!room) {
			if (strbuf_grow(out, 4096)) {
				close(fd);
				return -1;
			}
			continue;
		}
		n = read(fd, out->buf + out->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vp_note(pr, "%s: %s: skipped", rel, strerror(errno));
			close(fd);
			return 1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
	}
	close(fd);
	if (memchr(out->buf, '\0', out->len)) {
		vp_note(pr, "%s: NUL byte: not a text file, skipped", rel);
		return 1;
	}
	return 0;
}

/* ---- the scan ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static bool is_header_name(const char *name)
{
	return ends_with(name, ".h") || ends_with(name, ".hh") || ends_with(name, ".hpp") ||
	       ends_with(name, ".hxx") || ends_with(name, ".h.in");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The sorted entry names of dir (without "." and ".."), counting them
 * against the file bound: 0, 1 (not a readable directory), -1 memory.
 */
static int list_dir(struct probe *pr, const char *dir, const char *rel, struct strvec *out)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	size_t room = VPROBE_MAX_FILES - pr->files_seen;
	bool cut = false;

	strvec_clear(out);
	if (!d)
		return 1;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (out->nr >= VPROBE_LIST_CEILING) {
			cut = true;
			break;
		}
		if (strvec_push(out, de->d_name)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_str);
	/* the bound is applied after sorting, so it cuts the same names every time */
	if (out->nr > room) {
		while (out->nr > room) {
			out->nr--;
			free((char *)out->v[out->nr]);
			out->v[out->nr] = NULL;
		}
		cut = true;
	}
	pr->files_seen += out->nr;
	if (cut && !pr->limit_noted) {
		vp_note(pr, "%s: more than %d files: the scan stopped", rel[0] ? rel : ".",
			VPROBE_MAX_FILES);
		pr->limit_noted = true;
	}
	return 0;
}

enum scope { TOP, INCLUDE };

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Probe the files of one directory (rel: its path relative to the folder, "" at the top). */
static int probe_dir(struct probe *pr, const char *dir, const char *rel, enum scope scope,
		     int depth)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf path = STRBUF_INIT, relp = STRBUF_INIT, data = STRBUF_INIT;
	size_t i;
	int ret = -1, r;

	r = list_dir(pr, dir, rel, &names);
	if (r) {
		ret = r > 0 ? 0 : -1;
		goto cleanup;
	}
	for (i = 0; i < names.nr && !pr->oom; i++) {
		const char *name = names.v[i];
		bool header = is_header_name(name);
		bool verfile =
			scope == TOP && (!strcmp(name, "VERSION") || !strcmp(name, "VERSION.txt") ||
					 !strcmp(name, "version.txt"));
		bool cmake = scope == TOP && !strcmp(name, "CMakeLists.txt");
		bool pcin = scope == TOP && ends_with(name, ".pc.in");
		bool acinit = scope == TOP &&
			      (!strcmp(name, "configure.ac") || !strcmp(name, "configure.in"));

		strbuf_reset(&path);
		strbuf_reset(&relp);
		if (path_join(&path, dir, name) ||
		    (rel[0] ? path_join(&relp, rel, name) : strbuf_addstr(&relp, name)))
			goto nomem;
		if (!header && !verfile && !cmake && !pcin && !acinit) {
			/* include/ and the directories directly inside it */
			if (((scope == TOP && !strcmp(name, "include")) ||
			     (scope == INCLUDE && depth == 1)) &&
			    is_dir(path.buf)) {
				if (probe_dir(pr, path.buf, relp.buf, INCLUDE, depth + 1))
					goto cleanup;
			}
			continue;
		}
		r = read_small(pr, path.buf, relp.buf, &data);
		if (r < 0)
			goto nomem;
		if (r > 0)
			continue;
		if (header)
			vp_probe_header(pr, data.buf, data.len, relp.buf);
		else if (verfile)
			vp_probe_version_file(pr, data.buf, data.len, relp.buf);
		else if (cmake)
			vp_probe_cmake(pr, data.buf, data.len, relp.buf);
		else if (pcin)
			vp_probe_pc_in(pr, data.buf, data.len, relp.buf);
		else
			vp_probe_ac_init(pr, data.buf, data.len, relp.buf);
	}
	ret = pr->oom ? -1 : 0;
	goto cleanup;
nomem:
	pr->oom = 1;
cleanup:
	strvec_clear(&names);
	strbuf_release(&path);
	strbuf_release(&relp);
	strbuf_release(&data);
	return ret;
}

static int ev_cmp(const struct vprobe_evidence *x, const struct vprobe_evidence *y)
{
	return (int)x->method - (int)y->method;
}

int version_probe(const char *dir, struct vprobe_result *out, struct strbuf *err)
{
	struct probe pr;
	struct stat st;
	size_t i;
	int ret = -1;

	vprobe_result_release(out);
	memset(&pr, 0, sizeof(pr));
	pr.res = out;
	if (!dir || stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		if (err)
			strbuf_addf(err, "%s: %s", dir ? dir : "(null)",
				    dir && !stat(dir, &st) ? "not a directory" : strerror(errno));
		return -1;
	}
	if (access(dir, R_OK | X_OK)) {
		if (err)
			strbuf_addf(err, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (probe_dir(&pr, dir, "", TOP, 0) || pr.oom)
		goto nomem;
	if (pr.notes_dropped) {
		struct strbuf sb = STRBUF_INIT;

		if (strbuf_addf(&sb, "... and %zu more notes", pr.notes_dropped) ||
		    strvec_push_nodup(&out->notes, strbuf_detach(&sb, NULL)))
			goto nomem;
	}
	/* stable sort by trust: insertion sort keeps scan order among equals */
	for (i = 1; i < out->nr; i++) {
		struct vprobe_evidence t = out->ev[i];
		size_t j = i;

		while (j > 0 && ev_cmp(&out->ev[j - 1], &t) > 0) {
			out->ev[j] = out->ev[j - 1];
			j--;
		}
		out->ev[j] = t;
	}
	if (!out->nr)
		return 1;
	for (i = 1; i < out->nr; i++) {
		if (!versions_agree(out->ev[0].version, out->ev[i].version)) {
			out->conflict = true;
			return 1;
		}
	}
	out->version = strdup(out->ev[0].version);
	if (!out->version)
		goto nomem;
	return 0;
nomem:
	if (err)
		strbuf_addf(err, "%s: out of memory", dir);
	vprobe_result_release(out);
	return ret;
}
