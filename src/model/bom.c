/* SPDX-License-Identifier: Apache-2.0 */
/* The bill of materials behind every SBOM: check's model, normalised and sorted. */
#include "bom.h"

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "elf_info.h"
#include "pathutil.h"
#include "pkgdb.h"
#include "spdx.h"
#include "strmap.h"
#include "alloc.h"
#include "banned.h"

void bom_init(struct bom *b)
{
	memset(b, 0, sizeof(*b));
}

static void component_release(struct bom_component *c)
{
	free(c->ref);
	free(c->name);
	free(c->version);
	free(c->supplier);
	free(c->distributor);
	free(c->license);
	free(c->license_declared);
	free(c->license_text);
	free(c->purl);
	free(c->cpe);
	free(c->origin);
	free(c->where);
	free(c->version_found);
	free(c->version_from);
	free(c->confidence);
	free(c->files);
}

void bom_release(struct bom *b)
{
	for (size_t i = 0; i < b->nr_artifacts; i++) {
		free(b->artifacts[i].ref);
		free(b->artifacts[i].path);
		free(b->artifacts[i].name);
	}
	for (size_t i = 0; i < b->nr_components; i++)
		component_release(&b->components[i]);
	for (size_t i = 0; i < b->nr_files; i++) {
		free(b->files[i].path);
		free(b->files[i].rel);
		free(b->files[i].evidence);
		strvec_clear(&b->files[i].members);
	}
	free(b->artifacts);
	free(b->components);
	free(b->files);
	free(b->edges);
	free(b->project_name);
	free(b->project_version);
	free(b->manufacturer);
	free(b->root);
	bom_init(b);
}

/* ---------------------------------------------------------------- helpers */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Grow *p (nr used, *alloc slots of size) to hold one more; never fails (alloc.h). */
static int grow(void **p, size_t nr, size_t *alloc, size_t size)
{
	if (nr < *alloc)
		return 0;
	*alloc = alloc_nr(*alloc);
	*p = xreallocarray(*p, *alloc, size);
	return 0;
}

static bool spdx_valid(const char *expr)
{
	struct strbuf err = STRBUF_INIT;
	bool ok = spdx_expression_check(expr, &err) == 0;

	strbuf_release(&err);
	return ok;
}

/* -------------------------------------------------------------- building */

struct build {
	struct bom *b;
	size_t alloc_art, alloc_comp, alloc_files, alloc_edges;
	struct strmap file_ix;	   /* path -> index in b->files (while collecting) */
	struct strvec *comp_paths; /* per component: its file paths */
	size_t alloc_paths;
	size_t *file_owner; /* per file (after sorting): the owning component */
};

static long find_component(const struct bom *b, const char *name)
{
	for (size_t i = 0; i < b->nr_components; i++)
		if (!strcmp(b->components[i].name, name))
			return (long)i;
	return -1;
}

static long find_artifact(const struct bom *b, const char *path)
{
	for (size_t i = 0; i < b->nr_artifacts; i++)
		if (!strcmp(b->artifacts[i].path, path))
			return (long)i;
	return -1;
}

/* Note an edge; link_edges() sorts them and drops the repeated ones. */
static int add_edge(struct build *st, size_t from, bool from_artifact, size_t to, bool dynamic)
{
	struct bom *b = st->b;

	if (grow((void **)&b->edges, b->nr_edges, &st->alloc_edges, sizeof(*b->edges)))
		return -1;
	b->edges[b->nr_edges++] = (struct bom_edge){ from, to, from_artifact, dynamic };
	return 0;
}

static bool is_mcu_machine(unsigned m)
{
	return m == EM_ARM || m == EM_RISCV || m == EM_AVR || m == EM_MSP430 || m == EM_XTENSA;
}

static int add_artifact(struct build *st, const struct check_artifact *ma, struct strbuf *err)
{
	struct bom *b = st->b;
	struct bom_artifact *a;
	struct elf_info info;
	struct strbuf e = STRBUF_INIT, ref = STRBUF_INIT;
	const char *path = ma->path;

	if (!path) {
		strbuf_addstr(err, "model: an artifact without a path");
		return -1;
	}
	if (find_artifact(b, path) >= 0)
		return 0;
	if (grow((void **)&b->artifacts, b->nr_artifacts, &st->alloc_art, sizeof(*b->artifacts)))
		goto oom;
	a = &b->artifacts[b->nr_artifacts++];
	memset(a, 0, sizeof(*a));
	a->path = strdup(path);
	a->name = strdup(path_basename(path));
	/* named, not pathed (no build-machine path in a reference): bin/x and lib/x are x, x-2 */
	strbuf_addf(&ref, "artifact:%s", a->name);
	for (size_t i = 0, n = 2; i + 1 < b->nr_artifacts; i++) {
		if (strcmp(b->artifacts[i].ref, ref.buf))
			continue;
		strbuf_reset(&ref);
		strbuf_addf(&ref, "artifact:%s-%zu", a->name, n++);
		i = (size_t)-1; /* again, against every earlier one */
	}
	a->ref = strbuf_detach(&ref, NULL);
	a->traced = ma->traced;
	a->hashed = digest_file(path, &a->d, &e) == 0;
	strbuf_reset(&e);
	elf_info_init(&info);
	if (elf_info_read(path, &info, &e) == 0)
		a->firmware = info.type == ET_EXEC && !info.interp && !info.needed.nr &&
			      is_mcu_machine(info.machine);
	elf_info_release(&info);
	strbuf_release(&e);
	if (!a->path || !a->name || !a->ref)
		goto oom;
	return 0;
oom:
	strbuf_addstr(err, "out of memory");
	return -1;
}

/* The component of one model entry, created on first sight. */
static long add_component(struct build *st, const struct check_component *mc)
{
	struct bom *b = st->b;
	struct bom_component *c;
	const char *name = mc->name;
	const struct check_package *pkg = mc->package;
	const struct soup_component *d = NULL;
	long k;

	if (!name)
		return -1;
	if ((k = find_component(b, name)) >= 0)
		return k;
	for (size_t i = 0; b->soup && i < b->soup->nr_components; i++)
		if (!strcmp(b->soup->components[i].name, name))
			d = &b->soup->components[i];
	if (grow((void **)&b->components, b->nr_components, &st->alloc_comp,
		 sizeof(*b->components)) ||
	    grow((void **)&st->comp_paths, b->nr_components, &st->alloc_paths,
		 sizeof(*st->comp_paths)))
		return -1;
	strvec_init(&st->comp_paths[b->nr_components]);
	c = &b->components[b->nr_components];
	memset(c, 0, sizeof(*c));
	c->soup = d;
	c->name = strdup(name);
	/* the declared version unless what was found contradicts it */
	if (d && d->version &&
	    (!mc->version_found || pkgver_matches(d->version, mc->version_found)))
		c->version = strdup(d->version);
	else if (pkg && pkg->source_version)
		c->version = strdup(pkg->source_version);
	else
		c->version = dup_or_null(mc->version_found);
	/* the declaration, else the package, else what the files say (notices, fingerprints) */
	c->supplier = dup_or_null(d && d->supplier	 ? d->supplier
				  : pkg && pkg->supplier ? pkg->supplier
							 : mc->supplier_found);
	c->distributor = dup_or_null(d && d->distributor ? d->distributor
				     : pkg		 ? pkg->maintainer
							 : NULL);
	c->license = dup_or_null(d ? d->license : NULL);
	c->license_declared = dup_or_null(pkg && pkg->license ? pkg->license : mc->license_found);
	c->purl = dup_or_null(d && d->purl	 ? d->purl
			      : pkg && pkg->purl ? pkg->purl
						 : mc->purl_found);
	c->cpe = dup_or_null(d && d->cpe ? d->cpe : mc->cpe_found);
	c->confidence = dup_or_null(mc->confidence);
	/* only SPDX expressions go where SBOMs expect one; the rest as text */
	if (c->license && !spdx_valid(c->license)) {
		c->license_text = c->license;
		c->license = NULL;
	}
	if (c->license_declared && !spdx_valid(c->license_declared)) {
		if (!c->license_text)
			c->license_text = c->license_declared;
		else
			free(c->license_declared);
		c->license_declared = NULL;
	}
	c->origin = dup_or_null(mc->origin);
	c->where = dup_or_null(mc->where);
	c->version_found = dup_or_null(mc->version_found);
	c->version_from = dup_or_null(mc->version_from);
	if (!c->name)
		return -1;
	return (long)b->nr_components++;
}

/* Note one file of a component (paths are sorted and indexed later). */
static int add_file(struct build *st, size_t comp, const struct check_file *mf)
{
	struct bom *b = st->b;
	struct bom_component *c = &b->components[comp];
	const char *path = mf->path, *member = mf->member;
	struct strmap_slot *slot;
	struct bom_file *f;
	bool is_new, dyn = mf->dynamic;

	if (!path)
		return 0;
	if (grow((void **)&b->files, b->nr_files, &st->alloc_files, sizeof(*b->files)))
		return -1;
	f = &b->files[b->nr_files];
	memset(f, 0, sizeof(*f));
	strvec_init(&f->members);
	if (!(f->path = strdup(path)))
		return -1;
	slot = strmap_put(&st->file_ix, f->path, b->nr_files, &is_new);
	if (!slot) {
		free(f->path);
		return -1;
	}
	if (is_new) {
		b->nr_files++;
		f->evidence = dup_or_null(mf->evidence);
		if (strvec_push(&st->comp_paths[comp], path))
			return -1;
	} else {
		free(f->path);
		f = &b->files[slot->val];
	}
	if (member && strvec_find(&f->members, member) < 0 && strvec_push(&f->members, member))
		return -1;
	if (dyn)
		f->dynamic_link = c->dynamic_link = true;
	else
		f->static_link = c->static_link = true;
	if (mf->technique == CHECK_INSTRUMENTATION)
		f->instrumentation = c->instrumentation = true;
	else
		f->binary_analysis = c->binary_analysis = true;
	return 0;
}

static int cmp_component(const void *a, const void *b)
{
	const struct bom_component *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int cmp_file(const void *a, const void *b)
{
	const struct bom_file *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_edge(const void *a, const void *b)
{
	const struct bom_edge *x = a, *y = b;

	if (x->from_artifact != y->from_artifact)
		return x->from_artifact ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (int)x->dynamic - (int)y->dynamic;
}

/*
 * Sort components by name and files by path, give each component its file
 * indexes, and note each file's owner (for the edges between libraries).
 */
static int finish(struct build *st)
{
	struct bom *b = st->b;
	struct strvec *paths;
	struct strbuf ref = STRBUF_INIT;

	/* sort the components with their path lists */
	paths = calloc(b->nr_components + 1, sizeof(*paths));
	if (!paths)
		goto oom;
	for (size_t i = 0; i < b->nr_components; i++)
		b->components[i].nr_files = i; /* remember the old index through the sort */
	if (b->nr_components)
		qsort(b->components, b->nr_components, sizeof(*b->components), cmp_component);
	for (size_t i = 0; i < b->nr_components; i++) {
		paths[i] = st->comp_paths[b->components[i].nr_files];
		b->components[i].nr_files = 0;
	}
	free(st->comp_paths);
	st->comp_paths = paths;
	st->alloc_paths = b->nr_components;
	paths = NULL;
	/* files by path; the index rebuilt */
	if (b->nr_files)
		qsort(b->files, b->nr_files, sizeof(*b->files), cmp_file);
	strmap_release(&st->file_ix);
	if (strmap_reserve(&st->file_ix, b->nr_files))
		goto oom;
	st->file_owner = calloc(b->nr_files + 1, sizeof(*st->file_owner));
	if (!st->file_owner)
		goto oom;
	for (size_t i = 0; i < b->nr_files; i++) {
		bool is_new;

		if (!strmap_put(&st->file_ix, b->files[i].path, i, &is_new))
			goto oom;
		b->files[i].rel = strdup(b->files[i].path);
		if (!b->files[i].rel)
			goto oom;
		if (b->root && !strncmp(b->files[i].path, b->root, strlen(b->root)) &&
		    b->files[i].path[strlen(b->root)] == '/') {
			char *r = strdup(b->files[i].path + strlen(b->root) + 1);

			if (!r)
				goto oom;
			free(b->files[i].rel);
			b->files[i].rel = r;
		}
	}
	for (size_t i = 0; i < b->nr_components; i++) {
		struct bom_component *c = &b->components[i];

		c->files = calloc(st->comp_paths[i].nr + 1, sizeof(*c->files));
		if (!c->files)
			goto oom;
		for (size_t k = 0; k < st->comp_paths[i].nr; k++) {
			struct strmap_slot *s = strmap_find(&st->file_ix, st->comp_paths[i].v[k]);

			if (s) {
				c->files[c->nr_files++] = s->val;
				st->file_owner[s->val] = i;
			}
		}
		if (c->nr_files)
			qsort(c->files, c->nr_files, sizeof(*c->files), cmp_size);
		strbuf_reset(&ref);
		strbuf_addf(&ref, "soup:%s%s%s", c->name, c->version ? "@" : "",
			    c->version ? c->version : "");
		if (!(c->ref = strbuf_detach(&ref, NULL)))
			goto oom;
	}
	return 0;
oom:
	free(paths);
	strbuf_release(&ref);
	return -1;
}

/* Edges: artifact -> what is linked in or loaded; library -> what it loads. */
static int link_edges(struct build *st, const struct check_model *model)
{
	struct bom *b = st->b;

	for (size_t i = 0; i < model->nr_components; i++) {
		const struct check_component *mc = &model->components[i];
		long a = mc->artifact ? find_artifact(b, mc->artifact) : -1;
		long c = mc->name ? find_component(b, mc->name) : -1;

		if (a < 0 || c < 0)
			continue;
		for (size_t k = 0; k < mc->nr_files; k++) {
			const struct check_file *mf = &mc->files[k];
			const char *by = mf->loaded_by;
			bool dyn = mf->dynamic;

			/* loaded by the artifact itself, or by a library that is no
			 * component (first-party): the artifact's process loads it */
			bool direct = !dyn || !by || !strcmp(by, b->artifacts[a].path) ||
				      !strmap_find(&st->file_ix, by);

			if (direct && add_edge(st, (size_t)a, true, (size_t)c, dyn))
				return -1;
		}
	}
	for (size_t i = 0; i < model->nr_artifacts; i++) {
		const struct check_artifact *ma = &model->artifacts[i];
		long a = ma->path ? find_artifact(b, ma->path) : -1;

		for (size_t k = 0; k < ma->nr_loads; k++) {
			const char *from = ma->loads[k].from, *to = ma->loads[k].to;
			struct strmap_slot *sf = from ? strmap_find(&st->file_ix, from) : NULL;
			struct strmap_slot *sto = to ? strmap_find(&st->file_ix, to) : NULL;
			size_t tc;

			if (!sto)
				continue; /* an ignored or first-party library */
			tc = st->file_owner[sto->val];
			if (a >= 0 && (!sf || (from && !strcmp(from, b->artifacts[a].path)))) {
				/* the artifact, or a first-party library of it, loads it */
				if (add_edge(st, (size_t)a, true, tc, true))
					return -1;
			} else if (sf && st->file_owner[sf->val] != tc &&
				   add_edge(st, st->file_owner[sf->val], false, tc, true)) {
				return -1;
			}
		}
	}
	if (b->nr_edges) {
		size_t n = 1;

		qsort(b->edges, b->nr_edges, sizeof(*b->edges), cmp_edge);
		for (size_t i = 1; i < b->nr_edges; i++)
			if (cmp_edge(&b->edges[i], &b->edges[n - 1]))
				b->edges[n++] = b->edges[i];
		b->nr_edges = n;
	}
	return 0;
}

int bom_build(struct bom *b, const struct check_model *model, const struct soup_list *soup,
	      struct strbuf *err)
{
	struct build st;
	const struct check_summary *sum = &model->summary;
	int ret = -1;

	memset(&st, 0, sizeof(st));
	st.b = b;
	b->soup = soup;
	b->root = dup_or_null(sum->project_root);
	b->project_name = dup_or_null(soup && soup->project_name ? soup->project_name : NULL);
	b->project_version = dup_or_null(soup ? soup->project_version : NULL);
	b->manufacturer = dup_or_null(soup ? soup->project_manufacturer : NULL);
	for (size_t i = 0; i < model->nr_artifacts; i++)
		if (add_artifact(&st, &model->artifacts[i], err))
			goto out;
	for (size_t i = 0; i < model->nr_components; i++) {
		const struct check_component *mc = &model->components[i];
		long c = add_component(&st, mc);

		if (c < 0)
			goto oom;
		for (size_t k = 0; k < mc->nr_files; k++)
			if (add_file(&st, (size_t)c, &mc->files[k]))
				goto oom;
	}
	if (finish(&st) || link_edges(&st, model))
		goto oom;
	for (size_t i = 0; i < b->nr_artifacts; i++) {
		struct bom_artifact *a = &b->artifacts[i];

		a->completeness = sum->binary_evidence ? "incomplete"
				  : a->traced	       ? "incomplete_third_party_only"
						       : "unknown";
		for (size_t k = 0; k < model->nr_findings; k++) {
			const struct check_finding *f = &model->findings[k];

			if (a->traced && f->kind == CHECK_TRACE_INCOMPLETE &&
			    (!f->artifact || !strcmp(f->artifact, a->path)))
				a->completeness = "incomplete";
		}
	}
	for (size_t i = 0; i < b->nr_files; i++) {
		struct strbuf e = STRBUF_INIT;

		b->files[i].hashed = digest_file(b->files[i].path, &b->files[i].d, &e) == 0;
		strbuf_release(&e);
	}
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory");
out:
	for (size_t i = 0; st.comp_paths && i < b->nr_components; i++)
		strvec_clear(&st.comp_paths[i]);
	free(st.comp_paths);
	free(st.file_owner);
	strmap_release(&st.file_ix);
	return ret;
}

size_t bom_targets(const struct bom *b, size_t from, bool from_artifact, int dynamic, size_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < b->nr_edges; i++) {
		const struct bom_edge *e = &b->edges[i];

		if (e->from != from || e->from_artifact != from_artifact ||
		    (dynamic >= 0 && e->dynamic != (dynamic > 0)))
			continue;
		if (n && out[n - 1] == e->to)
			continue; /* both linked and loaded: once */
		out[n++] = e->to;
	}
	return n;
}

int bom_timestamp(char out[32], struct strbuf *err)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;

	if (sde && *sde) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0 || v > 253402300799LL) {
			strbuf_addf(err, "SOURCE_DATE_EPOCH '%s' is not a number of seconds", sde);
			return -1;
		}
		t = (time_t)v;
	}
	if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		strbuf_addstr(err, "cannot format the timestamp");
		return -1;
	}
	return 0;
}

void bom_uuid(const char *text, size_t len, char out[37])
{
	static const char digits[] = "0123456789abcdef";
	struct sha1 s;
	unsigned char d[20];
	size_t o = 0;

	sha1_init(&s);
	sha1_update(&s, text, len);
	sha1_final(&s, d);
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x50); /* version 5: name-based, SHA-1 */
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = digits[d[i] >> 4];
		out[o++] = digits[d[i] & 15];
	}
	out[o] = '\0';
}
