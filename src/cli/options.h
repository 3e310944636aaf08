/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_OPTIONS_H
#define SOUPTRACE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * The options of a souptrace command, as one table from which parsing,
 * `souptrace COMMAND --help` and the usage errors all come (in the spirit
 * of git's parse-options, and of the wrapper's own compopt table).
 */
enum opt_type {
	OPT_STRING,   /* const char **value: the argument */
	OPT_CHOICE,   /* const char **value: one of the '|'-separated words of arg */
	OPT_FLAG,     /* bool *value: set to true */
	OPT_CALLBACK, /* cb(value, argument, err) converts and checks the argument */
	/*
	 * const char **value: a file the command writes. It must not be one of
	 * the command's inputs (an operand, or an OPT_STRING "FILE" option):
	 * `check --soup soup.json -o soup.json` is a usage error, not a lost list.
	 */
	OPT_OUTFILE,
};

struct option {
	const char *name;  /* "--soup" or "-o" */
	const char *alias; /* another spelling ("-q" of "--quiet"), or NULL */
	enum opt_type type;
	void *value;
	const char *arg;  /* the argument in usage lines ("FILE", "text|json"); NULL: a flag */
	const char *help; /* one line for --help */
	bool required;
	/* OPT_CALLBACK: 0, or -1 with what is wrong in err ("is A, B or C") */
	int (*cb)(void *value, const char *argument, struct strbuf *err);
};

#define OPT_END                                                                                    \
	{                                                                                          \
		NULL, NULL, OPT_FLAG, NULL, NULL, NULL, false, NULL                                \
	}

/* -o FILE: what the command writes ("the SBOM") goes to FILE, atomically (outfile.h). */
#define OPT_OUTPUT(var, what)                                                                      \
	{                                                                                          \
		"-o", NULL, OPT_OUTFILE, (var), "FILE",                                            \
			"write " what " to FILE (atomically) instead of standard output", false,   \
			NULL                                                                       \
	}

struct command_spec {
	const char *name;		   /* "check" */
	const char *summary;		   /* one line: what the command does */
	const char *operands;		   /* "ARTIFACT...", "OLD NEW", NULL: none */
	size_t min_operands, max_operands; /* max 0: any number */
};

/*
 * Parse argv[1..argc) against opts: each option's value is stored, every
 * other argument is an operand ("--" ends the options; "-" is an operand).
 * An option's argument may follow it or be joined with '=' ("--format=json").
 * Returns 0; 1 when -h/--help printed the help or --version the version
 * (the command exits 0); -1
 * after printing what is wrong and the usage line on stderr (exit 2).
 */
int parse_options(const struct command_spec *cmd, const struct option *opts, int argc, char **argv,
		  struct strvec *operands);

/*
 * parse_options() as each command's first step: true when the command goes
 * on with its operands; false when it ends here, *exit_code then being
 * EXIT_OK (cli.h) after the help or EXIT_USAGE after a usage error.
 */
bool cli_parse(const struct command_spec *cmd, const struct option *opts, int argc, char **argv,
	       struct strvec *operands, int *exit_code);

/* "usage: souptrace NAME ..." from the table, wrapped; with full, every option with its help. */
void print_usage(FILE *f, const struct command_spec *cmd, const struct option *opts, bool full);

/*
 * What parse_options() does with a command's table instead of parsing it,
 * for `souptrace help --man` and `souptrace help --complete` (the man pages
 * and the bash completion are generated from the tables, so they never
 * drift from --help). Whatever the mode, parse_options() then returns 1,
 * as after --help: the command ends with EXIT_OK before doing anything.
 */
enum options_describe {
	OPTIONS_PARSE,	  /* parse argv (the default) */
	OPTIONS_MAN,	  /* write the command's man page sections (roff) to stdout */
	OPTIONS_COMPLETE, /* write the command's bash completion table rows to stdout */
};
void options_describe(enum options_describe mode);

/*
 * Roff for text in a man page: backslashes escaped, and a '.' or '\'' that
 * would start a line made literal; with dashes, every '-' as \- (option
 * names, which must be typed as ASCII hyphens).
 */
void roff_escape(FILE *f, const char *text, bool dashes);

/* Callbacks shared by several commands. */
int opt_safety_class(void *value, const char *argument, struct strbuf *err); /* char * */
int opt_evidence(void *value, const char *argument, struct strbuf *err);     /* bool *binary */
int opt_append(void *value, const char *argument,
	       struct strbuf *err); /* struct strvec *: repeatable */

#endif
