/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#ifndef AUDIT_H
#define AUDIT_H

#include <stddef.h>
#include <stdint.h>

/* The 32-bit digest the audit record carries. */
uint32_t audit_digest(const unsigned char *data, size_t len);

#endif
