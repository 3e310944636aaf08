/* SPDX-License-Identifier: Apache-2.0 */
/* What every subcommand shares at its edge: the table of commands, errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "cli.h"
#include "strbuf.h"
#include "strvec.h"
#include "banned.h"

const struct cli_command cli_commands[] = {
	{ "check", cmd_check, "compare what reaches each artifact with the declared SOUP" },
	{ "init", cmd_init, "draft soup.json from what reaches the artifacts" },
	{ "sbom", cmd_sbom, "write a CycloneDX or SPDX SBOM for the artifacts" },
	{ "report", cmd_report, "write the SOUP list as a document (Markdown or HTML)" },
	{ "audit", cmd_audit, "known vulnerabilities of the SOUP in each artifact, offline" },
	{ "diff", cmd_diff, "what changed between two SBOMs or two soup.json files" },
	{ "trace", cmd_trace, "show what the wrappers recorded (text or JSON)" },
	{ "scan", cmd_scan, "what an ELF file or archive is made of, without a trace" },
	{ "lint", cmd_lint, "check a declared SOUP list (soup.json) on its own" },
	{ "shims", cmd_shims, "make a folder of gcc, cc, ar, ... links to the wrappers" },
};

const size_t cli_nr_commands = sizeof(cli_commands) / sizeof(*cli_commands);

int cli_evaluate(const struct check_request *rq, struct soup_list *soup, struct check_model *model)
{
	struct strbuf diag = STRBUF_INIT;
	int rc = check_evaluate(rq, soup, model, &diag);

	fputs(diag.buf, stderr);
	strbuf_release(&diag);
	return rc;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("souptrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define WHAT_TO_DO   "name the binary or library the build produced"
#define LIBTOOL_MARK " - temporary wrapper script for .libs/"

/*
 * The binary a libtool wrapper script runs, when head (the script's start)
 * carries libtool's marker line "# NAME - temporary wrapper script for
 * .libs/NAME": DIR/.libs/NAME as linked, else DIR/.libs/lt-NAME (the
 * relinked copy); NULL when head is no such script. Allocated.
 */
static char *libtool_target(const char *path, const char *head)
{
	const char *mark = strstr(head, LIBTOOL_MARK), *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path + 1) : 0, n;
	struct strbuf sb = STRBUF_INIT;
	char *name;

	if (!mark)
		return NULL;
	mark += strlen(LIBTOOL_MARK);
	n = strcspn(mark, "\n \t");
	if (!n || memchr(mark, '/', n))
		return NULL;
	name = xstrndup(mark, n);
	strbuf_addf(&sb, "%.*s.libs/%s", (int)dirlen, path, name);
	if (access(sb.buf, F_OK)) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%.*s.libs/lt-%s", (int)dirlen, path, name);
	}
	free(name);
	return strbuf_detach(&sb, NULL);
}

/* What a file that is no ELF file nor archive is, for the message. */
static const char *kind_of(const struct strbuf *head)
{
	if (head->len >= 2 && head->buf[0] == '#' && head->buf[1] == '!')
		return "a script";
	if (!head->len)
		return "an empty file";
	if (strlen(head->buf) == head->len)
		return "a text file";
	return "a file of another kind";
}

static bool is_binary(const struct strbuf *head)
{
	return (head->len >= 4 && !memcmp(head->buf, "\177ELF", 4)) ||
	       (head->len >= 8 &&
		(!memcmp(head->buf, "!<arch>\n", 8) || !memcmp(head->buf, "!<thin>\n", 8)));
}

/* One artifact: 0, or -1 after the message. *real: its libtool binary, or NULL. */
static int check_artifact(const char *cmd, const char *path, char **real)
{
	struct strbuf head = STRBUF_INIT;
	struct stat st;
	int ret = -1;

	*real = NULL;
	if (stat(path, &st)) {
		cli_error("%s: %s: %s; " WHAT_TO_DO " (is it built yet?)", cmd, path,
			  strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		cli_error("%s: %s: is a directory; " WHAT_TO_DO, cmd, path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		cli_error("%s: %s: is not a regular file; " WHAT_TO_DO, cmd, path);
		goto out;
	}
	if (strbuf_read_prefix(&head, path, 4096, NULL)) {
		cli_error("%s: %s: cannot read it (%s); make it readable or " WHAT_TO_DO, cmd, path,
			  strerror(errno));
		goto out;
	}
	if (is_binary(&head)) {
		ret = 0;
		goto out;
	}
	if (!(*real = libtool_target(path, head.buf))) {
		cli_error("%s: %s: is %s, not an ELF binary or library; " WHAT_TO_DO, cmd, path,
			  kind_of(&head));
		goto out;
	}
	strbuf_reset(&head);
	if (strbuf_read_prefix(&head, *real, 64, NULL) || !is_binary(&head)) {
		bool missing = !head.len && errno == ENOENT;

		cli_error("%s: %s: is a libtool wrapper script, and %s, the binary it runs, "
			  "%s; build it (make) or " WHAT_TO_DO,
			  cmd, path, *real, missing ? "does not exist" : "is not an ELF file");
		free(*real);
		*real = NULL;
		goto out;
	}
	fprintf(stderr,
		"souptrace: %s: %s is a libtool wrapper script: reading %s, the binary it runs, "
		"instead\n",
		cmd, path, *real);
	ret = 0;
out:
	strbuf_release(&head);
	return ret;
}

int cli_artifacts(const char *cmd, struct strvec *artifacts)
{
	for (size_t i = 0; i < artifacts->nr; i++) {
		char *real;

		if (check_artifact(cmd, artifacts->v[i], &real))
			return EXIT_USAGE;
		if (real) {
			free((char *)artifacts->v[i]);
			artifacts->v[i] = real;
		}
	}
	return 0;
}
