/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A recorded compile run again as a preprocessing step that writes nothing,
 * and the lines of one file it kept (preproc.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pathutil.h"
#include "preproc.h"
#include "banned.h"

extern char **environ;

enum {
	PP_ARG = 1 << 0,    /* "-o x": the next element is its argument, dropped with it */
	PP_JOINED = 1 << 1, /* also as a prefix: "-ox", "-MFdeps.d", "-save-temps=obj" */
	PP_WP = 1 << 2,	    /* "-Wp,...": dropped only when it passes a -M option */
};

/*
 * The options taken out of a compile to preprocess it again, sorted by
 * name (a unit test checks). Everything else stays: the flags that decide
 * the preprocessor's branches (-D, -U, -I, -include, -std, -m, -f ...).
 */
static const struct preproc_opt table[] = {
	{ "-###", 0, "prints the commands instead of running them" },
	{ "-C", 0, "added anyway" },
	{ "-CC", 0,
	  "comments in macro expansions would shift no line's fate, but change the text" },
	{ "-E", 0, "added anyway" },
	{ "-M", 0, "would print the dependencies instead of the text" },
	{ "-MD", 0, "writes a depfile" },
	{ "-MF", PP_ARG | PP_JOINED, "names the depfile" },
	{ "-MG", 0, "only with -M" },
	{ "-MJ", PP_ARG | PP_JOINED, "clang: writes a compilation-database entry" },
	{ "-MM", 0, "would print the dependencies instead of the text" },
	{ "-MMD", 0, "writes a depfile" },
	{ "-MP", 0, "only with a depfile" },
	{ "-MQ", PP_ARG | PP_JOINED, "only with a depfile" },
	{ "-MT", PP_ARG | PP_JOINED, "only with a depfile" },
	{ "-P", 0, "would drop the line markers the text is mapped back by" },
	{ "-S", 0, "compiles instead of preprocessing" },
	{ "-Wp,", PP_JOINED | PP_WP, "-Wp,-MD,FILE writes a depfile (the Linux kernel's way)" },
	{ "-aux-info", PP_ARG, "writes the declarations to a file" },
	{ "-c", 0, "compiles instead of preprocessing" },
	{ "-dD", 0, "added anyway" },
	{ "-dI", 0, "changes the text" },
	{ "-dM", 0, "would print only the macros" },
	{ "-dN", 0, "changes the text" },
	{ "-dU", 0, "changes the text" },
	{ "-fdirectives-only", 0, "would keep macros unexpanded: not the compile's view" },
	{ "-fdump-", PP_JOINED, "writes dump files" },
	{ "-fsyntax-only", 0, "compiles instead of preprocessing" },
	{ "-ftime-trace", PP_JOINED, "clang: writes a time trace" },
	{ "-o", PP_ARG | PP_JOINED, "the output: the text goes to a pipe instead" },
	{ "-save-temps", PP_JOINED, "writes the intermediate files" },
};

const struct preproc_opt *preproc_table(size_t *nr)
{
	*nr = sizeof(table) / sizeof(*table);
	return table;
}

/* The table's entry for arg: an exact name, else the longest PP_JOINED prefix. */
static const struct preproc_opt *table_find(const char *arg)
{
	const struct preproc_opt *best = NULL;
	size_t lo = 0, hi = sizeof(table) / sizeof(*table);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(arg, table[mid].name);

		if (!c)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (size_t i = 0; i < sizeof(table) / sizeof(*table); i++)
		if ((table[i].flags & PP_JOINED) &&
		    !strncmp(arg, table[i].name, strlen(table[i].name)) &&
		    (!best || strlen(table[i].name) > strlen(best->name)))
			best = &table[i];
	return best;
}

int preproc_argv(const struct preproc_command *cmd, struct strvec *argv, struct strbuf *err)
{
	const struct strvec *a = cmd->args;

	if (strvec_push(argv, cmd->program))
		goto oom;
	for (size_t i = 0; i < a->nr; i++) {
		const char *arg = a->v[i];
		const struct preproc_opt *o = arg[0] == '-' ? table_find(arg) : NULL;

		if (!strcmp(arg, "-")) {
			strbuf_addstr(err, "the compile read its source from standard input");
			return -1;
		} else if (o && (o->flags & PP_WP)) {
			if (strstr(arg, ",-M"))
				continue;
		} else if (o) {
			i += (o->flags & PP_ARG) && !strcmp(arg, o->name); /* "-o x": x too */
			continue;
		} else if (!strcmp(arg, "-Xpreprocessor") && i + 1 < a->nr &&
			   !strncmp(a->v[i + 1], "-M", 2)) {
			i++; /* -Xpreprocessor -MD */
			continue;
		}
		if (strvec_push(argv, arg))
			goto oom;
	}
	if (strvec_push(argv, "-E") || strvec_push(argv, "-C") || strvec_push(argv, "-dD"))
		goto oom;
	return 0;
oom:
	strbuf_addstr(err, "out of memory");
	return -1;
}

void preproc_lines_init(struct preproc_lines *l)
{
	memset(l, 0, sizeof(*l));
}

void preproc_lines_release(struct preproc_lines *l)
{
	free(l->live);
	preproc_lines_init(l);
}

/* Reading the preprocessor's output: where it is in which file, which regions gave text. */
struct pp_parse {
	const char *cwd, *target;
	struct stat target_st;
	bool have_st, in_target, entered;
	struct strbuf name, marker; /* the last line marker's file name; the one being read */
	struct strbuf partial;	    /* an output line not yet complete */
	size_t line;		    /* the line the next output line comes from */
	const struct preproc_regions *rg;
	unsigned char *region_live;
};

/* The line marker's file name (written as a C string) is the target. */
static bool same_file(struct pp_parse *st, const char *name)
{
	struct strbuf abs = STRBUF_INIT;
	struct stat s;
	bool same;

	if (name[0] == '<')
		return false; /* <built-in>, <command-line> */
	if (name[0] == '/')
		strbuf_addstr(&abs, name);
	else
		path_join(&abs, st->cwd, name);
	path_normalize(abs.buf);
	abs.len = strlen(abs.buf);
	same = !strcmp(abs.buf, st->target) ||
	       (st->have_st && stat(abs.buf, &s) == 0 && s.st_dev == st->target_st.st_dev &&
		s.st_ino == st->target_st.st_ino);
	strbuf_release(&abs);
	return same;
}

static void mark(struct pp_parse *st, size_t line)
{
	if (line >= 1 && line <= st->rg->nr_lines)
		st->region_live[st->rg->region[line]] = 1;
}

/* `# N "file" flags`: 0, or -1 when l is no line marker. */
static int line_marker(struct pp_parse *st, const char *l, size_t len)
{
	const char *p = l + 2, *e = l + len;
	size_t n = 0;
	bool returning = false;

	if (len < 3 || l[0] != '#' || l[1] != ' ' || l[2] < '0' || l[2] > '9')
		return -1;
	for (; p < e && *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (size_t)(*p - '0');
	if (p + 1 < e && p[0] == ' ' && p[1] == '"') {
		strbuf_reset(&st->marker);
		for (p += 2; p < e && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < e && p[1] >= '0' && p[1] <= '7') {
				int v = 0;

				for (int k = 0; k < 3 && p + 1 < e && p[1] >= '0' && p[1] <= '7';
				     k++)
					v = v * 8 + (*++p - '0');
				strbuf_addch(&st->marker, (char)v);
				continue;
			}
			if (*p == '\\' && p + 1 < e)
				p++;
			strbuf_addch(&st->marker, *p);
		}
		for (const char *f = p; f + 1 < e; f++)
			returning |= f[0] == ' ' && f[1] == '2' && (f + 2 == e || f[2] == ' ');
		if (strcmp(st->marker.buf, st->name.buf)) {
			strbuf_reset(&st->name);
			strbuf_addstr(&st->name, st->marker.buf);
			st->in_target = same_file(st, st->name.buf);
		}
	}
	if (st->in_target) {
		st->entered = true;
		if (returning)
			mark(st, n - 1); /* the #include line that was followed */
	}
	st->line = n;
	return 0;
}

static void one_line(struct pp_parse *st, const char *l, size_t len)
{
	bool blank = true;

	if (line_marker(st, l, len) == 0)
		return;
	for (size_t i = 0; i < len && blank; i++)
		blank = l[i] == ' ' || l[i] == '\t' || l[i] == '\r' || l[i] == '\f' || l[i] == '\v';
	if (st->in_target && !blank)
		mark(st, st->line);
	st->line++;
}

/* Complete lines of the output to one_line(); the rest waits. 0, or -1 (out of memory). */
static int feed(struct pp_parse *st, const char *data, size_t n)
{
	const char *nl;

	while ((nl = memchr(data, '\n', n))) {
		size_t k = (size_t)(nl - data);

		if (st->partial.len) {
			if (strbuf_add(&st->partial, data, k))
				return -1;
			one_line(st, st->partial.buf, st->partial.len);
			strbuf_reset(&st->partial);
		} else {
			one_line(st, data, k);
		}
		data += k + 1;
		n -= k + 1;
	}
	return n ? strbuf_add(&st->partial, data, n) : 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The environment of the child: ours, with SOUPTRACE_DEPTH=1 (no wrapper records it). */
static int child_env(struct strvec *env)
{
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "SOUPTRACE_DEPTH=", 16) && strvec_push(env, *e))
			return -1;
	return strvec_push(env, "SOUPTRACE_DEPTH=1");
}

/* Start argv in cwd, in its own process group; its stdout and stderr on pipes. */
static int spawn(const struct strvec *argv, const char *cwd, int out[2], int errp[2], pid_t *pid,
		 struct strbuf *err)
{
	struct strvec env = STRVEC_INIT;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int rc;

	if (child_env(&env)) {
		strvec_clear(&env);
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	out[0] = out[1] = errp[0] = errp[1] = -1;
	if (pipe2(out, O_CLOEXEC) || pipe2(errp, O_CLOEXEC)) {
		strbuf_addf(err, "cannot make a pipe: %s", strerror(errno));
		for (int i = 0; i < 2; i++) {
			if (out[i] >= 0)
				close(out[i]);
			if (errp[i] >= 0)
				close(errp[i]);
		}
		strvec_clear(&env);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	posix_spawn_file_actions_addchdir_np(&fa, cwd);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	rc = posix_spawnp(pid, argv->v[0], &fa, &attr, (char *const *)argv->v,
			  (char *const *)env.v);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(errp[1]);
	out[1] = errp[1] = -1;
	strvec_clear(&env);
	if (rc) {
		strbuf_addf(err, "cannot run %s in %s: %s", argv->v[0], cwd, strerror(rc));
		close(out[0]);
		close(errp[0]);
		return -1;
	}
	return 0;
}

/* Read the child's output into st until it ends or the time is up. 0, 1 (time up), -1 (memory). */
static int drain(struct pp_parse *st, int outfd, int errfd, struct strbuf *errtext,
		 unsigned timeout_ms)
{
	struct pollfd fds[2] = { { outfd, POLLIN, 0 }, { errfd, POLLIN, 0 } };
	long long deadline = now_ms() + timeout_ms;
	char buf[65536];

	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		long long left = deadline - now_ms();
		int rc;

		if (left <= 0)
			return 1;
		rc = poll(fds, 2, (int)(left > 1000000 ? 1000000 : left));
		if (rc < 0 && errno != EINTR)
			return -1;
		for (int i = 0; rc > 0 && i < 2; i++) {
			ssize_t n;

			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			n = read(fds[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				fds[i].fd = -1;
				continue;
			}
			if (i == 0 ? feed(st, buf, (size_t)n)
				   : errtext->len < 2048 && strbuf_add(errtext, buf, (size_t)n))
				return -1;
		}
	}
	return 0;
}

/* Run argv, its output parsed into st. 0, or -1 with err. */
static int run(const struct strvec *argv, const char *cwd, unsigned timeout_ms, struct pp_parse *st,
	       struct strbuf *err)
{
	struct strbuf errtext = STRBUF_INIT;
	int out[2], errp[2], status = 0, rc;
	pid_t pid;

	if (spawn(argv, cwd, out, errp, &pid, err))
		return -1;
	rc = drain(st, out[0], errp[0], &errtext, timeout_ms);
	if (rc)
		kill(-pid, SIGKILL); /* its process group: cc1 too */
	close(out[0]);
	close(errp[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == 1)
		strbuf_addf(err, "%s did not finish in %u s (stopped)", argv->v[0],
			    (timeout_ms + 999) / 1000);
	else if (rc < 0)
		strbuf_addstr(err, "out of memory");
	else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		size_t n = strcspn(errtext.buf, "\n");

		strbuf_addf(err, "%s failed (%s %d)%s%.*s", argv->v[0],
			    WIFEXITED(status) ? "exit status" : "signal",
			    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			    n ? ": " : "", (int)(n > 300 ? 300 : n), errtext.buf);
		rc = -1;
	} else if (st->partial.len) {
		one_line(st, st->partial.buf, st->partial.len);
	}
	strbuf_release(&errtext);
	return rc ? -1 : 0;
}

int preproc_live_lines(const struct preproc_command *cmd, const char *target, const char *text,
		       size_t len, unsigned timeout_ms, struct preproc_lines *out,
		       struct strbuf *err)
{
	struct preproc_regions rg;
	struct strvec argv = STRVEC_INIT;
	struct pp_parse st;
	int ret = -1;

	preproc_lines_release(out);
	preproc_regions_init(&rg);
	memset(&st, 0, sizeof(st));
	strbuf_init(&st.name);
	strbuf_init(&st.marker);
	strbuf_init(&st.partial);
	st.cwd = cmd->cwd;
	st.target = target;
	st.have_st = stat(target, &st.target_st) == 0;
	st.rg = &rg;
	if (preproc_regions_scan(text, len, &rg) || !(st.region_live = calloc(rg.nr_regions, 1)) ||
	    !(out->live = calloc(rg.nr_lines + 1, 1))) {
		strbuf_addstr(err, "out of memory");
		goto out;
	}
	if (preproc_argv(cmd, &argv, err) || run(&argv, cmd->cwd, timeout_ms, &st, err))
		goto out;
	out->nr_lines = rg.nr_lines;
	out->entered = st.entered;
	for (size_t i = 1; i <= rg.nr_lines; i++)
		out->live[i] = st.region_live[rg.region[i]];
	ret = 0;
out:
	if (ret)
		preproc_lines_release(out);
	free(st.region_live);
	preproc_regions_release(&rg);
	strvec_clear(&argv);
	strbuf_release(&st.name);
	strbuf_release(&st.marker);
	strbuf_release(&st.partial);
	return ret;
}
