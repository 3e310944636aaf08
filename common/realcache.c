/* SPDX-License-Identifier: Apache-2.0 */
#include "realcache.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "banned.h"

/* realpath() of path into out: 0, or -1 with errno. */
static int resolve(const char *path, struct strbuf *out)
{
	char *rp = realpath(path, NULL);
	int ret;

	if (!rp)
		return -1;
	ret = strbuf_addstr(out, rp);
	free(rp);
	if (ret)
		errno = ENOMEM;
	return ret ? -1 : 0;
}

/*
 * Keep the answer for key in map: val is resolved's index once pushed, or
 * SIZE_MAX (resolved NULL: does not resolve). The slot, or NULL when memory
 * ran out (nothing kept).
 */
static struct strmap_slot *keep(struct realcache *c, struct strmap *map, const char *key,
				const char *resolved)
{
	size_t val = resolved ? c->real.nr : SIZE_MAX;
	bool is_new;

	if (resolved && strvec_push(&c->real, resolved))
		return NULL;
	if (strvec_push(&c->keys, key))
		return NULL;
	return strmap_put(map, c->keys.v[c->keys.nr - 1], val, &is_new);
}

/* The answer in slot s into out: 0, or -1 with errno. */
static int answer(const struct realcache *c, const struct strmap_slot *s, struct strbuf *out)
{
	if (s->val == SIZE_MAX) {
		errno = ENOENT;
		return -1;
	}
	if (strbuf_addstr(out, c->real.v[s->val])) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* realpath() of path, uncached: its directory's real path from the cache, then one lstat(). */
static int lookup(struct realcache *c, const char *path, struct strbuf *out)
{
	const char *slash = strrchr(path, '/');
	struct strbuf dir = STRBUF_INIT, real = STRBUF_INIT;
	struct strmap_slot *s;
	struct stat st;
	int ret = -1;

	if (!slash || slash == path || !slash[1] || !strcmp(slash + 1, ".") ||
	    !strcmp(slash + 1, ".."))
		return resolve(path, out); /* "/x", "x", "a/", "a/..": as realpath says */
	if (lstat(path, &st))
		return -1;
	if (S_ISLNK(st.st_mode))
		return resolve(path, out);
	if (strbuf_add(&dir, path, (size_t)(slash - path))) {
		errno = ENOMEM;
		return -1;
	}
	if (!(s = strmap_find(&c->dirs, dir.buf))) {
		int r = resolve(dir.buf, &real);

		if (r && errno == ENOMEM)
			goto out; /* not an answer to keep */
		if (!(s = keep(c, &c->dirs, dir.buf, r ? NULL : real.buf))) {
			errno = ENOMEM;
			goto out;
		}
	}
	if (answer(c, s, out) == 0) {
		const char *rd = c->real.v[s->val];

		if ((strcmp(rd, "/") && strbuf_addch(out, '/')) || strbuf_addstr(out, slash + 1))
			errno = ENOMEM;
		else
			ret = 0;
	}
out:
	strbuf_release(&dir);
	strbuf_release(&real);
	return ret;
}

int realcache_get(struct realcache *c, const char *path, struct strbuf *out)
{
	struct strmap_slot *s = strmap_find(&c->paths, path);
	int ret;

	strbuf_reset(out);
	if (s)
		return answer(c, s, out);
	ret = lookup(c, path, out);
	if (ret && errno == ENOMEM)
		return -1;
	if (!keep(c, &c->paths, path, ret ? NULL : out->buf)) {
		errno = ENOMEM;
		return -1;
	}
	if (ret)
		errno = ENOENT;
	return ret;
}

void realcache_release(struct realcache *c)
{
	strmap_release(&c->dirs);
	strmap_release(&c->paths);
	strvec_clear(&c->keys);
	strvec_clear(&c->real);
}
