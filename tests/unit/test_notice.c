/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for analyzers/notice.c: the leading comments of source files
 * (copyright statements and their holders, SPDX tags, authors, origins,
 * the licence their wording expresses), licence files, decoys that must
 * not count, and hostile input. Every notice here is written for the
 * test; licence phrases are quoted only as far as the recogniser needs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "notice.h"
#include "strbuf.h"

#include "testutil.h"
#include "banned.h"

/* ---- helpers ---- */

static void dump(const struct notice *n)
{
	size_t i;

	printf("#   lines %zu-%zu licence %s:%zu pd %d\n", n->first_line, n->last_line,
	       n->license ? n->license : "-", n->license_line, n->public_domain);
	for (i = 0; i < n->nr_copyrights; i++)
		printf("#   copyright %zu: %s\n", n->copyrights[i].line, n->copyrights[i].text);
	for (i = 0; i < n->nr_holders; i++)
		printf("#   holder %zu: [%s] years [%s]\n", n->holders[i].line, n->holders[i].text,
		       n->holders[i].years ? n->holders[i].years : "");
	for (i = 0; i < n->nr_spdx; i++)
		printf("#   spdx %zu: %s\n", n->spdx[i].line, n->spdx[i].text);
	for (i = 0; i < n->nr_origins; i++)
		printf("#   origin %zu: %s\n", n->origins[i].line, n->origins[i].text);
	for (i = 0; i < n->nr_authors; i++)
		printf("#   author %zu: %s\n", n->authors[i].line, n->authors[i].text);
}

static int parse(const char *text, struct notice *n)
{
	int r = notice_parse(text, strlen(text), n);

	dump(n);
	return r;
}

/* The texts of items, exactly, in order. */
static void expect_texts(const struct notice_item *it, size_t nr, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		assert_true(i < nr);
		assert_string_equal(it[i].text, want[i]);
	}
	assert_int_equal(nr, i);
}

#define TEXTS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NONE	   ((const char *const[]){ NULL })

static void expect_item(const struct notice_item *it, size_t nr, size_t i, const char *text,
			const char *years, size_t line)
{
	assert_true(i < nr);
	assert_string_equal(it[i].text, text);
	if (years)
		assert_string_equal(it[i].years, years);
	else
		assert_null(it[i].years);
	assert_int_equal(it[i].line, line);
}

#define HOLDER(n, i, text, years, line)                                                            \
	expect_item((n)->holders, (n)->nr_holders, i, text, years, line)

static void expect_license(const struct notice *n, const char *id, size_t line)
{
	if (!id) {
		assert_null(n->license);
		assert_int_equal(n->license_line, 0);
		return;
	}
	assert_non_null(n->license);
	assert_string_equal(n->license, id);
	assert_int_equal(n->license_line, line);
}

/* notice_recognise_license on a literal. */
static const char *rec(const char *text, size_t *line)
{
	return notice_recognise_license(text, strlen(text), line);
}

static void expect_rec(const char *text, const char *id, size_t line)
{
	size_t l = 99;
	const char *got = rec(text, &l);

	if (!id) {
		if (got)
			printf("# unexpected %s\n", got);
		assert_null(got);
		assert_int_equal(l, 0);
		return;
	}
	if (!got || strcmp(got, id))
		printf("# expected %s, got %s\n", id, got ? got : "NULL");
	assert_non_null(got);
	assert_string_equal(got, id);
	assert_int_equal(l, line);
}

/* ---- licence phrases used below ---- */

#define MIT_BODY                                                                                   \
	" * Permission is hereby granted, free of charge, to any person obtaining a copy\n"        \
	" * of this software and associated documentation files (the \"Software\"), to\n"          \
	" * deal in the Software without restriction, subject to the following conditions:\n"      \
	" *\n"                                                                                     \
	" * The above copyright notice and this permission notice shall be included in\n"          \
	" * all copies or substantial portions of the Software.\n"                                 \
	" *\n"                                                                                     \
	" * THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND. IN NO EVENT\n"       \
	" * SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM.\n"

#define BSD_HEAD                                                                                   \
	" * Redistribution and use in source and binary forms, with or without\n"                  \
	" * modification, are permitted provided that the following conditions\n"                  \
	" * are met:\n"                                                                            \
	" * 1. Redistributions of source code must retain the above copyright\n"                   \
	" *    notice, this list of conditions and the following disclaimer.\n"                    \
	" * 2. Redistributions in binary form must reproduce the above\n"                          \
	" * copyright notice, this list of conditions and the following disclaimer in the\n"       \
	" *    documentation and/or other materials provided with the distribution.\n"

#define BSD_NEITHER                                                                                \
	" * 3. Neither the name of the copyright holder nor the names of its contributors\n"       \
	" *    may be used to endorse or promote products derived from this software\n"            \
	" *    without specific prior written permission.\n"

#define BSD_DISCLAIMER                                                                             \
	" *\n"                                                                                     \
	" * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"\n"       \
	" * AND ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED. IN NO EVENT SHALL THE\n"         \
	" * COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DAMAGES.\n"

/* ---- source headers ---- */

static void test_block_mit(void **state)
{
	static const char text[] = "/*\n"				     /* 1 */
				   " * tinyfmt - small formatting helpers\n" /* 2 */
				   " *\n"				     /* 3 */
				   " * Copyright (c) 2014-2017 Alice Example <alice@example.org>\n"
				   " * Copyright (c) 2019 Bob Sample\n" /* 5 */
				   " *\n"				/* 6 */
		MIT_BODY						/* 7-15 */
				   " */\n"				/* 16 */
				   "#include <stdio.h>\n"
				   "/* Copyright 2020 Not Read */\n"
				   "static const char *s = \"Copyright 2021 Nor This\";\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.copyrights, n.nr_copyrights,
		     TEXTS("Copyright (c) 2014-2017 Alice Example <alice@example.org>",
			   "Copyright (c) 2019 Bob Sample"));
	assert_int_equal(n.copyrights[0].line, 4);
	assert_int_equal(n.copyrights[1].line, 5);
	assert_int_equal(n.nr_holders, 2);
	HOLDER(&n, 0, "Alice Example", "2014-2017", 4);
	HOLDER(&n, 1, "Bob Sample", "2019", 5);
	assert_string_equal(n.title, "tinyfmt"); /* "tinyfmt - small formatting helpers" */
	assert_int_equal(n.title_line, 2);
	expect_license(&n, "MIT", 7);
	assert_false(n.public_domain);
	assert_int_equal(n.nr_spdx, 0);
	assert_int_equal(n.nr_origins, 0);
	assert_int_equal(n.nr_authors, 0);
	assert_int_equal(n.first_line, 1);
	assert_int_equal(n.last_line, 16);
	notice_release(&n);
	assert_null(n.holders);
	assert_int_equal(n.nr_holders, 0);
}

/* The title a notice opens with ("NAME - what it is"), and first lines that are none. */
static void test_titles(void **state)
{
	static const struct {
		const char *text, *title;
	} cases[] = {
		{ "/* plock - progressive locks\n * Copyright (C) 2012 Ann Lee\n */\n", "plock" },
		{ "/*\n * Elastic Binary Trees - generic macros\n */\n", "Elastic Binary Trees" },
		{ "// xxHash -- Extremely Fast Hash algorithm\n", "xxHash" },
		{ "/*\n * include/import/ist.h\n * Very simple indirect strings - helpers\n */\n",
		  NULL },
		{ "/* Copyright - 2012 Ann Lee */\n", NULL },
		{ "/* one two three four five - too many words */\n", NULL },
		{ "/* a-b-c: no spaced dash */\n", NULL },
		{ "/* Copyright 2012 Ann Lee\n * widget - later line\n */\n", NULL },
	};
	struct notice n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		notice_init(&n);
		assert_int_equal(parse(cases[i].text, &n), 0);
		if (cases[i].title)
			assert_string_equal(n.title, cases[i].title);
		else if (n.title)
			fail_msg("case %zu: title \"%s\"", i, n.title);
		notice_release(&n);
	}
}

static void test_zlib_style(void **state)
{
	static const char text[] =
		"/* minideflate.h -- interface of a small deflate library\n"
		"  Copyright (C) 2003-2008 Jean-loup Gailly and Mark Adler\n"
		"\n"
		"  This software is provided 'as-is', without any express or implied\n"
		"  warranty.  In no event will the authors be held liable for any damages.\n"
		"\n"
		"  1. The origin of this software must not be misrepresented; you must not\n"
		"     claim that you wrote the original software.\n"
		"*/\n"
		"#ifndef MINIDEFLATE_H\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.copyrights, n.nr_copyrights,
		     TEXTS("Copyright (C) 2003-2008 Jean-loup Gailly and Mark Adler"));
	assert_int_equal(n.nr_holders, 2);
	HOLDER(&n, 0, "Jean-loup Gailly", "2003-2008", 2);
	HOLDER(&n, 1, "Mark Adler", "2003-2008", 2);
	expect_license(&n, "Zlib", 4);
	assert_int_equal(n.nr_origins, 0); /* "the original software" is not an origin */
	assert_int_equal(n.last_line, 9);
	notice_release(&n);
}

static void test_one_line_block(void **state)
{
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse("/* Copyright (C) 2003-2008 Jean-loup Gailly and Mark Adler */\n"
			       "int x;\n",
			       &n),
			 0);
	assert_int_equal(n.nr_copyrights, 1);
	assert_string_equal(n.copyrights[0].text,
			    "Copyright (C) 2003-2008 Jean-loup Gailly and Mark Adler");
	HOLDER(&n, 0, "Jean-loup Gailly", "2003-2008", 1);
	HOLDER(&n, 1, "Mark Adler", "2003-2008", 1);
	assert_int_equal(n.first_line, 1);
	assert_int_equal(n.last_line, 1);
	notice_release(&n);
}

static void test_line_comments_authors_bsd_style(void **state)
{
	/* a "BSD-style license" mention is not BSD wording: no licence */
	static const char text[] =
		"// Copyright 2020 The Foo Authors. All rights reserved.\n"
		"// Use of this source code is governed by a BSD-style license that can be\n"
		"// found in the LICENSE file.\n"
		"\n"
		"#include \"foo/bar.h\"\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.copyrights, n.nr_copyrights,
		     TEXTS("Copyright 2020 The Foo Authors. All rights reserved."));
	assert_int_equal(n.nr_holders, 1);
	HOLDER(&n, 0, "The Foo Authors", "2020", 1);
	expect_license(&n, NULL, 0);
	assert_int_equal(n.nr_authors, 0); /* "Authors." is no "Authors:" */
	assert_int_equal(n.first_line, 1);
	assert_int_equal(n.last_line, 3);
	notice_release(&n);
}

static void test_bsd3_decoys(void **state)
{
	/* BSD text: "copyright notice" and "COPYRIGHT HOLDERS" lines are not
	 * statements, "products derived from this software" is not an origin */
	static const char text[] = "/*-\n"
				   " * Copyright (c) 2011 Example Networks, Inc.\n"
				   " * All rights reserved.\n"
				   " *\n" BSD_HEAD BSD_NEITHER BSD_DISCLAIMER " */\n"
				   "#include <sys/types.h>\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.copyrights, n.nr_copyrights,
		     TEXTS("Copyright (c) 2011 Example Networks, Inc."));
	assert_int_equal(n.nr_holders, 1);
	HOLDER(&n, 0, "Example Networks, Inc", "2011", 2);
	expect_license(&n, "BSD-3-Clause", 5);
	assert_int_equal(n.nr_origins, 0);
	assert_int_equal(n.nr_authors, 0);
	notice_release(&n);
}

static void test_bsd_variants(void **state)
{
	(void)state;
	expect_rec("/*\n" BSD_HEAD " */\n", "BSD-2-Clause", 2);
	expect_rec("/*\n" BSD_HEAD BSD_NEITHER " */\n", "BSD-3-Clause", 2);
	expect_rec("/*\n" BSD_HEAD
		   " * 3. All advertising materials mentioning features or use of this software\n"
		   " *    must display the following acknowledgement.\n" BSD_NEITHER " */\n",
		   "BSD-4-Clause", 2);
	/* "The name of the author may not be used to endorse": 3 clauses */
	expect_rec("# Redistribution and use in source and binary forms, with or without\n"
		   "# modification, are permitted provided that the following conditions are met:\n"
		   "# Redistributions of source code must retain the above copyright notice.\n"
		   "# Redistributions in binary form must reproduce the above copyright notice.\n"
		   "# The name of the author may not be used to endorse or promote products\n"
		   "# derived from this software without specific prior written permission.\n",
		   "BSD-3-Clause", 1);
	expect_rec("// Redistribution and use in source and binary forms, with or without\n"
		   "// modification, are permitted provided that the following condition is met:\n"
		   "// Redistributions of source code must retain the above copyright notice.\n",
		   "BSD-1-Clause", 1);
}

static void test_isc_todd(void **state)
{
	static const char text[] =
		"/*\t$Example: strlcpy.c,v 1.9 2004/05/06 $\t*/\n"
		"\n"
		"/*\n"
		" * Copyright (c) 1998 Todd C. Miller <Todd.Miller@courtesan.com>\n"
		" *\n"
		" * Permission to use, copy, modify, and distribute this software for any\n"
		" * purpose with or without fee is hereby granted, provided that the above\n"
		" * copyright notice and this permission notice appear in all copies.\n"
		" */\n"
		"\n"
		"#include <string.h>\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	assert_int_equal(n.nr_copyrights, 1);
	assert_int_equal(n.nr_holders, 1);
	HOLDER(&n, 0, "Todd C. Miller", "1998", 4);
	expect_license(&n, "ISC", 6);
	assert_int_equal(n.first_line, 1);
	assert_int_equal(n.last_line, 9);
	notice_release(&n);

	/* the and/or wording, with // decorations and odd case */
	expect_rec("// PERMISSION TO USE, COPY, MODIFY, AND/OR DISTRIBUTE THIS SOFTWARE FOR ANY\n"
		   "//   purpose with or without fee is hereby granted, provided that the above\n"
		   "//   copyright notice and this permission notice appear in all copies.\n",
		   "ISC", 1);
	/* without the condition: 0BSD */
	expect_rec(" * Permission to use, copy, modify, and/or distribute this software for any\n"
		   " * purpose with or without fee is hereby granted.\n",
		   "0BSD", 1);
}

static void test_years_lists(void **state)
{
	static const char text[] =
		"/*\n"
		" * Copyright 2010, 2012-2014 Marc Alexander Lehmann\n" /* 2 */
		" *\n"
		" * Copyright (c) 2001 Alice Smith\n" /* 4 */
		" *               2003 Bob Jones\n"   /* 5 */
		" *\n"
		" * Copyright (C) 2005-2007 Foo Corp.,\n" /* 7 */
		" *                         Bar Ltd.\n"	  /* 8 */
		" *\n"
		" * Copyright (c) 2010-2015\n"						 /* 10 */
		" *   Carol White <carol@example.com>\n"				 /* 11 */
		" *   Dan Black\n"							 /* 12 */
		" * Licensed under the Apache License, Version 2.0 (the \"License\");\n" /* 13 */
		" */\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.copyrights, n.nr_copyrights,
		     TEXTS("Copyright 2010, 2012-2014 Marc Alexander Lehmann",
			   "Copyright (c) 2001 Alice Smith 2003 Bob Jones",
			   "Copyright (C) 2005-2007 Foo Corp., Bar Ltd.",
			   "Copyright (c) 2010-2015 Carol White <carol@example.com> Dan Black"));
	assert_int_equal(n.copyrights[3].line, 10);
	assert_int_equal(n.nr_holders, 7);
	HOLDER(&n, 0, "Marc Alexander Lehmann", "2010, 2012-2014", 2);
	HOLDER(&n, 1, "Alice Smith", "2001", 4);
	HOLDER(&n, 2, "Bob Jones", "2003", 5);
	HOLDER(&n, 3, "Foo Corp", "2005-2007", 7);
	HOLDER(&n, 4, "Bar Ltd", "2005-2007", 8);
	HOLDER(&n, 5, "Carol White", "2010-2015", 11);
	HOLDER(&n, 6, "Dan Black", "2010-2015", 12);
	expect_license(&n, "Apache-2.0", 13);
	notice_release(&n);
}

static void test_holder_splitting(void **state)
{
	static const char text[] =
		"/*\n"
		" * Copyright (c) 2020 Alice Smith, Bob van Dyke and Carol White\n"
		" * Copyright (c) 2020 Procter and Gamble\n"
		" * Copyright (c) 2021 Acme Software, Inc.\n"
		" * Copyright (c) 2021 Regents of the University of Somewhere, Berkeley\n"
		" * Copyright (c) 2022 Widget Foundation and Gadget Project\n"
		" * Copyright 2015-present Example Systems GmbH & Other Corp\n"
		" * Copyright (c) 2020 Alice Smith\n" /* a repeat: listed once */
		" */\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	assert_int_equal(n.nr_copyrights, 7);
	expect_texts(n.holders, n.nr_holders,
		     TEXTS("Alice Smith", "Bob van Dyke", "Carol White", "Procter and Gamble",
			   "Acme Software, Inc", "Regents of the University of Somewhere, Berkeley",
			   "Widget Foundation and Gadget Project",
			   "Example Systems GmbH & Other Corp"));
	assert_string_equal(n.holders[7].years, "2015-present");
	notice_release(&n);
}

/*
 * Each holder's address (the one written after it, before the next name)
 * and the statement naming it: "Company 2019 - Person <address>" is one
 * statement, a line indented below continues it.
 */
static void test_holder_addresses(void **state)
{
	static const char text[] =
		"/*\n"
		" * Copyright (C) 2019 Gizmo Corp., Ann Lee <Ann.Lee@Gizmo.example>\n"
		" *                    Bo Lind <bo@lind.example>\n"
		" * Copyright Widget Labs 2020 - Kim Vale - kim@vale.example\n"
		" * Copyright (c) 2021 Zed Ray, Mia Holt (mia@holt.example)\n"
		" * Copyright 2022 Ola Berg\n"
		" * Copyright(c) 2023 Eve Stone estone()stone.example  All rights reserved\n"
		" * Author: Dana Frost <df@frost.example>\n"
		" */\n";
	static const struct {
		const char *holder, *email;
		size_t statement;
	} want[] = {
		{ "Gizmo Corp., Ann Lee", "ann.lee@gizmo.example", 0 },
		{ "Bo Lind", "bo@lind.example", 0 },
		{ "Widget Labs", NULL, 1 },
		{ "Kim Vale", "kim@vale.example", 1 },
		{ "Zed Ray", NULL, 2 },
		{ "Mia Holt", "mia@holt.example", 2 },
		{ "Ola Berg", NULL, 3 },
		{ "Eve Stone", NULL, 4 }, /* an obfuscated address is no part of the name */
	};
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	assert_int_equal(n.nr_copyrights, 5);
	assert_int_equal(n.nr_holders, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < n.nr_holders; i++) {
		assert_string_equal(n.holders[i].text, want[i].holder);
		if (want[i].email)
			assert_string_equal(n.holders[i].email, want[i].email);
		else
			assert_null(n.holders[i].email);
		assert_int_equal(n.holders[i].statement, want[i].statement);
	}
	assert_int_equal(n.nr_authors, 1);
	assert_string_equal(n.authors[0].email, "df@frost.example");
	assert_int_equal(n.authors[0].statement, SIZE_MAX);
	notice_release(&n);
}

static void test_utf8_and_latin1_names(void **state)
{
	static const char text[] = "// (c) 2019 \xc3\x9cnal \xc3\x96zt\xc3\xbcrk <u@example.org>\n"
				   "// \xc2\xa9 2021\xe2\x80\x93"
				   "2023 Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m\n"
				   "// Copyright \xc2\xa9 J\xc5\x8dj\xc5\x8d Example\n"
				   "// Copyright (c) 2001 J\xfcrgen M\xfcller\n" /* Latin-1 */
				   "int x;\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	assert_int_equal(n.nr_copyrights, 4);
	HOLDER(&n, 0, "\xc3\x9cnal \xc3\x96zt\xc3\xbcrk", "2019", 1);
	HOLDER(&n, 1, "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m",
	       "2021\xe2\x80\x93"
	       "2023",
	       2);
	HOLDER(&n, 2, "J\xc5\x8dj\xc5\x8d Example", NULL, 3);
	HOLDER(&n, 3, "J\xc3\xbcrgen M\xc3\xbcller", "2001", 4);
	assert_string_equal(n.copyrights[3].text, "Copyright (c) 2001 J\xc3\xbcrgen M\xc3\xbcller");
	notice_release(&n);
}

static void test_forms_of_copyright(void **state)
{
	static const char text[] = "/**\n"
				   " * @file ring.h\n"
				   " * @brief A fixed-size ring buffer.\n"
				   " * @copyright 2018 Example Systems GmbH\n"		  /* 4 */
				   " * Portions Copyright (C) 2009 Some Person\n"	  /* 5 */
				   " * Copyright: 2012 Other Person\n"			  /* 6 */
				   " * Copyright(C)2003   Odd \t  Spacing\n"		  /* 7 */
				   " * COPYRIGHT (C) 1999 SHOUTING HOLDER\n"		  /* 8 */
				   " * The original code is Copyright 1997 Old Holder.\n" /* 9 */
				   " */\n"
				   "#pragma once\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.copyrights, n.nr_copyrights,
		     TEXTS("@copyright 2018 Example Systems GmbH",
			   "Portions Copyright (C) 2009 Some Person",
			   "Copyright: 2012 Other Person", "Copyright(C)2003 Odd Spacing",
			   "COPYRIGHT (C) 1999 SHOUTING HOLDER", "Copyright 1997 Old Holder."));
	expect_texts(n.holders, n.nr_holders,
		     TEXTS("Example Systems GmbH", "Some Person", "Other Person", "Odd Spacing",
			   "SHOUTING HOLDER", "Old Holder"));
	HOLDER(&n, 3, "Odd Spacing", "2003", 7);
	assert_int_equal(n.copyrights[1].line, 5);
	notice_release(&n);

	/* DEP-5 without years, and "Copyright by" */
	notice_init(&n);
	assert_int_equal(parse("# Copyright: Example Hardware Ltd\n", &n), 1); /* not C */
	assert_int_equal(parse("/* Copyright: Example Hardware Ltd\n"
			       " * Copyright by Some Body, 2004 */\n",
			       &n),
			 0);
	expect_texts(n.holders, n.nr_holders, TEXTS("Example Hardware Ltd", "Some Body"));
	assert_null(n.holders[0].years);
	assert_string_equal(n.holders[1].years, "2004");
	notice_release(&n);
}

static void test_copyright_decoys(void **state)
{
	static const char text[] =
		"/*\n"
		" * This header has no copyright statement of its own. The copyright\n"
		" * notice of the project applies; see the copyright file.\n"
		" * copyright notice, this list of conditions\n"
		" * Copyright notice: none\n"
		" * COPYRIGHT HOLDERS AND CONTRIBUTORS\n"
		" * (c) the name of a contributor may not be used\n"
		" * Copyright (C) <year>  <name of author>\n"
		" * Copyright law applies.\n"
		" */\n"
		"const char *banner = \"Copyright 2020 Banner Inc\";\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	assert_int_equal(n.nr_copyrights, 0);
	assert_int_equal(n.nr_holders, 0);
	expect_license(&n, NULL, 0);
	notice_release(&n);
}

static void test_spdx_and_second_block(void **state)
{
	static const char text[] =
		"#!/usr/bin/env tcc -run\n"				/* 1 */
		"// SPDX-License-Identifier: GPL-2.0-or-later OR MIT\n" /* 2 */
		"// SPDX-FileCopyrightText: 2022 Some Person\n"		/* 3 */
		"\n"
		"#ifndef RING_H\n"
		"#define RING_H\n"
		"\n"
		"/* SPDX-License-Identifier:   Apache-2.0   */\n" /* 8 */
		"/*\n"
		" * Derived from bar.c of the Baz library, version 1.2.\n" /* 10 */
		" */\n"							   /* 11 */
		"#include <stddef.h>\n"
		"/* Copyright 2020 After Code */\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	assert_int_equal(n.nr_spdx, 2);
	expect_item(n.spdx, n.nr_spdx, 0, "GPL-2.0-or-later OR MIT", NULL, 2);
	expect_item(n.spdx, n.nr_spdx, 1, "Apache-2.0", NULL, 8);
	/* SPDX-FileCopyrightText is a copyright statement too */
	expect_texts(n.holders, n.nr_holders, TEXTS("Some Person"));
	expect_texts(n.origins, n.nr_origins, TEXTS("bar.c of the Baz library, version 1.2"));
	assert_int_equal(n.origins[0].line, 10);
	expect_license(&n, NULL, 0);
	assert_int_equal(n.first_line, 2);
	assert_int_equal(n.last_line, 11);
	notice_release(&n);
}

/*
 * The GPL with the additional permission a runtime or generated file
 * states (issue 15: gcc's runtime files were "GPL-3.0-or-later", which a
 * program linking them is not bound by). Saying the exception exists is
 * not granting it.
 */
static void test_gpl_exceptions(void **state)
{
	(void)state;
	expect_rec(" * This file is free software; you can redistribute it and/or modify it\n"
		   " * under the terms of the GNU General Public License as published by the\n"
		   " * Free Software Foundation; either version 3, or (at your option) any\n"
		   " * later version.\n"
		   " *\n"
		   " * Under Section 7 of GPL version 3, you are granted additional\n"
		   " * permissions described in the GCC Runtime Library Exception, version\n"
		   " * 3.1, as published by the Free Software Foundation.\n",
		   "GPL-3.0-or-later WITH GCC-exception-3.1", 2);
	expect_rec(" * This program is free software: you can redistribute it and/or modify\n"
		   " * it under the terms of the GNU General Public License as published by\n"
		   " * the Free Software Foundation, either version 3 of the License, or\n"
		   " * (at your option) any later version.\n"
		   " *\n"
		   " * As a special exception, you may create a larger work that contains\n"
		   " * part or all of the Bison parser skeleton and distribute that work\n"
		   " * under terms of your choice.\n",
		   "GPL-3.0-or-later WITH Bison-exception-2.2", 2);
	/* a mention of the exception, without the grant: the plain GPL */
	expect_rec(" * This file is free software; you can redistribute it and/or modify it\n"
		   " * under the terms of the GNU General Public License as published by the\n"
		   " * Free Software Foundation; either version 3, or (at your option) any\n"
		   " * later version. Unlike libgcc, it is not covered by the GCC Runtime\n"
		   " * Library Exception.\n",
		   "GPL-3.0-or-later", 2);
	/* the GCC exception is for GPL 3 only */
	expect_rec(" * under the terms of the GNU General Public License as published by the\n"
		   " * Free Software Foundation; either version 2, or (at your option) any\n"
		   " * later version; you are granted additional permissions described in the\n"
		   " * GCC Runtime Library Exception, version 3.1.\n",
		   "GPL-2.0-or-later", 1);
}

static void test_gpl_family(void **state)
{
	static const char gpl2plus[] =
		"/*\n"
		" * This file is part of Gizmo.\n" /* 2 */
		" *\n"
		" * Copyright (C) 2008-2011 Example Person <ep@example.net>\n" /* 4 */
		" *\n"
		" * Gizmo is free software; you can redistribute it and/or modify\n"	    /* 6 */
		" * it under the terms of the GNU General Public License as published by\n" /* 7 */
		" * the Free Software Foundation; either version 2 of the License, or\n"
		" * (at your option) any later version.\n"
		" *\n"
		" * You should have received a copy of the GNU General Public License\n"
		" * along with Gizmo; a work based on the Program must say so.\n"
		" */\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(gpl2plus, &n), 0);
	expect_license(&n, "GPL-2.0-or-later", 7);
	expect_texts(n.origins, n.nr_origins, TEXTS("Gizmo"));
	assert_int_equal(n.origins[0].line, 2);
	HOLDER(&n, 0, "Example Person", "2008-2011", 4);
	notice_release(&n);

	expect_rec(" * under the terms of the GNU General Public License version 2 as published\n"
		   " * by the Free Software Foundation.\n",
		   "GPL-2.0-only", 1);
	expect_rec(" * This program is free software: you can redistribute it and/or modify it\n"
		   " * under the terms of the GNU General Public License as published by the Free\n"
		   " * Software Foundation, version 3.\n",
		   "GPL-3.0-only", 2);
	expect_rec(" * under the terms of the GNU General Public License as published by the Free\n"
		   " * Software Foundation, either version 3 of the License, or (at your option)\n"
		   " * any later version.\n",
		   "GPL-3.0-or-later", 1);
	expect_rec("   This library is free software; you can redistribute it and/or\n"
		   "   modify it under the terms of the GNU Lesser General Public\n"
		   "   License as published by the Free Software Foundation; either\n"
		   "   version 2.1 of the License, or (at your option) any later version.\n",
		   "LGPL-2.1-or-later", 2);
	expect_rec("// under the terms of the GNU Library General Public License\n"
		   "// as published by the Free Software Foundation; version 2.\n",
		   "LGPL-2.0-only", 1);
	expect_rec("# under the terms of the GNU Affero General Public License as published by\n"
		   "# the Free Software Foundation, either version 3 of the License, or\n"
		   "# (at your option) any later version.\n",
		   "AGPL-3.0-or-later", 1);
	expect_rec(" * Licensed under version 2 of the GNU General Public License.\n",
		   "GPL-2.0-only", 1);
	expect_rec(" * Released under the GNU General Public License.\n", "GPL-1.0-or-later", 1);
	/* the licences' own texts */
	expect_rec("\t\t    GNU GENERAL PUBLIC LICENSE\n\t\t       Version 3, 29 June 2007\n",
		   "GPL-3.0-only", 1);
	expect_rec("  GNU LESSER GENERAL PUBLIC LICENSE\n  Version 2.1, February 1999\n",
		   "LGPL-2.1-only", 1);
	/* a mere mention */
	expect_rec(" * Unlike code under the GNU General Public License, this is permissive.\n",
		   NULL, 0);
	expect_rec(" * GNU General Public License compatible.\n", NULL, 0);
}

static void test_other_licences(void **state)
{
	(void)state;
	expect_rec("/*\n * Licensed under the Apache License, Version 2.0 (the \"License\");\n"
		   " * you may not use this file except in compliance with the License.\n */\n",
		   "Apache-2.0", 2);
	expect_rec("\n                                 Apache License\n"
		   "                           Version 2.0, January 2004\n",
		   "Apache-2.0", 2);
	expect_rec("/* This Source Code Form is subject to the terms of the Mozilla Public\n"
		   " * License, v. 2.0. If a copy of the MPL was not distributed with this\n"
		   " * file, You can obtain one at https://mozilla.org/MPL/2.0/. */\n",
		   "MPL-2.0", 1);
	expect_rec("//  Distributed under the Boost Software License, Version 1.0.\n"
		   "//  (See accompanying file LICENSE_1_0.txt)\n",
		   "BSL-1.0", 1);
	expect_rec(" * To the extent possible under law, the author(s) have dedicated all\n"
		   " * copyright and related and neighboring rights to this software to the\n"
		   " * public domain worldwide. This software is distributed without any\n"
		   " * warranty. See <http://creativecommons.org/publicdomain/zero/1.0/>.\n",
		   "CC0-1.0", 1);
	expect_rec("\n\nThis is free and unencumbered software released into the public domain.\n"
		   "\nAnyone is free to copy, modify, publish, use, compile, sell, or\n",
		   "Unlicense", 3);
	expect_rec(" * MIT License\n"
		   " * PERMISSION IS HEREBY GRANTED, FREE OF CHARGE, TO ANY PERSON OBTAINING A\n"
		   " * COPY of this software, subject to the following conditions: the above\n"
		   " * copyright notice and this permission notice shall be included in all\n"
		   " * copies.\n",
		   "MIT", 2);
	/* the grant alone is not enough for MIT */
	expect_rec(
		" * Permission is hereby granted, free of charge, to any person obtaining a copy\n",
		NULL, 0);
	/* a dual licence: the one worded first */
	expect_rec(" * This library is dual-licensed. Licensed under the Apache License,\n"
		   " * Version 2.0, or:\n" MIT_BODY,
		   "Apache-2.0", 1);
}

static void test_public_domain(void **state)
{
	static const char text[] = "/* fastrand.c: a small pseudo-random generator.\n"
				   " *\n"
				   " * Written by Kim Example in 2015.\n"		     /* 3 */
				   " * To the extent possible, this file is placed in the\n" /* 4 */
				   " * public domain. No copyright is claimed.\n"
				   " */\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_license(&n, "LicenseRef-public-domain", 4);
	assert_true(n.public_domain);
	expect_texts(n.authors, n.nr_authors, TEXTS("Kim Example"));
	assert_int_equal(n.authors[0].line, 3);
	assert_null(n.authors[0].years);
	assert_int_equal(n.nr_copyrights, 0);
	notice_release(&n);

	expect_rec("** The author disclaims copyright to this source code.  In place of\n"
		   "** a legal notice, here is a blessing:\n",
		   "LicenseRef-public-domain", 1);
	expect_rec(" * This code is public domain.\n", "LicenseRef-public-domain", 1);
	expect_rec(" * Public domain, no copyright.\n", "LicenseRef-public-domain", 1);
	/* an origin in the public domain is not a dedication of this file */
	expect_rec(" * Based on the public domain implementation by Some One.\n", NULL, 0);

	notice_init(&n);
	assert_int_equal(parse("/* This is free and unencumbered software released into the\n"
			       "   public domain. */\n",
			       &n),
			 0);
	expect_license(&n, "Unlicense", 1);
	assert_true(n.public_domain);
	notice_release(&n);
}

static void test_origins(void **state)
{
	static const char text[] =
		"/*\n"
		" * md5.c - message digest\n"
		" *\n"
		" * This implementation is derived from the reference code in RFC 1321.\n" /* 4 */
		" * Based on public domain code by Jane Roe (https://example.org/sha).\n"  /* 5 */
		" * Some helpers taken from libquux 2.3, src/quux_util.c\n"		   /* 6 */
		" * Ported from the Frobnicator project to plain C.\n"			   /* 7 */
		" * Adapted from:\n"							   /* 8 */
		" *   https://example.com/snippets/crc32.c\n"
		" * This file is part of the Widget project.\n"		/* 10 */
		" * Port of xxh-lite, originally written by Pat Moe.\n" /* 11 */
		" */\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.origins, n.nr_origins,
		     TEXTS("reference code in RFC 1321",
			   "public domain code by Jane Roe (https://example.org/sha)",
			   "libquux 2.3, src/quux_util.c", "Frobnicator project to plain C",
			   "https://example.com/snippets/crc32.c", "Widget",
			   "xxh-lite, originally written by Pat Moe"));
	assert_int_equal(n.origins[0].line, 4);
	assert_int_equal(n.origins[4].line, 8);
	assert_int_equal(n.origins[5].line, 10);
	expect_license(&n, NULL, 0);
	assert_int_equal(n.nr_copyrights, 0);
	notice_release(&n);
}

static void test_part_of_names(void **state)
{
	struct notice n;

	(void)state;
	notice_init(&n);
	/* a capitalised "Library" is part of the name; a lowercase "project" is not */
	assert_int_equal(parse("/* This file is part of the Example C Library.\n"
			       "   This code is part of the gizmo project.\n"
			       "   It is part of the Frobnicator toolkit. It is part of Quux, see "
			       "README. */\n",
			       &n),
			 0);
	expect_texts(n.origins, n.nr_origins, TEXTS("Example C Library", "gizmo", "Frobnicator"));
	notice_release(&n);
}

static void test_origin_decoys(void **state)
{
	static const char text[] =
		"/*\n"
		" * Uses the same on-disk format as zlib; compatible with lz4 frames.\n"
		" * See the sqlite docs for the pragma list. Inspired by Redis.\n"
		" * This is not based on any existing code.\n"
		" * The design is based on this paper, which is based on it.\n"
		" * Derivative Works are works based on (or derived from) the Work.\n"
		" * Neither the name of the author may be used to endorse products\n"
		" * derived from this software. A work based on the Program.\n"
		" * This is part of a larger whole. It is part of our API.\n"
		" * Taken from\n"
		" */\n"
		"int y;\n"
		"/* derived from code after the first code is not read */\n"
		"int x; /* Based on Foo */\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	assert_int_equal(n.nr_origins, 0);
	notice_release(&n);
}

static void test_authors(void **state)
{
	static const char text[] = "/*\n"
				   " * Author: Jane Roe <jane@example.org>\n"		 /* 2 */
				   " * @author Max Mustermann\n"			 /* 3 */
				   " * Written by Kim Lee and Pat Moe, 2004.\n"		 /* 4 */
				   " * Maintainer: Q. Public\n"				 /* 5 */
				   " * Original author: Ola Nordmann (ola@example.no)\n" /* 6 */
				   " * Authors:\n"					 /* 7 */
				   " *   Ann One <a@example.org>\n"			 /* 8 */
				   " *   Ben Two\n"					 /* 9 */
				   " *\n"
				   " * This was written by others; the author list is above.\n"
				   " */\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.authors, n.nr_authors,
		     TEXTS("Jane Roe", "Max Mustermann", "Kim Lee", "Pat Moe", "Q. Public",
			   "Ola Nordmann", "Ann One", "Ben Two"));
	assert_int_equal(n.authors[0].line, 2);
	assert_int_equal(n.authors[3].line, 4);
	assert_int_equal(n.authors[6].line, 8);
	assert_int_equal(n.authors[7].line, 9);
	assert_int_equal(n.nr_copyrights, 0);
	notice_release(&n);
}

static void test_crlf(void **state)
{
	static const char text[] = "/*\r\n"
				   " * Copyright (c) 2019 Bob Sample\r\n"
				   " * Author: Jane Roe\r\n"
				   " * SPDX-License-Identifier: MIT\r\n"
				   " * Derived from the Foo library.\r\n"
				   " *\r\n" MIT_BODY " */\r\n"
				   "int x;\r\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	HOLDER(&n, 0, "Bob Sample", "2019", 2);
	expect_texts(n.copyrights, n.nr_copyrights, TEXTS("Copyright (c) 2019 Bob Sample"));
	expect_texts(n.authors, n.nr_authors, TEXTS("Jane Roe"));
	expect_texts(n.spdx, n.nr_spdx, TEXTS("MIT"));
	expect_texts(n.origins, n.nr_origins, TEXTS("Foo library"));
	expect_license(&n, "MIT", 7);
	notice_release(&n);
}

static void test_no_comment(void **state)
{
	struct notice n;

	(void)state;
	notice_init(&n);
	/* no leading comment; a notice below the code is a later notice */
	assert_int_equal(parse("#include <stdio.h>\n/* Copyright 2020 Late */\n", &n), 0);
	assert_int_equal(n.nr_copyrights, 0);
	assert_int_equal(n.first_line, 0);
	assert_int_equal(n.nr_later, 1);
	HOLDER(&n.later[0], 0, "Late", "2020", 2);
	/* a comment below the code that states nothing is not read */
	assert_int_equal(parse("int x;\n/* see the manual */\n", &n), 1);
	assert_int_equal(n.nr_later, 0);
	assert_int_equal(parse("", &n), 1);
	assert_int_equal(notice_parse(NULL, 0, &n), 1);
	assert_int_equal(parse("\n\n   \n", &n), 1);
	assert_int_equal(parse("int main(void) { return 0; }\n", &n), 1);
	/* a BOM, blank lines and a comment */
	assert_int_equal(parse("\xef\xbb\xbf\n\n// Copyright 2001 Bom Holder\n", &n), 0);
	HOLDER(&n, 0, "Bom Holder", "2001", 3);
	assert_int_equal(n.first_line, 3);
	notice_release(&n);
	assert_null(n.license);
	notice_release(&n); /* twice is fine */
}

static void test_decorations(void **state)
{
	static const char text[] =
		"/*****************************************************************\n"
		" **                                                             **\n"
		" **   Copyright (c) 2007 Boxed Holder                           **\n"
		" **                                                             **\n"
		" *****************************************************************/\n"
		"/*! \\copyright 2008 Doxy Holder */\n"
		"//! \\author Doc Writer\n"
		"/// Adapted from the Quux toolkit.\n"
		"   /*\tCopyright\t(c)\t2009\tTab  Holder\t*/\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse(text, &n), 0);
	expect_texts(n.holders, n.nr_holders, TEXTS("Boxed Holder", "Doxy Holder", "Tab Holder"));
	assert_int_equal(n.holders[0].line, 3);
	expect_texts(n.authors, n.nr_authors, TEXTS("Doc Writer"));
	expect_texts(n.origins, n.nr_origins, TEXTS("Quux toolkit"));
	assert_int_equal(n.last_line, 9);
	notice_release(&n);
}

/* ---- licence files and files ---- */

static char workdir[4096];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(workdir, sizeof(workdir), "/tmp/st-notice-XXXXXX");
	return mkdtemp(workdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	tu_remove_tree(workdir);
	return 0;
}

/* workdir "/" rel, allocated */
#define wpath(rel) tu_path(workdir, rel)

static void test_files(void **state)
{
	static const char license[] =
		"MIT License\n"
		"\n"
		"Copyright (c) 2016-2020 Example Maker\n"
		"\n"
		"Permission is hereby granted, free of charge, to any person\n"
		"obtaining a copy of this software. The above copyright\n"
		"notice and this permission notice shall be included in all\n"
		"copies or substantial portions of the Software.\n";
	static const char src[] = "/* Copyright 2001 File Holder\n"
				  " * Based on the Foo project. */\n"
				  "int f(void);\n";
	struct notice n;
	struct strbuf err = STRBUF_INIT;
	char *p;

	(void)state;
	notice_init(&n);
	tu_write_bytes(workdir, "LICENSE", license, strlen(license));
	tu_write_bytes(workdir, "src/f.c", src, strlen(src));
	tu_write_bytes(workdir, "src/plain.c", "int x;\n", 7);
	tu_write_bytes(workdir, "src/empty", "", 0);

	p = wpath("LICENSE");
	assert_int_equal(notice_read_license_file(p, &n, &err), 0);
	dump(&n);
	expect_license(&n, "MIT", 5);
	HOLDER(&n, 0, "Example Maker", "2016-2020", 3);
	assert_int_equal(n.first_line, 1);
	assert_int_equal(n.last_line, 8);
	free(p);

	p = wpath("src/f.c");
	assert_int_equal(notice_read_file(p, &n, &err), 0);
	HOLDER(&n, 0, "File Holder", "2001", 1);
	expect_texts(n.origins, n.nr_origins, TEXTS("Foo project"));
	free(p);

	p = wpath("src/plain.c");
	assert_int_equal(notice_read_file(p, &n, &err), 1);
	free(p);
	p = wpath("src/empty");
	assert_int_equal(notice_read_license_file(p, &n, &err), 1);
	free(p);
	assert_int_equal(err.len, 0);

	p = wpath("src");
	assert_int_equal(notice_read_file(p, &n, &err), -1);
	assert_non_null(strstr(err.buf, p));
	assert_non_null(strstr(err.buf, "not a regular file"));
	strbuf_reset(&err);
	free(p);

	p = wpath("missing.c");
	assert_int_equal(notice_read_license_file(p, &n, &err), -1);
	assert_non_null(strstr(err.buf, "missing.c: "));
	free(p);
	strbuf_release(&err);
	notice_release(&n);
}

static void test_license_text(void **state)
{
	static const char text[] =
		"\t\tEXAMPLE BUNDLE NOTICE\n"			  /* 1 */
		"This bundle is derived from the Quux project.\n" /* 2 */
		"Copyright (C) 2001 Example Org, Inc.,\n"	  /* 3 */
		"                   12 Main Street, Sometown\n"	  /* 4 */
		"\n"
		"It is free software, under the terms of the GNU General Public License\n" /* 6 */
		"as published by the Free Software Foundation; version 2.\n"
		"A \"work based on the Program\" means the Program or a derived work.\n"
		"Author: Sample Person\n"
		"# Copyright 2002 Hash Holder\n";
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(notice_parse_license_text(text, strlen(text), &n), 0);
	dump(&n);
	expect_license(&n, "GPL-2.0-only", 6);
	expect_texts(n.holders, n.nr_holders, TEXTS("Example Org, Inc", "Hash Holder"));
	expect_texts(n.origins, n.nr_origins, TEXTS("Quux project"));
	assert_int_equal(n.nr_authors, 0); /* after the licence's wording */
	assert_int_equal(n.first_line, 1);
	assert_int_equal(n.last_line, 10);
	assert_int_equal(n.copyrights[0].line, 3);
	assert_string_equal(n.copyrights[0].text,
			    "Copyright (C) 2001 Example Org, Inc., 12 Main Street, Sometown");
	notice_release(&n);
}

static void test_large_file_prefix(void **state)
{
	/* only the prefix is read: a notice after 40 KiB of comment is not seen */
	struct strbuf sb = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct notice n;
	char *p;
	size_t i;

	(void)state;
	notice_init(&n);
	assert_int_equal(strbuf_addstr(&sb, "/* Copyright 2001 Early Holder\n"), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addstr(&sb, " * padding padding padding padding padding\n"),
				 0);
	assert_int_equal(strbuf_addstr(&sb, " * Copyright 2002 Late Holder\n */\n"), 0);
	tu_write_bytes(workdir, "big.c", sb.buf, sb.len);
	p = wpath("big.c");
	assert_int_equal(notice_read_file(p, &n, &err), 0);
	expect_texts(n.holders, n.nr_holders, TEXTS("Early Holder"));
	assert_int_equal(n.last_line, NOTICE_MAX_LINES);
	free(p);
	strbuf_release(&sb);
	strbuf_release(&err);
	notice_release(&n);
}

/* ---- hostile input ---- */

static void parse_bytes(const char *data, size_t len, bool license)
{
	struct notice n;
	clock_t t0 = clock();
	size_t i;

	notice_init(&n);
	if (license)
		assert_true(notice_parse_license_text(data, len, &n) >= 0);
	else
		assert_true(notice_parse(data, len, &n) >= 0);
	assert_true(n.nr_copyrights <= NOTICE_MAX_ITEMS && n.nr_holders <= NOTICE_MAX_ITEMS &&
		    n.nr_authors <= NOTICE_MAX_ITEMS && n.nr_origins <= NOTICE_MAX_ITEMS &&
		    n.nr_spdx <= NOTICE_MAX_ITEMS);
	for (i = 0; i < n.nr_holders; i++)
		assert_true(strlen(n.holders[i].text) <= NOTICE_MAX_TEXT);
	for (i = 0; i < n.nr_copyrights; i++)
		assert_true(strlen(n.copyrights[i].text) <= NOTICE_MAX_TEXT);
	notice_release(&n);
	/* bounded work: well under a few seconds even with sanitizers */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
}

static void test_hostile(void **state)
{
	size_t big = 1u << 20, i;
	char *buf = malloc(big);

	(void)state;
	assert_non_null(buf);
	/* 1 MB of comment openers */
	for (i = 0; i < big; i++)
		buf[i] = i % 2 ? '*' : '/';
	parse_bytes(buf, big, false);
	parse_bytes(buf, big, true);
	/* a huge line in an unterminated comment */
	memset(buf, 'a', big);
	memcpy(buf, "/* Copyright 2001 ", 18);
	parse_bytes(buf, big, false);
	parse_bytes(buf, big, true);
	/* newlines only */
	memset(buf, '\n', big);
	memcpy(buf, "//", 2);
	parse_bytes(buf, big, false);
	parse_bytes(buf, big, true);
	/* NUL bytes in a comment */
	memset(buf, 0, 4096);
	memcpy(buf, "/* Copyright 2001 Nul", 21);
	memcpy(buf + 100, "Holder\0\0 Author: X\0Y */", 23);
	parse_bytes(buf, 4096, false);
	parse_bytes(buf, 4096, true);
	/* many statements: bounded lists, bounded texts */
	{
		struct strbuf sb = STRBUF_INIT;
		struct notice n;

		assert_int_equal(strbuf_addstr(&sb, "/*\n"), 0);
		for (i = 0; i < 300; i++)
			assert_int_equal(strbuf_addf(&sb,
						     " * Copyright (c) %zu Holder Number%zu, and\n"
						     " * Author: Person Number%zu\n",
						     1900 + i % 100, i, i),
					 0);
		for (i = 0; i < 2000; i++)
			assert_int_equal(strbuf_addstr(&sb, "Copyright 2001 A, "), 0);
		parse_bytes(sb.buf, sb.len, false);
		parse_bytes(sb.buf, sb.len, true);
		notice_init(&n);
		assert_int_equal(notice_parse(sb.buf, sb.len, &n), 0);
		assert_int_equal(n.nr_authors, NOTICE_MAX_ITEMS);
		notice_release(&n);
		strbuf_release(&sb);
	}
	/* random bytes, and random bytes behind a comment opener */
	srand(7);
	for (i = 0; i < big; i++)
		buf[i] = (char)(rand() & 0xff);
	parse_bytes(buf, big, false);
	parse_bytes(buf, big, true);
	memcpy(buf, "/*", 2);
	parse_bytes(buf, 65536, false);
	/* high bytes and broken UTF-8 everywhere: texts stay valid */
	{
		static const char t[] =
			"// Copyright 2001 \xff\xfe\xc3 \xe2\x80 Broken \xf5\x80\x80\x80 Name\n";
		struct notice n;
		const unsigned char *s;

		notice_init(&n);
		assert_int_equal(notice_parse(t, sizeof(t) - 1, &n), 0);
		dump(&n);
		assert_int_equal(n.nr_holders, 1);
		for (s = (const unsigned char *)n.holders[0].text; *s; s++)
			assert_true(*s >= 0x20);
		notice_release(&n);
	}
	free(buf);
}

/* Issue 12, item 2: mentions are no origins; the common ways a copy says where it came from are. */
static void test_origin_forms(void **state)
{
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse("/* Uses the same polynomial as zlib's crc32 (see zlib.h); written\n"
			       " * from the published CRC-32 definition, no code taken from zlib.\n"
			       " * Nothing here was copied from libfoo. Compatible with lz4.\n"
			       " * A table which we seek based on uid and retrieve.\n"
			       " * Algorithmic complexity can be derived from 3 variables. */\n",
			       &n),
			 0);
	expect_texts(n.origins, n.nr_origins, NONE);
	assert_int_equal(parse("/* concatenation of several files copied out of\n"
			       " * https://github.com/example/catlib\n"
			       " * obtained from https://example.org/mod_ws\n"
			       " * This code is loosely based on Frob 2.1.\n"
			       " * Modified FooNaCl version 20140427, a small C library.\n"
			       " * Modified by Ann Lee for speed. */\n",
			       &n),
			 0);
	expect_texts(n.origins, n.nr_origins,
		     TEXTS("https://github.com/example/catlib", "https://example.org/mod_ws",
			   "Frob 2.1", "FooNaCl version 20140427, a small C library"));
	notice_release(&n);
}

/* Issue 12, item 3: copy markers, comment blocks of the leading comment, organisations. */
static void test_copy_markers_and_blocks(void **state)
{
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(
		parse("/* Copyright (c) 2014 Acme Ltd */\n\n"
		      "// $OpenBSD: x.c,v 1.2 $\n"
		      "// second line of the same run\n"
		      "#ifndef X_H\n#define X_H\n"
		      "/*\n * The code is modified for use in Widget. The original header\n"
		      " * comment follows:\n * Copyright (c) 1993 Colm Plume\n */\nint x;\n",
		      &n),
		0);
	assert_int_equal(n.nr_holders, 2);
	assert_int_equal(n.holders[0].block, 0);
	assert_int_equal(n.holders[1].block, 2); /* the // run is block 1 */
	assert_int_equal(n.copy_marker, 8);
	assert_int_equal(parse("/* This file incorporates work covered by the following copyright\n"
			       " * and permission notice: */\n",
			       &n),
			 0);
	assert_int_equal(n.copy_marker, 1);
	assert_int_equal(parse("/* Copyright (c) 2020 Acme Ltd */\n", &n), 0);
	assert_int_equal(n.copy_marker, 0);
	assert_true(notice_is_organisation("The Regents of the University of California"));
	assert_true(notice_is_organisation("RSA Data Security, Inc"));
	assert_false(notice_is_organisation("Tod Q. Millet"));
	assert_false(notice_is_organisation("The Widget"));
	notice_release(&n);
}

/*
 * Issue 12, item 3: notices below the code. Strings and character
 * literals are not comments; a block that states nothing is dropped; //
 * runs are one block; "Created 1991" is no part of a holder.
 */
static void test_later_blocks(void **state)
{
	struct notice n;

	(void)state;
	notice_init(&n);
	assert_int_equal(parse("/* Copyright 2024 Acme Ltd */\n"
			       "#include \"x.h\"\n"
			       "const char *s = \"/* Copyright (c) 2001 In String */\";\n"
			       "char q = '\"'; /* a note based on nothing */\n"
			       "// Copyright (C) 1991-2, RSA Data Security, Inc. Created 1991.\n"
			       "// All rights reserved.\n"
			       "int y; /* taken from https://example.org/y.c */\n",
			       &n),
			 0);
	HOLDER(&n, 0, "Acme Ltd", "2024", 1);
	assert_int_equal(n.nr_later, 2);
	HOLDER(&n.later[0], 0, "RSA Data Security, Inc", "1991-2", 5);
	assert_int_equal(n.later[0].first_line, 5);
	assert_int_equal(n.later[0].last_line, 6);
	expect_texts(n.later[1].origins, n.later[1].nr_origins, TEXTS("https://example.org/y.c"));
	/* the sentence after an address is no part of the holder */
	assert_int_equal(
		parse("/* Copyright 2012, Sam Nevis <sam@example.org>. You may use this under\n"
		      " * the terms of the CC0. */\n",
		      &n),
		0);
	HOLDER(&n, 0, "Sam Nevis", "2012", 1);
	notice_release(&n);
}

/* The same leading comment again (a project's header in every file): the same answer, a copy of its
 * own. */
static void test_repeated_header(void **state)
{
	static const char a[] = "/*\n"
				" * Copyright (c) 2019 Bob Sample <bob@example.org>\n"
				" * SPDX-License-Identifier: MIT\n"
				" */\n"
				"#include <stdio.h>\n"
				"int a;\n";
	static const char b[] = "/*\n"
				" * Copyright (c) 2019 Bob Sample <bob@example.org>\n"
				" * SPDX-License-Identifier: MIT\n"
				" */\n"
				"#include <string.h>\n"
				"/* Copyright (c) 1993 Colin Plumb */\n"
				"int b;\n";
	static const char c[] = "// Copyright 2020 Carol Other\n// SPDX-License-Identifier: ISC\n";
	struct notice n1, n2, n3;

	(void)state;
	notice_init(&n1);
	notice_init(&n2);
	notice_init(&n3);
	assert_int_equal(parse(a, &n1), 0);
	assert_int_equal(parse(c, &n3), 0);
	assert_int_equal(parse(b, &n2), 0);
	notice_release(&n1); /* the others must not share its strings */
	HOLDER(&n2, 0, "Bob Sample", "2019", 2);
	assert_string_equal(n2.holders[0].email, "bob@example.org");
	expect_texts(n2.spdx, n2.nr_spdx, TEXTS("MIT"));
	assert_int_equal(n2.first_line, 1);
	assert_int_equal(n2.last_line, 4);
	/* what follows the header is still each file's own */
	assert_int_equal(n2.nr_later, 1);
	HOLDER(&n2.later[0], 0, "Colin Plumb", "1993", 6);
	HOLDER(&n3, 0, "Carol Other", "2020", 1);
	expect_texts(n3.spdx, n3.nr_spdx, TEXTS("ISC"));
	assert_int_equal(parse(a, &n1), 0);
	assert_int_equal(n1.nr_later, 0);
	HOLDER(&n1, 0, "Bob Sample", "2019", 2);
	notice_release(&n1);
	notice_release(&n2);
	notice_release(&n3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_mit),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_zlib_style),
		cmocka_unit_test(test_one_line_block),
		cmocka_unit_test(test_line_comments_authors_bsd_style),
		cmocka_unit_test(test_bsd3_decoys),
		cmocka_unit_test(test_bsd_variants),
		cmocka_unit_test(test_isc_todd),
		cmocka_unit_test(test_years_lists),
		cmocka_unit_test(test_holder_splitting),
		cmocka_unit_test(test_holder_addresses),
		cmocka_unit_test(test_utf8_and_latin1_names),
		cmocka_unit_test(test_forms_of_copyright),
		cmocka_unit_test(test_copyright_decoys),
		cmocka_unit_test(test_spdx_and_second_block),
		cmocka_unit_test(test_gpl_family),
		cmocka_unit_test(test_gpl_exceptions),
		cmocka_unit_test(test_other_licences),
		cmocka_unit_test(test_public_domain),
		cmocka_unit_test(test_origins),
		cmocka_unit_test(test_part_of_names),
		cmocka_unit_test(test_origin_decoys),
		cmocka_unit_test(test_authors),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_no_comment),
		cmocka_unit_test(test_decorations),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_license_text),
		cmocka_unit_test(test_large_file_prefix),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_origin_forms),
		cmocka_unit_test(test_copy_markers_and_blocks),
		cmocka_unit_test(test_later_blocks),
		cmocka_unit_test(test_repeated_header),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
