/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_TRACE_H
#define SOUPTRACE_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Reading a trace directory written by the wrappers (docs/trace-format.md).
 * Paths in a record are kept as the tool saw them; the *_abs fields hold
 * the same path made absolute against the record's cwd and normalised
 * lexically (no symlinks resolved), which is what later stages compare.
 */

struct trace_input {
	char *path, *abs;
	char *type; /* source, object, archive, shared-library, other */
};

/* The identity of one file a step wrote (common/fileid.h), as recorded. */
struct trace_written {
	char *abs; /* absolute, normalised */
	long long size, mtime_ns;
	char sha256[65];
	char build_id[129];   /* "" when none */
	char load_sha256[65]; /* of the loadable contents, without a build-id; else "" */
};

struct trace_record {
	char *id;
	char *tool; /* cc, c++, ar, ld */
	char *mode; /* compile, link-executable, archive, ... */
	char *program;
	char *cwd;
	struct strvec args;
	struct strvec expanded_args; /* args with @files expanded; empty when none were read */
	int exit_status;	     /* -1 when killed by a signal */
	int signal;
	long long start_ns, end_ns;
	struct trace_input *inputs;
	size_t nr_inputs;
	struct strvec outputs, outputs_abs;
	struct strvec libs, libdirs, scripts;
	/* compile */
	char *deps_origin; /* injected, user, environment; NULL when none */
	bool deps_system_headers;
	/* the files of its dependency output, absolute; the strings are the
	 * trace's (trace.paths: one copy of a path for the records each
	 * reading thread parsed) */
	struct strvec deps_abs;
	/* link */
	char *linker;
	char *report[4]; /* map, symbol-counts, why-extract, dependency-file; absolute or NULL */
	/* archive */
	char *archive, *archive_abs;
	char *ar_operation;
	struct strvec members_after;
	struct strvec incomplete;
	/* what it wrote; has_written is false for records of wrappers older
	 * than the "written" field (nothing can then be verified) */
	struct trace_written *written;
	size_t nr_written;
	bool has_written;
};

struct trace {
	char *dir;
	struct trace_record *records; /* sorted by end time, then id */
	size_t nr;
	struct strvec incomplete;     /* lines of the INCOMPLETE file, or what is wrong with it */
	size_t unreadable;	      /* record files that could not be parsed */
	struct strvec unreadable_why; /* "FILE: message" of each */
	struct strvec leftovers;      /* tmp/ work files of steps that never finished */
	struct strvec paths;	      /* owns the records' deps_abs strings */
	size_t alloc;		      /* of records */
};

void trace_init(struct trace *t);
void trace_release(struct trace *t);

/*
 * Load every record of the trace in dir. A record that cannot be parsed
 * is reported through err as "FILE: message" lines and counted in
 * t->unreadable, not skipped silently. Returns 0 when the directory was
 * read (even with unreadable records), -1 when it could not be.
 */
int trace_load(struct trace *t, const char *dir, struct strbuf *err);

extern const char *const trace_report_kinds[4];

struct linkmap;
/*
 * Parse the linker's reports of a link record into lm: gold's symbol
 * counts and lld's why-extract and dependency file first (they make the
 * split of "archive(member)" exact), then the map. 0 when every report
 * present was read (a record with none leaves lm empty), -1 with the file
 * and the problem in err.
 */
int trace_load_link_evidence(const struct trace_record *r, struct linkmap *lm, struct strbuf *err);

/* What r recorded it wrote at abs, or NULL. */
const struct trace_written *trace_written_of(const struct trace_record *r, const char *abs);

/* Make path absolute against cwd and normalise it lexically. */
char *trace_abs_path(const char *cwd, const char *path);

#endif
