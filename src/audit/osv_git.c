/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A commit against OSV GIT ranges by its ancestry, asked of a local clone
 * of the repository (osv.h, osv_git_ancestry): `git merge-base
 * --is-ancestor`, the same question a person would ask, so an auditor can
 * repeat every step.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "gitrun.h"
#include "osv.h"
#include "banned.h"

/* Whether a is b or one of its ancestors: 1, 0, or -1 with why set. */
static int is_ancestor(const char *clone, const char *a, const char *b, struct strbuf *why)
{
	const char *args[] = { "merge-base", "--is-ancestor", a, b, NULL };
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc;

	if (!strcasecmp(a, b))
		return 1;
	rc = git_run(clone, args, 0, &out, &err);
	strbuf_release(&out);
	if (rc == 0 || rc == 1) {
		strbuf_release(&err);
		return !rc;
	}
	strbuf_reset(why);
	if (rc == GITRUN_NOT_RUN || rc < 0)
		strbuf_addf(why, "%s", rc < 0 ? "out of memory" : err.buf);
	else
		strbuf_addf(why, "git -C %s merge-base --is-ancestor %s %s: %s", clone, a, b,
			    err.len ? err.buf : "failed");
	strbuf_release(&err);
	return -1;
}

/* Whether commit is a commit of the clone: 1, or 0 / -1 with why set. */
static int has_commit(const char *clone, const char *commit, struct strbuf *why)
{
	struct strbuf obj = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	const char *args[] = { "cat-file", "-e", NULL, NULL };
	int rc;

	strbuf_addf(&obj, "%s^{commit}", commit);
	args[2] = obj.buf;
	rc = git_run(clone, args, 0, &out, &err);
	strbuf_reset(why);
	if (rc == GITRUN_NOT_RUN || rc < 0)
		strbuf_addf(why, "%s", rc < 0 ? "out of memory" : err.buf);
	else if (rc)
		strbuf_addf(why, "commit %s is not in the clone %s (fetch it there)%s%s", commit,
			    clone, err.len ? ": " : "", err.buf);
	strbuf_release(&obj);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc == 0 ? 1 : rc == GITRUN_NOT_RUN || rc < 0 ? -1 : 0;
}

/* Whether the clone cannot answer: not a repository git reads, or shallow. why says so. */
static bool unusable(const char *clone, struct strbuf *why)
{
	const char *args[] = { "rev-parse", "--is-shallow-repository", NULL };
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = git_run(clone, args, 64, &out, &err);

	strbuf_reset(why);
	if (rc < 0)
		strbuf_addstr(why, "out of memory");
	else if (rc == GITRUN_NOT_RUN)
		strbuf_addstr(why, err.buf);
	else if (rc)
		strbuf_addf(why, "git -C %s rev-parse: %s", clone,
			    err.len ? err.buf : "not a repository");
	else if (!strncmp(out.buf, "true", 4))
		strbuf_addf(why,
			    "the clone %s is shallow, so its history cannot tell (git fetch "
			    "--unshallow there)",
			    clone);
	strbuf_release(&out);
	strbuf_release(&err);
	return why->len > 0;
}

/* Whether s is a commit id (7 to 64 hex digits): event values go to git's command line. */
static bool commit_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF");

	return !s[n] && n >= 7 && n <= 64;
}

/*
 * One GIT range against commit, as the OSV schema evaluates it: for each
 * introduced commit I that commit descends from ("0": every commit), the
 * range holds it unless a fixed commit F with I <= F <= commit, or a
 * last_affected commit L with I <= L < commit, closes it; with limit
 * events, only commits before one of them are in the range at all.
 * OSV_GIT_AFFECTED when one I holds it, OSV_GIT_FIXED when every I it
 * descends from is closed, OSV_GIT_OUTSIDE when it descends from none (or
 * is not before a limit), OSV_GIT_UNKNOWN when git could not tell or the
 * range is not one (no introduced event, an event that is no commit id).
 * why says which commits decided.
 */
static enum osv_git one_range(const struct osv_range *rg, const char *commit, const char *clone,
			      struct strbuf *why)
{
	int *le =
		xcalloc(rg->nr_events + 1, sizeof(*le)); /* event <= commit (< for last_affected) */
	bool intro = false, limited = false, below_limit = false;
	enum osv_git verdict = OSV_GIT_OUTSIDE;
	size_t e, f;
	int res = 0;

	for (e = 0; e < rg->nr_events && res >= 0; e++) {
		const struct osv_event *ev = &rg->events[e];

		if (!(ev->kind == OSV_INTRODUCED && !strcmp(ev->value, "0")) &&
		    !commit_id(ev->value)) {
			strbuf_reset(why);
			strbuf_addf(why, "the GIT range's event \"%s\" is not a commit id",
				    ev->value);
			res = -1;
			break;
		}
		switch (ev->kind) {
		case OSV_INTRODUCED:
			intro = true;
			res = !strcmp(ev->value, "0") ? 1
						      : is_ancestor(clone, ev->value, commit, why);
			break;
		case OSV_FIXED:
			res = is_ancestor(clone, ev->value, commit, why);
			break;
		case OSV_LAST_AFFECTED:
			res = strcasecmp(ev->value, commit)
				      ? is_ancestor(clone, ev->value, commit, why)
				      : 0;
			break;
		case OSV_LIMIT:
		default:
			limited = true;
			res = strcasecmp(commit, ev->value)
				      ? is_ancestor(clone, commit, ev->value, why)
				      : 0;
			below_limit |= res > 0;
			break;
		}
		le[e] = res > 0;
	}
	if (res >= 0 && !intro) {
		strbuf_reset(why);
		strbuf_addstr(why, "the GIT range has no introduced event");
		res = -1;
	}
	if (res < 0)
		goto unknown;
	if (limited && !below_limit) {
		strbuf_reset(why);
		strbuf_addf(why,
			    "commit %s is before no limit commit of the GIT range (git merge-base "
			    "--is-ancestor, in %s)",
			    commit, clone);
		free(le);
		return OSV_GIT_OUTSIDE;
	}
	for (e = 0; e < rg->nr_events; e++) {
		const struct osv_event *in = &rg->events[e];
		const struct osv_event *closer = NULL;

		if (in->kind != OSV_INTRODUCED || !le[e])
			continue;
		for (f = 0; f < rg->nr_events && !closer; f++) {
			const struct osv_event *ev = &rg->events[f];

			if ((ev->kind != OSV_FIXED && ev->kind != OSV_LAST_AFFECTED) || !le[f])
				continue;
			res = !strcmp(in->value, "0")
				      ? 1
				      : is_ancestor(clone, in->value, ev->value, why);
			if (res < 0)
				goto unknown;
			if (res)
				closer = ev;
		}
		strbuf_reset(why);
		if (!closer) {
			if (!strcmp(in->value, "0"))
				strbuf_addf(why, "commit %s is in the GIT range from its start",
					    commit);
			else
				strbuf_addf(why,
					    "commit %s descends from the GIT range's introduced %s",
					    commit, in->value);
			strbuf_addf(why,
				    " and from none of its fixes%s (git merge-base --is-ancestor, "
				    "in %s)",
				    limited ? ", before a limit commit" : "", clone);
			free(le);
			return OSV_GIT_AFFECTED;
		}
		verdict = OSV_GIT_FIXED;
		if (closer->kind == OSV_FIXED)
			strbuf_addf(why, "commit %s descends from the fix %s", commit,
				    closer->value);
		else
			strbuf_addf(why, "commit %s comes after the last_affected %s", commit,
				    closer->value);
		strbuf_addf(why, " of the GIT range from %s (git merge-base --is-ancestor, in %s)",
			    in->value, clone);
	}
	if (verdict == OSV_GIT_OUTSIDE) {
		strbuf_reset(why);
		strbuf_addf(why,
			    "commit %s descends from no introduced commit of the GIT range (git "
			    "merge-base --is-ancestor, in %s)",
			    commit, clone);
	}
	free(le);
	return verdict;
unknown:
	free(le);
	return OSV_GIT_UNKNOWN;
}

enum osv_git osv_git_ancestry(const struct osv_affected *a, const char *repo, const char *commit,
			      const char *clone, struct strbuf *why)
{
	enum osv_git verdict = OSV_GIT_NONE;
	struct strbuf one = STRBUF_INIT;

	if (unusable(clone, why))
		return OSV_GIT_UNKNOWN;
	if (has_commit(clone, commit, why) <= 0)
		return OSV_GIT_UNKNOWN;
	/* affected by one range is enough; fixed beats outside; any doubt is unknown */
	for (size_t r = 0; r < a->nr_ranges; r++) {
		const struct osv_range *rg = &a->ranges[r];
		enum osv_git v;

		if (!rg->type || strcmp(rg->type, "GIT") ||
		    (repo && rg->repo && !osv_same_repo(repo, rg->repo)))
			continue;
		strbuf_reset(&one);
		v = one_range(rg, commit, clone, &one);
		if (v == OSV_GIT_AFFECTED || v == OSV_GIT_UNKNOWN) {
			strbuf_reset(why);
			strbuf_addstr(why, one.buf);
			strbuf_release(&one);
			return v;
		}
		if ((v == OSV_GIT_FIXED && verdict != OSV_GIT_FIXED) || verdict == OSV_GIT_NONE) {
			verdict = v; /* a fix that decides says more than "outside" */
			strbuf_reset(why);
			strbuf_addstr(why, one.buf);
		}
	}
	strbuf_release(&one);
	return verdict;
}
