/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

void tu_add_quoted(struct strbuf *sb, const char *s)
{
	assert_int_equal(strbuf_addch(sb, '\''), 0);
	for (; *s; s++) {
		if (*s == '\'')
			assert_int_equal(strbuf_addstr(sb, "'\\''"), 0);
		else
			assert_int_equal(strbuf_addch(sb, *s), 0);
	}
	assert_int_equal(strbuf_addch(sb, '\''), 0);
}

int tu_run(const char *dir, const char *fmt, ...)
{
	struct strbuf cmd = STRBUF_INIT;
	va_list ap;
	int status;

	assert_int_equal(strbuf_addstr(&cmd, "cd "), 0);
	tu_add_quoted(&cmd, dir);
	assert_int_equal(strbuf_addstr(&cmd, " && { "), 0);
	va_start(ap, fmt);
	assert_int_equal(strbuf_vaddf(&cmd, fmt, ap), 0);
	va_end(ap);
	assert_int_equal(strbuf_addstr(&cmd, "; } >>log 2>&1"), 0);
	status = system(cmd.buf);
	strbuf_release(&cmd);
	return status;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
