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

/* Read the status file into db (dpkg_status.c): 0, or -1 with the message in err. */
int dpkg_parse_status(struct pkgdb *db, const char *file, struct strbuf *err);

#endif
