/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The notice of a source file: its leading comments and the notices below
 * the code, licence files, reading files (notice.h). The rest of the reader
 * is in the notice_*.c files (notice_internal.h).
 */
#include "notice_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* ---- the notice ---- */

void notice_init(struct notice *n)
{
	memset(n, 0, sizeof(*n));
}

static void free_items(struct notice_item *arr, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(arr[i].text);
		free(arr[i].years);
		free(arr[i].email);
	}
	free(arr);
}

void notice_release(struct notice *n)
{
	for (size_t i = 0; i < n->nr_later; i++)
		notice_release(&n->later[i]);
	free(n->later);
	free_items(n->copyrights, n->nr_copyrights);
	free_items(n->holders, n->nr_holders);
	free_items(n->spdx, n->nr_spdx);
	free_items(n->origins, n->nr_origins);
	free_items(n->authors, n->nr_authors);
	free(n->license);
	free(n->title);
	notice_init(n);
}

/*
 * "The code is modified for use in X", "the original header comment
 * follows", "original copyright notice follows", "this file incorporates
 * work covered by the following copyright": the rest is the original's
 * notice.
 */
static bool copy_marker_at(const char *s, size_t n)
{
	size_t p = nt_ci_word(s, n, 0, "original"), f;

	if (nt_ci_word(s, n, 0, "modified for use in") != SIZE_MAX ||
	    nt_ci_word(s, n, 0, "modified for use with") != SIZE_MAX ||
	    nt_ci_word(s, n, 0, "incorporates work covered by") != SIZE_MAX)
		return true;
	if (p == SIZE_MAX)
		return false;
	f = nt_ci_word(s, n, p, "follows");
	return f != SIZE_MAX && nt_word_count(s + p, f - p) <= 5;
}

/* Drop the items of a list from line `from` on. */
static void drop_from(struct notice_item *arr, size_t *nr, size_t from)
{
	while (*nr && arr[*nr - 1].line >= from) {
		(*nr)--;
		free(arr[*nr].text);
		free(arr[*nr].years);
		free(arr[*nr].email);
	}
}

/*
 * Read the notice in buf, whose first line is line first_line. In a licence
 * file (whole_text), the licence's own wording ("a work based on the
 * Program", its examples of author lines) gives no authors or origins.
 */
/* A line that states a copyright ("Copyright ...", "(c) ...", "© ..."), after its decoration. */
static bool statement_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '*' || s[i] == '/' || s[i] == '#' ||
			 s[i] == '!' || s[i] == '-'))
		i++;
	return (n - i >= 9 && !strncasecmp(s + i, "copyright", 9)) ||
	       (n - i >= 3 && !strncasecmp(s + i, "(c)", 3)) ||
	       (n - i >= 2 && !memcmp(s + i, "\xc2\xa9", 2));
}

/*
 * The licence's wording as the file writes it, from its first line (line,
 * 1-based in buf) to the disclaimer's end ("such damage", "dealings in the
 * software") or the end of the comment: a hash of its letters and digits,
 * lower case, leaving out lines that state a copyright (their names and
 * years differ from file to file; "retain the above copyright notice" is
 * wording, however the lines are wrapped). Two files with the same hash carry the
 * same licence header word for word. 0 when there is no wording.
 */
static uint64_t licence_text_hash(const char *buf, size_t len, size_t line)
{
	static const char *const ends[] = { "suchdamage", "dealingsinthesoftware" };
	uint64_t h = 14695981039346656037ULL;
	char tail[32]; /* the last letters read, to see the disclaimer's end however wrapped */
	size_t at = 1, words = 0, nt = 0;

	for (size_t i = 0; i < len;) {
		const char *s = buf + i, *nl = memchr(s, '\n', len - i);
		size_t n = nl ? (size_t)(nl - s) : len - i;

		i += n + 1;
		if (at++ < line || statement_line(s, n))
			continue;
		for (size_t k = 0; k < n; k++) {
			unsigned char c = (unsigned char)s[k];

			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
				continue;
			h = (h ^ c) * 1099511628211ULL;
			words++;
			if (nt == sizeof(tail)) {
				memmove(tail, tail + 1, sizeof(tail) - 1);
				nt--;
			}
			tail[nt++] = (char)c;
			for (size_t e = 0; e < sizeof(ends) / sizeof(*ends); e++) {
				size_t el = strlen(ends[e]);

				if (nt >= el && !memcmp(tail + nt - el, ends[e], el))
					return h | 1;
			}
		}
	}
	return words ? h | 1 : 0;
}

/*
 * "plock - progressive locks": the name before " - " on a notice's first
 * line, when it is one to four words of letters, digits, '+', '.', '_'
 * (starting with a letter, no path, not "Copyright"); else 0.
 */
static size_t title_at(const char *s, size_t n)
{
	size_t words = 1, i;

	if (!n || !isalpha((unsigned char)s[0]) || nt_ci_word_at(s, n, 0, "copyright"))
		return 0;
	for (i = 0; i < n && i <= 48; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == ' ' && i + 2 < n && s[i + 1] == '-' &&
		    (s[i + 2] == ' ' || s[i + 2] == '-'))
			return words <= 4 ? i : 0;
		if (ch == ' ')
			words += s[i - 1] != ' ';
		else if (!isalnum(ch) && ch != '+' && ch != '.' && ch != '_' && ch != '-')
			return 0;
	}
	return 0;
}

static int analyse(struct notice *n, const char *buf, size_t len, size_t first_line,
		   bool whole_text)
{
	bool first = true;
	struct nt_ctx c = { n, 0 };
	struct nt_lines L = { NULL, NULL, 0 };
	const char *id;
	size_t i, ll;

	if (nt_split_lines(buf, len, first_line, &L))
		return -1;
	for (i = 0; i < L.nr && !c.oom; i++) {
		const char *s = nt_ltext(&L, i);
		size_t sn = L.v[i].n, took, p;

		if (!sn)
			continue;
		if (first && !whole_text && (p = title_at(s, sn))) {
			n->title = strndup(s, p);
			c.oom |= n->title == NULL;
			n->title_line = L.v[i].line;
		}
		first = false;
		p = nt_ci_word(s, sn, 0, "spdx-license-identifier");
		if (p != SIZE_MAX) {
			const char *v = s + p + 23;
			size_t vn = sn - p - 23;

			nt_trim(&v, &vn);
			if (vn && v[0] == ':') {
				v++;
				vn--;
				nt_trim(&v, &vn);
				nt_push_item(&c, &n->spdx, &n->nr_spdx, v, vn, NULL, 0, L.v[i].line,
					     false);
			}
			continue;
		}
		if (!n->copy_marker && copy_marker_at(s, sn))
			n->copy_marker = L.v[i].line;
		nt_take_origin(&c, &L, i);
		took = nt_take_copyright(&c, &L, i);
		if (took) {
			i += took - 1;
			continue;
		}
		took = nt_take_author(&c, &L, i);
		if (took)
			i += took - 1;
	}
	free(L.v);
	if (c.oom)
		return -1;
	id = notice_recognise_license(buf, len, &ll);
	if (id) {
		n->license = strdup(id);
		if (!n->license)
			return -1;
		n->license_line = ll + first_line - 1;
		n->license_text = licence_text_hash(buf, len, ll);
		n->public_domain = !strcmp(id, "LicenseRef-public-domain") ||
				   !strcmp(id, "Unlicense") || !strcmp(id, "CC0-1.0");
		if (whole_text) {
			drop_from(n->origins, &n->nr_origins, n->license_line);
			drop_from(n->authors, &n->nr_authors, n->license_line);
		}
	}
	return 0;
}

static bool is_ident_char(char ch)
{
	return ascii_is_alnum((unsigned char)ch) || ch == '_';
}

/*
 * Is the directive at text[i] ('#') one that may precede or separate the
 * leading comments: "#pragma once", "#ifndef ID", "#define ID"?
 */
static bool harmless_directive(const char *text, size_t len, size_t i)
{
	size_t p = i + 1, w, e;
	bool define;

	while (p < len && nt_is_blank((unsigned char)text[p]))
		p++;
	for (w = p; p < len && is_ident_char(text[p]); p++)
		;
	if (nt_ci_eq(text + w, p - w, "pragma")) {
		while (p < len && nt_is_blank((unsigned char)text[p]))
			p++;
		return len - p >= 4 && !memcmp(text + p, "once", 4) &&
		       (p + 4 == len || !is_ident_char(text[p + 4]));
	}
	define = p - w == 6 && !memcmp(text + w, "define", 6);
	if (!define && !(p - w == 6 && !memcmp(text + w, "ifndef", 6)))
		return false;
	while (p < len && nt_is_blank((unsigned char)text[p]))
		p++;
	for (e = p; e < len && is_ident_char(text[e]); e++)
		;
	if (e == p)
		return false;
	while (e < len && nt_is_blank((unsigned char)text[e]))
		e++;
	/* an include guard names nothing more (a comment may follow) */
	return e == len || text[e] == '\n' ||
	       (text[e] == '/' && e + 1 < len && (text[e + 1] == '/' || text[e + 1] == '*'));
}

#define NOTICE_MAX_BLOCKS 64

/*
 * Copy the text of a comment that starts at text[i] (after its opening
 * characters) into cb, counting lines in *line. Returns where it ends: the
 * '*' of a block comment's closing, the newline of a // comment, or limit.
 * Past line max_line it stops there, with *stopped set.
 */
static size_t copy_comment(const char *text, size_t limit, size_t i, bool block, size_t *line,
			   size_t max_line, char *cb, bool *stopped)
{
	for (; i < limit; i++) {
		if (block && text[i] == '*' && i + 1 < limit && text[i + 1] == '/')
			break;
		if (text[i] == '\n') {
			if (!block)
				break;
			if (++*line > max_line) {
				*stopped = true;
				break;
			}
			continue;
		}
		cb[i] = text[i] ? text[i] : ' ';
	}
	return i;
}

/* Each item's block: the last block starting at or before its line. */
static void set_blocks(struct notice *n, const size_t *starts, size_t nr)
{
	struct {
		struct notice_item *v;
		size_t nr;
	} lists[] = {
		{ n->copyrights, n->nr_copyrights },
		{ n->holders, n->nr_holders },
		{ n->spdx, n->nr_spdx },
		{ n->origins, n->nr_origins },
		{ n->authors, n->nr_authors },
	};

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (size_t k = 0; k < lists[l].nr; k++) {
			unsigned b = 0;

			while (b + 1 < nr && starts[b + 1] <= lists[l].v[k].line)
				b++;
			lists[l].v[k].block = b;
		}
}

/* Does s[0..n) hold lit (lower case), ignoring case? */
static bool ci_contains(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);

	for (size_t i = 0; i + m <= n; i++)
		if (nt_to_lower((unsigned char)s[i]) == (unsigned char)lit[0] &&
		    !strncasecmp(s + i, lit, m))
			return true;
	return false;
}

/* Is there a URL in s[0..n)? */
static bool has_url(const char *s, size_t n)
{
	return memmem(s, n, "http://", 7) || memmem(s, n, "https://", 8) ||
	       memmem(s, n, "ftp://", 6);
}

/*
 * Keep a comment block found below the code as one of n's later notices
 * when it states something (see notice.h). cb[from..to) is the block's
 * text (comment text only) starting at line `line`. -1 out of memory.
 */
static int take_later(struct notice *n, const char *cb, size_t from, size_t to, size_t line)
{
	/* what a notice cannot do without: most comments in code hold none */
	static const char *const cues[] = {
		"copyright",	 "(c)",		 "\xc2\xa9",
		"licen",	 "permission",	 "redistribution",
		"public domain", "unencumbered", "://",
		"original",	 "incorporates", "modified for use",
	};
	struct notice t, *nl;
	bool keep = false;

	if (n->nr_later >= NOTICE_MAX_LATER)
		return 0; /* bounded: no more are kept, none is analysed */
	for (size_t k = 0; k < sizeof(cues) / sizeof(cues[0]) && !keep; k++)
		keep = ci_contains(cb + from, to - from, cues[k]);
	if (!keep)
		return 0;
	notice_init(&t);
	if (analyse(&t, cb + from, to - from, line, false)) {
		notice_release(&t);
		return -1;
	}
	keep = t.nr_copyrights || t.license || t.copy_marker ||
	       (t.nr_origins && has_url(cb + from, to - from));
	if (!keep || n->nr_later >= NOTICE_MAX_LATER) {
		notice_release(&t);
		return 0;
	}
	nl = realloc(n->later, (n->nr_later + 1) * sizeof(*nl));
	if (!nl) {
		notice_release(&t);
		return -1;
	}
	n->later = nl;
	t.first_line = line;
	for (size_t k = from; k < to; k++)
		t.last_line += cb[k] == '\n';
	t.last_line += line;
	n->later[n->nr_later++] = t;
	return 0;
}

/* Skip a string or character literal at text[*i] (its quote): to its end, never over a line end. */
static void skip_literal(const char *text, size_t limit, size_t *i, size_t *line)
{
	char q = text[*i];

	for ((*i)++; *i < limit && text[*i] != q && text[*i] != '\n'; (*i)++) {
		if (text[*i] == '\\' && *i + 1 < limit) {
			(*i)++;
			if (text[*i] == '\n')
				(*line)++; /* a continued line */
		}
	}
	if (*i < limit && text[*i] == q)
		(*i)++;
}

/*
 * The comment blocks of text[i..limit) (code, from line `line` on): a
 * block comment, or a run of // comments each alone on consecutive lines.
 * Each that states a notice becomes one of n's later notices. cb is a
 * blank copy of text (newlines kept) to write comment text into.
 */
static int later_notices(struct notice *n, const char *text, size_t limit, size_t i, size_t line,
			 char *cb)
{
	size_t bstart = SIZE_MAX, bline = 0, bend = 0, last_line_comment = 0, line_start = i;
	bool at_line_start = true;

	while (i < limit) {
		char ch = text[i];

		if (ch == '\n') {
			line++;
			line_start = ++i;
			at_line_start = true;
			continue;
		}
		if (nt_is_blank((unsigned char)ch)) {
			i++;
			continue;
		}
		if (ch == '/' && i + 1 < limit && (text[i + 1] == '*' || text[i + 1] == '/')) {
			bool block = text[i + 1] == '*';
			bool joins = !block && at_line_start && bstart != SIZE_MAX &&
				     last_line_comment + 1 == line;

			if (!joins) {
				if (bstart != SIZE_MAX && take_later(n, cb, bstart, bend, bline))
					return -1;
				bstart = line_start;
				bline = line;
			}
			i = copy_comment(text, limit, i + 2, block, &line, SIZE_MAX, cb, NULL);
			bend = i;
			if (block) {
				i = i < limit ? i + 2 : limit;
				last_line_comment = 0;
			} else {
				last_line_comment = at_line_start ? line : 0;
			}
			at_line_start = false;
			continue;
		}
		at_line_start = false;
		if (ch == '"' || ch == '\'')
			skip_literal(text, limit, &i, &line);
		else
			i++;
	}
	if (bstart != SIZE_MAX && take_later(n, cb, bstart, bend, bline))
		return -1;
	return 0;
}

/* A deep copy of nr items (NULL with nr 0); -1 when memory ran out. */
static int copy_items(struct notice_item **dst, const struct notice_item *src, size_t nr)
{
	*dst = NULL;
	if (!nr)
		return 0;
	*dst = calloc(nr, sizeof(**dst));
	if (!*dst)
		return -1;
	for (size_t i = 0; i < nr; i++) {
		(*dst)[i] = src[i];
		(*dst)[i].text = src[i].text ? strdup(src[i].text) : NULL;
		(*dst)[i].years = src[i].years ? strdup(src[i].years) : NULL;
		(*dst)[i].email = src[i].email ? strdup(src[i].email) : NULL;
		if ((src[i].text && !(*dst)[i].text) || (src[i].years && !(*dst)[i].years) ||
		    (src[i].email && !(*dst)[i].email)) {
			free_items(*dst, i + 1);
			*dst = NULL;
			return -1;
		}
	}
	return 0;
}

/* What analyse() leaves in a notice (no later notices), copied deeply into dst (empty). */
static int copy_analysis(struct notice *dst, const struct notice *src)
{
	*dst = *src;
	dst->later = NULL;
	dst->nr_later = 0;
	dst->copyrights = dst->holders = dst->spdx = dst->origins = dst->authors = NULL;
	dst->license = dst->title = NULL;
	if ((src->title && !(dst->title = strdup(src->title))) ||
	    copy_items(&dst->copyrights, src->copyrights, src->nr_copyrights) ||
	    copy_items(&dst->holders, src->holders, src->nr_holders) ||
	    copy_items(&dst->spdx, src->spdx, src->nr_spdx) ||
	    copy_items(&dst->origins, src->origins, src->nr_origins) ||
	    copy_items(&dst->authors, src->authors, src->nr_authors) ||
	    (src->license && !(dst->license = strdup(src->license)))) {
		notice_release(dst);
		return -1;
	}
	return 0;
}

/*
 * analyse()'s last answers for leading comments: a project's licence
 * header recurs, byte for byte, in most of its files. Direct-mapped by a
 * hash of the comment text (the blanked copy analyse reads); the text is
 * kept and compared in full, so an answer is always the one analyse gave
 * for it. One per thread.
 */
#define ANALYSIS_MEMO_SIZE 64
static _Thread_local struct analysis_memo {
	char *text;
	size_t len;
	struct notice n;
} analysis_memo[ANALYSIS_MEMO_SIZE];

void notice_thread_done(void)
{
	for (size_t i = 0; i < ANALYSIS_MEMO_SIZE; i++) {
		free(analysis_memo[i].text);
		analysis_memo[i].text = NULL;
		notice_release(&analysis_memo[i].n);
	}
}

static int analyse_leading(struct notice *n, const char *buf, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	struct analysis_memo *m;
	char *copy;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
	m = &analysis_memo[h % ANALYSIS_MEMO_SIZE];
	if (m->text && m->len == len && !memcmp(m->text, buf, len))
		return copy_analysis(n, &m->n);
	if (analyse(n, buf, len, 1, false))
		return -1;
	copy = malloc(len ? len : 1);
	if (!copy)
		return 0; /* not remembered; the answer stands */
	free(m->text);
	notice_release(&m->n);
	m->text = NULL;
	if (copy_analysis(&m->n, n)) {
		free(copy);
		return 0;
	}
	memcpy(copy, buf, len);
	m->text = copy;
	m->len = len;
	return 0;
}

int notice_parse(const char *text, size_t len, struct notice *n)
{
	struct strbuf cb = STRBUF_INIT;
	size_t i = 0, line = 1, end = 0, first = 0, last = 0, limit, k, nr_blocks = 0;
	size_t starts[NOTICE_MAX_BLOCKS], line_comment_end = 0;
	bool found = false, stop = false;
	int r;

	notice_release(n);
	if (!text || !len)
		return 1;
	limit = len < NOTICE_MAX_PREFIX ? len : NOTICE_MAX_PREFIX;
	if (strbuf_grow(&cb, limit + 1))
		return -1;
	/* a copy where only comment text remains, every newline kept */
	for (k = 0; k < limit; k++)
		cb.buf[k] = text[k] == '\n' ? '\n' : ' ';
	cb.len = limit;
	cb.buf[limit] = '\0';
	if (limit >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		i = 3;
	if (limit - i >= 2 && text[i] == '#' && text[i + 1] == '!')
		while (i < limit && text[i] != '\n')
			i++;
	while (!stop) {
		while (i < limit && (nt_is_blank((unsigned char)text[i]) || text[i] == '\n')) {
			if (text[i] == '\n')
				line++;
			i++;
		}
		if (i >= limit || line > NOTICE_MAX_LINES)
			break;
		if (text[i] == '/' && i + 1 < limit && (text[i + 1] == '*' || text[i + 1] == '/')) {
			bool block = text[i + 1] == '*';

			if (!found)
				first = line;
			found = true;
			/* a new block, unless a // line continues the run above it */
			if ((block || line_comment_end + 1 != line) &&
			    nr_blocks < NOTICE_MAX_BLOCKS)
				starts[nr_blocks++] = line;
			i = copy_comment(text, limit, i + 2, block, &line, NOTICE_MAX_LINES, cb.buf,
					 &stop);
			end = i;
			last = stop ? line - 1 : line;
			line_comment_end = block ? 0 : line;
			if (block && i < limit && !stop)
				i += 2; /* the closing star and slash */
			else if (block)
				stop = true; /* unterminated: it runs to the bound */
		} else if (text[i] == '#' && harmless_directive(text, limit, i)) {
			while (i < limit && text[i] != '\n')
				i++;
		} else {
			break;
		}
	}
	r = found ? analyse_leading(n, cb.buf, end) : 0;
	if (!r && found)
		set_blocks(n, starts, nr_blocks);
	/* below the code: a blank copy again, for the later blocks alone */
	if (!r && !stop && i < limit) {
		for (k = 0; k < limit; k++)
			cb.buf[k] = text[k] == '\n' ? '\n' : ' ';
		r = later_notices(n, text, limit, i, line, cb.buf);
	}
	strbuf_release(&cb);
	if (r) {
		notice_release(n);
		return -1;
	}
	if (!found && !n->nr_later)
		return 1;
	n->first_line = first;
	n->last_line = last;
	return 0;
}

int notice_parse_license_text(const char *text, size_t len, struct notice *n)
{
	struct strbuf cb = STRBUF_INIT;
	size_t k, lines = 1;
	int r;

	notice_release(n);
	if (!text || !len)
		return 1;
	if (len > NOTICE_MAX_LICENSE_FILE)
		len = NOTICE_MAX_LICENSE_FILE;
	if (strbuf_add(&cb, text, len))
		return -1;
	for (k = 0; k < cb.len; k++) {
		if (!cb.buf[k])
			cb.buf[k] = ' ';
		lines += cb.buf[k] == '\n';
	}
	r = analyse(n, cb.buf, cb.len, 1, true);
	strbuf_release(&cb);
	if (r) {
		notice_release(n);
		return -1;
	}
	n->first_line = 1;
	n->last_line = len && text[len - 1] == '\n' ? lines - 1 : lines;
	return 0;
}

int notice_read_file(const char *path, struct notice *n, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	notice_release(n);
	if (strbuf_read_prefix(&sb, path, NOTICE_MAX_PREFIX, err)) {
		strbuf_release(&sb);
		return -1;
	}
	r = notice_parse(sb.buf, sb.len, n);
	strbuf_release(&sb);
	if (r < 0 && err)
		strbuf_addf(err, "%s: out of memory", path);
	return r;
}

int notice_read_license_file(const char *path, struct notice *n, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	notice_release(n);
	if (strbuf_read_prefix(&sb, path, NOTICE_MAX_LICENSE_FILE, err)) {
		strbuf_release(&sb);
		return -1;
	}
	r = notice_parse_license_text(sb.buf, sb.len, n);
	strbuf_release(&sb);
	if (r < 0 && err)
		strbuf_addf(err, "%s: out of memory", path);
	return r;
}
