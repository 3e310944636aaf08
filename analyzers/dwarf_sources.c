/* SPDX-License-Identifier: Apache-2.0 */
/* The source files a binary's DWARF names (dwarf_sources.h); see dwarf_internal.h for the rest. */
#include "dwarf_sources.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "dwarf_internal.h"
#include "elf_ids.h"
#include "pathutil.h"
#include "banned.h"

/* ---- names ---- */

static const char *const lang_names[] = {
	[0x01] = "C89",
	[0x02] = "C",
	[0x03] = "Ada83",
	[0x04] = "C_plus_plus",
	[0x05] = "Cobol74",
	[0x06] = "Cobol85",
	[0x07] = "Fortran77",
	[0x08] = "Fortran90",
	[0x09] = "Pascal83",
	[0x0a] = "Modula2",
	[0x0b] = "Java",
	[0x0c] = "C99",
	[0x0d] = "Ada95",
	[0x0e] = "Fortran95",
	[0x0f] = "PLI",
	[0x10] = "ObjC",
	[0x11] = "ObjC_plus_plus",
	[0x12] = "UPC",
	[0x13] = "D",
	[0x14] = "Python",
	[0x15] = "OpenCL",
	[0x16] = "Go",
	[0x17] = "Modula3",
	[0x18] = "Haskell",
	[0x19] = "C_plus_plus_03",
	[0x1a] = "C_plus_plus_11",
	[0x1b] = "OCaml",
	[0x1c] = "Rust",
	[0x1d] = "C11",
	[0x1e] = "Swift",
	[0x1f] = "Julia",
	[0x20] = "Dylan",
	[0x21] = "C_plus_plus_14",
	[0x22] = "Fortran03",
	[0x23] = "Fortran08",
	[0x24] = "RenderScript",
	[0x25] = "BLISS",
	[0x26] = "Kotlin",
	[0x27] = "Zig",
	[0x28] = "Crystal",
	[0x2a] = "C_plus_plus_17",
	[0x2b] = "C_plus_plus_20",
	[0x2c] = "C17",
	[0x2d] = "Fortran18",
	[0x2e] = "Ada2005",
	[0x2f] = "Ada2012",
	[0x30] = "HIP",
	[0x31] = "Assembly",
	[0x32] = "C_sharp",
	[0x33] = "Mojo",
	[0x34] = "GLSL",
	[0x35] = "GLSL_ES",
	[0x36] = "HLSL",
	[0x37] = "OpenCL_CPP",
	[0x38] = "CPP_for_OpenCL",
	[0x39] = "SYCL",
	[0x40] = "Ruby",
	[0x41] = "Move",
	[0x42] = "Hylo",
	[0x43] = "V",
	[0x44] = "Algol68",
};

static int language_name(unsigned code, struct strbuf *sb)
{
	const char *n = NULL;

	if (code < sizeof(lang_names) / sizeof(lang_names[0]))
		n = lang_names[code];
	else if (code == 0x8001)
		n = "Mips_Assembler";
	else if (code == 0x8e57)
		n = "GOOGLE_RenderScript";
	else if (code == 0x9001)
		n = "SUN_Assembler";
	else if (code == 0x9101)
		n = "ALTIUM_Assembler";
	else if (code == 0xb000)
		n = "BORLAND_Delphi";
	if (n)
		return strbuf_addf(sb, "DW_LANG_%s", n);
	return strbuf_addf(sb, "DW_LANG_0x%x", code);
}

const char *dwarf_unit_type_name(enum dwarf_unit_type type)
{
	switch (type) {
	case DWARF_UNIT_COMPILE:
		return "compile";
	case DWARF_UNIT_PARTIAL:
		return "partial";
	case DWARF_UNIT_SKELETON:
		return "skeleton";
	case DWARF_UNIT_SPLIT_COMPILE:
		return "split_compile";
	}
	return "?";
}

const char *dwarf_dwo_status_name(enum dwarf_dwo_status status)
{
	static const char *const names[] = { "none",	 "not-read", "missing",
					     "mismatch", "error",    "read" };

	return (unsigned)status < sizeof(names) / sizeof(names[0]) ? names[status] : "?";
}

const char *dwarf_origin_name(enum dwarf_origin origin)
{
	switch (origin) {
	case DWARF_FROM_FILE:
		return "file";
	case DWARF_FROM_BUILD_ID:
		return "build-id";
	case DWARF_FROM_DEBUGLINK:
		return "debuglink";
	}
	return "?";
}

const char *dwarf_compression_name(enum dwarf_compression compression)
{
	switch (compression) {
	case DWARF_COMPRESS_NONE:
		return "none";
	case DWARF_COMPRESS_ZLIB:
		return "zlib";
	case DWARF_COMPRESS_ZSTD:
		return "zstd";
	case DWARF_COMPRESS_ZLIB_GNU:
		return "zlib-gnu";
	}
	return "?";
}

/* ---- the result ---- */

void dwarf_sources_init(struct dwarf_sources *ds)
{
	struct dwarf_sources blank = DWARF_SOURCES_INIT;

	*ds = blank;
}

static void cu_release(struct dwarf_cu *cu)
{
	free(cu->name);
	free(cu->comp_dir);
	free(cu->producer);
	free(cu->language);
	free(cu->dwo_name);
	free(cu->dwo_path);
}

void dwarf_sources_release(struct dwarf_sources *ds)
{
	size_t i;

	for (i = 0; i < ds->nr_cus; i++)
		cu_release(&ds->cus[i]);
	for (i = 0; i < ds->nr_files; i++)
		free(ds->files[i].path);
	free(ds->cus);
	free(ds->files);
	free(ds->dwarf_file);
	free(ds->build_id);
	free(ds->debuglink);
	strvec_clear(&ds->warnings);
	free(ds->routine_cu);
	free(ds->routine_symbol);
	free(ds->index_);
	dwarf_sources_init(ds);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3u;
	return h;
}

static int index_grow(struct dwarf_sources *ds)
{
	size_t size = ds->index_size_ ? ds->index_size_ * 2 : 256;
	size_t *idx, i;

	idx = calloc(size, sizeof(*idx));
	if (!idx)
		return -1;
	for (i = 0; i < ds->nr_files; i++) {
		size_t h = (size_t)hash_str(ds->files[i].path) & (size - 1);

		while (idx[h])
			h = (h + 1) & (size - 1);
		idx[h] = i + 1;
	}
	free(ds->index_);
	ds->index_ = idx;
	ds->index_size_ = size;
	return 0;
}

/* Count path (owned by the caller) for unit cu. */
static int add_source(struct dwarf_sources *ds, size_t cu, const char *path)
{
	size_t h, len;
	struct dwarf_source *f;

	if ((ds->nr_files + 1) * 2 > ds->index_size_ && index_grow(ds))
		return -1;
	h = (size_t)hash_str(path) & (ds->index_size_ - 1);
	while (ds->index_[h]) {
		f = &ds->files[ds->index_[h] - 1];
		if (!strcmp(f->path, path)) {
			if (f->last_cu_ != cu) {
				f->last_cu_ = cu;
				f->nr_cus++;
				ds->cus[cu].nr_files++;
			}
			return 0;
		}
		h = (h + 1) & (ds->index_size_ - 1);
	}
	if (ds->nr_files == ds->alloc_files_) {
		size_t n = ds->alloc_files_ ? ds->alloc_files_ * 2 : 64;
		void *p = realloc(ds->files, n * sizeof(*ds->files));

		if (!p)
			return -1;
		ds->files = p;
		ds->alloc_files_ = n;
	}
	len = strlen(path);
	f = &ds->files[ds->nr_files];
	f->path = malloc(len + 1);
	if (!f->path)
		return -1;
	memcpy(f->path, path, len + 1);
	ds->path_bytes_ += len + 1;
	f->first_cu = cu;
	f->nr_cus = 1;
	f->last_cu_ = cu;
	ds->index_[h] = ++ds->nr_files;
	ds->cus[cu].nr_files++;
	return 0;
}

static struct dwarf_cu *push_cu(struct dwarf_sources *ds)
{
	if (ds->nr_cus == ds->alloc_cus_) {
		size_t n = ds->alloc_cus_ ? ds->alloc_cus_ * 2 : 16;
		void *p = realloc(ds->cus, n * sizeof(*ds->cus));

		if (!p)
			return NULL;
		ds->cus = p;
		ds->alloc_cus_ = n;
	}
	memset(&ds->cus[ds->nr_cus], 0, sizeof(ds->cus[0]));
	return &ds->cus[ds->nr_cus++];
}

/* "NAME: WHERE: reason", the reason from our section loader or libdwarf. */
static void dw_fail(struct run *run, struct elfobj *o, Dwarf_Debug dbg, Dwarf_Error derr,
		    const char *where, const char *otherwise)
{
	strbuf_addf(run->err, "%s: %s", o->name, where);
	if (o->why.len)
		strbuf_addf(run->err, ": %s", o->why.buf);
	else if (derr)
		strbuf_addf(run->err, ": %s", dwarf_errmsg(derr));
	else
		strbuf_addf(run->err, ": %s", otherwise);
	st_dwarf_free_error(dbg, derr);
}

static void dw_fail_unit(struct run *run, struct elfobj *o, Dwarf_Debug dbg, Dwarf_Error derr,
			 uint64_t offset, const char *otherwise)
{
	char where[64];

	snprintf(where, sizeof(where), "%s unit at 0x%" PRIx64,
		 sec_names[o->secs[SEC_INFO].ndx ? SEC_INFO : SEC_INFO_DWO], offset);
	dw_fail(run, o, dbg, derr, where, otherwise);
}

/* A string attribute, copied. 0 (possibly *out NULL) or -1. */
int attr_string(struct run *run, Dwarf_Die die, Dwarf_Half at, char **out, Dwarf_Error *derr)
{
	Dwarf_Attribute a = NULL;
	Dwarf_Half form = 0;
	char *s = NULL;
	int res;

	*out = NULL;
	res = dwarf_attr(die, at, &a, derr);
	if (res != DW_DLV_OK)
		return res == DW_DLV_NO_ENTRY ? 0 : -1;
	res = dwarf_whatform(a, &form, derr);
	if (res == DW_DLV_OK && (form == DW_FORM_GNU_strp_alt || form == DW_FORM_strp_sup)) {
		Dwarf_Off off = 0;
		const char *alt = NULL;

		res = dwarf_global_formref(a, &off, derr);
		dwarf_dealloc_attribute(a);
		if (res != DW_DLV_OK || alt_string(run, off, &alt))
			return -1;
		if (alt) {
			*out = strdup(alt);
			if (!*out)
				return -1;
		}
		return 0;
	}
	if (res == DW_DLV_OK)
		res = dwarf_formstring(a, &s, derr);
	if (res == DW_DLV_OK) {
		*out = strdup(s);
		if (!*out)
			res = DW_DLV_ERROR; /* with *derr NULL: out of memory */
	}
	dwarf_dealloc_attribute(a);
	return res == DW_DLV_OK ? 0 : -1;
}

/* A section offset or constant attribute. 1 found, 0 absent, -1 error. */
static int attr_offset(Dwarf_Die die, Dwarf_Half at, uint64_t *val, Dwarf_Error *derr)
{
	Dwarf_Attribute a = NULL;
	Dwarf_Half form = 0;
	Dwarf_Unsigned u = 0;
	Dwarf_Off off = 0;
	int res;

	res = dwarf_attr(die, at, &a, derr);
	if (res != DW_DLV_OK)
		return res == DW_DLV_NO_ENTRY ? 0 : -1;
	res = dwarf_whatform(a, &form, derr);
	if (res == DW_DLV_OK && form == DW_FORM_sec_offset) {
		res = dwarf_global_formref(a, &off, derr);
		u = off;
	} else if (res == DW_DLV_OK) {
		res = dwarf_formudata(a, &u, derr);
	}
	dwarf_dealloc_attribute(a);
	if (res != DW_DLV_OK)
		return -1;
	*val = u;
	return 1;
}

/* Move run->paths into the result for unit cu. */
static int flush_paths(struct run *run, const char *name, size_t cu)
{
	size_t i;
	int res = 0;

	for (i = 0; i < run->paths.nr && !res; i++)
		res = add_source(run->out, cu, run->paths.v[i]);
	strvec_clear(&run->paths);
	run->paths_bytes = 0;
	if (res)
		strbuf_addf(run->err, "%s: out of memory", name);
	return res;
}

struct unit {
	Dwarf_Die die;
	Dwarf_Half version, type;
	Dwarf_Sig8 sig;
	uint64_t offset;
};

/* A DWARF 5 dwo_id (unit header bytes) as the number readelf shows. */
static uint64_t sig_value(const Dwarf_Sig8 *sig, bool big_endian)
{
	return get_un((const unsigned char *)sig->signature, 8, big_endian);
}

static int read_dwo(struct run *run, size_t cu_index);

static int read_unit(struct run *run, struct elfobj *o, Dwarf_Debug dbg, struct unit *u)
{
	struct dwarf_cu *cu;
	Dwarf_Error derr = NULL;
	Dwarf_Half tag = 0;
	Dwarf_Unsigned lang = 0;
	uint64_t stmt = 0, v = 0;
	struct linectx lc = { 0 };
	int res, found;
	size_t cu_index;

	if (dwarf_tag(u->die, &tag, &derr) != DW_DLV_OK)
		goto dw_error;
	if (u->type == DW_UT_type || u->type == DW_UT_split_type || tag == DW_TAG_type_unit) {
		run->out->nr_type_units++;
		return 0;
	}
	cu = push_cu(run->out);
	if (!cu)
		goto oom;
	cu_index = run->out->nr_cus - 1;
	cu->version = u->version;
	cu->offset = u->offset;
	if (attr_string(run, u->die, DW_AT_name, &cu->name, &derr) ||
	    attr_string(run, u->die, DW_AT_comp_dir, &cu->comp_dir, &derr) ||
	    attr_string(run, u->die, DW_AT_producer, &cu->producer, &derr) ||
	    attr_string(run, u->die, DW_AT_dwo_name, &cu->dwo_name, &derr))
		goto dw_error;
	if (!cu->dwo_name && attr_string(run, u->die, DW_AT_GNU_dwo_name, &cu->dwo_name, &derr))
		goto dw_error;
	res = dwarf_srclang(u->die, &lang, &derr);
	if (res == DW_DLV_ERROR)
		goto dw_error;
	if (res == DW_DLV_OK) {
		struct strbuf sb = STRBUF_INIT;

		cu->language_code = (unsigned)lang;
		if (language_name((unsigned)lang, &sb))
			goto oom;
		cu->language = strbuf_detach(&sb, NULL);
	}
	if (u->type == DW_UT_skeleton || u->type == DW_UT_split_compile) {
		cu->dwo_id = sig_value(&u->sig, o->big_endian);
		cu->has_dwo_id = true;
	} else {
		found = attr_offset(u->die, DW_AT_GNU_dwo_id, &v, &derr);
		if (found < 0)
			goto dw_error;
		cu->dwo_id = v;
		cu->has_dwo_id = found;
	}
	switch (u->type) {
	case DW_UT_partial:
		cu->unit_type = DWARF_UNIT_PARTIAL;
		break;
	case DW_UT_skeleton:
		cu->unit_type = DWARF_UNIT_SKELETON;
		break;
	case DW_UT_split_compile:
		cu->unit_type = DWARF_UNIT_SPLIT_COMPILE;
		break;
	default: /* DWARF 2-4 (libdwarf says DW_UT_compile) or a vendor type */
		if (tag == DW_TAG_partial_unit)
			cu->unit_type = DWARF_UNIT_PARTIAL;
		else if (!o->secs[SEC_INFO].ndx)
			cu->unit_type = DWARF_UNIT_SPLIT_COMPILE; /* in .debug_info.dwo */
		else if (cu->dwo_name)
			cu->unit_type = DWARF_UNIT_SKELETON;
		else
			cu->unit_type = DWARF_UNIT_COMPILE;
	}
	cu->dwo_status = cu->unit_type == DWARF_UNIT_SKELETON
				 ? (run->opt->no_dwo ? DWARF_DWO_NOT_READ : DWARF_DWO_MISSING)
				 : DWARF_DWO_NONE;

	found = attr_offset(u->die, DW_AT_str_offsets_base, &lc.str_offsets_base, &derr);
	if (found < 0)
		goto dw_error;
	lc.has_str_offsets_base = found;
	found = attr_offset(u->die, DW_AT_stmt_list, &stmt, &derr);
	if (found < 0)
		goto dw_error;
	if (found) {
		lc.run = run;
		lc.o = o;
		lc.dwo = !o->secs[SEC_INFO].ndx;
		lc.comp_dir = cu->comp_dir;
		res = read_line_table(&lc, stmt);
		free(lc.dirs);
		if (res)
			return -1;
		if (flush_paths(run, o->name, cu_index))
			return -1;
	}
	if (run->opt->nr_routines) {
		if (run->out->cus[cu_index].unit_type == DWARF_UNIT_SKELETON)
			run->out->nr_unwalked++; /* its functions are in the .dwo */
		else if (read_routines(run, o, dbg, u->die, cu_index, u->offset))
			return -1;
	}
	if (run->out->cus[cu_index].dwo_status == DWARF_DWO_MISSING)
		return read_dwo(run, cu_index);
	return 0;

dw_error:
	dw_fail_unit(run, o, dbg, derr, u->offset, "out of memory");
	return -1;
oom:
	strbuf_addf(run->err, "%s: out of memory", o->name);
	return -1;
}

/*
 * All units of o. The sections are o's; only the .dwo search touches
 * other files. 1 when o has no DWARF at all.
 */
static int read_units(struct run *run, struct elfobj *o)
{
	Dwarf_Debug dbg = NULL;
	Dwarf_Error derr = NULL;
	uint64_t offset = 0;
	int res;

	res = lo_init(o, DW_GROUPNUMBER_ANY, &dbg, &derr);
	if (res == DW_DLV_NO_ENTRY)
		return 1;
	if (res != DW_DLV_OK) {
		dw_fail(run, o, NULL, derr, "reading the DWARF sections", "unreadable");
		return -1;
	}
	for (;;) {
		struct unit u = { 0 };
		Dwarf_Unsigned next = 0;

		u.offset = offset;
		res = st_dwarf_next_unit(dbg, &u.die, &u.version, &u.type, &u.sig, &next, &derr);
		if (res == DW_DLV_NO_ENTRY)
			break;
		if (res != DW_DLV_OK) {
			dw_fail_unit(run, o, dbg, derr, offset, "unreadable");
			goto fail;
		}
		if (!u.die || next <= offset) {
			if (u.die)
				dwarf_dealloc_die(u.die);
			dw_fail_unit(run, o, dbg, NULL, offset, "a unit without DIEs");
			goto fail;
		}
		res = read_unit(run, o, dbg, &u);
		dwarf_dealloc_die(u.die);
		if (res)
			goto fail;
		offset = next;
		/*
		 * The kernel maps file pages around each one touched (fault-
		 * around): over all units that is most of .debug_info and
		 * .debug_line. Unmap them; the next unit maps what it needs.
		 */
		if (o->map)
			madvise((void *)o->map, o->map_size, MADV_DONTNEED);
	}
	st_dwarf_finish(dbg);
	return 0;
fail:
	st_dwarf_finish(dbg);
	return -1;
}

/*
 * The .dwo of a skeleton unit: find the split unit with its id, take the
 * attributes the skeleton lacks and the .debug_line.dwo files. Problems
 * become warnings and a dwo_status.
 */
/*
 * The split unit of cu (in o, at path) found: what its skeleton lacks (name,
 * producer, language) and its line table's files. 0, or nonzero with the
 * reason in msg or *derr.
 */
static int dwo_fill(struct run *run, struct elfobj *o, Dwarf_Die die, size_t cu_index,
		    const char *path, struct strbuf *msg, Dwarf_Error *derr)
{
	struct dwarf_cu *cu = &run->out->cus[cu_index];
	uint64_t stmt = 0;
	int res = 0;

	if (!cu->name)
		res = attr_string(run, die, DW_AT_name, &cu->name, derr);
	if (!res && !cu->producer)
		res = attr_string(run, die, DW_AT_producer, &cu->producer, derr);
	if (!res && !cu->language) {
		Dwarf_Unsigned lang;
		int lres = dwarf_srclang(die, &lang, derr);

		if (lres == DW_DLV_OK) {
			struct strbuf sb = STRBUF_INIT;

			cu->language_code = (unsigned)lang;
			res = language_name((unsigned)lang, &sb);
			cu->language = strbuf_detach(&sb, NULL);
		} else if (lres == DW_DLV_ERROR) {
			res = -1;
		}
	}
	if (!res)
		res = attr_offset(die, DW_AT_stmt_list, &stmt, derr);
	if (res > 0) {
		struct linectx lc = { 0 };
		struct strbuf *saved = run->err;

		lc.run = run;
		lc.o = o;
		lc.dwo = true;
		lc.comp_dir = cu->comp_dir;
		run->err = msg;
		res = read_line_table(&lc, stmt);
		run->err = saved;
		free(lc.dirs);
		if (!res)
			res = flush_paths(run, path, cu_index);
		else
			strvec_clear(&run->paths);
		run->paths_bytes = 0;
	}
	return res;
}

static int read_dwo(struct run *run, size_t cu_index)
{
	struct dwarf_cu *cu = &run->out->cus[cu_index];
	struct elfobj o = ELFOBJ_INIT;
	struct strbuf path = STRBUF_INIT, msg = STRBUF_INIT;
	Dwarf_Debug dbg = NULL;
	Dwarf_Error derr = NULL;
	uint64_t offset = 0;
	enum dwarf_dwo_status status = DWARF_DWO_MISMATCH;
	int ret = 0, res;
	struct stat st;

	if (!cu->dwo_name)
		return 0;
	if (is_abs(cu->dwo_name) || !cu->comp_dir)
		res = strbuf_addstr(&path, cu->dwo_name);
	else
		res = path_join(&path, cu->comp_dir, cu->dwo_name);
	if (res)
		goto oom;
	cu->dwo_path = strdup(path.buf);
	if (!cu->dwo_path)
		goto oom;
	if (stat(path.buf, &st)) {
		cu->dwo_status = DWARF_DWO_MISSING;
		goto cleanup;
	}
	if (elfobj_open_path(&o, path.buf, &msg))
		goto warn;
	res = lo_init(&o, DW_GROUPNUMBER_DWO, &dbg, &derr);
	if (res != DW_DLV_OK) {
		strbuf_addf(&msg, "%s: no split DWARF%s%s", path.buf, derr ? ": " : "",
			    derr ? dwarf_errmsg(derr) : "");
		st_dwarf_free_error(NULL, derr);
		dbg = NULL;
		goto warn;
	}
	for (;;) {
		Dwarf_Die die = NULL;
		Dwarf_Half version = 0, type = 0;
		Dwarf_Sig8 sig;
		Dwarf_Unsigned next = 0;
		uint64_t id = 0;
		int has_id;

		memset(&sig, 0, sizeof(sig));
		res = st_dwarf_next_unit(dbg, &die, &version, &type, &sig, &next, &derr);
		if (res == DW_DLV_NO_ENTRY)
			break;
		if (res != DW_DLV_OK || !die || next <= offset) {
			strbuf_addf(&msg, "%s: unit at 0x%" PRIx64 "%s%s", path.buf, offset,
				    derr ? ": " : ": no DIE", derr ? dwarf_errmsg(derr) : "");
			st_dwarf_free_error(dbg, derr);
			if (die)
				dwarf_dealloc_die(die);
			goto warn;
		}
		offset = next;
		if (type == DW_UT_split_compile) {
			id = sig_value(&sig, o.big_endian);
			has_id = 1;
		} else {
			has_id = attr_offset(die, DW_AT_GNU_dwo_id, &id, &derr);
		}
		if (has_id <= 0 || !cu->has_dwo_id || id != cu->dwo_id) {
			st_dwarf_free_error(dbg, derr);
			derr = NULL;
			dwarf_dealloc_die(die);
			continue;
		}
		/* found: fill in what the skeleton lacks */
		res = dwo_fill(run, &o, die, cu_index, path.buf, &msg, &derr);
		dwarf_dealloc_die(die);
		if (res) {
			if (!msg.len)
				strbuf_addf(&msg, "%s: %s", path.buf,
					    derr ? dwarf_errmsg(derr) : "unreadable split unit");
			st_dwarf_free_error(dbg, derr);
			goto warn;
		}
		status = DWARF_DWO_READ;
		break;
	}
	cu->dwo_status = status;
	goto cleanup;

warn:
	cu->dwo_status = DWARF_DWO_ERROR;
	if (strvec_push(&run->out->warnings, msg.buf))
		goto oom;
	goto cleanup;
oom:
	strbuf_addstr(run->err, "out of memory");
	ret = -1;
cleanup:
	st_dwarf_finish(dbg);
	elfobj_close(&o);
	strbuf_release(&path);
	strbuf_release(&msg);
	return ret;
}

/* ---- entry points ---- */

static int read_main(struct run *run, Elf *elf, struct elfobj *main, const char *name,
		     bool may_search)
{
	struct dwarf_sources *out = run->out;
	struct elfobj sep = ELFOBJ_INIT;
	struct strbuf where = STRBUF_INIT;
	struct elfobj *o = main;
	enum dwarf_origin origin = DWARF_FROM_FILE;
	int ret = -1, res;

	if (elf_find_build_id(elf, &out->build_id) ||
	    elf_find_debuglink(elf, main->big_endian, &out->debuglink, &out->debuglink_crc_))
		goto oom;
	if (!has_info(main)) {
		if (!may_search || run->opt->no_separate) {
			ret = 1;
			goto cleanup;
		}
		res = find_separate(run, name, &sep, &where, &origin);
		if (res < 0)
			goto oom;
		if (!res) {
			ret = 1;
			goto cleanup;
		}
		o = &sep;
	}
	out->dwarf_file = strdup(o == main ? name : where.buf);
	if (!out->dwarf_file)
		goto oom;
	out->origin = origin;
	if (run->opt->nr_routines) {
		out->routine_cu = malloc(run->opt->nr_routines * sizeof(*out->routine_cu));
		if (!out->routine_cu)
			goto oom;
		for (size_t i = 0; i < run->opt->nr_routines; i++)
			out->routine_cu[i] = SIZE_MAX;
		out->routine_symbol = calloc(run->opt->nr_routines, sizeof(*out->routine_symbol));
		if (!out->routine_symbol)
			goto oom;
	}
	run->dwarf = o;
	ret = read_units(run, o);
	if (!ret && run->opt->nr_routines) {
		routine_symbols(run, elf);
		if (o != main)
			routine_symbols(run, o->elf);
	}
	run->dwarf = NULL;
	out->compression = o->compression;
	goto cleanup;
oom:
	strbuf_addf(run->err, "%s: out of memory", name);
	ret = -1;
cleanup:
	elfobj_close(&sep);
	strbuf_release(&where);
	return ret;
}

static int finish(struct run *run, int ret)
{
	strvec_clear(&run->paths);
	strbuf_release(&run->sb);
	elfobj_close(&run->alt);
	if (ret >= 0 && strvec_uniq(&run->out->warnings)) {
		strbuf_addf(run->err, "out of memory");
		ret = -1;
	}
	if (ret < 0) {
		dwarf_sources_release(run->out);
	} else if (ret == 1) {
		/* keep what tells where to look, drop the rest */
		char *id = run->out->build_id, *link = run->out->debuglink;

		run->out->build_id = run->out->debuglink = NULL;
		dwarf_sources_release(run->out);
		run->out->build_id = id;
		run->out->debuglink = link;
	}
	return ret;
}

/* The state of one read: options (defaults when NULL), result, messages. */
static void run_init(struct run *run, const struct dwarf_options *options,
		     struct dwarf_sources *out, struct strbuf *err)
{
	static const struct dwarf_options defaults;
	const struct elfobj alt = ELFOBJ_INIT;

	run->opt = options ? options : &defaults;
	run->out = out;
	run->err = err;
	strvec_init(&run->paths);
	run->paths_bytes = 0;
	strbuf_init(&run->sb);
	run->dwarf = NULL;
	run->alt = alt;
	run->alt_state = 0;
}

int dwarf_sources_read_elf(struct Elf *elf, const char *name, const struct dwarf_options *options,
			   struct dwarf_sources *out, struct strbuf *err)
{
	struct strbuf ignore = STRBUF_INIT;
	struct run run;
	struct elfobj o = ELFOBJ_INIT;
	int ret;

	run_init(&run, options, out, err ? err : &ignore);
	elf_version(EV_CURRENT);
	ret = elfobj_setup(&o, elf, name, run.err);
	if (!ret)
		ret = read_main(&run, elf, &o, name, true);
	elfobj_close(&o);
	ret = finish(&run, ret);
	strbuf_release(&ignore);
	return ret;
}

int dwarf_sources_read(const char *path, const struct dwarf_options *options,
		       struct dwarf_sources *out, struct strbuf *err)
{
	struct strbuf ignore = STRBUF_INIT;
	struct run run;
	struct elfobj o = ELFOBJ_INIT;
	int ret;

	run_init(&run, options, out, err ? err : &ignore);
	if (elf_version(EV_CURRENT) == EV_NONE) {
		strbuf_addf(run.err, "%s: libelf: %s", path, elf_errmsg(-1));
		strbuf_release(&ignore);
		return -1;
	}
	ret = elfobj_open_path(&o, path, run.err);
	if (!ret)
		ret = read_main(&run, o.elf, &o, path, true);
	elfobj_close(&o);
	ret = finish(&run, ret);
	strbuf_release(&ignore);
	return ret;
}
