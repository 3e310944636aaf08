/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_NOTICE_H
#define SOUPTRACE_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/*
 * The notice of a source file: what its leading comment says about where
 * the code comes from (issue 7, unmarked vendored code). Read for the
 * first-party-looking files that reach an artifact, never for a whole tree.
 *
 * What is read (notice_parse): the leading comments of C/C++ text, i.e.
 * after an optional UTF-8 BOM and "#!" line, every block comment and run
 * of // lines separated only by blank lines, "#pragma once" and an include
 * guard ("#ifndef ID", "#define ID"); the first other token (code, any
 * other directive) ends it. Text inside strings or after the first code is
 * never read. An unterminated comment runs to the bound. At most
 * NOTICE_MAX_PREFIX bytes and NOTICE_MAX_LINES lines are looked at.
 * Licence files (notice_read_license_file) are read whole, up to
 * NOTICE_MAX_LICENSE_FILE bytes; there, authors and origins are only taken
 * before the recognised licence wording starts (a licence's own text, "a
 * work based on the Program", is no origin).
 *
 * In every comment line, leading blanks and the decorations '*', '/', '!'
 * and '#' are dropped, trailing '*' too. Then:
 *
 *  - spdx: the value of each "SPDX-License-Identifier:" tag, as written.
 *  - copyrights: a statement starts at the word "Copyright" (also
 *    "@copyright", "\copyright", "Copyright:" DEP-5 style; "Portions" or
 *    "Parts" before it is kept) when it is followed by "(c)", "©" or a
 *    year, or when it starts the line and is followed by a capitalised
 *    word that is not "notice", "holder(s)", "owner(s)" ... (so licence
 *    text such as "the above copyright notice" or "COPYRIGHT HOLDERS AND
 *    CONTRIBUTORS" is not one); or at "©" / "(c)" followed by a year ("©"
 *    also by a capitalised word at the start of a line). It goes on over
 *    the following lines when the statement had no holder yet, ended with
 *    ',', '&' or "and", or when they are indented deeper than the
 *    statement or start with a year (lists of holders), at most
 *    NOTICE_MAX_CONTINUATION lines, never over a blank line. The item is
 *    the statement with its spacing normalised.
 *  - holders: the names in those statements without "Copyright", "(c)",
 *    "©", years, e-mail addresses, <...>, URLs, "All rights reserved" and
 *    outer punctuation (so "Foo Inc." gives "Foo Inc"); a name starting with
 *    a digit is an address, not a holder. Years separate
 *    holders ("2001 A 2003 B"); "A and B", "A, B and C" give one holder
 *    each only when every part is a person's name (2 to 5 capitalised
 *    words or initials, particles such as "van" allowed, no word such as
 *    Inc, Foundation, Project, Authors, The); "A, B" also when every part
 *    is at least two words ending with a company suffix (Inc, Ltd, LLC,
 *    GmbH, Corp...). A holder's years are those written before it, else
 *    after it (years: "2010, 2012-2014"; NULL when none). Its e-mail is
 *    the first address written after it and before the next name of the
 *    statement (obfuscated addresses, "a at b dot org", are not read).
 *    Repeated holders are listed once (with the statement and the address
 *    of their first mention).
 *  - authors: after "Author:", "Authors:", "Author(s):", "Maintainer(s):"
 *    (any words before, "Original author:"), "@author", "\author", or
 *    "Written by" (then only the name-like words that follow). An empty
 *    "Authors:" takes the following non-blank short lines. Cleaned and
 *    split like holders.
 *  - origins: the object of an explicit derivation: "derived from",
 *    "based on", "based upon", "taken from", "adapted from", "copied
 *    from", "copied out of", "obtained from", "modified from", "modified
 *    version of", "ported from", "port of", "forked from", "extracted from",
 *    "borrowed from", "imported from", "originally from", a sentence
 *    starting "Modified NAME" ("Modified TweetNaCl version 20140427"), and "is part of
 *    X" when X ends in project/library/package/... or the subject is
 *    "this file/code/library/program/module/header/source/software". The
 *    object runs to the end of the sentence (over up to two more lines),
 *    URLs kept, a leading article dropped ("the"), for "part of" also a
 *    trailing lowercase "project", "library"... ("the Widget project":
 *    "Widget"; "the GNU C Library" stays). Licence wording ("products derived
 *    from this software", "based on the Program", "(or derived from) the
 *    Work") and negations ("not based on", "no code taken from", "without
 *    anything copied from": "no", "not", "never", "without", "nothing"
 *    up to three words before the verb) are not origins; a project merely
 *    mentioned ("compatible with lz4", "see zlib.h", "the same polynomial
 *    as zlib's") is not one either.
 *  - license: the SPDX id the wording expresses (notice_recognise_license).
 *
 * Every text is valid UTF-8: bytes that are not UTF-8 are read as Latin-1
 * ("M\xfcller" gives "Müller"), control characters become spaces; at most
 * NOTICE_MAX_TEXT bytes (cut on a character boundary) and NOTICE_MAX_ITEMS
 * items per list.
 */

#define NOTICE_MAX_PREFIX	(32u * 1024u)
#define NOTICE_MAX_LINES	400
#define NOTICE_MAX_LICENSE_FILE (256u * 1024u)
#define NOTICE_MAX_TEXT		512
#define NOTICE_MAX_ITEMS	64
#define NOTICE_MAX_CONTINUATION 8
#define NOTICE_MAX_LATER	8

struct notice_item {
	char *text;  /* as found, trimmed, spacing normalised */
	char *years; /* holders only: "2003-2008", "2010, 2012-2014"; else NULL */
	/* holders and authors: the e-mail address written after the name
	 * ("<a@b.org>", "(a@b.org)", "- a@b.org"), lower case; else NULL */
	char *email;
	size_t line;	  /* 1-based line of the file where it starts */
	size_t statement; /* holders: index in copyrights of the statement naming it; else SIZE_MAX
			   */
	/* the comment block of the leading comment it is in (0: the first);
	 * blocks are separated by code-free gaps: blank lines, "#pragma once",
	 * an include guard */
	unsigned block;
};

struct notice {
	struct notice_item *copyrights; /* whole statements */
	size_t nr_copyrights;
	struct notice_item *holders; /* names only, one per holder */
	size_t nr_holders;
	struct notice_item *spdx; /* SPDX-License-Identifier values */
	size_t nr_spdx;
	struct notice_item *origins; /* "derived from X": X */
	size_t nr_origins;
	struct notice_item *authors; /* "Author: X": X */
	size_t nr_authors;
	char *license;	     /* SPDX id recognised from the wording, or NULL */
	size_t license_line; /* where its wording starts; 0 when none */
	/*
	 * A hash of that wording as written (letters and digits, lower case,
	 * from license_line to the disclaimer's end, without the lines that
	 * state a copyright), or 0: files with the same licence header word
	 * for word have the same value.
	 */
	uint64_t license_text;
	/* A public-domain dedication: license is then "Unlicense", "CC0-1.0" or
	 * "LicenseRef-public-domain". */
	bool public_domain;
	size_t first_line, last_line; /* of the comment text read; 0 when none */
	/*
	 * "The code is modified for use in X", "the original header comment
	 * follows": the line of such a statement (what follows is the
	 * original's notice), or 0.
	 */
	size_t copy_marker;
	/*
	 * The title the notice opens with, "NAME - what it is" on its first
	 * line ("plock - progressive locks", "Elastic Binary Trees - generic
	 * macros"): NAME (one to four words, no path), else NULL. A library
	 * copied as a whole often names itself so.
	 */
	char *title;
	size_t title_line;
	/*
	 * Notices below the code: comment blocks after the first code token
	 * (within NOTICE_MAX_PREFIX) that state a copyright (with "(c)", "©"
	 * or a year), a licence, a copy marker, or an origin whose block also
	 * names a URL or states a copyright or licence. Each is read like a
	 * leading comment on its own (authors only count where the block
	 * states one of those too); at most NOTICE_MAX_LATER, in file order.
	 * A copy often keeps its original notice below the project's own
	 * (dropbear's TweetNaCl) or below the first #include.
	 */
	struct notice *later;
	size_t nr_later;
};

void notice_init(struct notice *n);
void notice_release(struct notice *n);

/*
 * Parse the leading comments of C/C++ source text (see above); n is
 * released and refilled. 0: a leading comment was read; 1: none (n empty);
 * -1: out of memory. NUL bytes and any other bytes are accepted.
 */
int notice_parse(const char *text, size_t len, struct notice *n);

/*
 * notice_parse() may be called on several threads at once. Each thread
 * remembers the analyses of the comments it saw last (a project's licence
 * header recurs in most of its files); a thread that parsed notices calls
 * this before it ends, to give that memory back.
 */
void notice_thread_done(void);

/*
 * The same on a file, of which only the first NOTICE_MAX_PREFIX bytes are
 * read. 0, 1 (no leading comment), -1 with err "PATH: ..." (unreadable,
 * not a regular file, out of memory).
 */
int notice_read_file(const char *path, struct notice *n, struct strbuf *err);

/*
 * A licence file (LICENSE, COPYING, NOTICE, LICENSE.txt ...): all of its
 * text (at most NOTICE_MAX_LICENSE_FILE bytes: a longer file is read up to
 * there) is the notice, not only comments. 0, 1 (empty file), -1 with err.
 */
int notice_parse_license_text(const char *text, size_t len, struct notice *n);
int notice_read_license_file(const char *path, struct notice *n, struct strbuf *err);

/*
 * The first e-mail address in s[0..n): "a.b@c.org" as written (with or
 * without <>, () around it), at s[*start..*end). The domain needs a dot
 * and a last label of two letters or more. false when there is none.
 */
bool notice_find_email(const char *s, size_t n, size_t *start, size_t *end);

/*
 * Does a holder's name name an organisation rather than a person: a word
 * such as Inc, Ltd, Foundation, University, Project, Group ... or
 * "Regents"?
 */
bool notice_is_organisation(const char *name);

/*
 * The SPDX licence id that text's wording expresses, or NULL; *line (when
 * line is not NULL) is the 1-based line where that wording starts.
 * Matching is on lowercase ASCII words, so line breaks, comment
 * decorations, case, punctuation and spacing do not matter. When several
 * licences are worded, the one worded first is returned. Recognised:
 *   MIT          "permission is hereby granted, free of charge, to any
 *                person obtaining a copy" + "the above copyright notice
 *                and this permission notice shall be included"
 *   BSD-4-Clause "redistribution and use in source and binary forms ..."
 *                + "all advertising materials mentioning features"
 *   BSD-3-Clause ... + "may (not) be used to endorse or promote products"
 *   BSD-2-Clause ... + retain (source) + reproduce (binary) only
 *   BSD-1-Clause ... + retain (source) only
 *   ISC          "permission to use, copy, modify, and/or distribute this
 *                software for any purpose with or without fee is hereby
 *                granted" (or "and distribute") + "... appear in all copies"
 *   0BSD         the same grant ("and/or") without that condition
 *   Zlib         "provided 'as-is', without any express or implied
 *                warranty" + "the origin of this software must not be
 *                misrepresented"
 *   Apache-2.0   "licensed under the apache license, version 2.0", or the
 *                licence's own title "apache license version 2.0 january
 *                2004"
 *   MPL-2.0      "mozilla public license, v. 2.0" / "version 2.0"
 *   BSL-1.0      "boost software license"
 *   GPL-N, LGPL-N, AGPL-3.0 with -only or -or-later: "GNU (Lesser|
 *                Library|Affero) General Public License" after "under"
 *                or followed by "as published by the Free Software
 *                Foundation" or by "version N"; the version is the first
 *                "version N" in the 40 words after it (or "version N of
 *                the" just before); -or-later when "any later version"
 *                follows within 60 words. No version: the first version
 *                -or-later (GPL-1.0-or-later, LGPL-2.0-or-later,
 *                AGPL-3.0-or-later), as those licences say.
 *   Unlicense    "this is free and unencumbered software released into the
 *                public domain"
 *   CC0-1.0      "cc0 1.0 universal", "cc0 public domain dedication", or
 *                "dedicated all copyright and related and neighboring
 *                rights to this software to the public domain worldwide"
 *   LicenseRef-public-domain (only when nothing else is worded) "placed
 *                in(to) the public domain", "released into/to the public
 *                domain", "dedicated to the public domain", "is/are (in
 *                the) public domain", "the author disclaims copyright to
 *                this source code", or "public domain" with "no copyright"
 *                or "not copyrighted".
 */
const char *notice_recognise_license(const char *text, size_t len, size_t *line);

#endif
