/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace-cc, souptrace-c++, souptrace-ar, souptrace-ld: run the real
 * build tool exactly as asked and record what it read and wrote.
 *
 * The order of business: find the real tool (never ourselves), decide
 * whether to record at all (a trace directory exists, the command builds
 * something, we are not nested inside another wrapped tool), add the
 * options that make the tool report its inputs to files of our own, run
 * it, then write one record. Anything that goes wrong on our side still
 * runs the tool and returns its status (fail open); the record or the
 * INCOMPLETE file says what is missing.
 */
#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arscan.h"
#include "cmdline.h"
#include "depfile.h"
#include "fileid.h"
#include "json_writer.h"
#include "pathutil.h"
#include "rspfile.h"
#include "strbuf.h"
#include "strvec.h"
#include "tool.h"
#include "trace_dir.h"
#include "banned.h"

extern char **environ;

#ifdef __SANITIZE_ADDRESS__
/*
 * In the sanitizer build: the wrapper execs the tool or exits right after
 * it, holding its memory until then on purpose; a leak report at exit
 * would change its stderr and status, which must stay the tool's.
 */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return 1;
}
#endif

#define MAX_DEPTH 8
#define MAX_DEPFILE (256u << 20)

static volatile sig_atomic_t child_pid;
static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

struct invocation {
	enum tool_kind kind;
	struct stat self;
	bool have_self;
	struct strbuf program;      /* resolved path of the tool we run */
	const char *program_name;   /* as the user named it */
	struct strvec launchers;    /* SOUPTRACE_PREFIX programs, resolved */
	const char *const *args;    /* the tool's arguments */
	size_t nr_args;
	size_t class_skip;          /* leading args that name the compiler behind a launcher */
	const char *compiler_name;  /* that compiler, or NULL */
	struct strvec injected;     /* options souptrace adds */
	struct strbuf trace;        /* trace directory */
	char id[64];
	long long start_ns, end_ns;
	struct strvec incomplete;   /* reasons the record is not complete */
};

static void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("souptrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(127);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void build_exec_argv(struct invocation *inv, struct strvec *out)
{
	for (size_t i = 0; i < inv->launchers.nr; i++)
		strvec_push(out, inv->launchers.v[i]);
	strvec_push(out, inv->program.buf);
	for (size_t i = 0; i < inv->nr_args; i++)
		strvec_push(out, inv->args[i]);
	for (size_t i = 0; i < inv->injected.nr; i++)
		strvec_push(out, inv->injected.v[i]);
}

static void exec_tool(struct invocation *inv)
{
	struct strvec argv = STRVEC_INIT;

	build_exec_argv(inv, &argv);
	execv(argv.v[0], (char *const *)argv.v);
	fprintf(stderr, "souptrace: cannot run %s: %s\n", argv.v[0], strerror(errno));
	exit(127);
}

static void forward_signal(int sig)
{
	int saved = errno;

	if (child_pid > 0)
		kill((pid_t)child_pid, sig);
	errno = saved;
}

/*
 * Run the tool, forwarding SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to the
 * wrapper alone; returns its wait status. A signal the wrapper inherited as
 * ignored (nohup, a background job) stays ignored, for us and for the
 * tool, exactly as without the wrapper. posix_spawn resets our handlers
 * to the default in the child before exec.
 */
static int run_tool(struct invocation *inv)
{
	enum { NR_FWD = sizeof(forwarded_signals) / sizeof(*forwarded_signals) };
	struct strvec argv = STRVEC_INIT;
	struct sigaction sa, old[NR_FWD];
	bool installed[NR_FWD];
	posix_spawnattr_t attr;
	sigset_t block, orig;
	siginfo_t info;
	pid_t pid;
	int status = 0, err;

	build_exec_argv(inv, &argv);
	sigemptyset(&block);
	for (size_t i = 0; i < NR_FWD; i++)
		sigaddset(&block, forwarded_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &orig);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NR_FWD; i++) {
		installed[i] = sigaction(forwarded_signals[i], NULL, &old[i]) == 0 &&
			       old[i].sa_handler != SIG_IGN &&
			       sigaction(forwarded_signals[i], &sa, NULL) == 0;
	}

	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &orig);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	err = posix_spawn(&pid, argv.v[0], NULL, &attr, (char *const *)argv.v, environ);
	posix_spawnattr_destroy(&attr);
	if (err) {
		fprintf(stderr, "souptrace: cannot run %s: %s\n", argv.v[0], strerror(err));
		exit(127);
	}
	child_pid = pid;
	sigprocmask(SIG_SETMASK, &orig, NULL);
	/* Wait without reaping, so a forwarded signal can never reach another
	 * process that reused the pid; then stop forwarding, then reap. */
	while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0 && errno == EINTR)
		;
	sigprocmask(SIG_BLOCK, &block, NULL);
	child_pid = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "souptrace: waiting for %s: %s\n", argv.v[0],
				strerror(errno));
			exit(127);
		}
	}
	for (size_t i = 0; i < NR_FWD; i++)
		if (installed[i])
			sigaction(forwarded_signals[i], &old[i], NULL);
	sigprocmask(SIG_SETMASK, &orig, NULL); /* one that came meanwhile acts now */
	strvec_clear(&argv);
	return status;
}

/* Leave exactly as the tool did: same exit code, or death by the same signal. */
static void exit_like(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		sigset_t set;

		signal(sig, SIG_DFL);
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
		exit(128 + sig);
	}
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* ---------------------------------------------------------------- record */

struct json {
	struct strbuf sb;
	bool first;  /* no member written yet at this level */
	bool lossy;
	bool oom;
};

static void j_raw(struct json *j, const char *s)
{
	if (strbuf_addstr(&j->sb, s))
		j->oom = true;
}

static void j_sep(struct json *j)
{
	if (!j->first)
		j_raw(j, ",");
	j->first = false;
}

static void j_key(struct json *j, const char *key)
{
	j_sep(j);
	if (json_add_cstr(&j->sb, key, NULL) || strbuf_addch(&j->sb, ':'))
		j->oom = true;
}

static void j_str(struct json *j, const char *s)
{
	if (json_add_cstr(&j->sb, s, &j->lossy))
		j->oom = true;
}

static void j_kstr(struct json *j, const char *key, const char *s)
{
	j_key(j, key);
	j_str(j, s);
}

static void j_knum(struct json *j, const char *key, long long v)
{
	j_key(j, key);
	if (strbuf_addf(&j->sb, "%lld", v))
		j->oom = true;
}

static void j_kbool(struct json *j, const char *key, bool v)
{
	j_key(j, key);
	j_raw(j, v ? "true" : "false");
}

static void j_open(struct json *j, const char *key, const char *brace)
{
	if (key)
		j_key(j, key);
	else
		j_sep(j);
	j_raw(j, brace);
	j->first = true;
}

static void j_close(struct json *j, const char *brace)
{
	j_raw(j, brace);
	j->first = false;
}

static void j_karr(struct json *j, const char *key, const char *const *v, size_t nr)
{
	j_open(j, key, "[");
	for (size_t i = 0; i < nr; i++) {
		j_sep(j);
		j_str(j, v[i]);
	}
	j_close(j, "]");
}

static void incomplete(struct invocation *inv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void incomplete(struct invocation *inv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strvec_push(&inv->incomplete, sb.buf);
	strbuf_release(&sb);
}

/*
 * Name a work file for the tool to write and make sure it can be written:
 * an option naming a file the tool cannot create would make the build
 * fail, so it is only added after this succeeded.
 */
static int tmp_path(struct invocation *inv, struct strbuf *sb, const char *ext)
{
	int fd;

	strbuf_reset(sb);
	if (strbuf_addf(sb, "%s/tmp/%s.%s", inv->trace.buf, inv->id, ext))
		return -1;
	fd = open(sb->buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		incomplete(inv, "cannot create %s: %s", sb->buf, strerror(errno));
		strbuf_reset(sb);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * A tool that fails to write the report we asked for fails the build, so
 * ask for nothing when the trace's file system is nearly full.
 */
#define MIN_FREE_BYTES (64ULL << 20)
static bool trace_has_room(struct invocation *inv)
{
	struct statvfs sv;

	if (statvfs(inv->trace.buf, &sv) != 0)
		return true; /* cannot tell: the work files' creation will */
	if ((unsigned long long)sv.f_bavail * sv.f_frsize >= MIN_FREE_BYTES)
		return true;
	incomplete(inv, "%s", "the trace's file system is nearly full; nothing was recorded "
			      "of what the tool read");
	return false;
}

/* The depfile gcc/clang write for -MD/-MMD without -MF in a compile. */
static int user_depfile_path(const struct cmdline *cl, struct strbuf *sb)
{
	const char *base = NULL;

	if (cl->user_depfile)
		return strbuf_addstr(sb, cl->user_depfile);
	if (cl->mode != MODE_COMPILE && cl->mode != MODE_ASSEMBLY)
		return -1;
	if (cl->output) {
		const char *ext = path_extension(cl->output);

		if (strbuf_add(sb, cl->output, (size_t)(ext - cl->output)))
			return -1;
		return strbuf_addstr(sb, ".d");
	}
	for (size_t i = 0; i < cl->nr_inputs; i++)
		if (cl->inputs[i].type == INPUT_SOURCE)
			base = path_basename(cl->inputs[i].path);
	if (!base)
		return -1;
	if (strbuf_add(sb, base, (size_t)(path_extension(base) - base)))
		return -1;
	return strbuf_addstr(sb, ".d");
}

struct link_report {
	struct strbuf tmp;    /* where the linker writes it */
	bool injected;
};

enum { REP_MAP, REP_COUNTS, REP_WHY, REP_DEPS, NR_REPORTS };
static const char *const report_kind[NR_REPORTS] = { "map", "symbol-counts", "why-extract",
						    "dependency-file" };

static bool is_link(enum cmd_mode m)
{
	return m == MODE_LINK_EXE || m == MODE_LINK_SHARED || m == MODE_LINK_RELOCATABLE;
}

static bool has_space(const char *s)
{
	return strpbrk(s, " \t\n") != NULL;
}

/* Add the options that make the tool report what it read. */
static void inject(struct invocation *inv, struct cmdline *cl, struct strbuf *deptmp,
		   const char **dep_origin, struct link_report *rep)
{
	bool via_driver = inv->kind == TOOL_CC || inv->kind == TOOL_CXX;
	/* -E too (two-stage builds compile the .i later), but never -M/-MM:
	 * their list is the step's own output, which must stay the user's */
	size_t sources = via_driver && (cl->mode != MODE_PREPROCESS || !cl->user_deps)
				 ? cmdline_cpp_sources(cl)
				 : 0;
	bool known_linker = cl->linker != LINKER_OTHER;

	if (sources && cl->user_deps) {
		*dep_origin = "user";
		if (sources > 1)
			incomplete(inv, "%s", "several sources with the user's own -MD/-MMD: one "
					      "depfile per source, only one is read");
	}
	if (is_link(cl->mode) && !known_linker)
		incomplete(inv, "linker '%s' unknown to souptrace: no map requested",
			   cl->linker_name ? cl->linker_name : inv->program.buf);
	/* Nothing to add: no free-space check either (CMake and many Makefiles
	 * pass their own -MD, so this is the common case for compiles). */
	if (!(sources && !cl->user_deps) && !(is_link(cl->mode) && known_linker))
		return;
	if (!trace_has_room(inv))
		return;
	if (sources && !cl->user_deps) {
		if (tmp_path(inv, deptmp, "d") == 0) {
			if (sources == 1) {
				strvec_push(&inv->injected, "-MD");
				strvec_push(&inv->injected, "-MF");
				strvec_push(&inv->injected, deptmp->buf);
				*dep_origin = "injected";
			} else if (!has_space(deptmp->buf)) {
				/* Several sources in one call: -MF would keep only the last
				 * one's list. gcc appends every source's list to the file
				 * named by SUNPRO_DEPENDENCIES; clang ignores it, and then
				 * the record says so. */
				struct strbuf v = STRBUF_INIT;

				strbuf_addf(&v, "%s souptrace-target", deptmp->buf);
				setenv("SUNPRO_DEPENDENCIES", v.buf, 1);
				strbuf_release(&v);
				*dep_origin = "environment";
			} else {
				incomplete(inv, "%s", "several sources in one call and a trace path "
						      "with white space: no dependency output");
				unlink(deptmp->buf);
			}
		}
	}
	if (!is_link(cl->mode) || !known_linker)
		return;
	for (int k = 0; k < NR_REPORTS; k++) {
		bool want;

		switch (k) {
		case REP_MAP: want = !cl->user_map && !cl->user_map_stdout; break;
		case REP_COUNTS: want = cl->linker == LINKER_GOLD && !cl->user_symbol_counts; break;
		case REP_WHY: want = cl->linker == LINKER_LLD && !cl->user_why_extract; break;
		default: want = cl->linker == LINKER_LLD && !cl->user_link_depfile; break;
		}
		if (!want || tmp_path(inv, &rep[k].tmp, report_kind[k]))
			continue;
		{
			static const char *const opt[NR_REPORTS] = { "-Map=", "--print-symbol-counts=",
								     "--why-extract=",
								     "--dependency-file=" };
			struct strbuf o = STRBUF_INIT;

			strbuf_addf(&o, "%s%s", opt[k], rep[k].tmp.buf);
			if (via_driver)
				strvec_push(&inv->injected, "-Xlinker");
			strvec_push(&inv->injected, o.buf);
			strbuf_release(&o);
			rep[k].injected = true;
		}
	}
}

/* An output that is no file: a probe's "-o /dev/null" or "-o -". */
static bool writes_nothing(const char *out)
{
	return !strcmp(out, "/dev/null") || !strcmp(out, "-");
}

/* Every output is no file: nothing this step did can reach an artifact. */
static bool all_write_nothing(const struct cmdline *cl)
{
	for (size_t i = 0; i < cl->outputs.nr; i++)
		if (!writes_nothing(cl->outputs.v[i]))
			return false;
	return true;
}

static int copy_file(const char *from, const char *to)
{
	struct strbuf data = STRBUF_INIT;
	FILE *f;
	int ret = -1;

	if (strbuf_read_file(&data, from, 0) < 0)
		goto out;
	f = fopen(to, "wbe");
	if (!f)
		goto out;
	if (fwrite(data.buf, 1, data.len, f) == data.len)
		ret = 0;
	if (fclose(f))
		ret = -1;
out:
	strbuf_release(&data);
	return ret;
}

/* The record's inputs, outputs and what the step wrote. */
static void write_files(struct json *j, const struct cmdline *cl, const struct file_id *written)
{
	j_open(j, "inputs", "[");
	for (size_t i = 0; i < cl->nr_inputs; i++) {
		j_open(j, NULL, "{");
		j_kstr(j, "path", cl->inputs[i].path);
		j_kstr(j, "type", input_type_name(cl->inputs[i].type));
		if (cl->inputs[i].language)
			j_kstr(j, "language", cl->inputs[i].language);
		j_close(j, "}");
	}
	j_close(j, "]");
	j_karr(j, "outputs", cl->outputs.v, cl->outputs.nr);
	if (written) {
		/* what the step wrote, so that a reader can tell whether the file on
		 * disk is still this step's output (docs/trace-format.md) */
		j_open(j, "written", "[");
		for (size_t i = 0; i < cl->outputs.nr; i++) {
			if (written[i].size < 0)
				continue;
			j_open(j, NULL, "{");
			j_kstr(j, "path", cl->outputs.v[i]);
			j_knum(j, "size", written[i].size);
			j_knum(j, "mtime_ns", written[i].mtime_ns);
			j_kstr(j, "sha256", written[i].sha256);
			if (written[i].build_id[0])
				j_kstr(j, "build_id", written[i].build_id);
			if (written[i].load_sha256[0])
				j_kstr(j, "load_sha256", written[i].load_sha256);
			j_close(j, "}");
		}
		j_close(j, "]");
	}
}

/* A link's linker and the reports it wrote (link/<id>.<kind>). */
static void write_link(struct json *j, const struct invocation *inv, const struct cmdline *cl,
		       const struct link_report *rep)
{
	j_open(j, "link", "{");
	j_kstr(j, "linker", linker_flavor_name(cl->linker));
	if (cl->static_link)
		j_kbool(j, "static", true);
	if (cl->no_stdlib)
		j_kbool(j, "nostdlib", true);
	j_open(j, "reports", "{");
	for (int k = 0; k < NR_REPORTS; k++) {
		struct strbuf rel = STRBUF_INIT;

		if (!rep[k].tmp.len)
			continue;
		strbuf_addf(&rel, "link/%s.%s", inv->id, report_kind[k]);
		j_kstr(j, report_kind[k], rel.buf);
		strbuf_release(&rel);
	}
	j_close(j, "}");
	if (cl->user_map)
		j_kstr(j, "user_map", cl->user_map);
	j_close(j, "}");
}

/* An archive step: the archive and its members afterwards. */
static void write_archive(struct json *j, const struct cmdline *cl, const struct strvec *members,
			  bool thin)
{
	char op[2] = { cl->ar_operation, '\0' };

	j_open(j, "archive", "{");
	j_kstr(j, "path", cl->archive);
	j_kstr(j, "operation", op);
	j_kbool(j, "thin", thin);
	j_karr(j, "members_after", members->v, members->nr);
	j_close(j, "}");
}

static void write_record(struct invocation *inv, struct cmdline *cl, int status,
			 const struct strvec *expanded, const struct strvec *rsp_files,
			 const char *dep_origin, const struct strvec *deps,
			 struct link_report *rep, const struct strvec *members, bool thin,
			 const struct file_id *written)
{
	struct json j = { STRBUF_INIT, true, false, false };
	char cwd[4096];

	if (!getcwd(cwd, sizeof(cwd))) {
		incomplete(inv, "cannot read the current directory: %s", strerror(errno));
		cwd[0] = '\0';
	}
	j_open(&j, NULL, "{");
	j_kstr(&j, "format", "souptrace-trace");
	j_knum(&j, "version", 1);
	j_kstr(&j, "id", inv->id);
	j_kstr(&j, "tool", tool_kind_name(inv->kind));
	j_kstr(&j, "program", inv->program.buf);
	j_kstr(&j, "program_name", inv->program_name);
	if (inv->launchers.nr || inv->compiler_name) {
		j_karr(&j, "launchers", inv->launchers.v, inv->launchers.nr);
		if (inv->compiler_name)
			j_kstr(&j, "compiler_name", inv->compiler_name);
	}
	j_kstr(&j, "mode", cmd_mode_name(cl->mode));
	j_kstr(&j, "cwd", cwd);
	j_karr(&j, "args", inv->args, inv->nr_args);
	if (rsp_files->nr) {
		j_karr(&j, "response_files", rsp_files->v, rsp_files->nr);
		j_karr(&j, "expanded_args", expanded->v, expanded->nr);
	}
	j_karr(&j, "injected", inv->injected.v, inv->injected.nr);
	j_knum(&j, "start_ns", inv->start_ns);
	j_knum(&j, "end_ns", inv->end_ns);
	j_knum(&j, "pid", (long long)getpid());
	if (WIFSIGNALED(status)) {
		j_key(&j, "exit_status");
		j_raw(&j, "null");
		j_knum(&j, "signal", WTERMSIG(status));
	} else {
		j_knum(&j, "exit_status", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}

	write_files(&j, cl, written);
	if (cl->libs.nr || cl->libdirs.nr) {
		j_karr(&j, "libraries", cl->libs.v, cl->libs.nr);
		j_karr(&j, "library_dirs", cl->libdirs.v, cl->libdirs.nr);
	}
	if (cl->scripts.nr)
		j_karr(&j, "linker_scripts", cl->scripts.v, cl->scripts.nr);

	if (dep_origin) {
		j_open(&j, "dependencies", "{");
		j_kstr(&j, "origin", dep_origin);
		j_kbool(&j, "system_headers", !cl->user_deps || cl->user_deps_system);
		j_karr(&j, "files", deps->v, deps->nr);
		j_close(&j, "}");
	}
	if (is_link(cl->mode))
		write_link(&j, inv, cl, rep);
	if (cl->mode == MODE_ARCHIVE)
		write_archive(&j, cl, members, thin);
	j_karr(&j, "incomplete", inv->incomplete.v, inv->incomplete.nr);
	if (j.lossy)
		j_kbool(&j, "non_utf8", true);
	j_close(&j, "}");
	j_raw(&j, "\n");

	if (j.oom) {
		trace_dir_mark_incomplete(inv->trace.buf, inv->id, "out of memory writing the record");
	} else if (trace_dir_write_record(inv->trace.buf, inv->id, j.sb.buf, j.sb.len)) {
		struct strbuf why = STRBUF_INIT;

		strbuf_addf(&why, "cannot write the record: %s", strerror(errno));
		trace_dir_mark_incomplete(inv->trace.buf, inv->id, why.buf);
		strbuf_release(&why);
	}
	if (inv->incomplete.nr)
		trace_dir_mark_incomplete(inv->trace.buf, inv->id, inv->incomplete.v[0]);
	strbuf_release(&j.sb);
}

/* Record mode: everything after the real tool was found and a trace exists. */
/* What the compiler said it included, into deps (from the user's depfile or ours). */
static void collect_deps(struct invocation *inv, const struct cmdline *cl, int status,
			 const char *dep_origin, const struct strbuf *deptmp, struct strvec *deps)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT, text = STRBUF_INIT;
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	const char *file = NULL;

	if (!strcmp(dep_origin, "user")) {
		if (user_depfile_path(cl, &path) == 0)
			file = path.buf;
	} else {
		file = deptmp->buf;
	}
	if (file && strbuf_read_file(&text, file, MAX_DEPFILE) == 0 && text.len) {
		if (depfile_parse(text.buf, text.len, NULL, deps, &err) && ok)
			incomplete(inv, "dependency output %s unreadable: %s", file, err.buf);
		/* each file once, in first-seen order (several sources repeat) */
		strvec_uniq(deps);
	} else if (ok && !all_write_nothing(cl)) {
		incomplete(inv, "the compiler wrote no dependency output (%s)",
			   file ? file : "depfile location unknown");
	}
	if (strcmp(dep_origin, "user"))
		unlink(deptmp->buf);
	strbuf_release(&text);
	strbuf_release(&path);
	strbuf_release(&err);
}

/* The linker's reports move into the trace (link/<id>.<kind>). */
static void collect_link_reports(struct invocation *inv, const struct cmdline *cl, int status,
				 struct link_report *rep)
{
	struct strbuf path = STRBUF_INIT;
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	struct stat st;

	if (cl->user_map && ok) {
		strbuf_reset(&rep[REP_MAP].tmp);
		strbuf_addstr(&rep[REP_MAP].tmp, cl->user_map);
	}
	if (cl->user_map_stdout)
		incomplete(inv, "%s", "the link map went to standard output (-M); not recorded");
	for (int k = 0; k < NR_REPORTS; k++) {
		if (!rep[k].tmp.len)
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/link/%s.%s", inv->trace.buf, inv->id, report_kind[k]);
		if (!ok) {
			/* failed links (configure probes) keep only their record */
			if (rep[k].injected)
				unlink(rep[k].tmp.buf);
			strbuf_reset(&rep[k].tmp);
			continue;
		}
		if (rep[k].injected && (stat(rep[k].tmp.buf, &st) || st.st_size == 0)) {
			incomplete(inv, "the linker wrote no %s report", report_kind[k]);
			unlink(rep[k].tmp.buf);
			strbuf_reset(&rep[k].tmp);
			continue;
		}
		if (rep[k].injected ? rename(rep[k].tmp.buf, path.buf)
				    : copy_file(rep[k].tmp.buf, path.buf)) {
			incomplete(inv, "the linker's %s report is missing", report_kind[k]);
			if (rep[k].injected)
				unlink(rep[k].tmp.buf);
			strbuf_reset(&rep[k].tmp);
		}
	}
	strbuf_release(&path);
}

static void record_invocation(struct invocation *inv)
{
	struct strvec expanded = STRVEC_INIT, rsp_files = STRVEC_INIT, deps = STRVEC_INIT;
	struct strvec members = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT, deptmp = STRBUF_INIT;
	struct link_report rep[NR_REPORTS];
	const char *dep_origin = NULL;
	struct cmdline cl;
	bool expanded_any = false, thin = false;
	struct file_id *written = NULL;
	int status, parsed;
	const char *const *cargs = inv->args + inv->class_skip;
	size_t ncargs = inv->nr_args - inv->class_skip;
	const char *const *args = cargs; /* what is classified: cargs, or expanded */
	size_t nargs = ncargs;

	for (int k = 0; k < NR_REPORTS; k++) {
		strbuf_init(&rep[k].tmp);
		rep[k].injected = false;
	}
	cmdline_init(&cl);
	/* Response files are rare: copy the arguments only when there is one. */
	for (size_t i = 0; i < ncargs && !expanded_any; i++)
		expanded_any = cargs[i][0] == '@';
	if (expanded_any && rspfile_expand(cargs, ncargs, &expanded, &rsp_files, &expanded_any)) {
		strbuf_addstr(&err, "response files nest too deeply or are too large");
		parsed = -1;
	} else {
		if (expanded_any) {
			args = expanded.v;
			nargs = expanded.nr;
		}
		if (inv->kind == TOOL_AR) {
			parsed = cmdline_parse_ar(&cl, args, nargs, &err);
		} else if (inv->kind == TOOL_LD) {
			char real[4096];
			const char *name = realpath(inv->program.buf, real) ? real : inv->program.buf;

			parsed = cmdline_parse_ld(&cl, args, nargs, linker_flavor_from_name(name),
						  &err);
		} else {
			parsed = cmdline_parse_cc(&cl, args, nargs, &err);
		}
	}
	if (parsed == 0 && cl.mode == MODE_NONE) {
		/* builds nothing: run it as if we were not here */
		exec_tool(inv);
	}
	snprintf(inv->id, sizeof(inv->id), "%019lld-%ld", inv->start_ns, (long)getpid());
	if (parsed)
		incomplete(inv, "command line not understood: %s", err.buf);
	else
		inject(inv, &cl, &deptmp, &dep_origin, rep);

	status = run_tool(inv);
	inv->end_ns = now_ns();
	unsetenv("SUNPRO_DEPENDENCIES");

	if (dep_origin)
		collect_deps(inv, &cl, status, dep_origin, &deptmp, &deps);
	if (is_link(cl.mode))
		collect_link_reports(inv, &cl, status, rep);

	if (cl.mode == MODE_ARCHIVE && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		strbuf_reset(&err);
		if (arscan_members(cl.archive, &members, &thin, &err))
			incomplete(inv, "cannot list the archive's members: %s", err.buf);
	}

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && cl.outputs.nr) {
		written = calloc(cl.outputs.nr, sizeof(*written));
		for (size_t i = 0; written && i < cl.outputs.nr; i++)
			if (writes_nothing(cl.outputs.v[i]) ||
			    file_id_read(cl.outputs.v[i], is_link(cl.mode), &written[i], NULL))
				written[i].size = -1; /* not a file (/dev/null), or gone */
		if (!written)
			incomplete(inv, "%s", "out of memory reading what the step wrote");
	}
	write_record(inv, &cl, status, &expanded, &rsp_files, dep_origin, &deps, rep, &members,
		     thin, written);
	exit_like(status);
}

int main(int argc, char **argv)
{
	struct invocation inv;
	bool wrapper_name;
	const char *invoked = argc > 0 ? path_basename(argv[0]) : "souptrace-cc";
	const char *depth_env = getenv("SOUPTRACE_DEPTH");
	int depth = depth_env ? atoi(depth_env) : 0;
	int (*resolve)(const char *, const struct stat *, struct strbuf *);
	const struct stat *self;
	int argi = 1, r;
	char depth_buf[16];

	memset(&inv, 0, sizeof(inv));
	strbuf_init(&inv.program);
	strbuf_init(&inv.trace);
	strvec_init(&inv.launchers);
	strvec_init(&inv.injected);
	strvec_init(&inv.incomplete);
	inv.start_ns = now_ns();
	inv.have_self = stat("/proc/self/exe", &inv.self) == 0;
	inv.kind = tool_kind_from_name(invoked, &wrapper_name);

	if (depth >= MAX_DEPTH)
		die_usage("%s: souptrace wrappers call each other in a loop; check SOUPTRACE_CC, "
			  "SOUPTRACE_PREFIX and PATH", invoked);

	/* Nested (say gcc -> ccache's masquerade -> us): skip the launchers. */
	resolve = depth > 0 ? tool_resolve_skipping_launchers : tool_resolve;
	self = inv.have_self ? &inv.self : NULL;
	r = 1;
	if (wrapper_name && argc > 1 && tool_arg_may_be_program(argv[1], inv.kind) &&
	    (r = resolve(argv[1], self, &inv.program)) != 1) {
		inv.program_name = argv[1]; /* "souptrace-cc gcc ...": prefix form */
		argi = 2;
	} else {
		const char *env = getenv(tool_kind_env(inv.kind));

		if (!wrapper_name)
			inv.program_name = invoked; /* masquerading as the tool */
		else
			inv.program_name = env && *env ? env : tool_kind_default(inv.kind);
		r = resolve(inv.program_name, self, &inv.program);
	}
	if (r == 2 && wrapper_name)
		die_usage("the real tool '%s' is this souptrace wrapper itself (%s would call itself "
			  "forever); name the real tool, e.g. with SOUPTRACE_CC", inv.program_name,
			  invoked);
	if (r)
		die_usage("cannot find the real tool '%s'%s", inv.program_name,
			  wrapper_name ? "" : " in PATH (other than the souptrace wrapper)");

	/* SOUPTRACE_PREFIX=ccache (or "distcc", "ccache distcc") goes in front. */
	{
		const char *prefix = getenv("SOUPTRACE_PREFIX");

		if (prefix && *prefix && (inv.kind == TOOL_CC || inv.kind == TOOL_CXX)) {
			struct strvec words = STRVEC_INIT;

			rspfile_split(prefix, strlen(prefix), &words);
			for (size_t i = 0; i < words.nr; i++) {
				struct strbuf p = STRBUF_INIT;

				r = tool_resolve(words.v[i], inv.have_self ? &inv.self : NULL, &p);
				if (r)
					die_usage("cannot find '%s' named in SOUPTRACE_PREFIX%s",
						  words.v[i], r == 2 ? " (it is the wrapper)" : "");
				strvec_push(&inv.launchers, p.buf);
				strbuf_release(&p);
			}
			strvec_clear(&words);
		}
	}

	inv.args = (const char *const *)argv + argi;
	inv.nr_args = (size_t)(argc - argi);
	/* "ccache gcc -c x.c": the compiler's own arguments start after "gcc". */
	if (inv.kind == TOOL_CC || inv.kind == TOOL_CXX) {
		const char *tool = path_basename(inv.program.buf);

		while (tool_is_launcher(tool) && inv.class_skip < inv.nr_args &&
		       inv.args[inv.class_skip][0] != '-') {
			inv.compiler_name = inv.args[inv.class_skip++];
			tool = path_basename(inv.compiler_name);
		}
	}

	snprintf(depth_buf, sizeof(depth_buf), "%d", depth + 1);
	setenv("SOUPTRACE_DEPTH", depth_buf, 1);

	/* Nested inside a wrapped tool (gcc calling a masquerading ld): the
	 * outer wrapper records; this one only finds the real tool. */
	if (depth > 0 || trace_dir_find(&inv.trace))
		exec_tool(&inv);
	if (trace_dir_prepare(inv.trace.buf)) {
		snprintf(inv.id, sizeof(inv.id), "%019lld-%ld", inv.start_ns, (long)getpid());
		trace_dir_mark_incomplete(inv.trace.buf, inv.id, "cannot create the trace directory");
		exec_tool(&inv);
	}
	record_invocation(&inv);
	return 0;
}
