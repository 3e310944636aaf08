/* SPDX-License-Identifier: Apache-2.0 */
/* The souptrace command: dispatch to the subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "alloc.h"
#include "json_get.h"
#include "cli.h"
#include "banned.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: souptrace COMMAND [OPTIONS]\n\n"
		   "Record a build through souptrace-cc/c++/ar/ld, then find which third-party\n"
		   "code (SOUP) is in each artifact.\n\ncommands:\n");
	for (size_t i = 0; i < cli_nr_commands; i++)
		fprintf(f, "  %-10s %s\n", cli_commands[i].name, cli_commands[i].summary);
	fprintf(f, "  %-10s %s\n  %-10s %s\n", "version", "print the version", "help",
		"print this help");
	fprintf(f, "\n'souptrace COMMAND --help' shows a command's options.\n");
}

static void *cjson_malloc(size_t size)
{
	return xmalloc(size);
}

int main(int argc, char **argv)
{
	/* the edge's memory policy (alloc.h): out of memory ends the command */
	alloc_die_on_failure("souptrace");
	json_set_hooks(cjson_malloc);
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
	for (size_t i = 0; i < cli_nr_commands; i++) {
		if (strcmp(argv[1], cli_commands[i].name))
			continue;
		return cli_commands[i].fn(argc - 1, argv + 1);
	}
	cli_error("unknown command '%s' (see 'souptrace help')", argv[1]);
	return EXIT_USAGE;
}
