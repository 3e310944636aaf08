/* SPDX-License-Identifier: Apache-2.0 */
/* The soup.json loader and the SPDX expression checker. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "soup.h"
#include "spdx.h"

/* Parse text; expect rc; expect diag to contain each of the NULL-ended needles. */
static void expect_parse(const char *text, int rc, ...)
{
	struct soup_list l;
	struct strbuf diag = STRBUF_INIT;
	size_t warnings;
	const char *needle;
	va_list ap;

	soup_list_init(&l);
	assert_int_equal(soup_parse("t.json", text, strlen(text), &l, &diag, &warnings), rc);
	va_start(ap, rc);
	while ((needle = va_arg(ap, const char *))) {
		if (!strstr(diag.buf, needle))
			fail_msg("expected '%s' in:\n%s", needle, diag.buf);
	}
	va_end(ap);
	soup_list_release(&l);
	strbuf_release(&diag);
}

static void test_malformed(void **state)
{
	(void)state;
	expect_parse("{\"souptrace\": 1,\n \"components\": [\n  {\"name\": \"x\",}\n]}\n", -1,
		     "t.json:3:", "malformed JSON", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [\n", -1, "t.json:2:1:", "ends too early",
		     NULL);
	expect_parse("", -1, "t.json:1:1:", NULL);
	expect_parse("[1, 2]", -1, "top level must be a JSON object", NULL);
	expect_parse("{\"components\": []}", -1, "\"souptrace\": 1 is missing", NULL);
	expect_parse("{\"souptrace\": 2, \"components\": []}", -1, "souptrace: version 1", NULL);
	expect_parse("{\"souptrace\": 1}", -1, "\"components\" is missing", NULL);
}

/* Exactly one document of valid UTF-8, no raw control character or \u0000 in a string. */
static void test_one_clean_document(void **state)
{
	(void)state;
	expect_parse("{\"souptrace\": 1, \"components\": []} x", -1,
		     "t.json:1:36:", "more after the JSON document", "byte offset 35", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": []}\n{\"souptrace\": 1}\n", -1,
		     "t.json:2:1:", "more after the JSON document", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": []}\n\n", 0, NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\tb\"}]}", -1,
		     "t.json:1:44:", "control character (0x09) inside a string", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\x1b[1mb\"}]}", -1,
		     "control character (0x1b)", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\\u0000b\"}]}", -1,
		     "t.json:1:44:", "\\u0000", NULL);
	expect_parse("{\"souptrace\": 1,\n \"components\": [{\"name\": \"a\xff\"}]}", -1,
		     "t.json:2:28:", "not valid UTF-8 (the byte 0xff)", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"\xed\xa0\x80\"}]}", -1,
		     "not valid UTF-8", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"\xc0\xaf\"}]}", -1,
		     "not valid UTF-8", NULL);
	/* what is allowed: escapes, UTF-8 up to U+10FFFF */
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\\u001b\\\"\\\\ \xc3\xa9 "
		     "\xf4\x8f\xbf\xbf\"}]}",
		     0, NULL);
}

static void test_types(void **state)
{
	(void)state;
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\"}, {\"name\": \"b\"},"
		     " {\"name\": \"c\"}, {\"name\": \"d\", \"version\": 3}]}",
		     -1, "components[3].version: expected a string", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"risk\": "
		     "{\"hazards\": [\"h\", 7]}}]}",
		     -1, "components[0].risk.hazards[1]: expected a string", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"match\": "
		     "{\"paths\": \"x/**\"}}]}",
		     -1, "components[0].match.paths: expected an array of strings", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": {}}", -1, "components: expected an array",
		     NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"version\": \"1\"}]}", -1,
		     "components[0]: a component needs a \"name\"", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"kind\": \"free\"}]}",
		     -1, "components[0].kind: 'free' is not a kind", NULL);
	expect_parse("{\"souptrace\": 1, \"project\": {\"safety_class\": \"D\"}, "
		     "\"components\": []}",
		     -1, "project.safety_class: 'D' is not a safety class", NULL);
	/* a commit must be the full id OSV's GIT ranges name: an abbreviation matches nothing */
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"commit\": "
		     "\"042cc1f\"}]}",
		     -1, "components[0].commit: '042cc1f' is not a full commit id", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"commit\": "
		     "\"042CC1F69EC0878F542667CB684378869F859911\"}]}",
		     -1, "components[0].commit: '042CC1F69EC0878F542667CB684378869F859911' is not",
		     NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"repository\": "
		     "\"https://github.com/\"}]}",
		     -1, "components[0].repository: 'https://github.com/' names no repository",
		     NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"repository\": "
		     "\"git@github.com:curl/curl.git\"}]}",
		     0, NULL, NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"repository\": "
		     "\"https://github.com/curl/curl\", \"commit\": "
		     "\"042cc1f69ec0878f542667cb684378869f859911\"}]}",
		     0, NULL, NULL);
}

static void test_unknown_and_duplicates(void **state)
{
	(void)state;
	/* a typo is a warning naming it, with a suggestion; the load succeeds */
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"verison\": \"1\"}]}",
		     0, "warning: components[0]: unknown field 'verison'", "did you mean 'version'",
		     NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [], \"ignored\": []}", 0,
		     "unknown field 'ignored'", "did you mean 'ignore'", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"zlib\"}, {\"name\": \"x\"},"
		     " {\"name\": \"ZLib\"}]}",
		     -1, "components[2]: 'ZLib' is declared twice (first as components[0])", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [{\"name\": \"a\", \"name\": \"b\"}]}", -1,
		     "the field 'name' is given twice", NULL);
	expect_parse("{\"souptrace\": 1, \"components\": [], \"ignore\": [{\"paths\": []}]}", -1,
		     "ignore[0]: \"paths\" is missing or empty", NULL);
}

static void test_full_entry(void **state)
{
	const char *text =
		"{\"souptrace\": 1, \"project\": {\"name\": \"p\", \"version\": \"1\", "
		"\"safety_class\": \"C\"}, \"components\": [{\"name\": \"zlib\", \"version\": "
		"\"1.2.13\", \"supplier\": \"J\", \"license\": \"Zlib\", \"kind\": "
		"\"open-source\", "
		"\"purpose\": \"p\", \"requirements\": {\"functional\": \"f\"}, "
		"\"anomalies\": {\"list\": \"l\"}, \"risk\": {\"hazards\": [\"h\"]}, "
		"\"match\": {\"libraries\": [\"z\"], \"packages\": [\"zlib\"]}}], "
		"\"ignore\": [{\"paths\": [\"tests/**\"], \"reason\": \"r\"}]}";
	struct soup_list l;
	struct strbuf diag = STRBUF_INIT;
	struct strvec missing = STRVEC_INIT;
	size_t warnings;

	(void)state;
	soup_list_init(&l);
	assert_int_equal(soup_parse("t.json", text, strlen(text), &l, &diag, &warnings), 0);
	assert_int_equal(warnings, 0);
	assert_int_equal(l.safety_class, 'C');
	assert_int_equal(l.nr_components, 1);
	assert_string_equal(l.components[0].version, "1.2.13");
	assert_int_equal(l.components[0].kind, SOUP_KIND_OPEN_SOURCE);
	assert_true(l.components[0].has_match);
	assert_string_equal(l.components[0].match_libraries.v[0], "z");
	assert_string_equal(l.ignores[0].paths.v[0], "tests/**");
	/* class C requires what class A does not */
	assert_int_equal(soup_missing_fields(&l.components[0], 'A', &missing), 0);
	assert_int_equal(soup_missing_fields(&l.components[0], 'C', &missing), 5);
	assert_string_equal(missing.v[0], "requirements.performance");
	assert_string_equal(missing.v[4], "risk.controls");
	strvec_clear(&missing);
	soup_list_release(&l);
	strbuf_release(&diag);
}

static void check_spdx(const char *expr, bool valid, const char *needle)
{
	struct strbuf err = STRBUF_INIT;
	int r = spdx_expression_check(expr, &err);

	if ((r == 0) != valid)
		fail_msg("'%s': expected %s, got: %s", expr, valid ? "valid" : "invalid", err.buf);
	if (needle && !strstr(err.buf, needle))
		fail_msg("'%s': expected '%s' in '%s'", expr, needle, err.buf);
	strbuf_release(&err);
}

static void test_spdx(void **state)
{
	(void)state;
	assert_true(spdx_is_licence_id("MIT"));
	assert_true(spdx_is_licence_id("mit")); /* ids match without regard to case */
	assert_true(spdx_is_exception_id("GCC-exception-3.1"));
	assert_false(spdx_is_licence_id("GCC-exception-3.1"));
	check_spdx("MIT", true, NULL);
	check_spdx("Zlib", true, NULL);
	check_spdx("GPL-2.0-or-later", true, NULL);
	check_spdx("GPL-2.0+", true, NULL);
	check_spdx("LGPL-2.1+", true, NULL);
	check_spdx("LGPL-3.0-or-later OR GPL-2.0-or-later", true, NULL);
	check_spdx("GPL-3.0-or-later WITH GCC-exception-3.1", true, NULL);
	check_spdx("(MIT OR Apache-2.0) AND BSD-3-Clause", true, NULL);
	check_spdx("LicenseRef-Acme-EULA", true, NULL);
	check_spdx("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", true, NULL);
	check_spdx("", false, "empty");
	check_spdx("MIT and BSD-3-Clause", false, "upper case");
	check_spdx("MIT AND", false, "licence is missing");
	check_spdx("(MIT", false, "')' expected");
	check_spdx("MIT)", false, "AND, OR or the end expected");
	check_spdx("BSD", false, "not an SPDX licence identifier");
	check_spdx("GPL-2.0 WITH MIT", false, "not an SPDX licence exception");
	check_spdx("MIT WITH", false, "exception is missing");
	check_spdx("LicenseRef-", false, "not an SPDX licence identifier");
	check_spdx("LicenseRef-a b", false, NULL);
}

static void test_spdx_deep(void **state)
{
	char expr[1024];
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 200; i++)
		expr[n++] = '(';
	memcpy(expr + n, "MIT", 3);
	n += 3;
	for (int i = 0; i < 200; i++)
		expr[n++] = ')';
	expr[n] = '\0';
	check_spdx(expr, false, "nest too deeply");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed),  cmocka_unit_test(test_one_clean_document),
		cmocka_unit_test(test_types),	   cmocka_unit_test(test_unknown_and_duplicates),
		cmocka_unit_test(test_full_entry), cmocka_unit_test(test_spdx),
		cmocka_unit_test(test_spdx_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
