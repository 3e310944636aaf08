/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CLI_H
#define SOUPTRACE_CLI_H

#include "audit.h"
#include "soup.h"
#include "strvec.h"

/* Exit codes of every souptrace command. */
enum {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1, /* the gate failed */
	EXIT_USAGE = 2,	   /* bad usage or bad input */
};

/* Subcommands: argv[0] is the subcommand's name. */
int cmd_trace(int argc, char **argv);
/* souptrace trace merge: argv[0] is "merge" */
int cmd_trace_merge(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_sbom(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_shims(int argc, char **argv);
int cmd_audit(int argc, char **argv);

/* The subcommands, for the dispatcher (each one's options: its table, options.h). */
struct cli_command {
	const char *name;
	int (*fn)(int, char **);
	const char *summary; /* one line for "souptrace help" */
};
extern const struct cli_command cli_commands[];
extern const size_t cli_nr_commands;

struct check_request;
struct check_model;
struct soup_list;

/*
 * check_evaluate() (check.h) for a command: its errors and warnings go to
 * stderr, a line each, whatever the result; returns check_evaluate()'s.
 */
int cli_evaluate(const struct check_request *rq, struct soup_list *soup, struct check_model *model);

struct strvec;

/*
 * The ARTIFACT operands of check, init, sbom and report, before any
 * analysis: each must be an ELF file or a static archive the command can
 * read. A libtool wrapper script is replaced by the binary it runs (from
 * .libs/, with a note on stderr naming both). Otherwise the command ends
 * with one message naming the file, what it is and what to do: returns
 * 0, or EXIT_USAGE after printing it.
 */
int cli_artifacts(const char *cmd, struct strvec *artifacts);

/* "souptrace: " + message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * An audit (cmd_audit.c), also for the report's anomalies: the database
 * and people's decisions loaded, then matched against check's model.
 */
struct audit_job {
	const char *db_path;
	char *debian; /* the Debian ecosystem ("Debian:12"), or NULL */
	struct osv_db db;
	struct audit_vex vx;
	struct audit au;
	struct strvec gaps;    /* what check could not see: the audit never passes then */
	struct strvec unknown; /* the artifacts with such a gap ("*": all) */
};

void audit_job_init(struct audit_job *jb);
void audit_job_release(struct audit_job *jb);
/* Load db_path (eco: --ecosystem, or NULL) and the VEX files: 0, or -1 told ("CMD: ..."). */
int audit_job_load(struct audit_job *jb, const char *cmd, const char *db_path, const char *eco,
		   const struct strvec *vex_paths);
/* Match model's components (a declared purl filled in), absences, then the decisions. */
void audit_job_run(struct audit_job *jb, const struct soup_list *soup, struct check_model *model);

#endif
