/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SPDX 2.3 JSON and SPDX 3.0.1 JSON-LD. The artifacts are the described
 * packages (2.3: DESCRIBES; 3.0.1: the Sbom's rootElement); each SOUP item
 * a package with its files; relationships in each version's own spelling:
 * STATIC_LINK / DYNAMIC_LINK / CONTAINS (2.3), hasStaticLink /
 * hasDynamicLink / contains (3.0.1). The IEC 62304 fields are annotations
 * "souptrace:NAME=VALUE" (SPDX has no free properties).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jout.h"
#include "sbom.h"
#include "banned.h"

#define NAMESPACE_BASE "https://spdx.org/spdxdocs/souptrace-"

/* Letters, digits, '.' and '-' only, as SPDX 2.3 identifiers require. */
static void add_idstr(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		strbuf_addch(sb, isalnum((unsigned char)*s) || *s == '.' || *s == '-' ? *s : '-');
}

static void doc_name(struct strbuf *sb, const struct bom *b)
{
	add_idstr(sb, b->project_name	? b->project_name
		      : b->nr_artifacts ? b->artifacts[0].name
					: "sbom");
}

/* Debian's "Name <mail>" as SPDX's "Name (mail)". */
static void add_agent_name(struct strbuf *sb, const char *s)
{
	const char *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	if (!lt || !gt) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_add(sb, s, (size_t)(lt - s));
	strbuf_addch(sb, '(');
	strbuf_add(sb, lt + 1, (size_t)(gt - lt - 1));
	strbuf_addch(sb, ')');
}

/* Every LicenseRef-... of an expression, once. */
static void license_refs(const char *expr, struct strvec *refs)
{
	const char *p = expr;

	while (p && (p = strstr(p, "LicenseRef-"))) {
		size_t n = strspn(p + 11, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					  "0123456789.-") +
			   11;
		char *ref = strndup(p, n);

		if (ref && strvec_find(refs, ref) < 0)
			strvec_push(refs, ref);
		free(ref);
		p += n;
	}
}

/* ------------------------------------------------------------------- 2.3 */

/* d NULL: the file could not be read; SPDX 2.3 still wants its SHA-1: zeros. */
static void checksums2(struct jout *j, cJSON *o, const struct file_digests *d)
{
	static const char *const alg[] = { "SHA1", "SHA256", "SHA512" };
	static const char zeros[] = "0000000000000000000000000000000000000000";
	const char *val[] = { d ? d->sha1 : zeros, d ? d->sha256 : "", d ? d->sha512 : "" };
	cJSON *arr = jout_arr(j, o, "checksums");

	for (size_t i = 0; arr && i < (d ? 3u : 1u); i++) {
		cJSON *c = jout_obj(j, arr, NULL);

		if (c) {
			jout_str(j, c, "algorithm", alg[i]);
			jout_str(j, c, "checksumValue", val[i]);
		}
	}
}

/*
 * The package verification code (SPDX 2.3 7.9): the SHA-1 of the sorted,
 * concatenated SHA-1s of its files.
 */
static int cmp_hex(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void verification_code2(struct jout *j, cJSON *o, const struct bom *b,
			       const struct bom_component *c)
{
	static const char zeros[] = "0000000000000000000000000000000000000000";
	const char **v = calloc(c->nr_files, sizeof(*v));
	unsigned char d[20];
	char hex[41];
	struct sha1 s;
	cJSON *vc;

	if (!v) {
		j->oom = true;
		return;
	}
	for (size_t i = 0; i < c->nr_files; i++)
		v[i] = b->files[c->files[i]].hashed ? b->files[c->files[i]].d.sha1 : zeros;
	qsort(v, c->nr_files, sizeof(*v), cmp_hex);
	sha1_init(&s);
	for (size_t i = 0; i < c->nr_files; i++)
		sha1_update(&s, v[i], strlen(v[i]));
	sha1_final(&s, d);
	for (size_t i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	if ((vc = jout_obj(j, o, "packageVerificationCode")))
		jout_str(j, vc, "packageVerificationCodeValue", hex);
	free(v);
}

static void relationship2(struct jout *j, cJSON *rels, const char *from, const char *type,
			  const char *to)
{
	cJSON *r = jout_obj(j, rels, NULL);

	if (r) {
		jout_str(j, r, "spdxElementId", from);
		jout_str(j, r, "relationshipType", type);
		jout_str(j, r, "relatedSpdxElement", to);
	}
}

static void external_ref2(struct jout *j, cJSON *o, const struct bom_component *c)
{
	cJSON *arr, *r;

	if (!c->purl && !c->cpe)
		return;
	if (!(arr = jout_arr(j, o, "externalRefs")))
		return;
	if (c->cpe && (r = jout_obj(j, arr, NULL))) {
		jout_str(j, r, "referenceCategory", "SECURITY");
		jout_str(j, r, "referenceType", "cpe23Type");
		jout_str(j, r, "referenceLocator", c->cpe);
	}
	if (c->purl && (r = jout_obj(j, arr, NULL))) {
		jout_str(j, r, "referenceCategory", "PACKAGE-MANAGER");
		jout_str(j, r, "referenceType", "purl");
		jout_str(j, r, "referenceLocator", c->purl);
	}
}

static void annotations2(struct jout *j, cJSON *o, const struct bom_component *c,
			 const struct sbom_meta *m)
{
	struct strvec names = STRVEC_INIT, values = STRVEC_INIT;
	cJSON *arr;

	sbom_soup_properties(c, &names, &values);
	if (names.nr && (arr = jout_arr(j, o, "annotations"))) {
		for (size_t i = 0; i < names.nr; i++) {
			cJSON *a = jout_obj(j, arr, NULL);
			struct strbuf s = STRBUF_INIT;

			if (!a)
				break;
			strbuf_addf(&s, "%s=%s", names.v[i], values.v[i]);
			jout_str(j, a, "annotationDate", m->timestamp);
			jout_str(j, a, "annotationType", "OTHER");
			jout_str(j, a, "annotator", "Tool: souptrace-" SOUPTRACE_VERSION);
			jout_str(j, a, "comment", s.buf);
			strbuf_release(&s);
		}
	}
	strvec_clear(&names);
	strvec_clear(&values);
}

/* The document's own fields and its creation info. */
static void header2(struct jout *j, cJSON *root, const struct bom *b, const struct sbom_meta *m)
{
	struct strbuf s = STRBUF_INIT;
	cJSON *ci, *arr;

	jout_str(j, root, "spdxVersion", "SPDX-2.3");
	jout_str(j, root, "dataLicense", "CC0-1.0");
	jout_str(j, root, "SPDXID", "SPDXRef-DOCUMENT");
	doc_name(&s, b);
	jout_str(j, root, "name", s.buf);
	strbuf_reset(&s);
	strbuf_addstr(&s, NAMESPACE_BASE);
	doc_name(&s, b);
	strbuf_addf(&s, "-%s", m->uuid);
	jout_str(j, root, "documentNamespace", s.buf);
	if ((ci = jout_obj(j, root, "creationInfo"))) {
		jout_str(j, ci, "created", m->timestamp);
		if ((arr = jout_arr(j, ci, "creators"))) {
			jout_push(j, arr, "Tool: souptrace-" SOUPTRACE_VERSION);
			if (b->manufacturer) {
				strbuf_reset(&s);
				strbuf_addstr(&s, "Organization: ");
				add_agent_name(&s, b->manufacturer);
				jout_push(j, arr, s.buf);
			}
		}
		strbuf_reset(&s);
		strbuf_addf(&s, "souptrace evidence: %s%s%s", m->evidence,
			    m->soup_path ? "; declared SOUP list: " : "",
			    m->soup_path ? m->soup_path : "");
		jout_str(j, ci, "comment", s.buf);
	}
	strbuf_release(&s);
}

/* "Organization: NAME", or NOASSERTION without a name. */
static void supplier2(struct jout *j, cJSON *o, const char *name)
{
	struct strbuf s = STRBUF_INIT;

	if (name) {
		strbuf_addstr(&s, "Organization: ");
		add_agent_name(&s, name);
	}
	jout_str(j, o, "supplier", name ? s.buf : "NOASSERTION");
	strbuf_release(&s);
}

/* "originator": "Organization: NAME". */
static void originator2(struct jout *j, cJSON *o, const char *name)
{
	struct strbuf s = STRBUF_INIT;

	strbuf_addstr(&s, "Organization: ");
	add_agent_name(&s, name);
	jout_str(j, o, "originator", s.buf);
	strbuf_release(&s);
}

static void artifacts2(struct jout *j, cJSON *pkgs, const struct bom *b, struct strvec *art_ids)
{
	struct strbuf s = STRBUF_INIT;
	cJSON *o;

	for (size_t i = 0; pkgs && i < b->nr_artifacts; i++) {
		const struct bom_artifact *a = &b->artifacts[i];

		strbuf_reset(&s);
		strbuf_addf(&s, "SPDXRef-Artifact-%zu-", i + 1);
		add_idstr(&s, a->name);
		strvec_push(art_ids, s.buf);
		if (!(o = jout_obj(j, pkgs, NULL)))
			break;
		jout_str(j, o, "SPDXID", s.buf);
		jout_str(j, o, "name", a->name);
		if (b->project_version)
			jout_str(j, o, "versionInfo", b->project_version);
		supplier2(j, o, b->manufacturer);
		jout_str(j, o, "downloadLocation", "NOASSERTION");
		jout_bool(j, o, "filesAnalyzed", false);
		if (a->hashed)
			checksums2(j, o, &a->d);
		jout_str(j, o, "primaryPackagePurpose", a->firmware ? "FIRMWARE" : "APPLICATION");
		jout_str(j, o, "licenseConcluded", "NOASSERTION");
		jout_str(j, o, "licenseDeclared", "NOASSERTION");
		jout_str(j, o, "copyrightText", "NOASSERTION");
		strbuf_reset(&s);
		strbuf_addf(&s, "built as %s%s", a->path,
			    a->traced ? "; its link step is in the trace" : "");
		jout_str(j, o, "comment", s.buf);
	}
	strbuf_release(&s);
}

static void components2(struct jout *j, cJSON *pkgs, const struct bom *b, const struct sbom_meta *m,
			struct strvec *comp_ids, struct strvec *refs)
{
	struct strbuf s = STRBUF_INIT;
	cJSON *o, *arr;

	for (size_t i = 0; pkgs && i < b->nr_components; i++) {
		const struct bom_component *c = &b->components[i];

		strbuf_reset(&s);
		strbuf_addf(&s, "SPDXRef-Package-%zu-", i + 1);
		add_idstr(&s, c->name);
		strvec_push(comp_ids, s.buf);
		if (!(o = jout_obj(j, pkgs, NULL)))
			break;
		jout_str(j, o, "SPDXID", s.buf);
		jout_str(j, o, "name", c->name);
		if (c->version)
			jout_str(j, o, "versionInfo", c->version);
		/* SPDX: the supplier distributes it, the originator made it */
		supplier2(j, o, c->distributor ? c->distributor : c->supplier);
		if (c->distributor && c->supplier)
			originator2(j, o, c->supplier);
		jout_str(j, o, "downloadLocation", "NOASSERTION");
		/* its files are listed (hasFiles), so they count as analysed (7.8) */
		jout_bool(j, o, "filesAnalyzed", c->nr_files > 0);
		if (c->nr_files)
			verification_code2(j, o, b, c);
		if (c->nr_files == 1 && b->files[c->files[0]].hashed)
			checksums2(j, o, &b->files[c->files[0]].d);
		jout_str(j, o, "primaryPackagePurpose", "LIBRARY");
		jout_str(j, o, "licenseConcluded", c->license ? c->license : "NOASSERTION");
		jout_str(j, o, "licenseDeclared",
			 c->license_declared ? c->license_declared : "NOASSERTION");
		license_refs(c->license, refs);
		license_refs(c->license_declared, refs);
		jout_str(j, o, "copyrightText", "NOASSERTION");
		external_ref2(j, o, c);
		strbuf_reset(&s);
		strbuf_addf(&s, "%s%s%s", c->soup ? "declared" : "NOT DECLARED",
			    c->where ? "; found as " : "", c->where ? c->where : "");
		jout_str(j, o, "comment", s.buf);
		annotations2(j, o, c, m);
		if (c->nr_files && (arr = jout_arr(j, o, "hasFiles"))) {
			for (size_t k = 0; k < c->nr_files; k++) {
				strbuf_reset(&s);
				strbuf_addf(&s, "SPDXRef-File-%zu", c->files[k] + 1);
				jout_push(j, arr, s.buf);
			}
		}
	}
	strbuf_release(&s);
}

static void files2(struct jout *j, cJSON *root, const struct bom *b)
{
	struct strbuf s = STRBUF_INIT;
	cJSON *files = jout_arr(j, root, "files"), *o;

	for (size_t i = 0; files && i < b->nr_files; i++) {
		const struct bom_file *f = &b->files[i];
		if (!(o = jout_obj(j, files, NULL)))
			break;
		strbuf_reset(&s);
		strbuf_addf(&s, "SPDXRef-File-%zu", i + 1);
		jout_str(j, o, "SPDXID", s.buf);
		strbuf_reset(&s);
		/* SPDX file names are relative: a system file's to "/" ("./usr/...") */
		strbuf_addf(&s, "%s%s", f->rel[0] == '/' ? "." : "./", f->rel);
		jout_str(j, o, "fileName", s.buf);
		checksums2(j, o, f->hashed ? &f->d : NULL);
		jout_str(j, o, "licenseConcluded", "NOASSERTION");
		jout_str(j, o, "copyrightText", "NOASSERTION");
		strbuf_reset(&s);
		strbuf_addf(&s, "%s%s%s%s", f->rel[0] == '/' ? "absolute path " : "",
			    f->rel[0] == '/' ? f->rel : "", f->rel[0] == '/' ? "; " : "",
			    f->evidence ? f->evidence : "");
		if (!f->hashed)
			strbuf_addstr(&s, " (file not readable when the SBOM was written)");
		jout_str(j, o, "comment", s.buf);
	}
	strbuf_release(&s);
}

static void relationships2(struct jout *j, cJSON *root, const struct bom *b,
			   const struct strvec *art_ids, const struct strvec *comp_ids)
{
	struct strbuf s = STRBUF_INIT;
	cJSON *rels = jout_arr(j, root, "relationships");

	if (!rels)
		return;
	for (size_t i = 0; i < art_ids->nr; i++)
		relationship2(j, rels, "SPDXRef-DOCUMENT", "DESCRIBES", art_ids->v[i]);
	for (size_t i = 0;
	     i < b->nr_edges && comp_ids->nr == b->nr_components && art_ids->nr == b->nr_artifacts;
	     i++) {
		const struct bom_edge *e = &b->edges[i];

		relationship2(j, rels,
			      e->from_artifact ? art_ids->v[e->from] : comp_ids->v[e->from],
			      e->dynamic ? "DYNAMIC_LINK" : "STATIC_LINK", comp_ids->v[e->to]);
	}
	for (size_t i = 0; i < b->nr_components && comp_ids->nr == b->nr_components; i++) {
		for (size_t k = 0; k < b->components[i].nr_files; k++) {
			strbuf_reset(&s);
			strbuf_addf(&s, "SPDXRef-File-%zu", b->components[i].files[k] + 1);
			relationship2(j, rels, comp_ids->v[i], "CONTAINS", s.buf);
		}
	}
	strbuf_release(&s);
}

/* LicenseRef-s used by the packages: named, their text pointed to. */
static void extracted2(struct jout *j, cJSON *root, const struct strvec *refs)
{
	cJSON *arr, *o;

	if (!refs->nr || !(arr = jout_arr(j, root, "hasExtractedLicensingInfos")))
		return;
	for (size_t i = 0; i < refs->nr; i++) {
		if (!(o = jout_obj(j, arr, NULL)))
			break;
		jout_str(j, o, "licenseId", refs->v[i]);
		jout_str(j, o, "name", refs->v[i] + 11);
		jout_str(j, o, "extractedText",
			 "The licence text is not part of this SBOM: see the declared SOUP "
			 "list or the component's own copyright file.");
	}
}

cJSON *sbom_spdx2(const struct bom *b, const struct sbom_meta *m)
{
	struct jout j = { false };
	cJSON *root = cJSON_CreateObject(), *pkgs;
	struct strvec art_ids = STRVEC_INIT, comp_ids = STRVEC_INIT, refs = STRVEC_INIT;

	if (!root)
		return NULL;
	header2(&j, root, b, m);
	pkgs = jout_arr(&j, root, "packages");
	artifacts2(&j, pkgs, b, &art_ids);
	components2(&j, pkgs, b, m, &comp_ids, &refs);
	files2(&j, root, b);
	relationships2(&j, root, b, &art_ids, &comp_ids);
	extracted2(&j, root, &refs);
	strvec_clear(&art_ids);
	strvec_clear(&comp_ids);
	strvec_clear(&refs);
	if (j.oom) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* ----------------------------------------------------------------- 3.0.1 */

struct g3 {
	struct jout j;
	cJSON *graph;
	struct strvec elements; /* every element's id, for the document and the Sbom */
	struct strbuf ns;	/* "https://spdx.org/spdxdocs/souptrace-NAME-UUID#" */
	size_t next;
	struct strbuf agent, tool;		   /* the creator's and the tool's ids */
	struct strvec org_names, org_ids;	   /* suppliers made agents, and their ids */
	struct strvec art_ids, comp_ids, file_ids; /* by index in the bom */
};

/* A new element of type, with its spdxId (returned in id) and creationInfo. */
static cJSON *element3(struct g3 *g, const char *type, const char *label, struct strbuf *id)
{
	cJSON *o = jout_obj(&g->j, g->graph, NULL);

	strbuf_reset(id);
	strbuf_addf(id, "%s%s-%zu", g->ns.buf, label, ++g->next);
	if (!o)
		return NULL;
	jout_str(&g->j, o, "type", type);
	jout_str(&g->j, o, "spdxId", id->buf);
	jout_str(&g->j, o, "creationInfo", "_:creationinfo");
	strvec_push(&g->elements, id->buf);
	return o;
}

static void hashes3(struct g3 *g, cJSON *o, const struct file_digests *d)
{
	static const char *const alg[] = { "sha1", "sha256", "sha512" };
	const char *val[] = { d->sha1, d->sha256, d->sha512 };
	cJSON *arr = jout_arr(&g->j, o, "verifiedUsing");

	for (size_t i = 0; arr && i < 3; i++) {
		cJSON *h = jout_obj(&g->j, arr, NULL);

		if (h) {
			jout_str(&g->j, h, "type", "Hash");
			jout_str(&g->j, h, "algorithm", alg[i]);
			jout_str(&g->j, h, "hashValue", val[i]);
		}
	}
}

static void relationship3(struct g3 *g, const char *from, const char *type, const struct strvec *to)
{
	struct strbuf id = STRBUF_INIT;
	cJSON *r;

	if (to->nr && (r = element3(g, "Relationship", "Relationship", &id))) {
		jout_str(&g->j, r, "from", from);
		jout_str(&g->j, r, "relationshipType", type);
		jout_strs(&g->j, r, "to", to);
	}
	strbuf_release(&id);
}

static void relationship3_one(struct g3 *g, const char *from, const char *type, const char *to)
{
	struct strvec v = STRVEC_INIT;

	strvec_push(&v, to);
	relationship3(g, from, type, &v);
	strvec_clear(&v);
}

/* An Organization element named name (created once per name), its id. */
static const char *agent3(struct g3 *g, struct strvec *names, struct strvec *ids, const char *name)
{
	long k = strvec_find(names, name);
	struct strbuf id = STRBUF_INIT;
	cJSON *o;

	if (k >= 0)
		return ids->v[k];
	if ((o = element3(g, "Organization", "Organization", &id)))
		jout_str(&g->j, o, "name", name);
	strvec_push(names, name);
	strvec_push(ids, id.buf);
	strbuf_release(&id);
	return ids->v[ids->nr - 1];
}

static void license3(struct g3 *g, const char *subject, const char *type, const char *expr)
{
	struct strbuf id = STRBUF_INIT;
	cJSON *o;

	if (!expr)
		return;
	if ((o = element3(g, "simplelicensing_LicenseExpression", "License", &id)))
		jout_str(&g->j, o, "simplelicensing_licenseExpression", expr);
	relationship3_one(g, subject, type, id.buf);
	strbuf_release(&id);
}

/* CreationInfo, the creator (the manufacturer, else souptrace) and the tool. */
static void creators3(struct g3 *g, const struct bom *b, const struct sbom_meta *m)
{
	struct strbuf s = STRBUF_INIT;
	cJSON *ci, *o, *arr;

	strbuf_addf(&g->agent, "%sAgent-0", g->ns.buf);
	strbuf_addf(&g->tool, "%sTool-0", g->ns.buf);
	if ((ci = jout_obj(&g->j, g->graph, NULL))) {
		jout_str(&g->j, ci, "type", "CreationInfo");
		jout_str(&g->j, ci, "@id", "_:creationinfo");
		jout_str(&g->j, ci, "specVersion", "3.0.1");
		jout_str(&g->j, ci, "created", m->timestamp);
		if ((arr = jout_arr(&g->j, ci, "createdBy")))
			jout_push(&g->j, arr, g->agent.buf);
		if ((arr = jout_arr(&g->j, ci, "createdUsing")))
			jout_push(&g->j, arr, g->tool.buf);
		strbuf_addf(&s, "souptrace evidence: %s%s%s", m->evidence,
			    m->soup_path ? "; declared SOUP list: " : "",
			    m->soup_path ? m->soup_path : "");
		jout_str(&g->j, ci, "comment", s.buf);
	}
	if ((o = jout_obj(&g->j, g->graph, NULL))) {
		jout_str(&g->j, o, "type", b->manufacturer ? "Organization" : "SoftwareAgent");
		jout_str(&g->j, o, "spdxId", g->agent.buf);
		jout_str(&g->j, o, "creationInfo", "_:creationinfo");
		jout_str(&g->j, o, "name",
			 b->manufacturer ? b->manufacturer : "souptrace " SOUPTRACE_VERSION);
		strvec_push(&g->elements, g->agent.buf);
	}
	if ((o = jout_obj(&g->j, g->graph, NULL))) {
		jout_str(&g->j, o, "type", "Tool");
		jout_str(&g->j, o, "spdxId", g->tool.buf);
		jout_str(&g->j, o, "creationInfo", "_:creationinfo");
		jout_str(&g->j, o, "name", "souptrace " SOUPTRACE_VERSION);
		strvec_push(&g->elements, g->tool.buf);
	}
	if (b->manufacturer) { /* the author is also the artifacts' supplier: one element */
		strvec_push(&g->org_names, b->manufacturer);
		strvec_push(&g->org_ids, g->agent.buf);
	}
	strbuf_release(&s);
}

static void artifacts3(struct g3 *g, const struct bom *b)
{
	struct strbuf id = STRBUF_INIT, s = STRBUF_INIT;
	cJSON *o;

	for (size_t i = 0; i < b->nr_artifacts; i++) {
		const struct bom_artifact *a = &b->artifacts[i];

		if (!(o = element3(g, "software_Package", "Artifact", &id)))
			break;
		strvec_push(&g->art_ids, id.buf);
		jout_str(&g->j, o, "name", a->name);
		if (b->project_version)
			jout_str(&g->j, o, "software_packageVersion", b->project_version);
		if (b->manufacturer)
			jout_str(&g->j, o, "suppliedBy",
				 agent3(g, &g->org_names, &g->org_ids, b->manufacturer));
		jout_str(&g->j, o, "software_primaryPurpose",
			 a->firmware ? "firmware" : "application");
		if (a->hashed)
			hashes3(g, o, &a->d);
		strbuf_reset(&s);
		strbuf_addf(&s, "built as %s%s", a->path,
			    a->traced ? "; its link step is in the trace" : "");
		jout_str(&g->j, o, "comment", s.buf);
	}
	strbuf_release(&id);
	strbuf_release(&s);
}

/* The IEC 62304 fields of a SOUP item, as annotations of it. */
static void annotations3(struct g3 *g, const struct bom_component *c, const char *pid)
{
	struct strvec names = STRVEC_INIT, values = STRVEC_INIT;
	struct strbuf s = STRBUF_INIT, aid = STRBUF_INIT;
	cJSON *x;

	sbom_soup_properties(c, &names, &values);
	for (size_t k = 0; k < names.nr; k++) {
		strbuf_reset(&s);
		strbuf_addf(&s, "%s=%s", names.v[k], values.v[k]);
		strbuf_reset(&aid);
		if ((x = element3(g, "Annotation", "Annotation", &aid))) {
			jout_str(&g->j, x, "annotationType", "other");
			jout_str(&g->j, x, "subject", pid);
			jout_str(&g->j, x, "statement", s.buf);
		}
	}
	strvec_clear(&names);
	strvec_clear(&values);
	strbuf_release(&s);
	strbuf_release(&aid);
}

static void components3(struct g3 *g, const struct bom *b)
{
	struct strbuf id = STRBUF_INIT, s = STRBUF_INIT;
	cJSON *o, *arr, *x;

	for (size_t i = 0; i < b->nr_components; i++) {
		const struct bom_component *c = &b->components[i];
		const char *pid;

		if (!(o = element3(g, "software_Package", "Package", &id)))
			break;
		strvec_push(&g->comp_ids, id.buf);
		pid = g->comp_ids.v[g->comp_ids.nr - 1];
		jout_str(&g->j, o, "name", c->name);
		if (c->version)
			jout_str(&g->j, o, "software_packageVersion", c->version);
		if (c->distributor || c->supplier)
			jout_str(&g->j, o, "suppliedBy",
				 agent3(g, &g->org_names, &g->org_ids,
					c->distributor ? c->distributor : c->supplier));
		if (c->distributor && c->supplier && (arr = jout_arr(&g->j, o, "originatedBy")))
			jout_push(&g->j, arr, agent3(g, &g->org_names, &g->org_ids, c->supplier));
		if (c->purl)
			jout_str(&g->j, o, "software_packageUrl", c->purl);
		if (c->cpe && (arr = jout_arr(&g->j, o, "externalIdentifier")) &&
		    (x = jout_obj(&g->j, arr, NULL))) {
			jout_str(&g->j, x, "type", "ExternalIdentifier");
			jout_str(&g->j, x, "externalIdentifierType", "cpe23");
			jout_str(&g->j, x, "identifier", c->cpe);
		}
		jout_str(&g->j, o, "software_primaryPurpose", "library");
		if (c->nr_files == 1 && b->files[c->files[0]].hashed)
			hashes3(g, o, &b->files[c->files[0]].d);
		strbuf_reset(&s);
		strbuf_addf(&s, "%s%s%s", c->soup ? "declared" : "NOT DECLARED",
			    c->where ? "; found as " : "", c->where ? c->where : "");
		jout_str(&g->j, o, "comment", s.buf);
		license3(g, pid, "hasConcludedLicense", c->license);
		license3(g, pid, "hasDeclaredLicense", c->license_declared);
		annotations3(g, c, pid);
	}
	strbuf_release(&id);
	strbuf_release(&s);
}

static void files3(struct g3 *g, const struct bom *b)
{
	struct strbuf id = STRBUF_INIT;
	cJSON *o;

	for (size_t i = 0; i < b->nr_files; i++) {
		const struct bom_file *f = &b->files[i];

		if (!(o = element3(g, "software_File", "File", &id)))
			break;
		strvec_push(&g->file_ids, id.buf);
		jout_str(&g->j, o, "name", f->rel);
		if (f->hashed)
			hashes3(g, o, &f->d);
		if (f->evidence)
			jout_str(&g->j, o, "comment", f->evidence);
	}
	strbuf_release(&id);
}

/* Who links or loads whom, what contains which file. */
static void relationships3(struct g3 *g, const struct bom *b, size_t *targets)
{
	if (g->art_ids.nr != b->nr_artifacts || g->comp_ids.nr != b->nr_components ||
	    g->file_ids.nr != b->nr_files)
		return;
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < b->nr_artifacts + b->nr_components; i++) {
			bool is_art = i < b->nr_artifacts;
			size_t from = is_art ? i : i - b->nr_artifacts;
			size_t n = bom_targets(b, from, is_art, (int)pass, targets);
			struct strvec to = STRVEC_INIT;

			for (size_t k = 0; k < n; k++)
				strvec_push(&to, g->comp_ids.v[targets[k]]);
			relationship3(g, is_art ? g->art_ids.v[from] : g->comp_ids.v[from],
				      pass ? "hasDynamicLink" : "hasStaticLink", &to);
			strvec_clear(&to);
		}
	}
	for (size_t i = 0; i < b->nr_components; i++) {
		struct strvec to = STRVEC_INIT;

		for (size_t k = 0; k < b->components[i].nr_files; k++)
			strvec_push(&to, g->file_ids.v[b->components[i].files[k]]);
		relationship3(g, g->comp_ids.v[i], "contains", &to);
		strvec_clear(&to);
	}
}

/* The Sbom (its roots: the artifacts) and the document around it. */
static void document3(struct g3 *g, const struct bom *b)
{
	struct strbuf doc_id = STRBUF_INIT, sbom_id = STRBUF_INIT, cc0 = STRBUF_INIT;
	struct strbuf s = STRBUF_INIT;
	struct strvec roots = STRVEC_INIT;
	cJSON *o, *arr;

	if ((o = element3(g, "simplelicensing_LicenseExpression", "License", &cc0)))
		jout_str(&g->j, o, "simplelicensing_licenseExpression", "CC0-1.0");
	if ((o = element3(g, "software_Sbom", "Sbom", &sbom_id))) {
		struct strvec others = STRVEC_INIT;

		for (size_t i = 0; i + 1 < g->elements.nr; i++)
			strvec_push(&others, g->elements.v[i]);
		jout_strs(&g->j, o, "rootElement", &g->art_ids);
		jout_strs(&g->j, o, "element", &others);
		if ((arr = jout_arr(&g->j, o, "software_sbomType")))
			jout_push(&g->j, arr, "build");
		strvec_clear(&others);
	}
	strbuf_addf(&doc_id, "%sDocument", g->ns.buf);
	if ((o = jout_obj(&g->j, g->graph, NULL))) {
		jout_str(&g->j, o, "type", "SpdxDocument");
		jout_str(&g->j, o, "spdxId", doc_id.buf);
		jout_str(&g->j, o, "creationInfo", "_:creationinfo");
		doc_name(&s, b);
		jout_str(&g->j, o, "name", s.buf);
		jout_str(&g->j, o, "dataLicense", cc0.buf);
		if ((arr = jout_arr(&g->j, o, "profileConformance"))) {
			jout_push(&g->j, arr, "core");
			jout_push(&g->j, arr, "software");
			jout_push(&g->j, arr, "simpleLicensing");
		}
		strvec_push(&roots, sbom_id.buf);
		jout_strs(&g->j, o, "rootElement", &roots);
		jout_strs(&g->j, o, "element", &g->elements);
	}
	strbuf_release(&doc_id);
	strbuf_release(&sbom_id);
	strbuf_release(&cc0);
	strbuf_release(&s);
	strvec_clear(&roots);
}

cJSON *sbom_spdx3(const struct bom *b, const struct sbom_meta *m)
{
	struct g3 g;
	cJSON *root = cJSON_CreateObject();
	size_t *targets = calloc(b->nr_components + 1, sizeof(*targets));

	memset(&g, 0, sizeof(g));
	strvec_init(&g.elements);
	strbuf_init(&g.ns);
	strbuf_init(&g.agent);
	strbuf_init(&g.tool);
	if (!root || !targets) {
		cJSON_Delete(root);
		free(targets);
		return NULL;
	}
	strbuf_addstr(&g.ns, NAMESPACE_BASE);
	doc_name(&g.ns, b);
	strbuf_addf(&g.ns, "-%s#", m->uuid);
	jout_str(&g.j, root, "@context", "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
	g.graph = jout_arr(&g.j, root, "@graph");
	if (g.graph) {
		creators3(&g, b, m);
		artifacts3(&g, b);
		components3(&g, b);
		files3(&g, b);
		relationships3(&g, b, targets);
		document3(&g, b);
	}
	free(targets);
	strbuf_release(&g.ns);
	strbuf_release(&g.agent);
	strbuf_release(&g.tool);
	strvec_clear(&g.elements);
	strvec_clear(&g.art_ids);
	strvec_clear(&g.comp_ids);
	strvec_clear(&g.file_ids);
	strvec_clear(&g.org_names);
	strvec_clear(&g.org_ids);
	if (g.j.oom || !g.graph) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}
