/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Debian Security Tracker's JSON (https://security-tracker.debian.org/
 * tracker/data/json), read into OSV records (osv.h): source package -> CVE
 * (or TEMP- id) -> {description, releases: {CODENAME: {status,
 * fixed_version, urgency, ...}}}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "alloc.h"
#include "osv_internal.h"
#include "banned.h"

/* Debian's release codenames and numbers, as OSV's ecosystems name them ("Debian:12"). */
static const struct {
	const char *codename, *number;
} releases[] = { { "jessie", "8" },    { "stretch", "9" }, { "buster", "10" }, { "bullseye", "11" },
		 { "bookworm", "12" }, { "trixie", "13" }, { "forky", "14" },  { "duke", "15" } };

const char *osv_debian_codename(const char *ecosystem)
{
	if (!ecosystem || strncmp(ecosystem, "Debian:", 7))
		return NULL;
	for (size_t i = 0; i < sizeof(releases) / sizeof(*releases); i++)
		if (!strcmp(ecosystem + 7, releases[i].number))
			return releases[i].codename;
	return NULL;
}

bool osv_tracker_shape(const cJSON *root)
{
	const cJSON *pkg, *entry;

	if (!cJSON_IsObject(root) || cJSON_GetObjectItemCaseSensitive(root, "id") ||
	    cJSON_GetObjectItemCaseSensitive(root, "dataType") ||
	    cJSON_GetObjectItemCaseSensitive(root, "schema_version"))
		return false;
	pkg = root->child;
	if (!pkg || !cJSON_IsObject(pkg))
		return false;
	entry = pkg->child;
	return entry &&
	       (cJSON_IsObject(entry) && (cJSON_GetObjectItemCaseSensitive(entry, "releases") ||
					  cJSON_GetObjectItemCaseSensitive(entry, "description")));
}

/* A member that must be a string when present: its value, NULL when absent; *bad when not. */
static const char *opt_string(const cJSON *o, const char *key, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		*bad = true;
		return NULL;
	}
	return v->valuestring;
}

/*
 * One package's entry for a release, checked; with keep, a record, or none
 * when that release never had the flaw.
 */
static int take(struct osv_db *db, const char *file, const char *pkg, const char *id,
		const char *description, const char *codename, const cJSON *rel, bool keep,
		struct strbuf *err)
{
	bool bad = false;
	const char *status = opt_string(rel, "status", &bad);
	const char *fixed = opt_string(rel, "fixed_version", &bad);
	const char *urgency = opt_string(rel, "urgency", &bad);
	struct osv_vuln *v;
	struct osv_affected *a;
	struct osv_range *r;

	if (bad || !status) {
		strbuf_addf(err,
			    "%s: $.%s.%s.releases.%s: \"status\" missing, or a member that is not "
			    "a string",
			    file, pkg, id, codename);
		return -1;
	}
	if (strcmp(status, "resolved") && strcmp(status, "open") &&
	    strcmp(status, "undetermined")) {
		strbuf_addf(err,
			    "%s: $.%s.%s.releases.%s.status: \"%s\" is not a status the tracker "
			    "writes (resolved, open, undetermined)",
			    file, pkg, id, codename, status);
		return -1;
	}
	if (!strcmp(status, "resolved") && !fixed) {
		strbuf_addf(err, "%s: $.%s.%s.releases.%s: resolved without a \"fixed_version\"",
			    file, pkg, id, codename);
		return -1;
	}
	if (!keep || (!strcmp(status, "resolved") && !strcmp(fixed, "0")))
		return 0; /* "0": that release never had the flaw */
	ALLOC_GROW(db->v, db->nr + 1, db->alloc);
	v = &db->v[db->nr++];
	memset(v, 0, sizeof(*v));
	strvec_init(&v->aliases);
	v->id = xstrdup(id);
	v->summary = description ? xstrdup(description) : NULL;
	{
		struct strbuf f = STRBUF_INIT;

		strbuf_addf(&f, "%s: %s %s, %s", file, pkg, id, codename);
		v->file = strbuf_detach(&f, NULL);
	}
	v->severity = osv_urgency_word(urgency);
	v->affected = xcalloc(1, sizeof(*v->affected));
	v->nr_affected = 1;
	a = &v->affected[0];
	strvec_init(&a->versions);
	for (size_t i = 0; i < sizeof(releases) / sizeof(*releases); i++)
		if (!strcmp(releases[i].codename, codename)) {
			struct strbuf e = STRBUF_INIT;

			strbuf_addf(&e, "Debian:%s", releases[i].number);
			a->ecosystem = strbuf_detach(&e, NULL);
		}
	a->name = xstrdup(pkg);
	a->ranges = xcalloc(1, sizeof(*a->ranges));
	a->nr_ranges = 1;
	r = &a->ranges[0];
	r->type = xstrdup("ECOSYSTEM");
	r->events = xcalloc(2, sizeof(*r->events));
	r->events[r->nr_events].kind = OSV_INTRODUCED;
	r->events[r->nr_events++].value = xstrdup("0");
	if (!strcmp(status, "resolved")) {
		r->events[r->nr_events].kind = OSV_FIXED;
		r->events[r->nr_events++].value = xstrdup(fixed);
	}
	return 0;
}

int osv_tracker_read(struct osv_db *db, const char *file, const cJSON *root, struct strbuf *err)
{
	const char *codename = osv_debian_codename(db->debian);
	const cJSON *pkg, *entry;
	size_t entries = 0, kept = 0;
	char when[32] = "(unknown)";
	struct stat st;

	if (!stat(file, &st)) {
		struct tm tm;

		if (gmtime_r(&st.st_mtime, &tm))
			strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}

	cJSON_ArrayForEach(pkg, root)
	{
		if (!cJSON_IsObject(pkg)) {
			strbuf_addf(err, "%s: $.%s: not an object", file, pkg->string);
			return -1;
		}
		cJSON_ArrayForEach(entry, pkg)
		{
			const cJSON *rels, *rel;
			bool bad = false;
			const char *description;
			size_t before = db->nr;

			if (!cJSON_IsObject(entry)) {
				strbuf_addf(err, "%s: $.%s.%s: not an object", file, pkg->string,
					    entry->string);
				return -1;
			}
			description = opt_string(entry, "description", &bad);
			rels = cJSON_GetObjectItemCaseSensitive(entry, "releases");
			if (bad || (rels && !cJSON_IsObject(rels))) {
				strbuf_addf(err,
					    "%s: $.%s.%s: \"description\" is not a string or "
					    "\"releases\" not an object",
					    file, pkg->string, entry->string);
				return -1;
			}
			entries++;
			cJSON_ArrayForEach(rel, rels)
			{
				if (!cJSON_IsObject(rel)) {
					strbuf_addf(err, "%s: $.%s.%s.releases.%s: not an object",
						    file, pkg->string, entry->string, rel->string);
					return -1;
				}
				/* every release is checked; only the system's is kept */
				if (take(db, file, pkg->string, entry->string, description,
					 rel->string, rel,
					 codename && !strcmp(rel->string, codename), err))
					return -1;
			}
			kept += db->nr - before;
		}
	}
	if (codename)
		strvec_pushf(&db->notes,
			     "%s: Debian Security Tracker JSON, %zu entries, %zu kept for %s (%s); "
			     "it states no date: the file's time is %s",
			     file, entries, kept, codename, db->debian, when);
	else if (++db->trackers_unused)
		strvec_pushf(&db->notes,
			     "%s: Debian Security Tracker JSON, %zu entries, none kept: this "
			     "system's Debian release is not known (pass --ecosystem Debian:N); "
			     "the file's time is %s",
			     file, entries, when);
	return 0;
}
