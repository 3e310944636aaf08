/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_OSV_H
#define SOUPTRACE_OSV_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Vulnerability records in the OSV format (https://ossf.github.io/osv-schema/),
 * read offline from what a user mirrored: a folder of OSV JSON files
 * (read recursively, every "*.json") or one such file. Only what matching
 * needs is kept: the id and aliases (with "upstream" ids), the summary, "modified", the
 * severity (a CVSS v3 vector from severity[], else a
 * database_specific.severity word) and affected[] with its package
 * (ecosystem, name, purl), its ranges (type and events) and its versions.
 *
 * CVE JSON 5 records ("dataType": "CVE_RECORD") in the same folder give
 * two things: what OSV does not carry, the files and functions a
 * vulnerability lies in (containers.cna.affected[].programFiles and
 * programRoutines, with the product they are of), kept in osv_db.cves for
 * the audit to decide whether the vulnerable code reached an artifact; and
 * the products the CNA and the ADPs say are affected (vendor, product,
 * cpes, versions[], defaultStatus), kept as a record with cve5 set.
 *
 * Bad input is an error, never skipped: a file that is not JSON, a record
 * without "id", a member of the wrong type fails the whole load with
 * "FILE: PATH: what is wrong" (a silently dropped record would be a
 * vulnerability silently not reported).
 */

enum osv_event_kind { OSV_INTRODUCED, OSV_FIXED, OSV_LAST_AFFECTED, OSV_LIMIT };

struct osv_event {
	enum osv_event_kind kind;
	char *value;
};

struct osv_range {
	char *type; /* "ECOSYSTEM", "SEMVER", "GIT" */
	char *repo; /* a GIT range's repository URL, or NULL */
	struct osv_event *events;
	size_t nr_events;
};

/*
 * One item of a CVE JSON 5 product's versions[]: a version (status given),
 * or a range from version (or from the start: "0", "*", "", "n/a",
 * "unspecified") to less_than (excluded) or less_than_or_equal, compared by
 * type ("semver"; anything else by dpkg's order; "git" is not compared).
 */
struct cve_version {
	char *status; /* "affected", "unaffected", "unknown" */
	char *version, *less_than, *less_than_or_equal, *type;
};

struct osv_affected {
	char *ecosystem, *name, *purl; /* NULL when absent */
	/*
	 * A Debian ecosystem's ecosystem_specific.urgency ("unimportant",
	 * "low", "medium", "high", "not yet assigned"; a trailing "**", not yet
	 * confirmed, dropped), or NULL: Debian's rating of the flaw in its package.
	 */
	char *urgency;
	struct osv_range *ranges;
	size_t nr_ranges;
	struct strvec versions;
	/*
	 * An affected product of a CVE JSON 5 record (osv_vuln.cve5): name is
	 * its product (else packageName), vendor and cpes say whose; its
	 * versions[] items and defaultStatus (NULL when absent: "unknown"), and
	 * its repo as a GIT range without events (ranges) when given.
	 */
	char *vendor, *default_status;
	struct strvec cpes;
	struct cve_version *cve_versions;
	size_t nr_cve_versions;
};

struct osv_vuln {
	char *id, *summary, *modified;
	char *file; /* where it was read */
	struct strvec aliases;
	char *cvss;	/* a "CVSS:3.x/..." vector, or NULL */
	char *severity; /* database_specific.severity as written, or NULL */
	struct osv_affected *affected;
	size_t nr_affected;
	/*
	 * Made from a CVE JSON 5 record's affected products (the CNA's and
	 * ADPs'), each with versions[] or a defaultStatus: the audit uses it only
	 * for components no OSV record with the same CVE names.
	 */
	bool cve5;
};

/* One affected product of a CVE JSON 5 record: where the flaw is. */
struct osv_cve_files {
	char *id;		/* cveMetadata.cveId */
	char *product;		/* affected[].product, or NULL */
	char *file;		/* where it was read */
	struct strvec files;	/* programFiles */
	struct strvec routines; /* programRoutines[].name */
};

struct osv_db {
	struct osv_vuln *v;
	size_t nr, alloc;
	struct osv_cve_files *cves;
	size_t nr_cves, alloc_cves;
	char *newest; /* the latest "modified" of any record, or NULL */
	size_t files; /* files read */
	/*
	 * Set before loading: the Debian release ("Debian:12") whose entries of
	 * the Debian Security Tracker's JSON are kept (the others are checked,
	 * not kept); NULL keeps none. Borrowed.
	 */
	const char *debian;
	struct strvec notes; /* what each tracker file gave, and its date, a line each */
	/* tracker files read but of no use: this system's Debian release is not known */
	size_t trackers_unused;
	/* osv_load_indexed: "used", "built", or why the index was not used */
	const char *index_state;
};

void osv_init(struct osv_db *db);
void osv_release(struct osv_db *db);

/*
 * The Debian Security Tracker's JSON (tracker/data/json, one object: source
 * package -> CVE or TEMP- id -> {description, releases: {CODENAME: {status,
 * fixed_version, urgency}}}) is read too, by its shape, from a file in the
 * folder or given alone: for db->debian's release, each entry becomes a
 * record of ecosystem "Debian:N" naming the source package: resolved with
 * fixed_version V is affected before V (V "0": never affected, no
 * record), open or undetermined is affected in every version; the urgency
 * is the severity ("unimportant" counts as low, "not yet assigned" as
 * unknown). Every release's entries are checked, a wrong type or an
 * unknown status is an error like any other.
 */

/* Load path (a folder or a file) into db. 0, or -1 with one message in err. */
int osv_load(struct osv_db *db, const char *path, struct strbuf *err);

/*
 * The same, kept between runs: what was read is serialised into
 * souptrace's cache folder (path_cache_dir(): $SOUPTRACE_CACHE_DIR, set
 * empty for none, else the XDG cache), as osv-HASH.idx (HASH: of the
 * database's absolute path and db->debian), and reused while every file the
 * load would read is unchanged (the same names, sizes, modification and
 * change times, inodes; the walk stats each). An index that is not the
 * user's own file, is writable by others, is of another version, or whose
 * checksum or any length does not hold is not believed: the database is
 * read again and the index rebuilt (written whole, then renamed over).
 * db->index_state says which ("used", "built", or why not). 0, or -1 with
 * err as osv_load.
 */
int osv_load_indexed(struct osv_db *db, const char *path, struct strbuf *err);

/* Parse one record (text of len bytes, from file) into db. 0, or -1 with err. */
int osv_parse(struct osv_db *db, const char *file, const char *text, size_t len,
	      struct strbuf *err);

/*
 * Whether version is inside one of a's ranges or versions (OSV's
 * evaluation: events sorted by version, "introduced" opens, "fixed" and
 * "limit" close at the version, "last_affected" after it). cmp compares two
 * versions of the ecosystem (<0, 0, >0). Ranges of type GIT are skipped
 * (they need a commit); *git is set when there is one. When a range
 * closes at or below version, *fixed (if not NULL) is its "fixed" value.
 */
bool osv_affects(const struct osv_affected *a, const char *version,
		 int (*cmp)(const char *, const char *), bool *git, const char **fixed);

/*
 * Whether two repository URLs name the same repository: compared without
 * the scheme, a user name, a trailing "/" or ".git", and case
 * ("https://github.com/curl/curl.git" = "git@github.com:curl/curl").
 */
bool osv_same_repo(const char *a, const char *b);

/*
 * What a's GIT ranges say of the full commit id commit (of the repository
 * repo, NULL when not known: ranges of another repository are then not
 * skipped): OSV_GIT_AFFECTED when it is an "introduced" or "last_affected"
 * event of one, OSV_GIT_FIXED when a "fixed" or "limit" event of every
 * one (another range could still hold it), with *event the event's name;
 * else OSV_GIT_UNKNOWN when a has GIT ranges (whether the commit lies
 * between their events needs the repository's history); OSV_GIT_NONE when
 * a has no GIT range (of repo).
 */
enum osv_git {
	OSV_GIT_NONE,
	OSV_GIT_UNKNOWN,
	OSV_GIT_FIXED,
	OSV_GIT_AFFECTED,
	OSV_GIT_OUTSIDE /* osv_git_ancestry: before every introduced commit, or on no branch of it
			 */
};
enum osv_git osv_git_commit(const struct osv_affected *a, const char *repo, const char *commit,
			    const char **event);

/*
 * The same by the commit's ancestry, asked of clone (a local clone or
 * mirror of the repository, as `git clone --mirror` makes it) with `git
 * merge-base --is-ancestor`: OSV_GIT_AFFECTED when one GIT range (of repo)
 * holds commit: it descends from an introduced commit I (or the range
 * starts at "0") and neither a fixed commit F with I <= F <= commit nor a
 * last_affected commit L with I <= L < commit closes it (with limit events,
 * only commits before a limit are in the range at all); OSV_GIT_FIXED when
 * every such I is closed; OSV_GIT_OUTSIDE when it descends from none, or
 * is before no limit; OSV_GIT_UNKNOWN when git could not tell (the commit
 * or an event's commit not in the clone, a shallow clone, git not
 * installed) or a range is not one (no introduced event, an event that is
 * no commit id); OSV_GIT_NONE without GIT ranges.
 * why (reset) says which commits decided, or what git said.
 */
enum osv_git osv_git_ancestry(const struct osv_affected *a, const char *repo, const char *commit,
			      const char *clone, struct strbuf *why);

/* The codename of "Debian:12" (bookworm), or NULL when not a Debian release known here. */
const char *osv_debian_codename(const char *ecosystem);

/* SemVer 2.0 precedence (a leading 'v' ignored; build metadata ignored). */
int osv_semver_compare(const char *a, const char *b);

/*
 * The CVSS v3.0/v3.1 base score of a vector ("CVSS:3.1/AV:N/AC:L/..."), in
 * tenths (98 for 9.8), or -1 when it is not a valid v3 base vector.
 */
int osv_cvss3_score(const char *vector);

/* "none" (0.0), "low", "medium", "high", "critical" for a score in tenths. */
const char *osv_rating(int score);

#endif
