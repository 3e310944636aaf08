/* Copyright (c) 2026 Northwind Infusion Systems */
#include <getopt.h>
#include <stdio.h>

#include "eventlog.h"

int main(int argc, char **argv)
{
	static const struct option opts[] = { { "quiet", no_argument, NULL, 'q' }, { 0, 0, 0, 0 } };
	int quiet = 0, c;

	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1)
		quiet |= c == 'q';
	for (int i = optind; i < argc; i++)
		if (!quiet)
			eventlog_print(argv[i]);
	return 0;
}
