/* SPDX-License-Identifier: Apache-2.0 */
/* The attribution rules (attribute.h). */
#include "attribute.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pathglob.h"
#include "pathutil.h"
#include "alloc.h"
#include "banned.h"

const char *origin_name(enum origin o)
{
	switch (o) {
	case ORIG_DECLARED:
		return "declared";
	case ORIG_PACKAGE:
		return "package";
	case ORIG_VENDORED:
		return "vendored";
	case ORIG_UNKNOWN:
		return "unknown provenance";
	case ORIG_IN_TREE:
		return "in the project tree";
	case ORIG_NOTICE:
		return "copied code (notice)";
	case ORIG_FINGERPRINT:
		return "embedded (fingerprint)";
	}
	return "unknown provenance";
}

/* Literal length of a glob before its first wildcard: its specificity. */
static size_t literal_len(const char *g)
{
	return strcspn(g, "*?[");
}

/* "libz.so.1.2.13" -> "z", "libsensorsdk.a" -> "sensorsdk"; NULL when not lib*. */
char *attr_lib_name(const char *path)
{
	const char *b = path_basename(path), *end;

	if (strncmp(b, "lib", 3))
		return NULL;
	end = strstr(b, ".so");
	if (!end)
		end = strstr(b, ".a");
	if (!end || end == b + 3)
		return NULL;
	return strndup(b + 3, (size_t)(end - b - 3));
}

/* path relative to dir when under it (pointer into path), else NULL. */
const char *attr_under_dir(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return path + 1;
	if (strncmp(path, dir, n) || (path[n] != '/' && path[n]))
		return NULL;
	return path[n] ? path + n + 1 : path + n;
}

/* path relative to the project root when under it, else NULL. */
const char *attr_under_root(const struct attr_rules *r, const char *path)
{
	return attr_under_dir(r->root, path);
}

/* A folder as the output shows it: relative to the project root when under it. */
const char *attr_shown(const struct attr_rules *r, const char *path)
{
	const char *rel = attr_under_root(r, path);

	return rel ? rel : path;
}

/*
 * glob matches path: an absolute glob the path itself, a relative one the
 * path under the project root; with anywhere, a relative glob that starts
 * with "**" also matches a path outside the root (a component's
 * _deps/zlib-src below a build tree elsewhere; ignore rules stay
 * inside the project).
 */
static bool glob_hits(const struct attr_rules *r, const char *glob, const char *path, bool anywhere)
{
	const char *rel = attr_under_root(r, path);

	if (glob[0] == '/')
		return pathglob_match(glob, path);
	if (rel)
		return pathglob_match(glob, rel);
	return anywhere && !strncmp(glob, "**/", 3) && pathglob_match(glob, path + 1);
}

/* The first ignore rule of soup.json whose paths match path, or -1. */
static long ignore_rule(const struct attr_rules *r, const char *path)
{
	for (size_t i = 0; i < r->soup->nr_ignores; i++)
		for (size_t k = 0; k < r->soup->ignores[i].paths.nr; k++)
			if (glob_hits(r, r->soup->ignores[i].paths.v[k], path, false))
				return (long)i;
	return -1;
}

/*
 * The declared component that claims a file, or -1. Facts about the file:
 * its path, its library name (or NULL), its owning package (or NULL), and
 * the name it would get otherwise. Most specific rule wins.
 */
long attr_declared_for(const struct attr_rules *r, const char *path, const char *lib,
		       const struct pkg_info *pkg, const char *natural_name, size_t *how)
{
	long best = -1;
	size_t best_score = 0;

	for (size_t i = 0; i < r->soup->nr_components; i++) {
		const struct soup_component *d = &r->soup->components[i];
		size_t score = 0;

		for (size_t k = 0; k < d->match_paths.nr; k++)
			if (glob_hits(r, d->match_paths.v[k], path, true) &&
			    1000 + literal_len(d->match_paths.v[k]) > score)
				score = 1000 + literal_len(d->match_paths.v[k]);
		for (size_t k = 0; lib && k < d->match_libraries.nr; k++) {
			const char *m = d->match_libraries.v[k];

			if ((!strcmp(m, lib) || !strcmp(m, path_basename(path))) && score < 500)
				score = 500;
		}
		for (size_t k = 0; pkg && k < d->match_packages.nr; k++) {
			const char *m = d->match_packages.v[k];

			if ((!strcmp(m, pkg->name) || (pkg->source && !strcmp(m, pkg->source))) &&
			    score < 400)
				score = 400;
		}
		if (!d->has_match && d->name && natural_name &&
		    !strcasecmp(d->name, natural_name) && score < 100)
			score = 100;
		if (score > best_score) {
			best_score = score;
			best = (long)i;
		}
	}
	*how = best_score;
	return best;
}

static bool has_notice(struct attr_cache *cache, const char *dir)
{
	static const char *const names[] = { "LICENSE",	    "LICENSE.txt", "LICENSE.md", "COPYING",
					     "COPYING.txt", "NOTICE",	   "LICENCE" };
	struct strbuf p = STRBUF_INIT;
	struct strmap_slot *s = cache ? strmap_find(&cache->notice, dir) : NULL;
	bool found = false, is_new;

	if (s)
		return s->val;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names) && !found; i++) {
		strbuf_reset(&p);
		path_join(&p, dir, names[i]);
		found = access(p.buf, F_OK) == 0;
	}
	strbuf_release(&p);
	/* out of memory: not kept, asked again next time */
	if (cache && strvec_push(&cache->keys, dir) == 0)
		strmap_put(&cache->notice, cache->keys.v[cache->keys.nr - 1], found, &is_new);
	return found;
}

void attr_cache_release(struct attr_cache *c)
{
	strmap_release(&c->notice);
	strvec_clear(&c->keys);
}

/*
 * The vendored folder (absolute, allocated) holding rel under base (the
 * project root or the build tree), or NULL. CMake's FetchContent puts
 * sources in _deps/NAME-src.
 */
char *attr_vendored_folder(const struct attr_rules *r, const char *base, const char *rel)
{
	static const char *const markers[] = { "third_party", "3rdparty", "vendor",
					       "external",    "extern",	  "deps",
					       "contrib",     "_deps",	  "subprojects" };
	struct strbuf dir = STRBUF_INIT;
	char *copy = strdup(rel), *slash, *res = NULL;

	if (!copy)
		return NULL;
	/* outermost first: third_party/zlib/contrib/x.c is zlib */
	for (char *p = copy; (slash = strchr(p, '/')); p = slash + 1) {
		size_t seg = (size_t)(slash - p);
		bool marker = false;

		for (size_t i = 0; i < sizeof(markers) / sizeof(*markers); i++)
			marker |= strlen(markers[i]) == seg && !strncmp(p, markers[i], seg);
		if (marker) {
			char *next = strchr(slash + 1, '/');

			if (next) { /* the folder inside the marker is the component */
				*next = '\0';
				strbuf_reset(&dir);
				path_join(&dir, base, copy);
				res = strdup(dir.buf);
				break;
			}
			continue; /* a file directly in third_party/: look no further up */
		}
		*slash = '\0';
		strbuf_reset(&dir);
		path_join(&dir, base, copy);
		*slash = '/';
		if (has_notice(r ? r->cache : NULL, dir.buf)) {
			res = strdup(dir.buf);
			break;
		}
	}
	free(copy);
	strbuf_release(&dir);
	return res;
}

/* The length of a "-1.7.15" version suffix at the end of name (a digit after the '-'), or 0. */
static size_t version_suffix(const char *name, size_t n)
{
	for (size_t i = n; i-- > 1;)
		if (name[i] == '-')
			return name[i + 1] >= '0' && name[i + 1] <= '9' ? n - i : 0;
	return 0;
}

char *attr_folder_name(const char *folder, char **glob)
{
	static const char *const fetch[] = { "-src", "-build", "-subbuild" };
	const char *base = path_basename(folder);
	size_t n = strlen(base), parent = (size_t)(base - folder);
	struct strbuf g = STRBUF_INIT;
	char *name = NULL;

	if (glob)
		*glob = NULL;
	/* CMake's FetchContent: _deps/zlib-src (sources), _deps/zlib-build (what
	 * its build generates: zconf.h), _deps/zlib-subbuild are all zlib, in
	 * whichever build folder */
	if (parent >= 7 && !strncmp(base - 7, "/_deps/", 7)) {
		for (size_t i = 0; i < sizeof(fetch) / sizeof(*fetch) && !name; i++) {
			size_t k = strlen(fetch[i]);

			if (n > k && !strcmp(base + n - k, fetch[i]))
				name = strndup(base, n - k);
		}
		if (name && glob) {
			strbuf_addf(&g, "**/_deps/%s-src/**\n**/_deps/%s-build/**", name, name);
			*glob = strbuf_detach(&g, NULL);
		}
	}
	/* Meson: subprojects/cJSON-1.7.15 is cJSON, whichever version, in the
	 * source tree and in any build folder */
	if (!name && parent >= 13 && !strncmp(base - 13, "/subprojects/", 13) &&
	    version_suffix(base, n)) {
		name = strndup(base, n - version_suffix(base, n));
		if (name && glob) {
			strbuf_addf(&g, "**/subprojects/%s-[0-9]*/**", name);
			*glob = strbuf_detach(&g, NULL);
		}
	}
	strbuf_release(&g);
	return name ? name : strdup(base);
}

/* A development package (its name ends in -dev): headers and link-time files only. */
static bool dev_package(const struct pkg_info *pkg)
{
	size_t n = strlen(pkg->name);

	return n > 4 && !strcmp(pkg->name + n - 4, "-dev");
}

/* PREFIX of PREFIX/include/..., PREFIX/lib*\/...; else the file's directory. */
char *attr_install_prefix(const char *path)
{
	static const char *const dirs[] = { "/include/", "/lib/", "/lib64/", "/lib32/", "/bin/" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		const char *hit = strstr(path, dirs[i]);

		if (hit && hit != path)
			return strndup(path, (size_t)(hit - path));
	}
	return strndup(path, (size_t)(path_basename(path) - path - (path_basename(path) > path)));
}

struct found *attr_component(struct attribution *a, const char *name, enum origin origin,
			     long declared)
{
	for (size_t i = 0; i < a->nr; i++)
		if (a->found[i].declared == declared &&
		    (declared >= 0 || !strcmp(a->found[i].name, name)))
			return &a->found[i];
	ALLOC_GROW(a->found, a->nr + 1, a->alloc);
	memset(&a->found[a->nr], 0, sizeof(*a->found));
	strvec_init(&a->found[a->nr].evidence);
	a->found[a->nr].name =
		strdup(declared >= 0 ? a->rules->soup->components[declared].name : name);
	if (!a->found[a->nr].name)
		return NULL;
	a->found[a->nr].origin = declared >= 0 ? ORIG_DECLARED : origin;
	a->found[a->nr].natural = origin;
	a->found[a->nr].declared = declared;
	a->found[a->nr].confidence = "high";
	return &a->found[a->nr++];
}

void attr_set_once(char **dst, const char *v)
{
	if (!*dst && v)
		*dst = strdup(v);
}

int attr_add_file(struct found *f, const struct found_file *in)
{
	struct found_file *ff;

	ALLOC_GROW(f->files, f->nr_files + 1, f->alloc_files);
	ff = &f->files[f->nr_files++];
	memset(ff, 0, sizeof(*ff));
	ff->path = strdup(in->path);
	ff->member = in->member ? strdup(in->member) : NULL;
	ff->evidence = strdup(in->evidence);
	ff->record = in->record ? strdup(in->record) : NULL;
	ff->loaded_by = in->loaded_by ? strdup(in->loaded_by) : NULL;
	ff->technique = in->technique;
	ff->static_link = in->static_link;
	ff->header = in->header;
	return 0;
}

/* A first-party-looking source or header for the provenance checks. */
/* A source or header, by its extension: what carries a notice. */
bool attr_is_source(const char *path)
{
	static const char *const exts[] = { ".c",   ".h",   ".cc",  ".cpp", ".cxx", ".hh",
					    ".hpp", ".hxx", ".inc", ".ipp", ".s",   ".S" };
	const char *ext = path_extension(path);

	for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++)
		if (!strcmp(ext, exts[i]))
			return true;
	return false;
}

static void first_party_file(struct attribution *a, const struct found_file *in)
{
	if (!attr_is_source(in->path))
		return; /* the closure lists each file once */
	strvec_push(&a->fp_paths, in->path);
	strvec_push(&a->fp_evidence, in->evidence);
}

/*
 * The placing rules attribute() and the provenance pre-pass share. m is
 * the caller's (initialised, released by it); *folder is allocated for
 * PLACE_VENDORED.
 */
enum place attr_place(const struct attr_rules *r, const char *path, struct pkgdb_match *m,
		      char **folder, long *declared)
{
	const char *rel = attr_under_root(r, path);
	const char *brel = r->build_root ? attr_under_dir(r->build_root, path) : NULL;
	struct strbuf err = STRBUF_INIT;
	size_t how;
	bool owned;

	*folder = NULL;
	*declared = -1;
	if (ignore_rule(r, path) >= 0)
		return PLACE_IGNORED;
	owned = r->pkgdb && pkgdb_lookup(r->pkgdb, path, m, &err) == 0 && m->pkg;
	strbuf_release(&err);
	if (owned)
		return PLACE_PACKAGE;
	if ((rel && (*folder = attr_vendored_folder(r, r->root, rel))) ||
	    (!rel && brel && (*folder = attr_vendored_folder(r, r->build_root, brel))))
		return PLACE_VENDORED;
	if (!rel && !brel)
		return PLACE_OUTSIDE;
	/* the project's own tree: a declaration naming the file claims it */
	*declared = attr_declared_for(r, path, NULL, NULL, NULL, &how);
	return *declared >= 0 ? PLACE_DECLARED_IN_TREE : PLACE_FIRST_PARTY;
}

void attr_subs_init(struct attr_subs *s)
{
	memset(s, 0, sizeof(*s));
	strvec_init(&s->paths);
}

void attr_subs_release(struct attr_subs *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		free(s->v[i].name);
		free(s->v[i].why);
		free(s->v[i].supplier);
		free(s->v[i].license);
		free(s->v[i].note);
	}
	free(s->v);
	strmap_release(&s->by_path);
	strvec_clear(&s->paths);
	attr_subs_init(s);
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;

	*oom |= s && !d;
	return d;
}

int attr_subs_add(struct attr_subs *s, const char *path, const struct attr_sub *sub)
{
	struct attr_sub *d;
	bool oom = false, is_new;

	if (strmap_find(&s->by_path, path))
		return 0; /* judged once */
	ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	d = &s->v[s->nr];
	d->name = dup_or_null(sub->name, &oom);
	d->why = dup_or_null(sub->why, &oom);
	d->supplier = dup_or_null(sub->supplier, &oom);
	d->license = dup_or_null(sub->license, &oom);
	d->note = dup_or_null(sub->note, &oom);
	d->fingerprint = sub->fingerprint;
	s->nr++;
	if (oom || strvec_push(&s->paths, path) ||
	    !strmap_put(&s->by_path, s->paths.v[s->paths.nr - 1], s->nr - 1, &is_new))
		return -1;
	return 0;
}

/* The sub-component a file of a vendored folder is, or NULL. */
static const struct attr_sub *sub_of(const struct attr_rules *r, const char *path)
{
	const struct strmap_slot *at = r->subs ? strmap_find(&r->subs->by_path, path) : NULL;

	return at ? &r->subs->v[at->val] : NULL;
}

/* Assign one file and note its evidence. */
void attr_file(struct attribution *a, const struct found_file *in)
{
	const char *path = in->path, *member = in->member, *evidence = in->evidence;
	const struct attr_rules *r = a->rules;
	struct pkgdb_match m;
	struct strbuf ev = STRBUF_INIT, where = STRBUF_INIT;
	const struct pkg_info *pkg = NULL;
	const struct attr_sub *sub = NULL;
	char *lib = attr_lib_name(path), *folder = NULL, *natural = NULL, *unknown_prefix = NULL;
	enum origin origin = ORIG_UNKNOWN;
	struct found *f;
	size_t how;
	long d;

	pkgdb_match_init(&m);
	if (in->empty)
		goto out; /* no code, no data: it adds nothing (the trace view lists it) */
	a->files++;
	switch (attr_place(r, path, &m, &folder, &d)) {
	case PLACE_IGNORED: /* counted, so that what a rule silences is shown */
		if (!a->ignored)
			a->ignored = xcalloc(r->soup->nr_ignores + 1, sizeof(*a->ignored));
		a->ignored[ignore_rule(r, path)]++;
		goto out;
	case PLACE_PACKAGE:
		pkg = m.pkg;
		origin = ORIG_PACKAGE;
		natural = strdup(pkg->source ? pkg->source : pkg->name);
		strbuf_addf(&where, "package %s %s", pkg->name, pkg->version);
		break;
	case PLACE_VENDORED: {
		char *whose = attr_folder_name(folder, NULL);

		if ((sub = sub_of(r, path)) && whose && strcasecmp(whose, sub->name)) {
			/* another's code inside the folder: a component of its own */
			origin = sub->fingerprint ? ORIG_FINGERPRINT : ORIG_NOTICE;
			natural = strdup(sub->name);
			strbuf_addf(&where, "%s %s (inside folder %s, %s's)",
				    sub->fingerprint ? "fingerprint" : "notice", sub->why,
				    attr_shown(r, folder), whose);
			free(whose);
			break;
		}
		sub = NULL;
		origin = ORIG_VENDORED;
		natural = whose;
		strbuf_addf(&where, "folder %s", attr_shown(r, folder));
		break;
	}
	case PLACE_FIRST_PARTY:
		if (in->unproduced) {
			/* first-party needs a producing record: prebuilt code in the
			 * tree is a component of its own until declared */
			origin = ORIG_UNKNOWN;
			natural = lib ? strdup(lib) : strdup(path_basename(path));
			strbuf_addf(&where,
				    "in the project tree (%s), but no recorded compile "
				    "produced it: prebuilt, or built without the wrappers",
				    attr_shown(r, path));
			break;
		}
		if (attr_under_root(r, path) && !member)
			first_party_file(a, in); /* provenance looks at its notice */
		goto out;
	case PLACE_DECLARED_IN_TREE:
		origin = ORIG_IN_TREE;
		natural = strdup(r->soup->components[d].name);
		strbuf_addf(&where, "in the project tree (%s)", attr_shown(r, path));
		break;
	case PLACE_OUTSIDE: {
		char *prefix = attr_install_prefix(path);
		long k = prefix ? strvec_find(&a->prefixes, prefix) : -1;

		origin = ORIG_UNKNOWN;
		if (k >= 0 && *a->prefix_libs.v[k])
			natural = strdup(a->prefix_libs.v[k]);
		else
			natural = strdup(lib ? lib : path_basename(prefix ? prefix : path));
		strbuf_addf(&where, "outside the project, owned by no package (%s)",
			    prefix ? prefix : path);
		unknown_prefix = prefix;
		break;
	}
	}
	/* a header of a prebuilt SDK goes with the SDK's library */
	d = attr_declared_for(r, path,
			      lib		       ? lib
			      : origin == ORIG_UNKNOWN ? natural
						       : NULL,
			      pkg, natural, &how);
	f = attr_component(a, natural, origin, d);
	if (f) {
		attr_set_once(&f->where, where.buf);
		attr_set_once(&f->folder, folder);
		attr_set_once(&f->prefix, unknown_prefix);
		/* the package the component is named by: the one that ships (zlib1g),
		 * not the one a build needed (zlib1g-dev), whichever file came first */
		if (pkg && (!f->pkg || (dev_package(f->pkg) && !dev_package(pkg))))
			f->pkg = pkg;
		if (pkg && !f->version) {
			attr_set_once(&f->version, pkg->version);
			attr_set_once(&f->version_from, where.buf);
		}
		strbuf_addf(&ev, "%s%s%s%s: %s", path, member ? "(" : "", member ? member : "",
			    member ? ")" : "", evidence);
		if (sub) {
			f->confidence = "medium";
			attr_set_once(&f->supplier_found, sub->supplier);
			attr_set_once(&f->license_found, sub->license);
			strbuf_addf(&ev, "; %s", sub->note);
		}
		strvec_push(&f->evidence, ev.buf);
		attr_add_file(f, in);
	}
out:
	pkgdb_match_release(&m);
	free(lib);
	free(folder);
	free(natural);
	free(unknown_prefix);
	strbuf_release(&ev);
	strbuf_release(&where);
}

/* The one library installed in PREFIX/lib ("sensorsdk"), or NULL. */
static char *prefix_library(const char *prefix)
{
	struct strbuf dir = STRBUF_INIT;
	char *found = NULL;
	bool several = false;
	DIR *d;
	struct dirent *de;

	strbuf_addf(&dir, "%s/lib", prefix);
	d = opendir(dir.buf);
	while (d && (de = readdir(d)) && !several) {
		char *lib = attr_lib_name(de->d_name);

		if (!lib)
			continue;
		if (found && strcmp(found, lib))
			several = true;
		if (!found)
			found = lib;
		else
			free(lib);
	}
	if (d)
		closedir(d);
	strbuf_release(&dir);
	if (several) {
		free(found);
		found = NULL;
	}
	return found;
}

/* Collect the library name each unknown-provenance prefix provides. */
void attr_index_prefixes(struct attribution *a, const struct closure *cl)
{
	for (size_t i = 0; i < cl->nr; i++) {
		const struct closure_file *f = &cl->files[i];
		char *prefix, *lib;

		if (attr_under_root(a->rules, f->path))
			continue;
		prefix = attr_install_prefix(f->path);
		lib = attr_lib_name(f->path);
		if (prefix && strvec_find(&a->prefixes, prefix) < 0) {
			strvec_push(&a->prefixes, prefix);
			strvec_push(&a->prefix_libs, lib ? lib : "");
		} else if (prefix && lib) {
			long k = strvec_find(&a->prefixes, prefix);

			if (!*a->prefix_libs.v[k]) {
				free((char *)a->prefix_libs.v[k]);
				a->prefix_libs.v[k] = strdup(lib);
			}
		}
		free(prefix);
		free(lib);
	}
	/* without the library in the closure (binary evidence: headers only),
	 * the prefix's installed library still names it */
	for (size_t k = 0; k < a->prefixes.nr; k++) {
		char *lib;

		if (*a->prefix_libs.v[k] || !(lib = prefix_library(a->prefixes.v[k])))
			continue;
		free((char *)a->prefix_libs.v[k]);
		a->prefix_libs.v[k] = lib;
	}
}

void found_release(struct found *f)
{
	free(f->name);
	free(f->where);
	free(f->version);
	free(f->version_from);
	free(f->folder);
	free(f->prefix);
	free(f->supplier_found);
	free(f->license_found);
	free(f->purl_found);
	free(f->cpe_found);
	strvec_clear(&f->evidence);
	for (size_t i = 0; i < f->nr_files; i++) {
		free(f->files[i].path);
		free(f->files[i].member);
		free(f->files[i].evidence);
		free(f->files[i].record);
		free(f->files[i].loaded_by);
	}
	free(f->files);
}

void attribution_init(struct attribution *a, const struct attr_rules *rules)
{
	memset(a, 0, sizeof(*a));
	a->rules = rules;
	strvec_init(&a->prefixes);
	strvec_init(&a->prefix_libs);
	strvec_init(&a->fp_paths);
	strvec_init(&a->fp_evidence);
}

void attribution_release(struct attribution *a)
{
	for (size_t i = 0; i < a->nr; i++)
		found_release(&a->found[i]);
	free(a->found);
	strvec_clear(&a->prefixes);
	strvec_clear(&a->prefix_libs);
	strvec_clear(&a->fp_paths);
	strvec_clear(&a->fp_evidence);
	free(a->ignored);
	a->ignored = NULL;
	a->found = NULL;
	a->nr = a->alloc = 0;
}
