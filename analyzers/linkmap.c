/* SPDX-License-Identifier: Apache-2.0 */
/* Link maps (linkmap.h): the input table, a map put together, the side reports, depfiles. */
#include "linkmap.h"
#include "linkmap_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "depfile.h"
#include "pathutil.h"
#include "strvec.h"

#include "banned.h"

/* ---- the input table ---- */

void linkmap_init(struct linkmap *lm)
{
	struct linkmap blank = LINKMAP_INIT;

	*lm = blank;
}

void lm_input_release(struct linkmap_input *in)
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
		lm_input_release(&lm->inputs[i]);
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
char *lm_make_key(struct span path, struct span member)
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
long lm_index_find(const struct linkmap *lm, const char *key)
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
	lm_input_release(src);
}

/* Add or merge `in` (key set); takes its strings in every case. */
int lm_insert(struct linkmap *lm, struct linkmap_input *in)
{
	long pos = lm_index_find(lm, in->key_);

	if (pos >= 0) {
		merge_input(&lm->inputs[pos], in);
		return 0;
	}
	if (lm_reserve(lm, 1)) {
		lm_input_release(in);
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
	key = lm_make_key(span_make(path, strlen(path)),
			  member ? span_make(member, strlen(member)) : NOSPAN);
	if (!key)
		return -1;
	i = lm_index_find(lm, key);
	free(key);
	if (i < 0)
		return 0;
	if (pos)
		*pos = (size_t)i;
	return 1;
}

/* ---- putting it together ---- */

static int check_flavor(struct parse *ps, enum linkmap_flavor flavor)
{
	enum linkmap_flavor have = ps->target->flavor;

	if (have != LINKMAP_UNKNOWN && flavor != LINKMAP_UNKNOWN && have != flavor)
		return lm_fail(&ps->r, 0, "a %s report, but this link's other reports are from %s",
			       linkmap_flavor_name(flavor), linkmap_flavor_name(have));
	ps->flavor = flavor;
	return 0;
}

/* Merge the parsed file into the caller's linkmap; cannot fail half-way. */
static int parse_finish(struct parse *ps)
{
	struct linkmap *lm = ps->target;

	if (lm_reserve(lm, ps->scratch.nr))
		return lm_fail_oom(&ps->r);
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
int lm_skip_line(struct parse *ps, struct span line)
{
	if (ld_message(line)) {
		ps->scratch.ld_messages++;
		return 0;
	}
	if (!ps->scratch.skipped++) {
		ps->scratch.first_skipped_line = ps->r.lineno;
		if (!(ps->scratch.first_skipped = span_dup(span_trim(line))))
			return lm_fail_oom(&ps->r);
	}
	return 0;
}

static int parse_end(struct parse *ps, int ret)
{
	if (!ret)
		ret = parse_finish(ps);
	linkmap_release(&ps->scratch);
	free(ps->r.buf[0]);
	free(ps->r.buf[1]);
	ps->r.buf[0] = ps->r.buf[1] = NULL;
	return ret;
}

/* bfd and gold: the first heading tells; lld: the first line is its header. */
static int find_flavor(struct parse *ps, enum linkmap_flavor *flavor)
{
	struct span line;
	bool first = true, nonblank = false;
	int ret;

	*flavor = LINKMAP_UNKNOWN;
	while ((ret = lm_read_line(&ps->r, &line)) > 0) {
		if (!span_trim(line).n)
			continue;
		nonblank = true;
		if (first && lm_lld_header(line)) {
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
		return lm_fail(&ps->r, 0, "empty map");
	return lm_fail(&ps->r, 0, "format not recognised: not a GNU ld, gold or lld link map");
}

/* find_flavor(), then back to the first line. */
static int detect_flavor(struct parse *ps, enum linkmap_flavor *flavor)
{
	if (find_flavor(ps, flavor))
		return -1;
	return lm_reader_rewind(&ps->r);
}

static int parse_map(struct parse *ps)
{
	enum linkmap_flavor flavor;
	int ret;

	if (lm_reader_empty(&ps->r))
		return parse_end(ps, lm_fail(&ps->r, 0, "empty map"));
	ret = detect_flavor(ps, &flavor);
	if (!ret)
		ret = check_flavor(ps, flavor);
	if (!ret) {
		if (flavor == LINKMAP_BFD)
			ret = lm_parse_bfd(ps);
		else if (flavor == LINKMAP_GOLD)
			ret = lm_parse_gold(ps);
		else
			ret = lm_parse_lld(ps);
	}
	return parse_end(ps, ret);
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

static int parse_gold_symbol_counts(struct parse *ps)
{
	struct span line, archive = NOSPAN;
	struct strbuf archive_buf = STRBUF_INIT; /* outlives its line */
	bool any = false;
	int r;

	if (lm_reader_empty(&ps->r))
		return parse_end(ps, lm_fail(&ps->r, 0, "empty symbol counts file"));
	if (check_flavor(ps, LINKMAP_GOLD))
		return parse_end(ps, -1);
	while ((r = lm_read_line(&ps->r, &line)) > 0) {
		struct span path;

		if (!span_trim(line).n)
			continue;
		any = true;
		if (counts_line(line, "archive ", &path)) {
			strbuf_reset(&archive_buf);
			strbuf_add(&archive_buf, path.p, path.n);
			archive = span_make(archive_buf.buf, archive_buf.len);
			r = lm_add_input(ps, LINKMAP_ARCHIVE, true, path, NOSPAN, NULL, false);
		} else if (counts_line(line, "symbols ", &path)) {
			enum linkmap_input_kind kind = lm_classify(path, LINKMAP_OBJECT);

			if (archive.p && path.n > archive.n + 2 &&
			    !memcmp(path.p, archive.p, archive.n) && path.p[archive.n] == '(' &&
			    span_ends(path, ")"))
				r = lm_add_input(ps, LINKMAP_ARCHIVE_MEMBER, true, archive,
						 span_sub(path, archive.n + 1, path.n - 1), NULL,
						 false);
			else if (archive.p)
				r = lm_add_object_or_member(ps, path, NULL);
			else
				r = lm_add_input(ps,
						 kind == LINKMAP_ARCHIVE ? LINKMAP_OBJECT : kind,
						 false, path, NOSPAN, NULL, false);
		} else {
			r = lm_fail(&ps->r, ps->r.lineno,
				    "not a gold symbol count line (\"symbols|archive PATH N N\")");
		}
		if (r < 0)
			break;
	}
	strbuf_release(&archive_buf);
	if (!r && !any)
		r = lm_fail(&ps->r, 0, "empty symbol counts file");
	return parse_end(ps, r < 0 ? -1 : 0);
}

static int parse_lld_why_extract(struct parse *ps)
{
	struct span line;
	int r;

	if (lm_reader_empty(&ps->r))
		return parse_end(ps, lm_fail(&ps->r, 0, "empty --why-extract file"));
	r = lm_read_line(&ps->r, &line);
	if (r > 0 && !span_eq(line, "reference\textracted\tsymbol"))
		r = lm_fail(&ps->r, 1, "not an lld --why-extract file (no header line)");
	if (r > 0)
		r = check_flavor(ps, LINKMAP_LLD);
	while (r >= 0 && (r = lm_read_line(&ps->r, &line)) > 0) {
		struct span ref, extracted;
		struct reason why = { NOSPAN, NOSPAN, false };
		const char *t1, *t2;

		if (!line.n)
			continue;
		t1 = memchr(line.p, '\t', line.n);
		t2 = line.p + line.n;
		while (t2 > line.p && t2[-1] != '\t')
			t2--;
		if (!t1 || t2 - 1 == t1) {
			r = lm_fail(&ps->r, ps->r.lineno, "expected three tab-separated fields");
			break;
		}
		ref = span_make(line.p, (size_t)(t1 - line.p));
		extracted = span_make(t1 + 1, (size_t)(t2 - 1 - (t1 + 1)));
		if (ref.n && !span_eq(ref, "<internal>") && ref.p[0] != '-')
			why.file = ref;
		if (t2 < line.p + line.n)
			why.symbol = span_make(t2, (size_t)(line.p + line.n - t2));
		if (!extracted.n) {
			r = lm_fail(&ps->r, ps->r.lineno, "empty extracted file");
			break;
		}
		r = lm_add_object_or_member(ps, extracted, &why);
	}
	return parse_end(ps, r < 0 ? -1 : 0);
}

/* ---- make-style depfile (common/depfile.c does the lexing) ---- */

/* The depfile's text (data, len): merged into ps's linkmap. */
static int parse_depfile(struct parse *ps, const char *data, size_t len)
{
	struct strvec targets = STRVEC_INIT, prereqs = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT;
	int ret = -1;

	if (!len) {
		lm_fail(&ps->r, 0, "empty dependency file");
		goto cleanup;
	}
	if (depfile_parse(data, len, &targets, &prereqs, &msg)) {
		lm_fail(&ps->r, 0, "%s", msg.buf);
		goto cleanup;
	}
	if (!targets.nr) {
		lm_fail(&ps->r, 0, "not a dependency file (no rule)");
		goto cleanup;
	}
	ps->scratch.output = strdup(targets.v[0]);
	if (!ps->scratch.output) {
		lm_fail_oom(&ps->r);
		goto cleanup;
	}
	for (size_t i = 0; i < prereqs.nr; i++) {
		struct span path = span_make(prereqs.v[i], strlen(prereqs.v[i]));

		if (lm_add_input(ps, lm_classify(path, LINKMAP_SCRIPT_OR_OTHER), false, path,
				 NOSPAN, NULL, false))
			goto cleanup;
	}
	ret = 0;
cleanup:
	strvec_clear(&targets);
	strvec_clear(&prereqs);
	strbuf_release(&msg);
	return parse_end(ps, ret);
}

/* A depfile from a descriptor: read whole, as depfile_parse() needs it, up to a bound. */
static int parse_depfile_fd(struct parse *ps, int fd)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	if (strbuf_read_fd(&text, fd, LINKMAP_MAX_DEPFILE)) {
		if (errno == EFBIG)
			ret = lm_fail(&ps->r, 0, "larger than %d MiB: not read",
				      LINKMAP_MAX_DEPFILE >> 20);
		else
			ret = lm_fail(&ps->r, 0, "cannot read: %s", strerror(errno));
		strbuf_release(&text);
		return parse_end(ps, ret);
	}
	ret = parse_depfile(ps, text.buf, text.len);
	strbuf_release(&text);
	return ret;
}

/* ---- the entry points ---- */

int linkmap_parse_map(struct linkmap *lm, const char *name, const char *data, size_t len,
		      struct strbuf *err)
{
	struct parse ps;

	lm_parse_init(&ps, lm, name, data ? data : "", len, -1, err);
	return parse_map(&ps);
}

int linkmap_parse_gold_symbol_counts(struct linkmap *lm, const char *name, const char *data,
				     size_t len, struct strbuf *err)
{
	struct parse ps;

	lm_parse_init(&ps, lm, name, data ? data : "", len, -1, err);
	return parse_gold_symbol_counts(&ps);
}

int linkmap_parse_lld_why_extract(struct linkmap *lm, const char *name, const char *data,
				  size_t len, struct strbuf *err)
{
	struct parse ps;

	lm_parse_init(&ps, lm, name, data ? data : "", len, -1, err);
	return parse_lld_why_extract(&ps);
}

int linkmap_parse_depfile_inputs(struct linkmap *lm, const char *name, const char *data, size_t len,
				 struct strbuf *err)
{
	struct parse ps;

	lm_parse_init(&ps, lm, name, data ? data : "", len, -1, err);
	return parse_depfile(&ps, data, len);
}

int linkmap_parse_fd(struct linkmap *lm, enum linkmap_report report, const char *name, int fd,
		     struct strbuf *err)
{
	struct parse ps;

	lm_parse_init(&ps, lm, name, NULL, 0, fd, err);
	switch (report) {
	case LINKMAP_REPORT_MAP:
		return parse_map(&ps);
	case LINKMAP_REPORT_GOLD_SYMBOL_COUNTS:
		return parse_gold_symbol_counts(&ps);
	case LINKMAP_REPORT_LLD_WHY_EXTRACT:
		return parse_lld_why_extract(&ps);
	case LINKMAP_REPORT_DEPFILE:
		return parse_depfile_fd(&ps, fd);
	}
	return parse_end(&ps, lm_fail(&ps.r, 0, "unknown kind of report"));
}
