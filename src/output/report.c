/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace report's renderer: the declared SOUP list and check's model as
 * a Markdown or HTML document (docs/report-format.md).
 *
 * The document is written once, through a few primitives (headings,
 * tables, rows, cells, lists in a cell) that each format implements; every
 * string from the inputs goes through esc(), the one escaping function.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "report.h"

#include "alloc.h"
#include "check.h"
#include "strvec.h"
#include "banned.h"

/* How many evidence lines a finding or a component shows before "and N more". */
#define REPORT_FIRST 3

struct rw {
	struct strbuf *out;
	enum report_format fmt;
	bool oom;
	const char *root; /* the project root: paths under it are shown relative to it */
	size_t root_len;  /* 0: show every path as given */
	size_t items;     /* list items written in the current Markdown cell */
};

/* One components[] entry of the model: a component found in an artifact. */
struct entry {
	const struct check_component *c;
	const char *component, *artifact;
	bool declared;
};

struct finding {
	const char *kind, *component, *artifact, *message;
	bool fails;
	const struct strvec *evidence;
};

/* NULL sorts first; byte order, so that no locale changes the document. */
static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Names: without regard to case first (as soup.json compares them), then exactly. */
static int cmp_name(const char *a, const char *b)
{
	int r;

	if (!a || !b)
		return (a != NULL) - (b != NULL);
	r = strcasecmp(a, b);
	return r ? r : strcmp(a, b);
}

/* For qsort over an array of strings. */
static int cmp_strp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

static bool blank(const char *s)
{
	return !s || !*s;
}

/* ------------------------------------------------------------------ output */

static void raw(struct rw *w, const char *s)
{
	if (strbuf_addstr(w->out, s))
		w->oom = true;
}

static void rawf(struct rw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rawf(struct rw *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (strbuf_vaddf(w->out, fmt, ap))
		w->oom = true;
	va_end(ap);
}

/* Markup per format: what raw() writes for Markdown and for HTML. */
static void mark(struct rw *w, const char *md, const char *html)
{
	raw(w, w->fmt == REPORT_HTML ? html : md);
}

enum {
	ESC_REL = 1,  /* paths under the project root lose the root */
	ESC_ATTR = 2, /* an HTML attribute value: line breaks as character references */
};

/* Length of "ROOT/" when the path at p (inside s) starts with it, else 0. */
static size_t root_prefix(const struct rw *w, const char *s, const char *p)
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
static void esc(struct rw *w, const char *s, unsigned flags)
{
	if (!s)
		return;
	for (const char *p = s; *p;) {
		unsigned char c = (unsigned char)*p;
		size_t skip = (flags & ESC_REL) ? root_prefix(w, s, p) : 0;
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

static void text(struct rw *w, const char *s)
{
	esc(w, s, 0);
}

/* Text naming paths (evidence, messages): relative to the root. */
static void ptext(struct rw *w, const char *s)
{
	esc(w, s, ESC_REL);
}

/* Our words, then data. */
static void pre_text(struct rw *w, const char *words, const char *s)
{
	raw(w, words);
	text(w, s);
}

static void pre_ptext(struct rw *w, const char *words, const char *s)
{
	raw(w, words);
	ptext(w, s);
}

/* A path alone: relative to the root, in a monospace font. */
static void file_path(struct rw *w, const char *s)
{
	mark(w, "", "<span class=\"path\">");
	esc(w, s, ESC_REL);
	mark(w, "", "</span>");
}

static void heading(struct rw *w, int level, const char *title)
{
	if (w->fmt == REPORT_HTML) {
		rawf(w, "<h%d>%s</h%d>\n", level, title, level);
	} else {
		raw(w, "\n");
		for (int i = 0; i < level; i++)
			raw(w, "#");
		rawf(w, " %s\n\n", title);
	}
}

static void para(struct rw *w, const char *cls, const char *s)
{
	if (w->fmt == REPORT_HTML)
		rawf(w, "<p class=\"%s\">%s</p>\n", cls, s);
	else
		rawf(w, "%s\n\n", s);
}

/* A table with the given header cells (NULL-terminated). */
static void table_begin(struct rw *w, const char *cls, const char *const *cols)
{
	if (w->fmt == REPORT_HTML) {
		rawf(w, "<table class=\"%s\">\n<thead><tr>", cls);
		for (size_t i = 0; cols[i]; i++)
			rawf(w, "<th>%s</th>", cols[i]);
		raw(w, "</tr></thead>\n<tbody>\n");
	} else {
		size_t n = 0;

		for (; cols[n]; n++)
			rawf(w, "| %s ", cols[n]);
		raw(w, "|\n");
		for (size_t i = 0; i < n; i++)
			raw(w, "|---");
		raw(w, "|\n");
	}
}

static void table_end(struct rw *w)
{
	mark(w, "\n", "</tbody>\n</table>\n");
}

/*
 * A row. attrs: NULL-terminated pairs of attribute name (ours) and value
 * (data, escaped); HTML only, for whoever reads the DOM.
 */
static void row_begin(struct rw *w, const char *cls, const char *const *attrs)
{
	if (w->fmt != REPORT_HTML) {
		raw(w, "|");
		return;
	}
	rawf(w, "<tr class=\"%s\"", cls);
	for (size_t i = 0; attrs && attrs[i]; i += 2) {
		rawf(w, " %s=\"", attrs[i]);
		esc(w, attrs[i + 1] ? attrs[i + 1] : "", ESC_ATTR);
		raw(w, "\"");
	}
	raw(w, ">");
}

static void row_end(struct rw *w)
{
	mark(w, "\n", "</tr>\n");
}

static void cell_begin(struct rw *w)
{
	w->items = 0;
	mark(w, " ", "<td>");
}

static void cell_end(struct rw *w)
{
	mark(w, " |", "</td>");
}

/* A cell holding one string (NULL: a dash). */
static void cell(struct rw *w, const char *s)
{
	cell_begin(w);
	if (blank(s))
		raw(w, "\xe2\x80\x94"); /* U+2014 EM DASH */
	else
		text(w, s);
	cell_end(w);
}

/* A cell holding our own words. */
static void cell_raw(struct rw *w, const char *s)
{
	cell_begin(w);
	raw(w, s);
	cell_end(w);
}

static void br(struct rw *w)
{
	raw(w, "<br>");
}

/* A list inside a cell: <ul> in HTML, bullets separated by <br> in Markdown. */
static void list_begin(struct rw *w)
{
	if (w->fmt == REPORT_HTML)
		raw(w, "<ul>");
	else if (w->items)
		br(w);
	w->items = 0;
}

static void item_begin(struct rw *w)
{
	if (w->fmt == REPORT_HTML)
		raw(w, "<li>");
	else
		raw(w, w->items ? "<br>\xe2\x80\xa2 " : "\xe2\x80\xa2 "); /* U+2022 BULLET */
	w->items++;
}

static void item_end(struct rw *w)
{
	mark(w, "", "</li>");
}

static void list_end(struct rw *w)
{
	mark(w, "", "</ul>");
	w->items = 1; /* what follows in the cell starts on a new line */
}

/* The first REPORT_FIRST strings of a list, sorted, then "and N more". */
static void evidence_list(struct rw *w, const struct strvec *list)
{
	const char **v;
	size_t n = list->nr, i;

	if (!n)
		return;
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = list->v[i];
	qsort(v, n, sizeof(*v), cmp_strp);
	list_begin(w);
	for (i = 0; i < n && i < REPORT_FIRST; i++) {
		item_begin(w);
		ptext(w, v[i]);
		item_end(w);
	}
	if (n > REPORT_FIRST) {
		item_begin(w);
		rawf(w, "and %zu more", n - REPORT_FIRST);
		item_end(w);
	}
	list_end(w);
	free(v);
}

/* ------------------------------------------------------------------ model */

struct doc {
	const struct soup_list *soup;
	const struct check_model *model;
	const struct check_summary *summary;
	const struct report_meta *meta;
	char cls; /* the safety class checked */
	struct entry *entries;
	size_t nr_entries;
	struct finding *findings;
	size_t nr_findings, failing, warnings;
	size_t *order; /* soup components sorted by name */
	struct strvec artifacts; /* every artifact, sorted */
};

static int cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int r = cmp_name(a->component, b->component);

	return r ? r : cmp_str(a->artifact, b->artifact);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int r = (int)b->fails - (int)a->fails;

	if (!r)
		r = cmp_str(a->kind, b->kind);
	if (!r)
		r = cmp_name(a->component, b->component);
	if (!r)
		r = cmp_str(a->artifact, b->artifact);
	if (!r)
		r = cmp_str(a->message, b->message);
	return r;
}

static int cmp_soup(const void *pa, const void *pb, void *arg)
{
	const struct soup_list *soup = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int r = cmp_name(soup->components[a].name, soup->components[b].name);

	return r ? r : (a > b) - (a < b);
}

static int doc_load(struct doc *d)
{
	const struct check_model *m = d->model;
	char cls = d->summary->safety_class;

	d->cls = cls && strchr("ABC", cls) ? cls
		 : d->soup->safety_class ? d->soup->safety_class : 'A';
	d->entries = xcalloc(m->nr_components + 1, sizeof(*d->entries));
	d->findings = xcalloc(m->nr_findings + 1, sizeof(*d->findings));
	d->order = xcalloc(d->soup->nr_components + 1, sizeof(*d->order));
	for (size_t i = 0; i < m->nr_components; i++) {
		const struct check_component *c = &m->components[i];
		struct entry *x = &d->entries[d->nr_entries];

		if (!c->name)
			continue;
		x->c = c;
		x->component = c->name;
		x->artifact = c->artifact;
		x->declared = c->declared;
		d->nr_entries++;
		if (x->artifact && strvec_push(&d->artifacts, x->artifact))
			return -1;
	}
	qsort(d->entries, d->nr_entries, sizeof(*d->entries), cmp_entry);
	for (size_t i = 0; i < m->nr_findings; i++) {
		const struct check_finding *e = &m->findings[i];
		struct finding *f = &d->findings[d->nr_findings];

		f->kind = check_kind_name(e->kind);
		f->component = e->component;
		f->artifact = e->artifact;
		f->message = e->message;
		f->fails = e->fails;
		f->evidence = &e->evidence;
		d->nr_findings++;
		if (f->fails)
			d->failing++;
		else
			d->warnings++;
	}
	qsort(d->findings, d->nr_findings, sizeof(*d->findings), cmp_finding);
	for (size_t i = 0; i < d->soup->nr_components; i++)
		d->order[i] = i;
	qsort_r(d->order, d->soup->nr_components, sizeof(*d->order), cmp_soup,
		(void *)d->soup);
	for (size_t i = 0; i < m->nr_artifacts; i++) {
		const char *p = m->artifacts[i].path;

		if (p && strvec_push(&d->artifacts, p))
			return -1;
	}
	if (strvec_uniq(&d->artifacts))
		return -1;
	qsort(d->artifacts.v, d->artifacts.nr, sizeof(*d->artifacts.v), cmp_strp);
	return 0;
}

/* Does entry x belong to declared component c? */
static bool of_component(const struct entry *x, const struct soup_component *c)
{
	return x->declared && c->name && !strcasecmp(x->component, c->name);
}

/* ------------------------------------------------------------------ sections */

/* "SOUP list: PROJECT VERSION" */
static void title(struct rw *w, const struct doc *d)
{
	raw(w, "SOUP list");
	if (!blank(d->soup->project_name)) {
		pre_text(w, ": ", d->soup->project_name);
		if (!blank(d->soup->project_version))
			pre_text(w, " ", d->soup->project_version);
	}
}

static void doc_begin(struct rw *w, const struct doc *d)
{
	if (w->fmt == REPORT_HTML) {
		raw(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "style-src 'unsafe-inline'\">\n<meta name=\"generator\" content=\"");
		esc(w, d->meta->generator, ESC_ATTR);
		raw(w, "\">\n<title>");
		title(w, d);
		raw(w, "</title>\n<style>\n"
		       "@page { size: A4; margin: 18mm 15mm 20mm 15mm;\n"
		       "  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); "
		       "font: 8pt sans-serif; } }\n"
		       "html { font: 10pt/1.35 \"DejaVu Sans\", \"Liberation Sans\", Arial, sans-serif; "
		       "color: #000; background: #fff; }\n"
		       "body { max-width: 180mm; margin: 8mm auto; padding: 0 4mm; }\n"
		       "h1 { font-size: 16pt; margin: 0 0 6pt; }\n"
		       "h2 { font-size: 13pt; margin: 16pt 0 6pt; border-bottom: 1pt solid #000; "
		       "break-after: avoid; page-break-after: avoid; }\n"
		       "h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; "
		       "page-break-after: avoid; }\n"
		       "table { width: 100%; border-collapse: collapse; margin: 0 0 8pt; "
		       "table-layout: fixed; }\n"
		       "th, td { border: 0.5pt solid #777; padding: 2pt 4pt; text-align: left; "
		       "vertical-align: top; overflow-wrap: anywhere; }\n"
		       "table.fields th:nth-child(1) { width: 30%; }\n"
		       "table.findings th:nth-child(1) { width: 4%; }\n"
		       "table.findings th:nth-child(2) { width: 13%; }\n"
		       "table.findings th:nth-child(3) { width: 14%; }\n"
		       "table.findings th:nth-child(4) { width: 17%; }\n"
		       "table.artifacts th:nth-child(1) { width: 30%; }\n"
		       "table.artifacts th:nth-child(2) { width: 22%; }\n"
		       "table.artifacts th:nth-child(3) { width: 8%; }\n"
		       "table.soup-items th:nth-child(1) { width: 17%; }\n"
		       "table.soup-items th:nth-child(2) { width: 17%; }\n"
		       "table.soup-items th:nth-child(3) { width: 18%; }\n"
		       "table.soup-items th:nth-child(4) { width: 18%; }\n"
		       "table.soup-items th:nth-child(5) { width: 12%; }\n"
		       "table.undeclared th:nth-child(1) { width: 18%; }\n"
		       "table.undeclared th:nth-child(2) { width: 22%; }\n"
		       "a { color: inherit; }\n"
		       "th { background: #e6e6e6; -webkit-print-color-adjust: exact; "
		       "print-color-adjust: exact; }\n"
		       "thead { display: table-header-group; }\n"
		       "tr { break-inside: avoid; page-break-inside: avoid; }\n"
		       "table.fields td:first-child { font-weight: bold; }\n"
		       "ul { margin: 0; padding-left: 12pt; }\n"
		       ".path { font-family: \"DejaVu Sans Mono\", \"Liberation Mono\", monospace; "
		       "font-size: 8.5pt; }\n"
		       ".fails, .missing { color: #a00000; font-weight: bold; }\n"
		       ".warning { color: #7a4a00; }\n"
		       ".none { font-style: italic; }\n"
		       "footer { margin-top: 16pt; font-size: 8pt; color: #444; }\n"
		       "@media print { body { max-width: none; margin: 0; padding: 0; } }\n"
		       "</style>\n</head>\n<body>\n<h1 id=\"title\">");
	} else {
		raw(w, "# ");
	}
	title(w, d);
	mark(w, "\n\n", "</h1>\n");
	para(w, "intro",
	     "Software of unknown provenance (IEC 62304): each item the product contains, with "
	     "the fields the standard requires, the artifacts it is in and the build evidence "
	     "that shows it. Generated from the declared SOUP list and the recorded build; "
	     "regenerate it rather than edit it.");
}

static void meta_row(struct rw *w, const char *label, const char *value, bool path)
{
	row_begin(w, "meta", NULL);
	cell_raw(w, label);
	cell_begin(w);
	if (blank(value))
		raw(w, "\xe2\x80\x94");
	else if (path)
		file_path(w, value);
	else
		text(w, value);
	cell_end(w);
	row_end(w);
}

static void header(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "Field", "Value", NULL };
	const char *soup = d->summary->soup, *trace = d->summary->trace;
	const char *root = d->summary->project_root;
	bool binary = d->summary->binary_evidence;

	mark(w, "", "<section id=\"header\">\n");
	table_begin(w, "fields meta", cols);
	meta_row(w, "Project", d->soup->project_name, false);
	meta_row(w, "Project version", d->soup->project_version, false);
	meta_row(w, "Manufacturer", d->soup->project_manufacturer, false);
	row_begin(w, "meta", NULL);
	cell_raw(w, "Software safety class");
	cell_begin(w);
	rawf(w, "%c", d->cls);
	if (!d->soup->safety_class)
		raw(w, " (not given in the SOUP list)");
	else if (d->soup->safety_class != d->cls)
		rawf(w, " (the SOUP list says %c)", d->soup->safety_class);
	cell_end(w);
	row_end(w);
	meta_row(w, "Date", d->meta->date, false);
	meta_row(w, "Generator", d->meta->generator, false);
	meta_row(w, "SOUP list", soup ? soup : d->soup->path, true);
	meta_row(w, "Project root", root, true);
	row_begin(w, "meta", NULL);
	cell_raw(w, "Evidence");
	cell_begin(w);
	if (binary) {
		raw(w, "binary evidence: ");
		text(w, check_binary_note);
	} else if (trace) {
		raw(w, "build trace: the build recorded by the souptrace wrappers, ");
		file_path(w, trace);
	} else {
		text(w, "trace");
	}
	cell_end(w);
	row_end(w);
	row_begin(w, "meta", NULL);
	cell_raw(w, "Result");
	cell_begin(w);
	if (d->failing)
		rawf(w, "%sfailed: %zu failing finding%s, %zu warning%s%s",
		     w->fmt == REPORT_HTML ? "<span class=\"fails\">" : "**", d->failing,
		     d->failing == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s",
		     w->fmt == REPORT_HTML ? "</span>" : "**");
	else
		rawf(w, "passed: no failing finding, %zu warning%s", d->warnings,
		     d->warnings == 1 ? "" : "s");
	cell_end(w);
	row_end(w);
	table_end(w);
	if (d->meta && root)
		para(w, "note", "Paths below the project root are shown relative to it.");
	mark(w, "", "</section>\n");
}

static void findings(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "#", "Finding", "Component", "Artifact", "Details",
					    NULL };

	mark(w, "", "<section id=\"findings\">\n");
	heading(w, 2, "1. Open findings");
	if (!d->nr_findings) {
		para(w, "none", "None.");
		mark(w, "", "</section>\n");
		return;
	}
	{
		char line[128];

		snprintf(line, sizeof(line), "%zu failing finding%s, %zu warning%s.", d->failing,
			 d->failing == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s");
		para(w, "count", line);
	}
	table_begin(w, "findings", cols);
	for (size_t i = 0; i < d->nr_findings; i++) {
		const struct finding *f = &d->findings[i];
		const char *attrs[] = { "data-kind", f->kind, "data-component", f->component,
					"data-fails", f->fails ? "true" : "false", NULL };
		size_t nev = f->evidence->nr;

		row_begin(w, "finding", attrs);
		rawf(w, w->fmt == REPORT_HTML ? "<td>%zu</td>" : " %zu |", i + 1);
		cell_begin(w);
		if (f->fails)
			mark(w, "**fails**", "<span class=\"fails\">fails</span>");
		else
			mark(w, "warning", "<span class=\"warning\">warning</span>");
		br(w);
		text(w, f->kind);
		cell_end(w);
		cell(w, f->component);
		cell_begin(w);
		if (f->artifact)
			file_path(w, f->artifact);
		else
			raw(w, "\xe2\x80\x94");
		cell_end(w);
		cell_begin(w);
		ptext(w, f->message);
		if (nev) {
			br(w);
			rawf(w, "Evidence (%zu):", nev);
			w->items = 1;
			evidence_list(w, f->evidence);
		}
		cell_end(w);
		row_end(w);
	}
	table_end(w);
	mark(w, "", "</section>\n");
}

static void artifacts(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "Artifact", "Traced", "Files", "Components in it",
					    NULL };

	mark(w, "", "<section id=\"artifacts\">\n");
	heading(w, 2, "2. Artifacts");
	if (!d->artifacts.nr) {
		para(w, "none", "None.");
		mark(w, "", "</section>\n");
		return;
	}
	table_begin(w, "artifacts", cols);
	for (size_t i = 0; i < d->artifacts.nr; i++) {
		const char *path = d->artifacts.v[i];
		const struct check_artifact *a = check_model_artifact(d->model, path);
		const char *attrs[] = { "data-path", path, NULL };
		bool first = true;

		row_begin(w, "artifact", attrs);
		cell_begin(w);
		file_path(w, path);
		cell_end(w);
		cell_begin(w);
		if (a) {
			raw(w, a->traced ? "yes" : "no");
			if (a->link_record)
				pre_text(w, ", link record ", a->link_record);
		} else {
			raw(w, "\xe2\x80\x94");
		}
		cell_end(w);
		cell_begin(w);
		if (a)
			rawf(w, "%zu", a->nr_closure_files);
		else
			raw(w, "\xe2\x80\x94");
		cell_end(w);
		cell_begin(w);
		for (size_t k = 0; k < d->nr_entries; k++) {
			const struct entry *x = &d->entries[k];

			if (cmp_str(x->artifact, path))
				continue;
			if (!first)
				raw(w, ", ");
			first = false;
			text(w, x->component);
			if (!x->declared)
				mark(w, " (**undeclared**)", " (<span class=\"fails\">undeclared</span>)");
		}
		cell_end(w);
		row_end(w);
	}
	table_end(w);
	mark(w, "", "</section>\n");
}

/* How a component was found in one artifact: origin, where, version, package, evidence. */
static void how_found(struct rw *w, const struct entry *x, bool name_artifact)
{
	const struct check_package *pkg = x->c->package;
	const struct strvec *ev = &x->c->evidence;
	const char *vf = x->c->version_found, *from = x->c->version_from;
	size_t nev = ev->nr;

	if (name_artifact && x->artifact) {
		raw(w, "In ");
		file_path(w, x->artifact);
		raw(w, ":");
		br(w);
	}
	raw(w, "origin: ");
	text(w, x->c->origin ? x->c->origin : "unknown");
	if (x->c->where)
		pre_ptext(w, ", ", x->c->where);
	br(w);
	raw(w, "version found: ");
	if (vf) {
		text(w, vf);
		if (from) {
			pre_ptext(w, " (from ", from);
			raw(w, ")");
		}
	} else {
		raw(w, "not found");
	}
	if (pkg) {
		const char *lic = pkg->license, *maint = pkg->maintainer;
		const char *purl = pkg->purl;

		br(w);
		raw(w, "package: ");
		text(w, pkg->name);
		if (pkg->version)
			pre_text(w, " ", pkg->version);
		if (lic)
			pre_text(w, "; licence ", lic);
		if (maint)
			pre_text(w, "; maintainer ", maint);
		if (purl)
			pre_text(w, "; ", purl);
	}
	br(w);
	rawf(w, "evidence: %zu file%s", nev, nev == 1 ? "" : "s");
	if (nev) {
		raw(w, ":");
		w->items = 1;
		evidence_list(w, ev);
	}
}

/* A row of a SOUP item's fields: the value, or a dash, or MISSING when the class requires it. */
static void field_row(struct rw *w, const struct doc *d, const char *label, const char *json,
		      const char *value, const struct strvec *list, const struct strvec *missing)
{
	bool is_missing = json && strvec_find(missing, json) >= 0;

	row_begin(w, "field", NULL);
	cell_raw(w, label);
	cell_begin(w);
	if (list && list->nr) {
		list_begin(w);
		for (size_t i = 0; i < list->nr; i++) {
			item_begin(w);
			text(w, list->v[i]);
			item_end(w);
		}
		list_end(w);
	} else if (!list && !blank(value)) {
		text(w, value);
	} else if (!is_missing) {
		raw(w, "\xe2\x80\x94");
	}
	if (is_missing) {
		if (!blank(value) || (list && list->nr))
			br(w);
		if (w->fmt == REPORT_HTML)
			rawf(w, "<span class=\"missing\">MISSING</span> (required for safety class %c)",
			     d->cls);
		else
			rawf(w, "**MISSING** (required for safety class %c)", d->cls);
	}
	cell_end(w);
	row_end(w);
}

static void soup_summary(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "Name", "Version", "Supplier", "Licence", "Kind",
					    "Found in", NULL };

	table_begin(w, "soup-items", cols);
	for (size_t i = 0; i < d->soup->nr_components; i++) {
		size_t ci = d->order[i];
		const struct soup_component *c = &d->soup->components[ci];
		const char *attrs[] = { "data-name", c->name, NULL };
		struct strvec found = STRVEC_INIT;
		size_t nart = 0;

		row_begin(w, "soup-item", attrs);
		cell_begin(w);
		if (w->fmt == REPORT_HTML)
			rawf(w, "<a href=\"#soup-%zu\">", i + 1);
		text(w, c->name);
		mark(w, "", "</a>");
		cell_end(w);
		cell_begin(w);
		raw(w, "declared: ");
		text(w, blank(c->version) ? "\xe2\x80\x94" : c->version);
		for (size_t k = 0; k < d->nr_entries; k++) {
			const char *vf = d->entries[k].c->version_found;

			if (of_component(&d->entries[k], c) && vf && strvec_find(&found, vf) < 0 &&
			    strvec_push(&found, vf))
				w->oom = true;
		}
		if (found.nr) {
			qsort(found.v, found.nr, sizeof(*found.v), cmp_strp);
			br(w);
			raw(w, "found: ");
			for (size_t k = 0; k < found.nr; k++) {
				if (k)
					raw(w, ", ");
				text(w, found.v[k]);
			}
		}
		strvec_clear(&found);
		cell_end(w);
		cell(w, c->supplier);
		cell(w, c->license);
		cell(w, c->kind ? soup_kind_name(c->kind) : NULL);
		cell_begin(w);
		for (size_t k = 0; k < d->nr_entries; k++) {
			if (!of_component(&d->entries[k], c) || !d->entries[k].artifact)
				continue;
			if (nart++)
				br(w);
			file_path(w, d->entries[k].artifact);
		}
		if (!nart)
			raw(w, "none of the artifacts checked");
		cell_end(w);
		row_end(w);
	}
	table_end(w);
}

static void soup_detail(struct rw *w, const struct doc *d, size_t pos)
{
	static const char *const cols[] = { "Field", "Value", NULL };
	const struct soup_component *c = &d->soup->components[d->order[pos]];
	struct strvec missing = STRVEC_INIT, rules = STRVEC_INIT;
	size_t found = 0;
	char id[32];

	snprintf(id, sizeof(id), "soup-%zu", pos + 1);
	if (soup_missing_fields(c, d->cls, &missing) && !missing.nr)
		w->oom = true;
	if (w->fmt == REPORT_HTML) {
		rawf(w, "<section class=\"soup-detail\" id=\"%s\" data-name=\"", id);
		esc(w, c->name, ESC_ATTR);
		rawf(w, "\">\n<h3>3.%zu ", pos + 1);
		text(w, c->name);
		raw(w, "</h3>\n");
	} else {
		rawf(w, "\n### 3.%zu ", pos + 1);
		text(w, c->name);
		raw(w, "\n\n");
	}
	table_begin(w, "fields", cols);
	field_row(w, d, "Name (8.1.2)", "name", c->name, NULL, &missing);
	field_row(w, d, "Version declared (8.1.2)", "version", c->version, NULL, &missing);
	field_row(w, d, "Supplier (8.1.2)", "supplier", c->supplier, NULL, &missing);
	field_row(w, d, "Licence", NULL, c->license, NULL, &missing);
	field_row(w, d, "Kind", NULL, c->kind ? soup_kind_name(c->kind) : NULL, NULL, &missing);
	field_row(w, d, "Package URL", NULL, c->purl, NULL, &missing);
	field_row(w, d, "CPE", NULL, c->cpe, NULL, &missing);
	field_row(w, d, "Description", NULL, c->description, NULL, &missing);
	field_row(w, d, "Purpose", "purpose", c->purpose, NULL, &missing);
	field_row(w, d, "Functional requirements (5.3.3)", "requirements.functional",
		  c->req_functional, NULL, &missing);
	field_row(w, d, "Performance requirements (5.3.3)", "requirements.performance",
		  c->req_performance, NULL, &missing);
	field_row(w, d, "System requirements (5.3.4)", "system_requirements",
		  c->system_requirements, NULL, &missing);
	field_row(w, d, "Known anomalies list (7.1.3)", "anomalies.list", c->anomalies_list, NULL,
		  &missing);
	field_row(w, d, "Anomalies reviewed", "anomalies.reviewed", c->anomalies_reviewed, NULL,
		  &missing);
	field_row(w, d, "Anomaly evaluation", "anomalies.evaluation", c->anomalies_evaluation,
		  NULL, &missing);
	field_row(w, d, "Hazards (7.1.2)", "risk.hazards", NULL, &c->risk_hazards, &missing);
	field_row(w, d, "Risk controls (7.1.2)", "risk.controls", NULL, &c->risk_controls,
		  &missing);
	field_row(w, d, "Support level", NULL, c->support_level, NULL, &missing);
	field_row(w, d, "End of support", NULL, c->end_of_support, NULL, &missing);
	field_row(w, d, "Notes", NULL, c->notes, NULL, &missing);
	for (size_t i = 0; i < c->match_paths.nr; i++)
		if (strvec_push(&rules, "path ") || strvec_push(&rules, c->match_paths.v[i]))
			w->oom = true;
	for (size_t i = 0; i < c->match_libraries.nr; i++)
		if (strvec_push(&rules, "library ") || strvec_push(&rules, c->match_libraries.v[i]))
			w->oom = true;
	for (size_t i = 0; i < c->match_packages.nr; i++)
		if (strvec_push(&rules, "package ") || strvec_push(&rules, c->match_packages.v[i]))
			w->oom = true;
	row_begin(w, "field", NULL);
	cell_raw(w, "Recognised by");
	cell_begin(w);
	if (!rules.nr) {
		raw(w, "its name (a source package, a library or a vendored folder)");
	} else {
		list_begin(w);
		for (size_t i = 0; i + 1 < rules.nr; i += 2) {
			item_begin(w);
			raw(w, rules.v[i]);
			text(w, rules.v[i + 1]);
			item_end(w);
		}
		list_end(w);
	}
	cell_end(w);
	row_end(w);
	for (size_t k = 0; k < d->nr_entries; k++) {
		const struct entry *x = &d->entries[k];
		const char *attrs[] = { "data-artifact", x->artifact, NULL };

		if (!of_component(x, c))
			continue;
		found++;
		row_begin(w, "found", attrs);
		cell_begin(w);
		raw(w, "Found in ");
		file_path(w, x->artifact ? x->artifact : "an artifact");
		cell_end(w);
		cell_begin(w);
		how_found(w, x, false);
		cell_end(w);
		row_end(w);
	}
	if (!found) {
		row_begin(w, "found", NULL);
		cell_raw(w, "Found in");
		cell_raw(w, "none of the artifacts checked");
		row_end(w);
	}
	table_end(w);
	mark(w, "", "</section>\n");
	strvec_clear(&missing);
	strvec_clear(&rules);
}

static void soup_items(struct rw *w, const struct doc *d)
{
	mark(w, "", "<section id=\"soup\">\n");
	heading(w, 2, "3. SOUP items");
	if (!d->soup->nr_components) {
		para(w, "none", "The SOUP list declares no component.");
		mark(w, "", "</section>\n");
		return;
	}
	soup_summary(w, d);
	for (size_t i = 0; i < d->soup->nr_components; i++)
		soup_detail(w, d, i);
	mark(w, "", "</section>\n");
}

static void undeclared(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "Component", "Found in", "How it was found", NULL };
	size_t n = 0;

	mark(w, "", "<section id=\"undeclared\">\n");
	heading(w, 2, "4. Components found but not declared");
	for (size_t k = 0; k < d->nr_entries; k++) {
		const struct entry *x = &d->entries[k];
		size_t end = k + 1;
		const char *attrs[] = { "data-name", x->component, NULL };

		if (x->declared)
			continue;
		while (end < d->nr_entries && !d->entries[end].declared &&
		       !strcmp(d->entries[end].component, x->component))
			end++;
		if (!n++)
			table_begin(w, "undeclared", cols);
		row_begin(w, "undeclared-item", attrs);
		cell(w, x->component);
		cell_begin(w);
		for (size_t i = k; i < end; i++) {
			if (i > k)
				br(w);
			file_path(w, d->entries[i].artifact);
		}
		cell_end(w);
		cell_begin(w);
		for (size_t i = k; i < end; i++) {
			if (i > k)
				raw(w, "<br><br>");
			how_found(w, &d->entries[i], end - k > 1);
		}
		cell_end(w);
		row_end(w);
		k = end - 1;
	}
	if (n)
		table_end(w);
	else
		para(w, "none", "None.");
	mark(w, "", "</section>\n");
}

static void doc_end(struct rw *w, const struct doc *d)
{
	if (w->fmt == REPORT_HTML) {
		raw(w, "<footer>Generated by ");
		text(w, d->meta->generator);
		raw(w, " on ");
		text(w, d->meta->date);
		raw(w, ". End of document.</footer>\n</body>\n</html>\n");
	} else {
		raw(w, "\n---\n\nGenerated by ");
		text(w, d->meta->generator);
		raw(w, " on ");
		text(w, d->meta->date);
		raw(w, ". End of document.\n");
	}
}

int report_render(struct strbuf *out, enum report_format fmt, const struct soup_list *soup,
		  const struct check_model *model, const struct report_meta *meta,
		  struct strbuf *err)
{
	struct rw w = { out, fmt, false, NULL, 0, 0 };
	struct doc d;
	int ret = -1;

	memset(&d, 0, sizeof(d));
	strvec_init(&d.artifacts);
	d.soup = soup;
	d.model = model;
	d.meta = meta;
	d.summary = &model->summary;
	w.root = d.summary->project_root;
	if (w.root) {
		w.root_len = strlen(w.root);
		while (w.root_len && w.root[w.root_len - 1] == '/')
			w.root_len--;
	}
	if (doc_load(&d))
		goto out;
	doc_begin(&w, &d);
	header(&w, &d);
	findings(&w, &d);
	artifacts(&w, &d);
	soup_items(&w, &d);
	undeclared(&w, &d);
	doc_end(&w, &d);
	if (!w.oom)
		ret = 0;
out:
	if (ret)
		strbuf_addstr(err, "report: out of memory");
	free(d.entries);
	free(d.findings);
	free(d.order);
	strvec_clear(&d.artifacts);
	return ret;
}

int report_date(char date[11], struct strbuf *err)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;

	if (sde) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(sde, &end, 10);
		if (!*sde || *end || errno || v < 0 || (long long)(time_t)v != v) {
			strbuf_addf(err, "SOURCE_DATE_EPOCH: '%s' is not a number of seconds", sde);
			return -1;
		}
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	if (!gmtime_r(&t, &tm) || strftime(date, 11, "%Y-%m-%d", &tm) != 10) {
		strbuf_addf(err, "cannot format the date %lld", (long long)t);
		return -1;
	}
	return 0;
}
