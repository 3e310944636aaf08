/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace check: the gate. The engine (check.h) attributes every file
 * that reaches each artifact and raises the findings; this prints them as
 * text (while they are found), JSON, JUnit or SARIF. Exit 0 when the gate
 * passes, 1 when it fails, 2 on bad usage or input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "check_output.h"
#include "cli.h"
#include "jout.h"
#include "options.h"
#include "outfile.h"
#include "soup.h"
#include "banned.h"

int cmd_check(int argc, char **argv)
{
	const char *format = "text", *out_path = NULL, *color = "auto";
	struct strvec artifacts = STRVEC_INIT;
	struct check_request rq;
	struct soup_list soup;
	struct check_model model;
	struct outfile of = OUTFILE_INIT;
	struct strbuf err = STRBUF_INIT;
	FILE *out = stdout;
	int ret = EXIT_USAGE, rc;

	memset(&rq, 0, sizeof(rq));
	check_model_init(&model);
	soup_list_init(&soup);
	{
		static const struct command_spec command = {
			"check", "compare what reaches each artifact with the declared SOUP",
			"ARTIFACT...", 1, 0
		};
		const struct option opts[] = {
			CHECK_COMMAND_OPTIONS(
				rq, true, &out_path, "the output",
				{ "--strict", NULL, OPT_FLAG, &rq.strict, NULL,
				  "declared components that reach no artifact fail too", false,
				  NULL },
				{ "--quiet", "-q", OPT_FLAG, &rq.quiet, NULL,
				  "text: the findings and the verdict only", false, NULL },
				{ "--verbose", "-v", OPT_FLAG, &rq.verbose, NULL,
				  "text: every evidence line of a finding (default: the first 3)",
				  false, NULL },
				{ "--format", NULL, OPT_CHOICE, &format, "text|json|junit|sarif",
				  "the output's format (default: text)", false, NULL },
				{ "--color", NULL, OPT_CHOICE, &color, "auto|always|never",
				  "text: colour the verdicts (default auto: on a terminal, "
				  "NO_COLOR unset)",
				  false, NULL }),
		};

		if (!cli_parse(&command, opts, argc, argv, &artifacts, &ret))
			goto out;
	}
	if (cli_artifacts("check", &artifacts))
		goto out;
	rq.artifacts = &artifacts;
	if (outfile_open(&of, out_path, &err)) {
		cli_error("check: cannot write %s", err.buf);
		goto out;
	}
	out = of.f;
	rq.text = strcmp(format, "text") ? NULL : out;
	/* always: a CI log is no terminal but shows colours */
	if (!strcmp(color, "auto"))
		rq.color = rq.text && isatty(fileno(out)) && !getenv("NO_COLOR") &&
			   !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
	else
		rq.color = rq.text && !strcmp(color, "always");
	rc = cli_evaluate(&rq, &soup, &model);
	if (rc < 0)
		goto out;
	if (!rq.text) {
		char *s = NULL;
		struct jout j = { false };

		if (!strcmp(format, "junit")) {
			check_write_junit(out, &model);
		} else {
			if (!strcmp(format, "sarif")) {
				s = check_sarif_text(&j, &model);
			} else {
				cJSON *doc = check_model_to_json(&model);

				s = doc ? cJSON_Print(doc) : NULL;
				cJSON_Delete(doc);
			}
			if (!s || j.oom) {
				cli_error("check: out of memory");
				free(s);
				goto out;
			}
			fputs(s, out);
			fputc('\n', out);
			free(s);
		}
	} else {
		size_t nf = model.summary.failing, nw = model.summary.warnings;

		if (rq.binary_evidence)
			fprintf(out, "\nNote: %s\n", check_binary_note);
		fprintf(out, "\n%s: %zu failing, %zu warning%s\n", nf ? "FAILED" : "passed", nf, nw,
			nw == 1 ? "" : "s");
	}
	ret = rc ? EXIT_FINDINGS : EXIT_OK;
out:
	if (ret == EXIT_USAGE) {
		outfile_abort(&of); /* an existing FILE stays as it was */
	} else if (outfile_commit(&of, &err)) {
		cli_error("check: cannot write %s", err.buf);
		ret = EXIT_USAGE;
	}
	strbuf_release(&err);
	check_model_release(&model);
	soup_list_release(&soup);
	strvec_clear(&artifacts);
	return ret;
}
