/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The engine's provenance step (engine.h): the first-party-looking files
 * of every artifact judged at once by their notices and fingerprints
 * (provenance.h), and each group of third-party code found there made a
 * component of the artifacts it reaches.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "compiled.h"
#include "engine.h"
#include "pathutil.h"
#include "strmap.h"
#include "textesc.h"
#include "banned.h"

/*
 * Third-party code among the first-party-looking files (issue 7): each
 * group the provenance analysis finds becomes a component, declared when
 * soup.json names it (its match.paths already claimed the files, so here
 * only by name).
 */
int engine_provenance_findings(struct artifact_state *st)
{
	struct check *c = st->c;
	struct strmap here = STRMAP_INIT; /* this artifact's first-party files -> index */
	int ret = 0;

	if (strmap_reserve(&here, st->a.fp_paths.nr))
		goto oom;
	for (size_t i = 0; i < st->a.fp_paths.nr; i++) {
		bool is_new;

		if (!strmap_put(&here, st->a.fp_paths.v[i], i, &is_new))
			goto oom;
	}
	for (size_t i = 0; i < c->prov_res.nr; i++) {
		const struct prov_group *g = &c->prov_res.groups[i];
		bool fp = g->how == PROV_FINGERPRINT, reaches = false;
		struct strbuf where = STRBUF_INIT, name = STRBUF_INIT;
		size_t how;
		long d;
		struct found *f;

		for (size_t k = 0; k < g->files.nr && !reaches; k++)
			reaches = strmap_find(&here, g->files.v[k]) != NULL;
		if (!reaches)
			continue; /* its files are in other artifacts */
		/*
		 * Declared by its name (an entry without match rules); an entry of
		 * that name with rules that missed these files, or another
		 * component of that name here (the zlib package), is something
		 * else: this is the copy in the tree.
		 */
		d = attr_declared_for(&c->rules, "", NULL, NULL, g->name, &how);
		strbuf_addstr(&name, g->name);
		if (d < 0) {
			bool clash = false;

			for (size_t k = 0; k < c->soup.nr_components && !clash; k++)
				clash = !strcasecmp(c->soup.components[k].name, g->name);
			for (size_t k = 0; k < st->a.nr && !clash; k++)
				clash = !strcasecmp(st->a.found[k].name, g->name) &&
					st->a.found[k].natural != ORIG_NOTICE &&
					st->a.found[k].natural != ORIG_FINGERPRINT;
			if (clash) {
				const char *rel = attr_under_root(&c->rules, g->files.v[0]);
				const char *file = rel ? rel : g->files.v[0];

				if (path_basename(file) > file) /* "zlib (copy in src/util)" */
					strbuf_addf(&name, " (copy in %.*s)",
						    (int)(path_basename(file) - file - 1), file);
				else /* at the top of the tree: the file */
					strbuf_addf(&name, " (copy in %s)", file);
			}
		}
		f = attr_component(&st->a, name.buf, fp ? ORIG_FINGERPRINT : ORIG_NOTICE, d);
		strbuf_release(&name);
		if (!f) {
			strbuf_release(&where);
			goto oom;
		}
		strbuf_addf(&where, "%s %s", fp ? "fingerprint" : "notice", g->why);
		attr_set_once(&f->where, where.buf);
		/*
		 * a fingerprint in code confirmed as compiled is worth more than a
		 * notice naming the same component; unconfirmed, it is worth as much
		 */
		if (fp && !g->unconfirmed)
			f->confidence = "high";
		else if (!f->nr_files)
			f->confidence = "medium";
		if (g->version && !f->version) {
			f->version = strdup(g->version);
			attr_set_once(&f->version_from, g->why);
		}
		attr_set_once(&f->supplier_found, g->supplier);
		attr_set_once(&f->license_found, g->license);
		attr_set_once(&f->purl_found, g->purl);
		attr_set_once(&f->cpe_found, g->cpe);
		for (size_t k = 0; k < g->files.nr; k++) {
			struct strmap_slot *at = strmap_find(&here, g->files.v[k]);
			struct strbuf ev = STRBUF_INIT;
			/* only read: add_file copies */
			struct found_file in = { .path = (char *)g->files.v[k],
						 .static_link = true,
						 .technique = c->binary_evidence
								      ? "binary-analysis"
								      : "instrumentation" };

			if (!at)
				continue;
			strbuf_addf(&ev, "%s; %s", st->a.fp_evidence.v[at->val], g->notes.v[k]);
			in.evidence = ev.buf;
			strbuf_reset(&where);
			strbuf_addf(&where, "%s: %s", g->files.v[k], ev.buf);
			strvec_push(&f->evidence, where.buf);
			if (attr_add_file(f, &in))
				ret = -1;
			strbuf_release(&ev);
		}
		strbuf_release(&where);
		if (ret)
			goto oom;
	}
	strmap_release(&here);
	return 0;
oom:
	engine_error(st->c, "check: out of memory");
	strmap_release(&here);
	return -1;
}

/* A file the provenance checks read: a first-party source or header (as attr_file() places it). */
static bool provenance_candidate(struct check *c, const struct closure_file *f)
{
	struct pkgdb_match m;
	char *folder = NULL;
	long d;
	bool yes;

	if (f->kind == CLOSURE_SHARED || f->member || f->empty ||
	    !attr_under_root(&c->rules, f->path) || !attr_is_source(f->path))
		return false;
	pkgdb_match_init(&m);
	yes = attr_place(&c->rules, f->path, &m, &folder, &d) == PLACE_FIRST_PARTY;
	pkgdb_match_release(&m);
	free(folder);
	return yes;
}

/*
 * Text: who the project was taken to be, and from what, before any
 * finding says a file is someone else's (an auditor checks both lines).
 */
static void print_first_party(const struct check *c)
{
	fprintf(c->text, "holders taken as the project's:");
	for (size_t i = 0; i < c->first_party.nr; i++)
		fprintf(c->text, "%s %s (%s)", i ? "," : "", term_text(c->first_party.v[i]),
			term_text(c->first_party_why.v[i]));
	fprintf(c->text, "%s\n", c->first_party.nr ? "" : " none");
	fprintf(c->text, "  from:");
	for (size_t i = 0; i < c->first_party_sources.nr; i++)
		fprintf(c->text, "%s %s", i ? ";" : "", term_text(c->first_party_sources.v[i]));
	fprintf(c->text, "\n");
}

/*
 * Only compiled code counts: each preprocessing run that checks a
 * fingerprint's lines is stopped after COMPILED_TIMEOUT_MS, and at most
 * COMPILED_MAX_RUNS compiles are tried per file (a header many compiles
 * include).
 */
#define COMPILED_TIMEOUT_MS 60000
#define COMPILED_MAX_RUNS   16

/*
 * The compiles that used each candidate file: every compile whose object
 * reaches one of the artifacts (by a record of their closures), with the
 * sources and headers it read.
 */
static int compiled_uses(struct check *c, const struct closure *cls, const int *rcs, size_t nr,
			 const struct strmap *candidates, struct compiled *cc)
{
	struct strmap ids = STRMAP_INIT, done = STRMAP_INIT;
	int ret = -1;

	for (size_t i = 0; c->t && i < c->t->nr; i++) {
		bool is_new;

		if (!strmap_put(&ids, c->t->records[i].id, i, &is_new))
			goto out;
	}
	for (size_t i = 0; i < nr; i++) {
		for (size_t k = 0; rcs[i] >= 0 && k < cls[i].nr; k++) {
			const char *id = cls[i].files[k].record;
			struct strmap_slot *s = id ? strmap_find(&ids, id) : NULL;
			const struct trace_record *r;
			bool is_new;

			if (!s || !strmap_put(&done, id, 0, &is_new) || !is_new)
				continue;
			r = &c->t->records[s->val];
			for (size_t d = 0; d < r->nr_inputs; d++)
				if (r->inputs[d].abs && !strcmp(r->inputs[d].type, "source") &&
				    strmap_find(candidates, r->inputs[d].abs) &&
				    compiled_add(cc, r->inputs[d].abs, r))
					goto out;
			for (size_t d = 0; d < r->deps_abs.nr; d++)
				if (strmap_find(candidates, r->deps_abs.v[d]) &&
				    compiled_add(cc, r->deps_abs.v[d], r))
					goto out;
		}
	}
	ret = 0;
out:
	strmap_release(&ids);
	strmap_release(&done);
	return ret;
}

/* A source or header of a vendored folder (as attr_file() places it): its folder, else NULL. */
static char *vendored_candidate(struct check *c, const struct closure_file *f)
{
	struct pkgdb_match m;
	char *folder = NULL;
	long d;

	if (f->kind == CLOSURE_SHARED || f->member || f->empty || !attr_is_source(f->path))
		return NULL;
	pkgdb_match_init(&m);
	if (attr_place(&c->rules, f->path, &m, &folder, &d) != PLACE_VENDORED) {
		free(folder);
		folder = NULL;
	}
	pkgdb_match_release(&m);
	return folder;
}

/* One vendored folder's files judged as a component of its own: its sub-components into c->subs. */
static int folder_subs(struct check *c, const char *folder, const struct strvec *files)
{
	struct soup_list soup;
	struct provenance *vp = NULL;
	struct prov_result res;
	struct strvec skipped = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT, why = STRBUF_INIT;
	int ret = -1;

	soup_list_init(&soup);
	prov_result_init(&res);
	soup.project_name = attr_folder_name(folder, NULL);
	for (size_t i = 0; i < c->soup.fingerprints.nr; i++)
		if (strvec_push(&soup.fingerprints, c->soup.fingerprints.v[i]))
			goto oom;
	if (!soup.project_name || provenance_open(&vp, folder, &soup, &err))
		goto fail;
	provenance_as_component(vp);
	if (provenance_analyse(vp, files, &res, &skipped, &err))
		goto fail;
	for (size_t g = 0; g < res.nr; g++) {
		const struct prov_group *pg = &res.groups[g];

		/*
		 * another holder's code, or a known component: not what the
		 * component itself says it was derived from (libtomcrypt's AES
		 * "derived from the public domain source code by ...")
		 */
		if (pg->how == PROV_NOTICE &&
		    (pg->by_origin || !pg->supplier || !provenance_knows_holders(vp)))
			continue; /* without the component's own holders, no holder is "another" */
		strbuf_reset(&why);
		strbuf_addf(&why, "%s/%s", attr_shown(&c->rules, folder), pg->why);
		for (size_t k = 0; k < pg->files.nr && k < pg->notes.nr; k++) {
			struct attr_sub sub = { pg->name,
						why.buf,
						pg->supplier,
						pg->license,
						(char *)pg->notes.v[k],
						pg->how == PROV_FINGERPRINT };

			if (attr_subs_add(&c->subs, pg->files.v[k], &sub))
				goto oom;
		}
	}
	for (size_t i = 0; i < skipped.nr; i++)
		strvec_push(&c->unreadable, skipped.v[i]);
	ret = 0;
	goto out;
oom:
	strbuf_reset(&err);
	strbuf_addstr(&err, "out of memory");
fail:
	engine_error(c, "check: %s", err.buf);
out:
	provenance_close(vp);
	prov_result_release(&res);
	soup_list_release(&soup);
	strvec_clear(&skipped);
	strbuf_release(&err);
	strbuf_release(&why);
	return ret;
}

/*
 * Sub-components of vendored folders (issue 12, item 3): the files of each
 * vendored folder that reach an artifact are judged as the provenance of a
 * project of its own (the folder's licence file and the holder of most of
 * its files are the component's); a file under another holder's notice
 * (an extension library by other authors inside a bundled interpreter's
 * folder), or a known component's fingerprint, is reported apart, with its
 * own holder and licence (attr_file()). What the component says its own
 * code was derived from stays the component's.
 */
static int vendored_subs(struct check *c, const struct closure *cls, const int *rcs, size_t nr)
{
	struct strmap at = STRMAP_INIT, seen = STRMAP_INIT;
	struct strvec folders = STRVEC_INIT, *files = NULL;
	size_t alloc = 0;
	int ret = -1;

	for (size_t i = 0; i < nr; i++) {
		for (size_t k = 0; rcs[i] >= 0 && k < cls[i].nr; k++) {
			const char *path = cls[i].files[k].path;
			char *folder;
			struct strmap_slot *s;
			bool is_new;

			if (strmap_find(&seen, path))
				continue;
			if (!strmap_put(&seen, path, 0, &is_new))
				goto oom;
			if (!(folder = vendored_candidate(c, &cls[i].files[k])))
				continue;
			s = strmap_find(&at, folder);
			if (!s) {
				ALLOC_GROW(files, folders.nr + 1, alloc);
				strvec_init(&files[folders.nr]);
				if (strvec_push(&folders, folder) ||
				    !(s = strmap_put(&at, folders.v[folders.nr - 1], folders.nr - 1,
						     &is_new))) {
					free(folder);
					goto oom;
				}
			}
			free(folder);
			if (strvec_push(&files[s->val], path))
				goto oom;
		}
	}
	for (size_t i = 0; i < folders.nr; i++)
		if (folder_subs(c, folders.v[i], &files[i]))
			goto out;
	ret = 0;
	goto out;
oom:
	engine_error(c, "check: out of memory");
out:
	for (size_t i = 0; i < folders.nr; i++)
		strvec_clear(&files[i]);
	free(files);
	strvec_clear(&folders);
	strmap_release(&at);
	strmap_release(&seen);
	return ret;
}

/*
 * Judge the first-party-looking files of every artifact at once, so that
 * the project's holders and the names of groups do not depend on which
 * artifact is checked first or alone.
 */
int engine_provenance_prepass(struct check *c, const struct closure *cls, const int *rcs, size_t nr)
{
	struct strvec files = STRVEC_INIT, skipped = STRVEC_INIT;
	struct strmap seen = STRMAP_INIT;
	struct strbuf err = STRBUF_INIT;
	struct compiled *cc = NULL;
	int ret = -1, rc;

	for (size_t i = 0; i < nr; i++) {
		for (size_t k = 0; rcs[i] >= 0 && k < cls[i].nr; k++) {
			bool is_new;

			if (!provenance_candidate(c, &cls[i].files[k]))
				continue;
			if (!strmap_put(&seen, cls[i].files[k].path, 0, &is_new))
				goto oom;
			if (is_new && strvec_push(&files, cls[i].files[k].path))
				goto oom;
		}
	}
	cc = compiled_new(COMPILED_TIMEOUT_MS, COMPILED_MAX_RUNS);
	if (compiled_uses(c, cls, rcs, nr, &seen, cc))
		goto oom;
	provenance_check_compiled(c->prov, cc);
	rc = provenance_analyse(c->prov, &files, &c->prov_res, &skipped, &err);
	provenance_check_compiled(c->prov, NULL);
	if (rc) {
		engine_error(c, "check: %s", err.buf);
		goto out;
	}
	for (size_t i = 0; i < c->prov_res.first_party.nr; i++) {
		strvec_push(&c->first_party, c->prov_res.first_party.v[i]);
		strvec_push(&c->first_party_why, c->prov_res.first_party_why.v[i]);
	}
	for (size_t i = 0; i < c->prov_res.sources.nr; i++)
		strvec_push(&c->first_party_sources, c->prov_res.sources.v[i]);
	if (c->text && !c->quiet) {
		print_first_party(c);
		for (size_t i = 0; i < c->prov_res.not_compiled.nr; i++)
			fprintf(c->text, "note: not compiled, so not reported: %s\n",
				term_text(c->prov_res.not_compiled.v[i]));
	}
	for (size_t i = 0; i < skipped.nr; i++)
		strvec_push(&c->unreadable, skipped.v[i]);
	ret = vendored_subs(c, cls, rcs, nr);
	goto out;
oom:
	engine_error(c, "check: out of memory");
out:
	compiled_free(cc);
	strmap_release(&seen);
	strvec_clear(&files);
	strvec_clear(&skipped);
	strbuf_release(&err);
	return ret;
}
