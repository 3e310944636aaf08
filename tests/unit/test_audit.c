/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The audit's decisions on a model made by hand (src/audit/audit.c, issue
 * 13): matching by name and version, and component_not_present across the
 * artifacts of a product, never where an artifact's contents are unknown.
 * The records are synthetic (OSV-2099-*).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit.h"
#include "testutil.h"

static void component(struct check_model *m, const char *artifact, const char *name,
		      const char *version)
{
	struct check_component *c = check_model_add_component(m);

	c->artifact = check_strdup(artifact);
	c->name = check_strdup(name);
	c->version_found = check_strdup(version);
}

static void model(struct check_model *m)
{
	static const char *const arts[] = { "/p/app", "/p/tool", "/p/other" };

	check_model_init(m);
	for (size_t i = 0; i < 3; i++)
		check_model_add_artifact(m)->path = check_strdup(arts[i]);
	component(m, "/p/app", "tinycrc", "2.4.1");
	component(m, "/p/app", "ringbuf", "1.0");
	component(m, "/p/tool", "ringbuf", "1.0");
}

static void load(struct osv_db *db)
{
	static const char rec[] =
		"{\"id\": \"OSV-2099-1\", \"affected\": [{\"package\": {\"name\": \"tinycrc\"},"
		" \"versions\": [\"2.4.1\"]}]}";
	static const char fixed[] =
		"{\"id\": \"OSV-2099-2\", \"affected\": [{\"package\": {\"name\": \"ringbuf\"},"
		" \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"},"
		" {\"fixed\": \"0.9\"}]}]}]}";
	struct strbuf err = STRBUF_INIT;

	osv_init(db);
	if (osv_parse(db, "a.json", rec, strlen(rec), &err) ||
	    osv_parse(db, "b.json", fixed, strlen(fixed), &err))
		fail_msg("%s", err.buf);
	strbuf_release(&err);
}

/* "ARTIFACT ID STATUS JUSTIFICATION" per result, sorted by the audit's order. */
static void results(const struct audit *au, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < au->nr; i++)
		strbuf_addf(out, "%s %s %s %s %s\n", au->r[i].comp->artifact, au->r[i].comp->name,
			    au->r[i].vuln ? au->r[i].vuln->id : "-",
			    audit_status_name(au->r[i].status),
			    au->r[i].justification ? au->r[i].justification : "-");
}

static void test_component_not_present(void **state)
{
	struct check_model m;
	struct osv_db db;
	struct audit au;
	struct strvec unknown = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;

	(void)state;
	model(&m);
	load(&db);
	audit_init(&au);
	audit_run(&m, &db, "Debian:12", &au);
	audit_absent(&m, &unknown, &au);
	results(&au, &out);
	/* affected in app; absent from tool and other; ringbuf fixed: not repeated */
	assert_string_equal(out.buf,
			    "/p/app tinycrc OSV-2099-1 affected -\n"
			    "/p/app ringbuf OSV-2099-2 fixed -\n"
			    "/p/tool ringbuf OSV-2099-2 fixed -\n"
			    "/p/tool tinycrc OSV-2099-1 not-affected component_not_present\n"
			    "/p/other tinycrc OSV-2099-1 not-affected component_not_present\n");
	assert_non_null(strstr(au.r[3].why, "(it reaches /p/app)"));
	audit_release(&au);

	/* an artifact whose contents are not fully known: nothing said of it */
	strvec_push(&unknown, "/p/other");
	audit_init(&au);
	audit_run(&m, &db, "Debian:12", &au);
	audit_absent(&m, &unknown, &au);
	results(&au, &out);
	assert_null(strstr(out.buf, "/p/other"));
	assert_non_null(strstr(out.buf, "/p/tool tinycrc OSV-2099-1 not-affected"));
	audit_release(&au);
	/* a gap of the whole trace: nothing at all */
	strvec_push(&unknown, "*");
	audit_init(&au);
	audit_run(&m, &db, "Debian:12", &au);
	audit_absent(&m, &unknown, &au);
	assert_int_equal(au.nr, 3);
	audit_release(&au);

	strvec_clear(&unknown);
	strbuf_release(&out);
	osv_release(&db);
	check_model_release(&m);
}

/* The records of tests/data/osv named, loaded into db. */
static void load_real(struct osv_db *db, const char *const *names)
{
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;

	osv_init(db);
	for (size_t i = 0; names[i]; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/osv/%s", SOUPTRACE_TEST_DATA, names[i]);
		if (osv_load(db, p.buf, &err))
			fail_msg("%s", err.buf);
	}
	strbuf_release(&p);
	strbuf_release(&err);
}

/* Audit m (released after) against db: "ID STATUS FIXED_IN" per result in out, the whys in why. */
static void audit_print(struct check_model *m, const struct osv_db *db, struct strbuf *out,
			struct strbuf *why)
{
	struct audit au;

	audit_init(&au);
	audit_run(m, db, "Debian:12", &au);
	strbuf_reset(out);
	strbuf_reset(why);
	for (size_t i = 0; i < au.nr; i++) {
		strbuf_addf(out, "%s %s %s\n", au.r[i].vuln ? au.r[i].vuln->id : "-",
			    audit_status_name(au.r[i].status),
			    au.r[i].fixed_in ? au.r[i].fixed_in : "-");
		strbuf_addf(why, "%s\n", au.r[i].why);
	}
	audit_release(&au);
	check_model_release(m);
}

/* One vendored curl (as soup.json declares it) audited alone: "STATUS FIXED_IN" per result. */
static void audit_curl(const struct osv_db *db, const char *version, const char *repository,
		       const char *commit, const char *purl, struct strbuf *out, struct strbuf *why)
{
	struct check_model m;
	struct check_component *c;

	check_model_init(&m);
	check_model_add_artifact(&m)->path = check_strdup("/p/app");
	c = check_model_add_component(&m);
	c->artifact = check_strdup("/p/app");
	c->name = check_strdup("libcurl");
	c->declared = true;
	c->version_declared = check_strdup(version);
	c->repository_declared = check_strdup(repository);
	c->commit_declared = check_strdup(commit);
	c->purl_found = check_strdup(purl);
	audit_print(&m, db, out, why);
}

/*
 * A vendored copy against curl's real CVE-2009-0037 record, which names no
 * package: found by the repository soup.json states (or a pkg:github purl),
 * decided by the commit when it is one of the GIT range's events, by the
 * version otherwise; a commit the range does not name and no version that
 * settles it is "cannot be matched", never passed.
 */
static void test_git_commit(void **state)
{
	static const char *const names[] = { "CURL-CVE-2009-0037.json", NULL };
	static const char fix[] = "042cc1f69ec0878f542667cb684378869f859911";
	static const char intro[] = "ae1912cb0d494b48d514d937826c9fe83ec96c4d";
	static const char other[] = "0123456789abcdef0123456789abcdef01234567";
	static const char repo[] = "https://github.com/curl/curl";
	struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
	struct osv_db db;

	(void)state;
	load_real(&db, names);
	audit_curl(&db, NULL, repo, fix, NULL, &out, &why);
	assert_string_equal(out.buf,
			    "CURL-CVE-2009-0037 fixed 042cc1f69ec0878f542667cb684378869f859911\n");
	assert_non_null(strstr(why.buf, "is the GIT range's \"fixed\" event"));
	audit_curl(&db, NULL, repo, intro, NULL, &out, &why);
	assert_string_equal(out.buf, "CURL-CVE-2009-0037 affected -\n");
	assert_non_null(strstr(why.buf, "\"introduced\" event"));
	audit_curl(&db, NULL, repo, other, NULL, &out, &why);
	assert_string_equal(out.buf, "CURL-CVE-2009-0037 cannot-be-matched -\n");
	assert_non_null(strstr(why.buf, "none of their events"));
	/* the version settles what the commit cannot: in versions[], past the SEMVER fix */
	audit_curl(&db, "7.19.3", repo, other, NULL, &out, &why);
	assert_string_equal(out.buf, "CURL-CVE-2009-0037 affected 7.19.4\n");
	audit_curl(&db, "8.5.0", repo, other, NULL, &out, &why);
	assert_string_equal(out.buf, "CURL-CVE-2009-0037 fixed 7.19.4\n");
	/* affected by either wins: a fixed version with the commit that brought the flaw */
	audit_curl(&db, "8.5.0", repo, intro, NULL, &out, &why);
	assert_string_equal(out.buf, "CURL-CVE-2009-0037 affected -\n");
	/* the repository from a pkg:github purl */
	audit_curl(&db, NULL, NULL, fix, "pkg:github/curl/curl@curl-8_5_0", &out, &why);
	assert_string_equal(out.buf,
			    "CURL-CVE-2009-0037 fixed 042cc1f69ec0878f542667cb684378869f859911\n");
	/* neither repository nor a name the record states: nothing ties it to curl */
	audit_curl(&db, "7.19.3", NULL, NULL, NULL, &out, &why);
	assert_string_equal(out.buf, "");
	/* a record made from GIT ranges whose versions[] are tag names: the version
	   7.19.3 is not "curl-7_19_3", so it does not settle it */
	osv_release(&db);
	osv_init(&db);
	{
		static const char tags[] =
			"{\"id\": \"OSV-2099-30\", \"summary\": \"synthetic\", \"affected\": [{"
			"\"versions\": [\"curl-7_19_3\"], \"ranges\": [{\"type\": \"GIT\", "
			"\"repo\": "
			"\"https://github.com/curl/curl\", \"events\": [{\"introduced\": \"0\"}, "
			"{\"fixed\": \"042cc1f69ec0878f542667cb684378869f859911\"}]}]}]}";
		static const char other_pkg[] =
			"{\"id\": \"OSV-2099-31\", \"summary\": \"synthetic\", \"affected\": [{"
			"\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"pycurl-ish\"}, "
			"\"ranges\": ["
			"{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, "
			"{\"fixed\": "
			"\"1.0\"}]}, {\"type\": \"GIT\", \"repo\": "
			"\"https://github.com/curl/curl\", "
			"\"events\": [{\"introduced\": \"0\"}, {\"fixed\": "
			"\"042cc1f69ec0878f542667cb684378869f859911\"}]}]}]}";
		struct strbuf err = STRBUF_INIT;

		if (osv_parse(&db, "tags.json", tags, strlen(tags), &err) ||
		    osv_parse(&db, "other.json", other_pkg, strlen(other_pkg), &err))
			fail_msg("%s", err.buf);
		strbuf_release(&err);
	}
	audit_curl(&db, "7.19.3", repo, other, NULL, &out, &why);
	assert_string_equal(out.buf, "OSV-2099-30 cannot-be-matched -\n"
				     "OSV-2099-31 cannot-be-matched -\n");
	/* ... another package's versions say nothing of this one: 8.5.0 is not "past 1.0" */
	audit_curl(&db, "8.5.0", repo, NULL, NULL, &out, &why);
	assert_string_equal(out.buf, "OSV-2099-30 cannot-be-matched -\n"
				     "OSV-2099-31 cannot-be-matched -\n");
	assert_non_null(strstr(why.buf, "for another package (pycurl-ish)"));
	audit_curl(&db, "8.5.0", repo, fix, NULL, &out, &why);
	assert_string_equal(out.buf,
			    "OSV-2099-30 fixed 042cc1f69ec0878f542667cb684378869f859911\n"
			    "OSV-2099-31 fixed 042cc1f69ec0878f542667cb684378869f859911\n");
	osv_release(&db);
	load_real(&db, names);

	/* the repository without a commit or version that settles it */
	audit_curl(&db, "4.0", repo, NULL, NULL, &out, &why);
	assert_string_equal(out.buf, ""); /* before SEMVER's "introduced": settled */
	osv_release(&db);
	strbuf_release(&out);
	strbuf_release(&why);
}

/*
 * Debian's real DEBIAN-CVE-2010-4756 (glibc, open in bookworm, urgency
 * "unimportant", no CVSS): rated low by Debian's urgency, not "unknown"
 * (which the gate counts as critical).
 */
static void test_urgency(void **state)
{
	static const char *const names[] = { "DEBIAN-CVE-2010-4756.json",
					     "DEBIAN-CVE-2022-37434.json", NULL };
	struct check_model m;
	struct check_component *c;
	struct check_package *pk;
	struct osv_db db;
	struct audit au;

	(void)state;
	load_real(&db, names);
	check_model_init(&m);
	check_model_add_artifact(&m)->path = check_strdup("/p/app");
	c = check_model_add_component(&m);
	c->artifact = check_strdup("/p/app");
	c->name = check_strdup("glibc");
	pk = c->package = calloc(1, sizeof(*pk));
	pk->name = check_strdup("libc6");
	pk->source = check_strdup("glibc");
	pk->source_version = check_strdup("2.36-9+deb12u14");
	c = check_model_add_component(&m);
	c->artifact = check_strdup("/p/app");
	c->name = check_strdup("zlib");
	pk = c->package = calloc(1, sizeof(*pk));
	pk->name = check_strdup("zlib1g");
	pk->source = check_strdup("zlib");
	pk->source_version = check_strdup("1:1.2.13.dfsg-1");
	audit_init(&au);
	audit_run(&m, &db, "Debian:12", &au);
	assert_int_equal(au.nr, 2);
	for (size_t i = 0; i < au.nr; i++) {
		if (!strcmp(au.r[i].comp->name, "glibc")) {
			assert_string_equal(au.r[i].vuln->id, "DEBIAN-CVE-2010-4756");
			assert_int_equal(au.r[i].status, AUDIT_AFFECTED);
			assert_string_equal(au.r[i].rating, "low");
		} else {
			/* zlib: at or past bookworm's fix; its CVSS vector rates it */
			assert_int_equal(au.r[i].status, AUDIT_FIXED);
			assert_string_equal(au.r[i].fixed_in, "1:1.2.11.dfsg-4.1");
			assert_string_equal(au.r[i].rating, "critical");
		}
	}
	audit_release(&au);
	check_model_release(&m);
	osv_release(&db);
}

/* One component NAME VERSION (with CPE, or NULL) audited alone: "ID STATUS FIXED_IN" per result. */
static void audit_one(const struct osv_db *db, const char *name, const char *version,
		      const char *cpe, struct strbuf *out, struct strbuf *why)
{
	struct check_model m;
	struct check_component *c;

	check_model_init(&m);
	check_model_add_artifact(&m)->path = check_strdup("/p/app");
	c = check_model_add_component(&m);
	c->artifact = check_strdup("/p/app");
	c->name = check_strdup(name);
	c->version_found = check_strdup(version);
	c->cpe_found = check_strdup(cpe);
	audit_print(&m, db, out, why);
}

static void parse_all(struct osv_db *db, const char *const *recs)
{
	struct strbuf err = STRBUF_INIT;

	osv_init(db);
	for (size_t i = 0; recs[i]; i++)
		if (osv_parse(db, "rec.json", recs[i], strlen(recs[i]), &err))
			fail_msg("%s", err.buf);
	strbuf_release(&err);
}

/*
 * CVE JSON 5 records as a source of their own (synthetic CVE-2099-5x, and
 * curl's real CVE-2023-38545): by product name or CPE, versions[] ranges,
 * contradictions and unreadable data reported, never guessed; an OSV record
 * of the same CVE naming the component wins.
 */
static void test_cve5_match(void **state)
{
#define CVE5(id, aff)                                                                              \
	"{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"" id "\"},"                 \
	" \"containers\": {\"cna\": {\"affected\": [" aff "]}}}"
	static const char *const recs[] = {
		CVE5("CVE-2099-50",
		     "{\"vendor\": \"mara\", \"product\": \"tinycrc\", \"versions\": "
		     "[{\"version\": \"2.0.0\", \"status\": \"affected\", \"lessThan\": "
		     "\"2.5.0\", \"versionType\": \"semver\"}]}"),
		CVE5("CVE-2099-51",
		     "{\"vendor\": \"Mara\", \"product\": \"TinyCRC Library\", \"cpes\": "
		     "[\"cpe:2.3:a:tinycrc_project:tinycrc:*:*:*:*:*:*:*:*\"], \"versions\": "
		     "[{\"version\": \"2.4.1\", \"status\": \"affected\"}]}"),
		CVE5("CVE-2099-52",
		     "{\"product\": \"tinycrc\", \"versions\": [{\"version\": \"2.4.1\", "
		     "\"status\": \"affected\"}]}"),
		"{\"id\": \"OSV-2099-52\", \"aliases\": [\"CVE-2099-52\"], \"affected\": "
		"[{\"package\": {\"name\": \"tinycrc\"}, \"versions\": [\"9.9\"]}]}",
		CVE5("CVE-2099-53",
		     "{\"product\": \"tinycrc\", \"versions\": [{\"version\": \"2.0\", "
		     "\"status\": \"affected\", \"lessThanOrEqual\": \"3.0\"}, "
		     "{\"version\": \"2.4.1\", \"status\": \"unaffected\"}]}"),
		CVE5("CVE-2099-54", "{\"product\": \"ringbuf\", \"defaultStatus\": \"affected\"}"),
		/* words, not a version */
		CVE5("CVE-2099-55",
		     "{\"product\": \"minz\", \"versions\": [{\"version\": \"<= 1.4\", "
		     "\"status\": \"affected\"}]}"),
		/* an OSV record that cannot decide (GIT only, no commit) leaves the CVE record in
		   use */
		"{\"id\": \"OSV-2099-56\", \"aliases\": [\"CVE-2099-56\"], \"affected\": "
		"[{\"package\": {\"name\": \"minz\"}, \"ranges\": [{\"type\": \"GIT\", \"repo\": "
		"\"https://git.example.org/minz\", \"events\": [{\"introduced\": \"0\"}]}]}]}",
		CVE5("CVE-2099-56", "{\"product\": \"minz\", \"versions\": [{\"version\": \"1.0\", "
				    "\"status\": \"affected\", \"lessThan\": \"2.0\"}]}"),
		NULL,
	};
	static const char cpe[] = "cpe:2.3:a:tinycrc_project:tinycrc:2.4.1:*:*:*:*:*:*:*";
	struct strbuf out = STRBUF_INIT, why = STRBUF_INIT, err = STRBUF_INIT;
	struct osv_db db;

	(void)state;
	parse_all(&db, recs);
	audit_one(&db, "tinycrc", "2.4.1", cpe, &out, &why);
	print_message("%s", why.buf);
	/* 50: inside 2.0.0 .. <2.5.0; 51: by CPE; 52: OSV's record names it (not at 2.4.1): not
	   used; 53: affected and unaffected both: cannot be matched */
	assert_string_equal(out.buf, "CVE-2099-50 affected 2.5.0\n"
				     "CVE-2099-51 affected -\n"
				     "CVE-2099-53 cannot-be-matched -\n");
	assert_non_null(strstr(why.buf, "affected from 2.0.0, less than 2.5.0 (semver)"));
	assert_non_null(strstr(why.buf, "is affected from 2.0, at most 3.0 and unaffected 2.4.1"));
	/* without the CPE the differently named product is not it */
	audit_one(&db, "tinycrc", "2.4.1", NULL, &out, &why);
	assert_null(strstr(out.buf, "CVE-2099-51"));
	/* past the range: nothing; before it: nothing */
	audit_one(&db, "tinycrc", "v2.5.0", NULL, &out, &why);
	assert_string_equal(out.buf, "CVE-2099-53 affected -\n");
	audit_one(&db, "tinycrc", "1.9.9", NULL, &out, &why);
	assert_string_equal(out.buf, "");
	/* every version, by defaultStatus */
	audit_one(&db, "ringbuf", "1.0", NULL, &out, &why);
	assert_string_equal(out.buf, "CVE-2099-54 affected -\n");
	assert_non_null(strstr(why.buf, "defaultStatus is affected"));
	audit_one(&db, "minz", "1.2", NULL, &out, &why);
	assert_string_equal(out.buf, "OSV-2099-56 cannot-be-matched -\n"
				     "CVE-2099-55 cannot-be-matched -\n"
				     "CVE-2099-56 affected 2.0\n");
	assert_non_null(strstr(why.buf, "\"<= 1.4\" is no version but words or a pattern"));
	osv_release(&db);

	/* curl's CNA record as published: its ranges are empty as written */
	osv_init(&db);
	if (osv_load(&db, SOUPTRACE_TEST_DATA "/cve5/CVE-2023-38545.json", &err))
		fail_msg("%s", err.buf);
	audit_one(&db, "curl", "8.0.0", NULL, &out, &why);
	assert_string_equal(out.buf, "CVE-2023-38545 cannot-be-matched -\n");
	print_message("%s", why.buf);
	assert_non_null(
		strstr(why.buf, "its range from 8.4.0 to less than 8.4.0 is empty as written"));
	osv_release(&db);
	strbuf_release(&out);
	strbuf_release(&why);
	strbuf_release(&err);
#undef CVE5
}

/* The repository test_git_ancestry makes: its commits by letter (see there). */
static const char gr_url[] = "https://git.example.org/gitrange";
static const char gr_letters[] = "ABCDEGHIJKL";
static char gr_sha[sizeof(gr_letters) - 1][41];
/* A commit id no clone has. */
static const char gr_stranger[] = "0123456789abcdef0123456789abcdef01234567";

static const char *gr_commit(char letter)
{
	return letter == '?' ? gr_stranger : gr_sha[strchr(gr_letters, letter) - gr_letters];
}

/*
 * One OSV record with one GIT range of gitrange, its events written
 * "IB FD LC XD" (introduced, fixed, last_affected, limit; a letter is that
 * commit, '?' gr_stranger, anything longer is written as is), against
 * gitrange declared at commit, with clones (NULL: none). The status of its
 * one result ("-" for none); its why in why with the commits put back as
 * letters.
 */
static const char *gr_audit(const char *events, char commit, const struct strvec *clones,
			    struct strbuf *why)
{
	static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };
	struct strbuf rec = STRBUF_INIT, err = STRBUF_INIT;
	const char *status = "-";
	struct check_model m;
	struct check_component *c;
	struct osv_db db;
	struct audit au;

	strbuf_addf(&rec,
		    "{\"id\": \"OSV-2099-40\", \"affected\": [{\"ranges\": [{\"type\": \"GIT\", "
		    "\"repo\": \"%s\", \"events\": [",
		    gr_url);
	for (const char *e = events; *e;) {
		size_t n = strcspn(e + 1, " ");

		strbuf_addf(&rec, "%s{\"%s\": \"", rec.buf[rec.len - 1] == '[' ? "" : ", ",
			    kinds[strchr("IFLX", *e) - "IFLX"]);
		if (n == 1)
			strbuf_addstr(&rec, gr_commit(e[1]));
		else
			strbuf_add(&rec, e + 1, n);
		strbuf_addstr(&rec, "\"}");
		e += 1 + n;
		e += *e == ' ';
	}
	strbuf_addstr(&rec, "]}]}]}");
	osv_init(&db);
	if (osv_parse(&db, "range.json", rec.buf, rec.len, &err))
		fail_msg("%s", err.buf);
	check_model_init(&m);
	check_model_add_artifact(&m)->path = check_strdup("/p/app");
	c = check_model_add_component(&m);
	c->artifact = check_strdup("/p/app");
	c->name = check_strdup("gitrange");
	c->declared = true;
	c->repository_declared = check_strdup(gr_url);
	c->commit_declared = check_strdup(gr_commit(commit));
	audit_init(&au);
	au.clones = clones;
	audit_run(&m, &db, "Debian:12", &au);
	assert_true(au.nr <= 1);
	strbuf_reset(why);
	if (au.nr) {
		status = audit_status_name(au.r[0].status);
		strbuf_addstr(why, au.r[0].why);
		for (size_t k = 0; k < sizeof(gr_sha) / sizeof(*gr_sha); k++) {
			char *p;

			while ((p = strstr(why->buf, gr_sha[k]))) {
				*p = gr_letters[k];
				memmove(p + 1, p + 40, strlen(p + 40) + 1);
			}
		}
		why->len = strlen(why->buf);
	}
	audit_release(&au);
	check_model_release(&m);
	osv_release(&db);
	strbuf_release(&rec);
	strbuf_release(&err);
	return status;
}

/*
 * A commit that is no event of a GIT range, decided by its ancestry in a
 * local clone (--repo-clone): a real repository made here with git.
 *
 *   A - B - C - D - E - J - K - L      main: B brings the flaw, D fixes it,
 *            \                          J brings it back, L fixes it again
 *             G - H - I                 rel: H backports the fix
 */
static void test_git_ancestry(void **state)
{
	enum { CLONE, NONE, SHALLOW };
	static const struct {
		const char *events;
		char commit;
		int clone;
		const char *status, *why;
	} cases[] = {
		{ "IB FD FH IJ FL", 'C', CLONE, "affected",
		  "descends from the GIT range's introduced B" },
		{ "IB FD FH IJ FL", 'G', CLONE, "affected",
		  "descends from the GIT range's introduced B" },
		{ "IB FD FH IJ FL", 'E', CLONE, "fixed", "descends from the fix D" },
		{ "IB FD FH IJ FL", 'I', CLONE, "fixed",
		  "descends from the fix H" }, /* the backport */
		{ "IB FD FH IJ FL", 'K', CLONE, "affected",
		  "the GIT range's introduced J" },	   /* back */
		{ "IB FD FH IJ FL", 'A', CLONE, "-", "" }, /* before it */
		/* last_affected C: B before it is held; G on rel (forked at C) descends from C:
		   closed; past a last_affected on another branch is not */
		{ "IA LC", 'B', CLONE, "affected", "descends from the GIT range's introduced A" },
		{ "IA LC", 'G', CLONE, "fixed", "comes after the last_affected C" },
		{ "IA LD", 'G', CLONE, "affected", "from none of its fixes" },
		{ "IA LD", 'E', CLONE, "fixed", "comes after the last_affected D" },
		/* limit D: only commits before it are in the range */
		{ "IA XD", 'C', CLONE, "affected", "before a limit commit" },
		{ "IA XD", 'E', CLONE, "-", "" },
		/* what the clone cannot tell, or no clone: cannot be matched */
		{ "IB FD", '?', CLONE, "cannot-be-matched", "is not in the clone" },
		{ "IB F?", 'C', CLONE, "cannot-be-matched", "merge-base --is-ancestor" },
		{ "Iv1.0 FD", 'C', CLONE, "cannot-be-matched", "\"v1.0\" is not a commit id" },
		{ "FD", 'C', CLONE, "cannot-be-matched", "has no introduced event" },
		{ "IB FD", 'C', SHALLOW, "cannot-be-matched", "is shallow" },
		{ "IB FD", 'C', NONE, "cannot-be-matched", "--repo-clone" },
	};
	char dir[] = "/tmp/st-gitrange-XXXXXX";
	struct strbuf out = STRBUF_INIT, why = STRBUF_INIT, kv = STRBUF_INIT;
	struct strvec clones[2] = { STRVEC_INIT, STRVEC_INIT };

	(void)state;
	assert_non_null(mkdtemp(dir));
	if (tu_run(dir,
		   "git init -q repo && cd repo && git config user.email t@example.org && "
		   "git config user.name t && c() { git commit -q --allow-empty -m $1 && "
		   "echo $1 $(git rev-parse HEAD) >>../shas; } && c A && c B && c C && "
		   "git branch rel && c D && c E && c J && c K && c L && git checkout -q rel && "
		   "c G && c H && c I && cd .. && git clone -q --depth 1 file://$PWD/repo shallow"))
		fail_msg("git could not make the repositories (is git installed?)");
	assert_int_equal(tu_capture(dir, &out, "cat shas"), 0);
	for (size_t i = 0; i < sizeof(gr_sha) / sizeof(*gr_sha); i++) {
		const char *line = strchr(out.buf, gr_letters[i]);

		assert_non_null(line);
		memcpy(gr_sha[i], line + 2, 40);
		gr_sha[i][40] = '\0';
	}
	for (int k = 0; k < 2; k++) {
		strbuf_reset(&kv);
		strbuf_addf(&kv, "%s=%s/%s", gr_url, dir, k ? "shallow" : "repo");
		strvec_push(&clones[k], kv.buf);
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct strvec *cl = cases[i].clone == NONE      ? NULL
					  : cases[i].clone == SHALLOW ? &clones[1]
								      : &clones[0];
		const char *status = gr_audit(cases[i].events, cases[i].commit, cl, &why);

		print_message("  %s @%c: %s %s\n", cases[i].events, cases[i].commit, status,
			      why.buf);
		assert_string_equal(status, cases[i].status);
		if (!strstr(why.buf, cases[i].why))
			fail_msg("%s @%c: \"%s\" lacks \"%s\"", cases[i].events, cases[i].commit,
				 why.buf, cases[i].why);
		if (!strcmp(status, "affected") || !strcmp(status, "fixed"))
			assert_non_null(strstr(why.buf, "git merge-base --is-ancestor"));
	}
	for (int k = 0; k < 2; k++)
		strvec_clear(&clones[k]);
	strbuf_release(&kv);
	strbuf_release(&out);
	strbuf_release(&why);
	tu_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_component_not_present),
		cmocka_unit_test(test_git_commit),
		cmocka_unit_test(test_urgency),
		cmocka_unit_test(test_git_ancestry),
		cmocka_unit_test(test_cve5_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
