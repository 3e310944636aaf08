/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: one OSV record (src/audit/osv.c), then every affected
 * entry's ranges evaluated for a few versions by both orders, and the
 * CVSS vector scored. A record is either loaded with no message, or
 * refused with exactly one message naming the file; no crash, hang or
 * leak; a score is -1 or 0..100.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "osv.h"
#include "pkgdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int dpkg(const char *a, const char *b)
{
	return pkgver_compare(a, b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const versions[] = { "0",	       "1.2.3", "1:1.2.13.dfsg-1+deb12u1",
						"v2.0.0-rc.1", "~",	"" };
	struct strbuf err = STRBUF_INIT;
	struct osv_db db;
	int r;

	osv_init(&db);
	r = osv_parse(&db, "f.json", (const char *)data, size, &err);
	if (r == 0 && err.len)
		__builtin_trap();
	if (r != 0 &&
	    (!err.len || strncmp(err.buf, "f.json: ", 8) || memchr(err.buf, '\n', err.len)))
		__builtin_trap();
	for (size_t i = 0; i < db.nr; i++) {
		int s = osv_cvss3_score(db.v[i].cvss);

		if (s < -1 || s > 100)
			__builtin_trap();
		for (size_t k = 0; k < db.v[i].nr_affected; k++)
			for (size_t n = 0; n < sizeof(versions) / sizeof(*versions); n++) {
				bool git = false;
				const char *fixed = NULL;

				(void)osv_affects(&db.v[i].affected[k], versions[n], dpkg, &git,
						  &fixed);
				(void)osv_affects(&db.v[i].affected[k], versions[n],
						  osv_semver_compare, &git, &fixed);
			}
	}
	osv_release(&db);
	strbuf_release(&err);
	return 0;
}
