/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_PKGDB_H
#define SOUPTRACE_PKGDB_H

#include <stdbool.h>
#include <stddef.h>

#include "dep5.h"
#include "strbuf.h"
#include "strvec.h"

/*
 * Which installed package owns a file, and what that package is: name,
 * version, supplier, licence, purl. The interface is the package manager's
 * view of a file system; dpkg_db.c is Debian's implementation (RPM's would
 * add pkgdb_open_rpm(), the rest of the contract stays; the functions below
 * then dispatch on the backend).
 *
 * ---- dpkg (pkgdb_open_dpkg) ----
 *
 * The database is read ONCE and indexed; nothing is ever executed (no
 * dpkg -S, no dpkg-query). Read from ADMINDIR (default /var/lib/dpkg):
 *   status          RFC 822 paragraphs, one per package instance. Fields
 *                   used: Package, Status, Architecture, Version, Source,
 *                   Maintainer, Homepage, Multi-Arch (names are
 *                   case-insensitive; others are skipped).
 *   info/P.list     one path per line, the files and directories package P
 *   info/P:A.list   unpacked (P:A for a Multi-Arch: same instance).
 *   diversions      triples of lines "from", "to", "by package" (":" for a
 *                   local diversion); optional.
 *   updates/        only checked: pending journal entries mean status is
 *                   older than the system, which is worth a warning.
 *
 * Which packages count: those whose files are on disk, i.e. whose Status
 * third word is installed, triggers-pending, triggers-awaited,
 * half-configured, unpacked or half-installed (the want word does not
 * matter: "deinstall ok installed" is still installed). not-installed and
 * config-files packages are not loaded, and their .list is not read: their
 * files are gone (config-files keeps conffiles only, which are not SOUP).
 * Files of a package that was never configured are still that package's
 * files, so half-configured and unpacked packages are kept; pkg_info.state
 * says which, and pkg_info.configured is true only for installed and
 * triggers-*. half-installed (an interrupted unpack or removal) is kept as
 * well: dpkg -S answers for it too; a report should show the state.
 *
 * Hostile input. The status file is what dpkg itself refuses when broken,
 * and so does this: a NUL byte, a line longer than PKGDB_MAX_LINE, a last
 * line without newline (a cut file), a line that is neither "Field: value"
 * nor a continuation (missing colon), a continuation before any field, a
 * paragraph without Package or Status, an unknown Status word, an invalid
 * package or architecture name (they become file names), a kept package
 * without Version or Architecture, an invalid version, a malformed Source,
 * the same package:arch twice, a file larger than PKGDB_MAX_STATUS: all
 * fail the open with "FILE:LINE: reason" in err. Guessing around a broken
 * database would turn "owned by X" into "owned by nobody", a wrong answer.
 * A .list file is more forgiving, line by line, with a warning naming
 * FILE:LINE: empty lines are skipped silently; relative paths, NUL bytes,
 * lines longer than PKGDB_MAX_LINE and an unterminated last line (it may be
 * a cut path that would match another file) are skipped; a .list larger
 * than PKGDB_MAX_LIST is skipped as a whole; a kept package without a .list
 * is a warning. Paths are normalised lexically (path_normalize: "//", "."
 * and ".." go; "/." is "/"). Memory is proportional to the files read,
 * within those bounds and at most PKGDB_MAX_PATHS paths.
 *
 * Lookup (pkgdb_lookup): the query is normalised lexically, then these
 * spellings are tried in order, the first one in the database wins:
 *   1. the path itself;
 *   2. merged /usr: "/usr/X/..." <-> "/X/..." for X in bin, sbin, lib,
 *      lib32, lib64, libx32, libo32 (dpkg records /lib/x86_64-linux-gnu/
 *      libz.so.1, the linker says /usr/lib/x86_64-linux-gnu/libz.so.1);
 *   3. the real path of its directory plus its own name (and 2. of that);
 *   4. its real path (and 2. of that).
 * So a symlink is owned by the package that shipped the link (libz.so ->
 * zlib1g-dev); ask with the real path to learn who shipped the content.
 * Real paths are taken inside cfg->root (a symlink leading out of the root
 * drops that spelling). Diversions are applied to the spelling found: a
 * diverted-from path belongs to the diverting package only (nobody for a
 * local diversion), a diverted-to path ("x.distrib") to the packages that
 * list the original path, except the diverting one.
 *
 * Licence (pkgdb_license): ROOT/usr/share/doc/NAME/copyright (NAME/ may be
 * a symlink to another package's directory: followed inside the root). It
 * counts as machine-readable when its first field is
 *   Format: http(s)://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
 * (trailing slash optional) or one of the DEP-5 draft URLs
 * (http://dep.debian.net/deps/dep5..., http://svn.debian.org/wsvn/dep/web/
 * deps/dep5.mdwn...; same Files/License syntax), and the rest is deb822
 * (lines starting with '#' are comments; a line that is neither a field
 * nor a continuation makes the file not machine-readable). The licence of the
 * package is the first line of License in the last "Files:" paragraph
 * whose patterns include "*" (DEP-5: the last matching paragraph wins),
 * else that of the header paragraph. Anything else is "unknown" with the
 * reason; nothing is guessed from free text. The DEP-5 expression ("A or
 * B", "A and B", ", and" / ", or" grouping, "A with X exception") becomes
 * an SPDX expression through deb_license_map[]: an unknown short name
 * becomes "LicenseRef-NAME" (each run of characters other than letters,
 * digits and '.' becomes one '-': "MIT/X11" -> LicenseRef-MIT-X11) and is
 * listed in pkg_license.unmapped; a "with X exception" outside the small
 * exception table makes the whole term a LicenseRef. A
 * License line that is not a DEP-5 expression (blanks inside a name: "MIT/X
 * Consortium License") is unknown.
 *
 * purl (pkgdb_purl), per the purl specification (docs/standard/
 * specification.md) and its deb type definition:
 *   pkg:deb/VENDOR/NAME@VERSION?arch=ARCH[&distro=DISTRO]
 * VENDOR is cfg->vendor (default "debian"), lowercase. The version is the
 * full Debian version, epoch kept. Percent-encoding follows the
 * specification's "Character encoding" clause: unreserved are letters,
 * digits and ".-_~"; "the colon ':', whether used as a Separator
 * Character or otherwise" shall not be encoded; everything else is
 * %XX-encoded, so '+' is "%2B" (the deb type's own example:
 * pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64). Qualifiers sorted by
 * key; distro only when cfg->distro is set (it is optional in the type
 * definition, and nothing in the dpkg database says which release the
 * packages came from: the caller knows, e.g. "debian-12" from
 * /etc/os-release). A binary package built from a source package of
 * another name has the qualifier upstream=SOURCE, and "%40SOURCE-VERSION"
 * after it when the versions differ (the deb type defines no key for the
 * source package; this is the one syft writes and Grype matches:
 * pkg:deb/debian/libc6@2.36-9?arch=amd64&upstream=glibc). The source
 * package itself: arch=source and the source version (the deb type's
 * "arch=source identifies a Debian source package").
 *
 * A component (IEC 62304 SOUP item) is a source package: libcjson1 and
 * libcjson-dev are both "cjson" (pkg_info.source; pkgdb_by_source lists
 * the binaries of one source).
 *
 * Persistent index (cfg->cache_dir; dpkg_index.c). Reading the ~900 .list
 * files and hashing their ~150,000 paths, and parsing the status file, is
 * most of the cost of opening the database. With a cache folder, what they
 * give (the packages' fields, paths, owners, the lists' warnings) is
 * written to DIR/pkgdb-HASH.idx (HASH of the admindir and root) and used on
 * the next open instead, while the status file and the info/ folder have
 * the identity (device, inode, size, mtime and ctime in nanoseconds) they
 * had when it was made: dpkg replaces status and renames .list files into
 * info/ on every change, so any change makes a new index. The identity is
 * taken before anything is read, and an index is written only when it is
 * unchanged after reading. The index is written whole under a temporary
 * name and renamed into place (concurrent runs: each writes a complete
 * file, the last rename wins). It is mapped, not read: opening checks its
 * header (this user's regular file, writable by no one else, this format
 * version and byte order, the database's identity, sizes that add up, the
 * checksum of the header and of the per-block sums) and the packages and
 * warnings it holds; the paths' tables are checked in blocks of 4 KiB as
 * lookups first read them (each block's checksum, every index and offset
 * inside its table, owner chains going forward). When a lookup finds a
 * block damaged, the index file is removed and the database is read again
 * from dpkg's lists (a new index written) for this and every later lookup:
 * a damaged index is never believed, and the run goes on with the answers
 * the lists give. The index is written only into a folder of this user's
 * that others cannot write. Lookups are not thread-safe (they cache real
 * paths and check blocks). pkgdb_index_state() says what happened.
 */

/* The longest status or .list line accepted, in bytes (without newline). */
#define PKGDB_MAX_LINE	 (256 * 1024)
#define PKGDB_MAX_STATUS ((size_t)256 << 20)
#define PKGDB_MAX_LIST	 ((size_t)64 << 20)
#define PKGDB_MAX_PATHS	 ((size_t)16 << 20)
/* A copyright file larger than this is "unknown" (reason: too large). */
#define PKGDB_MAX_COPYRIGHT ((size_t)8 << 20)
/* Warnings kept in full; later ones are only counted. */
#define PKGDB_MAX_WARNINGS 100

struct pkgdb_config {
	const char *admindir;  /* NULL: /var/lib/dpkg */
	const char *root;      /* copyright files and real paths; NULL: "/" */
	const char *vendor;    /* purl namespace; NULL: "debian" */
	const char *distro;    /* purl distro qualifier ("debian-12"); NULL: none */
	const char *cache_dir; /* the persistent index's folder (below); NULL: none */
};

/* clang-format off */
#define PKGDB_CONFIG_INIT { NULL, NULL, NULL, NULL, NULL }
/* clang-format on */

/* One package instance. Owned by the pkgdb, valid until pkgdb_close. */
struct pkg_info {
	const char *type;	    /* purl type: "deb" */
	const char *name;	    /* binary package: "zlib1g" */
	const char *arch;	    /* "amd64", "all" */
	const char *version;	    /* binary version: "1:1.2.13.dfsg-1" */
	const char *source;	    /* source package, the component: "zlib" */
	const char *source_version; /* Source "(version)", else version */
	const char *maintainer;	    /* the supplier; NULL when absent */
	const char *homepage;	    /* NULL when absent */
	const char *multi_arch;	    /* "same", "foreign", "allowed"; NULL: no */
	const char *state;	    /* the Status word: "installed", "unpacked" ... */
	bool configured;	    /* installed, triggers-pending or -awaited */
};

struct pkgdb;

/*
 * Load the dpkg database. cfg may be NULL for this machine's. 0 with *out
 * set (close it with pkgdb_close), or -1 with one message "FILE[:LINE]:
 * reason" in err (may be NULL) and *out NULL.
 */
int pkgdb_open_dpkg(const struct pkgdb_config *cfg, struct pkgdb **out, struct strbuf *err);
void pkgdb_close(struct pkgdb *db);

/* What was skipped while loading ("FILE:LINE: reason"), for the report. */
const struct strvec *pkgdb_warnings(const struct pkgdb *db);
/*
 * The persistent index, with cfg->cache_dir: "used" (the file lists came
 * from it); "built: WHY" (read from dpkg's lists, and the index written for
 * the next run; WHY the old one was not used: "no index yet", "dpkg's
 * database changed since the index was made", "the index is damaged", ...);
 * "not written: WHY" (read from the lists; the folder is not this user's
 * own, or dpkg changed the database meanwhile); "off" (no cache_dir);
 * "the index was found damaged while in use: dpkg's lists were read
 * instead (STATE)" after a lookup found a damaged block.
 */
const char *pkgdb_index_state(const struct pkgdb *db);
/* Packages loaded (status file order) and distinct paths indexed. */
size_t pkgdb_count(const struct pkgdb *db);
const struct pkg_info *pkgdb_at(const struct pkgdb *db, size_t i);
size_t pkgdb_path_count(const struct pkgdb *db);

/*
 * The instance of package name (arch NULL: the first in status order). 0
 * with *out set, 1 when no such package is loaded.
 */
int pkgdb_find_package(const struct pkgdb *db, const char *name, const char *arch,
		       const struct pkg_info **out);

/*
 * The binary packages built from source package source, status order. 0
 * with *out (free() it) and *nr set, 1 when none, -1 out of memory.
 */
int pkgdb_by_source(const struct pkgdb *db, const char *source, const struct pkg_info ***out,
		    size_t *nr);

enum pkgdb_how {
	PKGDB_EXACT,	    /* the path as given (normalised) */
	PKGDB_MERGED_USR,   /* with /usr added or removed */
	PKGDB_DIR_REALPATH, /* its directory's real path, then the name */
	PKGDB_REALPATH,	    /* its real path */
};

struct pkgdb_match {
	const struct pkg_info *pkg; /* owners[0] */
	/* Every owner, status order: a directory, or a file that several
	 * Multi-Arch: same instances share, has several. */
	const struct pkg_info **owners;
	size_t nr_owners;
	struct strbuf path; /* the spelling found in the database */
	enum pkgdb_how how;
	/* The diversion applied (NULL: none): its "by" package, ":" local. */
	const char *diverted_by;
};

void pkgdb_match_init(struct pkgdb_match *m);
void pkgdb_match_release(struct pkgdb_match *m);

/*
 * Which package owns path (absolute; any spelling, see above). m is
 * initialised, released and refilled.
 *   0  found: m->pkg and m->owners set.
 *   1  owned by no loaded package (an answer, not a failure).
 *  -1  error: a relative or empty path, out of memory; message in err.
 */
int pkgdb_lookup(const struct pkgdb *db, const char *path, struct pkgdb_match *m,
		 struct strbuf *err);

/*
 * Append the purl of pkg to out (see above); source: of its source package
 * (arch=source, source version). 0, or -1 out of memory.
 */
int pkgdb_purl(const struct pkgdb *db, const struct pkg_info *pkg, bool source, struct strbuf *out);

struct pkg_license {
	char *spdx;		/* SPDX expression of the package as a whole, or NULL */
	char *declared;		/* the License line as the file writes it, or NULL */
	char *reason;		/* why spdx is NULL: "copyright file not machine-readable" */
	char *file;		/* the copyright file read (doc-dir symlink followed) */
	size_t line;		/* of that License field; 0 when none */
	bool from_header;	/* from the header paragraph: no "Files: *" */
	struct strvec unmapped; /* Debian names turned into LicenseRef-... */
	/* Every Files paragraph's licence, distinct, in file order (SPDX
	 * expressions; paragraphs whose License does not parse are left out).
	 * Filled also when spdx is NULL because no paragraph is "Files: *"
	 * (libjpeg62-turbo: every file has its own). */
	struct strvec all;
	/* The header paragraph's Upstream-Name, Upstream-Contact and Source
	 * (first line of each), or NULL: who made the software, as opposed to
	 * the package's Maintainer, who distributes it. */
	char *upstream_name, *upstream_contact, *upstream_source;
	/*
	 * pkgdb_license_files: one line per distinct paragraph used,
	 * "COPYRIGHT:LINE (Files: PATTERN) for N file(s): FIRST-PATH", in the
	 * order first used.
	 */
	struct strvec matched;
};

void pkg_license_init(struct pkg_license *lic);
void pkg_license_release(struct pkg_license *lic);

/*
 * The licence of pkg, read now from its copyright file (not cached).
 *   0  lic->spdx set.
 *   1  unknown, lic->reason says why: no copyright file, not machine-
 *      readable, no Files: * paragraph and no header License, the License
 *      line is not a DEP-5 expression, the file is malformed or too large.
 *  -1  error: out of memory, an unreadable file (EACCES, EIO); err.
 */
int pkgdb_license(const struct pkgdb *db, const struct pkg_info *pkg, struct pkg_license *lic,
		  struct strbuf *err);

/*
 * The licence of the given installed files of pkg (absolute paths: the
 * files of the package that reach an artifact), from the same copyright
 * file: for each file the last Files paragraph (DEP-5: the last match wins)
 * one of whose patterns matches it, where an installed path stands for a
 * source path when a pattern without '/' matches its base name ("lib*"
 * matches /usr/lib/x86_64-linux-gnu/libelf.so.1) or a pattern with '/'
 * matches the same number of its trailing components. "*" matches
 * everything; in patterns '*' is any text and '?' one character (DEP-5),
 * '\' quotes the next. lic->spdx is the distinct licences of the files,
 * in order, joined with AND (an expression with OR or AND in parentheses);
 * lic->matched says which paragraph each came from. With nr 0, or when a
 * file matches no paragraph, as pkgdb_license. Same results otherwise.
 */
int pkgdb_license_files(const struct pkgdb *db, const struct pkg_info *pkg,
			const char *const *paths, size_t nr, struct pkg_license *lic,
			struct strbuf *err);

/* DEP-5 Files pattern matching (see pkgdb_license_files), for the tests. */
bool dep5_pattern_match(const char *pattern, const char *path);

/* Debian licence short names as SPDX (deb_license_map[], deb_license_to_spdx): licence/dep5.h. */

/*
 * Debian versions ([epoch:]upstream[-revision]).
 *
 * pkgver_upstream appends to out the upstream version a declaration would
 * name: without the epoch, without the Debian revision (after the last
 * '-'), without a native package's binNMU "+bN", and cut at the first
 * repack marker: "+dfsg", ".dfsg", "~dfsg", "+ds", ".ds", "~ds",
 * "+repack", ".repack", "~repack" (each must be followed by the end, a
 * digit, '.', '+' or '~'). "X+reallyY" means the content is Y, so Y is
 * used. "1:1.2.13.dfsg-1" -> "1.2.13", "2.36-9+deb12u4" -> "2.36",
 * "20210528-1+b1" -> "20210528", "0.188-2.1" -> "0.188". 0, -1 (memory).
 */
int pkgver_upstream(const char *version, struct strbuf *out);

/*
 * True when declared (as a soup.json names it: "1.2.13", "v1.2.13",
 * "1:1.2.13-1") and found (a package version) have the same upstream
 * version, compared exactly after pkgver_upstream on both and a leading
 * 'v' dropped from declared: "1.2" does not match "1.2.13".
 */
bool pkgver_matches(const char *declared, const char *found);

/* True when v is a valid Debian version (dpkg's rules). */
bool pkgver_valid(const char *v);

/*
 * dpkg's order (epoch numerically, then upstream and revision with the
 * letters-before-non-letters and '~'-first rules): <0, 0, >0. Invalid
 * versions compare as strings with the same rules, never crash.
 */
int pkgver_compare(const char *a, const char *b);

#endif
