/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_FIRSTPARTY_H
#define SOUPTRACE_FIRSTPARTY_H

#include <stdbool.h>
#include <stddef.h>

#include "notice.h"
#include "soup.h"
#include "strbuf.h"
#include "strvec.h"

/*
 * Who the project is, before any file is called a copy (issues 7 and 12):
 * the holders whose notices make a file the project's own, each with the
 * reason an auditor can check. docs/provenance.md gives the rules; in
 * short:
 *
 * The project's holders (a file whose first holder is one is the
 * project's, whatever else its notice says):
 *  - soup.json first_party.holders and project.manufacturer;
 *  - the holders of the top-level LICENSE, LICENCE, COPYING, NOTICE,
 *    COPYRIGHT, and the names they list "as copyright holders";
 *  - the holder that dominates the files read (firstparty_learn).
 *
 * Contributors and the project's companies (a file whose first copyright
 * statement names one is the project's only when it states no origin and
 * its licence is the project's own, or it states none):
 *  - the authors of the project's git history and the people its AUTHORS,
 *    CONTRIBUTORS, THANKS, CREDITS and MAINTAINERS files list
 *    (contributors.h), matched by address or by full name;
 *  - a company named after the project ("Widget Technologies" in project
 *    widget); another name of one of the project's companies ("Acme Labs"
 *    for "Acme Ltd"); a holder whose address is at the project's domain
 *    (widget.org, acme.com); the employer of a contributor, named in a
 *    joint notice with them and with the contributor's address at its
 *    domain ("Acme Ltd, Ann Lee <ann@acme.com>").
 *  - not a name stated as the author of an origin anywhere in the files
 *    ("derived from zz by Ann Lee"): that person's code is someone else's.
 *
 * The project's licences: those its licence files word, and those that at
 * least two of the project's holders' own files state (or the only one
 * they state), compared without -only / -or-later.
 */

struct firstparty;

/*
 * Read what the project holds under root: its licence files (the git log
 * and the list files are read by firstparty_learn, when a notice names
 * someone else than the project's holders). 0, or -1 with err.
 */
int firstparty_open(struct firstparty **out, const char *root, const struct soup_list *soup,
		    struct strbuf *err);
void firstparty_close(struct firstparty *fp);

/*
 * root is a vendored component's folder, not the project: its licence
 * file's holders are its own, else the one holder of most of the files
 * read (any number, one folder; a tie names none), and the git history and
 * list files (the vendoring project's) are not read.
 */
void firstparty_as_component(struct firstparty *fp);

/* Some holder is established (soup.json, a licence file, the dominant holder). */
bool firstparty_knows_holders(const struct firstparty *fp);

/* soup.json project.name as a key (firstparty_key), or NULL. */
const char *firstparty_project(const struct firstparty *fp);

/* A name as a key: contrib_key(). */
void firstparty_key(const char *name, struct strbuf *out);

/*
 * One of the project's holders: equal keys; one the other followed by
 * more words (when the shorter has two words or more, or the others are a
 * company's: "Acme" and "Acme Labs"); or a joint notice naming it ("Ann
 * Lee, Acme Devices Ltd"). A first name alone matches nothing.
 */
bool firstparty_is_holder(const struct firstparty *fp, const char *holder);

/* The licence a notice states: its SPDX tag when that is an expression, else its wording's; or
 * NULL. */
const char *firstparty_notice_license(const struct notice *n);

/*
 * Learn from the notices read (notices[i] of files[i], read[i] false for
 * files not read): the dominant holder (a third of the files that name a
 * holder, at least three, in more than one folder), the names stated as
 * authors of origins, the contributors' employers, the project's licences;
 * and, when some notice names someone else than the project's holders, the
 * contributors (contributors_load: one git log). Call once, before
 * firstparty_foreign(). 0, or -1 with err (out of memory).
 */
int firstparty_learn(struct firstparty *fp, const struct strvec *files,
		     const struct notice *notices, const bool *read, struct strbuf *err);

/*
 * Whose file the notice of rel makes it: NULL when the project's, else the
 * foreign holder (or, without holders, author) item. license is the
 * licence the file states (or NULL); has_origin, whether it states an
 * origin. A file made the project's by a contributor or company rule is
 * counted for firstparty_report(). -1 on out of memory is reported by
 * firstparty_report (the judgement itself is then conservative: foreign).
 */
const struct notice_item *firstparty_foreign(struct firstparty *fp, const struct notice *n,
					     const char *license, bool has_origin);

/*
 * The same, with *reason (when reason is not NULL) the rule that made it
 * foreign: "another holder", "another author", "the original's notice
 * below the project's" (a holder in another comment block, after a copy
 * marker, or with earlier years than the project's holder named first),
 * "the project's holder, under a licence that is not the project's"; NULL
 * when the file is the project's.
 */
const struct notice_item *firstparty_foreign_why(struct firstparty *fp, const struct notice *n,
						 const char *license, bool has_origin,
						 const char **reason);

/*
 * The record: names (as written) of the holders taken as the project's,
 * why[i] the reason for names[i] ("LICENSE", "git author of 12 commits; 3
 * files"), and the evidence consulted (sources: "git log: 2 authors of 5
 * commits", "AUTHORS: 3 names", "LICENSE: 1 holder, licence MIT"). 0, or
 * -1 (out of memory, now or earlier).
 */
int firstparty_report(const struct firstparty *fp, struct strvec *names, struct strvec *why,
		      struct strvec *sources);

#endif
