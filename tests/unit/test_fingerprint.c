/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for analyzers/fingerprint.c: every built-in fingerprint against a
 * small synthetic file holding only the lines its patterns need (written
 * here, not copied from the component), decoys that mention or use a
 * component without being a copy of it, user fingerprint files (good,
 * malformed, hostile) and the scan bounds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fingerprint.h"
#include "strbuf.h"

#include "testutil.h"
#include "banned.h"

static char workdir[4096];
static struct fp_db *db;

#define write_file(rel, text) tu_write_bytes(workdir, rel, text, strlen(text))

/* workdir "/" rel, allocated */
#define wpath(rel) tu_path(workdir, rel)

/* Scan workdir/rel with d; asserts success. */
static void scan(const struct fp_db *d, const char *rel, struct fp_result *res)
{
	struct strbuf err = STRBUF_INIT;
	char *p = wpath(rel);
	int r = fp_scan_file(d, p, res, &err);

	if (r)
		printf("# %s\n", err.buf);
	assert_int_equal(r, 0);
	strbuf_release(&err);
	free(p);
}

static void dump(const struct fp_result *res)
{
	size_t i, j;

	for (i = 0; i < res->nr; i++) {
		const struct fp_hit *h = &res->hits[i];

		printf("#   %s %s (%zu patterns) purl=%s cpe=%s\n#     %s\n", h->name,
		       h->version ? h->version : "-", h->patterns_hit, h->purl ? h->purl : "-",
		       h->cpe ? h->cpe : "-", h->evidence);
		for (j = 0; j < h->matches.nr; j++)
			printf("#     - %s\n", h->matches.v[j]);
	}
}

static const struct fp_hit *find_hit(const struct fp_result *res, const char *name)
{
	size_t i;

	for (i = 0; i < res->nr; i++)
		if (!strcmp(res->hits[i].name, name))
			return &res->hits[i];
	return NULL;
}

/* ---- every built-in fingerprint ---- */

struct fcase {
	const char *name;    /* component */
	const char *file;    /* file name to write */
	const char *text;    /* the characteristic lines */
	const char *version; /* expected, or NULL */
	const char *purl;    /* expected, or NULL */
	const char *cpe;     /* expected, or NULL */
};

static const struct fcase cases[] = {
	{ "SQLite", "sqlite3.c",
	  "/* amalgamation */\n#define SQLITE_VERSION        \"3.40.1\"\n"
	  "#define SQLITE_VERSION_NUMBER 3040001\n"
	  "#define SQLITE_SOURCE_ID      \"2022-12-28 14:03:47 "
	  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"\n",
	  "3.40.1", "pkg:generic/sqlite@3.40.1", "cpe:2.3:a:sqlite:sqlite:3.40.1:*:*:*:*:*:*:*" },
	{ "zlib", "zlib.h",
	  "/* Copyright (C) 1995-2022 Jean-loup Gailly and Mark Adler */\n"
	  "#define ZLIB_VERSION \"1.2.13\"\n#define ZLIB_VERNUM 0x12d0\n",
	  "1.2.13", "pkg:generic/zlib@1.2.13", "cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*" },
	{ "miniz", "miniz.h",
	  "/* miniz.c 3.0.2 - public domain deflate/inflate, zlib-subset, ZIP reading\n"
	  "   Rich Geldreich, somewhere */\n#define MZ_VERSION \"11.0.2\"\n",
	  "3.0.2", "pkg:generic/miniz@3.0.2", "cpe:2.3:a:miniz_project:miniz:3.0.2:*:*:*:*:*:*:*" },
	{ "LZ4", "lz4.h",
	  " *  LZ4 - Fast LZ compression algorithm\n#define LZ4_VERSION_MAJOR    1\n"
	  "#define LZ4_VERSION_MINOR    9\n#define LZ4_VERSION_RELEASE  4\n",
	  "1.9.4", "pkg:github/lz4/lz4@v1.9.4", "cpe:2.3:a:lz4_project:lz4:1.9.4:*:*:*:*:*:*:*" },
	{ "Zstandard", "zstd.h",
	  "#define ZSTD_VERSION_MAJOR    1\n#define ZSTD_VERSION_MINOR    5\n"
	  "#define ZSTD_VERSION_RELEASE  5\n#define ZSTD_VERSION_NUMBER  (ZSTD_VERSION_MAJOR "
	  "*100*100)\n",
	  "1.5.5", "pkg:github/facebook/zstd@v1.5.5", NULL },
	{ "xxHash", "xxhash.h",
	  " * xxHash - Extremely Fast Hash algorithm\n#define XXH_VERSION_MAJOR    0\n"
	  "#define XXH_VERSION_MINOR    8\n#define XXH_VERSION_RELEASE  1\n",
	  "0.8.1", "pkg:github/Cyan4973/xxHash@v0.8.1", NULL },
	{ "cJSON", "cJSON.h",
	  "  Copyright (c) 2009-2017 Dave Gamble and cJSON contributors\n#define "
	  "CJSON_VERSION_MAJOR 1\n"
	  "#define CJSON_VERSION_MINOR 7\n#define CJSON_VERSION_PATCH 15\n",
	  "1.7.15", "pkg:github/DaveGamble/cJSON@v1.7.15", NULL },
	{ "jsmn", "jsmn.h",
	  " * Copyright (c) 2010 Serge Zaitsev\n  JSMN_ERROR_NOMEM = -1,\n"
	  "JSMN_API void jsmn_init(jsmn_parser *parser);\n",
	  NULL, "pkg:github/zserge/jsmn", NULL },
	{ "uthash", "uthash.h",
	  "Copyright (c) 2003-2022, Troy D. Hanson  https://troydhanson.github.io/uthash/\n"
	  "#define UTHASH_VERSION 2.3.0\n",
	  "2.3.0", "pkg:github/troydhanson/uthash@v2.3.0", NULL },
	{ "stb_image", "stb_image.h",
	  "/* stb_image - v2.28 - public domain image loader - http://nothings.org/stb\n"
	  "#define STBI_INCLUDE_STB_IMAGE_H\n",
	  "2.28", "pkg:generic/stb_image@2.28", NULL },
	{ "stb_image_write", "stb_image_write.h",
	  "/* stb_image_write - v1.16 - public domain - http://nothings.org/stb\n"
	  "ALTERNATIVE B - Public Domain (www.unlicense.org)\n",
	  "1.16", "pkg:generic/stb_image_write@1.16", NULL },
	{ "stb_truetype", "stb_truetype.h",
	  "// stb_truetype.h - v1.26 - public domain\n#define __STB_INCLUDE_STB_TRUETYPE_H__\n",
	  "1.26", "pkg:generic/stb_truetype@1.26", NULL },
	{ "stb_sprintf", "stb_sprintf.h",
	  "// stb_sprintf - v1.10 - public domain snprintf() implementation\n"
	  "#define STB_SPRINTF_H_INCLUDE\n",
	  "1.10", "pkg:generic/stb_sprintf@1.10", NULL },
	{ "stb_ds", "stb_ds.h",
	  "/* stb_ds.h - v0.67 - public domain data structures - Sean Barrett 2019\n"
	  "#define INCLUDE_STB_DS_H\n",
	  "0.67", "pkg:generic/stb_ds@0.67", NULL },
	{ "FreeRTOS Kernel", "tasks.c",
	  " * FreeRTOS Kernel V10.4.6\n * Copyright (C) 2021 Amazon.com, Inc. or its affiliates.\n",
	  "10.4.6", "pkg:github/FreeRTOS/FreeRTOS-Kernel@V10.4.6",
	  "cpe:2.3:o:amazon:freertos:10.4.6:*:*:*:*:*:*:*" },
	{ "lwIP", "init.h",
	  " * This file is part of the lwIP TCP/IP stack.\n * Author: Adam Dunkels <adam@sics.se>\n"
	  "#define LWIP_VERSION_MAJOR      2\n#define LWIP_VERSION_MINOR      1\n"
	  "#define LWIP_VERSION_REVISION   3\n",
	  "2.1.3", "pkg:generic/lwip@2.1.3", "cpe:2.3:a:lwip_project:lwip:2.1.3:*:*:*:*:*:*:*" },
	{ "Mbed TLS", "build_info.h",
	  "#define MBEDTLS_VERSION_NUMBER         0x03040000\n"
	  "#define MBEDTLS_VERSION_STRING         \"3.4.0\"\n"
	  "#define MBEDTLS_VERSION_STRING_FULL    \"Mbed TLS 3.4.0\"\n",
	  "3.4.0", "pkg:generic/mbedtls@3.4.0", "cpe:2.3:a:arm:mbed_tls:3.4.0:*:*:*:*:*:*:*" },
	{ "FatFs", "ff.h",
	  "/  FatFs - Generic FAT Filesystem module  R0.14b                              /\n"
	  "/ Copyright (C) 2021, ChaN, all right reserved.\n#define FF_DEFINED\t86631\n",
	  "0.14b", "pkg:generic/fatfs@0.14b", NULL },
	{ "nanopb", "pb.h",
	  "/* Common parts of the nanopb library. */\n#define NANOPB_VERSION \"nanopb-0.4.7\"\n",
	  "0.4.7", "pkg:github/nanopb/nanopb@0.4.7",
	  "cpe:2.3:a:nanopb_project:nanopb:0.4.7:*:*:*:*:*:*:*" },
	{ "Unity", "unity.h",
	  "    Unity Project - A Test Framework for C\n#define UNITY_VERSION_MAJOR    2\n"
	  "#define UNITY_VERSION_MINOR    5\n#define UNITY_VERSION_BUILD    2\n",
	  "2.5.2", "pkg:github/ThrowTheSwitch/Unity@v2.5.2", NULL },
	{ "Lua", "lua.h",
	  "#define LUA_VERSION_MAJOR\t\"5\"\n#define LUA_VERSION_MINOR\t\"4\"\n"
	  "#define LUA_VERSION_RELEASE\t\"6\"\n"
	  "#define LUA_AUTHORS\t\"R. Ierusalimschy, L. H. de Figueiredo, W. Celes\"\n",
	  "5.4.6", "pkg:generic/lua@5.4.6", "cpe:2.3:a:lua:lua:5.4.6:*:*:*:*:*:*:*" },
	{ "Expat", "expat.h",
	  "   Copyright (c) 1997-2000 Thai Open Source Software Center Ltd\n"
	  "#define XML_MAJOR_VERSION 2\n#define XML_MINOR_VERSION 5\n#define XML_MICRO_VERSION 0\n",
	  "2.5.0", "pkg:generic/expat@2.5.0",
	  "cpe:2.3:a:libexpat_project:libexpat:2.5.0:*:*:*:*:*:*:*" },
	{ "libyaml", "yaml.h",
	  " * @brief Public interface for libyaml.\nYAML_DECLARE(const char *)\n", NULL,
	  "pkg:generic/libyaml", NULL },
	{ "linenoise", "linenoise.h",
	  "/* linenoise.h -- VERSION 1.0\n * Guerrilla line editing: a guerrilla line editing "
	  "library\n"
	  " * Copyright (c) 2010-2014, Salvatore Sanfilippo\n",
	  "1.0", "pkg:github/antirez/linenoise", NULL },
	{ "TinyUSB", "tusb_option.h",
	  " * Copyright (c) 2019 Ha Thach (tinyusb.org)\n * This file is part of the TinyUSB "
	  "stack.\n"
	  "#define TUSB_VERSION_MAJOR     0\n#define TUSB_VERSION_MINOR     15\n"
	  "#define TUSB_VERSION_REVISION  0\n",
	  "0.15.0", "pkg:github/hathach/tinyusb@0.15.0", NULL },
	{ "CMSIS-Core(M)", "cmsis_version.h",
	  " * @brief    CMSIS Core(M) Version definitions\n"
	  "#define __CM_CMSIS_VERSION_MAIN  ( 5U)   /* main */\n"
	  "#define __CM_CMSIS_VERSION_SUB   ( 6U)   /* sub */\n",
	  "5.6", "pkg:generic/cmsis-core@5.6", NULL },
	{ "SHA-1 in C (Steve Reid)", "sha1.c",
	  "/*\nSHA-1 in C\nBy Steve Reid <someone@example>\n*/\n", NULL,
	  "pkg:generic/sha1-steve-reid", NULL },
	{ "MD5 (Solar Designer)", "md5.c",
	  " * This is an OpenSSL-compatible implementation of the RSA Data Security, Inc.\n"
	  " * Alexander Peslyak, better known as Solar Designer <solar>\n",
	  NULL, "pkg:generic/md5-openwall", NULL },
	{ "dtoa (David M. Gay)", "dtoa.c",
	  " * The author of this software is David M. Gay.\n"
	  " * Copyright (c) 1991, 2000, 2001 by Lucent Technologies.\n",
	  NULL, "pkg:generic/dtoa-netlib", NULL },
	{ "LZF", "lzf.h",
	  " * Copyright (c) 2000-2008 Marc Alexander Lehmann <someone>\n#define LZF_VERSION "
	  "0x0105\n",
	  NULL, "pkg:generic/liblzf", NULL },
	{ "strlcpy/strlcat (OpenBSD)", "strlcpy.c",
	  " * Copyright (c) 1998, 2015 Todd C. Miller <someone>\nsize_t\n"
	  "strlcpy(char *dst, const char *src, size_t dsize)\n{\n",
	  NULL, "pkg:generic/openbsd-strlcpy", NULL },
	{ "printf (Marco Paland)", "printf.c",
	  "// \\author (c) Marco Paland (info@paland.com)\n//             2014-2019, PALANDesign "
	  "Hannover, Germany\n",
	  NULL, "pkg:github/mpaland/printf", NULL },
	{ "inih", "ini.h",
	  "/* inih -- simple .INI file parser\n\nCopyright (C) 2009-2020, Ben Hoyt\n", NULL,
	  "pkg:github/benhoyt/inih", NULL },
	{ "Mongoose", "mongoose.h",
	  "// Copyright (c) 2004-2013 Sergey Lyubka\n// Copyright (c) 2013-2023 Cesanta Software "
	  "Limited\n#define MG_VERSION \"7.11\"\n",
	  "7.11", "pkg:generic/mongoose@7.11", "cpe:2.3:a:cesanta:mongoose:7.11:*:*:*:*:*:*:*" },
	{ "wolfSSL", "version.h",
	  " * This file is part of wolfSSL.\n#define LIBWOLFSSL_VERSION_STRING \"5.6.3\"\n"
	  "#define LIBWOLFSSL_VERSION_HEX 0x05006003\n",
	  "5.6.3", "pkg:generic/wolfssl@5.6.3", "cpe:2.3:a:wolfssl:wolfssl:5.6.3:*:*:*:*:*:*:*" },
	{ "libpng", "png.h",
	  "#define PNG_LIBPNG_VER_STRING \"1.6.39\"\n"
	  "#define PNG_HEADER_VERSION_STRING \" libpng version 1.6.39 - November 20, 2022\\n\"\n",
	  "1.6.39", "pkg:generic/libpng@1.6.39", "cpe:2.3:a:libpng:libpng:1.6.39:*:*:*:*:*:*:*" },
	{ "libsodium", "version.h",
	  "#define SODIUM_VERSION_STRING \"1.0.18\"\n#define SODIUM_LIBRARY_VERSION_MAJOR 10\n",
	  "1.0.18", "pkg:generic/libsodium@1.0.18",
	  "cpe:2.3:a:libsodium_project:libsodium:1.0.18:*:*:*:*:*:*:*" },
	{ "parson", "parson.h",
	  " Parson 1.5.2 (https://github.com/kgabis/parson)\n Copyright (c) 2012 - 2023 Krzysztof "
	  "Gabis\n#define PARSON_VERSION_STRING \"1.5.2\"\n",
	  "1.5.2", "pkg:generic/parson@1.5.2", NULL },
	{ "littlefs", "lfs.h",
	  " * The little filesystem\n * Copyright (c) 2022, The littlefs authors.\n"
	  "#define LFS_VERSION 0x00020008\n",
	  "2.8", "pkg:github/littlefs-project/littlefs@v2.8", NULL },
};

static void test_every_default(void **state)
{
	size_t i, j;
	bool covered[256] = { false };

	(void)state;
	assert_true(fp_db_count(db) <= 256);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct fcase *c = &cases[i];
		struct fp_result res;
		const struct fp_hit *h;
		struct strbuf rel = STRBUF_INIT;

		assert_int_equal(strbuf_addf(&rel, "defaults/%zu/%s", i, c->file), 0);
		write_file(rel.buf, c->text);
		fp_result_init(&res);
		scan(db, rel.buf, &res);
		printf("# %s\n", c->name);
		dump(&res);
		h = find_hit(&res, c->name);
		assert_non_null(h);
		/* no other component claims these lines */
		assert_int_equal(res.nr, 1);
		if (c->version)
			assert_string_equal(h->version, c->version);
		else
			assert_null(h->version);
		if (c->purl)
			assert_string_equal(h->purl, c->purl);
		else
			assert_null(h->purl);
		if (c->cpe)
			assert_string_equal(h->cpe, c->cpe);
		assert_non_null(h->supplier);
		assert_non_null(h->license);
		assert_true(h->patterns_hit >= 1);
		assert_true(h->line >= 1);
		assert_non_null(strstr(h->evidence, c->file));
		assert_non_null(strstr(h->file, c->file));
		assert_true(h->matches.nr >= 1);
		for (j = 0; j < fp_db_count(db); j++)
			if (!strcmp(fp_db_name(db, j), c->name))
				covered[j] = true;
		fp_result_release(&res);
		strbuf_release(&rel);
	}
	/* every built-in component has a case above */
	for (j = 0; j < fp_db_count(db); j++) {
		if (!covered[j])
			printf("# no test case for %s\n", fp_db_name(db, j));
		assert_true(covered[j]);
	}
	assert_true(fp_db_count(db) >= 25);
}

/* ---- the evidence ---- */

static void test_evidence(void **state)
{
	struct fp_result res;
	const struct fp_hit *h;
	struct strbuf e = STRBUF_INIT;

	(void)state;
	fp_result_init(&res);
	write_file("ev/sqlite3.h", "line one\n\n   #  define SQLITE_VERSION \"3.45.0\"   \r\n"
				   "#define SQLITE_VERSION_NUMBER 3045000\n");
	scan(db, "ev/sqlite3.h", &res);
	h = find_hit(&res, "SQLite");
	assert_non_null(h);
	assert_int_equal(h->line, 3);
	assert_int_equal(h->patterns_hit, 2);
	assert_int_equal(
		strbuf_addf(&e, "%s/ev/sqlite3.h:3: #  define SQLITE_VERSION \"3.45.0\"", workdir),
		0);
	assert_string_equal(h->evidence, e.buf);
	assert_int_equal(h->matches.nr, 2);
	assert_non_null(strstr(h->matches.v[1], "sqlite3.h:4: #define SQLITE_VERSION_NUMBER"));
	fp_result_release(&res);
	strbuf_release(&e);

	/* two different versions stated: no version, still a hit */
	write_file("ev2/sqlite3.h", "#define SQLITE_VERSION \"3.45.0\"\n"
				    "#define SQLITE_VERSION \"3.46.0\"\n"
				    "#define SQLITE_VERSION_NUMBER 3045000\n");
	scan(db, "ev2/sqlite3.h", &res);
	h = find_hit(&res, "SQLite");
	assert_non_null(h);
	assert_null(h->version);
	assert_string_equal(h->purl, "pkg:generic/sqlite");
	assert_null(h->cpe);
	fp_result_release(&res);

	/* zlib's deflate.c alone: one sufficient pattern */
	write_file("ev3/deflate.c",
		   "const char deflate_copyright[] =\n"
		   "   \" deflate 1.3.1 Copyright 1995-2024 Jean-loup Gailly and Mark Adler \";\n");
	scan(db, "ev3/deflate.c", &res);
	h = find_hit(&res, "zlib");
	assert_non_null(h);
	assert_string_equal(h->version, "1.3.1");
	assert_int_equal(h->patterns_hit, 1);
	fp_result_release(&res);

	/* the FreeRTOS banner and the kernel macro agree */
	write_file("ev4/task.h", " * FreeRTOS Kernel V10.5.1\n"
				 "#define tskKERNEL_VERSION_NUMBER \"V10.5.1\"\n"
				 "#define tskKERNEL_VERSION_MAJOR 10\n");
	scan(db, "ev4/task.h", &res);
	h = find_hit(&res, "FreeRTOS Kernel");
	assert_non_null(h);
	assert_string_equal(h->version, "10.5.1");
	assert_int_equal(h->line, 2);
	assert_int_equal(h->patterns_hit, 3);
	fp_result_release(&res);
}

/* ---- decoys ---- */

static void test_decoys(void **state)
{
	static const struct {
		const char *file, *text;
	} decoys[] = {
		{ "mentions.c", "/* we compress with zlib, like everybody; see zlib.net */\n"
				"static const char *why = \"zlib 1.2.13 is fine\";\n" },
		{ "uses_sqlite.c",
		  "#include <sqlite3.h>\n#include <zlib.h>\n#include \"lua.h\"\n"
		  "int f(void) { sqlite3 *db; return sqlite3_open(\"x\", &db); }\n"
		  "#if SQLITE_VERSION_NUMBER >= 3040000\n#endif\n"
		  "const char *v = SQLITE_VERSION;\n"
		  "#if ZLIB_VERNUM >= 0x1280 && LUA_VERSION_NUM >= 504\n#endif\n" },
		{ "uses_stb.c",
		  "#define STB_IMAGE_IMPLEMENTATION\n#include \"stb_image.h\"\n"
		  "#define STB_SPRINTF_IMPLEMENTATION\n#include \"stb_sprintf.h\"\n" },
		{ "uses_jsmn.c",
		  "#include \"jsmn.h\"\nvoid g(void) { jsmn_parser p; jsmn_init(&p);\n"
		  "if (r == JSMN_ERROR_NOMEM) return; }\n" },
		/* one of two required patterns only */
		{ "half_sqlite.h", "#define SQLITE_VERSION \"3.40.1\"\n" },
		{ "half_zlib.h", "#define ZLIB_VERSION \"1.2.13\"\n" },
		{ "half_lz4.h", "#define LZ4_VERSION_MAJOR 1\n#define LZ4_VERSION_MINOR 9\n"
				"#define LZ4_VERSION_RELEASE 4\n" },
		/* Redis has linenoise's authors but not its banner */
		{ "redis.c", " * Copyright (c) 2009-2012, Salvatore Sanfilippo\n"
			     " * Copyright (c) 2010, Pieter Noordhuis\n" },
		/* Todd C. Miller's copyright without the OpenBSD-style definition */
		{ "sudo.c", " * Copyright (c) 2009 Todd C. Miller <x>\n"
			    "size_t my_strlcpy(char *d, const char *s, size_t n);\n" },
		/* a macro inside a longer name, and a version macro of another thing */
		{ "other.h",
		  "#define MYSQLITE_VERSION \"1.0.0\"\n#define SQLITE_VERSION_NUMBER_X 1\n"
		  "#define UNITY_VERSION \"0.1.internal\"\n" },
		{ "empty.c", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(decoys) / sizeof(*decoys); i++) {
		struct fp_result res;
		struct strbuf rel = STRBUF_INIT;

		assert_int_equal(strbuf_addf(&rel, "decoys/%s", decoys[i].file), 0);
		write_file(rel.buf, decoys[i].text);
		fp_result_init(&res);
		scan(db, rel.buf, &res);
		if (res.nr) {
			printf("# decoy %s:\n", decoys[i].file);
			dump(&res);
		}
		assert_int_equal(res.nr, 0);
		fp_result_release(&res);
		strbuf_release(&rel);
	}
}

/* ---- user files ---- */

static const char user_ok[] =
	"{\"souptrace-fingerprints\": 1, \"components\": [\n"
	" {\"name\": \"acme-crc\", \"supplier\": \"ACME\", \"license\": \"LicenseRef-ACME\",\n"
	"  \"purl\": \"pkg:generic/acme-crc@{version}\",\n"
	"  \"file_names\": [\"acme_crc*.h\"],\n"
	"  \"patterns\": [\n"
	"   {\"regex\": \"^#define ACME_CRC_VERSION \\\"([0-9.]+)\\\"\", \"version\": 1},\n"
	"   {\"regex\": \"ACME (Corp|Inc)\\\\. confidential\", \"literal\": \"confidential\"}]},\n"
	" {\"name\": \"acme-split\",\n"
	"  \"patterns\": [{\"regex\": \"ACME split library\"}],\n"
	"  \"version_parts\": [{\"regex\": \"^#define ACS_MAJ ([0-9]+)\"},\n"
	"                    {\"regex\": \"^#define ACS_MIN ([0-9]+)\"}],\n"
	"  \"require\": 2}\n"
	"]}\n";

static void test_user_file(void **state)
{
	struct fp_db *d;
	struct fp_result res;
	struct strbuf err = STRBUF_INIT;
	const struct fp_hit *h;
	char *p;
	size_t n;

	(void)state;
	assert_int_equal(fp_db_load_default(&d, &err), 0);
	n = fp_db_count(d);
	write_file("user/ok.json", user_ok);
	p = wpath("user/ok.json");
	assert_int_equal(fp_db_load_file(d, p, &err), 0);
	free(p);
	assert_int_equal(fp_db_count(d), n + 2);
	assert_string_equal(fp_db_name(d, n), "acme-crc");

	fp_result_init(&res);
	write_file("user/acme_crc_v2.h",
		   "/* ACME Inc. confidential */\n#define ACME_CRC_VERSION \"2.1\"\n");
	scan(d, "user/acme_crc_v2.h", &res);
	h = find_hit(&res, "acme-crc");
	assert_non_null(h);
	assert_string_equal(h->version, "2.1");
	assert_string_equal(h->purl, "pkg:generic/acme-crc@2.1");
	assert_null(h->cpe);
	assert_string_equal(h->license, "LicenseRef-ACME");
	fp_result_release(&res);
	/* the same lines in a file of another name: the name is a condition */
	write_file("user/other.h",
		   "/* ACME Inc. confidential */\n#define ACME_CRC_VERSION \"2.1\"\n");
	scan(d, "user/other.h", &res);
	assert_int_equal(res.nr, 0);
	/* version parts joined with '.' */
	write_file("user/split.h",
		   "/* ACME split library */\n#define ACS_MIN 7\n#define ACS_MAJ 3\n");
	scan(d, "user/split.h", &res);
	h = find_hit(&res, "acme-split");
	assert_non_null(h);
	assert_string_equal(h->version, "3.7");
	assert_int_equal(h->patterns_hit, 2);
	assert_int_equal(h->line, 3); /* the first part's line */
	fp_result_release(&res);
	/* the same file again: the names clash */
	p = wpath("user/ok.json");
	assert_int_equal(fp_db_load_file(d, p, &err), -1);
	printf("# %s", err.buf);
	assert_non_null(strstr(err.buf, "components[0].name: \"acme-crc\" is already loaded"));
	assert_int_equal(fp_db_count(d), n + 2);
	free(p);
	fp_db_free(d);
	strbuf_release(&err);
}

/* Load text as a user file into a fresh database: its status, the error in err. */
static int load_text(const char *rel, const char *text, struct strbuf *err)
{
	struct fp_db *d;
	char *p = wpath(rel);
	int r;

	strbuf_reset(err);
	assert_int_equal(fp_db_new(&d, err), 0);
	write_file(rel, text);
	r = fp_db_load_file(d, p, err);
	if (r)
		assert_int_equal(fp_db_count(d), 0); /* all or nothing */
	if (err->len)
		printf("# %s", err->buf);
	fp_db_free(d);
	free(p);
	return r;
}

static void expect_error(const char *text, const char *needle)
{
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(load_text("bad/bad.json", text, &err), -1);
	assert_non_null(strstr(err.buf, "bad/bad.json"));
	if (!strstr(err.buf, needle))
		printf("# expected: %s\n", needle);
	assert_non_null(strstr(err.buf, needle));
	strbuf_release(&err);
}

#define HEAD "{\"souptrace-fingerprints\": 1, \"components\": ["

static void test_user_errors(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct strbuf big = STRBUF_INIT;
	char *p;
	struct fp_db *d;

	(void)state;
	expect_error("{\"souptrace-fingerprints\": 1, \"components\": [", "malformed JSON");
	expect_error("{\"souptrace-fingerprints\": 1, \"components\": [}", ":1:");
	expect_error("[1, 2]", "expected an object");
	expect_error(HEAD "]} []", "more after the JSON document");
	expect_error(HEAD "{\"name\": \"x\x1b\", \"patterns\": [{\"regex\": \"abcd\"}]}]}",
		     "control character (0x1b)");
	expect_error(HEAD "{\"name\": \"x\\u0000y\", \"patterns\": [{\"regex\": \"abcd\"}]}]}",
		     "\\u0000");
	expect_error(HEAD "{\"name\": \"x\xfe\", \"patterns\": [{\"regex\": \"abcd\"}]}]}",
		     "not valid UTF-8");
	expect_error("{\"components\": []}", "\"souptrace-fingerprints\": 1 is missing");
	expect_error("{\"souptrace-fingerprints\": 2, \"components\": []}",
		     "souptrace-fingerprints: expected an integer from 1 to 1");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcd\"}]},"
			  "{\"name\": 7, \"patterns\": [{\"regex\": \"abcd\"}]}]}",
		     "components[1].name: expected a string");
	expect_error(HEAD "{\"name\": \"x\"}]}", "components[0]: \"patterns\" is missing");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": []}]}",
		     "components[0].patterns: expected a non-empty array");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcd\"}, "
			  "{\"regex\": \"([0-9]+\"}]}]}",
		     "components[0].patterns[1].regex: invalid regular expression");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"a(b|c)d\"}]}]}",
		     "components[0].patterns[0].regex: no literal of 4 characters");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcdef|ghijkl\"}]}]}",
		     "give one in \"literal\"");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcdef\", \"literal\": "
			  "\"ab\"}]}]}",
		     "components[0].patterns[0].literal: expected 4 to 256 characters");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcdef\", \"version\": "
			  "1}]}]}",
		     "components[0].patterns[0].version: the regex has 0 capture groups, not 1");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcdef\"}], \"require\": "
			  "2}]}",
		     "components[0].require: expected an integer from 1 to 1");
	expect_error(HEAD "{\"name\": \"x\", \"requires\": 1, \"patterns\": [{\"regex\": "
			  "\"abcdef\"}]}]}",
		     "components[0]: unknown field \"requires\"");
	expect_error(HEAD "{\"name\": \"x\", \"name\": \"y\", \"patterns\": [{\"regex\": "
			  "\"abcdef\"}]}]}",
		     "the field \"name\" is given twice");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcdef\", \"required\": "
			  "\"yes\"}]}]}",
		     "components[0].patterns[0].required: expected true or false");
	expect_error(HEAD "{\"name\": \"x\", \"file_names\": [\"a/b.h\"], \"patterns\": "
			  "[{\"regex\": \"abcdef\"}]}]}",
		     "components[0].file_names[0]: expected a file name pattern");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcdef\"}], "
			  "\"version_parts\": [{\"regex\": \"^#define A ([0-9]+)\"}]}]}",
		     "components[0].version_parts: expected an array of 2 to 4 patterns");
	expect_error(HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcdef\"}]},"
			  "{\"name\": \"x\", \"patterns\": [{\"regex\": \"abcdef\"}]}]}",
		     "components[1].name: \"x\" is given twice in this file");
	/* a regex longer than the bound */
	assert_int_equal(
		strbuf_addstr(&big, HEAD "{\"name\": \"x\", \"patterns\": [{\"regex\": \""), 0);
	while (big.len < 3000)
		assert_int_equal(strbuf_addstr(&big, "abcdefgh"), 0);
	assert_int_equal(strbuf_addstr(&big, "\"}]}]}"), 0);
	expect_error(big.buf, "components[0].patterns[0].regex: longer than 1024 bytes");
	/* a NUL byte in the file */
	tu_write_bytes(workdir, "bad/nul.json", "{\"a\"\0: 1}", 9);
	assert_int_equal(fp_db_new(&d, &err), 0);
	p = wpath("bad/nul.json");
	assert_int_equal(fp_db_load_file(d, p, &err), -1);
	assert_non_null(strstr(err.buf, "NUL byte"));
	free(p);
	/* no such file */
	strbuf_reset(&err);
	p = wpath("bad/none.json");
	assert_int_equal(fp_db_load_file(d, p, &err), -1);
	assert_non_null(strstr(err.buf, "No such file"));
	free(p);
	fp_db_free(d);
	strbuf_release(&err);
	strbuf_release(&big);
}

/* ---- hostile files and bounds ---- */

static void test_hostile(void **state)
{
	struct fp_result res;
	struct strbuf big = STRBUF_INIT, err = STRBUF_INIT;
	const struct fp_hit *h;
	char *p;

	(void)state;
	fp_result_init(&res);
	/* a huge line with the literal far into it, then real lines */
	assert_int_equal(strbuf_addstr(&big, "/* "), 0);
	while (big.len < 3 * FP_MAX_LINE)
		assert_int_equal(strbuf_addstr(&big, "xxxxxxxxxxxxxxxx"), 0);
	assert_int_equal(strbuf_addstr(&big, "#define SQLITE_VERSION \"9.9.9\" */\n"), 0);
	assert_int_equal(strbuf_addstr(&big, "#define SQLITE_VERSION \"3.1.0\"\n"
					     "#define SQLITE_VERSION_NUMBER 3001000\n"),
			 0);
	write_file("hostile/long.h", big.buf);
	scan(db, "hostile/long.h", &res);
	h = find_hit(&res, "SQLite");
	assert_non_null(h);
	assert_string_equal(h->version, "3.1.0");
	assert_int_equal(h->line, 2);
	fp_result_release(&res);

	/* an evidence line longer than the evidence bound is cut */
	strbuf_reset(&big);
	assert_int_equal(strbuf_addstr(&big, "#define SQLITE_VERSION \"3.2.0\" /* "), 0);
	while (big.len < 2 * FP_MAX_EVIDENCE)
		assert_int_equal(strbuf_addstr(&big, "\x01yyyyyyy"), 0);
	assert_int_equal(strbuf_addstr(&big, "*/\n#define SQLITE_VERSION_NUMBER 3002000\n"), 0);
	write_file("hostile/longev.h", big.buf);
	scan(db, "hostile/longev.h", &res);
	h = find_hit(&res, "SQLite");
	assert_non_null(h);
	assert_non_null(strstr(h->evidence, "..."));
	assert_non_null(strstr(h->evidence, "?yyy"));
	assert_true(strlen(h->evidence) < strlen(workdir) + FP_MAX_EVIDENCE + 40);
	fp_result_release(&res);

	/* NUL bytes: a line holding one is not matched, the others are */
	{
		static const char nul[] =
			"#define SQLITE_VERSION \"3.3.0\"\0\n#define SQLITE_VERSION \"3.3.0\"\n"
			"\0\0\0\n#define SQLITE_VERSION_NUMBER 3003000\n";

		tu_write_bytes(workdir, "hostile/nul.h", nul, sizeof(nul) - 1);
	}
	scan(db, "hostile/nul.h", &res);
	h = find_hit(&res, "SQLite");
	assert_non_null(h);
	assert_int_equal(h->line, 2);
	assert_string_equal(h->version, "3.3.0");
	fp_result_release(&res);

	/* a version with characters that are not a version's: none */
	write_file("hostile/weird.h", "#define SQLITE_VERSION \"3.4 <script>\"\n"
				      "#define SQLITE_VERSION_NUMBER 3004000\n");
	scan(db, "hostile/weird.h", &res);
	h = find_hit(&res, "SQLite");
	assert_non_null(h);
	assert_null(h->version);
	fp_result_release(&res);

	/* escaping in purl and cpe */
	{
		struct fp_db *d;
		static const char t[] =
			"{\"souptrace-fingerprints\": 1, \"components\": [{\"name\": \"esc\", "
			"\"purl\": \"pkg:generic/esc@{version}\", \"cpe\": "
			"\"cpe:2.3:a:x:esc:{version}:*:*:*:*:*:*:*\", "
			"\"patterns\": [{\"regex\": \"ESCVER ([^ ]+)\", \"version\": 1}]}]}";

		assert_int_equal(fp_db_new(&d, &err), 0);
		assert_int_equal(fp_db_load_buffer(d, "esc.json", t, strlen(t), &err), 0);
		write_file("hostile/esc.h", "ESCVER 1.2+git~3\n");
		scan(d, "hostile/esc.h", &res);
		assert_int_equal(res.nr, 1);
		assert_string_equal(res.hits[0].version, "1.2+git~3");
		assert_string_equal(res.hits[0].purl, "pkg:generic/esc@1.2%2Bgit~3");
		assert_string_equal(res.hits[0].cpe, "cpe:2.3:a:x:esc:1.2\\+git\\~3:*:*:*:*:*:*:*");
		fp_result_release(&res);
		fp_db_free(d);
	}

	/* not a regular file, no such file */
	p = wpath("hostile");
	assert_int_equal(fp_scan_file(db, p, &res, &err), -1);
	assert_non_null(strstr(err.buf, "not a regular file"));
	free(p);
	strbuf_reset(&err);
	p = wpath("hostile/none.h");
	assert_int_equal(fp_scan_file(db, p, &res, &err), -1);
	assert_non_null(strstr(err.buf, "No such file"));
	free(p);
	/* a FIFO: no hang */
	p = wpath("hostile/fifo.h");
	assert_int_equal(mkfifo(p, 0644), 0);
	strbuf_reset(&err);
	assert_int_equal(fp_scan_file(db, p, &res, &err), -1);
	free(p);
	assert_int_equal(res.nr, 0);

	/* only the first FP_MAX_SCAN_SIZE bytes are read */
	strbuf_reset(&big);
	assert_int_equal(strbuf_grow(&big, FP_MAX_SCAN_SIZE + 100), 0);
	memset(big.buf, '\n', FP_MAX_SCAN_SIZE);
	big.len = FP_MAX_SCAN_SIZE;
	assert_int_equal(strbuf_addstr(&big, "#define SQLITE_VERSION \"3.5.0\"\n"
					     "#define SQLITE_VERSION_NUMBER 3005000\n"),
			 0);
	tu_write_bytes(workdir, "hostile/huge.h", big.buf, big.len);
	scan(db, "hostile/huge.h", &res);
	assert_int_equal(res.nr, 0);
	/* and the same after a first megabyte of blank lines: found, line counted */
	scan(db, "ev/sqlite3.h", &res);
	assert_int_equal(res.nr, 1);
	fp_result_release(&res);
	strbuf_release(&big);
	strbuf_release(&err);
}

static void test_derived_literals(void **state)
{
	/* regexes whose literal is derived: each must still find its line */
	static const char t[] =
		"{\"souptrace-fingerprints\": 1, \"components\": ["
		"{\"name\": \"a\", \"patterns\": [{\"regex\": \"^x*abcdef?ghij[0-9]\"}]},"
		"{\"name\": \"b\", \"patterns\": [{\"regex\": \"(q|r)\\\\.LITERAL\\\\(s\\\\)+\"}]},"
		"{\"name\": \"c\", \"patterns\": [{\"regex\": \"[[:alpha:]]]klmn{1,2}opqr\"}]},"
		"{\"name\": \"d\", \"patterns\": [{\"regex\": \"w{0}stuv([a)]|x)yz12\"}]}"
		"]}";
	struct fp_db *d;
	struct fp_result res;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(fp_db_new(&d, &err), 0);
	assert_int_equal(fp_db_load_buffer(d, "lit.json", t, strlen(t), &err), 0);
	write_file("lit/a.txt", "xxabcdeghij5\nr.LITERAL(s))\nZ]klmnnopqr\nstuv)yz12\n");
	fp_result_init(&res);
	scan(d, "lit/a.txt", &res);
	dump(&res);
	assert_int_equal(res.nr, 4);
	fp_result_release(&res);
	fp_db_free(d);
	strbuf_release(&err);
}

/* ---- fixture ---- */

static int group_teardown(void **state)
{
	(void)state;
	fp_db_free(db);
	if (workdir[0] && !getenv("SOUPTRACE_KEEP_TMP"))
		tu_remove_tree(workdir);
	return 0;
}

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct strbuf err = STRBUF_INIT;
	int n;

	(void)state;
	if (fp_db_load_default(&db, &err)) {
		printf("# built-in fingerprints: %s\n", err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	n = snprintf(workdir, sizeof(workdir), "%s/souptrace fp.XXXXXX",
		     tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(workdir) || !mkdtemp(workdir)) {
		workdir[0] = '\0';
		return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_default),	 cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_decoys),		 cmocka_unit_test(test_user_file),
		cmocka_unit_test(test_user_errors),	 cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_derived_literals),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
