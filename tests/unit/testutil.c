/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

char *tu_path(const char *dir, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(strbuf_addf(&sb, "%s/%s", dir, rel), 0);
	return strbuf_detach(&sb, NULL);
}

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

int tu_capture(const char *dir, struct strbuf *out, const char *fmt, ...)
{
	struct strbuf cmd = STRBUF_INIT;
	char buf[4096];
	va_list ap;
	size_t n;
	FILE *p;

	assert_int_equal(strbuf_addstr(&cmd, "cd "), 0);
	tu_add_quoted(&cmd, dir);
	assert_int_equal(strbuf_addstr(&cmd, " && "), 0);
	va_start(ap, fmt);
	assert_int_equal(strbuf_vaddf(&cmd, fmt, ap), 0);
	va_end(ap);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		assert_int_equal(strbuf_add(out, buf, n), 0);
	strbuf_release(&cmd);
	return pclose(p);
}

void tu_make_zip(const char *dir, const char *rel, const char *method, const char *const *entries)
{
	static const char script[] =
		"import sys, zipfile\n"
		"m = {'stored': zipfile.ZIP_STORED, 'deflated': zipfile.ZIP_DEFLATED,\n"
		"     'bzip2': zipfile.ZIP_BZIP2}[sys.argv[2]]\n"
		"a = sys.argv[3:]\n"
		"with zipfile.ZipFile(sys.argv[1], 'w', m) as z:\n"
		"    for i in range(0, len(a), 2):\n"
		"        z.writestr(a[i], a[i + 1].encode())\n";
	struct strbuf cmd = STRBUF_INIT;

	assert_int_equal(strbuf_addstr(&cmd, "python3 -c "), 0);
	tu_add_quoted(&cmd, script);
	assert_int_equal(strbuf_addch(&cmd, ' '), 0);
	tu_add_quoted(&cmd, rel);
	assert_int_equal(strbuf_addch(&cmd, ' '), 0);
	tu_add_quoted(&cmd, method);
	for (size_t i = 0; entries[i]; i++) {
		assert_int_equal(strbuf_addch(&cmd, ' '), 0);
		tu_add_quoted(&cmd, entries[i]);
	}
	if (tu_run(dir, "%s", cmd.buf))
		fail_msg("%s: python3's zipfile could not write %s", dir, rel);
	strbuf_release(&cmd);
}

void tu_mkdirs(const char *dir, const char *rel)
{
	struct strbuf p = STRBUF_INIT;

	assert_int_equal(strbuf_addf(&p, "%s/%s", dir, rel), 0);
	for (size_t i = strlen(dir) + 1; i <= p.len; i++) {
		if (p.buf[i] == '/' || p.buf[i] == '\0') {
			char c = p.buf[i];

			p.buf[i] = '\0';
			if (mkdir(p.buf, 0755) && errno != EEXIST)
				fail_msg("mkdir %s: %s", p.buf, strerror(errno));
			p.buf[i] = c;
		}
	}
	strbuf_release(&p);
}

void tu_write_bytes(const char *dir, const char *rel, const void *data, size_t len)
{
	struct strbuf p = STRBUF_INIT;
	const char *slash = strrchr(rel, '/');
	FILE *f;

	if (slash) {
		char *sub = strndup(rel, (size_t)(slash - rel));

		assert_non_null(sub);
		tu_mkdirs(dir, sub);
		free(sub);
	}
	assert_int_equal(strbuf_addf(&p, "%s/%s", dir, rel), 0);
	f = fopen(p.buf, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	strbuf_release(&p);
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
