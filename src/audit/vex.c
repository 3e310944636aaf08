/* SPDX-License-Identifier: Apache-2.0 */
/* People's decisions in OpenVEX documents, applied to an audit (audit.h). */
#include "audit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "alloc.h"
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

struct vrd {
	const char *file;
	struct strbuf *err;
	bool failed;
};

__attribute__((format(printf, 3, 4))) static void vbad(struct vrd *rd, const char *path,
						       const char *fmt, ...)
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

/* obj[key], a string: a copy, NULL when absent; required: an error when absent. */
static char *vstr(struct vrd *rd, const cJSON *obj, const char *path, const char *key,
		  bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v && required)
		vbad(rd, path, "\"%s\" is missing", key);
	else if (v && !cJSON_IsString(v))
		vbad(rd, path, "\"%s\" is not a string", key);
	return v && cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

/* A component's @id: a purl into d->purls, a file:// product into d->artifact. */
static void add_id(struct vrd *rd, struct audit_decision *d, const cJSON *comp, const char *path)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(comp, "@id");
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(comp, "identifiers");
	const cJSON *purl = cJSON_GetObjectItemCaseSensitive(ids, "purl");

	if (!cJSON_IsObject(comp)) {
		vbad(rd, path, "not an object");
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

static void read_statement(struct vrd *rd, struct audit_vex *vx, const cJSON *s, const char *path,
			   const char *author, const char *doc_ts)
{
	static const char *const statuses[] = { "not_affected", "affected", "fixed",
						"under_investigation" };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, "vulnerability");
	const cJSON *prods = cJSON_GetObjectItemCaseSensitive(s, "products"), *p, *sub, *a;
	struct audit_decision *d;
	struct strbuf sp = STRBUF_INIT;
	size_t i = 0, k;

	if (!cJSON_IsObject(s)) {
		vbad(rd, path, "a statement is not an object");
		return;
	}
	ALLOC_GROW(vx->d, vx->nr + 1, vx->alloc);
	d = &vx->d[vx->nr++];
	memset(d, 0, sizeof(*d));
	strvec_init(&d->aliases);
	strvec_init(&d->purls);
	d->file = xstrdup(path);
	if (!cJSON_IsObject(v)) {
		vbad(rd, path, "\"vulnerability\" is missing or not an object");
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
		vbad(rd, path, "status \"%s\" is not an OpenVEX status", d->status);
	d->justification = vstr(rd, s, path, "justification", false);
	d->statement = vstr(rd, s, path, "impact_statement", false);
	if (!d->statement)
		d->statement = vstr(rd, s, path, "action_statement", false);
	if (d->status && !strcmp(d->status, "not_affected") && !d->justification && !d->statement)
		vbad(rd, path, "not_affected needs a justification or an impact_statement");
	d->author = xstrdup(author);
	d->timestamp = vstr(rd, s, path, "timestamp", false);
	if (!d->timestamp)
		d->timestamp = xstrdup(doc_ts);
	if (prods && !cJSON_IsArray(prods))
		vbad(rd, path, "\"products\" is not an array");
	cJSON_ArrayForEach(p, prods)
	{
		strbuf_reset(&sp);
		strbuf_addf(&sp, "%s.products[%zu]", path, i++);
		add_id(rd, d, p, sp.buf);
		cJSON_ArrayForEach(sub, cJSON_GetObjectItemCaseSensitive(p, "subcomponents"))
			add_id(rd, d, sub, sp.buf);
	}
	if (!d->purls.nr)
		vbad(rd, path, "no product or subcomponent names a component by its purl");
	strbuf_release(&sp);
}

int audit_vex_load(struct audit_vex *vx, const char *path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, sp = STRBUF_INIT;
	struct vrd rd = { path, err, false };
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
	{
		const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(root, "@context");

		if (!cJSON_IsString(ctx) || strncmp(ctx->valuestring, "https://openvex.dev/ns", 22))
			vbad(&rd, "$",
			     "not an OpenVEX document (\"@context\" is not "
			     "https://openvex.dev/ns/...)");
	}
	author = vstr(&rd, root, "$", "author", true);
	ts = vstr(&rd, root, "$", "timestamp", true);
	stmts = cJSON_GetObjectItemCaseSensitive(root, "statements");
	if (!rd.failed && !cJSON_IsArray(stmts))
		vbad(&rd, "$", "\"statements\" is missing or not an array");
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
