/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The persistent index of dpkg's database (pkgdb.h, "Persistent index"):
 * what dpkg_parse_status() and load_lists() build from the status file and
 * the 900 .list files, kept in one file of the cache directory and mapped
 * back while dpkg's status file and info/ folder are the ones it was built
 * from.
 *
 * The file, in this machine's byte order (the header says which):
 *   struct ix_header
 *   uint64_t sums[nr_blocks]     checksum of each IX_BLOCK bytes of the body
 *   body:
 *   uint32_t slots[nr_slots]     hash table: path index, or NONE
 *   struct pathent ents[nr_paths]  owners of each path (as in memory)
 *   uint64_t stroff[nr_paths]    each path's offset in strings
 *   struct ownerlink owners[nr_owners]
 *   char strings[strings_size]   the paths, each NUL-terminated
 *   char warnings[warnings_size] the lists' warnings, each NUL-terminated
 *   char pkgs[pkgs_size]         the packages (put_pkg)
 * each part padded to 8 bytes. The header's checksum covers the header and
 * the block sums. Opening checks the header, the warnings and the packages;
 * the paths' tables are checked block by block as lookups read them, and
 * every index and offset before it is followed, so a cut, corrupt or
 * planted file is rebuilt (dpkg_index_fallback), never believed.
 */
#include "dpkg_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pathutil.h"

#include "banned.h"

#define IX_MAGIC   "STPKGIX"
#define IX_VERSION 2u
/* The body is checked in blocks of this many bytes, each as a lookup first reads it. */
#define IX_BLOCK ((uint64_t)4096)
#define IX_ORDER 0x01020304u
/* An index larger than this is not read (the paths themselves are bounded by PKGDB_MAX_PATHS). */
#define IX_MAX_SIZE ((size_t)2 << 30)
#define IX_MAX_PKGS ((uint64_t)UINT32_MAX - 1)

struct ix_header {
	char magic[8];
	uint32_t version, order;
	struct dpkg_source_id src; /* dpkg's status file and info/ folder */
	uint64_t nr_pkgs;	   /* packages kept from the status file */
	uint64_t nr_slots, nr_paths, nr_owners, strings_size, warnings_size, pkgs_size;
	uint64_t warnings_dropped;
	uint64_t nr_blocks; /* of the body, IX_BLOCK bytes each (the last may be shorter) */
	uint64_t checksum;  /* of the header (this field 0) and the block sums */
};

static uint64_t pad8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* FNV-1a, 64 bits: the table's hash, fixed by IX_VERSION. */
static uint64_t ix_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* A word-at-a-time checksum of n bytes (n a multiple of 8, p 8-aligned). */
static uint64_t ix_checksum(const unsigned char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	return h ^ n;
}

static int identity_of(const char *path, struct dpkg_identity *id)
{
	struct stat st;

	if (stat(path, &st))
		return -1;
	id->dev = (uint64_t)st.st_dev;
	id->ino = (uint64_t)st.st_ino;
	id->size = (uint64_t)st.st_size;
	id->mtime_ns = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
	id->ctime_ns = (uint64_t)st.st_ctim.tv_sec * 1000000000u + (uint64_t)st.st_ctim.tv_nsec;
	return 0;
}

int dpkg_source_identity(const struct pkgdb *db, struct dpkg_source_id *id)
{
	struct strbuf p = STRBUF_INIT;
	int r = -1;

	memset(id, 0, sizeof(*id));
	if (!strbuf_addf(&p, "%s/status", db->admindir) && !identity_of(p.buf, &id->status)) {
		strbuf_reset(&p);
		if (!strbuf_addf(&p, "%s/info", db->admindir) && !identity_of(p.buf, &id->info))
			r = 0;
	}
	strbuf_release(&p);
	return r;
}

/* The index file of this database: DIR/pkgdb-HASH.idx, HASH of admindir and root. */
static int ix_path(const struct pkgdb *db, const char *dir, struct strbuf *out)
{
	struct strbuf key = STRBUF_INIT;
	char *real = realpath(db->admindir, NULL);
	int r;

	r = strbuf_addf(&key, "%s\n%s", real ? real : db->admindir, db->root);
	free(real);
	if (!r)
		r = strbuf_addf(out, "%s/pkgdb-%016llx.idx", dir,
				(unsigned long long)ix_hash(key.buf));
	strbuf_release(&key);
	return r;
}

/* ---- reading ---- */

/* The parts of the body (after the header and the block sums), by the header's sizes. */
struct ix_view {
	const uint32_t *slots;
	const struct pathent *ents;
	const uint64_t *stroff;
	const struct ownerlink *owners;
	const char *strings, *warnings, *pkgs;
};

/* The body's size by the header's counts, or 0 when they are out of bounds. */
static uint64_t body_size(const struct ix_header *h)
{
	if (h->nr_slots > IX_MAX_SIZE || h->nr_paths > PKGDB_MAX_PATHS ||
	    h->nr_owners > IX_MAX_SIZE || h->strings_size > IX_MAX_SIZE ||
	    h->warnings_size > IX_MAX_SIZE || h->pkgs_size > IX_MAX_SIZE ||
	    h->nr_pkgs > IX_MAX_PKGS)
		return 0;
	return pad8(h->nr_slots * 4) + h->nr_paths * (8 + 8) + h->nr_owners * 8 +
	       pad8(h->strings_size) + pad8(h->warnings_size) + pad8(h->pkgs_size);
}

static void ix_split(const struct ix_header *h, const char *body, struct ix_view *v)
{
	uint64_t off = 0;

	v->slots = (const void *)body;
	off += pad8(h->nr_slots * 4);
	v->ents = (const void *)(body + off);
	off += h->nr_paths * 8;
	v->stroff = (const void *)(body + off);
	off += h->nr_paths * 8;
	v->owners = (const void *)(body + off);
	off += h->nr_owners * 8;
	v->strings = body + off;
	off += pad8(h->strings_size);
	v->warnings = body + off;
	off += pad8(h->warnings_size);
	v->pkgs = body + off;
}

static uint64_t nr_blocks_of(uint64_t body)
{
	return (body + IX_BLOCK - 1) / IX_BLOCK;
}

/* The header's checksum: of the header (its checksum field 0) and the block sums. */
static uint64_t header_checksum(const struct ix_header *h, const uint64_t *sums)
{
	struct ix_header copy = *h;
	uint64_t a, b;

	copy.checksum = 0;
	a = ix_checksum((const unsigned char *)&copy, sizeof(copy));
	b = ix_checksum((const unsigned char *)sums, h->nr_blocks * 8);
	return a ^ (b * 0x9e3779b97f4a7c15ULL);
}

/* A counted structural contradiction or a block whose sum is wrong: the index is not believed. */
static bool damaged(struct dpkg_index *ix)
{
	ix->damaged = true;
	return false;
}

static int broken(struct dpkg_index *ix)
{
	damaged(ix);
	return -2;
}

/* True when the len bytes at p (inside the body) are in blocks whose sums match. */
static bool ix_need(struct dpkg_index *ix, const void *p, uint64_t len)
{
	uint64_t off = (uint64_t)((const char *)p - ix->body), first, last;

	if (ix->damaged)
		return false;
	if (!len)
		return true;
	if (off > ix->body_len || len > ix->body_len - off)
		return damaged(ix);
	first = off / IX_BLOCK;
	last = (off + len - 1) / IX_BLOCK;
	for (uint64_t b = first; b <= last; b++) {
		uint64_t at = b * IX_BLOCK,
			 n = ix->body_len - at < IX_BLOCK ? ix->body_len - at : IX_BLOCK;

		if (ix->checked[b])
			continue;
		if (ix_checksum((const unsigned char *)ix->body + at, n) != ix->sums[b])
			return damaged(ix);
		ix->checked[b] = 1;
	}
	return true;
}

int dpkg_index_owners(const struct pkgdb *db, const char *path, uint32_t **pkgs, size_t *nr)
{
	struct dpkg_index *ix = db->ix;
	const struct ix_header *h = ix->h;
	uint64_t mask = h->nr_slots - 1, i = ix_hash(path) & mask, len = strlen(path) + 1;
	uint32_t e = NONE, o;
	size_t n = 0;

	*pkgs = NULL;
	*nr = 0;
	for (uint64_t probes = 0; probes < h->nr_slots; probes++, i = (i + 1) & mask) {
		uint64_t so;

		if (!ix_need(ix, &ix->slots[i], 4))
			return -2;
		e = ix->slots[i];
		if (e == NONE)
			return 1;
		if (e >= h->nr_paths || !ix_need(ix, &ix->stroff[e], 8))
			return broken(ix);
		so = ix->stroff[e];
		if (so >= h->strings_size)
			return broken(ix);
		if (h->strings_size - so >= len) {
			if (!ix_need(ix, ix->strings + so, len))
				return -2;
			if (!memcmp(ix->strings + so, path, len))
				break;
		}
		e = NONE;
	}
	if (e == NONE)
		return 1;
	if (!ix_need(ix, &ix->ents[e], sizeof(ix->ents[e])))
		return -2;
	/* owners were appended in order: a chain only goes forward, so it ends */
	for (o = ix->ents[e].head; o != NONE; o = ix->owners[o].next) {
		uint32_t next;

		if (o >= h->nr_owners || !ix_need(ix, &ix->owners[o], sizeof(ix->owners[o])))
			return broken(ix);
		next = ix->owners[o].next;
		if (ix->owners[o].pkg >= h->nr_pkgs || (next != NONE && next <= o))
			return broken(ix);
		n++;
	}
	if (!n)
		return 1;
	*pkgs = malloc(n * sizeof(**pkgs));
	if (!*pkgs)
		return -1;
	for (o = ix->ents[e].head; o != NONE; o = ix->owners[o].next)
		(*pkgs)[(*nr)++] = ix->owners[o].pkg;
	return 0;
}

size_t dpkg_index_paths(const struct pkgdb *db)
{
	return (size_t)db->ix->h->nr_paths;
}

/* The lists' warnings as load_lists() gave them (dpkg_warn's limit applies). */
static int replay_warnings(struct pkgdb *db, const struct ix_header *h, const char *warnings)
{
	for (uint64_t off = 0; off < h->warnings_size;) {
		const char *w = warnings + off;

		if (db->warnings.nr < PKGDB_MAX_WARNINGS) {
			if (strvec_push(&db->warnings, w))
				return -1;
		} else {
			db->warnings_dropped++;
		}
		off += strlen(w) + 1;
	}
	db->warnings_dropped += h->warnings_dropped;
	return 0;
}

/* pkgs region: per package a flags byte, then its strings (each NUL-terminated) */
enum { PK_CONFIGURED = 1, PK_MAINTAINER = 2, PK_HOMEPAGE = 4, PK_MULTIARCH = 8 };

static int put_pkg(struct strbuf *sb, const struct pkg_info *pi)
{
	const char *v[] = { pi->name,	  pi->arch,	      pi->version,
			    pi->source,	  pi->source_version, pi->maintainer,
			    pi->homepage, pi->multi_arch,     pi->state };
	char flags =
		(char)((pi->configured ? PK_CONFIGURED : 0) | (pi->maintainer ? PK_MAINTAINER : 0) |
		       (pi->homepage ? PK_HOMEPAGE : 0) | (pi->multi_arch ? PK_MULTIARCH : 0));

	if (strbuf_addch(sb, flags))
		return -1;
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		if (v[i] && strbuf_add(sb, v[i], strlen(v[i]) + 1))
			return -1;
	return 0;
}

/* The next string of the region [*p, end) into *out: false when it does not end inside. */
static bool take(const char **p, const char *end, const char **out)
{
	const char *nul = memchr(*p, '\0', (size_t)(end - *p));

	if (!nul)
		return false;
	*out = *p;
	*p = nul + 1;
	return true;
}

/* The packages of the pkgs region into db (empty before): 1 damaged, -1 memory, 0. */
static int load_pkgs(struct pkgdb *db, const struct ix_header *h, const char *p)
{
	const char *end = p + h->pkgs_size;

	if (!h->nr_pkgs)
		return p == end ? 0 : 1;
	db->pkgs = calloc(h->nr_pkgs, sizeof(*db->pkgs));
	if (!db->pkgs)
		return -1;
	db->alloc = h->nr_pkgs;
	for (uint64_t i = 0; i < h->nr_pkgs; i++) {
		struct pkg_info *pi = &db->pkgs[i].info;
		unsigned char flags;
		int r;

		if (p >= end)
			return 1;
		flags = (unsigned char)*p++;
		pi->type = "deb";
		if (!take(&p, end, &pi->name) || !take(&p, end, &pi->arch) ||
		    !take(&p, end, &pi->version) || !take(&p, end, &pi->source) ||
		    !take(&p, end, &pi->source_version) ||
		    ((flags & PK_MAINTAINER) && !take(&p, end, &pi->maintainer)) ||
		    ((flags & PK_HOMEPAGE) && !take(&p, end, &pi->homepage)) ||
		    ((flags & PK_MULTIARCH) && !take(&p, end, &pi->multi_arch)) ||
		    !take(&p, end, &pi->state))
			return 1;
		pi->configured = flags & PK_CONFIGURED;
		db->pkgs[i].next_same_name = NONE;
		r = dpkg_add_name(db, (uint32_t)i);
		if (r)
			return r;
		db->nr++;
	}
	return p == end ? 0 : 1;
}

/* The mapped file's header and block sums, when they hold together: else NULL. */
static const struct ix_header *ix_header_of(const char *map, size_t len,
					    const struct dpkg_source_id *src, const char **why)
{
	const struct ix_header *h = (const void *)map;
	const uint64_t *sums = (const void *)(map + sizeof(*h));
	uint64_t body;

	*why = "the index is damaged";
	if (len < sizeof(*h) || memcmp(h->magic, IX_MAGIC, sizeof(IX_MAGIC)) ||
	    h->order != IX_ORDER)
		return NULL;
	*why = "the index is of another version";
	if (h->version != IX_VERSION)
		return NULL;
	*why = "dpkg's database changed since the index was made";
	if (memcmp(&h->src, src, sizeof(*src)))
		return NULL;
	*why = "the index is damaged";
	body = body_size(h);
	if (!body || h->nr_blocks != nr_blocks_of(body) ||
	    len != sizeof(*h) + h->nr_blocks * 8 + body || h->checksum != header_checksum(h, sums))
		return NULL;
	if (!h->nr_slots || (h->nr_slots & (h->nr_slots - 1)) || h->nr_slots < h->nr_paths)
		return NULL;
	return h;
}

int dpkg_index_load(struct pkgdb *db, const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	struct dpkg_index *ix = NULL;
	const struct ix_header *h;
	struct ix_view v;
	struct stat st;
	void *map = MAP_FAILED;
	int fd = -1, ret = 1, r;

	db->ix_state = "no index: the database's files cannot be examined";
	if (!db->src_known || ix_path(db, dir, &path))
		goto out;
	db->ix_state = "no index yet";
	fd = open(path.buf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		goto out;
	db->ix_state = "the index is not this user's own file";
	if (fstat(fd, &st) || !path_is_own_file(&st))
		goto out;
	db->ix_state = "the index is damaged";
	if ((uint64_t)st.st_size > IX_MAX_SIZE || (size_t)st.st_size < sizeof(struct ix_header))
		goto out;
	/* mapped, not read: a lookup touches a few pages of it */
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		goto out;
	h = ix_header_of(map, (size_t)st.st_size, &db->src_id, &db->ix_state);
	if (!h)
		goto out;
	ix = calloc(1, sizeof(*ix));
	if (ix)
		ix->checked = calloc(h->nr_blocks + 1, 1);
	if (!ix || !ix->checked || !(ix->file = strbuf_detach(&path, NULL)) ||
	    !(ix->cache_dir = strdup(dir))) {
		ret = -1;
		goto out;
	}
	ix->map = map;
	ix->map_len = (size_t)st.st_size;
	ix->dev = (uint64_t)st.st_dev;
	ix->ino = (uint64_t)st.st_ino;
	ix->h = h;
	ix->sums = (const uint64_t *)((const char *)map + sizeof(*h));
	ix->body = (const char *)map + sizeof(*h) + h->nr_blocks * 8;
	ix->body_len = ix->map_len - sizeof(*h) - h->nr_blocks * 8;
	ix_split(h, ix->body, &v);
	ix->slots = v.slots;
	ix->ents = v.ents;
	ix->stroff = v.stroff;
	ix->owners = v.owners;
	ix->strings = v.strings;
	/* the warnings are replayed now: checked now */
	if (!ix_need(ix, v.warnings, h->warnings_size) ||
	    (h->warnings_size && v.warnings[h->warnings_size - 1]) ||
	    (h->strings_size && !ix_need(ix, v.strings + h->strings_size - 1, 1)) ||
	    (h->strings_size && v.strings[h->strings_size - 1]))
		goto out;
	/* the packages, as the status file gave them: checked now */
	if (!ix_need(ix, v.pkgs, h->pkgs_size))
		goto out;
	r = load_pkgs(db, h, v.pkgs);
	if (r) {
		if (r < 0)
			ret = -1;
		goto out;
	}
	if (replay_warnings(db, h, v.warnings)) {
		ret = -1;
		goto out;
	}
	db->ix = ix;
	ix = NULL;
	map = MAP_FAILED;
	db->ix_state = "used";
	ret = 0;
out:
	if (ret) {
		/* as it was: the status file and the lists are read instead */
		free(db->pkgs);
		db->pkgs = NULL;
		db->nr = db->alloc = 0;
		strmap_release(&db->by_name);
	}
	if (ix) {
		free(ix->checked);
		free(ix->file);
		free(ix->cache_dir);
		free(ix);
	}
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	return ret;
}

/* Each package instance of a and b the same: the same status file was read. */
static bool same_packages(const struct pkgdb *a, const struct pkgdb *b)
{
	if (a->nr != b->nr)
		return false;
	for (size_t i = 0; i < a->nr; i++) {
		const struct pkg_info *x = &a->pkgs[i].info, *y = &b->pkgs[i].info;

		if (strcmp(x->name, y->name) || strcmp(x->arch, y->arch) ||
		    strcmp(x->version, y->version))
			return false;
	}
	return true;
}

int dpkg_index_fallback(const struct pkgdb *db, struct strbuf *err)
{
	struct dpkg_index *ix = db->ix;
	struct pkgdb_config cfg = PKGDB_CONFIG_INIT;
	struct stat st;

	/* the damaged file goes (unless a newer one already replaced it),
	 * so the database opened now writes a good one */
	if (!lstat(ix->file, &st) && (uint64_t)st.st_dev == ix->dev &&
	    (uint64_t)st.st_ino == ix->ino)
		unlink(ix->file);
	cfg.admindir = db->admindir;
	cfg.root = *db->root ? db->root : "/";
	cfg.cache_dir = ix->cache_dir;
	if (pkgdb_open_dpkg(&cfg, &ix->fallback, err))
		return -1;
	if (!same_packages(db, ix->fallback)) {
		/* its owners' numbers would name other packages than db's */
		pkgdb_close(ix->fallback);
		ix->fallback = NULL;
		return dpkg_fail(err, db->admindir, 0,
				 "dpkg's database changed while it was being read; run again");
	}
	snprintf(ix->state, sizeof(ix->state),
		 "the index was found damaged while in use: dpkg's lists were read instead (%s)",
		 pkgdb_index_state(ix->fallback));
	return 0;
}

/* ---- writing ---- */

static int put(struct strbuf *sb, const void *p, size_t n)
{
	if (strbuf_add(sb, p, n))
		return -1;
	while (sb->len % 8)
		if (strbuf_addch(sb, '\0'))
			return -1;
	return 0;
}

/* The index file's bytes for db's lists (loaded now) into out: 0, or -1 (memory). */
static int ix_build(const struct pkgdb *db, size_t first_warning, size_t dropped_before,
		    struct strbuf *out)
{
	struct ix_header h;
	const char **names = calloc(db->nr_ents + 1, sizeof(*names));
	uint32_t *slots = NULL;
	uint64_t *stroff = calloc(db->nr_ents + 1, sizeof(*stroff));
	struct strbuf strings = STRBUF_INIT, warnings = STRBUF_INIT, body = STRBUF_INIT;
	struct strbuf pkgs = STRBUF_INIT;
	uint64_t *sums = NULL;
	size_t nr_slots = 16;
	int ret = -1;

	memset(&h, 0, sizeof(h));
	while (nr_slots < db->nr_ents * 2)
		nr_slots *= 2;
	slots = malloc(nr_slots * sizeof(*slots));
	if (!names || !stroff || !slots)
		goto out;
	h.src = db->src_id;
	for (size_t i = 0; i < db->paths.cap; i++)
		if (db->paths.slots[i].key)
			names[db->paths.slots[i].val] = db->paths.slots[i].key;
	memset(slots, 0xff, nr_slots * sizeof(*slots));
	for (size_t e = 0; e < db->nr_ents; e++) {
		uint64_t i = ix_hash(names[e]) & (nr_slots - 1);

		stroff[e] = strings.len;
		if (strbuf_add(&strings, names[e], strlen(names[e]) + 1))
			goto out;
		while (slots[i] != NONE)
			i = (i + 1) & (nr_slots - 1);
		slots[i] = (uint32_t)e;
	}
	for (size_t i = 0; i < db->nr; i++)
		if (put_pkg(&pkgs, &db->pkgs[i].info))
			goto out;
	for (size_t i = first_warning; i < db->warnings.nr; i++)
		if (strbuf_add(&warnings, db->warnings.v[i], strlen(db->warnings.v[i]) + 1))
			goto out;
	memcpy(h.magic, IX_MAGIC, sizeof(IX_MAGIC));
	h.version = IX_VERSION;
	h.order = IX_ORDER;
	h.nr_pkgs = db->nr;
	h.nr_slots = nr_slots;
	h.nr_paths = db->nr_ents;
	h.nr_owners = db->nr_owners;
	h.strings_size = strings.len;
	h.warnings_size = warnings.len;
	h.pkgs_size = pkgs.len;
	h.warnings_dropped = db->warnings_dropped - dropped_before;
	if (put(&body, slots, nr_slots * sizeof(*slots)) ||
	    put(&body, db->ents, db->nr_ents * sizeof(*db->ents)) ||
	    put(&body, stroff, db->nr_ents * sizeof(*stroff)) ||
	    put(&body, db->owners, db->nr_owners * sizeof(*db->owners)) ||
	    put(&body, strings.buf, strings.len) || put(&body, warnings.buf, warnings.len) ||
	    put(&body, pkgs.buf, pkgs.len))
		goto out;
	h.nr_blocks = nr_blocks_of(body.len);
	sums = calloc(h.nr_blocks + 1, sizeof(*sums));
	if (!sums)
		goto out;
	for (uint64_t b = 0; b < h.nr_blocks; b++) {
		uint64_t at = b * IX_BLOCK;

		sums[b] = ix_checksum((const unsigned char *)body.buf + at,
				      body.len - at < IX_BLOCK ? body.len - at : IX_BLOCK);
	}
	h.checksum = header_checksum(&h, sums);
	if (put(out, &h, sizeof(h)) || put(out, sums, h.nr_blocks * sizeof(*sums)) ||
	    put(out, body.buf, body.len))
		goto out;
	ret = 0;
out:
	free(names);
	free(slots);
	free(stroff);
	free(sums);
	strbuf_release(&strings);
	strbuf_release(&warnings);
	strbuf_release(&body);
	strbuf_release(&pkgs);
	return ret;
}

int dpkg_index_save(const struct pkgdb *db, const char *dir, size_t first_warning,
		    size_t dropped_before)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, data = STRBUF_INIT;
	struct stat st;
	int fd, ret = -1;

	struct dpkg_source_id now;

	/* what was read must be what the index says it describes: dpkg may
	 * have run since the database was opened */
	if (!db->src_known || dpkg_source_identity(db, &now) ||
	    memcmp(&now, &db->src_id, sizeof(now)))
		goto out;
	if (path_mkdirs_private(dir) || lstat(dir, &st) || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 022))
		goto out; /* not a folder of ours: no index */
	if (ix_path(db, dir, &path) || strbuf_addf(&tmp, "%s.XXXXXX", path.buf) ||
	    ix_build(db, first_warning, dropped_before, &data))
		goto out;
	/* written whole under a name of its own, then renamed over: a reader
	 * sees the old index or the new one, never a part (concurrent runs:
	 * the last rename wins, both are complete) */
	fd = mkostemp(tmp.buf, O_CLOEXEC);
	if (fd >= 0)
		ret = path_commit(fd, tmp.buf, path.buf, data.buf, data.len);
out:
	strbuf_release(&path);
	strbuf_release(&tmp);
	strbuf_release(&data);
	return ret;
}

void dpkg_index_release(struct pkgdb *db)
{
	struct dpkg_index *ix = db->ix;

	if (!ix)
		return;
	pkgdb_close(ix->fallback);
	munmap((void *)ix->map, ix->map_len);
	free(ix->checked);
	free(ix->file);
	free(ix->cache_dir);
	free(ix);
	db->ix = NULL;
}
