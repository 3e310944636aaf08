/* SPDX-License-Identifier: Apache-2.0 */
/* souptrace diff: being written (issue 5); not usable yet. */
#include "cli.h"
#include "banned.h"

int cmd_diff(int argc, char **argv)
{
	cli_error("diff: not implemented yet");
	return EXIT_USAGE;
}
