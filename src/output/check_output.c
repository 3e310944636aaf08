/* SPDX-License-Identifier: Apache-2.0 */
/* check's findings as JUnit XML and SARIF (check_output.h). */
#include "check_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "banned.h"


static const char *jget(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void xml_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fprintf(f, "&#x%x;", (unsigned char)*s == 0 ? 0xfffd : *s);
			else
				fputc(*s, f);
		}
	}
}

/*
 * JUnit XML, as CI systems show tests: one test case per component found in
 * an artifact (passing, or failing with its findings) and one per finding
 * that belongs to no component found (no-trace, incomplete entries...).
 */
void check_write_junit(FILE *f, const cJSON *root)
{
	const cJSON *comps = cJSON_GetObjectItemCaseSensitive(root, "components");
	const cJSON *finds = cJSON_GetObjectItemCaseSensitive(root, "findings");
	const cJSON *c, *x;
	int tests = 0, failures = 0;

	cJSON_ArrayForEach(c, comps)
		tests++;
	cJSON_ArrayForEach(x, finds) {
		const char *comp = jget(x, "component"), *art = jget(x, "artifact");
		bool matched = false;

		cJSON_ArrayForEach(c, comps)
			matched |= comp && art && !strcmp(comp, jget(c, "component")) &&
				   !strcmp(art, jget(c, "artifact"));
		if (!matched)
			tests++;
		failures += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "fails"));
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<testsuites name=\"souptrace check\" tests=\"%d\" failures=\"%d\">\n"
		   "  <testsuite name=\"souptrace check\" tests=\"%d\" failures=\"%d\">\n",
		tests, failures, tests, failures);
	cJSON_ArrayForEach(c, comps) {
		fputs("    <testcase classname=\"", f);
		xml_text(f, jget(c, "artifact"));
		fputs("\" name=\"", f);
		xml_text(f, jget(c, "component"));
		fputs("\">\n", f);
		cJSON_ArrayForEach(x, finds) {
			const cJSON *ev;

			if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "fails")) ||
			    !jget(x, "component") || !jget(x, "artifact") ||
			    strcmp(jget(x, "component"), jget(c, "component")) ||
			    strcmp(jget(x, "artifact"), jget(c, "artifact")))
				continue;
			fputs("      <failure type=\"", f);
			xml_text(f, jget(x, "kind"));
			fputs("\" message=\"", f);
			xml_text(f, jget(x, "message"));
			fputs("\">", f);
			cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(x, "evidence")) {
				xml_text(f, cJSON_IsString(ev) ? ev->valuestring : "");
				fputc('\n', f);
			}
			fputs("</failure>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	cJSON_ArrayForEach(x, finds) {
		const char *comp = jget(x, "component"), *art = jget(x, "artifact");
		bool matched = false;

		cJSON_ArrayForEach(c, comps)
			matched |= comp && art && !strcmp(comp, jget(c, "component")) &&
				   !strcmp(art, jget(c, "artifact"));
		if (matched)
			continue;
		fputs("    <testcase classname=\"", f);
		xml_text(f, art ? art : "soup.json");
		fputs("\" name=\"", f);
		xml_text(f, jget(x, "kind"));
		if (comp) {
			fputc(' ', f);
			xml_text(f, comp);
		}
		fputs("\">", f);
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "fails"))) {
			fputs("<failure type=\"", f);
			xml_text(f, jget(x, "kind"));
			fputs("\" message=\"", f);
			xml_text(f, jget(x, "message"));
			fputs("\"/>", f);
		} else {
			fputs("<system-out>", f);
			xml_text(f, jget(x, "message"));
			fputs("</system-out>", f);
		}
		fputs("</testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

/* SARIF 2.1.0 for code-scanning views: one result per finding. */
char *check_sarif_text(struct jout *j, const cJSON *root)
{
	static const struct {
		const char *id, *text;
	} rules[] = {
		{ "undeclared", "SOUP reaches the artifact but is not declared" },
		{ "version-mismatch", "The declared version differs from the one found" },
		{ "incomplete", "The SOUP entry lacks fields its safety class requires" },
		{ "no-trace", "The artifact was not built through the souptrace wrappers" },
		{ "trace-incomplete", "The build trace misses evidence" },
		{ "stale-trace", "The artifact is not what the recorded link step wrote" },
		{ "trace-hint", "Something went wrong while recording; its effect is judged per artifact" },
		{ "unresolved", "A needed shared library cannot be found" },
		{ "unused", "Declared SOUP found in none of the artifacts" },
	};
	cJSON *doc = cJSON_CreateObject(), *runs, *run, *tool, *driver, *rarr, *results;
	const cJSON *x;
	char *s = NULL;

	if (!doc)
		return NULL;
	jout_str(j, doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jout_str(j, doc, "version", "2.1.0");
	runs = jout_arr(j, doc, "runs");
	run = runs ? jout_obj(j, runs, NULL) : NULL;
	tool = run ? jout_obj(j, run, "tool") : NULL;
	driver = tool ? jout_obj(j, tool, "driver") : NULL;
	if (!driver)
		goto out;
	jout_str(j, driver, "name", "souptrace");
	jout_str(j, driver, "version", SOUPTRACE_VERSION);
	rarr = jout_arr(j, driver, "rules");
	for (size_t i = 0; rarr && i < sizeof(rules) / sizeof(*rules); i++) {
		cJSON *r = jout_obj(j, rarr, NULL), *d;

		if (!r)
			break;
		jout_str(j, r, "id", rules[i].id);
		d = jout_obj(j, r, "shortDescription");
		if (d)
			jout_str(j, d, "text", rules[i].text);
	}
	results = jout_arr(j, run, "results");
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(root, "findings")) {
		cJSON *r = results ? jout_obj(j, results, NULL) : NULL, *msg, *locs;
		const cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(x, "evidence"), 0);
		struct strbuf text = STRBUF_INIT;

		if (!r)
			break;
		jout_str(j, r, "ruleId", jget(x, "kind"));
		jout_str(j, r, "level",
			 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "fails")) ? "error" : "warning");
		strbuf_addf(&text, "%s%s%s", jget(x, "component") ? jget(x, "component") : "",
			    jget(x, "component") ? ": " : "", jget(x, "message"));
		msg = jout_obj(j, r, "message");
		if (msg)
			jout_str(j, msg, "text", text.buf);
		strbuf_release(&text);
		/* where: the first evidence file, else the artifact */
		locs = jout_arr(j, r, "locations");
		if (locs) {
			const char *where = cJSON_IsString(ev) ? ev->valuestring : jget(x, "artifact");
			cJSON *l = where ? jout_obj(j, locs, NULL) : NULL;
			cJSON *pl = l ? jout_obj(j, l, "physicalLocation") : NULL;
			cJSON *al = pl ? jout_obj(j, pl, "artifactLocation") : NULL;

			if (al) {
				size_t n = strcspn(where, "(:");
				struct strbuf uri = STRBUF_INIT;

				strbuf_add(&uri, where, n);
				jout_str(j, al, "uri", uri.buf);
				strbuf_release(&uri);
			}
		}
	}
	if (!j->oom)
		s = cJSON_Print(doc);
out:
	cJSON_Delete(doc);
	return s;
}

/* The git top-level above dir, else dir itself (allocated). */
