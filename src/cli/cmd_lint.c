/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace lint --soup FILE [--safety-class A|B|C]
 *
 * Checks the declared SOUP list on its own: structure and types (the
 * loader), the fields the safety class requires, licences as valid SPDX
 * expressions, dates as real calendar dates, purl and CPE syntax.
 * Exit 0: clean; 1: findings; 2: bad usage or a file that cannot be loaded.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "soup.h"
#include "spdx.h"
#include "banned.h"

/* YYYY-MM-DD, a real day of the Gregorian calendar. */
static bool valid_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1)
		return false;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1];
}

/* pkg:type/namespace/name@version?qualifiers#subpath, roughly (purl spec). */
static bool valid_purl(const char *s)
{
	const char *slash, *type = s + 4;

	if (strncmp(s, "pkg:", 4))
		return false;
	slash = strchr(type, '/');
	if (!slash || slash == type)
		return false;
	for (const char *p = type; p < slash; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '+' || *p == '-'))
			return false;
	return slash[1] && slash[1] != '@' && !strchr(s, ' ');
}

/* CPE 2.3 formatted string: "cpe:2.3:" and 11 more fields, part a, o or h. */
static bool valid_cpe(const char *s)
{
	size_t fields = 1;

	if (strncmp(s, "cpe:2.3:", 8) || !strchr("aoh*-", s[8]) || s[9] != ':')
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == ':')
			fields++;
		if (*p == ' ')
			return false;
	}
	return fields == 13;
}

struct lint {
	const char *file;
	size_t findings;
};

static void finding(struct lint *l, size_t idx, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void finding(struct lint *l, size_t idx, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s: components[%zu] (%s): ", l->file, idx, name ? name : "?");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	l->findings++;
}

int cmd_lint(int argc, char **argv)
{
	const char *soup_path = NULL;
	char cls_arg = 0;
	struct strvec operands = STRVEC_INIT;
	struct strbuf diag = STRBUF_INIT;
	struct soup_list list;
	struct lint l = { NULL, 0 };
	size_t warnings = 0;
	char cls;
	int ret = EXIT_USAGE;

	soup_list_init(&list);
	{
		static const struct command_spec command = {
			"lint", "check a declared SOUP list (soup.json) on its own", NULL, 0, 0
		};
		const struct option opts[] = {
			{ "--soup", NULL, OPT_STRING, &soup_path, "FILE", "the declared SOUP list",
			  true, NULL },
			{ "--safety-class", NULL, OPT_CALLBACK, &cls_arg, "A|B|C",
			  "the IEC 62304 class (default: the list's own, else A)", false,
			  opt_safety_class },
			OPT_END,
		};

		if (!cli_parse(&command, opts, argc, argv, &operands, &ret))
			goto out;
	}
	if (operands.nr) {
		cli_error("lint: unknown argument '%s' (see souptrace lint --help)", operands.v[0]);
		goto out;
	}
	if (soup_load(soup_path, &list, &diag, &warnings)) {
		fputs(diag.buf, stderr);
		goto out;
	}
	fputs(diag.buf, stderr); /* warnings */
	l.file = soup_path;
	cls = cls_arg ? cls_arg : list.safety_class;
	if (!cls) {
		printf("%s: project.safety_class: not given (nor --safety-class); the required "
		       "fields depend on it: checking class A only\n",
		       soup_path);
		l.findings++;
		cls = 'A';
	}
	for (size_t i = 0; i < list.nr_components; i++) {
		const struct soup_component *c = &list.components[i];
		struct strvec missing = STRVEC_INIT;
		struct strbuf err = STRBUF_INIT;

		if (soup_missing_fields(c, cls, &missing)) {
			struct strbuf m = STRBUF_INIT;

			for (size_t k = 0; k < missing.nr; k++)
				strbuf_addf(&m, "%s%s", k ? ", " : "", missing.v[k]);
			finding(&l, i, c->name, "incomplete for safety class %c: %s", cls, m.buf);
			strbuf_release(&m);
		}
		if (c->license && spdx_expression_check(c->license, &err))
			finding(&l, i, c->name, "license '%s' is not a valid SPDX expression: %s",
				c->license, err.buf);
		if (c->anomalies_reviewed && !valid_date(c->anomalies_reviewed))
			finding(&l, i, c->name,
				"anomalies.reviewed '%s' is not a date (YYYY-MM-DD)",
				c->anomalies_reviewed);
		if (c->end_of_support && !valid_date(c->end_of_support))
			finding(&l, i, c->name,
				"support.end_of_support '%s' is not a date (YYYY-MM-DD)",
				c->end_of_support);
		if (c->purl && !valid_purl(c->purl))
			finding(&l, i, c->name, "purl '%s' is not a package URL (pkg:TYPE/NAME...)",
				c->purl);
		if (c->cpe && !valid_cpe(c->cpe))
			finding(&l, i, c->name,
				"cpe '%s' is not a CPE 2.3 formatted string (cpe:2.3:PART:...: 13 "
				"fields)",
				c->cpe);
		strvec_clear(&missing);
		strbuf_release(&err);
	}
	if (l.findings) {
		printf("%s: %zu finding%s\n", soup_path, l.findings, l.findings == 1 ? "" : "s");
		ret = EXIT_FINDINGS;
	} else {
		printf("%s: %zu components, safety class %c: no findings%s\n", soup_path,
		       list.nr_components, cls, warnings ? " (see the warnings)" : "");
		ret = EXIT_OK;
	}
out:
	soup_list_release(&list);
	strbuf_release(&diag);
	strvec_clear(&operands);
	return ret;
}
