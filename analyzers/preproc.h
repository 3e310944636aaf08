/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_PREPROC_H
#define SOUPTRACE_PREPROC_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Which lines of a file a compile kept (issue 12 item 4, "only compiled
 * code counts"): text in a branch the preprocessor skipped (#if 0, the
 * #else of an option the build does not set) is no evidence of what is in
 * the binary.
 *
 * How: the recorded compile is run again as a preprocessing step, its
 * compiler with its own flags on its own sources, with the options
 * that write files (-c, -o, -MD, -MF, -save-temps ...) taken out by the
 * table in preproc.c and `-E -C -dD` added, so that comments and #define
 * lines of live code reach the output and skipped code does not. The text
 * is read from a pipe (nothing is written), the line markers map it back
 * to the file's lines. A region of the file between two conditional
 * directives (#if/#ifdef/#ifndef/#elif/#else/#endif, outside comments) is
 * kept or skipped as a whole: a region is live when any of its lines
 * produced text, or an #include in it was followed. A line of a live region
 * can produce no text of its own (the second line of a multi-line #define,
 * a macro call's arguments): the region still counts it.
 *
 * The child runs in the compile's directory, in its own process group,
 * with SOUPTRACE_DEPTH=1 (a souptrace wrapper it meets records nothing),
 * stdin /dev/null, and is killed when it has not finished in time.
 */

/* The conditional structure of a source text. */
struct preproc_regions {
	size_t nr_lines;   /* lines of the text ('\n'-separated; a last line without one counts) */
	size_t nr_regions; /* region ids are 0 .. nr_regions-1; 0 is the file's top level */
	size_t *region; /* [1..nr_lines]: the region of each line (a directive: its enclosing one)
			 */
};

void preproc_regions_init(struct preproc_regions *r);
void preproc_regions_release(struct preproc_regions *r);

/* The regions of text. 0, or -1 (out of memory). */
int preproc_regions_scan(const char *text, size_t len, struct preproc_regions *r);

/* A compile to preprocess again. */
struct preproc_command {
	const char *program;	   /* the compiler: a path, or a name found in PATH */
	const struct strvec *args; /* its arguments as it ran them, without the program */
	const char *cwd;	   /* the directory it ran in */
};

/* What one preprocessing run says about one file. */
struct preproc_lines {
	size_t nr_lines;
	unsigned char *live; /* [1..nr_lines]: 1 when the line's region reached the output */
	bool entered;	     /* the file appeared in the output at all */
};

void preproc_lines_init(struct preproc_lines *l);
void preproc_lines_release(struct preproc_lines *l);

/*
 * The command that preprocesses the sources as cmd compiles them, writing
 * nothing: program first, then the arguments. 0, or -1 with err (out of
 * memory, or a compile that read its source from standard input).
 */
int preproc_argv(const struct preproc_command *cmd, struct strvec *argv, struct strbuf *err);

/*
 * Preprocess as cmd would and tell which lines of target (an absolute,
 * normalised path; text its contents) survive. At most timeout_ms
 * milliseconds. 0, or -1 with err: the compiler cannot be run, fails, or
 * does not finish in time (the caller names the compile and the file).
 */
int preproc_live_lines(const struct preproc_command *cmd, const char *target, const char *text,
		       size_t len, unsigned timeout_ms, struct preproc_lines *out,
		       struct strbuf *err);

/* The option table, for the unit test that it is sorted. */
struct preproc_opt {
	const char *name;
	unsigned flags;
	const char *why;
};
const struct preproc_opt *preproc_table(size_t *nr);

#endif
