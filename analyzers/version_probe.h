/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_VERSION_PROBE_H
#define SOUPTRACE_VERSION_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * The version of a vendored source folder (third_party/tinycrc), read from
 * what the folder itself says, with the file and line of every source so
 * an auditor can check. No version is better than a wrong one: when two
 * sources disagree the result is a conflict listing both, never a pick.
 *
 * Sources, in order of trust (the order of enum vprobe_method):
 *   1. Version macros in headers: #define NAME "1.2.3" (a string literal,
 *      parentheses allowed), where NAME is PREFIX_VERSION, or
 *      PREFIX_VERSION_STRING / _STR / _TEXT / _FULL.
 *   2. Numeric triplets: PREFIX_VERSION_MAJOR, _MINOR and optionally
 *      _PATCH (else _MICRO, _REVISION, _PATCHLEVEL), or the glib style
 *      PREFIX_MAJOR_VERSION, PREFIX_MINOR_VERSION, PREFIX_MICRO_VERSION
 *      (or _PATCH_VERSION), decimal literals, in one file: "M.m[.p]".
 *      MAJOR and MINOR are required. A component defined twice with two
 *      values (#if branches) gives one triplet per value: a conflict.
 *   3. PREFIX_VERSION_HEX / _NUM / _NUMBER / _CODE (or PREFIX_VERSION
 *      itself) as a number: the encodings vary (0xMMmmpp, 0xMMNNFFPPS,
 *      M*10000+m*100+p ...), so such a number is only used when it is
 *      exactly 0xMMmmpp (6 hex digits, 5 accepted) and equal to a triplet
 *      of the same prefix in the same file; otherwise a note.
 *   4. A VERSION, VERSION.txt or version.txt file holding one
 *      version-looking line (blank lines aside).
 *   5. CMakeLists.txt: project(NAME ... VERSION x.y.z ...), literal only.
 *   6. A *.pc.in file's "Version:" when literal (no @VAR@ or ${var}).
 *   7. configure.ac (or configure.in): AC_INIT's second argument, when
 *      literal ([1.2.3] or 1.2.3; not m4_esyscmd(...) or a macro).
 *
 * Macros that are something else are ignored (listed in notes when their
 * name looked like a version): names starting with '_' (the compiler's
 * and the C library's: __STDC_VERSION__, _MSC_VER); include guards
 * (a last word H, HPP, INCLUDED: FOO_VERSION_H); names with a word (words
 * are split on '_') that makes it another thing's version: API, ABI,
 * PROTOCOL, PROTO, SO, FILE, FORMAT, SCHEMA, WIRE, DB, MIN, MINIMUM, MAX,
 * MAXIMUM, REQUIRED, REQ, NEEDED, COMPAT, COMPATIBLE, COMPATIBILITY,
 * TARGET, GCC, GNUC, CLANG, MSC, MSVC, STDC, CPLUSPLUS, CXX, POSIX,
 * XOPEN, WINVER, WIN32, WINNT, LINUX, KERNEL, OS, CONFIG, STRUCT, CFG,
 * DATA, CACHE; function-like macros; words after VERSION other than those
 * above (FOO_VERSION_CHECK, _TWEAK, _SUFFIX, _EXTRA); values that are not
 * a single literal (FOO_STR(FOO_MAJOR) "." ...). Comments are removed
 * first, so a #define inside a comment does not count.
 *
 * A version looks like: digits, at least one ".digits", then optionally
 * a suffix of letters, digits and ".+~-" ("1.2.3", "2.0.0-rc1",
 * "1.2.3beta"), at most 64 bytes; a leading 'v' is dropped. "2" or
 * "unknown" are not versions. Two versions agree when they are equal, or
 * both purely numeric and equal once trailing ".0" are dropped ("2.4" and
 * "2.4.0"); the reported version is that of the most trusted source.
 *
 * Scan bounds: the folder's top-level regular files, include/ and the
 * directories directly inside include/ (headers there only; the build
 * files only at the top), each file below VPROBE_MAX_FILE_SIZE bytes (a
 * larger one is a note), at most VPROBE_MAX_FILES directory entries in
 * all; directories are read in sorted order and the bound cuts the sorted
 * list, so the result does not depend on readdir (up to 8 x the bound
 * names per directory are read at all). Headers: *.h, *.hh, *.hpp, *.hxx,
 * *.h.in. Files are opened non-blocking and used only when regular (a
 * FIFO or a device named like a header is skipped).
 */

#define VPROBE_MAX_FILE_SIZE ((size_t)1 << 20)
#define VPROBE_MAX_FILES     2000
#define VPROBE_MAX_NOTES     64

enum vprobe_method {
	VPROBE_MACRO_STRING,  /* #define FOO_VERSION "1.2.3" */
	VPROBE_MACRO_TRIPLET, /* FOO_VERSION_MAJOR/_MINOR/_PATCH */
	VPROBE_MACRO_HEX,     /* FOO_VERSION_HEX 0x010203, agreeing with a triplet */
	VPROBE_VERSION_FILE,  /* VERSION, VERSION.txt, version.txt */
	VPROBE_CMAKE_PROJECT, /* project(NAME VERSION x.y.z) */
	VPROBE_PC_IN,	      /* foo.pc.in Version: */
	VPROBE_AC_INIT,	      /* configure.ac AC_INIT([name], [x.y.z]) */
};

struct vprobe_evidence {
	enum vprobe_method method;
	char *version; /* as written, a leading 'v' dropped */
	char *file;    /* relative to the probed folder: "include/foo/foo.h" */
	size_t line;   /* 1-based; of the first component for a triplet */
	char *what;    /* "TINYCRC_VERSION", "TINYCRC_VERSION_MAJOR/MINOR/PATCH",
			  "project(tinycrc)", "AC_INIT", "Version:", "VERSION" */
};

struct vprobe_result {
	char *version; /* the agreed version; NULL when none or a conflict */
	bool conflict; /* sources disagree: see ev */
	/* Every source found, by trust then scan order. */
	struct vprobe_evidence *ev;
	size_t nr, alloc;
	/* What was looked at and not used: "FILE:LINE: FOO_API_VERSION: an
	 * API/ABI/protocol version", limits reached (at most VPROBE_MAX_NOTES). */
	struct strvec notes;
};

void vprobe_result_init(struct vprobe_result *res);
void vprobe_result_release(struct vprobe_result *res);

/*
 * Probe folder dir; out is initialised, released and refilled.
 *   0  one version: out->version, with its evidence.
 *   1  no version: nothing found, or out->conflict (evidence lists all).
 *  -1  error: dir is not a readable directory, out of memory; err names it.
 */
int version_probe(const char *dir, struct vprobe_result *out, struct strbuf *err);

/* "macro string", "macro triplet", "macro hex", "version file",
 * "cmake project()", "pkg-config .pc.in", "configure.ac AC_INIT". */
const char *vprobe_method_name(enum vprobe_method m);

#endif
