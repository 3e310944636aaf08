/* SPDX-License-Identifier: Apache-2.0 */
/* The map formats: GNU ld (bfd) with its as-needed section, gold, lld. */
#include "linkmap_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "pathutil.h"
#include "strvec.h"

#include "banned.h"

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
		return lm_fail_oom(&ps->r);
	for (size_t i = 0; i < ps->scratch.nr; i++) {
		const struct linkmap_input *in = &ps->scratch.inputs[i];
		struct span base;

		if (in->kind != LINKMAP_SHARED)
			continue;
		base = lm_span_basename(span_make(in->path, strlen(in->path)));
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
			if (!lm_is_shared_name(name))
				break;
			pos = find_base(v, nr, name);
		}
		lm_parse_reason(span_make(pd->reason.v[i], strlen(pd->reason.v[i])), &why);
		if (pos >= 0) {
			const char *path = ps->scratch.inputs[pos].path;

			soname = span_make(path, strlen(path));
		}
		/* merges into the matched input: same path */
		if (lm_add_input(ps, LINKMAP_SHARED, false, soname, NOSPAN, &why, true))
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

static bool heading(struct span line, enum linkmap_flavor flavor, enum map_section *sec)
{
	static const struct {
		const char *text;
		enum linkmap_flavor flavor; /* UNKNOWN: both */
		enum map_section sec;
	} headings[] = {
		{ BFD_MEMBERS_HEADING, LINKMAP_BFD, SEC_MEMBERS },
		{ BFD_AS_NEEDED_HEADING, LINKMAP_BFD, SEC_AS_NEEDED },
		{ BFD_MEMMAP_HEADING, LINKMAP_BFD, SEC_MEMMAP },
		{ BFD_MEMCONF_HEADING, LINKMAP_BFD, SEC_OTHER },
		{ "Merging program properties", LINKMAP_BFD, SEC_OTHER },
		{ GOLD_MEMBERS_HEADING, LINKMAP_GOLD, SEC_MEMBERS },
		{ GOLD_MEMMAP_HEADING, LINKMAP_GOLD, SEC_SECTIONS },
		{ "Discarded input sections", LINKMAP_GOLD, SEC_SECTIONS },
		{ "Discarded input sections", LINKMAP_BFD, SEC_OTHER },
		{ "Allocating common symbols", LINKMAP_UNKNOWN, SEC_OTHER },
		{ "Cross Reference Table", LINKMAP_UNKNOWN, SEC_DONE },
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

/*
 * A line of a section of reason entries, bfd's and gold's "Archive member
 * included ..." (and bfd's "As-needed library included ..."): an entry is
 * kept in pending; ld's own diagnostics printed there are skipped; a blank
 * line after an entry ends the section (*sec). 0, or -1.
 */
static int reason_line(struct parse *ps, struct span line, enum map_section *sec, bool *seen_entry,
		       struct pending *pending)
{
	struct span text, reason;
	int rr;

	if (!span_trim(line).n) {
		if (*seen_entry)
			*sec = SEC_OTHER;
		return 0;
	}
	rr = is_blank(line.p[0]) ? 1 : lm_read_reason_entry(ps, line, &text, &reason);
	if (rr < 0)
		return -1;
	if (rr > 0) /* ld's own diagnostics are printed here */
		return lm_skip_line(ps, line) ? -1 : 0;
	if (lm_pending_add(ps, pending, text, reason))
		return -1;
	*seen_entry = true;
	return 0;
}

/*
 * The input file of a memory-map line for an input section, bfd's or
 * gold's: " .name 0xADDR 0xSIZE PATH", or the section name alone
 * (" .long.name": *name_only is set) and "  0xADDR 0xSIZE PATH" on the next
 * line (was_name_only). False when the line names none ("** fill", ...).
 */
static bool section_path(struct span line, bool was_name_only, bool *name_only, struct span *path)
{
	if (line.n > 1 && line.p[0] == ' ' && line.p[1] != ' ' && line.p[1] != '*') {
		size_t end = 1;

		while (end < line.n && line.p[end] != ' ')
			end++;
		if (end == line.n) {
			*name_only = true;
			return false;
		}
		return addr_size_path(span_sub(line, end, line.n), path);
	}
	return was_name_only && addr_size_path(line, path);
}

/* The end of a bfd or gold map: the reader's error, or a map without its memory map. 0 or -1. */
static int map_end(struct parse *ps, int r, bool seen_memmap, const char *flavor,
		   const char *memmap_heading)
{
	if (r < 0)
		return -1;
	if (!seen_memmap) {
		lm_fail(&ps->r, 0, "truncated %s map: no \"%s\" section", flavor, memmap_heading);
		return -1;
	}
	return 0;
}

/*
 * bfd's memory map: " .text 0xADDR 0xSIZE archive(member)" (or the section
 * name alone, the rest on the next line) for every input section. A member
 * of an archive that a LOAD line named is taken, so that a member whose
 * "Archive member included" entry could not be read is still listed.
 * Objects are not: the LOAD lines name them, and "linker stubs" is no file.
 * 0 or -1 (out of memory).
 */
static int section_member(struct parse *ps, struct span line, bool was_name_only, bool *name_only)
{
	struct span path;
	size_t arlen = 0;
	int known, split;

	if (!section_path(line, was_name_only, name_only, &path))
		return 0;
	split = lm_split_member(ps, path, &arlen);
	if (split <= 0)
		return split;
	known = lm_is_known_archive(ps, span_sub(path, 0, arlen));
	if (known <= 0)
		return known;
	return lm_add_input(ps, LINKMAP_ARCHIVE_MEMBER, true, span_sub(path, 0, arlen),
			    span_sub(path, arlen + 1, path.n - 1), NULL, false);
}

int lm_parse_bfd(struct parse *ps)
{
	struct pending members = { STRVEC_INIT, STRVEC_INIT };
	struct pending as_needed = { STRVEC_INIT, STRVEC_INIT };
	enum map_section sec = SEC_OTHER;
	bool seen_memmap = false, seen_output = false, seen_entry = false, name_only = false;
	struct span line;
	int r, ret = -1;

	while ((r = lm_read_line(&ps->r, &line)) > 0) {
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
		case SEC_AS_NEEDED:
			if (reason_line(ps, line, &sec, &seen_entry,
					sec == SEC_MEMBERS ? &members : &as_needed))
				goto cleanup;
			break;
		case SEC_MEMMAP:
			if (span_starts(line, "LOAD ")) {
				struct span path = span_sub(line, 5, line.n);

				/* bfd's own pseudo input for ARM/Thumb veneers: no file */
				if (span_eq(path, "linker stubs"))
					break;

				if (lm_add_input(ps, lm_classify(path, LINKMAP_OBJECT), false, path,
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
					lm_fail_oom(&ps->r);
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
	if (map_end(ps, r, seen_memmap, "bfd", BFD_MEMMAP_HEADING))
		goto cleanup;
	if (!seen_output) {
		lm_fail(&ps->r, 0, "truncated bfd map: no OUTPUT(...) line");
		goto cleanup;
	}
	/* after the LOAD lines: they name the archives, and give link order */
	if (lm_add_pending_members(ps, &members) || add_as_needed(ps, &as_needed))
		goto cleanup;
	ret = 0;
cleanup:
	lm_pending_clear(&members);
	lm_pending_clear(&as_needed);
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

int lm_parse_gold(struct parse *ps)
{
	struct pending members = { STRVEC_INIT, STRVEC_INIT };
	enum map_section sec = SEC_OTHER;
	bool seen_memmap = false, seen_entry = false, name_only = false;
	struct span line;
	int r, ret = -1;

	while ((r = lm_read_line(&ps->r, &line)) > 0) {
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
		case SEC_MEMBERS:
			if (reason_line(ps, line, &sec, &seen_entry, &members))
				goto cleanup;
			break;
		case SEC_SECTIONS:
			if (section_path(line, was_name_only, &name_only, &path) &&
			    lm_add_object_or_member(ps, path, NULL))
				goto cleanup;
			break;
		default:
			break;
		}
	}
	if (map_end(ps, r, seen_memmap, "gold", GOLD_MEMMAP_HEADING))
		goto cleanup;
	if (lm_add_pending_members(ps, &members))
		goto cleanup;
	ret = 0;
cleanup:
	lm_pending_clear(&members);
	return ret;
}

/* ---- lld ---- */

/*
 * The header, e.g. "VMA LMA Size Align Out In Symbol" (lld >= 11) or
 * "Address Size Align Out In Symbol": the number of columns before "Out".
 */
size_t lm_lld_header(struct span line)
{
	static const char *const numeric[] = { "VMA", "LMA", "Address", "Size", "Align" };
	static const char *const tail[] = { "Out", "In", "Symbol" };
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

int lm_parse_lld(struct parse *ps)
{
	struct span line;
	size_t ncols = 0;
	int r;

	while ((r = lm_read_line(&ps->r, &line)) > 0) {
		struct span text, path;
		size_t depth, i;

		if (!span_trim(line).n)
			continue;
		if (!ncols) {
			if (!(ncols = lm_lld_header(line)))
				return lm_fail(&ps->r, ps->r.lineno, "not an lld map header");
			continue;
		}
		if (!lld_row(line, ncols, &depth, &text))
			return lm_fail(&ps->r, ps->r.lineno, "malformed lld map row");
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
		if (lm_add_object_or_member(ps, path, NULL))
			return -1;
	}
	return r;
}
