/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace init [--trace DIR] [--project-root DIR] [-o FILE] [--force]
 *                [--update] ARTIFACT...
 *
 * Drafts the SOUP list from what reaches the artifacts: name, version,
 * supplier, licence, purl and match rules filled in from the package
 * database and the version probes; the fields a person must write say
 * TODO (lint and check report them until they are written). Never
 * overwrites a file without --force; --update adds the components the list
 * does not declare yet and keeps every field already there.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "cli.h"
#include "draft.h"
#include "jout.h"
#include "json_get.h"
#include "options.h"
#include "outfile.h"
#include "pathutil.h"
#include "soup.h"
#include "banned.h"

/* What a person must still write is marked TODO (as in the drafted entries). */
#define TODO "TODO"

/* The list to add to: the existing file (--update), or a new one. NULL on error (printed). */
static cJSON *load_list(const char *path, bool update, struct jout *j)
{
	struct strbuf diag = STRBUF_INIT, text = STRBUF_INIT;
	struct soup_list check;
	cJSON *doc = NULL;

	soup_list_init(&check);
	if (update) {
		/* a list that does not load cannot be updated: never guess */
		if (soup_load(path, &check, &diag, NULL) ||
		    strbuf_read_file(&text, path, 64u << 20) < 0 ||
		    !(doc = json_parse_document(path, text.buf, text.len, &diag))) {
			fputs(diag.buf, stderr);
			cli_error("init: %s cannot be updated: fix it first (souptrace lint)",
				  path);
		} else if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "components"))) {
			jout_arr(j, doc, "components");
		}
	} else if ((doc = cJSON_CreateObject())) {
		/* for editors: the installed schema (docs/soup.schema.json), by absolute URI */
		jout_str(j, doc, "$schema", SOUPTRACE_SCHEMA_URI);
		jout_num(j, doc, "souptrace", 1);
		jout_obj(j, doc, "project");
		jout_arr(j, doc, "components");
	}
	soup_list_release(&check);
	strbuf_release(&diag);
	strbuf_release(&text);
	return doc;
}

/* A new list names the project after its root's folder; its version is for a person. */
static void name_project(cJSON *doc, const struct check_model *model, struct jout *j)
{
	cJSON *p = cJSON_GetObjectItemCaseSensitive(doc, "project");
	const char *root = model->summary.project_root;

	if (p && root) {
		jout_str(j, p, "name", path_basename(root));
		jout_str(j, p, "version", TODO);
	}
}

/*
 * The list, printed and written atomically: --update must never leave the
 * user's list truncated. 0, or -1 (printed); oom: memory ran out before.
 */
static int write_list(const char *path, const cJSON *doc, bool oom)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	char *printed = NULL;
	int ret = -1;

	if (oom || !(printed = cJSON_Print(doc)) || strbuf_addstr(&text, printed) ||
	    strbuf_addch(&text, '\n'))
		cli_error("init: out of memory");
	else if (outfile_write(path, text.buf, text.len, &err))
		cli_error("init: cannot write %s", err.buf);
	else
		ret = 0;
	free(printed);
	strbuf_release(&text);
	strbuf_release(&err);
	return ret;
}

int cmd_init(int argc, char **argv)
{
	const char *out_path = "soup.json";
	struct check_request rq;
	struct strvec artifacts = STRVEC_INIT;
	struct strbuf diag = STRBUF_INIT;
	struct soup_list soup;
	struct jout j = { false };
	bool force = false, update = false, exists;
	struct stat st;
	struct check_model model;
	cJSON *doc = NULL, *comps;
	int before, ret = EXIT_USAGE;

	memset(&rq, 0, sizeof(rq));
	check_model_init(&model);
	soup_list_init(&soup);
	{
		static const struct command_spec command = {
			"init", "draft soup.json from what reaches the artifacts", "ARTIFACT...", 1,
			0
		};
		const struct option opts[] = {
			CHECK_EVIDENCE_OPTIONS(rq),
			{ "-o", NULL, OPT_OUTFILE, &out_path, "FILE",
			  "the list to write (default: soup.json)", false, NULL },
			{ "--force", NULL, OPT_FLAG, &force, NULL, "replace an existing FILE",
			  false, NULL },
			{ "--update", NULL, OPT_FLAG, &update, NULL,
			  "add to an existing FILE what it does not declare yet, keeping the rest",
			  false, NULL },
			OPT_END,
		};

		if (!cli_parse(&command, opts, argc, argv, &artifacts, &ret))
			goto out;
	}
	if (cli_artifacts("init", &artifacts))
		goto out;
	/* a dangling symbolic link exists too: it is replaced only with --force */
	exists = lstat(out_path, &st) == 0;
	if (exists && !force && !update) {
		cli_error("init: %s exists; --update adds what it lacks, --force replaces it",
			  out_path);
		goto out;
	}
	update = exists && update;
	if (!(doc = load_list(out_path, update, &j)))
		goto out;
	/* the declared list counts: only what it lacks is drafted, after its entries */
	rq.soup_path = update ? out_path : NULL;
	rq.drafts = comps = cJSON_GetObjectItemCaseSensitive(doc, "components");
	rq.artifacts = &artifacts;
	before = cJSON_GetArraySize(comps);
	if (cli_evaluate(&rq, &soup, &model) < 0)
		goto out;
	if (!update)
		name_project(doc, &model, &j);
	draft_first_party(doc, &model, &soup, &j, &diag);
	if (diag.len)
		fprintf(stderr,
			"souptrace: init: first_party.holders drafted from the evidence "
			"(review them):%s\n",
			diag.buf);
	if (write_list(out_path, doc, j.oom))
		goto out;
	before = cJSON_GetArraySize(comps) - before;
	fprintf(stderr,
		"souptrace: init: %s: %d component%s drafted; write the TODO fields, "
		"then: souptrace lint --soup %s\n",
		out_path, before, before == 1 ? "" : "s", out_path);
	ret = EXIT_OK;
out:
	cJSON_Delete(doc);
	check_model_release(&model);
	soup_list_release(&soup);
	strvec_clear(&artifacts);
	strbuf_release(&diag);
	return ret;
}
