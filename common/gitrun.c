/* SPDX-License-Identifier: Apache-2.0 */
/* Running git as a reader of a repository (gitrun.h). */
#include "gitrun.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "strvec.h"
#include "banned.h"

extern char **environ;

#define GIT_ERR_MAX  4096u
#define GIT_ARGS_MAX 32

/* The environment for git: nothing that points it at another repository. */
static int git_env(struct strvec *env)
{
	static const char *const drop[] = {
		"GIT_DIR=",	  "GIT_WORK_TREE=", "GIT_INDEX_FILE=",	    "GIT_COMMON_DIR=",
		"GIT_NAMESPACE=", "LC_ALL=",	    "GIT_OBJECT_DIRECTORY="
	};

	for (char **e = environ; e && *e; e++) {
		bool keep = true;

		for (size_t i = 0; i < sizeof(drop) / sizeof(*drop) && keep; i++)
			keep = strncmp(*e, drop[i], strlen(drop[i])) != 0;
		if (keep && strvec_push(env, *e))
			return -1;
	}
	return strvec_push(env, "LC_ALL=C");
}

/* Read both pipes to their end: out up to out_max, err up to GIT_ERR_MAX. */
static int drain(int outfd, int errfd, size_t out_max, struct strbuf *out, struct strbuf *err)
{
	struct pollfd fds[2] = { { outfd, POLLIN, 0 }, { errfd, POLLIN, 0 } };
	char buf[65536];

	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int i = 0; i < 2; i++) {
			struct strbuf *sb = i ? err : out;
			size_t max = i ? GIT_ERR_MAX : out_max;
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
			if (sb->len < max &&
			    strbuf_add(sb, buf,
				       (size_t)n < max - sb->len ? (size_t)n : max - sb->len))
				return -1;
		}
	}
	return 0;
}

int git_run(const char *dir, const char *const *args, size_t out_max, struct strbuf *out,
	    struct strbuf *err)
{
	const char *argv[GIT_ARGS_MAX + 4] = { "git", "-C", dir };
	struct strvec env = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT;
	posix_spawn_file_actions_t fa;
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, status = 0, rc, ret = GITRUN_NOT_RUN;
	size_t n = 3;
	pid_t pid;

	for (size_t i = 0; args[i]; i++) {
		if (n == GIT_ARGS_MAX + 3)
			abort(); /* a caller's mistake, never input */
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	if (git_env(&env)) {
		strvec_clear(&env);
		return -1;
	}
	if (pipe2(outp, O_CLOEXEC) || pipe2(errp, O_CLOEXEC)) {
		strbuf_addf(err, "git not run: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	rc = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, (char *const *)env.v);
	posix_spawn_file_actions_destroy(&fa);
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	if (rc) {
		strbuf_addf(err, "git not run: %s", rc == ENOENT ? "not installed" : strerror(rc));
		goto out;
	}
	rc = drain(outp[0], errp[0], out_max, out, &msg);
	if (rc) /* nobody reads its pipes any more: it must not wait on them forever */
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc) {
		ret = -1;
		goto out;
	}
	strbuf_add(err, msg.buf, strcspn(msg.buf, "\n"));
	if (WIFEXITED(status))
		ret = WEXITSTATUS(status);
	else
		strbuf_addf(err, "%sgit died of signal %d", err->len ? "; " : "",
			    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
out:
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	strvec_clear(&env);
	strbuf_release(&msg);
	return ret;
}
