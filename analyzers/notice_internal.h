/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_NOTICE_INTERNAL_H
#define SOUPTRACE_NOTICE_INTERNAL_H

/*
 * Private to the notice reader (notice.h), which is six files: notice.c
 * (the notice: the leading comments, the notices below the code, licence
 * files, reading files), notice_text.c (bytes, words, the text of items),
 * notice_names.c (the names of statements: holders, authors, their years
 * and e-mail addresses), notice_statements.c (the lines of the comment
 * text: copyright and author statements), notice_origins.c (origin
 * statements) and notice_licence.c (the licence a text's wording
 * expresses, notice_recognise_license). What they share is named nt_*.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "notice.h"
#include "strbuf.h"

/* ---- bytes (notice_text.c) ---- */

static inline bool nt_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline unsigned char nt_to_lower(unsigned char c)
{
	return ascii_is_upper(c) ? (unsigned char)(c - 'A' + 'a') : c;
}

/* A letter for names: ASCII letters and any non-ASCII byte (UTF-8 or Latin-1). */
static inline bool nt_is_letter(unsigned char c)
{
	return ascii_is_alpha(c) || c >= 0x80;
}

/* s[0..n) equals the literal lit, ignoring ASCII case. */
static inline bool nt_ci_eq(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && !strncasecmp(s, lit, n);
}

static inline bool nt_ci_prefix(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);

	return n >= m && !strncasecmp(s, lit, m);
}

/* The first position >= from of the word w in s[0..n), ignoring case; SIZE_MAX when none. */
size_t nt_ci_word(const char *s, size_t n, size_t from, const char *w);
/* Is the word w at exactly s[k]? */
bool nt_ci_word_at(const char *s, size_t n, size_t k, const char *w);
/* Trim blanks. */
void nt_trim(const char **s, size_t *n);
/* Trim blanks and the punctuation that surrounds names: " ,.;:-". */
void nt_trim_punct(const char **s, size_t *n);

/* ---- words (notice_text.c) ---- */

/* Is s[0..n) one of the words list[0..nr), ignoring case? */
bool nt_in_list(const char *w, size_t n, const char *const *list, size_t nr);
#define IN_LIST(w, n, list) nt_in_list(w, n, list, sizeof(list) / sizeof(list[0]))
/* The next blank-separated word of s[*i..n) into *w, *wn; false at the end. */
bool nt_next_word(const char *s, size_t n, size_t *i, const char **w, size_t *wn);
/* Word w without trailing '.' or ','. */
size_t nt_bare_len(const char *w, size_t n);
size_t nt_word_count(const char *s, size_t n);

/* ---- text of items (notice_text.c) ---- */

/* The notice being filled; oom set once an allocation failed (nothing more is added). */
struct nt_ctx {
	struct notice *n;
	int oom;
};

/* Append an item (text cleaned; dropped when empty, duplicated with dedup, or past the bound). */
void nt_push_item(struct nt_ctx *c, struct notice_item **arr, size_t *nr, const char *s, size_t len,
		  const char *years, size_t ylen, size_t line, bool dedup);

/* ---- names (notice_names.c) ---- */

/* A particle of a person's name: "van", "de", "von" ... */
bool nt_is_particle(const char *w, size_t n);
/* "2003-2008", "2010,", "1998,2000", "2019–2021", "2015-present" start */
bool nt_is_year_token(const char *w, size_t n);
/* "-", ",", an en or em dash */
bool nt_is_dash_token(const char *w, size_t n);
/* A token of no name: an e-mail address, a URL, the word Copyright. */
bool nt_is_noise_token(const char *w, size_t n);
/*
 * The names of one segment of a copyright statement or an author line,
 * pushed to arr when emit is set; years carried in pending. The number of
 * names found.
 */
size_t nt_segment_names(struct nt_ctx *c, struct notice_item **arr, size_t *nr, const char *s,
			size_t n, size_t line, struct strbuf *pending, bool emit);

/* ---- the lines of the comment text (notice_statements.c) ---- */

struct nt_cline {
	size_t off, n; /* the text after decorations, in the buffer */
	size_t col;    /* its column in the raw line (tabs of 8) */
	size_t line;   /* 1-based */
};

struct nt_lines {
	const char *buf;
	struct nt_cline *v;
	size_t nr;
};

static inline const char *nt_ltext(const struct nt_lines *L, size_t i)
{
	return L->buf + L->v[i].off;
}

/* Split buf into lines, decorations removed (L->v allocated). -1 out of memory. */
int nt_split_lines(const char *buf, size_t len, size_t first_line, struct nt_lines *L);
/* Does the line start another kind of statement (SPDX tag, copyright, author)? */
bool nt_is_special(const char *s, size_t n);
/* A copyright statement at line i: the number of lines it takes, 0 when none. */
size_t nt_take_copyright(struct nt_ctx *c, const struct nt_lines *L, size_t i);
/* An author line at i: the number of lines it takes, 0 when none. */
size_t nt_take_author(struct nt_ctx *c, const struct nt_lines *L, size_t i);

/* ---- origins (notice_origins.c) ---- */

/* An origin statement in line i: 1 when one was taken. */
size_t nt_take_origin(struct nt_ctx *c, const struct nt_lines *L, size_t i);

#endif
