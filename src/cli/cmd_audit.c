/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace audit --db DIR|FILE [--soup FILE] [--ecosystem Debian:N]
 *                 [--fail-on none|low|medium|high|critical]
 *                 [--format text|json] [-o FILE] ARTIFACT...
 *
 * The known vulnerabilities of what reaches each artifact (the same
 * attribution as check), from OSV records mirrored offline (audit.h says
 * how they are matched). Never the network. Exit 1 when an affected
 * vulnerability at or above --fail-on remains (unknown severity counts as
 * critical), 0 otherwise, 2 on bad usage or an unreadable database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "audit.h"
#include "check.h"
#include "cli.h"
#include "jout.h"
#include "outfile.h"
#include "banned.h"

static const char *aliases_text(const struct osv_vuln *v, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t i = 0; v && i < v->aliases.nr; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : " (", v->aliases.v[i]);
	if (v && v->aliases.nr)
		strbuf_addch(sb, ')');
	return sb->buf;
}

static void write_text(FILE *f, const struct audit *au, const struct osv_db *db, const char *dbpath,
		       const char *fail_on, size_t failing)
{
	static const enum audit_status order[] = { AUDIT_AFFECTED, AUDIT_UNMATCHABLE,
						   AUDIT_NOT_AFFECTED, AUDIT_FIXED };
	struct strbuf sb = STRBUF_INIT;

	fprintf(f,
		"database %s: %zu records and %zu CVE file lists from %zu files, newest modified "
		"%s\n",
		dbpath, db->nr, db->nr_cves, db->files, db->newest ? db->newest : "(none stated)");
	/* what needs a decision first */
	for (size_t o = 0; o < sizeof(order) / sizeof(*order); o++) {
		for (size_t i = 0; i < au->nr; i++) {
			const struct audit_result *r = &au->r[i];

			if (r->status != order[o])
				continue;
			fprintf(f, "%-17s %s %s in %s", audit_status_name(r->status), r->comp->name,
				r->version ? r->version : "(no version)", r->comp->artifact);
			if (r->vuln) {
				fprintf(f, ": %s%s %s", r->vuln->id, aliases_text(r->vuln, &sb),
					r->rating);
				if (r->score >= 0)
					fprintf(f, " %d.%d", r->score / 10, r->score % 10);
				if (r->vuln->summary)
					fprintf(f, ", %s", r->vuln->summary);
			}
			fprintf(f, "\n                  %s\n", r->why);
		}
	}
	fprintf(f,
		"%s: %zu affected (%zu at or above %s), %zu not affected, %zu fixed, %zu cannot be "
		"matched\n",
		failing ? "FAIL" : "PASS", au->affected, failing, fail_on, au->not_affected,
		au->fixed, au->unmatchable);
	strbuf_release(&sb);
}

static cJSON *to_json(const struct audit *au, const struct osv_db *db, const char *dbpath,
		      const char *debian, const char *fail_on, size_t failing, struct jout *j)
{
	cJSON *doc = cJSON_CreateObject(), *o, *arr;

	if (!doc) {
		j->oom = true;
		return NULL;
	}
	if ((o = jout_obj(j, doc, "database"))) {
		jout_str(j, o, "path", dbpath);
		jout_num(j, o, "records", (double)db->nr);
		jout_num(j, o, "cve_file_lists", (double)db->nr_cves);
		jout_num(j, o, "files", (double)db->files);
		jout_str(j, o, "newest_modified", db->newest);
		jout_str(j, o, "debian_ecosystem", debian);
	}
	arr = jout_arr(j, doc, "results");
	for (size_t i = 0; arr && i < au->nr; i++) {
		const struct audit_result *r = &au->r[i];
		cJSON *e = jout_obj(j, arr, NULL);

		if (!e)
			continue;
		jout_str(j, e, "artifact", r->comp->artifact);
		jout_str(j, e, "component", r->comp->name);
		jout_str(j, e, "version", r->version);
		jout_str(j, e, "status", audit_status_name(r->status));
		jout_str(j, e, "justification",
			 r->status == AUDIT_NOT_AFFECTED ? "vulnerable_code_not_present" : NULL);
		jout_str(j, e, "id", r->vuln ? r->vuln->id : NULL);
		if (r->vuln)
			jout_strs(j, e, "aliases", &r->vuln->aliases);
		else
			jout_arr(j, e, "aliases");
		jout_str(j, e, "summary", r->vuln ? r->vuln->summary : NULL);
		jout_str(j, e, "severity", r->rating);
		if (r->score >= 0)
			jout_num(j, e, "score", r->score / 10.0);
		else
			jout_str(j, e, "score", NULL);
		jout_str(j, e, "fixed_in", r->fixed_in);
		jout_str(j, e, "evidence", r->why);
		jout_str(j, e, "record", r->vuln ? r->vuln->file : NULL);
	}
	if ((o = jout_obj(j, doc, "summary"))) {
		jout_num(j, o, "affected", (double)au->affected);
		jout_num(j, o, "not_affected", (double)au->not_affected);
		jout_num(j, o, "fixed", (double)au->fixed);
		jout_num(j, o, "cannot_be_matched", (double)au->unmatchable);
		jout_str(j, o, "fail_on", fail_on);
		jout_num(j, o, "failing", (double)failing);
		jout_bool(j, o, "passed", failing == 0);
	}
	return doc;
}

int cmd_audit(int argc, char **argv)
{
	const char *format = "text", *out_path = NULL, *db_path = NULL, *eco_arg = NULL;
	const char *fail_on = "low";
	struct strvec artifacts = STRVEC_INIT;
	struct check_request rq;
	struct soup_list soup;
	struct strbuf err = STRBUF_INIT;
	struct check_model model;
	struct osv_db db;
	struct audit au;
	struct outfile of = OUTFILE_INIT;
	char *debian = NULL, *text = NULL;
	size_t failing = 0;
	int ret = EXIT_USAGE;

	memset(&rq, 0, sizeof(rq));
	soup_list_init(&soup);
	check_model_init(&model);
	osv_init(&db);
	audit_init(&au);
	{
		static const struct command_spec command = {
			"audit", "known vulnerabilities of the SOUP in each artifact, offline",
			"ARTIFACT...", 1, 0
		};
		const struct option opts[] = {
			CHECK_COMMAND_OPTIONS(
				rq, false, &out_path, "the audit",
				{ "--db", NULL, OPT_STRING, &db_path, "DIR|FILE",
				  "OSV records: a folder of .json files (read recursively) or one "
				  "file",
				  true, NULL },
				{ "--ecosystem", NULL, OPT_STRING, &eco_arg, "Debian:N",
				  "the OSV ecosystem of the installed packages (default: from "
				  "/etc/os-release)",
				  false, NULL },
				{ "--fail-on", NULL, OPT_CHOICE, &fail_on,
				  "none|low|medium|high|critical",
				  "exit 1 when an affected vulnerability of this severity or above "
				  "remains (default: low; unknown severity counts as critical)",
				  false, NULL },
				{ "--format", NULL, OPT_CHOICE, &format, "text|json",
				  "the output's format (default: text)", false, NULL }),
		};

		if (!cli_parse(&command, opts, argc, argv, &artifacts, &ret))
			goto out;
	}
	if (cli_artifacts("audit", &artifacts))
		goto out;
	if (osv_load(&db, db_path, &err)) {
		cli_error("audit: %s", err.buf);
		goto out;
	}
	debian = eco_arg ? xstrdup(eco_arg) : audit_debian_ecosystem(NULL);
	rq.artifacts = &artifacts;
	if (cli_evaluate(&rq, &soup, &model) < 0)
		goto out;
	audit_run(&model, &db, debian, &au);
	for (size_t i = 0; i < au.nr; i++)
		if (au.r[i].status == AUDIT_AFFECTED && strcmp(fail_on, "none") &&
		    audit_rank(au.r[i].rating) >= audit_rank(fail_on))
			failing++;
	strbuf_reset(&err);
	if (outfile_open(&of, out_path, &err)) {
		cli_error("audit: cannot write %s", err.buf);
		goto out;
	}
	if (!strcmp(format, "json")) {
		struct jout j = { false };
		cJSON *doc = to_json(&au, &db, db_path, debian, fail_on, failing, &j);

		text = doc && !j.oom ? cJSON_Print(doc) : NULL;
		cJSON_Delete(doc);
		if (!text || fputs(text, of.f) < 0 || fputc('\n', of.f) < 0) {
			outfile_abort(&of);
			cli_error("audit: cannot write %s",
				  out_path ? out_path : "standard output");
			goto out;
		}
	} else {
		write_text(of.f, &au, &db, db_path, fail_on, failing);
	}
	if (outfile_commit(&of, &err)) {
		cli_error("audit: cannot write %s", err.buf);
		goto out;
	}
	ret = failing ? EXIT_FINDINGS : EXIT_OK;
out:
	free(text);
	free(debian);
	audit_release(&au);
	osv_release(&db);
	check_model_release(&model);
	soup_list_release(&soup);
	strvec_clear(&artifacts);
	strbuf_release(&err);
	return ret;
}
