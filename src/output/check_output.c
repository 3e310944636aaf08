/* SPDX-License-Identifier: Apache-2.0 */
/* check's findings as JUnit XML and SARIF (check_output.h). */
#include "check_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "strbuf.h"
#include "textesc.h"
#include "banned.h"

/* s as XML 1.0 character data or attribute value (strbuf_add_xml). */
static void xml_text(FILE *f, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_add_xml(&sb, s))
		fputs("?", f); /* memory ran out: well-formed, if not the text */
	else
		fwrite(sb.buf, 1, sb.len, f);
	strbuf_release(&sb);
}

/*
 * JUnit XML, as CI systems show tests: one test case per component found in
 * an artifact (passing, or failing with its findings) and one per finding
 * that belongs to no component found (no-trace, incomplete entries...).
 */
/* Is finding x about component c (the same component in the same artifact)? */
static bool about(const struct check_finding *x, const struct check_component *c)
{
	return x->component && x->artifact && c->name && c->artifact &&
	       !strcmp(x->component, c->name) && !strcmp(x->artifact, c->artifact);
}

/* Is finding x about some component found? */
static bool about_any(const struct check_model *m, const struct check_finding *x)
{
	for (size_t i = 0; i < m->nr_components; i++)
		if (about(x, &m->components[i]))
			return true;
	return false;
}

void check_write_junit(FILE *f, const struct check_model *m)
{
	size_t tests = m->nr_components, failures = 0;

	for (size_t i = 0; i < m->nr_findings; i++) {
		tests += !about_any(m, &m->findings[i]);
		failures += m->findings[i].fails;
	}
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"souptrace check\" tests=\"%zu\" failures=\"%zu\">\n"
		"  <testsuite name=\"souptrace check\" tests=\"%zu\" failures=\"%zu\">\n",
		tests, failures, tests, failures);
	for (size_t i = 0; i < m->nr_components; i++) {
		const struct check_component *c = &m->components[i];

		fputs("    <testcase classname=\"", f);
		xml_text(f, c->artifact);
		fputs("\" name=\"", f);
		xml_text(f, c->name);
		fputs("\">\n", f);
		for (size_t k = 0; k < m->nr_findings; k++) {
			const struct check_finding *x = &m->findings[k];

			if (!x->fails || !about(x, c))
				continue;
			fputs("      <failure type=\"", f);
			xml_text(f, check_kind_name(x->kind));
			fputs("\" message=\"", f);
			xml_text(f, x->message);
			fputs("\">", f);
			for (size_t e = 0; e < x->evidence.nr; e++) {
				xml_text(f, x->evidence.v[e]);
				fputc('\n', f);
			}
			fputs("</failure>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	for (size_t k = 0; k < m->nr_findings; k++) {
		const struct check_finding *x = &m->findings[k];

		if (about_any(m, x))
			continue;
		fputs("    <testcase classname=\"", f);
		xml_text(f, x->artifact ? x->artifact : "soup.json");
		fputs("\" name=\"", f);
		xml_text(f, check_kind_name(x->kind));
		if (x->component) {
			fputc(' ', f);
			xml_text(f, x->component);
		}
		fputs("\">", f);
		if (x->fails) {
			fputs("<failure type=\"", f);
			xml_text(f, check_kind_name(x->kind));
			fputs("\" message=\"", f);
			xml_text(f, x->message);
			fputs("\"/>", f);
		} else {
			fputs("<system-out>", f);
			xml_text(f, x->message);
			fputs("</system-out>", f);
		}
		fputs("</testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

/* SARIF 2.1.0 for code-scanning views: one result per finding. */
char *check_sarif_text(struct jout *j, const struct check_model *m)
{
	static const struct {
		const char *id, *text;
	} rules[] = {
		{ "undeclared", "SOUP reaches the artifact but is not declared" },
		{ "version-mismatch", "The declared version differs from the one found" },
		{ "incomplete", "The SOUP entry lacks fields its safety class requires" },
		{ "no-trace", "The artifact was not built through the souptrace wrappers" },
		{ "trace-incomplete", "The build trace misses evidence" },
		{ "stale-trace", "The artifact is not what the recorded link step wrote" },
		{ "trace-hint",
		  "Something went wrong while recording; its effect is judged per artifact" },
		{ "unresolved", "A needed shared library cannot be found" },
		{ "unused", "Declared SOUP found in none of the artifacts" },
		{ "ignored-everything",
		  "soup.json's ignore rules silence every file of the artifact" },
	};
	cJSON *doc = cJSON_CreateObject(), *runs, *run, *tool, *driver, *rarr, *results;
	char *s = NULL;

	if (!doc)
		return NULL;
	jout_str(j, doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jout_str(j, doc, "version", "2.1.0");
	runs = jout_arr(j, doc, "runs");
	run = runs ? jout_obj(j, runs, NULL) : NULL;
	tool = run ? jout_obj(j, run, "tool") : NULL;
	driver = tool ? jout_obj(j, tool, "driver") : NULL;
	if (!driver)
		goto out;
	jout_str(j, driver, "name", "souptrace");
	jout_str(j, driver, "version", SOUPTRACE_VERSION);
	rarr = jout_arr(j, driver, "rules");
	for (size_t i = 0; rarr && i < sizeof(rules) / sizeof(*rules); i++) {
		cJSON *r = jout_obj(j, rarr, NULL), *d;

		if (!r)
			break;
		jout_str(j, r, "id", rules[i].id);
		d = jout_obj(j, r, "shortDescription");
		if (d)
			jout_str(j, d, "text", rules[i].text);
	}
	results = jout_arr(j, run, "results");
	for (size_t i = 0; i < m->nr_findings; i++) {
		const struct check_finding *x = &m->findings[i];
		cJSON *r = results ? jout_obj(j, results, NULL) : NULL, *msg, *locs;
		const char *ev = x->evidence.nr ? x->evidence.v[0] : NULL;
		struct strbuf text = STRBUF_INIT;

		if (!r)
			break;
		jout_str(j, r, "ruleId", check_kind_name(x->kind));
		jout_str(j, r, "level", x->fails ? "error" : "warning");
		strbuf_addf(&text, "%s%s%s", x->component ? x->component : "",
			    x->component ? ": " : "", x->message);
		msg = jout_obj(j, r, "message");
		if (msg)
			jout_str(j, msg, "text", text.buf);
		strbuf_release(&text);
		/* where: the first evidence file, else the artifact */
		locs = jout_arr(j, r, "locations");
		if (locs) {
			const char *where = ev ? ev : x->artifact;
			cJSON *l = where ? jout_obj(j, locs, NULL) : NULL;
			cJSON *pl = l ? jout_obj(j, l, "physicalLocation") : NULL;
			cJSON *al = pl ? jout_obj(j, pl, "artifactLocation") : NULL;

			if (al) {
				size_t n = strcspn(where, "(:");
				struct strbuf uri = STRBUF_INIT;

				strbuf_add(&uri, where, n);
				jout_str(j, al, "uri", uri.buf);
				strbuf_release(&uri);
			}
		}
	}
	if (!j->oom)
		s = cJSON_Print(doc);
out:
	cJSON_Delete(doc);
	return s;
}

/* ------------------------------------------------------------ JSON */

static void json_finding(struct jout *j, cJSON *arr, const struct check_finding *x)
{
	cJSON *o = jout_obj(j, arr, NULL);

	if (!o)
		return;
	jout_str(j, o, "kind", check_kind_name(x->kind));
	jout_bool(j, o, "fails", x->fails);
	jout_str(j, o, "artifact", x->artifact);
	jout_str(j, o, "component", x->component);
	jout_str(j, o, "message", x->message);
	if (x->has_evidence)
		jout_strs(j, o, "evidence", &x->evidence);
	if (x->confidence)
		jout_str(j, o, "confidence", x->confidence);
}

static void json_package(struct jout *j, cJSON *jc, const struct check_package *p)
{
	cJSON *o = jout_obj(j, jc, "package");

	if (!o)
		return;
	jout_str(j, o, "name", p->name);
	jout_str(j, o, "version", p->version);
	jout_str(j, o, "upstream_version", p->upstream_version);
	jout_str(j, o, "architecture", p->architecture);
	jout_str(j, o, "source", p->source);
	jout_str(j, o, "source_version", p->source_version);
	jout_str(j, o, "maintainer", p->maintainer);
	jout_str(j, o, "homepage", p->homepage);
	jout_str(j, o, "purl", p->purl);
	jout_str(j, o, "source_purl", p->source_purl);
	jout_str(j, o, "license", p->license);
	if (p->license_read)
		jout_str(j, o, "license_file", p->license_file);
	jout_strs(j, o, "license_from", &p->license_from);
	jout_str(j, o, "supplier", p->supplier);
	jout_str(j, o, "supplier_from", p->supplier_from);
}

static void json_component(struct jout *j, cJSON *arr, const struct check_component *c)
{
	cJSON *o = jout_obj(j, arr, NULL), *files;

	if (!o)
		return;
	jout_str(j, o, "artifact", c->artifact);
	jout_str(j, o, "component", c->name);
	jout_bool(j, o, "declared", c->declared);
	jout_str(j, o, "origin", c->origin);
	jout_str(j, o, "where", c->where);
	jout_str(j, o, "version_found", c->version_found);
	jout_str(j, o, "version_from", c->version_from);
	jout_str(j, o, "version_declared", c->version_declared);
	if (c->repository_declared)
		jout_str(j, o, "repository_declared", c->repository_declared);
	if (c->commit_declared)
		jout_str(j, o, "commit_declared", c->commit_declared);
	jout_strs(j, o, "evidence", &c->evidence);
	jout_str(j, o, "confidence", c->confidence);
	if (c->supplier_found)
		jout_str(j, o, "supplier_found", c->supplier_found);
	if (c->license_found)
		jout_str(j, o, "license_found", c->license_found);
	if (c->purl_found)
		jout_str(j, o, "purl_found", c->purl_found);
	if (c->cpe_found)
		jout_str(j, o, "cpe_found", c->cpe_found);
	files = jout_arr(j, o, "files");
	for (size_t i = 0; files && i < c->nr_files; i++) {
		const struct check_file *f = &c->files[i];
		cJSON *fo = jout_obj(j, files, NULL);

		if (!fo)
			break;
		jout_str(j, fo, "path", f->path);
		jout_str(j, fo, "member", f->member);
		jout_str(j, fo, "link", f->dynamic ? "dynamic" : "static");
		jout_str(j, fo, "loaded_by", f->loaded_by);
		jout_str(j, fo, "technique", check_technique_name(f->technique));
		jout_str(j, fo, "evidence", f->evidence);
		jout_str(j, fo, "record", f->record);
	}
	if (c->package)
		json_package(j, o, c->package);
}

static void json_artifact(struct jout *j, cJSON *arr, const struct check_artifact *a)
{
	cJSON *o = jout_obj(j, arr, NULL), *loads;

	if (!o)
		return;
	jout_str(j, o, "path", a->path);
	jout_str(j, o, "link_record", a->link_record);
	jout_str(j, o, "built_as", a->built_as);
	jout_str(j, o, "identity", a->identity);
	jout_str(j, o, "stale", a->stale);
	jout_bool(j, o, "traced", a->traced);
	jout_num(j, o, "files", (double)a->nr_closure_files);
	loads = jout_arr(j, o, "loads");
	for (size_t i = 0; loads && i < a->nr_loads; i++) {
		cJSON *e = jout_obj(j, loads, NULL);

		if (!e)
			break;
		jout_str(j, e, "from", a->loads[i].from);
		jout_str(j, e, "to", a->loads[i].to);
	}
	if (a->nr_ignored) {
		cJSON *ign = jout_arr(j, o, "ignored");

		for (size_t i = 0; ign && i < a->nr_ignored; i++) {
			cJSON *e = jout_obj(j, ign, NULL);

			if (!e)
				break;
			jout_num(j, e, "rule", (double)a->ignored[i].rule);
			jout_str(j, e, "reason", a->ignored[i].reason);
			jout_num(j, e, "files", (double)a->ignored[i].files);
		}
	}
}

/* Who the project was taken to be: each holder, why, and the evidence consulted. */
static void json_first_party(struct jout *j, cJSON *o, const struct check_summary *s)
{
	cJSON *arr;

	jout_strs(j, o, "first_party_holders", &s->first_party_holders);
	arr = jout_arr(j, o, "first_party_evidence");
	for (size_t i = 0; arr && i < s->first_party_holders.nr; i++) {
		cJSON *e = jout_obj(j, arr, NULL);

		if (!e)
			break;
		jout_str(j, e, "holder", s->first_party_holders.v[i]);
		jout_str(j, e, "why", i < s->first_party_why.nr ? s->first_party_why.v[i] : NULL);
	}
	jout_strs(j, o, "first_party_sources", &s->first_party_sources);
}

static void json_summary(struct jout *j, cJSON *doc, const struct check_summary *s)
{
	cJSON *o = jout_obj(j, doc, "summary");

	if (!o)
		return;
	jout_str(j, o, "soup", s->soup);
	jout_str(j, o, "trace", s->trace);
	jout_str(j, o, "trace_why", s->trace_why);
	jout_str(j, o, "evidence", s->binary_evidence ? "binary" : "trace");
	if (s->binary_evidence)
		jout_str(j, o, "evidence_note", check_binary_note);
	jout_str(j, o, "project_root", s->project_root);
	jout_str(j, o, "project_root_why", s->project_root_why);
	json_first_party(j, o, s);
	if (s->notices_unreadable.nr)
		jout_strs(j, o, "notices_unreadable", &s->notices_unreadable);
	if (s->not_compiled.nr)
		jout_strs(j, o, "not_compiled", &s->not_compiled);
	jout_str(j, o, "safety_class", (char[]){ s->safety_class, 0 });
	jout_num(j, o, "failing", (double)s->failing);
	jout_num(j, o, "warnings", (double)s->warnings);
	jout_bool(j, o, "passed", s->passed);
}

cJSON *check_model_to_json(const struct check_model *m)
{
	struct jout j = { false };
	cJSON *doc = cJSON_CreateObject(), *arr;

	if (!doc)
		return NULL;
	arr = jout_arr(&j, doc, "findings");
	for (size_t i = 0; arr && i < m->nr_findings; i++)
		json_finding(&j, arr, &m->findings[i]);
	arr = jout_arr(&j, doc, "components");
	for (size_t i = 0; arr && i < m->nr_components; i++)
		json_component(&j, arr, &m->components[i]);
	arr = jout_arr(&j, doc, "artifacts");
	for (size_t i = 0; arr && i < m->nr_artifacts; i++)
		json_artifact(&j, arr, &m->artifacts[i]);
	json_summary(&j, doc, &m->summary);
	if (j.oom) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}
