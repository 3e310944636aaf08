/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Who works on the project: the readers of the evidence, git's history and
 * the list files at the root (git log, AUTHORS ... into the list of
 * contributors: contributors.h); names, keys and matching are in
 * contributors.c.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contributors_internal.h"
#include "gitrun.h"
#include "notice.h"
#include "pathutil.h"
#include "banned.h"

#define GIT_LOG_MAX   (64u << 20) /* bytes of git log read; the rest is drained */
#define LIST_FILE_MAX (1u << 20)  /* bytes of a list file read */
#define LIST_NAME_MAX 80	  /* a longer line holds no name */

/* ---- git ---- */

/*
 * `git -C root log --format=%aN%x09%aE -- .` into out. 0; 1 when git gave
 * no history (why says so: not installed, not a repository, its message);
 * -1 out of memory.
 */
static int run_git_log(const char *root, struct strbuf *out, struct strbuf *why)
{
	static const char *const args[] = { "-c",
					    "log.showSignature=false",
					    "log",
					    "--no-color",
					    "--format=%aN%x09%aE",
					    "--",
					    ".",
					    NULL };
	struct strbuf err = STRBUF_INIT;
	int rc = git_run(root, args, GIT_LOG_MAX, out, &err);

	if (rc < 0) {
		strbuf_release(&err);
		return -1;
	}
	if (rc == GITRUN_NOT_RUN && !strncmp(err.buf, "git not run", 11))
		strbuf_addstr(why, err.buf); /* "git not run: not installed" */
	else if (rc) /* "fatal: not a git repository ...", "... does not have any commits yet" */
		strbuf_addf(why, "git log: %s", err.len ? err.buf : "no history read");
	strbuf_release(&err);
	return rc ? 1 : 0;
}

int contributors_add_git_log(struct contributors *c, const char *text, size_t len)
{
	struct strbuf line = STRBUF_INIT;
	int ret = 0;

	for (const char *p = text, *end = text + len; p < end && !ret;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
		struct contributor *who;

		if (!nl)
			nl = end;
		strbuf_reset(&line);
		tab = memchr(p, '\t', (size_t)(nl - p));
		if (tab && tab > p) {
			char *email;

			if (contrib_to_utf8(p, (size_t)(tab - p), &line)) {
				ret = -1;
				break;
			}
			email = strndup(tab + 1, (size_t)(nl - tab - 1));
			for (char *q = email; q && *q; q++)
				*q = (char)(*q | 0x20 * (*q >= 'A' && *q <= 'Z'));
			who = email ? contributor_for(c, line.buf, *email ? email : NULL) : NULL;
			free(email);
			if (!who)
				ret = -1;
			else
				who->commits++;
		}
		if (tab)
			c->commits++;
		p = nl + 1;
	}
	strbuf_release(&line);
	return ret;
}

/* ---- list files ---- */

/* Capitalised words that start no name: headings and prose. */
static const char *const not_names[] = {
	"about",
	"also",
	"and",
	"are",
	"author",
	"authors",
	"bug",
	"bugs",
	"by",
	"contact",
	"contributions",
	"contributor",
	"contributors",
	"copyright",
	"credits",
	"current",
	"developer",
	"developers",
	"documentation",
	"email",
	"files",
	"for",
	"former",
	"from",
	"github",
	"help",
	"http",
	"https",
	"in",
	"lead",
	"licence",
	"license",
	"list",
	"mail",
	"maintainer",
	"maintainers",
	"many",
	"note",
	"of",
	"original",
	"other",
	"our",
	"patches",
	"people",
	"please",
	"project",
	"release",
	"see",
	"special",
	"support",
	"team",
	"testing",
	"thank",
	"thanks",
	"the",
	"these",
	"this",
	"to",
	"version",
	"website",
	"who",
	"with",
};

static const char *const particles[] = { "al",	"bin", "da",  "de",  "del", "della", "den", "der",
					 "di",	"dos", "du",  "el",  "la",  "le",    "st",  "te",
					 "ten", "ter", "van", "von", "y",   "zu" };

/*
 * A person's (or a company's) name as a list writes it: 1 to 5 words, each
 * capitalised (or a particle, or an initial), no digits, no heading word;
 * one word only with an address (a handle: "mOo <moo@example.org>").
 */
static bool list_name(const char *s, size_t n, bool with_email)
{
	size_t words = 0, i = 0;

	if (!n || n > LIST_NAME_MAX)
		return false;
	while (i < n) {
		size_t a, b;
		char w[32];

		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		a = i;
		while (i < n && s[i] != ' ')
			i++;
		b = i;
		while (b > a && (s[b - 1] == ',' || s[b - 1] == '.'))
			b--;
		if (b == a || b - a >= sizeof(w))
			return false;
		for (size_t k = a; k < b; k++) {
			unsigned char ch = (unsigned char)s[k];

			if ((ch >= '0' && ch <= '9' && !with_email) || ch == '/' || ch == ':' ||
			    ch == '=' || ch == '@' || ch == '(' || ch == ')' || ch == '"')
				return false;
			w[k - a] = (char)(ch | 0x20 * (ch >= 'A' && ch <= 'Z'));
		}
		w[b - a] = '\0';
		words++;
		if (IN_WORDS(w, not_names) || words > 5)
			return false;
		if (!(s[a] >= 'A' && s[a] <= 'Z') && (unsigned char)s[a] < 0x80 &&
		    !IN_WORDS(w, particles) && !(with_email && words == 1 && i >= n))
			return false;
	}
	return words >= 2 || (words == 1 && with_email);
}

/*
 * Record the names of s[0..n) ("A", "A, B", "A and B"), with email (or
 * NULL); *added counts them.
 */
static int add_names(struct contributors *c, const char *file, const char *s, size_t n,
		     const char *email, size_t *added)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		size_t sep = 0, a, b;
		struct strbuf name = STRBUF_INIT;
		struct contributor *who;
		bool whole;
		int rc;

		if (i == n || s[i] == ',' || s[i] == ';' || s[i] == '&')
			sep = 1;
		else if (i + 5 <= n && !strncmp(s + i, " and ", 5))
			sep = 5;
		if (!sep)
			continue;
		whole = start == 0 && i == n;
		for (a = start, b = i; a < b && strchr(" \t-*'\"<([", s[a]); a++)
			;
		while (b > a && strchr(" \t-:,.'\">)]", s[b - 1]))
			b--;
		start = i + sep;
		i += sep - 1;
		/* one word (a handle) only when the address is its alone */
		if (!list_name(s + a, b - a, email && whole))
			continue;
		rc = strbuf_add(&name, s + a, b - a);
		who = rc ? NULL : contributor_for(c, name.buf, email);
		strbuf_release(&name);
		if (!who || (strvec_find(&who->lists, file) < 0 && strvec_push(&who->lists, file)))
			return -1;
		(*added)++;
	}
	return 0;
}

/*
 * One line of a list file, bullets, Markdown emphasis and links removed:
 * "Name <address>", "Label: Name <address>", "Name: what they did",
 * "Name - what they did", "Name, Other Name".
 */
static int list_line(struct contributors *c, const char *file, const char *s, size_t n,
		     size_t *added)
{
	size_t a, b;
	const char *colon;
	char *email;
	int ret;

	if (notice_find_email(s, n, &a, &b)) {
		size_t start = 0, k = a;

		email = strndup(s + a, b - a);
		if (!email)
			return -1;
		for (char *q = email; *q; q++)
			*q = (char)(*q | 0x20 * (*q >= 'A' && *q <= 'Z'));
		/* "Maintainer: Name <address>": the name after the label */
		for (size_t i = 0; i < a; i++)
			if (s[i] == ':')
				start = i + 1;
		while (k > start && strchr(" \t<([-,", s[k - 1]))
			k--;
		ret = add_names(c, file, s + start, k - start, email, added);
		free(email);
		return ret;
	}
	colon = memchr(s, ':', n);
	if (colon) {
		size_t before = *added, at = (size_t)(colon - s);

		/* "Jane Doe: the parser", else "Maintainer: Jane Doe" */
		if (add_names(c, file, s, at, NULL, added))
			return -1;
		if (*added > before)
			return 0;
		return add_names(c, file, colon + 1, n - at - 1, NULL, added);
	}
	for (a = 0; a < n; a++) /* "Jane Doe - the parser", "Jane Doe (jdoe)" */
		if (s[a] == '\t' || s[a] == '(' || (a + 3 <= n && !strncmp(s + a, " - ", 3)))
			break;
	return add_names(c, file, s, a, NULL, added);
}

/* Drop bullets, Markdown emphasis and code marks, "[text](url)" links (text kept). */
static int clean_list_line(const char *s, size_t n, struct strbuf *out)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 1 < n && strchr("-*+", s[i]) && s[i + 1] == ' ')
		i += 2;
	else if (i + 3 < n && !memcmp(s + i, "\xe2\x80\xa2", 3))
		i += 3;
	else if (i < n && s[i] >= '0' && s[i] <= '9') {
		size_t k = i;

		while (k < n && s[k] >= '0' && s[k] <= '9')
			k++;
		if (k + 1 < n && (s[k] == '.' || s[k] == ')') && s[k + 1] == ' ')
			i = k + 2;
	}
	for (; i < n; i++) {
		const char *close, *paren;

		if (s[i] == '*' || s[i] == '`')
			continue;
		if (s[i] == '[' && (close = memchr(s + i, ']', n - i)) && close + 1 < s + n &&
		    close[1] == '(' && (paren = memchr(close, ')', (size_t)(s + n - close)))) {
			if (strbuf_add(out, s + i + 1, (size_t)(close - s - i - 1)))
				return -1;
			i = (size_t)(paren - s);
			continue;
		}
		if (strbuf_addch(out, s[i] == '\t' ? '\t' : s[i]))
			return -1;
	}
	while (out->len && (out->buf[out->len - 1] == ' ' || out->buf[out->len - 1] == '\t'))
		out->buf[--out->len] = '\0';
	return 0;
}

int contributors_add_list(struct contributors *c, const char *file, const char *text, size_t len)
{
	struct strbuf utf8 = STRBUF_INIT, line = STRBUF_INIT;
	size_t added = 0;
	int ret = -1;

	for (size_t i = 0; i < len; i++) {
		size_t e = i;

		while (e < len && text[e] != '\n')
			e++;
		strbuf_reset(&utf8);
		strbuf_reset(&line);
		if (contrib_to_utf8(text + i, e - i, &utf8) ||
		    clean_list_line(utf8.buf, utf8.len, &line))
			goto out;
		i = e;
		if (!line.len || line.buf[0] == '#' || !strncmp(line.buf, "//", 2) ||
		    !strncmp(line.buf, "<!--", 4) || line.buf[0] == '=')
			continue;
		if (list_line(c, file, line.buf, line.len, &added))
			goto out;
	}
	added = 0; /* the people, each once */
	for (size_t i = 0; i < c->nr; i++)
		added += strvec_find(&c->v[i].lists, file) >= 0;
	ret = 0;
	if (strvec_pushf(&c->sources, "%s: %zu name%s", file, added, added == 1 ? "" : "s"))
		ret = -1;
out:
	strbuf_release(&utf8);
	strbuf_release(&line);
	return ret;
}

/* AUTHORS, contributors.md, THANKS.txt ...: a list file's name. */
static bool list_file_name(const char *name)
{
	static const char *const stems[] = { "authors", "contributors", "thanks", "credits",
					     "maintainers" };
	static const char *const exts[] = { "", ".md", ".txt", ".rst" };

	if (!strcmp(name, ".mailmap")) /* git's: the names its committers go by */
		return true;
	for (size_t i = 0; i < sizeof(stems) / sizeof(*stems); i++) {
		size_t sl = strlen(stems[i]);

		if (strncasecmp(name, stems[i], sl))
			continue;
		for (size_t k = 0; k < sizeof(exts) / sizeof(*exts); k++)
			if (!strcasecmp(name + sl, exts[k]))
				return true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The list files at root, in name order. */
static int load_lists(struct contributors *c, const char *root)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, e = STRBUF_INIT;
	DIR *d = opendir(root);
	struct dirent *de;
	int ret = -1;

	while (d && (de = readdir(d)))
		if (list_file_name(de->d_name) && strvec_push(&names, de->d_name))
			goto out;
	qsort(names.v, names.nr, sizeof(*names.v), cmp_str);
	for (size_t i = 0; i < names.nr; i++) {
		struct stat st;

		strbuf_reset(&path);
		strbuf_reset(&text);
		strbuf_reset(&e);
		path_join(&path, root, names.v[i]);
		if (stat(path.buf, &st) || !S_ISREG(st.st_mode))
			continue; /* contrib/ is a folder, not a list */
		if (strbuf_read_prefix(&text, path.buf, LIST_FILE_MAX, &e)) {
			if (strvec_pushf(&c->sources, "%s: unreadable (%s)", names.v[i], e.buf))
				goto out;
			continue;
		}
		if (contributors_add_list(c, names.v[i], text.buf, text.len))
			goto out;
	}
	if (!names.nr &&
	    strvec_push(&c->sources,
			"no AUTHORS, CONTRIBUTORS, THANKS, CREDITS, MAINTAINERS or .mailmap file"))
		goto out;
	ret = 0;
out:
	if (d)
		closedir(d);
	strvec_clear(&names);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&e);
	return ret;
}

int contributors_load(struct contributors *c, const char *root, struct strbuf *err)
{
	struct strbuf log = STRBUF_INIT, why = STRBUF_INIT;
	size_t before = c->nr;
	int rc = run_git_log(root, &log, &why);

	if (rc == 0) {
		rc = contributors_add_git_log(c, log.buf, log.len);
		c->git_used = true;
		if (!rc)
			rc = c->commits
				     ? strvec_pushf(&c->sources,
						    "git log: %zu author%s of %zu commit%s",
						    c->nr - before, c->nr - before == 1 ? "" : "s",
						    c->commits, c->commits == 1 ? "" : "s")
				     : strvec_push(&c->sources,
						   "git log: no commit touches the project root");
	} else if (rc == 1) {
		rc = strvec_push(&c->sources, why.buf);
	}
	if (!rc)
		rc = load_lists(c, root);
	strbuf_release(&log);
	strbuf_release(&why);
	if (rc)
		strbuf_addstr(err, "out of memory");
	return rc ? -1 : 0;
}
