/* SPDX-License-Identifier: Apache-2.0 */
#include "dwarf_compat.h"

#include <stddef.h>

#include "banned.h"

/* ELF section type of every section handed to libdwarf. */
#define ST_SHT_PROGBITS 1

const char *st_libdwarf_api(void)
{
	return dwarf_package_version();
}

#if ST_LIBDWARF_0X

static int om_section_info(void *obj, Dwarf_Unsigned index, Dwarf_Obj_Access_Section_a *out,
			   int *error)
{
	struct st_dwarf_object *o = obj;
	struct st_dwarf_section sec = { "", 0 };
	int res;

	if (index >= o->nr_sections) {
		*error = DW_DLE_SECTION_INDEX_BAD;
		return DW_DLV_ERROR;
	}
	res = index ? o->section(o->data, (unsigned)index, &sec) : DW_DLV_OK;
	if (res != DW_DLV_OK) {
		*error = DW_DLE_SECTION_ERROR;
		return res;
	}
	*out = (Dwarf_Obj_Access_Section_a){ 0 };
	out->as_name = sec.name;
	out->as_type = index ? ST_SHT_PROGBITS : 0;
	out->as_size = sec.size;
	out->as_addralign = 1;
	return DW_DLV_OK;
}

static Dwarf_Small om_byte_order(void *obj)
{
	return ((struct st_dwarf_object *)obj)->big_endian ? DW_END_big : DW_END_little;
}

static Dwarf_Small om_length_size(void *obj)
{
	return ((struct st_dwarf_object *)obj)->pointer_size;
}

static Dwarf_Small om_pointer_size(void *obj)
{
	return ((struct st_dwarf_object *)obj)->pointer_size;
}

static Dwarf_Unsigned om_filesize(void *obj)
{
	return ((struct st_dwarf_object *)obj)->filesize;
}

static Dwarf_Unsigned om_section_count(void *obj)
{
	return ((struct st_dwarf_object *)obj)->nr_sections;
}

static int om_load_section(void *obj, Dwarf_Unsigned index, Dwarf_Small **data, int *error)
{
	struct st_dwarf_object *o = obj;
	const unsigned char *bytes = NULL;
	int res;

	if (!index || index >= o->nr_sections)
		return DW_DLV_NO_ENTRY;
	res = o->load(o->data, (unsigned)index, &bytes);
	if (res == DW_DLV_ERROR)
		*error = DW_DLE_SECTION_ERROR;
	/* libdwarf's type is not const; it does not write (no relocate hook). */
	*data = (Dwarf_Small *)bytes;
	return res;
}

static const Dwarf_Obj_Access_Methods_a st_methods = {
	.om_get_section_info = om_section_info,
	.om_get_byte_order = om_byte_order,
	.om_get_length_size = om_length_size,
	.om_get_pointer_size = om_pointer_size,
	.om_get_filesize = om_filesize,
	.om_get_section_count = om_section_count,
	.om_load_section = om_load_section,
};

int st_dwarf_object_init(struct st_dwarf_object *obj, unsigned groupnumber, Dwarf_Debug *dbg,
			 Dwarf_Error *err)
{
	obj->iface_.ai_object = obj;
	obj->iface_.ai_methods = &st_methods;
	return dwarf_object_init_b(&obj->iface_, NULL, NULL, groupnumber, dbg, err);
}

void st_dwarf_finish(Dwarf_Debug dbg)
{
	if (dbg)
		dwarf_object_finish(dbg);
}

#else /* libdwarf 20210528 */

static int get_section_info(void *obj, Dwarf_Half index, Dwarf_Obj_Access_Section *out, int *error)
{
	struct st_dwarf_object *o = obj;
	struct st_dwarf_section sec = { "", 0 };
	int res;

	if (index >= o->nr_sections) {
		*error = DW_DLE_SECTION_INDEX_BAD;
		return DW_DLV_ERROR;
	}
	res = index ? o->section(o->data, index, &sec) : DW_DLV_OK;
	if (res != DW_DLV_OK) {
		*error = DW_DLE_SECTION_ERROR;
		return res;
	}
	*out = (Dwarf_Obj_Access_Section){ 0 };
	out->name = sec.name;
	out->type = index ? ST_SHT_PROGBITS : 0;
	out->size = sec.size;
	return DW_DLV_OK;
}

static Dwarf_Endianness get_byte_order(void *obj)
{
	return ((struct st_dwarf_object *)obj)->big_endian ? DW_OBJECT_MSB : DW_OBJECT_LSB;
}

static Dwarf_Small get_length_size(void *obj)
{
	return ((struct st_dwarf_object *)obj)->pointer_size;
}

static Dwarf_Small get_pointer_size(void *obj)
{
	return ((struct st_dwarf_object *)obj)->pointer_size;
}

static Dwarf_Unsigned get_section_count(void *obj)
{
	return ((struct st_dwarf_object *)obj)->nr_sections;
}

static int load_section(void *obj, Dwarf_Half index, Dwarf_Small **data, int *error)
{
	struct st_dwarf_object *o = obj;
	const unsigned char *bytes = NULL;
	int res;

	if (!index || index >= o->nr_sections)
		return DW_DLV_NO_ENTRY;
	res = o->load(o->data, index, &bytes);
	if (res == DW_DLV_ERROR)
		*error = DW_DLE_SECTION_ERROR;
	*data = (Dwarf_Small *)bytes;
	return res;
}

static const Dwarf_Obj_Access_Methods st_methods = {
	.get_section_info = get_section_info,
	.get_byte_order = get_byte_order,
	.get_length_size = get_length_size,
	.get_pointer_size = get_pointer_size,
	.get_section_count = get_section_count,
	.load_section = load_section,
};

/*
 * Set by libdwarf 20210528's own ELF readers, read by dwarf_object_init_b
 * (dwarf_init_finish.c) with the caller's object pointer. Exported.
 */
typedef int (*st_elf_flags_fn)(void *obj, Dwarf_Half index, Dwarf_Unsigned *flags,
			       Dwarf_Unsigned *addralign, int *error);
extern st_elf_flags_fn _dwarf_get_elf_flags_func_ptr;

int st_dwarf_object_init(struct st_dwarf_object *obj, unsigned groupnumber, Dwarf_Debug *dbg,
			 Dwarf_Error *err)
{
	if (obj->nr_sections > 0xffffu)
		obj->nr_sections = 0xffffu; /* Dwarf_Half indexes */
	obj->iface_.object = obj;
	obj->iface_.methods = &st_methods;
	_dwarf_get_elf_flags_func_ptr = NULL;
	return dwarf_object_init_b(&obj->iface_, NULL, NULL, groupnumber, dbg, err);
}

void st_dwarf_finish(Dwarf_Debug dbg)
{
	Dwarf_Error err = NULL;

	if (dbg && dwarf_object_finish(dbg, &err) == DW_DLV_ERROR)
		dwarf_dealloc(NULL, err, DW_DLA_ERROR);
}

#endif

int st_dwarf_next_unit(Dwarf_Debug dbg, Dwarf_Die *cu_die, Dwarf_Half *version,
		       Dwarf_Half *unit_type, Dwarf_Sig8 *signature, Dwarf_Unsigned *next_offset,
		       Dwarf_Error *err)
{
	Dwarf_Unsigned header_length = 0, type_offset = 0;
	Dwarf_Half address_size = 0, length_size = 0, extension_size = 0;
	Dwarf_Off abbrev_offset = 0;

	*cu_die = NULL;
#if ST_LIBDWARF_HAVE_NEXT_CU_E
	return dwarf_next_cu_header_e(dbg, 1, cu_die, &header_length, version, &abbrev_offset,
				      &address_size, &length_size, &extension_size, signature,
				      &type_offset, next_offset, unit_type, err);
#else
	int res = dwarf_next_cu_header_d(dbg, 1, &header_length, version, &abbrev_offset,
					 &address_size, &length_size, &extension_size, signature,
					 &type_offset, next_offset, unit_type, err);

	if (res != DW_DLV_OK)
		return res;
	res = dwarf_siblingof_b(dbg, NULL, 1, cu_die, err);
	/* A unit without DIEs: OK with *cu_die NULL, as documented. */
	return res == DW_DLV_NO_ENTRY ? DW_DLV_OK : res;
#endif
}

void st_dwarf_free_error(Dwarf_Debug dbg, Dwarf_Error err)
{
	if (err)
		dwarf_dealloc_error(dbg, err);
}
