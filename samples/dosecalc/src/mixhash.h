/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2026 Northwind Infusion Systems. All rights reserved. */
#ifndef DOSECALC_MIXHASH_H
#define DOSECALC_MIXHASH_H

unsigned long mixhash(const unsigned char *p, unsigned long n);

#endif
