/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The component list: what is common to the readers (typed getters, the
 * adding of a component), the recognition of the format, and soup.json
 * (through the soup.json loader).
 */
#include "complist.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "complist_read.h"
#include "soup.h"
#include "alloc.h"
#include "banned.h"

#define MAX_DOC_SIZE (256u << 20)

static const char spdx3_context[] = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";

void complist_init(struct complist *l)
{
	memset(l, 0, sizeof(*l));
}

static void entry_release(struct complist_entry *e)
{
	free(e->name);
	free(e->version);
	free(e->supplier);
	free(e->license);
	free(e->kind);
	free(e->purl);
	free(e->ref);
}

void complist_release(struct complist *l)
{
	for (size_t i = 0; i < l->nr; i++)
		entry_release(&l->v[i]);
	free(l->v);
	free(l->serial);
	complist_init(l);
}

const char *complist_format_name(enum complist_format f)
{
	switch (f) {
	case COMPLIST_CYCLONEDX:
		return "CycloneDX";
	case COMPLIST_SPDX2:
		return "SPDX 2";
	case COMPLIST_SPDX3:
		return "SPDX 3";
	case COMPLIST_SOUP:
		return "soup.json";
	}
	return "?";
}

/* ---------------------------------------------------------------- getters */

void cl_error(struct cl_reader *r, const char *path, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(r->diag, "%s: error: %s%s", r->name, path, *path ? ": " : "");
	va_start(ap, fmt);
	strbuf_vaddf(r->diag, fmt, ap);
	va_end(ap);
	strbuf_addch(r->diag, '\n');
	r->errors++;
}

static void type_error(void *r, const char *msg)
{
	cl_error(r, "", "%s", msg);
}

/* Member key of obj, NULL when absent or null; wrong type: error, NULL. */
static const cJSON *member(struct cl_reader *r, const cJSON *obj, const char *base, const char *key,
			   enum json_type want)
{
	return json_member(&r->types, obj, base, key, want, JSON_NULL_ABSENT);
}

const char *cl_str(struct cl_reader *r, const cJSON *obj, const char *base, const char *key)
{
	const cJSON *v = member(r, obj, base, key, JSON_STRING);

	return v ? v->valuestring : NULL;
}

const cJSON *cl_arr(struct cl_reader *r, const cJSON *obj, const char *base, const char *key)
{
	return member(r, obj, base, key, JSON_ARRAY);
}

const cJSON *cl_obj(struct cl_reader *r, const cJSON *obj, const char *base, const char *key)
{
	return member(r, obj, base, key, JSON_OBJECT);
}

void cl_iter_array(struct cl_iter *it, struct cl_reader *r, const cJSON *arr, const char *arr_path,
		   enum json_type want)
{
	it->r = r;
	it->next = arr ? arr->child : NULL;
	it->want = want;
	strbuf_init(&it->arr_path);
	strbuf_addstr(&it->arr_path, arr_path);
	it->nr = 0;
	strbuf_init(&it->path);
}

void cl_iter_member(struct cl_iter *it, struct cl_reader *r, const cJSON *obj, const char *base,
		    const char *key, enum json_type want)
{
	const cJSON *arr = cl_arr(r, obj, base, key);

	cl_iter_array(it, r, arr, "", want);
	json_path(&it->arr_path, base, key);
}

const cJSON *cl_iter_next(struct cl_iter *it)
{
	while (it->next) {
		const cJSON *e = it->next;

		it->next = e->next;
		strbuf_reset(&it->path);
		strbuf_addf(&it->path, "%s[%zu]", it->arr_path.buf, it->nr++);
		if (json_is(e, it->want))
			return e;
		json_report_wrong(&it->r->types, it->path.buf, it->want);
	}
	return NULL;
}

void cl_iter_release(struct cl_iter *it)
{
	strbuf_release(&it->arr_path);
	strbuf_release(&it->path);
}

static int dup_opt(char **dst, const char *s)
{
	*dst = NULL;
	if (!s || !*s)
		return 0;
	*dst = strdup(s);
	return *dst ? 0 : -1;
}

/*
 * The length of a supplier without a trailing contact address ("Name
 * <a@b>", SPDX 2's "Name (a@b)"): what is compared is who supplies it.
 */
static size_t supplier_len(const char *s)
{
	size_t len = strlen(s);
	char close = len ? s[len - 1] : 0, open = close == '>' ? '<' : close == ')' ? '(' : 0;
	const char *o = open ? strrchr(s, open) : NULL;

	if (!o || o == s || !memchr(o, '@', (size_t)(s + len - o)))
		return len;
	while (o > s && o[-1] == ' ')
		o--;
	return o == s ? len : (size_t)(o - s);
}

int cl_add(struct cl_reader *r, const char *path, const char *name, const char *version,
	   const char *supplier, const char *license, const char *kind)
{
	struct complist *l = r->list;
	struct complist_entry *e;
	char *who = NULL;

	if (!name || !*name) {
		cl_error(r, path, "a component needs a \"name\"");
		return -1;
	}
	ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	if (supplier && !(who = strndup(supplier, supplier_len(supplier)))) {
		cl_error(r, path, "out of memory");
		return -1;
	}
	e = &l->v[l->nr];
	memset(e, 0, sizeof(*e)); /* a copy that fails leaves the later ones unset */
	if (dup_opt(&e->name, name) || dup_opt(&e->version, version) ||
	    dup_opt(&e->supplier, who) || dup_opt(&e->license, license) ||
	    dup_opt(&e->kind, kind)) {
		entry_release(e);
		free(who);
		cl_error(r, path, "out of memory");
		return -1;
	}
	free(who);
	l->nr++;
	return 0;
}

/* s is "( ... )" with the first parenthesis closed by the last character. */
static bool parenthesised(const char *s)
{
	size_t len = strlen(s), depth = 0;

	if (len < 2 || s[0] != '(' || s[len - 1] != ')')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth && --depth == 0)
			return i == len - 1;
	}
	return false;
}

char *cl_license_join(const struct strvec *parts, bool *oom)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	if (!parts->nr)
		return NULL;
	for (size_t i = 0; i < parts->nr; i++) {
		const char *p = parts->v[i];
		bool wrap = parts->nr > 1 && strchr(p, ' ') && !parenthesised(p);

		rc |= strbuf_addf(&sb, "%s%s%s%s", i ? " AND " : "", wrap ? "(" : "", p,
				  wrap ? ")" : "");
	}
	if (rc) {
		strbuf_release(&sb);
		*oom = true;
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* ------------------------------------------------------------- recognition */

static bool member_is(const cJSON *root, const char *key, const char *value, size_t prefix)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

	if (!cJSON_IsString(v))
		return false;
	return prefix ? !strncmp(v->valuestring, value, prefix) : !strcmp(v->valuestring, value);
}

/* @context: the SPDX 3.0.1 context, alone or in an array. */
static bool is_spdx3(const cJSON *root)
{
	const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(root, "@context"), *e;

	if (cJSON_IsString(ctx))
		return !strcmp(ctx->valuestring, spdx3_context);
	if (!cJSON_IsArray(ctx))
		return false;
	cJSON_ArrayForEach(e, ctx)
	{
		if (cJSON_IsString(e) && !strcmp(e->valuestring, spdx3_context))
			return true;
	}
	return false;
}

static int read_soup(struct cl_reader *r, const char *text, size_t len)
{
	struct soup_list s;
	int ret = 0;

	soup_list_init(&s);
	if (soup_parse(r->name, text, len, &s, r->diag, NULL)) {
		r->errors++;
		ret = -1;
		goto out;
	}
	r->list->has_kind = true;
	for (size_t i = 0; i < s.nr_components; i++) {
		const struct soup_component *c = &s.components[i];
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "components[%zu]", i);
		if (cl_add(r, p.buf, c->name, c->version, c->supplier, c->license,
			   soup_kind_name(c->kind)))
			ret = -1;
		strbuf_release(&p);
	}
out:
	soup_list_release(&s);
	return ret;
}

int complist_parse(const char *name, const char *text, size_t len, struct complist *l,
		   struct strbuf *diag)
{
	struct cl_reader r = { name, diag, 0, l, { type_error, NULL } };
	cJSON *root;

	r.types.ctx = &r;
	root = json_parse_document(name, text, len, diag);
	if (!root)
		return -1;
	if (!cJSON_IsObject(root)) {
		cl_error(&r, "", "the top level must be a JSON object");
	} else if (member_is(root, "bomFormat", "CycloneDX", 0)) {
		l->format = COMPLIST_CYCLONEDX;
		cl_read_cyclonedx(&r, root);
	} else if (member_is(root, "spdxVersion", "SPDX-2.", 7)) {
		l->format = COMPLIST_SPDX2;
		cl_read_spdx2(&r, root);
	} else if (is_spdx3(root)) {
		l->format = COMPLIST_SPDX3;
		cl_read_spdx3(&r, root);
	} else if (cJSON_GetObjectItemCaseSensitive(root, "souptrace")) {
		l->format = COMPLIST_SOUP;
		read_soup(&r, text, len);
	} else {
		cl_error(&r, "",
			 "not a CycloneDX SBOM (\"bomFormat\": \"CycloneDX\"), an SPDX 2 SBOM "
			 "(\"spdxVersion\": \"SPDX-2.3\"), an SPDX 3.0.1 SBOM (\"@context\": "
			 "\"%s\") "
			 "nor a soup.json (\"souptrace\": 1)",
			 spdx3_context);
	}
	cJSON_Delete(root);
	return r.errors ? -1 : 0;
}

int complist_load(const char *path, struct complist *l, struct strbuf *diag)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&text, path, MAX_DOC_SIZE) < 0) {
		strbuf_addf(diag, "%s: error: cannot read: %s\n", path,
			    errno == EFBIG ? "larger than 256 MiB" : strerror(errno));
		strbuf_release(&text);
		return -1;
	}
	ret = complist_parse(path, text.buf, text.len, l, diag);
	strbuf_release(&text);
	return ret;
}
