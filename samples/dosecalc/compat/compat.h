/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
#ifndef COMPAT_H
#define COMPAT_H

#include <stddef.h>

size_t kc_strlcpy(char *dst, const char *src, size_t size);
void *kc_reallocarray(void *p, size_t n, size_t size);

#endif
