/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Who the project is (firstparty.h), from the notices read: what they
 * teach (the dominant holder, the authors origins name, the project's
 * licences, contributors' employers), each file judged (a contributor's
 * or one of the project's companies', or foreign) and the report of who
 * was taken and why. firstparty.c holds the state and what the project
 * holds up front.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "ascii.h"
#include "contributors_internal.h"
#include "firstparty_internal.h"
#include "pathutil.h"
#include "banned.h"

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
	counts = xcalloc(slots + 1, sizeof(*counts));
	spread = xcalloc(slots + 1, sizeof(*spread));
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
		size_t most = 0, tied = 0;

		/* a vendored component: its licence file names it; else the one
		 * holder of most of its files (a tie names none) */
		for (size_t k = 0; fp->component && k < counted.nr; k++)
			most = counts[k] > most ? counts[k] : most;
		for (size_t k = 0; fp->component && k < counted.nr; k++)
			tied += counts[k] == most;
		if (fp->component ? fp->established.nr || counts[j] < most || tied > 1
				  : counts[j] < 3 || counts[j] * 3 < with_holder || !spread[j])
			continue;
		if (firstparty_is_holder(fp, shown.v[j]))
			continue;
		strbuf_reset(&why);
		if (fp->component)
			strbuf_addf(&why,
				    "holder of the most files of the component read (%zu of %zu)",
				    counts[j], with_holder);
		else
			strbuf_addf(&why,
				    "holder in %zu of the %zu files read that name one, in more "
				    "than one folder",
				    counts[j], with_holder);
		if (fp_add_established(fp, shown.v[j], why.buf))
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
		yes = fp_holds_words(key.buf, fp->origin_authors.v[i]);
	strbuf_release(&key);
	return yes;
}

/*
 * The licences the project's holders give their own files (the first
 * holder theirs, no origin): each one at least two files and at least a
 * tenth of those files state, or the only one they state.
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
		if (fp_licence_ids(lic, &ids))
			goto out;
		for (size_t k = 0; k < ids.nr; k++) {
			long j = strvec_find(&seen, ids.v[k]);

			if (j < 0) {
				counts = xreallocarray(counts, nr + 1, sizeof(*counts));
				if (strvec_push(&seen, ids.v[k]))
					goto out;
				counts[nr] = 0;
				j = (long)nr++;
			}
			counts[j]++;
		}
	}
	for (size_t j = 0; j < nr; j++) {
		size_t all = 0;

		for (size_t k = 0; k < nr; k++)
			all += counts[k];
		/* two files or more, and not a stray tenth: a few files under
		 * another licence are more likely the holder's other project */
		if (nr > 1 && (counts[j] < 2 || counts[j] * 10 < all))
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
				    fp_holders_find(&fp->employers, stem.buf))
					continue;
				strbuf_reset(&why);
				strbuf_addf(&why, "employer of %s: address %s (%s:%zu)", person,
					    h->email, rel, h->line);
				ret = fp_holders_add(&fp->employers, stem.buf, parts.v[k], why.buf)
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

static unsigned first_year(const struct notice_item *h);

/*
 * Joint notices: a person with a copyright statement of their own beside
 * one of the project's holders, in the same comment, in a file under the
 * project's licence that states no origin and no copy ("Copyright 2014
 * Ann Lee" above "Copyright 2015-2020 <the project's holder>"), whose
 * years start within the project's (since, the earliest year the
 * project's holders state), worked on the project with its holder: a
 * contributor. Code older than the project is an original it took in;
 * organisations, and the authors an origin names, are not taken so.
 */
static int learn_joint(struct firstparty *fp, const struct notice *n, const char *rel,
		       unsigned since, size_t *taken)
{
	const struct notice_item *own = NULL;
	struct strvec parts = STRVEC_INIT;
	struct strbuf key = STRBUF_INIT, why = STRBUF_INIT;
	int ret = 0;

	if (n->nr_holders < 2 || n->nr_origins || n->copy_marker ||
	    !fp_own_licence(fp, firstparty_notice_license(n)))
		return 0;
	for (size_t k = 0; k < n->nr_holders && !own; k++)
		if (firstparty_is_holder(fp, n->holders[k].text))
			own = &n->holders[k];
	for (size_t k = 0; own && k < n->nr_holders && !ret; k++) {
		const struct notice_item *h = &n->holders[k];

		if (h == own || h->block != own->block || h->statement == SIZE_MAX ||
		    h->statement == own->statement || firstparty_is_holder(fp, h->text) ||
		    origin_author(fp, h->text) || !since || first_year(h) < since)
			continue;
		strvec_clear(&parts);
		if ((ret = contrib_parts(h->text, &parts)))
			break;
		for (size_t i = 0; i < parts.nr && !ret; i++) {
			struct contributor *who;

			firstparty_key(parts.v[i], &key);
			if (contrib_words(key.buf) < 2 || notice_is_organisation(parts.v[i]))
				continue;
			strbuf_reset(&why);
			strbuf_addf(&why, "joint notice with %s (%s:%zu)", own->text, rel, h->line);
			who = contributor_for(&fp->people, parts.v[i],
					      parts.nr == 1 ? h->email : NULL);
			if (!who)
				ret = -1;
			else {
				bool seen = false;

				for (size_t l = 0; l < who->lists.nr && !seen; l++)
					seen = !strncmp(who->lists.v[l], "joint notice", 12);
				if (!seen) {
					(*taken)++;
					ret = strvec_push(&who->lists, why.buf);
				}
			}
		}
	}
	strvec_clear(&parts);
	strbuf_release(&key);
	strbuf_release(&why);
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

/*
 * The standard wording of the licences whose whole text sits in a file's
 * header: a project that uses one of these, word for word, has no header
 * of its own (every copy under that licence has the same), and so does a
 * project under a licence whose header is a standard notice (the GPL
 * family's "This program is free software ...", Apache's, the MPL's).
 */
#define BSD_CONDITIONS                                                                             \
	"Redistribution and use in source and binary forms, with or without\n"                     \
	"modification, are permitted provided that the following conditions are met:\n\n"          \
	"1. Redistributions of source code must retain the above copyright notice,\n"              \
	"   this list of conditions and the following disclaimer.\n\n"                             \
	"2. Redistributions in binary form must reproduce the above copyright notice,\n"           \
	"   this list of conditions and the following disclaimer in the documentation\n"           \
	"   and/or other materials provided with the distribution.\n\n"
#define BSD_DISCLAIMER                                                                             \
	"THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"\n"          \
	"AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE\n"              \
	"IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE\n"             \
	"ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE\n"              \
	"LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR\n"                    \
	"CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF\n"                   \
	"SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS\n"               \
	"INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN\n"                \
	"CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)\n"                \
	"ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE\n"             \
	"POSSIBILITY OF SUCH DAMAGE.\n"

static const char *const standard_texts[] = {
	/* MIT (Expat) */
	"Permission is hereby granted, free of charge, to any person obtaining a copy\n"
	"of this software and associated documentation files (the \"Software\"), to deal\n"
	"in the Software without restriction, including without limitation the rights\n"
	"to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
	"copies of the Software, and to permit persons to whom the Software is\n"
	"furnished to do so, subject to the following conditions:\n\n"
	"The above copyright notice and this permission notice shall be included in\n"
	"all copies or substantial portions of the Software.\n\n"
	"THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
	"IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
	"FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
	"AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
	"LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
	"OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN\n"
	"THE SOFTWARE.\n",
	/* ISC */
	"Permission to use, copy, modify, and/or distribute this software for any\n"
	"purpose with or without fee is hereby granted, provided that the above\n"
	"copyright notice and this permission notice appear in all copies.\n\n"
	"THE SOFTWARE IS PROVIDED \"AS IS\" AND THE AUTHOR DISCLAIMS ALL WARRANTIES\n"
	"WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF\n"
	"MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR\n"
	"ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES\n"
	"WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN\n"
	"ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF\n"
	"OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.\n",
	/* BSD-2-Clause, and BSD-3-Clause with its third clause */
	BSD_CONDITIONS BSD_DISCLAIMER,
	BSD_CONDITIONS
	"3. Neither the name of the copyright holder nor the names of its\n"
	"   contributors may be used to endorse or promote products derived from\n"
	"   this software without specific prior written permission.\n\n" BSD_DISCLAIMER,
};

/*
 * Whether a header (its licence wording's hash, licence id) can tell the
 * project's files: a licence whose whole text is the header (BSD, MIT,
 * ISC, X11), in words other than the licence's standard ones.
 */
static bool own_header(uint64_t h, const char *license)
{
	bool ok = license && (!strncmp(license, "BSD-", 4) || !strncmp(license, "MIT", 3) ||
			      !strcmp(license, "ISC") || !strcmp(license, "X11"));

	for (size_t i = 0; ok && i < sizeof(standard_texts) / sizeof(*standard_texts); i++) {
		struct strbuf c = STRBUF_INIT;
		struct notice n;

		/* as a file would carry it: the same reading as every file's */
		strbuf_addstr(&c, "/*\n * Copyright (c) 2000 A Holder\n *\n *");
		for (const char *t = standard_texts[i]; *t; t++)
			if (*t == '\n')
				strbuf_addstr(&c, "\n *");
			else
				strbuf_addch(&c, *t);
		strbuf_addstr(&c, "*/\nint x;\n");
		notice_init(&n);
		if (notice_parse(c.buf, c.len, &n) >= 0 && n.license_text == h)
			ok = false;
		notice_release(&n);
		strbuf_release(&c);
	}
	return ok;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The licence header of the project: the wording (notice.license_text)
 * that most of the files whose first holder is the project's carry word for
 * word, with no origin stated - at least three files and a third of them.
 * Contributors copy the project's header into the files they write; a copy
 * from elsewhere keeps its original's wording.
 */
static int learn_header(struct firstparty *fp, const struct strvec *files,
			const struct notice *notices, const bool *read)
{
	uint64_t *h = xcalloc(files->nr + 1, sizeof(*h));
	size_t nr = 0, best = 0, best_n = 0;
	const char *license = NULL;
	int ret = 0;

	for (size_t i = 0; i < files->nr; i++) {
		const struct notice *n = &notices[i];

		if (read[i] && n->nr_holders && n->license_text && !n->nr_origins &&
		    !n->copy_marker && firstparty_is_holder(fp, n->holders[0].text))
			h[nr++] = n->license_text;
	}
	qsort(h, nr, sizeof(*h), cmp_u64);
	for (size_t i = 0, run = 1; i < nr; i++, run++) {
		if (i + 1 < nr && h[i + 1] == h[i])
			continue;
		if (run > best_n) { /* the most files; of equals, the smallest hash */
			best_n = run;
			best = i;
		}
		run = 0;
	}
	for (size_t i = 0; best_n && i < files->nr && !license; i++)
		if (read[i] && notices[i].license_text == h[best])
			license = notices[i].license;
	if (best_n >= 3 && best_n * 3 >= nr && !own_header(h[best], license)) {
		ret = strvec_push(
			&fp->sources,
			"the project's holders' files carry a licence's standard words (or a "
			"standard notice): their header does not tell who wrote a file");
		best_n = 0;
	}
	if (best_n >= 3 && best_n * 3 >= nr) {
		struct strbuf src = STRBUF_INIT;

		fp->header = h[best];
		fp->header_files = best_n;
		strbuf_addf(&src,
			    "the licence header of the project's holders' files: %zu of %zu word "
			    "for word",
			    best_n, nr);
		ret = strvec_push(&fp->sources, src.buf);
		strbuf_release(&src);
	}
	free(h);
	return ret;
}

int firstparty_learn(struct firstparty *fp, const struct strvec *files,
		     const struct notice *notices, const bool *read, struct strbuf *err)
{
	size_t rl = strlen(fp->root), joint = 0;
	int rc = learn_dominant(fp, files, notices, read);
	unsigned since = 0; /* the earliest year the project's holders state */

	for (size_t i = 0; !rc && i < files->nr; i++)
		for (size_t k = 0; read[i] && k < notices[i].nr_holders; k++) {
			unsigned y = first_year(&notices[i].holders[k]);

			if (y && (!since || y < since) &&
			    firstparty_is_holder(fp, notices[i].holders[k].text))
				since = y;
		}

	if (!rc && fp->component) {
		rc = strvec_push(&fp->sources, "a vendored component's folder: the vendoring "
					       "project's history and lists not read");
	} else if (!rc && strangers(fp, files, notices, read)) {
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
	if (!rc)
		rc = learn_header(fp, files, notices, read);
	for (size_t i = 0; !rc && i < files->nr; i++) {
		const char *rel = !strncmp(files->v[i], fp->root, rl) && files->v[i][rl] == '/'
					  ? files->v[i] + rl + 1
					  : files->v[i];

		if (read[i])
			rc = learn_employers(fp, &notices[i], rel);
		if (read[i] && !rc)
			rc = learn_joint(fp, &notices[i], rel, since, &joint);
	}
	if (!rc && joint)
		rc = strvec_pushf(&fp->people.sources,
				  "joint notices: %zu %s beside the project's holders", joint,
				  joint == 1 ? "person" : "people");
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
	if ((h = fp_holders_find(&fp->employers, stem.buf))) {
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
	x = fp_holders_add(&fp->taken, key.buf, holder, why);
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

/* The first year of an item's years ("1991-2, 2004": 1991), or 0. */
static unsigned first_year(const struct notice_item *h)
{
	const char *y = h->years;

	while (y && *y && !ascii_is_digit((unsigned char)*y))
		y++;
	if (!y || strspn(y, "0123456789") != 4)
		return 0;
	return (unsigned)strtoul(y, NULL, 10);
}

/*
 * Below a notice that names the project's holder h0 first: the original's
 * holder, when the notice states one - a holder of another statement that
 * is not the project's and whose notice is in another comment block, or
 * comes after a copy marker ("the original header comment follows"), or
 * an organisation whose years start before h0's (a copy of an earlier
 * original, "The Regents of the University of California", kept below the
 * notice of the one who adapted it; an earlier person is more often the
 * file's first author, now a contributor). NULL when none.
 */
static const struct notice_item *original_below(struct firstparty *fp, const struct notice *n,
						const struct notice_item *h0, const char **reason)
{
	unsigned y0 = first_year(h0);

	for (size_t k = 1; k < n->nr_holders; k++) {
		const struct notice_item *h = &n->holders[k];
		unsigned y = first_year(h);
		struct strbuf why = STRBUF_INIT;
		bool own;

		if (h->statement == h0->statement && h0->statement != SIZE_MAX)
			continue;
		if (h->block != h0->block)
			*reason = "the original's notice below the project's";
		else if (n->copy_marker && h->line > n->copy_marker)
			*reason = "the original's notice after \"the original ... follows\"";
		else if (y && y0 && y < y0 && notice_is_organisation(h->text))
			*reason = "an earlier original's notice below the project's";
		else
			continue;
		own = firstparty_is_holder(fp, h->text) || project_identity(fp, h, &why);
		strbuf_release(&why);
		if (!own)
			return h;
	}
	/* "The original header comment follows: ... written by NAME, no copyright is claimed" */
	for (size_t k = 0; n->copy_marker && k < n->nr_authors; k++) {
		const struct notice_item *a = &n->authors[k];
		struct strbuf why = STRBUF_INIT;
		bool own;

		if (a->line <= n->copy_marker)
			continue;
		own = firstparty_is_holder(fp, a->text) || project_identity(fp, a, &why);
		strbuf_release(&why);
		if (!own) {
			*reason = "the original's author, after a copy marker";
			return a;
		}
	}
	*reason = NULL;
	return NULL;
}

const struct notice_item *firstparty_foreign_why(struct firstparty *fp, const struct notice *n,
						 const char *license, bool has_origin,
						 const char **reason)
{
	bool rules = !has_origin && fp_own_licence(fp, license);
	const char *dummy;

	if (!reason)
		reason = &dummy;
	*reason = "another holder";
	if (n->nr_holders) {
		const struct notice_item *h0 = &n->holders[0];

		/* a project file names the project's holder first and
		 * contributors after; a copy names the original author first */
		if (firstparty_is_holder(fp, h0->text)) {
			const struct notice_item *o = original_below(fp, n, h0, reason);

			if (o)
				return o;
			/* the project's holder under a licence the project does
			 * not use: more likely their other project, imported */
			if (license && !has_origin && fp->licences.nr &&
			    !fp_own_licence(fp, license)) {
				*reason = "the project's holder, under a licence that is not the "
					  "project's";
				return h0;
			}
			return NULL;
		}
		/* a contributor's file: the project's licence header, word for word
		 * (an original it adapted, below a copy marker, is still found) */
		if (rules && fp->header && n->license_text == fp->header) {
			struct strbuf why = STRBUF_INIT;

			strbuf_addf(
				&why,
				"writes the project's licence header word for word, as %zu files "
				"of the project's holders do",
				fp->header_files);
			take(fp, h0->text, why.buf);
			strbuf_release(&why);
			return original_below(fp, n, h0, reason);
		}
		for (size_t k = 0; rules && k < n->nr_holders; k++) {
			const struct notice_item *h = &n->holders[k];

			/* the first statement, whole: "Acme Ltd 2019 - Ann Lee" */
			if (k && (h0->statement == SIZE_MAX || h->statement != h0->statement))
				break;
			if (taken_by_rule(fp, h))
				return original_below(fp, n, h0, reason);
		}
		return h0;
	}
	/* a public-domain dedication names its author, not a holder */
	*reason = "another author";
	for (size_t k = 0; k < n->nr_authors; k++) {
		const struct notice_item *a = &n->authors[k];

		if (!firstparty_is_holder(fp, a->text) && !(rules && taken_by_rule(fp, a)))
			return a;
	}
	*reason = NULL;
	return NULL;
}

const struct notice_item *firstparty_foreign(struct firstparty *fp, const struct notice *n,
					     const char *license, bool has_origin)
{
	return firstparty_foreign_why(fp, n, license, has_origin, NULL);
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

		rc = strvec_push(names, h->shown) ||
		     strvec_pushf(why, "%s; %zu file%s", h->why, h->files,
				  h->files == 1 ? "" : "s");
	}
	for (size_t i = 0; !rc && i < fp->people.sources.nr; i++)
		rc = strvec_push(sources, fp->people.sources.v[i]);
	for (size_t i = 0; !rc && i < fp->sources.nr; i++)
		rc = strvec_push(sources, fp->sources.v[i]);
	return rc ? -1 : 0;
}
