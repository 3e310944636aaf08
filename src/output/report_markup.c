/* SPDX-License-Identifier: Apache-2.0 */
/* The report's writing primitives, in Markdown and HTML (report_markup.h). */
#include "report_markup.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

static bool blank(const char *s)
{
	return !s || !*s;
}

/* For qsort over an array of strings. */
static int cmp_strp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

void rw_raw(struct rw *w, const char *s)
{
	if (strbuf_addstr(w->out, s))
		w->oom = true;
}

void rw_rawf(struct rw *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (strbuf_vaddf(w->out, fmt, ap))
		w->oom = true;
	va_end(ap);
}

/* Markup per format: what rw_raw() writes for Markdown and for HTML. */
void rw_mark(struct rw *w, const char *md, const char *html)
{
	rw_raw(w, w->fmt == REPORT_HTML ? html : md);
}

/* Length of "ROOT/" when the path at p (inside s) starts with it, else 0. */
static size_t rw_root_prefix(const struct rw *w, const char *s, const char *p)
{
	if (!w->root_len || strncmp(p, w->root, w->root_len) || p[w->root_len] != '/')
		return 0;
	if (p > s) {
		unsigned char b = (unsigned char)p[-1];

		if (isalnum(b) || strchr("._-/~", b))
			return 0;
	}
	return w->root_len + 1;
}

/*
 * The one escaping function: every string that comes from the inputs
 * (soup.json, the model: file names, messages, evidence) is written by it.
 * HTML: & < > " ' as references, so the text is inert in element content
 * and in double-quoted attributes. Markdown: the characters that would
 * open markup, a table cell, a heading's closing sequence or raw HTML.
 * Both: line breaks as <br> (&#10; in an attribute), other control
 * characters as spaces.
 */
void rw_esc(struct rw *w, const char *s, unsigned flags)
{
	if (!s)
		return;
	for (const char *p = s; *p;) {
		unsigned char c = (unsigned char)*p;
		size_t skip = (flags & ESC_REL) ? rw_root_prefix(w, s, p) : 0;
		const char *rep = NULL;
		char bs[3] = { '\\', (char)c, 0 };

		if (skip) {
			p += skip;
			continue;
		}
		if (c == '\r' || c == '\n') {
			if (c == '\r' && p[1] == '\n')
				p++;
			rep = (flags & ESC_ATTR) ? "&#10;" : "<br>";
		} else if (c < 0x20 || c == 0x7f) {
			rep = " ";
		} else if (c == '&') {
			rep = "&amp;";
		} else if (c == '<') {
			rep = "&lt;";
		} else if (c == '>') {
			rep = "&gt;";
		} else if (w->fmt == REPORT_HTML) {
			if (c == '"')
				rep = "&quot;";
			else if (c == '\'')
				rep = "&#39;";
		} else if (strchr("\\`*_[]~|#", c)) {
			rep = bs;
		}
		if (rep ? strbuf_addstr(w->out, rep) : strbuf_addch(w->out, (char)c))
			w->oom = true;
		p++;
	}
}

void rw_text(struct rw *w, const char *s)
{
	rw_esc(w, s, 0);
}

/* Text naming paths (evidence, messages): relative to the root. */
void rw_ptext(struct rw *w, const char *s)
{
	rw_esc(w, s, ESC_REL);
}

/* Our words, then data. */
void rw_pre_text(struct rw *w, const char *words, const char *s)
{
	rw_raw(w, words);
	rw_text(w, s);
}

void rw_pre_ptext(struct rw *w, const char *words, const char *s)
{
	rw_raw(w, words);
	rw_ptext(w, s);
}

/* A path alone: relative to the root, in a monospace font. */
void rw_file_path(struct rw *w, const char *s)
{
	rw_mark(w, "", "<span class=\"path\">");
	rw_esc(w, s, ESC_REL);
	rw_mark(w, "", "</span>");
}

void rw_heading(struct rw *w, int level, const char *title)
{
	if (w->fmt == REPORT_HTML) {
		rw_rawf(w, "<h%d>%s</h%d>\n", level, title, level);
	} else {
		rw_raw(w, "\n");
		for (int i = 0; i < level; i++)
			rw_raw(w, "#");
		rw_rawf(w, " %s\n\n", title);
	}
}

void rw_para(struct rw *w, const char *cls, const char *s)
{
	if (w->fmt == REPORT_HTML)
		rw_rawf(w, "<p class=\"%s\">%s</p>\n", cls, s);
	else
		rw_rawf(w, "%s\n\n", s);
}

/* A table with the given header cells (NULL-terminated). */
void rw_table_begin(struct rw *w, const char *cls, const char *const *cols)
{
	if (w->fmt == REPORT_HTML) {
		rw_rawf(w, "<table class=\"%s\">\n<thead><tr>", cls);
		for (size_t i = 0; cols[i]; i++)
			rw_rawf(w, "<th>%s</th>", cols[i]);
		rw_raw(w, "</tr></thead>\n<tbody>\n");
	} else {
		size_t n = 0;

		for (; cols[n]; n++)
			rw_rawf(w, "| %s ", cols[n]);
		rw_raw(w, "|\n");
		for (size_t i = 0; i < n; i++)
			rw_raw(w, "|---");
		rw_raw(w, "|\n");
	}
}

void rw_table_end(struct rw *w)
{
	rw_mark(w, "\n", "</tbody>\n</table>\n");
}

/*
 * A row. attrs: NULL-terminated pairs of attribute name (ours) and value
 * (data, escaped); HTML only, for whoever reads the DOM.
 */
void rw_row_begin(struct rw *w, const char *cls, const char *const *attrs)
{
	if (w->fmt != REPORT_HTML) {
		rw_raw(w, "|");
		return;
	}
	rw_rawf(w, "<tr class=\"%s\"", cls);
	for (size_t i = 0; attrs && attrs[i]; i += 2) {
		rw_rawf(w, " %s=\"", attrs[i]);
		rw_esc(w, attrs[i + 1] ? attrs[i + 1] : "", ESC_ATTR);
		rw_raw(w, "\"");
	}
	rw_raw(w, ">");
}

void rw_row_end(struct rw *w)
{
	rw_mark(w, "\n", "</tr>\n");
}

void rw_cell_begin(struct rw *w)
{
	w->items = 0;
	rw_mark(w, " ", "<td>");
}

void rw_cell_end(struct rw *w)
{
	rw_mark(w, " |", "</td>");
}

/* A cell holding one string (NULL: a dash). */
void rw_cell(struct rw *w, const char *s)
{
	rw_cell_begin(w);
	if (blank(s))
		rw_raw(w, "\xe2\x80\x94"); /* U+2014 EM DASH */
	else
		rw_text(w, s);
	rw_cell_end(w);
}

/* A cell holding our own words. */
void rw_cell_raw(struct rw *w, const char *s)
{
	rw_cell_begin(w);
	rw_raw(w, s);
	rw_cell_end(w);
}

void rw_br(struct rw *w)
{
	rw_raw(w, "<br>");
}

/* A list inside a cell: <ul> in HTML, bullets separated by <br> in Markdown. */
void rw_list_begin(struct rw *w)
{
	if (w->fmt == REPORT_HTML)
		rw_raw(w, "<ul>");
	else if (w->items)
		rw_br(w);
	w->items = 0;
}

void rw_item_begin(struct rw *w)
{
	if (w->fmt == REPORT_HTML)
		rw_raw(w, "<li>");
	else
		rw_raw(w, w->items ? "<br>\xe2\x80\xa2 " : "\xe2\x80\xa2 "); /* U+2022 BULLET */
	w->items++;
}

void rw_item_end(struct rw *w)
{
	rw_mark(w, "", "</li>");
}

void rw_list_end(struct rw *w)
{
	rw_mark(w, "", "</ul>");
	w->items = 1; /* what follows in the cell starts on a new line */
}

/* The first REPORT_FIRST strings of a list, sorted, then "and N more". */
void rw_evidence_list(struct rw *w, const struct strvec *list)
{
	const char **v;
	size_t n = list->nr, i;

	if (!n)
		return;
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = list->v[i];
	qsort(v, n, sizeof(*v), cmp_strp);
	rw_list_begin(w);
	for (i = 0; i < n && i < REPORT_FIRST; i++) {
		rw_item_begin(w);
		rw_ptext(w, v[i]);
		rw_item_end(w);
	}
	if (n > REPORT_FIRST) {
		rw_item_begin(w);
		rw_rawf(w, "and %zu more", n - REPORT_FIRST);
		rw_item_end(w);
	}
	rw_list_end(w);
	free(v);
}
