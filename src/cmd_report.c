/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace report --soup FILE [--trace DIR] [--project-root DIR]
 *                  [--safety-class A|B|C] [--evidence trace|binary]
 *                  --format markdown|html [-o FILE] ARTIFACT...
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

#include <cjson/cJSON.h>

#include "check.h"
#include "cli.h"
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

int cmd_report(int argc, char **argv)
{
	const char *format = NULL, *out_path = NULL;
	struct strvec artifacts = STRVEC_INIT;
	struct strbuf doc = STRBUF_INIT, err = STRBUF_INIT;
	struct check_request rq;
	struct report_meta meta;
	struct soup_list soup;
	enum report_format fmt;
	cJSON *model = NULL;
	char date[11];
	int ret = EXIT_USAGE;

	memset(&rq, 0, sizeof(rq));
	soup_list_init(&soup);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int taken = check_request_option(&rq, "report", argc, argv, &i);

		if (taken < 0)
			goto out;
		if (taken)
			continue;
		if ((!strcmp(a, "--format") || !strcmp(a, "-o")) && i + 1 >= argc) {
			cli_error("report: %s needs an argument", a);
			goto out;
		}
		if (!strcmp(a, "--format")) {
			format = argv[++i];
		} else if (!strcmp(a, "-o")) {
			out_path = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			cli_error("report: unknown option '%s'\n%s", a, cli_usage("report"));
			goto out;
		} else if (strvec_push(&artifacts, a)) {
			cli_error("report: out of memory");
			goto out;
		}
	}
	if (!rq.soup_path || !artifacts.nr || !format) {
		cli_error("report: --soup FILE, --format and at least one ARTIFACT are required\n%s",
			  cli_usage("report"));
		goto out;
	}
	if (!strcmp(format, "markdown") || !strcmp(format, "md")) {
		fmt = REPORT_MARKDOWN;
	} else if (!strcmp(format, "html")) {
		fmt = REPORT_HTML;
	} else {
		cli_error("report: unknown format '%s' (markdown or html)", format);
		goto out;
	}
	if (report_date(date, &err)) {
		cli_error("report: %s", err.buf);
		goto out;
	}
	rq.artifacts = &artifacts;
	rq.text = NULL;
	if (check_evaluate(&rq, &soup, &model) < 0)
		goto out;
	meta.date = date;
	meta.generator = "souptrace " SOUPTRACE_VERSION;
	if (report_render(&doc, fmt, &soup, model, &meta, &err)) {
		cli_error("%s", err.buf);
		goto out;
	}
	if (write_document(out_path, &doc))
		goto out;
	ret = EXIT_OK;
out:
	cJSON_Delete(model);
	soup_list_release(&soup);
	strvec_clear(&artifacts);
	strbuf_release(&doc);
	strbuf_release(&err);
	return ret;
}
