/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace diff [--format text|json] [--fail-on-change] [-o FILE] OLD NEW
 *
 * The components added, removed and changed (version, supplier, licence,
 * kind) between two SBOMs (CycloneDX, SPDX 2.3, SPDX 3.0.1) or soup.json
 * files, in any combination (docs/diff-format.md).
 * Exit 0: no change, or changes without --fail-on-change; 1: changes with
 * --fail-on-change; 2: bad usage or an input that cannot be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compdiff.h"
#include "complist.h"
#include "options.h"
#include "outfile.h"
#include "jout.h"
#include "banned.h"

/* s on out, control characters as '?': one line per change, whatever the input says. */
static void put(FILE *out, const char *s)
{
	for (s = s ? s : "(none)"; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
}

/* "NAME VERSION (supplier S, license L, kind K)", the parts given. */
static void describe(FILE *out, const struct complist_entry *e)
{
	const char *sep = " (";

	put(out, e->name);
	if (e->version) {
		fputc(' ', out);
		put(out, e->version);
	}
	if (e->supplier) {
		fprintf(out, "%ssupplier ", sep);
		put(out, e->supplier);
		sep = ", ";
	}
	if (e->license) {
		fprintf(out, "%slicense ", sep);
		put(out, e->license);
		sep = ", ";
	}
	if (e->kind) {
		fprintf(out, "%skind ", sep);
		put(out, e->kind);
		sep = ", ";
	}
	fputs(*sep == ',' ? ")\n" : "\n", out);
}

static const char *no_kind_side(const struct complist *old, const struct complist *new,
				const char *old_path, const char *new_path)
{
	return !old->has_kind ? old_path : !new->has_kind ? new_path : NULL;
}

static void write_text(FILE *out, const struct compdiff *d, const char *no_kind)
{
	for (size_t i = 0; i < d->nr; i++) {
		const struct compdiff_item *it = &d->items[i];

		if (it->op == COMPDIFF_ADDED || it->op == COMPDIFF_REMOVED) {
			fputs(it->op == COMPDIFF_ADDED ? "added    " : "removed  ", out);
			describe(out, compdiff_entry(it));
			continue;
		}
		for (size_t k = 0; k < it->nr_fields; k++) {
			fputs("changed  ", out);
			put(out, it->new->name);
			if (it->by_version) {
				fputc(' ', out);
				put(out, it->new->version);
			}
			fprintf(out, ": %s ", it->fields[k].field);
			put(out, it->fields[k].old);
			fputs(" -> ", out);
			put(out, it->fields[k].new);
			fputc('\n', out);
		}
	}
	if (no_kind)
		fprintf(out, "note: kind not compared (%s does not record it)\n", no_kind);
	if (!d->nr)
		fputs("no change\n", out);
	else
		fprintf(out, "%zu added, %zu removed, %zu changed\n", d->added, d->removed,
			d->changed);
}

static void component_json(struct jout *j, cJSON *arr, const struct complist_entry *e)
{
	cJSON *o = jout_obj(j, arr, NULL);

	if (!o)
		return;
	jout_str(j, o, "name", e->name);
	jout_str(j, o, "version", e->version);
	jout_str(j, o, "supplier", e->supplier);
	jout_str(j, o, "license", e->license);
	jout_str(j, o, "kind", e->kind);
}

static char *json_text(const struct compdiff *d, const char *old_path, const char *new_path,
		       const struct complist *old, const struct complist *new)
{
	struct jout j = { false };
	cJSON *root = cJSON_CreateObject(), *added, *removed, *changed, *sum;
	char *s = NULL;

	if (!root)
		return NULL;
	jout_str(&j, root, "old", old_path);
	jout_str(&j, root, "new", new_path);
	jout_str(&j, root, "old_format", complist_format_name(old->format));
	jout_str(&j, root, "new_format", complist_format_name(new->format));
	added = jout_arr(&j, root, "added");
	removed = jout_arr(&j, root, "removed");
	changed = jout_arr(&j, root, "changed");
	for (size_t i = 0; added && removed && changed && i < d->nr; i++) {
		const struct compdiff_item *it = &d->items[i];
		cJSON *c, *fields;

		if (it->op != COMPDIFF_CHANGED) {
			component_json(&j, it->op == COMPDIFF_ADDED ? added : removed,
				       compdiff_entry(it));
			continue;
		}
		if (!(c = jout_obj(&j, changed, NULL)))
			break;
		jout_str(&j, c, "name", it->new->name);
		if (it->by_version)
			jout_str(&j, c, "version", it->new->version);
		fields = jout_arr(&j, c, "changes");
		for (size_t k = 0; fields && k < it->nr_fields; k++) {
			cJSON *f = jout_obj(&j, fields, NULL);

			if (!f)
				break;
			jout_str(&j, f, "field", it->fields[k].field);
			jout_str(&j, f, "old", it->fields[k].old);
			jout_str(&j, f, "new", it->fields[k].new);
		}
	}
	if ((sum = jout_obj(&j, root, "summary"))) {
		jout_num(&j, sum, "added", (double)d->added);
		jout_num(&j, sum, "removed", (double)d->removed);
		jout_num(&j, sum, "changed", (double)d->changed);
		jout_bool(&j, sum, "kind_compared", d->kind_compared);
	}
	if (!j.oom)
		s = cJSON_Print(root);
	cJSON_Delete(root);
	return s;
}

int cmd_diff(int argc, char **argv)
{
	const char *format = "text", *out_path = NULL, *paths[2] = { NULL, NULL };
	struct complist lists[2];
	struct strbuf diag = STRBUF_INIT;
	struct compdiff d;
	bool fail_on_change = false;
	struct strvec operands = STRVEC_INIT;
	struct outfile of = OUTFILE_INIT;
	FILE *out = stdout;
	int ret = EXIT_USAGE;

	complist_init(&lists[0]);
	complist_init(&lists[1]);
	compdiff_init(&d);
	{
		static const struct command_spec command = {
			"diff", "what changed between two SBOMs or two soup.json files", "OLD NEW",
			2, 2
		};
		const struct option opts[] = {
			{ "--format", NULL, OPT_CHOICE, &format, "text|json",
			  "the output's format (default: text)", false, NULL },
			{ "--fail-on-change", NULL, OPT_FLAG, &fail_on_change, NULL,
			  "exit 1 when anything changed", false, NULL },
			OPT_OUTPUT(&out_path, "the output"),
			OPT_END,
		};

		if (!cli_parse(&command, opts, argc, argv, &operands, &ret))
			goto out;
	}
	paths[0] = operands.v[0];
	paths[1] = operands.v[1];
	for (size_t k = 0; k < 2; k++) {
		int rc = complist_load(paths[k], &lists[k], &diag);

		fputs(diag.buf, stderr); /* errors, or the warnings of a soup.json */
		strbuf_reset(&diag);
		if (rc)
			goto out;
	}
	if (compdiff_run(&d, &lists[0], &lists[1])) {
		cli_error("diff: out of memory");
		goto out;
	}
	if (outfile_open(&of, out_path, &diag)) {
		cli_error("diff: cannot write %s", diag.buf);
		goto out;
	}
	out = of.f;
	if (!strcmp(format, "json")) {
		char *s = json_text(&d, paths[0], paths[1], &lists[0], &lists[1]);

		if (!s) {
			cli_error("diff: out of memory");
			goto out;
		}
		fputs(s, out);
		fputc('\n', out);
		free(s);
	} else {
		write_text(out, &d,
			   d.kind_compared
				   ? NULL
				   : no_kind_side(&lists[0], &lists[1], paths[0], paths[1]));
	}
	ret = d.nr && fail_on_change ? EXIT_FINDINGS : EXIT_OK;
out:
	if (ret == EXIT_USAGE) {
		outfile_abort(&of);
	} else if (strbuf_reset(&diag), outfile_commit(&of, &diag)) {
		cli_error("diff: cannot write %s", diag.buf);
		ret = EXIT_USAGE;
	}
	compdiff_release(&d);
	complist_release(&lists[0]);
	complist_release(&lists[1]);
	strbuf_release(&diag);
	strvec_clear(&operands);
	return ret;
}
