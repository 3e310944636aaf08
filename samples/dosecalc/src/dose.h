/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#ifndef DOSE_H
#define DOSE_H

/* A prescription as the parser reads it. */
struct prescription {
	char drug[32];
	double amount;      /* in amount_unit */
	char amount_unit[8];
	double volume_ml;
	double rate;        /* in rate_unit per hour */
	char rate_unit[8];
};

/* The pump rate in mL/h, or a negative value when the units do not match. */
double dose_rate_ml_per_h(const struct prescription *p);

#endif
