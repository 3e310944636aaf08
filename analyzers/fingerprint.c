/* SPDX-License-Identifier: Apache-2.0 */
#include "fingerprint.h"

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
#include "pathutil.h"

#include "banned.h"

/* Generated from data/fingerprints.json by cmake/embed.cmake. */
extern const unsigned char fingerprints_default_json[];
extern const size_t fingerprints_default_json_len;

#define FP_FORMAT_VERSION 1
#define MAX_DB_FILE_SIZE  ((size_t)4 << 20)
#define MAX_COMPONENTS    4096 /* per file */
#define MAX_PATTERNS      32   /* per component, version parts included */
#define MAX_PARTS         4
#define MAX_REGEX_LEN     1024
#define MAX_LITERAL_LEN   256
#define MAX_GROUPS        9
#define MAX_VERSION_LEN   64
#define MAX_DIAG_LINES    50

/* The prefilter: a bitmap over a hash of the first 4 bytes of each literal. */
#define HASH_BITS  16
#define CHAIN_BITS 12

struct fp_pattern {
	regex_t re;
	bool compiled;
	char *literal;
	size_t litlen;
	uint32_t hash;   /* HASH_BITS of the literal's first 4 bytes */
	int chain_next;  /* next pattern in the same chain, or -1 */
	int vgroup;      /* capture group of the version, 0 for none */
	bool required;   /* must hit */
	bool sufficient; /* hits the component alone */
	size_t comp;     /* owning component */
	int part;        /* index in version_parts, or -1 */
};

struct fp_component {
	char *name, *supplier, *license, *purl, *cpe;
	struct strvec file_names;
	size_t first, nr_patterns; /* db->pat[first .. first + nr_patterns) */
	size_t nr_parts;           /* the last nr_parts of those are version parts */
	size_t require;            /* distinct hits needed (parts count as one) */
};

struct fp_db {
	struct fp_component *comp;
	size_t nr_comp, alloc_comp;
	struct fp_pattern *pat;
	size_t nr_pat, alloc_pat;
	uint64_t bitmap[(1u << HASH_BITS) / 64];
	int chain[1u << CHAIN_BITS];
};

/* ---------------------------------------------------------------- helpers */

static uint32_t hash4(const char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return (w * 2654435761u) >> (32 - HASH_BITS);
}

/* ---------------------------------------------------------------- the database */

static void pattern_release(struct fp_pattern *p)
{
	if (p->compiled)
		regfree(&p->re);
	free(p->literal);
}

static void component_release(struct fp_component *c)
{
	free(c->name);
	free(c->supplier);
	free(c->license);
	free(c->purl);
	free(c->cpe);
	strvec_clear(&c->file_names);
}

/* Drop components and patterns beyond the given counts (undo a failed load). */
static void db_truncate(struct fp_db *db, size_t nr_comp, size_t nr_pat)
{
	while (db->nr_pat > nr_pat)
		pattern_release(&db->pat[--db->nr_pat]);
	while (db->nr_comp > nr_comp)
		component_release(&db->comp[--db->nr_comp]);
}

void fp_db_free(struct fp_db *db)
{
	if (!db)
		return;
	db_truncate(db, 0, 0);
	free(db->comp);
	free(db->pat);
	free(db);
}

int fp_db_new(struct fp_db **out, struct strbuf *err)
{
	struct fp_db *db = calloc(1, sizeof(*db));

	*out = NULL;
	if (!db) {
		if (err)
			strbuf_addstr(err, "fingerprints: out of memory");
		return -1;
	}
	memset(db->chain, 0xff, sizeof(db->chain)); /* every head -1 */
	*out = db;
	return 0;
}

size_t fp_db_count(const struct fp_db *db)
{
	return db ? db->nr_comp : 0;
}

const char *fp_db_name(const struct fp_db *db, size_t i)
{
	return db && i < db->nr_comp ? db->comp[i].name : NULL;
}

/* Rebuild the prefilter from every pattern (after a load). */
static void db_index(struct fp_db *db)
{
	size_t i;

	memset(db->bitmap, 0, sizeof(db->bitmap));
	memset(db->chain, 0xff, sizeof(db->chain));
	/* backwards, so that each chain lists its patterns in database order */
	for (i = db->nr_pat; i-- > 0;) {
		struct fp_pattern *p = &db->pat[i];

		db->bitmap[p->hash / 64] |= (uint64_t)1 << (p->hash % 64);
		p->chain_next = db->chain[p->hash >> (HASH_BITS - CHAIN_BITS)];
		db->chain[p->hash >> (HASH_BITS - CHAIN_BITS)] = (int)i;
	}
}

/* ---------------------------------------------------------------- loading */

struct loader {
	const char *name;
	struct strbuf diag;
	size_t errors;
	bool oom;
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

/* A string member, copied: NULL when absent or wrong (an error then). */
static char *get_string(struct loader *ld, const cJSON *obj, const char *base, const char *key,
                        bool needed)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	struct strbuf p = STRBUF_INIT;
	char *s = NULL;

	if (!v) {
		if (needed)
			diag(ld, base, "\"%s\" is missing", key);
	} else if (!cJSON_IsString(v)) {
		diag(ld, subpath(&p, base, key, 0), "expected a string");
	} else if (needed && !*v->valuestring) {
		diag(ld, subpath(&p, base, key, 0), "is empty");
	} else if (!(s = strdup(v->valuestring))) {
		ld->oom = true;
	}
	strbuf_release(&p);
	return s;
}

/* A boolean member: false when absent. */
static bool get_bool(struct loader *ld, const cJSON *obj, const char *base, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	struct strbuf p = STRBUF_INIT;

	if (v && !cJSON_IsBool(v))
		diag(ld, subpath(&p, base, key, 0), "expected true or false");
	strbuf_release(&p);
	return v && cJSON_IsTrue(v);
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
	static const char *const fields[] = {"regex",      "literal", "version", "required",
	                                     "sufficient", "comment", NULL};
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

static void load_component(struct loader *ld, struct fp_db *db, const cJSON *o, const char *path,
                           size_t nr_before)
{
	static const char *const fields[] = {"name",    "supplier",    "license",  "purl",
	                                     "cpe",     "file_names",  "patterns", "version_parts",
	                                     "require", "description", "comment",  NULL};
	struct strbuf sub = STRBUF_INIT, sub2 = STRBUF_INIT;
	struct fp_component *c;
	const cJSON *pats, *parts, *names, *e;
	size_t i, errors = ld->errors, np = 0, nparts = 0;
	long require;

	if (!cJSON_IsObject(o)) {
		diag(ld, path, "expected an object");
		return;
	}
	if (db->nr_comp == db->alloc_comp) {
		size_t na = db->alloc_comp ? db->alloc_comp * 2 : 32;
		struct fp_component *nc = realloc(db->comp, na * sizeof(*nc));

		if (!nc) {
			ld->oom = true;
			return;
		}
		db->comp = nc;
		db->alloc_comp = na;
	}
	c = &db->comp[db->nr_comp];
	memset(c, 0, sizeof(*c));
	strvec_init(&c->file_names);
	c->first = db->nr_pat;
	db->nr_comp++; /* from here on, released with the database or by db_truncate() */
	check_fields(ld, o, path, fields);
	c->name = get_string(ld, o, path, "name", true);
	c->supplier = get_string(ld, o, path, "supplier", false);
	c->license = get_string(ld, o, path, "license", false);
	c->purl = get_string(ld, o, path, "purl", false);
	c->cpe = get_string(ld, o, path, "cpe", false);
	if (c->name) {
		for (i = 0; i + 1 < db->nr_comp; i++) {
			if (db->comp[i].name && !strcmp(db->comp[i].name, c->name)) {
				diag(ld, subpath(&sub, path, "name", 0), "\"%s\" is %s", c->name,
				     i < nr_before ? "already loaded (from an earlier file)"
				                   : "given twice in this file");
				break;
			}
		}
	}
	names = cJSON_GetObjectItemCaseSensitive(o, "file_names");
	if (names) {
		subpath(&sub, path, "file_names", 0);
		if (!cJSON_IsArray(names) || !cJSON_GetArraySize(names)) {
			diag(ld, sub.buf, "expected a non-empty array of file name patterns");
		} else {
			i = 0;
			cJSON_ArrayForEach(e, names)
			{
				if (!cJSON_IsString(e) || !*e->valuestring ||
				    strchr(e->valuestring, '/'))
					diag(ld, subpath(&sub2, sub.buf, NULL, i),
					     "expected a file name pattern (no '/')");
				else if (strvec_push(&c->file_names, e->valuestring))
					ld->oom = true;
				i++;
			}
		}
	}
	pats = cJSON_GetObjectItemCaseSensitive(o, "patterns");
	subpath(&sub, path, "patterns", 0);
	if (!pats) {
		diag(ld, path, "\"patterns\" is missing");
	} else if (!cJSON_IsArray(pats) || !cJSON_GetArraySize(pats)) {
		diag(ld, sub.buf, "expected a non-empty array of patterns");
	} else {
		np = (size_t)cJSON_GetArraySize(pats);
		i = 0;
		cJSON_ArrayForEach(e, pats)
		{
			if (i >= MAX_PATTERNS) {
				diag(ld, sub.buf, "more than %d patterns", MAX_PATTERNS);
				break;
			}
			load_pattern(ld, db, e, subpath(&sub2, sub.buf, NULL, i), db->nr_comp - 1,
			             -1);
			i++;
		}
	}
	parts = cJSON_GetObjectItemCaseSensitive(o, "version_parts");
	if (parts) {
		subpath(&sub, path, "version_parts", 0);
		if (!cJSON_IsArray(parts) || cJSON_GetArraySize(parts) < 2 ||
		    cJSON_GetArraySize(parts) > MAX_PARTS) {
			diag(ld, sub.buf, "expected an array of 2 to %d patterns", MAX_PARTS);
		} else if (np + (size_t)cJSON_GetArraySize(parts) > MAX_PATTERNS) {
			diag(ld, sub.buf, "more than %d patterns with the version parts",
			     MAX_PATTERNS);
		} else {
			i = 0;
			cJSON_ArrayForEach(e, parts)
			{
				load_pattern(ld, db, e, subpath(&sub2, sub.buf, NULL, i),
				             db->nr_comp - 1, (int)i);
				i++;
			}
			nparts = i;
			for (i = 0; i < nparts && ld->errors == errors; i++) {
				const struct fp_pattern *pp = &db->pat[db->nr_pat - nparts + i];

				if (pp->required || pp->sufficient)
					diag(
					    ld, subpath(&sub2, sub.buf, NULL, i),
					    "\"required\" and \"sufficient\" are for patterns, not "
					    "version parts");
			}
		}
	}
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

static void line_col(const char *text, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

int fp_db_load_buffer(struct fp_db *db, const char *name, const char *text, size_t len,
                      struct strbuf *err)
{
	static const char *const top_fields[] = {"souptrace-fingerprints", "components",
	                                         "description", "comment", NULL};
	struct loader ld = {name, STRBUF_INIT, 0, false};
	size_t nr_comp = db->nr_comp, nr_pat = db->nr_pat, i = 0;
	struct strbuf sub = STRBUF_INIT;
	const char *end = NULL;
	const cJSON *comps, *e;
	cJSON *root;

	if (memchr(text, '\0', len)) {
		diag(&ld, "", "a NUL byte: not a JSON text");
		goto fail;
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : len;
		size_t line, col, k;
		struct strbuf near = STRBUF_INIT;

		line_col(text, off, &line, &col);
		for (k = off; k < len && k < off + 20 && text[k] != '\n'; k++)
			strbuf_addch(&near, text[k] >= ' ' && text[k] != 0x7f ? text[k] : '?');
		ld.errors++;
		strbuf_addf(&ld.diag, "%s:%zu:%zu: malformed JSON%s%s%s\n", name, line, col,
		            near.len ? " at '" : " (the text ends early)", near.buf,
		            near.len ? "'" : "");
		strbuf_release(&near);
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
		diag(&ld, "components", "expected an array");
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
		db_truncate(db, nr_comp, nr_pat);
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
	db_index(db);
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

/* ---------------------------------------------------------------- results */

void fp_result_init(struct fp_result *res)
{
	memset(res, 0, sizeof(*res));
}

static void hit_release(struct fp_hit *h)
{
	free(h->version);
	free(h->purl);
	free(h->cpe);
	free(h->file);
	free(h->evidence);
	strvec_clear(&h->matches);
}

void fp_result_release(struct fp_result *res)
{
	size_t i;

	for (i = 0; i < res->nr; i++)
		hit_release(&res->hits[i]);
	free(res->hits);
	fp_result_init(res);
}

/* ---------------------------------------------------------------- scanning */

/* What one pattern found in one file. */
struct pstate {
	bool hit;
	bool conflict;    /* two different versions */
	size_t line;      /* of the first hit */
	size_t last_line; /* last line the regex ran on, to run it once per line */
	char *text;       /* the first hit's line, cleaned */
	char *version;    /* the first valid version captured */
};

struct scan {
	const struct fp_db *db;
	const char *name;
	const char *data;
	size_t len;
	struct pstate *ps;
	bool *active; /* per component: its file name condition holds */
	/* line tracking: lines up to pos counted */
	size_t pos, line, line_start;
	char buf[FP_MAX_LINE + 1];
	bool oom;
};

/* The cleaned evidence text of a line: trimmed, bounded, control bytes as '?'. */
static char *clean_line(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	bool cut = false;

	while (n && (*s == ' ' || *s == '\t' || *s == '\f' || *s == '\v'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\f' || s[n - 1] == '\v' ||
	             s[n - 1] == '\r'))
		n--;
	if (n > FP_MAX_EVIDENCE) {
		n = FP_MAX_EVIDENCE;
		/* do not cut a UTF-8 sequence: back off over continuation bytes */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = true;
	}
	if (strbuf_grow(&sb, n + 4))
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		strbuf_addch(&sb, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	if (cut)
		strbuf_addstr(&sb, "...");
	return strbuf_detach(&sb, NULL);
}

static bool valid_version(const char *s, size_t n)
{
	size_t i;

	if (!n || n > MAX_VERSION_LEN || !ascii_is_digit(s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!ascii_is_alnum(s[i]) && !strchr(".+~_-", s[i]))
			return false;
	return true;
}

/* Advance the line count to pos (monotonic). */
static void advance(struct scan *sc, size_t pos)
{
	const char *p = sc->data + sc->pos, *e = sc->data + pos;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));

		if (!nl)
			break;
		sc->line++;
		sc->line_start = (size_t)(nl - sc->data) + 1;
		p = nl + 1;
	}
	sc->pos = pos;
}

/* The literal of pattern pi is at pos: run its regex on the line. */
static void try_pattern(struct scan *sc, size_t pi, size_t pos)
{
	const struct fp_pattern *p = &sc->db->pat[pi];
	struct pstate *st = &sc->ps[pi];
	regmatch_t m[MAX_GROUPS + 1];
	const char *ls, *nl;
	size_t n;

	if (!sc->active[p->comp])
		return;
	if (st->hit && !p->vgroup)
		return; /* nothing more to learn */
	advance(sc, pos);
	if (st->last_line == sc->line)
		return;
	st->last_line = sc->line;
	if (pos + p->litlen - sc->line_start > FP_MAX_LINE)
		return; /* beyond the part of the line a regex sees */
	ls = sc->data + sc->line_start;
	n = sc->len - sc->line_start;
	if (n > FP_MAX_LINE)
		n = FP_MAX_LINE;
	nl = memchr(ls, '\n', n);
	if (nl)
		n = (size_t)(nl - ls);
	if (n && ls[n - 1] == '\r')
		n--;
	if (memchr(ls, '\0', n))
		return;
	memcpy(sc->buf, ls, n);
	sc->buf[n] = '\0';
	if (regexec(&p->re, sc->buf, p->vgroup ? (size_t)p->vgroup + 1 : 0, m, 0))
		return;
	if (!st->hit) {
		st->hit = true;
		st->line = sc->line;
		st->text = clean_line(ls, n);
		if (!st->text)
			sc->oom = true;
	}
	if (p->vgroup && m[p->vgroup].rm_so >= 0) {
		const char *v = sc->buf + m[p->vgroup].rm_so;
		size_t vn = (size_t)(m[p->vgroup].rm_eo - m[p->vgroup].rm_so);

		if (!valid_version(v, vn))
			return;
		if (!st->version) {
			st->version = strndup(v, vn);
			if (!st->version)
				sc->oom = true;
		} else if (strlen(st->version) != vn || memcmp(st->version, v, vn)) {
			st->conflict = true;
		}
	}
}

static void find_literals(struct scan *sc)
{
	const struct fp_db *db = sc->db;
	const char *d = sc->data;
	size_t i, len = sc->len;

	if (len < FP_MIN_LITERAL)
		return;
	for (i = 0; i + FP_MIN_LITERAL <= len && !sc->oom; i++) {
		uint32_t h = hash4(d + i);
		int pi;

		if (!(db->bitmap[h / 64] & ((uint64_t)1 << (h % 64))))
			continue;
		for (pi = db->chain[h >> (HASH_BITS - CHAIN_BITS)]; pi >= 0;
		     pi = db->pat[pi].chain_next) {
			const struct fp_pattern *p = &db->pat[pi];

			if (p->hash == h && p->litlen <= len - i &&
			    !memcmp(d + i, p->literal, p->litlen))
				try_pattern(sc, (size_t)pi, i);
		}
	}
}

/* Numeric versions agree when equal once trailing ".0" are dropped. */
static bool versions_agree(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na > 2 && a[na - 1] == '0' && a[na - 2] == '.')
		na -= 2;
	while (nb > 2 && b[nb - 1] == '0' && b[nb - 2] == '.')
		nb -= 2;
	return na == nb && !memcmp(a, b, na);
}

/* CPE 2.3 formatted string: quote everything but letters, digits, '.', '-', '_'. */
static int add_cpe_value(struct strbuf *sb, const char *v)
{
	for (; *v; v++) {
		if (!ascii_is_alnum(*v) && *v != '.' && *v != '-' && *v != '_' && strbuf_addch(sb, '\\'))
			return -1;
		if (strbuf_addch(sb, *v))
			return -1;
	}
	return 0;
}

/* purl version: percent-encode what is not unreserved. */
static int add_purl_value(struct strbuf *sb, const char *v)
{
	for (; *v; v++) {
		int r = ascii_is_alnum(*v) || strchr(".-_~", *v)
		            ? strbuf_addch(sb, *v)
		            : strbuf_addf(sb, "%%%02X", (unsigned char)*v);
		if (r)
			return -1;
	}
	return 0;
}

/* Fill a template's {version}; *out NULL when tmpl is NULL or needs a missing version. */
static int fill_template(const char *tmpl, const char *version, bool purl, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = tmpl, *v;

	*out = NULL;
	if (!tmpl)
		return 0;
	while ((v = strstr(p, "{version}"))) {
		size_t pre = (size_t)(v - p);

		if (!version) {
			if (!purl) {
				strbuf_release(&sb);
				return 0;
			}
			/* a purl without a version is still an identity */
			if (pre && p[pre - 1] == '@')
				pre--;
		}
		if (strbuf_add(&sb, p, pre))
			goto nomem;
		if (version && (purl ? add_purl_value(&sb, version) : add_cpe_value(&sb, version)))
			goto nomem;
		p = v + strlen("{version}");
	}
	if (strbuf_addstr(&sb, p))
		goto nomem;
	*out = strbuf_detach(&sb, NULL);
	return 0;
nomem:
	strbuf_release(&sb);
	return -1;
}

static int add_match(struct fp_hit *h, const char *name, size_t line, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_addf(&sb, "%s:%zu: %s", name, line, text))
		return -1;
	return strvec_push_nodup(&h->matches, strbuf_detach(&sb, NULL));
}

/* Decide component ci and append its hit: 0, -1 out of memory. */
static int conclude(struct scan *sc, size_t ci, struct fp_result *res)
{
	const struct fp_component *c = &sc->db->comp[ci];
	const struct pstate *ps = sc->ps + c->first;
	size_t np = c->nr_patterns - c->nr_parts, i, hits = 0, evi = SIZE_MAX, vsrc = SIZE_MAX;
	bool parts_hit = c->nr_parts > 0, sufficient = false, conflict = false;
	struct strbuf ver = STRBUF_INIT;
	struct fp_hit *h;

	for (i = 0; i < np; i++) {
		const struct fp_pattern *p = &sc->db->pat[c->first + i];

		if (p->required && !ps[i].hit)
			return 0;
		if (ps[i].hit) {
			hits++;
			sufficient |= p->sufficient;
			if (evi == SIZE_MAX)
				evi = i;
		}
	}
	for (i = np; i < c->nr_patterns; i++)
		parts_hit &= ps[i].hit;
	if (parts_hit)
		hits++;
	if (hits < c->require && !sufficient)
		return 0;

	/* the version: every source that states one must agree */
	for (i = 0; i < np; i++) {
		if (!ps[i].hit || !sc->db->pat[c->first + i].vgroup)
			continue;
		conflict |= ps[i].conflict;
		if (!ps[i].version)
			continue;
		if (vsrc == SIZE_MAX) {
			vsrc = i;
			if (strbuf_addstr(&ver, ps[i].version))
				goto nomem;
		} else if (!versions_agree(ver.buf, ps[i].version)) {
			conflict = true;
		}
	}
	if (parts_hit) {
		struct strbuf pv = STRBUF_INIT;
		bool ok = true;

		for (i = np; i < c->nr_patterns; i++) {
			conflict |= ps[i].conflict;
			ok &= ps[i].version != NULL;
			if (ok && strbuf_addf(&pv, "%s%s", i > np ? "." : "", ps[i].version)) {
				strbuf_release(&pv);
				goto nomem;
			}
		}
		if (ok && pv.len <= MAX_VERSION_LEN) {
			if (vsrc == SIZE_MAX) {
				vsrc = np;
				if (strbuf_add(&ver, pv.buf, pv.len)) {
					strbuf_release(&pv);
					goto nomem;
				}
			} else if (!versions_agree(ver.buf, pv.buf)) {
				conflict = true;
			}
		}
		strbuf_release(&pv);
	}
	if (conflict)
		vsrc = SIZE_MAX;
	if (vsrc != SIZE_MAX)
		evi = vsrc;
	else if (evi == SIZE_MAX)
		evi = np; /* only the version parts hit */

	if (res->nr == res->alloc) {
		size_t na = res->alloc ? res->alloc * 2 : 4;
		struct fp_hit *nh = realloc(res->hits, na * sizeof(*nh));

		if (!nh)
			goto nomem;
		res->hits = nh;
		res->alloc = na;
	}
	h = &res->hits[res->nr];
	memset(h, 0, sizeof(*h));
	strvec_init(&h->matches);
	h->name = c->name;
	h->supplier = c->supplier;
	h->license = c->license;
	h->patterns_hit = hits;
	h->line = ps[evi].line;
	if (vsrc != SIZE_MAX && !(h->version = strbuf_detach(&ver, NULL)))
		goto nomem_hit;
	if (!(h->file = strdup(sc->name)))
		goto nomem_hit;
	if (fill_template(c->purl, h->version, true, &h->purl) ||
	    fill_template(c->cpe, h->version, false, &h->cpe))
		goto nomem_hit;
	{
		struct strbuf ev = STRBUF_INIT;

		if (strbuf_addf(&ev, "%s:%zu: %s", sc->name, ps[evi].line,
		                ps[evi].text ? ps[evi].text : ""))
			goto nomem_hit;
		h->evidence = strbuf_detach(&ev, NULL);
	}
	for (i = 0; i < c->nr_patterns; i++)
		if (ps[i].hit && add_match(h, sc->name, ps[i].line, ps[i].text ? ps[i].text : ""))
			goto nomem_hit;
	res->nr++;
	strbuf_release(&ver);
	return 0;
nomem_hit:
	hit_release(h);
nomem:
	strbuf_release(&ver);
	return -1;
}

int fp_scan_buffer(const struct fp_db *db, const char *name, const char *data, size_t len,
                   struct fp_result *res, struct strbuf *err)
{
	struct scan *sc;
	const char *base = path_basename(name);
	size_t i, j;
	int ret = -1;

	sc = calloc(1, sizeof(*sc));
	if (!sc)
		goto nomem;
	sc->db = db;
	sc->name = name;
	sc->data = data;
	sc->len = len < FP_MAX_SCAN_SIZE ? len : FP_MAX_SCAN_SIZE;
	sc->line = 1;
	sc->ps = calloc(db->nr_pat ? db->nr_pat : 1, sizeof(*sc->ps));
	sc->active = calloc(db->nr_comp ? db->nr_comp : 1, sizeof(*sc->active));
	if (!sc->ps || !sc->active)
		goto nomem;
	for (i = 0; i < db->nr_comp; i++) {
		const struct fp_component *c = &db->comp[i];

		sc->active[i] = !c->file_names.nr;
		for (j = 0; j < c->file_names.nr && !sc->active[i]; j++)
			sc->active[i] = !fnmatch(c->file_names.v[j], base, 0);
	}
	find_literals(sc);
	if (sc->oom)
		goto nomem;
	for (i = 0; i < db->nr_comp; i++)
		if (sc->active[i] && conclude(sc, i, res))
			goto nomem;
	ret = 0;
	goto cleanup;
nomem:
	if (err)
		strbuf_addf(err, "%s: out of memory", name);
cleanup:
	if (sc && sc->ps) {
		for (i = 0; i < db->nr_pat; i++) {
			free(sc->ps[i].text);
			free(sc->ps[i].version);
		}
	}
	if (sc) {
		free(sc->ps);
		free(sc->active);
	}
	free(sc);
	return ret;
}

int fp_scan_file(const struct fp_db *db, const char *path, struct fp_result *res,
                 struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT;
	int ret = -1;

	if (strbuf_read_prefix(&data, path, FP_MAX_SCAN_SIZE, err) == 0)
		ret = fp_scan_buffer(db, path, data.buf, data.len, res, err);
	strbuf_release(&data);
	return ret;
}
