/* SPDX-License-Identifier: Apache-2.0 */
#include "pkgconfig.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pathutil.h"

#include "banned.h"

/* Variable references expanded for one value, in all: bounds "${a}${a}${a}..." chains. */
#define MAX_REFERENCES 100000

static const char *const default_dirs[] = {
	"/usr/local/lib/x86_64-linux-gnu/pkgconfig",
	"/usr/local/lib/pkgconfig",
	"/usr/local/share/pkgconfig",
	"/usr/lib/x86_64-linux-gnu/pkgconfig",
	"/usr/lib/pkgconfig",
	"/usr/share/pkgconfig",
};

enum { KW_NAME, KW_VERSION, KW_URL, KW_DESCRIPTION, KW_LIBS, KW_NR };

static const char *const keywords[KW_NR] = { "Name", "Version", "URL", "Description", "Libs" };

struct pcvar {
	const char *name; /* into the file's buffer */
	size_t name_n;
	const char *value; /* raw, unexpanded, NUL-terminated */
};

struct pcfile {
	const char *path;
	char *dir;
	struct pcvar *vars;
	size_t nr_vars, alloc_vars;
	const char *kw[KW_NR]; /* raw values */
	size_t kw_line[KW_NR];
};

__attribute__((format(printf, 4, 5))) static int fail(struct strbuf *err, const char *file,
						      size_t line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	if (line)
		strbuf_addf(err, "%s:%zu: ", file, line);
	else
		strbuf_addf(err, "%s: ", file);
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

void pkgconfig_info_init(struct pkgconfig_info *info)
{
	memset(info, 0, sizeof(*info));
	strvec_init(&info->also);
	strvec_init(&info->warnings);
}

void pkgconfig_info_release(struct pkgconfig_info *info)
{
	free(info->module);
	free(info->file);
	free(info->name);
	free(info->version);
	free(info->url);
	free(info->description);
	free(info->libs);
	strvec_clear(&info->also);
	strvec_clear(&info->warnings);
	pkgconfig_info_init(info);
}

static const struct pcvar *find_var(const struct pcfile *pc, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < pc->nr_vars; i++)
		if (pc->vars[i].name_n == n && !memcmp(pc->vars[i].name, name, n))
			return &pc->vars[i];
	return NULL;
}

struct expander {
	const struct pcfile *pc;
	size_t line;
	size_t budget;
	struct strbuf *err;
};

static int expand(struct expander *x, const char *s, unsigned depth, struct strbuf *out)
{
	while (*s) {
		const char *close;
		const struct pcvar *v;

		if (s[0] != '$') {
			const char *d = strchr(s, '$');
			size_t n = d ? (size_t)(d - s) : strlen(s);

			if (strbuf_add(out, s, n))
				goto nomem;
			s += n;
		} else if (s[1] == '$') {
			if (strbuf_addch(out, '$'))
				goto nomem;
			s += 2;
		} else if (s[1] == '{' && (close = strchr(s + 2, '}'))) {
			const char *name = s + 2;
			size_t n = (size_t)(close - name);

			if (depth >= PKGCONFIG_MAX_DEPTH || !x->budget)
				return fail(x->err, x->pc->path, x->line,
					    "variables nested deeper than %d (a loop?) at ${%.*s}",
					    PKGCONFIG_MAX_DEPTH, (int)(n < 64 ? n : 64), name);
			x->budget--;
			v = find_var(x->pc, name, n);
			if (v) {
				if (expand(x, v->value, depth + 1, out))
					return -1;
			} else if (n == 9 && !memcmp(name, "pcfiledir", 9)) {
				if (strbuf_addstr(out, x->pc->dir))
					goto nomem;
			} else {
				return fail(x->err, x->pc->path, x->line,
					    "undefined variable '%.*s'", (int)(n < 64 ? n : 64),
					    name);
			}
			s = close + 1;
		} else {
			if (strbuf_addch(out, '$'))
				goto nomem;
			s++;
		}
		if (out->len > PKGCONFIG_MAX_VALUE)
			return fail(x->err, x->pc->path, x->line, "a value longer than %d bytes",
				    PKGCONFIG_MAX_VALUE);
	}
	return 0;
nomem:
	return fail(x->err, x->pc->path, 0, "out of memory");
}

/* Expanded keyword k into *dst (NULL when absent). */
static int expand_kw(const struct pcfile *pc, int k, char **dst, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct expander x = { pc, pc->kw_line[k], MAX_REFERENCES, err };

	*dst = NULL;
	if (!pc->kw[k])
		return 0;
	if (expand(&x, pc->kw[k], 0, &sb)) {
		strbuf_release(&sb);
		return -1;
	}
	*dst = strbuf_detach(&sb, NULL);
	return *dst ? 0 : fail(err, pc->path, 0, "out of memory");
}

/*
 * Cut data into logical lines in place (comments removed, "\#" unescaped,
 * continuations joined) and record variables and keywords.
 */
static int parse(struct pcfile *pc, char *data, size_t len, struct strbuf *err)
{
	size_t pos = 0, lineno = 0;

	while (pos < len) {
		char *start = data + pos, *w = start, *p, *name;
		size_t first = lineno + 1, name_n;
		bool done = false;

		/* one logical line: copy down over comments and joins */
		while (!done) {
			lineno++;
			while (pos < len && data[pos] != '\n') {
				char c = data[pos];

				if (c == '\\' && pos + 1 < len && data[pos + 1] == '#') {
					*w++ = '#';
					pos += 2;
					continue;
				}
				if (c == '#') {
					while (pos < len && data[pos] != '\n')
						pos++;
					break;
				}
				*w++ = c;
				pos++;
			}
			if (w > start && w[-1] == '\\' && pos < len) {
				w--; /* a continuation: the newline goes too */
				pos++;
				continue;
			}
			if (pos < len)
				pos++;
			done = true;
		}
		*w = '\0';
		p = start;
		while (is_blank(*p))
			p++;
		name = p;
		while (is_ident(*p))
			p++;
		name_n = (size_t)(p - name);
		while (is_blank(*p))
			p++;
		if (!name_n || (*p != ':' && *p != '='))
			continue; /* pkg-config skips what it does not know */
		if (*p == '=') {
			char *v = p + 1, *e;

			while (is_blank(*v))
				v++;
			e = v + strlen(v);
			while (e > v && is_blank(e[-1]))
				*--e = '\0';
			if (find_var(pc, name, name_n))
				return fail(err, pc->path, first, "variable '%.*s' defined twice",
					    (int)name_n, name);
			if (pc->nr_vars == pc->alloc_vars) {
				size_t n = pc->alloc_vars ? pc->alloc_vars * 2 : 16;
				struct pcvar *nv = realloc(pc->vars, n * sizeof(*nv));

				if (!nv)
					return fail(err, pc->path, 0, "out of memory");
				pc->vars = nv;
				pc->alloc_vars = n;
			}
			pc->vars[pc->nr_vars].name = name;
			pc->vars[pc->nr_vars].name_n = name_n;
			pc->vars[pc->nr_vars].value = v;
			pc->nr_vars++;
		} else {
			char *v = p + 1, *e;
			int k;

			while (is_blank(*v))
				v++;
			e = v + strlen(v);
			while (e > v && is_blank(e[-1]))
				*--e = '\0';
			for (k = 0; k < KW_NR; k++) {
				if (strlen(keywords[k]) != name_n ||
				    memcmp(keywords[k], name, name_n))
					continue;
				if (pc->kw[k])
					return fail(err, pc->path, first, "%s given twice",
						    keywords[k]);
				pc->kw[k] = v;
				pc->kw_line[k] = first;
			}
		}
	}
	return 0;
}

int pkgconfig_load(const char *path, struct pkgconfig_info *out, struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT;
	struct pcfile pc;
	const char *base;
	char *slash;
	size_t n;
	int ret = -1;

	pkgconfig_info_release(out);
	memset(&pc, 0, sizeof(pc));
	pc.path = path;
	if (strbuf_read_file(&data, path, PKGCONFIG_MAX_FILE)) {
		if (errno == EFBIG)
			fail(err, path, 0, "larger than %zu bytes", (size_t)PKGCONFIG_MAX_FILE);
		else
			fail(err, path, 0, "%s", strerror(errno));
		goto cleanup;
	}
	if (memchr(data.buf, '\0', data.len)) {
		fail(err, path, 0, "NUL byte in a text file");
		goto cleanup;
	}
	pc.dir = strdup(path);
	if (!pc.dir)
		goto nomem;
	slash = strrchr(pc.dir, '/');
	if (slash)
		*(slash == pc.dir ? slash + 1 : slash) = '\0';
	else
		pc.dir[0] = '\0';
	if (parse(&pc, data.buf, data.len, err))
		goto cleanup;
	if (expand_kw(&pc, KW_NAME, &out->name, err) ||
	    expand_kw(&pc, KW_VERSION, &out->version, err) ||
	    expand_kw(&pc, KW_URL, &out->url, err) ||
	    expand_kw(&pc, KW_DESCRIPTION, &out->description, err) ||
	    expand_kw(&pc, KW_LIBS, &out->libs, err))
		goto cleanup;
	base = path_basename(path);
	n = strlen(base);
	if (n > 3 && !strcmp(base + n - 3, ".pc"))
		n -= 3;
	out->module = strndup(base, n);
	out->file = strdup(path);
	if (!out->module || !out->file)
		goto nomem;
	ret = 0;
	goto cleanup;
nomem:
	fail(err, path, 0, "out of memory");
cleanup:
	if (ret)
		pkgconfig_info_release(out);
	strbuf_release(&data);
	free(pc.dir);
	free(pc.vars);
	return ret;
}

/* Does the expanded Libs value name -l<lib>? */
static bool libs_name(const char *libs, const char *lib)
{
	const char *p = libs;
	size_t ln = strlen(lib);
	bool prev_l = false;

	while (p && *p) {
		const char *s;
		size_t n;

		while (*p == ' ' || *p == '\t')
			p++;
		s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - s);
		if (!n)
			break;
		if (prev_l && n == ln && !memcmp(s, lib, ln))
			return true;
		if (n == ln + 2 && !memcmp(s, "-l", 2) && !memcmp(s + 2, lib, ln))
			return true;
		prev_l = n == 2 && !memcmp(s, "-l", 2);
	}
	return false;
}

struct cand {
	char *name;
	int rank; /* 0: NAME.pc or libNAME.pc, 1: others */
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->name, y->name);
}

static int push_dirs(struct strvec *dirs, const char *list)
{
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n) {
			char *d = strndup(p, n);

			if (!d)
				return -1;
			if (strvec_find(dirs, d) >= 0)
				free(d);
			else if (strvec_push_nodup(dirs, d))
				return -1;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return 0;
}

/* Scan one directory. 0, -1 out of memory. */
static int scan_dir(const char *dir, const char *lib, struct pkgconfig_info *out, bool *found,
		    struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, e = STRBUF_INIT;
	struct pkgconfig_info info;
	struct cand *c = NULL;
	size_t nc = 0, ac = 0, i;
	struct dirent *de;
	DIR *d;
	int ret = -1;

	pkgconfig_info_init(&info);
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR) {
			ret = 0;
		} else if (strbuf_addf(&e, "%s: %s: skipped", dir, strerror(errno)) == 0 &&
			   strvec_push(&out->warnings, e.buf) == 0) {
			ret = 0;
		}
		goto cleanup;
	}
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char *name;

		if (n < 4 || strcmp(de->d_name + n - 3, ".pc") || de->d_name[0] == '.')
			continue;
		if (nc == PKGCONFIG_MAX_FILES) {
			strbuf_reset(&e);
			if (strbuf_addf(&e, "%s: more than %d .pc files: the rest skipped", dir,
					PKGCONFIG_MAX_FILES) ||
			    strvec_push(&out->warnings, e.buf))
				goto nomem;
			break;
		}
		if (nc == ac) {
			size_t na = ac ? ac * 2 : 64;
			struct cand *nc2 = realloc(c, na * sizeof(*c));

			if (!nc2)
				goto nomem;
			c = nc2;
			ac = na;
		}
		name = strdup(de->d_name);
		if (!name)
			goto nomem;
		c[nc].name = name;
		c[nc].rank = 1;
		if ((n - 3 == strlen(lib) && !strncmp(name, lib, n - 3)) ||
		    (n - 3 == strlen(lib) + 3 && !strncmp(name, "lib", 3) &&
		     !strncmp(name + 3, lib, n - 6)))
			c[nc].rank = 0;
		nc++;
	}
	if (nc)
		qsort(c, nc, sizeof(*c), cand_cmp);
	for (i = 0; i < nc; i++) {
		struct stat st;

		strbuf_reset(&path);
		strbuf_reset(&e);
		if (path_join(&path, dir, c[i].name))
			goto nomem;
		if (stat(path.buf, &st) || !S_ISREG(st.st_mode))
			continue;
		if (pkgconfig_load(path.buf, &info, &e)) {
			if (strvec_push(&out->warnings, e.buf))
				goto nomem;
			continue;
		}
		if (!libs_name(info.libs, lib))
			continue;
		if (*found) {
			if (strvec_push(&out->also, path.buf))
				goto nomem;
			continue;
		}
		out->module = info.module;
		out->file = info.file;
		out->name = info.name;
		out->version = info.version;
		out->url = info.url;
		out->description = info.description;
		out->libs = info.libs;
		info.module = info.file = info.name = info.version = info.url = NULL;
		info.description = info.libs = NULL;
		*found = true;
	}
	ret = 0;
	goto cleanup;
nomem:
	fail(err, dir, 0, "out of memory");
cleanup:
	if (d)
		closedir(d);
	for (i = 0; i < nc; i++)
		free(c[i].name);
	free(c);
	pkgconfig_info_release(&info);
	strbuf_release(&path);
	strbuf_release(&e);
	return ret;
}

int pkgconfig_find_lib(const struct pkgconfig_config *cfg, const char *lib,
		       struct pkgconfig_info *out, struct strbuf *err)
{
	struct strvec dirs = STRVEC_INIT;
	bool found = false;
	size_t i;
	int ret = -1;

	pkgconfig_info_release(out);
	if (!lib || !*lib || strchr(lib, '/')) {
		fail(err, lib ? lib : "(null)", 0, "not a library name");
		goto cleanup;
	}
	if (cfg && push_dirs(&dirs, cfg->pkg_config_path))
		goto nomem;
	if (cfg && cfg->libdir) {
		if (push_dirs(&dirs, cfg->libdir))
			goto nomem;
	} else {
		for (i = 0; i < sizeof(default_dirs) / sizeof(*default_dirs); i++)
			if (push_dirs(&dirs, default_dirs[i]))
				goto nomem;
	}
	for (i = 0; i < dirs.nr; i++)
		if (scan_dir(dirs.v[i], lib, out, &found, err))
			goto cleanup;
	ret = found ? 0 : 1;
	goto cleanup;
nomem:
	fail(err, lib, 0, "out of memory");
cleanup:
	if (ret < 0)
		pkgconfig_info_release(out);
	strvec_clear(&dirs);
	return ret;
}
