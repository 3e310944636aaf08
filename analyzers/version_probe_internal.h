/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_VERSION_PROBE_INTERNAL_H
#define SOUPTRACE_VERSION_PROBE_INTERNAL_H

/*
 * Private to the version probe (version_probe.h), which is three files:
 * version_probe.c (small helpers, the probe's state, the scan),
 * version_probe_headers.c (versions from C headers) and
 * version_probe_build.c (versions from build files).
 */
#include <stdbool.h>
#include <stddef.h>

#include "ascii.h"
#include "strbuf.h"
#include "version_probe.h"

#define MAX_VERSION_LEN 64
/* Names read from one directory before sorting; beyond, readdir order decides. */
#define VPROBE_LIST_CEILING (8 * VPROBE_MAX_FILES)
#define MAX_COMPONENT	    100000

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool is_ident(char c)
{
	return ascii_is_alnum(c) || c == '_';
}

/* Drop a leading 'v' before a digit. */
static inline void strip_v(const char **s, size_t *n)
{
	if (*n > 1 && ((*s)[0] == 'v' || (*s)[0] == 'V') && ascii_is_digit((*s)[1])) {
		(*s)++;
		(*n)--;
	}
}

/* ---- the probe's state ---- */

struct probe {
	struct vprobe_result *res;
	size_t files_seen;
	bool limit_noted;
	size_t notes_dropped;
	int oom; /* set on allocation failure: everything unwinds */
};

/* ---- version_probe.c: helpers, the probe's state ---- */

/* Does s[0..n) look like a version (see version_probe.h)? */
bool vp_looks_like_version(const char *s, size_t n);
/* A note in the result (up to VPROBE_MAX_NOTES, then counted); pr->oom on failure. */
__attribute__((format(printf, 2, 3))) void vp_note(struct probe *pr, const char *fmt, ...);
/* Evidence of version[0..vn) found by method m at file:line (what: the macro or call). */
void vp_add_evidence(struct probe *pr, enum vprobe_method m, const char *version, size_t vn,
		     const char *file, size_t line, const char *what);

/* ---- the probes of one file's data (rel: its path for the evidence) ---- */

/* version_probe_headers.c: a C header's version macros (data is modified). */
void vp_probe_header(struct probe *pr, char *data, size_t len, const char *rel);
/* version_probe_build.c: a VERSION file. */
void vp_probe_version_file(struct probe *pr, const char *data, size_t len, const char *rel);
/* CMakeLists.txt: every project(... VERSION x ...) call (data is modified). */
void vp_probe_cmake(struct probe *pr, char *data, size_t len, const char *rel);
/* A pkg-config template (*.pc.in): its Version: line. */
void vp_probe_pc_in(struct probe *pr, const char *data, size_t len, const char *rel);
/* configure.ac: AC_INIT's version (data is modified). */
void vp_probe_ac_init(struct probe *pr, char *data, size_t len, const char *rel);

#endif
