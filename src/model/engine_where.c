/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where a request reads from: the trace directory and the project root,
 * found from the artifacts and from what the trace recorded about them, so
 * that the same command gives the same result from any directory. Each
 * comes with the reason, for the summary: an auditor checks both.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "attribute.h"
#include "closure.h"
#include "engine.h"
#include "pathutil.h"
#include "trace.h"
#include "trace_dir.h"
#include "banned.h"

/*
 * path with its folder resolved (symbolic links, "..") and its last name
 * kept as it is, as a malloc'd string; the folder alone in dir (PATH_MAX).
 * NULL when the folder cannot be resolved.
 */
static char *real_path_in(const char *path, char *dir)
{
	const char *slash = strrchr(path, '/');
	char folder[PATH_MAX];
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	if (!slash) {
		if (!realpath(".", dir))
			return NULL;
		slash = path - 1;
	} else {
		n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= sizeof(folder))
			return NULL;
		memcpy(folder, path, n);
		folder[n] = '\0';
		if (!realpath(folder, dir))
			return NULL;
	}
	strbuf_addf(&sb, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", slash + 1);
	return strbuf_detach(&sb, NULL);
}

/* The nearest folder at or above dir (absolute) holding .git, malloc'd, or NULL. */
static char *git_top_above(const char *dir)
{
	char probe[PATH_MAX + 8];
	size_t n = strlen(dir);

	while (n > 0) {
		snprintf(probe, sizeof(probe), "%.*s/.git", (int)n, dir);
		if (access(probe, F_OK) == 0)
			return xstrndup(dir, n);
		while (n > 0 && dir[n - 1] != '/')
			n--;
		if (n > 0)
			n--;
	}
	return NULL;
}

static void set_why(char **why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_why(char **why, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(*why);
	*why = strbuf_detach(&sb, NULL);
}

int engine_find_trace(struct check *c, const char *trace_arg, const struct strvec *artifacts,
		      struct strbuf *tdir)
{
	const char *env = getenv("SOUPTRACE_DIR");
	struct strbuf found = STRBUF_INIT;
	char dir[PATH_MAX], cwd[PATH_MAX];
	char *from = NULL;
	int ret = -1;

	strbuf_reset(tdir);
	if (trace_arg) {
		strbuf_addstr(tdir, trace_arg);
		set_why(&c->trace_why, "given by --trace");
		return 0;
	}
	if (env && *env) {
		if (trace_dir_find(tdir))
			goto refused;
		set_why(&c->trace_why, "given by $SOUPTRACE_DIR");
		return 0;
	}
	/* Above each artifact: the build wrote it next to its trace. */
	for (size_t i = 0; i < artifacts->nr; i++) {
		char *real = real_path_in(artifacts->v[i], dir);

		if (!real)
			continue;
		if (trace_dir_find_above(&found, dir)) {
			free(real);
			if (trace_dir_refusal())
				goto refused;
			continue;
		}
		if (!tdir->len) {
			strbuf_addstr(tdir, found.buf);
			from = real;
		} else if (strcmp(tdir->buf, found.buf)) {
			engine_error(c,
				     "%s lies under the trace %s and %s under the trace %s: one "
				     "run reads one trace; pass --trace DIR",
				     from, tdir->buf, real, found.buf);
			free(real);
			goto out;
		} else {
			free(real);
		}
	}
	if (tdir->len) {
		set_why(&c->trace_why, "the nearest .souptrace above the artifact %s", from);
		ret = 0;
		goto out;
	}
	/* None above the artifacts: above the current directory, as the wrappers look. */
	if (getcwd(cwd, sizeof(cwd)) && !trace_dir_find_above(tdir, cwd)) {
		set_why(&c->trace_why,
			"the nearest .souptrace above the current directory %s (there is none "
			"above the artifacts)",
			cwd);
		ret = 0;
		goto out;
	}
refused:
	if (trace_dir_refusal())
		engine_error(c,
			     "not using the trace directory %s: make it yours and not "
			     "writable by others, or pass --trace DIR",
			     trace_dir_refusal());
	else
		engine_error(c, "no trace directory above the artifacts or the current directory: "
				"set SOUPTRACE_DIR, create .souptrace/ or pass --trace DIR");
out:
	free(from);
	strbuf_release(&found);
	return ret;
}

/*
 * Narrow *common (a malloc'd folder, or NULL before the first path) to
 * the deepest folder holding it and path (a folder when is_dir, else a
 * file: its folder counts). Paths are absolute.
 */
static void common_add(char **common, const char *path, bool is_dir)
{
	const char *slash = strrchr(path, '/');
	size_t n = is_dir ? strlen(path) : slash ? (size_t)(slash - path) : 0, la, i = 0;
	char *a = *common;

	if (!a) {
		*common = xstrndup(path, n ? n : 1);
		return;
	}
	la = strlen(a);
	while (i < la && i < n && a[i] == path[i])
		i++;
	if (!((i == la || a[i] == '/') && (i == n || path[i] == '/'))) {
		while (i > 0 && a[i - 1] != '/')
			i--;
		if (i > 0)
			i--;
	}
	if (i == 0)
		i = 1; /* "/" */
	a[i] = '\0';
}

/*
 * The source folder a CMake build tree was configured for
 * (CMAKE_HOME_DIRECTORY in its CMakeCache.txt), resolved, or NULL.
 */
static char *cmake_source_of(const char *build)
{
	static const char key[] = "CMAKE_HOME_DIRECTORY:INTERNAL=";
	struct strbuf path = STRBUF_INIT;
	char line[PATH_MAX + sizeof(key) + 2], real[PATH_MAX];
	char *found = NULL;
	FILE *f;

	strbuf_addf(&path, "%s/CMakeCache.txt", build);
	f = fopen(path.buf, "r");
	strbuf_release(&path);
	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		if (strncmp(line, key, sizeof(key) - 1))
			continue;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (line[sizeof(key) - 1] == '/' && realpath(line + sizeof(key) - 1, real))
			found = xstrdup(real);
		break;
	}
	fclose(f);
	return found;
}

/*
 * What the trace recorded about the artifacts, for a project outside git:
 * the deepest folder holding the working directory of each artifact's link
 * step and every source compiled into them. When the trace is a
 * .souptrace, the build tree holding it (*build) stands for the build:
 * what lies in it is not looked at one by one, and it counts as the
 * source folder its CMakeCache.txt names (*source), else as itself.
 * NULL when no link step wrote any artifact.
 */
static char *records_root(const char *tdir, const struct closure *cls, const int *rcs, size_t nr,
			  char **build, char **source)
{
	char real[PATH_MAX], *common = NULL;
	size_t links = 0;

	*build = *source = NULL;
	if (tdir && realpath(tdir, real) && !strcmp(path_basename(real), ".souptrace")) {
		char *slash = strrchr(real, '/');

		if (slash && slash != real) {
			*slash = '\0';
			*build = xstrdup(real);
			*source = cmake_source_of(real);
		}
	}
	for (size_t i = 0; i < nr; i++) {
		const char *cwd;

		if (rcs[i] != 0 || !cls[i].link)
			continue;
		links++;
		cwd = cls[i].link->cwd;
		if (cwd && cwd[0] == '/' && !(*build && attr_under_dir(*build, cwd)))
			common_add(&common, cwd, true);
		for (size_t k = 0; k < cls[i].nr; k++) {
			const struct closure_file *f = &cls[i].files[k];

			if (f->kind != CLOSURE_SOURCE || f->path[0] != '/' ||
			    (*build && attr_under_dir(*build, f->path)))
				continue;
			common_add(&common, f->path, false);
		}
	}
	if (!links) {
		free(common);
		return NULL;
	}
	if (*build)
		common_add(&common, *source ? *source : *build, true);
	return common;
}

/*
 * Binary evidence, for a project outside git: the deepest folder holding
 * the compiled sources the artifacts' debug information names that exist
 * here outside the system's folders (/usr, /lib...: packages' sources are
 * not the project's), or NULL when none does.
 */
static char *dwarf_root(const struct closure *cls, const int *rcs, size_t nr)
{
	static const char *const system[] = { "/usr", "/lib", "/lib64", "/lib32", "/opt" };
	char *common = NULL;

	for (size_t i = 0; i < nr; i++) {
		if (rcs[i] != 0)
			continue;
		for (size_t k = 0; k < cls[i].nr; k++) {
			const struct closure_file *f = &cls[i].files[k];
			bool sys = false;

			if (f->kind != CLOSURE_SOURCE || f->path[0] != '/')
				continue;
			for (size_t s = 0; s < sizeof(system) / sizeof(*system) && !sys; s++)
				sys = attr_under_dir(system[s], f->path);
			if (!sys && access(f->path, F_OK) == 0)
				common_add(&common, f->path, false);
		}
	}
	return common;
}

int engine_find_root(struct check *c, const char *root_arg, const char *tdir,
		     const struct strvec *artifacts, const struct closure *cls, const int *rcs,
		     size_t nr)
{
	char dir[PATH_MAX], cwd[PATH_MAX];
	char *common = NULL, *build = NULL, *source = NULL;
	int ret = 0;

	if (root_arg) {
		c->root = xstrdup(realpath(root_arg, dir) ? dir : root_arg);
		set_why(&c->root_why, "given by --project-root");
		return 0;
	}
	/* The git work tree holding an artifact, else the trace. */
	for (size_t i = 0; i < artifacts->nr; i++) {
		char *real = real_path_in(artifacts->v[i], dir);

		if (real && (c->root = git_top_above(dir))) {
			set_why(&c->root_why, "the git work tree holding the artifact %s", real);
			free(real);
			return 0;
		}
		free(real);
	}
	if (tdir && realpath(tdir, dir) && (c->root = git_top_above(dir))) {
		set_why(&c->root_why, "the git work tree holding the trace %s", dir);
		return 0;
	}
	/* What the trace recorded about the artifacts. */
	if (!c->binary_evidence)
		common = records_root(tdir, cls, rcs, nr, &build, &source);
	else
		common = dwarf_root(cls, rcs, nr);
	if (common && strcmp(common, "/")) {
		if (c->binary_evidence && (c->root = git_top_above(common)))
			set_why(&c->root_why,
				"the git work tree holding %s, the folder of the sources the "
				"artifacts' debug information names",
				common);
		else if (c->binary_evidence)
			set_why(&c->root_why,
				"in no git work tree, the deepest folder holding the sources the "
				"artifacts' debug information names (binary evidence)");
		else if ((c->root = git_top_above(common)))
			set_why(&c->root_why,
				"the git work tree holding %s, the folder of the artifacts' "
				"compiled sources and link steps",
				common);
		else if (build && !strcmp(build, common))
			set_why(&c->root_why,
				"the folder holding the trace, in no git work tree: the "
				"artifacts' link steps ran and their compiled sources lie in it");
		else if (source && !strcmp(source, common))
			set_why(&c->root_why,
				"the source folder of the CMake build tree holding the trace "
				"(CMAKE_HOME_DIRECTORY in %s/CMakeCache.txt), in no git work tree: "
				"the artifacts' compiled sources lie in it",
				build);
		else
			set_why(&c->root_why,
				"in no git work tree, the deepest folder holding the artifacts' "
				"compiled sources and the working directories of their link "
				"steps%s",
				build ? ", and the build tree holding the trace" : "");
		if (!c->root)
			c->root = xstrdup(common);
		goto out;
	}
	/* No evidence that does not depend on where the command runs. */
	if (!getcwd(cwd, sizeof(cwd))) {
		engine_error(c, "cannot tell the project root; pass --project-root");
		ret = -1;
		goto out;
	}
	c->root = git_top_above(cwd);
	set_why(&c->root_why, "%s current directory: %s",
		c->root ? "the git work tree holding the" : "the",
		c->binary_evidence ? "binary evidence: no git work tree holds the artifacts, and "
				     "their debug information names no source of the project here"
		: common	   ? "no git work tree holds the artifacts or the trace, and "
				     "their link steps and sources have no folder in common but /"
			 : "no git work tree holds the artifacts or the trace, and no link "
			   "step of the trace wrote them");
	if (!c->root)
		c->root = xstrdup(cwd);
out:
	free(common);
	free(build);
	free(source);
	return ret;
}
