/* SPDX-License-Identifier: Apache-2.0 */
/* The loader emulation (ldso.h): the context's messages, the graph, setup and the API. */
#include "ldso.h"
#include "ldso_internal.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_info.h"
#include "pathutil.h"
#include "strmap.h"

#include "banned.h"

/* ---- string -> index lookups (common/strmap; keys owned by the context) ---- */

static size_t smap_get(const struct strmap *m, const char *k)
{
	const struct strmap_slot *s = strmap_find(m, k);

	return s ? s->val : NO_OBJ;
}

static int smap_put(struct strmap *m, const char *k, size_t v)
{
	bool is_new;

	return strmap_put(m, k, v, &is_new) ? 0 : -1; /* first one wins */
}

/* ---- the resolution context ---- */

__attribute__((format(printf, 2, 3))) static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->err)
		return -1;
	va_start(ap, fmt);
	strbuf_vaddf(c->err, fmt, ap);
	va_end(ap);
	return -1;
}

int ldso_nomem(struct ctx *c)
{
	return fail(c, "%s: out of memory", c->tree->root_path ? c->tree->root_path : "ldso");
}

__attribute__((format(printf, 2, 3))) int ldso_warn(struct ctx *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r || strvec_push_nodup(&c->tree->warnings, strbuf_detach(&sb, NULL)))
		return ldso_nomem(c);
	return 0;
}

/* ---- the graph ---- */

static int keep_key(struct ctx *c, const char *k, const char **out)
{
	if (strvec_push(&c->keystore, k))
		return -1;
	*out = c->keystore.v[c->keystore.nr - 1];
	return 0;
}

static int map_put(struct ctx *c, struct strmap *m, const char *k, size_t v)
{
	const char *key;

	if (smap_get(m, k) != NO_OBJ)
		return 0;
	if (keep_key(c, k, &key) || smap_put(m, key, v))
		return ldso_nomem(c);
	return 0;
}

static int add_node(struct ctx *c, struct ldso_node **n)
{
	struct ldso_tree *t = c->tree;

	if (t->nr == t->alloc) {
		size_t a = t->alloc ? t->alloc * 2 : 16;
		struct ldso_node *p = realloc(t->nodes, a * sizeof(*p));

		if (!p)
			return ldso_nomem(c);
		t->nodes = p;
		t->alloc = a;
	}
	*n = &t->nodes[t->nr++];
	memset(*n, 0, sizeof(**n));
	strvec_init(&(*n)->skipped);
	return 0;
}

static int add_edge(struct ctx *c, size_t from, size_t to)
{
	struct ldso_tree *t = c->tree;

	if (t->nr_edges == t->alloc_edges) {
		size_t a = t->alloc_edges ? t->alloc_edges * 2 : 32;
		struct ldso_edge *p = realloc(t->edges, a * sizeof(*p));

		if (!p)
			return ldso_nomem(c);
		t->edges = p;
		t->alloc_edges = a;
	}
	t->edges[t->nr_edges].from = from;
	t->edges[t->nr_edges].to = to;
	t->nr_edges++;
	return 0;
}

static int add_obj(struct ctx *c, size_t *oi)
{
	if (c->nr_objs == c->alloc_objs) {
		size_t a = c->alloc_objs ? c->alloc_objs * 2 : 16;
		struct obj *p = realloc(c->objs, a * sizeof(*p));

		if (!p)
			return ldso_nomem(c);
		c->objs = p;
		c->alloc_objs = a;
	}
	*oi = c->nr_objs++;
	memset(&c->objs[*oi], 0, sizeof(c->objs[*oi]));
	elf_info_init(&c->objs[*oi].info);
	strvec_init(&c->objs[*oi].rpath_hosts);
	strvec_init(&c->objs[*oi].runpath_hosts);
	return 0;
}

static char *dup_or_null(const char *s, bool *failed)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		*failed = true;
	return p;
}

/* The directory part of path p ("/" for "/x"). */
static char *dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');
	size_t n = slash ? (size_t)(slash - p) : 0;
	char *d = malloc(n + 2);

	if (!d)
		return NULL;
	if (!n) {
		d[0] = slash ? '/' : '.';
		d[1] = '\0';
	} else {
		memcpy(d, p, n);
		d[n] = '\0';
	}
	return d;
}

/* A new loaded file from a successful search. */
static int add_found(struct ctx *c, size_t oi, struct search *s, size_t *node)
{
	struct obj *o;
	struct ldso_node *n;
	size_t ni, noi;
	bool outside, failed = false;

	if (add_node(c, &n) || add_obj(c, &noi))
		return -1;
	ni = c->tree->nr - 1;
	o = &c->objs[noi];
	o->node = ni;
	o->loader = oi;
	o->depth = c->objs[oi].depth + 1;
	o->info = s->info;
	elf_info_init(&s->info);
	c->kept_text += ldso_trim_info(&o->info);
	n->name = dup_or_null(s->name, &failed);
	n->path = dup_or_null(ldso_target_of(c, s->found.buf, &outside), &failed);
	o->outside = outside;
	n->real_path = dup_or_null(ldso_target_of(c, s->real.buf, &outside), &failed);
	n->host_path = dup_or_null(s->real.buf, &failed);
	n->soname = dup_or_null(o->info.soname, &failed);
	n->how = s->how;
	n->loader = c->objs[oi].node;
	n->depth = o->depth;
	n->skipped = s->skipped;
	strvec_init(&s->skipped);
	/* $ORIGIN of a library: the directory of the path it was found at. */
	o->origin = n->path ? dir_of(n->path) : NULL;
	if (failed || !o->origin)
		return ldso_nomem(c);
	if (map_put(c, &c->by_real, s->real.buf, noi) || map_put(c, &c->by_name, s->name, noi) ||
	    (o->info.soname && map_put(c, &c->by_name, o->info.soname, noi)))
		return -1;
	*node = ni;
	return 0;
}

static int add_missing(struct ctx *c, size_t oi, struct search *s, size_t *node)
{
	struct ldso_node *n;
	bool failed = false;

	if (add_node(c, &n))
		return -1;
	n->name = dup_or_null(s->name, &failed);
	n->how = LDSO_NOT_FOUND;
	n->loader = c->objs[oi].node;
	n->depth = c->objs[oi].depth + 1;
	n->skipped = s->skipped;
	strvec_init(&s->skipped);
	c->tree->nr_unresolved++;
	*node = c->tree->nr - 1;
	if (failed)
		return ldso_nomem(c);
	return map_put(c, &c->missing, s->name, *node);
}

/* Resolve one DT_NEEDED entry of objs[oi] and record the edge. */
static int resolve_needed(struct ctx *c, size_t oi, const char *needed)
{
	struct search s;
	struct strbuf name = STRBUF_INIT;
	size_t from = c->objs[oi].node, j, node;
	int ret = -1, r;

	ldso_search_init(&s, NULL);
	r = ldso_expand_dst(c, c->objs[oi].origin, needed, &name);
	if (r < 0) {
		ldso_nomem(c);
		goto cleanup;
	}
	if (r > 0) {
		strbuf_reset(&name);
		if (strbuf_addstr(&name, needed)) {
			ldso_nomem(c);
			goto cleanup;
		}
	}
	s.name = name.buf;
	s.name_is_host = c->objs[oi].outside && ldso_starts_with_origin(needed);
	j = smap_get(&c->by_name, s.name);
	if (j != NO_OBJ) {
		ret = add_edge(c, from, c->objs[j].node);
		goto cleanup;
	}
	if (c->nr_objs >= LDSO_MAX_NODES || c->tree->nr >= LDSO_MAX_NODES ||
	    c->kept_text > MAX_KEPT_TEXT) {
		c->tree->truncated = true;
		ret = 0;
		goto cleanup;
	}
	if (c->interp && ((c->interp->info.soname && !strcmp(s.name, c->interp->info.soname)) ||
			  !strcmp(s.name, c->objs[0].info.interp))) {
		/* The loader itself: loaded before anything else. */
		struct search *ip = c->interp;

		c->interp = NULL;
		ip->name = s.name;
		j = smap_get(&c->by_real, ip->real.buf);
		if (j != NO_OBJ) {
			node = c->objs[j].node;
			r = map_put(c, &c->by_name, s.name, j);
		} else {
			r = add_found(c, oi, ip, &node);
			if (!r)
				r = map_put(c, &c->by_name, c->objs[0].info.interp, c->nr_objs - 1);
		}
		ldso_search_release(ip);
		free(ip);
		if (r)
			goto cleanup;
		ret = add_edge(c, from, node);
		goto cleanup;
	}
	r = r > 0 ? (ldso_skip(c, &s, needed, "a token without a value") ? -1 : 1)
		  : ldso_search(c, oi, &s);
	if (r < 0)
		goto cleanup;
	if (r == 0) {
		j = smap_get(&c->by_real, s.real.buf);
		if (j != NO_OBJ) {
			/* The same file under another name: loaded once. */
			if (map_put(c, &c->by_name, s.name, j))
				goto cleanup;
			ret = add_edge(c, from, c->objs[j].node);
			goto cleanup;
		}
		if (add_found(c, oi, &s, &node))
			goto cleanup;
	} else {
		node = smap_get(&c->missing, s.name);
		if (node == NO_OBJ && add_missing(c, oi, &s, &node))
			goto cleanup;
	}
	ret = add_edge(c, from, node);
cleanup:
	ldso_search_release(&s);
	strbuf_release(&name);
	return ret;
}

/* ---- setup ---- */

static int setup_sysroot(struct ctx *c)
{
	const char *sr = c->cfg->sysroot;
	struct stat st;
	char *rp;
	size_t n;

	if (!sr || !*sr)
		sr = "/";
	rp = realpath(sr, NULL);
	if (!rp || stat(rp, &st) || !S_ISDIR(st.st_mode)) {
		fail(c, "sysroot %s: %s", sr, rp ? "not a directory" : strerror(errno));
		free(rp);
		return -1;
	}
	n = strlen(rp);
	while (n && rp[n - 1] == '/')
		n--;
	rp[n] = '\0';
	c->sysroot = rp;
	c->sysroot_len = n;
	return 0;
}

static int setup_defaults(struct ctx *c)
{
	static const char *const plain[] = { "/lib", "/usr/lib", NULL };
	struct strbuf sb = STRBUF_INIT;
	const char *const *dirs = c->cfg->default_dirs;
	const char *libdir = c->biarch;
	int ret = -1;

	c->platform = c->cfg->platform ? c->cfg->platform : c->prof.platform;
	/* The loader's own directory, "lib/<triplet>" or "lib32": its $LIB
	 * and, under / and /usr/, its first default directories. */
	if (!libdir && c->prof.triplet) {
		if (strbuf_addf(&sb, "lib/%s", c->prof.triplet) || keep_key(c, sb.buf, &libdir))
			goto cleanup;
	}
	c->lib = c->cfg->lib ? c->cfg->lib : libdir ? libdir : "lib";
	if (!dirs && libdir) {
		static const char *const prefix[] = { "/", "/usr/" };

		for (size_t i = 0; i < 2; i++) {
			strbuf_reset(&sb);
			if (ldso_host_of(c, prefix[i], &sb) || strbuf_addstr(&sb, libdir) ||
			    strvec_push(&c->default_hosts, sb.buf))
				goto cleanup;
		}
	}
	for (dirs = dirs ? dirs : plain; *dirs; dirs++) {
		if ((*dirs)[0] != '/')
			continue;
		strbuf_reset(&sb);
		if (ldso_host_of(c, *dirs, &sb) || strvec_push(&c->default_hosts, sb.buf))
			goto cleanup;
	}
	ret = 0;
cleanup:
	strbuf_release(&sb);
	if (ret)
		ldso_nomem(c);
	return ret;
}

/* The root's PT_INTERP, when it is a library of the root's kind. -1 nomem. */
static int setup_interp(struct ctx *c, const char *interp)
{
	struct strbuf h = STRBUF_INIT;
	struct search *s = malloc(sizeof(*s));
	int r = -1;

	if (!s)
		return ldso_nomem(c);
	ldso_search_init(s, interp);
	if (ldso_host_of(c, interp, &h)) {
		ldso_nomem(c);
		goto cleanup;
	}
	r = ldso_try_candidate(c, s, h.buf, LDSO_INTERP);
	if (r == 0) {
		bool outside;

		/* where the loader really lies tells which directories it searches */
		c->biarch = ldso_biarch_dir(ldso_target_of(c, s->real.buf, &outside));
		c->interp = s;
		s = NULL;
	} else if (r > 0) {
		r = 0; /* not there (a foreign sysroot): an ordinary search finds it, or not */
	}
cleanup:
	if (s) {
		ldso_search_release(s);
		free(s);
	}
	strbuf_release(&h);
	return r;
}

/* The root: objs[0]. 0, 1 not ELF, -1 error. */
static int setup_root(struct ctx *c, const char *root_path)
{
	struct strbuf abs = STRBUF_INIT, real = STRBUF_INIT;
	struct ldso_tree *t = c->tree;
	struct obj *o;
	const char *origin_host;
	size_t oi;
	bool outside;
	int ret = -1, r;

	if (add_obj(c, &oi))
		return -1;
	o = &c->objs[oi];
	o->node = LDSO_ROOT;
	o->loader = NO_OBJ;
	r = elf_info_read(root_path, &o->info, c->err);
	if (r == ELF_INFO_ARCHIVE) {
		fail(c, "%s: a static archive, not a loadable ELF file", root_path);
		r = 1;
	}
	if (r) {
		ret = r;
		goto cleanup;
	}
	c->want_class = o->info.elf_class;
	c->want_data = o->info.data;
	c->want_machine = o->info.machine;
	c->prof = ldso_profile_for(&o->info);

	if (root_path[0] != '/') {
		char *cwd = getcwd(NULL, 0);

		if (!cwd) {
			fail(c, "%s: getcwd: %s", root_path, strerror(errno));
			goto cleanup;
		}
		r = path_join(&abs, cwd, root_path);
		free(cwd);
		if (r)
			goto nomem;
	} else if (strbuf_addstr(&abs, root_path)) {
		goto nomem;
	}
	r = ldso_real_host(c, abs.buf, &real);
	if (r) {
		fail(c, "%s: cannot resolve the real path: %s", root_path,
		     r > 0 ? "no such file" : strerror(errno));
		goto cleanup;
	}
	t->root_real = strdup(real.buf);
	if (!t->root_real)
		goto nomem;
	/* glibc: /proc/self/exe (real path) for the program, else the name as given. */
	origin_host = o->info.type == ET_EXEC || o->info.pie ? real.buf : abs.buf;
	o->origin = dir_of(ldso_target_of(c, origin_host, &outside));
	o->outside = outside;
	if (!o->origin)
		goto nomem;
	if (map_put(c, &c->by_real, real.buf, oi) ||
	    (o->info.soname && map_put(c, &c->by_name, o->info.soname, oi)))
		goto cleanup;
	if (o->info.interp && o->info.interp[0] == '/' && setup_interp(c, o->info.interp))
		goto cleanup;
	ret = 0;
	goto cleanup;
nomem:
	ldso_nomem(c);
cleanup:
	strbuf_release(&abs);
	strbuf_release(&real);
	return ret;
}

static void ctx_release(struct ctx *c)
{
	for (size_t i = 0; i < c->nr_objs; i++) {
		free(c->objs[i].origin);
		elf_info_release(&c->objs[i].info);
		strvec_clear(&c->objs[i].rpath_hosts);
		strvec_clear(&c->objs[i].runpath_hosts);
	}
	free(c->objs);
	free(c->sysroot);
	strvec_clear(&c->default_hosts);
	strvec_clear(&c->keystore);
	strmap_release(&c->by_name);
	strmap_release(&c->by_real);
	strmap_release(&c->missing);
	strbuf_release(&c->cache_data);
	free(c->cache);
	strvec_clear(&c->conf_hosts);
	strvec_clear(&c->llp_hosts);
	if (c->interp) {
		ldso_search_release(c->interp);
		free(c->interp);
	}
}

/* ---- API ---- */

void ldso_tree_init(struct ldso_tree *tree)
{
	memset(tree, 0, sizeof(*tree));
	strvec_init(&tree->warnings);
}

void ldso_tree_release(struct ldso_tree *tree)
{
	for (size_t i = 0; i < tree->nr; i++) {
		struct ldso_node *n = &tree->nodes[i];

		free(n->name);
		free(n->path);
		free(n->real_path);
		free(n->host_path);
		free(n->soname);
		strvec_clear(&n->skipped);
	}
	free(tree->nodes);
	free(tree->edges);
	free(tree->root_path);
	free(tree->root_real);
	strvec_clear(&tree->warnings);
	ldso_tree_init(tree);
}

int ldso_resolve(const struct ldso_config *cfg, const char *root_path, struct ldso_tree *out,
		 struct strbuf *err)
{
	static const struct ldso_config defaults = LDSO_CONFIG_INIT;
	struct ctx c;
	unsigned max_depth;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.cfg = cfg ? cfg : &defaults;
	c.tree = out;
	c.err = err;
	strvec_init(&c.default_hosts);
	strvec_init(&c.keystore);
	strvec_init(&c.conf_hosts);
	strvec_init(&c.llp_hosts);
	strbuf_init(&c.cache_data);
	max_depth = c.cfg->max_depth ? c.cfg->max_depth : LDSO_DEFAULT_MAX_DEPTH;

	ldso_tree_release(out);
	out->root_path = strdup(root_path);
	if (!out->root_path) {
		ldso_nomem(&c);
		goto cleanup;
	}
	if (setup_sysroot(&c))
		goto cleanup;
	ret = setup_root(&c, root_path);
	if (ret)
		goto cleanup;
	ret = -1;
	if (setup_defaults(&c))
		goto cleanup;
	/* Breadth first, as _dl_map_object_deps: objs grows while we walk it. */
	for (size_t oi = 0; oi < c.nr_objs; oi++) {
		if (!c.objs[oi].info.needed.nr)
			continue;
		if (c.objs[oi].depth >= max_depth) {
			out->truncated = true;
			continue;
		}
		for (size_t k = 0; k < c.objs[oi].info.needed.nr; k++) {
			/* objs may move: copy the name first */
			char *needed = strdup(c.objs[oi].info.needed.v[k]);
			int r;

			if (!needed) {
				ldso_nomem(&c);
				goto cleanup;
			}
			r = resolve_needed(&c, oi, needed);
			free(needed);
			if (r)
				goto cleanup;
		}
	}
	ret = 0;
cleanup:
	ctx_release(&c);
	if (ret) {
		ldso_tree_release(out);
	}
	return ret;
}

const char *ldso_how_name(enum ldso_how how)
{
	switch (how) {
	case LDSO_NOT_FOUND:
		return "not found";
	case LDSO_PATH:
		return "path";
	case LDSO_RPATH:
		return "rpath";
	case LDSO_LD_LIBRARY_PATH:
		return "LD_LIBRARY_PATH";
	case LDSO_RUNPATH:
		return "runpath";
	case LDSO_CACHE:
		return "ld.so.cache";
	case LDSO_CONF:
		return "ld.so.conf";
	case LDSO_DEFAULT:
		return "default";
	case LDSO_INTERP:
		return "interp";
	}
	return "?";
}

long ldso_tree_find(const struct ldso_tree *tree, const char *s)
{
	for (size_t i = 0; i < tree->nr; i++) {
		const struct ldso_node *n = &tree->nodes[i];

		if (!strcmp(n->name, s) || (n->soname && !strcmp(n->soname, s)) ||
		    (n->real_path && !strcmp(n->real_path, s)))
			return (long)i;
	}
	return -1;
}
