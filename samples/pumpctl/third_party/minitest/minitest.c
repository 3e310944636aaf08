/* SPDX-License-Identifier: MIT */
/* SPDX-FileCopyrightText: 2021 Priya Natarajan */
#include "minitest.h"

#include <stdio.h>

static const char *mt_current = "?";
static int mt_checks, mt_failures, mt_tests, mt_failed_tests;
static int mt_current_failed;

void mt_run(const char *name, mt_test_fn fn)
{
	mt_current = name;
	mt_current_failed = 0;
	mt_tests++;
	fn();
	if (mt_current_failed)
		mt_failed_tests++;
	printf("[%s] %s\n", mt_current_failed ? "FAIL" : " ok ", name);
}

void mt_check(int ok, const char *expr, const char *file, int line)
{
	mt_checks++;
	if (ok)
		return;
	mt_failures++;
	mt_current_failed = 1;
	fprintf(stderr, "%s:%d: %s: check failed: %s\n", file, line, mt_current,
		expr);
}

void mt_check_eq_int(long long got, long long want, const char *expr,
		     const char *file, int line)
{
	mt_checks++;
	if (got == want)
		return;
	mt_failures++;
	mt_current_failed = 1;
	fprintf(stderr, "%s:%d: %s: %s: got %lld, want %lld\n", file, line,
		mt_current, expr, got, want);
}

int mt_finish(void)
{
	printf("minitest %s: %d tests, %d checks, %d failed checks, %d failed tests\n",
	       MINITEST_VERSION, mt_tests, mt_checks, mt_failures, mt_failed_tests);
	return mt_failures ? 1 : 0;
}
