/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ELF_INFO_H
#define SOUPTRACE_ELF_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * What an ELF file says about itself: the identity facts the SOUP analysis
 * needs, read with libelf/gelf, so 32- and 64-bit files of either byte order
 * work (x86-64, AArch64, ARM Cortex-M, ...): executables, shared libraries,
 * relocatable objects, and the members of static archives.
 *
 * Read, and nothing else: the ELF header, the program headers, the section
 * headers and their names, and the data of .dynamic, .gnu.version_r, the
 * note sections, .comment and .gnu_debuglink (with their string tables).
 * The contents of .debug_* sections are never read: only their headers say
 * whether debug information is there and whether it is compressed. A file
 * without section headers (sstrip) is read through PT_DYNAMIC, PT_INTERP and
 * PT_NOTE instead; its version requirements and .comment are then unknown.
 *
 * ELF files are hostile input: every offset and size is checked against the
 * file (for an archive member: the member), including every section's data
 * range (a section reaching past the end means a truncated file). Errors
 * name the file and the place, "FILE: section [7] '.dynamic': ...", for a
 * member "ARCHIVE(MEMBER): ..." with offsets relative to the member. libelf's
 * own reason is quoted (elf_errmsg). Memory use is bounded: libelf maps the
 * file, and at most ELF_INFO_MAX_TEXT bytes of strings are copied out of one
 * file (real files need a few KiB; a file that would need more, say by
 * pointing a million DT_NEEDED entries at one long string, is an error).
 */
#define ELF_INFO_MAX_TEXT (4u << 20)

/* Make libelf usable (elf_version(EV_CURRENT)), once per process; thread
 * safe. 0, or -1 with a message. elf_info_read() and elf_archive_read() call
 * it themselves. */
int elf_info_lib_init(struct strbuf *err);

/* Symbol versions required from one needed file (.gnu.version_r). */
struct elf_verneed {
	char *file;		/* vn_file: "libc.so.6" */
	struct strvec versions; /* vna_name in file order: "GLIBC_2.2.5", "GLIBC_2.34" */
};

struct elf_info {
	/* ---- ELF header ---- */
	unsigned elf_class;	  /* ELFCLASS32 or ELFCLASS64 */
	unsigned data;		  /* ELFDATA2LSB or ELFDATA2MSB */
	unsigned osabi;		  /* e_ident[EI_OSABI] */
	unsigned type;		  /* e_type: ET_REL, ET_EXEC, ET_DYN, ET_CORE, ... */
	unsigned machine;	  /* e_machine: EM_X86_64, EM_ARM, ... */
	const char *machine_name; /* static string, see elf_machine_name() */
	uint32_t e_flags;	  /* e.g. ARM EABI version and float ABI */
	/*
	 * A position-independent executable: ET_DYN with DF_1_PIE in
	 * DT_FLAGS_1, or ET_DYN with PT_INTERP and no DT_SONAME (the soname
	 * rule keeps libc.so.6, which has a PT_INTERP, a shared library).
	 */
	bool pie;
	char *interp; /* PT_INTERP ("/lib64/ld-linux-x86-64.so.2"), or NULL */

	/* ---- dynamic section (SHT_DYNAMIC, else PT_DYNAMIC) ---- */
	bool has_dynamic;
	struct strvec needed; /* DT_NEEDED in order */
	char *soname;	      /* DT_SONAME or NULL */
	char *rpath;	      /* DT_RPATH as written ("$ORIGIN/../lib:/opt/x"), or NULL */
	char *runpath;	      /* DT_RUNPATH as written, or NULL */
	/* The same split on ':'; an empty element stays "" (the loader reads it as "."). */
	struct strvec rpath_dirs, runpath_dirs;
	uint64_t dt_flags;   /* DT_FLAGS, 0 when absent */
	uint64_t dt_flags_1; /* DT_FLAGS_1 (DF_1_PIE, DF_1_NODEFLIB, ...), 0 when absent */

	/* ---- symbol version requirements (.gnu.version_r), in file order ---- */
	struct elf_verneed *verneed;
	size_t nr_verneed;

	/* ---- identification ---- */
	/* .comment strings, de-duplicated, first-seen order: "GCC: (Debian 12.2.0-14) 12.2.0" */
	struct strvec comments;
	char *build_id;	    /* NT_GNU_BUILD_ID as lowercase hex, or NULL */
	char *package_note; /* .note.package (owner "FDO", type 0xcafe1a7e): raw JSON, or NULL */
	char *debuglink;    /* .gnu_debuglink file name, or NULL */
	uint32_t debuglink_crc;

	/* ---- sections ---- */
	bool no_section_headers; /* e_shnum is 0: what sections give is unknown */
	bool has_symtab;	 /* .symtab present (false: stripped) */
	bool has_debug;		 /* any .debug_* or .zdebug_* section */
	bool has_debug_info;	 /* .debug_info or .zdebug_info */
	bool has_debug_line;	 /* .debug_line or .zdebug_line */
	bool debug_compressed;	 /* a .debug_* section with SHF_COMPRESSED (-gz) */
	bool debug_zdebug;	 /* .zdebug_* sections (-gz=zlib-gnu, the old GNU form) */
	/* a SHF_ALLOC section other than a note with a size (code or data),
	 * or GCC's LTO bytecode (.gnu.lto_*: a -flto object's code). An object
	 * without either (a source that preprocesses to nothing) adds nothing
	 * to a link */
	bool has_contents;
};

void elf_info_init(struct elf_info *info);
void elf_info_release(struct elf_info *info);

/* Results of elf_info_read(). */
#define ELF_INFO_OK	 0
#define ELF_INFO_NOT_ELF 1
#define ELF_INFO_ARCHIVE 2

/*
 * Read the ELF file at path into out (which must be initialised; it is
 * released and refilled).
 *   0  an ELF file: out is filled.
 *   1  not an ELF file and not an archive, including an empty file; a
 *      "FILE: not an ELF file" message is appended to err all the same (the
 *      caller decides whether to report it).
 *   2  a static archive ("!<arch>" or "!<thin>"): use elf_archive_read().
 *  -1  error: cannot open or read (nonexistent, a directory or other
 *      non-regular file), or an ELF file that is truncated or corrupt; the
 *      message in err names the file and what was wrong.
 * On anything but 0, out is left released (empty). err may be NULL.
 */
int elf_info_read(const char *path, struct elf_info *out, struct strbuf *err);

/*
 * elf_info_read() of a file already in memory (size bytes at image, which
 * libelf may use until this returns; name is for messages): no system
 * call, for callers that read the file for another reason anyway. Where
 * both succeed they agree; on a malformed file (a section table past the
 * end, say) libelf may refuse from memory what it reads from a file, so a
 * caller that needs elf_info_read()'s answer retries with it on -1.
 */
int elf_info_read_memory(const char *name, char *image, size_t size, struct elf_info *out,
			 struct strbuf *err);

/* One member of a static archive. */
struct elf_archive_member {
	char *name;	 /* as libelf gives it: GNU long names resolved, no trailing '/' */
	uint64_t offset; /* of the member's header in the archive */
	uint64_t size;	 /* of the member's data */
	char sha256[65]; /* of the member's data: the bytes of the file put in */
	/*
	 * 0: an ELF file, info is filled. 1: not ELF (a text file, a nested
	 * archive, ...): not an error. -1: an ELF file that could not be read
	 * (error says why): the archive as a whole is still readable.
	 */
	int status;
	char *error;
	struct elf_info info;
};

struct elf_archive {
	struct elf_archive_member *members; /* in archive order */
	size_t nr, alloc;
	bool has_symbol_table; /* a "/" or "/SYM64/" member was present */
};

void elf_archive_init(struct elf_archive *ar);
void elf_archive_release(struct elf_archive *ar);

/*
 * Read every member of the static archive at path into out (initialised;
 * released and refilled): elf_begin(ELF_C_READ_MMAP)/elf_next/elf_getarhdr
 * as elfutils' nm does, skipping the symbol table ("/", "/SYM64/") and the
 * long-name table ("//"). Every member header is checked against the file:
 * a member reaching past the end or bytes left after the last member make
 * the archive truncated.
 *   0  an archive: out is filled (zero members is valid).
 *   1  not an archive ("FILE: not an archive" in err, as for elf_info_read).
 *  -1  error: unreadable, truncated or corrupt archive structure, or a thin
 *      archive (its members are separate files: read those directly).
 */
int elf_archive_read(const char *path, struct elf_archive *out, struct strbuf *err);

/* ---- helpers ---- */

/* "x86-64", "AArch64", "ARM", "Intel 80386", ...; "unknown" when not known. */
const char *elf_machine_name(unsigned machine);
/* "REL", "EXEC", "DYN", "PIE", "CORE" or "unknown". */
const char *elf_type_name(const struct elf_info *info);

/*
 * Compare two version names of the form PREFIX followed by dotted numbers,
 * the numbers numerically: GLIBC_2.34 > GLIBC_2.4 > GLIBC_2.2.5, and
 * GLIBC_2.3 < GLIBC_2.3.1, GLIBC_2.017 == GLIBC_2.17. Names with different
 * prefixes are ordered by prefix, like strings (a name without numbers,
 * "GLIBC_PRIVATE", is all prefix: such an order means nothing, and
 * elf_verneed_highest() ignores those names). <0, 0 or >0 like strcmp.
 */
int elf_version_compare(const char *a, const char *b);

/*
 * The highest version required from one file. Only names made of prefix and
 * dotted numbers count ("GLIBC_PRIVATE" never does); prefix NULL means the
 * prefix of the first such name (for libc.so.6 "GLIBC_"; pass "GLIBCXX_" or
 * "CXXABI_" for libstdc++.so.6, which requires both). A pointer into
 * vn->versions, or NULL when no name qualifies.
 */
const char *elf_verneed_highest(const struct elf_verneed *vn, const char *prefix);

/* The requirements for file ("libc.so.6"), or NULL when there are none. */
const struct elf_verneed *elf_info_verneed(const struct elf_info *info, const char *file);

#endif
