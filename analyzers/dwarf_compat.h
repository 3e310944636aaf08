/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_DWARF_COMPAT_H
#define SOUPTRACE_DWARF_COMPAT_H

/*
 * The only place that knows which libdwarf it is built against. Two APIs
 * are in use:
 *
 *   20210528  Debian 12 (libdwarf-dev), <libdwarf/libdwarf.h>, no pkg-config
 *             file, no version macro.
 *   0.x, 2.x  Debian 13, Fedora, upstream (github davea42/libdwarf-code);
 *             defines DW_LIBDWARF_VERSION_MAJOR since 0.1 (2021-07).
 *
 * What differs for the calls souptrace makes (and how it is bridged here):
 *
 *  - The object-access interface. 20210528: Dwarf_Obj_Access_Interface with
 *    Dwarf_Obj_Access_Methods (get_section_info, ... section index is a
 *    Dwarf_Half, byte order is a Dwarf_Endianness, the section struct has no
 *    flags). 0.x: Dwarf_Obj_Access_Interface_a / _Methods_a (om_* names,
 *    Dwarf_Unsigned index, Dwarf_Small byte order, om_get_filesize, section
 *    struct with as_flags/as_offset/as_addralign; 0.12 adds om_load_section_a
 *    for mmap and om_finish, both left NULL). Callers describe sections once
 *    in struct st_dwarf_object; dwarf_compat.c builds the right interface.
 *  - dwarf_object_finish(dbg, &err) and dwarf_finish(dbg, &err) in 20210528;
 *    dwarf_object_finish(dbg) / dwarf_finish(dbg) in 0.x.
 *  - dwarf_object_init_b() takes the 20210528 or the _a interface type.
 *  - 20210528 keeps a process-wide function pointer
 *    (_dwarf_get_elf_flags_func_ptr) that its own ELF readers
 *    (dwarf_init_path, dwarf_init_b, dwarf_elf_init) set and that
 *    dwarf_object_init_b() then calls with *our* object pointer as if it
 *    were libdwarf's ELF reader. st_dwarf_object_init() clears it first.
 *  - The CU DIE: dwarf_next_cu_header_e() returns it (0.9 and later);
 *    20210528 and 0.1-0.8 need dwarf_next_cu_header_d() followed by
 *    dwarf_siblingof_b(dbg, NULL, ...). (dwarf_siblingof_c appears in 0.9.)
 *  - dwarf_init_path (12 arguments with access/reserved* in 20210528, 8 in
 *    0.x, debuglink search in _dl) and dwarf_init_b (access argument removed)
 *    are not used: souptrace reads the ELF file itself with libelf (mmap,
 *    archive members, compression, its own debug-file search).
 *
 * The same in both, used directly by dwarf_sources.c: dwarf_attr,
 * dwarf_whatform, dwarf_formstring (strings point into section data; never
 * freed), dwarf_formudata, dwarf_global_formref, dwarf_tag, dwarf_srclang,
 * dwarf_dealloc_attribute, dwarf_dealloc_die, dwarf_errmsg,
 * dwarf_dealloc_error (also for an error of a failed init, with dbg NULL),
 * DW_DLV_* and DW_GROUPNUMBER_*.
 *
 * Not used although they exist in both, because they differ in behaviour:
 * dwarf_srcfiles() joins include directory and comp_dir itself with rules
 * that changed for DWARF 5 in August 2023 (released in 0.8.0), so the same binary gives
 * different names; dwarf_srclines_b() decodes the whole line program (on a
 * 15 MB vim it is slower than debugedit). dwarf_get_LANG_name() knows
 * different language codes per release. dwarf_sources.c reads line table
 * headers and names languages itself.
 */

#include <stdbool.h>
#include <stdint.h>

#include <dwarf.h>
#include <libdwarf.h>

#ifdef DW_LIBDWARF_VERSION_MAJOR
#define ST_LIBDWARF_0X 1
#if DW_LIBDWARF_VERSION_MAJOR > 0 || DW_LIBDWARF_VERSION_MINOR >= 9
#define ST_LIBDWARF_HAVE_NEXT_CU_E 1
#else
#define ST_LIBDWARF_HAVE_NEXT_CU_E 0
#endif
#else
#define ST_LIBDWARF_0X		   0
#define ST_LIBDWARF_HAVE_NEXT_CU_E 0
#endif

/* "20210528" or the upstream semantic version, for messages and tests. */
const char *st_libdwarf_api(void);

/* One section as libdwarf shall see it (after decompression). */
struct st_dwarf_section {
	const char *name; /* ".debug_info", ".debug_info.dwo", ... */
	uint64_t size;
};

/*
 * A file whose sections the caller provides. Index 0 is the empty ELF
 * section; 1 .. nr_sections-1 are what libdwarf may load. The callbacks
 * return DW_DLV_OK, DW_DLV_NO_ENTRY or DW_DLV_ERROR (then libdwarf reports
 * its DW_DLE_SECTION_ERROR: keep the real reason yourself). load() is called
 * at most once per section, lazily, and the bytes must stay valid until
 * st_dwarf_finish(). libdwarf never writes to them.
 */
struct st_dwarf_object {
	void *data;
	unsigned nr_sections;
	bool big_endian;
	unsigned char pointer_size; /* 4 or 8: the ELF class */
	uint64_t filesize;	    /* an upper bound libdwarf checks offsets against */
	int (*section)(void *data, unsigned index, struct st_dwarf_section *sec);
	int (*load)(void *data, unsigned index, const unsigned char **bytes);

	/* private to dwarf_compat.c: what libdwarf keeps a pointer to */
#if ST_LIBDWARF_0X
	Dwarf_Obj_Access_Interface_a iface_;
#else
	Dwarf_Obj_Access_Interface iface_;
#endif
};

/*
 * dwarf_object_init_b() on obj, which must stay in place until
 * st_dwarf_finish(). DW_DLV_NO_ENTRY: no DWARF sections at all.
 */
int st_dwarf_object_init(struct st_dwarf_object *obj, unsigned groupnumber, Dwarf_Debug *dbg,
			 Dwarf_Error *err);
/* dwarf_object_finish(); dbg may be NULL. */
void st_dwarf_finish(Dwarf_Debug dbg);

/*
 * The next unit of .debug_info: its header and its first DIE (free it with
 * dwarf_dealloc_die). signature is the DWARF 5 dwo_id of skeleton and split
 * units (the type signature of type units). DW_DLV_NO_ENTRY at the end.
 * DW_DLV_OK with *cu_die NULL: a unit without any DIE (corrupt).
 */
int st_dwarf_next_unit(Dwarf_Debug dbg, Dwarf_Die *cu_die, Dwarf_Half *version,
		       Dwarf_Half *unit_type, Dwarf_Sig8 *signature, Dwarf_Unsigned *next_offset,
		       Dwarf_Error *err);

/* Free an error; dbg may be NULL (an error of a failed init). */
void st_dwarf_free_error(Dwarf_Debug dbg, Dwarf_Error err);

#endif
