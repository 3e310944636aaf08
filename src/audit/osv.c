/* SPDX-License-Identifier: Apache-2.0 */
/* OSV records read offline, and OSV's version-range evaluation (osv.h). */
#include "osv.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "alloc.h"
#include "osv_internal.h"
#include "ascii.h"
#include "pathutil.h"
#include "textesc.h"
#include "zipread.h"
#include "banned.h"

/*
 * A file larger than this is refused: OSV records are kilobytes, the
 * Debian Security Tracker's JSON of every release about 80 MiB.
 */
#define OSV_MAX_FILE ((size_t)512 << 20)
/* Folders nested deeper than this are refused (a symlink loop). */
#define OSV_MAX_DEPTH 16

void osv_init(struct osv_db *db)
{
	memset(db, 0, sizeof(*db));
	strvec_init(&db->notes);
}

static void affected_release(struct osv_affected *a)
{
	free(a->ecosystem);
	free(a->name);
	free(a->purl);
	free(a->urgency);
	for (size_t r = 0; r < a->nr_ranges; r++) {
		for (size_t e = 0; e < a->ranges[r].nr_events; e++)
			free(a->ranges[r].events[e].value);
		free(a->ranges[r].events);
		free(a->ranges[r].type);
		free(a->ranges[r].repo);
	}
	free(a->ranges);
	strvec_clear(&a->versions);
	free(a->vendor);
	free(a->default_status);
	strvec_clear(&a->cpes);
	for (size_t i = 0; i < a->nr_cve_versions; i++) {
		struct cve_version *cv = &a->cve_versions[i];

		free(cv->status);
		free(cv->version);
		free(cv->less_than);
		free(cv->less_than_or_equal);
		free(cv->type);
	}
	free(a->cve_versions);
}

void osv_release(struct osv_db *db)
{
	for (size_t i = 0; i < db->nr; i++) {
		struct osv_vuln *v = &db->v[i];

		free(v->id);
		free(v->summary);
		free(v->modified);
		free(v->file);
		free(v->cvss);
		free(v->severity);
		strvec_clear(&v->aliases);
		for (size_t k = 0; k < v->nr_affected; k++)
			affected_release(&v->affected[k]);
		free(v->affected);
	}
	free(db->v);
	for (size_t i = 0; i < db->nr_cves; i++) {
		free(db->cves[i].id);
		free(db->cves[i].product);
		free(db->cves[i].file);
		strvec_clear(&db->cves[i].files);
		strvec_clear(&db->cves[i].routines);
	}
	free(db->cves);
	free(db->newest);
	strvec_clear(&db->notes);
	osv_init(db);
}

/* ---- reading ---- */

void osv_bad(struct osv_reader *rd, const char *path, const char *fmt, ...)
{
	va_list ap;

	if (rd->failed)
		return;
	rd->failed = true;
	strbuf_addf(rd->err, "%s: %s: ", rd->file, path);
	va_start(ap, fmt);
	strbuf_vaddf(rd->err, fmt, ap);
	va_end(ap);
}

/* obj[key] as a string copy; NULL when absent or null; wrong types are errors. */
static char *str(struct osv_reader *rd, const cJSON *obj, const char *path, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		osv_bad(rd, path, "\"%s\" is not a string", key);
		return NULL;
	}
	return xstrdup(v->valuestring);
}

/* obj[key] as an array (NULL when absent); another type is an error. */
static const cJSON *arr(struct osv_reader *rd, const cJSON *obj, const char *path, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsArray(v)) {
		osv_bad(rd, path, "\"%s\" is not an array", key);
		return NULL;
	}
	return v;
}

static void strings(struct osv_reader *rd, const cJSON *obj, const char *path, const char *key,
		    struct strvec *out)
{
	const cJSON *a = arr(rd, obj, path, key), *e;

	cJSON_ArrayForEach(e, a)
	{
		if (!cJSON_IsString(e)) {
			osv_bad(rd, path, "\"%s\" holds a value that is not a string", key);
			return;
		}
		strvec_push(out, e->valuestring);
	}
}

static void read_range(struct osv_reader *rd, const cJSON *o, const char *path, struct osv_range *r)
{
	static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };
	const cJSON *events, *e;
	size_t i = 0;

	if (!cJSON_IsObject(o)) {
		osv_bad(rd, path, "a range is not an object");
		return;
	}
	r->type = str(rd, o, path, "type");
	if (!r->type && !rd->failed)
		osv_bad(rd, path, "a range has no \"type\"");
	r->repo = str(rd, o, path, "repo");
	events = arr(rd, o, path, "events");
	r->events = xcalloc((size_t)cJSON_GetArraySize(events) + 1, sizeof(*r->events));
	cJSON_ArrayForEach(e, events)
	{
		size_t k;
		const cJSON *val = NULL;

		for (k = 0; k < 4 && cJSON_IsObject(e); k++)
			if ((val = cJSON_GetObjectItemCaseSensitive(e, kinds[k])))
				break;
		if (!val || !cJSON_IsString(val)) {
			osv_bad(rd, path,
				"event %zu has no introduced, fixed, last_affected or limit string",
				i);
			return;
		}
		r->events[r->nr_events].kind = (enum osv_event_kind)k;
		r->events[r->nr_events++].value = xstrdup(val->valuestring);
		i++;
	}
}

static void read_affected(struct osv_reader *rd, const cJSON *o, const char *path,
			  struct osv_affected *a)
{
	const cJSON *pkg, *ranges, *r;
	struct strbuf p = STRBUF_INIT;
	size_t i = 0;

	strvec_init(&a->versions);
	if (!cJSON_IsObject(o)) {
		osv_bad(rd, path, "not an object");
		return;
	}
	pkg = cJSON_GetObjectItemCaseSensitive(o, "package");
	if (pkg && !cJSON_IsNull(pkg)) {
		if (!cJSON_IsObject(pkg)) {
			osv_bad(rd, path, "\"package\" is not an object");
			return;
		}
		a->ecosystem = str(rd, pkg, path, "ecosystem");
		a->name = str(rd, pkg, path, "name");
		a->purl = str(rd, pkg, path, "purl");
	}
	if (a->ecosystem && !strncmp(a->ecosystem, "Debian", 6)) {
		/* free-form per ecosystem: only a string is taken, nothing else is checked */
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(o, "ecosystem_specific"), "urgency");

		a->urgency = osv_urgency_word(cJSON_IsString(u) ? u->valuestring : NULL);
	}
	ranges = arr(rd, o, path, "ranges");
	a->ranges = xcalloc((size_t)cJSON_GetArraySize(ranges) + 1, sizeof(*a->ranges));
	cJSON_ArrayForEach(r, ranges)
	{
		strbuf_reset(&p);
		strbuf_addf(&p, "%s.ranges[%zu]", path, i++);
		read_range(rd, r, p.buf, &a->ranges[a->nr_ranges++]);
	}
	strings(rd, o, path, "versions", &a->versions);
	strbuf_release(&p);
}

/* severity[]: the first CVSS v3 vector; database_specific.severity. */
static void read_severity(struct osv_reader *rd, const cJSON *root, struct osv_vuln *v)
{
	const cJSON *sev = arr(rd, root, "$", "severity"), *s, *ds;

	cJSON_ArrayForEach(s, sev)
	{
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(s, "type");
		const cJSON *score = cJSON_GetObjectItemCaseSensitive(s, "score");

		if (!v->cvss && cJSON_IsString(type) && !strcmp(type->valuestring, "CVSS_V3") &&
		    cJSON_IsString(score))
			v->cvss = xstrdup(score->valuestring);
	}
	ds = cJSON_GetObjectItemCaseSensitive(root, "database_specific");
	if (cJSON_IsObject(ds)) {
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(ds, "severity");

		if (cJSON_IsString(w))
			v->severity = xstrdup(w->valuestring);
	}
}

/* programRoutines: objects whose "name" is a function's. */
static void routines(struct osv_reader *rd, const cJSON *obj, const char *path, struct strvec *out)
{
	const cJSON *a = arr(rd, obj, path, "programRoutines"), *e;

	cJSON_ArrayForEach(e, a)
	{
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "name");

		if (!cJSON_IsString(n) || !*n->valuestring) {
			osv_bad(rd, path, "\"programRoutines\" holds an entry without a \"name\"");
			return;
		}
		strvec_push(out, n->valuestring);
	}
}

/* A CVE JSON 5 record: the programFiles and programRoutines of each affected product. */
static int cve5_files(struct osv_db *db, const char *file, const cJSON *root, struct strbuf *err)
{
	struct osv_reader rd = { file, err, false };
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "cveMetadata");
	const cJSON *cna = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "containers"), "cna");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(meta, "cveId"), *aff, *a;
	struct strbuf p = STRBUF_INIT;
	size_t i = 0;

	if (!cJSON_IsString(id)) {
		strbuf_addf(err, "%s: $.cveMetadata.cveId: a CVE record without its id", file);
		return -1;
	}
	aff = cJSON_IsObject(cna) ? arr(&rd, cna, "$.containers.cna", "affected") : NULL;
	cJSON_ArrayForEach(a, aff)
	{
		struct osv_cve_files *c;

		strbuf_reset(&p);
		strbuf_addf(&p, "$.containers.cna.affected[%zu]", i++);
		if (!cJSON_IsObject(a)) {
			osv_bad(&rd, p.buf, "not an object");
			break;
		}
		if (!cJSON_GetObjectItemCaseSensitive(a, "programFiles") &&
		    !cJSON_GetObjectItemCaseSensitive(a, "programRoutines"))
			continue;
		ALLOC_GROW(db->cves, db->nr_cves + 1, db->alloc_cves);
		c = &db->cves[db->nr_cves++];
		memset(c, 0, sizeof(*c));
		strvec_init(&c->files);
		strvec_init(&c->routines);
		c->id = xstrdup(id->valuestring);
		c->file = xstrdup(file);
		c->product = str(&rd, a, p.buf, "product");
		strings(&rd, a, p.buf, "programFiles", &c->files);
		routines(&rd, a, p.buf, &c->routines);
	}
	strbuf_release(&p);
	return rd.failed ? -1 : 0;
}

/* Whether a CVE JSON 5 vendor or product says nothing: absent, empty, "n/a". */
static bool cve5_none(const char *s)
{
	return !s || !*s || !strcasecmp(s, "n/a");
}

/* The first CVSS v3 vector of a container's metrics[] (cvssV3_1, else cvssV3_0), or NULL. */
static char *cve5_cvss(const cJSON *container)
{
	static const char *const keys[] = { "cvssV3_1", "cvssV3_0" };
	const cJSON *metrics = cJSON_GetObjectItemCaseSensitive(container, "metrics"), *m;

	if (!cJSON_IsArray(metrics))
		return NULL;
	for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++)
		cJSON_ArrayForEach(m, metrics)
		{
			const cJSON *vs = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(m, keys[k]), "vectorString");

			if (cJSON_IsString(vs) && !strncmp(vs->valuestring, "CVSS:3", 6))
				return xstrdup(vs->valuestring);
		}
	return NULL;
}

/*
 * One affected product of a CVE JSON 5 container into v, when it names
 * something (cpes, a product or packageName other than "n/a") and says
 * which versions (versions[], or a defaultStatus of "affected").
 */
static void cve5_product(struct osv_reader *rd, const cJSON *o, const char *path,
			 struct osv_vuln *v)
{
	struct osv_affected a;
	const cJSON *vers, *e;
	struct strbuf p = STRBUF_INIT;
	size_t i = 0;
	char *product;

	memset(&a, 0, sizeof(a));
	strvec_init(&a.versions);
	strvec_init(&a.cpes);
	if (!cJSON_IsObject(o)) {
		osv_bad(rd, path, "not an object");
		return;
	}
	a.vendor = str(rd, o, path, "vendor");
	a.name = str(rd, o, path, "product");
	product = str(rd, o, path, "packageName");
	if (cve5_none(a.name)) { /* the product, else the package's name */
		free(a.name);
		a.name = cve5_none(product) ? NULL : product;
		product = a.name ? NULL : product;
	}
	free(product);
	strings(rd, o, path, "cpes", &a.cpes);
	a.default_status = str(rd, o, path, "defaultStatus");
	{
		char *repo = str(rd, o, path, "repo");

		if (repo) { /* kept as a GIT range without events: the repository it names */
			a.ranges = xcalloc(2, sizeof(*a.ranges));
			a.ranges[0].type = xstrdup("GIT");
			a.ranges[0].repo = repo;
			a.ranges[0].events = xcalloc(1, sizeof(*a.ranges[0].events));
			a.nr_ranges = 1;
		}
	}
	vers = arr(rd, o, path, "versions");
	a.cve_versions = xcalloc((size_t)cJSON_GetArraySize(vers) + 1, sizeof(*a.cve_versions));
	cJSON_ArrayForEach(e, vers)
	{
		struct cve_version *cv = &a.cve_versions[a.nr_cve_versions];

		strbuf_reset(&p);
		strbuf_addf(&p, "%s.versions[%zu]", path, i++);
		if (!cJSON_IsObject(e)) {
			osv_bad(rd, p.buf, "not an object");
			break;
		}
		a.nr_cve_versions++;
		cv->status = str(rd, e, p.buf, "status");
		cv->version = str(rd, e, p.buf, "version");
		cv->less_than = str(rd, e, p.buf, "lessThan");
		cv->less_than_or_equal = str(rd, e, p.buf, "lessThanOrEqual");
		cv->type = str(rd, e, p.buf, "versionType");
		if (!rd->failed && (!cv->status || !cv->version))
			osv_bad(rd, p.buf, "a version without \"%s\"",
				cv->status ? "version" : "status");
		else if (!rd->failed && strcmp(cv->status, "affected") &&
			 strcmp(cv->status, "unaffected") && strcmp(cv->status, "unknown"))
			osv_bad(rd, p.buf, "status \"%s\" is none of affected, unaffected, unknown",
				cv->status);
	}
	strbuf_release(&p);
	if (!rd->failed && (a.name || a.cpes.nr) &&
	    (a.nr_cve_versions || (a.default_status && !strcmp(a.default_status, "affected")))) {
		v->affected = xrealloc(v->affected, (v->nr_affected + 1) * sizeof(*v->affected));
		v->affected[v->nr_affected++] = a;
		return;
	}
	affected_release(&a);
}

/*
 * A CVE JSON 5 record: the files and functions (osv_db.cves), and, unless
 * it is rejected, the affected products that say which versions, as a
 * record of its own (osv_vuln.cve5).
 */
static int parse_cve5(struct osv_db *db, const char *file, const cJSON *root, struct strbuf *err)
{
	struct osv_reader rd = { file, err, false };
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "cveMetadata");
	const cJSON *containers = cJSON_GetObjectItemCaseSensitive(root, "containers");
	const cJSON *cna = cJSON_GetObjectItemCaseSensitive(containers, "cna"), *adps, *c, *aff, *a;
	const cJSON *state = cJSON_GetObjectItemCaseSensitive(meta, "state");
	struct osv_vuln v;
	struct strbuf p = STRBUF_INIT;
	size_t ci = 0;

	if (cve5_files(db, file, root, err))
		return -1;
	if (cJSON_IsString(state) && !strcmp(state->valuestring, "REJECTED"))
		return 0;
	memset(&v, 0, sizeof(v));
	strvec_init(&v.aliases);
	v.cve5 = true;
	adps = cJSON_GetObjectItemCaseSensitive(containers, "adp");
	/* the CNA's container, then each ADP's (CISA's enrichment is one) */
	for (c = cna, ci = 0; c || (ci == 0 && cJSON_IsArray(adps));
	     c = ci++ == 0 ? (cJSON_IsArray(adps) ? adps->child : NULL) : c->next) {
		size_t i = 0;

		if (!cJSON_IsObject(c))
			continue;
		aff = arr(&rd, c, ci ? "$.containers.adp[]" : "$.containers.cna", "affected");
		cJSON_ArrayForEach(a, aff)
		{
			strbuf_reset(&p);
			if (ci)
				strbuf_addf(&p, "$.containers.adp[%zu].affected[%zu]", ci - 1, i++);
			else
				strbuf_addf(&p, "$.containers.cna.affected[%zu]", i++);
			cve5_product(&rd, a, p.buf, &v);
		}
		if (!v.cvss)
			v.cvss = cve5_cvss(c);
	}
	strbuf_release(&p);
	if (rd.failed || !v.nr_affected) {
		v.id = NULL;
		for (size_t k = 0; k < v.nr_affected; k++)
			affected_release(&v.affected[k]);
		free(v.affected);
		free(v.cvss);
		strvec_clear(&v.aliases);
		return rd.failed ? -1 : 0;
	}
	v.id = xstrdup(cJSON_GetObjectItemCaseSensitive(meta, "cveId")->valuestring);
	v.file = xstrdup(file);
	v.modified = str(&rd, meta, "$.cveMetadata", "dateUpdated");
	{
		const cJSON *d;

		cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(cna, "descriptions"))
		{
			const cJSON *lang = cJSON_GetObjectItemCaseSensitive(d, "lang");
			const cJSON *val = cJSON_GetObjectItemCaseSensitive(d, "value");

			if (!v.summary && cJSON_IsString(lang) &&
			    !strncmp(lang->valuestring, "en", 2) && cJSON_IsString(val)) {
				size_t n = strcspn(val->valuestring, "\n");

				v.summary = xstrndup(val->valuestring, n < 200 ? n : 200);
			}
		}
	}
	if (v.modified && (!db->newest || strcmp(v.modified, db->newest) > 0)) {
		free(db->newest);
		db->newest = xstrdup(v.modified);
	}
	ALLOC_GROW(db->v, db->nr + 1, db->alloc);
	db->v[db->nr++] = v;
	return rd.failed ? -1 : 0;
}

int osv_parse(struct osv_db *db, const char *file, const char *text, size_t len, struct strbuf *err)
{
	struct osv_reader rd = { file, err, false };
	cJSON *root = cJSON_ParseWithLength(text, len);
	const cJSON *aff, *a;
	struct osv_vuln *v;
	struct strbuf p = STRBUF_INIT;
	size_t i = 0;

	if (!root) {
		strbuf_addf(err, "%s: not JSON (near byte %zu)", file,
			    cJSON_GetErrorPtr() ? (size_t)(cJSON_GetErrorPtr() - text) : (size_t)0);
		return -1;
	}
	if (osv_tracker_shape(root)) {
		int r = osv_tracker_read(db, file, root, err);

		cJSON_Delete(root);
		return r;
	}
	if (cJSON_IsObject(root) &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "dataType")) &&
	    !strcmp(cJSON_GetObjectItemCaseSensitive(root, "dataType")->valuestring,
		    "CVE_RECORD")) {
		int r = parse_cve5(db, file, root, err);

		cJSON_Delete(root);
		return r;
	}
	if (!cJSON_IsObject(root) ||
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "id"))) {
		strbuf_addf(err, "%s: not an OSV record (an object with an \"id\" string)", file);
		cJSON_Delete(root);
		return -1;
	}
	ALLOC_GROW(db->v, db->nr + 1, db->alloc);
	v = &db->v[db->nr++];
	memset(v, 0, sizeof(*v));
	strvec_init(&v->aliases);
	v->file = xstrdup(file);
	v->id = str(&rd, root, "$", "id");
	v->summary = str(&rd, root, "$", "summary");
	v->modified = str(&rd, root, "$", "modified");
	strings(&rd, root, "$", "aliases", &v->aliases);
	/* "upstream" (OSV 1.6): the ids a distribution's record derives from,
	 * Debian's DSA and DEBIAN-CVE records name their CVE there; they are
	 * matched like aliases (VEX decisions, CVE file lists), listed once */
	{
		struct strvec up = STRVEC_INIT;

		strings(&rd, root, "$", "upstream", &up);
		for (size_t u = 0; u < up.nr; u++)
			if (strcmp(up.v[u], v->id) && strvec_find(&v->aliases, up.v[u]) < 0)
				strvec_push(&v->aliases, up.v[u]);
		strvec_clear(&up);
	}
	read_severity(&rd, root, v);
	aff = arr(&rd, root, "$", "affected");
	v->affected = xcalloc((size_t)cJSON_GetArraySize(aff) + 1, sizeof(*v->affected));
	cJSON_ArrayForEach(a, aff)
	{
		strbuf_reset(&p);
		strbuf_addf(&p, "$.affected[%zu]", i++);
		read_affected(&rd, a, p.buf, &v->affected[v->nr_affected++]);
	}
	if (v->modified && (!db->newest || strcmp(v->modified, db->newest) > 0)) {
		free(db->newest);
		db->newest = xstrdup(v->modified);
	}
	strbuf_release(&p);
	cJSON_Delete(root);
	return rd.failed ? -1 : 0;
}

static int load_file(struct osv_db *db, const char *path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&text, path, OSV_MAX_FILE)) {
		strbuf_addf(err, "%s: %s", path,
			    errno == EFBIG ? "larger than 512 MiB: not an OSV record"
					   : strerror(errno));
		strbuf_release(&text);
		return -1;
	}
	db->files++;
	ret = osv_parse(db, path, text.buf, text.len, err);
	strbuf_release(&text);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An archive's uncompressed bytes beyond this are refused: a zip bomb, not a mirror. */
#define OSV_MAX_ARCHIVE ((uint64_t)8 << 30)

/*
 * OSV's per-ecosystem all.zip as published: every "*.json" entry, in name
 * order (as a folder is read), each named "ARCHIVE:ENTRY" in messages.
 */
struct zip_name {
	const char *name; /* the archive's */
	size_t index;
};

static int cmp_zip_names(const void *a, const void *b)
{
	return strcmp(((const struct zip_name *)a)->name, ((const struct zip_name *)b)->name);
}

static int load_zip(struct osv_db *db, const char *path, struct strbuf *err)
{
	struct zip_name *names = NULL;
	size_t nr_names = 0;
	struct strbuf text = STRBUF_INIT, where = STRBUF_INIT;
	uint64_t total = 0;
	int ret = -1;
	struct zipr *z;

	if (zipr_open(path, &z, err))
		return -1;
	names = xcalloc(zipr_count(z) + 1, sizeof(*names));
	for (size_t i = 0; i < zipr_count(z); i++) {
		const char *name = zipr_name(z, i);
		size_t n = strlen(name);

		if (n > 5 && !strcmp(name + n - 5, ".json"))
			names[nr_names++] = (struct zip_name){ name, i };
	}
	qsort(names, nr_names, sizeof(*names), cmp_zip_names);
	for (size_t k = 0; k < nr_names; k++) {
		const char *name = names[k].name;
		uint64_t size = zipr_size(z, names[k].index);

		if (size > OSV_MAX_FILE || (total += size) > OSV_MAX_ARCHIVE) {
			strbuf_addf(err,
				    "%s:%s: larger than an OSV record (%llu bytes; %llu in all)",
				    path, term_text(name), (unsigned long long)size,
				    (unsigned long long)total);
			goto out;
		}
		strbuf_reset(&text);
		if (zipr_read(z, names[k].index, &text, err))
			goto out;
		strbuf_reset(&where);
		strbuf_addf(&where, "%s:", path);
		strbuf_add_term(&where, name); /* the archive's, as a terminal may show it */
		db->files++;
		if (osv_parse(db, where.buf, text.buf, text.len, err))
			goto out;
	}
	ret = 0;
out:
	free(names);
	zipr_close(z);
	strbuf_release(&text);
	strbuf_release(&where);
	return ret;
}

/* A zip archive, by its first bytes. */
static bool is_zip(const char *path)
{
	unsigned char sig[4] = { 0 };
	FILE *f = fopen(path, "rb");
	bool yes = f && fread(sig, 1, 4, f) == 4 && sig[0] == 'P' && sig[1] == 'K' && sig[2] == 3 &&
		   sig[3] == 4;

	if (f)
		fclose(f);
	return yes;
}

static int load_dir(struct osv_db *db, const char *dir, int depth, struct strbuf *err)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf p = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	if (depth > OSV_MAX_DEPTH) {
		strbuf_addf(err, "%s: folders nested more than %d deep (a symbolic link loop?)",
			    dir, OSV_MAX_DEPTH);
		return -1;
	}
	if (!(d = opendir(dir))) {
		strbuf_addf(err, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			strvec_push(&names, de->d_name);
	closedir(d);
	/* the same order on every machine: results and errors do not depend on readdir */
	qsort(names.v, names.nr, sizeof(*names.v), cmp_names);
	for (size_t i = 0; i < names.nr && !ret; i++) {
		struct stat st;
		size_t n = strlen(names.v[i]);

		strbuf_reset(&p);
		path_join(&p, dir, names.v[i]);
		if (stat(p.buf, &st)) {
			strbuf_addf(err, "%s: %s", p.buf, strerror(errno));
			ret = -1;
		} else if (S_ISDIR(st.st_mode)) {
			ret = load_dir(db, p.buf, depth + 1, err);
		} else if (S_ISREG(st.st_mode) && n > 5 && !strcmp(names.v[i] + n - 5, ".json")) {
			ret = load_file(db, p.buf, err);
		} else if (S_ISREG(st.st_mode) && n > 4 && !strcmp(names.v[i] + n - 4, ".zip")) {
			ret = load_zip(db, p.buf, err);
		}
	}
	strvec_clear(&names);
	strbuf_release(&p);
	return ret;
}

int osv_load(struct osv_db *db, const char *path, struct strbuf *err)
{
	struct stat st;

	if (stat(path, &st)) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return load_dir(db, path, 0, err);
	if (S_ISREG(st.st_mode) && is_zip(path))
		return load_zip(db, path, err);
	return load_file(db, path, err);
}

/* ---- versions ---- */

static int cmp_ident(const char *a, size_t an, const char *b, size_t bn)
{
	bool anum = an > 0, bnum = bn > 0;

	for (size_t i = 0; i < an; i++)
		anum &= ascii_is_digit((unsigned char)a[i]);
	for (size_t i = 0; i < bn; i++)
		bnum &= ascii_is_digit((unsigned char)b[i]);
	if (anum && bnum) {
		while (an > 1 && *a == '0')
			a++, an--;
		while (bn > 1 && *b == '0')
			b++, bn--;
		if (an != bn)
			return an < bn ? -1 : 1;
		return memcmp(a, b, an) < 0 ? -1 : memcmp(a, b, an) > 0;
	}
	if (anum != bnum)
		return anum ? -1 : 1; /* numeric identifiers have lower precedence */
	{
		int c = memcmp(a, b, an < bn ? an : bn);

		if (c)
			return c < 0 ? -1 : 1;
		return an < bn ? -1 : an > bn;
	}
}

/* One part ("1.2.3" or "rc.1") of a SemVer, '.'-separated identifiers compared. */
static int cmp_dotted(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae || b < be) {
		const char *x = a, *y = b;
		int c;

		if (a >= ae)
			return -1;
		if (b >= be)
			return 1;
		while (x < ae && *x != '.')
			x++;
		while (y < be && *y != '.')
			y++;
		if ((c = cmp_ident(a, (size_t)(x - a), b, (size_t)(y - b))))
			return c;
		a = x < ae ? x + 1 : x;
		b = y < be ? y + 1 : y;
	}
	return 0;
}

int osv_semver_compare(const char *a, const char *b)
{
	const char *ae, *be, *ap, *bp;
	int c;

	a += (*a == 'v' || *a == 'V');
	b += (*b == 'v' || *b == 'V');
	ae = a + strcspn(a, "+");
	be = b + strcspn(b, "+");
	ap = memchr(a, '-', (size_t)(ae - a));
	bp = memchr(b, '-', (size_t)(be - b));
	if ((c = cmp_dotted(a, ap ? ap : ae, b, bp ? bp : be)))
		return c;
	if (!ap || !bp) /* a pre-release sorts before the release */
		return ap ? -1 : bp ? 1 : 0;
	return cmp_dotted(ap + 1, ae, bp + 1, be);
}

static int (*sort_cmp)(const char *, const char *);

static int cmp_events(const void *x, const void *y)
{
	const struct osv_event *a = x, *b = y;
	bool a0 = a->kind == OSV_INTRODUCED && !strcmp(a->value, "0");
	bool b0 = b->kind == OSV_INTRODUCED && !strcmp(b->value, "0");

	if (a0 || b0)
		return a0 && b0 ? 0 : a0 ? -1 : 1;
	return sort_cmp(a->value, b->value);
}

char *osv_urgency_word(const char *u)
{
	size_t n = u ? strlen(u) : 0;

	while (n && u[n - 1] == '*')
		n--;
	return n ? xstrndup(u, n) : NULL;
}

/* A repository URL without scheme, user, trailing "/" or ".git": host/path. */
static void repo_key(const char *url, struct strbuf *out)
{
	const char *p = strstr(url, "://"), *at, *slash;
	size_t n;

	strbuf_reset(out);
	p = p ? p + 3 : url;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	if (at && (!slash || at < slash))
		p = at + 1;
	strbuf_addstr(out, p);
	if (!strstr(url, "://")) {
		/* scp-like "host:owner/name": the first ':' before any '/' */
		char *colon = strchr(out->buf, ':');

		if (colon && (!strchr(out->buf, '/') || colon < strchr(out->buf, '/')))
			*colon = '/';
	}
	{
		/* a port after the host, and "www.", name the same repository */
		char *slash2 = strchr(out->buf, '/'), *colon = strchr(out->buf, ':');

		if (colon && slash2 && colon < slash2 &&
		    strspn(colon + 1, "0123456789") == (size_t)(slash2 - colon - 1)) {
			memmove(colon, slash2, strlen(slash2) + 1);
			out->len = strlen(out->buf);
		}
		if (!strncasecmp(out->buf, "www.", 4)) {
			memmove(out->buf, out->buf + 4, out->len - 3);
			out->len -= 4;
		}
	}
	n = out->len;
	while (n && out->buf[n - 1] == '/')
		n--;
	if (n >= 4 && !strncasecmp(out->buf + n - 4, ".git", 4))
		n -= 4;
	while (n && out->buf[n - 1] == '/')
		n--;
	out->len = n;
	out->buf[n] = '\0';
}

bool osv_same_repo(const char *a, const char *b)
{
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
	bool same;

	repo_key(a, &ka);
	repo_key(b, &kb);
	same = ka.len && !strcasecmp(ka.buf, kb.buf);
	strbuf_release(&ka);
	strbuf_release(&kb);
	return same;
}

enum osv_git osv_git_commit(const struct osv_affected *a, const char *repo, const char *commit,
			    const char **event)
{
	static const char *const names[] = { "introduced", "fixed", "last_affected", "limit" };
	size_t ranges = 0, closed = 0;
	const char *fix = NULL;

	for (size_t r = 0; r < a->nr_ranges; r++) {
		const struct osv_range *rg = &a->ranges[r];
		bool fixed_here = false;

		if (!rg->type || strcmp(rg->type, "GIT") ||
		    (repo && rg->repo && !osv_same_repo(repo, rg->repo)))
			continue;
		ranges++;
		for (size_t e = 0; e < rg->nr_events; e++) {
			const struct osv_event *ev = &rg->events[e];

			if (strcasecmp(ev->value, commit))
				continue;
			if (ev->kind == OSV_INTRODUCED || ev->kind == OSV_LAST_AFFECTED) {
				*event = names[ev->kind];
				return OSV_GIT_AFFECTED; /* one range holding it is enough */
			}
			fixed_here = true;
			fix = names[ev->kind];
		}
		closed += fixed_here;
	}
	if (!ranges)
		return OSV_GIT_NONE;
	/* fixed only when every range is closed at it: another may still hold it */
	if (closed < ranges)
		return OSV_GIT_UNKNOWN;
	*event = fix;
	return OSV_GIT_FIXED;
}

bool osv_affects(const struct osv_affected *a, const char *version,
		 int (*cmp)(const char *, const char *), bool *git, const char **fixed)
{
	const char *v =
		version + ((*version == 'v' || *version == 'V') && cmp == osv_semver_compare);

	for (size_t i = 0; i < a->versions.nr; i++) {
		const char *w = a->versions.v[i];

		if (!strcmp(w, version) || ((*w == 'v' || *w == 'V') && !strcmp(w + 1, version)) ||
		    ((*version == 'v' || *version == 'V') && !strcmp(w, version + 1)))
			return true;
	}
	for (size_t r = 0; r < a->nr_ranges; r++) {
		const struct osv_range *rg = &a->ranges[r];
		struct osv_event *ev;
		bool in = false;
		const char *closed = NULL;

		if (!rg->type || !strcmp(rg->type, "GIT")) {
			*git = true;
			continue;
		}
		ev = xcalloc(rg->nr_events + 1, sizeof(*ev));
		memcpy(ev, rg->events, rg->nr_events * sizeof(*ev));
		sort_cmp = cmp;
		qsort(ev, rg->nr_events, sizeof(*ev), cmp_events);
		for (size_t e = 0; e < rg->nr_events; e++) {
			switch (ev[e].kind) {
			case OSV_INTRODUCED:
				if (!strcmp(ev[e].value, "0") || cmp(v, ev[e].value) >= 0)
					in = true;
				break;
			case OSV_FIXED:
			case OSV_LIMIT:
				if (cmp(v, ev[e].value) >= 0) {
					in = false;
					if (ev[e].kind == OSV_FIXED)
						closed = ev[e].value;
				}
				break;
			case OSV_LAST_AFFECTED:
				if (cmp(v, ev[e].value) > 0)
					in = false;
				break;
			}
		}
		free(ev);
		if (in)
			return true;
		if (closed && fixed)
			*fixed = closed;
	}
	return false;
}

/* ---- CVSS v3 ---- */

/* CVSS v3.1's Roundup, in tenths: the smallest tenth >= x (x in [0, 10]). */
static int roundup10(double x)
{
	long i = lround(x * 100000.0);

	return (int)(i % 10000 == 0 ? i / 10000 : i / 10000 + 1);
}

int osv_cvss3_score(const char *vector)
{
	static const char *const keys[] = { "AV", "AC", "PR", "UI", "S", "C", "I", "A" };
	char val[8] = { 0 };
	double av, ac, pr, ui, c, i, a, iss, impact, expl;
	bool changed;
	const char *p;

	if (!vector || (strncmp(vector, "CVSS:3.1/", 9) && strncmp(vector, "CVSS:3.0/", 9)))
		return -1;
	for (p = vector + 9; *p;) {
		const char *colon = strchr(p, ':'), *end = p + strcspn(p, "/");
		size_t k;

		if (!colon || colon > end || end - colon != 2)
			return -1;
		for (k = 0; k < 8; k++)
			if ((size_t)(colon - p) == strlen(keys[k]) &&
			    !strncmp(p, keys[k], strlen(keys[k])))
				break;
		if (k < 8) {
			if (val[k])
				return -1; /* a metric twice */
			val[k] = colon[1];
		}
		p = *end ? end + 1 : end;
	}
	for (size_t k = 0; k < 8; k++)
		if (!val[k])
			return -1;
	changed = val[4] == 'C';
	if (val[4] != 'U' && !changed)
		return -1;
	av = val[0] == 'N'   ? 0.85
	     : val[0] == 'A' ? 0.62
	     : val[0] == 'L' ? 0.55
	     : val[0] == 'P' ? 0.2
			     : -1;
	ac = val[1] == 'L' ? 0.77 : val[1] == 'H' ? 0.44 : -1;
	pr = val[2] == 'N'   ? 0.85
	     : val[2] == 'L' ? (changed ? 0.68 : 0.62)
	     : val[2] == 'H' ? (changed ? 0.5 : 0.27)
			     : -1;
	ui = val[3] == 'N' ? 0.85 : val[3] == 'R' ? 0.62 : -1;
	c = val[5] == 'H' ? 0.56 : val[5] == 'L' ? 0.22 : val[5] == 'N' ? 0 : -1;
	i = val[6] == 'H' ? 0.56 : val[6] == 'L' ? 0.22 : val[6] == 'N' ? 0 : -1;
	a = val[7] == 'H' ? 0.56 : val[7] == 'L' ? 0.22 : val[7] == 'N' ? 0 : -1;
	if (av < 0 || ac < 0 || pr < 0 || ui < 0 || c < 0 || i < 0 || a < 0)
		return -1;
	iss = 1 - (1 - c) * (1 - i) * (1 - a);
	impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
	expl = 8.22 * av * ac * pr * ui;
	if (impact <= 0)
		return 0;
	return roundup10(fmin(changed ? 1.08 * (impact + expl) : impact + expl, 10.0));
}

const char *osv_rating(int score)
{
	return score <= 0   ? "none"
	       : score < 40 ? "low"
	       : score < 70 ? "medium"
	       : score < 90 ? "high"
			    : "critical";
}
