/* SPDX-License-Identifier: Apache-2.0 */
/* The option tables of the souptrace commands (src/cli/options.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "options.h"

struct values {
	const char *soup, *format, *out;
	bool strict;
	char cls;
};

static const struct command_spec spec = { "demo", "a demonstration", "ARTIFACT...", 1, 2 };

static int parse(struct values *v, struct strvec *operands, int argc, char **argv)
{
	const struct option opts[] = {
		{ "--soup", NULL, OPT_STRING, &v->soup, "FILE", "the list", true, NULL },
		{ "--format", NULL, OPT_CHOICE, &v->format, "text|json", "the format", false,
		  NULL },
		{ "--strict", "-s", OPT_FLAG, &v->strict, NULL, "strict", false, NULL },
		{ "--safety-class", NULL, OPT_CALLBACK, &v->cls, "A|B|C", "the class", false,
		  opt_safety_class },
		{ "-o", NULL, OPT_OUTFILE, &v->out, "FILE", "output", false, NULL },
		OPT_END,
	};

	memset(v, 0, sizeof(*v));
	strvec_clear(operands);
	return parse_options(&spec, opts, argc, argv, operands);
}

#define ARGV(...)                                                                                  \
	(char *[])                                                                                 \
	{                                                                                          \
		"demo", __VA_ARGS__, NULL                                                          \
	}
#define ARGC(...)	   ((int)(sizeof((char *[]){ "demo", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(v, ops, ...) parse(v, ops, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static void test_values(void **state)
{
	struct values v;
	struct strvec ops = STRVEC_INIT;

	(void)state;
	assert_int_equal(PARSE(&v, &ops, "--soup", "s.json", "a.out", "--format=json", "-s",
			       "--safety-class", "B", "-o", "x.json"),
			 0);
	assert_string_equal(v.soup, "s.json");
	assert_string_equal(v.format, "json");
	assert_true(v.strict);
	assert_int_equal(v.cls, 'B');
	assert_string_equal(v.out, "x.json");
	assert_int_equal(ops.nr, 1);
	assert_string_equal(ops.v[0], "a.out");
	/* "--" ends the options; "-" is an operand */
	assert_int_equal(PARSE(&v, &ops, "--soup", "s", "--", "--strict", "-"), 0);
	assert_false(v.strict);
	assert_int_equal(ops.nr, 2);
	assert_string_equal(ops.v[0], "--strict");
	assert_string_equal(ops.v[1], "-");
	strvec_clear(&ops);
}

static void test_errors(void **state)
{
	struct values v;
	struct strvec ops = STRVEC_INIT;

	(void)state;
	assert_int_equal(PARSE(&v, &ops, "--soup", "s", "--bogus", "a"), -1);
	assert_int_equal(PARSE(&v, &ops, "--soup", "s", "a", "--format"), -1); /* no argument */
	assert_int_equal(PARSE(&v, &ops, "--soup", "s", "a", "--format", "xml"), -1);
	assert_int_equal(PARSE(&v, &ops, "--soup", "s", "a", "--safety-class", "D"), -1);
	assert_int_equal(PARSE(&v, &ops, "--soup", "s", "a", "--strict=yes"), -1);
	assert_int_equal(PARSE(&v, &ops, "a"), -1);			     /* --soup required */
	assert_int_equal(PARSE(&v, &ops, "--soup", "s"), -1);		     /* no operand */
	assert_int_equal(PARSE(&v, &ops, "--soup", "s", "a", "b", "c"), -1); /* too many */
	assert_int_equal(PARSE(&v, &ops, "--soup", "s", "a", "b"), 0);
	assert_int_equal(PARSE(&v, &ops, "--help"), 1); /* printed, before any other check */
	strvec_clear(&ops);
}

/* An output that is one of the inputs (the same file, by any name) is refused before anything runs.
 */
static void test_output_is_input(void **state)
{
	char dir[] = "/tmp/st-options-XXXXXX", soup[64], art[64], link[64], out[64];
	struct values v;
	struct strvec ops = STRVEC_INIT;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(soup, sizeof(soup), "%s/soup.json", dir);
	snprintf(art, sizeof(art), "%s/app", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	snprintf(out, sizeof(out), "%s/out.json", dir);
	assert_non_null(f = fopen(soup, "w"));
	fclose(f);
	assert_non_null(f = fopen(art, "w"));
	fclose(f);
	assert_int_equal(symlink("app", link), 0);
	assert_int_equal(PARSE(&v, &ops, "--soup", soup, art, "-o", soup), -1);
	assert_int_equal(PARSE(&v, &ops, "--soup", soup, art, "-o", art), -1);
	assert_int_equal(PARSE(&v, &ops, "--soup", soup, art, "-o", link), -1); /* same file */
	assert_int_equal(PARSE(&v, &ops, "--soup", soup, art, "-o", out), 0);	/* new file */
	assert_non_null(f = fopen(out, "w"));
	fclose(f);
	assert_int_equal(PARSE(&v, &ops, "--soup", soup, art, "-o", out), 0); /* not an input */
	assert_int_equal(PARSE(&v, &ops, "--soup", soup, art, "-o", "/dev/null"), 0);
	unlink(soup);
	unlink(art);
	unlink(link);
	unlink(out);
	rmdir(dir);
	strvec_clear(&ops);
}

/* cli_parse: the command goes on, or ends with the exit code of --help or of the error. */
static void test_cli_parse(void **state)
{
	const char *soup = NULL;
	const struct option opts[] = {
		{ "--soup", NULL, OPT_STRING, &soup, "FILE", "the list", true, NULL },
		OPT_END,
	};
	struct strvec ops = STRVEC_INIT;
	int ret = -7;

	(void)state;
	assert_true(cli_parse(&spec, opts, ARGC("--soup", "s", "a"), ARGV("--soup", "s", "a"), &ops,
			      &ret));
	assert_int_equal(ret, -7); /* untouched */
	strvec_clear(&ops);
	assert_false(cli_parse(&spec, opts, ARGC("--help"), ARGV("--help"), &ops, &ret));
	assert_int_equal(ret, EXIT_OK);
	strvec_clear(&ops);
	soup = NULL; /* --soup is required */
	assert_false(cli_parse(&spec, opts, ARGC("a"), ARGV("a"), &ops, &ret));
	assert_int_equal(ret, EXIT_USAGE);
	strvec_clear(&ops);
}

/* roff_escape: text for a man page (souptrace help --man). */
static void test_roff_escape(void **state)
{
	static const struct {
		const char *text;
		bool dashes;
		const char *roff;
	} cases[] = {
		{ "the list (soup.json)", false, "the list (soup.json)" },
		{ "first-party", false, "first-party" }, /* a hyphen in prose stays one */
		{ "--project-root", true, "\\-\\-project\\-root" }, /* typed: ASCII minus */
		{ "a\\b", false, "a\\eb" }, /* a backslash is printed, not a request */
		{ ".souptrace above", false, "\\&.souptrace above" }, /* no request at line start */
		{ "'quoted'", false, "\\&'quoted'" },
		{ "", false, "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		roff_escape(f, cases[i].text, cases[i].dashes);
		assert_int_equal(fclose(f), 0);
		assert_string_equal(buf, cases[i].roff);
		free(buf);
	}
}

/*
 * With options_describe(), parsing only describes the table: it returns 1
 * (the command ends as after --help) even without the required --soup, and
 * stores nothing.
 */
static void test_describe(void **state)
{
	struct values v = { NULL, NULL, NULL, false, 0 };
	struct strvec ops = STRVEC_INIT;
	FILE *saved = stdout;

	(void)state;
	stdout = fopen("/dev/null", "w"); /* the description itself: e2e.manpages, e2e.completion */
	assert_non_null(stdout);
	options_describe(OPTIONS_MAN);
	assert_int_equal(parse(&v, &ops, ARGC("--strict"), ARGV("--strict")), 1);
	options_describe(OPTIONS_COMPLETE);
	assert_int_equal(parse(&v, &ops, ARGC("--format", "json"), ARGV("--format", "json")), 1);
	options_describe(OPTIONS_PARSE);
	fclose(stdout);
	stdout = saved;
	assert_false(v.strict);
	assert_null(v.format);
	assert_int_equal(ops.nr, 0);
	assert_int_equal(parse(&v, &ops, ARGC("--soup", "s", "--strict", "a"),
			       ARGV("--soup", "s", "--strict", "a")),
			 0);
	assert_true(v.strict);
	strvec_clear(&ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_output_is_input), cmocka_unit_test(test_cli_parse),
		cmocka_unit_test(test_roff_escape),	cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
