/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Components of a CycloneDX JSON SBOM (1.4 to 1.7): components[], nested
 * components included, without the shipped things (application, firmware,
 * file, device).
 */
#include <stdlib.h>
#include <string.h>

#include "complist_read.h"
#include "banned.h"

/* Nested components deeper than this are refused (cJSON stops at 1000). */
#define MAX_CDX_NESTING 64

static bool shipped_type(const char *type)
{
	static const char *const shipped[] = { "application", "firmware", "file", "device" };

	for (size_t i = 0; type && i < sizeof(shipped) / sizeof(*shipped); i++)
		if (!strcmp(type, shipped[i]))
			return true;
	return false;
}

/* supplier.name, else manufacturer.name, else author. */
static const char *supplier_of(struct cl_reader *r, const cJSON *c, const char *path)
{
	static const char *const orgs[] = { "supplier", "manufacturer" };
	struct strbuf p = STRBUF_INIT;
	const char *s = NULL;

	for (size_t i = 0; !s && i < sizeof(orgs) / sizeof(*orgs); i++) {
		const cJSON *o = cl_obj(r, c, path, orgs[i]);

		if (o) {
			json_path(&p, path, orgs[i]);
			s = cl_str(r, o, p.buf, "name");
		}
	}
	strbuf_release(&p);
	if (!s || !*s)
		s = cl_str(r, c, path, "author");
	return s;
}

/* licenses[]: {"license": {"id"|"name"}} or {"expression"}, joined with AND. */
static char *license_of(struct cl_reader *r, const cJSON *c, const char *path, bool *oom)
{
	struct strvec parts = STRVEC_INIT;
	struct strbuf lp = STRBUF_INIT;
	struct cl_iter it;
	const cJSON *e;
	char *ret = NULL;

	cl_iter_member(&it, r, c, path, "licenses", JSON_OBJECT);
	while ((e = cl_iter_next(&it))) {
		const char *s = cl_str(r, e, it.path.buf, "expression");
		const cJSON *lic;

		if (!s && (lic = cl_obj(r, e, it.path.buf, "license"))) {
			json_path(&lp, it.path.buf, "license");
			s = cl_str(r, lic, lp.buf, "id");
			if (!s)
				s = cl_str(r, lic, lp.buf, "name");
		}
		if (s && *s && strvec_push(&parts, s))
			*oom = true;
	}
	if (!*oom)
		ret = cl_license_join(&parts, oom);
	strvec_clear(&parts);
	cl_iter_release(&it);
	strbuf_release(&lp);
	return ret;
}

/* The value of the property named souptrace:kind. */
static const char *kind_of(struct cl_reader *r, const cJSON *c, const char *path)
{
	struct cl_iter it;
	const cJSON *e;
	const char *kind = NULL;

	cl_iter_member(&it, r, c, path, "properties", JSON_OBJECT);
	while ((e = cl_iter_next(&it))) {
		const char *name = cl_str(r, e, it.path.buf, "name");

		if (name && !strcmp(name, CL_KIND_PREFIX) && !kind)
			kind = cl_str(r, e, it.path.buf, "value");
	}
	cl_iter_release(&it);
	return kind;
}

static void read_components(struct cl_reader *r, const cJSON *arr, const char *path, unsigned depth)
{
	struct strbuf name = STRBUF_INIT;
	struct cl_iter it;
	const cJSON *c;

	if (depth > MAX_CDX_NESTING) {
		cl_error(r, path, "components nested more than %d levels deep", MAX_CDX_NESTING);
		return;
	}
	cl_iter_array(&it, r, arr, path, JSON_OBJECT);
	while ((c = cl_iter_next(&it))) {
		const char *p = it.path.buf, *type, *n, *group, *version, *supplier, *kind;
		char *license;
		bool oom = false;

		type = cl_str(r, c, p, "type");
		n = cl_str(r, c, p, "name");
		group = cl_str(r, c, p, "group");
		version = cl_str(r, c, p, "version");
		supplier = supplier_of(r, c, p);
		license = license_of(r, c, p, &oom);
		kind = kind_of(r, c, p);
		if (kind)
			r->list->has_kind = true;
		strbuf_reset(&name);
		if (group && *group && n && *n)
			strbuf_addf(&name, "%s/", group);
		if (n)
			strbuf_addstr(&name, n);
		if (oom)
			cl_error(r, p, "out of memory");
		else if (!shipped_type(type) &&
			 !cl_add(r, p, name.buf, version, supplier, license, kind)) {
			struct complist_entry *e = &r->list->v[r->list->nr - 1];
			const char *purl = cl_str(r, c, p, "purl"),
				   *ref = cl_str(r, c, p, "bom-ref");

			e->purl = purl && *purl ? strdup(purl) : NULL;
			e->ref = ref && *ref ? strdup(ref) : NULL;
			if ((purl && *purl && !e->purl) || (ref && *ref && !e->ref))
				cl_error(r, p, "out of memory");
		}
		free(license);
		if (cJSON_GetObjectItemCaseSensitive(c, "components")) {
			const cJSON *sub = cl_arr(r, c, p, "components");
			struct strbuf sp = STRBUF_INIT;

			json_path(&sp, p, "components");
			read_components(r, sub, sp.buf, depth + 1);
			strbuf_release(&sp);
		}
	}
	cl_iter_release(&it);
	strbuf_release(&name);
}

int cl_read_cyclonedx(struct cl_reader *r, const cJSON *root)
{
	size_t before = r->errors;
	const char *serial = cl_str(r, root, "", "serialNumber");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");

	if (serial && *serial && !(r->list->serial = strdup(serial)))
		cl_error(r, "serialNumber", "out of memory");
	r->list->bom_version = 1;
	if (version && !cJSON_IsNumber(version))
		cl_error(r, "version", "not a number");
	else if (version && version->valuedouble >= 1 && version->valuedouble <= 1e9)
		r->list->bom_version = (long)version->valuedouble;
	read_components(r, cl_arr(r, root, "", "components"), "components", 0);
	return r->errors == before ? 0 : -1;
}
