/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_REPORT_H
#define SOUPTRACE_REPORT_H

#include "audit.h"
#include "model.h"
#include "soup.h"
#include "strbuf.h"

/*
 * The SOUP list as a controlled document for the design history file
 * (docs/report-format.md): a header, the open findings first, then one
 * entry per declared SOUP item with its IEC 62304 fields, the artifacts it
 * is in and how it was found, then the components found but not declared.
 *
 * A pure renderer: it reads the declared list and check's model (model.h)
 * and writes text. Everything is sorted, so the same inputs and meta give the same
 * bytes. Every string taken from the inputs is escaped: in HTML through one
 * function (& < > " '), in Markdown so that it cannot open a table cell,
 * markup or raw HTML (| \ ` * _ [ ] ~ < > & escaped, line breaks as <br>).
 */

enum report_format {
	REPORT_MARKDOWN,
	REPORT_HTML,
};

struct report_meta {
	const char *date;      /* YYYY-MM-DD, the document's date */
	const char *generator; /* "souptrace 1.2.3" */
	/*
	 * With --db: the audit of the same artifacts (IEC 62304 7.1.3, the
	 * known anomalies of each SOUP item) and what it was read from
	 * ("souptrace audit against DB: N records, newest modified X"); else NULL.
	 */
	const struct audit *audit;
	const char *audit_source;
};

/*
 * Append the document to out. Returns 0, or -1 when memory ran out (out is
 * then incomplete and a message is in err).
 */
int report_render(struct strbuf *out, enum report_format fmt, const struct soup_list *soup,
		  const struct check_model *model, const struct report_meta *meta,
		  struct strbuf *err);

/*
 * The document's date, YYYY-MM-DD in UTC: SOURCE_DATE_EPOCH (seconds since
 * 1970, reproducible builds) when set, else now. -1 with a message in err
 * when SOURCE_DATE_EPOCH is not a number of seconds.
 */
int report_date(char date[11], struct strbuf *err);

#endif
