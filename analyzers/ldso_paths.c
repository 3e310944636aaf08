/* SPDX-License-Identifier: Apache-2.0 */
/* Paths inside the sysroot (symlinks resolved chroot-like), dynamic string tokens ($ORIGIN...). */
#include "ldso_internal.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

/* ---- paths inside the sysroot ---- */

/* Append the host path of target path tpath. */
int ldso_host_of(const struct ctx *c, const char *tpath, struct strbuf *out)
{
	if (strbuf_add(out, c->sysroot, c->sysroot_len))
		return -1;
	return strbuf_addstr(out, tpath);
}

/* The target's view of a host path; *outside when it is not in the sysroot. */
const char *ldso_target_of(const struct ctx *c, const char *host, bool *outside)
{
	*outside = false;
	if (!c->sysroot_len)
		return host;
	if (!strncmp(host, c->sysroot, c->sysroot_len) &&
	    (host[c->sysroot_len] == '/' || host[c->sysroot_len] == '\0'))
		return host[c->sysroot_len] ? host + c->sysroot_len : "/";
	*outside = true;
	return host;
}

/*
 * Resolve every symlink of the absolute target path tpath, chroot-like in
 * the sysroot ("/" and ".." stay inside). 0 with the real target path in
 * res, 1 when a component does not exist (or is no directory), -1 with
 * errno (ELOOP, ENAMETOOLONG, ENOMEM, EACCES, ...).
 */
int ldso_resolve_in_root(const struct ctx *c, const char *tpath, struct strbuf *res)
{
	struct strbuf todo = STRBUF_INIT, host = STRBUF_INIT, link = STRBUF_INIT;
	size_t pos = 0;
	int links = 0, ret = -1;

	strbuf_reset(res);
	if (strbuf_addstr(&todo, tpath))
		goto nomem;
	while (pos < todo.len) {
		size_t start, n, kept = res->len;
		struct stat st;

		while (pos < todo.len && todo.buf[pos] == '/')
			pos++;
		if (pos == todo.len)
			break;
		start = pos;
		while (pos < todo.len && todo.buf[pos] != '/')
			pos++;
		n = pos - start;
		if (n == 1 && todo.buf[start] == '.')
			continue;
		if (n == 2 && todo.buf[start] == '.' && todo.buf[start + 1] == '.') {
			char *slash = strrchr(res->buf, '/');

			if (slash) {
				res->len = (size_t)(slash - res->buf);
				res->buf[res->len] = '\0';
			}
			continue;
		}
		if (strbuf_addch(res, '/') || strbuf_add(res, todo.buf + start, n))
			goto nomem;
		strbuf_reset(&host);
		if (ldso_host_of(c, res->buf, &host))
			goto nomem;
		if (lstat(host.buf, &st)) {
			if (errno == ENOENT || errno == ENOTDIR)
				ret = 1;
			goto cleanup;
		}
		if (S_ISLNK(st.st_mode)) {
			struct strbuf next = STRBUF_INIT;
			ssize_t len;

			if (++links > MAX_SYMLINKS) {
				errno = ELOOP;
				goto cleanup;
			}
			strbuf_reset(&link);
			if (strbuf_grow(&link, PATH_MAX))
				goto nomem;
			len = readlink(host.buf, link.buf, link.alloc - 1);
			if (len < 0)
				goto cleanup;
			if ((size_t)len >= link.alloc - 1) {
				errno = ENAMETOOLONG;
				goto cleanup;
			}
			link.len = (size_t)len;
			link.buf[len] = '\0';
			if (strbuf_add(&next, link.buf, link.len) ||
			    strbuf_add(&next, todo.buf + pos, todo.len - pos)) {
				strbuf_release(&next);
				goto nomem;
			}
			if (next.len > MAX_PATH_TEXT) {
				strbuf_release(&next);
				errno = ENAMETOOLONG;
				goto cleanup;
			}
			strbuf_release(&todo);
			todo = next;
			pos = 0;
			res->len = link.buf[0] == '/' ? 0 : kept;
			res->buf[res->len] = '\0';
			continue;
		}
		if (pos < todo.len && !S_ISDIR(st.st_mode)) {
			ret = 1;
			goto cleanup;
		}
	}
	if (!res->len && strbuf_addch(res, '/'))
		goto nomem;
	ret = 0;
	goto cleanup;
nomem:
	errno = ENOMEM;
cleanup:
	strbuf_release(&todo);
	strbuf_release(&host);
	strbuf_release(&link);
	return ret;
}

/* The real host path of host path h: 0, 1 (does not exist), -1 (errno). */
int ldso_real_host(const struct ctx *c, const char *h, struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT;
	bool outside;
	const char *tp = ldso_target_of(c, h, &outside);
	int r;

	strbuf_reset(out);
	if (outside) {
		char *rp = realpath(h, NULL);

		if (!rp)
			return errno == ENOENT || errno == ENOTDIR ? 1 : -1;
		r = strbuf_addstr(out, rp);
		free(rp);
		if (r)
			errno = ENOMEM;
		return r;
	}
	r = ldso_resolve_in_root(c, tp, &t);
	if (r == 0 && ldso_host_of(c, t.buf, out)) {
		errno = ENOMEM;
		r = -1;
	}
	strbuf_release(&t);
	return r;
}

/* ---- dynamic string tokens ---- */

/* Length of $NAME or ${NAME} at s (just after the '$') when it is ref. */
static size_t is_dst(const char *s, const char *ref)
{
	size_t n = strlen(ref);
	bool curly = s[0] == '{';
	char next;

	if (curly)
		s++;
	if (strncmp(s, ref, n))
		return 0;
	next = s[n];
	if (curly)
		return next == '}' ? n + 2 : 0;
	if ((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z') ||
	    (next >= '0' && next <= '9') || next == '_')
		return 0;
	return n;
}

/*
 * Expand the tokens of s for an object with the given $ORIGIN. 0, 1 when a
 * token has no value (the element is dropped), -1 out of memory.
 */
int ldso_expand_dst(const struct ctx *c, const char *origin, const char *s, struct strbuf *out)
{
	strbuf_reset(out);
	while (*s) {
		const char *val = NULL;
		size_t n;

		if (*s != '$') {
			if (strbuf_addch(out, *s++))
				return -1;
			continue;
		}
		if ((n = is_dst(s + 1, "ORIGIN")) != 0)
			val = origin;
		else if ((n = is_dst(s + 1, "PLATFORM")) != 0)
			val = c->platform;
		else if ((n = is_dst(s + 1, "LIB")) != 0)
			val = c->lib;
		if (!n) {
			if (strbuf_addch(out, *s++))
				return -1;
			continue;
		}
		if (!val)
			return 1;
		if (strbuf_addstr(out, val))
			return -1;
		s += 1 + n;
	}
	return out->len > MAX_PATH_TEXT ? 1 : 0;
}

bool ldso_starts_with_origin(const char *s)
{
	return s[0] == '$' && is_dst(s + 1, "ORIGIN") != 0;
}

/*
 * Expand one path-list element of object o into a host directory. 0 with
 * out set, 1 when the element is dropped (a warning says why), -1 nomem.
 */
static int element_host(struct ctx *c, const struct obj *o, const char *what, const char *elem,
			struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT;
	const char *who = o->node == LDSO_ROOT ? c->tree->root_path : c->tree->nodes[o->node].path;
	int r = ldso_expand_dst(c, o->origin, elem, &t);

	strbuf_reset(out);
	if (r < 0)
		goto done;
	if (r > 0) {
		r = ldso_warn(c, "%s: %s element '%s': a token without a value: skipped", who, what,
			      elem);
		r = r ? r : 1;
		goto done;
	}
	if (t.buf[0] != '/') {
		r = ldso_warn(
			c,
			"%s: %s element '%s' is %s: depends on the working directory at run time: "
			"skipped",
			who, what, elem, t.len ? "relative" : "empty");
		r = r ? r : 1;
		goto done;
	}
	if (o->outside && ldso_starts_with_origin(elem))
		r = strbuf_addstr(out, t.buf);
	else
		r = ldso_host_of(c, t.buf, out);
done:
	strbuf_release(&t);
	return r;
}

int ldso_expand_list(struct ctx *c, const struct obj *o, const char *what,
		     const struct strvec *elems, struct strvec *hosts)
{
	struct strbuf h = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < elems->nr && ret >= 0; i++) {
		ret = element_host(c, o, what, elems->v[i], &h);
		if (ret == 0 && strvec_push(hosts, h.buf))
			ret = -1;
	}
	strbuf_release(&h);
	if (ret < 0)
		return ldso_nomem(c);
	return 0;
}

int ldso_obj_dirs(struct ctx *c, struct obj *o)
{
	if (o->dirs_done)
		return 0;
	o->dirs_done = true;
	/* The loader ignores DT_RPATH when DT_RUNPATH is present. */
	if (!o->info.runpath &&
	    ldso_expand_list(c, o, "DT_RPATH", &o->info.rpath_dirs, &o->rpath_hosts))
		return -1;
	return ldso_expand_list(c, o, "DT_RUNPATH", &o->info.runpath_dirs, &o->runpath_hosts);
}
