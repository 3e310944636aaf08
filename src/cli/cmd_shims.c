/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace shims [--force] DIR
 *
 * Fills DIR with symbolic links named as the tools a build calls by name
 * (cc, gcc, ar, ...), each pointing at the installed wrapper, and prints
 * the PATH line that puts them first: the way to record a Makefile that
 * hard-codes `gcc` and `ar` instead of using $(CC) and $(AR), as ccache's
 * /usr/lib/ccache does. The wrappers, called through such a link, run the
 * next program of that name in PATH that is not themselves.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "pathutil.h"
#include "strbuf.h"
#include "banned.h"

/* Each name a build calls a tool by, and the wrapper that stands in for it. */
static const struct shim {
	const char *name, *wrapper;
} shims[] = {
	{ "cc", "souptrace-cc" },   { "gcc", "souptrace-cc" },	  { "clang", "souptrace-cc" },
	{ "c++", "souptrace-c++" }, { "g++", "souptrace-c++" },	  { "clang++", "souptrace-c++" },
	{ "ar", "souptrace-ar" },   { "gcc-ar", "souptrace-ar" }, { "ld", "souptrace-ld" },
};

/*
 * Target-prefixed names (arm-none-eabi-gcc, x86_64-linux-gnu-ar): the
 * suffix after a triplet, longest first, and its wrapper.
 */
static const struct shim prefixed[] = {
	{ "-clang++", "souptrace-c++" }, { "-gcc-ar", "souptrace-ar" },
	{ "-clang", "souptrace-cc" },	 { "-gcc", "souptrace-cc" },
	{ "-g++", "souptrace-c++" },	 { "-ar", "souptrace-ar" },
};

/*
 * The wrapper for NAME when it is a target triplet (a prefix with a dash of
 * its own: "arm-none-eabi", not the "llvm" of llvm-ar) followed by a
 * compiler or archiver suffix, else NULL.
 */
static const char *prefixed_wrapper(const char *name)
{
	size_t len = strlen(name);

	if (!strncmp(name, "souptrace", 9))
		return NULL;
	for (size_t i = 0; i < sizeof(prefixed) / sizeof(*prefixed); i++) {
		size_t t = strlen(prefixed[i].name);
		const char *dash;

		if (len <= t || strcmp(name + len - t, prefixed[i].name))
			continue;
		dash = memchr(name, '-', len - t);
		return dash && dash + 1 < name + len - t ? prefixed[i].wrapper : NULL;
	}
	return NULL;
}

/*
 * Add to names each target-prefixed compiler or archiver found in PATH's
 * absolute entries (not DIR or the wrappers' folder: those are links to
 * us), with its wrapper: a cross build calls arm-none-eabi-gcc by name too.
 */
static void find_prefixed(const char *dir, const char *wrappers, struct strvec *names)
{
	const char *path = getenv("PATH"), *end;
	struct strbuf entry = STRBUF_INIT, file = STRBUF_INIT;
	char real[PATH_MAX];

	for (; path && *path; path = *end ? end + 1 : end) {
		DIR *d;
		struct dirent *de;

		end = strchrnul(path, ':');
		if (*path != '/')
			continue;
		strbuf_reset(&entry);
		if (strbuf_add(&entry, path, end - path) < 0 || !realpath(entry.buf, real) ||
		    !strcmp(real, dir) || !strcmp(real, wrappers) || !(d = opendir(real)))
			continue;
		while ((de = readdir(d))) {
			const char *w = prefixed_wrapper(de->d_name);

			strbuf_reset(&file);
			if (!w || strvec_find(names, de->d_name) >= 0 ||
			    path_join(&file, real, de->d_name) < 0 || !path_is_executable(file.buf))
				continue;
			strvec_push(names, de->d_name);
			strvec_push(names, w);
		}
		closedir(d);
	}
	strbuf_release(&entry);
	strbuf_release(&file);
}

/*
 * The folder of the wrappers: beside this program once installed (both in
 * bin/), else ../wrapper as in the build tree (build/src/souptrace,
 * build/wrapper/souptrace-cc). 0, or -1 (printed).
 */
static int find_wrappers(struct strbuf *dir)
{
	static const char *const rel[] = { ".", "../wrapper" };
	char self[PATH_MAX], real[PATH_MAX];
	struct strbuf try = STRBUF_INIT;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0) {
		cli_error("shims: cannot find this program (/proc/self/exe): %s", strerror(errno));
		return -1;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(*rel); i++) {
		strbuf_reset(&try);
		if (strbuf_addf(&try, "%s/%s/souptrace-cc", self, rel[i]) < 0)
			break;
		if (!path_is_executable(try.buf) || !realpath(try.buf, real))
			continue;
		/* real is .../souptrace-cc itself: its folder holds the aliases too */
		*strrchr(real, '/') = '\0';
		strbuf_reset(dir);
		strbuf_addstr(dir, real);
		strbuf_release(&try);
		return 0;
	}
	strbuf_release(&try);
	cli_error("shims: no souptrace-cc beside %s (nor in %s/../wrapper)", self, self);
	return -1;
}

/*
 * One link DIR/NAME -> TARGET. An entry that already is that link is kept;
 * any other entry is replaced only with force, as a user's own `gcc` script
 * there may be on purpose. 0, or -1 (printed).
 */
static int make_link(const char *dir, const char *name, const char *target, bool force)
{
	struct strbuf path = STRBUF_INIT;
	char have[PATH_MAX];
	struct stat st;
	ssize_t n;
	int ret = -1;

	if (path_join(&path, dir, name) < 0)
		goto out;
	if (!lstat(path.buf, &st)) {
		if (S_ISLNK(st.st_mode) && (n = readlink(path.buf, have, sizeof(have) - 1)) > 0 &&
		    (have[n] = '\0', !strcmp(have, target))) {
			ret = 0;
			goto out;
		}
		if (!force) {
			cli_error("shims: %s exists and is not a link to %s (--force replaces it)",
				  path.buf, target);
			goto out;
		}
		if (S_ISDIR(st.st_mode) || unlink(path.buf)) {
			cli_error("shims: cannot replace %s: %s", path.buf,
				  S_ISDIR(st.st_mode) ? "a directory" : strerror(errno));
			goto out;
		}
	}
	if (symlink(target, path.buf)) {
		cli_error("shims: cannot create %s: %s", path.buf, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&path);
	return ret;
}

/* The PATH line, DIR quoted for the shell when it needs to be. */
static void print_export(const char *dir)
{
	const char *p;

	if (!dir[strcspn(dir, " \t\n'\"\\$`!*?[]#~;&|<>(){}")]) {
		printf("export PATH=%s:\"$PATH\"\n", dir);
		return;
	}
	fputs("export PATH='", stdout);
	for (p = dir; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*p);
	}
	fputs("':\"$PATH\"\n", stdout);
}

int cmd_shims(int argc, char **argv)
{
	struct strvec operands = STRVEC_INIT, found = STRVEC_INIT;
	struct strbuf wrappers = STRBUF_INIT, target = STRBUF_INIT;
	bool force = false;
	char dir[PATH_MAX];
	struct stat st;
	int ret = EXIT_USAGE, failed = 0;

	{
		static const struct command_spec command = {
			"shims", "make a folder of gcc, cc, ar, ... links to the wrappers", "DIR",
			1, 1
		};
		const struct option opts[] = {
			{ "--force", NULL, OPT_FLAG, &force, NULL,
			  "replace entries of DIR that are not the right links", false, NULL },
			OPT_END,
		};

		if (!cli_parse(&command, opts, argc, argv, &operands, &ret))
			goto out;
	}
	if (find_wrappers(&wrappers))
		goto out;
	if (mkdir(operands.v[0], 0755) && errno != EEXIST) {
		cli_error("shims: cannot create %s: %s", operands.v[0], strerror(errno));
		goto out;
	}
	/* the PATH entry must work from any folder the build changes into */
	if (!realpath(operands.v[0], dir) || stat(dir, &st)) {
		cli_error("shims: %s: %s", operands.v[0], strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		cli_error("shims: %s exists and is not a directory", operands.v[0]);
		goto out;
	}
	for (size_t i = 0; i < sizeof(shims) / sizeof(*shims); i++) {
		strbuf_reset(&target);
		if (path_join(&target, wrappers.buf, shims[i].wrapper) < 0 ||
		    make_link(dir, shims[i].name, target.buf, force))
			failed++;
	}
	/* names then wrappers, in pairs: the first PATH entry with a name wins */
	find_prefixed(dir, wrappers.buf, &found);
	for (size_t i = 0; i + 1 < found.nr; i += 2) {
		strbuf_reset(&target);
		if (path_join(&target, wrappers.buf, found.v[i + 1]) < 0 ||
		    make_link(dir, found.v[i], target.buf, force))
			failed++;
	}
	if (failed)
		goto out;
	print_export(dir);
	ret = EXIT_OK;
out:
	strvec_clear(&operands);
	strvec_clear(&found);
	strbuf_release(&wrappers);
	strbuf_release(&target);
	return ret;
}
