/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace scan [--format text|json] [--sysroot DIR] [--debug-root DIR]
 *                [-o FILE] FILE...
 *
 * What an ELF executable, shared library, object or static archive is made
 * of, from the file alone (no trace): its identity (type, machine,
 * build-id, compilers), the shared libraries it loads, resolved the way the
 * dynamic loader would and owned by which package, and the sources and
 * headers its DWARF names, grouped by the component they belong to.
 * Exit 0 when every file was read, 2 when one was unreadable or not ELF.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <gelf.h>
#include <libelf.h>

#include "cli.h"
#include "dwarf_sources.h"
#include "elf_info.h"
#include "jout.h"
#include "ldso.h"
#include "options.h"
#include "outfile.h"
#include "pathutil.h"
#include "pkgdb.h"
#include "textesc.h"
#include "banned.h"

struct scan {
	struct ldso_config ldso;
	struct dwarf_options dwarf;
	struct pkgdb *pkgdb; /* NULL when the package database cannot be read */
	struct jout j;
};

/* -------------------------------------------------------------- packages */

/* The package owning path: 0 found (m filled), 1 none or no database. */
static int owner_of(struct scan *s, const char *path, struct pkgdb_match *m)
{
	struct strbuf err = STRBUF_INIT, abs = STRBUF_INIT;
	char cwd[4096];
	int rc;

	if (!s->pkgdb || !path)
		return 1;
	if (path[0] != '/') { /* a file named on the command line */
		if (!getcwd(cwd, sizeof(cwd)) || path_join(&abs, cwd, path))
			return 1;
		path_normalize(abs.buf);
		path = abs.buf;
	}
	rc = pkgdb_lookup(s->pkgdb, path, m, &err);
	if (rc < 0)
		cli_error("scan: package lookup: %s", err.buf);
	strbuf_release(&err);
	strbuf_release(&abs);
	return rc == 0 ? 0 : 1;
}

static void package_fields(struct scan *s, cJSON *p, const struct pkg_info *pkg)
{
	struct pkg_license lic;
	struct strbuf purl = STRBUF_INIT, err = STRBUF_INIT;

	jout_str(&s->j, p, "name", pkg->name);
	jout_str(&s->j, p, "version", pkg->version);
	jout_str(&s->j, p, "architecture", pkg->arch);
	jout_str(&s->j, p, "source", pkg->source);
	jout_str(&s->j, p, "source_version", pkg->source_version);
	jout_str(&s->j, p, "supplier", pkg->maintainer);
	jout_str(&s->j, p, "homepage", pkg->homepage);
	pkg_license_init(&lic);
	if (pkgdb_license(s->pkgdb, pkg, &lic, &err) == 0) {
		jout_str(&s->j, p, "license", lic.spdx);
	} else {
		jout_str(&s->j, p, "license", NULL);
		jout_str(&s->j, p, "license_unknown", lic.reason ? lic.reason : err.buf);
	}
	if (pkgdb_purl(s->pkgdb, pkg, false, &purl) == 0)
		jout_str(&s->j, p, "purl", purl.buf);
	pkg_license_release(&lic);
	strbuf_release(&purl);
	strbuf_release(&err);
}

/* The package owning path, as a JSON object (or null). */
static void package_json(struct scan *s, cJSON *o, const char *key, const char *path)
{
	struct pkgdb_match m;
	cJSON *p;

	pkgdb_match_init(&m);
	if (owner_of(s, path, &m)) {
		jout_str(&s->j, o, key, NULL);
	} else if ((p = jout_obj(&s->j, o, key))) {
		package_fields(s, p, m.pkg);
	}
	pkgdb_match_release(&m);
}

/* A short " [pkg version, source src]" for the text view; "" when none. */
static void package_text(struct scan *s, const char *path, struct strbuf *out)
{
	struct pkgdb_match m;

	strbuf_reset(out);
	pkgdb_match_init(&m);
	if (owner_of(s, path, &m) == 0) {
		strbuf_addf(out, " [%s %s", m.pkg->name, m.pkg->version);
		if (m.pkg->source && strcmp(m.pkg->source, m.pkg->name))
			strbuf_addf(out, ", source %s", m.pkg->source);
		strbuf_addch(out, ']');
	}
	pkgdb_match_release(&m);
}

/* ----------------------------------------------------------------- ELF */

static void elf_json(struct scan *s, cJSON *o, const struct elf_info *info)
{
	cJSON *e = jout_obj(&s->j, o, "elf"), *vr;

	if (!e)
		return;
	jout_num(&s->j, e, "class", info->elf_class == ELFCLASS64 ? 64 : 32);
	jout_str(&s->j, e, "byte_order",
		 info->data == ELFDATA2MSB ? "big-endian" : "little-endian");
	jout_str(&s->j, e, "type", elf_type_name(info));
	jout_str(&s->j, e, "machine", info->machine_name);
	jout_str(&s->j, e, "interpreter", info->interp);
	jout_str(&s->j, e, "soname", info->soname);
	jout_strs(&s->j, e, "needed", &info->needed);
	jout_strs(&s->j, e, "rpath", &info->rpath_dirs);
	jout_strs(&s->j, e, "runpath", &info->runpath_dirs);
	jout_str(&s->j, e, "build_id", info->build_id);
	jout_strs(&s->j, e, "compilers", &info->comments);
	jout_str(&s->j, e, "package_note", info->package_note);
	jout_str(&s->j, e, "debuglink", info->debuglink);
	jout_bool(&s->j, e, "debug_info", info->has_debug_info);
	jout_bool(&s->j, e, "stripped", !info->has_symtab);
	vr = jout_arr(&s->j, e, "version_requirements");
	for (size_t i = 0; vr && i < info->nr_verneed; i++) {
		cJSON *v = jout_obj(&s->j, vr, NULL);

		if (!v)
			break;
		jout_str(&s->j, v, "file", info->verneed[i].file);
		jout_strs(&s->j, v, "versions", &info->verneed[i].versions);
		jout_str(&s->j, v, "minimum", elf_verneed_highest(&info->verneed[i], NULL));
	}
}

static void elf_text(FILE *f, const char *name, const struct elf_info *info)
{
	fprintf(f, "%s: ELF %u-bit %s %s %s", term_text(name),
		info->elf_class == ELFCLASS64 ? 64 : 32, info->data == ELFDATA2MSB ? "MSB" : "LSB",
		term_text(elf_type_name(info)), term_text(info->machine_name));
	if (info->build_id)
		fprintf(f, ", build-id %s", term_text(info->build_id));
	if (!info->has_symtab)
		fprintf(f, ", stripped");
	fputc('\n', f);
	if (info->soname)
		fprintf(f, "  soname     %s\n", term_text(info->soname));
	for (size_t i = 0; i < info->comments.nr; i++)
		fprintf(f, "  compiler   %s\n", term_text(info->comments.v[i]));
	for (size_t i = 0; i < info->nr_verneed; i++) {
		const char *hi = elf_verneed_highest(&info->verneed[i], NULL);

		if (hi)
			fprintf(f, "  requires   %s from %s\n", term_text(hi),
				term_text(info->verneed[i].file));
	}
	if (info->package_note)
		fprintf(f, "  package    %s\n", term_text(info->package_note));
}

/* ------------------------------------------------- runtime dependencies */

static int deps_scan(struct scan *s, const char *path, cJSON *o, FILE *text)
{
	struct ldso_tree tree;
	struct strbuf err = STRBUF_INIT, pkg = STRBUF_INIT;
	cJSON *arr = NULL;
	int ret = 0;

	ldso_tree_init(&tree);
	if (ldso_resolve(&s->ldso, path, &tree, &err)) {
		if (o)
			jout_str(&s->j, o, "dependencies_error", err.buf);
		else
			fprintf(text, "  runtime dependencies: cannot resolve: %s\n",
				term_text(err.buf));
		ret = -1;
		goto out;
	}
	if (o)
		arr = jout_arr(&s->j, o, "dependencies");
	else if (tree.nr)
		fprintf(text, "  runtime dependencies (resolved as the dynamic loader would):\n");
	for (size_t i = 0; i < tree.nr; i++) {
		const struct ldso_node *n = &tree.nodes[i];

		if (o) {
			cJSON *d = arr ? jout_obj(&s->j, arr, NULL) : NULL;

			if (!d)
				break;
			jout_str(&s->j, d, "name", n->name);
			jout_str(&s->j, d, "path", n->path);
			jout_str(&s->j, d, "real_path", n->real_path);
			jout_str(&s->j, d, "found_by", ldso_how_name(n->how));
			jout_str(&s->j, d, "loaded_by",
				 n->loader == LDSO_ROOT ? path : tree.nodes[n->loader].name);
			jout_num(&s->j, d, "depth", n->depth);
			jout_bool(&s->j, d, "resolved", n->how != LDSO_NOT_FOUND);
			package_json(s, d, "package", n->real_path);
		} else {
			fprintf(text, "  %*s%s => ", (int)(2 * n->depth), "", term_text(n->name));
			if (n->how == LDSO_NOT_FOUND) {
				fprintf(text, "NOT FOUND\n");
				continue;
			}
			package_text(s, n->real_path, &pkg);
			fprintf(text, "%s%s (%s)\n",
				term_text(n->real_path ? n->real_path : n->path),
				term_text(pkg.buf), term_text(ldso_how_name(n->how)));
		}
	}
	if (!o && tree.nr_unresolved)
		fprintf(text, "  %zu needed librar%s not found\n", tree.nr_unresolved,
			tree.nr_unresolved == 1 ? "y" : "ies");
out:
	ldso_tree_release(&tree);
	strbuf_release(&err);
	strbuf_release(&pkg);
	return ret;
}

/* ---------------------------------------------------------------- DWARF */

/* Group the DWARF file list by owning package; the rest is "not packaged". */
struct group {
	char *component; /* source package, or NULL for "not owned by any package" */
	char *package, *version;
	struct strvec files;
};

static void groups_release(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].component);
		free(g[i].package);
		free(g[i].version);
		strvec_clear(&g[i].files);
	}
	free(g);
}

static struct group *group_sources(struct scan *s, const struct dwarf_sources *ds, size_t *nr)
{
	struct group *g = calloc(ds->nr_files + 1, sizeof(*g));
	size_t n = 0;

	if (!g)
		return NULL;
	for (size_t i = 0; i < ds->nr_files; i++) {
		struct pkgdb_match m;
		const char *comp = NULL;
		size_t k;

		pkgdb_match_init(&m);
		if (owner_of(s, ds->files[i].path, &m) == 0)
			comp = m.pkg->source ? m.pkg->source : m.pkg->name;
		for (k = 0; k < n; k++)
			if ((!comp && !g[k].component) ||
			    (comp && g[k].component && !strcmp(comp, g[k].component)))
				break;
		if (k == n) {
			strvec_init(&g[n].files);
			g[n].component = comp ? strdup(comp) : NULL;
			g[n].package = comp ? strdup(m.pkg->name) : NULL;
			g[n].version = comp ? strdup(m.pkg->version) : NULL;
			n++;
		}
		strvec_push(&g[k].files, ds->files[i].path);
		pkgdb_match_release(&m);
	}
	*nr = n;
	return g;
}

static void dwarf_report(struct scan *s, const struct dwarf_sources *ds, cJSON *o, FILE *text)
{
	size_t ng = 0;
	struct group *g = group_sources(s, ds, &ng);

	if (o) {
		cJSON *d = jout_obj(&s->j, o, "debug"), *cus, *comps;

		if (!d)
			goto out;
		jout_str(&s->j, d, "from", ds->dwarf_file);
		jout_str(&s->j, d, "found_by", dwarf_origin_name(ds->origin));
		jout_str(&s->j, d, "compression", dwarf_compression_name(ds->compression));
		cus = jout_arr(&s->j, d, "compile_units");
		for (size_t i = 0; cus && i < ds->nr_cus; i++) {
			const struct dwarf_cu *cu = &ds->cus[i];
			cJSON *c = jout_obj(&s->j, cus, NULL);

			if (!c)
				break;
			jout_str(&s->j, c, "name", cu->name);
			jout_str(&s->j, c, "comp_dir", cu->comp_dir);
			jout_str(&s->j, c, "producer", cu->producer);
			jout_str(&s->j, c, "language", cu->language);
			jout_num(&s->j, c, "dwarf_version", cu->version);
			jout_str(&s->j, c, "unit_type", dwarf_unit_type_name(cu->unit_type));
			if (cu->dwo_name) {
				jout_str(&s->j, c, "dwo_name", cu->dwo_name);
				jout_str(&s->j, c, "dwo_status",
					 dwarf_dwo_status_name(cu->dwo_status));
			}
		}
		comps = jout_arr(&s->j, d, "components");
		for (size_t i = 0; comps && g && i < ng; i++) {
			cJSON *c = jout_obj(&s->j, comps, NULL);

			if (!c)
				break;
			jout_str(&s->j, c, "component", g[i].component);
			jout_str(&s->j, c, "package", g[i].package);
			jout_str(&s->j, c, "package_version", g[i].version);
			jout_strs(&s->j, c, "files", &g[i].files);
		}
		jout_strs(&s->j, d, "warnings", &ds->warnings);
	} else {
		fprintf(text, "  sources (DWARF of %s, %zu compile units, %zu files):\n",
			term_text(ds->dwarf_file), ds->nr_cus, ds->nr_files);
		for (size_t i = 0; g && i < ng; i++) {
			if (g[i].component)
				fprintf(text, "    %s (package %s %s):\n",
					term_text(g[i].component), term_text(g[i].package),
					term_text(g[i].version ? g[i].version : "?"));
			else
				fprintf(text, "    not owned by any package:\n");
			for (size_t k = 0; k < g[i].files.nr; k++)
				fprintf(text, "      %s\n", term_text(g[i].files.v[k]));
		}
		{
			struct strvec producers = STRVEC_INIT;

			for (size_t i = 0; i < ds->nr_cus; i++)
				if (ds->cus[i].producer &&
				    strvec_find(&producers, ds->cus[i].producer) < 0)
					strvec_push(&producers, ds->cus[i].producer);
			for (size_t i = 0; i < producers.nr; i++)
				fprintf(text, "  producer   %s\n", term_text(producers.v[i]));
			strvec_clear(&producers);
		}
		for (size_t i = 0; i < ds->warnings.nr; i++)
			fprintf(text, "  warning    %s\n", term_text(ds->warnings.v[i]));
	}
out:
	if (g)
		groups_release(g, ng);
}

static void dwarf_scan(struct scan *s, const char *path, cJSON *o, FILE *text)
{
	struct dwarf_sources ds;
	struct strbuf err = STRBUF_INIT;
	int rc;

	dwarf_sources_init(&ds);
	rc = dwarf_sources_read(path, &s->dwarf, &ds, &err);
	if (rc == 0) {
		dwarf_report(s, &ds, o, text);
	} else if (o) {
		cJSON *d = jout_obj(&s->j, o, "debug");

		if (d)
			jout_str(&s->j, d, rc == 1 ? "none" : "error",
				 rc == 1 ? "no debug information" : err.buf);
	} else {
		fprintf(text, "  sources    %s\n",
			term_text(rc == 1 ? "no debug information" : err.buf));
	}
	dwarf_sources_release(&ds);
	strbuf_release(&err);
}

/*
 * Archive members' DWARF: walk the archive with libelf once more (the
 * member list came from elf_archive_read, in the same order and skipping the
 * same "/", "//" and "/SYM64/" tables), pairing the n-th member of the walk
 * with the n-th JSON entry.
 */
static void archive_dwarf(struct scan *s, const char *path, cJSON *members, FILE *text)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	cJSON *cur = members ? members->child : NULL;
	Elf *ar, *m;

	if (fd < 0)
		return;
	ar = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	while (ar && (m = elf_begin(fd, ELF_C_READ_MMAP, ar))) {
		Elf_Arhdr *h = elf_getarhdr(m);
		cJSON *mo = cur;

		if (!h || !h->ar_name || h->ar_name[0] == '/')
			goto next; /* symbol and long-name tables: not members */
		if (cur)
			cur = cur->next;
		if (elf_kind(m) == ELF_K_ELF && (!members || mo)) {
			struct dwarf_sources ds;
			struct strbuf err = STRBUF_INIT, name = STRBUF_INIT;
			struct dwarf_options opt = s->dwarf;

			opt.no_separate = true;
			strbuf_addf(&name, "%s(%s)", path, h->ar_name);
			dwarf_sources_init(&ds);
			if (dwarf_sources_read_elf(m, name.buf, &opt, &ds, &err) == 0) {
				if (!members)
					fprintf(text, "  member %s:\n", term_text(h->ar_name));
				dwarf_report(s, &ds, mo, text);
			}
			dwarf_sources_release(&ds);
			strbuf_release(&err);
			strbuf_release(&name);
		}
	next:
		elf_next(m);
		elf_end(m);
	}
	elf_end(ar);
	close(fd);
}

/* -------------------------------------------------------------- a file */

static int scan_file(struct scan *s, const char *path, cJSON *files, FILE *text)
{
	struct elf_info info;
	struct strbuf err = STRBUF_INIT, pkg = STRBUF_INIT;
	cJSON *o = NULL;
	int rc, ret = 0;

	elf_info_init(&info);
	if (files) {
		o = jout_obj(&s->j, files, NULL);
		if (!o)
			return -1;
		jout_str(&s->j, o, "path", path);
	}
	rc = elf_info_read(path, &info, &err);
	if (rc == ELF_INFO_OK) {
		if (o) {
			jout_str(&s->j, o, "kind", "elf");
			package_json(s, o, "package", path);
			elf_json(s, o, &info);
			if (info.has_dynamic || info.needed.nr)
				deps_scan(s, path, o, text);
			dwarf_scan(s, path, o, text);
		} else {
			elf_text(text, path, &info);
			package_text(s, path, &pkg);
			if (pkg.len)
				fprintf(text, "  package   %s\n", term_text(pkg.buf));
			if (info.has_dynamic || info.needed.nr)
				deps_scan(s, path, NULL, text);
			dwarf_scan(s, path, NULL, text);
		}
	} else if (rc == ELF_INFO_ARCHIVE) {
		struct elf_archive ar;

		elf_archive_init(&ar);
		strbuf_reset(&err);
		if (elf_archive_read(path, &ar, &err)) {
			ret = -1;
		} else {
			cJSON *members = NULL;

			if (o) {
				jout_str(&s->j, o, "kind", "archive");
				package_json(s, o, "package", path);
				members = jout_arr(&s->j, o, "members");
			} else {
				package_text(s, path, &pkg);
				fprintf(text, "%s: static archive, %zu members%s\n",
					term_text(path), ar.nr, term_text(pkg.buf));
			}
			for (size_t i = 0; i < ar.nr; i++) {
				const struct elf_archive_member *m = &ar.members[i];

				if (members) {
					cJSON *mo = jout_obj(&s->j, members, NULL);

					if (!mo)
						break;
					jout_str(&s->j, mo, "name", m->name);
					if (m->status == 0)
						elf_json(s, mo, &m->info);
					else
						jout_str(&s->j, mo,
							 m->status == 1 ? "not_elf" : "error",
							 m->status == 1 ? "not an ELF file"
									: m->error);
				} else {
					fprintf(text, "  member %s: %s\n", term_text(m->name),
						term_text(m->status == 0   ? elf_type_name(&m->info)
							  : m->status == 1 ? "not an ELF file"
									   : m->error));
				}
			}
			archive_dwarf(s, path, members, text);
		}
		elf_archive_release(&ar);
	} else {
		ret = -1;
	}
	if (ret) {
		/* err names the file and the problem */
		if (err.len && err.buf[err.len - 1] == '\n')
			err.buf[--err.len] = '\0';
		cli_error("scan: %s", err.len ? err.buf : path);
		if (o)
			jout_str(&s->j, o, "error", err.buf);
	}
	elf_info_release(&info);
	strbuf_release(&err);
	strbuf_release(&pkg);
	return ret;
}

int cmd_scan(int argc, char **argv)
{
	const char *format = "text", *out_path = NULL;
	struct strvec files = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT;
	struct scan s;
	struct pkgdb_config pcfg = PKGDB_CONFIG_INIT;
	struct strbuf admindir = STRBUF_INIT, cache = STRBUF_INIT;
	cJSON *root = NULL, *arr = NULL;
	struct outfile of = OUTFILE_INIT;
	FILE *out = stdout;
	bool written = false;
	int ret = EXIT_USAGE, failed = 0;

	memset(&s, 0, sizeof(s));
	s.ldso = (struct ldso_config)LDSO_CONFIG_INIT;
	{
		static const struct command_spec command = {
			"scan", "what an ELF file or archive is made of, without a trace",
			"FILE...", 1, 0
		};
		const struct option opts[] = {
			{ "--format", NULL, OPT_CHOICE, &format, "text|json",
			  "the output's format (default: text)", false, NULL },
			{ "--sysroot", NULL, OPT_STRING, &s.ldso.sysroot, "DIR",
			  "resolve libraries and packages inside DIR (a target's root file system)",
			  false, NULL },
			{ "--debug-root", NULL, OPT_STRING, &s.dwarf.debug_root, "DIR",
			  "look for separate debug files under DIR too", false, NULL },
			OPT_OUTPUT(&out_path, "the output"),
			OPT_END,
		};

		if (!cli_parse(&command, opts, argc, argv, &files, &ret))
			goto out;
	}
	if (elf_info_lib_init(&err)) {
		cli_error("scan: %s", err.buf);
		goto out;
	}
	if (s.ldso.sysroot && strcmp(s.ldso.sysroot, "/")) {
		pcfg.root = s.ldso.sysroot;
		strbuf_addf(&admindir, "%s/var/lib/dpkg", s.ldso.sysroot);
		pcfg.admindir = admindir.buf;
	}
	if (path_cache_dir(&cache) == 0)
		pcfg.cache_dir = cache.buf;
	strbuf_reset(&err);
	if (access(pcfg.admindir ? pcfg.admindir : "/var/lib/dpkg", F_OK) == 0 &&
	    pkgdb_open_dpkg(&pcfg, &s.pkgdb, &err)) {
		/* a database that exists but cannot be read must not pass silently */
		cli_error("scan: %s", err.buf);
		goto out;
	}
	if (outfile_open(&of, out_path, &err)) {
		cli_error("scan: cannot write %s", err.buf);
		goto out;
	}
	out = of.f;
	if (!strcmp(format, "json")) {
		root = cJSON_CreateObject();
		if (!root || !cJSON_AddNumberToObject(root, "souptrace_scan", 1) ||
		    !(arr = cJSON_AddArrayToObject(root, "files"))) {
			cli_error("scan: out of memory");
			goto out;
		}
	}
	for (size_t i = 0; i < files.nr; i++) {
		if (!arr && i)
			fputc('\n', out);
		if (scan_file(&s, files.v[i], arr, out))
			failed++;
	}
	if (root) {
		char *txt = s.j.oom ? NULL : cJSON_Print(root);

		if (!txt) {
			cli_error("scan: out of memory");
			goto out;
		}
		fputs(txt, out);
		fputc('\n', out);
		free(txt);
	}
	ret = failed ? EXIT_USAGE : EXIT_OK;
	written = true; /* the files that could be read, even when some could not */
out:
	if (!written) {
		outfile_abort(&of);
	} else if (strbuf_reset(&err), outfile_commit(&of, &err)) {
		cli_error("scan: cannot write %s", err.buf);
		ret = EXIT_USAGE;
	}
	cJSON_Delete(root);
	pkgdb_close(s.pkgdb);
	strvec_clear(&files);
	strbuf_release(&admindir);
	strbuf_release(&cache);
	strbuf_release(&err);
	return ret;
}
