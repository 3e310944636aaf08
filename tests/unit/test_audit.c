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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_component_not_present),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
