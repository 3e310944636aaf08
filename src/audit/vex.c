/* SPDX-License-Identifier: Apache-2.0 */
/* People's decisions in OpenVEX documents, applied to an audit (audit.h). */
#include "audit.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "alloc.h"
#include "complist.h"
#include "osv_internal.h"
#include "strbuf.h"
#include "banned.h"

#define VEX_MAX_FILE ((size_t)64 << 20)

void audit_vex_init(struct audit_vex *vx)
{
	memset(vx, 0, sizeof(*vx));
}

void audit_vex_release(struct audit_vex *vx)
{
	for (size_t i = 0; i < vx->nr; i++) {
		struct audit_decision *d = &vx->d[i];

		free(d->vuln);
		strvec_clear(&d->aliases);
		strvec_clear(&d->purls);
		free(d->artifact);
		free(d->status);
		free(d->justification);
		free(d->statement);
		free(d->author);
		free(d->timestamp);
		free(d->file);
	}
	free(vx->d);
	audit_vex_init(vx);
}

static char *vstr(struct osv_reader *rd, const cJSON *obj, const char *path, const char *key,
		  bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v && required)
		osv_bad(rd, path, "\"%s\" is missing", key);
	else if (v && !cJSON_IsString(v))
		osv_bad(rd, path, "\"%s\" is not a string", key);
	return v && cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

/* A component's @id: a purl into d->purls, a file:// product into d->artifact. */
static void add_id(struct osv_reader *rd, struct audit_decision *d, const cJSON *comp,
		   const char *path)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(comp, "@id");
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(comp, "identifiers");
	const cJSON *purl = cJSON_GetObjectItemCaseSensitive(ids, "purl");

	if (!cJSON_IsObject(comp)) {
		osv_bad(rd, path, "not an object");
		return;
	}
	if (cJSON_IsString(purl))
		strvec_push(&d->purls, purl->valuestring);
	if (!cJSON_IsString(id))
		return;
	if (!strncmp(id->valuestring, "pkg:", 4))
		strvec_push(&d->purls, id->valuestring);
	else if (!strncmp(id->valuestring, "file://", 7) && !d->artifact)
		d->artifact = xstrdup(id->valuestring + 7);
}

static void read_statement(struct osv_reader *rd, struct audit_vex *vx, const cJSON *s,
			   const char *path, const char *author, const char *doc_ts)
{
	static const char *const statuses[] = { "not_affected", "affected", "fixed",
						"under_investigation" };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, "vulnerability");
	const cJSON *prods = cJSON_GetObjectItemCaseSensitive(s, "products"), *p, *sub, *a;
	struct audit_decision *d;
	struct strbuf sp = STRBUF_INIT;
	size_t i = 0, k;

	if (!cJSON_IsObject(s)) {
		osv_bad(rd, path, "a statement is not an object");
		return;
	}
	ALLOC_GROW(vx->d, vx->nr + 1, vx->alloc);
	d = &vx->d[vx->nr++];
	memset(d, 0, sizeof(*d));
	strvec_init(&d->aliases);
	strvec_init(&d->purls);
	d->file = xstrdup(path);
	if (!cJSON_IsObject(v)) {
		osv_bad(rd, path, "\"vulnerability\" is missing or not an object");
		return;
	}
	d->vuln = vstr(rd, v, path, "name", true);
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(v, "aliases"))
	{
		if (cJSON_IsString(a))
			strvec_push(&d->aliases, a->valuestring);
	}
	d->status = vstr(rd, s, path, "status", true);
	for (k = 0; d->status && k < sizeof(statuses) / sizeof(*statuses); k++)
		if (!strcmp(d->status, statuses[k]))
			break;
	if (d->status && k == sizeof(statuses) / sizeof(*statuses))
		osv_bad(rd, path, "status \"%s\" is not an OpenVEX status", d->status);
	d->justification = vstr(rd, s, path, "justification", false);
	d->statement = vstr(rd, s, path, "impact_statement", false);
	if (!d->statement)
		d->statement = vstr(rd, s, path, "action_statement", false);
	if (d->status && !strcmp(d->status, "not_affected") && !d->justification && !d->statement)
		osv_bad(rd, path, "not_affected needs a justification or an impact_statement");
	d->author = xstrdup(author);
	d->timestamp = vstr(rd, s, path, "timestamp", false);
	if (!d->timestamp)
		d->timestamp = xstrdup(doc_ts);
	if (prods && !cJSON_IsArray(prods))
		osv_bad(rd, path, "\"products\" is not an array");
	cJSON_ArrayForEach(p, prods)
	{
		strbuf_reset(&sp);
		strbuf_addf(&sp, "%s.products[%zu]", path, i++);
		add_id(rd, d, p, sp.buf);
		cJSON_ArrayForEach(sub, cJSON_GetObjectItemCaseSensitive(p, "subcomponents"))
			add_id(rd, d, sub, sp.buf);
	}
	if (!d->purls.nr)
		osv_bad(rd, path, "no product or subcomponent names a component by its purl");
	strbuf_release(&sp);
}

/* CycloneDX's analysis state as OpenVEX's status, or NULL. */
static const char *cdx_status(const char *state)
{
	static const char *const map[][2] = {
		{ "not_affected", "not_affected" },
		{ "false_positive", "not_affected" },
		{ "resolved", "fixed" },
		{ "resolved_with_pedigree", "fixed" },
		{ "exploitable", "affected" },
		{ "in_triage", "under_investigation" },
	};

	for (size_t i = 0; state && i < sizeof(map) / sizeof(*map); i++)
		if (!strcmp(state, map[i][0]))
			return map[i][1];
	return NULL;
}

/* CycloneDX's justification as OpenVEX's (the closest one), or NULL. */
static const char *cdx_justification_in(const char *j)
{
	static const char *const map[][2] = {
		{ "code_not_present", "vulnerable_code_not_present" },
		{ "code_not_reachable", "vulnerable_code_not_in_execute_path" },
		{ "requires_configuration", "vulnerable_code_not_in_execute_path" },
		{ "requires_dependency", "component_not_present" },
		{ "requires_environment", "vulnerable_code_cannot_be_controlled_by_adversary" },
		{ "protected_by_compiler", "inline_mitigations_already_exist" },
		{ "protected_at_runtime", "inline_mitigations_already_exist" },
		{ "protected_at_perimeter", "vulnerable_code_cannot_be_controlled_by_adversary" },
		{ "protected_by_mitigating_control", "inline_mitigations_already_exist" },
	};

	for (size_t i = 0; j && i < sizeof(map) / sizeof(*map); i++)
		if (!strcmp(j, map[i][0]))
			return map[i][1];
	return NULL;
}

/*
 * The purl an affects[].ref names: a component of the same document by its
 * bom-ref, a purl itself, or a BOM-Link whose fragment is one of those.
 */
static const char *cdx_ref_purl(const struct audit_vex *vx, const cJSON *root, const char *ref,
				struct strbuf *frag)
{
	const char *hash = !strncmp(ref, "urn:cdx:", 8) ? strchr(ref, '#') : NULL;
	const cJSON *c;

	if (hash) {
		const struct complist *l = vx->links;
		const char *slash = strchr(ref + 8, '/');

		strbuf_reset(frag);
		for (const char *p = hash + 1; *p; p++) /* the fragment, percent-decoded */
			if (p[0] == '%' && isxdigit((unsigned char)p[1]) &&
			    isxdigit((unsigned char)p[2])) {
				char hex[3] = { p[1], p[2], 0 };

				strbuf_addch(frag, (char)strtol(hex, NULL, 16));
				p += 2;
			} else {
				strbuf_addch(frag, *p);
			}
		/* a BOM-Link to the SBOM audited (--sbom): its component's purl */
		if (l && l->serial && slash && slash < hash &&
		    !strncmp(l->serial, "urn:uuid:", 9) &&
		    (size_t)(slash - ref - 8) == strlen(l->serial + 9) &&
		    !strncmp(ref + 8, l->serial + 9, (size_t)(slash - ref - 8)) &&
		    strtol(slash + 1, NULL, 10) == l->bom_version)
			for (size_t i = 0; i < l->nr; i++)
				if (l->v[i].ref && !strcmp(l->v[i].ref, frag->buf))
					return l->v[i].purl;
		ref = frag->buf;
	}
	if (!strncmp(ref, "pkg:", 4))
		return ref;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "components"))
	{
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(c, "bom-ref"),
			    *p = cJSON_GetObjectItemCaseSensitive(c, "purl");

		if (cJSON_IsString(r) && !strcmp(r->valuestring, ref) && cJSON_IsString(p))
			return p->valuestring;
	}
	return NULL;
}

/*
 * A CycloneDX VEX document (1.4 to 1.6: vulnerabilities[] with analysis and
 * affects[]): each vulnerability × affected component is one decision,
 * mapped to OpenVEX's words (state not_affected/false_positive ->
 * not_affected, resolved -> fixed, exploitable -> affected, in_triage ->
 * under_investigation; the justification to the closest OpenVEX one); the
 * author is metadata.authors[0].name, the time the analysis' lastUpdated,
 * else metadata.timestamp (without either: an error). A BOM-Link resolves
 * against the SBOM audited (vx->links).
 */
static void read_cyclonedx(struct osv_reader *rd, struct audit_vex *vx, const cJSON *root,
			   const char *file)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "metadata"), *v, *a;
	const cJSON *authors = cJSON_GetObjectItemCaseSensitive(meta, "authors");
	const cJSON *vulns = cJSON_GetObjectItemCaseSensitive(root, "vulnerabilities");
	struct strbuf sp = STRBUF_INIT, who = STRBUF_INIT, frag = STRBUF_INIT;
	char *ts = vstr(rd, meta, "$.metadata", "timestamp", false), *author;
	size_t i = 0;

	if (cJSON_IsArray(authors) && authors->child &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(authors->child, "name")))
		strbuf_addstr(
			&who,
			cJSON_GetObjectItemCaseSensitive(authors->child, "name")->valuestring);
	if (!who.len) /* a decision is worth what its author is: none, no decision */
		osv_bad(rd, "$.metadata",
			"no authors[0].name: who made these decisions is not said");
	author = strbuf_detach(&who, NULL);
	if (!cJSON_IsArray(vulns))
		osv_bad(rd, "$", "a CycloneDX document without a \"vulnerabilities\" array");
	if (rd->failed)
		vulns = NULL;
	cJSON_ArrayForEach(v, vulns)
	{
		const cJSON *an = cJSON_GetObjectItemCaseSensitive(v, "analysis"), *refs;
		char *id, *state, *just, *detail, *updated;
		size_t k = 0;

		strbuf_reset(&sp);
		strbuf_addf(&sp, "$.vulnerabilities[%zu]", i++);
		id = vstr(rd, v, sp.buf, "id", true);
		if (!cJSON_IsObject(an))
			osv_bad(rd, sp.buf, "no \"analysis\" object: no decision to read");
		state = vstr(rd, an, sp.buf, "state", true);
		just = vstr(rd, an, sp.buf, "justification", false);
		detail = vstr(rd, an, sp.buf, "detail", false);
		updated = vstr(rd, an, sp.buf, "lastUpdated", false);
		if (state && !cdx_status(state))
			osv_bad(rd, sp.buf, "analysis state \"%s\" is not a CycloneDX state",
				state);
		if (state && cdx_status(state) && !strcmp(cdx_status(state), "not_affected") &&
		    !just && !detail)
			osv_bad(rd, sp.buf, "%s needs a justification or a detail", state);
		if (!updated && !ts)
			osv_bad(rd, sp.buf,
				"no analysis.lastUpdated and no metadata.timestamp: when "
				"it was decided is not said");
		if (just && !cdx_justification_in(just))
			osv_bad(rd, sp.buf, "justification \"%s\" is not a CycloneDX justification",
				just);
		refs = cJSON_GetObjectItemCaseSensitive(v, "affects");
		if (!rd->failed && (!cJSON_IsArray(refs) || !refs->child))
			osv_bad(rd, sp.buf, "no \"affects\": the decision names no component");
		if (rd->failed)
			refs = NULL;
		cJSON_ArrayForEach(a, refs)
		{
			const cJSON *ref = cJSON_GetObjectItemCaseSensitive(a, "ref");
			const char *purl = cJSON_IsString(ref)
						   ? cdx_ref_purl(vx, root, ref->valuestring, &frag)
						   : NULL;
			struct audit_decision *d;

			if (!purl) {
				osv_bad(rd, sp.buf,
					"affects[%zu].ref names no component by its purl (a "
					"bom-ref "
					"of "
					"this document with a purl, a purl, or a BOM-Link to one)",
					k);
				break;
			}
			ALLOC_GROW(vx->d, vx->nr + 1, vx->alloc);
			d = &vx->d[vx->nr++];
			memset(d, 0, sizeof(*d));
			strvec_init(&d->aliases);
			strvec_init(&d->purls);
			strvec_push(&d->purls, purl);
			d->vuln = xstrdup(id);
			d->status = xstrdup(cdx_status(state));
			d->justification = just ? xstrdup(cdx_justification_in(just)) : NULL;
			d->statement = detail ? xstrdup(detail) : NULL;
			d->author = xstrdup(author);
			d->timestamp = xstrdup(updated ? updated : ts ? ts : "");
			strbuf_reset(&who);
			strbuf_addf(&who, "%s: %s.affects[%zu]", file, sp.buf, k++);
			d->file = strbuf_detach(&who, NULL);
		}
		free(id);
		free(state);
		free(just);
		free(detail);
		free(updated);
		if (rd->failed)
			break;
	}
	free(ts);
	free(author);
	strbuf_release(&sp);
	strbuf_release(&who);
	strbuf_release(&frag);
}

int audit_vex_load(struct audit_vex *vx, const char *path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, sp = STRBUF_INIT;
	struct osv_reader rd = { path, err, false };
	cJSON *root;
	const cJSON *stmts, *s;
	char *author = NULL, *ts = NULL;
	size_t i = 0;

	if (strbuf_read_file(&text, path, VEX_MAX_FILE)) {
		strbuf_addf(err, "%s: %s", path, errno == EFBIG ? "too large" : strerror(errno));
		strbuf_release(&text);
		return -1;
	}
	root = cJSON_ParseWithLength(text.buf, text.len);
	strbuf_release(&text);
	if (!root || !cJSON_IsObject(root)) {
		strbuf_addf(err, "%s: not a JSON object", path);
		cJSON_Delete(root);
		return -1;
	}
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "bomFormat")) &&
	    !strcmp(cJSON_GetObjectItemCaseSensitive(root, "bomFormat")->valuestring,
		    "CycloneDX")) {
		read_cyclonedx(&rd, vx, root, path);
		cJSON_Delete(root);
		strbuf_release(&sp);
		return rd.failed ? -1 : 0;
	}
	{
		const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(root, "@context");

		if (!cJSON_IsString(ctx) || strncmp(ctx->valuestring, "https://openvex.dev/ns", 22))
			osv_bad(&rd, "$",
				"not an OpenVEX document (\"@context\" is not "
				"https://openvex.dev/ns/...)");
	}
	author = vstr(&rd, root, "$", "author", true);
	ts = vstr(&rd, root, "$", "timestamp", true);
	stmts = cJSON_GetObjectItemCaseSensitive(root, "statements");
	if (!rd.failed && !cJSON_IsArray(stmts))
		osv_bad(&rd, "$", "\"statements\" is missing or not an array");
	if (rd.failed)
		stmts = NULL;
	cJSON_ArrayForEach(s, stmts)
	{
		strbuf_reset(&sp);
		strbuf_addf(&sp, "$.statements[%zu]", i++);
		read_statement(&rd, vx, s, sp.buf, author, ts);
		if (rd.failed)
			break;
		strbuf_reset(&text);
		strbuf_addf(&text, "%s: %s", path, sp.buf);
		free(vx->d[vx->nr - 1].file);
		vx->d[vx->nr - 1].file = strbuf_detach(&text, NULL);
	}
	free(author);
	free(ts);
	strbuf_release(&sp);
	strbuf_release(&text);
	cJSON_Delete(root);
	return rd.failed ? -1 : 0;
}

/* Whether d is about v: its name or an alias is v's id or an alias. */
static bool names_vuln(const struct audit_decision *d, const struct osv_vuln *v)
{
	const char *mine[1 + 64];
	size_t n = 0;

	if (d->vuln)
		mine[n++] = d->vuln;
	for (size_t i = 0; i < d->aliases.nr && n < 65; i++)
		mine[n++] = d->aliases.v[i];
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(mine[i], v->id))
			return true;
		for (size_t k = 0; k < v->aliases.nr; k++)
			if (!strcmp(mine[i], v->aliases.v[k]))
				return true;
	}
	return false;
}

void audit_apply_vex(struct audit *au, const struct audit_vex *vx)
{
	for (size_t i = 0; i < au->nr; i++) {
		struct audit_result *r = &au->r[i];
		const char *cp = r->comp->package ? r->comp->package->purl : r->comp->purl_found;
		size_t cver, cbase;

		if (!r->vuln || !cp)
			continue;
		cver = strcspn(cp, "?#");   /* type/namespace/name@version */
		cbase = strcspn(cp, "@?#"); /* type/namespace/name */
		for (size_t k = 0; k < vx->nr; k++) {
			const struct audit_decision *d = &vx->d[k];

			if (!names_vuln(d, r->vuln) ||
			    (d->artifact && strcmp(d->artifact, r->comp->artifact)))
				continue;
			for (size_t p = 0; p < d->purls.nr; p++) {
				const char *dp = d->purls.v[p];

				if (strcspn(dp, "?#") == cver && !strncmp(dp, cp, cver)) {
					/* the latest decision wins */
					if (!r->decision ||
					    strcmp(d->timestamp, r->decision->timestamp) >= 0)
						r->decision = d;
				} else if (strcspn(dp, "@?#") == cbase && !strncmp(dp, cp, cbase) &&
					   (!r->stale ||
					    strcmp(d->timestamp, r->stale->timestamp) >= 0)) {
					r->stale = d;
				}
			}
		}
		if (r->decision)
			r->stale = NULL;
	}
}

bool audit_open(const struct audit_result *r)
{
	if (r->decision)
		return !strcmp(r->decision->status, "affected") ||
		       !strcmp(r->decision->status, "under_investigation");
	/* a record names the component and nothing decides it: not passed */
	return r->status == AUDIT_AFFECTED || (r->status == AUDIT_UNMATCHABLE && r->vuln);
}
