/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_MODEL_H
#define SOUPTRACE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "strvec.h"

/*
 * The engine's result (check.h): what reaches each artifact, the
 * component each file belongs to, and the findings against the declared
 * SOUP list. check_evaluate() fills it; the SBOM model (bom.h), the report,
 * check's text, JUnit and SARIF and init read it. check_model_to_json()
 * (check_output.h) is its one serialiser, the document
 * `souptrace check --format json` prints (docs/check-format.md); each
 * field below names its key there.
 *
 * Every string is owned by the model (allocated; check_model_release()
 * frees it). A NULL string is JSON null, except where a field says
 * "absent": then the key is left out.
 */

enum check_kind {
	CHECK_UNDECLARED,
	CHECK_VERSION_MISMATCH,
	CHECK_INCOMPLETE,
	CHECK_NO_TRACE,
	CHECK_TRACE_INCOMPLETE,
	CHECK_STALE_TRACE,
	CHECK_TRACE_HINT,
	CHECK_UNRESOLVED,
	CHECK_UNUSED,
	CHECK_IGNORED_ALL,
};

/* "undeclared", "version-mismatch", ... as in the document. */
const char *check_kind_name(enum check_kind k);

enum check_technique {
	CHECK_INSTRUMENTATION, /* "instrumentation": seen by the wrappers (the trace) */
	CHECK_BINARY_ANALYSIS, /* "binary-analysis": read from ELF/DWARF */
};

const char *check_technique_name(enum check_technique t);

/* findings[]: one finding. */
struct check_finding {
	enum check_kind kind;	/* "kind" */
	bool fails;		/* "fails": false for a warning */
	char *artifact;		/* "artifact": NULL for soup.json or the trace */
	char *component;	/* "component": NULL when about no component */
	char *message;		/* "message" */
	bool has_evidence;	/* "evidence" is present (possibly empty) */
	struct strvec evidence; /* "evidence": "FILE[(MEMBER)]: how it reached the artifact" */
	char *confidence;	/* "confidence" (undeclared only); NULL: absent */
};

/* components[].files[]: one file of a component. */
struct check_file {
	char *path;			/* "path" */
	char *member;			/* "member": the archive member, or NULL */
	bool dynamic;			/* "link": "dynamic" (loaded at run time), else "static" */
	char *loaded_by;		/* "loaded_by": the first file whose DT_NEEDED loads it */
	enum check_technique technique; /* "technique" */
	char *evidence;			/* "evidence" */
	char *record;			/* "record": the trace record id, or NULL */
};

/* components[].package: the Debian package that provides a component. */
struct check_package {
	char *name, *version;	     /* "name", "version" */
	char *upstream_version;	     /* "upstream_version" */
	char *architecture;	     /* "architecture" */
	char *source;		     /* "source": the source package (its own name when none) */
	char *source_version;	     /* "source_version" */
	char *maintainer, *homepage; /* "maintainer", "homepage" */
	char *purl, *source_purl;    /* "purl", "source_purl" */
	char *license;		     /* "license": SPDX (engine_identity.c says how), or NULL */
	bool license_read;	     /* the copyright file was read: "license_file" is present */
	char *license_file;	     /* "license_file" */
	struct strvec license_from;  /* "license_from": what the licence was read from */
	/* "supplier": who made it (Upstream-Name/-Contact of the copyright
	 * file, else the holder its files' notices name most), or NULL; the
	 * maintainer is the distributor */
	char *supplier;
	char *supplier_from; /* "supplier_from": where supplier was read */
};

/* components[]: one component found in one artifact. */
struct check_component {
	char *artifact;		/* "artifact" */
	char *name;		/* "component": the declared name when declared */
	bool declared;		/* "declared" */
	char *origin;		/* "origin": package, vendored, unknown provenance ... */
	char *where;		/* "where" */
	char *version_found;	/* "version_found" */
	char *version_from;	/* "version_from" */
	char *version_declared; /* "version_declared" */
	/* "repository_declared", "commit_declared": soup.json's, written only when given */
	char *repository_declared, *commit_declared;
	struct strvec evidence; /* "evidence" */
	char *confidence;	/* "confidence": "high" or "medium" */
	/* what the files themselves state (notices, fingerprints); NULL: absent */
	char *supplier_found, *license_found, *purl_found, *cpe_found;
	struct check_file *files; /* "files" */
	size_t nr_files, alloc_files;
	struct check_package *package; /* "package", or NULL: absent */
};

/* artifacts[].loads[]: a DT_NEEDED edge, as real paths. */
struct check_load {
	char *from, *to;
};

/* artifacts[].ignored[]: what one soup.json ignore rule silenced in the artifact. */
struct check_ignored {
	size_t rule;  /* "rule": index in soup.json "ignore" */
	char *reason; /* "reason": the rule's, or NULL */
	size_t files; /* "files": files of the closure it silenced */
};

/* artifacts[]: one artifact checked. */
struct check_artifact {
	char *path;		  /* "path" */
	char *link_record;	  /* "link_record" */
	char *built_as;		  /* "built_as": an installed copy of this */
	char *identity;		  /* "identity" */
	char *stale;		  /* "stale": why the file is not what the link wrote */
	bool traced;		  /* "traced": a link step of the trace wrote it */
	size_t nr_closure_files;  /* "files": files in its closure */
	struct check_load *loads; /* "loads" */
	size_t nr_loads, alloc_loads;
	struct check_ignored *ignored; /* "ignored" (absent when no rule silenced a file) */
	size_t nr_ignored;
};

/* summary */
struct check_summary {
	char *soup;		/* "soup": the list's path, or NULL */
	char *trace;		/* "trace": the trace directory, NULL with binary evidence */
	char *trace_why;	/* "trace_why": how it was found ("given by --trace", ...) */
	bool binary_evidence;	/* "evidence": "binary" (with "evidence_note"), else "trace" */
	char *project_root;	/* "project_root" */
	char *project_root_why; /* "project_root_why": how it was found */
	struct strvec first_party_holders; /* "first_party_holders": taken as the project's */
	/* parallel to first_party_holders: why each is ("AUTHORS; 2 files"),
	 * "first_party_evidence"[] is {"holder", "why"} */
	struct strvec first_party_why;
	struct strvec first_party_sources; /* "first_party_sources": the evidence consulted */
	struct strvec notices_unreadable;  /* "notices_unreadable" (absent when empty) */
	/* "not_compiled" (absent when empty): fingerprint hits in code no compile
	 * produced, reported by no finding ("FILE:LINE: text (NAME fingerprint): why") */
	struct strvec not_compiled;
	char safety_class;	  /* "safety_class": 'A', 'B' or 'C' */
	size_t failing, warnings; /* "failing", "warnings" */
	bool passed;		  /* "passed" */
};

struct check_model {
	struct check_finding *findings;
	size_t nr_findings, alloc_findings;
	struct check_component *components;
	size_t nr_components, alloc_components;
	struct check_artifact *artifacts;
	size_t nr_artifacts, alloc_artifacts;
	struct check_summary summary;
};

void check_model_init(struct check_model *m);
void check_model_release(struct check_model *m);

/*
 * Append a zeroed entry (strings NULL, lists empty) and return it; never
 * fails (alloc.h). The pointer is valid until the next append to the
 * same array.
 */
struct check_finding *check_model_add_finding(struct check_model *m);
struct check_component *check_model_add_component(struct check_model *m);
struct check_artifact *check_model_add_artifact(struct check_model *m);
struct check_file *check_component_add_file(struct check_component *c);
struct check_load *check_artifact_add_load(struct check_artifact *a);

/* The artifacts[] entry of path, or NULL. */
const struct check_artifact *check_model_artifact(const struct check_model *m, const char *path);

/* xstrdup(s), NULL for NULL. */
char *check_strdup(const char *s);

#endif
