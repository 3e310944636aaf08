/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#include <string.h>

#include "dose.h"
#include "fixmul.h"
#include "units.h"

double dose_rate_ml_per_h(const struct prescription *p)
{
	double factor = units_factor(p->rate_unit, p->amount_unit);
	nw_fixed conc, rate;

	if (factor <= 0 || p->volume_ml <= 0 || p->amount <= 0)
		return -1;
	/* the pump firmware computes in 16.16 fixed point: do the same here */
	conc = nw_fixed_div(nw_fixed_from(p->amount), nw_fixed_from(p->volume_ml));
	rate = nw_fixed_div(nw_fixed_from(p->rate * factor), conc);
	return nw_fixed_to(rate);
}
