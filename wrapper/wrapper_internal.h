/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_WRAPPER_INTERNAL_H
#define SOUPTRACE_WRAPPER_INTERNAL_H

/*
 * Private to the wrapper (souptrace-cc and its other names): what main.c
 * (running the tool, the options it injects, collecting the tool's reports)
 * and record.c (writing the step's record as JSON) share. libc and common/
 * only, like the rest of the wrapper.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "cmdline.h"
#include "fileid.h"
#include "strbuf.h"
#include "strvec.h"
#include "tool.h"

struct invocation {
	enum tool_kind kind;
	struct stat self;
	bool have_self;
	struct strbuf program;	  /* resolved path of the tool we run */
	const char *program_name; /* as the user named it */
	const char *argv0;	  /* the tool's argv[0]: program, or the name the user wrote */
	struct strvec launchers;  /* SOUPTRACE_PREFIX programs, resolved */
	const char *const *args;  /* the tool's arguments */
	size_t nr_args;
	size_t class_skip;	   /* leading args that name the compiler behind a launcher */
	const char *compiler_name; /* that compiler, or NULL */
	struct strvec injected;	   /* options souptrace adds */
	struct strbuf trace;	   /* trace directory */
	char id[64];
	long long start_ns, end_ns;
	struct strvec incomplete; /* reasons the record is not complete */
	/* lld's reports come through pipes the wrapper empties while it runs */
	struct drain {
		int r, w; /* the pipe: r ours, w the tool's (closed once it runs) */
		int sink; /* where r's data goes: a file in memory */
		const char *what;
		bool failed; /* a write to the sink failed: the report is not whole */
	} drains[4];
	size_t nr_drains;
};

/* Note a reason the record is not complete (the record and INCOMPLETE say it). */
static inline void incomplete(struct invocation *inv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline void incomplete(struct invocation *inv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strvec_push(&inv->incomplete, sb.buf);
	strbuf_release(&sb);
}

struct link_report {
	struct strbuf tmp; /* where the linker writes it */
	int fd;		   /* the work file in memory it names, or -1 */
	bool injected;
};

enum { REP_MAP, REP_COUNTS, REP_WHY, REP_DEPS, NR_REPORTS };
static const char *const report_kind[NR_REPORTS] = { "map", "symbol-counts", "why-extract",
						     "dependency-file" };

static inline bool is_link(enum cmd_mode m)
{
	return m == MODE_LINK_EXE || m == MODE_LINK_SHARED || m == MODE_LINK_RELOCATABLE;
}

/* Write the step's record into the trace (or mark it incomplete there). */
void write_record(struct invocation *inv, struct cmdline *cl, int status,
		  const struct strvec *expanded, const struct strvec *rsp_files,
		  const char *dep_origin, const struct strvec *deps, struct link_report *rep,
		  const struct strvec *members, bool thin, const struct file_id *written);

#endif
