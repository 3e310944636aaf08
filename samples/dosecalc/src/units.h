/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#ifndef UNITS_H
#define UNITS_H

/* How many `to` units one `from` unit is (IU, mg, mcg, g), or -1. */
double units_factor(const char *from, const char *to);

#endif
