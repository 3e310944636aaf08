/* SPDX-License-Identifier: Apache-2.0 */
/* What every subcommand shares at its edge: the table of commands, errors. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "strbuf.h"
#include "banned.h"

const struct cli_command cli_commands[] = {
	{ "check", cmd_check, "compare what reaches each artifact with the declared SOUP" },
	{ "init", cmd_init, "draft soup.json from what reaches the artifacts" },
	{ "sbom", cmd_sbom, "write a CycloneDX or SPDX SBOM for the artifacts" },
	{ "report", cmd_report, "write the SOUP list as a document (Markdown or HTML)" },
	{ "diff", cmd_diff, "what changed between two SBOMs or two soup.json files" },
	{ "trace", cmd_trace, "show what the wrappers recorded (text or JSON)" },
	{ "scan", cmd_scan, "what an ELF file or archive is made of, without a trace" },
	{ "lint", cmd_lint, "check a declared SOUP list (soup.json) on its own" },
	{ "shims", cmd_shims, "make a folder of gcc, cc, ar, ... links to the wrappers" },
};

const size_t cli_nr_commands = sizeof(cli_commands) / sizeof(*cli_commands);

int cli_evaluate(const struct check_request *rq, struct soup_list *soup, struct check_model *model)
{
	struct strbuf diag = STRBUF_INIT;
	int rc = check_evaluate(rq, soup, model, &diag);

	fputs(diag.buf, stderr);
	strbuf_release(&diag);
	return rc;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("souptrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
