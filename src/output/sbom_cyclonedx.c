/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CycloneDX 1.6 / 1.7 JSON. The artifact is metadata.component (several:
 * a project component holding them); each SOUP item a "library" component
 * with its files as nested "file" components; dependencies from the
 * artifact to what is linked in or loaded, and from each library to what
 * it loads. Evidence: identity methods (instrumentation = seen by the
 * wrappers, binary-analysis = ELF/DWARF/loader) and one occurrence per file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jout.h"
#include "sbom.h"
#include "spdx.h"
#include "banned.h"

static void hashes(struct jout *j, cJSON *o, const struct file_digests *d)
{
	static const char *const alg[] = { "SHA-1", "SHA-256", "SHA-512" };
	const char *val[] = { d->sha1, d->sha256, d->sha512 };
	cJSON *arr = jout_arr(j, o, "hashes");

	for (size_t i = 0; arr && i < 3; i++) {
		cJSON *h = jout_obj(j, arr, NULL);

		if (h) {
			jout_str(j, h, "alg", alg[i]);
			jout_str(j, h, "content", val[i]);
		}
	}
}

static void property(struct jout *j, cJSON *arr, const char *name, const char *value)
{
	cJSON *p = jout_obj(j, arr, NULL);

	if (p) {
		jout_str(j, p, "name", name);
		jout_str(j, p, "value", value);
	}
}

/* A single licence id or LicenseRef as "license", anything else as one "expression". */
static void licenses(struct jout *j, cJSON *o, const char *expr, const char *ack)
{
	cJSON *arr, *e, *lic;

	if (!expr)
		return;
	if (!(arr = jout_arr(j, o, "licenses")) || !(e = jout_obj(j, arr, NULL)))
		return;
	if (strpbrk(expr, " ()")) {
		jout_str(j, e, "expression", expr);
		jout_str(j, e, "acknowledgement", ack);
		return;
	}
	if (!(lic = jout_obj(j, e, "license")))
		return;
	if (spdx_is_licence_id(expr))
		jout_str(j, lic, "id", expr);
	else
		jout_str(j, lic, "name", expr);
	jout_str(j, lic, "acknowledgement", ack);
}

static cJSON *artifact_component(struct jout *j, const struct bom *b, const struct bom_artifact *a,
				 cJSON *parent, const char *key)
{
	cJSON *o = jout_obj(j, parent, key), *props, *sup;

	if (!o)
		return NULL;
	jout_str(j, o, "type", a->firmware ? "firmware" : "application");
	jout_str(j, o, "bom-ref", a->ref);
	if (b->manufacturer && (sup = jout_obj(j, o, "supplier")))
		jout_str(j, sup, "name", b->manufacturer);
	jout_str(j, o, "name", a->name);
	if (b->project_version)
		jout_str(j, o, "version", b->project_version);
	if (a->hashed)
		hashes(j, o, &a->d);
	if ((props = jout_arr(j, o, "properties"))) {
		property(j, props, "souptrace:path", a->path);
		property(j, props, "souptrace:traced", a->traced ? "true" : "false");
	}
	return o;
}

static void evidence(struct jout *j, const struct bom *b, const struct bom_component *c, cJSON *o)
{
	cJSON *ev = jout_obj(j, o, "evidence"), *ids, *id, *methods, *m, *occ;

	if (!ev || !(ids = jout_arr(j, ev, "identity")) || !(id = jout_obj(j, ids, NULL)))
		return;
	bool from_source = c->origin && (!strcmp(c->origin, "copied code (notice)") ||
					 !strcmp(c->origin, "embedded (fingerprint)"));
	bool medium = c->confidence && !strcmp(c->confidence, "medium");

	jout_str(j, id, "field", "name");
	jout_num(j, id, "confidence", medium ? 0.5 : c->instrumentation ? 1.0 : 0.8);
	jout_str(j, id, "concludedValue", c->name);
	if ((methods = jout_arr(j, id, "methods"))) {
		/* named from the files' own text: a notice or a fingerprint */
		if (from_source && (m = jout_obj(j, methods, NULL))) {
			jout_str(j, m, "technique", "source-code-analysis");
			jout_num(j, m, "confidence", medium ? 0.5 : 0.9);
			jout_str(j, m, "value", c->where ? c->where : c->origin);
		}
		if (c->instrumentation && (m = jout_obj(j, methods, NULL))) {
			jout_str(j, m, "technique", "instrumentation");
			jout_num(j, m, "confidence", 1.0);
			jout_str(j, m, "value",
				 "the souptrace wrappers recorded the compile, archive and link "
				 "steps that put these files into the artifact");
		}
		if (c->binary_analysis && (m = jout_obj(j, methods, NULL))) {
			jout_str(j, m, "technique", "binary-analysis");
			jout_num(j, m, "confidence", 0.8);
			jout_str(j, m, "value",
				 "read from the artifact: DT_NEEDED resolved as the dynamic loader "
				 "would, or the DWARF line tables");
		}
	}
	if (c->version_found && c->version_from && (id = jout_obj(j, ids, NULL))) {
		bool pkg = c->origin && !strcmp(c->origin, "package");

		jout_str(j, id, "field", "version");
		jout_num(j, id, "confidence", pkg ? 1.0 : 0.7);
		jout_str(j, id, "concludedValue", c->version_found);
		if ((methods = jout_arr(j, id, "methods")) && (m = jout_obj(j, methods, NULL))) {
			jout_str(j, m, "technique",
				 pkg ? "manifest-analysis" : "source-code-analysis");
			jout_num(j, m, "confidence", pkg ? 1.0 : 0.7);
			jout_str(j, m, "value", c->version_from);
		}
	}
	if (!(occ = jout_arr(j, ev, "occurrences")))
		return;
	for (size_t i = 0; i < c->nr_files; i++) {
		const struct bom_file *f = &b->files[c->files[i]];
		cJSON *oc = jout_obj(j, occ, NULL);

		if (!oc)
			return;
		jout_str(j, oc, "location", f->rel);
		if (f->evidence)
			jout_str(j, oc, "additionalContext", f->evidence);
	}
}

static void soup_component(struct jout *j, const struct bom *b, const struct bom_component *c,
			   cJSON *arr)
{
	cJSON *o = jout_obj(j, arr, NULL), *sup, *props, *files;
	struct strvec names = STRVEC_INIT, values = STRVEC_INIT;

	if (!o)
		return;
	jout_str(j, o, "type", "library");
	jout_str(j, o, "bom-ref", c->ref);
	if (c->supplier && (sup = jout_obj(j, o, "supplier")))
		jout_str(j, sup, "name", c->supplier);
	if (c->distributor)
		jout_str(j, o, "publisher", c->distributor);
	jout_str(j, o, "name", c->name);
	if (c->version)
		jout_str(j, o, "version", c->version);
	if (c->nr_files == 1 && b->files[c->files[0]].hashed)
		hashes(j, o, &b->files[c->files[0]].d);
	if (c->license)
		licenses(j, o, c->license, "concluded");
	else if (c->license_declared)
		licenses(j, o, c->license_declared, "declared");
	else if (c->license_text) {
		/* not an SPDX expression: a named licence, as written */
		cJSON *ls = jout_arr(j, o, "licenses"), *e, *lic;

		if (ls && (e = jout_obj(j, ls, NULL)) && (lic = jout_obj(j, e, "license")))
			jout_str(j, lic, "name", c->license_text);
	}
	if (c->cpe)
		jout_str(j, o, "cpe", c->cpe);
	if (c->purl)
		jout_str(j, o, "purl", c->purl);
	evidence(j, b, c, o);
	sbom_soup_properties(c, &names, &values);
	for (size_t i = 0; i < b->nr_edges; i++) {
		const struct bom_edge *e = &b->edges[i];
		struct strbuf v = STRBUF_INIT;

		if (!e->from_artifact || e->to != (size_t)(c - b->components))
			continue;
		strbuf_addf(&v, "%s (%s)", b->artifacts[e->from].name,
			    e->dynamic ? "dynamic" : "static");
		strvec_push(&names, "souptrace:linked-into");
		strvec_push(&values, v.buf);
		strbuf_release(&v);
	}
	if (names.nr && (props = jout_arr(j, o, "properties")))
		for (size_t i = 0; i < names.nr; i++)
			property(j, props, names.v[i], values.v[i]);
	strvec_clear(&names);
	strvec_clear(&values);
	if (c->nr_files > 1 && (files = jout_arr(j, o, "components"))) {
		for (size_t i = 0; i < c->nr_files; i++) {
			const struct bom_file *f = &b->files[c->files[i]];
			cJSON *fo = jout_obj(j, files, NULL);
			struct strbuf ref = STRBUF_INIT;

			if (!fo)
				break;
			strbuf_addf(&ref, "file:%s", f->path);
			jout_str(j, fo, "type", "file");
			jout_str(j, fo, "bom-ref", ref.buf);
			jout_str(j, fo, "name", f->rel);
			if (f->hashed)
				hashes(j, fo, &f->d);
			strbuf_release(&ref);
		}
	}
}

static void dependencies(struct jout *j, const struct bom *b, cJSON *root, const char *project_ref)
{
	cJSON *deps = jout_arr(j, root, "dependencies"), *d, *on;
	size_t *targets = calloc(b->nr_components + 1, sizeof(*targets));

	if (!deps || !targets) {
		j->oom = true;
		free(targets);
		return;
	}
	if (project_ref && (d = jout_obj(j, deps, NULL))) {
		jout_str(j, d, "ref", project_ref);
		if ((on = jout_arr(j, d, "dependsOn")))
			for (size_t i = 0; i < b->nr_artifacts; i++)
				jout_push(j, on, b->artifacts[i].ref);
	}
	for (size_t i = 0; i < b->nr_artifacts; i++) {
		size_t n = bom_targets(b, i, true, -1, targets);

		if (!(d = jout_obj(j, deps, NULL)))
			break;
		jout_str(j, d, "ref", b->artifacts[i].ref);
		if ((on = jout_arr(j, d, "dependsOn")))
			for (size_t k = 0; k < n; k++)
				jout_push(j, on, b->components[targets[k]].ref);
	}
	for (size_t i = 0; i < b->nr_components; i++) {
		size_t n = bom_targets(b, i, false, 1, targets);

		if (!(d = jout_obj(j, deps, NULL)))
			break;
		jout_str(j, d, "ref", b->components[i].ref);
		if ((on = jout_arr(j, d, "dependsOn")))
			for (size_t k = 0; k < n; k++)
				jout_push(j, on, b->components[targets[k]].ref);
	}
	free(targets);
}

cJSON *sbom_cyclonedx(const struct bom *b, const struct sbom_meta *m)
{
	struct jout j = { false };
	cJSON *root = cJSON_CreateObject(), *meta, *tools, *arr, *t, *o, *comps, *props;
	struct strbuf s = STRBUF_INIT;
	const char *project_ref = NULL;

	if (!root)
		return NULL;
	strbuf_addf(&s, "http://cyclonedx.org/schema/bom-%s.schema.json", m->spec);
	jout_str(&j, root, "$schema", s.buf);
	jout_str(&j, root, "bomFormat", "CycloneDX");
	jout_str(&j, root, "specVersion", m->spec);
	strbuf_reset(&s);
	strbuf_addf(&s, "urn:uuid:%s", m->uuid);
	jout_str(&j, root, "serialNumber", s.buf);
	jout_num(&j, root, "version", 1);
	if ((meta = jout_obj(&j, root, "metadata"))) {
		jout_str(&j, meta, "timestamp", m->timestamp);
		if ((arr = jout_arr(&j, meta, "lifecycles")) && (o = jout_obj(&j, arr, NULL)))
			jout_str(&j, o, "phase", "build");
		if ((tools = jout_obj(&j, meta, "tools")) &&
		    (arr = jout_arr(&j, tools, "components")) && (t = jout_obj(&j, arr, NULL))) {
			jout_str(&j, t, "type", "application");
			jout_str(&j, t, "name", "souptrace");
			jout_str(&j, t, "version", SOUPTRACE_VERSION);
		}
		if ((arr = jout_arr(&j, meta, "authors")) && (o = jout_obj(&j, arr, NULL)))
			jout_str(&j, o, "name",
				 b->manufacturer ? b->manufacturer
						 : "souptrace " SOUPTRACE_VERSION);
		if (b->manufacturer && (o = jout_obj(&j, meta, "manufacturer")))
			jout_str(&j, o, "name", b->manufacturer);
		if (b->nr_artifacts == 1) {
			artifact_component(&j, b, &b->artifacts[0], meta, "component");
		} else if ((o = jout_obj(&j, meta, "component"))) {
			project_ref = "project";
			jout_str(&j, o, "type", "application");
			jout_str(&j, o, "bom-ref", project_ref);
			jout_str(&j, o, "name", b->project_name ? b->project_name : "artifacts");
			if (b->project_version)
				jout_str(&j, o, "version", b->project_version);
			if ((arr = jout_arr(&j, o, "components")))
				for (size_t i = 0; i < b->nr_artifacts; i++)
					artifact_component(&j, b, &b->artifacts[i], arr, NULL);
		}
		if ((props = jout_arr(&j, meta, "properties"))) {
			property(&j, props, "souptrace:evidence", m->evidence);
			if (m->soup_path)
				property(&j, props, "souptrace:soup", m->soup_path);
			if (b->project_name)
				property(&j, props, "souptrace:project", b->project_name);
		}
	}
	if ((comps = jout_arr(&j, root, "components")))
		for (size_t i = 0; i < b->nr_components; i++)
			soup_component(&j, b, &b->components[i], comps);
	dependencies(&j, b, root, project_ref);
	/* how complete each artifact's list is: first-party code is never listed */
	if ((arr = jout_arr(&j, root, "compositions"))) {
		for (size_t i = 0; i < b->nr_artifacts; i++) {
			cJSON *c = jout_obj(&j, arr, NULL), *refs;

			if (!c)
				break;
			jout_str(&j, c, "aggregate", b->artifacts[i].completeness);
			if ((refs = jout_arr(&j, c, "assemblies")))
				jout_push(&j, refs, b->artifacts[i].ref);
			if ((refs = jout_arr(&j, c, "dependencies")))
				jout_push(&j, refs, b->artifacts[i].ref);
		}
	}
	strbuf_release(&s);
	if (j.oom) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}
