/* SPDX-License-Identifier: Apache-2.0 */
/* souptrace report: being written (issue 5); not usable yet. */
#include "cli.h"
#include "banned.h"

int cmd_report(int argc, char **argv)
{
	cli_error("report: not implemented yet");
	return EXIT_USAGE;
}
