/* SPDX-License-Identifier: MIT */
/* SPDX-FileCopyrightText: 2021 Priya Natarajan */
/*
 * minitest - a very small unit-test harness for C.
 *
 *   MT_TEST(name) { MT_CHECK(1 + 1 == 2); MT_CHECK_EQ_INT(f(), 3); }
 *   int main(void) { MT_RUN(name); return mt_finish(); }
 */
#ifndef MINITEST_H
#define MINITEST_H

#define MINITEST_VERSION_MAJOR 0
#define MINITEST_VERSION_MINOR 9
#define MINITEST_VERSION_PATCH 2
#define MINITEST_VERSION "0.9.2"

typedef void (*mt_test_fn)(void);

void mt_run(const char *name, mt_test_fn fn);
void mt_check(int ok, const char *expr, const char *file, int line);
void mt_check_eq_int(long long got, long long want, const char *expr,
		     const char *file, int line);
/* Prints a summary; returns 0 if every check passed, 1 otherwise. */
int mt_finish(void);

#define MT_TEST(name) static void name(void)
#define MT_RUN(name) mt_run(#name, name)
#define MT_CHECK(expr) mt_check(!!(expr), #expr, __FILE__, __LINE__)
#define MT_CHECK_EQ_INT(got, want) \
	mt_check_eq_int((long long)(got), (long long)(want), #got " == " #want, \
			__FILE__, __LINE__)

#endif /* MINITEST_H */
