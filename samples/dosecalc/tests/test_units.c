/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#include "minicheck.h"
#include "../src/units.h"

int main(void)
{
	CHECK(units_factor("mg", "mcg") == 1000);
	CHECK(units_factor("IU", "IU") == 1);
	CHECK(units_factor("IU", "mg") < 0);
	return fails != 0;
}
