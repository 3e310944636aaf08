/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DPKG_INTERNAL_H
#define SOUPTRACE_DPKG_INTERNAL_H

/*
 * Private to the dpkg database (pkgdb.h): the in-memory database that
 * dpkg_db.c (opening it, file lists, diversions, queries, purl),
 * dpkg_status.c (the status file) and dpkg_copyright.c (licences from
 * /usr/share/doc/PKG/copyright) share. Versions are in pkgver.c.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pkgdb.h"
#include "strbuf.h"
#include "realcache.h"
#include "strmap.h"
#include "strvec.h"

#define NONE		    UINT32_MAX
#define MAX_DOC_SYMLINKS    8
#define MAX_NAME_LEN	    256
#define MAX_DIVERSIONS_SIZE ((size_t)64 << 20)

struct pathent {
	uint32_t head, tail; /* into owners[] */
};

struct ownerlink {
	uint32_t pkg;
	uint32_t next;
};

struct diversion {
	const char *from, *to, *by;
};

/* What a file or folder is, to tell whether it changed: stat's identity. */
struct dpkg_identity {
	uint64_t dev, ino, size, mtime_ns, ctime_ns;
};

/* The database's sources: dpkg replaces status and rewrites info/ on every change. */
struct dpkg_source_id {
	struct dpkg_identity status, info;
};

/*
 * The persistent index in use (dpkg_index.c): the file mapped, its blocks
 * checked as lookups first read them. Lookups change it (blocks checked,
 * damage found, the lists read instead): it is reached through a pointer.
 */
struct dpkg_index {
	const char *map;
	size_t map_len;
	uint64_t dev, ino; /* the file mapped */
	const struct ix_header *h;
	const uint64_t *sums;	/* each block's checksum */
	unsigned char *checked; /* per block: 1 when its sum matched */
	const char *body;
	uint64_t body_len;
	const uint32_t *slots;
	const struct pathent *ents;
	const uint64_t *stroff;
	const struct ownerlink *owners;
	const char *strings;
	bool damaged; /* a sum or a bound failed: nothing more is read from it */
	char *file, *cache_dir;
	/* after damage: the database opened again from dpkg's lists */
	struct pkgdb *fallback;
	char state[256];
};

struct dpkg_pkg {
	struct pkg_info info;	 /* first: a pkg_info pointer is a dpkg_pkg pointer */
	uint32_t next_same_name; /* the next instance of the same name, or NONE */
};

struct pkgdb {
	char *admindir;
	char *root;	 /* "" for "/": a prefix for host paths */
	char *root_real; /* realpath of root, "" for "/" */
	char *vendor;
	char *distro;

	char *status; /* the status file; pkg_info strings point into it */
	struct dpkg_pkg *pkgs;
	size_t nr, alloc;
	struct strmap by_name; /* name -> first instance */

	char **chunks; /* .list and diversions buffers; paths point into them */
	size_t nr_chunks, alloc_chunks;
	struct strmap paths; /* path -> index in ents[] */
	struct pathent *ents;
	size_t nr_ents, alloc_ents;
	struct ownerlink *owners;
	size_t nr_owners, alloc_owners;

	struct diversion *divs;
	size_t nr_divs, alloc_divs;
	struct strmap div_from, div_to; /* path -> index in divs[] */

	struct strvec warnings;
	size_t warnings_dropped;

	/* real paths of looked-up files, by directory (a lookup is const: the
	 * cache is reached through a pointer) */
	struct realcache *real;

	/* the persistent index: the lists' paths and owners come from it when ix is set */
	struct dpkg_source_id src_id; /* taken before anything is read */
	bool src_known;
	struct dpkg_index *ix;
	const char *ix_state; /* pkgdb_index_state() */
	char ix_text[160];
};

/* Grow arr (of alloc elements of size) to hold need: 0, or -1 (memory). */
int dpkg_grow_array(void **arr, size_t *alloc, size_t need, size_t size);
#define DPKG_GROW(arr, alloc, need)                                                                \
	dpkg_grow_array((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

/* "FILE[:LINE]: message" into err (may be NULL); returns -1. */
__attribute__((format(printf, 4, 5))) int dpkg_fail(struct strbuf *err, const char *file,
						    size_t line, const char *fmt, ...);
/* A warning kept in db (up to PKGDB_MAX_WARNINGS): 0, or -1 when out of memory. */
__attribute__((format(printf, 4, 5))) int dpkg_warn(struct pkgdb *db, const char *file, size_t line,
						    const char *fmt, ...);
/* deb822 separates with blanks and tabs. */
bool dpkg_is_blank(char c);
/* dpkg's pkg_name_is_illegal() and dpkg_arch_name_is_illegal(), negated. */
bool dpkg_valid_pkg_name(const char *s);
bool dpkg_valid_arch(const char *s);

/* ---- dpkg_index.c: the persistent index of the file lists ---- */

/* The identity of db's status file and info/ folder now: 0, or -1 (cannot stat). */
int dpkg_source_identity(const struct pkgdb *db, struct dpkg_source_id *id);
/*
 * Use the index in dir when it describes db->src_id: the packages (as the
 * status file gives them) and the lists come from it. 0 used, 1 none usable
 * (db as it was: read the status file and the lists), -1 memory.
 */
int dpkg_index_load(struct pkgdb *db, const char *dir);
/*
 * Write the index of the packages and lists just loaded (warnings from first_warning on,
 * and those dropped since dropped_before, are the lists'): 0, or -1 (not
 * written: no folder of ours, dpkg changed the database meanwhile, I/O).
 */
int dpkg_index_save(const struct pkgdb *db, const char *dir, size_t first_warning,
		    size_t dropped_before);
/*
 * The packages (indices into pkgs[], in list order) that list path in the
 * index: 0 with *pkgs (free() it) and *nr set, 1 none, -1 memory, -2 the
 * index is damaged (a block's sum or a bound): use dpkg_index_fallback().
 */
int dpkg_index_owners(const struct pkgdb *db, const char *path, uint32_t **pkgs, size_t *nr);
/* The paths in the index. */
size_t dpkg_index_paths(const struct pkgdb *db);
/*
 * After damage: remove the index file, open the database again from dpkg's
 * lists (writing a new index) into db->ix->fallback, whose lists answer
 * from then on. 0, or -1 with the message in err (the status file changed
 * meanwhile, memory, I/O).
 */
int dpkg_index_fallback(const struct pkgdb *db, struct strbuf *err);
void dpkg_index_release(struct pkgdb *db);

/* Read the status file into db (dpkg_status.c): 0, or -1 with the message in err. */
int dpkg_parse_status(struct pkgdb *db, const char *file, struct strbuf *err);
/* Index pkgs[i] by its name: 0, 1 (that name:arch is there already), -1 memory. */
int dpkg_add_name(struct pkgdb *db, uint32_t i);

#endif
