/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace init's drafts (draft.h): a soup.json entry for a component
 * found and not declared, filled in from the package database and what
 * the files say; what a person must write says TODO.
 */
#include "draft.h"

#include <stdlib.h>
#include <string.h>

#include "firstparty.h"
#include "jout.h"
#include "pkgdb.h"
#include "banned.h"

/* souptrace init: what a person must still write is marked TODO. */
#define TODO "TODO"

static const char *draft_kind(const struct found *f)
{
	static const char *const runtime[] = { "glibc", "linux", "musl" };
	const char *src = f->pkg ? (f->pkg->source ? f->pkg->source : f->pkg->name) : NULL;

	if (!src)
		return NULL; /* a person must say: commercial, legacy, open-source... */
	for (size_t i = 0; i < sizeof(runtime) / sizeof(*runtime); i++)
		if (!strcmp(src, runtime[i]))
			return "os-runtime";
	if (!strncmp(src, "gcc-", 4) || !strncmp(src, "llvm-toolchain", 14) ||
	    !strcmp(src, "newlib"))
		return "toolchain";
	return "open-source";
}

/* The files of code in the tree, f, added to the match.paths of its earlier draft. */
static void draft_add_paths(cJSON *drafts, const struct attr_rules *rules, const struct found *f,
			    struct jout *j)
{
	cJSON *e;

	cJSON_ArrayForEach(e, drafts)
	{
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "name");
		cJSON *paths = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(e, "match"), "paths");

		if (!cJSON_IsString(n) || strcmp(n->valuestring, f->name) || !cJSON_IsArray(paths))
			continue;
		for (size_t i = 0; i < f->nr_files; i++) {
			const char *rel = attr_under_root(rules, f->files[i].path);
			const cJSON *have;
			bool dup = false;

			rel = rel ? rel : f->files[i].path;
			cJSON_ArrayForEach(have, paths) dup |=
				cJSON_IsString(have) && !strcmp(have->valuestring, rel);
			if (!dup)
				jout_push(j, paths, rel);
		}
	}
}

void draft_add(cJSON *drafts, struct strvec *names, const struct attr_rules *rules,
	       const struct check_component *mc, const struct found *f, struct jout *j)
{
	struct strbuf ver = STRBUF_INIT, glob = STRBUF_INIT;
	const struct check_package *pk = mc->package;
	const char *kind = draft_kind(f);
	cJSON *o, *sub, *arr;

	if (strvec_find(names, f->name) >= 0) {
		/* drafted for an earlier artifact: code in the tree adds its files */
		if (f->natural == ORIG_NOTICE || f->natural == ORIG_FINGERPRINT ||
		    f->natural == ORIG_IN_TREE)
			draft_add_paths(drafts, rules, f, j);
		return;
	}
	strvec_push(names, f->name);
	o = jout_obj(j, drafts, NULL);
	if (!o)
		return;
	jout_str(j, o, "name", f->name);
	if (f->pkg && pkgver_upstream(f->pkg->version, &ver) == 0)
		jout_str(j, o, "version", ver.buf);
	else
		jout_str(j, o, "version", f->version ? f->version : TODO);
	jout_str(j, o, "supplier",
		 pk && pk->supplier   ? pk->supplier
		 : mc->supplier_found ? mc->supplier_found
				      : TODO);
	if (pk && pk->maintainer)
		jout_str(j, o, "distributor", pk->maintainer);
	if (pk && pk->license)
		jout_str(j, o, "license", pk->license);
	else if (mc->license_found)
		jout_str(j, o, "license", mc->license_found);
	if (kind)
		jout_str(j, o, "kind", kind);
	if (pk && pk->purl)
		jout_str(j, o, "purl", pk->purl);
	else if (mc->purl_found)
		jout_str(j, o, "purl", mc->purl_found);
	if (mc->cpe_found)
		jout_str(j, o, "cpe", mc->cpe_found);
	jout_str(j, o, "purpose", TODO);
	if ((sub = jout_obj(j, o, "requirements"))) {
		jout_str(j, sub, "functional", TODO);
		jout_str(j, sub, "performance", TODO);
	}
	jout_str(j, o, "system_requirements", TODO);
	if ((sub = jout_obj(j, o, "anomalies"))) {
		jout_str(j, sub, "list", f->pkg && f->pkg->homepage ? f->pkg->homepage : TODO);
		jout_str(j, sub, "reviewed", TODO);
		jout_str(j, sub, "evaluation", TODO);
	}
	if ((sub = jout_obj(j, o, "risk"))) {
		struct strvec todo = STRVEC_INIT;

		strvec_push(&todo, TODO);
		jout_strs(j, sub, "hazards", &todo);
		jout_strs(j, sub, "controls", &todo);
		strvec_clear(&todo);
	}
	if ((sub = jout_obj(j, o, "match"))) {
		arr = NULL;
		if (f->natural == ORIG_NOTICE || f->natural == ORIG_FINGERPRINT ||
		    f->natural == ORIG_IN_TREE) {
			/* code in the project's tree: its files, one by one */
			arr = jout_arr(j, sub, "paths");
			for (size_t i = 0; arr && i < f->nr_files; i++) {
				const char *rel = attr_under_root(rules, f->files[i].path);

				jout_push(j, arr, rel ? rel : f->files[i].path);
			}
			arr = NULL;
		} else if (f->pkg) {
			arr = jout_arr(j, sub, "packages");
			strbuf_addstr(&glob, f->pkg->source ? f->pkg->source : f->pkg->name);
		} else if (f->folder) {
			char *any = NULL, *name = attr_folder_name(f->folder, &any);

			arr = jout_arr(j, sub, "paths");
			if (any) {
				/* a fetched dependency: by name, not by build folder */
				char *nl = strchr(any, '\n');

				if (nl) {
					*nl = '\0';
					jout_push(j, arr, any);
					strbuf_addstr(&glob, nl + 1);
				} else {
					strbuf_addstr(&glob, any);
				}
			} else {
				strbuf_addf(&glob, "%s/**", attr_shown(rules, f->folder));
			}
			free(any);
			free(name);
		} else if (f->prefix) {
			/* a prebuilt SDK: its library by name, and its install prefix */
			cJSON *libs = jout_arr(j, sub, "libraries"),
			      *e = cJSON_CreateString(f->name);

			if (!libs || !e || !cJSON_AddItemToArray(libs, e)) {
				cJSON_Delete(e);
				j->oom = true;
			}
			arr = jout_arr(j, sub, "paths");
			strbuf_addf(&glob, "%s/**", f->prefix);
		}
		if (arr) {
			cJSON *e = cJSON_CreateString(glob.buf);

			if (!e || !cJSON_AddItemToArray(arr, e)) {
				cJSON_Delete(e);
				j->oom = true;
			}
		}
	}
	strbuf_release(&ver);
	strbuf_release(&glob);
}

/* A holder some component of the model names as its supplier: some of its files are not the
 * project's. */
static bool supplies_a_copy(const struct check_model *m, const char *holder)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	bool yes = false;

	firstparty_key(holder, &a);
	for (size_t i = 0; i < m->nr_components && !yes; i++) {
		if (!m->components[i].supplier_found)
			continue;
		firstparty_key(m->components[i].supplier_found, &b);
		yes = !strcmp(a.buf, b.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return yes;
}

void draft_first_party(cJSON *doc, const struct check_model *m, struct soup_list *soup,
		       struct jout *j, struct strbuf *said)
{
	const struct check_summary *sum = &m->summary;
	cJSON *fp = cJSON_GetObjectItemCaseSensitive(doc, "first_party"), *holders;

	if (!sum->first_party_holders.nr)
		return;
	if (!fp && !(fp = jout_obj(j, doc, "first_party")))
		return;
	holders = cJSON_GetObjectItemCaseSensitive(fp, "holders");
	if (!holders && !(holders = jout_arr(j, fp, "holders")))
		return;
	if (!cJSON_IsArray(holders))
		return; /* soup_load accepted it: cannot be */
	for (size_t i = 0; i < sum->first_party_holders.nr; i++) {
		const char *h = sum->first_party_holders.v[i];
		const char *why = i < sum->first_party_why.nr ? sum->first_party_why.v[i] : "?";

		if (strvec_find(&soup->first_party_holders, h) >= 0 || supplies_a_copy(m, h))
			continue;
		jout_push(j, holders, h);
		strvec_push(&soup->first_party_holders, h);
		strbuf_addf(said, "%s %s (%s)", said->len ? "," : "", h, why);
	}
}
