/* SPDX-License-Identifier: Apache-2.0 */
/* souptrace sbom: being written (issue 5); not usable yet. */
#include "cli.h"
#include "banned.h"

int cmd_sbom(int argc, char **argv)
{
	cli_error("sbom: not implemented yet");
	return EXIT_USAGE;
}
