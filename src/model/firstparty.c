/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Who the project is: its holders, contributors and companies, each with
 * the reason. Here what it holds up front (soup.json, the licence files,
 * its contributors); firstparty_judge.c learns from the notices read and
 * judges each file.
 */
#include "firstparty.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "alloc.h"
#include "ascii.h"
#include "firstparty_internal.h"
#include "pathutil.h"
#include "spdx.h"
#include "banned.h"

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

struct holder *fp_holders_find(const struct holders *h, const char *key)
{
	for (size_t i = 0; i < h->nr; i++)
		if (!strcmp(h->v[i].key, key))
			return &h->v[i];
	return NULL;
}

/* Add a holder by key (the one there when the key is known). NULL when out of memory. */
struct holder *fp_holders_add(struct holders *h, const char *key, const char *shown,
			      const char *why)
{
	struct holder *x = fp_holders_find(h, key);
	bool company = false;
	struct strbuf stem = STRBUF_INIT;

	if (x)
		return x;
	ALLOC_GROW(h->v, h->nr + 1, h->alloc);
	contrib_stem(shown, &stem, &company);
	strbuf_release(&stem);
	x = &h->v[h->nr];
	memset(x, 0, sizeof(*x));
	x->key = xstrdup(key);
	x->shown = xstrdup(shown);
	x->why = xstrdup(why);
	x->company = company;
	h->nr++;
	return x;
}

/*
 * An established holder, by its key; a holder known already gets the new
 * reason too ("soup.json project.manufacturer, LICENSE"). Names whose key
 * is empty are not holders.
 */
int fp_add_established(struct firstparty *fp, const char *shown, const char *why)
{
	struct strbuf key = STRBUF_INIT, both = STRBUF_INIT;
	struct holder *h;
	int ret = 0;

	firstparty_key(shown, &key);
	if (!key.len)
		goto out;
	h = fp_holders_find(&fp->established, key.buf);
	if (!h) {
		ret = fp_holders_add(&fp->established, key.buf, shown, why) ? 0 : -1;
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
bool fp_holds_words(const char *key, const char *h)
{
	size_t hl = strlen(h);

	for (const char *in = key; (in = strstr(in, h)); in++)
		if ((in == key || in[-1] == ' ') && (in[hl] == ' ' || !in[hl]))
			return true;
	return false;
}

bool fp_holder_matches(const struct holder *h, const char *key)
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
	return hl >= 6 && (hw >= 2 || h->company) && fp_holds_words(key, h->key);
}

bool firstparty_is_holder(const struct firstparty *fp, const char *holder)
{
	struct strbuf key = STRBUF_INIT;
	bool yes = false;

	firstparty_key(holder, &key);
	for (size_t i = 0; key.len && i < fp->established.nr && !yes; i++)
		yes = fp_holder_matches(&fp->established.v[i], key.buf);
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
int fp_licence_ids(const char *expr, struct strvec *ids)
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
bool fp_own_licence(const struct firstparty *fp, const char *license)
{
	struct strvec ids = STRVEC_INIT;
	bool yes = !license;

	if (license && fp_licence_ids(license, &ids) == 0)
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

	if (!n || n > 80 || *l == '*' || *l == '-' || *l == '#' ||
	    ascii_is_digit((unsigned char)*l) || memchr(l, ';', n) || memchr(l, ':', n) ||
	    (l[n - 1] == '.' && n > 1 && l[n - 2] == ' '))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ascii_is_space((unsigned char)l[i]) &&
		    (i == 0 || ascii_is_space((unsigned char)l[i - 1])))
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
		while (l < end && ascii_is_space((unsigned char)*l))
			l++;
		n = (size_t)(end - l);
		while (n && ascii_is_space((unsigned char)l[n - 1]))
			n--;
		if (listing) {
			if (!n) {
				listing = !listed; /* blank lines before the names, not after */
				continue;
			}
			if (name_line(l, n)) {
				strbuf_reset(&name);
				strbuf_add(&name, l, n);
				found = fp_add_established(fp, name.buf, why) ? -1 : found + 1;
				listed = true;
				continue;
			}
			listing = false;
		}
		/* "copyright holders:" may be split over the line before */
		strbuf_reset(&intro);
		strbuf_addf(&intro, "%s %.*s", prev.buf, (int)n, l);
		for (size_t i = 0; i < intro.len; i++)
			intro.buf[i] = (char)ascii_to_lower((unsigned char)intro.buf[i]);
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
			if (fp_add_established(fp, n.holders[k].text, name))
				goto out;
		lic = firstparty_notice_license(&n);
	}
	strbuf_addf(&why, "%s: listed as a copyright holder", name);
	if (strbuf_read_file(&text, path, NOTICE_MAX_LICENSE_FILE) >= 0 &&
	    (listed = holder_lists(fp, text.buf, text.len, why.buf)) < 0)
		goto out;
	if (lic && fp_licence_ids(lic, &ids))
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
	static const char *const licence_files[] = { "LICENSE", "LICENSE.txt", "LICENSE.md",
						     "LICENCE", "COPYING",     "COPYING.txt",
						     "NOTICE",	"COPYRIGHT" };
	struct firstparty *fp = xcalloc(1, sizeof(*fp));
	struct strbuf path = STRBUF_INIT;
	size_t read = 0;

	*out = NULL;
	fp->root = xstrdup(root);
	strvec_init(&fp->origin_authors);
	strvec_init(&fp->licences);
	strvec_init(&fp->sources);
	contributors_init(&fp->people);
	for (size_t i = 0; soup && i < soup->first_party_holders.nr; i++)
		if (fp_add_established(fp, soup->first_party_holders.v[i],
				       "soup.json first_party.holders"))
			goto oom;
	/* who makes the product is the project */
	if (soup && soup->project_manufacturer &&
	    fp_add_established(fp, soup->project_manufacturer, "soup.json project.manufacturer"))
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

void firstparty_as_component(struct firstparty *fp)
{
	fp->component = true;
}

bool firstparty_knows_holders(const struct firstparty *fp)
{
	return fp->established.nr > 0;
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
