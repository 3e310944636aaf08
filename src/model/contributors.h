/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CONTRIBUTORS_H
#define SOUPTRACE_CONTRIBUTORS_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "strmap.h"
#include "strvec.h"

/*
 * Who works on the project, from evidence the project itself holds (issue
 * 12, item 1), so that a contributor's own file is not taken for a copy:
 *
 *  - the authors of its git history: one `git -C ROOT log
 *    --format=%aN%x09%aE -- .` per run (mailmap applied; only commits that
 *    touch the project root, so a project inside a larger repository gets
 *    its own authors). No git, not a repository, no commit: no authors,
 *    and the reason is recorded in sources, never an error;
 *  - the people listed by AUTHORS, CONTRIBUTORS, THANKS, CREDITS and
 *    MAINTAINERS files at the project root (any case, no extension or
 *    .md, .txt, .rst): one person per line, "Name <address>", "Name
 *    (address)", "- Name", "Maintainer: Name <address>", "[Name](url)",
 *    "Name, Other Name <address>"; comment lines ('#'), prose and
 *    descriptions are not names (see list_name()); and git's .mailmap
 *    ("Proper Name <address> Commit Name <address>": the first name), the
 *    names the project's committers go by, read even where the history
 *    is not there (a release tarball);
 *  - (firstparty_judge.c) the people of joint notices: a copyright
 *    statement of their own beside one of the project's holders, in a
 *    file under the project's licence that states no origin.
 *
 * Names are compared as keys (contrib_key): accents folded ("Bonté",
 * "Bont\xe9" and "Bonte" are one), lower case, letters and digits only,
 * company suffixes (Inc, Ltd, LLC, GmbH ...) and "the", "and",
 * "contributors" ... dropped. A name of one word (a git handle, "mOo") is
 * never compared by name, only by address, unless it is a company's ("Acme
 * Ltd"): a first name alone identifies nobody.
 */

struct contributor {
	char *name;	      /* as first written (git: the author name) */
	char *key;	      /* contrib_key(name) */
	size_t words;	      /* words of key */
	bool company;	      /* the name ends in a company suffix */
	struct strvec emails; /* lower case */
	size_t commits;	      /* git: commits authored; 0 when not in the history */
	struct strvec lists;  /* the list files naming them ("AUTHORS", "THANKS.md") */
};

struct contributors {
	struct contributor *v;
	size_t nr, alloc;
	size_t commits;	       /* git: commits read */
	bool git_used;	       /* the history was read */
	struct strvec sources; /* what was consulted and what it gave, for the record */
	/* indexes into v (a large history has tens of thousands of authors) */
	struct strmap by_key, by_email, by_ends; /* key; address; "first last" words */
	struct strvec ends;			 /* the by_ends keys */
};

void contributors_init(struct contributors *c);
void contributors_release(struct contributors *c);

/*
 * Read the evidence under root: its git history and its list files. 0, or
 * -1 with err (out of memory only: missing evidence is no error).
 */
int contributors_load(struct contributors *c, const char *root, struct strbuf *err);

/* The same from text, for tests: git log output ("NAME\tADDRESS" lines), a list file. 0 or -1 (out
 * of memory). */
int contributors_add_git_log(struct contributors *c, const char *text, size_t len);
int contributors_add_list(struct contributors *c, const char *file, const char *text, size_t len);

/*
 * The contributor a holder written in a notice is, or NULL:
 *  - by address: email (lower case, or NULL) is one of theirs;
 *  - by name: the keys are equal; or their first and last words are (a
 *    middle name left out: "Ann B. Lee", "Ann Lee"); or the contributor's
 *    name is a run of whole words of the holder ("Acme Ltd, Ann Lee": a
 *    joint notice). Names of one word only by equality, and only a company's.
 * *how (when not NULL) says which: "e-mail", "name", "joint notice".
 */
const struct contributor *contributors_match(const struct contributors *c, const char *holder,
					     const char *email, const char **how);

/*
 * The names of a joint notice: holder split at ",", ";", "&", "/", " and ",
 * " - " ("Acme Ltd, Ann Lee" gives "Acme Ltd", "Ann Lee"). 0, or -1 out of memory.
 */
int contrib_parts(const char *holder, struct strvec *parts);

/* The number of words of a key. */
size_t contrib_words(const char *key);

/* Every word of words (a key's, space-separated) is one a company adds ("labs", "software"). */
bool contrib_company_words(const char *words);

/* Why a contributor is one: "git author of 12 commits", "AUTHORS, THANKS". */
void contributor_why(const struct contributor *who, struct strbuf *out);

/*
 * A name as a key: lower case, accents folded (UTF-8, or Latin-1 bytes that
 * are not UTF-8), letters and digits only, words separated by one space,
 * without company suffixes and "the", "by", "and", "affiliates", "all
 * rights reserved", "contributors", "authors", "developers".
 */
void contrib_key(const char *name, struct strbuf *out);

/*
 * The key without the words a company adds to its name ("Labs",
 * "Technologies", "Software", "Systems", "Project", "Foundation" ...): the
 * part two names of one company share ("Acme Labs", "Acme Ltd": "acme").
 * *company (when not NULL) tells whether a company suffix or word was there.
 */
void contrib_stem(const char *name, struct strbuf *out, bool *company);

/*
 * The registrable label of an e-mail address's domain: "haproxy" for
 * w@mail.haproxy.com, "verge" for h@verge.net.au; empty when none.
 */
void contrib_domain_label(const char *email, struct strbuf *out);

#endif
