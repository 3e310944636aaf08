/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The record of one step (docs/trace-format.md): a small JSON writer, then
 * the step's files, link, archive and the whole record, written atomically
 * into the trace by trace_dir.c.
 */
#include "wrapper_internal.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json_writer.h"
#include "trace_dir.h"
#include "banned.h"

struct json {
	struct strbuf sb;
	bool first; /* no member written yet at this level */
	bool lossy;
	bool oom;
};

static void j_raw(struct json *j, const char *s)
{
	if (strbuf_addstr(&j->sb, s))
		j->oom = true;
}

static void j_sep(struct json *j)
{
	if (!j->first)
		j_raw(j, ",");
	j->first = false;
}

static void j_key(struct json *j, const char *key)
{
	j_sep(j);
	if (json_add_cstr(&j->sb, key, NULL) || strbuf_addch(&j->sb, ':'))
		j->oom = true;
}

static void j_str(struct json *j, const char *s)
{
	if (json_add_cstr(&j->sb, s, &j->lossy))
		j->oom = true;
}

static void j_kstr(struct json *j, const char *key, const char *s)
{
	j_key(j, key);
	j_str(j, s);
}

static void j_knum(struct json *j, const char *key, long long v)
{
	j_key(j, key);
	if (strbuf_addf(&j->sb, "%lld", v))
		j->oom = true;
}

/*
 * A nanosecond count as a string of decimal digits: a JSON number above 2^53
 * loses its last digits in most readers (cJSON, jq, JavaScript read numbers
 * as doubles), and these are compared exactly. The proto3 JSON mapping
 * writes 64-bit integers as strings for the same reason.
 */
static void j_kns(struct json *j, const char *key, long long v)
{
	j_key(j, key);
	if (strbuf_addf(&j->sb, "\"%lld\"", v))
		j->oom = true;
}

static void j_kbool(struct json *j, const char *key, bool v)
{
	j_key(j, key);
	j_raw(j, v ? "true" : "false");
}

static void j_open(struct json *j, const char *key, const char *brace)
{
	if (key)
		j_key(j, key);
	else
		j_sep(j);
	j_raw(j, brace);
	j->first = true;
}

static void j_close(struct json *j, const char *brace)
{
	j_raw(j, brace);
	j->first = false;
}

static void j_karr(struct json *j, const char *key, const char *const *v, size_t nr)
{
	j_open(j, key, "[");
	for (size_t i = 0; i < nr; i++) {
		j_sep(j);
		j_str(j, v[i]);
	}
	j_close(j, "]");
}

/* The record's inputs, outputs and what the step wrote. */
static void write_files(struct json *j, const struct cmdline *cl, const struct file_id *written)
{
	j_open(j, "inputs", "[");
	for (size_t i = 0; i < cl->nr_inputs; i++) {
		j_open(j, NULL, "{");
		j_kstr(j, "path", cl->inputs[i].path);
		j_kstr(j, "type", input_type_name(cl->inputs[i].type));
		if (cl->inputs[i].language)
			j_kstr(j, "language", cl->inputs[i].language);
		j_close(j, "}");
	}
	j_close(j, "]");
	j_karr(j, "outputs", cl->outputs.v, cl->outputs.nr);
	if (written) {
		/* what the step wrote, so that a reader can tell whether the file on
		 * disk is still this step's output (docs/trace-format.md) */
		j_open(j, "written", "[");
		for (size_t i = 0; i < cl->outputs.nr; i++) {
			if (written[i].size < 0)
				continue;
			j_open(j, NULL, "{");
			j_kstr(j, "path", cl->outputs.v[i]);
			j_knum(j, "size", written[i].size);
			j_kns(j, "mtime_ns", written[i].mtime_ns);
			j_kstr(j, "sha256", written[i].sha256);
			if (written[i].build_id[0])
				j_kstr(j, "build_id", written[i].build_id);
			if (written[i].load_sha256[0])
				j_kstr(j, "load_sha256", written[i].load_sha256);
			j_close(j, "}");
		}
		j_close(j, "]");
	}
}

/* A link's linker and the reports it wrote (link/<id>.<kind>). */
static void write_link(struct json *j, const struct invocation *inv, const struct cmdline *cl,
		       const struct link_report *rep)
{
	j_open(j, "link", "{");
	j_kstr(j, "linker", linker_flavor_name(cl->linker));
	if (cl->static_link)
		j_kbool(j, "static", true);
	if (cl->no_stdlib)
		j_kbool(j, "nostdlib", true);
	j_open(j, "reports", "{");
	for (int k = 0; k < NR_REPORTS; k++) {
		struct strbuf rel = STRBUF_INIT;

		if (!rep[k].tmp.len)
			continue;
		strbuf_addf(&rel, "link/%s.%s", inv->id, report_kind[k]);
		j_kstr(j, report_kind[k], rel.buf);
		strbuf_release(&rel);
	}
	j_close(j, "}");
	if (cl->user_map)
		j_kstr(j, "user_map", cl->user_map);
	j_close(j, "}");
}

/* An archive step: the archive and its members afterwards. */
static void write_archive(struct json *j, const struct cmdline *cl, const struct strvec *members,
			  bool thin)
{
	char op[2] = { cl->ar_operation, '\0' };

	j_open(j, "archive", "{");
	j_kstr(j, "path", cl->archive);
	j_kstr(j, "operation", op);
	j_kbool(j, "thin", thin);
	j_karr(j, "members_after", members->v, members->nr);
	j_close(j, "}");
}

void write_record(struct invocation *inv, struct cmdline *cl, int status,
		  const struct strvec *expanded, const struct strvec *rsp_files,
		  const char *dep_origin, const struct strvec *deps, struct link_report *rep,
		  const struct strvec *members, bool thin, const struct file_id *written)
{
	struct json j = { STRBUF_INIT, true, false, false };
	char cwd[4096];

	if (!getcwd(cwd, sizeof(cwd))) {
		incomplete(inv, "cannot read the current directory: %s", strerror(errno));
		cwd[0] = '\0';
	}
	j_open(&j, NULL, "{");
	j_kstr(&j, "format", "souptrace-trace");
	j_knum(&j, "version", 2);
	j_kstr(&j, "id", inv->id);
	j_kstr(&j, "tool", tool_kind_name(inv->kind));
	j_kstr(&j, "program", inv->program.buf);
	j_kstr(&j, "program_name", inv->program_name);
	if (inv->launchers.nr || inv->compiler_name) {
		j_karr(&j, "launchers", inv->launchers.v, inv->launchers.nr);
		if (inv->compiler_name)
			j_kstr(&j, "compiler_name", inv->compiler_name);
	}
	j_kstr(&j, "mode", cmd_mode_name(cl->mode));
	j_kstr(&j, "cwd", cwd);
	j_karr(&j, "args", inv->args, inv->nr_args);
	if (rsp_files->nr) {
		j_karr(&j, "response_files", rsp_files->v, rsp_files->nr);
		j_karr(&j, "expanded_args", expanded->v, expanded->nr);
	}
	j_karr(&j, "injected", inv->injected.v, inv->injected.nr);
	j_kns(&j, "start_ns", inv->start_ns);
	j_kns(&j, "end_ns", inv->end_ns);
	j_knum(&j, "pid", (long long)getpid());
	{
		/* which machine: traces of several hosts can be merged */
		char host[256];

		if (!gethostname(host, sizeof(host))) {
			host[sizeof(host) - 1] = '\0';
			j_kstr(&j, "host", host);
		}
	}
	if (WIFSIGNALED(status)) {
		j_key(&j, "exit_status");
		j_raw(&j, "null");
		j_knum(&j, "signal", WTERMSIG(status));
	} else {
		j_knum(&j, "exit_status", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}

	write_files(&j, cl, written);
	if (cl->libs.nr || cl->libdirs.nr) {
		j_karr(&j, "libraries", cl->libs.v, cl->libs.nr);
		j_karr(&j, "library_dirs", cl->libdirs.v, cl->libdirs.nr);
	}
	if (cl->scripts.nr)
		j_karr(&j, "linker_scripts", cl->scripts.v, cl->scripts.nr);

	if (dep_origin) {
		j_open(&j, "dependencies", "{");
		j_kstr(&j, "origin", dep_origin);
		j_kbool(&j, "system_headers", !cl->user_deps || cl->user_deps_system);
		j_karr(&j, "files", deps->v, deps->nr);
		j_close(&j, "}");
	}
	if (is_link(cl->mode))
		write_link(&j, inv, cl, rep);
	if (cl->mode == MODE_ARCHIVE)
		write_archive(&j, cl, members, thin);
	j_karr(&j, "incomplete", inv->incomplete.v, inv->incomplete.nr);
	if (j.lossy)
		j_kbool(&j, "non_utf8", true);
	j_close(&j, "}");
	j_raw(&j, "\n");

	if (j.oom) {
		trace_dir_mark_incomplete(inv->trace.buf, inv->id,
					  "out of memory writing the record");
	} else if (trace_dir_write_record(inv->trace.buf, inv->id, j.sb.buf, j.sb.len)) {
		struct strbuf why = STRBUF_INIT;

		strbuf_addf(&why, "cannot write the record: %s", strerror(errno));
		trace_dir_mark_incomplete(inv->trace.buf, inv->id, why.buf);
		strbuf_release(&why);
	}
	if (inv->incomplete.nr)
		trace_dir_mark_incomplete(inv->trace.buf, inv->id, inv->incomplete.v[0]);
	strbuf_release(&j.sb);
}
