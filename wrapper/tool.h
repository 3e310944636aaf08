/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_TOOL_H
#define SOUPTRACE_TOOL_H

#include <stdbool.h>
#include <sys/stat.h>

#include "strbuf.h"

/* Which kind of build tool a wrapper invocation stands in for. */
enum tool_kind {
	TOOL_CC,  /* C compiler driver (gcc, clang, cc, cross compilers) */
	TOOL_CXX, /* C++ compiler driver */
	TOOL_AR,  /* archiver (ar, gcc-ar, llvm-ar) */
	TOOL_LD,  /* linker called directly (ld, ld.bfd, ld.gold, ld.lld) */
};

/*
 * The kind of tool the wrapper was invoked as, from the base name of
 * argv[0]. *wrapper_name is set when the name is one of souptrace's own
 * (souptrace-cc ...); otherwise the wrapper masquerades as that tool.
 */
enum tool_kind tool_kind_from_name(const char *base, bool *wrapper_name);
/* The same classification for a real tool's name (used for prefixes). */
enum tool_kind tool_kind_guess(const char *base, enum tool_kind fallback);
const char *tool_kind_name(enum tool_kind kind);
/* The environment variable naming the real tool (SOUPTRACE_CC ...). */
const char *tool_kind_env(enum tool_kind kind);
/* The real tool's default name (cc, c++, ar, ld). */
const char *tool_kind_default(enum tool_kind kind);

/*
 * True for tools that find their own installation from argv[0] and fail
 * without it (gcc-ar looks for the LTO plugin relative to itself, through
 * PATH when argv[0] has no slash, which finds a masquerading wrapper).
 */
bool tool_locates_itself(const char *base);

/* True for compiler launchers that run the next argument (ccache, distcc...). */
bool tool_is_launcher(const char *base);

/*
 * Could argv[1] of "souptrace-<kind> ARG ..." name the real tool (prefix or
 * launcher mode) rather than be the first argument of the default tool?
 * Only the form is checked: not an option, not a response file, not a file
 * the tool takes as input by its extension (a.c, x.o, libz.so.1, fw.ld:
 * even when executable), and for ar not a plain ar key such as "rcs"
 * (unless it ends in "ar"). It names the tool when it also resolves
 * (tool_resolve_arg() not 1).
 */
bool tool_arg_may_be_program(const char *arg, enum tool_kind kind);

/*
 * Resolve name to an executable path into out. A name with a slash is taken
 * as it is; otherwise PATH is searched, skipping any file that is the
 * wrapper itself (same device and inode as self; symlinks followed).
 * Returns 0 when found, 1 when not found, and 2 when the only match is the
 * wrapper itself (so the caller can say "this would recurse").
 */
int tool_resolve(const char *name, const struct stat *self, struct strbuf *out);

/*
 * The same, also skipping PATH entries that are compiler launchers under
 * the tool's name (ccache's or distcc's masquerade directories, e.g.
 * /usr/lib/ccache/gcc -> ../../bin/ccache). A wrapper nested inside a
 * launcher uses it: the launcher called us for the real compiler, and
 * handing it back to the launcher would loop.
 */
int tool_resolve_skipping_launchers(const char *name, const struct stat *self, struct strbuf *out);

/*
 * Resolve argv[1] of the prefix form: as tool_resolve() (or the launcher
 * skipping variant), but a name without a slash is looked up only in the
 * absolute PATH entries: an empty entry, "." or another relative one
 * would turn a file of the current directory ("souptrace-cc gen.sh ...",
 * an input of the default compiler) into the program to run.
 */
int tool_resolve_arg(const char *name, const struct stat *self, bool skip_launchers,
		     struct strbuf *out);

/*
 * A tool run with its bare name as argv[0] ("ar") searches PATH for that
 * name to find its installation (binutils' plugin directory, for one).
 * Returns 0 when PATH's first match for name is program itself, 1 when it
 * is once the entries where name is the wrapper (self) are left out (that
 * PATH value in newpath), and -1 otherwise (argv[0] must stay a path).
 */
int tool_path_for_bare_name(const char *name, const struct stat *self, const char *program,
			    struct strbuf *newpath);

#endif
