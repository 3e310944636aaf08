/* SPDX-License-Identifier: Apache-2.0 */
/* The souptrace command: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "check", cmd_check, "compare what reaches each artifact with the declared SOUP" },
	{ "init", cmd_init, "draft soup.json from what reaches the artifacts" },
	{ "sbom", cmd_sbom, "write a CycloneDX or SPDX SBOM for the artifacts" },
	{ "report", cmd_report, "write the SOUP list as a document (Markdown or HTML)" },
	{ "diff", cmd_diff, "what changed between two SBOMs or two soup.json files" },
	{ "trace", cmd_trace, "show what the wrappers recorded (text or JSON)" },
	{ "scan", cmd_scan, "what an ELF file or archive is made of, without a trace" },
	{ "lint", cmd_lint, "check a declared SOUP list (soup.json) on its own" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: souptrace COMMAND [OPTIONS]\n\n"
		   "Record a build through souptrace-cc/c++/ar/ld, then find which third-party\n"
		   "code (SOUP) is in each artifact.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "  %-10s %s\n  %-10s %s\n", "version", "print the version", "help",
		"print this help");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("souptrace %s\n", SOUPTRACE_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("unknown command '%s' (see 'souptrace help')", argv[1]);
	return EXIT_USAGE;
}
