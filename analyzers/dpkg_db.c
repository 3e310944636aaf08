/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The dpkg database (pkgdb.h): opening it, the file lists and diversions,
 * the queries and purls. The status file is read by dpkg_status.c, the
 * copyright files by dpkg_copyright.c, versions are compared by pkgver.c.
 */
#include "pkgdb.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ascii.h"
#include "dpkg_internal.h"
#include "pathutil.h"
#include "strmap.h"
#include "banned.h"

int dpkg_grow_array(void **arr, size_t *alloc, size_t need, size_t size)
{
	size_t n;
	void *p;

	if (need <= *alloc)
		return 0;
	n = *alloc ? *alloc : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return -1;
		n *= 2;
	}
	p = realloc(*arr, n * size);
	if (!p)
		return -1;
	*arr = p;
	*alloc = n;
	return 0;
}

int dpkg_fail(struct strbuf *err, const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	if (line)
		strbuf_addf(err, "%s:%zu: ", file, line);
	else
		strbuf_addf(err, "%s: ", file);
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

/* 0, or -1 when out of memory. */
int dpkg_warn(struct pkgdb *db, const char *file, size_t line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	if (db->warnings.nr >= PKGDB_MAX_WARNINGS) {
		db->warnings_dropped++;
		return 0;
	}
	if (line)
		r = strbuf_addf(&sb, "%s:%zu: ", file, line);
	else
		r = strbuf_addf(&sb, "%s: ", file);
	va_start(ap, fmt);
	r |= strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r) {
		strbuf_release(&sb);
		return -1;
	}
	return strvec_push_nodup(&db->warnings, strbuf_detach(&sb, NULL));
}

bool dpkg_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* dpkg's pkg_name_is_illegal(): also keeps names safe as file names. */
bool dpkg_valid_pkg_name(const char *s)
{
	size_t n = 0;

	if (!ascii_is_alnum(s[0]))
		return false;
	for (; *s; s++, n++)
		if (!ascii_is_alnum(*s) && !strchr("-+._", *s))
			return false;
	return n <= MAX_NAME_LEN;
}

/* dpkg_arch_name_is_illegal(). */
bool dpkg_valid_arch(const char *s)
{
	size_t n = 0;

	if (!ascii_is_alnum(s[0]))
		return false;
	for (; *s; s++, n++)
		if (!ascii_is_alnum(*s) && *s != '-')
			return false;
	return n <= MAX_NAME_LEN;
}

/* ---- file lists ---- */

static int keep_chunk(struct pkgdb *db, char *chunk)
{
	if (DPKG_GROW(db->chunks, db->alloc_chunks, db->nr_chunks + 1)) {
		free(chunk);
		return -1;
	}
	db->chunks[db->nr_chunks++] = chunk;
	return 0;
}

static int add_owner(struct pkgdb *db, const char *path, uint32_t pkg)
{
	struct strmap_slot *s;
	struct pathent *pe;
	bool is_new;

	s = strmap_put(&db->paths, path, (uint32_t)db->nr_ents, &is_new);
	if (!s)
		return -1;
	if (is_new) {
		if (DPKG_GROW(db->ents, db->alloc_ents, db->nr_ents + 1))
			return -1;
		db->ents[db->nr_ents].head = db->ents[db->nr_ents].tail = NONE;
		db->nr_ents++;
	}
	pe = &db->ents[s->val];
	if (pe->tail != NONE && db->owners[pe->tail].pkg == pkg)
		return 0; /* listed twice by one package */
	if (db->nr_owners >= UINT32_MAX - 1 ||
	    DPKG_GROW(db->owners, db->alloc_owners, db->nr_owners + 1))
		return -1;
	db->owners[db->nr_owners].pkg = pkg;
	db->owners[db->nr_owners].next = NONE;
	if (pe->tail == NONE)
		pe->head = (uint32_t)db->nr_owners;
	else
		db->owners[pe->tail].next = (uint32_t)db->nr_owners;
	pe->tail = (uint32_t)db->nr_owners;
	db->nr_owners++;
	return 0;
}

/* 0, or -1 (out of memory, too many paths; message in err). */
static int parse_list(struct pkgdb *db, const char *file, char *data, size_t len, uint32_t pkg,
		      struct strbuf *err)
{
	size_t pos = 0, lineno = 0;

	while (pos < len) {
		char *line = data + pos, *nl;
		size_t n, avail = len - pos;

		lineno++;
		nl = memchr(line, '\n', avail);
		if (!nl) {
			if (dpkg_warn(db, file, lineno, "the last line has no newline: skipped"))
				goto nomem;
			break;
		}
		n = (size_t)(nl - line);
		pos += n + 1;
		*nl = '\0';
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (n > PKGDB_MAX_LINE) {
			if (dpkg_warn(db, file, lineno, "line longer than %d bytes: skipped",
				      PKGDB_MAX_LINE))
				goto nomem;
			continue;
		}
		if (strlen(line) != n) {
			if (dpkg_warn(db, file, lineno, "NUL byte: line skipped"))
				goto nomem;
			continue;
		}
		if (line[0] != '/') {
			if (dpkg_warn(db, file, lineno, "not an absolute path: skipped"))
				goto nomem;
			continue;
		}
		path_normalize(line);
		if (db->nr_ents >= PKGDB_MAX_PATHS)
			return dpkg_fail(err, file, lineno, "more than %zu paths in the database",
					 (size_t)PKGDB_MAX_PATHS);
		if (add_owner(db, line, pkg))
			goto nomem;
	}
	return 0;
nomem:
	return dpkg_fail(err, file, 0, "out of memory");
}

struct listfile {
	char *path;
	char *data; /* handed to db->chunks once parsed */
	size_t len;
};

/*
 * Read every kept package's .list first, then index them: the number of
 * lines sizes the hash table once (a load without rehashing).
 */
static int load_lists(struct pkgdb *db, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	struct listfile *lf = NULL;
	size_t i, lines = 0;
	int ret = -1;

	if (!db->nr)
		return 0;
	lf = calloc(db->nr, sizeof(*lf));
	if (!lf)
		goto nomem;
	for (i = 0; i < db->nr; i++) {
		const struct pkg_info *pi = &db->pkgs[i].info;
		bool same = pi->multi_arch && !strcmp(pi->multi_arch, "same");
		int attempt, r = -1;
		const char *p, *e;

		for (attempt = 0; attempt < 2; attempt++) {
			bool with_arch = (attempt == 0) == same;

			strbuf_reset(&path);
			strbuf_reset(&sb);
			if (strbuf_addf(&path, "%s/info/%s%s%s.list", db->admindir, pi->name,
					with_arch ? ":" : "", with_arch ? pi->arch : ""))
				goto nomem;
			r = strbuf_read_file(&sb, path.buf, PKGDB_MAX_LIST);
			if (!r || (errno != ENOENT && errno != ENOTDIR))
				break;
		}
		if (r) {
			if (errno == ENOENT || errno == ENOTDIR) {
				if (dpkg_warn(db, db->admindir, 0, "package %s:%s has no file list",
					      pi->name, pi->arch))
					goto nomem;
			} else if (errno == EFBIG) {
				if (dpkg_warn(db, path.buf, 0, "larger than %zu bytes: skipped",
					      (size_t)PKGDB_MAX_LIST))
					goto nomem;
			} else if (errno == ENOMEM) {
				goto nomem;
			} else {
				dpkg_fail(err, path.buf, 0, "%s", strerror(errno));
				goto cleanup;
			}
			continue;
		}
		lf[i].path = strbuf_detach(&path, NULL);
		lf[i].data = strbuf_detach(&sb, &lf[i].len);
		if (!lf[i].path || !lf[i].data)
			goto nomem;
		{
			/* strbuf doubles: give the slack back, the buffer is kept */
			char *fit = realloc(lf[i].data, lf[i].len + 1);

			if (fit)
				lf[i].data = fit;
		}
		for (p = lf[i].data, e = p + lf[i].len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
			lines++;
	}
	if (strmap_reserve(&db->paths, lines < PKGDB_MAX_PATHS ? lines : PKGDB_MAX_PATHS))
		goto nomem;
	for (i = 0; i < db->nr; i++) {
		char *data = lf[i].data;

		if (!data)
			continue;
		lf[i].data = NULL;
		if (keep_chunk(db, data))
			goto nomem;
		if (parse_list(db, lf[i].path, data, lf[i].len, (uint32_t)i, err))
			goto cleanup;
	}
	ret = 0;
	goto cleanup;
nomem:
	dpkg_fail(err, db->admindir, 0, "out of memory");
cleanup:
	for (i = 0; lf && i < db->nr; i++) {
		free(lf[i].path);
		free(lf[i].data);
	}
	free(lf);
	strbuf_release(&path);
	strbuf_release(&sb);
	return ret;
}

/* load_lists(), then the index of what was read written for the next run. */
static int load_lists_indexed(struct pkgdb *db, const char *cache_dir, struct strbuf *err)
{
	size_t first = db->warnings.nr, dropped = db->warnings_dropped;

	if (load_lists(db, err))
		return -1;
	/* the reason the index was not used (dpkg_index_load) goes along */
	snprintf(db->ix_text, sizeof(db->ix_text), "%s: %s",
		 dpkg_index_save(db, cache_dir, first, dropped) ? "not written" : "built",
		 db->ix_state);
	db->ix_state = db->ix_text;
	return 0;
}

static int load_diversions(struct pkgdb *db, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	const char *lines[3];
	size_t pos = 0, lineno = 0, len, k = 0;
	int ret = -1;
	char *data;

	if (strbuf_addf(&path, "%s/diversions", db->admindir))
		goto nomem;
	if (strbuf_read_file(&sb, path.buf, MAX_DIVERSIONS_SIZE)) {
		if (errno == ENOENT) {
			ret = 0;
		} else if (errno == EFBIG) {
			dpkg_fail(err, path.buf, 0, "larger than %zu bytes",
				  (size_t)MAX_DIVERSIONS_SIZE);
		} else {
			dpkg_fail(err, path.buf, 0, "%s", strerror(errno));
		}
		goto cleanup;
	}
	data = strbuf_detach(&sb, &len);
	if (!data || keep_chunk(db, data))
		goto nomem;
	while (pos < len) {
		char *line = data + pos, *nl = memchr(line, '\n', len - pos);
		size_t n;

		lineno++;
		if (!nl) {
			dpkg_fail(err, path.buf, lineno, "truncated: the last line has no newline");
			goto cleanup;
		}
		n = (size_t)(nl - line);
		pos += n + 1;
		*nl = '\0';
		if (strlen(line) != n || n == 0 || n > PKGDB_MAX_LINE ||
		    (k < 2 && line[0] != '/')) {
			dpkg_fail(err, path.buf, lineno, "malformed diversion");
			goto cleanup;
		}
		if (k < 2)
			path_normalize(line);
		lines[k++] = line;
		if (k == 3) {
			struct strmap_slot *s;
			bool is_new;

			k = 0;
			if (DPKG_GROW(db->divs, db->alloc_divs, db->nr_divs + 1))
				goto nomem;
			db->divs[db->nr_divs].from = lines[0];
			db->divs[db->nr_divs].to = lines[1];
			db->divs[db->nr_divs].by = lines[2];
			if (!(s = strmap_put(&db->div_from, lines[0], (uint32_t)db->nr_divs,
					     &is_new)) ||
			    !(s = strmap_put(&db->div_to, lines[1], (uint32_t)db->nr_divs,
					     &is_new)))
				goto nomem;
			db->nr_divs++;
		}
	}
	if (k) {
		dpkg_fail(err, path.buf, lineno, "truncated: incomplete diversion");
		goto cleanup;
	}
	ret = 0;
	goto cleanup;
nomem:
	dpkg_fail(err, path.buf, 0, "out of memory");
cleanup:
	strbuf_release(&path);
	strbuf_release(&sb);
	return ret;
}

static int check_updates(struct pkgdb *db)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	size_t pending = 0;
	DIR *d;
	int ret = 0;

	if (strbuf_addf(&path, "%s/updates", db->admindir))
		return -1;
	d = opendir(path.buf);
	if (d) {
		while ((de = readdir(d)))
			if (ascii_is_digit(de->d_name[0]))
				pending++;
		closedir(d);
	}
	if (pending)
		ret = dpkg_warn(db, path.buf, 0,
				"%zu pending update(s): the status file is older than the system "
				"(dpkg was interrupted; dpkg --configure -a applies them)",
				pending);
	strbuf_release(&path);
	return ret;
}

static char *dup_or(const char *s, const char *dflt)
{
	return strdup(s && *s ? s : dflt);
}

int pkgdb_open_dpkg(const struct pkgdb_config *cfg, struct pkgdb **out, struct strbuf *err)
{
	struct pkgdb_config dflt = PKGDB_CONFIG_INIT;
	struct strbuf path = STRBUF_INIT;
	struct pkgdb *db;
	int ret = -1;
	char *p;

	*out = NULL;
	if (!cfg)
		cfg = &dflt;
	db = calloc(1, sizeof(*db));
	if (!db)
		return dpkg_fail(err, "pkgdb", 0, "out of memory");
	strvec_init(&db->warnings);
	if (!(db->real = calloc(1, sizeof(*db->real)))) {
		free(db);
		return dpkg_fail(err, "pkgdb", 0, "out of memory");
	}
	*db->real = (struct realcache)REALCACHE_INIT;
	db->admindir = dup_or(cfg->admindir, "/var/lib/dpkg");
	db->root = dup_or(cfg->root, "/");
	db->vendor = dup_or(cfg->vendor, "debian");
	db->distro = cfg->distro && *cfg->distro ? strdup(cfg->distro) : NULL;
	if (!db->admindir || !db->root || !db->vendor ||
	    (cfg->distro && *cfg->distro && !db->distro))
		goto nomem;
	for (p = db->vendor; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	path_normalize(db->root);
	if (!strcmp(db->root, "/")) {
		db->root[0] = '\0';
		db->root_real = strdup("");
	} else {
		db->root_real = realpath(db->root, NULL);
		if (!db->root_real) {
			dpkg_fail(err, db->root, 0, "%s", strerror(errno));
			goto cleanup;
		}
		if (!strcmp(db->root_real, "/"))
			db->root_real[0] = '\0';
	}
	if (!db->root_real)
		goto nomem;
	if (strbuf_addf(&path, "%s/status", db->admindir))
		goto nomem;
	/* before anything is read: an index made now describes no newer files */
	db->src_known = cfg->cache_dir && *cfg->cache_dir && !dpkg_source_identity(db, &db->src_id);
	db->ix_state = "off";
	if (cfg->cache_dir && *cfg->cache_dir) {
		/* the index holds what the status file and the lists give */
		int r = dpkg_index_load(db, cfg->cache_dir);

		if (r < 0)
			goto nomem;
		if (r > 0 && (dpkg_parse_status(db, path.buf, err) ||
			      load_lists_indexed(db, cfg->cache_dir, err)))
			goto cleanup;
	} else if (dpkg_parse_status(db, path.buf, err) || load_lists(db, err)) {
		goto cleanup;
	}
	if (load_diversions(db, err))
		goto cleanup;
	if (check_updates(db))
		goto nomem;
	if (db->warnings_dropped) {
		struct strbuf sb = STRBUF_INIT;

		if (strbuf_addf(&sb, "... and %zu more warnings", db->warnings_dropped) ||
		    strvec_push_nodup(&db->warnings, strbuf_detach(&sb, NULL)))
			goto nomem;
	}
	*out = db;
	db = NULL;
	ret = 0;
	goto cleanup;
nomem:
	dpkg_fail(err, db->admindir ? db->admindir : "pkgdb", 0, "out of memory");
cleanup:
	strbuf_release(&path);
	pkgdb_close(db);
	return ret;
}

void pkgdb_close(struct pkgdb *db)
{
	size_t i;

	if (!db)
		return;
	if (db->real)
		realcache_release(db->real);
	free(db->real);
	free(db->admindir);
	free(db->root);
	free(db->root_real);
	free(db->vendor);
	free(db->distro);
	free(db->status);
	free(db->pkgs);
	strmap_release(&db->by_name);
	for (i = 0; i < db->nr_chunks; i++)
		free(db->chunks[i]);
	free(db->chunks);
	dpkg_index_release(db);
	strmap_release(&db->paths);
	free(db->ents);
	free(db->owners);
	free(db->divs);
	strmap_release(&db->div_from);
	strmap_release(&db->div_to);
	strvec_clear(&db->warnings);
	free(db);
}

/* ---- queries ---- */

const struct strvec *pkgdb_warnings(const struct pkgdb *db)
{
	return &db->warnings;
}

size_t pkgdb_count(const struct pkgdb *db)
{
	return db->nr;
}

const struct pkg_info *pkgdb_at(const struct pkgdb *db, size_t i)
{
	return i < db->nr ? &db->pkgs[i].info : NULL;
}

const char *pkgdb_index_state(const struct pkgdb *db)
{
	return db->ix && db->ix->fallback ? db->ix->state : db->ix_state;
}

size_t pkgdb_path_count(const struct pkgdb *db)
{
	if (db->ix && db->ix->fallback)
		return db->ix->fallback->nr_ents;
	return db->ix ? dpkg_index_paths(db) : db->nr_ents;
}

int pkgdb_find_package(const struct pkgdb *db, const char *name, const char *arch,
		       const struct pkg_info **out)
{
	const struct strmap_slot *s = strmap_find(&db->by_name, name);
	uint32_t j;

	*out = NULL;
	if (!s)
		return 1;
	for (j = s->val; j != NONE; j = db->pkgs[j].next_same_name) {
		if (!arch || !strcmp(db->pkgs[j].info.arch, arch)) {
			*out = &db->pkgs[j].info;
			return 0;
		}
	}
	return 1;
}

int pkgdb_by_source(const struct pkgdb *db, const char *source, const struct pkg_info ***out,
		    size_t *nr)
{
	const struct pkg_info **v = NULL;
	size_t i, n = 0, alloc = 0;

	*out = NULL;
	*nr = 0;
	for (i = 0; i < db->nr; i++) {
		if (strcmp(db->pkgs[i].info.source, source))
			continue;
		if (DPKG_GROW(v, alloc, n + 1)) {
			free(v);
			return -1;
		}
		v[n++] = &db->pkgs[i].info;
	}
	if (!n)
		return 1;
	*out = v;
	*nr = n;
	return 0;
}

void pkgdb_match_init(struct pkgdb_match *m)
{
	memset(m, 0, sizeof(*m));
	strbuf_init(&m->path);
}

void pkgdb_match_release(struct pkgdb_match *m)
{
	free(m->owners);
	strbuf_release(&m->path);
	pkgdb_match_init(m);
}

static const char *const usr_dirs[] = {
	"bin", "sbin", "lib", "lib32", "lib64", "libx32", "libo32"
};

/* The merged-/usr twin of p into out: 0, 1 when p has none, -1 memory. */
static int usr_twin(const char *p, struct strbuf *out)
{
	const char *rest = p;
	bool has_usr = !strncmp(p, "/usr/", 5);
	size_t i;

	strbuf_reset(out);
	if (has_usr)
		rest = p + 4;
	for (i = 0; i < sizeof(usr_dirs) / sizeof(*usr_dirs); i++) {
		size_t n = strlen(usr_dirs[i]);

		if (rest[0] == '/' && !strncmp(rest + 1, usr_dirs[i], n) &&
		    (rest[1 + n] == '/' || rest[1 + n] == '\0'))
			return has_usr ? strbuf_addstr(out, rest)
				       : strbuf_addf(out, "/usr%s", rest);
	}
	return 1;
}

/*
 * The real path of p (a path inside the root) as a path inside the root:
 * 0, 1 (does not exist, or leads out of the root), -1 out of memory.
 */
static int real_in_root(const struct pkgdb *db, const char *p, struct strbuf *out)
{
	struct strbuf host = STRBUF_INIT, real = STRBUF_INIT;
	const char *rp;
	size_t rl = strlen(db->root_real);
	int ret = 1;

	strbuf_reset(out);
	if (strbuf_addstr(&host, db->root) || strbuf_addstr(&host, p)) {
		ret = -1;
		goto cleanup;
	}
	if (realcache_get(db->real, host.buf, &real)) {
		if (errno == ENOMEM)
			ret = -1;
		goto cleanup;
	}
	rp = real.buf;
	if (!strncmp(rp, db->root_real, rl) && (rp[rl] == '/' || rp[rl] == '\0'))
		ret = strbuf_addstr(out, rp[rl] ? rp + rl : "/");
cleanup:
	strbuf_release(&host);
	strbuf_release(&real);
	return ret;
}

/* The packages of the in-memory lists listing p: as dpkg_index_owners(). */
static int list_owners(const struct pkgdb *db, const char *p, uint32_t **pkgs, size_t *nr)
{
	const struct strmap_slot *s;
	uint32_t o;
	size_t n = 0;

	*pkgs = NULL;
	*nr = 0;
	if (db->ix && db->ix->fallback)
		db = db->ix->fallback; /* the same packages, in the same order */
	else if (db->ix)
		return dpkg_index_owners(db, p, pkgs, nr);
	s = strmap_find(&db->paths, p);
	if (!s)
		return 1;
	for (o = db->ents[s->val].head; o != NONE; o = db->owners[o].next)
		n++;
	if (!n)
		return 1;
	*pkgs = malloc(n * sizeof(**pkgs));
	if (!*pkgs)
		return -1;
	for (o = db->ents[s->val].head; o != NONE; o = db->owners[o].next)
		(*pkgs)[(*nr)++] = db->owners[o].pkg;
	return 0;
}

/* Owners of path p after diversions: 0 found (m filled), 1 not, -1 memory, -2 damaged index. */
static int try_path(const struct pkgdb *db, const char *p, enum pkgdb_how how,
		    struct pkgdb_match *m)
{
	const struct strmap_slot *d;
	const struct diversion *dv = NULL;
	const char *list_path = p;
	bool to_side = false;
	uint32_t *pkgs;
	size_t n;
	int r;

	if ((d = strmap_find(&db->div_to, p))) {
		dv = &db->divs[d->val];
		list_path = dv->from;
		to_side = true;
	} else if ((d = strmap_find(&db->div_from, p))) {
		dv = &db->divs[d->val];
	}
	r = list_owners(db, list_path, &pkgs, &n);
	if (r)
		return r;
	free(m->owners);
	m->owners = calloc(n, sizeof(*m->owners));
	if (!m->owners) {
		free(pkgs);
		return -1;
	}
	m->nr_owners = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pkg_info *pi = &db->pkgs[pkgs[i]].info;

		if (dv) {
			size_t bl = strcspn(dv->by, ":"); /* "pkg" or "pkg:arch" */
			bool is_by = bl && strlen(pi->name) == bl && !strncmp(pi->name, dv->by, bl);

			if (to_side == is_by)
				continue;
		}
		m->owners[m->nr_owners++] = pi;
	}
	free(pkgs);
	if (!m->nr_owners)
		return 1;
	m->pkg = m->owners[0];
	m->how = how;
	m->diverted_by = dv ? dv->by : NULL;
	strbuf_reset(&m->path);
	return strbuf_addstr(&m->path, p) ? -1 : 0;
}

/* Try p and its /usr twin. */
static int try_both(const struct pkgdb *db, const char *p, enum pkgdb_how how,
		    struct pkgdb_match *m, struct strbuf *tmp)
{
	int r = try_path(db, p, how, m);

	if (r <= 0)
		return r;
	r = usr_twin(p, tmp);
	if (r)
		return r;
	return try_path(db, tmp->buf, how == PKGDB_EXACT ? PKGDB_MERGED_USR : how, m);
}

int pkgdb_lookup(const struct pkgdb *db, const char *path, struct pkgdb_match *m,
		 struct strbuf *err)
{
	struct strbuf norm = STRBUF_INIT, tmp = STRBUF_INIT, real = STRBUF_INIT;
	const char *slash;
	int ret = -1, r;

	pkgdb_match_release(m);
	if (!path || path[0] != '/') {
		dpkg_fail(err, path ? path : "(null)", 0, "not an absolute path");
		goto cleanup;
	}
	if (strbuf_addstr(&norm, path))
		goto nomem;
	path_normalize(norm.buf);
	norm.len = strlen(norm.buf);
again:
	r = try_both(db, norm.buf, PKGDB_EXACT, m, &tmp);
	if (r <= 0)
		goto done;
	/* the directory's real path, then the name */
	slash = strrchr(norm.buf, '/');
	if (slash && slash != norm.buf) {
		struct strbuf dir = STRBUF_INIT;

		r = strbuf_add(&dir, norm.buf, (size_t)(slash - norm.buf));
		if (!r)
			r = real_in_root(db, dir.buf, &real);
		strbuf_release(&dir);
		if (r < 0)
			goto nomem;
		if (r == 0) {
			if (strcmp(real.buf, "/") && strbuf_addch(&real, '/'))
				goto nomem;
			if (strbuf_addstr(&real, slash + 1))
				goto nomem;
			r = try_both(db, real.buf, PKGDB_DIR_REALPATH, m, &tmp);
			if (r <= 0)
				goto done;
		}
	}
	r = real_in_root(db, norm.buf, &real);
	if (r < 0)
		goto nomem;
	if (r == 0) {
		r = try_both(db, real.buf, PKGDB_REALPATH, m, &tmp);
		if (r <= 0)
			goto done;
	}
	r = 1;
done:
	if (r == -2) {
		/* the index is damaged: from now on dpkg's lists answer */
		if (dpkg_index_fallback(db, err)) {
			pkgdb_match_release(m);
			goto cleanup;
		}
		goto again;
	}
	if (r < 0)
		goto nomem;
	if (r == 1)
		pkgdb_match_release(m);
	ret = r;
	goto cleanup;
nomem:
	pkgdb_match_release(m);
	dpkg_fail(err, path, 0, "out of memory");
cleanup:
	strbuf_release(&norm);
	strbuf_release(&tmp);
	strbuf_release(&real);
	return ret;
}

/* ---- purl ---- */

/* The purl specification's percent-encoding: letters, digits, ".-_~" and ':' stay. */
static int purl_encode(struct strbuf *out, const char *s, bool lower)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (lower && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (ascii_is_alnum((char)c) || c == '.' || c == '-' || c == '_' || c == '~' ||
		    c == ':') {
			if (strbuf_addch(out, (char)c))
				return -1;
		} else if (strbuf_addf(out, "%%%02X", c)) {
			return -1;
		}
	}
	return 0;
}

int pkgdb_purl(const struct pkgdb *db, const struct pkg_info *pkg, bool source, struct strbuf *out)
{
	if (strbuf_addstr(out, "pkg:deb/") || purl_encode(out, db->vendor, true) ||
	    strbuf_addch(out, '/') || purl_encode(out, source ? pkg->source : pkg->name, true) ||
	    strbuf_addch(out, '@') ||
	    purl_encode(out, source ? pkg->source_version : pkg->version, false) ||
	    strbuf_addstr(out, "?arch=") || purl_encode(out, source ? "source" : pkg->arch, false))
		return -1;
	if (db->distro && (strbuf_addstr(out, "&distro=") || purl_encode(out, db->distro, false)))
		return -1;
	/* the source package, as syft writes it and Grype matches it */
	if (!source && pkg->source && strcmp(pkg->source, pkg->name)) {
		if (strbuf_addstr(out, "&upstream=") || purl_encode(out, pkg->source, false))
			return -1;
		if (pkg->source_version && strcmp(pkg->source_version, pkg->version) &&
		    (strbuf_addstr(out, "%40") || purl_encode(out, pkg->source_version, false)))
			return -1;
	}
	return 0;
}
