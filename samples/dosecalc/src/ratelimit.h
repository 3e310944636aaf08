/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2026 Liisa Korhonen */
#ifndef RATELIMIT_H
#define RATELIMIT_H

/* The pump's rate range in mL/h: 0 when rate is outside it, 1 when inside. */
int ratelimit_ok(double ml_per_h);

#endif
