/*
 * calcexpr - evaluate small arithmetic expressions
 *
 * Copyright (c) 2019 Tarja Niemi
 * SPDX-License-Identifier: MIT
 */
#ifndef CALCEXPR_H
#define CALCEXPR_H

/* The value of "a*b/c" style expressions of positive numbers; -1 on error. */
double calcexpr_eval(const char *text);

/* The mean of n values (calcexpr_stats.c). */
double calcexpr_mean(const double *v, int n);

#endif
