/* SPDX-License-Identifier: Apache-2.0 */
#include "trace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "json_get.h"
#include "linkmap.h"
#include "parallel.h"
#include "pathutil.h"
#include "strmap.h"
#include "alloc.h"
#include "banned.h"

#define MAX_RECORD_SIZE (64u << 20)

const char *const trace_report_kinds[4] = { "map", "symbol-counts", "why-extract",
					    "dependency-file" };

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
	strvec_init(&t->incomplete);
	strvec_init(&t->unreadable_why);
	strvec_init(&t->leftovers);
	strvec_init(&t->paths);
}

static void record_init(struct trace_record *r)
{
	memset(r, 0, sizeof(*r));
	strvec_init(&r->args);
	strvec_init(&r->expanded_args);
	strvec_init(&r->outputs);
	strvec_init(&r->outputs_abs);
	strvec_init(&r->libs);
	strvec_init(&r->libdirs);
	strvec_init(&r->scripts);
	strvec_init(&r->deps_abs);
	strvec_init(&r->members_after);
	strvec_init(&r->incomplete);
}

static void record_release(struct trace_record *r)
{
	free(r->id);
	free(r->tool);
	free(r->mode);
	free(r->program);
	free(r->cwd);
	strvec_clear(&r->args);
	strvec_clear(&r->expanded_args);
	for (size_t i = 0; i < r->nr_inputs; i++) {
		free(r->inputs[i].path);
		free(r->inputs[i].abs);
		free(r->inputs[i].type);
	}
	free(r->inputs);
	strvec_clear(&r->outputs);
	strvec_clear(&r->outputs_abs);
	strvec_clear(&r->libs);
	strvec_clear(&r->libdirs);
	strvec_clear(&r->scripts);
	free(r->deps_origin);
	if (r->deps_abs.alloc) /* the strings are the trace's */
		free(r->deps_abs.v);
	free(r->linker);
	for (int i = 0; i < 4; i++)
		free(r->report[i]);
	free(r->archive);
	free(r->archive_abs);
	free(r->ar_operation);
	strvec_clear(&r->members_after);
	strvec_clear(&r->incomplete);
	for (size_t i = 0; i < r->nr_written; i++)
		free(r->written[i].abs);
	free(r->written);
	record_init(r);
}

void trace_release(struct trace *t)
{
	for (size_t i = 0; i < t->nr; i++)
		record_release(&t->records[i]);
	free(t->records);
	free(t->dir);
	strvec_clear(&t->incomplete);
	strvec_clear(&t->unreadable_why);
	strvec_clear(&t->leftovers);
	strvec_clear(&t->paths);
	trace_init(t);
}

char *trace_abs_path(const char *cwd, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (path[0] == '/' || !cwd || !*cwd) {
		if (strbuf_addstr(&sb, path))
			return NULL;
	} else if (path_join(&sb, cwd, path)) {
		strbuf_release(&sb);
		return NULL;
	}
	path_normalize(sb.buf);
	sb.len = strlen(sb.buf);
	return strbuf_detach(&sb, NULL);
}

/*
 * The dependency list of a record: each path made absolute and kept once
 * in paths (a build's system headers are named by every compile), which
 * owns the copies.
 */
static int get_deps(const cJSON *v, const char *cwd, struct strmap *paths, struct strvec *out,
		    struct strbuf *err)
{
	struct strbuf abs = STRBUF_INIT;
	const cJSON *e;
	size_t i = 0;
	int ret = -1;

	if (!v)
		return 0; /* none listed */
	if (!cJSON_IsArray(v)) {
		json_wrong(err, "files", JSON_ARRAY);
		return -1;
	}
	cJSON_ArrayForEach(e, v)
	{
		struct strmap_slot *s;
		bool is_new;
		char *copy;

		if (!cJSON_IsString(e)) {
			strbuf_reset(&abs);
			strbuf_addf(&abs, "files[%zu]", i);
			json_wrong(err, abs.buf, JSON_STRING);
			goto out;
		}
		strbuf_reset(&abs);
		if (e->valuestring[0] == '/' || !cwd || !*cwd
			    ? strbuf_addstr(&abs, e->valuestring)
			    : path_join(&abs, cwd, e->valuestring))
			goto oom;
		path_normalize(abs.buf);
		abs.len = strlen(abs.buf);
		s = strmap_find(paths, abs.buf);
		if (!s) {
			if (!(copy = strdup(abs.buf)))
				goto oom;
			if (!(s = strmap_put(paths, copy, 0, &is_new))) {
				free(copy);
				goto oom;
			}
		}
		/* borrowed: the trace owns it (record_release frees only the array) */
		if (strvec_push_nodup(out, (char *)s->key))
			goto oom;
		i++;
	}
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory");
out:
	strbuf_release(&abs);
	return ret;
}

/*
 * Open a file of the trace for reading: a regular file reached without
 * following a symbolic link at its end (never a FIFO, a device or a link
 * planted in its place). The descriptor with *st filled, or -1 with *why
 * a reason.
 */
static int open_trace_file(const char *path, struct stat *st, const char **why)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	*why = NULL;
	if (fd < 0) {
		*why = errno == ELOOP ? "is a symbolic link" : strerror(errno);
		return -1;
	}
	if (fstat(fd, st))
		*why = strerror(errno);
	else if (!S_ISREG(st->st_mode))
		*why = "is not a regular file";
	if (*why) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A file of the trace (open_trace_file), at most max bytes: 0, or -1 with *why. */
static int read_trace_file(const char *path, size_t max, struct strbuf *sb, const char **why)
{
	struct stat st;
	int fd = open_trace_file(path, &st, why), rc = -1;

	if (fd < 0)
		return -1;
	if ((uintmax_t)st.st_size > max)
		*why = "is larger than 64 MiB";
	else if (strbuf_read_fd(sb, fd, max) < 0)
		*why = strerror(errno);
	else
		rc = 0;
	close(fd);
	return rc;
}

/* Is path (normalised) inside dir (the trace directory)? */
static bool inside(const char *dir, const char *path)
{
	char *d = trace_abs_path(NULL, dir);
	size_t n = d ? strlen(d) : 0;
	bool yes = d && !strncmp(path, d, n) && path[n] == '/';

	free(d);
	return yes;
}

/* Typed getters (json_get.h): a field of the wrong type is an error naming the field. */
static int get_str(const cJSON *obj, const char *key, bool required, char **out, struct strbuf *err)
{
	const cJSON *v;

	*out = NULL;
	switch (json_get(obj, "", key, JSON_STRING, 0, &v, err)) {
	case JSON_ABSENT:
		if (required)
			strbuf_addf(err, "missing field '%s'", key);
		return required ? -1 : 0;
	case JSON_WRONG:
		return -1;
	case JSON_GOT:
		break;
	}
	*out = strdup(v->valuestring);
	if (!*out) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	return 0;
}

static int get_strs(const cJSON *obj, const char *key, struct strvec *out, struct strbuf *err)
{
	const cJSON *v, *e;
	size_t i = 0;

	if (json_get(obj, "", key, JSON_ARRAY, 0, &v, err) == JSON_WRONG)
		return -1;
	cJSON_ArrayForEach(e, v)
	{
		if (!cJSON_IsString(e)) {
			struct strbuf p = STRBUF_INIT;

			strbuf_addf(&p, "%s[%zu]", key, i);
			json_wrong(err, p.buf, JSON_STRING);
			strbuf_release(&p);
			return -1;
		}
		if (strvec_push(out, e->valuestring)) {
			strbuf_addstr(err, "out of memory");
			return -1;
		}
		i++;
	}
	return 0;
}

static int abs_all(const char *cwd, const struct strvec *in, struct strvec *out)
{
	for (size_t i = 0; i < in->nr; i++)
		if (strvec_push_nodup(out, trace_abs_path(cwd, in->v[i])))
			return -1;
	return 0;
}

static long long get_num(const cJSON *obj, const char *key, long long dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	/* a hostile record's number may be out of range: clamp, never overflow */
	if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble)
		return dflt;
	if (v->valuedouble >= 9.2e18)
		return 9200000000000000000LL;
	if (v->valuedouble <= -9.2e18)
		return -9200000000000000000LL;
	return (long long)v->valuedouble;
}

/*
 * A nanosecond count (start_ns, end_ns, mtime_ns): a string of decimal
 * digits in records of version 2, exact; a JSON number in version 1, which
 * cJSON reads as a double (to 256 ns at today's dates, so a version-1
 * mtime seldom matches and the file is hashed instead). Absent: dflt.
 */
static int get_ns(const cJSON *obj, const char *key, long long dflt, long long *out,
		  struct strbuf *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *s, *digits;
	char *end;
	long long n;

	*out = dflt;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsNumber(v)) {
		*out = get_num(obj, key, dflt);
		return 0;
	}
	s = cJSON_IsString(v) ? v->valuestring : "";
	digits = s + (s[0] == '-');
	if (*digits && strspn(digits, "0123456789") == strlen(digits)) {
		errno = 0;
		n = strtoll(s, &end, 10);
		if (!errno && !*end) {
			*out = n;
			return 0;
		}
	}
	strbuf_addf(err, "%s: expected a whole number of nanoseconds (a string of decimal digits)",
		    key);
	return -1;
}

/* "written": [{"path", "size", "mtime_ns", "sha256", "build_id", "load_sha256"}] */
static int parse_written(struct trace_record *r, const cJSON *v, struct strbuf *err)
{
	const cJSON *e;
	size_t i = 0;

	if (!cJSON_IsArray(v)) {
		json_wrong(err, "written", JSON_ARRAY);
		return -1;
	}
	r->has_written = true;
	r->written = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*r->written));
	if (!r->written) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	cJSON_ArrayForEach(e, v)
	{
		struct trace_written *w = &r->written[i];
		char *path = NULL, *sha = NULL, *bid = NULL, *load = NULL;
		int bad = get_str(e, "path", true, &path, err) ||
			  get_str(e, "sha256", true, &sha, err) ||
			  get_str(e, "build_id", false, &bid, err) ||
			  get_str(e, "load_sha256", false, &load, err);

		if (!bad && (strlen(sha) != 64 || (bid && strlen(bid) >= sizeof(w->build_id)) ||
			     (load && strlen(load) != 64))) {
			strbuf_addstr(err, "not a SHA-256 or build-id in hex");
			bad = 1;
		}
		if (!bad) {
			memcpy(w->sha256, sha, 65);
			if (bid)
				memcpy(w->build_id, bid, strlen(bid) + 1);
			if (load)
				memcpy(w->load_sha256, load, 65);
			w->size = get_num(e, "size", -1);
			if (get_ns(e, "mtime_ns", -1, &w->mtime_ns, err))
				bad = 1;
			w->abs = trace_abs_path(r->cwd, path);
			if (!w->abs) {
				strbuf_addstr(err, "out of memory");
				bad = 1;
			}
		}
		free(path);
		free(sha);
		free(bid);
		free(load);
		if (bad) {
			strbuf_addf(err, " (in written[%zu])", i);
			return -1;
		}
		r->nr_written = ++i;
	}
	return 0;
}

const struct trace_written *trace_written_of(const struct trace_record *r, const char *abs)
{
	for (size_t i = 0; i < r->nr_written; i++)
		if (!strcmp(r->written[i].abs, abs))
			return &r->written[i];
	return NULL;
}

static int parse_record(struct trace_record *r, const char *trace_dir, struct strmap *paths,
			const cJSON *root, struct strbuf *err)
{
	const cJSON *v, *e;
	char *fmt = NULL;
	long long version;
	size_t i;

	if (!cJSON_IsObject(root)) {
		strbuf_addstr(err, "not a JSON object");
		return -1;
	}
	if (get_str(root, "format", true, &fmt, err))
		return -1;
	version = get_num(root, "version", 0);
	if (strcmp(fmt, "souptrace-trace") || version < 1 || version > 2) {
		strbuf_addf(err,
			    "not a souptrace trace record of version 1 or 2 (format '%s', "
			    "version %lld): recorded by another souptrace?",
			    fmt, version);
		free(fmt);
		return -1;
	}
	free(fmt);
	if (get_str(root, "id", true, &r->id, err) || get_str(root, "tool", true, &r->tool, err) ||
	    get_str(root, "mode", true, &r->mode, err) ||
	    get_str(root, "program", true, &r->program, err) ||
	    get_str(root, "cwd", true, &r->cwd, err) || get_strs(root, "args", &r->args, err) ||
	    get_strs(root, "expanded_args", &r->expanded_args, err) ||
	    get_strs(root, "outputs", &r->outputs, err) ||
	    get_strs(root, "libraries", &r->libs, err) ||
	    get_strs(root, "library_dirs", &r->libdirs, err) ||
	    get_strs(root, "linker_scripts", &r->scripts, err) ||
	    get_strs(root, "incomplete", &r->incomplete, err))
		return -1;
	if (get_ns(root, "start_ns", 0, &r->start_ns, err) ||
	    get_ns(root, "end_ns", 0, &r->end_ns, err))
		return -1;
	v = cJSON_GetObjectItemCaseSensitive(root, "exit_status");
	r->exit_status = cJSON_IsNumber(v) ? v->valueint : -1;
	r->signal = (int)get_num(root, "signal", 0);
	if (abs_all(r->cwd, &r->outputs, &r->outputs_abs))
		goto oom;

	v = cJSON_GetObjectItemCaseSensitive(root, "inputs");
	if (v && !cJSON_IsArray(v)) {
		json_wrong(err, "inputs", JSON_ARRAY);
		return -1;
	}
	r->nr_inputs = (size_t)cJSON_GetArraySize(v);
	r->inputs = calloc(r->nr_inputs ? r->nr_inputs : 1, sizeof(*r->inputs));
	if (!r->inputs)
		goto oom;
	i = 0;
	cJSON_ArrayForEach(e, v)
	{
		struct trace_input *in = &r->inputs[i];

		if (!cJSON_IsObject(e)) {
			struct strbuf p = STRBUF_INIT;

			strbuf_addf(&p, "inputs[%zu]", i);
			json_wrong(err, p.buf, JSON_OBJECT);
			strbuf_release(&p);
			return -1;
		}
		if (get_str(e, "path", true, &in->path, err) ||
		    get_str(e, "type", true, &in->type, err)) {
			strbuf_addf(err, " (in inputs[%zu])", i);
			return -1;
		}
		in->abs = trace_abs_path(r->cwd, in->path);
		if (!in->abs)
			goto oom;
		i++;
	}

	v = cJSON_GetObjectItemCaseSensitive(root, "dependencies");
	if (cJSON_IsObject(v)) {
		const cJSON *sys = cJSON_GetObjectItemCaseSensitive(v, "system_headers");

		if (get_str(v, "origin", true, &r->deps_origin, err) ||
		    get_deps(cJSON_GetObjectItemCaseSensitive(v, "files"), r->cwd, paths,
			     &r->deps_abs, err))
			return -1;
		r->deps_system_headers = cJSON_IsTrue(sys);
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "link");
	if (cJSON_IsObject(v)) {
		const cJSON *reps = cJSON_GetObjectItemCaseSensitive(v, "reports");

		if (get_str(v, "linker", false, &r->linker, err))
			return -1;
		for (int k = 0; k < 4 && cJSON_IsObject(reps); k++) {
			char *rel = NULL;

			if (get_str(reps, trace_report_kinds[k], false, &rel, err))
				return -1;
			if (rel) {
				r->report[k] = trace_abs_path(trace_dir, rel);
				if (r->report[k] && !inside(trace_dir, r->report[k])) {
					strbuf_addf(err,
						    "link.reports.%s: '%s' is outside the trace",
						    trace_report_kinds[k], rel);
					free(rel);
					return -1;
				}
				free(rel);
				if (!r->report[k])
					goto oom;
			}
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "written");
	if (v && parse_written(r, v, err))
		return -1;
	v = cJSON_GetObjectItemCaseSensitive(root, "archive");
	if (cJSON_IsObject(v)) {
		if (get_str(v, "path", true, &r->archive, err) ||
		    get_str(v, "operation", false, &r->ar_operation, err) ||
		    get_strs(v, "members_after", &r->members_after, err))
			return -1;
		r->archive_abs = trace_abs_path(r->cwd, r->archive);
		if (!r->archive_abs)
			goto oom;
	}
	return 0;
oom:
	strbuf_addstr(err, "out of memory");
	return -1;
}

static int cmp_record(const void *a, const void *b)
{
	const struct trace_record *x = a, *y = b;

	if (x->end_ns != y->end_ns)
		return x->end_ns < y->end_ns ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * The INCOMPLETE file: one line per problem. An INCOMPLETE that cannot be
 * read as such (empty: the disk filled while it was written; a directory;
 * too large) still says that something went wrong: that becomes its line.
 */
static int load_incomplete(struct trace *t, const char *dir)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct stat st;
	const char *bad = NULL;
	int ret = 0;

	if (path_join(&path, dir, "INCOMPLETE")) {
		ret = -1;
		goto out;
	}
	if (lstat(path.buf, &st))
		goto out; /* none: nothing went wrong */
	if (!S_ISREG(st.st_mode))
		bad = "is not a regular file";
	else if (st.st_size == 0)
		bad = "is empty (the disk may have filled while it was written)";
	else if (st.st_size > (off_t)MAX_RECORD_SIZE)
		bad = "is larger than 64 MiB";
	else if (strbuf_read_file(&text, path.buf, MAX_RECORD_SIZE) < 0)
		bad = "cannot be read";
	if (bad) {
		strbuf_reset(&text);
		strbuf_addf(&text, "%s %s: some step could not be recorded", path.buf, bad);
		ret = strvec_push(&t->incomplete, text.buf) ? -1 : 0;
		goto out;
	}
	for (const char *p = text.buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n && strvec_pushn(&t->incomplete, p, n)) {
			ret = -1;
			break;
		}
		p += n + (nl ? 1 : 0);
	}
out:
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

/* Work files in tmp/: a step still running, or one whose wrapper was killed. */
static int load_leftovers(struct trace *t, const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	if (path_join(&path, dir, "tmp") || !(d = opendir(path.buf))) {
		strbuf_release(&path);
		return 0;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' &&
		    strvec_pushf(&t->leftovers, "%s/%s", path.buf, de->d_name)) {
			ret = -1;
			break;
		}
	closedir(d);
	strbuf_release(&path);
	return ret;
}

/* One record file, parsed: the record, or why it could not be. */
struct loaded {
	struct trace_record rec;
	char *why; /* "FILE: message"; NULL when rec is good */
	bool oom;
};

/* A share of the record files, for one thread: every step-th from first. */
struct load_share {
	const char *dir;
	const struct strvec *names;
	struct loaded *out;
	size_t first, step;
	struct strmap paths; /* this share's dependency paths, each once */
};

static void load_one(struct load_share *sh, const char *name, struct loaded *out,
		     struct strbuf *path, struct strbuf *text, struct strbuf *msg)
{
	const char *why;
	cJSON *root;

	record_init(&out->rec);
	strbuf_reset(text);
	strbuf_reset(msg);
	strbuf_reset(path);
	if (strbuf_addf(path, "%s/records/%s", sh->dir, name))
		goto oom;
	if (read_trace_file(path->buf, MAX_RECORD_SIZE, text, &why)) {
		strbuf_addf(msg, "%s: cannot read: %s", path->buf, why);
		goto unreadable;
	}
	root = json_parse_document(path->buf, text->buf, text->len, msg);
	if (!root) {
		while (msg->len && msg->buf[msg->len - 1] == '\n')
			msg->buf[--msg->len] = '\0';
		goto unreadable;
	}
	if (parse_record(&out->rec, sh->dir, &sh->paths, root, msg)) {
		struct strbuf m = STRBUF_INIT;

		strbuf_addf(&m, "%s: %s", path->buf, msg->buf);
		strbuf_reset(msg);
		strbuf_addstr(msg, m.buf);
		strbuf_release(&m);
		record_release(&out->rec);
		goto unreadable; /* the tree: the arena's (load_share_run) */
	}
	return;
unreadable:
	if ((out->why = strdup(msg->buf)))
		return;
oom:
	out->oom = true;
}

static void *load_share_run(void *arg)
{
	struct load_share *sh = arg;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, msg = STRBUF_INIT;
	struct json_arena arena;

	/* each record's tree in an arena, dropped at once */
	json_arena_open(&arena);
	for (size_t i = sh->first; i < sh->names->nr; i += sh->step) {
		load_one(sh, sh->names->v[i], &sh->out[i], &path, &text, &msg);
		json_arena_reset(&arena);
	}
	json_arena_close(&arena);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&msg);
	return NULL;
}

/*
 * The record files are parsed in parallel (cJSON's parser is thread-safe
 * when, as here, its hooks are set before and its error pointer is never
 * used); the results are taken in directory order, so messages and the
 * records' order do not depend on the threads.
 */
int trace_load(struct trace *t, const char *dir, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT;
	struct strvec names = STRVEC_INIT;
	struct load_share shares[PARALLEL_MAX_SHARES];
	struct loaded *out = NULL;
	size_t nthreads = 0;
	DIR *d = NULL;
	struct dirent *de;
	int ret = -1;

	t->dir = strdup(dir);
	if (!t->dir || path_join(&path, dir, "records"))
		goto oom;
	d = opendir(path.buf);
	if (!d) {
		strbuf_addf(err, "%s: cannot read the trace: %s\n", path.buf, strerror(errno));
		goto out;
	}
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.' || n < 6 || strcmp(de->d_name + n - 5, ".json"))
			continue;
		if (strvec_push(&names, de->d_name))
			goto oom;
	}
	out = calloc(names.nr + 1, sizeof(*out));
	if (!out)
		goto oom;
	nthreads = parallel_shares(names.nr, 64);
	json_hooks_ensure(); /* before any thread parses */
	for (size_t k = 0; k < nthreads; k++)
		shares[k] = (struct load_share){ dir, &names, out, k, nthreads, STRMAP_INIT };
	parallel_run(load_share_run, shares, sizeof(*shares), nthreads);
	for (size_t i = 0; i < names.nr; i++) {
		if (out[i].oom)
			goto oom;
		if (!out[i].why) {
			ALLOC_GROW(t->records, t->nr + 1, t->alloc);
			t->records[t->nr++] = out[i].rec;
			record_init(&out[i].rec);
			continue;
		}
		/* which artifacts it reaches cannot be told from it: those whose
		 * files then lack a producing record get the finding */
		strbuf_addf(err, "%s\n", out[i].why);
		t->unreadable++;
		if (strvec_push(&t->unreadable_why, out[i].why))
			goto oom;
	}
	if (t->nr)
		qsort(t->records, t->nr, sizeof(*t->records), cmp_record);
	if (load_incomplete(t, dir) || load_leftovers(t, dir))
		goto oom;
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory\n");
out:
	/* the paths of every share now belong to the trace */
	for (size_t k = 0; k < nthreads; k++) {
		for (size_t i = 0; i < shares[k].paths.cap; i++)
			if (shares[k].paths.slots[i].key &&
			    strvec_push_nodup(&t->paths, (char *)shares[k].paths.slots[i].key))
				abort(); /* xmalloc's policy: not reached */
		strmap_release(&shares[k].paths);
	}
	for (size_t i = 0; out && i < names.nr; i++) {
		record_release(&out[i].rec);
		free(out[i].why);
	}
	free(out);
	if (d)
		closedir(d);
	strvec_clear(&names);
	strbuf_release(&path);
	return ret;
}

int trace_load_link_evidence(const struct trace_record *r, struct linkmap *lm, struct strbuf *err)
{
	/* side reports, then the map */
	static const struct {
		int k;
		enum linkmap_report kind;
	} order[4] = { { 1, LINKMAP_REPORT_GOLD_SYMBOL_COUNTS },
		       { 2, LINKMAP_REPORT_LLD_WHY_EXTRACT },
		       { 3, LINKMAP_REPORT_DEPFILE },
		       { 0, LINKMAP_REPORT_MAP } };

	for (int n = 0; n < 4; n++) {
		const char *path = r->report[order[n].k], *why = NULL;
		struct stat st;
		int fd, rc;

		if (!path)
			continue;
		/*
		 * Read through a window, never mapped: a map of any size (a
		 * large program's runs to gigabytes) costs 1 MiB, and a file
		 * cut while it is read is a truncated map, not a SIGBUS.
		 */
		fd = open_trace_file(path, &st, &why);
		if (fd < 0) {
			strbuf_addf(err, "%s: cannot read: %s", path, why);
			return -1;
		}
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
		rc = linkmap_parse_fd(lm, order[n].kind, path, fd, err);
		close(fd);
		if (rc)
			return -1;
	}
	return 0;
}
