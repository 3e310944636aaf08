/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the dpkg database reader. The input is the status file
 * of a database in a private directory, whose info/ has one .list per
 * package named in it (the input's last part after a NUL byte, if any, is
 * that .list's content); then a few lookups.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pkgdb.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/souptrace-fuzz-dpkg-XXXXXX";

static void put(const char *name, const void *buf, size_t n)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "wb");
	if (!f || fwrite(buf, 1, n, f) != n)
		abort();
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t status_len = nul ? (size_t)(nul - data) : size;
	struct pkgdb_config cfg = PKGDB_CONFIG_INIT;
	struct strbuf err = STRBUF_INIT, ad = STRBUF_INIT;
	struct pkgdb *db = NULL;

	if (dir[sizeof(dir) - 2] == 'X') {
		char info[128];

		if (!mkdtemp(dir))
			abort();
		snprintf(info, sizeof(info), "%s/info", dir);
		mkdir(info, 0700);
	}
	put("status", data, status_len);
	put("info/fuzz.list", nul ? nul + 1 : (const uint8_t *)"", nul ? size - status_len - 1 : 0);
	cfg.admindir = dir;
	cfg.root = dir;
	if (pkgdb_open_dpkg(&cfg, &db, &err) == 0) {
		static const char *const q[] = { "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x",
						 "/usr/include/zlib.h", "/" };
		struct pkgdb_match m;

		pkgdb_match_init(&m);
		for (size_t i = 0; i < sizeof(q) / sizeof(*q); i++) {
			strbuf_reset(&err);
			if (pkgdb_lookup(db, q[i], &m, &err) == 0) {
				struct pkg_license lic;
				struct strbuf purl = STRBUF_INIT;

				pkg_license_init(&lic);
				pkgdb_license(db, m.pkg, &lic, &err);
				pkgdb_purl(db, m.pkg, false, &purl);
				pkg_license_release(&lic);
				strbuf_release(&purl);
			}
		}
		pkgdb_match_release(&m);
		pkgdb_close(db);
	} else if (!err.len) {
		__builtin_trap();
	}
	strbuf_release(&err);
	strbuf_release(&ad);
	return 0;
}
