/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_REPORT_MARKUP_H
#define SOUPTRACE_REPORT_MARKUP_H

/*
 * The report's few writing primitives (report.c builds the document from
 * them): headings, paragraphs, tables, rows, cells, lists in a cell, each
 * in Markdown and in HTML; every string from the inputs goes through
 * rw_esc(), the one escaping function. A failed allocation sets w->oom.
 */
#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "strbuf.h"
#include "strvec.h"

/* How many evidence lines a finding or a component shows before "and N more". */
#define REPORT_FIRST 3

struct rw {
	struct strbuf *out;
	enum report_format fmt;
	bool oom;
	const char *root; /* the project root: paths under it are shown relative to it */
	size_t root_len;  /* 0: show every path as given */
	size_t items;	  /* list items written in the current Markdown cell */
};

enum {
	ESC_REL = 1,  /* paths under the project root lose the root */
	ESC_ATTR = 2, /* an HTML attribute value: line breaks as character references */
};

void rw_raw(struct rw *w, const char *s);
void rw_rawf(struct rw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Markup per format: what rw_raw() writes for Markdown and for HTML. */
void rw_mark(struct rw *w, const char *md, const char *html);
/*
 * The one escaping function: every string that comes from the inputs
 * (soup.json, the model: file names, messages, evidence) is written by it.
 * HTML: & < > " ' as references, so the text is inert in element content
 * and in double-quoted attributes. Markdown: the characters that would
 * open markup, a table cell, a heading's closing sequence or raw HTML.
 * Both: line breaks as <br> (&#10; in an attribute), other control
 * characters as spaces.
 */
void rw_esc(struct rw *w, const char *s, unsigned flags);
void rw_text(struct rw *w, const char *s);
/* Text naming paths (evidence, messages): relative to the root. */
void rw_ptext(struct rw *w, const char *s);
/* Our words, then data. */
void rw_pre_text(struct rw *w, const char *words, const char *s);
void rw_pre_ptext(struct rw *w, const char *words, const char *s);
/* A path alone: relative to the root, in a monospace font. */
void rw_file_path(struct rw *w, const char *s);
void rw_heading(struct rw *w, int level, const char *title);
void rw_para(struct rw *w, const char *cls, const char *s);
/* A table with the given header cells (NULL-terminated). */
void rw_table_begin(struct rw *w, const char *cls, const char *const *cols);
void rw_table_end(struct rw *w);
/*
 * A row. attrs: NULL-terminated pairs of attribute name (ours) and value
 * (data, escaped); HTML only, for whoever reads the DOM.
 */
void rw_row_begin(struct rw *w, const char *cls, const char *const *attrs);
void rw_row_end(struct rw *w);
void rw_cell_begin(struct rw *w);
void rw_cell_end(struct rw *w);
/* A cell holding one string (NULL: a dash). */
void rw_cell(struct rw *w, const char *s);
/* A cell holding our own words. */
void rw_cell_raw(struct rw *w, const char *s);
void rw_br(struct rw *w);
/* A list inside a cell: <ul> in HTML, bullets separated by <br> in Markdown. */
void rw_list_begin(struct rw *w);
void rw_item_begin(struct rw *w);
void rw_item_end(struct rw *w);
void rw_list_end(struct rw *w);
/* The first REPORT_FIRST strings of a list, sorted, then "and N more". */
void rw_evidence_list(struct rw *w, const struct strvec *list);

#endif
