/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The persistent index of dpkg's file lists (pkgdb.h, "Persistent index"):
 * what load_lists() builds from the 900 .list files, kept in one file of
 * the cache directory and read back while dpkg's status file and info/
 * folder are the ones it was built from.
 *
 * The file, in this machine's byte order (the header says which):
 *   struct ix_header
 *   uint32_t slots[nr_slots]     hash table: path index, or NONE
 *   struct pathent ents[nr_paths]  owners of each path (as in memory)
 *   uint64_t stroff[nr_paths]    each path's offset in strings
 *   struct ownerlink owners[nr_owners]
 *   char strings[strings_size]   the paths, each NUL-terminated
 *   char warnings[warnings_size] the lists' warnings, each NUL-terminated
 * each part padded to 8 bytes. A checksum covers everything after the
 * header; every index and offset is checked before the file is used, so a
 * cut, corrupt or planted file is rebuilt, never believed.
 */
#include "dpkg_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pathutil.h"

#include "banned.h"

#define IX_MAGIC   "STPKGIX"
#define IX_VERSION 1u
#define IX_ORDER   0x01020304u
/* An index larger than this is not read (the paths themselves are bounded by PKGDB_MAX_PATHS). */
#define IX_MAX_SIZE ((size_t)2 << 30)

struct ix_header {
	char magic[8];
	uint32_t version, order;
	struct dpkg_source_id src; /* dpkg's status file and info/ folder */
	uint64_t nr_pkgs;	   /* packages kept from the status file */
	uint64_t nr_slots, nr_paths, nr_owners, strings_size, warnings_size;
	uint64_t warnings_dropped;
	uint64_t checksum; /* of everything after the header */
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

struct ix_view {
	const struct ix_header *h;
	const uint32_t *slots;
	const struct pathent *ents;
	const uint64_t *stroff;
	const struct ownerlink *owners;
	const char *strings, *warnings;
};

/* The parts of buf (len bytes): true when the sizes add up exactly. */
static bool ix_split(const char *buf, size_t len, struct ix_view *v)
{
	const struct ix_header *h = (const void *)buf;
	uint64_t off = sizeof(*h), need;

	if (len < sizeof(*h))
		return false;
	if (h->nr_slots > IX_MAX_SIZE || h->nr_paths > PKGDB_MAX_PATHS ||
	    h->nr_owners > IX_MAX_SIZE || h->strings_size > IX_MAX_SIZE ||
	    h->warnings_size > IX_MAX_SIZE)
		return false;
	need = off + pad8(h->nr_slots * 4) + h->nr_paths * (8 + 8) + h->nr_owners * 8 +
	       pad8(h->strings_size) + pad8(h->warnings_size);
	if (need != len)
		return false;
	v->h = h;
	v->slots = (const void *)(buf + off);
	off += pad8(h->nr_slots * 4);
	v->ents = (const void *)(buf + off);
	off += h->nr_paths * 8;
	v->stroff = (const void *)(buf + off);
	off += h->nr_paths * 8;
	v->owners = (const void *)(buf + off);
	off += h->nr_owners * 8;
	v->strings = buf + off;
	off += pad8(h->strings_size);
	v->warnings = buf + off;
	return true;
}

/* Every index and offset inside its table, every owner chain going forward. */
static bool ix_consistent(const struct ix_view *v, size_t nr_pkgs)
{
	const struct ix_header *h = v->h;

	if (h->nr_pkgs != nr_pkgs || !h->nr_slots || (h->nr_slots & (h->nr_slots - 1)) ||
	    h->nr_slots < h->nr_paths)
		return false;
	if ((h->strings_size && v->strings[h->strings_size - 1]) ||
	    (h->warnings_size && v->warnings[h->warnings_size - 1]))
		return false;
	for (uint64_t i = 0; i < h->nr_slots; i++)
		if (v->slots[i] != NONE && v->slots[i] >= h->nr_paths)
			return false;
	for (uint64_t i = 0; i < h->nr_paths; i++) {
		const struct pathent *e = &v->ents[i];

		if (v->stroff[i] >= h->strings_size || e->head >= h->nr_owners ||
		    e->tail >= h->nr_owners)
			return false;
	}
	for (uint64_t i = 0; i < h->nr_owners; i++) {
		const struct ownerlink *o = &v->owners[i];

		/* owners are appended in order: a chain only goes forward, so it ends */
		if (o->pkg >= nr_pkgs ||
		    (o->next != NONE && (o->next <= i || o->next >= h->nr_owners)))
			return false;
	}
	return true;
}

long dpkg_index_find(const struct pkgdb *db, const char *path)
{
	const struct dpkg_index *ix = db->ix;
	uint64_t mask = ix->nr_slots - 1, i = ix_hash(path) & mask;

	for (uint64_t probes = 0; probes < ix->nr_slots; probes++, i = (i + 1) & mask) {
		uint32_t e = ix->slots[i];

		if (e == NONE)
			return -1;
		if (!strcmp(ix->strings + ix->stroff[e], path))
			return (long)e;
	}
	return -1;
}

/* The lists' warnings as load_lists() gave them (dpkg_warn's limit applies). */
static int replay_warnings(struct pkgdb *db, const struct ix_view *v)
{
	for (uint64_t off = 0; off < v->h->warnings_size;) {
		const char *w = v->warnings + off;

		if (db->warnings.nr < PKGDB_MAX_WARNINGS) {
			if (strvec_push(&db->warnings, w))
				return -1;
		} else {
			db->warnings_dropped++;
		}
		off += strlen(w) + 1;
	}
	db->warnings_dropped += v->h->warnings_dropped;
	return 0;
}

int dpkg_index_load(struct pkgdb *db, const char *dir)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	struct ix_view v;
	struct stat st;
	int fd = -1, ret = 1;

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
	if ((uint64_t)st.st_size > IX_MAX_SIZE || strbuf_read_fd(&sb, fd, IX_MAX_SIZE) ||
	    !ix_split(sb.buf, sb.len, &v) || memcmp(v.h->magic, IX_MAGIC, sizeof(IX_MAGIC)) ||
	    v.h->order != IX_ORDER)
		goto out;
	db->ix_state = "the index is of another version";
	if (v.h->version != IX_VERSION)
		goto out;
	db->ix_state = "dpkg's database changed since the index was made";
	if (memcmp(&v.h->src, &db->src_id, sizeof(db->src_id)))
		goto out;
	db->ix_state = "the index is damaged";
	if (v.h->checksum != ix_checksum((const unsigned char *)sb.buf + sizeof(*v.h),
					 sb.len - sizeof(*v.h)) ||
	    !ix_consistent(&v, db->nr))
		goto out;
	if (replay_warnings(db, &v)) {
		ret = -1;
		goto out;
	}
	db->ix = calloc(1, sizeof(*db->ix));
	if (!db->ix) {
		ret = -1;
		goto out;
	}
	db->ix->nr_slots = v.h->nr_slots;
	db->ix->slots = v.slots;
	db->ix->stroff = v.stroff;
	db->ix->strings = v.strings;
	db->ix->buf = strbuf_detach(&sb, NULL);
	/* the arrays the lookups use are the index's own */
	db->ents = (struct pathent *)v.ents;
	db->nr_ents = v.h->nr_paths;
	db->owners = (struct ownerlink *)v.owners;
	db->nr_owners = v.h->nr_owners;
	db->ix_state = "used";
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	strbuf_release(&sb);
	return ret;
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
	struct strbuf strings = STRBUF_INIT, warnings = STRBUF_INIT;
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
	h.warnings_dropped = db->warnings_dropped - dropped_before;
	if (put(out, &h, sizeof(h)) || put(out, slots, nr_slots * sizeof(*slots)) ||
	    put(out, db->ents, db->nr_ents * sizeof(*db->ents)) ||
	    put(out, stroff, db->nr_ents * sizeof(*stroff)) ||
	    put(out, db->owners, db->nr_owners * sizeof(*db->owners)) ||
	    put(out, strings.buf, strings.len) || put(out, warnings.buf, warnings.len))
		goto out;
	h.checksum = ix_checksum((const unsigned char *)out->buf + sizeof(h), out->len - sizeof(h));
	memcpy(out->buf, &h, sizeof(h));
	ret = 0;
out:
	free(names);
	free(slots);
	free(stroff);
	strbuf_release(&strings);
	strbuf_release(&warnings);
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
	if (!db->ix)
		return;
	free(db->ix->buf);
	free(db->ix);
	db->ix = NULL;
	db->ents = NULL; /* they were the index's */
	db->owners = NULL;
}
