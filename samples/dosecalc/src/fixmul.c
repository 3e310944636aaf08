/*
 * 16.16 fixed-point arithmetic for the dose computation.
 *
 * Derived from libfixmath (https://github.com/PetteriAimonen/libfixmath):
 * fix16_mul and fix16_div, renamed to the nw_fixed_* names and reduced to
 * the rounding mode the pump firmware uses.
 *
 * Copyright 2025-2026 Northwind Infusion Systems. All rights reserved.
 */
#include "fixmul.h"

nw_fixed nw_fixed_from(double v)
{
	return (nw_fixed)(v * 65536.0 + (v >= 0 ? 0.5 : -0.5));
}

double nw_fixed_to(nw_fixed v)
{
	return v / 65536.0;
}

nw_fixed nw_fixed_mul(nw_fixed a, nw_fixed b)
{
	int64_t p = (int64_t)a * b;

	return (nw_fixed)((p + (p >= 0 ? 0x8000 : -0x8000)) / 65536);
}

nw_fixed nw_fixed_div(nw_fixed a, nw_fixed b)
{
	int64_t n = (int64_t)a * 65536;

	if (b == 0)
		return a >= 0 ? INT32_MAX : INT32_MIN;
	return (nw_fixed)((n + (n >= 0 ? b / 2 : -b / 2)) / b);
}
