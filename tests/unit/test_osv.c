/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OSV records and their version ranges (src/audit/osv.c, issue 13). The
 * records here are synthetic, written in the OSV schema's shape; their ids
 * are made up (CVE-2099-*) so they can never be mistaken for real data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "osv.h"
#include "pkgdb.h"
#include "testutil.h"

static int dpkg(const char *a, const char *b)
{
	return pkgver_compare(a, b);
}

static void load(struct osv_db *db, const char *text)
{
	struct strbuf err = STRBUF_INIT;

	if (osv_parse(db, "rec.json", text, strlen(text), &err))
		fail_msg("%s", err.buf);
	strbuf_release(&err);
}

static const char debian_rec[] =
	"{\"id\": \"DEBIAN-CVE-2099-0001\", \"modified\": \"2099-01-02T00:00:00Z\",\n"
	" \"aliases\": [\"CVE-2099-0001\"], \"summary\": \"overflow in inflate\",\n"
	" \"severity\": [{\"type\": \"CVSS_V3\",\n"
	"   \"score\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],\n"
	" \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"zlib\"},\n"
	"   \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"fixed\": "
	"\"1:1.2.13.dfsg-1+deb12u3\"},\n"
	"                {\"introduced\": \"0\"}]}]}]}";

/* Debian versions: epochs, backports (+debNuM), '~', by dpkg's order. */
static void test_debian_ranges(void **state)
{
	struct osv_db db;
	const struct osv_affected *a;
	const char *fixed = NULL;
	bool git = false;

	(void)state;
	osv_init(&db);
	load(&db, debian_rec);
	assert_int_equal(db.nr, 1);
	assert_string_equal(db.v[0].id, "DEBIAN-CVE-2099-0001");
	assert_string_equal(db.v[0].aliases.v[0], "CVE-2099-0001");
	assert_string_equal(db.newest, "2099-01-02T00:00:00Z");
	a = &db.v[0].affected[0];
	assert_string_equal(a->ecosystem, "Debian:12");
	/* events out of order are sorted ("0" first) */
	assert_true(osv_affects(a, "1:1.2.13.dfsg-1", dpkg, &git, &fixed));
	assert_true(osv_affects(a, "1:1.2.13.dfsg-1+deb12u2", dpkg, &git, &fixed));
	assert_true(osv_affects(a, "1:1.2.13.dfsg-1+deb12u3~rc1", dpkg, &git, &fixed));
	/* the backported fix and later */
	fixed = NULL;
	assert_false(osv_affects(a, "1:1.2.13.dfsg-1+deb12u3", dpkg, &git, &fixed));
	assert_string_equal(fixed, "1:1.2.13.dfsg-1+deb12u3");
	assert_false(osv_affects(a, "1:1.2.13.dfsg-1+deb12u10", dpkg, &git, &fixed));
	assert_false(osv_affects(a, "1:1.3-1", dpkg, &git, &fixed));
	/* no epoch is epoch 0: older than any 1: version */
	assert_true(osv_affects(a, "1.9.9-1", dpkg, &git, &fixed));
	assert_false(git);
	osv_release(&db);

	/* "upstream" ids count as aliases, each once, never the record's own id */
	osv_init(&db);
	load(&db, "{\"id\": \"DSA-9999-1\", \"aliases\": [\"CVE-2099-0009\"],\n"
		  " \"upstream\": [\"CVE-2099-0009\", \"DSA-9999-1\", \"CVE-2099-0010\"]}");
	assert_int_equal(db.v[0].aliases.nr, 2);
	assert_string_equal(db.v[0].aliases.v[0], "CVE-2099-0009");
	assert_string_equal(db.v[0].aliases.v[1], "CVE-2099-0010");
	osv_release(&db);
}

/* SemVer ranges, last_affected and limit, versions[], GIT ranges. */
static void test_other_ranges(void **state)
{
	static const char rec[] =
		"{\"id\": \"OSV-2099-0002\",\n"
		" \"affected\": [\n"
		"  {\"package\": {\"name\": \"ringbuf\"}, \"ranges\": [{\"type\": \"SEMVER\",\n"
		"    \"events\": [{\"introduced\": \"1.1.0\"}, {\"last_affected\": "
		"\"1.3.0\"}]}]},\n"
		"  {\"package\": {\"name\": \"tinycrc\"}, \"versions\": [\"v2.4.0\", \"v2.4.1\"],\n"
		"   \"ranges\": [{\"type\": \"GIT\", \"repo\": "
		"\"https://git.example.org/tinycrc\",\n"
		"    \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"8d1f2e3\"}]}]},\n"
		"  {\"package\": {\"name\": \"lz\"}, \"ranges\": [{\"type\": \"SEMVER\",\n"
		"    \"events\": [{\"introduced\": \"2.0.0-rc.1\"}, {\"limit\": \"2.0.1\"}]}]}]}";
	struct osv_db db;
	bool git = false;

	(void)state;
	osv_init(&db);
	load(&db, rec);
	assert_null(db.newest); /* no "modified" */
	assert_true(osv_affects(&db.v[0].affected[0], "1.3.0", osv_semver_compare, &git, NULL));
	assert_true(osv_affects(&db.v[0].affected[0], "v1.1.0", osv_semver_compare, &git, NULL));
	assert_false(osv_affects(&db.v[0].affected[0], "1.3.1", osv_semver_compare, &git, NULL));
	assert_false(osv_affects(&db.v[0].affected[0], "1.0.9", osv_semver_compare, &git, NULL));
	/* the versions list, with or without 'v'; a GIT range is only flagged */
	assert_true(osv_affects(&db.v[0].affected[1], "2.4.1", dpkg, &git, NULL));
	assert_false(osv_affects(&db.v[0].affected[1], "2.5.0", dpkg, &git, NULL));
	assert_true(git);
	/* pre-releases sort before the release; limit closes */
	assert_true(osv_affects(&db.v[0].affected[2], "2.0.0", osv_semver_compare, &git, NULL));
	assert_true(
		osv_affects(&db.v[0].affected[2], "2.0.0-rc.2", osv_semver_compare, &git, NULL));
	assert_false(
		osv_affects(&db.v[0].affected[2], "2.0.0-beta", osv_semver_compare, &git, NULL));
	assert_false(osv_affects(&db.v[0].affected[2], "2.0.1", osv_semver_compare, &git, NULL));
	osv_release(&db);

	assert_true(osv_semver_compare("1.10.0", "1.9.0") > 0);
	assert_true(osv_semver_compare("1.0.0-alpha", "1.0.0-alpha.1") < 0);
	assert_true(osv_semver_compare("1.0.0-alpha.beta", "1.0.0-beta") < 0);
	assert_true(osv_semver_compare("1.0.0-2", "1.0.0-11") < 0);
	assert_int_equal(osv_semver_compare("v1.2.3+build5", "1.2.3"), 0);
}

/* tests/data/osv/NAME loaded alone into db. */
static void load_real(struct osv_db *db, const char *name)
{
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;

	osv_init(db);
	strbuf_addf(&p, "%s/osv/%s", SOUPTRACE_TEST_DATA, name);
	if (osv_load(db, p.buf, &err))
		fail_msg("%s", err.buf);
	assert_int_equal(db->nr, 1);
	strbuf_release(&p);
	strbuf_release(&err);
}

/* The first affected entry of db's record for ecosystem eco (NULL: none). */
static const struct osv_affected *entry(const struct osv_db *db, const char *eco)
{
	for (size_t k = 0; k < db->v[0].nr_affected; k++) {
		const struct osv_affected *a = &db->v[0].affected[k];

		if (eco ? a->ecosystem && !strcmp(a->ecosystem, eco) : !a->ecosystem)
			return a;
	}
	fail_msg("no affected entry for %s", eco ? eco : "(none)");
	return NULL;
}

/*
 * Real published records (tests/data/osv, trimmed; README.md there says
 * where each comes from): Debian's epochs and '~', Debian's urgency, and an
 * upstream record with SEMVER, versions[] and a GIT range but no package.
 */
static void test_real_records(void **state)
{
	const struct osv_affected *a;
	const char *fixed = NULL, *event = NULL;
	struct osv_db db;
	bool git = false;

	(void)state;
	/* zlib, CVE-2022-37434: bookworm's range closes at 1:1.2.11.dfsg-4.1 */
	load_real(&db, "DEBIAN-CVE-2022-37434.json");
	a = entry(&db, "Debian:12");
	assert_string_equal(a->urgency, "not yet assigned");
	assert_non_null(db.v[0].cvss);
	assert_false(osv_affects(a, "1:1.2.13.dfsg-1", dpkg, &git, &fixed)); /* Debian 12's */
	assert_string_equal(fixed, "1:1.2.11.dfsg-4.1");
	assert_true(osv_affects(a, "1:1.2.11.dfsg-2+deb11u1", dpkg, &git, &fixed));
	/* the epoch decides: 1.2.13 without it is epoch 0, below any 1: version */
	assert_true(osv_affects(a, "1.2.13.dfsg-1", dpkg, &git, &fixed));
	osv_release(&db);

	/* glibc, CVE-2010-4756: open in bookworm, Debian's urgency "unimportant", no CVSS */
	load_real(&db, "DEBIAN-CVE-2010-4756.json");
	a = entry(&db, "Debian:12");
	assert_string_equal(a->urgency, "unimportant");
	assert_null(db.v[0].cvss);
	assert_null(db.v[0].severity);
	assert_true(osv_affects(a, "2.36-9+deb12u14", dpkg, &git, &fixed));
	assert_true(osv_affects(a, "2.36-9+deb12u99", dpkg, &git, &fixed)); /* range: no fix */
	osv_release(&db);

	/* intel-microcode, DSA-5474-1: '~' sorts before anything, even the end */
	load_real(&db, "DSA-5474-1.json");
	a = entry(&db, "Debian:12");
	assert_null(a->urgency); /* a DSA states none */
	assert_false(osv_affects(a, "3.20230808.1~deb12u1", dpkg, &git, &fixed));
	assert_false(osv_affects(a, "3.20230808.1", dpkg, &git, &fixed));
	assert_true(osv_affects(a, "3.20230808.1~deb11u1", dpkg, &git, &fixed));
	assert_true(osv_affects(a, "3.20230512.1~deb12u1", dpkg, &git, &fixed));
	osv_release(&db);

	/* curl, CVE-2009-0037 as curl publishes it: no package, SEMVER, versions[], GIT */
	load_real(&db, "CURL-CVE-2009-0037.json");
	a = entry(&db, NULL);
	assert_null(a->name);
	assert_string_equal(db.v[0].severity, "Medium");
	git = false;
	assert_true(osv_affects(a, "7.19.3", osv_semver_compare, &git, &fixed)); /* versions[] */
	fixed = NULL;
	assert_false(osv_affects(a, "7.19.4", osv_semver_compare, &git, &fixed));
	assert_string_equal(fixed, "7.19.4");
	assert_true(git); /* the GIT range is flagged, not evaluated by version */
	assert_false(osv_affects(a, "5.10", osv_semver_compare, &git, &fixed));
	/* its GIT range, by commit: the fix, the commit that brought the flaw, another */
	assert_int_equal(osv_git_commit(a, "https://github.com/curl/curl",
					"042cc1f69ec0878f542667cb684378869f859911", &event),
			 OSV_GIT_FIXED);
	assert_string_equal(event, "fixed");
	assert_int_equal(osv_git_commit(a, "git@github.com:curl/curl.git",
					"ae1912cb0d494b48d514d937826c9fe83ec96c4d", &event),
			 OSV_GIT_AFFECTED);
	assert_string_equal(event, "introduced");
	assert_int_equal(
		osv_git_commit(a, NULL, "ae1912cb0d494b48d514d937826c9fe83ec96c4d", &event),
		OSV_GIT_AFFECTED);
	assert_int_equal(osv_git_commit(a, "https://github.com/curl/curl",
					"0123456789abcdef0123456789abcdef01234567", &event),
			 OSV_GIT_UNKNOWN);
	assert_int_equal(osv_git_commit(a, "https://github.com/curl/curl-www",
					"042cc1f69ec0878f542667cb684378869f859911", &event),
			 OSV_GIT_NONE);
	osv_release(&db);

	/* OpenSSH's CVE-2016-10012: a GIT range of another repository (openbsd/src) only */
	load_real(&db, "CVE-2016-10012.json");
	a = entry(&db, NULL);
	assert_int_equal(osv_git_commit(a, "https://github.com/openbsd/src/",
					"3095060f479b86288e31c79ecbc5131a66bcd2f9", &event),
			 OSV_GIT_FIXED);
	osv_release(&db);

	/* two GIT ranges (two branches): fixed only when the commit closes both */
	osv_init(&db);
	load(&db,
	     "{\"id\": \"OSV-2099-0020\", \"summary\": \"synthetic\", \"affected\": [{\"ranges\": ["
	     "{\"type\": \"GIT\", \"repo\": \"https://example.org/x\", \"events\": "
	     "[{\"introduced\": \"0\"}, {\"fixed\": \"f1\"}]},"
	     "{\"type\": \"GIT\", \"repo\": \"https://example.org/x\", \"events\": "
	     "[{\"introduced\": \"0\"}, {\"fixed\": \"f2\"}]}]}]}");
	a = &db.v[0].affected[0];
	assert_int_equal(osv_git_commit(a, NULL, "f1", &event), OSV_GIT_UNKNOWN);
	osv_release(&db);
	osv_init(&db);
	load(&db,
	     "{\"id\": \"OSV-2099-0021\", \"summary\": \"synthetic\", \"affected\": [{\"ranges\": ["
	     "{\"type\": \"GIT\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"f1\"}]},"
	     "{\"type\": \"GIT\", \"events\": [{\"introduced\": \"i2\"}, {\"limit\": "
	     "\"f1\"}]}]}]}");
	a = &db.v[0].affected[0];
	assert_int_equal(osv_git_commit(a, NULL, "f1", &event), OSV_GIT_FIXED);
	assert_int_equal(osv_git_commit(a, NULL, "i2", &event), OSV_GIT_AFFECTED);
	osv_release(&db);

	/* repositories: scheme, user, port, "www.", ".git", a trailing '/' and case do not matter
	 */
	assert_true(
		osv_same_repo("ssh://git@github.com:22/curl/curl", "https://github.com/curl/curl"));
	assert_true(osv_same_repo("https://www.github.com:443/curl/curl", "github.com/curl/curl"));
	assert_true(osv_same_repo("https://github.com/curl/curl.git", "git@github.com:curl/curl"));
	assert_true(osv_same_repo("http://GitHub.com/Curl/curl/", "https://github.com/curl/curl"));
	assert_true(osv_same_repo("ssh://git@github.com/curl/curl.git/", "github.com/curl/curl"));
	assert_false(
		osv_same_repo("https://github.com/curl/curl-www", "https://github.com/curl/curl"));
	assert_false(osv_same_repo("https://github.com/curl", "https://github.com/curl/curl"));
	assert_false(osv_same_repo("", ""));
}

/* Hostile records: an error naming the file and the place, never a skipped record. */
struct bad_case {
	const char *text, *msg;
};

/* Each case's text fails to parse (with db->debian as given), its message starting with msg. */
static void expect_bad(const struct bad_case *cases, size_t nr, const char *debian)
{
	for (size_t i = 0; i < nr; i++) {
		struct osv_db db;
		struct strbuf err = STRBUF_INIT;

		osv_init(&db);
		db.debian = debian;
		assert_int_equal(
			osv_parse(&db, "rec.json", cases[i].text, strlen(cases[i].text), &err), -1);
		if (strncmp(err.buf, cases[i].msg, strlen(cases[i].msg)))
			fail_msg("case %zu: got '%s', expected '%s...'", i, err.buf, cases[i].msg);
		strbuf_release(&err);
		osv_release(&db);
	}
}

static void test_bad_records(void **state)
{
	static const struct bad_case cases[] = {
		{ "{\"id\": \"X\"", "rec.json: not JSON" },
		{ "[1, 2]", "rec.json: not an OSV record" },
		{ "{\"summary\": \"no id\"}", "rec.json: not an OSV record" },
		{ "{\"id\": \"X\", \"aliases\": \"CVE-1\"}",
		  "rec.json: $: \"aliases\" is not an array" },
		{ "{\"id\": \"X\", \"affected\": [{\"ranges\": [{\"type\": \"SEMVER\", \"events\": "
		  "[{\"fixd\": \"1\"}]}]}]}",
		  "rec.json: $.affected[0].ranges[0]: event 0 has no introduced" },
		{ "{\"id\": \"X\", \"affected\": [{\"package\": \"zlib\"}]}",
		  "rec.json: $.affected[0]: \"package\" is not an object" },
		{ "{\"id\": \"X\", \"affected\": [{\"ranges\": [{\"events\": []}]}]}",
		  "rec.json: $.affected[0].ranges[0]: a range has no \"type\"" },
		{ "{\"id\": \"X\", \"affected\": [{\"versions\": [1]}]}",
		  "rec.json: $.affected[0]: \"versions\" holds a value that is not a string" },
		{ "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {}}",
		  "rec.json: $.cveMetadata.cveId: a CVE record without its id" },
		{ "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-1\"},"
		  " \"containers\": {\"cna\": {\"affected\": [{\"programFiles\": \"a.c\"}]}}}",
		  "rec.json: $.containers.cna.affected[0]: \"programFiles\" is not an array" },
		{ "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-1\"},"
		  " \"containers\": {\"cna\": {\"affected\": [{\"product\": \"x\", \"versions\": "
		  "[{\"version\": \"1\"}]}]}}}",
		  "rec.json: $.containers.cna.affected[0].versions[0]: a version without "
		  "\"status\"" },
		{ "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-1\"},"
		  " \"containers\": {\"cna\": {\"affected\": [{\"product\": \"x\", \"versions\": "
		  "[{\"version\": \"1\", \"status\": \"maybe\"}]}]}}}",
		  "rec.json: $.containers.cna.affected[0].versions[0]: status \"maybe\" is none of "
		  "affected, unaffected, unknown" },
		{ "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-1\"},"
		  " \"containers\": {\"cna\": {\"affected\": [{\"product\": \"x\", \"cpes\": "
		  "\"cpe:2.3:a:x:x\"}]}}}",
		  "rec.json: $.containers.cna.affected[0]: \"cpes\" is not an array" },
		{ "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-1\"},"
		  " \"containers\": {\"cna\": {\"affected\": [{\"programRoutines\": [\"f\"]}]}}}",
		  "rec.json: $.containers.cna.affected[0]: \"programRoutines\" holds an entry "
		  "without a "
		  "\"name\"" },
		{ "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-1\"},"
		  " \"containers\": {\"cna\": {\"affected\": [{\"programRoutines\": [{\"name\": "
		  "\"\"}]}]}}}",
		  "rec.json: $.containers.cna.affected[0]: \"programRoutines\" holds an entry "
		  "without a "
		  "\"name\"" },
	};

	(void)state;
	expect_bad(cases, sizeof(cases) / sizeof(*cases), NULL);
}

/*
 * The Debian Security Tracker's JSON (tests/data/osv/tracker-slice.json):
 * only the system's release is kept, as records of ecosystem Debian:N
 * naming the source package; resolved is affected before the fix, open and
 * undetermined in every version, fixed_version "0" never; the urgency is
 * the severity; the file is a note with its date.
 */
static void test_tracker(void **state)
{
	struct osv_db db;
	struct strbuf err = STRBUF_INIT;
	const char *fixed = NULL;
	bool git = false;
	const struct osv_vuln *glibc = NULL, *open = NULL, *temp = NULL;

	(void)state;
	osv_init(&db);
	db.debian = "Debian:12";
	if (osv_load(&db, SOUPTRACE_TEST_DATA "/osv/tracker-slice.json", &err))
		fail_msg("%s", err.buf);
	assert_int_equal(db.nr, 4); /* bookworm's four; bullseye and buster only checked */
	for (size_t i = 0; i < db.nr; i++) {
		assert_string_equal(db.v[i].affected[0].ecosystem, "Debian:12");
		if (!strcmp(db.v[i].id, "CVE-2023-4911"))
			glibc = &db.v[i];
		if (!strcmp(db.v[i].id, "CVE-2099-45853"))
			open = &db.v[i];
		if (!strcmp(db.v[i].id, "TEMP-0000000-SOUP01"))
			temp = &db.v[i];
	}
	assert_non_null(glibc);
	assert_string_equal(glibc->affected[0].name, "glibc");
	assert_non_null(strstr(glibc->file, "tracker-slice.json: glibc CVE-2023-4911, bookworm"));
	assert_string_equal(glibc->severity, "not yet assigned");
	/* the backport is the fix, by dpkg's order */
	assert_true(osv_affects(&glibc->affected[0], "2.36-9+deb12u2", dpkg, &git, &fixed));
	assert_false(osv_affects(&glibc->affected[0], "2.36-9+deb12u3", dpkg, &git, &fixed));
	assert_string_equal(fixed, "2.36-9+deb12u3");
	assert_false(osv_affects(&glibc->affected[0], "2.36-9+deb12u13", dpkg, &git, &fixed));
	/* open: every version, urgency as written */
	assert_non_null(open);
	assert_true(osv_affects(&open->affected[0], "1:1.2.13.dfsg-1", dpkg, &git, &fixed));
	assert_true(osv_affects(&open->affected[0], "1:9.9-1", dpkg, &git, &fixed));
	assert_string_equal(open->severity, "unimportant");
	assert_non_null(temp);
	assert_string_equal(temp->severity, "medium"); /* "medium**" */
	assert_int_equal(db.notes.nr, 1);
	assert_non_null(strstr(db.notes.v[0], "Debian Security Tracker JSON, 4 entries, 4 kept for "
					      "bookworm (Debian:12); it states no date: the file's "
					      "time is 20"));
	osv_release(&db);

	/* no Debian release known: read and checked, nothing kept, said so */
	osv_init(&db);
	if (osv_load(&db, SOUPTRACE_TEST_DATA "/osv/tracker-slice.json", &err))
		fail_msg("%s", err.buf);
	assert_int_equal(db.nr, 0);
	assert_int_equal(db.trackers_unused, 1); /* the audit makes it an evidence gap */
	assert_non_null(strstr(db.notes.v[0], "none kept: this system's Debian release is not "
					      "known (pass --ecosystem Debian:N)"));
	osv_release(&db);
	strbuf_release(&err);
}

/* A tracker file with a wrong member fails the load, in any release, naming where. */
static void test_tracker_bad(void **state)
{
	static const struct bad_case cases[] = {
		{ "{\"zlib\": {\"CVE-1\": {\"releases\": {\"bookworm\": {\"status\": "
		  "\"fixed\"}}}}}",
		  "rec.json: $.zlib.CVE-1.releases.bookworm.status: \"fixed\" is not a status" },
		{ "{\"zlib\": {\"CVE-1\": {\"releases\": {\"sid\": {\"status\": "
		  "\"resolved\", \"fixed_version\": 3}}}}}",
		  "rec.json: $.zlib.CVE-1.releases.sid: \"status\" missing, or a member" },
		{ "{\"zlib\": {\"CVE-1\": {\"releases\": {\"bookworm\": {\"status\": "
		  "\"resolved\"}}}}}",
		  "rec.json: $.zlib.CVE-1.releases.bookworm: resolved without a "
		  "\"fixed_version\"" },
		{ "{\"zlib\": {\"CVE-1\": {\"releases\": []}}}",
		  "rec.json: $.zlib.CVE-1: \"description\" is not a string or \"releases\" not an "
		  "object" },
		{ "{\"zlib\": {\"CVE-1\": {\"releases\": {\"bookworm\": 1}}}}",
		  "rec.json: $.zlib.CVE-1.releases.bookworm: not an object" },
		{ "{\"zlib\": {\"CVE-1\": {\"description\": \"x\"}, \"CVE-2\": 7}}",
		  "rec.json: $.zlib.CVE-2: not an object" },
		{ "{\"zlib\": {\"CVE-1\": {\"description\": \"x\"}}, \"glibc\": []}",
		  "rec.json: $.glibc: not an object" },
	};

	(void)state;
	expect_bad(cases, sizeof(cases) / sizeof(*cases), "Debian:12");
}

/*
 * OSV's all.zip as published: its *.json entries in name order, other
 * entries ignored, read like a folder; a bad record names the archive and
 * the entry; a damaged archive is an error, never an empty database.
 */
static void test_zip(void **state)
{
	char dir[] = "/tmp/st-osvzip-XXXXXX";
	static const char *const good[] = {
		"b/OSV-2099-2.json",
		"{\"id\": \"OSV-2099-2\"}",
		"README.txt",
		"not a record",
		"a/OSV-2099-1.json",
		"{\"id\": \"OSV-2099-1\", \"modified\": \"2099-01-01T00:00:00Z\"}",
		NULL
	};
	static const char *const bad[] = { "OSV-2099-1.json", "{\"id\": \"OSV-2099-1\"}",
					   "OSV-2099-3.json", "{\"id\": 3}", NULL };
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	struct osv_db db;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	strbuf_addf(&p, "%s/all.zip", dir);
	tu_make_zip(dir, "all.zip", "deflated", good);
	osv_init(&db);
	if (osv_load(&db, p.buf, &err))
		fail_msg("%s", err.buf);
	assert_int_equal(db.nr, 2);
	assert_int_equal(db.files, 2);
	assert_string_equal(db.v[0].id, "OSV-2099-1"); /* name order, not the archive's */
	assert_non_null(strstr(db.v[0].file, "/all.zip:a/OSV-2099-1.json"));
	assert_string_equal(db.newest, "2099-01-01T00:00:00Z");
	osv_release(&db);

	/* a folder holding the archive reads it too */
	osv_init(&db);
	if (osv_load(&db, dir, &err))
		fail_msg("%s", err.buf);
	assert_int_equal(db.nr, 2);
	osv_release(&db);

	tu_make_zip(dir, "all.zip", "deflated", bad);
	osv_init(&db);
	assert_int_equal(osv_load(&db, p.buf, &err), -1);
	assert_non_null(strstr(err.buf, "/all.zip:OSV-2099-3.json: not an OSV record"));
	osv_release(&db);

	/* cut short: the archive's end is gone */
	tu_make_zip(dir, "all.zip", "deflated", good);
	assert_int_equal(truncate(p.buf, 60), 0);
	strbuf_reset(&err);
	osv_init(&db);
	assert_int_equal(osv_load(&db, p.buf, &err), -1);
	assert_non_null(strstr(err.buf, "all.zip: not a zip archive that can be read: "));
	osv_release(&db);

	/* a zip's signature on garbage */
	f = fopen(p.buf, "wb");
	assert_non_null(f);
	fputs("PK\x03\x04 and nothing of a zip after it", f);
	fclose(f);
	strbuf_reset(&err);
	osv_init(&db);
	assert_int_equal(osv_load(&db, p.buf, &err), -1);
	assert_non_null(strstr(err.buf, "not a zip archive that can be read"));
	osv_release(&db);

	tu_remove_tree(dir);
	strbuf_release(&p);
	strbuf_release(&err);
}

/* Every record of db as one line each (id, file, ranges), for comparing two loads. */
static void dump(const struct osv_db *db, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < db->nr; i++) {
		const struct osv_vuln *v = &db->v[i];

		strbuf_addf(out, "%s %s %s %s %zu:", v->id, v->file,
			    v->severity ? v->severity : "-", v->summary ? v->summary : "-",
			    v->aliases.nr);
		if (v->cve5)
			strbuf_addstr(out, " cve5");
		for (size_t k = 0; k < v->nr_affected; k++) {
			const struct osv_affected *a = &v->affected[k];

			if (a->urgency)
				strbuf_addf(out, " urgency=%s", a->urgency);
			if (a->vendor)
				strbuf_addf(out, " vendor=%s default=%s cpes=%zu", a->vendor,
					    a->default_status ? a->default_status : "-",
					    a->cpes.nr);
			for (size_t n = 0; n < a->nr_cve_versions; n++)
				strbuf_addf(
					out, " [%s %s <%s <=%s %s]", a->cve_versions[n].status,
					a->cve_versions[n].version,
					a->cve_versions[n].less_than ? a->cve_versions[n].less_than
								     : "-",
					a->cve_versions[n].less_than_or_equal
						? a->cve_versions[n].less_than_or_equal
						: "-",
					a->cve_versions[n].type ? a->cve_versions[n].type : "-");
			for (size_t r = 0; r < v->affected[k].nr_ranges; r++) {
				if (v->affected[k].ranges[r].repo)
					strbuf_addf(out, " repo=%s", v->affected[k].ranges[r].repo);
				for (size_t e = 0; e < v->affected[k].ranges[r].nr_events; e++)
					strbuf_addf(out, " %d=%s",
						    (int)v->affected[k].ranges[r].events[e].kind,
						    v->affected[k].ranges[r].events[e].value);
			}
		}
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < db->nr_cves; i++) {
		strbuf_addf(out, "cve %s %zu", db->cves[i].id, db->cves[i].files.nr);
		for (size_t r = 0; r < db->cves[i].routines.nr; r++)
			strbuf_addf(out, " routine=%s", db->cves[i].routines.v[r]);
		strbuf_addch(out, '\n');
	}
	strbuf_addf(out, "newest %s files %zu notes %zu unused %zu\n",
		    db->newest ? db->newest : "-", db->files, db->notes.nr, db->trackers_unused);
}

/* Load dir with the index; the state it reports, the records as dump() into out. */
static const char *load_ix(const char *dir, struct strbuf *out)
{
	struct osv_db db;
	struct strbuf err = STRBUF_INIT;
	const char *state;

	osv_init(&db);
	db.debian = "Debian:12";
	if (osv_load_indexed(&db, dir, &err))
		fail_msg("%s", err.buf);
	state = db.index_state;
	dump(&db, out);
	osv_release(&db);
	strbuf_release(&err);
	return state;
}

/*
 * The kept index: built once, then used with the same records; not
 * believed when a file changed, when damaged or cut short, when others
 * may write it; none without a cache folder.
 */
static void test_index(void **state)
{
	char cache[] = "/tmp/st-osvix-XXXXXX", dir[] = "/tmp/st-osvdb-XXXXXX";
	struct strbuf first = STRBUF_INIT, again = STRBUF_INIT, p = STRBUF_INIT, ix = STRBUF_INIT;
	const char *tracker = SOUPTRACE_TEST_DATA "/osv/tracker-slice.json";
	const char *dsa = SOUPTRACE_TEST_DATA "/osv/DSA-5514-1.json";
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(cache));
	assert_non_null(mkdtemp(dir));
	setenv("SOUPTRACE_CACHE_DIR", cache, 1);
	/* a copy of the test data, and a record of the OSV shape with every field */
	assert_int_equal(strbuf_read_file(&text, tracker, 1 << 20), 0);
	strbuf_addf(&p, "%s/tracker.json", dir);
	f = fopen(p.buf, "w");
	fwrite(text.buf, 1, text.len, f);
	fclose(f);
	strbuf_reset(&text);
	assert_int_equal(strbuf_read_file(&text, dsa, 1 << 20), 0);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/sub/DSA-5514-1.json", dir);
	strbuf_reset(&ix);
	strbuf_addf(&ix, "%s/sub", dir);
	assert_int_equal(mkdir(ix.buf, 0700), 0);
	f = fopen(p.buf, "w");
	fwrite(text.buf, 1, text.len, f);
	fclose(f);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/OSV-2099-7.json", dir);
	f = fopen(p.buf, "w");
	fputs("{\"id\": \"OSV-2099-7\", \"aliases\": [\"CVE-2099-7\"], \"summary\": \"x\","
	      " \"severity\": [{\"type\": \"CVSS_V3\", \"score\": "
	      "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
	      " \"affected\": [{\"package\": {\"ecosystem\": \"GIT\", \"name\": \"ringbuf\","
	      " \"purl\": \"pkg:generic/ringbuf\"}, \"versions\": [\"1.0\"], \"ranges\": "
	      "[{\"type\": \"GIT\", \"repo\": \"https://git.example.org/ringbuf\", \"events\": "
	      "[{\"introduced\": \"abc\"}, {\"limit\": \"def\"}]}]},"
	      " {\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"ringbuf\"},"
	      " \"ecosystem_specific\": {\"urgency\": \"low**\"}}]}",
	      f);
	fclose(f);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/CVE-2099-7.json", dir);
	f = fopen(p.buf, "w");
	fputs("{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-2099-7\"},"
	      " \"containers\": {\"cna\": {\"affected\": [{\"product\": \"ringbuf\","
	      " \"programFiles\": [\"rb.c\"], \"programRoutines\": [{\"name\": \"rb_put\"}],"
	      " \"vendor\": \"rb\", \"cpes\": [\"cpe:2.3:a:rb:ringbuf:*:*:*:*:*:*:*:*\"],"
	      " \"defaultStatus\": \"unaffected\", \"versions\": [{\"version\": \"1.0\", "
	      "\"status\": \"affected\", \"lessThan\": \"1.2\", \"versionType\": \"semver\"}]}]}}}",
	      f);
	fclose(f);

	assert_string_equal(load_ix(dir, &first), "built");
	assert_string_equal(load_ix(dir, &again), "used");
	assert_string_equal(again.buf, first.buf);
	assert_non_null(strstr(first.buf, "OSV-2099-7"));
	/* Debian's urgency (its "**" dropped) and a GIT range's repository are kept too */
	assert_non_null(strstr(first.buf,
			       " repo=https://git.example.org/ringbuf 0=abc 3=def urgency=low\n"));
	/* and a CVE record's files and functions, and its product as a record */
	assert_non_null(strstr(first.buf, "cve CVE-2099-7 1 routine=rb_put\n"));
	assert_non_null(strstr(first.buf, " cve5 vendor=rb default=unaffected cpes=1 "
					  "[affected 1.0 <1.2 <=- semver]"));

	/* the index file, found in the cache folder */
	strbuf_reset(&ix);
	d = opendir(cache);
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "osv-", 4))
			strbuf_addf(&ix, "%s/%s", cache, de->d_name);
	closedir(d);
	assert_true(ix.len > 0);

	/* a record changed: read again */
	f = fopen(p.buf, "a");
	fputs("\n", f);
	fclose(f);
	assert_string_equal(load_ix(dir, &again), "the database's files changed since the index "
						  "was made");
	assert_string_equal(again.buf, first.buf);
	assert_string_equal(load_ix(dir, &again), "used");

	/* one byte of the payload flipped */
	strbuf_reset(&text);
	assert_int_equal(strbuf_read_file(&text, ix.buf, 64 << 20), 0);
	text.buf[text.len / 2] ^= 0x20;
	f = fopen(ix.buf, "w");
	fwrite(text.buf, 1, text.len, f);
	fclose(f);
	assert_string_equal(load_ix(dir, &again), "the index is damaged");
	assert_string_equal(again.buf, first.buf);
	/* cut short */
	assert_int_equal(truncate(ix.buf, 70), 0);
	assert_string_equal(load_ix(dir, &again), "the index is damaged");
	assert_string_equal(again.buf, first.buf);
	/* others may write it */
	assert_int_equal(chmod(ix.buf, 0666), 0);
	assert_string_equal(load_ix(dir, &again), "the index is not this user's own file");
	assert_string_equal(again.buf, first.buf);
	/* no cache folder */
	setenv("SOUPTRACE_CACHE_DIR", "", 1);
	assert_string_equal(load_ix(dir, &again), "off (no cache folder)");
	assert_string_equal(again.buf, first.buf);
	unsetenv("SOUPTRACE_CACHE_DIR");

	strbuf_reset(&p);
	strbuf_addf(&p, "rm -rf '%s' '%s'", cache, dir);
	assert_int_equal(system(p.buf), 0);
	strbuf_release(&first);
	strbuf_release(&again);
	strbuf_release(&p);
	strbuf_release(&ix);
	strbuf_release(&text);
	strbuf_release(&err);
}

/* CVE JSON 5: the files and functions each affected product's flaw lies in, nothing else. */
static void test_cve5(void **state)
{
	static const char rec[] = "{\"dataType\": \"CVE_RECORD\", \"dataVersion\": \"5.1\",\n"
				  " \"cveMetadata\": {\"cveId\": \"CVE-2099-0003\"},\n"
				  " \"containers\": {\"cna\": {\"affected\": [\n"
				  "   {\"product\": \"minz\", \"programFiles\": "
				  "[\"src/inflate.c\", \"inffast.c\"]},\n"
				  "   {\"product\": \"other\"},\n"
				  "   {\"product\": \"minz2\", \"programRoutines\": [{\"name\": "
				  "\"inflateGetHeader\"}, {\"name\": \"inflate\"}]}]}}}";
	struct osv_db db;

	(void)state;
	osv_init(&db);
	load(&db, rec);
	assert_int_equal(db.nr, 0); /* not a vulnerability record of its own */
	assert_int_equal(db.nr_cves, 2);
	assert_string_equal(db.cves[0].id, "CVE-2099-0003");
	assert_string_equal(db.cves[0].product, "minz");
	assert_int_equal(db.cves[0].files.nr, 2);
	assert_string_equal(db.cves[0].files.v[0], "src/inflate.c");
	assert_int_equal(db.cves[0].routines.nr, 0);
	/* functions without files: kept too */
	assert_string_equal(db.cves[1].product, "minz2");
	assert_int_equal(db.cves[1].files.nr, 0);
	assert_int_equal(db.cves[1].routines.nr, 2);
	assert_string_equal(db.cves[1].routines.v[0], "inflateGetHeader");
	osv_release(&db);
}

/*
 * CVE JSON 5 products that say which versions: a record of their own (cve5),
 * the CNA's and the ADPs' products; "n/a" names nothing; rejected records
 * give none.
 */
static void test_cve5_products(void **state)
{
	static const char rec[] =
		"{\"dataType\": \"CVE_RECORD\", \"dataVersion\": \"5.1\",\n"
		" \"cveMetadata\": {\"cveId\": \"CVE-2099-0005\", \"state\": \"PUBLISHED\",\n"
		"   \"dateUpdated\": \"2099-05-01T00:00:00Z\"},\n"
		" \"containers\": {\"cna\": {\n"
		"   \"descriptions\": [{\"lang\": \"en\", \"value\": \"minz overflow\\nmore "
		"text\"}],\n"
		"   \"affected\": [{\"vendor\": \"acme\", \"product\": \"minz\", "
		"\"defaultStatus\": "
		"\"unaffected\",\n"
		"     \"versions\": [{\"version\": \"1.0\", \"status\": \"affected\", "
		"\"lessThan\": "
		"\"1.4\", \"versionType\": \"semver\"}]},\n"
		"    {\"vendor\": \"n/a\", \"product\": \"n/a\", \"versions\": [{\"version\": "
		"\"n/a\", "
		"\"status\": \"unknown\"}]}]},\n"
		"  \"adp\": [{\"affected\": [{\"vendor\": \"n/a\", \"product\": \"n/a\", \"cpes\": "
		"[\"cpe:2.3:a:acme:minz:*:*:*:*:*:*:*:*\"],\n"
		"     \"versions\": [{\"version\": \"1.2\", \"status\": \"affected\"}]}],\n"
		"   \"metrics\": [{\"cvssV3_1\": {\"vectorString\": "
		"\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}}]}]}}";
	struct strbuf text = STRBUF_INIT;
	struct osv_db db;
	const struct osv_vuln *v;

	(void)state;
	osv_init(&db);
	load(&db, rec);
	assert_int_equal(db.nr, 1);
	v = &db.v[0];
	assert_true(v->cve5);
	assert_string_equal(v->id, "CVE-2099-0005");
	assert_string_equal(v->summary, "minz overflow");
	assert_string_equal(v->modified, "2099-05-01T00:00:00Z");
	assert_string_equal(v->cvss,
			    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"); /* the ADP's */
	assert_int_equal(v->nr_affected, 2); /* the "n/a" product is none */
	assert_string_equal(v->affected[0].name, "minz");
	assert_string_equal(v->affected[0].vendor, "acme");
	assert_string_equal(v->affected[0].default_status, "unaffected");
	assert_int_equal(v->affected[0].nr_cve_versions, 1);
	assert_string_equal(v->affected[0].cve_versions[0].less_than, "1.4");
	assert_string_equal(v->affected[0].cve_versions[0].type, "semver");
	assert_null(v->affected[1].name);
	assert_int_equal(v->affected[1].cpes.nr, 1);
	osv_release(&db);

	/* rejected: nothing */
	strbuf_addstr(&text, rec);
	memcpy(strstr(text.buf, "PUBLISHED"), "REJECTED\"", 9);
	memset(strstr(text.buf, "REJECTED\"") + 9, ' ', 1);
	osv_init(&db);
	load(&db, text.buf);
	assert_int_equal(db.nr, 0);
	osv_release(&db);

	/* an ADP's products without a CNA container */
	osv_init(&db);
	load(&db, "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-2099-6\"},"
		  " \"containers\": {\"adp\": [{\"affected\": [{\"packageName\": \"minz\", "
		  "\"versions\": [{\"version\": \"1.0\", \"status\": \"affected\"}]}]}]}}");
	assert_int_equal(db.nr, 1);
	assert_string_equal(db.v[0].affected[0].name, "minz"); /* packageName when no product */
	osv_release(&db);

	/* MITRE's zlib record as published: vendor, product and version "n/a" */
	osv_init(&db);
	assert_int_equal(osv_load(&db, SOUPTRACE_TEST_DATA "/cve5/CVE-2022-37434.json", &text), 0);
	assert_int_equal(db.nr, 0);
	osv_release(&db);
	strbuf_release(&text);
}

/* CVSS v3 base scores, as the specification's calculator gives them. */
static void test_cvss(void **state)
{
	(void)state;
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 98);
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), 100);
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"), 55);
	assert_int_equal(osv_cvss3_score("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"), 31);
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N"), 64);
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N"), 0);
	/* temporal metrics after the base ones are allowed */
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P"), 98);
	assert_int_equal(osv_cvss3_score("CVSS:2.0/AV:N"), -1);
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"), -1);
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), -1);
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), -1);
	assert_int_equal(osv_cvss3_score("CVSS:3.1/AVN"), -1);
	assert_int_equal(osv_cvss3_score(NULL), -1);
	assert_string_equal(osv_rating(98), "critical");
	assert_string_equal(osv_rating(70), "high");
	assert_string_equal(osv_rating(55), "medium");
	assert_string_equal(osv_rating(31), "low");
	assert_string_equal(osv_rating(0), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_ranges), cmocka_unit_test(test_other_ranges),
		cmocka_unit_test(test_real_records),  cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_cvss),	      cmocka_unit_test(test_cve5),
		cmocka_unit_test(test_cve5_products), cmocka_unit_test(test_tracker),
		cmocka_unit_test(test_tracker_bad),   cmocka_unit_test(test_zip),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
