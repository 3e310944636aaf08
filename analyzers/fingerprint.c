/* SPDX-License-Identifier: Apache-2.0 */
/* Fingerprints (fingerprint.h): the database, results, and the matcher that scans files. */
#include "fingerprint.h"
#include "fingerprint_internal.h"

#include <errno.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "pathutil.h"

#include "banned.h"

/* ---------------------------------------------------------------- the database */

static void pattern_release(struct fp_pattern *p)
{
	if (p->compiled)
		regfree(&p->re);
	free(p->literal);
}

static void component_release(struct fp_component *c)
{
	free(c->name);
	free(c->supplier);
	free(c->license);
	free(c->purl);
	free(c->cpe);
	strvec_clear(&c->file_names);
}

/* Drop components and patterns beyond the given counts (undo a failed load). */
void fpi_db_truncate(struct fp_db *db, size_t nr_comp, size_t nr_pat)
{
	while (db->nr_pat > nr_pat)
		pattern_release(&db->pat[--db->nr_pat]);
	while (db->nr_comp > nr_comp)
		component_release(&db->comp[--db->nr_comp]);
}

void fp_db_free(struct fp_db *db)
{
	if (!db)
		return;
	fpi_db_truncate(db, 0, 0);
	free(db->comp);
	free(db->pat);
	free(db);
}

int fp_db_new(struct fp_db **out, struct strbuf *err)
{
	struct fp_db *db = calloc(1, sizeof(*db));

	*out = NULL;
	if (!db) {
		if (err)
			strbuf_addstr(err, "fingerprints: out of memory");
		return -1;
	}
	memset(db->chain, 0xff, sizeof(db->chain)); /* every head -1 */
	*out = db;
	return 0;
}

size_t fp_db_count(const struct fp_db *db)
{
	return db ? db->nr_comp : 0;
}

const char *fp_db_name(const struct fp_db *db, size_t i)
{
	return db && i < db->nr_comp ? db->comp[i].name : NULL;
}

/* Rebuild the prefilter from every pattern (after a load). */
void fpi_db_index(struct fp_db *db)
{
	size_t i;

	memset(db->bitmap, 0, sizeof(db->bitmap));
	memset(db->chain, 0xff, sizeof(db->chain));
	/* backwards, so that each chain lists its patterns in database order */
	for (i = db->nr_pat; i-- > 0;) {
		struct fp_pattern *p = &db->pat[i];

		db->bitmap[p->hash / 64] |= (uint64_t)1 << (p->hash % 64);
		p->chain_next = db->chain[p->hash >> (HASH_BITS - CHAIN_BITS)];
		db->chain[p->hash >> (HASH_BITS - CHAIN_BITS)] = (int)i;
	}
}

/* ---------------------------------------------------------------- results */

void fp_result_init(struct fp_result *res)
{
	memset(res, 0, sizeof(*res));
}

static void hit_release(struct fp_hit *h)
{
	free(h->version);
	free(h->purl);
	free(h->cpe);
	free(h->file);
	free(h->evidence);
	strvec_clear(&h->matches);
}

void fp_result_release(struct fp_result *res)
{
	size_t i;

	for (i = 0; i < res->nr; i++)
		hit_release(&res->hits[i]);
	free(res->hits);
	fp_result_init(res);
}

/* ---------------------------------------------------------------- scanning */

/* What one pattern found in one file. */
struct pstate {
	bool hit;
	bool conflict;	  /* two different versions */
	size_t line;	  /* of the first hit */
	size_t last_line; /* last line the regex ran on, to run it once per line */
	char *text;	  /* the first hit's line, cleaned */
	char *version;	  /* the first valid version captured */
};

struct scan {
	const struct fp_db *db;
	const char *name;
	const char *data;
	size_t len;
	struct pstate *ps;
	bool *active; /* per component: its file name condition holds */
	/* line tracking: lines up to pos counted */
	size_t pos, line, line_start;
	char buf[FP_MAX_LINE + 1];
	bool oom;
};

/* The cleaned evidence text of a line: trimmed, bounded, control bytes as '?'. */
static char *clean_line(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	bool cut = false;

	while (n && (*s == ' ' || *s == '\t' || *s == '\f' || *s == '\v'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\f' || s[n - 1] == '\v' ||
		     s[n - 1] == '\r'))
		n--;
	if (n > FP_MAX_EVIDENCE) {
		n = FP_MAX_EVIDENCE;
		/* do not cut a UTF-8 sequence: back off over continuation bytes */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = true;
	}
	if (strbuf_grow(&sb, n + 4))
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		strbuf_addch(&sb, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	if (cut)
		strbuf_addstr(&sb, "...");
	return strbuf_detach(&sb, NULL);
}

static bool valid_version(const char *s, size_t n)
{
	size_t i;

	if (!n || n > MAX_VERSION_LEN || !ascii_is_digit(s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!ascii_is_alnum(s[i]) && !strchr(".+~_-", s[i]))
			return false;
	return true;
}

/* Advance the line count to pos (monotonic). */
static void advance(struct scan *sc, size_t pos)
{
	const char *p = sc->data + sc->pos, *e = sc->data + pos;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));

		if (!nl)
			break;
		sc->line++;
		sc->line_start = (size_t)(nl - sc->data) + 1;
		p = nl + 1;
	}
	sc->pos = pos;
}

/* The literal of pattern pi is at pos: run its regex on the line. */
static void try_pattern(struct scan *sc, size_t pi, size_t pos)
{
	const struct fp_pattern *p = &sc->db->pat[pi];
	struct pstate *st = &sc->ps[pi];
	regmatch_t m[MAX_GROUPS + 1];
	const char *ls, *nl;
	size_t n;

	if (!sc->active[p->comp])
		return;
	if (st->hit && !p->vgroup)
		return; /* nothing more to learn */
	advance(sc, pos);
	if (st->last_line == sc->line)
		return;
	st->last_line = sc->line;
	if (pos + p->litlen - sc->line_start > FP_MAX_LINE)
		return; /* beyond the part of the line a regex sees */
	ls = sc->data + sc->line_start;
	n = sc->len - sc->line_start;
	if (n > FP_MAX_LINE)
		n = FP_MAX_LINE;
	nl = memchr(ls, '\n', n);
	if (nl)
		n = (size_t)(nl - ls);
	if (n && ls[n - 1] == '\r')
		n--;
	if (memchr(ls, '\0', n))
		return;
	memcpy(sc->buf, ls, n);
	sc->buf[n] = '\0';
	if (regexec(&p->re, sc->buf, p->vgroup ? (size_t)p->vgroup + 1 : 0, m, 0))
		return;
	if (!st->hit) {
		st->hit = true;
		st->line = sc->line;
		st->text = clean_line(ls, n);
		if (!st->text)
			sc->oom = true;
	}
	if (p->vgroup && m[p->vgroup].rm_so >= 0) {
		const char *v = sc->buf + m[p->vgroup].rm_so;
		size_t vn = (size_t)(m[p->vgroup].rm_eo - m[p->vgroup].rm_so);

		if (!valid_version(v, vn))
			return;
		if (!st->version) {
			st->version = strndup(v, vn);
			if (!st->version)
				sc->oom = true;
		} else if (strlen(st->version) != vn || memcmp(st->version, v, vn)) {
			st->conflict = true;
		}
	}
}

static void find_literals(struct scan *sc)
{
	const struct fp_db *db = sc->db;
	const char *d = sc->data;
	size_t i, len = sc->len;

	if (len < FP_MIN_LITERAL)
		return;
	for (i = 0; i + FP_MIN_LITERAL <= len && !sc->oom; i++) {
		uint32_t h = hash4(d + i);
		int pi;

		if (!(db->bitmap[h / 64] & ((uint64_t)1 << (h % 64))))
			continue;
		for (pi = db->chain[h >> (HASH_BITS - CHAIN_BITS)]; pi >= 0;
		     pi = db->pat[pi].chain_next) {
			const struct fp_pattern *p = &db->pat[pi];

			if (p->hash == h && p->litlen <= len - i &&
			    !memcmp(d + i, p->literal, p->litlen))
				try_pattern(sc, (size_t)pi, i);
		}
	}
}

/* Numeric versions agree when equal once trailing ".0" are dropped. */
static bool versions_agree(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na > 2 && a[na - 1] == '0' && a[na - 2] == '.')
		na -= 2;
	while (nb > 2 && b[nb - 1] == '0' && b[nb - 2] == '.')
		nb -= 2;
	return na == nb && !memcmp(a, b, na);
}

/* CPE 2.3 formatted string: quote everything but letters, digits, '.', '-', '_'. */
static int add_cpe_value(struct strbuf *sb, const char *v)
{
	for (; *v; v++) {
		if (!ascii_is_alnum(*v) && *v != '.' && *v != '-' && *v != '_' &&
		    strbuf_addch(sb, '\\'))
			return -1;
		if (strbuf_addch(sb, *v))
			return -1;
	}
	return 0;
}

/* purl version: percent-encode what is not unreserved. */
static int add_purl_value(struct strbuf *sb, const char *v)
{
	for (; *v; v++) {
		int r = ascii_is_alnum(*v) || strchr(".-_~", *v)
				? strbuf_addch(sb, *v)
				: strbuf_addf(sb, "%%%02X", (unsigned char)*v);
		if (r)
			return -1;
	}
	return 0;
}

/* Fill a template's {version}; *out NULL when tmpl is NULL or needs a missing version. */
static int fill_template(const char *tmpl, const char *version, bool purl, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = tmpl, *v;

	*out = NULL;
	if (!tmpl)
		return 0;
	while ((v = strstr(p, "{version}"))) {
		size_t pre = (size_t)(v - p);

		if (!version) {
			if (!purl) {
				strbuf_release(&sb);
				return 0;
			}
			/* a purl without a version is still an identity */
			if (pre && p[pre - 1] == '@')
				pre--;
		}
		if (strbuf_add(&sb, p, pre))
			goto nomem;
		if (version && (purl ? add_purl_value(&sb, version) : add_cpe_value(&sb, version)))
			goto nomem;
		p = v + strlen("{version}");
	}
	if (strbuf_addstr(&sb, p))
		goto nomem;
	*out = strbuf_detach(&sb, NULL);
	return 0;
nomem:
	strbuf_release(&sb);
	return -1;
}

static int add_match(struct fp_hit *h, const char *name, size_t line, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_addf(&sb, "%s:%zu: %s", name, line, text))
		return -1;
	return strvec_push_nodup(&h->matches, strbuf_detach(&sb, NULL));
}

/* Decide component ci and append its hit: 0, -1 out of memory. */
static int conclude(struct scan *sc, size_t ci, struct fp_result *res)
{
	const struct fp_component *c = &sc->db->comp[ci];
	const struct pstate *ps = sc->ps + c->first;
	size_t np = c->nr_patterns - c->nr_parts, i, hits = 0, evi = SIZE_MAX, vsrc = SIZE_MAX;
	bool parts_hit = c->nr_parts > 0, sufficient = false, conflict = false;
	struct strbuf ver = STRBUF_INIT;
	struct fp_hit *h;

	for (i = 0; i < np; i++) {
		const struct fp_pattern *p = &sc->db->pat[c->first + i];

		if (p->required && !ps[i].hit)
			return 0;
		if (ps[i].hit) {
			hits++;
			sufficient |= p->sufficient;
			if (evi == SIZE_MAX)
				evi = i;
		}
	}
	for (i = np; i < c->nr_patterns; i++)
		parts_hit &= ps[i].hit;
	if (parts_hit)
		hits++;
	if (hits < c->require && !sufficient)
		return 0;

	/* the version: every source that states one must agree */
	for (i = 0; i < np; i++) {
		if (!ps[i].hit || !sc->db->pat[c->first + i].vgroup)
			continue;
		conflict |= ps[i].conflict;
		if (!ps[i].version)
			continue;
		if (vsrc == SIZE_MAX) {
			vsrc = i;
			if (strbuf_addstr(&ver, ps[i].version))
				goto nomem;
		} else if (!versions_agree(ver.buf, ps[i].version)) {
			conflict = true;
		}
	}
	if (parts_hit) {
		struct strbuf pv = STRBUF_INIT;
		bool ok = true;

		for (i = np; i < c->nr_patterns; i++) {
			conflict |= ps[i].conflict;
			ok &= ps[i].version != NULL;
			if (ok && strbuf_addf(&pv, "%s%s", i > np ? "." : "", ps[i].version)) {
				strbuf_release(&pv);
				goto nomem;
			}
		}
		if (ok && pv.len <= MAX_VERSION_LEN) {
			if (vsrc == SIZE_MAX) {
				vsrc = np;
				if (strbuf_add(&ver, pv.buf, pv.len)) {
					strbuf_release(&pv);
					goto nomem;
				}
			} else if (!versions_agree(ver.buf, pv.buf)) {
				conflict = true;
			}
		}
		strbuf_release(&pv);
	}
	if (conflict)
		vsrc = SIZE_MAX;
	if (vsrc != SIZE_MAX)
		evi = vsrc;
	else if (evi == SIZE_MAX)
		evi = np; /* only the version parts hit */

	if (res->nr == res->alloc) {
		size_t na = res->alloc ? res->alloc * 2 : 4;
		struct fp_hit *nh = realloc(res->hits, na * sizeof(*nh));

		if (!nh)
			goto nomem;
		res->hits = nh;
		res->alloc = na;
	}
	h = &res->hits[res->nr];
	memset(h, 0, sizeof(*h));
	strvec_init(&h->matches);
	h->name = c->name;
	h->supplier = c->supplier;
	h->license = c->license;
	h->patterns_hit = hits;
	h->line = ps[evi].line;
	if (vsrc != SIZE_MAX && !(h->version = strbuf_detach(&ver, NULL)))
		goto nomem_hit;
	if (!(h->file = strdup(sc->name)))
		goto nomem_hit;
	if (fill_template(c->purl, h->version, true, &h->purl) ||
	    fill_template(c->cpe, h->version, false, &h->cpe))
		goto nomem_hit;
	{
		struct strbuf ev = STRBUF_INIT;

		if (strbuf_addf(&ev, "%s:%zu: %s", sc->name, ps[evi].line,
				ps[evi].text ? ps[evi].text : ""))
			goto nomem_hit;
		h->evidence = strbuf_detach(&ev, NULL);
	}
	for (i = 0; i < c->nr_patterns; i++)
		if (ps[i].hit && add_match(h, sc->name, ps[i].line, ps[i].text ? ps[i].text : ""))
			goto nomem_hit;
	res->nr++;
	strbuf_release(&ver);
	return 0;
nomem_hit:
	hit_release(h);
nomem:
	strbuf_release(&ver);
	return -1;
}

int fp_scan_buffer(const struct fp_db *db, const char *name, const char *data, size_t len,
		   struct fp_result *res, struct strbuf *err)
{
	struct scan *sc;
	const char *base = path_basename(name);
	size_t i, j;
	int ret = -1;

	sc = malloc(sizeof(*sc)); /* all but the line buffer zeroed: files come by thousands */
	if (!sc)
		goto nomem;
	memset(sc, 0, offsetof(struct scan, buf));
	sc->buf[0] = '\0';
	sc->oom = false;
	sc->db = db;
	sc->name = name;
	sc->data = data;
	sc->len = len < FP_MAX_SCAN_SIZE ? len : FP_MAX_SCAN_SIZE;
	sc->line = 1;
	sc->ps = calloc(db->nr_pat ? db->nr_pat : 1, sizeof(*sc->ps));
	sc->active = calloc(db->nr_comp ? db->nr_comp : 1, sizeof(*sc->active));
	if (!sc->ps || !sc->active)
		goto nomem;
	for (i = 0; i < db->nr_comp; i++) {
		const struct fp_component *c = &db->comp[i];

		sc->active[i] = !c->file_names.nr;
		for (j = 0; j < c->file_names.nr && !sc->active[i]; j++)
			sc->active[i] = !fnmatch(c->file_names.v[j], base, 0);
	}
	find_literals(sc);
	if (sc->oom)
		goto nomem;
	for (i = 0; i < db->nr_comp; i++)
		if (sc->active[i] && conclude(sc, i, res))
			goto nomem;
	ret = 0;
	goto cleanup;
nomem:
	if (err)
		strbuf_addf(err, "%s: out of memory", name);
cleanup:
	if (sc && sc->ps) {
		for (i = 0; i < db->nr_pat; i++) {
			free(sc->ps[i].text);
			free(sc->ps[i].version);
		}
	}
	if (sc) {
		free(sc->ps);
		free(sc->active);
	}
	free(sc);
	return ret;
}

int fp_scan_file(const struct fp_db *db, const char *path, struct fp_result *res,
		 struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT;
	int ret = -1;

	if (strbuf_read_prefix(&data, path, FP_MAX_SCAN_SIZE, err) == 0)
		ret = fp_scan_buffer(db, path, data.buf, data.len, res, err);
	strbuf_release(&data);
	return ret;
}
