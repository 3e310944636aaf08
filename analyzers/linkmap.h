/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_LINKMAP_H
#define SOUPTRACE_LINKMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/*
 * Link maps and the linkers' side reports: which files went into one link.
 *
 * The wrapper records, per link step, the raw files the linker wrote:
 *
 *   -Map=FILE                  GNU ld (bfd), gold or lld; the flavor is
 *                              detected from the content, not the name.
 *   --print-symbol-counts=FILE gold only. Every input incl. shared libraries
 *                              (gold's map names none), every archive
 *                              searched, and the members taken from it.
 *   --why-extract=FILE         lld only. Why each archive member was taken.
 *   --dependency-file=FILE     lld (any make-style depfile works). Every file
 *                              the linker read, incl. shared libraries and
 *                              linker scripts, but no archive members.
 *
 * Parse all files of one link step into one struct linkmap; the result is
 * merged and de-duplicated: one entry per object, per archive, per archive
 * member, per shared library, in first-seen order. Parse the side reports
 * first when you have them: they name the archives, which makes splitting
 * "dir/lib(x).a(m(1).o)" into archive and member exact; any order works.
 *
 * What each file gives (and what no file gives):
 *   bfd map:  "LOAD path" lines: every input file opened, in command-line
 *             order, incl. archives searched and shared libraries that
 *             --as-needed then dropped (it does not say which). Members with
 *             reasons. The sonames in "As-needed library included" (matched
 *             to a LOAD path by name, see as_needed_used). OUTPUT(...).
 *             A -T script is not named. A thin-archive member is printed as
 *             its own path, so it comes out as an OBJECT with a reason.
 *   gold map: members with reasons, plus every object/member that has a
 *             section in the output or in "Discarded input sections". No
 *             shared libraries, no archives that gave nothing, no output.
 *             With LTO the IR objects appear nowhere (only the ltrans object).
 *   lld map:  every object/member with an input section; no shared
 *             libraries, no archives that gave nothing, no reasons.
 * Nothing tells why an object named on the command line was linked: it
 * always is. Reasons exist for archive members (and bfd as-needed libraries).
 *
 * Paths are kept exactly as the linker printed them (the first spelling seen
 * wins); nothing here touches the file system. Two spellings are the same
 * input when they are equal after lexical normalisation (path_normalize():
 * "./a.o" is "a.o", "/usr/lib/gcc/x/12/../../../libz.so" is "/usr/lib/libz.so",
 * which is also how lld writes its depfile).
 *
 * Maps are hostile input: lines longer than LINKMAP_MAX_LINE, NUL bytes, a
 * last line without newline (a truncated file), a bfd/gold map without its
 * memory map section, unknown formats: all are errors, never crashes. A
 * line that is none of the entries a section holds is skipped and counted
 * (struct linkmap's skipped): linkers print their own diagnostics there.
 * bfd's memory map also names every archive member that gave a section, so
 * a member whose entry was skipped is still listed (without a reason).
 * Memory use is proportional to what the file names, not to its size: read
 * from a descriptor (linkmap_parse_fd), a map of any size is read through a
 * window of 1 MiB.
 */

/* The longest line accepted, in bytes (without the newline). */
#define LINKMAP_MAX_LINE 65536
/* The largest depfile read (it is parsed whole). */
#define LINKMAP_MAX_DEPFILE (256 << 20)

enum linkmap_flavor {
	LINKMAP_UNKNOWN,
	LINKMAP_BFD,
	LINKMAP_GOLD,
	LINKMAP_LLD,
};

enum linkmap_input_kind {
	/* A relocatable object named on the command line (or by a script). */
	LINKMAP_OBJECT,
	/* An object taken from an archive: path is the archive, member set. */
	LINKMAP_ARCHIVE_MEMBER,
	/*
	 * A shared library, decided by name ("*.so", "*.so.*") where the report
	 * does not say. Careful: bfd and the lld depfile also list text linker
	 * scripts named like libraries (libc.so, libgcc_s.so: "GROUP(...)");
	 * they come out as SHARED too. Open the file to tell.
	 */
	LINKMAP_SHARED,
	/*
	 * An archive the linker searched. Always present for an archive that
	 * was named; the members it gave are separate ARCHIVE_MEMBER entries
	 * with the same path. An ARCHIVE without members: nothing taken.
	 */
	LINKMAP_ARCHIVE,
	/* Depfile entries that are none of the above: -T scripts, version
	 * scripts, ... (decided by name: not *.o, *.obj, *.lo, *.a, *.so). */
	LINKMAP_SCRIPT_OR_OTHER,
};

struct linkmap_input {
	enum linkmap_input_kind kind;
	char *path;   /* object / archive / shared library, as printed */
	char *member; /* archive member name, or NULL */
	/*
	 * Why it was linked, for archive members (and bfd as-needed shared
	 * libraries): the file whose undefined reference pulled it in
	 * ("main.o", "x.a(y.o)"), and that symbol. bfd and lld print C++
	 * symbols demangled, gold mangled. ref_file is NULL when a command-line
	 * option pulled it (-u SYMBOL: only ref_symbol; --whole-archive: both
	 * NULL and whole_archive set). Both NULL: no report gave a reason.
	 */
	char *ref_file;
	char *ref_symbol;
	bool whole_archive; /* member taken by --whole-archive (bfd, gold) */
	/*
	 * bfd: listed in "As-needed library included", i.e. linked with
	 * --as-needed and found needed. bfd prints the soname there; it is
	 * matched to a SHARED path with that basename, else to one whose
	 * basename plus ".N..." is the soname (libz.so -> libz.so.1). Without
	 * a match the entry's path is the bare soname.
	 */
	bool as_needed_used;

	/* private to linkmap.c */
	bool kind_certain_;
	char *key_;
};

struct linkmap {
	enum linkmap_flavor flavor; /* of the map or gold/lld side reports */
	struct linkmap_input *inputs;
	size_t nr, alloc;
	char *output; /* bfd OUTPUT(...) or the depfile target; else NULL */
	/*
	 * Lines a parser did not understand where it expected an entry
	 * (another linker's variant, a message of ld's not known here):
	 * skipped, never an error. How many, and the first one with its line
	 * number. ld's own messages known to appear among the entries
	 * ("discarding zero address range FDE in x.a(y.o)(.eh_frame).", "...:
	 * dynamic relocation in read-only section ...", "Local IFUNC function
	 * ...") name no input: counted in ld_messages, not skipped.
	 */
	size_t skipped;
	size_t ld_messages;
	size_t first_skipped_line;
	char *first_skipped;

	/* private to linkmap.c: hash index over inputs[].key_ */
	size_t *index_;
	size_t index_size_;
};

/* clang-format off */
#define LINKMAP_INIT { LINKMAP_UNKNOWN, NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, 0 }
/* clang-format on */

void linkmap_init(struct linkmap *lm);
void linkmap_release(struct linkmap *lm);

/*
 * All parsers: data/len is the whole file content (need not be
 * NUL-terminated), name is used in messages only. They return 0, or -1 with
 * one message "NAME[:LINE]: ..." appended to err (may be NULL), e.g. for an
 * empty or unrecognised file, a truncated one, or out of memory. On error lm
 * is unchanged: a file is merged only once it parsed completely. Parsing a
 * gold report into a linkmap holding lld reports (or the reverse) is an error.
 */
int linkmap_parse_map(struct linkmap *lm, const char *name, const char *data, size_t len,
		      struct strbuf *err);
int linkmap_parse_gold_symbol_counts(struct linkmap *lm, const char *name, const char *data,
				     size_t len, struct strbuf *err);
int linkmap_parse_lld_why_extract(struct linkmap *lm, const char *name, const char *data,
				  size_t len, struct strbuf *err);
/* Prerequisites of a make-style depfile (lld --dependency-file). */
int linkmap_parse_depfile_inputs(struct linkmap *lm, const char *name, const char *data, size_t len,
				 struct strbuf *err);

/* The kinds of linker report, for linkmap_parse_fd(). */
enum linkmap_report {
	LINKMAP_REPORT_MAP,		   /* linkmap_parse_map() */
	LINKMAP_REPORT_GOLD_SYMBOL_COUNTS, /* linkmap_parse_gold_symbol_counts() */
	LINKMAP_REPORT_LLD_WHY_EXTRACT,	   /* linkmap_parse_lld_why_extract() */
	LINKMAP_REPORT_DEPFILE,		   /* linkmap_parse_depfile_inputs() */
};

/*
 * As the parser of that report, reading the file open on fd from where it
 * stands to its end (fd stays open; a map is read again from offset 0 after
 * its format is recognised, so fd must be seekable unless the recognising
 * line comes in the first window). A read error is an error "NAME:LINE:
 * cannot read: ..."; a file that shrinks while it is read ends there (and
 * is then truncated or lacks its memory map: an error). Depfiles over
 * LINKMAP_MAX_DEPFILE bytes are refused.
 */
int linkmap_parse_fd(struct linkmap *lm, enum linkmap_report report, const char *name, int fd,
		     struct strbuf *err);

/*
 * Look an input up by path (any spelling with the same normalisation) and
 * member (NULL for a non-member). 1 and *pos set when found, 0 when not, -1
 * when out of memory.
 */
int linkmap_find(const struct linkmap *lm, const char *path, const char *member, size_t *pos);

const char *linkmap_flavor_name(enum linkmap_flavor flavor);
const char *linkmap_kind_name(enum linkmap_input_kind kind);

#endif
