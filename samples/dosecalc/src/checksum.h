/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2026 Northwind Infusion Systems. All rights reserved. */
#ifndef DOSECALC_CHECKSUM_H
#define DOSECALC_CHECKSUM_H

unsigned long audit_crc32(const unsigned char *p, unsigned long n);

#endif
