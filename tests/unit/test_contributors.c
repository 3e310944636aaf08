/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/contributors.c: the people a project's git history and list files
 * name, and how a holder written in a notice is compared with them. All
 * names and lists are made up.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contributors.h"
#include "notice.h"
#include "testutil.h"

static void key_is(const char *name, const char *want)
{
	struct strbuf k = STRBUF_INIT;

	contrib_key(name, &k);
	assert_string_equal(k.buf, want);
	strbuf_release(&k);
}

/* Case, accents (UTF-8 or Latin-1), punctuation and company suffixes do not matter. */
static void test_keys(void **state)
{
	struct strbuf s = STRBUF_INIT;
	bool company;

	key_is("Frédéric Lécaille", "frederic lecaille");
	key_is("FREDERIC LECAILLE", "frederic lecaille");
	key_is("Cyril Bont\xe9", "cyril bonte");
	key_is("Jürgen Weiß", "jurgen weiss");
	key_is("Łukasz Żółw", "lukasz zolw");
	key_is("Eve-Marie O'Hara", "eve marie o hara");
	key_is("Acme Devices, Inc.", "acme devices");
	key_is("The Widget Authors", "widget");
	key_is("Acme Ltd. and its affiliates", "acme");
	contrib_stem("Acme Labs", &s, &company);
	assert_string_equal(s.buf, "acme");
	assert_true(company);
	contrib_stem("Ann Lee", &s, &company);
	assert_string_equal(s.buf, "ann lee");
	assert_false(company);
	contrib_domain_label("ann@mail.gizmo.example", &s);
	assert_string_equal(s.buf, "gizmo");
	contrib_domain_label("kim@vale.co.uk", &s);
	assert_string_equal(s.buf, "vale");
	contrib_domain_label("x@widget.org", &s);
	assert_string_equal(s.buf, "widget");
	contrib_domain_label("no address", &s);
	assert_string_equal(s.buf, "");
	strbuf_release(&s);
}

/* What notice_find_email() takes for an address, and what it does not. */
static void test_emails(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "Ann Lee <ann.lee@gizmo.example>", "ann.lee@gizmo.example" },
		{ "Ann Lee (ann@gizmo.example).", "ann@gizmo.example" },
		{ "Kim Vale - kim@vale.co.uk", "kim@vale.co.uk" },
		{ "Bo Lind -bo@lind.example", "bo@lind.example" },
		{ "Zed at zed dot example", NULL },
		{ "Zed (zed()example.org)", NULL },
		{ "see @handle on the forum", NULL },
		{ "user@localhost", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		size_t a, b;
		bool found = notice_find_email(cases[i].text, strlen(cases[i].text), &a, &b);

		if (!cases[i].want) {
			assert_false(found);
			continue;
		}
		assert_true(found);
		assert_int_equal(b - a, strlen(cases[i].want));
		assert_memory_equal(cases[i].text + a, cases[i].want, b - a);
	}
}

/* "name|key|addresses|lists" per contributor. */
static void dump(const struct contributors *c, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < c->nr; i++) {
		strbuf_addf(out, "%s|%zu|", c->v[i].name, c->v[i].commits);
		for (size_t k = 0; k < c->v[i].emails.nr; k++)
			strbuf_addf(out, "%s%s", k ? "," : "", c->v[i].emails.v[k]);
		strbuf_addch(out, '|');
		for (size_t k = 0; k < c->v[i].lists.nr; k++)
			strbuf_addf(out, "%s%s", k ? "," : "", c->v[i].lists.v[k]);
		strbuf_addch(out, '\n');
	}
}

/*
 * The ways list files write people; headings, descriptions, prose and
 * section titles are not people; a one-word handle needs its address.
 */
static void test_list_files(void **state)
{
	static const char authors[] = "# The people who wrote Widget\n"
				      "\n"
				      "Ann Lee <ann@gizmo.example>\n"
				      "Cyril Bont\xe9 <cyril@bonte.example>\n"
				      "\t* the first parser, and many fixes since\n"
				      "Maintainer: Kim Vale <kim@vale.example>\n"
				      "Files: src/parse.c, include/widget/*.h\n"
				      "Note: ask Kim before changing the format.\n"
				      "Timer wheel\n"
				      "- Eve-Marie O'Hara: the build scripts\n"
				      "* **Bo Lind** (bo@lind.example)\n"
				      "1. [Ola Berg](https://berg.example)\n"
				      "Paul Rand, Mia Holt <support@holt.example>\n"
				      "mOo <moo@handles.example>\n"
				      "zed\n"
				      "Thanks to everyone who sent patches.\n"
				      "And for the old versions, thanks to:\n"
				      "Dana Frost\n";
	struct contributors c;
	struct strbuf out = STRBUF_INIT;

	contributors_init(&c);
	assert_int_equal(contributors_add_list(&c, "AUTHORS", authors, strlen(authors)), 0);
	dump(&c, &out);
	assert_string_equal(out.buf, "Ann Lee|0|ann@gizmo.example|AUTHORS\n"
				     "Cyril Bonté|0|cyril@bonte.example|AUTHORS\n"
				     "Kim Vale|0|kim@vale.example|AUTHORS\n"
				     "Eve-Marie O'Hara|0||AUTHORS\n"
				     "Bo Lind|0|bo@lind.example|AUTHORS\n"
				     "Ola Berg|0||AUTHORS\n"
				     "Paul Rand|0|support@holt.example|AUTHORS\n"
				     "Mia Holt|0|support@holt.example|AUTHORS\n"
				     "mOo|0|moo@handles.example|AUTHORS\n"
				     "Dana Frost|0||AUTHORS\n");
	assert_string_equal(c.sources.v[0], "AUTHORS: 10 names");
	/* a second list naming the same person adds to them */
	assert_int_equal(contributors_add_list(&c, "THANKS", "ANN LEE\n", 8), 0);
	assert_int_equal(c.v[0].lists.nr, 2);
	contributors_release(&c);
	strbuf_release(&out);
}

/* git log --format=%aN%x09%aE: commits per author; a handle and a full name stay apart. */
static void test_git_log(void **state)
{
	static const char log[] = "Ann Lee\tAnn@Gizmo.example\n"
				  "Bo Lind\tbo@lind.example\n"
				  "Ann Lee\tann@gizmo.example\n"
				  "alee\tann@gizmo.example\n"
				  "Ann Lee\tann@home.example\n";
	struct contributors c;
	struct strbuf out = STRBUF_INIT;
	struct strbuf why = STRBUF_INIT;

	contributors_init(&c);
	assert_int_equal(contributors_add_git_log(&c, log, strlen(log)), 0);
	dump(&c, &out);
	assert_string_equal(out.buf, "Ann Lee|3|ann@gizmo.example,ann@home.example|\n"
				     "Bo Lind|1|bo@lind.example|\n"
				     "alee|1|ann@gizmo.example|\n");
	assert_int_equal(c.commits, 5);
	contributor_why(&c.v[0], &why);
	assert_string_equal(why.buf, "git author of 3 commits");
	contributors_release(&c);
	strbuf_release(&out);
	strbuf_release(&why);
}

static const char *match_how(const struct contributors *c, const char *holder, const char *email)
{
	const char *how = NULL;
	const struct contributor *who = contributors_match(c, holder, email, &how);

	return who ? how : "-";
}

/* By address, by full name (a middle name left out), in a joint notice; never a first name alone.
 */
static void test_matching(void **state)
{
	static const char list[] = "Ann Lee <ann@gizmo.example>\n"
				   "Kim B. Vale\n"
				   "Gizmo Corp <info@gizmo.example>\n";
	static const char log[] = "alee\tann@gizmo.example\n";
	struct contributors c;

	contributors_init(&c);
	assert_int_equal(contributors_add_list(&c, "AUTHORS", list, strlen(list)), 0);
	assert_int_equal(contributors_add_git_log(&c, log, strlen(log)), 0);
	assert_string_equal(match_how(&c, "Ann Lee", NULL), "name");
	assert_string_equal(match_how(&c, "ANN LEE", "ann@gizmo.example"), "name");
	assert_string_equal(match_how(&c, "A. Lee", "ann@gizmo.example"), "e-mail");
	assert_string_equal(match_how(&c, "Kim Vale", NULL), "name");
	assert_string_equal(match_how(&c, "Kim Bo Vale", NULL), "name"); /* first and last */
	assert_string_equal(match_how(&c, "Acme Ltd, Ann Lee", NULL), "joint notice");
	assert_string_equal(match_how(&c, "Ann Lee and Zed Ray", NULL), "joint notice");
	assert_string_equal(match_how(&c, "Gizmo Corporation", NULL), "name");
	/* a first name, a surname, a handle: nobody */
	assert_string_equal(match_how(&c, "Ann", NULL), "-");
	assert_string_equal(match_how(&c, "Lee", NULL), "-");
	assert_string_equal(match_how(&c, "alee", NULL), "-");
	assert_string_equal(match_how(&c, "Kari Ann Lee", NULL), "-");
	assert_string_equal(match_how(&c, "Ann Leeds", NULL), "-");
	contributors_release(&c);
}

/* No git, or not a repository: no authors, the reason recorded, no error. */
static void test_load_without_git(void **state)
{
	char dir[] = "/tmp/st-contrib-XXXXXX";
	struct contributors c;
	struct strbuf err = STRBUF_INIT;

	assert_non_null(mkdtemp(dir));
	contributors_init(&c);
	assert_int_equal(contributors_load(&c, dir, &err), 0);
	assert_int_equal(c.nr, 0);
	assert_false(c.git_used);
	assert_int_equal(c.sources.nr, 2);
	assert_non_null(strstr(c.sources.v[0], "not a git repository"));
	assert_string_equal(
		c.sources.v[1],
		"no AUTHORS, CONTRIBUTORS, THANKS, CREDITS, MAINTAINERS or .mailmap file");
	contributors_release(&c);
	strbuf_release(&err);
	rmdir(dir);
}

/*
 * git's .mailmap in a tree without its history (a release tarball): the
 * names the project's committers go by, "Proper Name <address> Commit
 * Name <address>" giving the proper name.
 */
static void test_mailmap(void **state)
{
	char dir[] = "/tmp/st-contrib-XXXXXX";
	static const char mailmap[] = "# map of committers\n"
				      "Tim Dee <tim@dee.example>\n"
				      "Ola Berg <ola@berg.example> Ola <ola@old.example>\n";
	struct contributors c;
	struct strbuf err = STRBUF_INIT;
	const char *how = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	tu_write_bytes(dir, ".mailmap", mailmap, strlen(mailmap));
	contributors_init(&c);
	assert_int_equal(contributors_load(&c, dir, &err), 0);
	assert_int_equal(c.nr, 2);
	assert_non_null(contributors_match(&c, "Tim Dee", NULL, &how));
	assert_string_equal(how, "name");
	assert_non_null(contributors_match(&c, "Someone Else", "ola@berg.example", &how));
	assert_string_equal(how, "e-mail");
	assert_null(contributors_match(&c, "Ola", NULL, NULL)); /* a first name alone: nobody */
	assert_string_equal(c.sources.v[1], ".mailmap: 2 names");
	contributors_release(&c);
	strbuf_release(&err);
	tu_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_mailmap),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_list_files),
		cmocka_unit_test(test_git_log),
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_load_without_git),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
