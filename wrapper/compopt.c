/* SPDX-License-Identifier: Apache-2.0 */
#include "compopt.h"

#include <string.h>

#include "banned.h"

#define SEP  OPT_ARG_SEPARATE
#define JOIN OPT_ARG_JOINED

/* Sorted by strcmp on name; tests/unit/test_cmdline.c checks it. */
static const struct compopt table[] = {
	{ "-###", OPT_INFO, CO_NONE, "prints the commands without running them" },
	{ "--help", OPT_INFO, CO_NONE, "prints help, builds nothing" },
	{ "--ld-path=", JOIN | OPT_PATH, CO_LD_PATH, "clang: which linker, so which map options" },
	{ "--output", SEP | OPT_PATH, CO_OUTPUT, "the output file (gcc's long -o)" },
	{ "--output=", JOIN | OPT_PATH, CO_OUTPUT, "the output file (gcc's long -o)" },
	{ "--param", SEP, CO_NONE, "takes a separate argument" },
	{ "--print-", JOIN | OPT_INFO, CO_NONE,
	  "prints a setting, builds nothing, even with -c (Meson's --print-search-dirs probe)" },
	{ "--sysroot", SEP | OPT_PATH, CO_NONE, "takes a separate argument" },
	{ "--sysroot=", JOIN | OPT_PATH, CO_NONE, "sysroot, kept as given" },
	{ "--target-help", OPT_INFO, CO_NONE, "prints help, builds nothing" },
	{ "--version", OPT_INFO, CO_NONE, "prints the version, builds nothing" },
	{ "-A", SEP | JOIN, CO_NONE, "assertion, takes an argument" },
	{ "-B", SEP | JOIN | OPT_PATH, CO_NONE, "program prefix, takes an argument" },
	{ "-D", SEP | JOIN, CO_NONE, "macro definition, takes an argument" },
	{ "-E", OPT_STOP_PREPROCESS, CO_NONE, "preprocess only" },
	{ "-F", SEP | JOIN | OPT_PATH, CO_NONE, "framework directory, takes an argument" },
	{ "-I", SEP | JOIN | OPT_PATH, CO_NONE, "include directory, takes an argument" },
	{ "-L", SEP | JOIN | OPT_PATH, CO_LIBDIR, "library search directory" },
	{ "-M", OPT_DEPS | OPT_DEPS_ONLY | OPT_STOP_PREPROCESS, CO_NONE,
	  "prints dependencies instead of compiling" },
	{ "-MD", OPT_DEPS, CO_NONE, "user's own depfile: read it, add none" },
	{ "-MF", SEP | JOIN | OPT_PATH, CO_DEPFILE, "where the user's depfile goes" },
	{ "-MJ", SEP | JOIN | OPT_PATH, CO_NONE, "clang compilation database entry" },
	{ "-MM", OPT_DEPS | OPT_DEPS_ONLY | OPT_STOP_PREPROCESS, CO_NONE,
	  "prints dependencies instead of compiling" },
	{ "-MMD", OPT_DEPS, CO_DEPS_MMD, "user's depfile without system headers" },
	{ "-MQ", SEP | JOIN, CO_NONE, "depfile target, takes an argument" },
	{ "-MT", SEP | JOIN, CO_NONE, "depfile target, takes an argument" },
	{ "-S", OPT_STOP_ASSEMBLY, CO_NONE, "compile to assembly" },
	{ "-T", SEP | JOIN | OPT_PATH | OPT_LINKER, CO_SCRIPT, "linker script" },
	{ "-Tbss", SEP, CO_NONE, "section address for the linker, not a script" },
	{ "-Tbss=", JOIN, CO_NONE, "section address for the linker, not a script" },
	{ "-Tdata", SEP, CO_NONE, "section address for the linker, not a script" },
	{ "-Tdata=", JOIN, CO_NONE, "section address for the linker, not a script" },
	{ "-Ttext", SEP, CO_NONE, "section address for the linker, not a script" },
	{ "-Ttext-segment", SEP, CO_NONE, "segment address for the linker, not a script" },
	{ "-Ttext-segment=", JOIN, CO_NONE, "segment address for the linker, not a script" },
	{ "-Ttext=", JOIN, CO_NONE, "section address for the linker, not a script" },
	{ "-U", SEP | JOIN, CO_NONE, "macro undefinition, takes an argument" },
	{ "-Wa,", JOIN, CO_NONE, "assembler options, joined" },
	{ "-Wl,", JOIN | OPT_LINKER, CO_WL, "linker options: -Map, scripts" },
	{ "-Wp,", JOIN, CO_WP, "preprocessor options: may carry -MD,file" },
	{ "-Xassembler", SEP, CO_NONE, "takes a separate argument" },
	{ "-Xclang", SEP, CO_NONE, "takes a separate argument" },
	{ "-Xlinker", SEP | OPT_LINKER, CO_XLINKER, "linker option: -Map, scripts" },
	{ "-Xpreprocessor", SEP, CO_NONE, "takes a separate argument" },
	{ "-arch", SEP, CO_NONE, "takes a separate argument" },
	{ "-aux-info", SEP | OPT_PATH, CO_NONE, "takes a separate argument" },
	{ "-c", OPT_STOP_COMPILE, CO_NONE, "compile, do not link" },
	{ "-dumpbase", SEP, CO_NONE, "takes a separate argument" },
	{ "-dumpdir", SEP | OPT_PATH, CO_NONE, "takes a separate argument" },
	{ "-dumpfullversion", OPT_INFO, CO_NONE, "prints the version, builds nothing" },
	{ "-dumpmachine", OPT_INFO, CO_NONE, "prints the target, builds nothing" },
	{ "-dumpspecs", OPT_INFO, CO_NONE, "prints the specs, builds nothing" },
	{ "-dumpversion", OPT_INFO, CO_NONE, "prints the version, builds nothing" },
	{ "-e", SEP, CO_NONE, "entry symbol for the linker, takes an argument" },
	{ "-fsyntax-only", 0, CO_SYNTAX_ONLY, "checks syntax, builds nothing" },
	{ "-fuse-ld=", JOIN, CO_FUSE_LD, "which linker, so which map options" },
	{ "-idirafter", SEP | JOIN | OPT_PATH, CO_NONE, "include directory" },
	{ "-imacros", SEP | JOIN | OPT_PATH, CO_NONE, "file read for macros" },
	{ "-imultilib", SEP | JOIN, CO_NONE, "takes an argument" },
	{ "-include", SEP | JOIN | OPT_PATH, CO_NONE, "file included first" },
	{ "-include-pch", SEP | OPT_PATH, CO_NONE, "clang precompiled header" },
	{ "-iprefix", SEP | JOIN | OPT_PATH, CO_NONE, "takes an argument" },
	{ "-iquote", SEP | JOIN | OPT_PATH, CO_NONE, "include directory" },
	{ "-isysroot", SEP | JOIN | OPT_PATH, CO_NONE, "takes an argument" },
	{ "-isystem", SEP | JOIN | OPT_PATH, CO_NONE, "include directory" },
	{ "-iwithprefix", SEP | JOIN, CO_NONE, "takes an argument" },
	{ "-iwithprefixbefore", SEP | JOIN, CO_NONE, "takes an argument" },
	{ "-l", SEP | JOIN, CO_LIB, "library to link" },
	{ "-mllvm", SEP, CO_NONE, "takes a separate argument" },
	{ "-nodefaultlibs", OPT_NO_STDLIB, CO_NONE, "no default libraries" },
	{ "-nostartfiles", OPT_NO_STDLIB, CO_NONE, "no start-up files" },
	{ "-nostdlib", OPT_NO_STDLIB, CO_NONE, "no default libraries or start-up files" },
	{ "-o", SEP | JOIN | OPT_PATH, CO_OUTPUT, "the output file" },
	{ "-print-", JOIN | OPT_INFO, CO_NONE, "prints a setting, builds nothing" },
	{ "-r", OPT_RELOCATABLE, CO_NONE, "partial link" },
	{ "-shared", OPT_SHARED, CO_NONE, "link a shared library" },
	{ "-static", OPT_STATIC, CO_NONE, "static link" },
	{ "-static-pie", OPT_STATIC, CO_NONE, "static position-independent executable" },
	{ "-target", SEP, CO_NONE, "clang target, takes a separate argument" },
	{ "-u", SEP | JOIN, CO_NONE, "undefined symbol for the linker" },
	{ "-wrapper", SEP, CO_NONE, "takes a separate argument" },
	{ "-x", SEP | JOIN, CO_LANGUAGE, "language of the following inputs" },
	{ "-z", SEP, CO_NONE, "linker keyword, takes a separate argument" },
};

const struct compopt *compopt_table(size_t *nr)
{
	*nr = sizeof(table) / sizeof(*table);
	return table;
}

/* The common head of the entries of both option tables. */
struct opt_head {
	const char *name;
	unsigned flags;
};

const void *opt_table_find(const void *entries, size_t nr, size_t stride, const char *arg,
			   const char **joined)
{
	const char *base = entries;
	const struct opt_head *best = NULL;
	size_t lo = 0, hi = nr, best_len = 0;

	*joined = NULL;
	while (lo < hi) { /* exact match */
		size_t mid = lo + (hi - lo) / 2;
		const struct opt_head *e = (const void *)(base + mid * stride);
		int c = strcmp(arg, e->name);

		if (c == 0) {
			if (e->flags & OPT_ARG_JOINED)
				*joined = arg + strlen(arg);
			return e;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (size_t i = 0; i < nr; i++) { /* the longest joined prefix: "-Iinclude" */
		const struct opt_head *e = (const void *)(base + i * stride);
		size_t n = strlen(e->name);

		if ((e->flags & OPT_ARG_JOINED) && n > best_len && !strncmp(arg, e->name, n)) {
			best = e;
			best_len = n;
		}
	}
	if (best)
		*joined = arg + best_len;
	return best;
}

const struct compopt *compopt_find(const char *arg, const char **joined)
{
	return opt_table_find(table, sizeof(table) / sizeof(*table), sizeof(*table), arg, joined);
}
