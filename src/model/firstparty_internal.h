/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_FIRSTPARTY_INTERNAL_H
#define SOUPTRACE_FIRSTPARTY_INTERNAL_H

/*
 * Shared by firstparty.c (the state, the established holders, licence
 * files) and firstparty_judge.c (learning from the notices read, judging
 * a file, the report). Not an interface: firstparty.h is.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "contributors.h"
#include "firstparty.h"
#include "strvec.h"

struct holder {
	char *key;    /* firstparty_key (employers: the stem) */
	char *shown;  /* as written */
	char *why;    /* the reason, for the record */
	bool company; /* its name has a company suffix or word */
	size_t files; /* taken: files it made the project's */
};

struct holders {
	struct holder *v;
	size_t nr, alloc;
};

struct firstparty {
	char *root;
	char *project;		    /* soup.json project.name as a key, or NULL */
	struct holders established; /* declared, licence files, dominant */
	struct holders employers;   /* contributors' companies (key: the stem) */
	struct holders taken;	    /* holders a contributor or company rule took, for the record */
	struct strvec origin_authors; /* keys of "derived from X by NAME" names */
	struct strvec licences;	      /* the project's licences, without -only / -or-later */
	struct strvec sources;	      /* the evidence consulted */
	struct contributors people;
	/* the licence header the project's holders write, word for word
	 * (notice.license_text), and in how many of their files; 0: none */
	uint64_t header;
	size_t header_files;
	/*
	 * A vendored component's folder, not the project (firstparty_as_component):
	 * the holders of most of its files are its own, its history and lists
	 * (the vendoring project's) are not read.
	 */
	bool component;
	bool oom;
};

/* The holder of that key in h, or NULL. */
struct holder *fp_holders_find(const struct holders *h, const char *key);

/* Add a holder by key (the one there when the key is known). NULL when out of memory. */
struct holder *fp_holders_add(struct holders *h, const char *key, const char *shown,
			      const char *why);

/*
 * An established holder, by its key; a holder known already gets the new
 * reason too ("soup.json project.manufacturer, LICENSE"). Names whose key
 * is empty are not holders. 0, or -1 out of memory.
 */
int fp_add_established(struct firstparty *fp, const char *shown, const char *why);

/* key holds h as whole words: a joint notice ("ann lee acme devices"). */
bool fp_holds_words(const char *key, const char *h);

/* The holder h is the one key names (a longer or shorter form of it, or in a joint notice). */
bool fp_holder_matches(const struct holder *h, const char *key);

/* The licence ids of an expression (not its exceptions), without -only / -or-later. 0 or -1. */
int fp_licence_ids(const char *expr, struct strvec *ids);

/* The licence is the project's own, or none is stated. */
bool fp_own_licence(const struct firstparty *fp, const char *license);

#endif
