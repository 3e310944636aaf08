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
 * INCOMPLETE file says what is missing. The record itself is written by
 * record.c.
 */
#include "wrapper_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arscan.h"
#include "cmdline.h"
#include "depfile.h"
#include "fileid.h"
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

#define MAX_DEPTH   8
#define MAX_DEPFILE (256u << 20)

static volatile sig_atomic_t child_pid;
static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

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
	strvec_push(out, inv->launchers.nr || !inv->argv0 ? inv->program.buf : inv->argv0);
	for (size_t i = 0; i < inv->nr_args; i++)
		strvec_push(out, inv->args[i]);
	for (size_t i = 0; i < inv->injected.nr; i++)
		strvec_push(out, inv->injected.v[i]);
}

/* The file to run: the first launcher, or the tool (argv[0] may differ). */
static const char *exec_path(const struct invocation *inv)
{
	return inv->launchers.nr ? inv->launchers.v[0] : inv->program.buf;
}

static void exec_tool(struct invocation *inv)
{
	struct strvec argv = STRVEC_INIT;

	build_exec_argv(inv, &argv);
	execv(exec_path(inv), (char *const *)argv.v);
	fprintf(stderr, "souptrace: cannot run %s: %s\n", exec_path(inv), strerror(errno));
	exit(127);
}

static void drain_reports(struct invocation *inv, pid_t pid);

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
	err = posix_spawn(&pid, exec_path(inv), NULL, &attr, (char *const *)argv.v, environ);
	posix_spawnattr_destroy(&attr);
	if (err) {
		fprintf(stderr, "souptrace: cannot run %s: %s\n", exec_path(inv), strerror(err));
		exit(127);
	}
	child_pid = pid;
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (inv->nr_drains)
		drain_reports(inv, pid);
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

/*
 * Where the tool writes the reports we ask for. In memory by default: a
 * file created with memfd_create() before the tool runs and named to it as
 * /proc/self/fd/N, which every process the tool starts inherits (cc1, as,
 * collect2, ld; ccache, distcc, icecc run the compiler as their child). So
 * the trace's disk is never written while the tool runs: a deleted tmp/ or
 * a full disk cannot make the compiler or linker fail (gcc, clang, gold and
 * lld all fail a build whose dependency or map file cannot be written).
 * lld checks it can write a report by creating a file beside the path it
 * is given, unless that path is not a regular file: it gets a pipe, which
 * the wrapper empties into memory while lld runs (drain_reports()).
 * sccache compiles in its server, which does not inherit our files: there
 * the work files are named files in the trace's tmp/, checked for room
 * first, as for every call when /proc is not mounted.
 */
enum work_kind { WORK_NAMED, WORK_MEMORY, WORK_PIPE };

static enum work_kind work_kind(const struct invocation *inv, const struct cmdline *cl,
				bool link_report)
{
	static int proc = -1;

	for (size_t i = 0; i < inv->launchers.nr; i++)
		if (!strcmp(path_basename(inv->launchers.v[i]), "sccache"))
			return WORK_NAMED;
	if (proc < 0)
		proc = access("/proc/self/fd", X_OK) == 0;
	if (!proc)
		return WORK_NAMED;
	return link_report && cl->linker == LINKER_LLD ? WORK_PIPE : WORK_MEMORY;
}

/* A pipe for the tool to write a report into, emptied into a file in memory: 0 or -1. */
static int work_pipe(struct invocation *inv, struct strbuf *sb, const char *ext, int *fd)
{
	struct drain *d = &inv->drains[inv->nr_drains];
	int p[2], sink;

	if (inv->nr_drains >= sizeof(inv->drains) / sizeof(*inv->drains))
		return -1;
	sink = memfd_create(ext, MFD_CLOEXEC);
	if (sink < 0 || pipe2(p, O_CLOEXEC)) {
		incomplete(inv, "cannot create a work pipe: %s", strerror(errno));
		if (sink >= 0)
			close(sink);
		return -1;
	}
	/* the tool's end is inherited; ours is not */
	if (fcntl(p[1], F_SETFD, 0) || strbuf_addf(sb, "/proc/self/fd/%d", p[1])) {
		close(p[0]);
		close(p[1]);
		close(sink);
		strbuf_reset(sb);
		return -1;
	}
	*d = (struct drain){ p[0], p[1], sink, ext, false };
	inv->nr_drains++;
	*fd = sink;
	return 0;
}

/*
 * Name a work file for the tool to write and make sure it can be written:
 * an option naming a file the tool cannot create would make the build
 * fail, so it is only added after this succeeded. *fd: the file in memory
 * that holds the report afterwards, or -1 for a named file in tmp/.
 */
static int work_file(struct invocation *inv, const struct cmdline *cl, bool link_report,
		     struct strbuf *sb, const char *ext, int *fd)
{
	int tfd;

	strbuf_reset(sb);
	*fd = -1;
	switch (work_kind(inv, cl, link_report)) {
	case WORK_PIPE:
		return work_pipe(inv, sb, ext, fd);
	case WORK_MEMORY:
		tfd = memfd_create(ext, 0); /* inherited by the tool: no MFD_CLOEXEC */
		if (tfd < 0) {
			incomplete(inv, "cannot create a work file in memory: %s", strerror(errno));
			return -1;
		}
		if (strbuf_addf(sb, "/proc/self/fd/%d", tfd)) {
			close(tfd);
			strbuf_reset(sb);
			return -1;
		}
		*fd = tfd;
		return 0;
	case WORK_NAMED:
		break;
	}
	if (strbuf_addf(sb, "%s/tmp/%s.%s", inv->trace.buf, inv->id, ext))
		return -1;
	tfd = open(sb->buf, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (tfd < 0) {
		incomplete(inv, "cannot create %s: %s", sb->buf, strerror(errno));
		strbuf_reset(sb);
		return -1;
	}
	close(tfd);
	return 0;
}

/* Write all of buf to fd: 0, or -1. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read what is in d's pipe now into its sink: true at the end of the pipe. */
static bool drain_once(struct drain *d)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(d->r, buf, sizeof(buf));

		if (n > 0) {
			/* a sink that cannot take more: keep reading, or the tool blocks */
			if (!d->failed && write_all(d->sink, buf, (size_t)n))
				d->failed = true;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return false;
		return true; /* the end, or an error: nothing more will come */
	}
}

/*
 * Empty the report pipes while the tool runs, until each is closed by
 * every process that held it; or, once the tool itself has exited (its
 * pidfd), until what is left has been read - a process it left behind
 * holding a pipe must not hang the build. A report cut short is said.
 */
static void drain_reports(struct invocation *inv, pid_t pid)
{
	enum { MAX = sizeof(inv->drains) / sizeof(*inv->drains) };
	struct pollfd pfd[MAX + 1];
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	bool open[MAX], exited = false;
	size_t left = inv->nr_drains;

	for (size_t i = 0; i < inv->nr_drains; i++) {
		close(inv->drains[i].w);
		inv->drains[i].w = -1;
		fcntl(inv->drains[i].r, F_SETFL, O_NONBLOCK);
		open[i] = true;
	}
	while (left) {
		nfds_t n = 0;

		for (size_t i = 0; i < inv->nr_drains; i++)
			if (open[i])
				pfd[n++] = (struct pollfd){ inv->drains[i].r, POLLIN, 0 };
		if (pidfd >= 0)
			pfd[n++] = (struct pollfd){ pidfd, POLLIN, 0 };
		if (poll(pfd, n, -1) < 0 && errno != EINTR)
			break;
		if (pidfd >= 0 && (pfd[n - 1].revents & (POLLIN | POLLHUP)))
			exited = true;
		for (size_t i = 0; i < inv->nr_drains; i++) {
			if (open[i] && drain_once(&inv->drains[i])) {
				open[i] = false;
				left--;
			}
		}
		if (exited)
			break;
	}
	for (size_t i = 0; i < inv->nr_drains; i++) {
		if (open[i] || inv->drains[i].failed)
			incomplete(inv, "the linker's %s report may be cut short (%s)",
				   inv->drains[i].what,
				   open[i] ? "still open when the linker exited"
					   : "memory ran out holding it");
		close(inv->drains[i].r);
	}
	if (pidfd >= 0)
		close(pidfd);
}

/* Remove a work file: close the one in memory, unlink the named one. */
static void drop_work_file(struct strbuf *sb, int *fd)
{
	if (*fd >= 0)
		close(*fd);
	else if (sb->len)
		unlink(sb->buf);
	*fd = -1;
	strbuf_reset(sb);
}

/*
 * A tool that fails to write the report we asked for fails the build, so
 * with named work files ask for nothing when the trace's file system is
 * nearly full (work files in memory need no room on disk).
 */
#define MIN_FREE_BYTES (64ULL << 20)
static bool trace_has_room(struct invocation *inv, const struct cmdline *cl)
{
	struct statvfs sv;

	if (work_kind(inv, cl, false) != WORK_NAMED)
		return true;
	if (statvfs(inv->trace.buf, &sv) != 0)
		return true; /* cannot tell: the work files' creation will */
	if ((unsigned long long)sv.f_bavail * sv.f_frsize >= MIN_FREE_BYTES)
		return true;
	incomplete(inv, "%s",
		   "the trace's file system is nearly full; nothing was recorded "
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

static bool has_space(const char *s)
{
	return strpbrk(s, " \t\n") != NULL;
}

/* Add the options that make the tool report what it read. */
static void inject(struct invocation *inv, struct cmdline *cl, struct strbuf *deptmp, int *depfd,
		   const char **dep_origin, struct link_report *rep)
{
	bool via_driver = inv->kind == TOOL_CC || inv->kind == TOOL_CXX;
	/* -E too (two-stage builds compile the .i later), but never -M/-MM:
	 * their list is the step's own output, which must stay the user's */
	size_t sources = via_driver && (cl->mode != MODE_PREPROCESS || !cl->user_deps)
				 ? cmdline_cpp_sources(cl)
				 : 0;
	bool known_linker = cl->linker != LINKER_OTHER;

	/* gcc names the -MD file after every -o it was given and then fails
	 * with "too many filenames": with several -o, inject nothing (clang
	 * and gcc take the last -o; the user's own -MD there is theirs). */
	if (sources && !cl->user_deps && cl->nr_output_opts > 1) {
		incomplete(inv, "%s",
			   "several -o options: no dependency output requested (it "
			   "would make the compiler fail)");
		sources = 0;
	}
	if (sources && cl->user_deps) {
		*dep_origin = "user";
		if (sources > 1)
			incomplete(inv, "%s",
				   "several sources with the user's own -MD/-MMD: one "
				   "depfile per source, only one is read");
	}
	if (is_link(cl->mode) && !known_linker)
		incomplete(inv, "linker '%s' unknown to souptrace: no map requested",
			   cl->linker_name ? cl->linker_name : inv->program.buf);
	/* Nothing to add: no free-space check either (CMake and many Makefiles
	 * pass their own -MD, so this is the common case for compiles). */
	if (!(sources && !cl->user_deps) && !(is_link(cl->mode) && known_linker))
		return;
	if (!trace_has_room(inv, cl))
		return;
	if (sources && !cl->user_deps) {
		if (work_file(inv, cl, false, deptmp, "d", depfd) == 0) {
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
				incomplete(inv, "%s",
					   "several sources in one call and a trace path "
					   "with white space: no dependency output");
				drop_work_file(deptmp, depfd);
			}
		}
	}
	if (!is_link(cl->mode) || !known_linker)
		return;
	for (int k = 0; k < NR_REPORTS; k++) {
		bool want;

		switch (k) {
		case REP_MAP:
			want = !cl->user_map && !cl->user_map_stdout;
			break;
		case REP_COUNTS:
			want = cl->linker == LINKER_GOLD && !cl->user_symbol_counts;
			break;
		case REP_WHY:
			want = cl->linker == LINKER_LLD && !cl->user_why_extract;
			break;
		default:
			want = cl->linker == LINKER_LLD && !cl->user_link_depfile;
			break;
		}
		if (!want || work_file(inv, cl, true, &rep[k].tmp, report_kind[k], &rep[k].fd))
			continue;
		{
			static const char *const opt[NR_REPORTS] = {
				"-Map=", "--print-symbol-counts=", "--why-extract=",
				"--dependency-file="
			};
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

/*
 * Copy the open file in (from its start) into a new file to, streaming
 * (a map may be larger than memory should hold twice). 0, or -1 with the
 * partial copy removed.
 */
static int copy_fd(int in, const char *to)
{
	off_t off = 0;
	struct stat st;
	int out, ret = 0;

	if (fstat(in, &st))
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (out < 0)
		return -1;
	while (off < st.st_size) {
		ssize_t n = sendfile(out, in, &off, (size_t)(st.st_size - off));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = -1;
			break;
		}
	}
	if (close(out) || ret) {
		unlink(to);
		return -1;
	}
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), ret;

	if (in < 0)
		return -1;
	ret = copy_fd(in, to);
	close(in);
	return ret;
}

/* Record mode: everything after the real tool was found and a trace exists. */
/* What the compiler said it included, into deps (from the user's depfile or ours). */
static void collect_deps(struct invocation *inv, const struct cmdline *cl, int status,
			 const char *dep_origin, struct strbuf *deptmp, int *depfd,
			 struct strvec *deps)
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
		drop_work_file(deptmp, depfd);
	strbuf_release(&text);
	strbuf_release(&path);
	strbuf_release(&err);
}

/*
 * The linker's reports move into the trace (link/<id>.<kind>): a named
 * work file is renamed, one in memory or the user's own map copied.
 */
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
		int moved;

		if (!rep[k].tmp.len)
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/link/%s.%s", inv->trace.buf, inv->id, report_kind[k]);
		if (!ok) {
			/* failed links (configure probes) keep only their record */
			if (rep[k].injected)
				drop_work_file(&rep[k].tmp, &rep[k].fd);
			strbuf_reset(&rep[k].tmp);
			continue;
		}
		if (rep[k].injected &&
		    ((rep[k].fd >= 0 ? fstat(rep[k].fd, &st) : stat(rep[k].tmp.buf, &st)) ||
		     st.st_size == 0)) {
			incomplete(inv, "the linker wrote no %s report", report_kind[k]);
			drop_work_file(&rep[k].tmp, &rep[k].fd);
			continue;
		}
		if (!rep[k].injected)
			moved = copy_file(rep[k].tmp.buf, path.buf);
		else if (rep[k].fd >= 0)
			moved = copy_fd(rep[k].fd, path.buf);
		else
			moved = rename(rep[k].tmp.buf, path.buf);
		if (moved) {
			incomplete(inv,
				   "the linker's %s report could not be kept in the trace (%s): %s",
				   report_kind[k], path.buf, strerror(errno));
			if (rep[k].injected)
				drop_work_file(&rep[k].tmp, &rep[k].fd);
			strbuf_reset(&rep[k].tmp);
		} else if (rep[k].fd >= 0) {
			close(rep[k].fd);
			rep[k].fd = -1;
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
	int depfd = -1;
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
		rep[k].fd = -1;
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
			const char *name =
				realpath(inv->program.buf, real) ? real : inv->program.buf;

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
		inject(inv, &cl, &deptmp, &depfd, &dep_origin, rep);

	status = run_tool(inv);
	inv->end_ns = now_ns();
	unsetenv("SUNPRO_DEPENDENCIES");

	if (dep_origin)
		collect_deps(inv, &cl, status, dep_origin, &deptmp, &depfd, &deps);
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
			  "SOUPTRACE_PREFIX and PATH",
			  invoked);

	/* Nested (say gcc -> ccache's masquerade -> us): skip the launchers. */
	resolve = depth > 0 ? tool_resolve_skipping_launchers : tool_resolve;
	self = inv.have_self ? &inv.self : NULL;
	r = 1;
	if (wrapper_name && argc > 1 && tool_arg_may_be_program(argv[1], inv.kind) &&
	    (r = tool_resolve_arg(argv[1], self, depth > 0, &inv.program)) != 1) {
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
		die_usage(
			"the real tool '%s' is this souptrace wrapper itself (%s would call itself "
			"forever); name the real tool, e.g. with SOUPTRACE_CC",
			inv.program_name, invoked);
	if (r)
		die_usage("cannot find the real tool '%s'%s", inv.program_name,
			  wrapper_name ? "" : " in PATH (other than the souptrace wrapper)");

	/*
	 * ar and ld print their argv[0] in every message ("ar: x.a: No such
	 * file"): give them the name the user wrote, as the plain build would
	 * (masquerading: the name we were called by). A bare name is only
	 * given when the tool's own PATH lookup of it finds the tool (see
	 * below); else, and for a name with a slash (a masquerade found
	 * through a path, collect2's full path), argv[0] is the real tool's
	 * path, which is what the caller would have found without us.
	 * Compilers print only the base name, which is the same either way;
	 * they keep the full path, since gcc
	 * looks for its own installation from argv[0] (through PATH when it
	 * has no slash, which would find a masquerading wrapper first), and
	 * so do gcc-ar and its kin.
	 */
	if ((inv.kind == TOOL_AR || inv.kind == TOOL_LD) &&
	    !tool_locates_itself(path_basename(inv.program.buf))) {
		const char *name = wrapper_name || argc < 1 ? inv.program_name : argv[0];
		struct strbuf path = STRBUF_INIT;

		/* A bare name makes the tool look itself up in PATH (binutils
		 * find their LTO plugin that way); where that finds a
		 * masquerading wrapper, the tool gets PATH without it. */
		switch (strchr(name, '/')
				? -1
				: tool_path_for_bare_name(name, self, inv.program.buf, &path)) {
		case 1:
			setenv("PATH", path.buf, 1);
			/* fall through */
		case 0:
			inv.argv0 = name;
			break;
		default:
			inv.argv0 = inv.program.buf;
			break;
		}
		strbuf_release(&path);
	}

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
	if (depth > 0)
		exec_tool(&inv);
	if (trace_dir_find(&inv.trace)) {
		if (trace_dir_refusal()) /* planted or open to all: say so, record nothing */
			fprintf(stderr,
				"souptrace: not using the trace directory %s; this step is "
				"not recorded\n",
				trace_dir_refusal());
		exec_tool(&inv);
	}
	if (trace_dir_prepare(inv.trace.buf)) {
		snprintf(inv.id, sizeof(inv.id), "%019lld-%ld", inv.start_ns, (long)getpid());
		trace_dir_mark_incomplete(inv.trace.buf, inv.id,
					  "cannot create the trace directory");
		exec_tool(&inv);
	}
	record_invocation(&inv);
	return 0;
}
