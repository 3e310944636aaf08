/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace audit --db DIR|FILE [--soup FILE] [--ecosystem Debian:N]
 *                 [--fail-on none|low|medium|high|critical]
 *                 [--format text|json] [-o FILE] ARTIFACT...
 *
 * The known vulnerabilities of what reaches each artifact (the same
 * attribution as check), from OSV records mirrored offline (audit.h says
 * how they are matched). Never the network. Exit 1 when an affected
 * vulnerability at or above --fail-on remains (unknown severity counts as
 * critical), 0 otherwise, 2 on bad usage or an unreadable database.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "audit.h"
#include "complist.h"
#include "check.h"
#include "bom.h"
#include "cli.h"
#include "digest.h"
#include "jout.h"
#include "outfile.h"
#include "pathutil.h"
#include "pkgdb.h"
#include "banned.h"

static const char *aliases_text(const struct osv_vuln *v, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t i = 0; v && i < v->aliases.nr; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : " (", v->aliases.v[i]);
	if (v && v->aliases.nr)
		strbuf_addch(sb, ')');
	return sb->buf;
}

/* A person's decision, or a stale one, for the text. */
static void decision_text(FILE *f, const char *what, const struct audit_decision *d)
{
	fprintf(f, "                  %s %s by %s (%s, %s)", what, d->status, d->author,
		d->timestamp, d->file);
	if (d->justification)
		fprintf(f, ": %s", d->justification);
	if (d->statement)
		fprintf(f, "%s %s", d->justification ? ";" : ":", d->statement);
	fputc('\n', f);
}

static void decision_json(struct jout *j, cJSON *e, const char *key, const struct audit_decision *d)
{
	cJSON *o;

	if (!d) {
		jout_str(j, e, key, NULL);
		return;
	}
	if (!(o = jout_obj(j, e, key)))
		return;
	jout_str(j, o, "status", d->status);
	jout_str(j, o, "justification", d->justification);
	jout_str(j, o, "statement", d->statement);
	jout_str(j, o, "author", d->author);
	jout_str(j, o, "timestamp", d->timestamp);
	jout_str(j, o, "from", d->file);
}

static void write_text(FILE *f, const struct audit *au, const struct osv_db *db, const char *dbpath,
		       const char *fail_on, size_t failing, const struct strvec *gaps)
{
	static const enum audit_status order[] = { AUDIT_AFFECTED, AUDIT_UNMATCHABLE,
						   AUDIT_NOT_AFFECTED, AUDIT_FIXED };
	struct strbuf sb = STRBUF_INIT;

	fprintf(f,
		"database %s: %zu records and %zu CVE file lists from %zu files, newest modified "
		"%s (index: %s)\n",
		dbpath, db->nr, db->nr_cves, db->files, db->newest ? db->newest : "(none stated)",
		db->index_state ? db->index_state : "none");
	for (size_t i = 0; i < db->notes.nr; i++)
		fprintf(f, "  %s\n", db->notes.v[i]);
	/* what needs a decision first */
	for (size_t o = 0; o < sizeof(order) / sizeof(*order); o++) {
		for (size_t i = 0; i < au->nr; i++) {
			const struct audit_result *r = &au->r[i];

			if (r->status != order[o])
				continue;
			fprintf(f, "%-17s %s %s in %s", audit_status_name(r->status), r->comp->name,
				r->version ? r->version : "(no version)", r->comp->artifact);
			if (r->vuln) {
				fprintf(f, ": %s%s %s", r->vuln->id, aliases_text(r->vuln, &sb),
					r->rating);
				if (r->score >= 0)
					fprintf(f, " %d.%d", r->score / 10, r->score % 10);
				if (r->vuln->summary)
					fprintf(f, ", %s", r->vuln->summary);
			}
			fprintf(f, "\n                  %s\n", r->why);
			if (r->decision)
				decision_text(f, "decided", r->decision);
			if (r->stale)
				decision_text(f, "STALE (about another version; decide again):",
					      r->stale);
		}
	}
	for (size_t i = 0; i < gaps->nr; i++)
		fprintf(f, "INCOMPLETE EVIDENCE %s\n", gaps->v[i]);
	fprintf(f,
		"%s: %zu affected (%zu at or above %s), %zu not affected, %zu fixed, %zu cannot be "
		"matched\n",
		failing || gaps->nr ? "FAIL" : "PASS", au->affected, failing, fail_on,
		au->not_affected, au->fixed, au->unmatchable);
	strbuf_release(&sb);
}

static cJSON *to_json(const struct audit *au, const struct osv_db *db, const char *dbpath,
		      const char *debian, const char *fail_on, size_t failing,
		      const struct strvec *gaps, struct jout *j)
{
	cJSON *doc = cJSON_CreateObject(), *o, *arr;

	if (!doc) {
		j->oom = true;
		return NULL;
	}
	if ((o = jout_obj(j, doc, "database"))) {
		jout_str(j, o, "path", dbpath);
		jout_num(j, o, "records", (double)db->nr);
		jout_num(j, o, "cve_file_lists", (double)db->nr_cves);
		jout_num(j, o, "files", (double)db->files);
		jout_str(j, o, "newest_modified", db->newest);
		jout_str(j, o, "debian_ecosystem", debian);
		jout_str(j, o, "index", db->index_state);
		if (db->notes.nr) {
			cJSON *n = jout_arr(j, o, "notes");

			for (size_t i = 0; n && i < db->notes.nr; i++)
				jout_push(j, n, db->notes.v[i]);
		}
	}
	arr = jout_arr(j, doc, "results");
	for (size_t i = 0; arr && i < au->nr; i++) {
		const struct audit_result *r = &au->r[i];
		cJSON *e = jout_obj(j, arr, NULL);

		if (!e)
			continue;
		jout_str(j, e, "artifact", r->comp->artifact);
		jout_str(j, e, "component", r->comp->name);
		jout_str(j, e, "version", r->version);
		jout_str(j, e, "status", audit_status_name(r->status));
		jout_str(j, e, "justification", r->justification);
		jout_str(j, e, "id", r->vuln ? r->vuln->id : NULL);
		if (r->vuln)
			jout_strs(j, e, "aliases", &r->vuln->aliases);
		else
			jout_arr(j, e, "aliases");
		jout_str(j, e, "summary", r->vuln ? r->vuln->summary : NULL);
		jout_str(j, e, "severity", r->rating);
		if (r->score >= 0)
			jout_num(j, e, "score", r->score / 10.0);
		else
			jout_str(j, e, "score", NULL);
		jout_str(j, e, "fixed_in", r->fixed_in);
		jout_str(j, e, "evidence", r->why);
		jout_str(j, e, "record", r->vuln ? r->vuln->file : NULL);
		decision_json(j, e, "decision", r->decision);
		decision_json(j, e, "stale_decision", r->stale);
	}
	if ((o = jout_obj(j, doc, "summary"))) {
		jout_num(j, o, "affected", (double)au->affected);
		jout_num(j, o, "not_affected", (double)au->not_affected);
		jout_num(j, o, "fixed", (double)au->fixed);
		jout_num(j, o, "cannot_be_matched", (double)au->unmatchable);
		jout_str(j, o, "fail_on", fail_on);
		jout_num(j, o, "failing", (double)failing);
		jout_strs(j, o, "evidence_gaps", gaps);
		jout_bool(j, o, "passed", failing == 0 && !gaps->nr);
	}
	return doc;
}

/* The product a statement is about: the artifact, by path and SHA-256. */
static void vex_product(struct jout *j, cJSON *stmt, const struct audit_result *r)
{
	cJSON *prods = jout_arr(j, stmt, "products"), *p = prods ? jout_obj(j, prods, NULL) : NULL;
	cJSON *subs, *sub, *h;
	struct file_digests d;
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;

	if (!p)
		return;
	strbuf_addf(&sb, "file://%s", r->comp->artifact);
	jout_str(j, p, "@id", sb.buf);
	if (digest_file(r->comp->artifact, &d, &err) == 0 && (h = jout_obj(j, p, "hashes")))
		jout_str(j, h, "sha-256", d.sha256);
	/* the component: its purl, else a souptrace URN with its name */
	if ((subs = jout_arr(j, p, "subcomponents")) && (sub = jout_obj(j, subs, NULL))) {
		const char *purl = r->comp->package ? r->comp->package->purl : r->comp->purl_found;

		strbuf_reset(&sb);
		if (purl) {
			strbuf_addstr(&sb, purl);
		} else {
			strbuf_addstr(&sb, "urn:souptrace:component:");
			for (const char *c = r->comp->name; *c; c++)
				strbuf_addf(&sb,
					    (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
							    (*c >= '0' && *c <= '9') ||
							    strchr("-._~", *c)
						    ? "%c"
						    : "%%%02X",
					    (unsigned char)*c);
		}
		jout_str(j, sub, "@id", sb.buf);
	}
	strbuf_release(&sb);
	strbuf_release(&err);
}

/*
 * OpenVEX 0.2.0: one statement per artifact x component x vulnerability
 * (cannot-be-matched ones as under_investigation; a component with no
 * version names no vulnerability and is left to the text and JSON).
 */
static cJSON *to_openvex(const struct audit *au, const char *author, const char *ts, struct jout *j)
{
	cJSON *doc = cJSON_CreateObject(), *stmts;
	struct sha256 h;
	unsigned char md[32];
	char hex[65];
	struct strbuf id = STRBUF_INIT;

	if (!doc) {
		j->oom = true;
		return NULL;
	}
	jout_str(j, doc, "@context", "https://openvex.dev/ns/v0.2.0");
	jout_str(j, doc, "@id", "urn:souptrace:vex:pending");
	jout_str(j, doc, "author", author);
	jout_str(j, doc, "timestamp", ts);
	jout_num(j, doc, "version", 1);
	jout_str(j, doc, "tooling", "souptrace " SOUPTRACE_VERSION " audit");
	stmts = jout_arr(j, doc, "statements");
	for (size_t i = 0; stmts && i < au->nr; i++) {
		const struct audit_result *r = &au->r[i];
		cJSON *s, *v;

		if (!r->vuln || !(s = jout_obj(j, stmts, NULL)))
			continue;
		if ((v = jout_obj(j, s, "vulnerability"))) {
			jout_str(j, v, "name", r->vuln->id);
			if (r->vuln->aliases.nr)
				jout_strs(j, v, "aliases", &r->vuln->aliases);
			if (r->vuln->summary)
				jout_str(j, v, "description", r->vuln->summary);
		}
		vex_product(j, s, r);
		if (r->decision) {
			const struct audit_decision *d = r->decision;
			struct strbuf note = STRBUF_INIT;

			jout_str(j, s, "status", d->status);
			if (d->justification)
				jout_str(j, s, "justification", d->justification);
			if (!strcmp(d->status, "not_affected") && d->statement)
				jout_str(j, s, "impact_statement", d->statement);
			if (!strcmp(d->status, "affected"))
				jout_str(j, s, "action_statement",
					 d->statement
						 ? d->statement
						 : "Decided affected; see the decision's source");
			strbuf_addf(&note, "decided by %s (%s, %s); souptrace found: %s", d->author,
				    d->timestamp, d->file, r->why);
			jout_str(j, s, "status_notes", note.buf);
			strbuf_release(&note);
			continue;
		}
		switch (r->status) {
		case AUDIT_AFFECTED:
			jout_str(j, s, "status", "affected");
			jout_str(j, s, "action_statement",
				 "Update the component out of the affected range, or assess the "
				 "vulnerability for this product and record the decision in a VEX "
				 "file");
			break;
		case AUDIT_NOT_AFFECTED:
			jout_str(j, s, "status", "not_affected");
			jout_str(j, s, "justification", r->justification);
			jout_str(j, s, "impact_statement", r->why);
			break;
		case AUDIT_FIXED:
			jout_str(j, s, "status", "fixed");
			break;
		case AUDIT_UNMATCHABLE:
			jout_str(j, s, "status", "under_investigation");
			break;
		}
		jout_str(j, s, "status_notes", r->why);
	}
	/* the document's id: derived from its content (deterministic, like the SBOMs) */
	{
		char *text = cJSON_PrintUnformatted(doc);

		if (!text) {
			j->oom = true;
		} else {
			sha256_init(&h);
			sha256_update(&h, text, strlen(text));
			sha256_final(&h, md);
			digest_hex(md, sizeof(md), hex);
			strbuf_addf(&id, "urn:souptrace:vex:sha256:%s", hex);
			cJSON_ReplaceItemInObject(doc, "@id", cJSON_CreateString(id.buf));
			free(text);
		}
	}
	strbuf_release(&id);
	return doc;
}

/* --vex FILE, as often as needed. */
/* An OpenVEX justification as CycloneDX's, or NULL. */
static const char *cdx_justification(const char *openvex)
{
	static const char *const map[][2] = {
		{ "component_not_present", "code_not_present" },
		{ "vulnerable_code_not_present", "code_not_present" },
		{ "vulnerable_code_not_in_execute_path", "code_not_reachable" },
		{ "vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment" },
		{ "inline_mitigations_already_exist", "protected_by_mitigating_control" },
	};

	for (size_t i = 0; openvex && i < sizeof(map) / sizeof(*map); i++)
		if (!strcmp(openvex, map[i][0]))
			return map[i][1];
	return NULL;
}

/*
 * CycloneDX 1.6 VEX: a standalone BOM (no SBOM data in it, BSI TR-03183-2)
 * whose components are the ones results name, each artifact x component x
 * vulnerability one entry of vulnerabilities[] with its analysis: in_triage
 * for an affected result nobody assessed (or cannot be matched),
 * not_affected with the justification, resolved for fixed, exploitable for
 * a person's affected.
 */
/*
 * The BOM-Link to the component of the SBOM audited (--sbom, CycloneDX,
 * with a serialNumber and the component's bom-ref): "urn:cdx:SERIAL/VERSION#REF"
 * into out, else false.
 */
static bool bom_link(const struct complist *sbom, const struct audit_result *r, struct strbuf *out)
{
	const char *serial = sbom ? sbom->serial : NULL;

	if (!serial || strncmp(serial, "urn:uuid:", 9))
		return false;
	for (size_t i = 0; i < sbom->nr; i++) {
		const struct complist_entry *e = &sbom->v[i];

		/* the same name, and the same purl, else the same version */
		if (e->ref && !strcmp(e->name, r->comp->name) &&
		    (r->comp->purl_found && e->purl
			     ? !strcmp(e->purl, r->comp->purl_found)
			     : !strcmp(e->version ? e->version : "",
				       r->comp->version_found ? r->comp->version_found : ""))) {
			strbuf_reset(out);
			strbuf_addf(out, "urn:cdx:%s/%ld#", serial + 9, sbom->bom_version);
			/* a bom-ref is any string: percent-encode what a URN fragment cannot hold
			 */
			for (const char *c = e->ref; *c; c++)
				if (isalnum((unsigned char)*c) || strchr("-._~:@!$&'()*+,;=/?", *c))
					strbuf_addch(out, *c);
				else
					strbuf_addf(out, "%%%02X", (unsigned char)*c);
			return true;
		}
	}
	return false;
}

static cJSON *to_cyclonedx(const struct audit *au, const struct complist *sbom, const char *ts,
			   struct jout *j)
{
	cJSON *doc = cJSON_CreateObject(), *meta, *comps, *vulns, *tools;
	struct strvec refs = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT, link = STRBUF_INIT;
	char uuid[37];

	if (!doc) {
		j->oom = true;
		return NULL;
	}
	jout_str(j, doc, "bomFormat", "CycloneDX");
	jout_str(j, doc, "specVersion", "1.6");
	jout_str(j, doc, "serialNumber", "urn:uuid:00000000-0000-0000-0000-000000000000");
	jout_num(j, doc, "version", 1);
	if ((meta = jout_obj(j, doc, "metadata"))) {
		cJSON *t, *c;

		jout_str(j, meta, "timestamp", ts);
		if ((tools = jout_obj(j, meta, "tools")) &&
		    (t = jout_arr(j, tools, "components")) && (c = jout_obj(j, t, NULL))) {
			jout_str(j, c, "type", "application");
			jout_str(j, c, "name", "souptrace");
			jout_str(j, c, "version", SOUPTRACE_VERSION);
		}
	}
	comps = jout_arr(j, doc, "components");
	vulns = jout_arr(j, doc, "vulnerabilities");
	for (size_t i = 0; comps && vulns && i < au->nr; i++) {
		const struct audit_result *r = &au->r[i];
		const struct audit_decision *d = r->decision;
		const char *purl = r->comp->package ? r->comp->package->purl : r->comp->purl_found;
		cJSON *v, *o, *arr;

		if (!r->vuln)
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "component:%s@%s", r->comp->name, r->version ? r->version : "");
		if (!bom_link(sbom, r, &link) && strvec_find(&refs, sb.buf) < 0 &&
		    (o = jout_obj(j, comps, NULL))) {
			strvec_push(&refs, sb.buf);
			jout_str(j, o, "type", "library");
			jout_str(j, o, "bom-ref", sb.buf);
			jout_str(j, o, "name", r->comp->name);
			if (r->version)
				jout_str(j, o, "version", r->version);
			if (purl)
				jout_str(j, o, "purl", purl);
		}
		if (!(v = jout_obj(j, vulns, NULL)))
			continue;
		jout_str(j, v, "id", r->vuln->id);
		if ((o = jout_obj(j, v, "source")))
			jout_str(j, o, "name", "OSV");
		if (r->vuln->aliases.nr && (arr = jout_arr(j, v, "references"))) {
			for (size_t k = 0; k < r->vuln->aliases.nr; k++) {
				cJSON *ref = jout_obj(j, arr, NULL), *src;

				if (!ref)
					continue;
				jout_str(j, ref, "id", r->vuln->aliases.v[k]);
				if ((src = jout_obj(j, ref, "source")))
					jout_str(j, src, "name",
						 strncmp(r->vuln->aliases.v[k], "CVE-", 4) ? "OSV"
											   : "NVD");
			}
		}
		if ((r->score >= 0 || strcmp(r->rating, "unknown")) &&
		    (arr = jout_arr(j, v, "ratings")) && (o = jout_obj(j, arr, NULL))) {
			if (r->score >= 0) {
				jout_num(j, o, "score", r->score / 10.0);
				jout_str(j, o, "method",
					 !strncmp(r->vuln->cvss, "CVSS:3.1", 8) ? "CVSSv31"
										: "CVSSv3");
				jout_str(j, o, "vector", r->vuln->cvss);
			} else {
				jout_str(j, o, "method", "other");
			}
			jout_str(j, o, "severity", r->rating);
		}
		if (r->vuln->summary)
			jout_str(j, v, "description", r->vuln->summary);
		if ((o = jout_obj(j, v, "analysis"))) {
			const char *state = "in_triage", *just = NULL;

			if (d) {
				state = !strcmp(d->status, "not_affected") ? "not_affected"
					: !strcmp(d->status, "fixed")	   ? "resolved"
					: !strcmp(d->status, "affected")   ? "exploitable"
									   : "in_triage";
				just = cdx_justification(d->justification);
			} else if (r->status == AUDIT_NOT_AFFECTED) {
				state = "not_affected";
				just = "code_not_present";
			} else if (r->status == AUDIT_FIXED) {
				state = "resolved";
			}
			jout_str(j, o, "state", state);
			if (just)
				jout_str(j, o, "justification", just);
			strbuf_reset(&sb);
			if (d)
				strbuf_addf(&sb, "decided by %s (%s, %s)%s%s; souptrace found: ",
					    d->author, d->timestamp, d->file,
					    d->statement ? ": " : "",
					    d->statement ? d->statement : "");
			strbuf_addf(&sb, "in %s: %s", r->comp->artifact, r->why);
			jout_str(j, o, "detail", sb.buf);
		}
		if ((arr = jout_arr(j, v, "affects")) && (o = jout_obj(j, arr, NULL))) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "component:%s@%s", r->comp->name,
				    r->version ? r->version : "");
			/* the SBOM's own component, by BOM-Link, when the audit read it */
			jout_str(j, o, "ref", bom_link(sbom, r, &link) ? link.buf : sb.buf);
		}
	}
	/* a content-derived serial number, as the SBOMs have */
	{
		char *text = cJSON_PrintUnformatted(doc);

		if (text) {
			bom_uuid(text, strlen(text), uuid);
			strbuf_reset(&sb);
			strbuf_addf(&sb, "urn:uuid:%s", uuid);
			cJSON_ReplaceItemInObject(doc, "serialNumber", cJSON_CreateString(sb.buf));
			free(text);
		} else {
			j->oom = true;
		}
	}
	strvec_clear(&refs);
	strbuf_release(&sb);
	strbuf_release(&link);
	return doc;
}

/* The CSAF status list an audit result's product goes to, and its flag/statement. */
static const char *csaf_status(const struct audit_result *r, const char **flag, const char **text)
{
	const struct audit_decision *d = r->decision;

	*flag = NULL;
	*text = r->why;
	if (d) {
		*flag = d->justification;
		if (d->statement)
			*text = d->statement;
		return !strcmp(d->status, "not_affected") ? "known_not_affected"
		       : !strcmp(d->status, "affected")	  ? "known_affected"
		       : !strcmp(d->status, "fixed")	  ? "fixed"
							  : "under_investigation";
	}
	switch (r->status) {
	case AUDIT_AFFECTED:
		return "known_affected";
	case AUDIT_NOT_AFFECTED:
		*flag = r->justification;
		return "known_not_affected";
	case AUDIT_FIXED:
		return "fixed";
	case AUDIT_UNMATCHABLE:
		break;
	}
	return "under_investigation";
}

/*
 * CSAF 2.0, VEX profile (csaf_vex): the product tree holds each artifact
 * (ART-n, with its SHA-256) and each component (CMP-n, with its purl), and
 * a relationship per component in an artifact (REL-n, default_component_of)
 * that the product statuses name; one vulnerabilities[] entry per
 * vulnerability with its CVE or ids, a note, the statuses, a flag or an
 * impact threat for every known_not_affected product and a remediation for
 * every known_affected one (the profile's tests 6.1.27.4 to 6.1.27.10).
 */
static cJSON *to_csaf(const struct audit *au, const char *author, const char *ts, struct jout *j)
{
	cJSON *doc = cJSON_CreateObject(), *d, *o, *pt, *fpn, *rels, *vulns, *arr;
	struct strvec arts = STRVEC_INIT, comps = STRVEC_INIT, relk = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT, id = STRBUF_INIT;
	size_t *rel_of = xcalloc(au->nr + 1, sizeof(*rel_of));

	if (!doc) {
		j->oom = true;
		free(rel_of);
		return NULL;
	}
	if ((d = jout_obj(j, doc, "document"))) {
		jout_str(j, d, "category", "csaf_vex");
		jout_str(j, d, "csaf_version", "2.0");
		if ((o = jout_obj(j, d, "publisher"))) {
			jout_str(j, o, "category", "vendor");
			jout_str(j, o, "name", author);
			jout_str(j, o, "namespace", "urn:souptrace:publisher");
		}
		jout_str(j, d, "title",
			 "Known vulnerabilities of the SOUP in the artifacts (souptrace audit)");
		if ((arr = jout_arr(j, d, "notes")) && (o = jout_obj(j, arr, NULL))) {
			jout_str(j, o, "category", "summary");
			jout_str(j, o, "title", "How this was decided");
			jout_str(j, o, "text",
				 "souptrace audit matched the components that reach each artifact "
				 "(from the build's trace) against OSV records read offline; "
				 "known_not_affected entries without a person's decision are "
				 "decided from the build's evidence (vulnerable_code_not_present, "
				 "component_not_present).");
		}
		if ((o = jout_obj(j, d, "tracking"))) {
			cJSON *rh, *h;

			jout_str(j, o, "current_release_date", ts);
			jout_str(j, o, "id", "souptrace-audit-pending");
			jout_str(j, o, "initial_release_date", ts);
			if ((rh = jout_arr(j, o, "revision_history")) &&
			    (h = jout_obj(j, rh, NULL))) {
				jout_str(j, h, "date", ts);
				jout_str(j, h, "number", "1");
				jout_str(j, h, "summary", "written by souptrace audit");
			}
			jout_str(j, o, "status", "final");
			jout_str(j, o, "version", "1");
		}
	}
	/* the product tree: artifacts, components, and each component in an artifact */
	pt = jout_obj(j, doc, "product_tree");
	fpn = pt ? jout_arr(j, pt, "full_product_names") : NULL;
	rels = pt ? jout_arr(j, pt, "relationships") : NULL;
	for (size_t i = 0; fpn && rels && i < au->nr; i++) {
		const struct audit_result *r = &au->r[i];
		const char *purl = r->comp->package ? r->comp->package->purl : r->comp->purl_found;
		long a, c, k;

		if (!r->vuln)
			continue;
		if ((a = strvec_find(&arts, r->comp->artifact)) < 0) {
			struct file_digests fd;
			struct strbuf err = STRBUF_INIT;
			cJSON *helper, *hashes, *h, *fh, *x;

			strvec_push(&arts, r->comp->artifact);
			a = (long)arts.nr - 1;
			strbuf_reset(&id);
			strbuf_addf(&id, "ART-%ld", a + 1);
			if ((o = jout_obj(j, fpn, NULL))) {
				jout_str(j, o, "name", r->comp->artifact);
				jout_str(j, o, "product_id", id.buf);
				if (digest_file(r->comp->artifact, &fd, &err) == 0 &&
				    (helper = jout_obj(j, o, "product_identification_helper")) &&
				    (hashes = jout_arr(j, helper, "hashes")) &&
				    (h = jout_obj(j, hashes, NULL)) &&
				    (fh = jout_arr(j, h, "file_hashes")) &&
				    (x = jout_obj(j, fh, NULL))) {
					jout_str(j, x, "algorithm", "sha256");
					jout_str(j, x, "value", fd.sha256);
					jout_str(j, h, "filename", r->comp->artifact);
				}
			}
			strbuf_release(&err);
		}
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s", r->comp->name, r->version ? r->version : "");
		if ((c = strvec_find(&comps, sb.buf)) < 0) {
			strvec_push(&comps, sb.buf);
			c = (long)comps.nr - 1;
			strbuf_reset(&id);
			strbuf_addf(&id, "CMP-%ld", c + 1);
			if ((o = jout_obj(j, fpn, NULL))) {
				cJSON *helper;

				jout_str(j, o, "name", sb.buf);
				jout_str(j, o, "product_id", id.buf);
				if (purl &&
				    (helper = jout_obj(j, o, "product_identification_helper")))
					jout_str(j, helper, "purl", purl);
			}
		}
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%ld %ld", a, c);
		if ((k = strvec_find(&relk, sb.buf)) < 0) {
			cJSON *f;

			strvec_push(&relk, sb.buf);
			k = (long)relk.nr - 1;
			if ((o = jout_obj(j, rels, NULL))) {
				jout_str(j, o, "category", "default_component_of");
				if ((f = jout_obj(j, o, "full_product_name"))) {
					strbuf_reset(&sb);
					strbuf_addf(&sb, "%s %s in %s", r->comp->name,
						    r->version ? r->version : "",
						    r->comp->artifact);
					jout_str(j, f, "name", sb.buf);
					strbuf_reset(&id);
					strbuf_addf(&id, "REL-%ld", k + 1);
					jout_str(j, f, "product_id", id.buf);
				}
				strbuf_reset(&id);
				strbuf_addf(&id, "CMP-%ld", c + 1);
				jout_str(j, o, "product_reference", id.buf);
				strbuf_reset(&id);
				strbuf_addf(&id, "ART-%ld", a + 1);
				jout_str(j, o, "relates_to_product_reference", id.buf);
			}
		}
		rel_of[i] = (size_t)k + 1;
	}
	/* one entry per vulnerability */
	vulns = jout_arr(j, doc, "vulnerabilities");
	for (size_t i = 0; vulns && i < au->nr; i++) {
		const struct osv_vuln *v = au->r[i].vuln;
		static const char *const lists[] = { "fixed", "known_affected",
						     "known_not_affected", "under_investigation" };
		cJSON *e, *ps, *ids = NULL, *rem = NULL, *flags = NULL, *thr = NULL;
		const char *cve = NULL;
		bool first = true;

		if (!v)
			continue;
		for (size_t k = 0; k < i && first; k++)
			first = au->r[k].vuln != v;
		if (!first || !(e = jout_obj(j, vulns, NULL)))
			continue;
		if (!strncmp(v->id, "CVE-", 4))
			cve = v->id;
		for (size_t k = 0; !cve && k < v->aliases.nr; k++)
			if (!strncmp(v->aliases.v[k], "CVE-", 4))
				cve = v->aliases.v[k];
		if (cve)
			jout_str(j, e, "cve", cve);
		if (strcmp(v->id, cve ? cve : "") && (ids = jout_arr(j, e, "ids")) &&
		    (o = jout_obj(j, ids, NULL))) {
			jout_str(j, o, "system_name", "OSV");
			jout_str(j, o, "text", v->id);
		}
		if ((arr = jout_arr(j, e, "notes")) && (o = jout_obj(j, arr, NULL))) {
			jout_str(j, o, "category", "description");
			jout_str(j, o, "text", v->summary ? v->summary : v->id);
			jout_str(j, o, "title", "Summary");
		}
		ps = jout_obj(j, e, "product_status");
		for (size_t l = 0; ps && l < sizeof(lists) / sizeof(*lists); l++) {
			cJSON *list = NULL;

			for (size_t k = i; k < au->nr; k++) {
				const struct audit_result *r = &au->r[k];
				const char *flag, *text;

				if (r->vuln != v || strcmp(csaf_status(r, &flag, &text), lists[l]))
					continue;
				strbuf_reset(&id);
				strbuf_addf(&id, "REL-%zu", rel_of[k]);
				if (!list && !(list = jout_arr(j, ps, lists[l])))
					break;
				jout_push(j, list, id.buf);
				if (l == 1) { /* known_affected: an action statement */
					if ((rem || (rem = jout_arr(j, e, "remediations"))) &&
					    (o = jout_obj(j, rem, NULL))) {
						cJSON *pids;

						jout_str(j, o, "category",
							 r->fixed_in ? "vendor_fix"
								     : "none_available");
						strbuf_reset(&sb);
						if (r->fixed_in)
							strbuf_addf(&sb,
								    "Update %s to %s or later. ",
								    r->comp->name, r->fixed_in);
						strbuf_addf(&sb, "%s", text);
						jout_str(j, o, "details", sb.buf);
						if ((pids = jout_arr(j, o, "product_ids")))
							jout_push(j, pids, id.buf);
					}
				} else if (l == 2) { /* known_not_affected: a flag or an impact */
					cJSON *pids;

					if (flag && strcmp(flag, "vulnerable_code_not_present") &&
					    strcmp(flag, "component_not_present") &&
					    strcmp(flag, "inline_mitigations_already_exist") &&
					    strcmp(flag, "vulnerable_code_cannot_be_controlled_by_"
							 "adversary") &&
					    strcmp(flag, "vulnerable_code_not_in_execute_path"))
						flag = NULL;
					if (flag && (flags || (flags = jout_arr(j, e, "flags"))) &&
					    (o = jout_obj(j, flags, NULL))) {
						jout_str(j, o, "label", flag);
						if ((pids = jout_arr(j, o, "product_ids")))
							jout_push(j, pids, id.buf);
					}
					if ((thr || (thr = jout_arr(j, e, "threats"))) &&
					    (o = jout_obj(j, thr, NULL))) {
						jout_str(j, o, "category", "impact");
						jout_str(j, o, "details", text);
						if ((pids = jout_arr(j, o, "product_ids")))
							jout_push(j, pids, id.buf);
					}
				}
			}
		}
	}
	/* a content-derived tracking id */
	{
		char *text = cJSON_PrintUnformatted(doc);
		cJSON *tr = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(doc, "document"), "tracking");

		if (text && tr) {
			struct sha256 h;
			unsigned char md[32];
			char hex[65];

			sha256_init(&h);
			sha256_update(&h, text, strlen(text));
			sha256_final(&h, md);
			digest_hex(md, sizeof(md), hex);
			strbuf_reset(&id);
			strbuf_addf(&id, "souptrace-audit-%.16s", hex);
			cJSON_ReplaceItemInObject(tr, "id", cJSON_CreateString(id.buf));
		} else {
			j->oom = true;
		}
		free(text);
	}
	free(rel_of);
	strvec_clear(&arts);
	strvec_clear(&comps);
	strvec_clear(&relk);
	strbuf_release(&sb);
	strbuf_release(&id);
	return doc;
}

/* A check finding that means part of what reaches an artifact was not seen. */
static bool evidence_gap(enum check_kind k)
{
	return k == CHECK_INCOMPLETE || k == CHECK_NO_TRACE || k == CHECK_TRACE_INCOMPLETE ||
	       k == CHECK_STALE_TRACE || k == CHECK_UNRESOLVED;
}

/* Percent-decoded s[0..n) into out. */
static void purl_decode(const char *s, size_t n, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = { s[i + 1], s[i + 2], 0 };

			strbuf_addch(out, (char)strtol(hex, NULL, 16));
			i += 2;
		} else {
			strbuf_addch(out, s[i]);
		}
	}
}

/*
 * A Debian package named by a purl ("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1
 * ?arch=amd64&upstream=zlib"): its source package and source version from
 * the upstream qualifier (souptrace sbom writes it), else from this system's
 * dpkg database when it has that very package and version (said in
 * *from), else none: NULL.
 */
static struct check_package *deb_package(const char *purl, struct pkgdb **db, char **from)
{
	static const char prefix[] = "pkg:deb/debian/";
	const char *p = purl + sizeof(prefix) - 1, *at, *q;
	struct strbuf name = STRBUF_INIT, version = STRBUF_INIT, src = STRBUF_INIT,
		      srcver = STRBUF_INIT, arch = STRBUF_INIT;
	struct check_package *pk = NULL;

	*from = NULL;
	if (strncmp(purl, prefix, sizeof(prefix) - 1))
		return NULL;
	at = strchr(p, '@');
	q = strchr(p, '?');
	if (!at || (q && q < at))
		return NULL;
	purl_decode(p, (size_t)(at - p), &name);
	purl_decode(at + 1, q ? (size_t)(q - at - 1) : strlen(at + 1), &version);
	for (const char *k = q ? q + 1 : NULL; k && *k;) {
		size_t n = strcspn(k, "&#");

		if (!strncmp(k, "upstream=", 9)) {
			struct strbuf v = STRBUF_INIT;
			char *sep;

			purl_decode(k + 9, n - 9, &v);
			sep = strchr(v.buf, '@');
			strbuf_add(&src, v.buf, sep ? (size_t)(sep - v.buf) : v.len);
			if (sep)
				strbuf_addstr(&srcver, sep + 1);
			strbuf_release(&v);
		} else if (!strncmp(k, "arch=", 5)) {
			purl_decode(k + 5, n - 5, &arch);
		}
		k += n;
		k += *k == '&';
		if (*k == '#')
			break;
	}
	if (!src.len) { /* this system's database, when it has that very package */
		const struct pkg_info *pi = NULL;

		if (!*db && access("/var/lib/dpkg/status", F_OK) == 0) {
			struct pkgdb_config cfg = PKGDB_CONFIG_INIT;
			struct strbuf cache = STRBUF_INIT, err = STRBUF_INIT;

			if (path_cache_dir(&cache) == 0)
				cfg.cache_dir = cache.buf;
			if (pkgdb_open_dpkg(&cfg, db, &err))
				*db = NULL;
			strbuf_release(&cache);
			strbuf_release(&err);
		}
		if (*db &&
		    pkgdb_find_package(*db, name.buf, arch.len ? arch.buf : NULL, &pi) == 0 && pi &&
		    !strcmp(pi->version, version.buf)) {
			strbuf_addstr(&src, pi->source);
			strbuf_addstr(&srcver, pi->source_version);
			*from = xstrdup("source package from this system's dpkg database");
		}
	}
	if (src.len) {
		pk = xcalloc(1, sizeof(*pk));
		strvec_init(&pk->license_from);
		pk->name = strbuf_detach(&name, NULL);
		pk->version = xstrdup(version.buf);
		pk->source = strbuf_detach(&src, NULL);
		pk->source_version =
			srcver.len ? strbuf_detach(&srcver, NULL) : xstrdup(version.buf);
		pk->purl = xstrdup(purl);
	}
	strbuf_release(&name);
	strbuf_release(&version);
	strbuf_release(&src);
	strbuf_release(&srcver);
	strbuf_release(&arch);
	return pk;
}

/*
 * The components of an SBOM (CycloneDX or SPDX, as souptrace diff reads
 * them) as check's model would hold them, all in one "artifact": the SBOM
 * itself. 0, or -1 told.
 */
static int model_from_sbom(const char *path, struct complist *cl, struct check_model *m)
{
	struct strbuf diag = STRBUF_INIT;
	struct pkgdb *db = NULL;

	if (complist_load(path, cl, &diag)) {
		cli_error("audit: %s", diag.buf);
		strbuf_release(&diag);
		return -1;
	}
	strbuf_release(&diag);
	if (cl->format == COMPLIST_SOUP) {
		cli_error("audit: %s is a soup.json, not an SBOM: give --soup it and the artifacts",
			  path);
		return -1;
	}
	check_model_add_artifact(m)->path = check_strdup(path);
	for (size_t i = 0; i < cl->nr; i++) {
		const struct complist_entry *e = &cl->v[i];
		struct check_component *c = check_model_add_component(m);
		char *from = NULL;

		c->artifact = check_strdup(path);
		c->name = check_strdup(e->name);
		c->version_found = check_strdup(e->version);
		c->purl_found = check_strdup(e->purl);
		c->origin = check_strdup("sbom");
		if (e->purl && (c->package = deb_package(e->purl, &db, &from)))
			c->version_from = from;
		else
			free(from);
	}
	pkgdb_close(db);
	return 0;
}

void audit_job_init(struct audit_job *jb)
{
	memset(jb, 0, sizeof(*jb));
	osv_init(&jb->db);
	audit_init(&jb->au);
	audit_vex_init(&jb->vx);
	strvec_init(&jb->gaps);
	strvec_init(&jb->unknown);
}

void audit_job_release(struct audit_job *jb)
{
	free(jb->debian);
	audit_release(&jb->au);
	audit_vex_release(&jb->vx);
	osv_release(&jb->db);
	strvec_clear(&jb->gaps);
	strvec_clear(&jb->unknown);
}

int audit_job_load(struct audit_job *jb, const char *cmd, const char *db_path, const char *eco,
		   const struct strvec *vex_paths)
{
	struct strbuf err = STRBUF_INIT;
	int ret = -1;

	jb->db_path = db_path;
	jb->debian = eco ? xstrdup(eco) : audit_debian_ecosystem(NULL);
	jb->db.debian = jb->debian; /* the tracker's entries of this release are kept */
	if (osv_load_indexed(&jb->db, db_path, &err)) {
		cli_error("%s: %s", cmd, err.buf);
		goto out;
	}
	for (size_t i = 0; i < vex_paths->nr; i++) {
		if (audit_vex_load(&jb->vx, vex_paths->v[i], &err)) {
			cli_error("%s: %s", cmd, err.buf);
			goto out;
		}
	}
	ret = 0;
out:
	strbuf_release(&err);
	return ret;
}

void audit_job_run(struct audit_job *jb, const struct soup_list *soup, struct check_model *model)
{
	/* data given but not usable is data not seen: never a pass on it */
	if (jb->db.trackers_unused)
		strvec_pushf(&jb->gaps,
			     "tracker: %zu Debian Security Tracker file%s read but not used: this "
			     "system's Debian release is not known (pass --ecosystem Debian:N)",
			     jb->db.trackers_unused, jb->db.trackers_unused == 1 ? "" : "s");
	/* what check could not see makes the component list incomplete: never a pass */
	for (size_t i = 0; i < model->nr_findings; i++) {
		const struct check_finding *fd = &model->findings[i];

		if (fd->fails && evidence_gap(fd->kind)) {
			strvec_pushf(&jb->gaps, "%s: %s%s%s", check_kind_name(fd->kind),
				     fd->message, fd->artifact ? " in " : "",
				     fd->artifact ? fd->artifact : "");
			strvec_push(&jb->unknown, fd->artifact ? fd->artifact : "*");
		}
	}
	/*
	 * The identity the audit works with (VEX decisions, the outputs' ids,
	 * CVE records' cpes): a declared component's purl and CPE stand in where
	 * its files state none.
	 */
	for (size_t i = 0; i < model->nr_components; i++) {
		struct check_component *c = &model->components[i];

		for (size_t k = 0; c->declared && !c->package && k < soup->nr_components; k++) {
			if (strcmp(soup->components[k].name, c->name))
				continue;
			if (!c->purl_found && soup->components[k].purl)
				c->purl_found = xstrdup(soup->components[k].purl);
			if (!c->cpe_found && soup->components[k].cpe)
				c->cpe_found = xstrdup(soup->components[k].cpe);
		}
	}
	audit_run(model, &jb->db, jb->debian, &jb->au);
	audit_absent(model, &jb->unknown, &jb->au);
	audit_apply_vex(&jb->au, &jb->vx);
}

int cmd_audit(int argc, char **argv)
{
	const char *format = "text", *out_path = NULL, *db_path = NULL, *eco_arg = NULL;
	const char *fail_on = "low", *sbom_path = NULL;
	struct complist sbom;
	struct strvec vex_paths = STRVEC_INIT, clones = STRVEC_INIT;
	struct audit_job jb;
	struct strvec artifacts = STRVEC_INIT;
	struct check_request rq;
	struct soup_list soup;
	struct strbuf err = STRBUF_INIT;
	struct check_model model;
	struct outfile of = OUTFILE_INIT;
	char *text = NULL;
	size_t failing = 0;
	int ret = EXIT_USAGE;

	memset(&rq, 0, sizeof(rq));
	soup_list_init(&soup);
	check_model_init(&model);
	audit_job_init(&jb);
	complist_init(&sbom);
	{
		static const struct command_spec command = {
			"audit", "known vulnerabilities of the SOUP in each artifact, offline",
			"ARTIFACT...", 0, 0
		};
		const struct option opts[] = {
			CHECK_COMMAND_OPTIONS(
				rq, false, &out_path, "the audit",
				{ "--db", NULL, OPT_STRING, &db_path, "DIR|FILE",
				  "OSV records (and CVE JSON 5 records, the Debian Security "
				  "Tracker's JSON): a folder of .json files (read recursively) or "
				  "one file",
				  true, NULL },
				{ "--sbom", NULL, OPT_STRING, &sbom_path, "FILE",
				  "audit the components an SBOM lists (CycloneDX or SPDX JSON, "
				  "as souptrace sbom writes it) instead of ARTIFACT...; a "
				  "CycloneDX VEX then links to it by BOM-Link",
				  false, NULL },
				{ "--ecosystem", NULL, OPT_STRING, &eco_arg, "Debian:N",
				  "the OSV ecosystem of the installed packages (default: from "
				  "/etc/os-release)",
				  false, NULL },
				{ "--vex", NULL, OPT_CALLBACK, &vex_paths, "FILE",
				  "an OpenVEX or CycloneDX VEX document of people's decisions, "
				  "which win (repeatable)",
				  false, opt_append },
				{ "--repo-clone", NULL, OPT_CALLBACK, &clones, "URL=DIR",
				  "a local clone (or mirror) of the repository URL, asked whether "
				  "a "
				  "commit soup.json declares lies inside a GIT range (git "
				  "merge-base --is-ancestor; repeatable)",
				  false, opt_append },
				{ "--fail-on", NULL, OPT_CHOICE, &fail_on,
				  "none|low|medium|high|critical",
				  "exit 1 when an affected vulnerability of this severity or above "
				  "remains (default: low; unknown severity counts as critical)",
				  false, NULL },
				{ "--format", NULL, OPT_CHOICE, &format,
				  "text|json|openvex|cyclonedx|csaf",
				  "the output's format (default: text); openvex: OpenVEX 0.2.0; "
				  "cyclonedx: a CycloneDX 1.6 VEX BOM; csaf: CSAF 2.0, VEX profile",
				  false, NULL }),
		};

		if (!cli_parse(&command, opts, argc, argv, &artifacts, &ret))
			goto out;
	}
	if (!sbom_path == !artifacts.nr) {
		cli_error("audit: give the ARTIFACT... to audit, or --sbom FILE (not both)");
		goto out;
	}
	if (cli_artifacts("audit", &artifacts))
		goto out;
	for (size_t i = 0; i < clones.nr; i++) {
		const char *eq = strrchr(clones.v[i], '=');
		struct stat st;

		if (!eq || eq == clones.v[i] || !eq[1]) {
			cli_error("audit: --repo-clone %s: give URL=DIR", clones.v[i]);
			goto out;
		}
		if (stat(eq + 1, &st) || !S_ISDIR(st.st_mode)) {
			cli_error("audit: --repo-clone %s: %s is not a folder", clones.v[i],
				  eq + 1);
			goto out;
		}
	}
	jb.au.clones = &clones;
	/* the SBOM first: BOM-Links in the people's CycloneDX VEX resolve against it */
	if (sbom_path && model_from_sbom(sbom_path, &sbom, &model))
		goto out;
	jb.vx.links = sbom_path ? &sbom : NULL;
	if (audit_job_load(&jb, "audit", db_path, eco_arg, &vex_paths))
		goto out;
	rq.artifacts = &artifacts;
	if (!sbom_path && cli_evaluate(&rq, &soup, &model) < 0)
		goto out;
	audit_job_run(&jb, &soup, &model);
	for (size_t i = 0; i < jb.au.nr; i++)
		if (audit_open(&jb.au.r[i]) && strcmp(fail_on, "none") &&
		    audit_rank(jb.au.r[i].rating) >= audit_rank(fail_on))
			failing++;
	strbuf_reset(&err);
	if (outfile_open(&of, out_path, &err)) {
		cli_error("audit: cannot write %s", err.buf);
		goto out;
	}
	if (strcmp(format, "text")) {
		struct jout j = { false };
		char ts[32];
		cJSON *doc;

		if (strcmp(format, "json") && bom_timestamp(ts, &err)) {
			outfile_abort(&of);
			cli_error("audit: %s", err.buf);
			goto out;
		}
		if (!strcmp(format, "cyclonedx")) {
			doc = to_cyclonedx(&jb.au, sbom_path ? &sbom : NULL, ts, &j);
		} else if (!strcmp(format, "csaf")) {
			doc = to_csaf(&jb.au,
				      soup.project_manufacturer ? soup.project_manufacturer
								: "souptrace (automated)",
				      ts, &j);
		} else if (!strcmp(format, "openvex")) {
			doc = to_openvex(&jb.au,
					 soup.project_manufacturer ? soup.project_manufacturer
								   : "souptrace (automated)",
					 ts, &j);
		} else {
			doc = to_json(&jb.au, &jb.db, db_path, jb.debian, fail_on, failing,
				      &jb.gaps, &j);
		}

		text = doc && !j.oom ? cJSON_Print(doc) : NULL;
		cJSON_Delete(doc);
		if (!text || fputs(text, of.f) < 0 || fputc('\n', of.f) < 0) {
			outfile_abort(&of);
			cli_error("audit: cannot write %s",
				  out_path ? out_path : "standard output");
			goto out;
		}
	} else {
		write_text(of.f, &jb.au, &jb.db, db_path, fail_on, failing, &jb.gaps);
	}
	if (outfile_commit(&of, &err)) {
		cli_error("audit: cannot write %s", err.buf);
		goto out;
	}
	ret = failing || jb.gaps.nr ? EXIT_FINDINGS : EXIT_OK;
out:
	free(text);
	complist_release(&sbom);
	audit_job_release(&jb);
	strvec_clear(&vex_paths);
	strvec_clear(&clones);
	check_model_release(&model);
	soup_list_release(&soup);
	strvec_clear(&artifacts);
	strbuf_release(&err);
	return ret;
}
