/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CHECK_H
#define SOUPTRACE_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "model.h"
#include "options.h"
#include "soup.h"
#include "strvec.h"

/*
 * The attribution engine behind check, init, sbom and report: what reaches
 * each artifact, which component each file belongs to, and the findings
 * against the declared SOUP list. Its result is a typed model (model.h)
 * that every output is built on, so that each can be traced back to the
 * same facts; check_model_to_json() (check_output.h) turns it into the
 * document `souptrace check --format json` prints (docs/check-format.md).
 */
struct check_request {
	const char *soup_path; /* the declared list; NULL: none (every component undeclared) */
	const char *trace_arg; /* --trace DIR, or NULL to find it (engine_find_trace) */
	const char *root_arg;  /* --project-root DIR, or NULL to find it (engine_find_root) */
	char safety_class;     /* 'A', 'B', 'C'; 0: the list's own, else A */
	bool strict;	       /* unused declarations fail */
	bool binary_evidence;  /* --evidence binary: no trace */
	const struct strvec *artifacts;
	FILE *text; /* check's human-readable output, or NULL */
	bool color;
	bool quiet;		/* text: findings and the verdict only */
	bool verbose;		/* text: every evidence line of a finding, not the first 3 */
	bool include_generated; /* provenance: judge Bison/flex output by its notice too */
	/*
	 * souptrace init: a JSON array (the components of the list being
	 * written) that receives a draft entry for each component found and not
	 * declared, instead of an "undeclared" finding; NULL otherwise.
	 */
	cJSON *drafts;
};

/* What binary evidence (--evidence binary) cannot see, for the text output and the model. */
extern const char check_binary_note[];

/*
 * The options of every command built on check_evaluate(), as rows of its
 * option table (options.h): --soup FILE (required when soup_required),
 * --trace DIR, --project-root DIR, --safety-class A|B|C, --evidence
 * trace|binary and --include-generated, stored into the request rq.
 */
#define CHECK_REQUEST_OPTIONS(rq, soup_required)                                                   \
	{ "--soup",	   NULL,   OPT_STRING,                                                     \
	  &(rq).soup_path, "FILE", "the declared SOUP list (soup.json)",                           \
	  soup_required,   NULL },                                                                 \
		CHECK_EVIDENCE_OPTIONS(rq)

/*
 * The whole table of a command that writes what check_evaluate() found
 * (check, sbom, report): the request's rows, the command's own rows (the
 * variable arguments), then -o FILE (writing what, as OPT_OUTPUT) and the end.
 */
#define CHECK_COMMAND_OPTIONS(rq, soup_required, out_path, what, ...)                              \
	CHECK_REQUEST_OPTIONS(rq, soup_required), __VA_ARGS__, OPT_OUTPUT(out_path, what), OPT_END

/* The same without --soup (init writes the list instead of reading it). */
#define CHECK_EVIDENCE_OPTIONS(rq)                                                                 \
	{ "--trace",                                                                               \
	  NULL,                                                                                    \
	  OPT_STRING,                                                                              \
	  &(rq).trace_arg,                                                                         \
	  "DIR",                                                                                   \
	  "the trace (default: $SOUPTRACE_DIR, else the nearest .souptrace above an "              \
	  "artifact, else above the current directory)",                                           \
	  false,                                                                                   \
	  NULL },                                                                                  \
		{ "--project-root",                                                                \
		  NULL,                                                                            \
		  OPT_STRING,                                                                      \
		  &(rq).root_arg,                                                                  \
		  "DIR",                                                                           \
		  "the project (default: the git work tree holding an artifact, else found from "  \
		  "the trace; README)",                                                            \
		  false,                                                                           \
		  NULL },                                                                          \
		{ "--safety-class",                                                                \
		  NULL,                                                                            \
		  OPT_CALLBACK,                                                                    \
		  &(rq).safety_class,                                                              \
		  "A|B|C",                                                                         \
		  "the IEC 62304 class (default: the list's own, else A)",                         \
		  false,                                                                           \
		  opt_safety_class },                                                              \
		{ "--evidence",	  NULL,                                                            \
		  OPT_CALLBACK,	  &(rq).binary_evidence,                                           \
		  "trace|binary", "binary: the artifacts' DWARF and packages only, no trace",      \
		  false,	  opt_evidence },                                                  \
	{                                                                                          \
		"--include-generated", NULL, OPT_FLAG, &(rq).include_generated, NULL,              \
			"judge Bison/flex output by its notice too", false, NULL                   \
	}

/*
 * Run the analysis. The list is loaded into soup (empty without
 * soup_path) and model (initialised by the caller, who releases it with
 * check_model_release) receives the result; it is left empty on error.
 * Returns 0 when the gate passes, 1 when a finding fails, -1 on bad usage
 * or input. Errors and warnings (the list's, the trace's) are appended to
 * diag, a line each, for the caller to print, whatever the result.
 */
int check_evaluate(const struct check_request *rq, struct soup_list *soup,
		   struct check_model *model, struct strbuf *diag);

#endif
