/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_LINKMAP_INTERNAL_H
#define SOUPTRACE_LINKMAP_INTERNAL_H

/*
 * Private to the link-map reader (linkmap.h), which is three files:
 * linkmap.c (the input table, putting a file together, the side reports,
 * depfiles), linkmap_reader.c (reading lines, the inputs of one file being
 * parsed) and linkmap_formats.c (the maps of bfd, gold and lld).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "linkmap.h"
#include "strbuf.h"
#include "strvec.h"

/* Column where bfd and gold print the reason after an archive member. */
#define REASON_COLUMN 30
/* How many '(' of one "archive(member)" text are checked against known archives. */
#define MAX_SPLIT_LOOKUPS 32

/* ---- spans: a view into the input, not NUL-terminated ---- */

struct span {
	const char *p;
	size_t n;
};

static const struct span NOSPAN = { NULL, 0 };

static inline struct span span_make(const char *p, size_t n)
{
	struct span s = { p, n };

	return s;
}

static inline struct span span_sub(struct span s, size_t from, size_t to)
{
	return span_make(s.p + from, to - from);
}

static inline bool span_eq(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && !memcmp(s.p, lit, n);
}

static inline bool span_starts(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && !memcmp(s.p, lit, n);
}

static inline bool span_ends(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && !memcmp(s.p + s.n - n, lit, n);
}

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline struct span span_ltrim(struct span s)
{
	while (s.n && is_blank(s.p[0])) {
		s.p++;
		s.n--;
	}
	return s;
}

static inline struct span span_rtrim(struct span s)
{
	while (s.n && is_blank(s.p[s.n - 1]))
		s.n--;
	return s;
}

static inline struct span span_trim(struct span s)
{
	return span_rtrim(span_ltrim(s));
}

static inline size_t leading_spaces(struct span s)
{
	size_t i = 0;

	while (i < s.n && s.p[i] == ' ')
		i++;
	return i;
}

/* A NUL-terminated copy, or NULL when out of memory. */
static inline char *span_dup(struct span s)
{
	char *r = malloc(s.n + 1);

	if (!r)
		return NULL;
	if (s.n)
		memcpy(r, s.p, s.n);
	r[s.n] = '\0';
	return r;
}

/* ---- reading lines ---- */

/*
 * Lines come from memory (the whole file in data, fd -1) or from a file
 * descriptor read through a window of LM_WINDOW bytes: data is then one of
 * two buffers, holding the bytes of the file from offset base on, len of
 * them. When the window moves, what is still needed (from the start of the
 * last line returned) is copied into the other buffer, and this one is left
 * as it is: a line returned stays valid until the second read after it (a
 * reason entry spans two lines). Keep a copy of anything needed longer.
 */
struct reader {
	const char *name;
	const char *data;
	size_t len;
	size_t pos;
	size_t lineno; /* of the line last returned */
	struct strbuf *err;
	/* reading a file */
	int fd;	      /* -1: data is the whole file */
	char *buf[2]; /* the window's two buffers, LM_WINDOW bytes each */
	int cur;      /* data is buf[cur] */
	size_t base;  /* file offset of data[0] */
	size_t keep;  /* data before this may be dropped: the start of the last line returned */
	bool eof;
	int read_errno; /* a read failed (then eof): why, for the line that meets it */
};

/* The window of a file reader: two of the longest lines and their newlines, at least. */
#define LM_WINDOW (1u << 20)
_Static_assert(LM_WINDOW >= 2 * (LINKMAP_MAX_LINE + 2), "a window holds two lines");

/* ---- one file being parsed ---- */

struct parse {
	struct reader r;
	struct linkmap *target; /* merged into at the end, read before */
	struct linkmap scratch; /* this file's inputs */
	enum linkmap_flavor flavor;
};

struct reason {
	struct span file;
	struct span symbol;
	bool whole_archive;
};
/* Pending reason entries, resolved once the whole map is read. */
struct pending {
	struct strvec text;
	struct strvec reason;
};

/* The headings of the sections of bfd's and gold's maps. */
#define BFD_MEMBERS_HEADING   "Archive member included to satisfy reference by file (symbol)"
#define BFD_AS_NEEDED_HEADING "As-needed library included to satisfy reference by file (symbol)"
#define BFD_MEMMAP_HEADING    "Linker script and memory map"
#define BFD_MEMCONF_HEADING   "Memory Configuration"
#define GOLD_MEMBERS_HEADING  "Archive member included because of file (symbol)"
#define GOLD_MEMMAP_HEADING   "Memory map"

/* ---- linkmap.c: the input table, putting it together ---- */

/* Free in's strings. */
void lm_input_release(struct linkmap_input *in);
/* The identity of an input: its normalised path, "\n" and the member (NULL: memory). */
char *lm_make_key(struct span path, struct span member);
/* Index of the input with this key, or -1. */
long lm_index_find(const struct linkmap *lm, const char *key);
/* Add or merge `in` (key set); takes its strings in every case: 0, or -1 (memory). */
int lm_insert(struct linkmap *lm, struct linkmap_input *in);
/* A line that is no entry of its section: counted, the first one kept. */
int lm_skip_line(struct parse *ps, struct span line);

/* ---- linkmap_reader.c: reading lines, one file being parsed ---- */

/* "NAME[:LINE]: message" into r->err (may be NULL); returns -1. */
__attribute__((format(printf, 3, 4))) int lm_fail(struct reader *r, size_t lineno, const char *fmt,
						  ...);
/* "NAME: out of memory"; returns -1. */
int lm_fail_oom(struct reader *r);
/* The next line without its newline: 1, 0 at the end, -1 (too long, NUL, cut, read error). */
int lm_read_line(struct reader *r, struct span *line);
/* True when the file holds no byte at all (a read error is reported later). */
bool lm_reader_empty(struct reader *r);
/* Back to the first line: 0, or -1 (a file that cannot be read again). */
int lm_reader_rewind(struct reader *r);
/* Start parsing the file name (data, len; or fd when data is NULL and fd >= 0) into lm. */
void lm_parse_init(struct parse *ps, struct linkmap *lm, const char *name, const char *data,
		   size_t len, int fd, struct strbuf *err);
/* The last component of path. */
struct span lm_span_basename(struct span path);
/* "*.so" or "*.so.*" */
bool lm_is_shared_name(struct span base);
/* The kind of input path names by its extension, else dflt. */
enum linkmap_input_kind lm_classify(struct span path, enum linkmap_input_kind dflt);
/* Add an input of this file (member may be NOSPAN, why NULL): 0, or -1. */
int lm_add_input(struct parse *ps, enum linkmap_input_kind kind, bool certain, struct span path,
		 struct span member, const struct reason *why, bool as_needed_used);
/* 1 when this path is an archive already known to this link, 0 no, -1 OOM. */
int lm_is_known_archive(struct parse *ps, struct span path);
/* Split "archive(member)": 1 and *arlen set, 0 not a member, -1 OOM. */
int lm_split_member(struct parse *ps, struct span s, size_t *arlen);
/* "archive(member)" gives the archive and the member, anything else an object: 0, or -1. */
int lm_add_object_or_member(struct parse *ps, struct span s, const struct reason *why);
/* The file, symbol and --whole-archive of a reason text (unknown text: none). */
void lm_parse_reason(struct span text, struct reason *why);
/* "TEXT<spaces>REASON" at column 30, or on the next line: 0, 1 (no such entry), -1. */
int lm_read_reason_entry(struct parse *ps, struct span line, struct span *text,
			 struct span *reason);
/* Keep a reason entry until the whole map is read: 0, or -1. */
int lm_pending_add(struct parse *ps, struct pending *pd, struct span text, struct span reason);
void lm_pending_clear(struct pending *pd);
/* Add the pending entries as archive members: 0, or -1. */
int lm_add_pending_members(struct parse *ps, const struct pending *pd);

/* ---- linkmap_formats.c: bfd, gold, lld ---- */

/* Parse a map of GNU ld (bfd), gold or lld: 0, or -1 with the reason in the reader's err. */
int lm_parse_bfd(struct parse *ps);
int lm_parse_gold(struct parse *ps);
int lm_parse_lld(struct parse *ps);
/* lld's header line: the number of columns before "Out" (0: not one). */
size_t lm_lld_header(struct span line);

#endif
