/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/*
 * Copyright 2026 Northwind Infusion Systems. All rights reserved.
 *
 * The code is modified for use in dosecalc (the audit record's hash).
 * The original header comment follows:
 *
 * This code was written by Pia Lumo in 1998 (a fictional author for this
 * sample). No copyright is claimed. This code is in the public domain; do
 * with it what you wish.
 */
#include "mixhash.h"

unsigned long mixhash(const unsigned char *p, unsigned long n)
{
	unsigned long h = 2166136261UL;

	while (n--)
		h = (h ^ *p++) * 16777619UL;
	return h & 0xffffffffUL;
}
