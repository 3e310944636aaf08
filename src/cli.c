/* SPDX-License-Identifier: Apache-2.0 */
/* What every subcommand shares at its edge: the table of commands, usage lines, errors. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

const struct cli_command cli_commands[] = {
	{ "check", cmd_check, "compare what reaches each artifact with the declared SOUP",
	  "--soup FILE [--trace DIR] [--project-root DIR] [--safety-class A|B|C] [--strict]\n"
	  "       [--quiet] [--include-generated] [--evidence trace|binary]\n"
	  "       [--format text|json|junit|sarif] [-o FILE] ARTIFACT..." },
	{ "init", cmd_init, "draft soup.json from what reaches the artifacts",
	  "[--trace DIR] [--project-root DIR] [--evidence trace|binary] [--include-generated]\n"
	  "       [-o FILE] [--force] [--update] ARTIFACT..." },
	{ "sbom", cmd_sbom, "write a CycloneDX or SPDX SBOM for the artifacts",
	  "[--format cyclonedx|spdx] [--spec-version 1.6|1.7|2.3|3.0.1] [--soup FILE]\n"
	  "       [--trace DIR] [--project-root DIR] [--evidence trace|binary] [-o FILE] ARTIFACT..." },
	{ "report", cmd_report, "write the SOUP list as a document (Markdown or HTML)",
	  "--soup FILE --format markdown|html [--trace DIR] [--project-root DIR]\n"
	  "       [--safety-class A|B|C] [--evidence trace|binary] [-o FILE] ARTIFACT..." },
	{ "diff", cmd_diff, "what changed between two SBOMs or two soup.json files",
	  "[--format text|json] [--fail-on-change] [-o FILE] OLD NEW" },
	{ "trace", cmd_trace, "show what the wrappers recorded (text or JSON)",
	  "[--trace DIR] [--format text|json] [--artifact FILE] [-o FILE]" },
	{ "scan", cmd_scan, "what an ELF file or archive is made of, without a trace",
	  "[--format text|json] [--sysroot DIR] [--debug-root DIR] [-o FILE] FILE..." },
	{ "lint", cmd_lint, "check a declared SOUP list (soup.json) on its own",
	  "--soup FILE [--safety-class A|B|C]" },
};

const size_t cli_nr_commands = sizeof(cli_commands) / sizeof(*cli_commands);

const char *cli_usage(const char *name)
{
	static char line[512];

	for (size_t i = 0; i < cli_nr_commands; i++) {
		if (strcmp(cli_commands[i].name, name))
			continue;
		snprintf(line, sizeof(line), "usage: souptrace %s %s", name, cli_commands[i].synopsis);
		return line;
	}
	return "usage: souptrace COMMAND [OPTIONS] (see souptrace help)";
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
