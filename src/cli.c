/* SPDX-License-Identifier: Apache-2.0 */
/* What every subcommand shares at its edge: the error message. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"
#include "banned.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("souptrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
