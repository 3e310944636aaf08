/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DWARF_INTERNAL_H
#define SOUPTRACE_DWARF_INTERNAL_H

/*
 * Private to the DWARF reader (dwarf_sources.h), which is five files:
 * dwarf_sources.c (the result, the units and the entry points),
 * dwarf_routines.c (the functions a unit holds code of, when asked),
 * dwarf_elf.c (an ELF file's sections: loading, decompressing, relocating;
 * the debug link's CRC check), dwarf_lines.c (the hand-written
 * line-table reader, measured in bench/) and dwarf_debugfile.c (separate
 * debug files and the dwz alternate file).
 */
#include <stdbool.h>
#include <stdint.h>

#include <libelf.h>

#include "dwarf_compat.h"
#include "dwarf_sources.h"
#include "strbuf.h"
#include "strvec.h"

#define DEFAULT_DEBUG_ROOT "/usr/lib/debug"
/* The bytes hashed per read when checking a .gnu_debuglink CRC. */
#define CRC_CHUNK 65536

/* ---- the sections libdwarf and the line-table reader may use ---- */

enum sec_id {
	SEC_INFO,
	SEC_ABBREV,
	SEC_LINE,
	SEC_STR,
	SEC_LINE_STR,
	SEC_STR_OFFSETS,
	SEC_ADDR,
	SEC_RANGES,
	SEC_RNGLISTS,
	SEC_LOC,
	SEC_LOCLISTS,
	SEC_INFO_DWO,
	SEC_ABBREV_DWO,
	SEC_LINE_DWO,
	SEC_STR_DWO,
	SEC_STR_OFFSETS_DWO,
	SEC_RNGLISTS_DWO,
	SEC_LOCLISTS_DWO,
	SEC_CU_INDEX,
	SEC_TU_INDEX,
	NR_SECS
};

/* The sections' names, by sec_id (dwarf_elf.c). */
extern const char *const sec_names[NR_SECS];

struct sec {
	size_t ndx;    /* ELF section index; 0: absent */
	bool gnu_z;    /* named .zdebug_*: compressed the GNU way */
	bool shf_z;    /* SHF_COMPRESSED */
	uint64_t size; /* after decompression */
	bool loaded, failed;
	const unsigned char *data;
	unsigned char *owned; /* relocated copy */
};

/* One ELF file opened for its DWARF. */
struct elfobj {
	const char *name;
	int fd;	  /* ours to close, or -1 */
	Elf *elf; /* ours to end when fd >= 0 */
	/*
	 * Our own read-only mapping of the whole file (NULL for a caller's
	 * Elf): the bytes of uncompressed sections, and nothing else, so its
	 * pages can be dropped after each unit (libelf's own mapping or reads
	 * serve the headers, notes and relocations).
	 */
	const unsigned char *map;
	size_t map_size;
	bool is_rel, big_endian;
	unsigned char eclass;
	unsigned machine;
	size_t shnum;
	struct sec secs[NR_SECS];
	unsigned char order[NR_SECS]; /* libdwarf section index - 1 -> sec_id */
	unsigned nr_order;
	struct st_dwarf_object lo;
	struct strbuf why; /* why the last section load failed */
	enum dwarf_compression compression;
};

#define ELFOBJ_INIT                                                                                \
	{                                                                                          \
		NULL, -1, NULL, NULL, 0, false, false, 0, 0, 0, { { 0 } }, { 0 }, 0, { 0 },        \
			STRBUF_INIT, DWARF_COMPRESS_NONE                                           \
	}

/* ---- small helpers ---- */

static inline bool is_abs(const char *p)
{
	if (p[0] == '/' || (p[0] == '\\' && p[1] == '\\'))
		return true;
	return ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':' &&
	       (p[2] == '\\' || p[2] == '/');
}

static inline uint64_t get_un(const unsigned char *p, unsigned n, bool big_endian)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[big_endian ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

static inline void put_un(unsigned char *p, unsigned n, uint64_t v, bool big_endian)
{
	unsigned i;

	for (i = 0; i < n; i++)
		p[big_endian ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

/* ---- one run of the reader ---- */

struct run {
	const struct dwarf_options *opt;
	struct dwarf_sources *out;
	struct strbuf *err;
	struct strvec paths; /* of the unit being read */
	size_t paths_bytes;  /* their size */
	struct strbuf sb;
	/* the dwz alternate file (.gnu_debugaltlink) of the file being read */
	struct elfobj *dwarf;
	struct elfobj alt;
	int alt_state; /* 0 not looked for yet, 1 open, -1 not available */
};

/* ---- dwarf_sources.c ---- */

/* A string attribute of die, copied (dwz strings too). 0 (possibly *out NULL) or -1. */
int attr_string(struct run *run, Dwarf_Die die, Dwarf_Half at, char **out, Dwarf_Error *derr);

/* ---- dwarf_routines.c: the functions of a unit (options->routines) ---- */

/*
 * Walk the children of the unit whose first DIE is cu_die (at unit_offset
 * of o's .debug_info), marking in run->out->routine_cu the asked functions
 * it holds code of: 0, or -1 with "FILE: where: why" in run->err.
 */
int read_routines(struct run *run, struct elfobj *o, Dwarf_Debug dbg, Dwarf_Die cu_die,
		  size_t cu_index, uint64_t unit_offset);
/* Mark in run->out->routine_symbol the asked functions elf's .symtab or .dynsym names. */
void routine_symbols(struct run *run, Elf *elf);

/* ---- dwarf_elf.c: an ELF file's sections ---- */

/* Set o up on elf (not ours to end) named name: 0, or -1 with the reason in err. */
int elfobj_setup(struct elfobj *o, Elf *elf, const char *name, struct strbuf *err);
/* Open path and set o up on it: 0, 1 (not an ELF file), -1 with the reason in err. */
int elfobj_open_path(struct elfobj *o, const char *path, struct strbuf *err);
void elfobj_close(struct elfobj *o);
/* Load (decompress, relocate) section id: 0, or -1 with the reason in o->why. */
int sec_load(struct elfobj *o, enum sec_id id);
/* libdwarf on o's sections of group: DW_DLV_OK or an error. */
int lo_init(struct elfobj *o, unsigned group, Dwarf_Debug *dbg, Dwarf_Error *derr);
/* Whether o has a .debug_info (or .debug_info.dwo). */
bool has_info(const struct elfobj *o);
/* 1 when the file's CRC-32 (the .gnu_debuglink one, zlib's) is crc, else 0. */
int file_crc_matches(const char *path, uint32_t crc);

/* ---- dwarf_lines.c: the line-table reader ---- */

/* What one line table needs besides .debug_line. */
struct linectx {
	struct run *run;
	struct elfobj *o;
	bool dwo;
	uint64_t line_off; /* of the table, for messages */
	const char *comp_dir;
	bool has_str_offsets_base;
	uint64_t str_offsets_base;
	unsigned offset_size;
	const char **dirs;
	uint64_t nr_dirs;
	int version;
};

/* The file names of the line table at off into c->run->paths: 0, or -1 with the reason in run->err.
 */
int read_line_table(struct linectx *c, uint64_t off);

/* ---- dwarf_debugfile.c: separate debug files, the dwz alternate file ---- */

/* Open candidate as sep when it matches build_id (or the CRC): 1 open, 0 not it, -1 memory. */
int try_candidate(struct elfobj *sep, const char *candidate, const char *build_id, bool check_crc,
		  uint32_t crc);
/* The string at off of the dwz alternate file's .debug_str: *s (NULL with a warning): 0, -1. */
int alt_string(struct run *run, uint64_t off, const char **s);
/* The separate debug file of path: 1 found (sep open, *where set), 0 none, -1 memory. */
int find_separate(struct run *run, const char *path, struct elfobj *sep, struct strbuf *where,
		  enum dwarf_origin *origin);

#endif
