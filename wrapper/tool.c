/* SPDX-License-Identifier: Apache-2.0 */
#include "tool.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline.h"
#include "pathutil.h"
#include "banned.h"

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !memcmp(s + a - b, suffix, b);
}

/* Strip a trailing "-<version>" such as "gcc-12" or "clang++-14". */
static size_t name_len_without_version(const char *base)
{
	size_t n = strlen(base);
	size_t i = n;

	while (i > 0 && (base[i - 1] == '.' || (base[i - 1] >= '0' && base[i - 1] <= '9')))
		i--;
	if (i > 0 && i < n && base[i - 1] == '-')
		return i - 1;
	return n;
}

static bool name_is(const char *base, size_t len, const char *tool)
{
	size_t t = strlen(tool);

	if (len < t || memcmp(base + len - t, tool, t))
		return false;
	/* "gcc", or "<triplet>-gcc" */
	return len == t || base[len - t - 1] == '-';
}

enum tool_kind tool_kind_guess(const char *base, enum tool_kind fallback)
{
	size_t len = name_len_without_version(base);
	static const char *const ld_names[] = { "ld",	   "ld.bfd", "ld.gold", "ld.lld",
						"ld.mold", "gold",   "lld",	"mold" };
	static const char *const ar_names[] = { "ar", "gcc-ar", "llvm-ar" };
	static const char *const cxx_names[] = { "c++", "g++", "clang++", "CC" };
	static const char *const cc_names[] = { "cc", "gcc", "clang", "tcc", "icx", "icc" };

	for (size_t i = 0; i < sizeof(ld_names) / sizeof(*ld_names); i++)
		if (name_is(base, len, ld_names[i]))
			return TOOL_LD;
	for (size_t i = 0; i < sizeof(ar_names) / sizeof(*ar_names); i++)
		if (name_is(base, len, ar_names[i]))
			return TOOL_AR;
	for (size_t i = 0; i < sizeof(cxx_names) / sizeof(*cxx_names); i++)
		if (name_is(base, len, cxx_names[i]))
			return TOOL_CXX;
	for (size_t i = 0; i < sizeof(cc_names) / sizeof(*cc_names); i++)
		if (name_is(base, len, cc_names[i]))
			return TOOL_CC;
	return fallback;
}

bool tool_locates_itself(const char *base)
{
	static const char *const names[] = { "gcc-ar", "gcc-nm", "gcc-ranlib" };
	size_t len = name_len_without_version(base);

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (name_is(base, len, names[i]))
			return true;
	return false;
}

enum tool_kind tool_kind_from_name(const char *base, bool *wrapper_name)
{
	static const struct {
		const char *name;
		enum tool_kind kind;
	} own[] = {
		{ "souptrace-c++", TOOL_CXX }, { "souptrace-ar", TOOL_AR },
		{ "souptrace-cc", TOOL_CC },   { "souptrace-cxx", TOOL_CXX },
		{ "souptrace-ld", TOOL_LD },
	};

	for (size_t i = 0; i < sizeof(own) / sizeof(*own); i++) {
		if (!strcmp(base, own[i].name)) {
			*wrapper_name = true;
			return own[i].kind;
		}
	}
	*wrapper_name = false;
	return tool_kind_guess(base, TOOL_CC);
}

const char *tool_kind_name(enum tool_kind kind)
{
	switch (kind) {
	case TOOL_CC:
		return "cc";
	case TOOL_CXX:
		return "c++";
	case TOOL_AR:
		return "ar";
	case TOOL_LD:
		return "ld";
	}
	return "cc";
}

const char *tool_kind_env(enum tool_kind kind)
{
	switch (kind) {
	case TOOL_CC:
		return "SOUPTRACE_CC";
	case TOOL_CXX:
		return "SOUPTRACE_CXX";
	case TOOL_AR:
		return "SOUPTRACE_AR";
	case TOOL_LD:
		return "SOUPTRACE_LD";
	}
	return "SOUPTRACE_CC";
}

const char *tool_kind_default(enum tool_kind kind)
{
	return tool_kind_name(kind); /* the tool's usual name is the kind's */
}

bool tool_is_launcher(const char *base)
{
	static const char *const launchers[] = { "ccache", "distcc", "icecc", "sccache",
						 "buildcache" };

	for (size_t i = 0; i < sizeof(launchers) / sizeof(*launchers); i++)
		if (!strcmp(base, launchers[i]))
			return true;
	return false;
}

static bool is_ar_key(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("dmpqrstxabcDfilNoOPsSTuUvV", *s))
			return false;
	return true;
}

/*
 * A file the compiler driver or linker takes as an input by its name:
 * sources, headers, objects, archives, shared objects (cmdline.c's table),
 * and a few more gcc or the linkers know by their extension.
 */
static bool is_input_name(const char *arg)
{
	static const char *const more[] = { ".ld", ".lds", ".lo", ".la",  ".def",
					    ".d",  ".di",  ".go", ".adb", ".ads" };
	const char *ext = path_extension(arg);

	if (input_type_from_name(arg, NULL) != INPUT_OTHER)
		return true;
	for (size_t i = 0; i < sizeof(more) / sizeof(*more); i++)
		if (!strcmp(ext, more[i]))
			return true;
	return false;
}

bool tool_arg_may_be_program(const char *arg, enum tool_kind kind)
{
	const char *base = path_basename(arg);

	if (arg[0] == '-' || arg[0] == '@' || arg[0] == '\0')
		return false;
	if (is_input_name(arg))
		return false; /* "souptrace-cc ./gen.c": an input, even when executable */
	return !(kind == TOOL_AR && !tool_is_launcher(base) && is_ar_key(base) &&
		 !has_suffix(base, "ar"));
}

static bool same_file(const char *path, const struct stat *self)
{
	struct stat st;

	return self && stat(path, &st) == 0 && st.st_dev == self->st_dev &&
	       st.st_ino == self->st_ino;
}

static bool is_launcher_link(const char *path)
{
	char real[4096];

	return realpath(path, real) && tool_is_launcher(path_basename(real));
}

static int resolve(const char *name, const struct stat *self, bool skip_launchers,
		   bool absolute_only, struct strbuf *out)
{
	const char *path, *p;
	bool saw_self = false;
	char cs_path[256];

	strbuf_reset(out);
	if (strchr(name, '/')) {
		if (same_file(name, self))
			return 2;
		if (strbuf_addstr(out, name))
			return 1;
		return path_is_executable(name) ? 0 : 1;
	}
	path = getenv("PATH");
	if (!path) {
		/* as execvp(): the system's default search path */
		size_t n = confstr(_CS_PATH, cs_path, sizeof(cs_path));

		path = n > 0 && n <= sizeof(cs_path) ? cs_path : "/bin:/usr/bin";
	}
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		strbuf_reset(out);
		if (absolute_only && (n == 0 || p[0] != '/')) {
			/* the current directory (an empty entry, ".", "bin"):
			 * never for a name that may be an input file */
		} else if (n == 0) {
			/* POSIX: an empty entry is the current directory */
			if (strbuf_addstr(out, "./") || strbuf_addstr(out, name))
				return 1;
		} else if (strbuf_add(out, p, n) || strbuf_addch(out, '/') ||
			   strbuf_addstr(out, name)) {
			return 1;
		}
		if (out->len && path_is_executable(out->buf)) {
			if (same_file(out->buf, self))
				saw_self = true;
			else if (!skip_launchers || tool_is_launcher(name) ||
				 !is_launcher_link(out->buf))
				return 0;
		}
		if (!end)
			break;
		p = end;
	}
	strbuf_reset(out);
	return saw_self ? 2 : 1;
}

int tool_path_for_bare_name(const char *name, const struct stat *self, const char *program,
			    struct strbuf *newpath)
{
	const char *path = getenv("PATH"), *p;
	struct strbuf cand = STRBUF_INIT;
	struct stat prog;
	bool dropped = false, first = true;
	int ret = -1;

	strbuf_reset(newpath);
	if (!path || !self || stat(program, &prog) != 0)
		return -1;
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool keep = true;

		strbuf_reset(&cand);
		if (n ? strbuf_add(&cand, p, n) || strbuf_addch(&cand, '/')
		      : strbuf_addstr(&cand, "./"))
			goto out;
		if (strbuf_addstr(&cand, name))
			goto out;
		if (ret < 0 && path_is_executable(cand.buf)) {
			if (same_file(cand.buf, &prog))
				ret = dropped; /* the tool finds itself here */
			else if (same_file(cand.buf, self))
				keep = false; /* a masquerade: dropped */
			else
				break; /* another program first: ret stays -1 */
		}
		dropped = dropped || !keep;
		if (keep) {
			if ((!first && strbuf_addch(newpath, ':')) || strbuf_add(newpath, p, n))
				goto fail;
			first = false;
		}
		if (!end)
			break;
		p = end;
	}
	goto out;
fail:
	ret = -1;
out:
	strbuf_release(&cand);
	return ret;
}

int tool_resolve(const char *name, const struct stat *self, struct strbuf *out)
{
	return resolve(name, self, false, false, out);
}

int tool_resolve_skipping_launchers(const char *name, const struct stat *self, struct strbuf *out)
{
	return resolve(name, self, true, false, out);
}

int tool_resolve_arg(const char *name, const struct stat *self, bool skip_launchers,
		     struct strbuf *out)
{
	return resolve(name, self, skip_launchers, true, out);
}
