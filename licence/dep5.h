/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DEP5_H
#define SOUPTRACE_DEP5_H

#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Debian licence short names and their SPDX ids. Sorted by strcasecmp on
 * debian (short names are case-insensitive); "GPL-2.0+"-style spellings are
 * looked up as "GPL-2+" (a ".0" after the major version of GPL, LGPL, AGPL
 * and GFDL is dropped first). spdx may be an expression.
 */
struct deb_license_map {
	const char *debian;
	const char *spdx;
	const char *why;
};
extern const struct deb_license_map deb_license_map[];
extern const size_t deb_license_map_nr;

/*
 * Translate one DEP-5 License expression (first line) into SPDX, appended
 * to out; names without a mapping become LicenseRef-... and are pushed to
 * unmapped (may be NULL). 0, 1 when it is not a DEP-5 expression (out
 * unchanged), -1 out of memory.
 */
int deb_license_to_spdx(const char *expr, struct strbuf *out, struct strvec *unmapped);

#endif
