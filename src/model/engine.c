/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attribution engine behind check, init, sbom and report (check.h).
 *
 * For each artifact: what really reaches it (the trace closure, plus the
 * shared libraries its DT_NEEDED entries load), each file assigned to one
 * component by the attribution rules (attribute.h), compared with the
 * declared SOUP list: the findings, and the model every output is built on
 * (docs/check-format.md).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "alloc.h"
#include "attribute.h"
#include "check.h"
#include "closure.h"
#include "model.h"
#include "draft.h"
#include "dwarf_sources.h"
#include "engine.h"
#include "elf_info.h"
#include "jout.h"
#include "ldso.h"
#include "pathglob.h"
#include "pathutil.h"
#include "pkgdb.h"
#include "provenance.h"
#include "strmap.h"
#include "soup.h"
#include "trace.h"
#include "trace_dir.h"
#include "version_probe.h"
#include "textesc.h"
#include "banned.h"

/*
 * The evidence lines a finding shows in the text output (the first ones:
 * the closest to the artifact), unless --verbose; JSON, JUnit and SARIF
 * carry them all.
 */
#define TEXT_EVIDENCE_LINES 3

/* An error or warning for the caller (the engine never prints to stderr). */
void engine_error(struct check *c, const char *fmt, ...)
{
	va_list ap;

	strbuf_addstr(c->diag, "souptrace: ");
	va_start(ap, fmt);
	strbuf_vaddf(c->diag, fmt, ap);
	va_end(ap);
	strbuf_addch(c->diag, '\n');
}

/* ---------------------------------------------------------------- findings */

static struct check_finding *finding(struct check *c, enum check_kind kind, bool fails,
				     const char *artifact, const char *component,
				     const struct strvec *evidence, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Report a finding (text and model); the model's entry, valid until the next finding. */
static struct check_finding *finding(struct check *c, enum check_kind kind, bool fails,
				     const char *artifact, const char *component,
				     const struct strvec *evidence, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	struct check_finding *o;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (fails)
		c->failing++;
	else
		c->warnings++;
	if (c->text) {
		fprintf(c->text, "%s%s%s %s: %s%s%s\n",
			c->color ? (fails ? "\033[1;31m" : "\033[33m") : "",
			fails ? "FAIL" : "warn", c->color ? "\033[0m" : "", check_kind_name(kind),
			term_text(component ? component : ""), component ? ": " : "",
			term_text(msg.buf));
		size_t shown = c->verbose ? SIZE_MAX : TEXT_EVIDENCE_LINES;

		for (size_t i = 0; evidence && i < evidence->nr && i < shown; i++)
			fprintf(c->text, "       %s\n", term_text(evidence->v[i]));
		if (evidence && evidence->nr > shown)
			fprintf(c->text, "       ... %zu more (-v shows them)\n",
				evidence->nr - shown);
	}
	o = check_model_add_finding(c->m);
	o->kind = kind;
	o->fails = fails;
	o->artifact = check_strdup(artifact);
	o->component = check_strdup(component);
	o->message = strbuf_detach(&msg, NULL);
	if (evidence) {
		o->has_evidence = true;
		for (size_t i = 0; i < evidence->nr; i++)
			strvec_push(&o->evidence, evidence->v[i]);
	}
	return o;
}

/* ------------------------------------------------------------ attribution */

/*
 * --evidence binary: the files a binary's DWARF names stand in for the
 * trace closure (no headers without debug information, no archive
 * lineage, nothing about prebuilt members without DWARF). 0, 1 when the
 * binary has no DWARF (the closure stays empty), -1 on error.
 */
static int binary_closure(const char *artifact, struct closure *cl, struct strbuf *err)
{
	struct dwarf_sources ds;
	struct dwarf_options opt = { .debug_root = NULL };
	char cwd[PATH_MAX];
	int rc;

	if (!getcwd(cwd, sizeof(cwd)) || !(cl->artifact = trace_abs_path(cwd, artifact))) {
		strbuf_addstr(err, "cannot make the artifact's path absolute");
		return -1;
	}
	dwarf_sources_init(&ds);
	rc = dwarf_sources_read(cl->artifact, &opt, &ds, err);
	for (size_t i = 0; rc == 0 && i < ds.nr_files; i++) {
		struct closure_file *f;
		struct strbuf ev = STRBUF_INIT;

		ALLOC_GROW(cl->files, cl->nr + 1, cl->alloc);
		f = &cl->files[cl->nr++];
		memset(f, 0, sizeof(*f));
		strbuf_addf(&ev, "named by the DWARF line table of compile unit %s (read from %s)",
			    ds.cus[ds.files[i].first_cu].name ? ds.cus[ds.files[i].first_cu].name
							      : "?",
			    ds.dwarf_file);
		f->path = strdup(ds.files[i].path);
		f->kind = CLOSURE_SOURCE;
		f->static_link = true;
		f->evidence = strbuf_detach(&ev, NULL);
	}
	dwarf_sources_release(&ds);
	return rc;
}

/* The model's "files" of a component: each file, how it is linked, on what evidence. */
static void model_files(struct check_component *mc, const struct found *f)
{
	for (size_t i = 0; i < f->nr_files; i++) {
		const struct found_file *ff = &f->files[i];
		struct check_file *o = check_component_add_file(mc);

		o->path = check_strdup(ff->path);
		o->member = check_strdup(ff->member);
		o->dynamic = !ff->static_link;
		o->loaded_by = check_strdup(ff->loaded_by);
		o->technique = ff->technique && !strcmp(ff->technique, "binary-analysis")
				       ? CHECK_BINARY_ANALYSIS
				       : CHECK_INSTRUMENTATION;
		o->evidence = check_strdup(ff->evidence);
		o->record = check_strdup(ff->record);
	}
}

/*
 * What soup.json's ignore rules silenced in the artifact: counted per rule
 * (artifacts[].ignored, a text line each), and a warning when they silence
 * every file that reaches it (nothing is checked then).
 */
static void model_ignored(struct check *c, const struct attribution *a, const char *artifact)
{
	struct check_artifact *o = &c->m->artifacts[c->m->nr_artifacts - 1];
	size_t all = 0;

	for (size_t i = 0; a->ignored && i < c->soup.nr_ignores; i++) {
		const struct soup_ignore *ig = &c->soup.ignores[i];
		struct check_ignored *e;

		if (!a->ignored[i])
			continue;
		all += a->ignored[i];
		o->ignored = xreallocarray(o->ignored, o->nr_ignored + 1, sizeof(*o->ignored));
		e = &o->ignored[o->nr_ignored++];
		e->rule = i;
		e->reason = check_strdup(ig->reason);
		e->files = a->ignored[i];
		if (c->text && !c->quiet)
			fprintf(c->text, "  ignored %zu file%s by ignore[%zu]%s%s%s\n", e->files,
				e->files == 1 ? "" : "s", i, ig->reason ? " (" : "",
				ig->reason ? ig->reason : "", ig->reason ? ")" : "");
	}
	if (all && all == a->files)
		finding(c, CHECK_IGNORED_ALL, c->strict, artifact, NULL, NULL,
			"soup.json's ignore rules silence every file that reaches %s (%zu): "
			"nothing "
			"in it is checked",
			artifact, all);
}

/* The model's "artifacts" entry: what was checked and what it loads. */
static void model_artifact(struct check *c, const struct closure *cl, const struct ldso_tree *tree,
			   bool traced)
{
	struct check_artifact *o = check_model_add_artifact(c->m);

	o->path = check_strdup(cl->artifact);
	o->link_record = check_strdup(cl->link ? cl->link->id : NULL);
	o->built_as = check_strdup(cl->built_as);
	o->identity = check_strdup(cl->identity);
	o->stale = check_strdup(cl->stale);
	o->traced = traced;
	o->nr_closure_files = cl->nr;
	/* every DT_NEEDED edge, loader -> loaded, as real paths */
	for (size_t i = 0; tree && i < tree->nr_edges; i++) {
		const struct ldso_edge *e = &tree->edges[i];
		const char *from =
			e->from == LDSO_ROOT ? cl->artifact : tree->nodes[e->from].real_path;
		const char *to = e->to == LDSO_ROOT ? cl->artifact : tree->nodes[e->to].real_path;
		struct check_load *l;

		if (!from || !to)
			continue;
		l = check_artifact_add_load(o);
		l->from = xstrdup(from);
		l->to = xstrdup(to);
	}
}

/*
 * What reaches an artifact: the trace closure, or with --evidence binary
 * the files its DWARF names. 0, 1 (no link step wrote it / no DWARF), -1
 * (message printed).
 */
static int artifact_closure(struct check *c, const struct trace *t, const char *artifact,
			    struct closure *cl)
{
	struct strbuf err = STRBUF_INIT;
	int rc = c->binary_evidence ? binary_closure(artifact, cl, &err)
				    : closure_compute(t, artifact, cl, &err);

	if (rc < 0)
		engine_error(c, "check: %s: %s", artifact, err.buf);
	strbuf_release(&err);
	return rc;
}

/*
 * A shared library the artifact loads that lies in the project (or its
 * build tree): what is inside it reaches the artifact too. Built in this
 * trace: its own closure, file by file, with loaded_by evidence (and its
 * gaps become the artifact's). Not built in it: prebuilt, never
 * first-party by location (in->unproduced). 0 to attribute in itself too.
 */
static int follow_loaded(struct artifact_state *st, struct found_file *in)
{
	struct check *c = st->c;
	struct strbuf err = STRBUF_INIT, ev = STRBUF_INIT;
	struct closure sub;
	int rc;

	if (!c->t || (!attr_under_root(&c->rules, in->path) &&
		      !(c->build_root && attr_under_dir(c->build_root, in->path))))
		return 0;
	closure_init(&sub);
	rc = closure_compute(c->t, in->path, &sub, &err);
	if (rc == 1)
		in->unproduced = true;
	for (size_t i = 0; rc == 0 && i < sub.nr; i++) {
		const struct closure_file *f = &sub.files[i];
		struct found_file fin = { .path = f->path,
					  .member = f->member,
					  .record = f->record,
					  .loaded_by = in->loaded_by,
					  .technique = "instrumentation",
					  .static_link = false,
					  .header = f->kind == CLOSURE_HEADER,
					  .unproduced = f->unproduced,
					  .empty = f->empty };

		if (f->kind == CLOSURE_SHARED)
			continue; /* the loader's view of it is the artifact's own */
		strbuf_reset(&ev);
		strbuf_addf(&ev, "inside %s, which is %s: %s", in->path, in->evidence, f->evidence);
		fin.evidence = ev.buf;
		attr_file(&st->a, &fin);
	}
	if (rc == 0) {
		for (size_t i = 0; i < sub.problems.nr; i++)
			strvec_pushf(&st->cl.problems, "in %s: %s", in->path, sub.problems.v[i]);
		if (sub.stale)
			strvec_pushf(&st->cl.problems, "%s: %s", in->path, sub.stale);
	} else if (rc < 0) {
		strvec_pushf(&st->cl.problems, "%s: %s", in->path, err.buf);
	}
	closure_release(&sub);
	strbuf_release(&err);
	strbuf_release(&ev);
	return 0;
}

/* The closure's files, each through the attribution rules. */
static void attribute_closure(struct artifact_state *st)
{
	attr_index_prefixes(&st->a, &st->cl);
	for (size_t i = 0; i < st->cl.nr; i++) {
		const struct closure_file *f = &st->cl.files[i];
		struct found_file in = { .path = f->path,
					 .member = f->member,
					 .evidence = f->evidence,
					 .record = f->record,
					 .static_link = f->static_link,
					 .header = f->kind == CLOSURE_HEADER,
					 .unproduced = f->unproduced,
					 .empty = f->empty,
					 .technique = st->c->binary_evidence ? "binary-analysis"
									     : "instrumentation" };

		if (f->kind == CLOSURE_SHARED)
			continue; /* link-time stubs and scripts; the loader's view follows */
		attr_file(&st->a, &in);
	}
}

/*
 * The folders of the shared libraries the link step took that hold a needed
 * name the loader's search did not find, ':'-separated, or NULL. A program
 * linked against a library of its own build tree finds it at run time only
 * through LD_LIBRARY_PATH: libtool's wrapper script sets it to its .libs
 * folders, an installation puts the library on the system's path.
 */
static char *link_library_path(const struct artifact_state *st, const struct ldso_tree *tree)
{
	struct strvec dirs = STRVEC_INIT;
	struct strbuf cand = STRBUF_INIT;
	char *ret = NULL;

	for (size_t i = 0; i < tree->nr; i++) {
		if (tree->nodes[i].how != LDSO_NOT_FOUND || strchr(tree->nodes[i].name, '/'))
			continue;
		for (size_t k = 0; k < st->cl.nr; k++) {
			const struct closure_file *f = &st->cl.files[k];
			int dlen = (int)(path_basename(f->path) - f->path);

			/* ':', ';' and '$' would mean something in a search path */
			if (f->kind != CLOSURE_SHARED || dlen < 2 ||
			    strcspn(f->path, ":;$") < (size_t)dlen)
				continue;
			strbuf_reset(&cand);
			strbuf_addf(&cand, "%.*s%s", dlen, f->path, tree->nodes[i].name);
			if (access(cand.buf, F_OK))
				continue;
			strbuf_reset(&cand);
			strbuf_addf(&cand, "%.*s", dlen - 1, f->path);
			if (strvec_find(&dirs, cand.buf) < 0)
				strvec_push(&dirs, cand.buf);
		}
	}
	strbuf_reset(&cand);
	for (size_t i = 0; i < dirs.nr; i++)
		strbuf_addf(&cand, "%s%s", i ? ":" : "", dirs.v[i]);
	if (cand.len)
		ret = strbuf_detach(&cand, NULL);
	strbuf_release(&cand);
	strvec_clear(&dirs);
	return ret;
}

/* What the artifact loads at run time, as the dynamic loader would find it. */
static void attribute_loaded(struct artifact_state *st, struct ldso_tree *tree, int rc)
{
	struct check *c = st->c;
	struct strbuf err = STRBUF_INIT;
	struct ldso_config cfg = LDSO_CONFIG_INIT;
	char *libpath = NULL;
	int res = ldso_resolve(NULL, st->cl.artifact, tree, &err);

	if (res == 0 && (libpath = link_library_path(st, tree))) {
		cfg.ld_library_path = libpath;
		res = ldso_resolve(&cfg, st->cl.artifact, tree, &err);
	}
	if (res) {
		free(libpath);
		if (rc != 1) {
			struct strvec e = STRVEC_INIT;

			strvec_push(&e, err.buf);
			finding(c, CHECK_TRACE_INCOMPLETE, true, st->cl.artifact, NULL, &e,
				"its run-time dependencies could not be resolved");
			strvec_clear(&e);
		}
		strbuf_release(&err);
		return;
	}
	strbuf_release(&err);
	free(libpath);
	for (size_t i = 0; i < tree->nr; i++) {
		const struct ldso_node *n = &tree->nodes[i];
		const char *loader =
			n->loader == LDSO_ROOT ? st->cl.artifact : tree->nodes[n->loader].name;
		struct strbuf ev = STRBUF_INIT;

		if (n->how == LDSO_NOT_FOUND) {
			struct strvec e = STRVEC_INIT;

			strbuf_addf(&ev, "DT_NEEDED %s of %s", n->name, loader);
			strvec_push(&e, ev.buf);
			finding(c, CHECK_UNRESOLVED, true, st->cl.artifact, n->name, &e,
				"a needed shared library is not found here");
			strvec_clear(&e);
		} else {
			struct found_file in = {
				.path = n->real_path,
				.technique = "binary-analysis",
				.loaded_by = n->loader == LDSO_ROOT
						     ? st->cl.artifact
						     : tree->nodes[n->loader].real_path
			};

			strbuf_addf(&ev, "loaded at run time: DT_NEEDED %s (%s, depth %u)", n->name,
				    ldso_how_name(n->how), n->depth);
			if (n->how == LDSO_LD_LIBRARY_PATH)
				strbuf_addstr(&ev,
					      "; not on the loader's search path: found beside "
					      "a shared library the link step took (a libtool "
					      "wrapper script or LD_LIBRARY_PATH gives that "
					      "folder at run time)");
			in.evidence = ev.buf;
			if (follow_loaded(st, &in) == 0)
				attr_file(&st->a, &in);
		}
		strbuf_release(&ev);
	}
}

/* The version of a component found without one: a fingerprint in the tree, a vendored folder's
 * macros. */
static void probe_version(struct check *c, struct found *f)
{
	/* code a declaration claims in the tree: a fingerprint may state its version */
	for (size_t k = 0; f->natural == ORIG_IN_TREE && c->prov && !f->version && k < f->nr_files;
	     k++) {
		struct strbuf e = STRBUF_INIT;

		provenance_version(c->prov, f->files[k].path, &f->version, &f->version_from, &e);
		strbuf_release(&e);
	}
	if (f->folder && !f->version) {
		struct vprobe_result vr;
		struct strbuf e = STRBUF_INIT;

		vprobe_result_init(&vr);
		if (version_probe(f->folder, &vr, &e) == 0 && vr.nr) {
			struct strbuf from = STRBUF_INIT;

			strbuf_addf(&from, "%s:%zu %s (%s)", vr.ev[0].file, vr.ev[0].line,
				    vr.ev[0].what, vprobe_method_name(vr.ev[0].method));
			f->version = strdup(vr.version);
			f->version_from = strbuf_detach(&from, NULL);
		}
		vprobe_result_release(&vr);
		strbuf_release(&e);
	}
}

/* One component of the artifact in the model's "components". */
static void model_component(struct check *c, const char *artifact, const struct found *f,
			    const struct soup_component *d)
{
	struct check_component *mc = check_model_add_component(c->m);

	mc->artifact = check_strdup(artifact);
	mc->name = check_strdup(f->name);
	mc->declared = d != NULL;
	mc->origin = check_strdup(origin_name(f->natural));
	mc->where = check_strdup(f->where);
	mc->version_found = check_strdup(f->version);
	mc->version_from = check_strdup(f->version_from);
	mc->version_declared = check_strdup(d ? d->version : NULL);
	mc->repository_declared = check_strdup(d ? d->repository : NULL);
	mc->commit_declared = check_strdup(d ? d->commit : NULL);
	for (size_t i = 0; i < f->evidence.nr; i++)
		strvec_push(&mc->evidence, f->evidence.v[i]);
	mc->confidence = check_strdup(f->confidence);
	mc->supplier_found = check_strdup(f->supplier_found);
	mc->license_found = check_strdup(f->license_found);
	mc->purl_found = check_strdup(f->purl_found);
	mc->cpe_found = check_strdup(f->cpe_found);
	model_files(mc, f);
	engine_identity(c, f, mc);
}

/* A component found in the artifact against the list: ok, version-mismatch, undeclared or a draft.
 */
static void judge_component(struct check *c, const char *artifact, struct found *f)
{
	const struct soup_component *d = f->declared >= 0 ? &c->soup.components[f->declared] : NULL;

	probe_version(c, f);
	model_component(c, artifact, f, d);
	if (d) {
		c->used[f->declared] = true;
		if (d->version && f->version && !pkgver_matches(d->version, f->version)) {
			struct strvec e = STRVEC_INIT;

			strvec_pushf(&e, "found %s (%s)", f->version, f->version_from);
			for (size_t k = 0; k < f->evidence.nr && k < 5; k++)
				strvec_push(&e, f->evidence.v[k]);
			finding(c, CHECK_VERSION_MISMATCH, true, artifact, f->name, &e,
				"declared %s, found %s", d->version, f->version);
			strvec_clear(&e);
		} else if (c->text && !c->quiet) {
			fprintf(c->text, "  %sok%s   %-20s %s%s%s\n", c->color ? "\033[32m" : "",
				c->color ? "\033[0m" : "", term_text(f->name),
				term_text(f->version ? f->version : ""), f->version ? ", " : "",
				origin_name(f->natural));
		}
	} else if (c->drafts) {
		draft_add(c->drafts, &c->draft_names, &c->rules,
			  &c->m->components[c->m->nr_components - 1], f, &c->j);
	} else {
		bool high = !strcmp(f->confidence, "high");
		struct check_finding *o =
			finding(c, CHECK_UNDECLARED, high || c->strict, artifact, f->name,
				&f->evidence, "%s, %s, reaches the artifact but is not in %s%s",
				origin_name(f->natural), f->where ? f->where : "?",
				c->soup.path ? c->soup.path : "the declared SOUP list",
				high ? "" : " (medium confidence)");

		o->confidence = check_strdup(f->confidence);
	}
}

/* Evidence the wrappers could not gather for this artifact: one failing finding. */
static void gaps_finding(struct check *c, const struct closure *cl)
{
	struct strvec inc = STRVEC_INIT;

	for (size_t i = 0; i < cl->problems.nr; i++)
		strvec_push(&inc, cl->problems.v[i]);
	if (inc.nr && c->t->unreadable)
		for (size_t i = 0; i < c->t->unreadable_why.nr; i++)
			strvec_pushf(&inc, "unreadable record: %s", c->t->unreadable_why.v[i]);
	if (inc.nr)
		finding(c, CHECK_TRACE_INCOMPLETE, true, cl->artifact, NULL, &inc,
			"some of the evidence for this artifact was not recorded");
	strvec_clear(&inc);
}

/* The artifact whose closure (computed with rc) is cl, taken over. */
static int check_artifact(struct check *c, struct closure *cl, int rc)
{
	struct artifact_state st;
	struct ldso_tree tree;
	int ret = 0;

	memset(&st, 0, sizeof(st));
	st.c = c;
	attribution_init(&st.a, &c->rules);
	st.cl = *cl;
	closure_init(cl);
	st.artifact = st.cl.artifact;
	ldso_tree_init(&tree);
	if (c->binary_evidence) {
		if (c->text && !c->quiet)
			fprintf(c->text, "%s (binary evidence: %zu files named by its DWARF%s)\n",
				term_text(st.cl.artifact), st.cl.nr,
				rc == 1 ? "; it has no debug information" : "");
	} else if (rc == 1) {
		finding(c, CHECK_NO_TRACE, true, st.cl.artifact, NULL, NULL,
			"no link step in the trace wrote %s: it was not built through the "
			"souptrace wrappers, so what is in it is unknown",
			st.cl.artifact);
		model_artifact(c, &st.cl, NULL, false);
		goto out;
	} else if (st.cl.archive) {
		if (c->text && !c->quiet)
			fprintf(c->text, "%s (a static library, %s%s, %zu files traced)\n",
				term_text(st.cl.artifact),
				st.cl.link ? "ar step "
					   : "made by an ar the wrappers did not see: "
					     "members matched to their compiles",
				st.cl.link ? term_text(st.cl.link->id) : "", st.cl.nr);
		if (st.cl.stale)
			finding(c, CHECK_STALE_TRACE, true, st.cl.artifact, NULL, NULL, "%s",
				st.cl.stale);
	} else {
		if (c->text && !c->quiet)
			fprintf(c->text, "%s (link step %s%s%s, %zu files traced)\n",
				term_text(st.cl.artifact), term_text(st.cl.link->id),
				st.cl.built_as ? ", an installed copy of " : "",
				term_text(st.cl.built_as ? st.cl.built_as : ""), st.cl.nr);
		if (st.cl.stale)
			finding(c, CHECK_STALE_TRACE, true, st.cl.artifact, NULL, NULL, "%s",
				st.cl.stale);
	}
	attribute_closure(&st);
	if (!st.cl.archive) /* a static library loads nothing: its user links it */
		attribute_loaded(&st, &tree, rc);
	if (c->prov && st.a.fp_paths.nr && engine_provenance_findings(&st)) {
		ret = -1;
		goto out;
	}
	model_artifact(c, &st.cl, &tree, st.cl.link != NULL || st.cl.archive);
	for (size_t i = 0; i < st.a.nr; i++)
		judge_component(c, st.cl.artifact, &st.a.found[i]);
	model_ignored(c, &st.a, st.cl.artifact);
	gaps_finding(c, &st.cl);
out:
	attribution_release(&st.a);
	closure_release(&st.cl);
	ldso_tree_release(&tree);
	return ret;
}

/* What reaches each artifact, computed before the project root is known. */
struct closures {
	struct closure *cls;
	int *rcs; /* artifact_closure()'s result for each */
	size_t nr;
};

static void closures_release(struct closures *cs)
{
	for (size_t i = 0; cs->cls && i < cs->nr; i++)
		closure_release(&cs->cls[i]);
	free(cs->cls);
	free(cs->rcs);
	memset(cs, 0, sizeof(*cs));
}

/* The closure of every artifact (they need no project root). 0, -1 (told in diag). */
static int closures_compute(struct check *c, const struct trace *t, const struct strvec *artifacts,
			    struct closures *cs)
{
	cs->cls = xcalloc(artifacts->nr + 1, sizeof(*cs->cls));
	cs->rcs = xcalloc(artifacts->nr + 1, sizeof(*cs->rcs));
	for (cs->nr = 0; cs->nr < artifacts->nr;) {
		size_t i = cs->nr++;

		closure_init(&cs->cls[i]);
		if ((cs->rcs[i] = artifact_closure(c, t, artifacts->v[i], &cs->cls[i])) < 0)
			return -1;
	}
	return 0;
}

/* Every artifact: the provenance of their files, then each in turn. */
static int run_artifacts(struct check *c, const struct closures *cs)
{
	if (c->prov && engine_provenance_prepass(c, cs->cls, cs->rcs, cs->nr))
		return -1;
	for (size_t i = 0; i < cs->nr; i++)
		if (check_artifact(c, &cs->cls[i], cs->rcs[i]))
			return -1;
	return 0;
}

/* provenance's placer: a file of the tree that is the project's own (not vendored, not declared).
 */
static bool own_file(void *ctx, const char *path)
{
	struct check *c = ctx;
	struct pkgdb_match m;
	char *folder = NULL;
	long d = -1;
	bool yes;

	pkgdb_match_init(&m);
	yes = attr_place(&c->rules, path, &m, &folder, &d) == PLACE_FIRST_PARTY;
	pkgdb_match_release(&m);
	free(folder);
	return yes;
}

/* The trace (found and read) and the ELF library: for check and init. */
static int prepare_trace(struct check *c, struct trace *t, const struct check_request *rq,
			 struct strbuf *tdir)
{
	struct strbuf err = STRBUF_INIT;
	int ret = -1;

	if (!c->binary_evidence) {
		if (engine_find_trace(c, rq->trace_arg, rq->artifacts, tdir))
			goto out;
		if (trace_load(t, tdir->buf, &err)) {
			engine_error(c, "%s", err.buf);
			goto out;
		}
	}
	if (elf_info_lib_init(&err)) {
		engine_error(c, "%s", err.buf);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&err);
	return ret;
}

/* The project root (from the closures), the package database, provenance. */
static int prepare_root(struct check *c, const struct check_request *rq, const char *tdir,
			const struct closures *cs)
{
	struct strbuf err = STRBUF_INIT;
	int ret = -1;

	if (engine_find_root(c, rq->root_arg, c->binary_evidence ? NULL : tdir, rq->artifacts,
			     cs->cls, cs->rcs, cs->nr))
		goto out;
	/*
	 * A trace the wrappers found as .souptrace (CMake's souptrace_enable()
	 * puts it in the build tree) marks its parent as the build tree: what
	 * the build generated there (config.h) is the project's own, even when
	 * the build tree is outside the project. Never a folder holding the
	 * project itself.
	 */
	if (!c->binary_evidence && *tdir) {
		char real[PATH_MAX];

		if (realpath(tdir, real) && !strcmp(path_basename(real), ".souptrace")) {
			char *slash = strrchr(real, '/');

			if (slash && slash != real) {
				*slash = '\0';
				if (!attr_under_dir(real, c->root))
					c->build_root = strdup(real);
			}
		}
	}
	if (access("/var/lib/dpkg/status", F_OK) == 0) {
		struct pkgdb_config pcfg = PKGDB_CONFIG_INIT;
		struct strbuf cache = STRBUF_INIT;
		int rc;

		if (path_cache_dir(&cache) == 0)
			pcfg.cache_dir = cache.buf;
		rc = pkgdb_open_dpkg(&pcfg, &c->pkgdb, &err);
		strbuf_release(&cache);
		if (rc) {
			engine_error(c, "%s", err.buf);
			goto out;
		}
	}
	if (provenance_open(&c->prov, c->root, &c->soup, &err)) {
		engine_error(c, "%s", err.buf);
		goto out;
	}
	provenance_include_generated(c->prov, c->include_generated);
	c->rules = (struct attr_rules){ &c->soup, c->root,	  c->build_root,
					c->pkgdb, &c->attr_cache, &c->subs };
	provenance_set_placer(c->prov, own_file, c);
	if (c->text && !c->quiet) {
		if (!c->binary_evidence)
			fprintf(c->text, "trace %s (%s)\n", term_text(tdir),
				term_text(c->trace_why));
		fprintf(c->text, "project root %s (%s)\n", term_text(c->root),
			term_text(c->root_why));
	}
	ret = 0;
out:
	strbuf_release(&err);
	return ret;
}

/* The model's "summary": what was checked against what, and the verdict. */
static void model_summary(struct check *c, const char *soup_path, const char *trace_dir)
{
	struct check_summary *sum = &c->m->summary;

	sum->soup = check_strdup(soup_path);
	sum->trace = c->binary_evidence ? NULL : xstrdup(trace_dir);
	sum->binary_evidence = c->binary_evidence;
	sum->trace_why = c->binary_evidence ? NULL : check_strdup(c->trace_why);
	sum->project_root = check_strdup(c->root);
	sum->project_root_why = check_strdup(c->root_why);
	for (size_t i = 0; i < c->first_party.nr; i++) {
		strvec_push(&sum->first_party_holders, c->first_party.v[i]);
		strvec_push(&sum->first_party_why, c->first_party_why.v[i]);
	}
	for (size_t i = 0; i < c->first_party_sources.nr; i++)
		strvec_push(&sum->first_party_sources, c->first_party_sources.v[i]);
	for (size_t i = 0; i < c->unreadable.nr; i++)
		strvec_push(&sum->notices_unreadable, c->unreadable.v[i]);
	for (size_t i = 0; i < c->prov_res.not_compiled.nr; i++)
		strvec_push(&sum->not_compiled, c->prov_res.not_compiled.v[i]);
	sum->safety_class = c->safety_class;
	sum->failing = c->failing;
	sum->warnings = c->warnings;
	sum->passed = c->failing == 0;
}

const char check_binary_note[] =
	"binary evidence only (--evidence binary): the DWARF of the artifacts, their "
	"run-time dependencies and the package database. Weaker than a trace: no headers "
	"without debug information, no archive lineage, nothing of prebuilt code without "
	"DWARF.";

/* The engine's state for one request, before the list is loaded. */
static void check_init(struct check *c, const struct check_request *rq, struct check_model *model,
		       struct strbuf *diag)
{
	memset(c, 0, sizeof(*c));
	c->m = model;
	c->diag = diag;
	soup_list_init(&c->soup);
	strvec_init(&c->draft_names);
	c->strict = rq->strict;
	c->binary_evidence = rq->binary_evidence;
	c->text = rq->text;
	c->color = rq->color;
	c->quiet = rq->quiet;
	c->verbose = rq->verbose;
	c->include_generated = rq->include_generated;
	c->drafts = rq->drafts;
	strvec_init(&c->first_party);
	strvec_init(&c->first_party_why);
	strvec_init(&c->first_party_sources);
	strvec_init(&c->unreadable);
	prov_result_init(&c->prov_res);
	attr_subs_init(&c->subs);
	c->attr_cache = (struct attr_cache)ATTR_CACHE_INIT;
}

static void check_release(struct check *c)
{
	attr_cache_release(&c->attr_cache);
	pkgdb_close(c->pkgdb);
	provenance_close(c->prov);
	prov_result_release(&c->prov_res);
	attr_subs_release(&c->subs);
	strvec_clear(&c->first_party);
	strvec_clear(&c->first_party_why);
	strvec_clear(&c->first_party_sources);
	strvec_clear(&c->unreadable);
	free(c->used);
	free(c->root);
	free(c->root_why);
	free(c->trace_why);
	free(c->build_root);
	soup_list_release(&c->soup);
	strvec_clear(&c->draft_names);
}

/*
 * Trouble while recording is judged per artifact: a record that lacks
 * evidence fails the artifacts it reaches; a lost or unreadable record
 * leaves files without a producing record, which fails them too. What
 * the trace as a whole says is only a hint.
 */
static void trace_hints(struct check *c, const struct trace *t, const char *trace_dir)
{
	if (t->incomplete.nr)
		finding(c, CHECK_TRACE_HINT, false, NULL, NULL, &t->incomplete,
			"the wrappers could not record some steps completely (%s/INCOMPLETE); "
			"each artifact such a step reached has its own finding",
			trace_dir);
	if (t->unreadable)
		finding(c, CHECK_TRACE_HINT, false, NULL, NULL, &t->unreadable_why,
			"%zu trace records are unreadable; artifacts whose files they produced "
			"have their own finding",
			t->unreadable);
	if (t->leftovers.nr)
		finding(c, CHECK_TRACE_HINT, false, NULL, NULL, &t->leftovers,
			"work files of steps that never finished (a wrapper killed, or a build "
			"still running); artifacts whose files they would have recorded have "
			"their own finding");
}

/* What the declared entries themselves lack for the class, and which reached nothing. */
static void declaration_findings(struct check *c)
{
	for (size_t i = 0; i < c->soup.nr_components; i++) {
		const struct soup_component *d = &c->soup.components[i];
		struct strvec missing = STRVEC_INIT;

		if (soup_missing_fields(d, c->safety_class, &missing)) {
			struct strbuf m = STRBUF_INIT;

			for (size_t k = 0; k < missing.nr; k++)
				strbuf_addf(&m, "%s%s", k ? ", " : "", missing.v[k]);
			finding(c, CHECK_INCOMPLETE, c->safety_class != 'A', NULL, d->name, NULL,
				"the entry lacks what safety class %c requires: %s",
				c->safety_class, m.buf);
			strbuf_release(&m);
		}
		strvec_clear(&missing);
		if (!c->used[i])
			finding(c, CHECK_UNUSED, c->strict, NULL, d->name, NULL,
				"declared, but found in none of the artifacts checked");
	}
}

int check_evaluate(const struct check_request *rq, struct soup_list *soup,
		   struct check_model *model, struct strbuf *diag)
{
	struct strbuf tdir = STRBUF_INIT;
	struct closures cs = { NULL, NULL, 0 };
	struct trace t;
	struct check c;
	size_t warnings = 0;
	int ret = -1;

	check_model_release(model);
	check_init(&c, rq, model, diag);
	trace_init(&t);
	if (rq->soup_path && soup_load(rq->soup_path, &c.soup, diag, &warnings))
		goto out;
	c.safety_class = rq->safety_class      ? rq->safety_class
			 : c.soup.safety_class ? c.soup.safety_class
					       : 'A';
	if (prepare_trace(&c, &t, rq, &tdir))
		goto out;
	c.used = xcalloc(c.soup.nr_components + 1, sizeof(*c.used));
	c.t = &t;
	if (closures_compute(&c, &t, rq->artifacts, &cs) || prepare_root(&c, rq, tdir.buf, &cs))
		goto out;
	trace_hints(&c, &t, tdir.buf);
	if (run_artifacts(&c, &cs))
		goto out;
	declaration_findings(&c);
	model_summary(&c, rq->soup_path, tdir.buf);
	if (c.j.oom) {
		engine_error(&c, "out of memory");
		goto out;
	}
	soup_list_release(soup);
	*soup = c.soup;
	soup_list_init(&c.soup);
	ret = c.failing ? 1 : 0;
out:
	if (ret < 0)
		check_model_release(model);
	closures_release(&cs);
	check_release(&c);
	trace_release(&t);
	strbuf_release(&tdir);
	return ret;
}
