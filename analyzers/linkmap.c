/* SPDX-License-Identifier: Apache-2.0 */
#include "linkmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "depfile.h"
#include "pathutil.h"
#include "strvec.h"

#include "banned.h"

/* Column where bfd and gold print the reason after an archive member. */
#define REASON_COLUMN 30
/* How many '(' of one "archive(member)" text are checked against known archives. */
#define MAX_SPLIT_LOOKUPS 32

/* ---- spans: a view into the input, not NUL-terminated ---- */

struct span {
	const char *p;
	size_t n;
};

static const struct span NOSPAN = {NULL, 0};

static struct span span_make(const char *p, size_t n)
{
	struct span s = {p, n};

	return s;
}

static struct span span_sub(struct span s, size_t from, size_t to)
{
	return span_make(s.p + from, to - from);
}

static bool span_eq(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && !memcmp(s.p, lit, n);
}

static bool span_starts(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && !memcmp(s.p, lit, n);
}

static bool span_ends(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && !memcmp(s.p + s.n - n, lit, n);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static struct span span_ltrim(struct span s)
{
	while (s.n && is_blank(s.p[0])) {
		s.p++;
		s.n--;
	}
	return s;
}

static struct span span_rtrim(struct span s)
{
	while (s.n && is_blank(s.p[s.n - 1]))
		s.n--;
	return s;
}

static struct span span_trim(struct span s)
{
	return span_rtrim(span_ltrim(s));
}

static size_t leading_spaces(struct span s)
{
	size_t i = 0;

	while (i < s.n && s.p[i] == ' ')
		i++;
	return i;
}

/* A NUL-terminated copy, or NULL when out of memory. */
static char *span_dup(struct span s)
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

struct reader {
	const char *name;
	const char *data;
	size_t len;
	size_t pos;
	size_t lineno; /* of the line last returned */
	struct strbuf *err;
};

static void reader_init(struct reader *r, const char *name, const char *data, size_t len,
                        struct strbuf *err)
{
	r->name = name ? name : "(unnamed)";
	r->data = data;
	r->len = data ? len : 0;
	r->pos = 0;
	r->lineno = 0;
	r->err = err;
}

__attribute__((format(printf, 3, 4))) static int fail(struct reader *r, size_t lineno,
                                                      const char *fmt, ...)
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

static int fail_oom(struct reader *r)
{
	return fail(r, 0, "out of memory");
}

/*
 * The next line without its newline (and without a CR before it): 1, 0 at
 * the end of the data, -1 for a line that is too long, holds a NUL byte, or
 * lacks its newline (every linker ends its files with one: a missing one
 * means the file was cut).
 */
static int read_line(struct reader *r, struct span *line)
{
	const char *start, *nl;
	size_t avail, n;

	if (r->pos >= r->len)
		return 0;
	start = r->data + r->pos;
	avail = r->len - r->pos;
	r->lineno++;
	nl = memchr(start, '\n', avail < LINKMAP_MAX_LINE + 1 ? avail : LINKMAP_MAX_LINE + 1);
	if (!nl) {
		if (avail > LINKMAP_MAX_LINE)
			return fail(r, r->lineno, "line longer than %d bytes", LINKMAP_MAX_LINE);
		return fail(r, r->lineno, "truncated: the last line has no newline");
	}
	n = (size_t)(nl - start);
	if (memchr(start, '\0', n))
		return fail(r, r->lineno, "NUL byte in a text file");
	r->pos += n + 1;
	if (n && start[n - 1] == '\r')
		n--;
	*line = span_make(start, n);
	return 1;
}

static int peek_line(struct reader *r, struct span *line)
{
	size_t pos = r->pos, lineno = r->lineno;
	struct strbuf *err = r->err;
	int ret;

	r->err = NULL; /* a bad next line is reported when it is read */
	ret = read_line(r, line);
	r->err = err;
	r->pos = pos;
	r->lineno = lineno;
	return ret;
}

/* ---- the input table ---- */

void linkmap_init(struct linkmap *lm)
{
	struct linkmap blank = LINKMAP_INIT;

	*lm = blank;
}

static void input_release(struct linkmap_input *in)
{
	free(in->path);
	free(in->member);
	free(in->ref_file);
	free(in->ref_symbol);
	free(in->key_);
	memset(in, 0, sizeof(*in));
}

void linkmap_release(struct linkmap *lm)
{
	for (size_t i = 0; i < lm->nr; i++)
		input_release(&lm->inputs[i]);
	free(lm->inputs);
	free(lm->output);
	free(lm->first_skipped);
	free(lm->index_);
	linkmap_init(lm);
}

const char *linkmap_flavor_name(enum linkmap_flavor flavor)
{
	switch (flavor) {
	case LINKMAP_BFD:
		return "bfd";
	case LINKMAP_GOLD:
		return "gold";
	case LINKMAP_LLD:
		return "lld";
	case LINKMAP_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *linkmap_kind_name(enum linkmap_input_kind kind)
{
	switch (kind) {
	case LINKMAP_OBJECT:
		return "object";
	case LINKMAP_ARCHIVE_MEMBER:
		return "archive-member";
	case LINKMAP_SHARED:
		return "shared";
	case LINKMAP_ARCHIVE:
		return "archive";
	case LINKMAP_SCRIPT_OR_OTHER:
		break;
	}
	return "script-or-other";
}

/* The identity of an input: its normalised path, "\n" and the member. */
static char *make_key(struct span path, struct span member)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_grow(&sb, path.n + 2) || strbuf_add(&sb, path.p, path.n))
		goto fail;
	path_normalize(sb.buf);
	sb.len = strlen(sb.buf);
	if (member.p && (strbuf_addch(&sb, '\n') || strbuf_add(&sb, member.p, member.n)))
		goto fail;
	return strbuf_detach(&sb, NULL);
fail:
	strbuf_release(&sb);
	return NULL;
}

static uint64_t hash_key(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Index of the input with this key, or -1. */
static long index_find(const struct linkmap *lm, const char *key)
{
	size_t mask, i;

	if (!lm->index_size_)
		return -1;
	mask = lm->index_size_ - 1;
	for (i = (size_t)hash_key(key) & mask; lm->index_[i]; i = (i + 1) & mask) {
		size_t pos = lm->index_[i] - 1;

		if (!strcmp(lm->inputs[pos].key_, key))
			return (long)pos;
	}
	return -1;
}

static void index_put(size_t *slots, size_t size, const char *key, size_t pos)
{
	size_t mask = size - 1, i;

	for (i = (size_t)hash_key(key) & mask; slots[i]; i = (i + 1) & mask)
		;
	slots[i] = pos + 1;
}

/* Room for `extra` more inputs, so that inserting them cannot fail. */
static int lm_reserve(struct linkmap *lm, size_t extra)
{
	size_t want, size;

	if (extra > SIZE_MAX / 4 - lm->nr)
		return -1;
	want = lm->nr + extra;
	if (want > lm->alloc) {
		size_t n = lm->alloc ? lm->alloc : 16;
		struct linkmap_input *p;

		while (n < want)
			n *= 2;
		if (n > SIZE_MAX / sizeof(*p))
			return -1;
		p = realloc(lm->inputs, n * sizeof(*p));
		if (!p)
			return -1;
		lm->inputs = p;
		lm->alloc = n;
	}
	if (2 * want > lm->index_size_) {
		size_t *slots;

		size = lm->index_size_ ? lm->index_size_ : 32;
		while (size < 2 * want)
			size *= 2;
		if (size > SIZE_MAX / sizeof(*slots))
			return -1;
		slots = calloc(size, sizeof(*slots));
		if (!slots)
			return -1;
		for (size_t i = 0; i < lm->nr; i++)
			index_put(slots, size, lm->inputs[i].key_, i);
		free(lm->index_);
		lm->index_ = slots;
		lm->index_size_ = size;
	}
	return 0;
}

static void move_str(char **dst, char **src)
{
	free(*dst);
	*dst = *src;
	*src = NULL;
}

/* Fold what src knows into dst (same key); src is released. */
static void merge_input(struct linkmap_input *dst, struct linkmap_input *src)
{
	/* a path with members is an archive, whatever else was said */
	if ((!dst->kind_certain_ && (src->kind_certain_ || dst->kind == LINKMAP_SCRIPT_OR_OTHER)) ||
	    (src->kind_certain_ && src->kind == LINKMAP_ARCHIVE)) {
		dst->kind = src->kind;
		dst->kind_certain_ = src->kind_certain_;
	}
	if (!dst->ref_file && !dst->ref_symbol && !dst->whole_archive &&
	    (src->ref_file || src->ref_symbol)) {
		move_str(&dst->ref_file, &src->ref_file);
		move_str(&dst->ref_symbol, &src->ref_symbol);
	}
	dst->whole_archive |= src->whole_archive;
	dst->as_needed_used |= src->as_needed_used;
	input_release(src);
}

/* Add or merge `in` (key set); takes its strings in every case. */
static int lm_insert(struct linkmap *lm, struct linkmap_input *in)
{
	long pos = index_find(lm, in->key_);

	if (pos >= 0) {
		merge_input(&lm->inputs[pos], in);
		return 0;
	}
	if (lm_reserve(lm, 1)) {
		input_release(in);
		return -1;
	}
	lm->inputs[lm->nr] = *in;
	index_put(lm->index_, lm->index_size_, in->key_, lm->nr);
	lm->nr++;
	memset(in, 0, sizeof(*in));
	return 0;
}

int linkmap_find(const struct linkmap *lm, const char *path, const char *member, size_t *pos)
{
	char *key;
	long i;

	if (!path || !*path)
		return 0;
	key = make_key(span_make(path, strlen(path)),
	               member ? span_make(member, strlen(member)) : NOSPAN);
	if (!key)
		return -1;
	i = index_find(lm, key);
	free(key);
	if (i < 0)
		return 0;
	if (pos)
		*pos = (size_t)i;
	return 1;
}

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

static void parse_init(struct parse *ps, struct linkmap *lm, const char *name, const char *data,
                       size_t len, struct strbuf *err)
{
	reader_init(&ps->r, name, data, len, err);
	ps->target = lm;
	linkmap_init(&ps->scratch);
	ps->flavor = LINKMAP_UNKNOWN;
}

static bool has_ext(struct span base, const char *ext)
{
	return base.n > strlen(ext) && span_ends(base, ext);
}

static struct span span_basename(struct span path)
{
	size_t i = path.n;

	while (i && path.p[i - 1] != '/')
		i--;
	return span_sub(path, i, path.n);
}

/* "*.so" or "*.so.*" */
static bool is_shared_name(struct span base)
{
	for (size_t i = 1; i + 3 <= base.n; i++)
		if (!memcmp(base.p + i, ".so", 3) && (i + 3 == base.n || base.p[i + 3] == '.'))
			return true;
	return false;
}

static enum linkmap_input_kind classify(struct span path, enum linkmap_input_kind dflt)
{
	struct span base = span_basename(path);

	if (has_ext(base, ".o") || has_ext(base, ".obj") || has_ext(base, ".lo"))
		return LINKMAP_OBJECT;
	if (has_ext(base, ".a") || has_ext(base, ".rlib"))
		return LINKMAP_ARCHIVE;
	if (is_shared_name(base))
		return LINKMAP_SHARED;
	return dflt;
}

static int add_input(struct parse *ps, enum linkmap_input_kind kind, bool certain, struct span path,
                     struct span member, const struct reason *why, bool as_needed_used)
{
	struct linkmap_input in = {0};

	if (!path.n)
		return 0;
	in.kind = kind;
	in.kind_certain_ = certain;
	in.as_needed_used = as_needed_used;
	in.path = span_dup(path);
	in.key_ = make_key(path, member);
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
		return fail_oom(&ps->r);
	return 0;
oom:
	input_release(&in);
	return fail_oom(&ps->r);
}

/* 1 when this path is an archive already known to this link, 0 no, -1 OOM. */
static int is_known_archive(struct parse *ps, struct span path)
{
	char *key = make_key(path, NOSPAN);
	long i;
	int ret = 0;

	if (!key)
		return -1;
	i = index_find(&ps->scratch, key);
	if (i >= 0 && ps->scratch.inputs[i].kind == LINKMAP_ARCHIVE)
		ret = 1;
	i = index_find(ps->target, key);
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
static int split_member(struct parse *ps, struct span s, size_t *arlen)
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
		known = is_known_archive(ps, span_sub(s, 0, i));
		if (known < 0)
			return fail_oom(&ps->r);
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
static int add_object_or_member(struct parse *ps, struct span s, const struct reason *why)
{
	size_t arlen = 0;
	int r = split_member(ps, s, &arlen);

	if (r < 0)
		return -1;
	if (!r)
		return add_input(ps, LINKMAP_OBJECT, true, s, NOSPAN, why, false);
	if (add_input(ps, LINKMAP_ARCHIVE, true, span_sub(s, 0, arlen), NOSPAN, NULL, false))
		return -1;
	return add_input(ps, LINKMAP_ARCHIVE_MEMBER, true, span_sub(s, 0, arlen),
	                 span_sub(s, arlen + 1, s.n - 1), why, false);
}

/*
 * The reasons bfd and gold print: "FILE (SYMBOL)", "(SYMBOL)" for -u,
 * "(--whole-archive)"; gold also "--whole-archive", "-u SYMBOL",
 * "entry symbol SYMBOL", "script or expression reference to SYMBOL".
 * Demangled symbols may hold parentheses, so the symbol is the group that
 * closes at the end. Unknown text gives no reason.
 */
static void parse_reason(struct span text, struct reason *why)
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
			why->file = span_rtrim(
			    span_sub(why->file, 0, why->file.n - strlen(" (symbol from plugin)")));
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
static int read_reason_entry(struct parse *ps, struct span line, struct span *text,
                             struct span *reason)
{
	struct span next;
	int r = peek_line(&ps->r, &next);

	if (r > 0 && leading_spaces(next) >= REASON_COLUMN && span_trim(next).n) {
		if (read_line(&ps->r, &next) < 0)
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
		return read_line(&ps->r, &next); /* reports the next line's fault */
	return 1;
}

/* Pending reason entries, resolved once the whole map is read. */
struct pending {
	struct strvec text;
	struct strvec reason;
};

static int pending_add(struct parse *ps, struct pending *pd, struct span text, struct span reason)
{
	char *t = span_dup(text), *w = span_dup(reason);

	if (!t || !w) {
		free(t);
		free(w);
		return fail_oom(&ps->r);
	}
	if (strvec_push_nodup(&pd->text, t)) {
		free(w);
		return fail_oom(&ps->r);
	}
	if (strvec_push_nodup(&pd->reason, w)) {
		pd->text.nr--;
		free((char *)pd->text.v[pd->text.nr]);
		pd->text.v[pd->text.nr] = NULL;
		return fail_oom(&ps->r);
	}
	return 0;
}

static void pending_clear(struct pending *pd)
{
	strvec_clear(&pd->text);
	strvec_clear(&pd->reason);
}

static int add_pending_members(struct parse *ps, const struct pending *pd)
{
	for (size_t i = 0; i < pd->text.nr; i++) {
		struct reason why;

		parse_reason(span_make(pd->reason.v[i], strlen(pd->reason.v[i])), &why);
		if (add_object_or_member(ps, span_make(pd->text.v[i], strlen(pd->text.v[i])), &why))
			return -1;
	}
	return 0;
}

/* ---- bfd ---- */

struct base_entry {
	const char *base;
	size_t len;
	size_t pos;
};

static int base_cmp(const void *a, const void *b)
{
	const struct base_entry *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->base, y->base, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The first SHARED input whose basename is exactly name, or -1. */
static long find_base(const struct base_entry *v, size_t nr, struct span name)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t n = v[mid].len < name.n ? v[mid].len : name.n;
		int c = memcmp(v[mid].base, name.p, n);

		if (!c && v[mid].len != name.n)
			c = v[mid].len < name.n ? -1 : 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < nr && v[lo].len == name.n && !memcmp(v[lo].base, name.p, name.n))
		return (long)v[lo].pos;
	return -1;
}

/*
 * bfd names as-needed libraries by soname: match them to the SHARED inputs
 * by basename ("libc.so.6"), else by a basename that the soname extends with
 * ".N" ("libz.so" for "libz.so.1"); unmatched sonames become inputs.
 */
static int add_as_needed(struct parse *ps, const struct pending *pd)
{
	struct base_entry *v = NULL;
	size_t nr = 0;
	int ret = -1;

	if (!pd->text.nr)
		return 0;
	v = calloc(ps->scratch.nr ? ps->scratch.nr : 1, sizeof(*v));
	if (!v)
		return fail_oom(&ps->r);
	for (size_t i = 0; i < ps->scratch.nr; i++) {
		const struct linkmap_input *in = &ps->scratch.inputs[i];
		struct span base;

		if (in->kind != LINKMAP_SHARED)
			continue;
		base = span_basename(span_make(in->path, strlen(in->path)));
		v[nr].base = base.p;
		v[nr].len = base.n;
		v[nr].pos = i;
		nr++;
	}
	qsort(v, nr, sizeof(*v), base_cmp);
	for (size_t i = 0; i < pd->text.nr; i++) {
		struct span soname = span_make(pd->text.v[i], strlen(pd->text.v[i]));
		struct span name = soname;
		struct reason why;
		long pos = find_base(v, nr, name);

		while (pos < 0 && name.n) {
			/* drop one ".N" version suffix, while ".so" stays */
			size_t dot = name.n;

			while (dot && name.p[dot - 1] != '.')
				dot--;
			if (dot < 2)
				break;
			name.n = dot - 1;
			if (!is_shared_name(name))
				break;
			pos = find_base(v, nr, name);
		}
		parse_reason(span_make(pd->reason.v[i], strlen(pd->reason.v[i])), &why);
		if (pos >= 0) {
			const char *path = ps->scratch.inputs[pos].path;

			soname = span_make(path, strlen(path));
		}
		/* merges into the matched input: same path */
		if (add_input(ps, LINKMAP_SHARED, false, soname, NOSPAN, &why, true))
			goto cleanup;
	}
	ret = 0;
cleanup:
	free(v);
	return ret;
}

enum map_section {
	SEC_OTHER,
	SEC_MEMBERS,   /* Archive member included ... */
	SEC_AS_NEEDED, /* As-needed library included ... (bfd) */
	SEC_MEMMAP,    /* bfd: Linker script and memory map */
	SEC_SECTIONS,  /* gold: Memory map, Discarded input sections */
	SEC_DONE,      /* Cross Reference Table: nothing more for us */
};

#define BFD_MEMBERS_HEADING   "Archive member included to satisfy reference by file (symbol)"
#define BFD_AS_NEEDED_HEADING "As-needed library included to satisfy reference by file (symbol)"
#define BFD_MEMMAP_HEADING    "Linker script and memory map"
#define BFD_MEMCONF_HEADING   "Memory Configuration"
#define GOLD_MEMBERS_HEADING  "Archive member included because of file (symbol)"
#define GOLD_MEMMAP_HEADING   "Memory map"

static bool heading(struct span line, enum linkmap_flavor flavor, enum map_section *sec)
{
	static const struct {
		const char *text;
		enum linkmap_flavor flavor; /* UNKNOWN: both */
		enum map_section sec;
	} headings[] = {
	    {BFD_MEMBERS_HEADING, LINKMAP_BFD, SEC_MEMBERS},
	    {BFD_AS_NEEDED_HEADING, LINKMAP_BFD, SEC_AS_NEEDED},
	    {BFD_MEMMAP_HEADING, LINKMAP_BFD, SEC_MEMMAP},
	    {BFD_MEMCONF_HEADING, LINKMAP_BFD, SEC_OTHER},
	    {"Merging program properties", LINKMAP_BFD, SEC_OTHER},
	    {GOLD_MEMBERS_HEADING, LINKMAP_GOLD, SEC_MEMBERS},
	    {GOLD_MEMMAP_HEADING, LINKMAP_GOLD, SEC_SECTIONS},
	    {"Discarded input sections", LINKMAP_GOLD, SEC_SECTIONS},
	    {"Discarded input sections", LINKMAP_BFD, SEC_OTHER},
	    {"Allocating common symbols", LINKMAP_UNKNOWN, SEC_OTHER},
	    {"Cross Reference Table", LINKMAP_UNKNOWN, SEC_DONE},
	};

	if (!line.n || is_blank(line.p[0]))
		return false;
	for (size_t i = 0; i < sizeof(headings) / sizeof(headings[0]); i++) {
		if ((headings[i].flavor == flavor || headings[i].flavor == LINKMAP_UNKNOWN) &&
		    span_eq(line, headings[i].text)) {
			*sec = headings[i].sec;
			return true;
		}
	}
	return false;
}

static bool addr_size_path(struct span s, struct span *path);
static int skip_line(struct parse *ps, struct span line);

/*
 * bfd's memory map: " .text 0xADDR 0xSIZE archive(member)" (or the section
 * name alone, the rest on the next line) for every input section. A member
 * of an archive that a LOAD line named is taken, so that a member whose
 * "Archive member included" entry could not be read is still listed.
 * Objects are not: the LOAD lines name them, and "linker stubs" is no file.
 * 0 or -1 (out of memory).
 */
static int section_member(struct parse *ps, struct span line, bool was_name_only,
                          bool *name_only)
{
	struct span path;
	size_t arlen = 0;
	int known, split;

	if (line.n > 1 && line.p[0] == ' ' && line.p[1] != ' ' && line.p[1] != '*') {
		size_t end = 1;

		while (end < line.n && line.p[end] != ' ')
			end++;
		if (end == line.n) {
			*name_only = true;
			return 0;
		}
		if (!addr_size_path(span_sub(line, end, line.n), &path))
			return 0;
	} else if (!was_name_only || !addr_size_path(line, &path)) {
		return 0;
	}
	split = split_member(ps, path, &arlen);
	if (split <= 0)
		return split;
	known = is_known_archive(ps, span_sub(path, 0, arlen));
	if (known <= 0)
		return known;
	return add_input(ps, LINKMAP_ARCHIVE_MEMBER, true, span_sub(path, 0, arlen),
	                 span_sub(path, arlen + 1, path.n - 1), NULL, false);
}

static int parse_bfd(struct parse *ps)
{
	struct pending members = {STRVEC_INIT, STRVEC_INIT};
	struct pending as_needed = {STRVEC_INIT, STRVEC_INIT};
	enum map_section sec = SEC_OTHER;
	bool seen_memmap = false, seen_output = false, seen_entry = false, name_only = false;
	struct span line;
	int r, rr, ret = -1;

	while ((r = read_line(&ps->r, &line)) > 0) {
		enum map_section next;
		bool was_name_only = name_only;

		name_only = false;

		if (sec == SEC_DONE)
			continue;
		if (heading(line, LINKMAP_BFD, &next)) {
			sec = next;
			seen_entry = false;
			seen_memmap |= sec == SEC_MEMMAP;
			continue;
		}
		switch (sec) {
		case SEC_MEMBERS:
		case SEC_AS_NEEDED: {
			struct span text, reason;

			if (!span_trim(line).n) {
				if (seen_entry)
					sec = SEC_OTHER;
				break;
			}
			rr = is_blank(line.p[0]) ? 1 : read_reason_entry(ps, line, &text, &reason);
			if (rr < 0)
				goto cleanup;
			if (rr > 0) { /* ld's own diagnostics are printed here */
				if (skip_line(ps, line))
					goto cleanup;
				break;
			}
			if (pending_add(ps, sec == SEC_MEMBERS ? &members : &as_needed, text,
			                reason))
				goto cleanup;
			seen_entry = true;
			break;
		}
		case SEC_MEMMAP:
			if (span_starts(line, "LOAD ")) {
				struct span path = span_sub(line, 5, line.n);

				/* bfd's own pseudo input for ARM/Thumb veneers: no file */
				if (span_eq(path, "linker stubs"))
					break;

				if (add_input(ps, classify(path, LINKMAP_OBJECT), false, path,
				              NOSPAN, NULL, false))
					goto cleanup;
			} else if (span_starts(line, "OUTPUT(") && span_ends(line, ")")) {
				struct span out = span_sub(line, 7, line.n - 1);
				size_t sp = out.n;

				/* OUTPUT(file target): the target has no spaces */
				while (sp && out.p[sp - 1] != ' ')
					sp--;
				if (sp > 1)
					out.n = sp - 1;
				if (!seen_output && out.n &&
				    !(ps->scratch.output = span_dup(out))) {
					fail_oom(&ps->r);
					goto cleanup;
				}
				seen_output = true;
			} else if (section_member(ps, line, was_name_only, &name_only)) {
				goto cleanup;
			}
			break;
		default:
			break;
		}
	}
	if (r < 0)
		goto cleanup;
	if (!seen_memmap) {
		fail(&ps->r, 0, "truncated bfd map: no \"%s\" section", BFD_MEMMAP_HEADING);
		goto cleanup;
	}
	if (!seen_output) {
		fail(&ps->r, 0, "truncated bfd map: no OUTPUT(...) line");
		goto cleanup;
	}
	/* after the LOAD lines: they name the archives, and give link order */
	if (add_pending_members(ps, &members) || add_as_needed(ps, &as_needed))
		goto cleanup;
	ret = 0;
cleanup:
	pending_clear(&members);
	pending_clear(&as_needed);
	return ret;
}

/* ---- gold ---- */

static bool eat_hex(struct span *s)
{
	size_t i = 2;

	if (!span_starts(*s, "0x"))
		return false;
	while (i < s->n && ascii_is_xdigit(s->p[i]))
		i++;
	if (i == 2)
		return false;
	*s = span_sub(*s, i, s->n);
	return true;
}

/* "0xADDR 0xSIZE PATH" (after any indentation); false without a path. */
static bool addr_size_path(struct span s, struct span *path)
{
	s = span_ltrim(s);
	if (!eat_hex(&s) || !s.n || s.p[0] != ' ')
		return false;
	s = span_ltrim(s);
	if (!eat_hex(&s) || s.n < 2 || s.p[0] != ' ' || is_blank(s.p[1]))
		return false;
	*path = span_sub(s, 1, s.n);
	return true;
}

static int parse_gold(struct parse *ps)
{
	struct pending members = {STRVEC_INIT, STRVEC_INIT};
	enum map_section sec = SEC_OTHER;
	bool seen_memmap = false, seen_entry = false, name_only = false;
	struct span line;
	int r, rr, ret = -1;

	while ((r = read_line(&ps->r, &line)) > 0) {
		enum map_section next;
		struct span path;
		bool was_name_only = name_only;

		name_only = false;
		if (sec == SEC_DONE)
			continue;
		if (heading(line, LINKMAP_GOLD, &next)) {
			sec = next;
			seen_entry = false;
			seen_memmap |= span_eq(line, GOLD_MEMMAP_HEADING);
			continue;
		}
		switch (sec) {
		case SEC_MEMBERS: {
			struct span text, reason;

			if (!span_trim(line).n) {
				if (seen_entry)
					sec = SEC_OTHER;
				break;
			}
			rr = is_blank(line.p[0]) ? 1 : read_reason_entry(ps, line, &text, &reason);
			if (rr < 0)
				goto cleanup;
			if (rr > 0) {
				if (skip_line(ps, line))
					goto cleanup;
				break;
			}
			if (pending_add(ps, &members, text, reason))
				goto cleanup;
			seen_entry = true;
			break;
		}
		case SEC_SECTIONS:
			/* " .name 0xADDR 0xSIZE PATH", or " .long.name" + next line */
			if (line.n > 1 && line.p[0] == ' ' && line.p[1] != ' ') {
				size_t end = 1;

				while (end < line.n && line.p[end] != ' ')
					end++;
				if (line.p[1] == '*')
					break; /* "** fill", "** merge strings", ... */
				if (end == line.n) {
					name_only = true;
					break;
				}
				if (addr_size_path(span_sub(line, end, line.n), &path) &&
				    add_object_or_member(ps, path, NULL))
					goto cleanup;
			} else if (was_name_only && addr_size_path(line, &path)) {
				if (add_object_or_member(ps, path, NULL))
					goto cleanup;
			}
			break;
		default:
			break;
		}
	}
	if (r < 0)
		goto cleanup;
	if (!seen_memmap) {
		fail(&ps->r, 0, "truncated gold map: no \"%s\" section", GOLD_MEMMAP_HEADING);
		goto cleanup;
	}
	if (add_pending_members(ps, &members))
		goto cleanup;
	ret = 0;
cleanup:
	pending_clear(&members);
	return ret;
}

/* ---- lld ---- */

/*
 * The header, e.g. "VMA LMA Size Align Out In Symbol" (lld >= 11) or
 * "Address Size Align Out In Symbol": the number of columns before "Out".
 */
static size_t lld_header(struct span line)
{
	static const char *const numeric[] = {"VMA", "LMA", "Address", "Size", "Align"};
	static const char *const tail[] = {"Out", "In", "Symbol"};
	size_t ncols = 0, ntail = 0;

	for (;;) {
		struct span word;
		size_t end = 0;
		bool ok = false;

		line = span_ltrim(line);
		if (!line.n)
			break;
		while (end < line.n && !is_blank(line.p[end]))
			end++;
		word = span_sub(line, 0, end);
		line = span_sub(line, end, line.n);
		if (ntail < 3) {
			if (span_eq(word, tail[ntail])) {
				ntail++;
				continue;
			}
			if (ntail)
				return 0;
		} else {
			return 0;
		}
		for (size_t i = 0; i < sizeof(numeric) / sizeof(numeric[0]); i++)
			ok |= span_eq(word, numeric[i]);
		if (!ok)
			return 0;
		ncols++;
	}
	return ntail == 3 ? ncols : 0;
}

/* A row: ncols numbers, then 8 spaces per depth, then the text. */
static bool lld_row(struct span line, size_t ncols, size_t *depth, struct span *text)
{
	size_t i = 0, sp;

	for (size_t c = 0; c < ncols; c++) {
		size_t start;

		while (i < line.n && line.p[i] == ' ')
			i++;
		start = i;
		while (i < line.n && ascii_is_xdigit(line.p[i]))
			i++;
		if (i == start || i >= line.n || line.p[i] != ' ')
			return false;
	}
	i++; /* the separator */
	sp = leading_spaces(span_sub(line, i, line.n));
	*depth = sp / 8;
	*text = span_sub(line, i + sp, line.n);
	return text->n > 0;
}

static int parse_lld(struct parse *ps)
{
	struct span line;
	size_t ncols = 0;
	int r;

	while ((r = read_line(&ps->r, &line)) > 0) {
		struct span text, path;
		size_t depth, i;

		if (!span_trim(line).n)
			continue;
		if (!ncols) {
			if (!(ncols = lld_header(line)))
				return fail(&ps->r, ps->r.lineno, "not an lld map header");
			continue;
		}
		if (!lld_row(line, ncols, &depth, &text))
			return fail(&ps->r, ps->r.lineno, "malformed lld map row");
		if (depth != 1 || !span_ends(text, ")"))
			continue; /* output sections, symbols */
		/* "PATH:(SECTION)": take the last ":(" */
		for (i = text.n - 1; i > 0; i--)
			if (text.p[i] == '(' && text.p[i - 1] == ':')
				break;
		if (i < 2)
			continue; /* LONG ( 0x1 ), assignments */
		path = span_sub(text, 0, i - 1);
		if (span_eq(path, "<internal>"))
			continue;
		if (add_object_or_member(ps, path, NULL))
			return -1;
	}
	return r;
}

/* ---- putting it together ---- */

static int check_flavor(struct parse *ps, enum linkmap_flavor flavor)
{
	enum linkmap_flavor have = ps->target->flavor;

	if (have != LINKMAP_UNKNOWN && flavor != LINKMAP_UNKNOWN && have != flavor)
		return fail(&ps->r, 0, "a %s report, but this link's other reports are from %s",
		            linkmap_flavor_name(flavor), linkmap_flavor_name(have));
	ps->flavor = flavor;
	return 0;
}

/* Merge the parsed file into the caller's linkmap; cannot fail half-way. */
static int parse_finish(struct parse *ps)
{
	struct linkmap *lm = ps->target;

	if (lm_reserve(lm, ps->scratch.nr))
		return fail_oom(&ps->r);
	for (size_t i = 0; i < ps->scratch.nr; i++)
		lm_insert(lm, &ps->scratch.inputs[i]); /* reserved: cannot fail */
	ps->scratch.nr = 0;
	if (!lm->output && ps->scratch.output) {
		lm->output = ps->scratch.output;
		ps->scratch.output = NULL;
	}
	if (lm->flavor == LINKMAP_UNKNOWN)
		lm->flavor = ps->flavor;
	if (!lm->first_skipped && ps->scratch.first_skipped) {
		lm->first_skipped = ps->scratch.first_skipped;
		lm->first_skipped_line = ps->scratch.first_skipped_line;
		ps->scratch.first_skipped = NULL;
	}
	lm->skipped += ps->scratch.skipped;
	lm->ld_messages += ps->scratch.ld_messages;
	return 0;
}

/*
 * Messages GNU ld prints into the map among the entries (bfd's "minfo"
 * calls): they name no input the link used, so they are recognised and
 * counted, not "not understood".
 */
static bool ld_message(struct span line)
{
	static const char *const prefixes[] = { "discarding zero address range FDE in ",
						"Local IFUNC function `" };
	static const char reloc[] = ": dynamic relocation ", ro[] = "in read-only section `";
	struct span t = span_trim(line);

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (span_starts(t, prefixes[i]))
			return true;
	/* "%pB: dynamic relocation [against `%pT' ]in read-only section `%pA'" */
	return memmem(t.p, t.n, reloc, sizeof(reloc) - 1) && memmem(t.p, t.n, ro, sizeof(ro) - 1);
}

/* A line that is no entry of its section: counted, the first one kept. */
static int skip_line(struct parse *ps, struct span line)
{
	if (ld_message(line)) {
		ps->scratch.ld_messages++;
		return 0;
	}
	if (!ps->scratch.skipped++) {
		ps->scratch.first_skipped_line = ps->r.lineno;
		if (!(ps->scratch.first_skipped = span_dup(span_trim(line))))
			return fail_oom(&ps->r);
	}
	return 0;
}

static int parse_end(struct parse *ps, int ret)
{
	if (!ret)
		ret = parse_finish(ps);
	linkmap_release(&ps->scratch);
	return ret;
}

/* bfd and gold: the first heading tells; lld: the first line is its header. */
static int detect_flavor(struct parse *ps, enum linkmap_flavor *flavor)
{
	struct reader r = ps->r;
	struct span line;
	bool first = true, nonblank = false;
	int ret;

	*flavor = LINKMAP_UNKNOWN;
	while ((ret = read_line(&r, &line)) > 0) {
		if (!span_trim(line).n)
			continue;
		nonblank = true;
		if (first && lld_header(line)) {
			*flavor = LINKMAP_LLD;
			return 0;
		}
		first = false;
		if (span_eq(line, BFD_MEMBERS_HEADING) || span_eq(line, BFD_AS_NEEDED_HEADING) ||
		    span_eq(line, BFD_MEMCONF_HEADING) || span_eq(line, BFD_MEMMAP_HEADING)) {
			*flavor = LINKMAP_BFD;
			return 0;
		}
		if (span_eq(line, GOLD_MEMBERS_HEADING) || span_eq(line, GOLD_MEMMAP_HEADING)) {
			*flavor = LINKMAP_GOLD;
			return 0;
		}
	}
	if (ret < 0)
		return -1;
	if (!nonblank)
		return fail(&ps->r, 0, "empty map");
	return fail(&ps->r, 0, "format not recognised: not a GNU ld, gold or lld link map");
}

int linkmap_parse_map(struct linkmap *lm, const char *name, const char *data, size_t len,
                      struct strbuf *err)
{
	struct parse ps;
	enum linkmap_flavor flavor;
	int ret;

	parse_init(&ps, lm, name, data, len, err);
	if (!ps.r.len)
		return fail(&ps.r, 0, "empty map");
	ret = detect_flavor(&ps, &flavor);
	if (!ret)
		ret = check_flavor(&ps, flavor);
	if (!ret) {
		if (flavor == LINKMAP_BFD)
			ret = parse_bfd(&ps);
		else if (flavor == LINKMAP_GOLD)
			ret = parse_gold(&ps);
		else
			ret = parse_lld(&ps);
	}
	return parse_end(&ps, ret);
}

/* "KEYWORD PATH N M": the path may hold spaces, the numbers may not. */
static bool counts_line(struct span line, const char *keyword, struct span *path)
{
	size_t end = line.n;

	if (!span_starts(line, keyword))
		return false;
	for (int field = 0; field < 2; field++) {
		size_t digits = end;

		while (digits && line.p[digits - 1] >= '0' && line.p[digits - 1] <= '9')
			digits--;
		if (digits == end || !digits || line.p[digits - 1] != ' ')
			return false;
		end = digits - 1;
	}
	if (end <= strlen(keyword))
		return false;
	*path = span_sub(line, strlen(keyword), end);
	return true;
}

int linkmap_parse_gold_symbol_counts(struct linkmap *lm, const char *name, const char *data,
                                     size_t len, struct strbuf *err)
{
	struct parse ps;
	struct span line, archive = NOSPAN;
	bool any = false;
	int r;

	parse_init(&ps, lm, name, data, len, err);
	if (!ps.r.len)
		return fail(&ps.r, 0, "empty symbol counts file");
	if (check_flavor(&ps, LINKMAP_GOLD))
		return parse_end(&ps, -1);
	while ((r = read_line(&ps.r, &line)) > 0) {
		struct span path;

		if (!span_trim(line).n)
			continue;
		any = true;
		if (counts_line(line, "archive ", &path)) {
			archive = path;
			r = add_input(&ps, LINKMAP_ARCHIVE, true, path, NOSPAN, NULL, false);
		} else if (counts_line(line, "symbols ", &path)) {
			enum linkmap_input_kind kind = classify(path, LINKMAP_OBJECT);

			if (archive.p && path.n > archive.n + 2 &&
			    !memcmp(path.p, archive.p, archive.n) && path.p[archive.n] == '(' &&
			    span_ends(path, ")"))
				r = add_input(&ps, LINKMAP_ARCHIVE_MEMBER, true, archive,
				              span_sub(path, archive.n + 1, path.n - 1), NULL,
				              false);
			else if (archive.p)
				r = add_object_or_member(&ps, path, NULL);
			else
				r = add_input(&ps, kind == LINKMAP_ARCHIVE ? LINKMAP_OBJECT : kind,
				              false, path, NOSPAN, NULL, false);
		} else {
			r = fail(&ps.r, ps.r.lineno,
			         "not a gold symbol count line (\"symbols|archive PATH N N\")");
		}
		if (r < 0)
			break;
	}
	if (!r && !any)
		r = fail(&ps.r, 0, "empty symbol counts file");
	return parse_end(&ps, r < 0 ? -1 : 0);
}

int linkmap_parse_lld_why_extract(struct linkmap *lm, const char *name, const char *data,
                                  size_t len, struct strbuf *err)
{
	struct parse ps;
	struct span line;
	int r;

	parse_init(&ps, lm, name, data, len, err);
	if (!ps.r.len)
		return fail(&ps.r, 0, "empty --why-extract file");
	r = read_line(&ps.r, &line);
	if (r > 0 && !span_eq(line, "reference\textracted\tsymbol"))
		r = fail(&ps.r, 1, "not an lld --why-extract file (no header line)");
	if (r > 0)
		r = check_flavor(&ps, LINKMAP_LLD);
	while (r >= 0 && (r = read_line(&ps.r, &line)) > 0) {
		struct span ref, extracted;
		struct reason why = {NOSPAN, NOSPAN, false};
		const char *t1, *t2;

		if (!line.n)
			continue;
		t1 = memchr(line.p, '\t', line.n);
		t2 = line.p + line.n;
		while (t2 > line.p && t2[-1] != '\t')
			t2--;
		if (!t1 || t2 - 1 == t1) {
			r = fail(&ps.r, ps.r.lineno, "expected three tab-separated fields");
			break;
		}
		ref = span_make(line.p, (size_t)(t1 - line.p));
		extracted = span_make(t1 + 1, (size_t)(t2 - 1 - (t1 + 1)));
		if (ref.n && !span_eq(ref, "<internal>") && ref.p[0] != '-')
			why.file = ref;
		if (t2 < line.p + line.n)
			why.symbol = span_make(t2, (size_t)(line.p + line.n - t2));
		if (!extracted.n) {
			r = fail(&ps.r, ps.r.lineno, "empty extracted file");
			break;
		}
		r = add_object_or_member(&ps, extracted, &why);
	}
	return parse_end(&ps, r < 0 ? -1 : 0);
}

/* ---- make-style depfile (common/depfile.c does the lexing) ---- */

int linkmap_parse_depfile_inputs(struct linkmap *lm, const char *name, const char *data, size_t len,
                                 struct strbuf *err)
{
	struct parse ps;
	struct strvec targets = STRVEC_INIT, prereqs = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT;
	int ret = -1;

	parse_init(&ps, lm, name, data, len, err);
	if (!len) {
		fail(&ps.r, 0, "empty dependency file");
		goto cleanup;
	}
	if (depfile_parse(data, len, &targets, &prereqs, &msg)) {
		fail(&ps.r, 0, "%s", msg.buf);
		goto cleanup;
	}
	if (!targets.nr) {
		fail(&ps.r, 0, "not a dependency file (no rule)");
		goto cleanup;
	}
	ps.scratch.output = strdup(targets.v[0]);
	if (!ps.scratch.output) {
		fail_oom(&ps.r);
		goto cleanup;
	}
	for (size_t i = 0; i < prereqs.nr; i++) {
		struct span path = span_make(prereqs.v[i], strlen(prereqs.v[i]));

		if (add_input(&ps, classify(path, LINKMAP_SCRIPT_OR_OTHER), false, path, NOSPAN, NULL,
		              false))
			goto cleanup;
	}
	ret = 0;
cleanup:
	strvec_clear(&targets);
	strvec_clear(&prereqs);
	strbuf_release(&msg);
	return parse_end(&ps, ret);
}
