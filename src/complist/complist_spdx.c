/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Components of SPDX SBOMs: the packages of an SPDX 2.2/2.3 JSON document
 * and the software_Package elements of an SPDX 3.0.1 JSON-LD graph, without
 * the ones the document describes (the shipped artifacts).
 */
#include <stdlib.h>
#include <string.h>

#include "complist_read.h"
#include "strmap.h"
#include "banned.h"

static bool no_value(const char *s)
{
	return !s || !*s || !strcmp(s, "NOASSERTION") || !strcmp(s, "NONE");
}

static bool starts_with(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

/* The souptrace:kind=VALUE of a statement or comment, or NULL. */
static const char *kind_in(const char *text)
{
	static const char prefix[] = CL_KIND_PREFIX "=";

	return starts_with(text, prefix) ? text + sizeof(prefix) - 1 : NULL;
}

static int mark(struct strmap *m, const char *id, bool *oom)
{
	bool is_new;

	if (!strmap_put(m, id, 0, &is_new)) {
		*oom = true;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ SPDX 2 */

/* Organization: / Person: / Tool: dropped; NOASSERTION is none. */
static const char *spdx2_supplier(const char *s)
{
	static const char *const kinds[] = { "Organization:", "Person:", "Tool:" };

	if (no_value(s))
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		if (starts_with(s, kinds[i])) {
			s += strlen(kinds[i]);
			while (*s == ' ')
				s++;
			break;
		}
	}
	return no_value(s) ? NULL : s;
}

/* The SPDXIDs the document describes, into described. */
static void spdx2_described(struct cl_reader *r, const cJSON *root, struct strmap *described,
			    bool *oom)
{
	const char *doc = cl_str(r, root, "", "SPDXID");
	struct cl_iter it;
	const cJSON *e;

	if (!doc)
		doc = "SPDXRef-DOCUMENT";
	cl_iter_member(&it, r, root, "", "documentDescribes", JSON_STRING);
	while ((e = cl_iter_next(&it)))
		mark(described, e->valuestring, oom);
	cl_iter_release(&it);
	cl_iter_member(&it, r, root, "", "relationships", JSON_OBJECT);
	while ((e = cl_iter_next(&it))) {
		const char *from = cl_str(r, e, it.path.buf, "spdxElementId");
		const char *type = cl_str(r, e, it.path.buf, "relationshipType");
		const char *to = cl_str(r, e, it.path.buf, "relatedSpdxElement");

		if (!from || !type || !to)
			continue;
		if (!strcmp(type, "DESCRIBES") && !strcmp(from, doc))
			mark(described, to, oom);
		else if (!strcmp(type, "DESCRIBED_BY") && !strcmp(to, doc))
			mark(described, from, oom);
	}
	cl_iter_release(&it);
}

static const char *spdx2_kind(struct cl_reader *r, const cJSON *pkg, const char *path)
{
	struct cl_iter it;
	const cJSON *e;
	const char *kind = NULL;

	cl_iter_member(&it, r, pkg, path, "annotations", JSON_OBJECT);
	while ((e = cl_iter_next(&it))) {
		const char *k = kind_in(cl_str(r, e, it.path.buf, "comment"));

		if (k && !kind)
			kind = k;
	}
	cl_iter_release(&it);
	return kind;
}

int cl_read_spdx2(struct cl_reader *r, const cJSON *root)
{
	struct strmap described = STRMAP_INIT;
	struct cl_iter it;
	const cJSON *pkg;
	size_t before = r->errors;
	bool oom = false;

	spdx2_described(r, root, &described, &oom);
	cl_iter_member(&it, r, root, "", "packages", JSON_OBJECT);
	while ((pkg = cl_iter_next(&it))) {
		const char *p = it.path.buf, *id, *name, *version, *supplier, *concluded, *declared,
			   *kind;

		id = cl_str(r, pkg, p, "SPDXID");
		name = cl_str(r, pkg, p, "name");
		version = cl_str(r, pkg, p, "versionInfo");
		/* who made it: the originator when a distributor is the supplier */
		supplier = spdx2_supplier(cl_str(r, pkg, p, "originator"));
		if (!supplier)
			supplier = spdx2_supplier(cl_str(r, pkg, p, "supplier"));
		concluded = cl_str(r, pkg, p, "licenseConcluded");
		declared = cl_str(r, pkg, p, "licenseDeclared");
		kind = spdx2_kind(r, pkg, p);
		if (kind)
			r->list->has_kind = true;
		if (id && strmap_find(&described, id))
			continue;
		if (!cl_add(r, p, name, version, supplier,
			    !no_value(concluded) ? concluded
			    : no_value(declared) ? NULL
						 : declared,
			    kind)) {
			/* its purl, for an audit of the SBOM: externalRefs[] of type purl */
			const cJSON *refs = cJSON_GetObjectItemCaseSensitive(pkg, "externalRefs"),
				    *x;
			struct complist_entry *e = &r->list->v[r->list->nr - 1];

			if (!cJSON_IsArray(refs))
				refs = NULL;
			cJSON_ArrayForEach(x, refs)
			{
				const cJSON *t = cJSON_GetObjectItemCaseSensitive(x,
										  "referenceType"),
					    *l = cJSON_GetObjectItemCaseSensitive(
						    x, "referenceLocator");

				if (!e->purl && cJSON_IsString(t) &&
				    !strcmp(t->valuestring, "purl") && cJSON_IsString(l) &&
				    !(e->purl = strdup(l->valuestring)))
					cl_error(r, p, "out of memory");
			}
		}
	}
	if (oom)
		cl_error(r, "", "out of memory");
	strmap_release(&described);
	cl_iter_release(&it);
	return r->errors == before ? 0 : -1;
}

/* ------------------------------------------------------------------ SPDX 3 */

/* What is remembered of each software_Package while the graph is read. */
struct spdx3_pkg {
	const char *path, *id, *name, *version, *supplied_by, *kind, *purl;
	const char *originated_by; /* the first of originatedBy, or NULL */
	struct strvec concluded, declared;
};

struct spdx3 {
	struct cl_reader *r;
	const cJSON *graph;
	const cJSON **els;     /* the elements of @graph, by index */
	struct strmap ids;     /* spdxId -> index in @graph */
	struct strmap pkg_ids; /* spdxId of a package -> index in pkgs */
	struct strmap roots;   /* rootElement of SpdxDocument / software_Sbom */
	struct spdx3_pkg *pkgs;
	size_t nr_pkgs;
	struct strvec paths; /* owns the pkgs' paths */
	bool oom;
};

/* The element's type and spdxId (JSON-LD "@id" accepted for the latter). */
static const char *el_type(struct spdx3 *s, const cJSON *el, const char *path)
{
	return cl_str(s->r, el, path, "type");
}

static const char *el_id(struct spdx3 *s, const cJSON *el, const char *path)
{
	const char *id = cl_str(s->r, el, path, "spdxId");

	return id ? id : cl_str(s->r, el, path, "@id");
}

static const cJSON *element(struct spdx3 *s, const char *id)
{
	const struct strmap_slot *slot = id ? strmap_find(&s->ids, id) : NULL;

	return slot ? s->els[slot->val] : NULL;
}

static void element_path(struct strbuf *p, size_t i)
{
	strbuf_reset(p);
	strbuf_addf(p, "@graph[%zu]", i);
}

/* An array of spdxId strings, each passed to fn. */
static void each_id(struct spdx3 *s, const cJSON *el, const char *path, const char *key,
		    void (*fn)(struct spdx3 *, const char *, void *), void *arg)
{
	struct cl_iter it;
	const cJSON *e;

	cl_iter_member(&it, s->r, el, path, key, JSON_STRING);
	while ((e = cl_iter_next(&it)))
		fn(s, e->valuestring, arg);
	cl_iter_release(&it);
}

static void add_root(struct spdx3 *s, const char *id, void *arg)
{
	(void)arg;
	mark(&s->roots, id, &s->oom);
}

/* A licence the `to` of a relationship names: an expression element. */
static void add_license(struct spdx3 *s, const char *id, void *arg)
{
	static const char listed[] = "https://spdx.org/licenses/";
	static const char terms[] = "https://spdx.org/rdf/3.0.1/terms/";
	struct strvec *out = arg;
	const cJSON *el = element(s, id);
	const char *expr = NULL;

	if (starts_with(id, listed)) {
		expr = id + sizeof(listed) - 1; /* a listed licence by its IRI */
	} else if (el) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(el, "type");
		const cJSON *x =
			cJSON_GetObjectItemCaseSensitive(el, "simplelicensing_licenseExpression");
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(el, "name");

		if (cJSON_IsString(t) &&
		    !strcmp(t->valuestring, "simplelicensing_LicenseExpression"))
			expr = cJSON_IsString(x) ? x->valuestring : NULL;
		else /* an expanded licence (expandedlicensing_CustomLicense ...): its name */
			expr = cJSON_IsString(n) ? n->valuestring : id;
	} else if (!starts_with(id, terms)) {
		expr = id; /* defined elsewhere: its id is all there is */
	}		   /* NoAssertionLicense, NoneLicense: none */
	if (expr && *expr && !no_value(expr) && strvec_push(out, expr))
		s->oom = true;
}

/* First pass: index the elements by spdxId, note the roots and the packages. */
static void spdx3_index(struct spdx3 *s)
{
	struct strbuf p = STRBUF_INIT;
	const cJSON *el;
	size_t i = 0, n = (size_t)cJSON_GetArraySize(s->graph);

	s->pkgs = calloc(n ? n : 1, sizeof(*s->pkgs));
	s->els = calloc(n ? n : 1, sizeof(*s->els));
	if (!s->pkgs || !s->els || strmap_reserve(&s->ids, n)) {
		s->oom = true;
		return;
	}
	cJSON_ArrayForEach(el, s->graph)
	{
		const char *type, *id;
		bool is_new;

		element_path(&p, i);
		s->els[i] = el;
		if (!cJSON_IsObject(el)) {
			json_report_wrong(&s->r->types, p.buf, JSON_OBJECT);
			i++;
			continue;
		}
		type = el_type(s, el, p.buf);
		id = el_id(s, el, p.buf);
		if (id && !strmap_put(&s->ids, id, i, &is_new))
			s->oom = true;
		if (type && (!strcmp(type, "SpdxDocument") || !strcmp(type, "software_Sbom")))
			each_id(s, el, p.buf, "rootElement", add_root, NULL);
		if (type && !strcmp(type, "software_Package")) {
			struct spdx3_pkg *pkg = &s->pkgs[s->nr_pkgs];

			if (strvec_push(&s->paths, p.buf)) {
				s->oom = true;
				break;
			}
			pkg->path = s->paths.v[s->paths.nr - 1];
			pkg->id = id;
			pkg->name = cl_str(s->r, el, p.buf, "name");
			pkg->version = cl_str(s->r, el, p.buf, "software_packageVersion");
			pkg->purl = cl_str(s->r, el, p.buf, "software_packageUrl");
			pkg->supplied_by = cl_str(s->r, el, p.buf, "suppliedBy");
			pkg->originated_by = NULL;
			{
				const cJSON *ob = cl_arr(s->r, el, p.buf, "originatedBy");

				if (ob && cJSON_IsString(cJSON_GetArrayItem(ob, 0)))
					pkg->originated_by = cJSON_GetArrayItem(ob, 0)->valuestring;
			}
			strvec_init(&pkg->concluded);
			strvec_init(&pkg->declared);
			s->nr_pkgs++;
			if (id && !strmap_put(&s->pkg_ids, id, s->nr_pkgs - 1, &is_new))
				s->oom = true;
		}
		i++;
	}
	strbuf_release(&p);
}

static struct spdx3_pkg *package(struct spdx3 *s, const char *id)
{
	const struct strmap_slot *slot = id ? strmap_find(&s->pkg_ids, id) : NULL;

	return slot ? &s->pkgs[slot->val] : NULL;
}

/* Second pass: licence relationships and kind annotations of the packages. */
static void spdx3_links(struct spdx3 *s)
{
	struct strbuf p = STRBUF_INIT;
	const cJSON *el;
	size_t i = 0;

	cJSON_ArrayForEach(el, s->graph)
	{
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(el, "type");
		const char *type = cJSON_IsString(t) ? t->valuestring : "";

		element_path(&p, i++);
		if (!strcmp(type, "Relationship")) {
			const char *rel = cl_str(s->r, el, p.buf, "relationshipType");
			struct spdx3_pkg *pkg = package(s, cl_str(s->r, el, p.buf, "from"));

			if (!pkg || !rel)
				continue;
			if (!strcmp(rel, "hasConcludedLicense"))
				each_id(s, el, p.buf, "to", add_license, &pkg->concluded);
			else if (!strcmp(rel, "hasDeclaredLicense"))
				each_id(s, el, p.buf, "to", add_license, &pkg->declared);
		} else if (!strcmp(type, "Annotation")) {
			const char *k = kind_in(cl_str(s->r, el, p.buf, "statement"));
			struct spdx3_pkg *pkg = package(s, cl_str(s->r, el, p.buf, "subject"));

			if (k && pkg && !pkg->kind)
				pkg->kind = k;
			if (k)
				s->r->list->has_kind = true;
		}
	}
	strbuf_release(&p);
}

/*
 * The name of the agent that made it: originatedBy's first when a
 * distributor is suppliedBy, else suppliedBy's (its id when not in the graph).
 */
static const char *supplier_name(struct spdx3 *s, const struct spdx3_pkg *pkg)
{
	const char *who = pkg->originated_by ? pkg->originated_by : pkg->supplied_by;
	const cJSON *agent = element(s, who);
	struct strbuf p = STRBUF_INIT;
	const char *name;

	if (!who || !agent)
		return who;
	element_path(&p, (size_t)strmap_find(&s->ids, who)->val);
	name = cl_str(s->r, agent, p.buf, "name");
	strbuf_release(&p);
	return name;
}

int cl_read_spdx3(struct cl_reader *r, const cJSON *root)
{
	struct spdx3 s;
	size_t before = r->errors;

	memset(&s, 0, sizeof(s));
	s.r = r;
	strvec_init(&s.paths);
	s.graph = cl_arr(r, root, "", "@graph");
	if (!s.graph) {
		if (!r->errors)
			cl_error(r, "", "\"@graph\" is missing");
		goto out;
	}
	spdx3_index(&s);
	if (!s.oom)
		spdx3_links(&s);
	for (size_t i = 0; !s.oom && i < s.nr_pkgs; i++) {
		struct spdx3_pkg *pkg = &s.pkgs[i];
		const char *supplier = supplier_name(&s, pkg);
		char *license;

		if (pkg->id && strmap_find(&s.roots, pkg->id))
			continue;
		license = cl_license_join(pkg->concluded.nr ? &pkg->concluded : &pkg->declared,
					  &s.oom);
		if (!s.oom &&
		    !cl_add(r, pkg->path, pkg->name, pkg->version, supplier, license, pkg->kind) &&
		    pkg->purl && !(r->list->v[r->list->nr - 1].purl = strdup(pkg->purl)))
			s.oom = true;
		free(license);
	}
out:
	if (s.oom)
		cl_error(r, "", "out of memory");
	for (size_t i = 0; i < s.nr_pkgs; i++) {
		strvec_clear(&s.pkgs[i].concluded);
		strvec_clear(&s.pkgs[i].declared);
	}
	free(s.pkgs);
	free(s.els);
	strvec_clear(&s.paths);
	strmap_release(&s.ids);
	strmap_release(&s.pkg_ids);
	strmap_release(&s.roots);
	return r->errors == before ? 0 : -1;
}
