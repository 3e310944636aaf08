/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_CLOSURE_H
#define SOUPTRACE_CLOSURE_H

#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"
#include "trace.h"

/*
 * What really reaches one artifact, from the trace alone: starting at the
 * link step that wrote it, the inputs the linker used (its map), and for
 * each of them where it came from: an object -> the compile that produced
 * it -> its source and every header it included; an archive member -> the
 * ar step that put it in -> that object's compile; a partial link (-r)
 * -> its own inputs; shared libraries and linker scripts as they are.
 * Configure probes, test programs and anything else the build made that
 * this link did not use never appear.
 *
 * Each file carries its evidence: how it was found, in words an auditor can
 * check against the trace, and the id of the record that says so.
 */

enum closure_kind {
	CLOSURE_SOURCE,		/* compiled source file */
	CLOSURE_HEADER,		/* included by a compiled source */
	CLOSURE_OBJECT,		/* object with no recorded compile (start-up files, prebuilt) */
	CLOSURE_ARCHIVE_MEMBER, /* member of an archive with no recorded ar step (prebuilt) */
	CLOSURE_SHARED,		/* shared library the linker resolved */
	CLOSURE_LINKER_SCRIPT,	/* -T script or other non-object linker input */
};

struct closure_file {
	char *path;   /* absolute, lexically normalised */
	char *member; /* for CLOSURE_ARCHIVE_MEMBER: the member name */
	enum closure_kind kind;
	char *evidence;	  /* "included by src/main.c (compile 1795...-123)" */
	char *record;	  /* the trace record id the evidence comes from, or NULL */
	bool static_link; /* compiled or linked in (true) or loaded at run time (false) */
	/*
	 * An object or archive member that no recorded step produced (and that
	 * matches no recorded compile by its bytes, its DWARF or its name):
	 * prebuilt, or built without the wrappers. Never first-party by location.
	 */
	bool unproduced;
	/* reached only through objects with no code and no data (a source that
	 * preprocesses to nothing): it adds nothing to the artifact */
	bool empty;
};

struct closure {
	char *artifact;
	const struct trace_record *link; /* the link step that wrote it, or NULL */
	char *built_as; /* an installed copy: the link output it is identical to, else NULL */
	/*
	 * A static library (an SDK's delivery): every member reaches it, each
	 * followed to its compile; link is then the ar step that wrote it, or
	 * NULL when a plain ar made it (members matched by their bytes).
	 */
	bool archive;
	/* how the file on disk was matched to what the link step wrote:
	 * "sha256 ..." or "a stripped copy: build-id ..." */
	char *identity;
	/* why the file on disk is not what the link step wrote (a stale trace), or NULL */
	char *stale;
	struct closure_file *files;
	size_t nr, alloc;
	struct strvec problems; /* evidence that is missing or incomplete */
};

void closure_init(struct closure *c);
void closure_release(struct closure *c);

/*
 * Compute the closure of artifact (a path; made absolute against the
 * current directory). The file must exist. Its identity is compared with
 * what the link step recorded it wrote: the same bytes, or a stripped copy
 * with the same build-id (identity says which); anything else sets stale.
 * An artifact no link step wrote that has the bytes (or the build-id) a
 * link step recorded (an installed copy) counts as that output (built_as
 * says which). Objects and archive members are followed to the compile
 * that produced them only while the file is still what that compile wrote;
 * archive members without a recorded ar step are matched to a compile by
 * their bytes, then their DWARF, then a unique name (the evidence says
 * which). What cannot be followed goes into problems or is marked
 * unproduced, never dropped. Returns 0, 1 when the trace has no link step
 * for it (the build did not go through the wrapper: "no-trace"), or -1 on
 * error (message in err: a missing artifact, out of memory). Files are
 * de-duplicated by (path, member); the first evidence found is kept (one
 * with code replaces one from an empty object).
 */
int closure_compute(const struct trace *t, const char *artifact, struct closure *c,
		    struct strbuf *err);

const char *closure_kind_name(enum closure_kind k);

#endif
