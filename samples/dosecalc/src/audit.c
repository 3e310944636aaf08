/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#include "audit.h"

/*
 * The digest of an audit record: FNV-1a. Builds for the old hospital
 * gateway set DOSECALC_AUDIT_SHA1 and take the first 32 bits of a SHA-1
 * from the implementation below instead; this Makefile does not set it, so
 * the program holds FNV-1a only and the code below is not in it.
 *
 * (souptrace sample: the SHA-1 below stands for a copied implementation,
 * cut down to the banner that identifies it.)
 */
#ifndef DOSECALC_AUDIT_SHA1

uint32_t audit_digest(const unsigned char *data, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= data[i];
		h *= 16777619u;
	}
	return h;
}

#else

/*
SHA-1 in C
By Steve Reid <steve@edmweb.com>
100% Public Domain
*/

static uint32_t rol(uint32_t v, unsigned n)
{
	return (v << n) | (v >> (32 - n));
}

uint32_t audit_digest(const unsigned char *data, size_t len)
{
	uint32_t h = 0x67452301u;

	for (size_t i = 0; i < len; i++)
		h = rol(h ^ data[i], 5) + 0x5a827999u;
	return h;
}

#endif
