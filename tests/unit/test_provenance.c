/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/model/provenance.c: which first-party-looking files are someone else's.
 * Each false positive met on a real project (docs/provenance.md) has its
 * case here, as a small synthetic file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provenance.h"
#include "soup.h"
#include "testutil.h"

static char root[] = "/tmp/st-prov-XXXXXX";

static void put(const char *rel, const char *text)
{
	tu_write_bytes(root, rel, text, strlen(text));
}

/*
 * Analyse the files (relative names) with the list given as JSON; groups
 * as "name|how|supplier" (with_license: "name|how|supplier|license").
 */
static void analyse_as(const char *soup_json, const char *const *rels, struct strbuf *out,
		       bool with_license)
{
	struct soup_list soup;
	struct strbuf diag = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT;
	struct strvec files = STRVEC_INIT, skipped = STRVEC_INIT;
	struct provenance *prov;
	struct prov_result res;

	soup_list_init(&soup);
	strbuf_addf(&p, "%s/soup.json", root);
	assert_int_equal(soup_parse(p.buf, soup_json, strlen(soup_json), &soup, &diag, NULL), 0);
	assert_int_equal(provenance_open(&prov, root, &soup, &err), 0);
	for (size_t i = 0; rels[i]; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", root, rels[i]);
		strvec_push(&files, p.buf);
	}
	prov_result_init(&res);
	assert_int_equal(provenance_analyse(prov, &files, &res, &skipped, &err), 0);
	strbuf_reset(out);
	for (size_t i = 0; i < res.nr; i++)
		strbuf_addf(out, "%s%s|%s|%s%s%s", i ? " " : "", res.groups[i].name,
			    res.groups[i].how == PROV_FINGERPRINT ? "fingerprint" : "notice",
			    res.groups[i].supplier ? res.groups[i].supplier : "-",
			    with_license ? "|" : "",
			    !with_license ? "" : res.groups[i].license ? res.groups[i].license : "-");
	prov_result_release(&res);
	provenance_close(prov);
	soup_list_release(&soup);
	strvec_clear(&files);
	strvec_clear(&skipped);
	strbuf_release(&diag);
	strbuf_release(&err);
	strbuf_release(&p);
}

static void analyse(const char *soup_json, const char *const *rels, struct strbuf *out)
{
	analyse_as(soup_json, rels, out, false);
}

#define OWN "/* Copyright 2024 Acme Devices Ltd. All rights reserved. */\nint x;\n"
#define LIST "{\"souptrace\": 1, \"project\": {\"name\": \"widget\"}, \"components\": []}"

static int setup(void **state)
{
	assert_non_null(mkdtemp(root));
	put("LICENSE", "Copyright (c) 2024 Acme Devices Ltd.\n\nProprietary.\n");
	put("src/a.c", OWN);
	put("src/b.c", OWN);
	return 0;
}

static int teardown(void **state)
{
	tu_remove_tree(root);
	return 0;
}

/* Another holder in a copied file; the project's files and its LICENSE holder are quiet. */
static void test_foreign_holder(void **state)
{
	static const char *const files[] = { "src/a.c", "src/b.c", "src/lzq.c", "src/lzq.h", NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/lzq.c", "/*\n * Copyright (c) 2012 Kari Nieminen <kari@example.net>\n *\n"
			 " * SPDX-License-Identifier: MIT\n */\nint lzq;\n");
	put("src/lzq.h", "/* Copyright (c) 2012 Kari Nieminen */\nint lzq_h;\n");
	analyse(LIST, files, &out);
	assert_string_equal(out.buf, "lzq|notice|Kari Nieminen");
	/* listed as first-party: quiet */
	analyse("{\"souptrace\": 1, \"components\": [], \"first_party\": {\"holders\": "
		"[\"Kari Nieminen\"]}}",
		files, &out);
	assert_string_equal(out.buf, "");
	/* first_party.paths: quiet whatever the notice says */
	analyse("{\"souptrace\": 1, \"components\": [], \"first_party\": {\"paths\": "
		"[\"src/lzq.*\"]}}",
		files, &out);
	assert_string_equal(out.buf, "");
	strbuf_release(&out);
}

/*
 * zstd: "Copyright (c) Yann Collet, Meta Platforms, Inc." where Meta is the
 * project's holder. OpenSSH: the project's holder first, contributors
 * after (atomicio.c) is the project's file; another holder first is a copy.
 */
static void test_joint_holder_is_first_party(void **state)
{
	static const char *const files[] = { "src/a.c", "src/legacy.c", "src/io.c", "src/cp.c",
					     NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/legacy.c", "/*\n * Copyright (c) Hanna Berg, Acme Devices Ltd.\n */\nint l;\n");
	put("src/io.c", "/*\n * Copyright (c) 2006 Acme Devices Ltd.\n * Copyright (c) 2005 Anil "
			"Berg.\n */\nint io;\n");
	put("src/cp.c", "/*\n * Copyright (c) 1999 Per Strand.\n * Copyright (c) 2024 Acme Devices "
			"Ltd.\n */\nint cp;\n");
	analyse(LIST, files, &out);
	assert_string_equal(out.buf, "cp|notice|Per Strand");
	strbuf_release(&out);
}

/* zstd: "based on the following paper"; OpenSSH: "derived from section 14.3 and the given source". */
static void test_text_origins_are_not_code(void **state)
{
	static const char *const files[] = { "src/cover.c", "src/bf.c", "src/cpu.h", "src/w.c",
					     NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/cover.c", "/* Copyright 2024 Acme Devices Ltd.\n *\n * The algorithm is based on "
			   "the following paper:\n *   A. Author, Some Title, 2010.\n */\nint c;\n");
	put("src/bf.c", "/* Copyright 2024 Acme Devices Ltd.\n * This code is derived from "
			"section 14.3 and the given source\n * in the book.\n */\nint b;\n");
	/* a real origin, named by its project, not its file: "folly/CpuId.h" -> folly */
	put("src/cpu.h", "/* Copyright 2024 Acme Devices Ltd.\n *\n * Implementation taken from "
			 "folly/CpuId.h\n * https://github.com/facebook/folly/blob/master/folly/CpuId.h\n"
			 " */\nint cpu;\n");
	/* the project itself is no origin */
	put("src/w.c", "/* This file is part of the Widget project.\n * Copyright 2024 Acme Devices "
		       "Ltd. */\nint w;\n");
	analyse(LIST, files, &out);
	assert_string_equal(out.buf, "folly|notice|-");
	strbuf_release(&out);
}

/*
 * OpenSSH: "Copyright (c) 1996 by Internet Software Consortium": the
 * supplier without "by"; the developers its LICENCE lists "as copyright
 * holders", one per line, are the project's.
 */
static void test_by_holder(void **state)
{
	static const char *const files[] = { "compat/inet.c", NULL };
	struct strbuf out = STRBUF_INIT;

	put("compat/inet.c", "/* Copyright (c) 1996 by Internet Software Consortium.\n */\nint i;\n");
	analyse(LIST, files, &out);
	assert_string_equal(out.buf, "inet|notice|Internet Software Consortium");
	put("LICENSE", "Copyright (c) 2024 Acme Devices Ltd.\n\nParts are provided under a 2-term BSD "
		       "licence with the following names as copyright\n    holders:\n\n"
		       "\tInternet Software Consortium\n\tMarta Lind\n\n     * Redistribution and use "
		       "in source and binary forms ...\n");
	analyse(LIST, files, &out);
	assert_string_equal(out.buf, "");
	put("LICENSE", "Copyright (c) 2024 Acme Devices Ltd.\n\nProprietary.\n");
	strbuf_release(&out);
}

/*
 * A fingerprint names a known component, unless it is the project itself
 * (zstd's own zstd.h); a parser generator's output is the generator's.
 */
static void test_fingerprints_and_generated(void **state)
{
	static const char *const files[] = { "src/a.c", "src/zlib.h", "src/parse.c", NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/zlib.h", "/* zlib.h (cut down) */\n#define ZLIB_VERSION \"1.2.11\"\n"
			  "#define ZLIB_VERNUM 0x12b0\n");
	put("src/parse.c", "/* A Bison parser, made by GNU Bison 3.8.2.  */\n\n/* Bison implementation "
			   "for Yacc-like parsers in C\n\n   Copyright (C) 1984, 1989-1990, 2000-2015, "
			   "2018-2021 Free Software Foundation,\n   Inc.\n*/\nint yyparse(void);\n");
	analyse(LIST, files, &out);
	assert_string_equal(out.buf, "zlib|fingerprint|Jean-loup Gailly and Mark Adler (zlib.net)");
	analyse("{\"souptrace\": 1, \"project\": {\"name\": \"zlib\"}, \"components\": []}", files,
		&out);
	assert_string_equal(out.buf, "");
	strbuf_release(&out);
}

/*
 * A holder that dominates the files read, spread over the project, is the
 * project's, LICENSE or not; a copied library in one folder dominates
 * nothing, however many files it has.
 */
static void test_dominant_holder(void **state)
{
	static const char *const files[] = { "lib/x.c", "lib/y.c", "app/z.c", "lib/w.c",
					     "dep/1.c", "dep/2.c", "dep/3.c", NULL };
	struct strbuf out = STRBUF_INIT;

	put("lib/x.c", "/* Copyright (c) 2019 Widget Project Authors */\nint x;\n");
	put("lib/y.c", "/* Copyright (c) 2020 Widget Project Authors */\nint y;\n");
	put("app/z.c", "/* Copyright (c) 2021 Widget Project Authors */\nint z;\n");
	put("lib/w.c", "/* Copyright (c) 2003 Yuki Mori */\nint w;\n");
	put("dep/1.c", "/* Copyright (c) 2010 Lars Holm */\nint d1;\n");
	put("dep/2.c", "/* Copyright (c) 2010 Lars Holm */\nint d2;\n");
	put("dep/3.c", "/* Copyright (c) 2010 Lars Holm */\nint d3;\n");
	analyse(LIST, files, &out);
	assert_string_equal(out.buf, "Lars Holm|notice|Lars Holm w|notice|Yuki Mori");
	strbuf_release(&out);
}

/* A tag that is no SPDX expression is not passed on as one; the wording still counts. */
static void test_licence_only_spdx(void **state)
{
	static const char *const files[] = { "src/q.c", "src/r.c", NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/q.c", "/* Copyright (c) 2001 Ola Nordmann\n * SPDX-License-Identifier: BSD 3-clause\n */\n"
		       "int q;\n");
	put("src/r.c", "/* Copyright (c) 2001 Kari Nordmann\n * SPDX-License-Identifier: BSD 3-clause\n"
		       " *\n * Permission to use, copy, modify, and/or distribute this software for any\n"
		       " * purpose with or without fee is hereby granted, provided that the above\n"
		       " * copyright notice and this permission notice appear in all copies.\n */\nint r;\n");
	analyse_as(LIST, files, &out, true);
	assert_string_equal(out.buf, "q|notice|Ola Nordmann|- r|notice|Kari Nordmann|ISC");
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_foreign_holder),
		cmocka_unit_test(test_joint_holder_is_first_party),
		cmocka_unit_test(test_text_origins_are_not_code),
		cmocka_unit_test(test_by_holder),
		cmocka_unit_test(test_fingerprints_and_generated),
		cmocka_unit_test(test_dominant_holder),
		cmocka_unit_test(test_licence_only_spdx),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
