/* SPDX-License-Identifier: Apache-2.0 */
/* The engine's typed result (model.h): its arrays and their release. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

const char *check_kind_name(enum check_kind k)
{
	static const char *const names[] = {
		[CHECK_UNDECLARED] = "undeclared",
		[CHECK_VERSION_MISMATCH] = "version-mismatch",
		[CHECK_INCOMPLETE] = "incomplete",
		[CHECK_NO_TRACE] = "no-trace",
		[CHECK_TRACE_INCOMPLETE] = "trace-incomplete",
		[CHECK_STALE_TRACE] = "stale-trace",
		[CHECK_TRACE_HINT] = "trace-hint",
		[CHECK_UNRESOLVED] = "unresolved",
		[CHECK_UNUSED] = "unused",
		[CHECK_IGNORED_ALL] = "ignored-everything",
	};

	return (size_t)k < sizeof(names) / sizeof(*names) && names[k] ? names[k] : "?";
}

const char *check_technique_name(enum check_technique t)
{
	return t == CHECK_BINARY_ANALYSIS ? "binary-analysis" : "instrumentation";
}

char *check_strdup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void check_model_init(struct check_model *m)
{
	memset(m, 0, sizeof(*m));
	strvec_init(&m->summary.first_party_holders);
	strvec_init(&m->summary.first_party_why);
	strvec_init(&m->summary.first_party_sources);
	strvec_init(&m->summary.notices_unreadable);
	strvec_init(&m->summary.not_compiled);
}

static void finding_release(struct check_finding *f)
{
	free(f->artifact);
	free(f->component);
	free(f->message);
	strvec_clear(&f->evidence);
	free(f->confidence);
}

static void package_release(struct check_package *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->version);
	free(p->upstream_version);
	free(p->architecture);
	free(p->source);
	free(p->source_version);
	free(p->maintainer);
	free(p->homepage);
	free(p->purl);
	free(p->source_purl);
	free(p->license);
	free(p->license_file);
	strvec_clear(&p->license_from);
	free(p->supplier);
	free(p->supplier_from);
	free(p);
}

static void component_release(struct check_component *c)
{
	free(c->artifact);
	free(c->name);
	free(c->origin);
	free(c->where);
	free(c->version_found);
	free(c->version_from);
	free(c->version_declared);
	free(c->repository_declared);
	free(c->commit_declared);
	strvec_clear(&c->evidence);
	free(c->confidence);
	free(c->supplier_found);
	free(c->license_found);
	free(c->purl_found);
	free(c->cpe_found);
	for (size_t i = 0; i < c->nr_files; i++) {
		free(c->files[i].path);
		free(c->files[i].member);
		free(c->files[i].loaded_by);
		free(c->files[i].evidence);
		free(c->files[i].record);
	}
	free(c->files);
	package_release(c->package);
}

static void artifact_release(struct check_artifact *a)
{
	free(a->path);
	free(a->link_record);
	free(a->built_as);
	free(a->identity);
	free(a->stale);
	for (size_t i = 0; i < a->nr_loads; i++) {
		free(a->loads[i].from);
		free(a->loads[i].to);
	}
	free(a->loads);
	for (size_t i = 0; i < a->nr_ignored; i++)
		free(a->ignored[i].reason);
	free(a->ignored);
}

void check_model_release(struct check_model *m)
{
	for (size_t i = 0; i < m->nr_findings; i++)
		finding_release(&m->findings[i]);
	for (size_t i = 0; i < m->nr_components; i++)
		component_release(&m->components[i]);
	for (size_t i = 0; i < m->nr_artifacts; i++)
		artifact_release(&m->artifacts[i]);
	free(m->findings);
	free(m->components);
	free(m->artifacts);
	free(m->summary.soup);
	free(m->summary.trace);
	free(m->summary.trace_why);
	free(m->summary.project_root);
	free(m->summary.project_root_why);
	strvec_clear(&m->summary.first_party_holders);
	strvec_clear(&m->summary.first_party_why);
	strvec_clear(&m->summary.first_party_sources);
	strvec_clear(&m->summary.notices_unreadable);
	strvec_clear(&m->summary.not_compiled);
	check_model_init(m);
}

struct check_finding *check_model_add_finding(struct check_model *m)
{
	struct check_finding *f;

	ALLOC_GROW(m->findings, m->nr_findings + 1, m->alloc_findings);
	f = &m->findings[m->nr_findings++];
	memset(f, 0, sizeof(*f));
	strvec_init(&f->evidence);
	return f;
}

struct check_component *check_model_add_component(struct check_model *m)
{
	struct check_component *c;

	ALLOC_GROW(m->components, m->nr_components + 1, m->alloc_components);
	c = &m->components[m->nr_components++];
	memset(c, 0, sizeof(*c));
	strvec_init(&c->evidence);
	return c;
}

struct check_artifact *check_model_add_artifact(struct check_model *m)
{
	struct check_artifact *a;

	ALLOC_GROW(m->artifacts, m->nr_artifacts + 1, m->alloc_artifacts);
	a = &m->artifacts[m->nr_artifacts++];
	memset(a, 0, sizeof(*a));
	return a;
}

struct check_file *check_component_add_file(struct check_component *c)
{
	struct check_file *f;

	ALLOC_GROW(c->files, c->nr_files + 1, c->alloc_files);
	f = &c->files[c->nr_files++];
	memset(f, 0, sizeof(*f));
	return f;
}

struct check_load *check_artifact_add_load(struct check_artifact *a)
{
	struct check_load *l;

	ALLOC_GROW(a->loads, a->nr_loads + 1, a->alloc_loads);
	l = &a->loads[a->nr_loads++];
	memset(l, 0, sizeof(*l));
	return l;
}

const struct check_artifact *check_model_artifact(const struct check_model *m, const char *path)
{
	for (size_t i = 0; path && i < m->nr_artifacts; i++)
		if (!strcmp(m->artifacts[i].path ? m->artifacts[i].path : "", path))
			return &m->artifacts[i];
	return NULL;
}
