/*
 * calcexpr - evaluate small arithmetic expressions
 *
 * Copyright (c) 2019 Tarja Niemi
 * SPDX-License-Identifier: MIT
 */
#include "calcexpr.h"

#include <stdlib.h>

double calcexpr_eval(const char *text)
{
	char *end;
	double acc = strtod(text, &end);

	if (end == text)
		return -1;
	while (*end == '*' || *end == '/') {
		char op = *end++;
		const char *at = end;
		double v = strtod(at, &end);

		if (end == at || (op == '/' && v == 0))
			return -1;
		acc = op == '*' ? acc * v : acc / v;
	}
	return *end ? -1 : acc;
}
