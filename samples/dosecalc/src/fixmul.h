/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#ifndef FIXMUL_H
#define FIXMUL_H

#include <stdint.h>

typedef int32_t nw_fixed; /* 16.16 */

nw_fixed nw_fixed_from(double v);
double nw_fixed_to(nw_fixed v);
nw_fixed nw_fixed_mul(nw_fixed a, nw_fixed b);
nw_fixed nw_fixed_div(nw_fixed a, nw_fixed b);

#endif
