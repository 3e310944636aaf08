/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The audit's database, kept between runs (osv.h, osv_load_indexed): what
 * osv_load read, serialised into souptrace's cache folder, reused while
 * every file it was read from is unchanged.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "digest.h"
#include "osv.h"
#include "pathutil.h"
#include "banned.h"

#define IX_MAGIC   "STOSVIX"
#define IX_VERSION 5u
#define IX_ORDER   0x01020304u
/* an index larger than this is not ours (the database files are capped too) */
#define IX_MAX_SIZE ((size_t)2 << 30)
#define IX_DEPTH    16

struct ix_header {
	char magic[8];
	uint32_t version, order;
	unsigned char digest[32]; /* of the inputs' identities (input_digest) */
	uint64_t len, checksum;	  /* of the payload after the header */
};

/* ---- what the database is read from ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_identity(struct sha256 *h, const char *rel, const struct stat *st)
{
	uint64_t v[6] = { (uint64_t)st->st_size,	 (uint64_t)st->st_mtim.tv_sec,
			  (uint64_t)st->st_mtim.tv_nsec, (uint64_t)st->st_ctim.tv_nsec,
			  (uint64_t)st->st_ino,		 (uint64_t)st->st_dev };

	sha256_update(h, rel, strlen(rel) + 1);
	sha256_update(h, v, sizeof(v));
}

/* Every file osv_load would read under dir (the same walk), into h. 0, or -1. */
static int walk(struct sha256 *h, const char *dir, const char *rel, int depth)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf p = STRBUF_INIT, r = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	if (depth > IX_DEPTH || !(d = opendir(dir)))
		return -1;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			strvec_push(&names, de->d_name);
	closedir(d);
	qsort(names.v, names.nr, sizeof(*names.v), cmp_str);
	for (size_t i = 0; i < names.nr && !ret; i++) {
		size_t n = strlen(names.v[i]);
		struct stat st;

		strbuf_reset(&p);
		strbuf_reset(&r);
		path_join(&p, dir, names.v[i]);
		strbuf_addf(&r, "%s%s%s", rel, *rel ? "/" : "", names.v[i]);
		if (stat(p.buf, &st))
			ret = -1;
		else if (S_ISDIR(st.st_mode))
			ret = walk(h, p.buf, r.buf, depth + 1);
		else if (S_ISREG(st.st_mode) && ((n > 5 && !strcmp(names.v[i] + n - 5, ".json")) ||
						 (n > 4 && !strcmp(names.v[i] + n - 4, ".zip"))))
			add_identity(h, r.buf, &st);
	}
	strvec_clear(&names);
	strbuf_release(&p);
	strbuf_release(&r);
	return ret;
}

/* The identity of what path holds, with the release kept: 0, or -1 (cannot be examined). */
static int input_digest(const char *path, const char *debian, unsigned char out[32])
{
	struct sha256 h;
	struct stat st;
	uint32_t v = IX_VERSION;

	if (stat(path, &st))
		return -1;
	sha256_init(&h);
	sha256_update(&h, &v, sizeof(v));
	/* another souptrace may read the same files otherwise: its own index */
	sha256_update(&h, SOUPTRACE_VERSION, sizeof(SOUPTRACE_VERSION));
	sha256_update(&h, debian ? debian : "", strlen(debian ? debian : "") + 1);
	if (S_ISDIR(st.st_mode)) {
		if (walk(&h, path, "", 0))
			return -1;
	} else {
		add_identity(&h, "", &st);
	}
	sha256_final(&h, out);
	return 0;
}

/* ---- serialising ---- */

static void put(struct strbuf *sb, const void *p, size_t n)
{
	strbuf_add(sb, p, n);
}

static void put_u32(struct strbuf *sb, uint32_t v)
{
	put(sb, &v, sizeof(v));
}

static void put_u64(struct strbuf *sb, uint64_t v)
{
	put(sb, &v, sizeof(v));
}

static void put_str(struct strbuf *sb, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_u32(sb, s ? (uint32_t)n : UINT32_MAX);
	put(sb, s ? s : "", n);
}

static void put_strs(struct strbuf *sb, const struct strvec *sv)
{
	put_u32(sb, (uint32_t)sv->nr);
	for (size_t i = 0; i < sv->nr; i++)
		put_str(sb, sv->v[i]);
}

static void serialise(const struct osv_db *db, struct strbuf *sb)
{
	put_u64(sb, db->nr);
	for (size_t i = 0; i < db->nr; i++) {
		const struct osv_vuln *v = &db->v[i];

		put_str(sb, v->id);
		put_str(sb, v->summary);
		put_str(sb, v->modified);
		put_str(sb, v->file);
		put_str(sb, v->cvss);
		put_str(sb, v->severity);
		put_strs(sb, &v->aliases);
		put_u32(sb, v->cve5);
		put_u32(sb, (uint32_t)v->nr_affected);
		for (size_t k = 0; k < v->nr_affected; k++) {
			const struct osv_affected *a = &v->affected[k];

			put_str(sb, a->ecosystem);
			put_str(sb, a->name);
			put_str(sb, a->purl);
			put_str(sb, a->urgency);
			put_strs(sb, &a->versions);
			put_str(sb, a->vendor);
			put_str(sb, a->default_status);
			put_strs(sb, &a->cpes);
			put_u32(sb, (uint32_t)a->nr_cve_versions);
			for (size_t n = 0; n < a->nr_cve_versions; n++) {
				const struct cve_version *cv = &a->cve_versions[n];

				put_str(sb, cv->status);
				put_str(sb, cv->version);
				put_str(sb, cv->less_than);
				put_str(sb, cv->less_than_or_equal);
				put_str(sb, cv->type);
			}
			put_u32(sb, (uint32_t)a->nr_ranges);
			for (size_t r = 0; r < a->nr_ranges; r++) {
				put_str(sb, a->ranges[r].type);
				put_str(sb, a->ranges[r].repo);
				put_u32(sb, (uint32_t)a->ranges[r].nr_events);
				for (size_t e = 0; e < a->ranges[r].nr_events; e++) {
					put_u32(sb, (uint32_t)a->ranges[r].events[e].kind);
					put_str(sb, a->ranges[r].events[e].value);
				}
			}
		}
	}
	put_u64(sb, db->nr_cves);
	for (size_t i = 0; i < db->nr_cves; i++) {
		put_str(sb, db->cves[i].id);
		put_str(sb, db->cves[i].product);
		put_str(sb, db->cves[i].file);
		put_strs(sb, &db->cves[i].files);
		put_strs(sb, &db->cves[i].routines);
	}
	put_str(sb, db->newest);
	put_u64(sb, db->files);
	put_strs(sb, &db->notes);
	put_u64(sb, db->trackers_unused);
}

/* ---- reading it back: every length checked against what is left ---- */

struct rd {
	const unsigned char *p, *end;
	bool bad;
};

static uint64_t get_n(struct rd *rd, size_t size)
{
	uint64_t v = 0;

	if (rd->bad || (size_t)(rd->end - rd->p) < size) {
		rd->bad = true;
		return 0;
	}
	if (size == 4) {
		uint32_t w;

		memcpy(&w, rd->p, 4);
		v = w;
	} else {
		memcpy(&v, rd->p, 8);
	}
	rd->p += size;
	return v;
}

/* A count of items of at least min bytes each: more than what is left is damage. */
static size_t get_count(struct rd *rd, size_t size, size_t min)
{
	uint64_t n = get_n(rd, size);

	if (n > (uint64_t)(rd->end - rd->p) / min) {
		rd->bad = true;
		return 0;
	}
	return (size_t)n;
}

static char *get_str(struct rd *rd)
{
	uint64_t n = get_n(rd, 4);
	char *s;

	if (rd->bad || n == UINT32_MAX)
		return NULL;
	if (n > (uint64_t)(rd->end - rd->p) || memchr(rd->p, '\0', (size_t)n)) {
		rd->bad = true;
		return NULL;
	}
	s = xstrndup((const char *)rd->p, (size_t)n);
	rd->p += n;
	return s;
}

static void get_strs(struct rd *rd, struct strvec *sv)
{
	size_t n = get_count(rd, 4, 4);

	for (size_t i = 0; i < n && !rd->bad; i++) {
		char *s = get_str(rd);

		if (!s)
			rd->bad = true;
		else
			strvec_push_nodup(sv, s);
	}
}

static void deserialise(struct rd *rd, struct osv_db *db)
{
	size_t nr = get_count(rd, 8, 24);

	db->v = xcalloc(nr + 1, sizeof(*db->v));
	db->alloc = nr + 1;
	for (size_t i = 0; i < nr && !rd->bad; i++) {
		struct osv_vuln *v = &db->v[db->nr++];
		size_t na;

		strvec_init(&v->aliases);
		v->id = get_str(rd);
		v->summary = get_str(rd);
		v->modified = get_str(rd);
		v->file = get_str(rd);
		v->cvss = get_str(rd);
		v->severity = get_str(rd);
		if (!v->id || !v->file)
			rd->bad = true;
		get_strs(rd, &v->aliases);
		{
			uint64_t flag = get_n(rd, 4);

			v->cve5 = flag == 1;
			if (flag > 1)
				rd->bad = true;
		}
		na = get_count(rd, 4, 16);
		v->affected = xcalloc(na + 1, sizeof(*v->affected));
		for (size_t k = 0; k < na && !rd->bad; k++) {
			struct osv_affected *a = &v->affected[v->nr_affected++];
			size_t nrg, ncv;

			strvec_init(&a->versions);
			a->ecosystem = get_str(rd);
			a->name = get_str(rd);
			a->purl = get_str(rd);
			a->urgency = get_str(rd);
			get_strs(rd, &a->versions);
			strvec_init(&a->cpes);
			a->vendor = get_str(rd);
			a->default_status = get_str(rd);
			get_strs(rd, &a->cpes);
			ncv = get_count(rd, 4, 10);
			a->cve_versions = xcalloc(ncv + 1, sizeof(*a->cve_versions));
			for (size_t n = 0; n < ncv && !rd->bad; n++) {
				struct cve_version *cv = &a->cve_versions[a->nr_cve_versions++];

				cv->status = get_str(rd);
				cv->version = get_str(rd);
				cv->less_than = get_str(rd);
				cv->less_than_or_equal = get_str(rd);
				cv->type = get_str(rd);
				if (!cv->status || !cv->version)
					rd->bad = true;
			}
			nrg = get_count(rd, 4, 8);
			a->ranges = xcalloc(nrg + 1, sizeof(*a->ranges));
			for (size_t r = 0; r < nrg && !rd->bad; r++) {
				struct osv_range *g = &a->ranges[a->nr_ranges++];
				size_t ne;

				g->type = get_str(rd);
				g->repo = get_str(rd);
				ne = get_count(rd, 4, 8);
				g->events = xcalloc(ne + 1, sizeof(*g->events));
				for (size_t e = 0; e < ne && !rd->bad; e++) {
					uint64_t kind = get_n(rd, 4);

					g->events[g->nr_events].kind = (enum osv_event_kind)kind;
					g->events[g->nr_events++].value = get_str(rd);
					if (kind > OSV_LIMIT || !g->events[g->nr_events - 1].value)
						rd->bad = true;
				}
			}
		}
	}
	nr = get_count(rd, 8, 16);
	db->cves = xcalloc(nr + 1, sizeof(*db->cves));
	db->alloc_cves = nr + 1;
	for (size_t i = 0; i < nr && !rd->bad; i++) {
		struct osv_cve_files *c = &db->cves[db->nr_cves++];

		strvec_init(&c->files);
		strvec_init(&c->routines);
		c->id = get_str(rd);
		c->product = get_str(rd);
		c->file = get_str(rd);
		if (!c->id || !c->file)
			rd->bad = true;
		get_strs(rd, &c->files);
		get_strs(rd, &c->routines);
	}
	db->newest = get_str(rd);
	db->files = (size_t)get_n(rd, 8);
	get_strs(rd, &db->notes);
	db->trackers_unused = (size_t)get_n(rd, 8);
	if (rd->p != rd->end)
		rd->bad = true;
}

static uint64_t checksum(const unsigned char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h ^ n;
}

/* ---- the cache file ---- */

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ '\n') * 1099511628211ULL;
}

/* The index of path (with the release kept) in dir: osv-HASH.idx. */
static int index_path(const char *dir, const char *path, const char *debian, struct strbuf *out)
{
	char *abs = realpath(path, NULL);
	uint64_t h = fnv(fnv(14695981039346656037ULL, abs ? abs : path), debian ? debian : "");

	free(abs);
	return strbuf_addf(out, "%s/osv-%016llx.idx", dir, (unsigned long long)h);
}

/* The index at ix for digest into db: 0, or 1 with *state saying why not. */
static int index_load(struct osv_db *db, const char *ix, const unsigned char digest[32],
		      const char **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct ix_header h;
	struct stat st;
	struct rd rd;
	int fd = open(ix, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), ret = 1;

	*state = "no index yet";
	if (fd < 0)
		return 1;
	*state = "the index is not this user's own file";
	if (fstat(fd, &st) || !path_is_own_file(&st))
		goto out;
	*state = "the index is damaged";
	if ((uint64_t)st.st_size > IX_MAX_SIZE || strbuf_read_fd(&sb, fd, IX_MAX_SIZE) ||
	    sb.len < sizeof(h))
		goto out;
	memcpy(&h, sb.buf, sizeof(h));
	if (memcmp(h.magic, IX_MAGIC, sizeof(IX_MAGIC)) || h.order != IX_ORDER)
		goto out;
	*state = "the index is of another version";
	if (h.version != IX_VERSION)
		goto out;
	*state = "the database's files changed since the index was made";
	if (memcmp(h.digest, digest, 32))
		goto out;
	*state = "the index is damaged";
	if (h.len != sb.len - sizeof(h) ||
	    h.checksum != checksum((const unsigned char *)sb.buf + sizeof(h), (size_t)h.len))
		goto out;
	rd = (struct rd){ (const unsigned char *)sb.buf + sizeof(h),
			  (const unsigned char *)sb.buf + sb.len, false };
	deserialise(&rd, db);
	if (rd.bad) {
		const char *debian = db->debian;

		osv_release(db); /* what was taken from a damaged index goes */
		db->debian = debian;
		goto out;
	}
	*state = "used";
	ret = 0;
out:
	close(fd);
	strbuf_release(&sb);
	return ret;
}

static int index_save(const struct osv_db *db, const char *dir, const char *ix,
		      const unsigned char digest[32])
{
	struct strbuf data = STRBUF_INIT, tmp = STRBUF_INIT;
	struct ix_header h;
	struct stat st;
	int fd, ret = -1;

	if (path_mkdirs_private(dir) || lstat(dir, &st) || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 022))
		goto out; /* not a folder of ours: no index */
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, IX_MAGIC, sizeof(IX_MAGIC));
	h.version = IX_VERSION;
	h.order = IX_ORDER;
	memcpy(h.digest, digest, 32);
	put(&data, &h, sizeof(h));
	serialise(db, &data);
	h.len = data.len - sizeof(h);
	h.checksum = checksum((const unsigned char *)data.buf + sizeof(h), (size_t)h.len);
	memcpy(data.buf, &h, sizeof(h));
	strbuf_addf(&tmp, "%s.XXXXXX", ix);
	/* whole under a name of its own, then renamed over: never a part */
	fd = mkostemp(tmp.buf, O_CLOEXEC);
	if (fd >= 0)
		ret = path_commit(fd, tmp.buf, ix, data.buf, data.len);
out:
	strbuf_release(&data);
	strbuf_release(&tmp);
	return ret;
}

int osv_load_indexed(struct osv_db *db, const char *path, struct strbuf *err)
{
	struct strbuf dir = STRBUF_INIT, ix = STRBUF_INIT;
	unsigned char before[32], after[32];
	const char *why = NULL;
	int rc;

	db->index_state = "off (no cache folder)";
	if (path_cache_dir(&dir) != 0) {
		strbuf_release(&dir);
		return osv_load(db, path, err);
	}
	index_path(dir.buf, path, db->debian, &ix);
	db->index_state = "not kept: the database's files cannot be examined";
	if (input_digest(path, db->debian, before)) {
		rc = osv_load(db, path, err);
		goto out;
	}
	if (index_load(db, ix.buf, before, &why) == 0) {
		db->index_state = why;
		rc = 0;
		goto out;
	}
	rc = osv_load(db, path, err);
	/* what was read must be what the index describes: files may change meanwhile */
	if (!rc && !input_digest(path, db->debian, after) && !memcmp(before, after, 32))
		db->index_state = index_save(db, dir.buf, ix.buf, before)
					  ? "not kept: the cache folder cannot be written"
				  : !strcmp(why, "no index yet") ? "built"
								 : why; /* and rebuilt */
	else if (!rc)
		db->index_state = "not kept: the database's files changed while read";
out:
	strbuf_release(&dir);
	strbuf_release(&ix);
	return rc;
}
