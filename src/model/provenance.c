/* SPDX-License-Identifier: Apache-2.0 */
/* Third-party code in the project's own tree, from notices and fingerprints. */
#include "provenance.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fingerprint.h"
#include "notice.h"
#include "pathglob.h"
#include "pathutil.h"
#include "spdx.h"
#include "alloc.h"
#include "banned.h"

struct provenance {
	char *root;
	char *project;              /* soup.json project.name, normalised, or NULL */
	struct fp_db *fp;
	struct strvec holders;      /* the project's, normalised */
	struct strvec holders_shown; /* the same as written, for the record */
	struct strvec paths;        /* first_party.paths globs */
	bool include_generated;     /* judge Bison/flex/... output too */
};

void prov_result_init(struct prov_result *r)
{
	memset(r, 0, sizeof(*r));
	strvec_init(&r->first_party);
}

static void group_release(struct prov_group *g)
{
	free(g->name);
	free(g->version);
	free(g->supplier);
	free(g->license);
	free(g->purl);
	free(g->cpe);
	free(g->why);
	strvec_clear(&g->files);
	strvec_clear(&g->notes);
}

void prov_result_release(struct prov_result *r)
{
	for (size_t i = 0; i < r->nr; i++)
		group_release(&r->groups[i]);
	free(r->groups);
	strvec_clear(&r->first_party);
	prov_result_init(r);
}

/*
 * A holder name for comparison: lower case, letters and digits only, words
 * separated by one space, without company suffixes and "the", "and
 * affiliates", "contributors"/"authors"/"developers".
 */
static void normalise_holder(const char *in, struct strbuf *out)
{
	static const char *const drop[] = { "the", "by", "inc", "ltd", "llc", "gmbh", "corp",
					    "corporation", "co", "ag", "sa", "bv", "ab", "oy",
					    "limited", "and", "affiliates", "its", "all",
					    "contributors", "authors", "developers", "rights",
					    "reserved" };
	const char *p = in;

	strbuf_reset(out);
	while (*p) {
		struct strbuf w = STRBUF_INIT;
		bool keep = true;

		while (*p && !isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
			p++;
		while (*p && (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80)))
			strbuf_addch(&w, (char)tolower((unsigned char)*p++));
		for (size_t i = 0; w.len && i < sizeof(drop) / sizeof(*drop); i++)
			keep &= strcmp(w.buf, drop[i]) != 0;
		if (w.len && keep) {
			if (out->len)
				strbuf_addch(out, ' ');
			strbuf_add(out, w.buf, w.len);
		}
		strbuf_release(&w);
	}
}

static bool is_first_party_holder(const struct provenance *p, const char *holder)
{
	struct strbuf n = STRBUF_INIT;
	bool yes = false;

	normalise_holder(holder, &n);
	for (size_t i = 0; n.len && i < p->holders.nr && !yes; i++) {
		const char *h = p->holders.v[i];
		size_t hl = strlen(h);

		const char *in;

		/* equal, or one is the other followed by more words */
		yes = !strcmp(h, n.buf) ||
		      (hl < n.len && !strncmp(n.buf, h, hl) && n.buf[hl] == ' ') ||
		      (n.len < hl && !strncmp(h, n.buf, n.len) && h[n.len] == ' ');
		/* a joint notice naming the project's holder with a person
		 * ("Yann Collet, Meta Platforms, Inc."): the project's too */
		for (in = n.buf; !yes && hl >= 6 && (in = strstr(in, h)); in++)
			yes = (in == n.buf || in[-1] == ' ') && (in[hl] == ' ' || !in[hl]);
	}
	strbuf_release(&n);
	return yes;
}

static void add_holder(struct provenance *p, const char *holder)
{
	struct strbuf n = STRBUF_INIT;

	normalise_holder(holder, &n);
	if (n.len && strvec_find(&p->holders, n.buf) < 0) {
		strvec_push(&p->holders, n.buf);
		strvec_push(&p->holders_shown, holder);
	}
	strbuf_release(&n);
}

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
 * "Copyright" statements.
 */
static void holder_lists(struct provenance *p, const char *path)
{
	struct strbuf text = STRBUF_INIT, prev = STRBUF_INIT, intro = STRBUF_INIT;
	const char *line, *end;
	bool listing = false, listed = false;

	if (strbuf_read_file(&text, path, NOTICE_MAX_LICENSE_FILE) < 0)
		goto out;
	for (line = text.buf; line < text.buf + text.len; line = end + 1) {
		const char *l = line;
		size_t n;

		end = memchr(line, '\n', (size_t)(text.buf + text.len - line));
		if (!end)
			end = text.buf + text.len;
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
			if (!name_line(l, n)) {
				listing = false;
			} else {
				struct strbuf name = STRBUF_INIT;

				strbuf_add(&name, l, n);
				add_holder(p, name.buf);
				strbuf_release(&name);
				listed = true;
				continue;
			}
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
out:
	strbuf_release(&text);
	strbuf_release(&prev);
	strbuf_release(&intro);
}

int provenance_open(struct provenance **out, const char *root, const struct soup_list *soup,
		    struct strbuf *err)
{
	static const char *const licence_files[] = { "LICENSE", "LICENSE.txt", "LICENSE.md",
						     "LICENCE", "COPYING", "COPYING.txt",
						     "NOTICE", "COPYRIGHT" };
	struct provenance *p = calloc(1, sizeof(*p));
	struct strbuf path = STRBUF_INIT;

	*out = NULL;
	if (!p || !(p->root = strdup(root))) {
		free(p);
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	strvec_init(&p->holders);
	strvec_init(&p->holders_shown);
	strvec_init(&p->paths);
	if (fp_db_load_default(&p->fp, err))
		goto fail;
	for (size_t i = 0; soup && i < soup->fingerprints.nr; i++)
		if (fp_db_load_file(p->fp, soup->fingerprints.v[i], err))
			goto fail;
	for (size_t i = 0; soup && i < soup->first_party_holders.nr; i++)
		add_holder(p, soup->first_party_holders.v[i]);
	if (soup && soup->project_name) {
		normalise_holder(soup->project_name, &path);
		p->project = strbuf_detach(&path, NULL);
	}
	for (size_t i = 0; soup && i < soup->first_party_paths.nr; i++)
		strvec_push(&p->paths, soup->first_party_paths.v[i]);
	for (size_t i = 0; i < sizeof(licence_files) / sizeof(*licence_files); i++) {
		struct notice n;
		struct strbuf e = STRBUF_INIT;

		strbuf_reset(&path);
		path_join(&path, root, licence_files[i]);
		if (access(path.buf, R_OK))
			continue;
		notice_init(&n);
		if (notice_read_license_file(path.buf, &n, &e) == 0)
			for (size_t k = 0; k < n.nr_holders; k++)
				add_holder(p, n.holders[k].text);
		notice_release(&n);
		strbuf_release(&e);
		holder_lists(p, path.buf);
	}
	strbuf_release(&path);
	*out = p;
	return 0;
fail:
	strbuf_release(&path);
	provenance_close(p);
	return -1;
}

void provenance_include_generated(struct provenance *p, bool yes)
{
	p->include_generated = yes;
}

void provenance_close(struct provenance *p)
{
	if (!p)
		return;
	fp_db_free(p->fp);
	strvec_clear(&p->holders);
	strvec_clear(&p->holders_shown);
	strvec_clear(&p->paths);
	free(p->root);
	free(p->project);
	free(p);
}

/* An SPDX expression, or NULL for anything else ("BSD 3-clause"). */
static const char *valid_license(const char *expr)
{
	struct strbuf err = STRBUF_INIT;
	bool ok = expr && spdx_expression_check(expr, &err) == 0;

	strbuf_release(&err);
	return ok ? expr : NULL;
}

/* The length of s cut to at most max bytes, on a UTF-8 character boundary. */
static size_t utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--; /* s[n] continues a character: cut before it starts */
	return n;
}

/* A parser or scanner generator's output: its notice is the generator's. */
static bool generated(const char *path)
{
	static const char *const markers[] = { "A Bison parser, made by GNU Bison",
					       "Bison implementation for Yacc-like parsers",
					       "A lexical scanner generated by flex",
					       "C code produced by gperf",
					       "This file was automatically generated by SWIG" };
	struct strbuf head = STRBUF_INIT;
	bool yes = false;

	if (strbuf_read_prefix(&head, path, 2048, NULL) == 0)
		for (size_t i = 0; i < sizeof(markers) / sizeof(*markers) && !yes; i++)
			yes = memmem(head.buf, head.len, markers[i], strlen(markers[i])) != NULL;
	strbuf_release(&head);
	return yes;
}

/*
 * An origin that names a text, not code: "the following paper", "section
 * 14.3 and the given source", "RFC 4648", "an idea by ...".
 */
static bool not_code(const char *origin)
{
	static const char *const words[] = { "following", "paper", "papers", "article", "book",
					     "algorithm", "algorithms", "idea", "ideas", "work",
					     "description", "design", "specification", "spec",
					     "rfc", "standard", "documentation", "discussion",
					     "suggestion", "suggestions", "comments", "feedback",
					     "section", "chapter", "page", "figure", "table",
					     "appendix", "previous", "earlier", "same", "this",
					     "that", "above", "below", "information", "notes",
					     "example", "examples", "pseudocode", "pseudo-code" };
	const char *p = origin;
	size_t n;

	for (;;) { /* skip articles */
		n = strcspn(p, " \t");
		if ((n == 3 && !strncasecmp(p, "the", 3)) || (n == 1 && (*p == 'a' || *p == 'A')) ||
		    (n == 2 && !strncasecmp(p, "an", 2))) {
			p += n + strspn(p + n, " \t");
			continue;
		}
		break;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strlen(words[i]) == n && !strncasecmp(p, words[i], n))
			return true;
	return false;
}

/* An origin as a component name: "libfixmath (https://...)" -> "libfixmath". */
static char *origin_name(const char *origin)
{
	struct strbuf s = STRBUF_INIT;
	const char *p = origin, *end;

	if (not_code(origin))
		return strdup("");
	if (!strncmp(p, "http://", 7) || !strncmp(p, "https://", 8)) {
		/* a bare URL: its last path component */
		const char *q = p + strcspn(p, " \t");

		while (q > p && q[-1] == '/')
			q--;
		end = q;
		while (q > p && q[-1] != '/')
			q--;
		p = q;
	} else {
		end = p + strcspn(p, "(,;:\"");
	}
	while (end > p && (isspace((unsigned char)end[-1]) || end[-1] == '.'))
		end--;
	strbuf_add(&s, p, (size_t)(end - p));
	/* "folly/CpuId.h": the project (its first folder), not its file */
	if (!strchr(s.buf, ' ') && strchr(s.buf, '/') && strncmp(s.buf, "include/", 8) &&
	    strncmp(s.buf, "src/", 4) && strncmp(s.buf, "lib/", 4)) {
		char *slash = strchr(s.buf, '/');

		*slash = '\0';
		s.len = (size_t)(slash - s.buf);
	} else if (!strchr(s.buf, ' ') && strchr(s.buf, '/')) {
		const char *b = path_basename(s.buf);
		char *copy = strdup(b);

		strbuf_reset(&s);
		if (copy)
			strbuf_addstr(&s, copy);
		free(copy);
	}
	/* "libfixmath's fix16_mul": the project, not its function */
	if (s.len > 2 && !strncmp(s.buf + s.len - 2, "'s", 2))
		s.buf[s.len -= 2] = '\0';
	else {
		char *apos = strstr(s.buf, "'s ");

		if (apos) {
			*apos = '\0';
			s.len = (size_t)(apos - s.buf);
		}
	}
	return strbuf_detach(&s, NULL);
}

static struct prov_group *group_for(struct prov_result *r, const char *key, struct strvec *keys)
{
	long k = strvec_find(keys, key);
	struct prov_group *g;

	if (k >= 0)
		return &r->groups[k];
	ALLOC_GROW(r->groups, r->nr + 1, r->alloc);
	g = &r->groups[r->nr++];
	memset(g, 0, sizeof(*g));
	strvec_init(&g->files);
	strvec_init(&g->notes);
	strvec_push(keys, key);
	return g;
}

static const char *rel_to(const struct provenance *p, const char *path)
{
	size_t n = strlen(p->root);

	return !strncmp(path, p->root, n) && path[n] == '/' ? path + n + 1 : path;
}

/* The stem of a file name: "lzmini.c" -> "lzmini". */
static char *stem(const char *path)
{
	const char *b = path_basename(path), *dot = strrchr(b, '.');

	return strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

/* Every file of the group shares its stem: that stem, else NULL. */
static char *common_stem(const struct prov_group *g)
{
	char *s = g->files.nr ? stem(g->files.v[0]) : NULL;

	for (size_t i = 1; s && i < g->files.nr; i++) {
		char *t = stem(g->files.v[i]);

		if (!t || strcmp(s, t)) {
			free(s);
			s = NULL;
		}
		free(t);
	}
	return s;
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct prov_group *)a)->name, ((const struct prov_group *)b)->name);
}

/* A fingerprint hit makes or extends the group of its component. */
/* A hit's evidence "FILE:LINE: text" without FILE: ":LINE: text". */
static const char *hit_at(const struct fp_hit *h)
{
	size_t fl = strlen(h->file);

	return strncmp(h->evidence, h->file, fl) ? h->evidence : h->evidence + fl;
}

static int add_hits(struct prov_result *res, struct strvec *keys, const char *path,
		    const char *rel, const struct fp_result *fr)
{
	for (size_t i = 0; i < fr->nr; i++) {
		const struct fp_hit *h = &fr->hits[i];
		const char *at = hit_at(h);
		struct strbuf key = STRBUF_INIT, note = STRBUF_INIT;
		struct prov_group *g;

		strbuf_addf(&key, "fp:%s", h->name);
		g = group_for(res, key.buf, keys);
		strbuf_release(&key);
		if (!g)
			return -1;
		if (!g->name) {
			g->how = PROV_FINGERPRINT;
			g->name = strdup(h->name);
			g->version = h->version ? strdup(h->version) : NULL;
			g->supplier = h->supplier ? strdup(h->supplier) : NULL;
			g->license = valid_license(h->license) ? strdup(h->license) : NULL;
			g->purl = h->purl ? strdup(h->purl) : NULL;
			g->cpe = h->cpe ? strdup(h->cpe) : NULL;
		}
		if (!g->why) { /* "REL:LINE: text" */
			struct strbuf why = STRBUF_INIT;

			strbuf_addf(&why, "%s%s", rel, at);
			g->why = strbuf_detach(&why, NULL);
		}
		strvec_push(&g->files, path);
		strbuf_addf(&note, "line %s (%s fingerprint, %zu pattern%s)", at + (*at == ':'),
			    h->name, h->patterns_hit, h->patterns_hit == 1 ? "" : "s");
		strvec_push(&g->notes, note.buf);
		strbuf_release(&note);
	}
	return 0;
}

/* The license a notice states: its SPDX tag, else what its wording says. */
static const char *notice_license(const struct notice *n)
{
	const char *tag = n->nr_spdx ? valid_license(n->spdx[0].text) : NULL;

	return tag ? tag : valid_license(n->license);
}

int provenance_analyse(struct provenance *p, const struct strvec *files, struct prov_result *res,
		       struct strvec *skipped, struct strbuf *err)
{
	struct notice *notices = calloc(files->nr + 1, sizeof(*notices));
	bool *read_ok = calloc(files->nr + 1, sizeof(*read_ok));
	struct fp_result *hits = calloc(files->nr + 1, sizeof(*hits));
	bool *has_hits = calloc(files->nr + 1, sizeof(*has_hits));
	struct strvec keys = STRVEC_INIT, counted = STRVEC_INIT, shown = STRVEC_INIT;
	size_t *counts = NULL, with_holder = 0, holders_read = 0;
	bool *spread = NULL; /* per holder counted: seen in more than one folder */
	struct strvec first_dir = STRVEC_INIT;
	struct strbuf dir = STRBUF_INIT;
	int ret = -1;

	if (!notices || !read_ok || !hits || !has_hits)
		goto oom;
	for (size_t i = 0; i < p->holders_shown.nr; i++)
		strvec_push(&res->first_party, p->holders_shown.v[i]);
	/* 1. fingerprints, and every notice */
	for (size_t i = 0; i < files->nr; i++) {
		const char *path = files->v[i];
		const char *rel = rel_to(p, path);
		struct fp_result fr;
		struct strbuf e = STRBUF_INIT;
		bool own = false;
		int rc;

		notice_init(&notices[i]);
		for (size_t k = 0; k < p->paths.nr && !own; k++)
			own = pathglob_match(p->paths.v[k], p->paths.v[k][0] == '/' ? path : rel);
		if (own || (!p->include_generated && generated(path)))
			continue;
		fp_result_init(&fr);
		rc = fp_scan_file(p->fp, path, &fr, &e);
		if (rc == 0 && fr.nr) {
			/* a known component: decided once the project's holders are known */
			hits[i] = fr;
			has_hits[i] = true;
		} else {
			fp_result_release(&fr);
		}
		if (rc < 0 || notice_read_file(path, &notices[i], &e) < 0) {
			strvec_push(skipped, path);
			strbuf_release(&e);
			continue;
		}
		strbuf_release(&e);
		read_ok[i] = true;
	}
	/* 2. holders that dominate the files are the project's too */
	/* at most one slot per holder read */
	for (size_t i = 0; i < files->nr; i++)
		holders_read += read_ok[i] ? notices[i].nr_holders : 0;
	counts = calloc(holders_read + 1, sizeof(*counts));
	spread = calloc(holders_read + 1, sizeof(*spread));
	if (!counts || !spread)
		goto oom;
	for (size_t i = 0; i < files->nr; i++) {
		struct strbuf n = STRBUF_INIT;

		if (!read_ok[i] || !notices[i].nr_holders)
			continue;
		with_holder++;
		for (size_t k = 0; k < notices[i].nr_holders; k++) {
			long j;

			normalise_holder(notices[i].holders[k].text, &n);
			if (!n.len)
				continue;
			if ((j = strvec_find(&counted, n.buf)) < 0) {
				strvec_push(&counted, n.buf);
				strvec_push(&shown, notices[i].holders[k].text);
				strbuf_reset(&dir);
				strbuf_add(&dir, files->v[i],
					   (size_t)(path_basename(files->v[i]) - files->v[i]));
				strvec_push(&first_dir, dir.buf);
				j = (long)counted.nr - 1;
			}
			counts[j]++;
			if (!spread[j] && (strncmp(files->v[i], first_dir.v[j], strlen(first_dir.v[j])) ||
					   strchr(files->v[i] + strlen(first_dir.v[j]), '/')))
				spread[j] = true;
		}
		strbuf_release(&n);
	}
	/* spread over the project (a copied library sits in one folder) */
	for (size_t j = 0; j < counted.nr; j++)
		if (counts[j] >= 3 && counts[j] * 3 >= with_holder && spread[j] &&
		    !is_first_party_holder(p, shown.v[j])) {
			add_holder(p, shown.v[j]);
			strvec_push(&res->first_party, shown.v[j]);
		}
	/* 3. known components, unless the project is that component */
	for (size_t i = 0; i < files->nr; i++) {
		bool own = false;

		if (!has_hits[i])
			continue;
		/* the project is that component: its name, or its purl's name */
		for (size_t k = 0; !own && p->project && k < hits[i].nr; k++) {
			const struct fp_hit *h = &hits[i].hits[k];
			struct strbuf n = STRBUF_INIT;

			normalise_holder(h->name, &n);
			own = !strcmp(n.buf, p->project);
			if (!own && h->purl && strchr(h->purl, '/')) {
				const char *b = strrchr(h->purl, '/') + 1;

				strbuf_reset(&n);
				strbuf_add(&n, b, strcspn(b, "@?#"));
				own = !strcasecmp(n.buf, p->project);
			}
			strbuf_release(&n);
		}
		read_ok[i] = false; /* a known component's notice is no news */
		if (!own && add_hits(res, &keys, files->v[i], rel_to(p, files->v[i]), &hits[i]))
			goto oom;
	}
	/* 4. what is someone else's: an origin, or a holder not the project's */
	for (size_t i = 0; i < files->nr; i++) {
		const struct notice *n = &notices[i];
		const char *path = files->v[i], *foreign = NULL, *license;
		struct strbuf key = STRBUF_INIT, note = STRBUF_INIT, folder = STRBUF_INIT;
		struct prov_group *g;
		char *origin = NULL;
		size_t line = 0;

		if (!read_ok[i])
			continue;
		license = notice_license(n);
		/*
		 * Whose file: its first holder's. A project file lists its
		 * contributors after the project's own holder; a copy lists
		 * the original author first.
		 */
		if (n->nr_holders && !is_first_party_holder(p, n->holders[0].text))
			foreign = n->holders[0].text, line = n->holders[0].line;
		/* a public-domain dedication names its author, not a holder */
		for (size_t k = 0; !n->nr_holders && k < n->nr_authors && !foreign; k++)
			if (!is_first_party_holder(p, n->authors[k].text))
				foreign = n->authors[k].text, line = n->authors[k].line;
		if (n->nr_origins)
			origin = origin_name(n->origins[0].text);
		if (origin && *origin && p->project) {
			/* "This file is part of widget": the project itself */
			struct strbuf on = STRBUF_INIT;

			normalise_holder(origin, &on);
			if (!strcmp(on.buf, p->project))
				origin[0] = '\0';
			strbuf_release(&on);
		}
		if ((!origin || !*origin) && !foreign) {
			free(origin);
			continue;
		}
		strbuf_add(&folder, path, (size_t)(path_basename(path) - path));
		if (origin && *origin) {
			struct strbuf lower = STRBUF_INIT;

			for (const char *c = origin; *c; c++)
				strbuf_addch(&lower, (char)tolower((unsigned char)*c));
			strbuf_addf(&key, "origin:%s", lower.buf);
			strbuf_release(&lower);
			line = n->origins[0].line;
			strbuf_addf(&note, "line %zu: origin \"%s\"", line, n->origins[0].text);
		} else {
			struct strbuf h = STRBUF_INIT;

			normalise_holder(foreign, &h);
			strbuf_addf(&key, "holder:%s:%s", folder.buf, h.buf);
			strbuf_release(&h);
			strbuf_addf(&note, "line %zu: %s", line,
				    n->nr_copyrights ? n->copyrights[0].text : foreign);
		}
		g = group_for(res, key.buf, &keys);
		if (g && !g->why) {
			struct strbuf why = STRBUF_INIT;

			g->how = PROV_NOTICE;
			g->name = origin && *origin ? strdup(origin) : NULL;
			if (foreign && !strncasecmp(foreign, "by ", 3))
				foreign += 3; /* "Copyright (c) 1996 by Internet Software Consortium" */
			g->supplier = foreign ? strdup(foreign) : NULL;
			g->license = license ? strdup(license) : NULL;
			if (origin && *origin)
				strbuf_addf(&why, "%s:%zu: origin \"%.*s\"", rel_to(p, path), line,
					    (int)utf8_prefix(n->origins[0].text, 100),
					    n->origins[0].text);
			else
				strbuf_addf(&why, "%s:%zu: %s", rel_to(p, path), line,
					    n->nr_copyrights ? n->copyrights[0].text : foreign);
			g->why = strbuf_detach(&why, NULL);
		} else if (g && !g->license && license) {
			g->license = strdup(license);
		}
		if (g) {
			strvec_push(&g->files, path);
			strvec_push(&g->notes, note.buf);
		}
		free(origin);
		strbuf_release(&key);
		strbuf_release(&note);
		strbuf_release(&folder);
		if (!g)
			goto oom;
	}
	/* names of holder groups: the files' common stem, else the holder */
	for (size_t i = 0; i < res->nr; i++) {
		struct prov_group *g = &res->groups[i];

		if (!g->name)
			g->name = common_stem(g);
		if (!g->name)
			g->name = strdup(g->supplier ? g->supplier : "unknown");
	}
	if (res->nr)
		qsort(res->groups, res->nr, sizeof(*res->groups), cmp_group);
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory");
out:
	for (size_t i = 0; notices && i < files->nr; i++)
		notice_release(&notices[i]);
	free(notices);
	free(read_ok);
	for (size_t i = 0; hits && i < files->nr; i++)
		if (has_hits[i])
			fp_result_release(&hits[i]);
	free(hits);
	free(has_hits);
	free(counts);
	free(spread);
	strvec_clear(&first_dir);
	strbuf_release(&dir);
	strvec_clear(&keys);
	strvec_clear(&counted);
	strvec_clear(&shown);
	return ret;
}

int provenance_version(struct provenance *p, const char *path, char **version, char **why,
		       struct strbuf *err)
{
	struct fp_result fr;
	int ret = 1;

	*version = *why = NULL;
	fp_result_init(&fr);
	if (fp_scan_file(p->fp, path, &fr, err)) {
		fp_result_release(&fr);
		return -1;
	}
	for (size_t i = 0; i < fr.nr && ret == 1; i++) {
		const struct fp_hit *h = &fr.hits[i];
		struct strbuf w = STRBUF_INIT;

		if (!h->version)
			continue;
		strbuf_addf(&w, "%s%s (%s fingerprint)", rel_to(p, h->file), hit_at(h), h->name);
		*version = strdup(h->version);
		*why = strbuf_detach(&w, NULL);
		ret = *version && *why ? 0 : -1;
	}
	fp_result_release(&fr);
	return ret;
}
