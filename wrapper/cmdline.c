/* SPDX-License-Identifier: Apache-2.0 */
#include "cmdline.h"

#include <stdlib.h>
#include <string.h>

#include "compopt.h"
#include "pathutil.h"
#include "banned.h"

void cmdline_init(struct cmdline *cl)
{
	memset(cl, 0, sizeof(*cl));
	strvec_init(&cl->outputs);
	strvec_init(&cl->libs);
	strvec_init(&cl->libdirs);
	strvec_init(&cl->scripts);
	cl->user_deps_system = true;
}

void cmdline_release(struct cmdline *cl)
{
	for (size_t i = 0; i < cl->nr_inputs; i++) {
		free(cl->inputs[i].path);
		free(cl->inputs[i].language);
	}
	free(cl->inputs);
	strvec_clear(&cl->outputs);
	strvec_clear(&cl->libs);
	strvec_clear(&cl->libdirs);
	strvec_clear(&cl->scripts);
	free(cl->output);
	free(cl->user_depfile);
	free(cl->user_map);
	free(cl->linker_name);
	free(cl->archive);
	cmdline_init(cl);
}

static int set_str(char **dst, const char *s)
{
	char *d = strdup(s);

	if (!d)
		return -1;
	free(*dst);
	*dst = d;
	return 0;
}

static int add_input(struct cmdline *cl, const char *path, enum input_type type,
		     const char *language)
{
	struct cmd_input *in;

	if (cl->nr_inputs == cl->alloc_inputs) {
		size_t n = cl->alloc_inputs ? cl->alloc_inputs * 2 : 8;
		struct cmd_input *p = realloc(cl->inputs, n * sizeof(*p));

		if (!p)
			return -1;
		cl->inputs = p;
		cl->alloc_inputs = n;
	}
	in = &cl->inputs[cl->nr_inputs];
	in->path = strdup(path);
	in->type = type;
	in->language = language ? strdup(language) : NULL;
	if (!in->path || (language && !in->language)) {
		free(in->path);
		free(in->language);
		return -1;
	}
	cl->nr_inputs++;
	return 0;
}

size_t cmdline_cpp_sources(const struct cmdline *cl)
{
	size_t n = 0;

	for (size_t i = 0; i < cl->nr_inputs; i++)
		n += cl->inputs[i].type == INPUT_SOURCE;
	return n;
}

enum input_type input_type_from_name(const char *path, const char *language)
{
	static const char *const cpp_ext[] = {
		".c", ".cc",  ".cp",  ".cxx", ".cpp", ".CPP", ".c++", ".C",   ".m",   ".mm", ".M",
		".h", ".hh",  ".H",   ".hp",  ".hxx", ".hpp", ".HPP", ".h++", ".tcc", ".S",  ".sx",
		".F", ".FOR", ".fpp", ".FPP", ".F90", ".F95", ".F03", ".F08", ".cu",
	};
	static const char *const nocpp_ext[] = {
		".i", ".ii", ".mi", ".mii", ".s", ".f", ".for", ".f90", ".f95", ".f03", ".f08",
	};
	const char *ext;
	const char *base = path_basename(path);

	if (language && strcmp(language, "none")) {
		if (!strcmp(language, "assembler") || strstr(language, "cpp-output"))
			return INPUT_SOURCE_NOCPP;
		return INPUT_SOURCE;
	}
	ext = path_extension(path);
	for (size_t i = 0; i < sizeof(cpp_ext) / sizeof(*cpp_ext); i++)
		if (!strcmp(ext, cpp_ext[i]))
			return INPUT_SOURCE;
	for (size_t i = 0; i < sizeof(nocpp_ext) / sizeof(*nocpp_ext); i++)
		if (!strcmp(ext, nocpp_ext[i]))
			return INPUT_SOURCE_NOCPP;
	if (!strcmp(ext, ".o") || !strcmp(ext, ".obj"))
		return INPUT_OBJECT;
	if (!strcmp(ext, ".a") || !strcmp(ext, ".lib"))
		return INPUT_ARCHIVE;
	if (!strcmp(ext, ".so") || strstr(base, ".so.") || !strcmp(ext, ".dylib"))
		return INPUT_SHARED;
	return INPUT_OTHER;
}

enum linker_flavor linker_flavor_from_name(const char *name)
{
	const char *base = path_basename(name);

	if (strstr(base, "gold"))
		return LINKER_GOLD;
	if (strstr(base, "lld"))
		return LINKER_LLD;
	if (strstr(base, "mold"))
		return LINKER_MOLD;
	if (!strcmp(base, "bfd") || !strcmp(base, "ld") || strstr(base, "ld.bfd") ||
	    (strlen(base) > 3 && !strcmp(base + strlen(base) - 3, "-ld")))
		return LINKER_BFD;
	return LINKER_OTHER;
}

const char *linker_flavor_name(enum linker_flavor f)
{
	switch (f) {
	case LINKER_BFD:
		return "bfd";
	case LINKER_GOLD:
		return "gold";
	case LINKER_LLD:
		return "lld";
	case LINKER_MOLD:
		return "mold";
	case LINKER_OTHER:
		return "other";
	}
	return "other";
}

const char *cmd_mode_name(enum cmd_mode m)
{
	switch (m) {
	case MODE_NONE:
		return "none";
	case MODE_PREPROCESS:
		return "preprocess";
	case MODE_ASSEMBLY:
		return "assembly";
	case MODE_COMPILE:
		return "compile";
	case MODE_LINK_EXE:
		return "link-executable";
	case MODE_LINK_SHARED:
		return "link-shared";
	case MODE_LINK_RELOCATABLE:
		return "link-relocatable";
	case MODE_ARCHIVE:
		return "archive";
	}
	return "none";
}

const char *input_type_name(enum input_type t)
{
	switch (t) {
	case INPUT_SOURCE:
		return "source";
	case INPUT_SOURCE_NOCPP:
		return "source";
	case INPUT_OBJECT:
		return "object";
	case INPUT_ARCHIVE:
		return "archive";
	case INPUT_SHARED:
		return "shared-library";
	case INPUT_OTHER:
		return "other";
	}
	return "other";
}

/* ------------------------------------------------------------------ */
/* The linker's own options (GNU ld spelling; gold, lld and mold agree). */

#define SEP  OPT_ARG_SEPARATE
#define JOIN OPT_ARG_JOINED

enum ldopt_id {
	LO_NONE = 0,
	LO_OUTPUT,
	LO_MAP,
	LO_MAP_STDOUT,
	LO_SCRIPT,
	LO_LIB,
	LO_LIBDIR,
	LO_WHY_EXTRACT,
	LO_SYMBOL_COUNTS,
	LO_DEPFILE,
	LO_SHARED,
	LO_RELOCATABLE,
	LO_INFO,
};

struct ldopt {
	const char *name;
	unsigned flags; /* OPT_ARG_SEPARATE, OPT_ARG_JOINED */
	enum ldopt_id id;
};

/* Sorted by strcmp on name. */
static const struct ldopt ld_table[] = {
	{ "--Map", SEP, LO_MAP },
	{ "--Map=", JOIN, LO_MAP },
	{ "--architecture", SEP, LO_NONE },
	{ "--audit", SEP, LO_NONE },
	{ "--defsym", SEP, LO_NONE },
	{ "--dependency-file", SEP, LO_DEPFILE },
	{ "--dependency-file=", JOIN, LO_DEPFILE },
	{ "--dynamic-linker", SEP, LO_NONE },
	{ "--dynamic-list", SEP, LO_NONE },
	{ "--entry", SEP, LO_NONE },
	{ "--format", SEP, LO_NONE },
	{ "--help", 0, LO_INFO },
	{ "--library", SEP, LO_LIB },
	{ "--library-path", SEP, LO_LIBDIR },
	{ "--library-path=", JOIN, LO_LIBDIR },
	{ "--library=", JOIN, LO_LIB },
	{ "--output", SEP, LO_OUTPUT },
	{ "--output=", JOIN, LO_OUTPUT },
	{ "--print-map", 0, LO_MAP_STDOUT },
	{ "--print-symbol-counts", SEP, LO_SYMBOL_COUNTS },
	{ "--print-symbol-counts=", JOIN, LO_SYMBOL_COUNTS },
	{ "--relocatable", 0, LO_RELOCATABLE },
	{ "--rpath", SEP, LO_NONE },
	{ "--script", SEP, LO_SCRIPT },
	{ "--script=", JOIN, LO_SCRIPT },
	{ "--section-start", SEP, LO_NONE },
	{ "--shared", 0, LO_SHARED },
	{ "--soname", SEP, LO_NONE },
	{ "--sysroot", SEP, LO_NONE },
	{ "--trace-symbol", SEP, LO_NONE },
	{ "--undefined", SEP, LO_NONE },
	{ "--version", 0, LO_INFO },
	{ "--version-script", SEP, LO_NONE },
	{ "--why-extract", SEP, LO_WHY_EXTRACT },
	{ "--why-extract=", JOIN, LO_WHY_EXTRACT },
	{ "--wrap", SEP, LO_NONE },
	{ "-A", SEP | JOIN, LO_NONE },
	{ "-Bshareable", 0, LO_SHARED },
	{ "-F", SEP | JOIN, LO_NONE },
	{ "-G", SEP | JOIN, LO_NONE },
	{ "-I", SEP | JOIN, LO_NONE },
	{ "-L", SEP | JOIN, LO_LIBDIR },
	{ "-M", 0, LO_MAP_STDOUT },
	{ "-Map", SEP, LO_MAP },
	{ "-Map=", JOIN, LO_MAP },
	{ "-O", SEP | JOIN, LO_NONE },
	{ "-P", SEP | JOIN, LO_NONE },
	{ "-R", SEP | JOIN, LO_NONE },
	{ "-T", SEP | JOIN, LO_SCRIPT },
	{ "-Tbss", SEP, LO_NONE },
	{ "-Tbss=", JOIN, LO_NONE }, /* section addresses, not scripts */
	{ "-Tdata", SEP, LO_NONE },
	{ "-Tdata=", JOIN, LO_NONE },
	{ "-Ttext", SEP, LO_NONE },
	{ "-Ttext-segment", SEP, LO_NONE },
	{ "-Ttext-segment=", JOIN, LO_NONE },
	{ "-Ttext=", JOIN, LO_NONE },
	{ "-Ur", 0, LO_RELOCATABLE },
	{ "-V", 0, LO_INFO },
	{ "-Y", SEP | JOIN, LO_NONE },
	{ "-a", SEP | JOIN, LO_NONE },
	{ "-assert", SEP, LO_NONE },
	{ "-b", SEP | JOIN, LO_NONE },
	{ "-c", SEP | JOIN, LO_NONE },
	{ "-dT", SEP, LO_SCRIPT },
	{ "-dynamic-linker", SEP, LO_NONE },
	{ "-e", SEP | JOIN, LO_NONE },
	{ "-f", SEP | JOIN, LO_NONE },
	{ "-h", SEP | JOIN, LO_NONE },
	{ "-i", 0, LO_RELOCATABLE },
	{ "-l", SEP | JOIN, LO_LIB },
	{ "-m", SEP | JOIN, LO_NONE },
	{ "-o", SEP | JOIN, LO_OUTPUT },
	{ "-plugin", SEP, LO_NONE },
	{ "-plugin-opt", SEP, LO_NONE },
	{ "-r", 0, LO_RELOCATABLE },
	{ "-rpath", SEP, LO_NONE },
	{ "-rpath-link", SEP, LO_NONE },
	{ "-shared", 0, LO_SHARED },
	{ "-soname", SEP, LO_NONE },
	{ "-u", SEP | JOIN, LO_NONE },
	{ "-v", 0, LO_INFO },
	{ "-y", SEP | JOIN, LO_NONE },
	{ "-z", SEP | JOIN, LO_NONE },
};

static const struct ldopt *ldopt_find(const char *arg, const char **joined)
{
	return opt_table_find(ld_table, sizeof(ld_table) / sizeof(*ld_table), sizeof(*ld_table),
			      arg, joined);
}

bool cmdline_ld_table_sorted(void);
bool cmdline_ld_table_sorted(void)
{
	for (size_t i = 1; i < sizeof(ld_table) / sizeof(*ld_table); i++)
		if (strcmp(ld_table[i - 1].name, ld_table[i].name) >= 0)
			return false;
	return true;
}

/*
 * Walk linker options. With direct set, non-options are inputs and mode
 * options decide the mode; for options passed through a compiler driver
 * only the reporting options matter (the driver decides the mode).
 */
static int parse_linker_args(struct cmdline *cl, const char *const *args, size_t nr, bool direct,
			     bool *info_only, struct strbuf *err)
{
	for (size_t i = 0; i < nr; i++) {
		const char *a = args[i], *val = NULL, *joined;
		const struct ldopt *o;

		if (a[0] != '-' || !a[1]) {
			if (direct && add_input(cl, a, input_type_from_name(a, NULL), NULL))
				return -1;
			continue;
		}
		o = ldopt_find(a, &joined);
		if (!o)
			continue;
		if (joined && *joined) {
			val = joined;
		} else if (o->flags & SEP) {
			if (i + 1 >= nr) {
				strbuf_addf(err, "linker option %s is missing its argument", a);
				return -1;
			}
			val = args[++i];
		} else if (joined) {
			val = joined; /* "--Map=" with an empty value */
		}
		switch (o->id) {
		case LO_OUTPUT:
			cl->nr_output_opts += direct;
			if (direct && set_str(&cl->output, val))
				return -1;
			break;
		case LO_MAP:
			if (set_str(&cl->user_map, val))
				return -1;
			break;
		case LO_MAP_STDOUT:
			cl->user_map_stdout = true;
			break;
		case LO_SCRIPT:
			if (strvec_push(&cl->scripts, val))
				return -1;
			break;
		case LO_LIB:
			if (direct && strvec_push(&cl->libs, val))
				return -1;
			break;
		case LO_LIBDIR:
			if (direct && strvec_push(&cl->libdirs, val))
				return -1;
			break;
		case LO_WHY_EXTRACT:
			cl->user_why_extract = true;
			break;
		case LO_SYMBOL_COUNTS:
			cl->user_symbol_counts = true;
			break;
		case LO_DEPFILE:
			cl->user_link_depfile = true;
			break;
		case LO_SHARED:
			if (direct)
				cl->mode = MODE_LINK_SHARED;
			break;
		case LO_RELOCATABLE:
			if (direct)
				cl->mode = MODE_LINK_RELOCATABLE;
			break;
		case LO_INFO:
			*info_only = true;
			break;
		case LO_NONE:
			break;
		}
	}
	return 0;
}

/* Split "-Wl,a,b,c" into its comma-separated pieces. */
static int split_commas(struct strvec *out, const char *s)
{
	for (;;) {
		const char *c = strchr(s, ',');

		if (strvec_pushn(out, s, c ? (size_t)(c - s) : strlen(s)))
			return -1;
		if (!c)
			return 0;
		s = c + 1;
	}
}

/* "dir/name.c" -> "name<new_ext>" in the current directory. */
static int derived_output(struct strvec *outputs, const char *src, const char *new_ext)
{
	struct strbuf sb = STRBUF_INIT;
	const char *base = path_basename(src);
	const char *ext = path_extension(src);
	int r;

	r = strbuf_add(&sb, base, (size_t)(ext - base)) || strbuf_addstr(&sb, new_ext);
	if (!r)
		r = strvec_push(outputs, sb.buf);
	strbuf_release(&sb);
	return r ? -1 : 0;
}

/* -Wp,-MD,FILE and -Wp,-MMD,FILE as the Linux kernel uses them. 0, or -1 (memory). */
static int cc_wp(struct cmdline *cl, const char *val, unsigned *seen)
{
	struct strvec wp = STRVEC_INIT;
	int ret = split_commas(&wp, val);

	for (size_t k = 0; !ret && k < wp.nr; k++) {
		bool md = !strcmp(wp.v[k], "-MD"), mmd = !strcmp(wp.v[k], "-MMD");

		if (!md && !mmd)
			continue;
		*seen |= OPT_DEPS;
		if (mmd)
			cl->user_deps_system = false;
		if (k + 1 < wp.nr && set_str(&cl->user_depfile, wp.v[k + 1]))
			ret = -1;
	}
	strvec_clear(&wp);
	return ret;
}

/* What a compiler driver call that builds something does, from the options seen. */
static enum cmd_mode cc_mode(unsigned seen)
{
	if (seen & (OPT_STOP_PREPROCESS | OPT_DEPS_ONLY))
		return MODE_PREPROCESS;
	if (seen & OPT_STOP_ASSEMBLY)
		return MODE_ASSEMBLY;
	if (seen & OPT_STOP_COMPILE)
		return MODE_COMPILE;
	if (seen & OPT_RELOCATABLE)
		return MODE_LINK_RELOCATABLE;
	if (seen & OPT_SHARED)
		return MODE_LINK_SHARED;
	return MODE_LINK_EXE;
}

/* What it writes: -o, else the driver's own names (x.o, x.s, a.out). 0, or -1 (memory). */
static int cc_outputs(struct cmdline *cl)
{
	if (cl->output && strcmp(cl->output, "-"))
		return cl->mode != MODE_NONE ? strvec_push(&cl->outputs, cl->output) : 0;
	if (!cl->output && (cl->mode == MODE_COMPILE || cl->mode == MODE_ASSEMBLY)) {
		for (size_t i = 0; i < cl->nr_inputs; i++) {
			if (cl->inputs[i].type != INPUT_SOURCE &&
			    cl->inputs[i].type != INPUT_SOURCE_NOCPP)
				continue;
			if (derived_output(&cl->outputs, cl->inputs[i].path,
					   cl->mode == MODE_COMPILE ? ".o" : ".s"))
				return -1;
		}
	} else if (!cl->output && cl->mode >= MODE_LINK_EXE && cl->mode <= MODE_LINK_RELOCATABLE) {
		return strvec_push(&cl->outputs, "a.out");
	}
	return 0;
}

int cmdline_parse_cc(struct cmdline *cl, const char *const *args, size_t nr, struct strbuf *err)
{
	struct strvec linker_args = STRVEC_INIT;
	char *language = NULL;
	unsigned seen = 0;
	bool syntax_only = false, info_only = false;
	int ret = -1;

	for (size_t i = 0; i < nr; i++) {
		const char *a = args[i], *val = NULL, *joined;
		const struct compopt *o;

		if (a[0] != '-' || !a[1]) {
			if (add_input(cl, a, input_type_from_name(a, language), language))
				goto oom;
			continue;
		}
		o = compopt_find(a, &joined);
		if (!o)
			continue;
		seen |= o->flags;
		if (joined && *joined) {
			val = joined;
		} else if (o->flags & OPT_ARG_SEPARATE) {
			if (i + 1 >= nr) {
				strbuf_addf(err, "option %s is missing its argument", a);
				goto out;
			}
			val = args[++i];
		} else if (joined) {
			val = joined; /* "-Wl," with nothing after it */
		}
		switch (o->id) {
		case CO_OUTPUT:
			cl->nr_output_opts++;
			if (set_str(&cl->output, val))
				goto oom;
			break;
		case CO_LANGUAGE:
			free(language);
			language = strcmp(val, "none") ? strdup(val) : NULL;
			if (strcmp(val, "none") && !language)
				goto oom;
			break;
		case CO_LIB:
			if (strvec_push(&cl->libs, val))
				goto oom;
			break;
		case CO_LIBDIR:
			if (strvec_push(&cl->libdirs, val))
				goto oom;
			break;
		case CO_DEPFILE:
			if (set_str(&cl->user_depfile, val))
				goto oom;
			break;
		case CO_DEPS_MMD:
			cl->user_deps_system = false;
			break;
		case CO_WL:
			if (split_commas(&linker_args, val))
				goto oom;
			break;
		case CO_XLINKER:
			if (strvec_push(&linker_args, val))
				goto oom;
			break;
		case CO_WP:
			if (cc_wp(cl, val, &seen))
				goto oom;
			break;
		case CO_FUSE_LD:
		case CO_LD_PATH:
			if (set_str(&cl->linker_name, val))
				goto oom;
			break;
		case CO_SCRIPT:
			if (strvec_push(&cl->scripts, val))
				goto oom;
			break;
		case CO_SYNTAX_ONLY:
			syntax_only = true;
			break;
		case CO_NONE:
			break;
		}
	}

	if (parse_linker_args(cl, linker_args.v, linker_args.nr, false, &info_only, err))
		goto out;
	cl->user_deps = (seen & OPT_DEPS) != 0;
	cl->static_link = (seen & OPT_STATIC) != 0;
	cl->no_stdlib = (seen & OPT_NO_STDLIB) != 0;
	cl->linker = cl->linker_name ? linker_flavor_from_name(cl->linker_name) : LINKER_BFD;

	cl->mode =
		(seen & OPT_INFO) || syntax_only || cl->nr_inputs == 0 ? MODE_NONE : cc_mode(seen);
	if (cc_outputs(cl))
		goto oom;
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory");
out:
	free(language);
	strvec_clear(&linker_args);
	return ret;
}

int cmdline_parse_ld(struct cmdline *cl, const char *const *args, size_t nr,
		     enum linker_flavor flavor, struct strbuf *err)
{
	bool info_only = false;

	cl->mode = MODE_LINK_EXE;
	cl->linker = flavor;
	if (parse_linker_args(cl, args, nr, true, &info_only, err))
		return -1;
	if (info_only && cl->nr_inputs == 0)
		cl->mode = MODE_NONE;
	if (cl->nr_inputs == 0 && cl->libs.nr == 0)
		cl->mode = MODE_NONE;
	if (cl->mode != MODE_NONE && strvec_push(&cl->outputs, cl->output ? cl->output : "a.out")) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	return 0;
}

int cmdline_parse_ar(struct cmdline *cl, const char *const *args, size_t nr, struct strbuf *err)
{
	struct strbuf key = STRBUF_INIT;
	size_t i = 0, positional_needed;
	bool have_key = false;
	int ret = -1;

	cl->mode = MODE_NONE;
	/* Options and the key: "rcs", "-rcs", "-r -c -s", "--plugin X", "--thin". */
	for (; i < nr; i++) {
		const char *a = args[i];

		if (!strcmp(a, "--plugin") || !strcmp(a, "--target") || !strcmp(a, "--output") ||
		    !strcmp(a, "--record-libdeps")) {
			i++;
			continue;
		}
		if (!strncmp(a, "--", 2)) {
			if (!strcmp(a, "--thin"))
				cl->ar_thin = true;
			if (!strcmp(a, "--help") || !strcmp(a, "--version"))
				goto done;
			continue;
		}
		if (a[0] == '-' && a[1]) {
			if (!strncmp(a, "-X", 2))
				continue; /* AIX object mode */
			if (strbuf_addstr(&key, a + 1))
				goto oom;
			have_key = true;
			continue;
		}
		if (!have_key) {
			if (strbuf_addstr(&key, a))
				goto oom;
			have_key = true;
			continue;
		}
		break;
	}
	if (!have_key)
		goto done;
	for (size_t k = 0; k < key.len; k++) {
		if (strchr("dmpqrstx", key.buf[k]) && !cl->ar_operation)
			cl->ar_operation = key.buf[k];
		if (key.buf[k] == 'T')
			cl->ar_thin = true;
	}
	if (!cl->ar_operation)
		goto done;
	/* "s" alone is an operation (like ranlib); as a modifier it goes with r/q. */
	positional_needed = 0;
	if (strchr("mr", cl->ar_operation) && strpbrk(key.buf, "abi"))
		positional_needed++; /* relpos */
	if (strchr(key.buf, 'N'))
		positional_needed++; /* count */
	i += positional_needed;
	if (i >= nr) {
		strbuf_addf(err, "ar: no archive named in the command line");
		goto out;
	}
	if (set_str(&cl->archive, args[i]))
		goto oom;
	for (i++; i < nr; i++)
		if (add_input(cl, args[i], input_type_from_name(args[i], NULL), NULL))
			goto oom;
	if (strchr("rqdms", cl->ar_operation)) {
		cl->mode = MODE_ARCHIVE;
		if (strvec_push(&cl->outputs, cl->archive))
			goto oom;
	}
done:
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory");
out:
	strbuf_release(&key);
	return ret;
}
