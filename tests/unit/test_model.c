/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check's typed model (src/model/model.h): its one serialiser gives the
 * documented keys in the documented order (docs/check-format.md), null
 * and absent where the document says; and the bill of materials
 * (src/model/bom.h) built from a hand-built model has the expected
 * components, files and dependency edges. The model's files are real files
 * in a scratch directory (the BOM hashes them).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bom.h"
#include "check.h"
#include "check_output.h"
#include "model.h"
#include "soup.h"
#include "testutil.h"

/* The member names of object o, in order, are exactly keys (NULL-terminated). */
static void expect_keys(const cJSON *o, const char *const *keys)
{
	const cJSON *e;
	size_t i = 0;

	assert_true(cJSON_IsObject(o));
	cJSON_ArrayForEach(e, o)
	{
		if (!keys[i])
			fail_msg("unexpected key '%s'", e->string);
		if (strcmp(e->string, keys[i]))
			fail_msg("key %zu is '%s', expected '%s'", i, e->string, keys[i]);
		i++;
	}
	if (keys[i])
		fail_msg("missing key '%s'", keys[i]);
}

static const cJSON *item(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static void expect_str(const cJSON *o, const char *key, const char *want)
{
	const cJSON *v = item(o, key);

	if (!want) {
		if (!cJSON_IsNull(v))
			fail_msg("%s: expected null", key);
		return;
	}
	if (!cJSON_IsString(v) || strcmp(v->valuestring, want))
		fail_msg("%s: expected '%s'", key, want);
}

/* A model with one of everything, as the engine fills it. */
static void small_model(struct check_model *m, bool binary)
{
	struct check_finding *f;
	struct check_component *c;
	struct check_file *file;
	struct check_artifact *a;
	struct check_load *l;

	check_model_init(m);
	f = check_model_add_finding(m);
	f->kind = CHECK_UNDECLARED;
	f->fails = true;
	f->artifact = check_strdup("/p/build/app");
	f->component = check_strdup("ringbuf");
	f->message = check_strdup("vendored, folder third_party/ringbuf, reaches the artifact");
	f->has_evidence = true;
	strvec_push(&f->evidence, "/p/third_party/ringbuf/ringbuf.c: compiled (compile 1-2)");
	f->confidence = check_strdup("high");
	f = check_model_add_finding(m);
	f->kind = CHECK_UNUSED;
	f->component = check_strdup("Acme SDK");
	f->message = check_strdup("declared, but found in none of the artifacts checked");

	c = check_model_add_component(m);
	c->artifact = check_strdup("/p/build/app");
	c->name = check_strdup("zlib");
	c->declared = true;
	c->origin = check_strdup("package");
	c->where = check_strdup("package zlib1g 1:1.2.13.dfsg-1");
	c->version_found = check_strdup("1:1.2.13.dfsg-1");
	c->version_declared = check_strdup("1.2.13");
	c->confidence = check_strdup("high");
	c->license_found = check_strdup("Zlib");
	file = check_component_add_file(c);
	file->path = check_strdup("/usr/lib/libz.so.1.2.13");
	file->dynamic = true;
	file->loaded_by = check_strdup("/p/build/app");
	file->technique = CHECK_BINARY_ANALYSIS;
	file->evidence = check_strdup("loaded at run time: DT_NEEDED libz.so.1");
	c->package = calloc(1, sizeof(*c->package));
	assert_non_null(c->package);
	c->package->name = check_strdup("zlib1g");
	c->package->source = check_strdup("zlib");

	a = check_model_add_artifact(m);
	a->path = check_strdup("/p/build/app");
	a->link_record = check_strdup("1-3");
	a->traced = true;
	a->nr_closure_files = 27;
	l = check_artifact_add_load(a);
	l->from = check_strdup("/p/build/app");
	l->to = check_strdup("/usr/lib/libz.so.1.2.13");

	m->summary.soup = check_strdup("soup.json");
	m->summary.trace = binary ? NULL : check_strdup("/p/.souptrace");
	m->summary.binary_evidence = binary;
	m->summary.trace_why = binary ? NULL : check_strdup("given by --trace");
	m->summary.project_root = check_strdup("/p");
	m->summary.project_root_why = check_strdup("given by --project-root");
	strvec_push(&m->summary.first_party_holders, "Northwind");
	strvec_push(&m->summary.first_party_why, "LICENSE");
	strvec_push(&m->summary.first_party_sources, "LICENSE: 1 holder");
	if (binary)
		strvec_push(&m->summary.notices_unreadable, "/p/src/gone.c");
	m->summary.safety_class = 'B';
	m->summary.failing = 1;
	m->summary.warnings = 1;
}

static void test_json_keys(void **state)
{
	static const char *const top[] = { "findings", "components", "artifacts", "summary", NULL };
	static const char *const finding_full[] = { "kind",	  "fails",   "artifact",
						    "component",  "message", "evidence",
						    "confidence", NULL };
	static const char *const finding_bare[] = { "kind",	 "fails",   "artifact",
						    "component", "message", NULL };
	static const char *const component[] = {
		"artifact",	 "component",	 "declared",	     "origin",	 "where",
		"version_found", "version_from", "version_declared", "evidence", "confidence",
		"license_found", "files",	 "package",	     NULL
	};
	static const char *const file[] = { "path",	 "member",   "link",   "loaded_by",
					    "technique", "evidence", "record", NULL };
	static const char *const package[] = { "name",	       "version",	"upstream_version",
					       "architecture", "source",	"source_version",
					       "maintainer",   "homepage",	"purl",
					       "source_purl",  "license",	"license_from",
					       "supplier",     "supplier_from", NULL };
	static const char *const artifact[] = { "path",	    "link_record", "built_as",
						"identity", "stale",	   "traced",
						"files",    "loads",	   NULL };
	static const char *const summary[] = { "soup",
					       "trace",
					       "trace_why",
					       "evidence",
					       "project_root",
					       "project_root_why",
					       "first_party_holders",
					       "first_party_evidence",
					       "first_party_sources",
					       "safety_class",
					       "failing",
					       "warnings",
					       "passed",
					       NULL };
	struct check_model m;
	const cJSON *f, *c, *a, *s;
	cJSON *doc;

	(void)state;
	small_model(&m, false);
	doc = check_model_to_json(&m);
	assert_non_null(doc);
	expect_keys(doc, top);
	f = item(doc, "findings");
	assert_int_equal(cJSON_GetArraySize(f), 2);
	expect_keys(cJSON_GetArrayItem(f, 0), finding_full);
	expect_keys(cJSON_GetArrayItem(f, 1), finding_bare); /* no evidence, no confidence */
	expect_str(cJSON_GetArrayItem(f, 0), "kind", "undeclared");
	assert_true(cJSON_IsTrue(item(cJSON_GetArrayItem(f, 0), "fails")));
	expect_str(cJSON_GetArrayItem(f, 1), "kind", "unused");
	expect_str(cJSON_GetArrayItem(f, 1), "artifact", NULL);
	assert_true(cJSON_IsFalse(item(cJSON_GetArrayItem(f, 1), "fails")));

	c = cJSON_GetArrayItem(item(doc, "components"), 0);
	expect_keys(c, component);
	expect_str(c, "component", "zlib");
	expect_str(c, "version_from", NULL);
	expect_str(c, "license_found", "Zlib");
	expect_keys(cJSON_GetArrayItem(item(c, "files"), 0), file);
	expect_str(cJSON_GetArrayItem(item(c, "files"), 0), "link", "dynamic");
	expect_str(cJSON_GetArrayItem(item(c, "files"), 0), "technique", "binary-analysis");
	expect_str(cJSON_GetArrayItem(item(c, "files"), 0), "member", NULL);
	/* the copyright file not read: license null, license_file absent */
	expect_keys(item(c, "package"), package);
	expect_str(item(c, "package"), "license", NULL);
	expect_str(item(c, "package"), "source", "zlib");

	a = cJSON_GetArrayItem(item(doc, "artifacts"), 0);
	expect_keys(a, artifact);
	assert_int_equal(item(a, "files")->valueint, 27);
	expect_str(cJSON_GetArrayItem(item(a, "loads"), 0), "to", "/usr/lib/libz.so.1.2.13");

	s = item(doc, "summary");
	expect_keys(s, summary);
	expect_str(s, "evidence", "trace");
	expect_str(s, "trace_why", "given by --trace");
	expect_str(s, "project_root_why", "given by --project-root");
	expect_str(s, "safety_class", "B");
	expect_str(cJSON_GetArrayItem(item(s, "first_party_evidence"), 0), "holder", "Northwind");
	expect_str(cJSON_GetArrayItem(item(s, "first_party_evidence"), 0), "why", "LICENSE");
	assert_int_equal(cJSON_GetArraySize(item(s, "first_party_sources")), 1);
	assert_int_equal(item(s, "failing")->valueint, 1);
	assert_true(cJSON_IsFalse(item(s, "passed")));
	cJSON_Delete(doc);
	check_model_release(&m);
}

/* Binary evidence: its note; unreadable notices; a package whose licence was read. */
static void test_json_optional(void **state)
{
	static const char *const summary[] = { "soup",
					       "trace",
					       "trace_why",
					       "evidence",
					       "evidence_note",
					       "project_root",
					       "project_root_why",
					       "first_party_holders",
					       "first_party_evidence",
					       "first_party_sources",
					       "notices_unreadable",
					       "safety_class",
					       "failing",
					       "warnings",
					       "passed",
					       NULL };
	struct check_model m;
	const cJSON *s, *pkg;
	cJSON *doc;

	(void)state;
	small_model(&m, true);
	m.components[0].package->license = check_strdup("Zlib");
	m.components[0].package->license_read = true;
	doc = check_model_to_json(&m);
	assert_non_null(doc);
	s = item(doc, "summary");
	expect_keys(s, summary);
	expect_str(s, "trace", NULL);
	expect_str(s, "trace_why", NULL);
	expect_str(s, "evidence", "binary");
	expect_str(s, "evidence_note", check_binary_note);
	pkg = item(cJSON_GetArrayItem(item(doc, "components"), 0), "package");
	expect_str(pkg, "license", "Zlib");
	expect_str(pkg, "license_file", NULL); /* present, null: no file named */
	cJSON_Delete(doc);
	check_model_release(&m);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(check_kind_name(CHECK_UNDECLARED), "undeclared");
	assert_string_equal(check_kind_name(CHECK_VERSION_MISMATCH), "version-mismatch");
	assert_string_equal(check_kind_name(CHECK_INCOMPLETE), "incomplete");
	assert_string_equal(check_kind_name(CHECK_NO_TRACE), "no-trace");
	assert_string_equal(check_kind_name(CHECK_TRACE_INCOMPLETE), "trace-incomplete");
	assert_string_equal(check_kind_name(CHECK_STALE_TRACE), "stale-trace");
	assert_string_equal(check_kind_name(CHECK_TRACE_HINT), "trace-hint");
	assert_string_equal(check_kind_name(CHECK_UNRESOLVED), "unresolved");
	assert_string_equal(check_kind_name(CHECK_UNUSED), "unused");
	assert_string_equal(check_technique_name(CHECK_INSTRUMENTATION), "instrumentation");
	assert_string_equal(check_technique_name(CHECK_BINARY_ANALYSIS), "binary-analysis");
}

/* ------------------------------------------------------------------ bom */

struct scratch {
	char dir[PATH_MAX];
	char *root; /* dir/p: the project */
};

static void scratch_open(struct scratch *s)
{
	char real[PATH_MAX];

	snprintf(s->dir, sizeof(s->dir), "/tmp/test_model.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	assert_non_null(realpath(s->dir, real));
	snprintf(s->dir, sizeof(s->dir), "%s", real);
	s->root = tu_path(s->dir, "p");
	tu_write_bytes(s->dir, "p/build/app", "app", 3);
	tu_write_bytes(s->dir, "p/third_party/ringbuf/ringbuf.c", "int rb;\n", 8);
	tu_write_bytes(s->dir, "sys/libz.so.1", "zlib", 4);
	tu_write_bytes(s->dir, "sys/libdep.so.2", "dep", 3);
}

static void scratch_close(struct scratch *s)
{
	tu_remove_tree(s->dir);
	free(s->root);
}

static struct check_component *add_comp(struct check_model *m, const char *artifact,
					const char *name, bool declared, const char *origin)
{
	struct check_component *c = check_model_add_component(m);

	c->artifact = check_strdup(artifact);
	c->name = check_strdup(name);
	c->declared = declared;
	c->origin = check_strdup(origin);
	c->confidence = check_strdup("high");
	return c;
}

static void add_file(struct check_component *c, const char *path, bool dynamic,
		     const char *loaded_by, enum check_technique t)
{
	struct check_file *f = check_component_add_file(c);

	f->path = check_strdup(path);
	f->dynamic = dynamic;
	f->loaded_by = check_strdup(loaded_by);
	f->technique = t;
	f->evidence = check_strdup(dynamic ? "loaded at run time" : "compiled");
}

/*
 * app links ringbuf in (vendored, declared) and loads libz (a package),
 * which loads libdep (undeclared): edges app -> ringbuf (static), app ->
 * zlib (dynamic), zlib -> dep (dynamic), and no app -> dep.
 */
static void bom_model(struct check_model *m, const struct scratch *s, char **paths)
{
	struct check_component *c;
	struct check_artifact *a;
	struct check_load *l;

	paths[0] = tu_path(s->root, "build/app");
	paths[1] = tu_path(s->root, "third_party/ringbuf/ringbuf.c");
	paths[2] = tu_path(s->dir, "sys/libz.so.1");
	paths[3] = tu_path(s->dir, "sys/libdep.so.2");
	check_model_init(m);
	c = add_comp(m, paths[0], "zlib", false, "package");
	add_file(c, paths[2], true, paths[0], CHECK_BINARY_ANALYSIS);
	c->version_found = check_strdup("1:1.2.13.dfsg-1");
	c->package = calloc(1, sizeof(*c->package));
	assert_non_null(c->package);
	c->package->name = check_strdup("zlib1g");
	c->package->source_version = check_strdup("1:1.2.13.dfsg-1");
	c->package->maintainer = check_strdup("Mark Brown <broonie@debian.org>");
	c->package->license = check_strdup("Zlib");
	c->package->source_purl = check_strdup("pkg:deb/debian/zlib@1:1.2.13.dfsg-1?arch=source");
	c->package->purl =
		check_strdup("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&upstream=zlib");
	c->package->supplier = check_strdup("zlib <zlib@gzip.org>");
	c = add_comp(m, paths[0], "ringbuf", true, "vendored");
	add_file(c, paths[1], false, NULL, CHECK_INSTRUMENTATION);
	c->version_found = check_strdup("1.0");
	c = add_comp(m, paths[0], "dep", false, "unknown provenance");
	add_file(c, paths[3], true, paths[2], CHECK_BINARY_ANALYSIS);
	a = check_model_add_artifact(m);
	a->path = check_strdup(paths[0]);
	a->traced = true;
	l = check_artifact_add_load(a);
	l->from = check_strdup(paths[0]);
	l->to = check_strdup(paths[2]);
	l = check_artifact_add_load(a);
	l->from = check_strdup(paths[2]);
	l->to = check_strdup(paths[3]);
	m->summary.project_root = check_strdup(s->root);
	m->summary.safety_class = 'A';
}

static const char bom_soup[] =
	"{\"souptrace\": 1, \"project\": {\"name\": \"p\", \"version\": \"2.0\"},\n"
	" \"components\": [{\"name\": \"ringbuf\", \"version\": \"1.0\", \"supplier\": \"RB\",\n"
	"                   \"license\": \"MIT\"}]}\n";

static void test_bom(void **state)
{
	struct scratch s;
	struct check_model m;
	struct soup_list soup;
	struct strbuf err = STRBUF_INIT;
	struct bom b;
	char *paths[4];
	size_t warnings = 0, out[8], n;

	(void)state;
	scratch_open(&s);
	bom_model(&m, &s, paths);
	soup_list_init(&soup);
	assert_int_equal(
		soup_parse("soup.json", bom_soup, strlen(bom_soup), &soup, &err, &warnings), 0);
	bom_init(&b);
	if (bom_build(&b, &m, &soup, &err))
		fail_msg("bom: %s", err.buf);
	assert_string_equal(b.root, s.root);
	assert_string_equal(b.project_name, "p");
	/* the artifact: hashed, traced, without gaps */
	assert_int_equal(b.nr_artifacts, 1);
	assert_string_equal(b.artifacts[0].ref, "artifact:app");
	assert_true(b.artifacts[0].hashed);
	assert_string_equal(b.artifacts[0].completeness, "incomplete_third_party_only");
	/* components sorted by name, versions and suppliers by precedence */
	assert_int_equal(b.nr_components, 3);
	assert_string_equal(b.components[0].name, "dep");
	assert_null(b.components[0].soup);
	assert_string_equal(b.components[1].name, "ringbuf");
	assert_string_equal(b.components[1].ref, "soup:ringbuf@1.0");
	assert_string_equal(b.components[1].supplier, "RB");
	assert_string_equal(b.components[1].license, "MIT");
	assert_true(b.components[1].static_link && b.components[1].instrumentation);
	assert_string_equal(b.components[2].name, "zlib");
	assert_string_equal(b.components[2].version, "1:1.2.13.dfsg-1");
	/* upstream made it, the Debian maintainer distributes it; the shipped package's purl */
	assert_string_equal(b.components[2].supplier, "zlib <zlib@gzip.org>");
	assert_string_equal(b.components[2].distributor, "Mark Brown <broonie@debian.org>");
	assert_string_equal(b.components[2].license_declared, "Zlib");
	assert_string_equal(b.components[2].purl,
			    "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&upstream=zlib");
	assert_null(b.components[1].distributor);
	assert_true(b.components[2].dynamic_link && b.components[2].binary_analysis);
	/* files sorted by path, relative to the root under it, hashed */
	assert_int_equal(b.nr_files, 3);
	assert_string_equal(b.files[0].rel, "third_party/ringbuf/ringbuf.c");
	assert_string_equal(b.files[1].path, paths[3]);
	assert_string_equal(b.files[1].rel, paths[3]);
	assert_string_equal(b.files[2].path, paths[2]);
	for (size_t i = 0; i < b.nr_files; i++)
		assert_true(b.files[i].hashed);
	assert_int_equal(b.components[1].nr_files, 1);
	assert_int_equal(b.components[1].files[0], 0);
	/* edges: app -> ringbuf (linked), app -> zlib (loaded), zlib -> dep (loaded) */
	n = bom_targets(&b, 0, true, 0, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 1);
	n = bom_targets(&b, 0, true, 1, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 2);
	n = bom_targets(&b, 2, false, -1, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 0);
	assert_int_equal(bom_targets(&b, 0, false, -1, out), 0);
	assert_int_equal(b.nr_edges, 3);
	bom_release(&b);

	/* a gap in the evidence for it: the artifact's SBOM is incomplete */
	check_model_add_finding(&m)->kind = CHECK_TRACE_INCOMPLETE;
	m.findings[0].artifact = check_strdup(paths[0]);
	bom_init(&b);
	assert_int_equal(bom_build(&b, &m, &soup, &err), 0);
	assert_string_equal(b.artifacts[0].completeness, "incomplete");
	bom_release(&b);
	/* binary evidence only: incomplete too */
	check_model_release(&m);
	for (size_t i = 0; i < 4; i++)
		free(paths[i]);
	bom_model(&m, &s, paths);
	m.summary.binary_evidence = true;
	bom_init(&b);
	assert_int_equal(bom_build(&b, &m, &soup, &err), 0);
	assert_string_equal(b.artifacts[0].completeness, "incomplete");
	bom_release(&b);

	check_model_release(&m);
	for (size_t i = 0; i < 4; i++)
		free(paths[i]);
	soup_list_release(&soup);
	strbuf_release(&err);
	scratch_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_keys),
		cmocka_unit_test(test_json_optional),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_bom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
