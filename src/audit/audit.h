/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_AUDIT_H
#define SOUPTRACE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "osv.h"

/*
 * The known vulnerabilities of the components that reach each artifact
 * (issue 13, souptrace audit), from OSV records read offline:
 *
 * - a Debian package: records whose affected[].package.ecosystem is the
 *   system's release ("Debian:12", or "Debian") and whose name is the
 *   package's source package; its source version compared with dpkg's
 *   rules (epochs, '~', "+deb12u3" backports: a backported fix is fixed);
 * - any other component (vendored, declared, fingerprinted): records of
 *   any other ecosystem naming it (name compared without regard to case,
 *   or its purl without version), its version (found, else declared)
 *   compared with the record's versions[] and its SEMVER ranges
 *   (ECOSYSTEM ranges of an unknown ecosystem by dpkg's rules, said so);
 *   GIT ranges need a commit (soup.json's): an event equal to it
 *   decides, else its ancestry in a local clone (clones below,
 *   osv_git_ancestry); "cannot be matched" when nothing decides;
 * - a component with no version: one "cannot be matched" entry, never
 *   skipped.
 *
 * Not affected, from the build's evidence: when a CVE JSON 5 record for the
 * vulnerability (its id or an alias; the product, when named, the
 * component) lists programFiles, and the component's code in the artifact
 * is all known at source level (compiled from sources the trace or DWARF
 * names: no prebuilt object or archive member, not a package), and no file
 * of the component that reached the artifact has the base name of one of
 * them, the result is not-affected with the files as evidence. Base names,
 * not paths: a copy flattened into another folder layout still counts as
 * present (an unproven "not affected" is the worse error). When the record
 * names functions (programRoutines) and no file rules the flaw out, the
 * artifact's DWARF decides: not affected when none of them has code there
 * (out of line or inlined) and the DWARF is whole (a unit for every compiled
 * source of the component, nothing left unread); else affected, the
 * evidence saying why the functions were not looked for or where they are.
 */

enum audit_status {
	AUDIT_AFFECTED, /* the version is inside a range */
	/* inside a range, but the files the flaw lies in (a CVE JSON 5 record's
	 * programFiles) never reached the artifact: VEX not_affected,
	 * vulnerable_code_not_present */
	AUDIT_NOT_AFFECTED,
	AUDIT_FIXED,	   /* the record names it, its version is at or past the fix */
	AUDIT_UNMATCHABLE, /* cannot be decided: no version, or only GIT ranges */
};

const char *audit_status_name(enum audit_status s);

/*
 * A person's decision, from an OpenVEX 0.2.0 document given with --vex
 * (kept in the repository, carried from release to release): about the
 * vulnerability named (or one of its aliases) in the component whose purl
 * is the statement's subcomponent or product @id, in every artifact, or
 * in one when a product is "file://ARTIFACT". It wins over what souptrace
 * decided; when the purl differs only in its version, the component has
 * changed since the decision: it is stale, shown, and not applied.
 */
struct audit_decision {
	char *vuln;
	struct strvec aliases;
	struct strvec purls;	  /* subcomponents' and products' @id that are purls */
	char *artifact;		  /* a "file://" product's path, or NULL: every artifact */
	char *status;		  /* OpenVEX status */
	char *justification;	  /* or NULL */
	char *statement;	  /* impact_statement or action_statement, or NULL */
	char *author, *timestamp; /* the document's (the statement's timestamp if given) */
	char *file;		  /* where it was read, with the statement's index */
};

struct complist;

struct audit_vex {
	struct audit_decision *d;
	size_t nr, alloc;
	/* the SBOM audited (--sbom): BOM-Links to it resolve to its components' purls; borrowed */
	const struct complist *links;
};

void audit_vex_init(struct audit_vex *vx);
void audit_vex_release(struct audit_vex *vx);

/* Read one OpenVEX document. 0, or -1 with "FILE: PATH: what is wrong" in err. */
int audit_vex_load(struct audit_vex *vx, const char *path, struct strbuf *err);

struct audit_result {
	const struct check_component *comp; /* artifact, name: the model's */
	const char *version;		    /* what was compared (the model's), or NULL */
	const struct osv_vuln *vuln;	    /* NULL for a component with no version */
	enum audit_status status;
	/* not-affected: "vulnerable_code_not_present" (the flaw's files never
	 * reached the artifact) or "component_not_present" (the component does
	 * not reach this artifact, another of the audit has it); else NULL */
	const char *justification;
	char *fixed_in; /* fixed: the fix a closed range names; affected: the next fix the record
			   names */
	char *why;	/* how it was matched, for an auditor */
	int score;	/* CVSS v3 base score in tenths, -1: none */
	const char *rating; /* "low" ... "critical", or "unknown" */
	/* a person's decision that applies (then it decides the gate), or NULL */
	const struct audit_decision *decision;
	/* a decision about an earlier version of the component, or NULL */
	const struct audit_decision *stale;
};

struct audit {
	struct audit_result *r;
	size_t nr, alloc;
	/* the components audit_absent() stands for where they are not: artifact and name only */
	struct check_component **absent;
	size_t nr_absent, alloc_absent;
	size_t affected, not_affected, fixed, unmatchable;
	/*
	 * Set before audit_run: local clones of repositories, "URL=DIR"
	 * (--repo-clone), asked about a declared commit's ancestry when it is no
	 * event of a GIT range (osv_git_ancestry); NULL: none. Borrowed.
	 */
	const struct strvec *clones;
};

void audit_init(struct audit *au);
void audit_release(struct audit *au);

/*
 * Match every component of m against db. debian: the Debian ecosystem of
 * this system ("Debian:12"), or NULL (then no package is matched, and
 * each package component is reported as cannot be matched).
 */
void audit_run(const struct check_model *m, const struct osv_db *db, const char *debian,
	       struct audit *au);

/*
 * component_not_present: for each vulnerability found affecting a
 * component in one artifact (affected, or open for lack of a commit), a
 * not-affected result in every other artifact of m that the component does
 * not reach at all (none of its name there), once per vulnerability,
 * component and artifact. Never for an artifact whose contents are not
 * fully known (unknown: the artifacts with an evidence gap, "*" for all):
 * absence is shown only by complete evidence. Call after audit_run(),
 * before audit_apply_vex().
 */
void audit_absent(const struct check_model *m, const struct strvec *unknown, struct audit *au);

/* Apply people's decisions (vx) to au's results: decision or stale set. */
void audit_apply_vex(struct audit *au, const struct audit_vex *vx);

/*
 * Whether r still needs a decision at the gate: affected; a record naming
 * the component that cannot be matched (GIT ranges only); under
 * investigation by a person's decision. A person's not_affected or fixed
 * settles it, their affected keeps it.
 */
bool audit_open(const struct audit_result *r);

/* The rank of a rating for --fail-on: none 0, low 1 ... critical 4; unknown counts as 4. */
int audit_rank(const char *rating);

/* "Debian:N" from ROOT/etc/os-release (ID=debian, VERSION_ID), malloc'd, or NULL. */
char *audit_debian_ecosystem(const char *root);

#endif
