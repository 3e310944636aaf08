/* SPDX-License-Identifier: Apache-2.0 */
#include "pathglob.h"

#include <fnmatch.h>
#include <string.h>

#include "banned.h"

/* Length of the segment at s (up to '/' or the end). */
static size_t seg_len(const char *s)
{
	const char *slash = strchr(s, '/');

	return slash ? (size_t)(slash - s) : strlen(s);
}

static bool seg_match(const char *pat, size_t plen, const char *str, size_t slen)
{
	char p[4096], s[4096];

	if (plen >= sizeof(p) || slen >= sizeof(s))
		return false;
	memcpy(p, pat, plen);
	p[plen] = '\0';
	memcpy(s, str, slen);
	s[slen] = '\0';
	return fnmatch(p, s, 0) == 0;
}

static bool match_from(const char *pat, const char *path, int depth)
{
	if (depth > 64)
		return false; /* "**" nested absurdly deep: refuse rather than recurse forever */
	for (;;) {
		size_t pl, sl;

		if (!*pat)
			return !*path;
		pl = seg_len(pat);
		if (pl == 2 && pat[0] == '*' && pat[1] == '*') {
			const char *rest = pat[2] == '/' ? pat + 3 : pat + 2;

			/* "**" twice in a row means the same as once */
			while (rest[0] == '*' && rest[1] == '*' && (rest[2] == '/' || !rest[2]))
				rest += rest[2] ? 3 : 2;

			if (!*rest)
				return true; /* trailing "**": everything below */
			/* try the rest of the pattern at every segment boundary */
			for (const char *p = path;;) {
				if (match_from(rest, p, depth + 1))
					return true;
				p = strchr(p, '/');
				if (!p)
					return false;
				p++;
			}
		}
		if (!*path)
			return false;
		sl = seg_len(path);
		if (!seg_match(pat, pl, path, sl))
			return false;
		pat += pl;
		path += sl;
		if (*pat == '/' && pat[1] == '\0')
			return true; /* "dir/" matches everything below dir */
		if (*pat == '/')
			pat++;
		if (*path == '/')
			path++;
		else if (*pat)
			return *pat == '*' && pat[1] == '*' && !pat[2]; // "dir/**" matches "dir"
	}
}

bool pathglob_match(const char *pattern, const char *path)
{
	return match_from(pattern, path, 0);
}
