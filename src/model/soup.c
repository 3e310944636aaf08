/* SPDX-License-Identifier: Apache-2.0 */
#include "soup.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "alloc.h"
#include "ascii.h"
#include "json_get.h"
#include "strmap.h"
#include "strvec.h"
#include "banned.h"

#define MAX_SOUP_SIZE (64u << 20)

void soup_list_init(struct soup_list *l)
{
	memset(l, 0, sizeof(*l));
	strvec_init(&l->first_party_holders);
	strvec_init(&l->first_party_paths);
	strvec_init(&l->fingerprints);
}

static void component_init(struct soup_component *c)
{
	memset(c, 0, sizeof(*c));
	strvec_init(&c->risk_hazards);
	strvec_init(&c->risk_controls);
	strvec_init(&c->match_paths);
	strvec_init(&c->match_libraries);
	strvec_init(&c->match_packages);
}

static void component_release(struct soup_component *c)
{
	char **strs[] = { &c->name,
			  &c->version,
			  &c->supplier,
			  &c->distributor,
			  &c->license,
			  &c->purl,
			  &c->cpe,
			  &c->repository,
			  &c->commit,
			  &c->purpose,
			  &c->req_functional,
			  &c->req_performance,
			  &c->system_requirements,
			  &c->anomalies_list,
			  &c->anomalies_reviewed,
			  &c->anomalies_evaluation,
			  &c->support_level,
			  &c->end_of_support,
			  &c->description,
			  &c->notes };

	for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
		free(*strs[i]);
	strvec_clear(&c->risk_hazards);
	strvec_clear(&c->risk_controls);
	strvec_clear(&c->match_paths);
	strvec_clear(&c->match_libraries);
	strvec_clear(&c->match_packages);
}

void soup_list_release(struct soup_list *l)
{
	for (size_t i = 0; i < l->nr_components; i++)
		component_release(&l->components[i]);
	free(l->components);
	for (size_t i = 0; i < l->nr_ignores; i++) {
		strvec_clear(&l->ignores[i].paths);
		free(l->ignores[i].reason);
	}
	free(l->ignores);
	free(l->path);
	free(l->project_name);
	free(l->project_version);
	free(l->project_manufacturer);
	strvec_clear(&l->first_party_holders);
	strvec_clear(&l->first_party_paths);
	strvec_clear(&l->fingerprints);
	soup_list_init(l);
}

const char *soup_kind_name(enum soup_kind k)
{
	switch (k) {
	case SOUP_KIND_OPEN_SOURCE:
		return "open-source";
	case SOUP_KIND_COMMERCIAL:
		return "commercial";
	case SOUP_KIND_LEGACY:
		return "legacy";
	case SOUP_KIND_OS_RUNTIME:
		return "os-runtime";
	case SOUP_KIND_TOOLCHAIN:
		return "toolchain";
	case SOUP_KIND_UNSET:
		break;
	}
	return NULL;
}

/* ---------------------------------------------------------------- loading */

struct loader {
	const char *name;
	struct strbuf *diag;
	size_t errors, warnings;
	struct json_sink types; /* the type errors of json_get.h, as errors */
};

static void diag(struct loader *ld, bool error, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void diag(struct loader *ld, bool error, const char *path, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(ld->diag, "%s: %s: %s%s", ld->name, error ? "error" : "warning", path,
		    *path ? ": " : "");
	va_start(ap, fmt);
	strbuf_vaddf(ld->diag, fmt, ap);
	va_end(ap);
	strbuf_addch(ld->diag, '\n');
	if (error)
		ld->errors++;
	else
		ld->warnings++;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/*
 * Edit distance with swaps of neighbours counting as one edit (optimal
 * string alignment), to suggest "version" for "verison".
 */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), rows[3][64];
	size_t *pp = rows[0], *p = rows[1], *c = rows[2];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		p[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *t;

		c[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = min3(p[j] + 1, c[j - 1] + 1, p[j - 1] + (a[i - 1] != b[j - 1]));

			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb];
}

/*
 * Warn about members of obj that are not in known[], and make duplicate
 * keys an error (cJSON keeps both; which one counts would be a guess).
 */
static void check_fields(struct loader *ld, const cJSON *obj, const char *path,
			 const char *const *known)
{
	const cJSON *m, *n;

	cJSON_ArrayForEach(m, obj)
	{
		bool ok = false;
		const char *best = NULL;
		size_t best_d = 3;

		for (n = obj->child; n != m; n = n->next) {
			if (n->string && m->string && !strcmp(n->string, m->string)) {
				diag(ld, true, path, "the field '%s' is given twice", m->string);
				break;
			}
		}
		for (size_t i = 0; known[i]; i++) {
			size_t d;

			if (!strcmp(m->string, known[i])) {
				ok = true;
				break;
			}
			d = distance(m->string, known[i]);
			if (d < best_d) {
				best_d = d;
				best = known[i];
			}
		}
		if (ok)
			continue;
		if (best)
			diag(ld, false, path, "unknown field '%s' (ignored); did you mean '%s'?",
			     m->string, best);
		else
			diag(ld, false, path, "unknown field '%s' (ignored)", m->string);
	}
}

static void type_error(void *ld, const char *msg)
{
	diag(ld, true, "", "%s", msg);
}

/* Member key of obj of type want (json_get.h): NULL when absent, an error when of another type. */
static const cJSON *get_member(struct loader *ld, const cJSON *obj, const char *base,
			       const char *key, enum json_type want)
{
	return json_member(&ld->types, obj, base, key, want, 0);
}

/* A string member, copied: NULL when absent, an error when of another type. */
static char *get_string(struct loader *ld, const cJSON *obj, const char *base, const char *key)
{
	const cJSON *v = get_member(ld, obj, base, key, JSON_STRING);
	char *s = NULL;

	if (v && !(s = strdup(v->valuestring)))
		diag(ld, true, base, "out of memory");
	return s;
}

static void get_strings(struct loader *ld, const cJSON *obj, const char *base, const char *key,
			struct strvec *out)
{
	const cJSON *v = get_member(ld, obj, base, key, JSON_STRINGS), *e;
	struct strbuf p = STRBUF_INIT, ep = STRBUF_INIT;
	size_t i = 0;

	json_path(&p, base, key);
	cJSON_ArrayForEach(e, v)
	{
		strbuf_reset(&ep);
		strbuf_addf(&ep, "%s[%zu]", p.buf, i++);
		if (!cJSON_IsString(e))
			json_report_wrong(&ld->types, ep.buf, JSON_STRING);
		else if (strvec_push(out, e->valuestring))
			diag(ld, true, ep.buf, "out of memory");
	}
	strbuf_release(&p);
	strbuf_release(&ep);
}

/* An object member: NULL when absent, an error when of another type. */
static const cJSON *get_object(struct loader *ld, const cJSON *obj, const char *base,
			       const char *key)
{
	return get_member(ld, obj, base, key, JSON_OBJECT);
}

static void load_component(struct loader *ld, const cJSON *o, const char *path,
			   struct soup_component *c)
{
	static const char *const fields[] = { "name",
					      "version",
					      "supplier",
					      "distributor",
					      "license",
					      "kind",
					      "purl",
					      "cpe",
					      "repository",
					      "commit",
					      "purpose",
					      "requirements",
					      "system_requirements",
					      "anomalies",
					      "risk",
					      "support",
					      "match",
					      "description",
					      "notes",
					      NULL };
	static const char *const req_fields[] = { "functional", "performance", NULL };
	static const char *const anom_fields[] = { "list", "reviewed", "evaluation", NULL };
	static const char *const risk_fields[] = { "hazards", "controls", NULL };
	static const char *const support_fields[] = { "level", "end_of_support", NULL };
	static const char *const match_fields[] = { "paths", "libraries", "packages", NULL };
	struct strbuf sub = STRBUF_INIT;
	const cJSON *v;
	char *kind;

	check_fields(ld, o, path, fields);
	c->name = get_string(ld, o, path, "name");
	if (!cJSON_GetObjectItemCaseSensitive(o, "name"))
		diag(ld, true, path, "a component needs a \"name\"");
	else if (c->name && !*c->name)
		diag(ld, true, path, "\"name\" is empty");
	c->version = get_string(ld, o, path, "version");
	c->supplier = get_string(ld, o, path, "supplier");
	c->distributor = get_string(ld, o, path, "distributor");
	c->license = get_string(ld, o, path, "license");
	c->purl = get_string(ld, o, path, "purl");
	c->cpe = get_string(ld, o, path, "cpe");
	c->repository = get_string(ld, o, path, "repository");
	c->commit = get_string(ld, o, path, "commit");
	if (c->repository) {
		/* a host and a path: a bare host would match every repository on it */
		const char *r = strstr(c->repository, "://");
		const char *p = r ? strchr(r + 3, '/') : strpbrk(c->repository, ":/");

		if (!p || !p[strspn(p, "/:")]) {
			json_path(&sub, path, "repository");
			diag(ld, true, sub.buf,
			     "'%s' names no repository (a URL such as "
			     "https://github.com/OWNER/NAME)",
			     c->repository);
		}
	}
	if (c->commit) {
		size_t n = strspn(c->commit, "0123456789abcdef");

		if (c->commit[n] || (n != 40 && n != 64)) {
			json_path(&sub, path, "commit");
			diag(ld, true, sub.buf,
			     "'%s' is not a full commit id (40 or 64 lower-case hex digits, as "
			     "git rev-parse prints it)",
			     c->commit);
		}
	}
	c->purpose = get_string(ld, o, path, "purpose");
	c->description = get_string(ld, o, path, "description");
	c->notes = get_string(ld, o, path, "notes");
	c->system_requirements = get_string(ld, o, path, "system_requirements");
	kind = get_string(ld, o, path, "kind");
	if (kind) {
		for (enum soup_kind k = SOUP_KIND_OPEN_SOURCE; k <= SOUP_KIND_TOOLCHAIN; k++)
			if (!strcmp(kind, soup_kind_name(k)))
				c->kind = k;
		if (c->kind == SOUP_KIND_UNSET) {
			json_path(&sub, path, "kind");
			diag(ld, true, sub.buf,
			     "'%s' is not a kind (open-source, commercial, legacy, os-runtime, "
			     "toolchain)",
			     kind);
		}
		free(kind);
	}
	json_path(&sub, path, "requirements");
	if ((v = get_object(ld, o, path, "requirements"))) {
		check_fields(ld, v, sub.buf, req_fields);
		c->req_functional = get_string(ld, v, sub.buf, "functional");
		c->req_performance = get_string(ld, v, sub.buf, "performance");
	}
	json_path(&sub, path, "anomalies");
	if ((v = get_object(ld, o, path, "anomalies"))) {
		check_fields(ld, v, sub.buf, anom_fields);
		c->anomalies_list = get_string(ld, v, sub.buf, "list");
		c->anomalies_reviewed = get_string(ld, v, sub.buf, "reviewed");
		c->anomalies_evaluation = get_string(ld, v, sub.buf, "evaluation");
	}
	json_path(&sub, path, "risk");
	if ((v = get_object(ld, o, path, "risk"))) {
		check_fields(ld, v, sub.buf, risk_fields);
		get_strings(ld, v, sub.buf, "hazards", &c->risk_hazards);
		get_strings(ld, v, sub.buf, "controls", &c->risk_controls);
	}
	json_path(&sub, path, "support");
	if ((v = get_object(ld, o, path, "support"))) {
		check_fields(ld, v, sub.buf, support_fields);
		c->support_level = get_string(ld, v, sub.buf, "level");
		c->end_of_support = get_string(ld, v, sub.buf, "end_of_support");
	}
	json_path(&sub, path, "match");
	if ((v = get_object(ld, o, path, "match"))) {
		c->has_match = true;
		check_fields(ld, v, sub.buf, match_fields);
		get_strings(ld, v, sub.buf, "paths", &c->match_paths);
		get_strings(ld, v, sub.buf, "libraries", &c->match_libraries);
		get_strings(ld, v, sub.buf, "packages", &c->match_packages);
	}
	strbuf_release(&sub);
}

static void load_project(struct loader *ld, const cJSON *root, struct soup_list *l)
{
	static const char *const project_fields[] = { "name", "version", "safety_class",
						      "manufacturer", NULL };
	const cJSON *v = get_object(ld, root, "", "project");
	char *cls;

	if (!v)
		return;
	check_fields(ld, v, "project", project_fields);
	l->project_name = get_string(ld, v, "project", "name");
	l->project_version = get_string(ld, v, "project", "version");
	l->project_manufacturer = get_string(ld, v, "project", "manufacturer");
	cls = get_string(ld, v, "project", "safety_class");
	if (cls) {
		if (strlen(cls) == 1 && strchr("ABC", cls[0]))
			l->safety_class = cls[0];
		else
			diag(ld, true, "project.safety_class",
			     "'%s' is not a safety class (A, B or C)", cls);
		free(cls);
	}
}

/*
 * A component name declared twice (compared ignoring ASCII case, as
 * strcasecmp does): one hash lookup per component, so a list of any
 * length loads in linear time.
 */
static void check_twice(struct loader *ld, struct strmap *names, struct strvec *keys,
			const char *name, size_t index, const char *at)
{
	struct strmap_slot *slot;
	char *key = xstrdup(name);
	bool is_new;

	for (char *q = key; *q; q++)
		*q = (char)ascii_to_lower((unsigned char)*q);
	if (strvec_push_nodup(keys, key))
		alloc_failed(sizeof(char *));
	slot = strmap_put(names, key, index, &is_new);
	if (!slot)
		alloc_failed(sizeof(*slot));
	if (!is_new)
		diag(ld, true, at, "'%s' is declared twice (first as components[%zu])", name,
		     slot->val);
}

static void load_components(struct loader *ld, const cJSON *root, struct soup_list *l)
{
	struct strmap names = STRMAP_INIT; /* lower-case name -> index */
	struct strvec keys = STRVEC_INIT;  /* the lower-case names, owned */
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "components"), *e;
	size_t i = 0;

	if (!v) {
		diag(ld, true, "", "\"components\" is missing (an empty list is [])");
		return;
	}
	if (!cJSON_IsArray(v)) {
		json_report_wrong(&ld->types, "components", JSON_ARRAY);
		return;
	}
	l->components = xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*l->components));
	cJSON_ArrayForEach(e, v)
	{
		struct soup_component *c = &l->components[l->nr_components];
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "components[%zu]", i++);
		component_init(c);
		l->nr_components++;
		if (!cJSON_IsObject(e)) {
			json_report_wrong(&ld->types, p.buf, JSON_OBJECT);
		} else {
			load_component(ld, e, p.buf, c);
			if (c->name)
				check_twice(ld, &names, &keys, c->name, l->nr_components - 1,
					    p.buf);
		}
		strbuf_release(&p);
	}
	strmap_release(&names);
	strvec_clear(&keys);
}

static void load_ignores(struct loader *ld, const cJSON *root, struct soup_list *l)
{
	static const char *const ignore_fields[] = { "paths", "reason", NULL };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "ignore"), *e;
	size_t i = 0;

	if (!v)
		return;
	if (!cJSON_IsArray(v)) {
		json_report_wrong(&ld->types, "ignore", JSON_ARRAY);
		return;
	}
	l->ignores = xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*l->ignores));
	cJSON_ArrayForEach(e, v)
	{
		struct soup_ignore *ig = &l->ignores[l->nr_ignores++];
		struct strbuf p = STRBUF_INIT;

		strvec_init(&ig->paths);
		strbuf_addf(&p, "ignore[%zu]", i++);
		if (!cJSON_IsObject(e)) {
			json_report_wrong(&ld->types, p.buf, JSON_OBJECT);
		} else {
			check_fields(ld, e, p.buf, ignore_fields);
			get_strings(ld, e, p.buf, "paths", &ig->paths);
			ig->reason = get_string(ld, e, p.buf, "reason");
			if (!ig->paths.nr)
				diag(ld, true, p.buf, "\"paths\" is missing or empty");
			if (!ig->reason || !*ig->reason)
				diag(ld, false, p.buf,
				     "no \"reason\": an auditor will ask why this is ignored");
		}
		strbuf_release(&p);
	}
}

/* first_party, and the user's fingerprint files (relative to the list's own folder). */
static void load_first_party(struct loader *ld, const cJSON *root, const char *name,
			     struct soup_list *l)
{
	static const char *const fp_fields[] = { "holders", "paths", NULL };
	struct strvec raw = STRVEC_INIT;
	const char *slash = strrchr(name, '/');
	const cJSON *v = get_object(ld, root, "", "first_party");

	if (v) {
		check_fields(ld, v, "first_party", fp_fields);
		get_strings(ld, v, "first_party", "holders", &l->first_party_holders);
		get_strings(ld, v, "first_party", "paths", &l->first_party_paths);
	}
	get_strings(ld, root, "", "fingerprints", &raw);
	for (size_t k = 0; k < raw.nr; k++) {
		struct strbuf f = STRBUF_INIT;

		if (raw.v[k][0] != '/' && slash)
			strbuf_add(&f, name, (size_t)(slash - name + 1));
		strbuf_addstr(&f, raw.v[k]);
		strvec_push(&l->fingerprints, f.buf);
		strbuf_release(&f);
	}
	strvec_clear(&raw);
}

int soup_parse(const char *name, const char *text, size_t len, struct soup_list *l,
	       struct strbuf *diagnostics, size_t *warnings)
{
	static const char *const top_fields[] = { "souptrace", "project",     "components",
						  "ignore",    "first_party", "fingerprints",
						  "$schema",   NULL };
	struct loader ld = { name, diagnostics, 0, 0, { type_error, NULL } };
	cJSON *root;
	const cJSON *v;

	ld.types.ctx = &ld;
	if (!l->path && !(l->path = strdup(name)))
		return -1;
	root = json_parse_document(name, text, len, diagnostics);
	if (!root)
		return -1;
	if (!cJSON_IsObject(root)) {
		diag(&ld, true, "", "the top level must be a JSON object");
		goto out;
	}
	check_fields(&ld, root, "", top_fields);
	v = cJSON_GetObjectItemCaseSensitive(root, "souptrace");
	if (!v)
		diag(&ld, true, "", "not a soup.json: \"souptrace\": 1 is missing");
	else if (!cJSON_IsNumber(v) || v->valuedouble != 1)
		diag(&ld, true, "souptrace", "version 1 is the only one this souptrace reads");
	load_project(&ld, root, l);
	load_components(&ld, root, l);
	load_ignores(&ld, root, l);
	load_first_party(&ld, root, name, l);
out:
	cJSON_Delete(root);
	if (warnings)
		*warnings = ld.warnings;
	return ld.errors ? -1 : 0;
}

int soup_load(const char *path, struct soup_list *l, struct strbuf *diagnostics, size_t *warnings)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	if (warnings)
		*warnings = 0;
	if (strbuf_read_file(&text, path, MAX_SOUP_SIZE) < 0) {
		strbuf_addf(diagnostics, "%s: error: cannot read: %s\n", path, strerror(errno));
		return -1;
	}
	ret = soup_parse(path, text.buf, text.len, l, diagnostics, warnings);
	strbuf_release(&text);
	return ret;
}

/* Absent, empty, or still the TODO that souptrace init wrote there. */
static bool empty(const char *s)
{
	return !s || !*s || !strncasecmp(s, "TODO", 4);
}

static bool empty_list(const struct strvec *v)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!empty(v->v[i]))
			return false;
	return true;
}

size_t soup_missing_fields(const struct soup_component *c, char safety_class,
			   struct strvec *missing)
{
	const struct {
		const char *name;
		bool absent;
		bool class_a;
	} req[] = {
		{ "name", empty(c->name), true },
		{ "version", empty(c->version), true },
		{ "supplier", empty(c->supplier), true },
		{ "purpose", empty(c->purpose), false },
		{ "requirements.functional", empty(c->req_functional), false },
		{ "requirements.performance", empty(c->req_performance), false },
		{ "system_requirements", empty(c->system_requirements), false },
		{ "anomalies.list", empty(c->anomalies_list), false },
		{ "anomalies.reviewed", empty(c->anomalies_reviewed), false },
		{ "anomalies.evaluation", empty(c->anomalies_evaluation), false },
		{ "risk.hazards", empty_list(&c->risk_hazards), false },
		{ "risk.controls", empty_list(&c->risk_controls), false },
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(req) / sizeof(*req); i++) {
		if (!req[i].absent ||
		    (!req[i].class_a && safety_class != 'B' && safety_class != 'C'))
			continue;
		strvec_push(missing, req[i].name);
		n++;
	}
	return n;
}
