/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CMDLINE_H
#define SOUPTRACE_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Classification of one build-tool command line: what the invocation does
 * and which files it reads and writes. Pure: no file system access, so it
 * can be tested on a table of real command lines.
 */

enum cmd_mode {
	MODE_NONE,	 /* builds nothing (--version, -print-*, -###): not recorded */
	MODE_PREPROCESS, /* -E, -M, -MM */
	MODE_ASSEMBLY,	 /* -S */
	MODE_COMPILE,	 /* -c */
	MODE_LINK_EXE,
	MODE_LINK_SHARED,
	MODE_LINK_RELOCATABLE, /* -r */
	MODE_ARCHIVE,
};

enum input_type {
	INPUT_SOURCE,	    /* needs the preprocessor: .c .cc .S ... */
	INPUT_SOURCE_NOCPP, /* compiled without the preprocessor: .i .ii .s */
	INPUT_OBJECT,
	INPUT_ARCHIVE,
	INPUT_SHARED,
	INPUT_OTHER, /* anything else handed to the linker (scripts, .lo ...) */
};

/* Which linker a link step uses, as far as the command line tells. */
enum linker_flavor {
	LINKER_BFD, /* GNU ld, the default of gcc and of Debian's clang */
	LINKER_GOLD,
	LINKER_LLD,
	LINKER_MOLD,
	LINKER_OTHER,
};

struct cmd_input {
	char *path;
	enum input_type type;
	char *language; /* from -x, or NULL */
};

struct cmdline {
	enum cmd_mode mode;
	struct cmd_input *inputs;
	size_t nr_inputs, alloc_inputs;
	struct strvec outputs; /* files the tool writes (derived when implicit) */
	struct strvec libs;    /* -l names, in order */
	struct strvec libdirs; /* -L directories */
	struct strvec scripts; /* linker scripts named with -T / --script */
	char *output;	       /* -o, or NULL */
	size_t nr_output_opts; /* how many -o / --output options (the last wins) */

	/* dependency output the user asked for */
	bool user_deps;	       /* any of -M -MM -MD -MMD, -Wp,-MD */
	bool user_deps_system; /* false for -MMD: no system headers */
	char *user_depfile;    /* -MF (or -Wp,-MD,FILE); NULL: derived from -o */

	/* link-map reporting the user asked for */
	char *user_map;	      /* -Map=FILE */
	bool user_map_stdout; /* -M / --print-map: map on stdout, cannot be read */
	bool user_why_extract, user_symbol_counts, user_link_depfile;
	enum linker_flavor linker;
	char *linker_name; /* -fuse-ld= / --ld-path= value, or NULL */

	bool static_link, no_stdlib;

	/* ar */
	char ar_operation; /* 'r', 'q', 'd', 'm', 's', ... */
	char *archive;	   /* the archive ar works on */
	bool ar_thin;
};

void cmdline_init(struct cmdline *cl);
void cmdline_release(struct cmdline *cl);

/* Number of inputs that go through the preprocessor. */
size_t cmdline_cpp_sources(const struct cmdline *cl);

/*
 * Classify the arguments of a compiler driver (args excludes the program).
 * Returns 0, or -1 with a message in err (then the command is run but not
 * understood: the record is marked incomplete).
 */
int cmdline_parse_cc(struct cmdline *cl, const char *const *args, size_t nr, struct strbuf *err);
/* The same for a direct linker call; flavor from the linker's own name. */
int cmdline_parse_ld(struct cmdline *cl, const char *const *args, size_t nr,
		     enum linker_flavor flavor, struct strbuf *err);
/* The same for ar (and gcc-ar, llvm-ar). */
int cmdline_parse_ar(struct cmdline *cl, const char *const *args, size_t nr, struct strbuf *err);

/* Linker flavor from a linker's name ("ld.gold", "lld", "/usr/bin/ld.bfd"). */
enum linker_flavor linker_flavor_from_name(const char *name);
const char *linker_flavor_name(enum linker_flavor f);
const char *cmd_mode_name(enum cmd_mode m);
const char *input_type_name(enum input_type t);
/* Input type of a file from its name (and -x language when not NULL). */
enum input_type input_type_from_name(const char *path, const char *language);

#endif
