/* SPDX-License-Identifier: Apache-2.0 */
/* The loader of fingerprint files (data/fingerprints.json's format), checked and compiled. */
#include "fingerprint_internal.h"

#include <errno.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "ascii.h"
#include "json_get.h"
#include "pathutil.h"

#include "banned.h"

/* Generated from data/fingerprints.json by cmake/embed.cmake. */
extern const unsigned char fingerprints_default_json[];
extern const size_t fingerprints_default_json_len;

/* ---------------------------------------------------------------- loading */

struct loader {
	const char *name;
	struct strbuf diag;
	size_t errors;
	bool oom;
	struct json_sink types; /* the type errors of json_get.h */
};

__attribute__((format(printf, 3, 4))) static void diag(struct loader *ld, const char *path,
						       const char *fmt, ...)
{
	va_list ap;

	ld->errors++;
	if (ld->errors > MAX_DIAG_LINES) {
		if (ld->errors == MAX_DIAG_LINES + 1)
			ld->oom |=
				strbuf_addf(&ld->diag, "%s: more errors follow\n", ld->name) != 0;
		return;
	}
	ld->oom |= strbuf_addf(&ld->diag, "%s: %s%s", ld->name, path, *path ? ": " : "") != 0;
	va_start(ap, fmt);
	ld->oom |= strbuf_vaddf(&ld->diag, fmt, ap) != 0;
	va_end(ap);
	ld->oom |= strbuf_addch(&ld->diag, '\n') != 0;
}

/* base + "." + key (or base + "[i]" when key is NULL), into sb. */
static const char *subpath(struct strbuf *sb, const char *base, const char *key, size_t i)
{
	strbuf_reset(sb);
	if (key)
		strbuf_addf(sb, "%s%s%s", base, *base ? "." : "", key);
	else
		strbuf_addf(sb, "%s[%zu]", base, i);
	return sb->buf;
}

/* Unknown members are errors (a misspelt "require" must not silently change
 * what matches); so are duplicate keys. */
static void check_fields(struct loader *ld, const cJSON *obj, const char *path,
			 const char *const *known)
{
	const cJSON *m, *n;

	cJSON_ArrayForEach(m, obj)
	{
		size_t i;

		for (n = obj->child; n != m; n = n->next) {
			if (!strcmp(n->string, m->string)) {
				diag(ld, path, "the field \"%s\" is given twice", m->string);
				break;
			}
		}
		for (i = 0; known[i]; i++)
			if (!strcmp(m->string, known[i]))
				break;
		if (!known[i])
			diag(ld, path, "unknown field \"%s\"", m->string);
	}
}

static void type_error(void *ld, const char *msg)
{
	diag(ld, "", "%s", msg);
}

/* A string member, copied: NULL when absent or wrong (an error then). */
static char *get_string(struct loader *ld, const cJSON *obj, const char *base, const char *key,
			bool needed)
{
	struct strbuf p = STRBUF_INIT;
	const cJSON *v;
	char *s = NULL;

	switch (json_get(obj, base, key, JSON_STRING, 0, &v, &p)) {
	case JSON_ABSENT:
		if (needed)
			diag(ld, base, "\"%s\" is missing", key);
		break;
	case JSON_WRONG:
		diag(ld, "", "%s", p.buf);
		break;
	case JSON_GOT:
		if (needed && !*v->valuestring)
			diag(ld, subpath(&p, base, key, 0), "is empty");
		else if (!(s = strdup(v->valuestring)))
			ld->oom = true;
		break;
	}
	strbuf_release(&p);
	return s;
}

/* A boolean member: false when absent. */
static bool get_bool(struct loader *ld, const cJSON *obj, const char *base, const char *key)
{
	return cJSON_IsTrue(json_member(&ld->types, obj, base, key, JSON_BOOL, 0));
}

/* An integer member in [lo, hi]: dflt when absent, lo - 1 when wrong. */
static long get_int(struct loader *ld, const cJSON *obj, const char *base, const char *key, long lo,
		    long hi, long dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	struct strbuf p = STRBUF_INIT;
	long r = dflt;

	if (!v)
		return dflt;
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long)v->valuedouble ||
	    v->valuedouble < (double)lo || v->valuedouble > (double)hi) {
		diag(ld, subpath(&p, base, key, 0), "expected an integer from %ld to %ld", lo, hi);
		r = lo - 1;
	} else {
		r = (long)v->valuedouble;
	}
	strbuf_release(&p);
	return r;
}

/*
 * The longest run of characters every match of the ERE re must contain,
 * from its top level only (groups, brackets, escapes other than of a
 * special character, and anything quantified break a run; a top-level
 * '|' means there is none). Into out: 1, 0 when there is none, -1 out of
 * memory.
 */
static int derive_literal(const char *re, struct strbuf *out)
{
	struct strbuf run = STRBUF_INIT;
	size_t i = 0, n = strlen(re);
	bool ok = true;

	strbuf_reset(out);
#define END_RUN()                                                                                  \
	do {                                                                                       \
		if (run.len > out->len) {                                                          \
			strbuf_reset(out);                                                         \
			ok &= strbuf_add(out, run.buf, run.len) == 0;                              \
		}                                                                                  \
		strbuf_reset(&run);                                                                \
	} while (0)
	while (i < n && ok) {
		char c = re[i];

		if (c == '|') {
			strbuf_reset(out);
			strbuf_release(&run);
			return 0;
		}
		if (c == '\\' && i + 1 < n) {
			if (strchr(".[]()*+?{}|^$\\", re[i + 1])) {
				ok &= strbuf_addch(&run, re[i + 1]) == 0;
			} else {
				END_RUN();
			}
			i += 2;
			continue;
		}
		if (c == '[') {
			/* skip the bracket expression: "[]" and "[^]" take a literal ']' */
			i++;
			if (i < n && re[i] == '^')
				i++;
			if (i < n && re[i] == ']')
				i++;
			while (i < n && re[i] != ']') {
				if (re[i] == '[' && i + 1 < n && strchr(":.=", re[i + 1])) {
					const char *close = strchr(re + i + 2, re[i + 1]);

					i = close && close[1] == ']' ? (size_t)(close - re) + 2
								     : i + 1;
					continue;
				}
				i++;
			}
			i++;
			END_RUN();
			continue;
		}
		if (c == '(') {
			size_t depth = 0;

			for (; i < n; i++) {
				if (re[i] == '\\') {
					i++;
				} else if (re[i] == '[') {
					/* a bracket inside the group: skip it whole */
					i++;
					if (i < n && re[i] == '^')
						i++;
					if (i < n && re[i] == ']')
						i++;
					while (i < n && re[i] != ']')
						i++;
				} else if (re[i] == '(') {
					depth++;
				} else if (re[i] == ')' && !--depth) {
					break;
				}
			}
			i++;
			END_RUN();
			continue;
		}
		if (c == '*' || c == '?' || c == '{') {
			/* the previous character is optional (or repeated): not in the run */
			if (run.len)
				run.buf[--run.len] = '\0';
			END_RUN();
			if (c == '{') {
				while (i < n && re[i] != '}')
					i++;
			}
			i++;
			continue;
		}
		if (c == '+' || c == '.' || c == '^' || c == '$') {
			END_RUN();
			i++;
			continue;
		}
		ok &= strbuf_addch(&run, c) == 0;
		i++;
	}
	END_RUN();
#undef END_RUN
	strbuf_release(&run);
	if (!ok)
		return -1;
	return out->len > 0;
}

static void load_pattern(struct loader *ld, struct fp_db *db, const cJSON *o, const char *path,
			 size_t comp, int part)
{
	static const char *const fields[] = { "regex",	    "literal", "version", "required",
					      "sufficient", "comment", NULL };
	struct strbuf sub = STRBUF_INIT, lit = STRBUF_INIT;
	struct fp_pattern *p;
	char *regex = NULL, *literal = NULL;
	long vgroup;
	int rc;

	if (!cJSON_IsObject(o)) {
		diag(ld, path, "expected an object with a \"regex\"");
		return;
	}
	check_fields(ld, o, path, fields);
	regex = get_string(ld, o, path, "regex", true);
	literal = get_string(ld, o, path, "literal", false);
	vgroup = get_int(ld, o, path, "version", 1, MAX_GROUPS, part >= 0 ? 1 : 0);
	if (db->nr_pat == db->alloc_pat) {
		size_t na = db->alloc_pat ? db->alloc_pat * 2 : 64;
		struct fp_pattern *np = realloc(db->pat, na * sizeof(*np));

		if (!np) {
			ld->oom = true;
			goto out;
		}
		db->pat = np;
		db->alloc_pat = na;
	}
	p = &db->pat[db->nr_pat];
	memset(p, 0, sizeof(*p));
	p->comp = comp;
	p->part = part;
	p->vgroup = (int)vgroup;
	p->required = get_bool(ld, o, path, "required");
	p->sufficient = get_bool(ld, o, path, "sufficient");
	if (!regex)
		goto out;
	if (strlen(regex) > MAX_REGEX_LEN) {
		diag(ld, subpath(&sub, path, "regex", 0), "longer than %d bytes", MAX_REGEX_LEN);
		goto out;
	}
	rc = regcomp(&p->re, regex, REG_EXTENDED | REG_NEWLINE | (vgroup > 0 ? 0 : REG_NOSUB));
	if (rc) {
		char msg[256];

		regerror(rc, &p->re, msg, sizeof(msg));
		diag(ld, subpath(&sub, path, "regex", 0), "invalid regular expression: %s", msg);
		goto out;
	}
	p->compiled = true;
	if (vgroup > 0 && (size_t)vgroup > p->re.re_nsub) {
		diag(ld, subpath(&sub, path, "version", 0),
		     "the regex has %zu capture group%s, not %ld", (size_t)p->re.re_nsub,
		     p->re.re_nsub == 1 ? "" : "s", vgroup);
		regfree(&p->re);
		goto out;
	}
	if (literal) {
		size_t n = strlen(literal);

		if (n < FP_MIN_LITERAL || n > MAX_LITERAL_LEN || strchr(literal, '\n')) {
			diag(ld, subpath(&sub, path, "literal", 0),
			     "expected %d to %d characters on one line", FP_MIN_LITERAL,
			     MAX_LITERAL_LEN);
			regfree(&p->re);
			goto out;
		}
		p->literal = literal;
		literal = NULL;
	} else {
		int d = derive_literal(regex, &lit);

		if (d < 0) {
			ld->oom = true;
			regfree(&p->re);
			goto out;
		}
		if (!d || lit.len < FP_MIN_LITERAL) {
			diag(ld, subpath(&sub, path, "regex", 0),
			     "no literal of %d characters that every match contains could be "
			     "derived: give one in \"literal\"",
			     FP_MIN_LITERAL);
			regfree(&p->re);
			goto out;
		}
		if (lit.len > MAX_LITERAL_LEN)
			lit.len = MAX_LITERAL_LEN;
		p->literal = strndup(lit.buf, lit.len);
		if (!p->literal) {
			ld->oom = true;
			regfree(&p->re);
			goto out;
		}
	}
	p->litlen = strlen(p->literal);
	p->hash = hash4(p->literal);
	db->nr_pat++;
out:
	free(regex);
	free(literal);
	strbuf_release(&sub);
	strbuf_release(&lit);
}

/* A new, zeroed component at the end of db->comp; NULL when out of memory. */
static struct fp_component *new_component(struct loader *ld, struct fp_db *db)
{
	struct fp_component *c;

	if (db->nr_comp == db->alloc_comp) {
		size_t na = db->alloc_comp ? db->alloc_comp * 2 : 32;
		struct fp_component *nc = realloc(db->comp, na * sizeof(*nc));

		if (!nc) {
			ld->oom = true;
			return NULL;
		}
		db->comp = nc;
		db->alloc_comp = na;
	}
	c = &db->comp[db->nr_comp];
	memset(c, 0, sizeof(*c));
	strvec_init(&c->file_names);
	c->first = db->nr_pat;
	db->nr_comp++; /* from here on, released with the database or by fpi_db_truncate() */
	return c;
}

/* A diagnostic when an earlier component (of this file or an earlier one) has c's name. */
static void check_unique_name(struct loader *ld, const struct fp_db *db,
			      const struct fp_component *c, const char *path, size_t nr_before,
			      struct strbuf *sub)
{
	size_t i;

	for (i = 0; i + 1 < db->nr_comp; i++) {
		if (db->comp[i].name && !strcmp(db->comp[i].name, c->name)) {
			diag(ld, subpath(sub, path, "name", 0), "\"%s\" is %s", c->name,
			     i < nr_before ? "already loaded (from an earlier file)"
					   : "given twice in this file");
			break;
		}
	}
}

/* The optional "file_names" (patterns without '/') into c->file_names. */
static void load_file_names(struct loader *ld, struct fp_component *c, const cJSON *o,
			    const char *path, struct strbuf *sub, struct strbuf *sub2)
{
	const cJSON *names = cJSON_GetObjectItemCaseSensitive(o, "file_names"), *e;
	size_t i;

	if (names) {
		subpath(sub, path, "file_names", 0);
		if (!cJSON_IsArray(names) || !cJSON_GetArraySize(names)) {
			diag(ld, sub->buf, "expected a non-empty array of file name patterns");
		} else {
			i = 0;
			cJSON_ArrayForEach(e, names)
			{
				if (!cJSON_IsString(e) || !*e->valuestring ||
				    strchr(e->valuestring, '/'))
					diag(ld, subpath(sub2, sub->buf, NULL, i),
					     "expected a file name pattern (no '/')");
				else if (strvec_push(&c->file_names, e->valuestring))
					ld->oom = true;
				i++;
			}
		}
	}
}

/* The required "patterns" of the last component; how many were given (0 if none). */
static size_t load_patterns(struct loader *ld, struct fp_db *db, const cJSON *o, const char *path,
			    struct strbuf *sub, struct strbuf *sub2)
{
	const cJSON *pats = cJSON_GetObjectItemCaseSensitive(o, "patterns"), *e;
	size_t i, np = 0;

	subpath(sub, path, "patterns", 0);
	if (!pats) {
		diag(ld, path, "\"patterns\" is missing");
	} else if (!cJSON_IsArray(pats) || !cJSON_GetArraySize(pats)) {
		diag(ld, sub->buf, "expected a non-empty array of patterns");
	} else {
		np = (size_t)cJSON_GetArraySize(pats);
		i = 0;
		cJSON_ArrayForEach(e, pats)
		{
			if (i >= MAX_PATTERNS) {
				diag(ld, sub->buf, "more than %d patterns", MAX_PATTERNS);
				break;
			}
			load_pattern(ld, db, e, subpath(sub2, sub->buf, NULL, i), db->nr_comp - 1,
				     -1);
			i++;
		}
	}
	return np;
}

/*
 * The optional "version_parts" of the last component, which has np
 * patterns; how many were loaded (0 if none). errors: ld->errors before it.
 */
static size_t load_version_parts(struct loader *ld, struct fp_db *db, const cJSON *o,
				 const char *path, size_t np, size_t errors, struct strbuf *sub,
				 struct strbuf *sub2)
{
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(o, "version_parts"), *e;
	size_t i, nparts = 0;

	if (parts) {
		subpath(sub, path, "version_parts", 0);
		if (!cJSON_IsArray(parts) || cJSON_GetArraySize(parts) < 2 ||
		    cJSON_GetArraySize(parts) > MAX_PARTS) {
			diag(ld, sub->buf, "expected an array of 2 to %d patterns", MAX_PARTS);
		} else if (np + (size_t)cJSON_GetArraySize(parts) > MAX_PATTERNS) {
			diag(ld, sub->buf, "more than %d patterns with the version parts",
			     MAX_PATTERNS);
		} else {
			i = 0;
			cJSON_ArrayForEach(e, parts)
			{
				load_pattern(ld, db, e, subpath(sub2, sub->buf, NULL, i),
					     db->nr_comp - 1, (int)i);
				i++;
			}
			nparts = i;
			for (i = 0; i < nparts && ld->errors == errors; i++) {
				const struct fp_pattern *pp = &db->pat[db->nr_pat - nparts + i];

				if (pp->required || pp->sufficient)
					diag(ld, subpath(sub2, sub->buf, NULL, i),
					     "\"required\" and \"sufficient\" are for patterns, "
					     "not "
					     "version parts");
			}
		}
	}
	return nparts;
}

static void load_component(struct loader *ld, struct fp_db *db, const cJSON *o, const char *path,
			   size_t nr_before)
{
	static const char *const fields[] = { "name",	 "supplier",	"license",  "purl",
					      "cpe",	 "file_names",	"patterns", "version_parts",
					      "require", "description", "comment",  NULL };
	struct strbuf sub = STRBUF_INIT, sub2 = STRBUF_INIT;
	struct fp_component *c;
	size_t errors = ld->errors, np, nparts;
	long require;

	if (!cJSON_IsObject(o)) {
		json_report_wrong(&ld->types, path, JSON_OBJECT);
		return;
	}
	c = new_component(ld, db);
	if (!c)
		return;
	check_fields(ld, o, path, fields);
	c->name = get_string(ld, o, path, "name", true);
	c->supplier = get_string(ld, o, path, "supplier", false);
	c->license = get_string(ld, o, path, "license", false);
	c->purl = get_string(ld, o, path, "purl", false);
	c->cpe = get_string(ld, o, path, "cpe", false);
	if (c->name)
		check_unique_name(ld, db, c, path, nr_before, &sub);
	load_file_names(ld, c, o, path, &sub, &sub2);
	np = load_patterns(ld, db, o, path, &sub, &sub2);
	nparts = load_version_parts(ld, db, o, path, np, errors, &sub, &sub2);
	require = get_int(ld, o, path, "require", 1, (long)(np + (nparts ? 1 : 0)),
			  (long)(np + (nparts ? 1 : 0)));
	if (ld->errors != errors || ld->oom)
		goto out;
	c->nr_patterns = db->nr_pat - c->first;
	c->nr_parts = nparts;
	c->require = (size_t)require;
out:
	strbuf_release(&sub);
	strbuf_release(&sub2);
}

int fp_db_load_buffer(struct fp_db *db, const char *name, const char *text, size_t len,
		      struct strbuf *err)
{
	static const char *const top_fields[] = { "souptrace-fingerprints", "components",
						  "description", "comment", NULL };
	struct loader ld = { name, STRBUF_INIT, 0, false, { type_error, NULL } };
	size_t nr_comp = db->nr_comp, nr_pat = db->nr_pat, i = 0;
	struct strbuf sub = STRBUF_INIT;
	const cJSON *comps, *e;
	cJSON *root;

	ld.types.ctx = &ld;
	root = json_parse_document(name, text, len, &ld.diag);
	if (!root) {
		ld.errors++;
		goto fail;
	}
	if (!cJSON_IsObject(root)) {
		diag(&ld, "",
		     "expected an object {\"souptrace-fingerprints\": %d, \"components\": "
		     "[...]}",
		     FP_FORMAT_VERSION);
		goto fail_root;
	}
	check_fields(&ld, root, "", top_fields);
	if (!cJSON_GetObjectItemCaseSensitive(root, "souptrace-fingerprints")) {
		diag(&ld, "",
		     "\"souptrace-fingerprints\": %d is missing (is this a fingerprint "
		     "file?)",
		     FP_FORMAT_VERSION);
	} else {
		get_int(&ld, root, "", "souptrace-fingerprints", FP_FORMAT_VERSION,
			FP_FORMAT_VERSION, 0);
	}
	comps = cJSON_GetObjectItemCaseSensitive(root, "components");
	if (!comps) {
		diag(&ld, "", "\"components\" is missing");
	} else if (!cJSON_IsArray(comps)) {
		json_report_wrong(&ld.types, "components", JSON_ARRAY);
	} else if (cJSON_GetArraySize(comps) > MAX_COMPONENTS) {
		diag(&ld, "components", "more than %d components", MAX_COMPONENTS);
	} else {
		cJSON_ArrayForEach(e, comps)
		{
			load_component(&ld, db, e, subpath(&sub, "components", NULL, i), nr_comp);
			if (ld.oom)
				break;
			i++;
		}
	}
fail_root:
	cJSON_Delete(root);
fail:
	strbuf_release(&sub);
	if (ld.oom || ld.errors) {
		fpi_db_truncate(db, nr_comp, nr_pat);
		if (err) {
			if (ld.oom)
				strbuf_addf(err, "%s: out of memory\n", name);
			else
				strbuf_add(err, ld.diag.buf, ld.diag.len);
		}
		strbuf_release(&ld.diag);
		return -1;
	}
	strbuf_release(&ld.diag);
	fpi_db_index(db);
	return 0;
}

int fp_db_load_file(struct fp_db *db, const char *path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	int r;

	if (strbuf_read_file(&text, path, MAX_DB_FILE_SIZE) < 0) {
		if (err)
			strbuf_addf(err, "%s: %s\n", path,
				    errno == EFBIG ? "larger than 4 MiB: not a fingerprint file"
						   : strerror(errno));
		strbuf_release(&text);
		return -1;
	}
	r = fp_db_load_buffer(db, path, text.buf, text.len, err);
	strbuf_release(&text);
	return r;
}

int fp_db_load_default(struct fp_db **out, struct strbuf *err)
{
	struct fp_db *db;

	if (fp_db_new(&db, err))
		return -1;
	if (fp_db_load_buffer(db, "fingerprints.json (built in)",
			      (const char *)fingerprints_default_json,
			      fingerprints_default_json_len, err)) {
		fp_db_free(db);
		return -1;
	}
	*out = db;
	return 0;
}
