/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_PKGCONFIG_H
#define SOUPTRACE_PKGCONFIG_H

#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * pkg-config metadata for a library the linker was given by name: "-lz"
 * -> zlib.pc -> Name "zlib", Version "1.2.13", URL. A second opinion next
 * to the package database (and the only one for a library installed from
 * source into /usr/local). Nothing is executed: .pc files are parsed here.
 *
 * Search path, in order (as pkg-config builds it):
 *   1. pkgconfig_config.pkg_config_path: the build's PKG_CONFIG_PATH
 *      (':'-separated). Never read from this process's environment: a
 *      report must not depend on the analyst's shell.
 *   2. pkgconfig_config.libdir (':'-separated, like PKG_CONFIG_LIBDIR),
 *      else the defaults of Debian 12's pkg-config on x86-64
 *      (`pkg-config --variable pc_path pkg-config`):
 *      /usr/local/lib/x86_64-linux-gnu/pkgconfig, /usr/local/lib/pkgconfig,
 *      /usr/local/share/pkgconfig, /usr/lib/x86_64-linux-gnu/pkgconfig,
 *      /usr/lib/pkgconfig, /usr/share/pkgconfig.
 * Empty elements and missing directories are skipped.
 *
 * Which file answers for library NAME: every "*.pc" of every directory is
 * read (at most PKGCONFIG_MAX_FILES per directory, sorted by name) and
 * those whose expanded "Libs:" has the token "-lNAME" (or "-l" "NAME")
 * match; "Libs.private" does not count (that is what the library itself
 * links). The first directory with a match wins, and in it a module named
 * NAME or libNAME before the others, then by name. The other matches are
 * listed in "also": when they disagree, the caller sees it.
 *
 * The .pc format: "name=value" defines a variable, "Key: value" a
 * keyword; '#' starts a comment (except "\#"); a line ending in '\'
 * continues. ${name} expands a variable (defined anywhere in the file,
 * pcfiledir is built in: the file's directory), "$$" is a '$'. Expansion
 * is bounded: at most PKGCONFIG_MAX_DEPTH nested references and
 * PKGCONFIG_MAX_VALUE bytes per value, so "a=${b}" / "b=${a}" is an error,
 * not a hang. Hostile input: a file larger than PKGCONFIG_MAX_FILE, a NUL
 * byte, an undefined variable, a variable defined twice or a keyword given
 * twice make that file invalid: pkgconfig_load fails with "FILE:LINE:
 * reason", and the search skips it with that text in "warnings".
 */

#define PKGCONFIG_MAX_DEPTH 16
#define PKGCONFIG_MAX_VALUE 65536
#define PKGCONFIG_MAX_FILE  ((size_t)1 << 20)
#define PKGCONFIG_MAX_FILES 4096

struct pkgconfig_config {
	const char *pkg_config_path; /* searched first; NULL: none */
	const char *libdir;	     /* replaces the defaults; NULL: defaults */
};

/* clang-format off */
#define PKGCONFIG_CONFIG_INIT { NULL, NULL }
/* clang-format on */

struct pkgconfig_info {
	char *module;		/* "zlib": the file name without ".pc" */
	char *file;		/* the .pc file */
	char *name;		/* Name:, expanded; NULL when absent */
	char *version;		/* Version: */
	char *url;		/* URL: */
	char *description;	/* Description: */
	char *libs;		/* Libs:, expanded */
	struct strvec also;	/* other .pc files that also match */
	struct strvec warnings; /* .pc files skipped: "FILE:LINE: reason" */
};

void pkgconfig_info_init(struct pkgconfig_info *info);
void pkgconfig_info_release(struct pkgconfig_info *info);

/*
 * Parse one .pc file (path is read and named in messages) into out
 * (released and refilled). 0, or -1 with "FILE[:LINE]: reason" in err.
 */
int pkgconfig_load(const char *path, struct pkgconfig_info *out, struct strbuf *err);

/*
 * Find the .pc file for library lib ("z" for -lz, without "-l" or "lib").
 * cfg may be NULL for the defaults.
 *   0  found: out filled (also and warnings too).
 *   1  no .pc file names -l<lib> (out->warnings may still say why).
 *  -1  error: an invalid lib name, out of memory; message in err.
 * An unreadable directory is a warning, a missing one is skipped silently.
 */
int pkgconfig_find_lib(const struct pkgconfig_config *cfg, const char *lib,
		       struct pkgconfig_info *out, struct strbuf *err);

#endif
