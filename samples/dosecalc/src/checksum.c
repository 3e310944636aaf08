/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/*
 * Copyright 2026 Northwind Infusion Systems. All rights reserved.
 *
 * CRC-32 of the audit record. Uses the same polynomial as zlib's crc32
 * (see zlib.h); written from the published CRC-32 definition, no code
 * taken from zlib. Based on src/units.c's table-free style: one bit at a
 * time, no table in the binary.
 */
#include "checksum.h"

unsigned long audit_crc32(const unsigned char *p, unsigned long n)
{
	unsigned long crc = 0xffffffffUL;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320UL & (0UL - (crc & 1UL)));
	}
	return crc ^ 0xffffffffUL;
}
