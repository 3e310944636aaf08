/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace report --soup FILE [--trace DIR] [--project-root DIR]
 *                  [--safety-class A|B|C] [--evidence trace|binary]
 *                  [--format markdown|html] [--db DIR|FILE [--ecosystem Debian:N]
 *                  [--vex FILE]...] [-o FILE] ARTIFACT...
 *
 * The SOUP list as a controlled document for the design history file
 * (docs/report-format.md): check's analysis (check_evaluate) rendered by
 * report.c. Exit 0 when the document was written, findings or not (the
 * document shows them; check is the gate); 2 on bad usage or input.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "cli.h"
#include "options.h"
#include "outfile.h"
#include "report.h"
#include "soup.h"
#include "strbuf.h"
#include "strvec.h"
#include "banned.h"

/* Write the whole document to path (or stdout), atomically (outfile.h). */
static int write_document(const char *path, const struct strbuf *doc)
{
	struct strbuf err = STRBUF_INIT;
	int ret = outfile_write(path, doc->buf, doc->len, &err);

	if (ret)
		cli_error("report: cannot write %s", err.buf);
	strbuf_release(&err);
	return ret;
}

/* The format an -o FILE's extension names, or NULL. */
static const char *format_of(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	if (!dot || strchr(dot, '/'))
		return NULL;
	if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
		return "html";
	if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown"))
		return "markdown";
	return NULL;
}

int cmd_report(int argc, char **argv)
{
	const char *format = NULL, *out_path = NULL, *db_path = NULL, *eco_arg = NULL;
	struct strvec artifacts = STRVEC_INIT, vex_paths = STRVEC_INIT;
	struct audit_job jb;
	struct strbuf source = STRBUF_INIT;
	struct strbuf doc = STRBUF_INIT, err = STRBUF_INIT;
	struct check_request rq;
	struct report_meta meta;
	struct soup_list soup;
	enum report_format fmt;
	struct check_model model;
	char date[11];
	int ret = EXIT_USAGE, rc;

	memset(&rq, 0, sizeof(rq));
	memset(&meta, 0, sizeof(meta));
	soup_list_init(&soup);
	check_model_init(&model);
	audit_job_init(&jb);
	{
		static const struct command_spec command = {
			"report", "write the SOUP list as a document (Markdown or HTML)",
			"ARTIFACT...", 1, 0
		};
		const struct option opts[] = {
			CHECK_COMMAND_OPTIONS(
				rq, true, &out_path, "the document",
				{ "--format", NULL, OPT_CHOICE, &format, "markdown|md|html",
				  "the document's format (default: from -o FILE's "
				  "extension, .md, .markdown, .html or .htm)",
				  false, NULL },
				{ "--db", NULL, OPT_STRING, &db_path, "DIR|FILE",
				  "also the known anomalies of each SOUP item from this "
				  "vulnerability database (as souptrace audit --db)",
				  false, NULL },
				{ "--ecosystem", NULL, OPT_STRING, &eco_arg, "Debian:N",
				  "with --db: the OSV ecosystem of the installed "
				  "packages (default: from /etc/os-release)",
				  false, NULL },
				{ "--vex", NULL, OPT_CALLBACK, &vex_paths, "FILE",
				  "with --db: an OpenVEX document of people's decisions "
				  "(repeatable)",
				  false, opt_append }),
		};

		if (!cli_parse(&command, opts, argc, argv, &artifacts, &ret))
			goto out;
		/* -o soup.html says the format already; --format still wins */
		if (!format && !(format = format_of(out_path))) {
			cli_error("report: --format markdown|md|html is required (or an -o FILE "
				  "ending in .md, .markdown, .html or .htm)");
			print_usage(stderr, &command, opts, false);
			goto out;
		}
	}
	if (cli_artifacts("report", &artifacts))
		goto out;
	if (!strcmp(format, "markdown") || !strcmp(format, "md")) {
		fmt = REPORT_MARKDOWN;
	} else { /* html */
		fmt = REPORT_HTML;
	}
	if (report_date(date, &err)) {
		cli_error("report: %s", err.buf);
		goto out;
	}
	if ((eco_arg || vex_paths.nr) && !db_path) {
		cli_error("report: --ecosystem and --vex need --db DIR|FILE");
		goto out;
	}
	if (db_path && audit_job_load(&jb, "report", db_path, eco_arg, &vex_paths))
		goto out;
	rq.artifacts = &artifacts;
	rq.text = NULL;
	strbuf_reset(&err);
	rc = cli_evaluate(&rq, &soup, &model);
	if (rc < 0)
		goto out;
	if (db_path) {
		audit_job_run(&jb, &soup, &model);
		strbuf_addf(&source,
			    "souptrace audit against %s: %zu records from %zu files, newest "
			    "modified %s",
			    db_path, jb.db.nr, jb.db.files,
			    jb.db.newest ? jb.db.newest : "(none stated)");
		for (size_t i = 0; i < jb.db.notes.nr; i++)
			strbuf_addf(&source, "; %s", jb.db.notes.v[i]);
		if (jb.gaps.nr)
			strbuf_addf(&source,
				    "; INCOMPLETE EVIDENCE (%zu gaps, see the findings): not every "
				    "component is known",
				    jb.gaps.nr);
		meta.audit = &jb.au;
		meta.audit_source = source.buf;
	}
	meta.date = date;
	meta.generator = "souptrace " SOUPTRACE_VERSION;
	if (report_render(&doc, fmt, &soup, &model, &meta, &err)) {
		cli_error("%s", err.buf);
		goto out;
	}
	if (write_document(out_path, &doc))
		goto out;
	ret = EXIT_OK;
out:
	audit_job_release(&jb);
	strvec_clear(&vex_paths);
	strbuf_release(&source);
	check_model_release(&model);
	soup_list_release(&soup);
	strvec_clear(&artifacts);
	strbuf_release(&doc);
	strbuf_release(&err);
	return ret;
}
