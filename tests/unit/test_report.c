/* SPDX-License-Identifier: Apache-2.0 */
/* The report renderer: escaping, sections, determinism, the date. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "report.h"
#include "soup.h"

#define HOSTILE_NAME "<script>alert(1)</script>"

static const char soup_text[] =
	"{\"souptrace\": 1,\n"
	" \"project\": {\"name\": \"pump|ctl\", \"version\": \"2.1.0\", \"safety_class\": \"B\"},\n"
	" \"components\": [\n"
	"  {\"name\": \"zlib\", \"version\": \"1.2.13\", \"supplier\": \"Gailly & Adler\",\n"
	"   \"license\": \"Zlib\", \"kind\": \"open-source\", \"purpose\": \"compression\",\n"
	"   \"requirements\": {\"functional\": \"round trip\", \"performance\": \"10 ms\"},\n"
	"   \"system_requirements\": \"libz.so.1\",\n"
	"   \"anomalies\": {\"list\": \"https://x/?a=1&b=2\", \"reviewed\": \"2026-10-01\",\n"
	"                 \"evaluation\": \"none\"},\n"
	"   \"risk\": {\"hazards\": [\"corrupt export\"], \"controls\": [\"verify\", \"CRC\"]},\n"
	"   \"match\": {\"packages\": [\"zlib\"]}},\n"
	"  {\"name\": \"" HOSTILE_NAME "\", \"version\": \"1\", \"supplier\": \"s\",\n"
	"   \"purpose\": \"say \\\"quotes\\\" and 'single' <img src=x onerror=alert(2)> a|b\\nline "
	"two\"},\n"
	"  {\"name\": \"Acme SDK\", \"version\": \"3.7.2\", \"supplier\": \"Acme\"}\n"
	" ]}\n";

static void push_all(struct strvec *sv, const char *const *v)
{
	for (; *v; v++)
		strvec_push(sv, *v);
}

static struct check_component *component(struct check_model *m, const char *name, bool declared,
					 const char *origin, const char *where)
{
	struct check_component *c = check_model_add_component(m);

	c->artifact = check_strdup("/src/proj/build/pumpctl");
	c->name = check_strdup(name);
	c->declared = declared;
	c->origin = check_strdup(origin);
	c->where = check_strdup(where);
	return c;
}

/*
 * The model check builds, with one undeclared component and its finding;
 * rotated: the same facts with the first finding and the first component
 * moved to the end.
 */
static void build_model(struct check_model *m, bool rotated)
{
	static const char *const ringbuf_ev[] = {
		"/src/proj/third_party/ringbuf/ringbuf.h: included when compiling "
		"/src/proj/src/main.c (compile 1-2)",
		"/src/proj2/x.h: near the root, not under it", NULL
	};
	static const char *const hostile_ev[] = { "/src/proj/h/1<b>.c: compiled",
						  "/src/proj/h/2.c: compiled",
						  "/src/proj/h/3.c: compiled",
						  "/src/proj/h/4.c: compiled", NULL };
	struct check_finding *f;
	struct check_component *c;
	struct check_artifact *a;

	check_model_init(m);
	f = check_model_add_finding(m);
	f->kind = CHECK_UNUSED;
	f->component = check_strdup("Acme SDK");
	f->message = check_strdup("declared, but found in none of the artifacts checked");
	f->has_evidence = true;
	f = check_model_add_finding(m);
	f->kind = CHECK_UNDECLARED;
	f->fails = true;
	f->artifact = check_strdup("/src/proj/build/pumpctl");
	f->component = check_strdup("ringbuf");
	f->message = check_strdup("vendored, folder third_party/ringbuf");
	f->has_evidence = true;
	push_all(&f->evidence, ringbuf_ev);

	c = component(m, "zlib", true, "package", "package zlib1g 1:1.2.13.dfsg-1");
	c->version_found = check_strdup("1:1.2.13.dfsg-1");
	c->version_from = check_strdup("package zlib1g");
	strvec_push(&c->evidence, "/usr/lib/libz.so.1.2.13: DT_NEEDED libz.so.1");
	check_component_add_file(c)->path = check_strdup("/usr/lib/libz.so.1.2.13");
	c->package = calloc(1, sizeof(*c->package));
	assert_non_null(c->package);
	c->package->name = check_strdup("zlib1g");
	c->package->version = check_strdup("1:1.2.13.dfsg-1");
	c->package->license = check_strdup("Zlib");
	c = component(m, HOSTILE_NAME, true, "vendored", "folder h");
	push_all(&c->evidence, hostile_ev);
	c = component(m, "ringbuf", false, "vendored", "folder third_party/ringbuf");
	strvec_push(&c->evidence, "/src/proj/third_party/ringbuf/ringbuf.h: included");

	a = check_model_add_artifact(m);
	a->path = check_strdup("/src/proj/build/pumpctl");
	a->link_record = check_strdup("1-3");
	a->traced = true;
	a->nr_closure_files = 27;
	m->summary.soup = check_strdup("soup.json");
	m->summary.trace = check_strdup("/src/proj/.souptrace");
	m->summary.project_root = check_strdup("/src/proj");
	m->summary.safety_class = 'B';
	m->summary.failing = 1;
	m->summary.warnings = 1;
	if (rotated) {
		struct check_finding f0 = m->findings[0];
		struct check_component c0 = m->components[0];

		memmove(&m->findings[0], &m->findings[1],
			(m->nr_findings - 1) * sizeof(*m->findings));
		m->findings[m->nr_findings - 1] = f0;
		memmove(&m->components[0], &m->components[1],
			(m->nr_components - 1) * sizeof(*m->components));
		m->components[m->nr_components - 1] = c0;
	}
}

static const struct report_meta meta = { "2026-09-21", "souptrace 9.9.9", NULL, NULL };

/* Render soup (text) and model in fmt; the caller frees the result. */
static char *render_model(enum report_format fmt, const char *soup_json,
			  const struct check_model *model)
{
	struct soup_list soup;
	struct strbuf diag = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	size_t warnings = 0;

	soup_list_init(&soup);
	if (soup_parse("soup.json", soup_json, strlen(soup_json), &soup, &diag, &warnings))
		fail_msg("soup: %s", diag.buf);
	assert_int_equal(report_render(&out, fmt, &soup, model, &meta, &err), 0);
	soup_list_release(&soup);
	strbuf_release(&diag);
	strbuf_release(&err);
	return strbuf_detach(&out, NULL);
}

/* The document for soup_text and the model of build_model(). */
static char *render(enum report_format fmt)
{
	struct check_model m;
	char *doc;

	build_model(&m, false);
	doc = render_model(fmt, soup_text, &m);
	check_model_release(&m);
	return doc;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void expect_in(const char *doc, const char *needle)
{
	if (!strstr(doc, needle))
		fail_msg("expected '%s' in:\n%s", needle, doc);
}

static void expect_not_in(const char *doc, const char *needle)
{
	const char *p = strstr(doc, needle);

	if (p)
		fail_msg("did not expect '%s', found at: %.80s", needle, p);
}

static void test_html_escaping(void **state)
{
	char *doc = render(REPORT_HTML);

	(void)state;
	/* the only <script>-like text is escaped; no element comes from the data */
	expect_not_in(doc, "<script");
	expect_not_in(doc, "<img");
	expect_not_in(doc, "<b>");
	expect_in(doc, "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect_in(doc, "say &quot;quotes&quot; and &#39;single&#39; &lt;img src=x "
		       "onerror=alert(2)&gt; a|b<br>line two");
	expect_in(doc, "data-name=\"&lt;script&gt;alert(1)&lt;/script&gt;\"");
	expect_in(doc, "h/1&lt;b&gt;.c: compiled");
	expect_in(doc, "Gailly &amp; Adler");
	expect_in(doc, "https://x/?a=1&amp;b=2");
	/* every quote in the document is markup: balanced in each tag */
	expect_not_in(doc, "\"quotes\"");
	expect_not_in(doc, "'single'");
	free(doc);
}

static void test_html_structure(void **state)
{
	char *doc = render(REPORT_HTML);

	(void)state;
	assert_true(!strncmp(doc, "<!DOCTYPE html>\n", 16));
	expect_in(doc, "<title>SOUP list: pump|ctl 2.1.0</title>");
	expect_in(doc, "@page { size: A4;");
	expect_in(doc, "thead { display: table-header-group; }");
	expect_in(doc, "overflow-wrap: anywhere");
	expect_in(doc, "default-src 'none'");
	expect_not_in(doc, "src=\"");
	expect_not_in(doc, "href=\"http");
	assert_int_equal(count(doc, "<tr class=\"soup-item\""), 3);
	assert_int_equal(count(doc, "<section class=\"soup-detail\""), 3);
	assert_int_equal(count(doc, "<tr class=\"finding\""), 2);
	assert_int_equal(count(doc, "<tr class=\"undeclared-item\" data-name=\"ringbuf\">"), 1);
	assert_int_equal(count(doc, "<table"), count(doc, "</table>"));
	assert_int_equal(count(doc, "<tr"), count(doc, "</tr>"));
	assert_int_equal(count(doc, "<td>"), count(doc, "</td>"));
	assert_int_equal(count(doc, "<ul>"), count(doc, "</ul>"));
	assert_int_equal(count(doc, "<li>"), count(doc, "</li>"));
	/* failing findings first; sorted items (Acme, the hostile name, zlib by name) */
	assert_true(strstr(doc, "data-kind=\"undeclared\"") < strstr(doc, "data-kind=\"unused\""));
	assert_true(strstr(doc, "data-name=\"Acme SDK\"") < strstr(doc, "data-name=\"zlib\""));
	/* paths under the project root relative to it; a sibling folder stays whole */
	expect_in(doc, "third_party/ringbuf/ringbuf.h: included when compiling src/main.c");
	expect_in(doc, "/src/proj2/x.h: near the root");
	expect_in(doc, "<span class=\"path\">build/pumpctl</span>");
	expect_not_in(doc, "/src/proj/third_party");
	/* evidence: the first three, then a count */
	expect_in(doc, "evidence: 4 files:");
	expect_in(doc, "<li>and 1 more</li>");
	/* a class B entry without its fields; an entry found nowhere */
	expect_in(doc, "<span class=\"missing\">MISSING</span> (required for safety class B)");
	expect_in(doc, "none of the artifacts checked");
	expect_in(doc, "souptrace 9.9.9");
	expect_in(doc, "2026-09-21");
	expect_in(doc, "package: zlib1g 1:1.2.13.dfsg-1; licence Zlib");
	free(doc);
}

/* Unescaped | in a line. */
static size_t cells(const char *line, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\\')
			i++;
		else if (line[i] == '|')
			n++;
	}
	return n;
}

static void test_markdown(void **state)
{
	char *doc = render(REPORT_MARKDOWN);
	size_t want = 0;

	(void)state;
	assert_true(!strncmp(doc, "# SOUP list: pump\\|ctl 2.1.0\n", 29));
	expect_not_in(doc, "<script");
	expect_not_in(doc, "<img");
	expect_in(doc, "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect_in(doc, "say \"quotes\" and 'single' &lt;img src=x onerror=alert(2)&gt; "
		       "a\\|b<br>line two");
	expect_in(doc, "third\\_party/ringbuf/ringbuf.h");
	expect_in(doc, "## 1. Open findings");
	expect_in(doc, "## 2. Artifacts");
	expect_in(doc, "## 3. SOUP items");
	expect_in(doc, "## 4. Components found but not declared");
	expect_in(doc, "### 3.3 zlib");
	expect_in(doc, "**MISSING** (required for safety class B)");
	/* every row of a table has as many cells as its header */
	for (const char *line = doc; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (len && line[0] == '|') {
			if (!want)
				want = cells(line, len);
			else if (cells(line, len) != want)
				fail_msg("%zu cells instead of %zu: %.*s", cells(line, len), want,
					 (int)len, line);
		} else {
			want = 0;
		}
		line += len + (nl != NULL);
	}
	free(doc);
}

/* The same facts in another order give the same bytes. */
static void test_deterministic(void **state)
{
	struct check_model m, shuffled;

	(void)state;
	build_model(&m, false);
	build_model(&shuffled, true);
	assert_string_equal(shuffled.components[0].name, HOSTILE_NAME);
	for (int fmt = REPORT_MARKDOWN; fmt <= REPORT_HTML; fmt++) {
		char *a = render_model((enum report_format)fmt, soup_text, &m);
		char *b = render_model((enum report_format)fmt, soup_text, &shuffled);

		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	check_model_release(&m);
	check_model_release(&shuffled);
}

static void test_empty(void **state)
{
	static const char soup_min[] = "{\"souptrace\": 1, \"components\": []}";
	struct check_model m;

	(void)state;
	check_model_init(&m);
	for (int fmt = REPORT_MARKDOWN; fmt <= REPORT_HTML; fmt++) {
		char *doc = render_model((enum report_format)fmt, soup_min, &m);

		expect_in(doc, "SOUP list");
		assert_int_equal(count(doc, "None."), 3); /* findings, artifacts, undeclared */
		expect_in(doc, "The SOUP list declares no component.");
		expect_in(doc, "A (not given in the SOUP list)");
		free(doc);
	}
}

static void test_date(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char date[11];

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	assert_int_equal(report_date(date, &err), 0);
	assert_string_equal(date, "1970-01-01");
	setenv("SOURCE_DATE_EPOCH", "1790000000", 1);
	assert_int_equal(report_date(date, &err), 0);
	assert_string_equal(date, "2026-09-21");
	setenv("SOURCE_DATE_EPOCH", "12x", 1);
	assert_int_equal(report_date(date, &err), -1);
	assert_non_null(strstr(err.buf, "SOURCE_DATE_EPOCH"));
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(report_date(date, &err), 0);
	assert_int_equal(strlen(date), 10);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escaping), cmocka_unit_test(test_html_structure),
		cmocka_unit_test(test_markdown),      cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_empty),	      cmocka_unit_test(test_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
