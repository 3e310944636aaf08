/* SPDX-License-Identifier: Apache-2.0 */
/* Who the project is: its holders, contributors and companies, each with the reason. */
#include "firstparty.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "contributors.h"
#include "pathutil.h"
#include "spdx.h"
#include "banned.h"

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
	char *project;              /* soup.json project.name as a key, or NULL */
	struct holders established; /* declared, licence files, dominant */
	struct holders employers;   /* contributors' companies (key: the stem) */
	struct holders taken;       /* holders a contributor or company rule took, for the record */
	struct strvec origin_authors; /* keys of "derived from X by NAME" names */
	struct strvec licences;       /* the project's licences, without -only / -or-later */
	struct strvec sources;        /* the evidence consulted */
	struct contributors people;
	bool oom;
};

static void holders_release(struct holders *h)
{
	for (size_t i = 0; i < h->nr; i++) {
		free(h->v[i].key);
		free(h->v[i].shown);
		free(h->v[i].why);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static struct holder *holders_find(const struct holders *h, const char *key)
{
	for (size_t i = 0; i < h->nr; i++)
		if (!strcmp(h->v[i].key, key))
			return &h->v[i];
	return NULL;
}

/* Add a holder by key (the one there when the key is known). NULL when out of memory. */
static struct holder *holders_add(struct holders *h, const char *key, const char *shown,
                                  const char *why)
{
	struct holder *x = holders_find(h, key);
	bool company = false;
	struct strbuf stem = STRBUF_INIT;

	if (x)
		return x;
	if (h->nr == h->alloc) {
		size_t n = h->alloc ? h->alloc * 2 : 8;
		struct holder *v = realloc(h->v, n * sizeof(*v));

		if (!v)
			return NULL;
		h->v = v;
		h->alloc = n;
	}
	contrib_stem(shown, &stem, &company);
	strbuf_release(&stem);
	x = &h->v[h->nr];
	memset(x, 0, sizeof(*x));
	x->key = strdup(key);
	x->shown = strdup(shown);
	x->why = strdup(why);
	x->company = company;
	if (!x->key || !x->shown || !x->why) {
		free(x->key);
		free(x->shown);
		free(x->why);
		return NULL;
	}
	h->nr++;
	return x;
}

/*
 * An established holder, by its key; a holder known already gets the new
 * reason too ("soup.json project.manufacturer, LICENSE"). Names whose key
 * is empty are not holders.
 */
static int add_established(struct firstparty *fp, const char *shown, const char *why)
{
	struct strbuf key = STRBUF_INIT, both = STRBUF_INIT;
	struct holder *h;
	int ret = 0;

	firstparty_key(shown, &key);
	if (!key.len)
		goto out;
	h = holders_find(&fp->established, key.buf);
	if (!h) {
		ret = holders_add(&fp->established, key.buf, shown, why) ? 0 : -1;
	} else if (!strstr(h->why, why)) {
		if (strbuf_addf(&both, "%s, %s", h->why, why)) {
			ret = -1;
			goto out;
		}
		free(h->why);
		h->why = strbuf_detach(&both, NULL);
	}
out:
	strbuf_release(&key);
	strbuf_release(&both);
	return ret;
}

void firstparty_key(const char *name, struct strbuf *out)
{
	contrib_key(name, out);
}

const char *firstparty_project(const struct firstparty *fp)
{
	return fp->project;
}

/* ---- the project's holders ---- */

/* key holds h as whole words: a joint notice ("ann lee acme devices"). */
static bool holds_words(const char *key, const char *h)
{
	size_t hl = strlen(h);

	for (const char *in = key; (in = strstr(in, h)); in++)
		if ((in == key || in[-1] == ' ') && (in[hl] == ' ' || !in[hl]))
			return true;
	return false;
}

static bool holder_matches(const struct holder *h, const char *key)
{
	size_t hl = strlen(h->key), n = strlen(key), hw = contrib_words(h->key);

	if (!strcmp(h->key, key))
		return true;
	/* one is the other followed by more words: never a first name alone */
	if (hl < n && !strncmp(key, h->key, hl) && key[hl] == ' ')
		return hw >= 2 || h->company || contrib_company_words(key + hl + 1);
	if (n < hl && !strncmp(h->key, key, n) && h->key[n] == ' ')
		return contrib_words(key) >= 2 || contrib_company_words(h->key + n + 1);
	/* a joint notice naming the project's holder with someone else
	 * ("Yann Collet, Meta Platforms, Inc."): the project's too */
	return hl >= 6 && (hw >= 2 || h->company) && holds_words(key, h->key);
}

bool firstparty_is_holder(const struct firstparty *fp, const char *holder)
{
	struct strbuf key = STRBUF_INIT;
	bool yes = false;

	firstparty_key(holder, &key);
	for (size_t i = 0; key.len && i < fp->established.nr && !yes; i++)
		yes = holder_matches(&fp->established.v[i], key.buf);
	strbuf_release(&key);
	return yes;
}

/* ---- licences ---- */

/* "GPL-2.0-or-later" -> "GPL-2.0": what two statements of one licence share. */
static void licence_base(const char *id, size_t n, struct strbuf *out)
{
	strbuf_reset(out);
	if (n > 9 && !strncmp(id + n - 9, "-or-later", 9))
		n -= 9;
	else if (n > 5 && !strncmp(id + n - 5, "-only", 5))
		n -= 5;
	else if (n > 1 && id[n - 1] == '+')
		n--;
	strbuf_add(out, id, n);
}

/* The licence ids of an expression (not its exceptions), without -only / -or-later. */
static int licence_ids(const char *expr, struct strvec *ids)
{
	struct strbuf base = STRBUF_INIT;
	bool exception = false;
	int ret = 0;

	for (const char *p = expr; *p && !ret;) {
		size_t n = strcspn(p, " ()");

		if (n == 4 && !strncmp(p, "WITH", 4)) {
			exception = true;
		} else if (n && !(n == 3 && !strncmp(p, "AND", 3)) &&
		           !(n == 2 && !strncmp(p, "OR", 2))) {
			if (!exception) {
				licence_base(p, n, &base);
				if (strvec_find(ids, base.buf) < 0)
					ret = strvec_push(ids, base.buf);
			}
			exception = false;
		}
		p += n + (p[n] != '\0');
	}
	strbuf_release(&base);
	return ret;
}

const char *firstparty_notice_license(const struct notice *n)
{
	struct strbuf err = STRBUF_INIT;
	const char *tag = n->nr_spdx ? n->spdx[0].text : NULL;

	if (tag && spdx_expression_check(tag, &err))
		tag = NULL; /* "BSD 3-clause" is no expression */
	strbuf_reset(&err);
	if (!tag && n->license && !spdx_expression_check(n->license, &err))
		tag = n->license;
	strbuf_release(&err);
	return tag;
}

/* The licence is the project's own, or none is stated. */
static bool own_licence(const struct firstparty *fp, const char *license)
{
	struct strvec ids = STRVEC_INIT;
	bool yes = !license;

	if (license && licence_ids(license, &ids) == 0)
		for (size_t i = 0; i < ids.nr && !yes; i++)
			yes = strvec_find(&fp->licences, ids.v[i]) >= 0;
	strvec_clear(&ids);
	return yes;
}

/* ---- licence files ---- */

/* A name as a line of a list: one to eight words, no sentence, no licence text. */
static bool name_line(const char *l, size_t n)
{
	size_t words = 0;

	if (!n || n > 80 || *l == '*' || *l == '-' || *l == '#' || isdigit((unsigned char)*l) ||
	    memchr(l, ';', n) || memchr(l, ':', n) || (l[n - 1] == '.' && n > 1 && l[n - 2] == ' '))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)l[i]) && (i == 0 || isspace((unsigned char)l[i - 1])))
			words++;
	return words >= 1 && words <= 8;
}

/*
 * The lists of names a licence file introduces as the project's copyright
 * holders ("... with the following names as copyright holders:", then one
 * name per line): OpenSSH's LICENCE names its developers that way, not in
 * "Copyright" statements. The number of names, or -1 (out of memory).
 */
static int holder_lists(struct firstparty *fp, const char *text, size_t len, const char *why)
{
	struct strbuf prev = STRBUF_INIT, intro = STRBUF_INIT, name = STRBUF_INIT;
	const char *line, *end;
	bool listing = false, listed = false;
	int found = 0;

	for (line = text; line < text + len && found >= 0; line = end + 1) {
		const char *l = line;
		size_t n;

		end = memchr(line, '\n', (size_t)(text + len - line));
		if (!end)
			end = text + len;
		while (l < end && isspace((unsigned char)*l))
			l++;
		n = (size_t)(end - l);
		while (n && isspace((unsigned char)l[n - 1]))
			n--;
		if (listing) {
			if (!n) {
				listing = !listed; /* blank lines before the names, not after */
				continue;
			}
			if (name_line(l, n)) {
				strbuf_reset(&name);
				strbuf_add(&name, l, n);
				found = add_established(fp, name.buf, why) ? -1 : found + 1;
				listed = true;
				continue;
			}
			listing = false;
		}
		/* "copyright holders:" may be split over the line before */
		strbuf_reset(&intro);
		strbuf_addf(&intro, "%s %.*s", prev.buf, (int)n, l);
		for (size_t i = 0; i < intro.len; i++)
			intro.buf[i] = (char)tolower((unsigned char)intro.buf[i]);
		if (n && l[n - 1] == ':' && strstr(intro.buf, "copyright holders")) {
			listing = true;
			listed = false;
		}
		strbuf_reset(&prev);
		strbuf_add(&prev, l, n);
	}
	strbuf_release(&prev);
	strbuf_release(&intro);
	strbuf_release(&name);
	return found;
}

/* A licence file at the root: its holders, the names it lists, the licence it words. */
static int read_licence_file(struct firstparty *fp, const char *path, const char *name)
{
	struct notice n;
	struct strbuf e = STRBUF_INIT, text = STRBUF_INIT, why = STRBUF_INIT;
	struct strvec ids = STRVEC_INIT;
	const char *lic = NULL;
	int listed = 0, ret = -1;

	notice_init(&n);
	if (notice_read_license_file(path, &n, &e) == 0) {
		for (size_t k = 0; k < n.nr_holders; k++)
			if (add_established(fp, n.holders[k].text, name))
				goto out;
		lic = firstparty_notice_license(&n);
	}
	strbuf_addf(&why, "%s: listed as a copyright holder", name);
	if (strbuf_read_file(&text, path, NOTICE_MAX_LICENSE_FILE) >= 0 &&
	    (listed = holder_lists(fp, text.buf, text.len, why.buf)) < 0)
		goto out;
	if (lic && licence_ids(lic, &ids))
		goto out;
	for (size_t i = 0; i < ids.nr; i++)
		if (strvec_find(&fp->licences, ids.v[i]) < 0 &&
		    strvec_push(&fp->licences, ids.v[i]))
			goto out;
	if (strvec_pushf(&fp->sources, "%s: %zu holder%s%s, licence %s", name, n.nr_holders,
	                 n.nr_holders == 1 ? "" : "s",
	                 listed > 0 ? " and a list of copyright holders" : "",
	                 lic ? lic : "not recognised"))
		goto out;
	ret = 0;
out:
	notice_release(&n);
	strbuf_release(&e);
	strbuf_release(&text);
	strbuf_release(&why);
	strvec_clear(&ids);
	return ret;
}

int firstparty_open(struct firstparty **out, const char *root, const struct soup_list *soup,
                    struct strbuf *err)
{
	static const char *const licence_files[] = {"LICENSE", "LICENSE.txt", "LICENSE.md",
	                                            "LICENCE", "COPYING",     "COPYING.txt",
	                                            "NOTICE",  "COPYRIGHT"};
	struct firstparty *fp = calloc(1, sizeof(*fp));
	struct strbuf path = STRBUF_INIT;
	size_t read = 0;

	*out = NULL;
	if (!fp || !(fp->root = strdup(root)))
		goto oom;
	strvec_init(&fp->origin_authors);
	strvec_init(&fp->licences);
	strvec_init(&fp->sources);
	contributors_init(&fp->people);
	for (size_t i = 0; soup && i < soup->first_party_holders.nr; i++)
		if (add_established(fp, soup->first_party_holders.v[i],
		                    "soup.json first_party.holders"))
			goto oom;
	/* who makes the product is the project */
	if (soup && soup->project_manufacturer &&
	    add_established(fp, soup->project_manufacturer, "soup.json project.manufacturer"))
		goto oom;
	if (soup && soup->project_name) {
		firstparty_key(soup->project_name, &path);
		fp->project = strbuf_detach(&path, NULL);
	}
	for (size_t i = 0; i < sizeof(licence_files) / sizeof(*licence_files); i++) {
		strbuf_reset(&path);
		path_join(&path, root, licence_files[i]);
		if (access(path.buf, R_OK))
			continue;
		read++;
		if (read_licence_file(fp, path.buf, licence_files[i]))
			goto oom;
	}
	if (!read &&
	    strvec_push(&fp->sources, "no LICENSE, LICENCE, COPYING, NOTICE or COPYRIGHT file"))
		goto oom;
	strbuf_release(&path);
	*out = fp;
	return 0;
oom:
	strbuf_addstr(err, "out of memory");
	strbuf_release(&path);
	firstparty_close(fp);
	return -1;
}

void firstparty_close(struct firstparty *fp)
{
	if (!fp)
		return;
	free(fp->root);
	free(fp->project);
	holders_release(&fp->established);
	holders_release(&fp->employers);
	holders_release(&fp->taken);
	strvec_clear(&fp->origin_authors);
	strvec_clear(&fp->licences);
	strvec_clear(&fp->sources);
	contributors_release(&fp->people);
	free(fp);
}

/* ---- learning from the notices read ---- */

/*
 * Holders that dominate the files read are the project's: a third of the
 * files that name a holder, at least three, spread over more than one
 * folder (a copied library sits in one folder however many files it has).
 */
static int learn_dominant(struct firstparty *fp, const struct strvec *files,
                          const struct notice *notices, const bool *read)
{
	struct strvec counted = STRVEC_INIT, shown = STRVEC_INIT, first_dir = STRVEC_INIT;
	struct strbuf n = STRBUF_INIT, why = STRBUF_INIT;
	size_t *counts = NULL, with_holder = 0, slots = 0;
	bool *spread = NULL;
	int ret = -1;

	for (size_t i = 0; i < files->nr; i++)
		slots += read[i] ? notices[i].nr_holders : 0;
	counts = calloc(slots + 1, sizeof(*counts));
	spread = calloc(slots + 1, sizeof(*spread));
	if (!counts || !spread)
		goto out;
	for (size_t i = 0; i < files->nr; i++) {
		const char *f = files->v[i];

		if (!read[i] || !notices[i].nr_holders)
			continue;
		with_holder++;
		for (size_t k = 0; k < notices[i].nr_holders; k++) {
			long j;

			firstparty_key(notices[i].holders[k].text, &n);
			if (!n.len)
				continue;
			if ((j = strvec_find(&counted, n.buf)) < 0) {
				if (strvec_push(&counted, n.buf) ||
				    strvec_push(&shown, notices[i].holders[k].text) ||
				    strvec_pushn(&first_dir, f, (size_t)(path_basename(f) - f)))
					goto out;
				j = (long)counted.nr - 1;
			}
			counts[j]++;
			if (!spread[j] && (strncmp(f, first_dir.v[j], strlen(first_dir.v[j])) ||
			                   strchr(f + strlen(first_dir.v[j]), '/')))
				spread[j] = true;
		}
	}
	for (size_t j = 0; j < counted.nr; j++) {
		if (counts[j] < 3 || counts[j] * 3 < with_holder || !spread[j] ||
		    firstparty_is_holder(fp, shown.v[j]))
			continue;
		strbuf_reset(&why);
		strbuf_addf(&why,
		            "holder in %zu of the %zu files read that name one, in more than "
		            "one folder",
		            counts[j], with_holder);
		if (add_established(fp, shown.v[j], why.buf))
			goto out;
	}
	ret = 0;
out:
	free(counts);
	free(spread);
	strvec_clear(&counted);
	strvec_clear(&shown);
	strvec_clear(&first_dir);
	strbuf_release(&n);
	strbuf_release(&why);
	return ret;
}

/* "derived from zz.c by Ann Lee": the names origins give as their authors. */
static int learn_origin_authors(struct firstparty *fp, const struct notice *n)
{
	struct strbuf name = STRBUF_INIT, key = STRBUF_INIT;
	int ret = 0;

	for (size_t k = 0; k < n->nr_origins && !ret; k++) {
		const char *by = strstr(n->origins[k].text, " by ");

		if (!by)
			continue;
		by += 4;
		strbuf_reset(&name);
		strbuf_add(&name, by, strcspn(by, ",;:()<[\"")); /* up to "<address>", "(url)" */
		firstparty_key(name.buf, &key);
		if (contrib_words(key.buf) >= 2 && strvec_find(&fp->origin_authors, key.buf) < 0)
			ret = strvec_push(&fp->origin_authors, key.buf);
	}
	strbuf_release(&name);
	strbuf_release(&key);
	return ret;
}

/* A name an origin gives as its author (also inside a joint notice). */
static bool origin_author(const struct firstparty *fp, const char *holder)
{
	struct strbuf key = STRBUF_INIT;
	bool yes = false;

	firstparty_key(holder, &key);
	for (size_t i = 0; i < fp->origin_authors.nr && !yes; i++)
		yes = holds_words(key.buf, fp->origin_authors.v[i]);
	strbuf_release(&key);
	return yes;
}

/*
 * The licences the project's holders give their own files (the first
 * holder theirs, no origin): each one at least two files state, or the
 * only one they state.
 */
static int learn_licences(struct firstparty *fp, const struct strvec *files,
                          const struct notice *notices, const bool *read)
{
	struct strvec ids = STRVEC_INIT, seen = STRVEC_INIT;
	struct strbuf src = STRBUF_INIT;
	size_t *counts = NULL, nr = 0;
	int ret = -1;

	for (size_t i = 0; i < files->nr; i++) {
		const struct notice *n = &notices[i];
		const char *lic;

		if (!read[i] || !n->nr_holders || n->nr_origins ||
		    !firstparty_is_holder(fp, n->holders[0].text) ||
		    !(lic = firstparty_notice_license(n)))
			continue;
		strvec_clear(&ids);
		if (licence_ids(lic, &ids))
			goto out;
		for (size_t k = 0; k < ids.nr; k++) {
			long j = strvec_find(&seen, ids.v[k]);

			if (j < 0) {
				size_t *c = realloc(counts, (nr + 1) * sizeof(*c));

				if (!c)
					goto out;
				counts = c;
				if (strvec_push(&seen, ids.v[k]))
					goto out;
				counts[nr] = 0;
				j = (long)nr++;
			}
			counts[j]++;
		}
	}
	for (size_t j = 0; j < nr; j++) {
		if (counts[j] < 2 && nr > 1)
			continue;
		strbuf_addf(&src, "%s%s (%zu file%s)", src.len ? ", " : "", seen.v[j], counts[j],
		            counts[j] == 1 ? "" : "s");
		if (strvec_find(&fp->licences, seen.v[j]) < 0 &&
		    strvec_push(&fp->licences, seen.v[j]))
			goto out;
	}
	if (src.len &&
	    strvec_pushf(&fp->sources, "licences of the project's holders' own files: %s", src.buf))
		goto out;
	ret = 0;
out:
	free(counts);
	strvec_clear(&ids);
	strvec_clear(&seen);
	strbuf_release(&src);
	return ret;
}

/* The first word of a key. */
static bool first_word_is(const char *key, const char *word)
{
	size_t n = strcspn(key, " ");

	return n == strlen(word) && !strncmp(key, word, n);
}

/* key without its spaces equals word ("nlnet labs" and "nlnetlabs"). */
static bool joined_is(const char *key, const char *word)
{
	for (; *key && *word; key++) {
		if (*key == ' ')
			continue;
		if (*key != *word++)
			return false;
	}
	return !*key && !*word;
}

/* A company's name and the label of a domain: "acme" for "Acme Ltd", "nlnetlabs" for NLnet Labs. */
static bool name_is_label(const char *stem, const char *label)
{
	return *label &&
	       (joined_is(stem, label) || (strlen(label) >= 4 && first_word_is(stem, label)));
}

/* The person holder h (or one its notice names with it) is a contributor or a project holder: their
 * name. */
static const char *project_person(const struct firstparty *fp, const struct notice_item *h)
{
	const struct contributor *who;

	if (origin_author(fp, h->text))
		return NULL;
	if (firstparty_is_holder(fp, h->text))
		return h->text;
	who = contributors_match(&fp->people, h->text, h->email, NULL);
	return who ? who->name : NULL;
}

/*
 * Contributors' employers: a company named in one statement with one of
 * the project's people whose address is at the company's domain ("Acme
 * Ltd, Ann Lee <ann@acme.com>").
 */
static int learn_employers(struct firstparty *fp, const struct notice *n, const char *rel)
{
	struct strbuf label = STRBUF_INIT, stem = STRBUF_INIT, why = STRBUF_INIT;
	struct strvec parts = STRVEC_INIT;
	int ret = 0;

	for (size_t i = 0; i < n->nr_holders && !ret; i++) {
		const struct notice_item *h = &n->holders[i];
		const char *person;

		if (!h->email || !(person = project_person(fp, h)))
			continue;
		contrib_domain_label(h->email, &label);
		for (size_t g = 0; label.len && g < n->nr_holders && !ret; g++) {
			const struct notice_item *o = &n->holders[g];

			if (g != i && (o->statement == SIZE_MAX || o->statement != h->statement))
				continue;
			strvec_clear(&parts);
			if ((ret = contrib_parts(o->text, &parts)))
				break;
			for (size_t k = 0; k < parts.nr && !ret; k++) {
				contrib_stem(parts.v[k], &stem, NULL);
				if (!stem.len || !name_is_label(stem.buf, label.buf) ||
				    holders_find(&fp->employers, stem.buf))
					continue;
				strbuf_reset(&why);
				strbuf_addf(&why, "employer of %s: address %s (%s:%zu)", person,
				            h->email, rel, h->line);
				ret = holders_add(&fp->employers, stem.buf, parts.v[k], why.buf)
				          ? 0
				          : -1;
			}
		}
	}
	strbuf_release(&label);
	strbuf_release(&stem);
	strbuf_release(&why);
	strvec_clear(&parts);
	return ret;
}

/*
 * Some notice read names someone who is not one of the project's holders:
 * only then is the project's history worth a git log (a large one takes
 * seconds).
 */
static bool strangers(const struct firstparty *fp, const struct strvec *files,
                      const struct notice *notices, const bool *read)
{
	for (size_t i = 0; i < files->nr; i++) {
		const struct notice *n = &notices[i];

		if (!read[i])
			continue;
		if (n->nr_holders && !firstparty_is_holder(fp, n->holders[0].text))
			return true;
		for (size_t k = 0; !n->nr_holders && k < n->nr_authors; k++)
			if (!firstparty_is_holder(fp, n->authors[k].text))
				return true;
	}
	return false;
}

int firstparty_learn(struct firstparty *fp, const struct strvec *files,
                     const struct notice *notices, const bool *read, struct strbuf *err)
{
	size_t rl = strlen(fp->root);
	int rc = learn_dominant(fp, files, notices, read);

	if (!rc && strangers(fp, files, notices, read)) {
		if (contributors_load(&fp->people, fp->root, err))
			return -1;
	} else if (!rc) {
		rc = strvec_push(&fp->sources, "git log and list files not read: every notice read "
		                               "names the project's holders");
	}
	for (size_t i = 0; !rc && i < files->nr; i++)
		if (read[i])
			rc = learn_origin_authors(fp, &notices[i]);
	if (!rc)
		rc = learn_licences(fp, files, notices, read);
	for (size_t i = 0; !rc && i < files->nr; i++)
		if (read[i])
			rc = learn_employers(fp, &notices[i],
			                     !strncmp(files->v[i], fp->root, rl) &&
			                             files->v[i][rl] == '/'
			                         ? files->v[i] + rl + 1
			                         : files->v[i]);
	if (rc) {
		fp->oom = true;
		strbuf_addstr(err, "out of memory");
	}
	return rc ? -1 : 0;
}

/* ---- judging a file ---- */

/* The domain label is the project's: its name's, or one of its companies'. */
static const struct holder *project_domain(const struct firstparty *fp, const char *label,
                                           bool *by_name)
{
	struct strbuf stem = STRBUF_INIT;
	const struct holder *whose = NULL;

	*by_name = fp->project && *label && joined_is(fp->project, label);
	for (size_t i = 0; !*by_name && !whose && i < fp->established.nr; i++) {
		const struct holder *h = &fp->established.v[i];

		if (!h->company)
			continue;
		contrib_stem(h->shown, &stem, NULL);
		if (stem.len && name_is_label(stem.buf, label))
			whose = h;
	}
	strbuf_release(&stem);
	return whose;
}

/* One of the project's companies: its name, another name of one, its domain, an employer. */
static bool project_company(const struct firstparty *fp, const char *holder, const char *email,
                            struct strbuf *why)
{
	struct strbuf stem = STRBUF_INIT, other = STRBUF_INIT, label = STRBUF_INIT;
	const struct holder *h;
	bool company, by_name;

	contrib_stem(holder, &stem, &company);
	if (!stem.len)
		goto no;
	if (fp->project &&
	    (joined_is(stem.buf, fp->project) ||
	     (company && strlen(fp->project) >= 4 && first_word_is(stem.buf, fp->project)))) {
		strbuf_addf(why, "named after the project (soup.json project.name)");
		goto yes;
	}
	contrib_domain_label(email, &label);
	if (label.len && ((h = project_domain(fp, label.buf, &by_name)) || by_name)) {
		if (by_name)
			strbuf_addf(why, "address %s at the project's domain", email);
		else
			strbuf_addf(why, "address %s at the domain of %s (%s)", email, h->shown,
			            h->why);
		goto yes;
	}
	for (size_t i = 0; company && i < fp->established.nr; i++) {
		h = &fp->established.v[i];
		if (!h->company)
			continue;
		contrib_stem(h->shown, &other, NULL);
		if (!strcmp(other.buf, stem.buf)) {
			strbuf_addf(why, "another name of %s (%s)", h->shown, h->why);
			goto yes;
		}
	}
	if ((h = holders_find(&fp->employers, stem.buf))) {
		strbuf_addstr(why, h->why);
		goto yes;
	}
no:
	strbuf_release(&stem);
	strbuf_release(&other);
	strbuf_release(&label);
	return false;
yes:
	strbuf_release(&stem);
	strbuf_release(&other);
	strbuf_release(&label);
	return true;
}

/* A contributor or one of the project's companies; why says which and whence. */
static bool project_identity(const struct firstparty *fp, const struct notice_item *h,
                             struct strbuf *why)
{
	const struct contributor *who;
	const char *how = NULL;
	struct strbuf cw = STRBUF_INIT;

	if (origin_author(fp, h->text))
		return false; /* "derived from X by NAME": NAME's code is someone else's */
	who = contributors_match(&fp->people, h->text, h->email, &how);
	if (!who)
		return project_company(fp, h->text, h->email, why);
	contributor_why(who, &cw);
	if (!strcmp(how, "e-mail"))
		strbuf_addf(why, "address %s of %s: %s", h->email, who->name, cw.buf);
	else if (!strcmp(how, "joint notice"))
		strbuf_addf(why, "names %s: %s", who->name, cw.buf);
	else
		strbuf_addstr(why, cw.buf);
	strbuf_release(&cw);
	return true;
}

/* Count a file a contributor or company rule made the project's. */
static void take(struct firstparty *fp, const char *holder, const char *why)
{
	struct strbuf key = STRBUF_INIT;
	struct holder *x;

	firstparty_key(holder, &key);
	x = holders_add(&fp->taken, key.buf, holder, why);
	if (x)
		x->files++;
	else
		fp->oom = true;
	strbuf_release(&key);
}

/* The item is the project's by a contributor or company rule (then counted). */
static bool taken_by_rule(struct firstparty *fp, const struct notice_item *h)
{
	struct strbuf why = STRBUF_INIT;
	bool yes = project_identity(fp, h, &why);

	if (yes)
		take(fp, h->text, why.buf);
	strbuf_release(&why);
	return yes;
}

const struct notice_item *firstparty_foreign(struct firstparty *fp, const struct notice *n,
                                             const char *license, bool has_origin)
{
	bool rules = !has_origin && own_licence(fp, license);

	if (n->nr_holders) {
		const struct notice_item *h0 = &n->holders[0];

		/* a project file names the project's holder first and
		 * contributors after; a copy names the original author first */
		if (firstparty_is_holder(fp, h0->text))
			return NULL;
		for (size_t k = 0; rules && k < n->nr_holders; k++) {
			const struct notice_item *h = &n->holders[k];

			/* the first statement, whole: "Acme Ltd 2019 - Ann Lee" */
			if (k && (h0->statement == SIZE_MAX || h->statement != h0->statement))
				break;
			if (taken_by_rule(fp, h))
				return NULL;
		}
		return h0;
	}
	/* a public-domain dedication names its author, not a holder */
	for (size_t k = 0; k < n->nr_authors; k++) {
		const struct notice_item *a = &n->authors[k];

		if (!firstparty_is_holder(fp, a->text) && !(rules && taken_by_rule(fp, a)))
			return a;
	}
	return NULL;
}

int firstparty_report(const struct firstparty *fp, struct strvec *names, struct strvec *why,
                      struct strvec *sources)
{
	int rc = fp->oom ? -1 : 0;

	for (size_t i = 0; !rc && i < fp->established.nr; i++)
		rc = strvec_push(names, fp->established.v[i].shown) ||
		     strvec_push(why, fp->established.v[i].why);
	for (size_t i = 0; !rc && i < fp->taken.nr; i++) {
		const struct holder *h = &fp->taken.v[i];

		rc =
		    strvec_push(names, h->shown) ||
		    strvec_pushf(why, "%s; %zu file%s", h->why, h->files, h->files == 1 ? "" : "s");
	}
	for (size_t i = 0; !rc && i < fp->people.sources.nr; i++)
		rc = strvec_push(sources, fp->people.sources.v[i]);
	for (size_t i = 0; !rc && i < fp->sources.nr; i++)
		rc = strvec_push(sources, fp->sources.v[i]);
	return rc ? -1 : 0;
}
