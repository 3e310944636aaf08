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

#include "compiled.h"
#include "provenance.h"
#include "soup.h"
#include "trace.h"
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
			    !with_license	    ? ""
			    : res.groups[i].license ? res.groups[i].license
						    : "-");
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

/* analyse_project() judges a vendored component's folder, not a project. */
static bool as_component;
/* analyse_project(): whether the holders were known (provenance_knows_holders) */
static bool knows;

/*
 * Analyse the files of a project at dir (relative names): groups as
 * "name|supplier|license", one per line, into out; the holders taken as
 * the project's as "holder (why)", one per line, into taken; the evidence
 * consulted, one per line, into sources.
 */
static void analyse_project(const char *dir, const char *soup_json, const char *const *rels,
			    struct strbuf *out, struct strbuf *taken, struct strbuf *sources)
{
	struct soup_list soup;
	struct strbuf diag = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT;
	struct strvec files = STRVEC_INIT, skipped = STRVEC_INIT;
	struct provenance *prov;
	struct prov_result res;

	soup_list_init(&soup);
	strbuf_addf(&p, "%s/soup.json", dir);
	assert_int_equal(soup_parse(p.buf, soup_json, strlen(soup_json), &soup, &diag, NULL), 0);
	assert_int_equal(provenance_open(&prov, dir, &soup, &err), 0);
	if (as_component)
		provenance_as_component(prov);
	for (size_t i = 0; rels[i]; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", dir, rels[i]);
		strvec_push(&files, p.buf);
	}
	prov_result_init(&res);
	assert_int_equal(provenance_analyse(prov, &files, &res, &skipped, &err), 0);
	assert_int_equal(skipped.nr, 0);
	knows = provenance_knows_holders(prov);
	strbuf_reset(out);
	strbuf_reset(taken);
	strbuf_reset(sources);
	for (size_t i = 0; i < res.nr; i++)
		strbuf_addf(out, "%s|%s|%s\n", res.groups[i].name,
			    res.groups[i].supplier ? res.groups[i].supplier : "-",
			    res.groups[i].license ? res.groups[i].license : "-");
	assert_int_equal(res.first_party.nr, res.first_party_why.nr);
	for (size_t i = 0; i < res.first_party.nr; i++)
		strbuf_addf(taken, "%s (%s)\n", res.first_party.v[i], res.first_party_why.v[i]);
	for (size_t i = 0; i < res.sources.nr; i++)
		strbuf_addf(sources, "%s\n", res.sources.v[i]);
	prov_result_release(&res);
	provenance_close(prov);
	soup_list_release(&soup);
	strvec_clear(&files);
	strvec_clear(&skipped);
	strbuf_release(&diag);
	strbuf_release(&err);
	strbuf_release(&p);
}

/* Print what a test got when it is not what it expected (cmocka shows only the first line). */
static void expect_text(const char *got, const char *want)
{
	if (strcmp(got, want))
		fprintf(stderr, "got:\n%s\nwanted:\n%s\n", got, want);
	assert_string_equal(got, want);
}

#define MIT_WORDS                                                                                  \
	" * Permission is hereby granted, free of charge, to any person obtaining a copy of\n"     \
	" * this software, to deal in the Software without restriction.\n"                         \
	" * The above copyright notice and this permission notice shall be included in all\n"      \
	" * copies or substantial portions of the Software.\n"

#define OWN  "/* Copyright 2024 Acme Devices Ltd. All rights reserved. */\nint x;\n"
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

/*
 * A person with a statement of their own beside the project's holder,
 * since the project's first year, is a contributor (issue 12: HAProxy's
 * namespace files): their own files are the project's too. Someone whose
 * years start before the project's (cp.c above), an organisation, or a
 * joint notice over a stated origin are not taken so.
 */
static void test_joint_notice_contributors(void **state)
{
	static const char *const files[] = { "src/a.c",	  "src/io.c",  "src/ns.c",
					     "src/ns2.c", "src/org.c", "src/org2.c",
					     "src/or.c",  "src/or2.c", NULL };
	struct strbuf out = STRBUF_INIT;

	(void)state;
	put("src/io.c", "/*\n * Copyright (c) 2006 Acme Devices Ltd.\n */\nint io;\n");
	put("src/ns.c", "/*\n * Copyright (C) 2014 Tam Kov, Sara Laz\n"
			" * Copyright (C) 2015-2020 Acme Devices Ltd.\n */\nint ns;\n");
	put("src/ns2.c", "/*\n * Copyright 2016 Sara Laz <sara@laz.example>\n */\nint ns2;\n");
	put("src/org.c", "/*\n * Copyright (C) 2012 Orbit Networks Inc.\n"
			 " * Copyright (C) 2013 Acme Devices Ltd.\n */\nint org;\n");
	put("src/org2.c", "/*\n * Copyright (C) 2012 Orbit Networks Inc.\n */\nint org2;\n");
	put("src/or.c", "/*\n * Based on mini-foo by Ulla Rein.\n * Copyright (C) 2012 Ulla Rein\n"
			" * Copyright (C) 2013 Acme Devices Ltd.\n */\nint or;\n");
	put("src/or2.c", "/*\n * Copyright (C) 2012 Ulla Rein\n */\nint or2;\n");
	analyse(LIST, files, &out);
	expect_text(out.buf, "Orbit Networks Inc|notice|Orbit Networks Inc "
			     "mini-foo|notice|Ulla Rein or2|notice|Ulla Rein");
	strbuf_release(&out);
}

/* zstd: "based on the following paper"; OpenSSH: "derived from section 14.3 and the given source".
 */
static void test_text_origins_are_not_code(void **state)
{
	static const char *const files[] = { "src/cover.c", "src/bf.c", "src/cpu.h", "src/w.c",
					     NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/cover.c",
	    "/* Copyright 2024 Acme Devices Ltd.\n *\n * The algorithm is based on "
	    "the following paper:\n *   A. Author, Some Title, 2010.\n */\nint c;\n");
	put("src/bf.c", "/* Copyright 2024 Acme Devices Ltd.\n * This code is derived from "
			"section 14.3 and the given source\n * in the book.\n */\nint b;\n");
	/* a real origin, named by its project, not its file: "folly/CpuId.h" -> folly */
	put("src/cpu.h",
	    "/* Copyright 2024 Acme Devices Ltd.\n *\n * Implementation taken from "
	    "folly/CpuId.h\n * https://github.com/facebook/folly/blob/master/folly/CpuId.h\n"
	    " */\nint cpu;\n");
	/* the project itself is no origin */
	put("src/w.c",
	    "/* This file is part of the Widget project.\n * Copyright 2024 Acme Devices "
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

	put("compat/inet.c",
	    "/* Copyright (c) 1996 by Internet Software Consortium.\n */\nint i;\n");
	analyse(LIST, files, &out);
	assert_string_equal(out.buf, "inet|notice|Internet Software Consortium");
	put("LICENSE",
	    "Copyright (c) 2024 Acme Devices Ltd.\n\nParts are provided under a 2-term BSD "
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
	put("src/parse.c",
	    "/* A Bison parser, made by GNU Bison 3.8.2.  */\n\n/* Bison implementation "
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

	put("src/q.c",
	    "/* Copyright (c) 2001 Ola Nordmann\n * SPDX-License-Identifier: BSD 3-clause\n */\n"
	    "int q;\n");
	put("src/r.c",
	    "/* Copyright (c) 2001 Kari Nordmann\n * SPDX-License-Identifier: BSD 3-clause\n"
	    " *\n * Permission to use, copy, modify, and/or distribute this software for any\n"
	    " * purpose with or without fee is hereby granted, provided that the above\n"
	    " * copyright notice and this permission notice appear in all copies.\n */\nint r;\n");
	analyse_as(LIST, files, &out, true);
	assert_string_equal(out.buf, "q|notice|Ola Nordmann|- r|notice|Kari Nordmann|ISC");
	strbuf_release(&out);
}

/* A file of the project at dir. */
static void put_in(const char *dir, const char *rel, const char *text)
{
	tu_write_bytes(dir, rel, text, strlen(text));
}

#define WIDGET "{\"souptrace\": 1, \"project\": {\"name\": \"widget\"}, \"components\": []}"

/*
 * Issue 12, item 1, from a git history: a temporary repository with
 * commits by three authors. Their files are the project's when they state
 * no origin and carry the project's licence (or none); everyone else's,
 * a contributor's file with an origin or another licence, and the file of
 * an author an origin names ("derived from libzsort by Dana Frost") are
 * still found. A first name alone is nobody; an address is someone; the
 * project's company under another name is the project.
 */
static void test_git_contributors(void **state)
{
	static const char *const files[] = { "src/a.c",	   "src/ann.c",	 "src/bo.c",
					     "src/carl.c", "src/sort.c", "src/ann3.c",
					     "src/dana.c", "src/labs.c", "src/first.c",
					     "src/mail.c", NULL };
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "gitproj");

	tu_mkdirs(root, "gitproj");
	put_in(dir, "LICENSE",
	       "Copyright (c) 2024 Acme Software Ltd.\n\n"
	       "SPDX-License-Identifier: MIT\n");
	put_in(dir, "src/a.c", "/* Copyright 2024 Acme Software Ltd. */\nint a;\n");
	put_in(dir, "src/ann.c",
	       "/*\n * Copyright (c) 2023 Ann Lee <ann@lee.example>\n"
	       " * SPDX-License-Identifier: MIT\n */\nint ann;\n");
	put_in(dir, "src/bo.c", "/* Copyright 2022 BO LIND. */\nint bo;\n");
	put_in(dir, "src/carl.c",
	       "/*\n * Copyright (c) 2020 Carl Holm\n"
	       " * SPDX-License-Identifier: MIT\n */\nint carl;\n");
	put_in(dir, "src/sort.c",
	       "/*\n * Copyright 2023 Ann Lee\n *\n"
	       " * Derived from libzsort by Dana Frost.\n */\nint zsort;\n");
	put_in(dir, "src/ann3.c",
	       "/*\n * Copyright 2021 Ann Lee\n"
	       " * SPDX-License-Identifier: GPL-3.0-or-later\n */\nint ann3;\n");
	put_in(dir, "src/dana.c", "/* Copyright 2019 Dana Frost */\nint dana;\n");
	put_in(dir, "src/labs.c", "/* Copyright 2021 Acme Systems GmbH */\nint labs;\n");
	put_in(dir, "src/first.c", "/* Copyright 2020 Ann */\nint first;\n");
	put_in(dir, "src/mail.c",
	       "/* Copyright 2020 A. N. Other <ann@lee.example> */\nint mail;\n");
	assert_int_equal(tu_run(dir,
				"git init -q . && git config user.name 'Test Runner' && "
				"git config user.email runner@test.example && git add LICENSE && "
				"git commit -q --author='Ann Lee <ann@lee.example>' -m one && "
				"git add src/ann.c && git commit -q --author='Ann Lee "
				"<ann@lee.example>' -m two && "
				"git add src/bo.c && git commit -q --author='Bo Lind "
				"<bo@lind.example>' -m three && "
				"git add src/dana.c && git commit -q --author='Dana Frost "
				"<df@frost.example>' -m four"),
			 0);
	analyse_project(dir, WIDGET, files, &out, &taken, &sources);
	expect_text(out.buf, "ann3|Ann Lee|GPL-3.0-or-later\n"
			     "carl|Carl Holm|MIT\n"
			     "dana|Dana Frost|-\n"
			     "first|Ann|-\n"
			     "libzsort|Ann Lee|-\n");
	expect_text(taken.buf,
		    "Acme Software Ltd (LICENSE)\n"
		    "Ann Lee (git author of 2 commits; 1 file)\n"
		    "BO LIND (git author of 1 commit; 1 file)\n"
		    "Acme Systems GmbH (another name of Acme Software Ltd (LICENSE); 1 file)\n"
		    "A. N. Other (address ann@lee.example of Ann Lee: git author of 2 commits; 1 "
		    "file)\n");
	expect_text(sources.buf,
		    "git log: 3 authors of 4 commits\n"
		    "no AUTHORS, CONTRIBUTORS, THANKS, CREDITS, MAINTAINERS or .mailmap file\n"
		    "LICENSE: 1 holder, licence MIT\n");
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
}

/*
 * Without a git history: the people an AUTHORS file lists (accents, case
 * and punctuation do not matter, an address does), the names a LICENSE
 * lists; the sources say that git gave nothing and why.
 */
static void test_authors_file(void **state)
{
	static const char *const files[] = { "lib/own.c", "lib/cyril.c", "lib/eve.c", "lib/zed.c",
					     "lib/kim.c", "lib/moo.c",	 NULL };
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "listproj");

	tu_mkdirs(root, "listproj");
	put_in(dir, "COPYING",
	       "Copyright (c) 2001-2024 Kim Vale and Ola Berg.\n\n"
	       "SPDX-License-Identifier: BSD-2-Clause\n");
	put_in(dir, "AUTHORS",
	       "# People who wrote this program\n\n"
	       "Cyril Bont\xe9 <cyril@bonte.example>\n"
	       "- Eve-Marie O'Hara: the parser\n"
	       "Maintainer: Kim Vale <kim@vale.example>\n"
	       "mOo <moo@handles.example>\n"
	       "Thanks to everyone who sent patches.\n");
	put_in(dir, "lib/own.c", "/* Copyright (c) 2003 Ola Berg */\nint own;\n");
	put_in(dir, "lib/cyril.c",
	       "/*\n * Copyright (c) 2011 CYRIL BONTE\n"
	       " * SPDX-License-Identifier: BSD-2-Clause\n */\nint cyril;\n");
	put_in(dir, "lib/eve.c", "/* Copyright 2012 Eve Marie O Hara */\nint eve;\n");
	put_in(dir, "lib/zed.c", "/* Copyright 2013 Zed Ray */\nint zed;\n");
	put_in(dir, "lib/kim.c", "/* Copyright (C) 2014 Kim Vale */\nint kim;\n");
	put_in(dir, "lib/moo.c", "/* Copyright 2015 Moo */\nint moo;\n");
	analyse_project(dir, WIDGET, files, &out, &taken, &sources);
	expect_text(out.buf, "moo|Moo|-\nzed|Zed Ray|-\n");
	expect_text(taken.buf, "Kim Vale (COPYING)\n"
			       "Ola Berg (COPYING)\n"
			       "CYRIL BONTE (AUTHORS; 1 file)\n"
			       "Eve Marie O Hara (AUTHORS; 1 file)\n");
	assert_non_null(strstr(sources.buf, "git log: fatal: not a git repository"));
	assert_non_null(strstr(sources.buf, "AUTHORS: 4 names\n"));
	assert_non_null(strstr(sources.buf, "COPYING: 2 holders, licence BSD-2-Clause\n"));
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
}

/*
 * The project's companies: one named after the project, an address at its
 * domain, a contributor's employer (named with them, their address at its
 * domain) also alone; a joint notice of a contributor and a stranger's
 * company is the project's, the stranger's company alone is not; nor is a
 * company whose domain a contributor does not write.
 */
static void test_project_companies(void **state)
{
	static const char *const files[] = { "src/w.c",	    "src/eve.c",   "src/joint.c",
					     "src/gizmo.c", "src/other.c", "src/lic.c",
					     NULL };
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "coproj");

	tu_mkdirs(root, "coproj");
	put_in(dir, "CONTRIBUTORS.md",
	       "# Contributors\n\n* **Ann Lee** (ann@gizmo.example)\n"
	       "* [Bo Lind](https://bo.example)\n");
	put_in(dir, "src/w.c", "/* Copyright 2020 Widget Technologies GmbH */\nint w;\n");
	put_in(dir, "src/eve.c", "/* Copyright 2021 Eve Stone <eve@mail.widget.org> */\nint e;\n");
	put_in(dir, "src/joint.c",
	       "/*\n * Copyright 2019 Gizmo Corp., Ann Lee <ann@gizmo.example>\n"
	       " */\nint j;\n");
	put_in(dir, "src/gizmo.c", "/* Copyright 2019 Gizmo Corp. */\nint g;\n");
	put_in(dir, "src/other.c",
	       "/*\n * Copyright 2019 Other Corp., Zed Ray <zed@other.example>\n"
	       " */\nint o;\n");
	put_in(dir, "src/lic.c",
	       "/* Copyright 2019 Bo Lind\n * SPDX-License-Identifier: MIT\n */\n"
	       "int l;\n");
	analyse_project(dir, WIDGET, files, &out, &taken, &sources);
	/* no licence file and the project's holders state none: MIT is not the project's */
	expect_text(out.buf, "lic|Bo Lind|MIT\nother|Other Corp., Zed Ray|-\n");
	expect_text(taken.buf,
		    "Widget Technologies GmbH (named after the project (soup.json project.name); 1 "
		    "file)\n"
		    "Eve Stone (address eve@mail.widget.org at the project's domain; 1 file)\n"
		    "Gizmo Corp., Ann Lee (address ann@gizmo.example of Ann Lee: CONTRIBUTORS.md; "
		    "1 file)\n"
		    "Gizmo Corp (employer of Ann Lee: address ann@gizmo.example (src/joint.c:2); 1 "
		    "file)\n");
	assert_non_null(strstr(sources.buf, "CONTRIBUTORS.md: 2 names\n"));
	assert_non_null(
		strstr(sources.buf, "no LICENSE, LICENCE, COPYING, NOTICE or COPYRIGHT file\n"));
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
}

/* Every notice names the project's holders: no git log, no list file read (it says so). */
static void test_no_strangers(void **state)
{
	static const char *const files[] = { "src/a.c", "src/b.c", NULL };
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "ownproj");

	tu_mkdirs(root, "ownproj");
	put_in(dir, "LICENSE", "Copyright (c) 2024 Acme Devices Ltd.\n");
	put_in(dir, "AUTHORS", "Ann Lee <ann@lee.example>\n");
	put_in(dir, "src/a.c", OWN);
	put_in(dir, "src/b.c", OWN);
	analyse_project(dir, WIDGET, files, &out, &taken, &sources);
	expect_text(out.buf, "");
	expect_text(taken.buf, "Acme Devices Ltd (LICENSE)\n");
	expect_text(sources.buf, "LICENSE: 1 holder, licence not recognised\n"
				 "git log and list files not read: every notice read names the "
				 "project's holders\n");
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
}

/*
 * Issue 12, item 3: the original's notice below the project's. A second
 * comment block (libarchive's readpassphrase), an earlier organisation in
 * the same block (a BSD qsort), a copy marker; an earlier person is the
 * file's first author (a contributor): quiet.
 */
static void test_original_below(void **state)
{
	static const char *const files[] = { "src/a.c",	 "src/b.c",    "src/rpp.c", "src/qs.c",
					     "src/md.c", "src/hist.c", NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/rpp.c", "/*\n * Copyright (c) 2014 Acme Devices Ltd.\n */\n"
			 "/*\t$OpenBSD: rpp.c,v 1.2 2019/01/25 millert Exp $\t*/\n\n"
			 "/*\n * Copyright (c) 2000-2002 Tod Q. Millet <tod@example.org>\n */\n"
			 "int rpp;\n");
	put("src/qs.c", "/*\n * Copyright (c) 2019 Acme Devices Ltd.\n"
			" * Copyright (c) 1992, 1993 The Regents of the University of Examplia.\n"
			" */\nint qs;\n");
	put("src/md.c",
	    "/*\n * Copyright (c) 2019 Acme Devices Ltd.\n"
	    " * The code is modified for use in widget. The original header comment follows:\n"
	    " * Copyright (c) 2021 Colm Plume.\n */\nint md;\n");
	put("src/hist.c", "/*\n * Copyright (c) 2019 Acme Devices Ltd.\n"
			  " * Copyright (c) 2005 Ada Quill.\n */\nint hist;\n");
	analyse(LIST, files, &out);
	expect_text(out.buf, "md|notice|Colm Plume qs|notice|The Regents of the University of "
			     "Examplia rpp|notice|Tod Q. Millet");
	strbuf_release(&out);
}

/*
 * Issue 12, item 3: notices below the code (lighttpd's md5 under
 * '#include "first.h"', dropbear's TweetNaCl below its own header); a
 * comment below the code that states nothing, and a notice in a string,
 * are not read.
 */
static void test_later_notices(void **state)
{
	static const char *const files[] = { "src/a.c",	   "src/b.c",	  "src/md5x.c",
					     "src/nacl.c", "src/quiet.c", NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/md5x.c", "#include \"first.h\"\n#ifndef USE_LIB\n"
			  "/* MD5X.C - message digest */\n"
			  "/* Copyright (C) 1990-2, Hash Data Security, Inc. Created 1990. */\n"
			  "int md5x;\n#endif\n");
	put("src/nacl.c",
	    OWN "#include \"nacl.h\"\n\n"
		"/* Modified FooNaCl version 20140427, a tiny public-domain C library.\n"
		" * https://foonacl.example.org/ */\nint nacl;\n");
	put("src/quiet.c", OWN "static const char *s = \"/* Copyright (c) 2001 In A String */\";\n"
			       "/* the size is taken from the header, based on the count */\n"
			       "char c = '\"'; /* Copyright (c) 1999 After A Quote Char */\n");
	analyse(LIST, files, &out);
	expect_text(out.buf,
		    "FooNaCl|notice|- md5x|notice|Hash Data Security, Inc quiet|notice|After "
		    "A Quote Char");
	strbuf_release(&out);
}

/*
 * Issue 12, item 2: origins, not mentions. A negated or merely mentioned
 * project stays quiet; "copied out of", "obtained from" are origins; an
 * origin naming a file of the project is the project's; "OpenSSH-3.5p1"
 * and "OpenSSH" are one component (item 5) with the version stated.
 */
static void test_origins_not_mentions(void **state)
{
	static const char *const files[] = { "src/a.c",	    "src/b.c",	 "src/crc.c", "src/seek.c",
					     "src/peer2.c", "src/cat.c", "src/sha.c", "src/pty.c",
					     "src/aio.c",   "src/gnu.c", "src/buf.h", "src/rb.h",
					     "src/reg.h",   "src/enc.c", NULL };
	struct strbuf out = STRBUF_INIT;

	put("src/crc.c",
	    "/* Copyright 2024 Acme Devices Ltd.\n"
	    " * Uses the same polynomial as zlib's crc32 (see zlib.h); written from the\n"
	    " * published CRC-32 definition, no code taken from zlib. */\nint crc;\n");
	put("src/seek.c", "/* Copyright 2024 Acme Devices Ltd.\n"
			  " * A table which we seek based on uid and retrieve. */\nint seek;\n");
	put("src/peer.c", OWN);
	put("src/peer2.c",
	    "/* Copyright 2024 Acme Devices Ltd.\n * Based on src/peer.c. */\nint p2;\n");
	put("src/cat.c", "/* This file is the concatenation of several files copied out of\n"
			 " * https://github.com/example/catlib */\nint cat;\n");
	put("src/sha.c",
	    "#include \"first.h\"\n/*\n * obtained from https://github.com/ex/mod_ws\n */\n"
	    "/*\n * sha.c\n * NO COPYRIGHT - THIS IS 100% IN THE PUBLIC DOMAIN\n */\nint sha;\n");
	put("src/pty.c", "/* Taken from OpenSSH-3.5p1 source, modified by Acme */\nint pty;\n");
	put("src/aio.c", "/* Copied from OpenSSH, required for pty.c */\nint aio;\n");
	/* fribidi: "This file is part of GNU FriBidi" in project fribidi */
	put("src/gnu.c", "/* This file is part of GNU Widget. */\nint gnu;\n");
	/* unbound: an API design is no code; "X from NSD" is NSD, with "NSD 3.0.5" */
	put("src/buf.h", "/* Copyright 2024 Acme Devices Ltd.\n * The API is based on the "
			 "java.nio.Buffer interface. */\nint buf;\n");
	put("src/rb.h", "/* Red black tree. Implementation taken from NSD 3.0.5, adjusted. */\n"
			"int rb;\n");
	put("src/reg.h", "/* Based on region-allocator from NSD, but rewritten. */\nint reg;\n");
	/* haproxy: a list taken from a standards body's registry is data, not code */
	put("src/enc.c",
	    OWN "/*\n * Encoding list extracted from\n"
		" * https://www.iana.org/assignments/http-parameters/x.xhtml\n */\nint enc;\n");
	analyse(LIST, files, &out);
	expect_text(out.buf, "NSD|notice|- OpenSSH|notice|- catlib|notice|- mod_ws|notice|-");
	strbuf_release(&out);
}

/*
 * Issue 12, item 3: the project's holder under a licence the project does
 * not use (HAProxy's imported MIT libraries by its own author); a
 * licence fewer than a tenth of the holder's files state (2 of 23) is
 * not learnt as the project's.
 */
static void test_other_licence(void **state)
{
	const char *files[24];
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "lic");
	const char *gpl =
		"/* Copyright (C) 2000 Wil Tarr <w@wt.example>\n * This program is free "
		"software; you can redistribute it and/or modify it under the terms of\n"
		" * the GNU General Public License as published by the Free Software "
		"Foundation; either version 2 of the License, or (at your option) any later "
		"version. */\nint g;\n";
	const char *mit =
		"/* Copyright (C) 2013 Wil Tarr <w@wt.example>\n" MIT_WORDS " */\nint s;\n";

	char rels[21][16];

	tu_mkdirs(root, "lic");
	for (int i = 0; i < 21; i++) {
		snprintf(rels[i], sizeof(rels[i]), "src/g%d.c", i + 1);
		put_in(dir, rels[i], gpl);
		files[i] = rels[i];
	}
	files[21] = "imp/slz.c";
	files[22] = "imp/slz.h";
	files[23] = NULL;
	put_in(dir, "imp/slz.c", mit);
	put_in(dir, "imp/slz.h", mit);
	analyse_project(dir, WIDGET, files, &out, &taken, &sources);
	expect_text(out.buf, "slz|Wil Tarr|MIT\n");
	assert_non_null(strstr(sources.buf, "GPL-2.0 (21 files)"));
	assert_null(strstr(sources.buf, "MIT ("));
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
}

/* ------------------------------------------------- only compiled code counts */

/* A compile record as the trace holds one: gcc ARGS in root, having read deps. */
static void make_record(struct trace_record *r, const char *id, const char *program,
			const char *const *args, const char *const *deps)
{
	memset(r, 0, sizeof(*r));
	r->id = strdup(id);
	r->program = strdup(program);
	r->cwd = strdup(root);
	strvec_init(&r->args);
	strvec_init(&r->expanded_args);
	strvec_init(&r->deps_abs);
	strvec_pushv(&r->args, args);
	for (size_t i = 0; deps[i]; i++) {
		char *p = tu_path(root, deps[i]);

		strvec_push(&r->deps_abs, p);
		free(p);
	}
}

static void release_record(struct trace_record *r)
{
	free(r->id);
	free(r->program);
	free(r->cwd);
	strvec_clear(&r->args);
	strvec_clear(&r->expanded_args);
	strvec_clear(&r->deps_abs);
}

/*
 * Analyse the file rel with the compile r (or none): each group as
 * "name|high or medium|its first file's note", each hit not compiled as
 * "not compiled: ...", a line each.
 */
static void analyse_compiled(const char *rel, const struct trace_record *r, struct strbuf *out)
{
	struct soup_list soup;
	struct strbuf diag = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT;
	struct strvec files = STRVEC_INIT, skipped = STRVEC_INIT;
	struct compiled *cc = compiled_new(60000, 16);
	struct provenance *prov;
	struct prov_result res;

	soup_list_init(&soup);
	strbuf_addf(&p, "%s/soup.json", root);
	assert_int_equal(soup_parse(p.buf, LIST, strlen(LIST), &soup, &diag, NULL), 0);
	assert_int_equal(provenance_open(&prov, root, &soup, &err), 0);
	for (size_t i = 0; r && i < r->deps_abs.nr; i++)
		assert_int_equal(compiled_add(cc, r->deps_abs.v[i], r), 0);
	provenance_check_compiled(prov, cc);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/%s", root, rel);
	strvec_push(&files, p.buf);
	prov_result_init(&res);
	assert_int_equal(provenance_analyse(prov, &files, &res, &skipped, &err), 0);
	strbuf_reset(out);
	for (size_t i = 0; i < res.nr; i++)
		strbuf_addf(out, "%s|%s|%s\n", res.groups[i].name,
			    res.groups[i].unconfirmed ? "medium" : "high",
			    res.groups[i].notes.v[0]);
	for (size_t i = 0; i < res.not_compiled.nr; i++)
		strbuf_addf(out, "not compiled: %s\n", res.not_compiled.v[i]);
	prov_result_release(&res);
	provenance_close(prov);
	compiled_free(cc);
	soup_list_release(&soup);
	strvec_clear(&files);
	strvec_clear(&skipped);
	strbuf_release(&diag);
	strbuf_release(&err);
	strbuf_release(&p);
}

#define REID "/* SHA-1 in C\n * By Steve Reid <steve@edmweb.com>\n * 100% Public Domain */\n"
#define SHA1 "SHA-1 in C (Steve Reid)"

/*
 * Issue 12 item 4, from a real project: a fingerprint matched in the
 * #else of a build option the build does not set (the binary has the
 * other implementation) was a high-confidence component. Text the
 * preprocessor skips is no evidence: it is only noted.
 */
static void test_only_compiled_code_counts(void **state)
{
	static const char *const c_if0[] = { "-c", "src/old.c", "-o", "src/old.o", "-MD", NULL };
	static const char *const c_opt[] = { "-c", "-O2", "src/opt.c", "-o", "src/opt.o", NULL };
	static const char *const c_set[] = { "-c", "-DDIGEST_USE_REID", "src/opt.c", NULL };
	static const char *const c_app[] = { "-c", "src/app.c", NULL };
	static const char *const d_old[] = { "src/old.c", NULL }, *const d_opt[] = { "src/opt.c",
										     NULL };
	static const char *const d_app[] = { "src/app.c", "src/sha1.h", NULL };
	struct trace_record r;
	struct strbuf out = STRBUF_INIT;

	(void)state;
	put("src/old.c", OWN "#if 0\n" REID "int digest_old(void) { return 0; }\n#endif\n");
	put("src/opt.c", OWN "#ifndef DIGEST_USE_REID\nint digest(void) { return 1; }\n#else\n" REID
			     "int digest(void) { return 2; }\n#endif\n");
	put("src/sha1.h", "#ifndef SHA1_H\n#define SHA1_H\n" REID "int sha1(void);\n#endif\n");
	put("src/app.c", OWN "#include \"sha1.h\"\n");

	/* inside #if 0: quiet, noted with the compile that skips it */
	make_record(&r, "c1", "gcc", c_if0, d_old);
	analyse_compiled("src/old.c", &r, &out);
	expect_text(out.buf,
		    "not compiled: src/old.c:4: /* SHA-1 in C (" SHA1 " fingerprint): lines "
		    "4, 5, 6 are not compiled: the preprocessor skips them with the flags "
		    "of compile c1\n");
	release_record(&r);

	/* in the #else of an option the build does not set: quiet */
	make_record(&r, "c2", "gcc", c_opt, d_opt);
	analyse_compiled("src/opt.c", &r, &out);
	assert_non_null(strstr(out.buf, "not compiled: src/opt.c:6: "));
	assert_null(strstr(out.buf, "|high|"));
	release_record(&r);

	/* the same file, the option given in the recorded flags: found, and said how */
	make_record(&r, "c3", "gcc", c_set, d_opt);
	analyse_compiled("src/opt.c", &r, &out);
	expect_text(out.buf,
		    SHA1 "|high|line 6: /* SHA-1 in C (" SHA1 " fingerprint, 3 patterns); "
			 "line 6 is compiled: preprocessed with the flags of compile c3\n");
	release_record(&r);

	/* live code, in a header a compiled source includes: found */
	make_record(&r, "c4", "gcc", c_app, d_app);
	analyse_compiled("src/sha1.h", &r, &out);
	expect_text(out.buf,
		    SHA1 "|high|line 3: /* SHA-1 in C (" SHA1 " fingerprint, 3 patterns); "
			 "line 3 is compiled: preprocessed with the flags of compile c4\n");
	release_record(&r);

	/* the compiler cannot be run here: kept, medium, saying it is unconfirmed */
	make_record(&r, "c5", "/nonexistent/bin/gcc", c_set, d_opt);
	analyse_compiled("src/opt.c", &r, &out);
	assert_non_null(strstr(out.buf, SHA1 "|medium|line 6: "));
	assert_non_null(strstr(out.buf, "; not confirmed as compiled: preprocessing with the flags "
					"of compile c5: cannot run /nonexistent/bin/gcc in "));
	release_record(&r);

	/* no recorded compile used the file (binary evidence): the same */
	analyse_compiled("src/old.c", NULL, &out);
	assert_non_null(strstr(out.buf, SHA1 "|medium|line 4: "));
	assert_non_null(strstr(out.buf, "; not confirmed as compiled: no recorded compile used the "
					"file\n"));
	strbuf_release(&out);
}

/*
 * Issue 12 items 3 and 4: a notice below the code counts only where it is
 * compiled (libarchive's copy of OpenBSD's arc4random under #ifndef
 * HAVE_ARC4RANDOM_BUF, on a libc that has it).
 */
static void test_later_notice_not_compiled(void **state)
{
	static const char *const c_have[] = { "-c", "-DHAVE_RNG", "src/rng.c", NULL };
	static const char *const c_none[] = { "-c", "src/rng.c", NULL };
	static const char *const deps[] = { "src/rng.c", NULL };
	struct trace_record r;
	struct strbuf out = STRBUF_INIT;

	(void)state;
	put("src/rng.c", OWN "#ifndef HAVE_RNG\n"
			     "/* $OpenBSD: rng.c,v 1.2 $ */\n"
			     "/*\n * Copyright (c) 1996, Dana Mazur <dm@example.org>\n */\n"
			     "int rng_fallback(void) { return 4; }\n#endif\n");
	make_record(&r, "1-1", "gcc", c_have, deps);
	analyse_compiled("src/rng.c", &r, &out);
	release_record(&r);
	expect_text(out.buf, "not compiled: src/rng.c:5: notice \"Copyright (c) 1996, Dana Mazur "
			     "<dm@example.org>\": lines 5, 7 are not compiled: the preprocessor "
			     "skips them with the flags of compile 1-1\n");
	make_record(&r, "1-2", "gcc", c_none, deps);
	analyse_compiled("src/rng.c", &r, &out);
	release_record(&r);
	expect_text(out.buf, "rng|high|line 6: Copyright (c) 1996, Dana Mazur <dm@example.org>\n");
	strbuf_release(&out);
}

/*
 * Issue 12, item 3: a file with no notice of its own in a folder where
 * every other file read is someone else's is theirs too (a generated
 * parser among a vendored project's files); among the project's own files
 * it stays quiet.
 */
static void test_silent_neighbours(void **state)
{
	static const char *const files[] = {
		"src/a.c",	 "src/b.c",	 "src/quiet.c",	 "lib/qp/qp.c",	  "lib/qp/qp.h",
		"lib/qp/gram.c", "lib/mix/m1.c", "lib/mix/m2.c", "lib/mix/gen.c", NULL
	};
	struct strbuf out = STRBUF_INIT;

	(void)state;
	put("src/quiet.c", "int quiet;\n");
	put("lib/qp/qp.c", "/* Copyright (c) 2010 Quin Parr */\nint qp;\n");
	put("lib/qp/qp.h", "/* Copyright (c) 2010 Quin Parr */\nint qph;\n");
	put("lib/qp/gram.c", "int gram; /* generated */\n");
	put("lib/mix/m1.c", "/* Copyright (c) 2011 Mo One */\nint m1;\n");
	put("lib/mix/m2.c", "/* Copyright (c) 2012 Mia Two */\nint m2;\n");
	put("lib/mix/gen.c", "int gen;\n");
	analyse(LIST, files, &out);
	expect_text(out.buf, "gen|notice|- m1|notice|Mo One m2|notice|Mia Two qp|notice|Quin Parr");
	strbuf_release(&out);
}

#define BSD2_HEAD(who)                                                                             \
	"/*-\n * Copyright (c) 2011 " who "\n * All rights reserved.\n *\n"                        \
	" * Redistribution and use in source and binary forms, with or without\n"                  \
	" * modification, are permitted provided that the following conditions are met:\n"         \
	" * 1. Redistributions of source code must retain the above copyright notice.\n"           \
	" * 2. Redistributions in binary form must reproduce the above copyright notice.\n *\n"

/* The BSD-2 disclaimer as the project writes it, and as another project does. */
#define OWN_DISCLAIMER                                                                             \
	" * THIS SOFTWARE IS PROVIDED BY THE AUTHOR(S) ``AS IS'' AND ANY EXPRESS OR\n"             \
	" * IMPLIED WARRANTIES ARE DISCLAIMED. IN NO EVENT SHALL THE AUTHOR(S) BE LIABLE\n"        \
	" * FOR ANY DAMAGES, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.\n */\n"
#define OTHER_DISCLAIMER                                                                           \
	" * THIS SOFTWARE IS PROVIDED BY THE NETBSD FOUNDATION, INC. AND CONTRIBUTORS\n"           \
	" * ``AS IS'' AND ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED. IN NO EVENT\n"         \
	" * SHALL THE FOUNDATION BE LIABLE FOR ANY DAMAGES, EVEN IF ADVISED OF THE\n"              \
	" * POSSIBILITY OF SUCH DAMAGE.\n */\n"

/*
 * Contributors no list names (a tree without history, AUTHORS or the like):
 * a file whose holder is not the project's, but whose licence header is the
 * project's own word for word, no origin stated, is a contributor's; the
 * same licence in another project's wording is a copy, and so is the
 * project's header over a stated origin or a copy marker.
 */
static void test_project_header(void **state)
{
	static const char *const files[] = { "lib/a.c",	  "lib/b.c",   "lib/c.c",
					     "tar/d.c",	  "lib/kai.c", "lib/rb.c",
					     "lib/drv.c", "lib/mk.c",  NULL };
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "hdrproj");

	(void)state;
	tu_mkdirs(root, "hdrproj");
	put_in(dir, "lib/a.c", BSD2_HEAD("Tim Example") OWN_DISCLAIMER "int a;\n");
	put_in(dir, "lib/b.c", BSD2_HEAD("Tim Example") OWN_DISCLAIMER "int b;\n");
	put_in(dir, "lib/c.c", BSD2_HEAD("Tim Example") OWN_DISCLAIMER "int c;\n");
	put_in(dir, "tar/d.c", BSD2_HEAD("Tim Example") OWN_DISCLAIMER "int d;\n");
	/* a contributor: the project's header, word for word */
	put_in(dir, "lib/kai.c", BSD2_HEAD("Kai Wang") OWN_DISCLAIMER "int kai;\n");
	/* a copy: the same licence in the original project's words */
	put_in(dir, "lib/rb.c",
	       BSD2_HEAD("The NetBSD Foundation, Inc.") OTHER_DISCLAIMER "int rb;\n");
	/* the project's header, but derived from something else */
	put_in(dir, "lib/drv.c",
	       "/* Derived from lzfoo 1.2 by Ann Other. */\n" BSD2_HEAD("Ann Other") OWN_DISCLAIMER
	       "int drv;\n");
	/* the project's header over a copy marker: the original below is a copy */
	put_in(dir, "lib/mk.c",
	       BSD2_HEAD("Mia Kell") OWN_DISCLAIMER
	       "/* The original header comment follows. */\n"
	       "/* Copyright (c) 1995 Odd Original Ltd */\nint mk;\n");
	analyse_project(dir, WIDGET, files, &out, &taken, &sources);
	expect_text(out.buf, "lzfoo|Ann Other|BSD-2-Clause\n"
			     "mk|Odd Original Ltd|-\n"
			     "rb|The NetBSD Foundation, Inc|BSD-2-Clause\n");
	assert_non_null(strstr(taken.buf, "Kai Wang (writes the project's licence header word for "
					  "word, as 4 files of the project's holders do; 1 file)"));
	assert_null(strstr(taken.buf, "NetBSD"));
	assert_non_null(strstr(sources.buf,
			       "the licence header of the project's holders' files: 4 of "
			       "4 word for word"));
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
}

#define MIT_FULL                                                                                   \
	" * Permission is hereby granted, free of charge, to any person obtaining a\n"             \
	" * copy of this software and associated documentation files (the \"Software\"),\n"        \
	" * to deal in the Software without restriction, including without limitation\n"           \
	" * the rights to use, copy, modify, merge, publish, distribute, sublicense,\n"            \
	" * and/or sell copies of the Software, and to permit persons to whom the\n"               \
	" * Software is furnished to do so, subject to the following conditions:\n *\n"            \
	" * The above copyright notice and this permission notice shall be included in\n"          \
	" * all copies or substantial portions of the Software.\n *\n"                             \
	" * THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"        \
	" * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"            \
	" * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"         \
	" * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"              \
	" * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING\n"             \
	" * FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER\n"                 \
	" * DEALINGS IN THE SOFTWARE.\n */\n"

/*
 * A project whose files carry the MIT licence's own words has no header
 * of its own: a stranger's file under the same words (wrapped otherwise)
 * is still someone else's, as is one under the GPL's standard notice in a
 * project that uses that notice.
 */
static void test_standard_header(void **state)
{
	static const char *const files[] = { "lib/a.c", "lib/b.c", "app/c.c", "lib/cj.c", NULL };
	static const char *const gfiles[] = { "lib/a.c", "lib/b.c", "app/c.c", "lib/gx.c", NULL };
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "mitproj"), *gdir = tu_path(root, "gplproj");

	(void)state;
	tu_mkdirs(root, "mitproj");
	put_in(dir, "lib/a.c", "/*\n * Copyright (c) 2020 Tim Example\n *\n" MIT_FULL "int a;\n");
	put_in(dir, "lib/b.c", "/*\n * Copyright (c) 2020 Tim Example\n *\n" MIT_FULL "int b;\n");
	put_in(dir, "app/c.c", "/*\n * Copyright (c) 2020 Tim Example\n *\n" MIT_FULL "int c;\n");
	put_in(dir, "lib/cj.c", "/*\n * Copyright (c) 2009 Dave Gamble\n *\n" MIT_FULL "int cj;\n");
	analyse_project(dir, WIDGET, files, &out, &taken, &sources);
	expect_text(out.buf, "cj|Dave Gamble|MIT\n");
	assert_non_null(strstr(sources.buf, "carry a licence's standard words"));

#define GPL_NOTICE                                                                                 \
	" * This program is free software; you can redistribute it and/or\n"                       \
	" * modify it under the terms of the GNU General Public License\n"                         \
	" * as published by the Free Software Foundation; either version\n"                        \
	" * 2 of the License, or (at your option) any later version.\n */\n"
	tu_mkdirs(root, "gplproj");
	put_in(gdir, "lib/a.c",
	       "/*\n * Copyright (c) 2020 Tim Example\n *\n" GPL_NOTICE "int a;\n");
	put_in(gdir, "lib/b.c",
	       "/*\n * Copyright (c) 2020 Tim Example\n *\n" GPL_NOTICE "int b;\n");
	put_in(gdir, "app/c.c",
	       "/*\n * Copyright (c) 2020 Tim Example\n *\n" GPL_NOTICE "int c;\n");
	put_in(gdir, "lib/gx.c",
	       "/*\n * Copyright (c) 1999 Other Hacker\n *\n" GPL_NOTICE "int gx;\n");
	analyse_project(gdir, WIDGET, gfiles, &out, &taken, &sources);
	expect_text(out.buf, "gx|Other Hacker|GPL-2.0-or-later\n");
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
	free(gdir);
}

/* Everything an analysis of the files (absolute paths) gives, as text. */
static void dump_analysis(const struct strvec *files, struct strbuf *out)
{
	struct soup_list soup;
	struct strbuf diag = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT;
	struct strvec skipped = STRVEC_INIT;
	struct provenance *prov;
	struct prov_result res;

	soup_list_init(&soup);
	strbuf_addf(&p, "%s/soup.json", root);
	assert_int_equal(soup_parse(p.buf, LIST, strlen(LIST), &soup, &diag, NULL), 0);
	assert_int_equal(provenance_open(&prov, root, &soup, &err), 0);
	prov_result_init(&res);
	assert_int_equal(provenance_analyse(prov, files, &res, &skipped, &err), 0);
	strbuf_reset(out);
	for (size_t i = 0; i < res.nr; i++) {
		const struct prov_group *g = &res.groups[i];

		strbuf_addf(out, "group %s|%d|%s|%s|%s\n", g->name, (int)g->how,
			    g->supplier ? g->supplier : "-", g->license ? g->license : "-",
			    g->why ? g->why : "-");
		for (size_t k = 0; k < g->files.nr; k++)
			strbuf_addf(out, "  %s: %s\n", g->files.v[k],
				    k < g->notes.nr ? g->notes.v[k] : "-");
	}
	for (size_t i = 0; i < res.first_party.nr; i++)
		strbuf_addf(out, "first party %s (%s)\n", res.first_party.v[i],
			    res.first_party_why.v[i]);
	for (size_t i = 0; i < skipped.nr; i++)
		strbuf_addf(out, "skipped %s\n", skipped.v[i]);
	prov_result_release(&res);
	provenance_close(prov);
	soup_list_release(&soup);
	strvec_clear(&skipped);
	strbuf_release(&diag);
	strbuf_release(&err);
	strbuf_release(&p);
}

/*
 * The files are read and their notices parsed on several threads: 1, 2 or
 * 5 of them give the same groups, notes, holders and unreadable files, in
 * the same order (a project of 1,500 files: project headers, strangers'
 * files, a fingerprinted copy, files that cannot be read).
 */
static void test_threads_change_nothing(void **state)
{
	struct strvec files = STRVEC_INIT;
	struct strbuf one = STRBUF_INIT, other = STRBUF_INIT, rel = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT;
	static const char *const threads[] = { "2", "5" };

	(void)state;
	for (size_t i = 0; i < 1500; i++) {
		strbuf_reset(&rel);
		strbuf_addf(&rel, "many/d%zu/f%zu.c", i / 100, i);
		strbuf_reset(&text);
		if (i % 97 == 5)
			strbuf_addf(&text,
				    "/* zlib.h */\n#define ZLIB_VERSION \"1.2.%zu\"\n"
				    "#define ZLIB_VERNUM 0x12%zu0\n",
				    i % 13, i % 10);
		else if (i % 31 == 3)
			strbuf_addf(&text,
				    "/*\n * Copyright (c) 2009 Stranger %zu\n * "
				    "SPDX-License-Identifier: BSD-2-Clause\n */\nint f%zu;\n",
				    i % 4, i);
		else
			strbuf_addf(&text,
				    "/*\n * Copyright (c) 2026 Many Files Ltd.\n * "
				    "SPDX-License-Identifier: MIT\n */\nint f%zu;\n",
				    i);
		if (i % 211 != 7) /* else never written: cannot be read */
			put(rel.buf, text.buf);
		strbuf_reset(&rel);
		strbuf_addf(&rel, "%s/many/d%zu/f%zu.c", root, i / 100, i);
		strvec_push(&files, rel.buf);
	}
	setenv("SOUPTRACE_THREADS", "1", 1);
	dump_analysis(&files, &one);
	assert_non_null(strstr(one.buf, "group zlib|"));
	assert_non_null(strstr(one.buf, "Stranger 3"));
	assert_non_null(strstr(one.buf, "first party Many Files Ltd ("));
	assert_non_null(strstr(one.buf, "skipped "));
	assert_non_null(strstr(one.buf, "group f1491|"));
	for (size_t k = 0; k < sizeof(threads) / sizeof(*threads); k++) {
		setenv("SOUPTRACE_THREADS", threads[k], 1);
		dump_analysis(&files, &other);
		assert_string_equal(other.buf, one.buf);
	}
	unsetenv("SOUPTRACE_THREADS");
	strvec_clear(&files);
	strbuf_release(&one);
	strbuf_release(&other);
	strbuf_release(&rel);
	strbuf_release(&text);
}

/*
 * A file directly in a folder whose name says it holds imported code
 * (HAProxy's include/import/) is someone else's even under the project's
 * own holder: one component per library, named by the title its notice
 * opens with, else its stem ("slz-tables" joins "slz"); a file elsewhere
 * with the same stem and first holder is that library's source. The
 * project's other files, a same-stem file with no notice, a folder whose
 * name only looks alike, stay the project's.
 */
static void test_imported_folder(void **state)
{
	static const char *const files[] = {
		"src/a.c",
		"include/import/plock.h",
		"include/import/slz-tables.h", /* before slz.h, as sorted */
		"include/import/slz.h",
		"src/slz.c",
		"include/import/eb32.h",
		"include/import/ebtree.h",
		"src/ebtree.c",
		"src/lru.c",
		"include/import/lru.h",
		"src/imports/csv.c",
		"third_party/one.c",
		NULL
	};
	struct strbuf out = STRBUF_INIT;

	(void)state;
	put("include/import/plock.h",
	    "/* plock - progressive locks\n *\n * Copyright (C) 2012 Acme Devices Ltd.\n */\n");
	put("include/import/slz.h", "/*\n * Copyright (C) 2013 Acme Devices Ltd.\n */\n");
	put("include/import/slz-tables.h", "/* Fixed Huffman table as per RFC1951. */\n");
	put("src/slz.c", "/*\n * Copyright (C) 2013 Acme Devices Ltd.\n */\nint slz;\n");
	put("include/import/eb32.h",
	    "/*\n * Binary Trees - 32-bit nodes\n * (C) 2002-2011 - Acme Devices Ltd.\n */\n");
	put("include/import/ebtree.h",
	    "/*\n * Binary Trees - generic macros\n * (C) 2002-2011 - Acme Devices Ltd.\n */\n");
	put("src/ebtree.c", "/*\n * Copyright (C) 2002 Acme Devices Ltd.\n */\nint eb;\n");
	put("src/lru.c", "int lru;\n");
	put("include/import/lru.h", "/* Copyright (C) 2015 Acme Devices Ltd. */\n");
	put("src/imports/csv.c", OWN);
	put("third_party/one.c", "/* Copyright (C) 2015 Acme Devices Ltd. */\nint one;\n");
	analyse(LIST, files, &out);
	expect_text(out.buf, "Binary Trees|notice|Acme Devices Ltd lru|notice|Acme Devices Ltd "
			     "one|notice|Acme Devices Ltd plock|notice|Acme Devices Ltd "
			     "slz|notice|Acme Devices Ltd");
	strbuf_release(&out);
}

/* A project whose root folder is named "vendor": its own top-level files are not imported. */
static void test_root_named_vendor(void **state)
{
	static const char *const files[] = { "main.c", "util.c", NULL };
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "vendor");

	(void)state;
	tu_mkdirs(root, "vendor");
	put_in(dir, "LICENSE", "Copyright (c) 2024 Acme Devices Ltd.\n\nProprietary.\n");
	put_in(dir, "main.c", OWN);
	put_in(dir, "util.c", OWN);
	analyse_project(dir, LIST, files, &out, &taken, &sources);
	expect_text(out.buf, "");
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
}

/*
 * A vendored folder judged as a component of its own (issue 12, item 3):
 * its licence file's holder and the holder of most of its files are its
 * own, in one folder and however few files; another holder's file inside
 * it is apart. A tie names no one the component's: nothing is apart.
 */
static void test_component_folder(void **state)
{
	static const char *const lua[] = { "lapi.c", "lcode.c", "lfs.c", "lstr.c", NULL };
	static const char *const bare[] = { "a.c", "b.c", "c.c", NULL };
	static const char *const tie[] = { "x.c", "y.c", NULL };
	static const char *const lua2[] = { "lua.c", "lfs.c", NULL };
	struct strbuf out = STRBUF_INIT, taken = STRBUF_INIT, sources = STRBUF_INIT;
	char *dir = tu_path(root, "vend/lua"), *dir2 = tu_path(root, "vend/bare"),
	     *dir3 = tu_path(root, "vend/tie"), *dir4 = tu_path(root, "vend/lua2");

	(void)state;
	tu_mkdirs(root, "vend/lua");
	put_in(dir, "LICENSE", "Copyright (C) 1994-2020 Lua.org, PUC-Rio.\n\n" MIT_WORDS);
	put_in(dir, "lapi.c", "/* Copyright (C) 1994-2020 Lua.org, PUC-Rio. */\nint lapi;\n");
	put_in(dir, "lcode.c", "int lcode;\n");
	put_in(dir, "lfs.c",
	       "/*\n * Copyright (C) 2003-2014 Kepler Project.\n" MIT_WORDS " */\nint lfs;\n");
	put_in(dir, "lstr.c", "/* Copyright (C) 1994-2020 Lua.org, PUC-Rio. */\nint lstr;\n");
	as_component = true;
	analyse_project(dir,
			"{\"souptrace\": 1, \"project\": {\"name\": \"lua\"}, \"components\": []}",
			lua, &out, &taken, &sources);
	expect_text(out.buf, "lfs|Kepler Project|MIT\n");
	assert_non_null(strstr(sources.buf,
			       "a vendored component's folder: the vendoring project's "
			       "history and lists not read\n"));
	tu_mkdirs(root, "vend/bare");
	put_in(dir2, "a.c", "/* Copyright 2019 Foo Bar */\nint a;\n");
	put_in(dir2, "b.c", "/* Copyright 2020 Foo Bar */\nint b;\n");
	put_in(dir2, "c.c", "/* Copyright 2021 Baz Qux */\nint c;\n");
	analyse_project(dir2,
			"{\"souptrace\": 1, \"project\": {\"name\": \"bare\"}, \"components\": []}",
			bare, &out, &taken, &sources);
	expect_text(out.buf, "c|Baz Qux|-\n");
	expect_text(taken.buf,
		    "Foo Bar (holder of the most files of the component read (2 of 3))\n");
	/* one file each, but the licence file names the component's own holder */
	tu_mkdirs(root, "vend/lua2");
	put_in(dir4, "LICENSE", "Copyright (C) 1994-2020 Lua.org, PUC-Rio.\n\n" MIT_WORDS);
	put_in(dir4, "lua.c", "/* Copyright (C) 1994-2020 Lua.org, PUC-Rio. */\nint lua;\n");
	put_in(dir4, "lfs.c", "/* Copyright (C) 2003 Kepler Project. */\nint lfs;\n");
	analyse_project(dir4,
			"{\"souptrace\": 1, \"project\": {\"name\": \"lua2\"}, \"components\": []}",
			lua2, &out, &taken, &sources);
	expect_text(out.buf, "lfs|Kepler Project|-\n");
	assert_true(knows);
	tu_mkdirs(root, "vend/tie");
	put_in(dir3, "x.c", "/* Copyright 2019 Foo Bar */\nint x;\n");
	put_in(dir3, "y.c", "/* Copyright 2021 Baz Qux */\nint y;\n");
	analyse_project(dir3,
			"{\"souptrace\": 1, \"project\": {\"name\": \"tie\"}, \"components\": []}",
			tie, &out, &taken, &sources);
	/* a tie names no one the component's: nothing is known to be another's */
	assert_false(knows);
	as_component = false;
	strbuf_release(&out);
	strbuf_release(&taken);
	strbuf_release(&sources);
	free(dir);
	free(dir2);
	free(dir3);
	free(dir4);
}

/*
 * An origin that names no project, only what the code was ("public domain
 * code by NAME", OpenSSH's curve25519): named by its file, its author the
 * supplier; two such statements by different authors stay apart.
 */
static void test_anonymous_origin(void **state)
{
	static const char *const files[] = { "src/a.c", "src/x25519.c", "src/ed.c", NULL };
	struct strbuf out = STRBUF_INIT;

	(void)state;
	put("src/x25519.c", "/*\nversion 20081011\nPublic domain.\n"
			    "Derived from public domain code by Dana Frost.\n*/\nint x;\n");
	put("src/ed.c", "/*\n * Derived from public domain code by Per Lind.\n */\nint ed;\n");
	analyse(LIST, files, &out);
	expect_text(out.buf, "ed|notice|Per Lind x25519|notice|Dana Frost");
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_foreign_holder),
		cmocka_unit_test(test_joint_holder_is_first_party),
		cmocka_unit_test(test_joint_notice_contributors),
		cmocka_unit_test(test_text_origins_are_not_code),
		cmocka_unit_test(test_by_holder),
		cmocka_unit_test(test_fingerprints_and_generated),
		cmocka_unit_test(test_dominant_holder),
		cmocka_unit_test(test_licence_only_spdx),
		cmocka_unit_test(test_git_contributors),
		cmocka_unit_test(test_authors_file),
		cmocka_unit_test(test_project_companies),
		cmocka_unit_test(test_no_strangers),
		cmocka_unit_test(test_original_below),
		cmocka_unit_test(test_later_notices),
		cmocka_unit_test(test_origins_not_mentions),
		cmocka_unit_test(test_other_licence),
		cmocka_unit_test(test_only_compiled_code_counts),
		cmocka_unit_test(test_later_notice_not_compiled),
		cmocka_unit_test(test_silent_neighbours),
		cmocka_unit_test(test_threads_change_nothing),
		cmocka_unit_test(test_project_header),
		cmocka_unit_test(test_standard_header),
		cmocka_unit_test(test_imported_folder),
		cmocka_unit_test(test_root_named_vendor),
		cmocka_unit_test(test_component_folder),
		cmocka_unit_test(test_anonymous_origin),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
