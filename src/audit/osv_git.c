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

/*
 * One GIT range against commit: OSV_GIT_AFFECTED when the commit descends
 * from one of its introduced commits (or "0") and from none of the fixes
 * that descend from that introduced commit, and is at or before a
 * last_affected and before a limit commit when the range has them;
 * OSV_GIT_FIXED when it descends from an introduced commit but not so;
 * OSV_GIT_OUTSIDE when from none; OSV_GIT_UNKNOWN when git could not tell.
 * why says which commits decided.
 */
static enum osv_git one_range(const struct osv_range *rg, const char *commit, const char *clone,
			      struct strbuf *why)
{
	int *below = xcalloc(rg->nr_events + 1,
			     sizeof(*below)); /* event <= commit, or commit <= event */
	bool has_last = false, has_limit = false, by_last = false, by_limit = false;
	enum osv_git verdict = OSV_GIT_OUTSIDE;
	size_t e, f;
	int res;

	for (e = 0; e < rg->nr_events; e++) {
		const struct osv_event *ev = &rg->events[e];

		switch (ev->kind) {
		case OSV_INTRODUCED:
			res = !strcmp(ev->value, "0") ? 1
						      : is_ancestor(clone, ev->value, commit, why);
			break;
		case OSV_FIXED:
			res = is_ancestor(clone, ev->value, commit, why);
			break;
		case OSV_LAST_AFFECTED:
			has_last = true;
			res = is_ancestor(clone, commit, ev->value, why);
			by_last |= res > 0;
			break;
		case OSV_LIMIT:
		default:
			has_limit = true;
			res = strcasecmp(commit, ev->value)
				      ? is_ancestor(clone, commit, ev->value, why)
				      : 0;
			by_limit |= res > 0;
			break;
		}
		if (res < 0)
			goto unknown;
		below[e] = res;
	}
	for (e = 0; e < rg->nr_events; e++) {
		const struct osv_event *in = &rg->events[e];
		const char *fix = NULL;

		if (in->kind != OSV_INTRODUCED || !below[e])
			continue;
		for (f = 0; f < rg->nr_events && !fix; f++) {
			if (rg->events[f].kind != OSV_FIXED || !below[f])
				continue;
			res = !strcmp(in->value, "0")
				      ? 1
				      : is_ancestor(clone, in->value, rg->events[f].value, why);
			if (res < 0)
				goto unknown;
			if (res)
				fix = rg->events[f].value;
		}
		strbuf_reset(why);
		if (!fix && (!has_last || by_last) && (!has_limit || by_limit)) {
			if (!strcmp(in->value, "0"))
				strbuf_addf(why, "commit %s is in the GIT range from its start",
					    commit);
			else
				strbuf_addf(why,
					    "commit %s descends from the GIT range's introduced %s",
					    commit, in->value);
			strbuf_addf(why, " and from none of its fixes");
			if (has_last)
				strbuf_addstr(why, ", at or before a last_affected commit");
			if (has_limit)
				strbuf_addstr(why, ", before a limit commit");
			strbuf_addf(why, " (git merge-base --is-ancestor, in %s)", clone);
			free(below);
			return OSV_GIT_AFFECTED;
		}
		verdict = OSV_GIT_FIXED;
		if (fix)
			strbuf_addf(why, "commit %s descends from the fix %s", commit, fix);
		else if (has_last && !by_last)
			strbuf_addf(why, "commit %s comes after every last_affected commit",
				    commit);
		else
			strbuf_addf(why, "commit %s is not before any limit commit", commit);
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
	free(below);
	return verdict;
unknown:
	free(below);
	return OSV_GIT_UNKNOWN;
}

enum osv_git osv_git_ancestry(const struct osv_affected *a, const char *repo, const char *commit,
			      const char *clone, struct strbuf *why)
{
	enum osv_git verdict = OSV_GIT_NONE;
	struct strbuf one = STRBUF_INIT;

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
