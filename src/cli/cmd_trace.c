/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace trace [--trace DIR] [--format text|json] [-o FILE] [--artifact FILE]
 *
 * Shows the recorded build: every step with its inputs and outputs, the
 * headers each compile read, and for each link the inputs the linker
 * really used (from its map and side reports), with the symbol that pulled
 * in each archive member.
 */
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "jout.h"
#include "closure.h"
#include "linkmap.h"
#include "options.h"
#include "outfile.h"
#include "trace.h"
#include "trace_dir.h"
#include "textesc.h"
#include "banned.h"

static const char *input_kind_name(enum linkmap_input_kind k)
{
	switch (k) {
	case LINKMAP_OBJECT:
		return "object";
	case LINKMAP_ARCHIVE_MEMBER:
		return "archive-member";
	case LINKMAP_SHARED:
		return "shared-library";
	case LINKMAP_ARCHIVE:
		return "archive";
	case LINKMAP_SCRIPT_OR_OTHER:
		return "other";
	}
	return "other";
}

static void link_json(struct jout *c, cJSON *rec, const struct trace_record *r)
{
	struct linkmap lm = LINKMAP_INIT;
	struct strbuf err = STRBUF_INIT;
	cJSON *link = jout_obj(c, rec, "link"), *inputs;

	if (!link)
		return;
	jout_str(c, link, "linker", r->linker);
	if (trace_load_link_evidence(r, &lm, &err)) {
		jout_str(c, link, "error", err.buf);
		goto out;
	}
	if (!r->report[0] && !r->report[1] && !r->report[3]) {
		jout_str(c, link, "error", "no link map was recorded");
		goto out;
	}
	jout_str(c, link, "map_flavor", linkmap_flavor_name(lm.flavor));
	inputs = cJSON_AddArrayToObject(link, "inputs");
	if (!inputs) {
		c->oom = true;
		goto out;
	}
	for (size_t i = 0; i < lm.nr; i++) {
		const struct linkmap_input *in = &lm.inputs[i];
		cJSON *o = jout_obj(c, inputs, NULL);
		char *abs;

		if (!o)
			break;
		jout_str(c, o, "kind", input_kind_name(in->kind));
		abs = trace_abs_path(r->cwd, in->path);
		jout_str(c, o, "path", abs ? abs : in->path);
		free(abs);
		if (in->member)
			jout_str(c, o, "member", in->member);
		if (in->ref_file || in->ref_symbol) {
			cJSON *why = jout_obj(c, o, "reason");

			if (why) {
				abs = in->ref_file ? trace_abs_path(r->cwd, in->ref_file) : NULL;
				jout_str(c, why, "file", abs ? abs : in->ref_file);
				free(abs);
				jout_str(c, why, "symbol", in->ref_symbol);
			}
		}
	}
out:
	linkmap_release(&lm);
	strbuf_release(&err);
}

static cJSON *trace_json(const struct trace *t, struct jout *c)
{
	cJSON *root = cJSON_CreateObject(), *recs;

	if (!root) {
		c->oom = true;
		return NULL;
	}
	jout_str(c, root, "trace", t->dir);
	jout_strs(c, root, "incomplete", &t->incomplete);
	jout_num(c, root, "unreadable_records", (double)t->unreadable);
	recs = cJSON_AddArrayToObject(root, "records");
	if (!recs) {
		c->oom = true;
		return root;
	}
	for (size_t i = 0; i < t->nr; i++) {
		const struct trace_record *r = &t->records[i];
		cJSON *o = jout_obj(c, recs, NULL), *ins;

		if (!o)
			break;
		jout_str(c, o, "id", r->id);
		jout_str(c, o, "tool", r->tool);
		jout_str(c, o, "mode", r->mode);
		jout_str(c, o, "program", r->program);
		jout_str(c, o, "cwd", r->cwd);
		jout_strs(c, o, "args", &r->args);
		if (r->exit_status >= 0)
			jout_num(c, o, "exit_status", r->exit_status);
		else
			jout_num(c, o, "signal", r->signal);
		ins = jout_arr(c, o, "inputs");
		for (size_t k = 0; ins && k < r->nr_inputs; k++) {
			cJSON *in = jout_obj(c, ins, NULL);

			if (!in)
				break;
			jout_str(c, in, "path", r->inputs[k].abs);
			jout_str(c, in, "type", r->inputs[k].type);
		}
		jout_strs(c, o, "outputs", &r->outputs_abs);
		if (r->libs.nr)
			jout_strs(c, o, "libraries", &r->libs);
		if (r->scripts.nr)
			jout_strs(c, o, "linker_scripts", &r->scripts);
		if (r->deps_origin) {
			cJSON *d = jout_obj(c, o, "dependencies");

			if (d) {
				jout_str(c, d, "origin", r->deps_origin);
				jout_bool(c, d, "system_headers", r->deps_system_headers);
				jout_strs(c, d, "files", &r->deps_abs);
			}
		}
		if (r->linker)
			link_json(c, o, r);
		if (r->archive) {
			cJSON *a = jout_obj(c, o, "archive");

			if (a) {
				jout_str(c, a, "path", r->archive_abs);
				jout_str(c, a, "operation", r->ar_operation);
				jout_strs(c, a, "members_after", &r->members_after);
			}
		}
		jout_strs(c, o, "incomplete", &r->incomplete);
	}
	return root;
}

static void print_text(FILE *f, const struct trace *t)
{
	fprintf(f, "trace %s: %zu records\n", term_text(t->dir), t->nr);
	for (size_t i = 0; i < t->nr; i++) {
		const struct trace_record *r = &t->records[i];

		fprintf(f, "\n[%s] %s", term_text(r->mode),
			term_text(r->outputs.nr ? r->outputs_abs.v[0] : "(stdout)"));
		if (r->exit_status != 0)
			fprintf(f, "  (failed: %s %d)", r->exit_status < 0 ? "signal" : "exit",
				r->exit_status < 0 ? r->signal : r->exit_status);
		fputc('\n', f);
		fprintf(f, "  tool     %s (%s) in %s\n", term_text(r->program), term_text(r->tool),
			term_text(r->cwd));
		for (size_t k = 0; k < r->nr_inputs; k++)
			fprintf(f, "  input    %-14s %s\n", term_text(r->inputs[k].type),
				term_text(r->inputs[k].abs));
		for (size_t k = 0; k < r->libs.nr; k++)
			fprintf(f, "  library  -l%s\n", term_text(r->libs.v[k]));
		if (r->deps_origin)
			fprintf(f, "  headers  %zu files (%s dependency output%s)\n",
				r->deps_abs.nr, term_text(r->deps_origin),
				r->deps_system_headers ? "" : ", no system headers");
		if (r->linker) {
			struct linkmap lm = LINKMAP_INIT;
			struct strbuf err = STRBUF_INIT;

			if (trace_load_link_evidence(r, &lm, &err)) {
				fprintf(f, "  linked   (link reports unreadable: %s)\n",
					term_text(err.buf));
			} else {
				for (size_t k = 0; k < lm.nr; k++) {
					const struct linkmap_input *in = &lm.inputs[k];
					char *abs = trace_abs_path(r->cwd, in->path);

					fprintf(f, "  linked   %-14s %s", input_kind_name(in->kind),
						term_text(abs ? abs : in->path));
					free(abs);
					if (in->member)
						fprintf(f, "(%s)", term_text(in->member));
					if (in->ref_symbol) {
						abs = in->ref_file
							      ? trace_abs_path(r->cwd, in->ref_file)
							      : NULL;
						fprintf(f, "  <- %s (%s)",
							term_text(abs		 ? abs
								  : in->ref_file ? in->ref_file
										 : "?"),
							term_text(in->ref_symbol));
						free(abs);
					}
					fputc('\n', f);
				}
			}
			linkmap_release(&lm);
			strbuf_release(&err);
		}
		if (r->archive)
			for (size_t k = 0; k < r->members_after.nr; k++)
				fprintf(f, "  member   %s\n", term_text(r->members_after.v[k]));
		for (size_t k = 0; k < r->incomplete.nr; k++)
			fprintf(f, "  INCOMPLETE %s\n", term_text(r->incomplete.v[k]));
	}
	if (t->incomplete.nr) {
		fprintf(f, "\nThe trace is incomplete; steps that could not be recorded:\n");
		for (size_t k = 0; k < t->incomplete.nr; k++)
			fprintf(f, "  %s\n", term_text(t->incomplete.v[k]));
	}
}

/* --artifact: what reaches one artifact, with the evidence for each file. */
static int print_closure(FILE *f, const struct trace *t, const char *artifact, bool json)
{
	struct closure c;
	struct strbuf err = STRBUF_INIT;
	int rc, ret = EXIT_USAGE;

	closure_init(&c);
	rc = closure_compute(t, artifact, &c, &err);
	if (rc < 0) {
		cli_error("trace: %s", err.buf);
		goto out;
	}
	if (rc == 1) {
		cli_error("trace: %s: no link step in the trace wrote this file (was it built "
			  "through the souptrace wrappers?)",
			  c.artifact);
		ret = EXIT_FINDINGS;
		goto out;
	}
	if (json) {
		struct jout jc = { false };
		cJSON *root = cJSON_CreateObject(), *files;
		char *s;

		if (!root)
			goto oom;
		jout_str(&jc, root, "artifact", c.artifact);
		jout_str(&jc, root, "link_record", c.link ? c.link->id : NULL);
		if (c.archive)
			jout_bool(&jc, root, "static_library", true);
		files = cJSON_AddArrayToObject(root, "files");
		for (size_t i = 0; files && i < c.nr; i++) {
			cJSON *o = jout_obj(&jc, files, NULL);

			if (!o)
				break;
			jout_str(&jc, o, "path", c.files[i].path);
			if (c.files[i].member)
				jout_str(&jc, o, "member", c.files[i].member);
			jout_str(&jc, o, "kind", closure_kind_name(c.files[i].kind));
			jout_str(&jc, o, "linkage", c.files[i].static_link ? "static" : "dynamic");
			jout_str(&jc, o, "evidence", c.files[i].evidence);
			if (c.files[i].record)
				jout_str(&jc, o, "record", c.files[i].record);
			if (c.files[i].empty)
				jout_bool(&jc, o, "no_code", true);
			if (c.files[i].unproduced)
				jout_bool(&jc, o, "unproduced", true);
		}
		if (!files)
			jc.oom = true;
		jout_str(&jc, root, "identity", c.identity);
		jout_str(&jc, root, "stale", c.stale);
		jout_strs(&jc, root, "problems", &c.problems);
		s = jc.oom ? NULL : cJSON_Print(root);
		cJSON_Delete(root);
		if (!s)
			goto oom;
		fputs(s, f);
		fputc('\n', f);
		free(s);
	} else {
		if (c.archive)
			fprintf(f, "%s: a static library, %zu files in it (%s%s)\n",
				term_text(c.artifact), c.nr,
				c.link ? "ar step " : "made by an ar the wrappers did not see",
				c.link ? term_text(c.link->id) : "");
		else
			fprintf(f, "%s: %zu files reach it (link step %s)\n", term_text(c.artifact),
				c.nr, term_text(c.link->id));
		for (size_t i = 0; i < c.nr; i++) {
			fprintf(f, "  %-14s %s", closure_kind_name(c.files[i].kind),
				term_text(c.files[i].path));
			if (c.files[i].member)
				fprintf(f, "(%s)", term_text(c.files[i].member));
			fprintf(f, "%s%s\n      %s\n",
				c.files[i].empty ? "  [no code: adds nothing to the artifact]" : "",
				c.files[i].unproduced ? "  [no recorded step produced it]" : "",
				term_text(c.files[i].evidence));
		}
		if (c.identity)
			fprintf(f, "  IDENTITY %s\n", term_text(c.identity));
		if (c.stale)
			fprintf(f, "  STALE %s\n", term_text(c.stale));
		for (size_t i = 0; i < c.problems.nr; i++)
			fprintf(f, "  PROBLEM %s\n", term_text(c.problems.v[i]));
	}
	ret = EXIT_OK;
	goto out;
oom:
	cli_error("trace: out of memory");
out:
	closure_release(&c);
	strbuf_release(&err);
	return ret;
}

int cmd_trace(int argc, char **argv)
{
	const char *dir = NULL, *format = "text", *out_path = NULL, *artifact = NULL;
	struct strbuf found = STRBUF_INIT, err = STRBUF_INIT;
	struct trace t;
	struct strvec operands = STRVEC_INIT;
	struct outfile of = OUTFILE_INIT;
	FILE *out = stdout;
	bool written = false;
	int ret = EXIT_USAGE;

	if (argc > 1 && !strcmp(argv[1], "merge"))
		return cmd_trace_merge(argc - 1, argv + 1);
	trace_init(&t);
	{
		static const struct command_spec command = {
			"trace",
			"show what the wrappers recorded (text or JSON); "
			"`trace merge` brings traces together",
			NULL, 0, 0
		};
		const struct option opts[] = {
			{ "--trace", NULL, OPT_STRING, &dir, "DIR",
			  "the trace (default: $SOUPTRACE_DIR, else the nearest .souptrace above)",
			  false, NULL },
			{ "--format", NULL, OPT_CHOICE, &format, "text|json",
			  "the output's format (default: text)", false, NULL },
			{ "--artifact", NULL, OPT_STRING, &artifact, "FILE",
			  "only what reaches FILE (its closure), with the evidence", false, NULL },
			OPT_OUTPUT(&out_path, "the output"),
			OPT_END,
		};

		if (!cli_parse(&command, opts, argc, argv, &operands, &ret))
			goto out;
	}
	if (operands.nr) {
		cli_error("trace: unknown argument '%s' (see souptrace trace --help)",
			  operands.v[0]);
		goto out;
	}
	if (!dir && artifact && !(getenv("SOUPTRACE_DIR") && *getenv("SOUPTRACE_DIR"))) {
		/* as check: the trace above the artifact's folder, then the current directory's */
		char folder[PATH_MAX];
		const char *slash = strrchr(artifact, '/');
		struct strbuf d = STRBUF_INIT;

		strbuf_add(&d, artifact,
			   slash ? (size_t)(slash - artifact) + (slash == artifact) : 0);
		if (realpath(d.len ? d.buf : ".", folder) && !trace_dir_find_above(&found, folder))
			dir = found.buf;
		else if (trace_dir_refusal()) {
			cli_error("trace: not using the trace directory %s: make it yours and not "
				  "writable by others, or pass --trace DIR",
				  trace_dir_refusal());
			strbuf_release(&d);
			goto out;
		}
		strbuf_release(&d);
	}
	if (!dir) {
		if (trace_dir_find(&found)) {
			if (trace_dir_refusal())
				cli_error("trace: not using the trace directory %s: make it yours "
					  "and not writable by others, or pass --trace DIR",
					  trace_dir_refusal());
			else
				cli_error(
					"trace: no trace directory: set SOUPTRACE_DIR or create "
					".souptrace/ at the top of the build, or pass --trace DIR");
			goto out;
		}
		dir = found.buf;
	}
	if (trace_load(&t, dir, &err)) {
		cli_error("%s", err.buf);
		goto out;
	}
	if (err.len)
		fprintf(stderr, "souptrace: some records are unreadable:\n%s", err.buf);
	strbuf_reset(&err);
	if (outfile_open(&of, out_path, &err)) {
		cli_error("trace: cannot write %s", err.buf);
		goto out;
	}
	out = of.f;
	if (artifact) {
		ret = print_closure(out, &t, artifact, !strcmp(format, "json"));
		written = ret != EXIT_USAGE;
		if (ret == EXIT_OK && t.unreadable)
			ret = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(format, "json")) {
		struct jout c = { false };
		cJSON *root = trace_json(&t, &c);
		char *s = root && !c.oom ? cJSON_Print(root) : NULL;

		cJSON_Delete(root);
		if (!s) {
			cli_error("trace: out of memory");
			goto out;
		}
		fputs(s, out);
		fputc('\n', out);
		free(s);
	} else {
		print_text(out, &t);
	}
	ret = t.unreadable ? EXIT_USAGE : EXIT_OK;
	written = true;
out:
	if (!written) {
		outfile_abort(&of);
	} else if (strbuf_reset(&err), outfile_commit(&of, &err)) {
		cli_error("trace: cannot write %s", err.buf);
		ret = EXIT_USAGE;
	}
	trace_release(&t);
	strbuf_release(&found);
	strbuf_release(&err);
	strvec_clear(&operands);
	return ret;
}
