/* SPDX-License-Identifier: Apache-2.0 */
/* Components against OSV records (audit.h). */
#include "audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "ascii.h"
#include "dwarf_sources.h"
#include "pathutil.h"
#include "pkgdb.h"
#include "strbuf.h"
#include "banned.h"

const char *audit_status_name(enum audit_status s)
{
	switch (s) {
	case AUDIT_AFFECTED:
		return "affected";
	case AUDIT_NOT_AFFECTED:
		return "not-affected";
	case AUDIT_FIXED:
		return "fixed";
	case AUDIT_UNMATCHABLE:
		return "cannot-be-matched";
	}
	return "?";
}

void audit_init(struct audit *au)
{
	memset(au, 0, sizeof(*au));
}

void audit_release(struct audit *au)
{
	for (size_t i = 0; i < au->nr; i++) {
		free(au->r[i].fixed_in);
		free(au->r[i].why);
	}
	free(au->r);
	for (size_t i = 0; i < au->nr_absent; i++) {
		free(au->absent[i]->artifact);
		free(au->absent[i]->name);
		free(au->absent[i]->purl_found);
		free(au->absent[i]);
	}
	free(au->absent);
	audit_init(au);
}

int audit_rank(const char *rating)
{
	static const char *const order[] = { "none", "low", "medium", "high", "critical" };

	for (int i = 0; i < 5; i++)
		if (!strcmp(rating, order[i]))
			return i;
	return 4; /* unknown: not shown to be lower */
}

/* The rating a severity word stands for ("moderate" is medium), or NULL. */
static const char *word_rating(const char *word)
{
	static const struct {
		const char *word, *rating;
	} words[] = { { "low", "low" },
		      { "moderate", "medium" },
		      { "medium", "medium" },
		      { "high", "high" },
		      { "important", "high" },
		      { "critical", "critical" },
		      /* the Debian Security Tracker's urgency: not a security risk in Debian */
		      { "unimportant", "low" } };

	for (size_t i = 0; word && i < sizeof(words) / sizeof(*words); i++)
		if (!strcasecmp(word, words[i].word))
			return words[i].rating;
	return NULL;
}

/* The record's severity: its CVSS v3 vector's score, else its own word. */
static void severity(const struct osv_vuln *v, int *score, const char **rating)
{
	const char *w = v ? word_rating(v->severity) : NULL;

	*score = v ? osv_cvss3_score(v->cvss) : -1;
	*rating = *score >= 0 ? osv_rating(*score) : w ? w : "unknown";
}

__attribute__((format(printf, 6, 7))) static void add(struct audit *au,
						      const struct check_component *c,
						      const char *version, const struct osv_vuln *v,
						      enum audit_status st, const char *fmt, ...)
{
	struct audit_result *r;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	ALLOC_GROW(au->r, au->nr + 1, au->alloc);
	r = &au->r[au->nr++];
	memset(r, 0, sizeof(*r));
	r->comp = c;
	r->version = version;
	r->vuln = v;
	r->status = st;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->why = strbuf_detach(&sb, NULL);
	severity(v, &r->score, &r->rating);
	au->affected += st == AUDIT_AFFECTED;
	au->not_affected += st == AUDIT_NOT_AFFECTED;
	au->fixed += st == AUDIT_FIXED;
	au->unmatchable += st == AUDIT_UNMATCHABLE;
}

static bool is_debian(const char *eco)
{
	return eco && (!strcmp(eco, "Debian") || !strncmp(eco, "Debian:", 7));
}

/* "pkg:type/ns/name" of a purl: without version, qualifiers, subpath. */
static size_t purl_base(const char *p)
{
	return strcspn(p, "@?#");
}

/*
 * The upstream repository of a component: soup.json's "repository", else
 * the one a pkg:github/, pkg:gitlab/ or pkg:bitbucket/ purl names; NULL
 * when neither. In sb.
 */
static const char *component_repo(const struct check_component *c, struct strbuf *sb)
{
	static const struct {
		const char *type, *host;
	} hosts[] = { { "pkg:github/", "github.com" },
		      { "pkg:gitlab/", "gitlab.com" },
		      { "pkg:bitbucket/", "bitbucket.org" } };

	strbuf_reset(sb);
	if (c->repository_declared) {
		strbuf_addstr(sb, c->repository_declared);
		return sb->buf;
	}
	for (size_t i = 0; c->purl_found && i < sizeof(hosts) / sizeof(*hosts); i++) {
		size_t n = strlen(hosts[i].type);

		if (!strncasecmp(c->purl_found, hosts[i].type, n)) {
			strbuf_addf(sb, "https://%s/%.*s", hosts[i].host,
				    (int)(purl_base(c->purl_found) - n), c->purl_found + n);
			return sb->buf;
		}
	}
	return NULL;
}

enum naming {
	NAMES_NOT,	/* another component */
	NAMES_IT,	/* by name or purl, or by repository with no package named */
	NAMES_REPO_ONLY /* by repository, but the entry names another package */
};

/*
 * Whether the affected entry is about the component: by name, by purl
 * (without version and qualifiers), or by the repository a GIT range names
 * (OSV's GIT records often name no package at all). An entry that names a
 * package (say PyPI's grpcio) and shares only the repository with the
 * component is NAMES_REPO_ONLY: its versions are that package's, not the
 * component's, so only its GIT ranges may be used.
 */
static enum naming names_component(const struct osv_affected *a, const struct check_component *c)
{
	struct strbuf repo = STRBUF_INIT;
	bool same = false;

	if (a->name && c->name && !strcasecmp(a->name, c->name))
		return NAMES_IT;
	if (a->purl && c->purl_found) {
		size_t n = purl_base(a->purl);

		if (n == purl_base(c->purl_found) && !strncmp(a->purl, c->purl_found, n))
			return NAMES_IT;
	}
	if (component_repo(c, &repo))
		for (size_t r = 0; !same && r < a->nr_ranges; r++)
			same = a->ranges[r].repo && osv_same_repo(a->ranges[r].repo, repo.buf);
	strbuf_release(&repo);
	if (!same)
		return NAMES_NOT;
	return a->name || a->purl ? NAMES_REPO_ONLY : NAMES_IT;
}

/* Whether the ids name the same vulnerability: v's id or one of its aliases is id. */
static bool same_vuln(const struct osv_vuln *v, const char *id)
{
	if (!strcmp(v->id, id))
		return true;
	for (size_t i = 0; i < v->aliases.nr; i++)
		if (!strcmp(v->aliases.v[i], id))
			return true;
	return false;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* The unit's primary source as a path: comp_dir joined, normalised. */
static void unit_path(const struct dwarf_cu *cu, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (cu->comp_dir && cu->name[0] != '/')
		path_join(sb, cu->comp_dir, cu->name);
	else
		strbuf_addstr(sb, cu->name);
	path_normalize(sb->buf);
	sb->len = strlen(sb->buf);
}

/* Whether a and b are the same path, or one ends with the other at a '/'. */
static bool same_source(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	const char *longer = la >= lb ? a : b, *shorter = la >= lb ? b : a;
	size_t d = la >= lb ? la - lb : lb - la;

	return !strcmp(longer + d, shorter) && (!d || longer[d - 1] == '/');
}

/*
 * The flaw's functions (programRoutines) and none of them with code in the
 * artifact: 1 with the evidence in why. 0 with the reason in note when
 * that cannot be shown: the artifact's DWARF must be readable, describe
 * every compiled source of c as a unit, and leave no function unread (no
 * split DWARF, no name in a dwz file); then no function with code and no
 * inlined instance may have one of the names.
 */
static int routines_absent(const struct osv_cve_files *cf, const struct check_component *c,
			   const char *const *sources, size_t nr_sources, struct strbuf *why,
			   struct strbuf *note)
{
	struct dwarf_options opt = { .routines = (const char *const *)cf->routines.v,
				     .nr_routines = cf->routines.nr };
	struct dwarf_sources ds = DWARF_SOURCES_INIT;
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	size_t s, u, r;
	int res = 0;

	strbuf_addf(note,
		    "; the functions it lies in (programRoutines of %s) were not looked for: ",
		    cf->file);
	for (r = 0; r < cf->routines.nr; r++)
		if (!dwarf_routine_comparable(cf->routines.v[r])) {
			strbuf_addf(note, "\"%s\" is not a function name souptrace compares",
				    cf->routines.v[r]);
			goto out;
		}
	for (s = 0; s < nr_sources; s++) {
		const char *ext = strrchr(base_name(sources[s]), '.');

		if (ext && (!strcmp(ext, ".s") || !strcmp(ext, ".S"))) {
			strbuf_addf(note, "%s is assembly, whose functions DWARF need not describe",
				    sources[s]);
			goto out;
		}
	}
	switch (dwarf_sources_read(c->artifact, &opt, &ds, &err)) {
	case 1:
		strbuf_addf(note, "%s has no DWARF (build with -g, or keep its debug file)",
			    c->artifact);
		goto out;
	case -1:
		strbuf_addf(note, "%s", err.buf);
		goto out;
	}
	/* a dwz string that could not be read, a .dwo: a name may be missing */
	if (ds.warnings.nr) {
		strbuf_addstr(note, ds.warnings.v[0]);
		goto out;
	}
	if (ds.nr_unwalked || ds.nr_nameless) {
		strbuf_addf(note,
			    "%s's DWARF leaves %zu unit%s and %zu function name%s unread (split "
			    "DWARF, dwz)",
			    c->artifact, ds.nr_unwalked, ds.nr_unwalked == 1 ? "" : "s",
			    ds.nr_nameless, ds.nr_nameless == 1 ? "" : "s");
		goto out;
	}
	for (s = 0; s < nr_sources; s++) {
		for (u = 0; u < ds.nr_cus; u++) {
			if (!ds.cus[u].name)
				continue;
			unit_path(&ds.cus[u], &sb);
			if (same_source(sb.buf, sources[s]))
				break;
		}
		if (u == ds.nr_cus) {
			strbuf_addf(note, "%s's DWARF has no unit for %s", c->artifact, sources[s]);
			goto out;
		}
	}
	for (r = 0; r < cf->routines.nr; r++)
		if (ds.routine_cu[r] != SIZE_MAX || ds.routine_symbol[r]) {
			strbuf_reset(note);
			strbuf_addf(note, "; %s has code of %s (programRoutines of %s), ",
				    c->artifact, cf->routines.v[r], cf->file);
			if (ds.routine_cu[r] == SIZE_MAX)
				strbuf_addstr(note, "a symbol of that name");
			else
				strbuf_addf(note, "in the unit %s",
					    ds.cus[ds.routine_cu[r]].name
						    ? ds.cus[ds.routine_cu[r]].name
						    : "without a name");
			goto out;
		}
	strbuf_reset(note);
	strbuf_addf(why, "vulnerable_code_not_present: the functions %s lies in (", cf->id);
	for (r = 0; r < cf->routines.nr; r++)
		strbuf_addf(why, "%s%s", r ? ", " : "", cf->routines.v[r]);
	strbuf_addf(why,
		    ", programRoutines of %s) have no code in %s: none of the %zu functions and "
		    "inlined instances its DWARF (%s) describes in %zu units, which cover the %zu "
		    "compiled source%s of %s, is one of them",
		    cf->file, c->artifact, ds.nr_code_dies, ds.dwarf_file, ds.nr_cus, nr_sources,
		    nr_sources == 1 ? "" : "s", c->name);
	res = 1;
out:
	dwarf_sources_release(&ds);
	strbuf_release(&err);
	strbuf_release(&sb);
	return res;
}

/*
 * Where the flaw lies, by a CVE JSON 5 record (programFiles,
 * programRoutines), and none of it in what of c reached the artifact: 1
 * with the evidence in why; 0 when that cannot be shown (no such record,
 * c's code not all known at source level, the files or functions there),
 * with what was found or missing in note when the record names functions.
 */
static int code_absent(const struct osv_db *db, const struct osv_vuln *v,
		       const struct check_component *c, struct strbuf *why, struct strbuf *note)
{
	static const char *const compiled[] = { ".c", ".cc", ".cpp", ".cxx", ".s", ".S" };
	const struct osv_cve_files *cf = NULL;
	const char **sources;
	size_t nr_sources = 0;
	int res = 0;

	for (size_t i = 0; i < db->nr_cves && !cf; i++)
		if (same_vuln(v, db->cves[i].id) &&
		    (db->cves[i].files.nr || db->cves[i].routines.nr) &&
		    (!db->cves[i].product || !strcasecmp(db->cves[i].product, c->name)))
			cf = &db->cves[i];
	if (!cf || c->package)
		return 0;
	sources = xcalloc(c->nr_files + 1, sizeof(*sources));
	for (size_t i = 0; i < c->nr_files; i++) {
		const char *ext = strrchr(base_name(c->files[i].path), '.');

		if (c->files[i].member || c->files[i].dynamic)
			goto out; /* prebuilt or loaded code: not known at source level */
		for (size_t k = 0; ext && k < sizeof(compiled) / sizeof(*compiled); k++)
			if (!strcmp(ext, compiled[k]))
				sources[nr_sources++] = c->files[i].path;
	}
	if (!nr_sources)
		goto out;
	if (cf->files.nr) {
		bool there = false;

		for (size_t f = 0; f < cf->files.nr && !there; f++)
			for (size_t i = 0; i < c->nr_files && !there; i++)
				there = !strcmp(base_name(cf->files.v[f]),
						base_name(c->files[i].path));
		if (!there) {
			strbuf_addf(why, "vulnerable_code_not_present: the files %s lies in (",
				    cf->id);
			for (size_t f = 0; f < cf->files.nr; f++)
				strbuf_addf(why, "%s%s", f ? ", " : "", cf->files.v[f]);
			strbuf_addf(why,
				    ", programFiles of %s) are none of the %zu files of %s that "
				    "reached the artifact (%zu compiled source%s, first %s)",
				    cf->file, c->nr_files, c->name, nr_sources,
				    nr_sources == 1 ? "" : "s", c->files[0].path);
			res = 1;
			goto out;
		}
	}
	if (cf->routines.nr) {
		static const char *const headers[] = { ".h",   ".hh",  ".hpp", ".hxx", ".inc",
						       ".inl", ".ipp", ".tcc", ".def" };
		const char *odd = NULL;

		for (size_t i = 0; i < c->nr_files && !odd; i++) {
			const char *ext = strrchr(base_name(c->files[i].path), '.');
			bool known = false;

			for (size_t k = 0; ext && k < sizeof(compiled) / sizeof(*compiled); k++)
				known |= !strcmp(ext, compiled[k]);
			for (size_t k = 0; ext && k < sizeof(headers) / sizeof(*headers); k++)
				known |= !strcmp(ext, headers[k]);
			if (!known)
				odd = c->files[i].path;
		}
		if (odd)
			strbuf_addf(note,
				    "; the functions it lies in (programRoutines of %s) were not "
				    "looked "
				    "for: %s is neither a C/C++ source nor a header",
				    cf->file, odd);
		else
			res = routines_absent(cf, c, sources, nr_sources, why, note);
	}
out:
	free(sources);
	return res;
}

static int dpkg_cmp(const char *a, const char *b)
{
	return pkgver_compare(a, b);
}

/* The first fix a's ranges name after version (not GIT's: commits have no order here). */
static char *next_fix(const struct osv_affected *a, const char *version,
		      int (*cmp)(const char *, const char *))
{
	const char *best = NULL;

	for (size_t r = 0; r < a->nr_ranges; r++)
		for (size_t e = 0; e < a->ranges[r].nr_events; e++) {
			const struct osv_event *ev = &a->ranges[r].events[e];

			if (ev->kind == OSV_FIXED && a->ranges[r].type &&
			    strcmp(a->ranges[r].type, "GIT") && cmp(version, ev->value) < 0 &&
			    (!best || cmp(ev->value, best) < 0))
				best = ev->value;
		}
	return best ? xstrdup(best) : NULL;
}

/*
 * Whether a version outside a's ranges settles it: a has a range other than
 * GIT. versions[] alone does not: in records made from GIT ranges it lists
 * the repository's tag names ("curl-7_19_3"), which a version may miss.
 */
static bool versioned(const struct osv_affected *a)
{
	for (size_t r = 0; r < a->nr_ranges; r++)
		if (a->ranges[r].type && strcmp(a->ranges[r].type, "GIT"))
			return true;
	return false;
}

/*
 * The vendor and product of a CPE, 2.3 formatted ("cpe:2.3:a:zlib:zlib:1.2.13:...",
 * "\:" escapes a colon) or a 2.2 URI ("cpe:/a:zlib:zlib:1.2.13"), in
 * vendor and product: 1, or 0 when it is neither.
 */
static int cpe_vendor_product(const char *cpe, struct strbuf *vendor, struct strbuf *product)
{
	struct strbuf *out[] = { vendor, product };
	const char *p;
	size_t field = 0;

	strbuf_reset(vendor);
	strbuf_reset(product);
	if (!strncasecmp(cpe, "cpe:2.3:", 8))
		p = cpe + 8; /* part:vendor:product:... */
	else if (!strncasecmp(cpe, "cpe:/", 5))
		p = cpe + 5;
	else
		return 0;
	p += strcspn(p, ":"); /* the part */
	while (*p == ':' && field < 2) {
		for (p++; *p && *p != ':'; p++) {
			if (*p == '\\' && p[1])
				p++;
			strbuf_addch(out[field], (char)ascii_to_lower((unsigned char)*p));
		}
		field++;
	}
	return field == 2 && vendor->len && product->len;
}

/* Whether a CVE JSON 5 product's cpes name c's CPE's vendor and product. */
static bool same_cpe(const struct osv_affected *a, const struct check_component *c)
{
	struct strbuf cv = STRBUF_INIT, cp = STRBUF_INIT, v = STRBUF_INIT, pr = STRBUF_INIT;
	bool same = false;

	if (c->cpe_found && cpe_vendor_product(c->cpe_found, &cv, &cp))
		for (size_t i = 0; !same && i < a->cpes.nr; i++)
			same = cpe_vendor_product(a->cpes.v[i], &v, &pr) &&
			       !strcmp(v.buf, cv.buf) && !strcmp(pr.buf, cp.buf) &&
			       strcmp(pr.buf, "*") && strcmp(pr.buf, "-");
	strbuf_release(&cv);
	strbuf_release(&cp);
	strbuf_release(&v);
	strbuf_release(&pr);
	return same;
}

/* A CVE JSON 5 version that stands for "from the start" or "every version". */
static bool cve5_open(const char *v)
{
	return !*v || !strcmp(v, "0") || !strcmp(v, "*") || !strcasecmp(v, "n/a") ||
	       !strcasecmp(v, "unspecified") || !strcasecmp(v, "all");
}

/* a and b by cmp, a leading 'v' of either ignored. */
static int vcmp(int (*cmp)(const char *, const char *), const char *a, const char *b)
{
	return cmp(a + ((a[0] == 'v' || a[0] == 'V') && a[1] >= '0' && a[1] <= '9'),
		   b + ((b[0] == 'v' || b[0] == 'V') && b[1] >= '0' && b[1] <= '9'));
}

/*
 * Whether the versions[] item cv covers version: 1 or 0; -1 with why when
 * it cannot be read: git commits, a wildcard limit ("6.1.*"), a range that
 * is empty as written ("8.4.0" less than "8.4.0").
 */
static int cve5_covers(const struct cve_version *cv, const char *version, struct strbuf *why)
{
	bool semver = cv->type && !strcasecmp(cv->type, "semver");
	int (*cmp)(const char *, const char *) = semver ? osv_semver_compare : dpkg_cmp;
	const char *limit = cv->less_than ? cv->less_than : cv->less_than_or_equal;
	bool open = cve5_open(cv->version);
	int c;

	strbuf_reset(why);
	if (cv->type && !strcasecmp(cv->type, "git")) {
		strbuf_addf(why, "its version %s is a git commit (versionType git)", cv->version);
		return -1;
	}
	for (int k = 0; k < 3; k++) {
		const char *v = k == 0	 ? cv->version
				: k == 1 ? cv->less_than
					 : cv->less_than_or_equal;
		size_t n = v ? strlen(v) : 0;

		if (!v || (k == 0 && open) || (k && !strcmp(v, "*")))
			continue;
		if (strpbrk(v, " \t<>=,*") ||
		    (n > 1 && v[n - 2] == '.' && (v[n - 1] == 'x' || v[n - 1] == 'X'))) {
			strbuf_addf(why, "\"%s\" is no version but words or a pattern", v);
			return -1;
		}
	}
	if (!limit)
		return open || !vcmp(cmp, cv->version, version);
	if (strcmp(limit, "*") && strchr(limit, '*')) {
		strbuf_addf(why, "its limit \"%s\" is a wildcard", limit);
		return -1;
	}
	if (!open && strcmp(limit, "*")) {
		c = vcmp(cmp, cv->version, limit);
		if (c > 0 || (c == 0 && cv->less_than)) {
			strbuf_addf(why, "its range from %s to %s %s is empty as written",
				    cv->version, cv->less_than ? "less than" : "at most", limit);
			return -1;
		}
	}
	if (!open && vcmp(cmp, cv->version, version) > 0)
		return 0;
	if (!strcmp(limit, "*"))
		return 1;
	c = vcmp(cmp, version, limit);
	return cv->less_than ? c < 0 : c <= 0;
}

enum cve5_verdict { CVE5_OUTSIDE, CVE5_AFFECTED, CVE5_UNKNOWN };

/* One item as the evidence shows it: "affected from 7.69.0, less than 8.4.0 (semver)". */
static void cve5_item(const struct cve_version *cv, struct strbuf *sb)
{
	const char *limit = cv->less_than ? cv->less_than : cv->less_than_or_equal;

	strbuf_addf(sb, "%s %s%s", cv->status, limit ? "from " : "", cv->version);
	if (limit)
		strbuf_addf(sb, ", %s %s", cv->less_than ? "less than" : "at most", limit);
	if (cv->type)
		strbuf_addf(sb, " (%s)", cv->type);
}

/*
 * A CVE JSON 5 product's versions[] and defaultStatus against version:
 * affected when an "affected" item covers it and no "unaffected" one does;
 * unknown (cannot be matched, why says so) when both do, when an "unknown"
 * item does, or when an "affected" item cannot be read and none decides;
 * else by defaultStatus ("affected"), else outside. *fix: the first
 * "lessThan" of the item that made it affected (owned), or NULL.
 */
static enum cve5_verdict cve5_decide(const struct osv_affected *a, const char *version,
				     struct strbuf *why, char **fix)
{
	const struct cve_version *hit[3] = { NULL, NULL, NULL }; /* affected, unaffected, unknown */
	struct strbuf item = STRBUF_INIT, unreadable = STRBUF_INIT;
	enum cve5_verdict verdict = CVE5_OUTSIDE;

	*fix = NULL;
	strbuf_reset(why);
	for (size_t i = 0; i < a->nr_cve_versions; i++) {
		const struct cve_version *cv = &a->cve_versions[i];
		int k = !strcmp(cv->status, "affected")	    ? 0
			: !strcmp(cv->status, "unaffected") ? 1
							    : 2;
		int r = cve5_covers(cv, version, &item);

		if (r < 0 && k == 0 && !unreadable.len)
			strbuf_addf(&unreadable, "versions[%zu] cannot be compared: %s", i,
				    item.buf);
		if (r > 0 && !hit[k])
			hit[k] = cv;
	}
	if (hit[0] && !hit[1] && !hit[2]) {
		strbuf_addstr(why, "versions[]: ");
		cve5_item(hit[0], why);
		if (hit[0]->less_than && strcmp(hit[0]->less_than, "*"))
			*fix = xstrdup(hit[0]->less_than);
		verdict = CVE5_AFFECTED;
	} else if (hit[0] || hit[2]) {
		strbuf_addf(why, "its versions[] say %s is ", version);
		cve5_item(hit[0] ? hit[0] : hit[2], why);
		if (hit[1] || (hit[0] && hit[2])) {
			strbuf_addstr(why, " and ");
			cve5_item(hit[1] ? hit[1] : hit[2], why);
		}
		verdict = CVE5_UNKNOWN;
	} else if (!hit[1] && unreadable.len) {
		strbuf_addstr(why, unreadable.buf);
		verdict = CVE5_UNKNOWN;
	} else if (!hit[1] && a->default_status && !strcmp(a->default_status, "affected")) {
		strbuf_addstr(why,
			      "no versions[] item covers it and its defaultStatus is affected");
		verdict = CVE5_AFFECTED;
	}
	strbuf_release(&item);
	strbuf_release(&unreadable);
	return verdict;
}

/* The local clone given for repo (--repo-clone URL=DIR), or NULL. */
static const char *clone_of(const struct audit *au, const char *repo)
{
	for (size_t i = 0; repo && au->clones && i < au->clones->nr; i++) {
		const char *kv = au->clones->v[i], *eq = strrchr(kv, '=');
		char *url;
		bool same;

		if (!eq)
			continue;
		url = xstrndup(kv, (size_t)(eq - kv));
		same = osv_same_repo(url, repo);
		free(url);
		if (same)
			return eq + 1;
	}
	return NULL;
}

/*
 * One component of one artifact against every record. A Debian package is
 * compared by its source package's version in this release's ecosystem;
 * anything else by name, purl or repository, with its version (found, else
 * declared) against versions[], SEMVER and ECOSYSTEM ranges, and its
 * declared commit against GIT ranges' events. Either saying "affected" is
 * enough; a commit that is no event of a GIT range is "cannot be matched"
 * unless the version settles it.
 */
static void audit_component(struct audit *au, const struct check_component *c,
			    const struct osv_db *db, const char *debian)
{
	const struct check_package *pk = c->package;
	const char *version = pk		 ? pk->source_version
			      : c->version_found ? c->version_found
						 : c->version_declared;
	const char *commit = pk ? NULL : c->commit_declared;
	const char *label = version ? version : commit; /* what the results name */
	struct strbuf repo_sb = STRBUF_INIT;
	const char *repo = pk ? NULL : component_repo(c, &repo_sb);
	struct strvec named = STRVEC_INIT; /* ids and aliases of the OSV records naming c */

	if (pk && !debian) {
		add(au, c, version, NULL, AUDIT_UNMATCHABLE,
		    "package %s: this system's Debian release is not known (no ID=debian in "
		    "/etc/os-release); pass --ecosystem",
		    pk->name);
		goto out;
	}
	if (!label) {
		add(au, c, NULL, NULL, AUDIT_UNMATCHABLE,
		    "no version found or declared, and no commit declared: cannot be matched "
		    "against any record");
		goto out;
	}
	if (!pk && c->purl_found && !strncmp(c->purl_found, "pkg:deb/", 8)) {
		/* Debian's records name source packages: without it, nothing can be said */
		add(au, c, version, NULL, AUDIT_UNMATCHABLE,
		    "a Debian package (%s) whose source package is not known (no upstream "
		    "qualifier in its purl, and not installed here at that version): cannot be "
		    "matched against Debian's records",
		    c->purl_found);
		goto out;
	}
	/* OSV's records first; then CVE records about what no OSV record of the same CVE names */
	for (size_t vi = 0; vi < 2 * db->nr; vi++) {
		const struct osv_vuln *v = &db->v[vi % db->nr];
		const int pass = vi >= db->nr;

		if (v->cve5 != (pass == 1) || (v->cve5 && (pk || strvec_find(&named, v->id) >= 0)))
			continue;
		for (size_t k = 0; k < v->nr_affected; k++) {
			const struct osv_affected *a = &v->affected[k];
			const size_t first = au->nr;
			int (*cmp)(const char *, const char *);
			const char *fixed = NULL, *how, *event = NULL;
			bool git = false, semver = false, in_range, by_version = true;
			enum osv_git by_commit = OSV_GIT_NONE;
			struct strbuf anc = STRBUF_INIT;   /* what the clone said, when asked */
			struct strbuf cvwhy = STRBUF_INIT; /* a CVE record's versions[], read */
			char *fix5 = NULL;
			bool cve5_in = false;
			const char *clone;

			if (pk) {
				if (!a->ecosystem || !a->name || strcmp(a->name, pk->source) ||
				    (strcmp(a->ecosystem, debian) &&
				     strcmp(a->ecosystem, "Debian")))
					continue;
				cmp = dpkg_cmp;
				how = "dpkg's version order";
			} else if (v->cve5) {
				enum cve5_verdict cv;
				/* by name or repository; a product of the same repository under
			   another name is another package's versions: only its CPE may say */
				bool by_cpe = names_component(a, c) != NAMES_IT;

				if (by_cpe && !same_cpe(a, c))
					continue;
				if (!version) {
					add(au, c, label, v, AUDIT_UNMATCHABLE,
					    "%s names %s, whose commit %s alone is known: "
					    "a CVE record "
					    "is compared by version (declare it in "
					    "soup.json)",
					    v->file, c->name, commit);
					goto rate;
				}
				cv = cve5_decide(a, version, &cvwhy, &fix5);
				if (cv == CVE5_OUTSIDE) {
					strbuf_release(&cvwhy);
					continue;
				}
				if (cv == CVE5_UNKNOWN) {
					add(au, c, label, v, AUDIT_UNMATCHABLE,
					    "%s names %s (%s%s%s%s) but %s: decide it in a "
					    "VEX file",
					    v->file, c->name, a->vendor ? "vendor " : "",
					    a->vendor ? a->vendor : "", a->vendor ? ", " : "",
					    by_cpe ? "by its CPE" : "by product", cvwhy.buf);
					goto rate;
				}
				if (by_cpe) { /* said first: the name would not have found
						 it */
					struct strbuf t = STRBUF_INIT;

					strbuf_addf(&t, "its CPE (%s) and %s", c->cpe_found,
						    cvwhy.buf);
					strbuf_release(&cvwhy);
					cvwhy = t;
				}
				cve5_in = true;
				cmp = dpkg_cmp;
				how = cvwhy.buf;
			} else {
				enum naming nm =
					is_debian(a->ecosystem) ? NAMES_NOT : names_component(a, c);

				if (nm == NAMES_NOT)
					continue;
				by_version = nm == NAMES_IT;
				for (size_t r = 0; r < a->nr_ranges; r++)
					semver |= a->ranges[r].type &&
						  !strcmp(a->ranges[r].type, "SEMVER");
				cmp = semver ? osv_semver_compare : dpkg_cmp;
				how = semver ? "SemVer order"
					     : "the versions listed, else dpkg's order";
			}
			in_range = cve5_in || (version && by_version &&
					       osv_affects(a, version, cmp, &git, &fixed));
			for (size_t r = 0; r < a->nr_ranges; r++)
				git |= !a->ranges[r].type || !strcmp(a->ranges[r].type, "GIT");
			if (commit)
				by_commit = osv_git_commit(a, repo, commit, &event);
			if (!in_range && by_commit == OSV_GIT_UNKNOWN &&
			    (clone = clone_of(au, repo)))
				by_commit = osv_git_ancestry(a, repo, commit, clone, &anc);
			if (in_range || by_commit == OSV_GIT_AFFECTED) {
				struct strbuf sb = STRBUF_INIT, note = STRBUF_INIT;

				if (code_absent(db, v, c, &sb, &note)) {
					add(au, c, label, v, AUDIT_NOT_AFFECTED,
					    "%s %s inside an affected range (%s), but %s", c->name,
					    label, v->file, sb.buf);
					au->r[au->nr - 1].justification =
						"vulnerable_code_not_present";
					strbuf_release(&sb);
					strbuf_release(&note);
					goto rate;
				}
				if (pk)
					strbuf_addf(&sb, "package %s, source %s %s in %s (%s)",
						    pk->name, pk->source, version, a->ecosystem,
						    v->file);
				else
					strbuf_addf(&sb, "%s %s named by %s%s%s (%s)", c->name,
						    label, a->ecosystem ? a->ecosystem : "",
						    a->ecosystem ? " " : "",
						    a->name   ? a->name
						    : a->purl ? a->purl
							      : "its GIT range",
						    v->file);
				if (in_range)
					add(au, c, label, v, AUDIT_AFFECTED,
					    "%s: inside an affected range by %s%s", sb.buf, how,
					    note.buf);
				else if (anc.len)
					add(au, c, label, v, AUDIT_AFFECTED, "%s: %s%s", sb.buf,
					    anc.buf, note.buf);
				else
					add(au, c, label, v, AUDIT_AFFECTED,
					    "%s: commit %s is the GIT range's \"%s\" "
					    "event%s",
					    sb.buf, commit, event, note.buf);
				strbuf_release(&sb);
				strbuf_release(&note);
				/* the first fix after this version, for the remediation */
				if (cve5_in) {
					au->r[au->nr - 1].fixed_in = fix5;
					fix5 = NULL;
				} else if (version) {
					au->r[au->nr - 1].fixed_in = next_fix(a, version, cmp);
				}
			} else if (fixed) {
				add(au, c, label, v, AUDIT_FIXED,
				    "%s %s is at or past the fix %s (%s, %s)",
				    pk ? pk->source : c->name, version, fixed, how, v->file);
				au->r[au->nr - 1].fixed_in = xstrdup(fixed);
			} else if (by_commit == OSV_GIT_FIXED && anc.len) {
				add(au, c, label, v, AUDIT_FIXED, "%s: %s (%s)", c->name, anc.buf,
				    v->file);
			} else if (by_commit == OSV_GIT_FIXED) {
				add(au, c, label, v, AUDIT_FIXED,
				    "commit %s of %s is the GIT range's \"%s\" event (%s)", commit,
				    c->name, event, v->file);
				au->r[au->nr - 1].fixed_in = xstrdup(commit);
			} else if (version && by_version && versioned(a)) {
				/* outside every range by version: not affected, nothing to
				 * say */
			} else if (by_commit == OSV_GIT_OUTSIDE) {
				/* outside every GIT range by ancestry: the same */
			} else if (by_commit == OSV_GIT_UNKNOWN && anc.len) {
				add(au, c, label, v, AUDIT_UNMATCHABLE,
				    "%s names %s with GIT ranges, and the clone of its "
				    "repository "
				    "could not tell: %s; decide it in a VEX file",
				    v->file, c->name, anc.buf);
			} else if (by_commit == OSV_GIT_UNKNOWN) {
				add(au, c, label, v, AUDIT_UNMATCHABLE,
				    "%s names %s with GIT ranges, and commit %s is none of "
				    "their "
				    "events: whether it lies between them needs the "
				    "repository's "
				    "history (git merge-base --is-ancestor): give "
				    "souptrace audit "
				    "a "
				    "local clone (--repo-clone URL=DIR), or decide it in a "
				    "VEX "
				    "file",
				    v->file, c->name, commit);
			} else if (git && commit) {
				add(au, c, label, v, AUDIT_UNMATCHABLE,
				    "%s names %s with GIT ranges of another repository "
				    "than %s: "
				    "its commit %s cannot be compared",
				    v->file, c->name, repo ? repo : "soup.json's", commit);
			} else if (!version) {
				add(au, c, label, v, AUDIT_UNMATCHABLE,
				    "%s names %s by version only, and only its commit %s "
				    "is known "
				    "(declare its version in soup.json)",
				    v->file, c->name, commit);
			} else if (git && !by_version) {
				add(au, c, label, v, AUDIT_UNMATCHABLE,
				    "%s names %s's repository for another package (%s): "
				    "its "
				    "versions "
				    "are that package's, so only a commit can be compared "
				    "(state "
				    "\"commit\" in soup.json)",
				    v->file, c->name, a->name ? a->name : a->purl);
			} else if (git) {
				add(au, c, label, v, AUDIT_UNMATCHABLE,
				    "%s names %s with GIT ranges only: the commit this "
				    "copy comes "
				    "from is not known (state \"commit\" in soup.json)",
				    v->file, c->name);
			}
		rate:
			/* an OSV record decided it: CVE records of the same ids are not used */
			if (!v->cve5 &&
			    (au->nr == first || au->r[au->nr - 1].status != AUDIT_UNMATCHABLE) &&
			    strvec_find(&named, v->id) < 0) {
				strvec_push(&named, v->id);
				for (size_t k2 = 0; k2 < v->aliases.nr; k2++)
					strvec_push(&named, v->aliases.v[k2]);
			}
			/*
			 * A record with neither a CVSS vector nor a severity word:
			 * Debian's urgency for this release's package rates it
			 * ("unimportant" is low), rather than "unknown", counted as
			 * critical by the gate.
			 */
			for (size_t n = first; n < au->nr; n++)
				if (!strcmp(au->r[n].rating, "unknown") && word_rating(a->urgency))
					au->r[n].rating = word_rating(a->urgency);
			strbuf_release(&anc);
			strbuf_release(&cvwhy);
			free(fix5);
		}
	}
out:
	strbuf_release(&repo_sb);
	strvec_clear(&named);
}

void audit_run(const struct check_model *m, const struct osv_db *db, const char *debian,
	       struct audit *au)
{
	for (size_t i = 0; i < m->nr_components; i++)
		audit_component(au, &m->components[i], db, debian);
}

/* Whether a component of that name reaches the artifact in m. */
static bool reaches(const struct check_model *m, const char *artifact, const char *name)
{
	for (size_t i = 0; i < m->nr_components; i++)
		if (!strcmp(m->components[i].artifact, artifact) &&
		    !strcmp(m->components[i].name, name))
			return true;
	return false;
}

void audit_absent(const struct check_model *m, const struct strvec *unknown, struct audit *au)
{
	size_t found = au->nr;

	if (strvec_find(unknown, "*") >= 0)
		return;
	for (size_t i = 0; i < found; i++) {
		const struct audit_result *r = &au->r[i];

		if (!r->vuln || (r->status != AUDIT_AFFECTED && r->status != AUDIT_UNMATCHABLE))
			continue;
		for (size_t a = 0; a < m->nr_artifacts; a++) {
			const char *art = m->artifacts[a].path;
			bool done = false;
			struct check_component *ghost;

			if (!strcmp(art, r->comp->artifact) || reaches(m, art, r->comp->name) ||
			    strvec_find(unknown, art) >= 0)
				continue;
			for (size_t k = found; k < au->nr && !done; k++)
				done = au->r[k].vuln == r->vuln &&
				       !strcmp(au->r[k].comp->artifact, art) &&
				       !strcmp(au->r[k].comp->name, r->comp->name);
			if (done)
				continue;
			ghost = xcalloc(1, sizeof(*ghost));
			ghost->artifact = xstrdup(art);
			ghost->name = xstrdup(r->comp->name);
			ghost->purl_found = r->comp->package	  ? xstrdup(r->comp->package->purl)
					    : r->comp->purl_found ? xstrdup(r->comp->purl_found)
								  : NULL;
			ALLOC_GROW(au->absent, au->nr_absent + 1, au->alloc_absent);
			au->absent[au->nr_absent++] = ghost;
			add(au, ghost, NULL, r->vuln, AUDIT_NOT_AFFECTED,
			    "component_not_present: %s, which %s names, does not reach this "
			    "artifact (it reaches %s)",
			    r->comp->name, r->vuln->file, r->comp->artifact);
			au->r[au->nr - 1].justification = "component_not_present";
			r = &au->r[i]; /* add() may have moved the results */
		}
	}
}

char *audit_debian_ecosystem(const char *root)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char *eco = NULL;
	bool debian = false;
	const char *ver = NULL;
	size_t vlen = 0;

	strbuf_addf(&path, "%s/etc/os-release", root ? root : "");
	if (strbuf_read_file(&text, path.buf, 64 * 1024) == 0) {
		for (char *line = text.buf; line && *line;) {
			char *nl = strchr(line, '\n');
			size_t n = nl ? (size_t)(nl - line) : strlen(line);

			if (n == 9 && !strncmp(line, "ID=debian", 9))
				debian = true;
			if (!strncmp(line, "VERSION_ID=", 11)) {
				ver = line + 11;
				vlen = n - 11;
				if (vlen >= 2 && ver[0] == '"' && ver[vlen - 1] == '"')
					ver++, vlen -= 2;
			}
			line = nl ? nl + 1 : NULL;
		}
	}
	if (debian && ver && vlen) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, "Debian:");
		strbuf_add(&sb, ver, vlen);
		eco = strbuf_detach(&sb, NULL);
	}
	strbuf_release(&path);
	strbuf_release(&text);
	return eco;
}
