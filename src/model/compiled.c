/* SPDX-License-Identifier: Apache-2.0 */
/* Whether lines of a file were compiled by the recorded compiles that used it (compiled.h). */
#include "compiled.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pathutil.h"
#include "preproc.h"
#include "strmap.h"
#include "tool.h"
#include "banned.h"

/* Largest file whose lines are mapped (a fingerprint scans at most 16 MiB). */
#define COMPILED_MAX_FILE ((size_t)64 << 20)

struct use { /* one file and the compiles that used it */
	char *path;
	const struct trace_record **recs;
	size_t nr, alloc;
	struct strbuf text;
	int read; /* 0: not yet, 1: read, -1: unreadable */
};

struct pp_entry {  /* one preprocessing run of one compile, for one file */
	char *key; /* "ID\nPATH" */
	int rc;
	struct preproc_lines lines;
	char *err;
};

struct compiled {
	unsigned timeout_ms;
	size_t max_compiles;
	struct strmap paths; /* path -> uses[] */
	struct use **uses;
	size_t nr, alloc;
	struct strmap cache; /* key -> entries[] */
	struct pp_entry **entries;
	size_t nr_entries, alloc_entries;
};

struct compiled *compiled_new(unsigned timeout_ms, size_t max_compiles)
{
	struct compiled *cc = xcalloc(1, sizeof(*cc));

	cc->timeout_ms = timeout_ms;
	cc->max_compiles = max_compiles ? max_compiles : 1;
	return cc;
}

void compiled_free(struct compiled *cc)
{
	if (!cc)
		return;
	for (size_t i = 0; i < cc->nr; i++) {
		free(cc->uses[i]->path);
		free(cc->uses[i]->recs);
		strbuf_release(&cc->uses[i]->text);
		free(cc->uses[i]);
	}
	for (size_t i = 0; i < cc->nr_entries; i++) {
		free(cc->entries[i]->key);
		free(cc->entries[i]->err);
		preproc_lines_release(&cc->entries[i]->lines);
		free(cc->entries[i]);
	}
	free(cc->uses);
	free(cc->entries);
	strmap_release(&cc->paths);
	strmap_release(&cc->cache);
	free(cc);
}

int compiled_add(struct compiled *cc, const char *path, const struct trace_record *r)
{
	struct strmap_slot *s = strmap_find(&cc->paths, path);
	struct use *u;
	bool is_new;

	if (!s) {
		u = xcalloc(1, sizeof(*u));
		u->path = xstrdup(path);
		strbuf_init(&u->text);
		ALLOC_GROW(cc->uses, cc->nr + 1, cc->alloc);
		cc->uses[cc->nr] = u;
		if (!(s = strmap_put(&cc->paths, u->path, cc->nr++, &is_new)))
			return -1;
	}
	u = cc->uses[s->val];
	for (size_t i = 0; i < u->nr; i++)
		if (u->recs[i] == r)
			return 0;
	ALLOC_GROW(u->recs, u->nr + 1, u->alloc);
	u->recs[u->nr++] = r;
	return 0;
}

/* The compiler and arguments of r; a launcher (ccache gcc ...) is left out. */
static void command_of(const struct trace_record *r, struct strvec *args,
		       struct preproc_command *cmd)
{
	const struct strvec *a = r->expanded_args.nr ? &r->expanded_args : &r->args;
	size_t skip = 0;

	cmd->program = r->program;
	if (tool_is_launcher(path_basename(r->program)) && a->nr && a->v[0][0] != '-') {
		cmd->program = a->v[0];
		skip = 1;
	}
	for (size_t i = skip; i < a->nr; i++)
		strvec_push(args, a->v[i]);
	cmd->args = args;
	cmd->cwd = r->cwd;
}

/* The preprocessing of u's file as r compiled it: run once, then remembered. */
static const struct pp_entry *preprocessed(struct compiled *cc, struct use *u,
					   const struct trace_record *r)
{
	struct strbuf key = STRBUF_INIT, err = STRBUF_INIT;
	struct strvec args = STRVEC_INIT;
	struct preproc_command cmd;
	struct strmap_slot *s;
	struct pp_entry *e;
	bool is_new;

	strbuf_addf(&key, "%s\n%s", r->id, u->path);
	if ((s = strmap_find(&cc->cache, key.buf))) {
		strbuf_release(&key);
		return cc->entries[s->val];
	}
	e = xcalloc(1, sizeof(*e));
	e->key = strbuf_detach(&key, NULL);
	preproc_lines_init(&e->lines);
	if (!u->read)
		u->read = strbuf_read_prefix(&u->text, u->path, COMPILED_MAX_FILE, NULL) ? -1 : 1;
	command_of(r, &args, &cmd);
	if (u->read < 0) {
		strbuf_addstr(&err, "the file cannot be read");
		e->rc = -1;
	} else {
		e->rc = preproc_live_lines(&cmd, u->path, u->text.buf, u->text.len, cc->timeout_ms,
					   &e->lines, &err);
	}
	if (e->rc)
		e->err = strbuf_detach(&err, NULL);
	ALLOC_GROW(cc->entries, cc->nr_entries + 1, cc->alloc_entries);
	cc->entries[cc->nr_entries] = e;
	strmap_put(&cc->cache, e->key, cc->nr_entries++, &is_new);
	strvec_clear(&args);
	strbuf_release(&err);
	return e;
}

/* "line 12 is" / "lines 12, 14 are" */
static void add_lines(struct strbuf *sb, const size_t *lines, size_t nr)
{
	strbuf_addstr(sb, nr == 1 ? "line " : "lines ");
	for (size_t i = 0; i < nr; i++)
		strbuf_addf(sb, "%s%zu", i ? ", " : "", lines[i]);
	strbuf_addstr(sb, nr == 1 ? " is" : " are");
}

enum compiled_verdict compiled_lines(struct compiled *cc, const char *path, const size_t *lines,
				     size_t nr, struct strbuf *why)
{
	struct strmap_slot *s = strmap_find(&cc->paths, path);
	struct use *u = s ? cc->uses[s->val] : NULL;
	const struct trace_record *dead_in = NULL, *failed = NULL;
	const char *failure = NULL;
	size_t tried = 0, dead = 0;

	if (!u || !u->nr) {
		strbuf_addstr(why, "not confirmed as compiled: no recorded compile used the file");
		return COMPILED_UNCONFIRMED;
	}
	for (size_t i = 0; i < u->nr && tried < cc->max_compiles; i++, tried++) {
		const struct pp_entry *e = preprocessed(cc, u, u->recs[i]);

		if (e->rc) {
			if (!failed) {
				failed = u->recs[i];
				failure = e->err;
			}
			continue;
		}
		for (size_t k = 0; k < nr; k++) {
			if (lines[k] >= 1 && lines[k] <= e->lines.nr_lines &&
			    e->lines.live[lines[k]]) {
				add_lines(why, &lines[k], 1);
				strbuf_addf(why,
					    " compiled: preprocessed with the flags of compile %s",
					    u->recs[i]->id);
				return COMPILED_YES;
			}
		}
		dead++;
		if (!dead_in)
			dead_in = u->recs[i];
	}
	if (dead == u->nr) {
		add_lines(why, lines, nr);
		strbuf_addf(why,
			    " not compiled: the preprocessor skips %s with the flags of compile %s",
			    nr == 1 ? "it" : "them", dead_in->id);
		if (dead > 1)
			strbuf_addf(why, " and of the %zu other compiles that use the file",
				    dead - 1);
		return COMPILED_NO;
	}
	if (failed)
		strbuf_addf(why,
			    "not confirmed as compiled: preprocessing with the flags of compile "
			    "%s: %s",
			    failed->id, failure);
	else
		strbuf_addf(why,
			    "not confirmed as compiled: skipped by the %zu compiles preprocessed, "
			    "%zu more not tried",
			    tried, u->nr - tried);
	return COMPILED_UNCONFIRMED;
}
