/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Who works on the project: names as keys, the list of contributors and
 * the matcher; contributors_read.c reads the evidence (git, list files).
 */
#include "contributors.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "contributors_internal.h"
#include "notice.h"
#include "strmap.h"
#include "banned.h"

/* ---- names as keys ---- */

/*
 * U+00C0 to U+017F in lower case ASCII, accents dropped ("" for × and ÷);
 * a row per 16 code points, marked with the one it starts at.
 */
/* clang-format off */
static const char *const latin_fold[0x180 - 0xc0] = {
	/* 0C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* 0D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	/* 0E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* 0F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};
/* clang-format on */

/*
 * The code point at s[0..n) and its length in bytes (*len >= 1): UTF-8,
 * else the byte read as Latin-1 (text written before UTF-8).
 */
static unsigned decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned cp;
	size_t k;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, cp = s[0] & 0x07u;
	else
		return s[0];
	if (n < k)
		return s[0];
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return s[0];
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return s[0];
	*len = k;
	return cp;
}

/*
 * text[0..n) as valid UTF-8 (Latin-1 bytes converted), control characters
 * as spaces (tabs kept: in a list, they end a name).
 */
int contrib_to_utf8(const char *text, size_t n, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned cp = decode(s + i, n - i, &len);
		int rc;

		if ((cp < 0x20 && cp != '\t') || cp == 0x7f)
			rc = strbuf_addch(out, ' ');
		else if (len > 1 || cp < 0x80)
			rc = strbuf_add(out, s + i, len);
		else /* a Latin-1 byte: two bytes of UTF-8 */
			rc = strbuf_addch(out, (char)(0xc0 | (cp >> 6))) ||
			     strbuf_addch(out, (char)(0x80 | (cp & 0x3f)));
		if (rc)
			return -1;
		i += len;
	}
	return 0;
}

static const char *const key_drop[] = {
	"the",	       "by",  "inc",	      "ltd",	 "llc",	       "gmbh",	 "corp",
	"corporation", "co",  "ag",	      "sa",	 "bv",	       "ab",	 "oy",
	"limited",     "plc", "pty",	      "srl",	 "sarl",       "and",	 "affiliates",
	"its",	       "all", "contributors", "authors", "developers", "rights", "reserved",
};

/* The suffixes that make a name a company's (a subset of key_drop). */
static const char *const company_suffixes[] = {
	"inc", "ltd", "llc", "gmbh",	"corp", "corporation", "co",  "ag",   "sa",
	"bv",  "ab",  "oy",  "limited", "plc",	"pty",	       "srl", "sarl",
};

/* The words a company adds to its name, dropped from a stem. */
static const char *const company_words[] = {
	"lab",	   "labs",	"technologies", "technology",  "software",
	"systems", "solutions", "group",	"holdings",    "international",
	"team",	   "project",	"foundation",	"consulting",  "networks",
	"company", "computing", "research",	"development",
};

bool contrib_in_words(const char *w, const char *const *list, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(w, list[i]))
			return true;
	return false;
}

/*
 * The words of a name, folded: runs of letters and digits, lower case,
 * accents dropped (Latin-1 supplement and Extended-A; other scripts as
 * written); anything else separates words ("O'Hara" gives "o", "hara").
 * Calls fn for each word.
 */
static int name_words(const char *name, int (*fn)(const char *w, void *arg), void *arg)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n = strlen(name);
	struct strbuf w = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i <= n && !ret;) {
		size_t len = 1;
		unsigned cp = i < n ? decode(s + i, n - i, &len) : 0;

		if (cp < 0x80 &&
		    (cp < '0' || (cp > '9' && cp < 'A') || (cp > 'Z' && cp < 'a') || cp > 'z')) {
			if (w.len)
				ret = fn(w.buf, arg);
			strbuf_reset(&w);
		} else if (cp < 0x80) {
			ret = strbuf_addch(&w, (char)(cp | 0x20 * (cp >= 'A' && cp <= 'Z')));
		} else if (cp >= 0xc0 && cp < 0x180) {
			ret = strbuf_addstr(&w, latin_fold[cp - 0xc0]);
		} else if (cp >= 0x180 && (cp < 0x2000 || cp > 0x206f)) {
			ret = strbuf_add(&w, s + i, len); /* other scripts, as written */
		} else if (w.len) { /* Latin-1 and general punctuation (dashes, quotes) */
			ret = fn(w.buf, arg);
			strbuf_reset(&w);
		}
		i += len;
	}
	strbuf_release(&w);
	return ret;
}

struct key_state {
	struct strbuf *out;
	bool stem;    /* drop company words too */
	bool company; /* a suffix or company word was seen */
};

/* Words that make a name a group's ("The Widget Authors"), dropped from keys. */
static const char *const collective[] = { "authors", "contributors", "developers" };

static int key_word(const char *w, void *arg)
{
	struct key_state *k = arg;

	if (IN_WORDS(w, company_suffixes) || IN_WORDS(w, collective))
		k->company = true;
	if (IN_WORDS(w, key_drop))
		return 0;
	if (k->stem && IN_WORDS(w, company_words)) {
		k->company = true;
		return 0;
	}
	return (k->out->len && strbuf_addch(k->out, ' ')) || strbuf_addstr(k->out, w);
}

/*
 * contrib_key()'s last answers: one holder's name recurs in thousands of
 * files of a project. Direct-mapped by the name's hash; the name is kept
 * and compared in full, so an answer is always the one computed for it.
 * Process-wide, like the rest of the CLI single-threaded.
 */
#define KEY_MEMO_SIZE 1024
static struct key_memo {
	char *name, *key;
} key_memo[KEY_MEMO_SIZE];

void contrib_key(const char *name, struct strbuf *out)
{
	struct key_state k = { out, false, false };
	struct key_memo *m = &key_memo[strmap_hash(name) & (KEY_MEMO_SIZE - 1)];
	char *n, *key;

	strbuf_reset(out);
	if (m->name && !strcmp(m->name, name)) {
		strbuf_addstr(out, m->key);
		return;
	}
	name_words(name, key_word, &k);
	n = strdup(name);
	key = strdup(out->buf);
	if (!n || !key) {
		free(n);
		free(key);
		return;
	}
	free(m->name);
	free(m->key);
	m->name = n;
	m->key = key;
}

void contrib_stem(const char *name, struct strbuf *out, bool *company)
{
	struct key_state k = { out, true, false };

	strbuf_reset(out);
	name_words(name, key_word, &k);
	if (company)
		*company = k.company;
}

static bool has_company_suffix(const char *name)
{
	struct strbuf s = STRBUF_INIT;
	struct key_state k = { &s, false, false };

	name_words(name, key_word, &k);
	strbuf_release(&s);
	return k.company;
}

void contrib_domain_label(const char *email, struct strbuf *out)
{
	static const char *const second_level[] = { "ac",  "co", "com", "edu", "gov",
						    "net", "or", "org", "ne",  "go" };
	const char *at = email ? strrchr(email, '@') : NULL;
	const char *end, *p;

	strbuf_reset(out);
	if (!at)
		return;
	end = at + 1 + strlen(at + 1);
	/* the last label: the top-level domain */
	for (p = end; p > at + 1 && p[-1] != '.'; p--)
		;
	if (p <= at + 1)
		return;
	end = p - 1; /* before the dot: the registrable label, unless a second level ("co.uk") */
	for (p = end; p > at + 1 && p[-1] != '.'; p--)
		;
	if (strlen(end + 1) == 2 && p > at + 1) {
		bool sld = false;

		for (size_t i = 0; i < sizeof(second_level) / sizeof(*second_level); i++)
			sld |= (size_t)(end - p) == strlen(second_level[i]) &&
			       !strncmp(p, second_level[i], (size_t)(end - p));
		if (sld) {
			end = p - 1;
			for (p = end; p > at + 1 && p[-1] != '.'; p--)
				;
		}
	}
	for (; p < end; p++)
		strbuf_addch(out, (char)(*p | 0x20 * (*p >= 'A' && *p <= 'Z')));
}

/* ---- the list of contributors ---- */

void contributors_init(struct contributors *c)
{
	memset(c, 0, sizeof(*c));
	strvec_init(&c->sources);
	strvec_init(&c->ends);
}

void contributors_release(struct contributors *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		free(c->v[i].name);
		free(c->v[i].key);
		strvec_clear(&c->v[i].emails);
		strvec_clear(&c->v[i].lists);
	}
	free(c->v);
	strvec_clear(&c->sources);
	strvec_clear(&c->ends);
	strmap_release(&c->by_key);
	strmap_release(&c->by_email);
	strmap_release(&c->by_ends);
	contributors_init(c);
}

/* The first and the last word of a key of two words or more ("ann b lee": "ann lee"), else "". */
static void key_ends(const char *key, struct strbuf *out)
{
	const char *last = strrchr(key, ' ');

	strbuf_reset(out);
	if (last) {
		strbuf_add(out, key, strcspn(key, " "));
		strbuf_addstr(out, last);
	}
}

/* A new contributor, indexed by key and by its first and last words. NULL when out of memory. */
static struct contributor *contributor_new(struct contributors *c, const char *name,
					   struct strbuf *key)
{
	struct strbuf ends = STRBUF_INIT;
	struct contributor *who;
	bool is_new;

	ALLOC_GROW(c->v, c->nr + 1, c->alloc);
	who = &c->v[c->nr];
	memset(who, 0, sizeof(*who));
	strvec_init(&who->emails);
	strvec_init(&who->lists);
	who->name = xstrdup(name);
	who->key = strbuf_detach(key, NULL);
	if (!who->name || !strmap_put(&c->by_key, who->key, c->nr, &is_new)) {
		free(who->name);
		free(who->key);
		return NULL;
	}
	who->words = contrib_words(who->key);
	who->company = has_company_suffix(name);
	key_ends(who->key, &ends);
	if (ends.len && (strvec_push(&c->ends, ends.buf) ||
			 !strmap_put(&c->by_ends, c->ends.v[c->ends.nr - 1], c->nr, &is_new)))
		who = NULL; /* counted all the same: its strings are freed with it */
	c->nr++;
	strbuf_release(&ends);
	return who;
}

/* The contributor of that name (key), else a new one; email added. NULL when out of memory. */
struct contributor *contributor_for(struct contributors *c, const char *name, const char *email)
{
	struct strbuf key = STRBUF_INIT;
	struct strmap_slot *slot;
	struct contributor *who;
	bool is_new;

	contrib_key(name, &key);
	/* one entry per name: the same address under a handle and a full name
	 * must keep the full name comparable */
	slot = strmap_find(&c->by_key, key.buf);
	who = slot ? &c->v[slot->val] : contributor_new(c, name, &key);
	strbuf_release(&key);
	if (who && email && strvec_find(&who->emails, email) < 0) {
		struct strmap_slot *at;

		if (strvec_push(&who->emails, email) ||
		    !(at = strmap_put(&c->by_email, who->emails.v[who->emails.nr - 1],
				      (size_t)(who - c->v), &is_new)))
			return NULL;
		/* an address shared by a handle and a full name: the full name */
		if (!is_new && c->v[at->val].words < 2 && who->words >= 2)
			at->val = (size_t)(who - c->v);
	}
	return who;
}

/* ---- matching ---- */

/* The first and the last word of a key are those of the other ("ann b lee", "ann lee"). */
static bool same_ends(const char *a, const char *b)
{
	size_t af = strcspn(a, " "), bf = strcspn(b, " ");
	const char *al = strrchr(a, ' '), *bl = strrchr(b, ' ');

	return al && bl && af == bf && !strncmp(a, b, af) && !strcmp(al, bl);
}

static const struct contributor *match_key(const struct contributors *c, const char *key)
{
	struct strbuf ends = STRBUF_INIT;
	const struct strmap_slot *slot = strmap_find(&c->by_key, key);
	const struct contributor *w = slot ? &c->v[slot->val] : NULL;

	if (w && (w->words >= 2 || w->company))
		return w;
	/* a middle name or initial left out on one side: "ann b lee", "ann lee" */
	key_ends(key, &ends);
	slot = ends.len ? strmap_find(&c->by_ends, ends.buf) : NULL;
	w = slot ? &c->v[slot->val] : NULL;
	strbuf_release(&ends);
	if (w && (contrib_words(key) > 2 || w->words > 2) && same_ends(w->key, key))
		return w;
	return NULL;
}

int contrib_parts(const char *holder, struct strvec *parts)
{
	for (const char *p = holder; *p;) {
		size_t n = strcspn(p, ",;&/"), sep = p[n] ? 1 : 0;
		const char *and = strstr(p, " and "), *dash = strstr(p, " - ");

		if (and&&(size_t)(and-p) < n)
			n = (size_t)(and-p), sep = 5;
		if (dash && (size_t)(dash - p) < n)
			n = (size_t)(dash - p), sep = 3;
		while (n && p[0] == ' ')
			p++, n--;
		if (n && strvec_pushn(parts, p, n))
			return -1;
		p += n + sep;
	}
	return 0;
}

const struct contributor *contributors_match(const struct contributors *c, const char *holder,
					     const char *email, const char **how)
{
	struct strbuf key = STRBUF_INIT;
	struct strvec parts = STRVEC_INIT;
	const struct contributor *who = NULL;
	const struct strmap_slot *slot;

	contrib_key(holder, &key);
	if (email && (slot = strmap_find(&c->by_email, email)))
		who = &c->v[slot->val];
	if (who) {
		if (how) /* by address, under another name ("Christopher Fauet") */
			*how = strcmp(who->key, key.buf) ? "e-mail" : "name";
		goto out;
	}
	if ((who = match_key(c, key.buf))) {
		if (how)
			*how = "name";
		goto out;
	}
	/* a joint notice: "Acme Ltd, Ann Lee", "Ann Lee and Bo Lind", "Acme - Ann Lee" */
	if (contrib_parts(holder, &parts) || parts.nr < 2)
		goto out;
	for (size_t i = 0; i < parts.nr && !who; i++) {
		contrib_key(parts.v[i], &key);
		if ((who = match_key(c, key.buf)) && how)
			*how = "joint notice";
	}
out:
	strbuf_release(&key);
	strvec_clear(&parts);
	return who;
}

size_t contrib_words(const char *key)
{
	size_t n = *key != '\0';

	for (; *key; key++)
		n += *key == ' ';
	return n;
}

bool contrib_company_words(const char *words)
{
	struct strbuf w = STRBUF_INIT;
	bool all = *words != '\0';

	for (const char *p = words; *p && all;) {
		size_t n = strcspn(p, " ");

		strbuf_reset(&w);
		strbuf_add(&w, p, n);
		all = IN_WORDS(w.buf, company_words);
		p += n + (p[n] == ' ');
	}
	strbuf_release(&w);
	return all;
}

void contributor_why(const struct contributor *who, struct strbuf *out)
{
	if (who->commits)
		strbuf_addf(out, "git author of %zu commit%s", who->commits,
			    who->commits == 1 ? "" : "s");
	for (size_t i = 0; i < who->lists.nr; i++)
		strbuf_addf(out, "%s%s", i ? ", " : who->commits ? "; " : "", who->lists.v[i]);
}
