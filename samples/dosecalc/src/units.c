/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#include <string.h>

#include "units.h"

static double in_mcg(const char *u)
{
	if (!strcmp(u, "mcg"))
		return 1;
	if (!strcmp(u, "mg"))
		return 1e3;
	if (!strcmp(u, "g"))
		return 1e6;
	return -1;
}

double units_factor(const char *from, const char *to)
{
	double f, t;

	if (!strcmp(from, to))
		return 1;
	f = in_mcg(from);
	t = in_mcg(to);
	return f > 0 && t > 0 ? f / t : -1;
}
