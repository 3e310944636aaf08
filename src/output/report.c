/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace report's renderer: the declared SOUP list and check's model as
 * a Markdown or HTML document (docs/report-format.md).
 *
 * The document is written once, through a few primitives (headings,
 * tables, rows, cells, lists in a cell) that each format implements; every
 * string from the inputs goes through rw_esc(), the one escaping function.
 */
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
#include "report_markup.h"
#include "strvec.h"
#include "banned.h"

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
	size_t *order;		 /* soup components sorted by name */
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
		 : d->soup->safety_class   ? d->soup->safety_class
					   : 'A';
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
	qsort_r(d->order, d->soup->nr_components, sizeof(*d->order), cmp_soup, (void *)d->soup);
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
	rw_raw(w, "SOUP list");
	if (!blank(d->soup->project_name)) {
		rw_pre_text(w, ": ", d->soup->project_name);
		if (!blank(d->soup->project_version))
			rw_pre_text(w, " ", d->soup->project_version);
	}
}

static void doc_begin(struct rw *w, const struct doc *d)
{
	if (w->fmt == REPORT_HTML) {
		rw_raw(w,
		       "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "style-src 'unsafe-inline'\">\n<meta name=\"generator\" content=\"");
		rw_esc(w, d->meta->generator, ESC_ATTR);
		rw_raw(w, "\">\n<title>");
		title(w, d);
		rw_raw(w,
		       "</title>\n<style>\n"
		       "@page { size: A4; margin: 18mm 15mm 20mm 15mm;\n"
		       "  @bottom-right { content: \"Page \" counter(page) \" of \" "
		       "counter(pages); "
		       "font: 8pt sans-serif; } }\n"
		       "html { font: 10pt/1.35 \"DejaVu Sans\", \"Liberation Sans\", Arial, "
		       "sans-serif; "
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
		rw_raw(w, "# ");
	}
	title(w, d);
	rw_mark(w, "\n\n", "</h1>\n");
	rw_para(w, "intro",
		"Software of unknown provenance (IEC 62304): each item the product contains, with "
		"the fields the standard requires, the artifacts it is in and the build evidence "
		"that shows it. Generated from the declared SOUP list and the recorded build; "
		"regenerate it rather than edit it.");
}

static void meta_row(struct rw *w, const char *label, const char *value, bool path)
{
	rw_row_begin(w, "meta", NULL);
	rw_cell_raw(w, label);
	rw_cell_begin(w);
	if (blank(value))
		rw_raw(w, "\xe2\x80\x94");
	else if (path)
		rw_file_path(w, value);
	else
		rw_text(w, value);
	rw_cell_end(w);
	rw_row_end(w);
}

static void header(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "Field", "Value", NULL };
	const char *soup = d->summary->soup, *trace = d->summary->trace;
	const char *root = d->summary->project_root;
	bool binary = d->summary->binary_evidence;

	rw_mark(w, "", "<section id=\"header\">\n");
	rw_table_begin(w, "fields meta", cols);
	meta_row(w, "Project", d->soup->project_name, false);
	meta_row(w, "Project version", d->soup->project_version, false);
	meta_row(w, "Manufacturer", d->soup->project_manufacturer, false);
	rw_row_begin(w, "meta", NULL);
	rw_cell_raw(w, "Software safety class");
	rw_cell_begin(w);
	rw_rawf(w, "%c", d->cls);
	if (!d->soup->safety_class)
		rw_raw(w, " (not given in the SOUP list)");
	else if (d->soup->safety_class != d->cls)
		rw_rawf(w, " (the SOUP list says %c)", d->soup->safety_class);
	rw_cell_end(w);
	rw_row_end(w);
	meta_row(w, "Date", d->meta->date, false);
	meta_row(w, "Generator", d->meta->generator, false);
	meta_row(w, "SOUP list", soup ? soup : d->soup->path, true);
	meta_row(w, "Project root", root, true);
	rw_row_begin(w, "meta", NULL);
	rw_cell_raw(w, "Evidence");
	rw_cell_begin(w);
	if (binary) {
		rw_raw(w, "binary evidence: ");
		rw_text(w, check_binary_note);
	} else if (trace) {
		rw_raw(w, "build trace: the build recorded by the souptrace wrappers, ");
		rw_file_path(w, trace);
	} else {
		rw_text(w, "trace");
	}
	rw_cell_end(w);
	rw_row_end(w);
	rw_row_begin(w, "meta", NULL);
	rw_cell_raw(w, "Result");
	rw_cell_begin(w);
	if (d->failing)
		rw_rawf(w, "%sfailed: %zu failing finding%s, %zu warning%s%s",
			w->fmt == REPORT_HTML ? "<span class=\"fails\">" : "**", d->failing,
			d->failing == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s",
			w->fmt == REPORT_HTML ? "</span>" : "**");
	else
		rw_rawf(w, "passed: no failing finding, %zu warning%s", d->warnings,
			d->warnings == 1 ? "" : "s");
	rw_cell_end(w);
	rw_row_end(w);
	rw_table_end(w);
	if (d->meta && root)
		rw_para(w, "note", "Paths below the project root are shown relative to it.");
	rw_mark(w, "", "</section>\n");
}

static void findings(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = {
		"#", "Finding", "Component", "Artifact", "Details", NULL
	};

	rw_mark(w, "", "<section id=\"findings\">\n");
	rw_heading(w, 2, "1. Open findings");
	if (!d->nr_findings) {
		rw_para(w, "none", "None.");
		rw_mark(w, "", "</section>\n");
		return;
	}
	{
		char line[128];

		snprintf(line, sizeof(line), "%zu failing finding%s, %zu warning%s.", d->failing,
			 d->failing == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s");
		rw_para(w, "count", line);
	}
	rw_table_begin(w, "findings", cols);
	for (size_t i = 0; i < d->nr_findings; i++) {
		const struct finding *f = &d->findings[i];
		const char *attrs[] = { "data-kind",  f->kind,	    "data-component",
					f->component, "data-fails", f->fails ? "true" : "false",
					NULL };
		size_t nev = f->evidence->nr;

		rw_row_begin(w, "finding", attrs);
		rw_rawf(w, w->fmt == REPORT_HTML ? "<td>%zu</td>" : " %zu |", i + 1);
		rw_cell_begin(w);
		if (f->fails)
			rw_mark(w, "**fails**", "<span class=\"fails\">fails</span>");
		else
			rw_mark(w, "warning", "<span class=\"warning\">warning</span>");
		rw_br(w);
		rw_text(w, f->kind);
		rw_cell_end(w);
		rw_cell(w, f->component);
		rw_cell_begin(w);
		if (f->artifact)
			rw_file_path(w, f->artifact);
		else
			rw_raw(w, "\xe2\x80\x94");
		rw_cell_end(w);
		rw_cell_begin(w);
		rw_ptext(w, f->message);
		if (nev) {
			rw_br(w);
			rw_rawf(w, "Evidence (%zu):", nev);
			w->items = 1;
			rw_evidence_list(w, f->evidence);
		}
		rw_cell_end(w);
		rw_row_end(w);
	}
	rw_table_end(w);
	rw_mark(w, "", "</section>\n");
}

static void artifacts(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "Artifact", "Traced", "Files", "Components in it",
					    NULL };

	rw_mark(w, "", "<section id=\"artifacts\">\n");
	rw_heading(w, 2, "2. Artifacts");
	if (!d->artifacts.nr) {
		rw_para(w, "none", "None.");
		rw_mark(w, "", "</section>\n");
		return;
	}
	rw_table_begin(w, "artifacts", cols);
	for (size_t i = 0; i < d->artifacts.nr; i++) {
		const char *path = d->artifacts.v[i];
		const struct check_artifact *a = check_model_artifact(d->model, path);
		const char *attrs[] = { "data-path", path, NULL };
		bool first = true;

		rw_row_begin(w, "artifact", attrs);
		rw_cell_begin(w);
		rw_file_path(w, path);
		rw_cell_end(w);
		rw_cell_begin(w);
		if (a) {
			rw_raw(w, a->traced ? "yes" : "no");
			if (a->link_record)
				rw_pre_text(w, ", link record ", a->link_record);
		} else {
			rw_raw(w, "\xe2\x80\x94");
		}
		rw_cell_end(w);
		rw_cell_begin(w);
		if (a)
			rw_rawf(w, "%zu", a->nr_closure_files);
		else
			rw_raw(w, "\xe2\x80\x94");
		/* what soup.json's ignore rules silenced: an auditor sees it */
		for (size_t k = 0; a && k < a->nr_ignored; k++)
			rw_rawf(w, "; %zu ignored by ignore[%zu]", a->ignored[k].files,
				a->ignored[k].rule);
		rw_cell_end(w);
		rw_cell_begin(w);
		for (size_t k = 0; k < d->nr_entries; k++) {
			const struct entry *x = &d->entries[k];

			if (cmp_str(x->artifact, path))
				continue;
			if (!first)
				rw_raw(w, ", ");
			first = false;
			rw_text(w, x->component);
			if (!x->declared)
				rw_mark(w, " (**undeclared**)",
					" (<span class=\"fails\">undeclared</span>)");
		}
		rw_cell_end(w);
		rw_row_end(w);
	}
	rw_table_end(w);
	rw_mark(w, "", "</section>\n");
}

/* How a component was found in one artifact: origin, where, version, package, evidence. */
static void how_found(struct rw *w, const struct entry *x, bool name_artifact)
{
	const struct check_package *pkg = x->c->package;
	const struct strvec *ev = &x->c->evidence;
	const char *vf = x->c->version_found, *from = x->c->version_from;
	size_t nev = ev->nr;

	if (name_artifact && x->artifact) {
		rw_raw(w, "In ");
		rw_file_path(w, x->artifact);
		rw_raw(w, ":");
		rw_br(w);
	}
	rw_raw(w, "origin: ");
	rw_text(w, x->c->origin ? x->c->origin : "unknown");
	if (x->c->where)
		rw_pre_ptext(w, ", ", x->c->where);
	rw_br(w);
	rw_raw(w, "version found: ");
	if (vf) {
		rw_text(w, vf);
		if (from) {
			rw_pre_ptext(w, " (from ", from);
			rw_raw(w, ")");
		}
	} else {
		rw_raw(w, "not found");
	}
	if (pkg) {
		const char *lic = pkg->license, *maint = pkg->maintainer;
		const char *purl = pkg->purl;

		rw_br(w);
		rw_raw(w, "package: ");
		rw_text(w, pkg->name);
		if (pkg->version)
			rw_pre_text(w, " ", pkg->version);
		if (lic)
			rw_pre_text(w, "; licence ", lic);
		if (maint)
			rw_pre_text(w, "; maintainer ", maint);
		if (purl)
			rw_pre_text(w, "; ", purl);
	}
	rw_br(w);
	rw_rawf(w, "evidence: %zu file%s", nev, nev == 1 ? "" : "s");
	if (nev) {
		rw_raw(w, ":");
		w->items = 1;
		rw_evidence_list(w, ev);
	}
}

/* A row of a SOUP item's fields: the value, or a dash, or MISSING when the class requires it. */
static void field_row(struct rw *w, const struct doc *d, const char *label, const char *json,
		      const char *value, const struct strvec *list, const struct strvec *missing)
{
	bool is_missing = json && strvec_find(missing, json) >= 0;

	rw_row_begin(w, "field", NULL);
	rw_cell_raw(w, label);
	rw_cell_begin(w);
	if (list && list->nr) {
		rw_list_begin(w);
		for (size_t i = 0; i < list->nr; i++) {
			rw_item_begin(w);
			rw_text(w, list->v[i]);
			rw_item_end(w);
		}
		rw_list_end(w);
	} else if (!list && !blank(value)) {
		rw_text(w, value);
	} else if (!is_missing) {
		rw_raw(w, "\xe2\x80\x94");
	}
	if (is_missing) {
		if (!blank(value) || (list && list->nr))
			rw_br(w);
		if (w->fmt == REPORT_HTML)
			rw_rawf(w,
				"<span class=\"missing\">MISSING</span> (required for safety class "
				"%c)",
				d->cls);
		else
			rw_rawf(w, "**MISSING** (required for safety class %c)", d->cls);
	}
	rw_cell_end(w);
	rw_row_end(w);
}

static void soup_summary(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "Name", "Version",	"Supplier", "Licence",
					    "Kind", "Found in", NULL };

	rw_table_begin(w, "soup-items", cols);
	for (size_t i = 0; i < d->soup->nr_components; i++) {
		size_t ci = d->order[i];
		const struct soup_component *c = &d->soup->components[ci];
		const char *attrs[] = { "data-name", c->name, NULL };
		struct strvec found = STRVEC_INIT;
		size_t nart = 0;

		rw_row_begin(w, "soup-item", attrs);
		rw_cell_begin(w);
		if (w->fmt == REPORT_HTML)
			rw_rawf(w, "<a href=\"#soup-%zu\">", i + 1);
		rw_text(w, c->name);
		rw_mark(w, "", "</a>");
		rw_cell_end(w);
		rw_cell_begin(w);
		rw_raw(w, "declared: ");
		rw_text(w, blank(c->version) ? "\xe2\x80\x94" : c->version);
		for (size_t k = 0; k < d->nr_entries; k++) {
			const char *vf = d->entries[k].c->version_found;

			if (of_component(&d->entries[k], c) && vf && strvec_find(&found, vf) < 0 &&
			    strvec_push(&found, vf))
				w->oom = true;
		}
		if (found.nr) {
			qsort(found.v, found.nr, sizeof(*found.v), cmp_strp);
			rw_br(w);
			rw_raw(w, "found: ");
			for (size_t k = 0; k < found.nr; k++) {
				if (k)
					rw_raw(w, ", ");
				rw_text(w, found.v[k]);
			}
		}
		strvec_clear(&found);
		rw_cell_end(w);
		rw_cell(w, c->supplier);
		rw_cell(w, c->license);
		rw_cell(w, c->kind ? soup_kind_name(c->kind) : NULL);
		rw_cell_begin(w);
		for (size_t k = 0; k < d->nr_entries; k++) {
			if (!of_component(&d->entries[k], c) || !d->entries[k].artifact)
				continue;
			if (nart++)
				rw_br(w);
			rw_file_path(w, d->entries[k].artifact);
		}
		if (!nart)
			rw_raw(w, "none of the artifacts checked");
		rw_cell_end(w);
		rw_row_end(w);
	}
	rw_table_end(w);
}

/*
 * What the vulnerability data says of one SOUP item, per artifact (souptrace
 * audit, IEC 62304 7.1.3: the published anomalies and their evaluation),
 * with the review date the list states.
 */
static void anomalies(struct rw *w, const struct doc *d, const struct soup_component *c)
{
	static const char *const cols[] = { "Vulnerability", "Severity",   "Artifact",
					    "Status",	     "Evaluation", NULL };
	const struct audit *au = d->meta->audit;
	size_t n = 0;

	if (!au)
		return;
	for (size_t i = 0; i < au->nr; i++)
		n += !strcmp(au->r[i].comp->name, c->name);
	rw_mark(w, "\n**Known anomalies from vulnerability data (7.1.3).** ",
		"<p class=\"anomalies\"><strong>Known anomalies from vulnerability data "
		"(7.1.3).</strong> ");
	rw_text(w, d->meta->audit_source);
	rw_raw(w, ". Reviewed: ");
	rw_text(w, c->anomalies_reviewed && !blank(c->anomalies_reviewed)
			   ? c->anomalies_reviewed
			   : "not stated (soup.json anomalies.reviewed)");
	rw_rawf(w, ". %zu result%s.", n, n == 1 ? "" : "s");
	rw_mark(w, "\n\n", "</p>\n");
	if (!n)
		return;
	rw_table_begin(w, "anomalies", cols);
	for (size_t i = 0; i < au->nr; i++) {
		const struct audit_result *r = &au->r[i];
		const char *attrs[] = { "data-status", audit_status_name(r->status), NULL };

		if (strcmp(r->comp->name, c->name))
			continue;
		rw_row_begin(w, "anomaly", attrs);
		rw_cell_begin(w);
		rw_text(w, r->vuln ? r->vuln->id : "(none: no version to match)");
		for (size_t k = 0; r->vuln && k < r->vuln->aliases.nr; k++) {
			rw_raw(w, k ? ", " : " (");
			rw_text(w, r->vuln->aliases.v[k]);
			if (k + 1 == r->vuln->aliases.nr)
				rw_raw(w, ")");
		}
		rw_cell_end(w);
		rw_cell_begin(w);
		rw_text(w, r->rating);
		if (r->score >= 0)
			rw_rawf(w, " %d.%d", r->score / 10, r->score % 10);
		rw_cell_end(w);
		rw_cell_begin(w);
		rw_file_path(w, r->comp->artifact);
		rw_cell_end(w);
		rw_cell_begin(w);
		rw_text(w, audit_status_name(r->status));
		if (r->justification) {
			rw_raw(w, " (");
			rw_text(w, r->justification);
			rw_raw(w, ")");
		}
		if (r->fixed_in) {
			rw_raw(w, r->status == AUDIT_FIXED ? ", fixed in " : ", fix: ");
			rw_text(w, r->fixed_in);
		}
		rw_cell_end(w);
		rw_cell_begin(w);
		if (r->decision) {
			rw_raw(w, "decided ");
			rw_text(w, r->decision->status);
			if (r->decision->justification) {
				rw_raw(w, " (");
				rw_text(w, r->decision->justification);
				rw_raw(w, ")");
			}
			rw_raw(w, " by ");
			rw_text(w, r->decision->author);
			rw_raw(w, ", ");
			rw_text(w, r->decision->timestamp);
			if (r->decision->statement) {
				rw_raw(w, ": ");
				rw_text(w, r->decision->statement);
			}
		} else {
			rw_text(w, r->why);
		}
		if (r->stale) {
			rw_br(w);
			rw_raw(w, "STALE decision (about another version; decide again) by ");
			rw_text(w, r->stale->author);
		}
		rw_cell_end(w);
		rw_row_end(w);
	}
	rw_table_end(w);
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
		rw_rawf(w, "<section class=\"soup-detail\" id=\"%s\" data-name=\"", id);
		rw_esc(w, c->name, ESC_ATTR);
		rw_rawf(w, "\">\n<h3>3.%zu ", pos + 1);
		rw_text(w, c->name);
		rw_raw(w, "</h3>\n");
	} else {
		rw_rawf(w, "\n### 3.%zu ", pos + 1);
		rw_text(w, c->name);
		rw_raw(w, "\n\n");
	}
	rw_table_begin(w, "fields", cols);
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
	field_row(w, d, "Anomaly evaluation", "anomalies.evaluation", c->anomalies_evaluation, NULL,
		  &missing);
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
	rw_row_begin(w, "field", NULL);
	rw_cell_raw(w, "Recognised by");
	rw_cell_begin(w);
	if (!rules.nr) {
		rw_raw(w, "its name (a source package, a library or a vendored folder)");
	} else {
		rw_list_begin(w);
		for (size_t i = 0; i + 1 < rules.nr; i += 2) {
			rw_item_begin(w);
			rw_raw(w, rules.v[i]);
			rw_text(w, rules.v[i + 1]);
			rw_item_end(w);
		}
		rw_list_end(w);
	}
	rw_cell_end(w);
	rw_row_end(w);
	for (size_t k = 0; k < d->nr_entries; k++) {
		const struct entry *x = &d->entries[k];
		const char *attrs[] = { "data-artifact", x->artifact, NULL };

		if (!of_component(x, c))
			continue;
		found++;
		rw_row_begin(w, "found", attrs);
		rw_cell_begin(w);
		rw_raw(w, "Found in ");
		rw_file_path(w, x->artifact ? x->artifact : "an artifact");
		rw_cell_end(w);
		rw_cell_begin(w);
		how_found(w, x, false);
		rw_cell_end(w);
		rw_row_end(w);
	}
	if (!found) {
		rw_row_begin(w, "found", NULL);
		rw_cell_raw(w, "Found in");
		rw_cell_raw(w, "none of the artifacts checked");
		rw_row_end(w);
	}
	rw_table_end(w);
	anomalies(w, d, c);
	rw_mark(w, "", "</section>\n");
	strvec_clear(&missing);
	strvec_clear(&rules);
}

static void soup_items(struct rw *w, const struct doc *d)
{
	rw_mark(w, "", "<section id=\"soup\">\n");
	rw_heading(w, 2, "3. SOUP items");
	if (!d->soup->nr_components) {
		rw_para(w, "none", "The SOUP list declares no component.");
		rw_mark(w, "", "</section>\n");
		return;
	}
	soup_summary(w, d);
	for (size_t i = 0; i < d->soup->nr_components; i++)
		soup_detail(w, d, i);
	rw_mark(w, "", "</section>\n");
}

static void undeclared(struct rw *w, const struct doc *d)
{
	static const char *const cols[] = { "Component", "Found in", "How it was found", NULL };
	size_t n = 0;

	rw_mark(w, "", "<section id=\"undeclared\">\n");
	rw_heading(w, 2, "4. Components found but not declared");
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
			rw_table_begin(w, "undeclared", cols);
		rw_row_begin(w, "undeclared-item", attrs);
		rw_cell(w, x->component);
		rw_cell_begin(w);
		for (size_t i = k; i < end; i++) {
			if (i > k)
				rw_br(w);
			rw_file_path(w, d->entries[i].artifact);
		}
		rw_cell_end(w);
		rw_cell_begin(w);
		for (size_t i = k; i < end; i++) {
			if (i > k)
				rw_raw(w, "<br><br>");
			how_found(w, &d->entries[i], end - k > 1);
		}
		rw_cell_end(w);
		rw_row_end(w);
		k = end - 1;
	}
	if (n)
		rw_table_end(w);
	else
		rw_para(w, "none", "None.");
	rw_mark(w, "", "</section>\n");
}

static void doc_end(struct rw *w, const struct doc *d)
{
	if (w->fmt == REPORT_HTML) {
		rw_raw(w, "<footer>Generated by ");
		rw_text(w, d->meta->generator);
		rw_raw(w, " on ");
		rw_text(w, d->meta->date);
		rw_raw(w, ". End of document.</footer>\n</body>\n</html>\n");
	} else {
		rw_raw(w, "\n---\n\nGenerated by ");
		rw_text(w, d->meta->generator);
		rw_raw(w, " on ");
		rw_text(w, d->meta->date);
		rw_raw(w, ". End of document.\n");
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
