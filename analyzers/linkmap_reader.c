/* SPDX-License-Identifier: Apache-2.0 */
/* Reading lines, and the inputs of one file being parsed: kinds, archive members, reasons. */
#include "linkmap_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "pathutil.h"
#include "strvec.h"

#include "banned.h"

/* ---- reading lines ---- */

static void reader_init(struct reader *r, const char *name, const char *data, size_t len, int fd,
			struct strbuf *err)
{
	r->name = name ? name : "(unnamed)";
	r->data = data;
	r->len = data ? len : 0;
	r->pos = 0;
	r->lineno = 0;
	r->err = err;
	r->fd = data ? -1 : fd;
	r->buf[0] = r->buf[1] = NULL;
	r->cur = 0;
	r->base = 0;
	r->keep = 0;
	r->eof = r->fd < 0;
	r->read_errno = 0;
}

__attribute__((format(printf, 3, 4))) int lm_fail(struct reader *r, size_t lineno, const char *fmt,
						  ...)
{
	va_list ap;

	if (!r->err)
		return -1;
	if (lineno)
		strbuf_addf(r->err, "%s:%zu: ", r->name, lineno);
	else
		strbuf_addf(r->err, "%s: ", r->name);
	va_start(ap, fmt);
	strbuf_vaddf(r->err, fmt, ap);
	va_end(ap);
	return -1;
}

int lm_fail_oom(struct reader *r)
{
	return lm_fail(r, 0, "out of memory");
}

/*
 * More of the file into the window. When less than half of it is free, the
 * bytes from keep on are first copied into the other buffer, which becomes
 * the window: the lines returned from this one stay where they are. 1 when
 * bytes came, 0 at the end of the file, -1 when out of memory (reported)
 * or on a read error (kept in read_errno: the line being read reports it).
 */
static int reader_fill(struct reader *r)
{
	ssize_t n;

	if (r->eof)
		return 0;
	if (!r->buf[0]) {
		if (!(r->buf[0] = malloc(LM_WINDOW)))
			return lm_fail_oom(r);
		r->data = r->buf[0];
	}
	if (r->keep && LM_WINDOW - r->len < LM_WINDOW / 2) {
		char *to = r->buf[!r->cur];

		if (!to && !(to = r->buf[!r->cur] = malloc(LM_WINDOW)))
			return lm_fail_oom(r);
		memcpy(to, r->data + r->keep, r->len - r->keep);
		r->cur = !r->cur;
		r->data = to;
		r->base += r->keep;
		r->len -= r->keep;
		r->pos -= r->keep;
		r->keep = 0;
	}
	do
		n = read(r->fd, r->buf[r->cur] + r->len, LM_WINDOW - r->len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		/* the end of what can be read: each later read says why */
		r->read_errno = errno ? errno : EIO;
		r->eof = true;
		return -1;
	}
	if (!n) {
		r->eof = true;
		return 0;
	}
	r->len += (size_t)n;
	return 1;
}

/*
 * The next line without its newline (and without a CR before it): 1, 0 at
 * the end of the data, -1 for a line that is too long, holds a NUL byte, or
 * lacks its newline (every linker ends its files with one: a missing one
 * means the file was cut), or a read error.
 */
int lm_read_line(struct reader *r, struct span *line)
{
	const char *start, *nl = NULL;
	size_t avail, n, scanned = 0;

	for (;;) {
		avail = r->len - r->pos;
		if (avail > scanned) {
			size_t upto = avail < LINKMAP_MAX_LINE + 1 ? avail : LINKMAP_MAX_LINE + 1;

			if (upto > scanned)
				nl = memchr(r->data + r->pos + scanned, '\n', upto - scanned);
			scanned = upto;
		}
		if (nl || avail > LINKMAP_MAX_LINE || r->eof)
			break;
		if (reader_fill(r) < 0 &&
		    !r->read_errno) /* moves the window: scanned counts from pos */
			return -1;
	}
	if (!nl && r->read_errno)
		return lm_fail(r, r->lineno + 1, "cannot read: %s", strerror(r->read_errno));
	if (!avail)
		return 0;
	start = r->data + r->pos;
	r->lineno++;
	if (!nl) {
		if (avail > LINKMAP_MAX_LINE)
			return lm_fail(r, r->lineno, "line longer than %d bytes", LINKMAP_MAX_LINE);
		return lm_fail(r, r->lineno, "truncated: the last line has no newline");
	}
	n = (size_t)(nl - start);
	if (memchr(start, '\0', n))
		return lm_fail(r, r->lineno, "NUL byte in a text file");
	r->keep = r->pos;
	r->pos += n + 1;
	if (n && start[n - 1] == '\r')
		n--;
	*line = span_make(start, n);
	return 1;
}

bool lm_reader_empty(struct reader *r)
{
	if (r->len == r->pos && !r->eof && reader_fill(r) < 0)
		return false; /* a read error: reported when the first line is read */
	return r->len == 0;
}

int lm_reader_rewind(struct reader *r)
{
	r->lineno = 0;
	if (r->base) {
		if (lseek(r->fd, 0, SEEK_SET) != 0)
			return lm_fail(r, 0, "cannot read again from the start: %s",
				       strerror(errno));
		r->base = r->len = r->pos = r->keep = 0;
		r->eof = false;
		r->read_errno = 0;
		return 0;
	}
	r->pos = r->keep = 0;
	return 0;
}

/* The next line, read again by the next lm_read_line(): as lm_read_line() but silent. */
static int peek_line(struct reader *r, struct span *line)
{
	/* offsets in the file: the window may move while peeking */
	size_t pos = r->base + r->pos, keep = r->base + r->keep, lineno = r->lineno;
	struct strbuf *err = r->err;
	int ret;

	r->err = NULL; /* a bad next line is reported when it is read */
	ret = lm_read_line(r, line);
	r->err = err;
	r->pos = pos - r->base;
	r->keep = keep - r->base;
	r->lineno = lineno;
	return ret;
}

/* ---- one file being parsed ---- */

void lm_parse_init(struct parse *ps, struct linkmap *lm, const char *name, const char *data,
		   size_t len, int fd, struct strbuf *err)
{
	reader_init(&ps->r, name, data, len, fd, err);
	ps->target = lm;
	linkmap_init(&ps->scratch);
	ps->flavor = LINKMAP_UNKNOWN;
}

static bool has_ext(struct span base, const char *ext)
{
	return base.n > strlen(ext) && span_ends(base, ext);
}

struct span lm_span_basename(struct span path)
{
	size_t i = path.n;

	while (i && path.p[i - 1] != '/')
		i--;
	return span_sub(path, i, path.n);
}

/* "*.so" or "*.so.*" */
bool lm_is_shared_name(struct span base)
{
	for (size_t i = 1; i + 3 <= base.n; i++)
		if (!memcmp(base.p + i, ".so", 3) && (i + 3 == base.n || base.p[i + 3] == '.'))
			return true;
	return false;
}

enum linkmap_input_kind lm_classify(struct span path, enum linkmap_input_kind dflt)
{
	struct span base = lm_span_basename(path);

	if (has_ext(base, ".o") || has_ext(base, ".obj") || has_ext(base, ".lo"))
		return LINKMAP_OBJECT;
	if (has_ext(base, ".a") || has_ext(base, ".rlib"))
		return LINKMAP_ARCHIVE;
	if (lm_is_shared_name(base))
		return LINKMAP_SHARED;
	return dflt;
}

int lm_add_input(struct parse *ps, enum linkmap_input_kind kind, bool certain, struct span path,
		 struct span member, const struct reason *why, bool as_needed_used)
{
	struct linkmap_input in = { 0 };

	if (!path.n)
		return 0;
	in.kind = kind;
	in.kind_certain_ = certain;
	in.as_needed_used = as_needed_used;
	in.path = span_dup(path);
	in.key_ = lm_make_key(path, member);
	if (!in.path || !in.key_)
		goto oom;
	if (member.p && !(in.member = span_dup(member)))
		goto oom;
	if (why) {
		in.whole_archive = why->whole_archive;
		if (why->file.p && !(in.ref_file = span_dup(why->file)))
			goto oom;
		if (why->symbol.p && !(in.ref_symbol = span_dup(why->symbol)))
			goto oom;
	}
	if (lm_insert(&ps->scratch, &in))
		return lm_fail_oom(&ps->r);
	return 0;
oom:
	lm_input_release(&in);
	return lm_fail_oom(&ps->r);
}

/* 1 when this path is an archive already known to this link, 0 no, -1 OOM. */
int lm_is_known_archive(struct parse *ps, struct span path)
{
	char *key = lm_make_key(path, NOSPAN);
	long i;
	int ret = 0;

	if (!key)
		return -1;
	i = lm_index_find(&ps->scratch, key);
	if (i >= 0 && ps->scratch.inputs[i].kind == LINKMAP_ARCHIVE)
		ret = 1;
	i = lm_index_find(ps->target, key);
	if (i >= 0 && ps->target->inputs[i].kind == LINKMAP_ARCHIVE)
		ret = 1;
	free(key);
	return ret;
}

/*
 * Split "archive(member)" where both may hold parentheses: prefer an archive
 * already known to this link, then the first "*.a(", then the '(' matching
 * the final ')', then the first '('. 1 and *arlen set, 0 not a member, -1 OOM.
 */
int lm_split_member(struct parse *ps, struct span s, size_t *arlen)
{
	size_t i, lookups = 0;
	int depth = 0;

	if (s.n < 4 || s.p[s.n - 1] != ')')
		return 0;
	for (i = 1; i + 2 < s.n && lookups < MAX_SPLIT_LOOKUPS; i++) {
		int known;

		if (s.p[i] != '(')
			continue;
		lookups++;
		known = lm_is_known_archive(ps, span_sub(s, 0, i));
		if (known < 0)
			return lm_fail_oom(&ps->r);
		if (known) {
			*arlen = i;
			return 1;
		}
	}
	for (i = 1; i + 2 < s.n; i++) {
		struct span ar = span_sub(s, 0, i);

		if (s.p[i] == '(' && (span_ends(ar, ".a") || span_ends(ar, ".rlib"))) {
			*arlen = i;
			return 1;
		}
	}
	for (i = s.n; i-- > 0;) {
		if (s.p[i] == ')')
			depth++;
		else if (s.p[i] == '(' && --depth == 0)
			break;
	}
	if (depth == 0 && i > 0 && i + 2 < s.n) {
		*arlen = i;
		return 1;
	}
	for (i = 1; i + 2 < s.n; i++) {
		if (s.p[i] == '(') {
			*arlen = i;
			return 1;
		}
	}
	return 0;
}

/*
 * An input named by its section or by a reason: "archive(member)" gives the
 * ARCHIVE and the member, anything else an object.
 */
int lm_add_object_or_member(struct parse *ps, struct span s, const struct reason *why)
{
	size_t arlen = 0;
	int r = lm_split_member(ps, s, &arlen);

	if (r < 0)
		return -1;
	if (!r)
		return lm_add_input(ps, LINKMAP_OBJECT, true, s, NOSPAN, why, false);
	if (lm_add_input(ps, LINKMAP_ARCHIVE, true, span_sub(s, 0, arlen), NOSPAN, NULL, false))
		return -1;
	return lm_add_input(ps, LINKMAP_ARCHIVE_MEMBER, true, span_sub(s, 0, arlen),
			    span_sub(s, arlen + 1, s.n - 1), why, false);
}

/*
 * The reasons bfd and gold print: "FILE (SYMBOL)", "(SYMBOL)" for -u,
 * "(--whole-archive)"; gold also "--whole-archive", "-u SYMBOL",
 * "entry symbol SYMBOL", "script or expression reference to SYMBOL".
 * Demangled symbols may hold parentheses, so the symbol is the group that
 * closes at the end. Unknown text gives no reason.
 */
void lm_parse_reason(struct span text, struct reason *why)
{
	static const char *const prefixes[] = {
		"-u ",
		"entry symbol ",
		"script or expression reference to ",
	};
	size_t i;
	int depth = 0;

	why->file = NOSPAN;
	why->symbol = NOSPAN;
	why->whole_archive = false;
	text = span_trim(text);
	if (span_eq(text, "--whole-archive") || span_eq(text, "(--whole-archive)")) {
		why->whole_archive = true;
		return;
	}
	if (span_ends(text, ")")) {
		for (i = text.n; i-- > 0;) {
			if (text.p[i] == ')')
				depth++;
			else if (text.p[i] == '(' && --depth == 0)
				break;
		}
		if (depth != 0) {
			/* unbalanced: take the last " (" */
			for (i = text.n - 1; i > 0; i--)
				if (text.p[i] == '(' && text.p[i - 1] == ' ')
					break;
			if (text.p[i] != '(')
				return;
		}
		why->symbol = span_sub(text, i + 1, text.n - 1);
		why->file = span_rtrim(span_sub(text, 0, i));
		if (span_ends(why->file, " (symbol from plugin)"))
			why->file = span_rtrim(span_sub(
				why->file, 0, why->file.n - strlen(" (symbol from plugin)")));
		if (!why->file.n || span_eq(why->file, "-u"))
			why->file = NOSPAN;
		if (!why->symbol.n)
			why->symbol = NOSPAN;
		return;
	}
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		if (span_starts(text, prefixes[i]) && text.n > strlen(prefixes[i])) {
			why->symbol = span_sub(text, strlen(prefixes[i]), text.n);
			return;
		}
	}
}

/*
 * One entry of "Archive member included ..." or "As-needed library ...":
 * "TEXT<spaces>REASON" with REASON at column 30 when TEXT is short, else
 * TEXT alone and REASON on the next line after 30 spaces. 0, 1 when the
 * line is no such entry (a diagnostic of ld's), or -1.
 */
int lm_read_reason_entry(struct parse *ps, struct span line, struct span *text, struct span *reason)
{
	struct span next;
	int r = peek_line(&ps->r, &next);

	if (r > 0 && leading_spaces(next) >= REASON_COLUMN && span_trim(next).n) {
		if (lm_read_line(&ps->r, &next) < 0)
			return -1;
		*text = line;
		*reason = span_trim(next);
		return 0;
	}
	if (line.n > REASON_COLUMN && line.p[REASON_COLUMN - 2] == ' ' &&
	    line.p[REASON_COLUMN - 1] == ' ' && !is_blank(line.p[REASON_COLUMN])) {
		*text = span_rtrim(span_sub(line, 0, REASON_COLUMN));
		*reason = span_sub(line, REASON_COLUMN, line.n);
		if (text->n)
			return 0;
	}
	if (r < 0)
		return lm_read_line(&ps->r, &next); /* reports the next line's fault */
	return 1;
}

/* Pending reason entries, resolved once the whole map is read. */
int lm_pending_add(struct parse *ps, struct pending *pd, struct span text, struct span reason)
{
	char *t = span_dup(text), *w = span_dup(reason);

	if (!t || !w) {
		free(t);
		free(w);
		return lm_fail_oom(&ps->r);
	}
	if (strvec_push_nodup(&pd->text, t)) {
		free(w);
		return lm_fail_oom(&ps->r);
	}
	if (strvec_push_nodup(&pd->reason, w)) {
		pd->text.nr--;
		free((char *)pd->text.v[pd->text.nr]);
		pd->text.v[pd->text.nr] = NULL;
		return lm_fail_oom(&ps->r);
	}
	return 0;
}

void lm_pending_clear(struct pending *pd)
{
	strvec_clear(&pd->text);
	strvec_clear(&pd->reason);
}

int lm_add_pending_members(struct parse *ps, const struct pending *pd)
{
	for (size_t i = 0; i < pd->text.nr; i++) {
		struct reason why;

		lm_parse_reason(span_make(pd->reason.v[i], strlen(pd->reason.v[i])), &why);
		if (lm_add_object_or_member(ps, span_make(pd->text.v[i], strlen(pd->text.v[i])),
					    &why))
			return -1;
	}
	return 0;
}
