/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/*
 * Copyright 2026 Liisa Korhonen
 *
 * Rate limits of the pump (a contributor's own file: her name is in the
 * project's AUTHORS, so souptrace takes it as the project's).
 */
#include "ratelimit.h"

#define RATE_MIN 0.1   /* mL/h: the pump's smallest step */
#define RATE_MAX 999.0 /* mL/h: its largest */

int ratelimit_ok(double ml_per_h)
{
	return ml_per_h >= RATE_MIN && ml_per_h <= RATE_MAX;
}
