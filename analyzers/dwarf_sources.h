/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DWARF_SOURCES_H
#define SOUPTRACE_DWARF_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Which source files went into an ELF file, from its DWARF: for every
 * compile unit its name, directory, producer (compiler and flags) and
 * language, and the file list of its line table, i.e. every source and
 * header the unit was compiled from.
 *
 * Read: the unit headers of .debug_info, the attributes of each unit's
 * first DIE (its children only when options->routines asks for functions,
 * dwarf_routines.c) and the header of each unit's line table (never the
 * line program). Sections are used in place in a private
 * read-only mmap of the file whose pages are dropped (MADV_DONTNEED) after
 * each unit, so memory stays far below the size of the debug sections; a
 * section is copied only to decompress it or, in a relocatable object, to
 * apply its relocations (libelf's elf_getdata() for a caller's Elf).
 *
 * Files: executables, shared libraries, relocatable objects, .dwo files
 * (any ELF class and byte order). Archives: open each member with libelf
 * and use dwarf_sources_read_elf(). DWARF 2 to 5, .debug_line_str,
 * .debug_str_offsets (DW_FORM_strx*), DWARF 4 GNU and DWARF 5 split DWARF.
 * Compressed sections: SHF_COMPRESSED (-gz, zlib; zstd when libelf can) and
 * .zdebug_* (-gz=zlib-gnu) are decompressed; what was found is reported.
 * dwz: partial units are units like the others; strings moved to the
 * multifile (DW_FORM_GNU_strp_alt, DW_FORM_strp_sup) are read from the file
 * .gnu_debugaltlink names (relative to the file's directory), else from
 * ROOT/.build-id/xx/yyyy.debug; without it they are NULL and a warning says
 * so (relative paths then stay relative). Not read: .debug_types and DWARF 5
 * type units (skipped and counted), the line tables of .dwp packages.
 *
 * Paths. Each line-table file name is joined with its include directory
 * and then the compilation directory: DWARF 2-4 directory 0 is DW_AT_comp_dir
 * and directories count from 1; DWARF 5 directory 0 is the compilation
 * directory as the line table states it, the others are relative to it.
 * An absolute name or directory ends the join ('/', "C:\", "C:/" or "\\").
 * The result is lexically normalised (path_normalize(): "core/../x/y.h" is
 * "x/y.h"); it stays relative when the producer wrote relative names (e.g.
 * -ffile-prefix-map=$PWD=.). Pseudo names ("<built-in>", "<command-line>",
 * any name starting with '<') are dropped and counted. Nothing is looked up
 * on the file system, except to find separate debug, dwz and .dwo files.
 *
 * Where the DWARF comes from. When the file has no .debug_info with
 * contents (stripped, or `objcopy --only-keep-debug`'s counterpart), a
 * separate debug file is searched, first by build-id
 *     ROOT/.build-id/xx/yyyy.debug
 * then by .gnu_debuglink NAME
 *     DIR/NAME, DIR/.debug/NAME, ROOT/DIR/NAME
 * where DIR is the file's directory (made absolute for the ROOT form) and
 * ROOT is options->debug_root or "/usr/lib/debug". A candidate must carry
 * the same build-id when both have one, else match the debuglink CRC-32.
 *
 * Split DWARF. A skeleton unit (DWARF 5 DW_UT_skeleton, or DWARF 4 with
 * DW_AT_GNU_dwo_name) reports its dwo name and id. Its line table is in the
 * main file and is read as usual. Unless options->no_dwo, the .dwo file
 * (DW_AT_dwo_name, relative to the unit's comp_dir) is opened when it
 * exists: the split unit with the same dwo id gives the name, producer and
 * language the skeleton lacks, and its .debug_line.dwo table (if any) is
 * read too. A missing, mismatched or unreadable .dwo is a dwo_status (the
 * last also a warning), never an error.
 *
 * Hostile input: every offset and length is checked; a corrupt file gives
 * -1 and one message naming the file and the place (section and offset),
 * never a crash or a hang. Memory is bounded by DWARF_SOURCES_MAX_SECTION
 * per decompressed section, DWARF_SOURCES_MAX_PATH per path and
 * DWARF_SOURCES_MAX_PATH_BYTES for all paths.
 */

/* Largest section accepted after decompression, in bytes. */
#define DWARF_SOURCES_MAX_SECTION ((uint64_t)1 << 30)
/* Longest joined path accepted, in bytes. */
#define DWARF_SOURCES_MAX_PATH 16384
/* Most bytes of distinct paths (plus those of the unit being read) kept. */
#define DWARF_SOURCES_MAX_PATH_BYTES ((size_t)256 << 20)

struct dwarf_options {
	const char *debug_root; /* NULL: "/usr/lib/debug" */
	bool no_separate;	/* do not look for separate debug files */
	bool no_dwo;		/* do not open .dwo files */
	/*
	 * Functions to look for (dwarf_routines.c), as a CVE record's
	 * programRoutines name them: "f", "ns::C::f", "f(int)"; NULL: the units'
	 * children are not read at all.
	 */
	const char *const *routines;
	size_t nr_routines;
};

enum dwarf_unit_type {
	DWARF_UNIT_COMPILE,	  /* DW_UT_compile, DW_TAG_compile_unit */
	DWARF_UNIT_PARTIAL,	  /* DW_UT_partial, DW_TAG_partial_unit (dwz) */
	DWARF_UNIT_SKELETON,	  /* DW_UT_skeleton, or DWARF 4 with a GNU dwo name */
	DWARF_UNIT_SPLIT_COMPILE, /* DW_UT_split_compile: read from a .dwo file */
};

enum dwarf_dwo_status {
	DWARF_DWO_NONE,	    /* not a skeleton unit */
	DWARF_DWO_NOT_READ, /* options->no_dwo */
	DWARF_DWO_MISSING,  /* no such file */
	DWARF_DWO_MISMATCH, /* the file has no unit with this dwo id */
	DWARF_DWO_ERROR,    /* unreadable (see warnings) */
	DWARF_DWO_READ,	    /* dwo_path was read */
};

enum dwarf_origin {
	DWARF_FROM_FILE,      /* the file itself */
	DWARF_FROM_BUILD_ID,  /* ROOT/.build-id/xx/yyyy.debug */
	DWARF_FROM_DEBUGLINK, /* a .gnu_debuglink location */
};

enum dwarf_compression {
	DWARF_COMPRESS_NONE,
	DWARF_COMPRESS_ZLIB,	 /* SHF_COMPRESSED, ELFCOMPRESS_ZLIB (-gz) */
	DWARF_COMPRESS_ZSTD,	 /* SHF_COMPRESSED, ELFCOMPRESS_ZSTD (-gz=zstd) */
	DWARF_COMPRESS_ZLIB_GNU, /* .zdebug_* (-gz=zlib-gnu) */
};

struct dwarf_cu {
	/* Strings are copies (owned); NULL when the attribute is absent. */
	char *name;	/* DW_AT_name: the primary source file, as written */
	char *comp_dir; /* DW_AT_comp_dir, as written */
	char *producer; /* DW_AT_producer: compiler, version and flags */
	char *language; /* "DW_LANG_C11", or "DW_LANG_0x8765" when unknown */
	unsigned language_code;
	int version; /* of the unit header: 2 .. 5 */
	enum dwarf_unit_type unit_type;
	uint64_t offset; /* of the unit header in .debug_info(.dwo) */

	/* Split DWARF (skeleton units). */
	char *dwo_name; /* DW_AT_dwo_name or DW_AT_GNU_dwo_name */
	uint64_t dwo_id;
	bool has_dwo_id;
	enum dwarf_dwo_status dwo_status;
	char *dwo_path; /* the .dwo file looked at, or NULL */

	size_t nr_files; /* distinct line-table paths of this unit */
};

struct dwarf_source {
	char *path;	 /* joined, normalised */
	size_t first_cu; /* index in cus[] of the first unit that lists it */
	size_t nr_cus;	 /* how many units list it */

	size_t last_cu_; /* private to dwarf_sources.c */
};

struct dwarf_sources {
	struct dwarf_cu *cus;
	size_t nr_cus;
	struct dwarf_source *files; /* in first-seen order */
	size_t nr_files;

	char *dwarf_file; /* the file the DWARF was read from */
	enum dwarf_origin origin;
	char *build_id;			    /* of the file read first, lowercase hex, or NULL */
	char *debuglink;		    /* its .gnu_debuglink name, or NULL */
	enum dwarf_compression compression; /* of the debug sections (the first seen) */
	size_t nr_pseudo;		    /* "<built-in>"-like names dropped */
	size_t nr_type_units;		    /* type units skipped */
	struct strvec warnings;		    /* non-fatal problems, "FILE: ..." */

	/*
	 * options->routines: for each name, the index in cus[] of the first
	 * unit that holds code of that function, out of line or inlined (else
	 * SIZE_MAX); and what a caller needs to tell "not there" from "not
	 * seen": the functions with code and inlined instances read, those
	 * whose name could not be read (a reference into a dwz file), and the
	 * units whose functions were not read (skeleton units: they are in the
	 * .dwo; units imported from the dwz file).
	 */
	size_t *routine_cu;
	size_t nr_code_dies, nr_nameless, nr_unwalked;
	/*
	 * options->routines: for each name, whether a symbol of .symtab or
	 * .dynsym (of the file, or of its separate debug file) has it: code the
	 * DWARF may not describe (assembly, aliases), counted as present.
	 */
	bool *routine_symbol;

	/* private to dwarf_sources.c: path -> files[] index */
	size_t *index_;
	size_t index_size_;
	size_t alloc_cus_, alloc_files_, path_bytes_;
	uint32_t debuglink_crc_;
};

/* clang-format off */
#define DWARF_SOURCES_INIT { NULL, 0, NULL, 0, NULL, DWARF_FROM_FILE, NULL, NULL, \
	DWARF_COMPRESS_NONE, 0, 0, STRVEC_INIT, NULL, 0, 0, 0, NULL, NULL, 0, 0, 0, 0, 0 }
/* clang-format on */

void dwarf_sources_init(struct dwarf_sources *ds);
void dwarf_sources_release(struct dwarf_sources *ds);

/*
 * Read the ELF file at path (options may be NULL). out must be initialised
 * and empty. Returns
 *    0  DWARF read: out holds the units (possibly none, e.g. only type
 *       units) and their files;
 *    1  no DWARF: the file and its separate debug files (if searched) have
 *       no .debug_info; out->build_id / debuglink say what to look for;
 *   -1  error, with one "PATH: ..." message appended to err (may be NULL):
 *       not an ELF file, truncated, corrupt DWARF, an unsupported
 *       compression, out of memory; out is then empty again.
 */
int dwarf_sources_read(const char *path, const struct dwarf_options *options,
		       struct dwarf_sources *out, struct strbuf *err);

/*
 * The same for an ELF descriptor the caller opened (elf_begin(), e.g. an
 * archive member via elf_next()); it is not ended, and nothing is written,
 * but its compressed debug sections stay decompressed in memory
 * (elf_compress()). name is used in messages and, when it is a path, for the
 * separate debug file and .dwo searches (pass "lib.a(x.o)"-style names with
 * options->no_separate).
 */
struct Elf;
int dwarf_sources_read_elf(struct Elf *elf, const char *name, const struct dwarf_options *options,
			   struct dwarf_sources *out, struct strbuf *err);

/*
 * Whether name (a CVE record's programRoutines entry) is one souptrace can
 * compare: a C identifier, "::"-qualified or not, with or without a
 * parameter list ("f", "ns::C::f", "f(int)"). Operators, templates and free
 * text are not: a caller must not conclude anything from their absence.
 */
bool dwarf_routine_comparable(const char *name);

/* "compile", "partial", "skeleton", "split_compile". */
const char *dwarf_unit_type_name(enum dwarf_unit_type type);
/* "none", "not-read", "missing", "mismatch", "error", "read". */
const char *dwarf_dwo_status_name(enum dwarf_dwo_status status);
/* "file", "build-id", "debuglink". */
const char *dwarf_origin_name(enum dwarf_origin origin);
/* "none", "zlib", "zstd", "zlib-gnu". */
const char *dwarf_compression_name(enum dwarf_compression compression);

#endif
