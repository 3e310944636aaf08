/* SPDX-License-Identifier: Apache-2.0 */
/* souptrace diff: the component-list readers, the comparison, the command. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compdiff.h"
#include "complist.h"
#include "testutil.h"

/* Read text as name into l; expect success. */
static void parse_ok(const char *name, const char *text, struct complist *l)
{
	struct strbuf diag = STRBUF_INIT;

	complist_init(l);
	if (complist_parse(name, text, strlen(text), l, &diag))
		fail_msg("%s: unexpected errors:\n%s", name, diag.buf);
	strbuf_release(&diag);
}

/* Read text; expect failure with each of the NULL-ended needles in the messages. */
static void parse_err(const char *text, size_t len, ...)
{
	struct complist l;
	struct strbuf diag = STRBUF_INIT;
	const char *needle;
	va_list ap;

	complist_init(&l);
	assert_int_equal(complist_parse("bad.json", text, len, &l, &diag), -1);
	va_start(ap, len);
	while ((needle = va_arg(ap, const char *))) {
		if (!strstr(diag.buf, needle))
			fail_msg("expected '%s' in:\n%s", needle, diag.buf);
	}
	va_end(ap);
	complist_release(&l);
	strbuf_release(&diag);
}

#define PARSE_ERR(text, ...) parse_err(text, strlen(text), __VA_ARGS__, NULL)

static const struct complist_entry *find(const struct complist *l, const char *name)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	fail_msg("no component '%s'", name);
	return NULL;
}

static void expect_entry(const struct complist *l, const char *name, const char *version,
			 const char *supplier, const char *license, const char *kind)
{
	const struct complist_entry *e = find(l, name);
	const char *want[] = { version, supplier, license, kind };
	const char *got[] = { e->version, e->supplier, e->license, e->kind };

	for (size_t i = 0; i < 4; i++) {
		if (!want[i] != !got[i] || (want[i] && strcmp(want[i], got[i])))
			fail_msg("%s: field %zu: expected '%s', got '%s'", name, i,
				 want[i] ? want[i] : "(null)", got[i] ? got[i] : "(null)");
	}
}

static const char cdx_doc[] =
	"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1,\n"
	" \"metadata\": {\"component\": {\"type\": \"application\", \"name\": \"pumpctl\"}},\n"
	" \"components\": [\n"
	"  {\"type\": \"application\", \"name\": \"pumpctl\", \"version\": \"2.1.0\",\n"
	"   \"components\": [\n"
	"    {\"type\": \"library\", \"name\": \"tinycrc\", \"version\": \"2.4.1\",\n"
	"     \"supplier\": {\"name\": \"Mara Lindqvist\"},\n"
	"     \"licenses\": [{\"license\": {\"id\": \"BSD-3-Clause\"}}],\n"
	"     \"properties\": [{\"name\": \"other\", \"value\": \"x\"},\n"
	"                      {\"name\": \"souptrace:kind\", \"value\": \"open-source\"}]}]},\n"
	"  {\"type\": \"library\", \"group\": \"acme\", \"name\": \"sensorsdk\", \"version\": "
	"\"3.7.2\",\n"
	"   \"manufacturer\": {\"name\": \"Acme Ltd.\"},\n"
	"   \"licenses\": [{\"license\": {\"name\": \"Acme EULA\"}}]},\n"
	"  {\"type\": \"library\", \"name\": \"zlib\", \"version\": \"1.2.13\", \"author\": \"J "
	"and M <jm@zlib.net>\",\n"
	"   \"licenses\": [{\"expression\": \"Zlib OR MIT\"}, {\"license\": {\"id\": "
	"\"BSD-2-Clause\"}},\n"
	"                  {\"expression\": \"(A OR B)\"}]},\n"
	"  {\"type\": \"file\", \"name\": \"pumpctl.bin\"},\n"
	"  {\"type\": \"operating-system\", \"name\": \"debian\", \"version\": \"12\"},\n"
	"  {\"type\": \"framework\", \"name\": \"bare\"}\n"
	" ]}\n";

static void test_cyclonedx(void **state)
{
	struct complist l;

	(void)state;
	parse_ok("bom.cdx.json", cdx_doc, &l);
	assert_int_equal(l.format, COMPLIST_CYCLONEDX);
	assert_true(l.has_kind);
	assert_int_equal(l.nr, 5); /* the application and the file are not SOUP */
	expect_entry(&l, "tinycrc", "2.4.1", "Mara Lindqvist", "BSD-3-Clause", "open-source");
	expect_entry(&l, "acme/sensorsdk", "3.7.2", "Acme Ltd.", "Acme EULA", NULL);
	expect_entry(&l, "zlib", "1.2.13", "J and M", "(Zlib OR MIT) AND BSD-2-Clause AND (A OR B)",
		     NULL);
	expect_entry(&l, "debian", "12", NULL, NULL, NULL);
	expect_entry(&l, "bare", NULL, NULL, NULL, NULL);
	complist_release(&l);

	/* no components at all: an empty list; no souptrace:kind: kind not known */
	parse_ok("e.json", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.7\"}", &l);
	assert_int_equal(l.nr, 0);
	assert_false(l.has_kind);
	complist_release(&l);
}

static const char spdx2_doc[] =
	"{\"spdxVersion\": \"SPDX-2.3\", \"SPDXID\": \"SPDXRef-DOCUMENT\", \"name\": \"pumpctl\",\n"
	" \"documentDescribes\": [\"SPDXRef-pumpctl\"],\n"
	" \"packages\": [\n"
	"  {\"SPDXID\": \"SPDXRef-pumpctl\", \"name\": \"pumpctl\", \"versionInfo\": \"2.1.0\"},\n"
	"  {\"SPDXID\": \"SPDXRef-tool\", \"name\": \"pumpctl-service\"},\n"
	"  {\"SPDXID\": \"SPDXRef-tinycrc\", \"name\": \"tinycrc\", \"versionInfo\": \"2.4.1\",\n"
	"   \"supplier\": \"Person: Mara Lindqvist (ml@example.org)\",\n"
	"   \"licenseConcluded\": \"BSD-3-Clause\",\n"
	"   \"licenseDeclared\": \"MIT\",\n"
	"   \"annotations\": [{\"annotationType\": \"OTHER\", \"annotator\": \"Tool: souptrace\",\n"
	"     \"annotationDate\": \"2026-01-01T00:00:00Z\", \"comment\": "
	"\"souptrace:kind=open-source\"}]},\n"
	"  {\"SPDXID\": \"SPDXRef-zlib\", \"name\": \"zlib\", \"versionInfo\": \"1.2.13\",\n"
	"   \"supplier\": \"Organization: Debian\", \"licenseConcluded\": \"NOASSERTION\",\n"
	"   \"licenseDeclared\": \"Zlib\"},\n"
	"  {\"SPDXID\": \"SPDXRef-glibc\", \"name\": \"glibc\", \"supplier\": \"NOASSERTION\",\n"
	"   \"licenseConcluded\": \"NONE\", \"licenseDeclared\": \"NOASSERTION\"}\n"
	" ],\n"
	" \"relationships\": [\n"
	"  {\"spdxElementId\": \"SPDXRef-DOCUMENT\", \"relationshipType\": \"DESCRIBES\",\n"
	"   \"relatedSpdxElement\": \"SPDXRef-tool\"},\n"
	"  {\"spdxElementId\": \"SPDXRef-pumpctl\", \"relationshipType\": \"DEPENDS_ON\",\n"
	"   \"relatedSpdxElement\": \"SPDXRef-zlib\"}\n"
	" ]}\n";

static void test_spdx2(void **state)
{
	struct complist l;

	(void)state;
	parse_ok("bom.spdx.json", spdx2_doc, &l);
	assert_int_equal(l.format, COMPLIST_SPDX2);
	assert_true(l.has_kind);
	assert_int_equal(l.nr, 3); /* both described packages left out */
	expect_entry(&l, "tinycrc", "2.4.1", "Mara Lindqvist", "BSD-3-Clause", "open-source");
	expect_entry(&l, "zlib", "1.2.13", "Debian", "Zlib", NULL);
	expect_entry(&l, "glibc", NULL, NULL, NULL, NULL);
	complist_release(&l);
}

static const char spdx3_doc[] =
	"{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\n"
	" \"@graph\": [\n"
	"  {\"type\": \"CreationInfo\", \"@id\": \"_:c\", \"specVersion\": \"3.0.1\"},\n"
	"  {\"type\": \"SpdxDocument\", \"spdxId\": \"urn:x#doc\", \"rootElement\": "
	"[\"urn:x#sbom\"]},\n"
	"  {\"type\": \"software_Sbom\", \"spdxId\": \"urn:x#sbom\", \"rootElement\": "
	"[\"urn:x#app\"]},\n"
	"  {\"type\": \"software_Package\", \"spdxId\": \"urn:x#app\", \"name\": \"pumpctl\"},\n"
	"  {\"type\": \"Organization\", \"spdxId\": \"urn:x#acme\", \"name\": \"Acme Ltd.\"},\n"
	"  {\"type\": \"Person\", \"spdxId\": \"urn:x#mara\", \"name\": \"Mara Lindqvist\"},\n"
	"  {\"type\": \"software_Package\", \"spdxId\": \"urn:x#tinycrc\", \"name\": \"tinycrc\",\n"
	"   \"software_packageVersion\": \"2.4.1\", \"suppliedBy\": \"urn:x#mara\"},\n"
	"  {\"type\": \"software_Package\", \"spdxId\": \"urn:x#sdk\", \"name\": \"Acme "
	"SensorSDK\",\n"
	"   \"software_packageVersion\": \"3.7.2\", \"suppliedBy\": \"urn:x#acme\"},\n"
	"  {\"type\": \"software_Package\", \"spdxId\": \"urn:x#zlib\", \"name\": \"zlib\",\n"
	"   \"software_packageVersion\": \"1.2.13\", \"suppliedBy\": \"urn:other#debian\"},\n"
	"  {\"type\": \"expandedlicensing_ListedLicense\",\n"
	"   \"spdxId\": \"https://spdx.org/licenses/Zlib\"},\n"
	"  {\"type\": \"simplelicensing_LicenseExpression\", \"spdxId\": \"urn:x#l1\",\n"
	"   \"simplelicensing_licenseExpression\": \"BSD-3-Clause\"},\n"
	"  {\"type\": \"simplelicensing_LicenseExpression\", \"spdxId\": \"urn:x#l2\",\n"
	"   \"simplelicensing_licenseExpression\": \"MIT\"},\n"
	"  {\"type\": \"simplelicensing_LicenseExpression\", \"spdxId\": \"urn:x#l3\",\n"
	"   \"simplelicensing_licenseExpression\": \"LicenseRef-Acme OR MIT\"},\n"
	"  {\"type\": \"Relationship\", \"spdxId\": \"urn:x#r1\", \"from\": \"urn:x#tinycrc\",\n"
	"   \"relationshipType\": \"hasDeclaredLicense\", \"to\": [\"urn:x#l2\"]},\n"
	"  {\"type\": \"Relationship\", \"spdxId\": \"urn:x#r2\", \"from\": \"urn:x#tinycrc\",\n"
	"   \"relationshipType\": \"hasConcludedLicense\", \"to\": [\"urn:x#l1\"]},\n"
	"  {\"type\": \"Relationship\", \"spdxId\": \"urn:x#r3\", \"from\": \"urn:x#sdk\",\n"
	"   \"relationshipType\": \"hasDeclaredLicense\", \"to\": [\"urn:x#l3\", \"urn:x#l2\"]},\n"
	"  {\"type\": \"Relationship\", \"spdxId\": \"urn:x#r4\", \"from\": \"urn:x#zlib\",\n"
	"   \"relationshipType\": \"hasConcludedLicense\",\n"
	"   \"to\": [\"https://spdx.org/licenses/Zlib\"]},\n"
	"  {\"type\": \"Relationship\", \"spdxId\": \"urn:x#r5\", \"from\": \"urn:x#app\",\n"
	"   \"relationshipType\": \"contains\", \"to\": [\"urn:x#zlib\"]},\n"
	"  {\"type\": \"Annotation\", \"spdxId\": \"urn:x#a1\", \"subject\": \"urn:x#tinycrc\",\n"
	"   \"annotationType\": \"other\", \"statement\": \"souptrace:kind=open-source\"},\n"
	"  {\"type\": \"Annotation\", \"spdxId\": \"urn:x#a2\", \"subject\": \"urn:x#sdk\",\n"
	"   \"annotationType\": \"other\", \"statement\": \"souptrace:kind=commercial\"}\n"
	" ]}\n";

static void test_spdx3(void **state)
{
	struct complist l;

	(void)state;
	parse_ok("bom.spdx3.json", spdx3_doc, &l);
	assert_int_equal(l.format, COMPLIST_SPDX3);
	assert_true(l.has_kind);
	assert_int_equal(l.nr, 3); /* the root package left out */
	expect_entry(&l, "tinycrc", "2.4.1", "Mara Lindqvist", "BSD-3-Clause", "open-source");
	expect_entry(&l, "Acme SensorSDK", "3.7.2", "Acme Ltd.", "(LicenseRef-Acme OR MIT) AND MIT",
		     "commercial");
	/* a supplier defined in another document: its id is all there is */
	expect_entry(&l, "zlib", "1.2.13", "urn:other#debian", "Zlib", NULL);
	complist_release(&l);
}

static void test_soup(void **state)
{
	struct complist l;

	(void)state;
	parse_ok("soup.json",
		 "{\"souptrace\": 1, \"components\": [{\"name\": \"zlib\", \"version\": \"1.2.13\","
		 " \"supplier\": \"J\", \"license\": \"Zlib\", \"kind\": \"open-source\"},"
		 " {\"name\": \"x\"}]}",
		 &l);
	assert_int_equal(l.format, COMPLIST_SOUP);
	assert_true(l.has_kind);
	expect_entry(&l, "zlib", "1.2.13", "J", "Zlib", "open-source");
	expect_entry(&l, "x", NULL, NULL, NULL, NULL);
	complist_release(&l);
}

static void test_hostile(void **state)
{
	struct strbuf deep = STRBUF_INIT, big = STRBUF_INIT, nest = STRBUF_INIT;

	(void)state;
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": [{\"name\": \"a\"}, "
		  "{\"name\": \"b\"}, {\"name\": \"c\"}, {\"name\": \"d\", \"version\": 3}]}",
		  "bad.json: error: components[3].version: expected a string");
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": {}}",
		  "components: expected an array");
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": [7, {\"version\": \"1\"}]}",
		  "components[0]: expected an object",
		  "components[1]: a component needs a \"name\"");
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": [{\"name\": \"a\", "
		  "\"components\": [{\"name\": \"b\", \"licenses\": [{\"license\": {\"id\": 1}}],"
		  " \"supplier\": \"S\", \"properties\": [[]]}]}]}",
		  "components[0].components[0].licenses[0].license.id: expected a string",
		  "components[0].components[0].supplier: expected an object",
		  "components[0].components[0].properties[0]: expected an object");
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": [\n",
		  "bad.json:2:1:", "ends too early");
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\",\n \"components\": [}",
		  "bad.json:2:", "malformed JSON at '}'");
	PARSE_ERR("", "bad.json:1:1:");
	PARSE_ERR("[]", "the top level must be a JSON object");
	PARSE_ERR("{\"bomFormat\": \"SWID\"}", "not a CycloneDX SBOM");
	PARSE_ERR(
		"{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [{\"SPDXID\": 5, \"name\": \"a\"}],"
		" \"documentDescribes\": \"x\"}",
		"packages[0].SPDXID: expected a string", "documentDescribes: expected an array");
	PARSE_ERR("{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [{\"name\": \"a\", "
		  "\"annotations\": [{\"comment\": false}]}]}",
		  "packages[0].annotations[0].comment: expected a string");
	PARSE_ERR("{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"}",
		  "\"@graph\" is missing");
	PARSE_ERR(
		"{\"@context\": [\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"], \"@graph\": "
		"[1, {\"type\": \"software_Package\", \"spdxId\": \"p\", \"name\": []},"
		" {\"type\": \"Relationship\", \"from\": \"p\", \"relationshipType\": "
		"\"hasConcludedLicense\", \"to\": \"l\"}, {\"type\": \"SpdxDocument\", "
		"\"rootElement\": [3]}]}",
		"@graph[0]: expected an object", "@graph[1].name: expected a string",
		"@graph[2].to: expected an array", "@graph[3].rootElement[0]: expected a string");
	PARSE_ERR("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"version\": 1}]}",
		  "bad.json: error: components[0].version: expected a string");

	/* 10,000 levels deep: refused by the parser, said so, no crash */
	strbuf_addstr(&deep, "{\"bomFormat\": \"CycloneDX\", \"components\": ");
	for (int i = 0; i < 10000; i++)
		strbuf_addch(&deep, '[');
	for (int i = 0; i < 10000; i++)
		strbuf_addch(&deep, ']');
	strbuf_addch(&deep, '}');
	parse_err(deep.buf, deep.len, "bad.json:1:", "nested more than 1000 levels deep", NULL);

	/* nested components within the parser's limit but beyond the reader's */
	strbuf_addstr(&nest, "{\"bomFormat\": \"CycloneDX\", \"components\": ");
	for (int i = 0; i < 300; i++)
		strbuf_addstr(&nest, "[{\"name\": \"n\", \"components\": ");
	strbuf_addstr(&nest, "[]");
	for (int i = 0; i < 300; i++)
		strbuf_addstr(&nest, "}]");
	strbuf_addch(&nest, '}');
	parse_err(nest.buf, nest.len, "components nested more than 64 levels deep", NULL);

	/* a 4 MiB name is a name like any other */
	strbuf_addstr(&big, "{\"bomFormat\": \"CycloneDX\", \"components\": [{\"name\": \"");
	for (int i = 0; i < (4 << 20); i++)
		strbuf_addch(&big, 'x');
	strbuf_addstr(&big, "\", \"version\": {}}]}");
	parse_err(big.buf, big.len, "components[0].version: expected a string", NULL);

	/* a NUL byte inside the document */
	parse_err("{\"bomFormat\": \"Cyclone\0DX\"}", 27, "bad.json:1:23:", "NUL byte", NULL);
	/* exactly one document; no control character, \u0000 nor broken UTF-8 */
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": []}{\"bomFormat\": 1}",
		  "bad.json:1:45:", "more after the JSON document");
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": [{\"name\": \"a\x01\"}]}",
		  "control character (0x01)");
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": [{\"name\": \"a\\u0000\"}]}",
		  "\\u0000");
	PARSE_ERR("{\"bomFormat\": \"CycloneDX\", \"components\": [{\"name\": \"a\x80\"}]}",
		  "not valid UTF-8");
	strbuf_release(&deep);
	strbuf_release(&nest);
	strbuf_release(&big);
}

static void add(struct complist *l, const char *name, const char *version, const char *supplier,
		const char *license, const char *kind)
{
	struct complist_entry *e;

	l->v = realloc(l->v, (l->nr + 1) * sizeof(*l->v));
	assert_non_null(l->v);
	e = &l->v[l->nr++];
	memset(e, 0, sizeof(*e));
	e->name = strdup(name);
	e->version = version ? strdup(version) : NULL;
	e->supplier = supplier ? strdup(supplier) : NULL;
	e->license = license ? strdup(license) : NULL;
	e->kind = kind ? strdup(kind) : NULL;
}

static void expect_item(const struct compdiff_item *it, enum compdiff_op op, const char *name,
			const char *version)
{
	const struct complist_entry *e = compdiff_entry(it);

	assert_int_equal(it->op, op);
	assert_string_equal(e->name, name);
	if (version)
		assert_string_equal(e->version, version);
}

static void test_compare(void **state)
{
	struct complist o, n;
	struct compdiff d;

	(void)state;
	complist_init(&o);
	complist_init(&n);
	compdiff_init(&d);
	o.has_kind = n.has_kind = true;
	add(&o, "zlib", "1.2.13", "J", "Zlib", "open-source");
	add(&o, "tinycrc", "2.4.1", "M", "BSD-3-Clause", "open-source");
	add(&o, "minitest", "0.3", NULL, NULL, NULL);
	add(&o, "openssl", "1.1.1", "O", "OpenSSL", "open-source");
	add(&o, "openssl", "3.0.11", "O", "Apache-2.0", "open-source");
	add(&o, "same", "1", "S", "MIT", "legacy");
	add(&o, "same", "1", "S", "MIT", "legacy"); /* listed twice: counts once */
	add(&n, "tinycrc", "2.5.0", "M", "BSD-3-Clause", "open-source");
	add(&n, "lz4", "1.9.4", "Y", "BSD-2-Clause", "open-source");
	add(&n, "zlib", "1.2.13", NULL, "Zlib AND MIT", "commercial");
	add(&n, "same", "1", "S", "MIT", "legacy");
	add(&n, "openssl", "3.0.11", "O", "Apache-2.0", "open-source");
	add(&n, "openssl", "3.0.13", "O", "Apache-2.0", "open-source");
	add(&n, "openssl", "1.1.1", "O", "OpenSSL", "commercial");

	assert_int_equal(compdiff_run(&d, &o, &n), 0);
	assert_true(d.kind_compared);
	assert_int_equal(d.nr, 6);
	assert_int_equal(d.added, 2);
	assert_int_equal(d.removed, 1);
	assert_int_equal(d.changed, 3);
	expect_item(&d.items[0], COMPDIFF_ADDED, "lz4", "1.9.4");
	expect_item(&d.items[1], COMPDIFF_ADDED, "openssl", "3.0.13");
	assert_true(d.items[1].by_version);
	expect_item(&d.items[2], COMPDIFF_REMOVED, "minitest", "0.3");
	expect_item(&d.items[3], COMPDIFF_CHANGED, "openssl", "1.1.1");
	assert_true(d.items[3].by_version);
	assert_int_equal(d.items[3].nr_fields, 1);
	assert_string_equal(d.items[3].fields[0].field, "kind");
	expect_item(&d.items[4], COMPDIFF_CHANGED, "tinycrc", "2.5.0");
	assert_false(d.items[4].by_version);
	assert_int_equal(d.items[4].nr_fields, 1);
	assert_string_equal(d.items[4].fields[0].old, "2.4.1");
	assert_string_equal(d.items[4].fields[0].new, "2.5.0");
	expect_item(&d.items[5], COMPDIFF_CHANGED, "zlib", NULL);
	assert_int_equal(d.items[5].nr_fields, 3);
	assert_string_equal(d.items[5].fields[0].field, "supplier");
	assert_string_equal(d.items[5].fields[0].old, "J");
	assert_null(d.items[5].fields[0].new);
	assert_string_equal(d.items[5].fields[1].field, "license");
	assert_string_equal(d.items[5].fields[2].field, "kind");
	compdiff_release(&d);

	/* one side cannot say the kind: kind is not compared */
	n.has_kind = false;
	compdiff_init(&d);
	assert_int_equal(compdiff_run(&d, &o, &n), 0);
	assert_false(d.kind_compared);
	assert_int_equal(d.changed, 2); /* openssl 1.1.1 differed only in kind */
	assert_int_equal(d.items[d.nr - 1].nr_fields, 2);
	compdiff_release(&d);

	/* a list against itself */
	compdiff_init(&d);
	assert_int_equal(compdiff_run(&d, &o, &o), 0);
	assert_int_equal(d.nr, 0);
	compdiff_release(&d);
	complist_release(&o);
	complist_release(&n);
}

/* The command end to end on files: across formats, exit codes, JSON. */
static void test_command(void **state)
{
	char dir[] = "/tmp/st-test-diff-XXXXXX";
	struct strbuf out = STRBUF_INIT, p_old = STRBUF_INIT, p_new = STRBUF_INIT,
		      p_out = STRBUF_INIT, p_bad = STRBUF_INIT, p_evil = STRBUF_INIT,
		      p_empty = STRBUF_INIT;
	const char *soup_new =
		"{\"souptrace\": 1, \"components\": [\n"
		" {\"name\": \"tinycrc\", \"version\": \"2.5.0\", \"supplier\": \"Mara Lindqvist\","
		" \"license\": \"BSD-3-Clause\", \"kind\": \"open-source\"},\n"
		" {\"name\": \"acme/sensorsdk\", \"version\": \"3.7.2\", \"supplier\": \"Acme "
		"Ltd.\","
		" \"license\": \"Acme EULA\", \"kind\": \"commercial\"},\n"
		" {\"name\": \"zlib\", \"version\": \"1.2.13\", \"supplier\": \"J and M\","
		" \"license\": \"(Zlib OR MIT) AND BSD-2-Clause AND (A OR B)\"},\n"
		" {\"name\": \"debian\", \"version\": \"12\"},\n"
		" {\"name\": \"lz4\", \"version\": \"1.9.4\", \"license\": \"BSD-2-Clause\"}]}\n";

	const char *bad_doc = "{\"bomFormat\": \"CycloneDX\", \"components\": 3}";
	const char *evil_doc = "{\"bomFormat\": \"CycloneDX\", \"components\": "
			       "[{\"name\": \"x\\nadded    fake 1\"}]}";

	(void)state;
	assert_non_null(mkdtemp(dir));
	tu_write_bytes(dir, "old.cdx.json", cdx_doc, strlen(cdx_doc));
	tu_write_bytes(dir, "new.soup.json", soup_new, strlen(soup_new));
	tu_write_bytes(dir, "bad.json", bad_doc, strlen(bad_doc));
	tu_write_bytes(dir, "evil.json", evil_doc, strlen(evil_doc));
	tu_write_bytes(dir, "empty.json", "{\"bomFormat\": \"CycloneDX\"}", 26);
	strbuf_addf(&p_old, "%s/old.cdx.json", dir);
	strbuf_addf(&p_new, "%s/new.soup.json", dir);
	strbuf_addf(&p_out, "%s/out.txt", dir);
	strbuf_addf(&p_bad, "%s/bad.json", dir);
	strbuf_addf(&p_evil, "%s/evil.json", dir);
	strbuf_addf(&p_empty, "%s/empty.json", dir);
	{
		char *argv[] = { "diff", "-o", p_out.buf, p_old.buf, p_new.buf, NULL };
		char *fail[] = { "diff",    "--fail-on-change", "-o", p_out.buf,
				 p_old.buf, p_new.buf,		NULL };
		char *same[] = { "diff",    "--fail-on-change", "-o", p_out.buf,
				 p_old.buf, p_old.buf,		NULL };
		char *json[] = { "diff",    "--format", "json",	   "-o",
				 p_out.buf, p_old.buf,	p_new.buf, NULL };
		char *bad[] = { "diff", p_old.buf, p_bad.buf, NULL };
		char *evil[] = { "diff", "-o", p_out.buf, p_empty.buf, p_evil.buf, NULL };
		char *usage1[] = { "diff", p_old.buf, NULL };
		char *usage2[] = { "diff", "--format", "xml", p_old.buf, p_new.buf, NULL };

		assert_int_equal(cmd_diff(5, argv), EXIT_OK);
		assert_int_equal(tu_capture(dir, &out, "cat out.txt"), 0);
		assert_string_equal(out.buf, "added    lz4 1.9.4 (license BSD-2-Clause)\n"
					     "removed  bare\n"
					     "changed  acme/sensorsdk: kind (none) -> commercial\n"
					     "changed  tinycrc: version 2.4.1 -> 2.5.0\n"
					     "1 added, 1 removed, 2 changed\n");
		assert_int_equal(cmd_diff(6, fail), EXIT_FINDINGS);
		assert_int_equal(cmd_diff(6, same), EXIT_OK);
		strbuf_reset(&out);
		assert_int_equal(tu_capture(dir, &out, "cat out.txt"), 0);
		assert_string_equal(out.buf, "no change\n");
		assert_int_equal(cmd_diff(7, json), EXIT_OK);
		strbuf_reset(&out);
		assert_int_equal(tu_capture(dir, &out,
					    "jq -c '[.old_format, .new_format, "
					    ".added[0].name, .removed[0].name, .changed[1]"
					    ".changes, .summary]' out.txt"),
				 0);
		assert_string_equal(
			out.buf,
			"[\"CycloneDX\",\"soup.json\",\"lz4\",\"bare\",[{\"field\":\"version\","
			"\"old\":\"2.4.1\",\"new\":\"2.5.0\"}],{\"added\":1,\"removed\":1,"
			"\"changed\":2,\"kind_compared\":true}]\n");
		assert_int_equal(cmd_diff(3, bad), EXIT_USAGE);
		/* a name with a line break cannot fake a line of the output */
		assert_int_equal(cmd_diff(5, evil), EXIT_OK);
		strbuf_reset(&out);
		assert_int_equal(tu_capture(dir, &out, "cat out.txt"), 0);
		assert_ptr_equal(strstr(out.buf, "added    x?added    fake 1\nnote: kind not "
						 "compared ("),
				 out.buf);
		assert_non_null(strstr(out.buf, "empty.json does not record it)\n"
						"1 added, 0 removed, 0 changed\n"));
		assert_int_equal(cmd_diff(2, usage1), EXIT_USAGE);
		assert_int_equal(cmd_diff(5, usage2), EXIT_USAGE);
	}
	tu_remove_tree(dir);
	strbuf_release(&out);
	strbuf_release(&p_old);
	strbuf_release(&p_new);
	strbuf_release(&p_out);
	strbuf_release(&p_bad);
	strbuf_release(&p_evil);
	strbuf_release(&p_empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cyclonedx), cmocka_unit_test(test_spdx2),
		cmocka_unit_test(test_spdx3),	  cmocka_unit_test(test_soup),
		cmocka_unit_test(test_hostile),	  cmocka_unit_test(test_compare),
		cmocka_unit_test(test_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
