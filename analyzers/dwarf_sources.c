/* SPDX-License-Identifier: Apache-2.0 */
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

#include "dwarf_compat.h"
#include "pathutil.h"

#include "banned.h"

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

static const char *const sec_names[NR_SECS] = {
    [SEC_INFO] = ".debug_info",
    [SEC_ABBREV] = ".debug_abbrev",
    [SEC_LINE] = ".debug_line",
    [SEC_STR] = ".debug_str",
    [SEC_LINE_STR] = ".debug_line_str",
    [SEC_STR_OFFSETS] = ".debug_str_offsets",
    [SEC_ADDR] = ".debug_addr",
    [SEC_RANGES] = ".debug_ranges",
    [SEC_RNGLISTS] = ".debug_rnglists",
    [SEC_LOC] = ".debug_loc",
    [SEC_LOCLISTS] = ".debug_loclists",
    [SEC_INFO_DWO] = ".debug_info.dwo",
    [SEC_ABBREV_DWO] = ".debug_abbrev.dwo",
    [SEC_LINE_DWO] = ".debug_line.dwo",
    [SEC_STR_DWO] = ".debug_str.dwo",
    [SEC_STR_OFFSETS_DWO] = ".debug_str_offsets.dwo",
    [SEC_RNGLISTS_DWO] = ".debug_rnglists.dwo",
    [SEC_LOCLISTS_DWO] = ".debug_loclists.dwo",
    [SEC_CU_INDEX] = ".debug_cu_index",
    [SEC_TU_INDEX] = ".debug_tu_index",
};

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
	int fd;   /* ours to close, or -1 */
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
		NULL, -1, NULL, NULL, 0, false, false, 0, 0, 0, {{0}}, {0}, 0, {0}, STRBUF_INIT,   \
		    DWARF_COMPRESS_NONE                                                            \
	}

/* ---- small helpers ---- */

static bool is_abs(const char *p)
{
	if (p[0] == '/' || (p[0] == '\\' && p[1] == '\\'))
		return true;
	return ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':' &&
	       (p[2] == '\\' || p[2] == '/');
}

static uint64_t get_un(const unsigned char *p, unsigned n, bool big_endian)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[big_endian ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

static void put_un(unsigned char *p, unsigned n, uint64_t v, bool big_endian)
{
	unsigned i;

	for (i = 0; i < n; i++)
		p[big_endian ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

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
	static const char *const names[] = {"none",     "not-read", "missing",
	                                    "mismatch", "error",    "read"};

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

/* ---- ELF files ---- */

static void elfobj_close(struct elfobj *o)
{
	size_t i;

	for (i = 0; i < NR_SECS; i++)
		free(o->secs[i].owned);
	if (o->map)
		munmap((void *)o->map, o->map_size);
	if (o->fd >= 0) {
		if (o->elf)
			elf_end(o->elf);
		close(o->fd);
	}
	strbuf_release(&o->why);
	{
		struct elfobj blank = ELFOBJ_INIT;

		*o = blank;
	}
}

static enum sec_id sec_lookup(const char *name, bool *gnu_z)
{
	char buf[32];
	size_t len = strlen(name);
	unsigned i;

	*gnu_z = false;
	if (len >= sizeof(buf))
		return NR_SECS;
	if (!strncmp(name, ".zdebug_", 8)) {
		/* ".zdebug_info" -> ".debug_info" */
		buf[0] = '.';
		memcpy(buf + 1, name + 2, len - 1);
		name = buf;
		*gnu_z = true;
	}
	for (i = 0; i < NR_SECS; i++)
		if (!strcmp(name, sec_names[i]))
			return (enum sec_id)i;
	return NR_SECS;
}

static int elf_fail(struct strbuf *err, const char *name, const char *what)
{
	strbuf_addf(err, "%s: %s: %s", name, what, elf_errmsg(-1));
	return -1;
}

/* The decompressed size of a compressed section, or -1 with a message. */
static int compressed_size(struct elfobj *o, Elf_Scn *scn, struct sec *s, struct strbuf *err)
{
	const char *name = sec_names[s - o->secs];

	if (s->shf_z) {
		GElf_Chdr chdr;

		if (!gelf_getchdr(scn, &chdr))
			return elf_fail(err, o->name, "compressed section header");
		if (chdr.ch_type == ELFCOMPRESS_ZLIB) {
			if (o->compression == DWARF_COMPRESS_NONE)
				o->compression = DWARF_COMPRESS_ZLIB;
		} else if (chdr.ch_type == 2 /* ELFCOMPRESS_ZSTD */) {
			if (o->compression == DWARF_COMPRESS_NONE)
				o->compression = DWARF_COMPRESS_ZSTD;
		} else {
			strbuf_addf(err, "%s: section %s: unknown compression type %u", o->name,
			            name, (unsigned)chdr.ch_type);
			return -1;
		}
		s->size = chdr.ch_size;
	} else {
		Elf_Data *raw = elf_rawdata(scn, NULL);

		if (!raw || raw->d_size < 12 || !raw->d_buf || memcmp(raw->d_buf, "ZLIB", 4)) {
			strbuf_addf(err, "%s: section %s: not a .zdebug (ZLIB) header", o->name,
			            name);
			return -1;
		}
		s->size = get_un((const unsigned char *)raw->d_buf + 4, 8, true);
		if (o->compression == DWARF_COMPRESS_NONE)
			o->compression = DWARF_COMPRESS_ZLIB_GNU;
	}
	if (s->size > DWARF_SOURCES_MAX_SECTION) {
		strbuf_addf(err, "%s: section %s: decompressed size %" PRIu64 " exceeds the limit",
		            o->name, name, s->size);
		return -1;
	}
	return 0;
}

/*
 * What libdwarf gets to see: what it needs for unit headers and the
 * attributes of unit DIEs (.debug_addr: clang's DW_FORM_addrx low_pc, which
 * libdwarf resolves when it sets up a unit). Not the line tables (read
 * here), nor the range and location lists, which libdwarf would otherwise
 * load and scan whole.
 */
static bool sec_for_libdwarf(enum sec_id id)
{
	switch (id) {
	case SEC_INFO:
	case SEC_ABBREV:
	case SEC_STR:
	case SEC_LINE_STR:
	case SEC_STR_OFFSETS:
	case SEC_ADDR:
	case SEC_INFO_DWO:
	case SEC_ABBREV_DWO:
	case SEC_STR_DWO:
	case SEC_STR_OFFSETS_DWO:
	case SEC_CU_INDEX:
	case SEC_TU_INDEX:
		return true;
	default:
		return false;
	}
}

/* Scan the section headers of an ELF descriptor. */
static int elfobj_setup(struct elfobj *o, Elf *elf, const char *name, struct strbuf *err)
{
	GElf_Ehdr eh;
	size_t shstrndx, i;
	Elf_Scn *scn = NULL;
	const char *ident;

	o->name = name;
	o->elf = elf;
	if (elf_kind(elf) == ELF_K_AR) {
		strbuf_addf(err, "%s: an archive: read its members one by one", name);
		return -1;
	}
	if (elf_kind(elf) != ELF_K_ELF) {
		strbuf_addf(err, "%s: not an ELF file", name);
		return -1;
	}
	if (!gelf_getehdr(elf, &eh))
		return elf_fail(err, name, "ELF header");
	ident = elf_getident(elf, NULL);
	if (!ident)
		return elf_fail(err, name, "ELF identification");
	o->eclass = (unsigned char)ident[EI_CLASS];
	o->big_endian = ident[EI_DATA] == ELFDATA2MSB;
	o->is_rel = eh.e_type == ET_REL;
	o->machine = eh.e_machine;
	if (elf_getshdrnum(elf, &o->shnum) || elf_getshdrstrndx(elf, &shstrndx))
		return elf_fail(err, name, "section headers");
	/* libelf pretends there are none when they lie beyond the end */
	if ((eh.e_shnum && o->shnum != eh.e_shnum) ||
	    (o->map && eh.e_shoff &&
	     (eh.e_shoff > o->map_size ||
	      (uint64_t)o->shnum * eh.e_shentsize > o->map_size - eh.e_shoff))) {
		strbuf_addf(err, "%s: section headers beyond the end of the file (truncated)",
		            name);
		return -1;
	}
	for (i = 1; i < o->shnum; i++) {
		GElf_Shdr sh;
		const char *sname;
		enum sec_id id;
		bool gnu_z;

		scn = elf_getscn(elf, i);
		if (!scn || !gelf_getshdr(scn, &sh))
			return elf_fail(err, name, "section headers (truncated file?)");
		sname = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!sname || (sh.sh_flags & SHF_GROUP) || sh.sh_type == SHT_NOBITS)
			continue;
		id = sec_lookup(sname, &gnu_z);
		if (id == NR_SECS || o->secs[id].ndx || sh.sh_size == 0)
			continue;
		o->secs[id].ndx = elf_ndxscn(scn);
		o->secs[id].gnu_z = gnu_z;
		o->secs[id].shf_z = (sh.sh_flags & SHF_COMPRESSED) != 0;
		o->secs[id].size = sh.sh_size;
		if ((gnu_z || o->secs[id].shf_z) && compressed_size(o, scn, &o->secs[id], err))
			return -1;
	}
	for (i = 0; i < NR_SECS; i++)
		if (o->secs[i].ndx && sec_for_libdwarf((enum sec_id)i))
			o->order[o->nr_order++] = (unsigned char)i;
	return 0;
}

static int elfobj_open_path(struct elfobj *o, const char *path, struct strbuf *err)
{
	struct stat st;

	o->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (o->fd < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(o->fd, &st)) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		strbuf_addf(err, "%s: not a regular file", path);
		return -1;
	}
	if (st.st_size == 0) {
		strbuf_addf(err, "%s: empty file, not ELF", path);
		return -1;
	}
	if ((uint64_t)st.st_size <= SIZE_MAX) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, o->fd, 0);

		if (m != MAP_FAILED) {
			o->map = m;
			o->map_size = (size_t)st.st_size;
		}
	}
	o->elf = elf_begin(o->fd, ELF_C_READ_MMAP, NULL);
	if (!o->elf)
		return elf_fail(err, path, "cannot read");
	return elfobj_setup(o, o->elf, path, err);
}

/* Bytes of ET_REL relocation type t of machine m, or 0 to leave it alone. */
static unsigned reloc_width(unsigned m, unsigned t)
{
	switch (m) {
	case EM_X86_64:
		return t == R_X86_64_64 ? 8 : (t == R_X86_64_32 || t == R_X86_64_32S) ? 4 : 0;
	case EM_386:
		return t == R_386_32 ? 4 : 0;
	case EM_ARM:
		return t == R_ARM_ABS32 ? 4 : 0;
	case EM_AARCH64:
		return t == R_AARCH64_ABS64 ? 8 : t == R_AARCH64_ABS32 ? 4 : 0;
	case EM_RISCV:
		return t == R_RISCV_64 ? 8 : t == R_RISCV_32 ? 4 : 0;
	case EM_PPC64:
		return t == R_PPC64_ADDR64 ? 8 : t == R_PPC64_ADDR32 ? 4 : 0;
	case EM_PPC:
		return t == R_PPC_ADDR32 ? 4 : 0;
	case EM_S390:
		return t == R_390_64 ? 8 : t == R_390_32 ? 4 : 0;
	case EM_LOONGARCH:
		return t == R_LARCH_64 ? 8 : t == R_LARCH_32 ? 4 : 0;
	default:
		return 0;
	}
}

/*
 * Apply the relocations of a relocatable object to buf, the copy of section
 * target: what makes offsets into .debug_str & co. right in a .o (RELA
 * targets keep the addend out of the section). Only absolute data
 * relocations are applied; section symbols have value 0 in a .o.
 */
static int relocate(struct elfobj *o, size_t target, unsigned char *buf, uint64_t size)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(o->elf, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *rd, *sd;
		Elf_Scn *symscn;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL) ||
		    sh.sh_info != target || (sh.sh_flags & SHF_ALLOC))
			continue;
		symscn = elf_getscn(o->elf, sh.sh_link);
		rd = elf_getdata(scn, NULL);
		sd = symscn ? elf_getdata(symscn, NULL) : NULL;
		if (!rd || !sd || !sh.sh_entsize) {
			strbuf_addf(&o->why, "relocation section %zu: %s", elf_ndxscn(scn),
			            elf_errmsg(-1));
			return -1;
		}
		n = sh.sh_size / sh.sh_entsize;
		for (i = 0; i < n; i++) {
			GElf_Rela r;
			GElf_Sym sym;
			unsigned w;
			uint64_t v;

			if (sh.sh_type == SHT_RELA) {
				if (!gelf_getrela(rd, (int)i, &r))
					break;
			} else {
				GElf_Rel rel;

				if (!gelf_getrel(rd, (int)i, &rel))
					break;
				r.r_offset = rel.r_offset;
				r.r_info = rel.r_info;
				r.r_addend = 0;
			}
			w = reloc_width(o->machine, (unsigned)GELF_R_TYPE(r.r_info));
			if (!w)
				continue;
			if (r.r_offset > size || size - r.r_offset < w ||
			    !gelf_getsym(sd, (int)GELF_R_SYM(r.r_info), &sym)) {
				strbuf_addf(&o->why,
				            "relocation %zu of section %zu: bad offset or symbol",
				            i, elf_ndxscn(scn));
				return -1;
			}
			v = sym.st_value + (uint64_t)r.r_addend;
			if (sh.sh_type == SHT_REL)
				v += get_un(buf + r.r_offset, w, o->big_endian);
			put_un(buf + r.r_offset, w, v, o->big_endian);
		}
		if (i < n) {
			strbuf_addf(&o->why, "relocation section %zu: %s", elf_ndxscn(scn),
			            elf_errmsg(-1));
			return -1;
		}
	}
	return 0;
}

/* Make o->secs[id] readable; -1 with the reason in o->why. */
static int sec_load(struct elfobj *o, enum sec_id id)
{
	struct sec *s = &o->secs[id];
	Elf_Scn *scn;
	Elf_Data *d;

	if (s->loaded)
		return 0;
	if (!s->ndx) {
		strbuf_reset(&o->why);
		strbuf_addf(&o->why, "no %s section", sec_names[id]);
		return -1;
	}
	if (s->failed)
		return -1;
	s->failed = true;
	strbuf_reset(&o->why);
	scn = elf_getscn(o->elf, s->ndx);
	if (!scn)
		goto elf_error;
	if (s->shf_z && elf_compress(scn, 0, 0) < 0) {
		strbuf_addf(&o->why, "%s (%s compressed): %s", sec_names[id],
		            dwarf_compression_name(o->compression), elf_errmsg(-1));
		return -1;
	}
	if (s->gnu_z && elf_compress_gnu(scn, 0, 0) < 0) {
		strbuf_addf(&o->why, "%s (zlib-gnu compressed): %s", sec_names[id], elf_errmsg(-1));
		return -1;
	}
	if (o->map && !s->shf_z && !s->gnu_z) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			goto elf_error;
		if (sh.sh_offset > o->map_size || sh.sh_size > o->map_size - sh.sh_offset) {
			strbuf_addf(&o->why, "%s: beyond the end of the file (truncated)",
			            sec_names[id]);
			return -1;
		}
		s->data = o->map + sh.sh_offset;
	} else {
		d = elf_getdata(scn, NULL);
		if (!d)
			goto elf_error;
		if (!d->d_buf || d->d_size != s->size || elf_getdata(scn, d)) {
			strbuf_addf(&o->why, "%s: size %zu instead of %" PRIu64 " (truncated?)",
			            sec_names[id], d->d_size, s->size);
			return -1;
		}
		s->data = d->d_buf;
	}
	if (o->is_rel) {
		s->owned = malloc(s->size ? s->size : 1);
		if (!s->owned) {
			strbuf_addf(&o->why, "%s: out of memory", sec_names[id]);
			return -1;
		}
		memcpy(s->owned, s->data, s->size);
		if (relocate(o, s->ndx, s->owned, s->size))
			return -1;
		s->data = s->owned;
	}
	s->loaded = true;
	s->failed = false;
	return 0;

elf_error:
	strbuf_addf(&o->why, "%s: %s", sec_names[id], elf_errmsg(-1));
	return -1;
}

/* st_dwarf_object callbacks */
static int lo_section(void *data, unsigned index, struct st_dwarf_section *sec)
{
	struct elfobj *o = data;
	unsigned id;

	if (!index || index > o->nr_order)
		return DW_DLV_NO_ENTRY;
	id = o->order[index - 1];
	sec->name = sec_names[id];
	sec->size = o->secs[id].size;
	return DW_DLV_OK;
}

static int lo_load(void *data, unsigned index, const unsigned char **bytes)
{
	struct elfobj *o = data;

	if (!index || index > o->nr_order)
		return DW_DLV_NO_ENTRY;
	if (sec_load(o, (enum sec_id)o->order[index - 1]))
		return DW_DLV_ERROR;
	*bytes = o->secs[o->order[index - 1]].data;
	return DW_DLV_OK;
}

/* Hand o's sections to libdwarf. */
static int lo_init(struct elfobj *o, unsigned group, Dwarf_Debug *dbg, Dwarf_Error *derr)
{
	size_t i;

	o->lo.data = o;
	o->lo.nr_sections = o->nr_order + 1;
	o->lo.big_endian = o->big_endian;
	o->lo.pointer_size = o->eclass == ELFCLASS64 ? 8 : 4;
	/* libdwarf checks offsets against it: all sections, decompressed */
	o->lo.filesize = (uint64_t)1 << 20;
	for (i = 0; i < o->nr_order; i++)
		o->lo.filesize += o->secs[o->order[i]].size;
	o->lo.section = lo_section;
	o->lo.load = lo_load;
	return st_dwarf_object_init(&o->lo, group, dbg, derr);
}

static bool has_info(const struct elfobj *o)
{
	return o->secs[SEC_INFO].ndx || o->secs[SEC_INFO_DWO].ndx;
}

/* ---- ELF notes: build-id and .gnu_debuglink ---- */

static int read_build_id(Elf *elf, char **hex)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t off = 0, name_off, desc_off;
		GElf_Nhdr nh;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		while ((off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
			const unsigned char *desc = (const unsigned char *)d->d_buf + desc_off;
			size_t i;

			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((const char *)d->d_buf + name_off, "GNU", 4) || !nh.n_descsz ||
			    nh.n_descsz > 64)
				continue;
			*hex = malloc(2 * nh.n_descsz + 1);
			if (!*hex)
				return -1;
			for (i = 0; i < nh.n_descsz; i++) {
				(*hex)[2 * i] = "0123456789abcdef"[desc[i] >> 4];
				(*hex)[2 * i + 1] = "0123456789abcdef"[desc[i] & 15];
			}
			(*hex)[2 * nh.n_descsz] = '\0';
			return 0;
		}
	}
	return 0;
}

static int read_debuglink(Elf *elf, bool big_endian, char **name, uint32_t *crc)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return 0;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *d;
		const char *sname, *p;
		size_t len, crc_off;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		sname = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!sname || strcmp(sname, ".gnu_debuglink"))
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf)
			return 0;
		p = d->d_buf;
		len = strnlen(p, d->d_size);
		crc_off = (len + 4) & ~(size_t)3;
		/* a name without '/' that fits, followed by the CRC */
		if (!len || crc_off + 4 > d->d_size || memchr(p, '/', len))
			return 0;
		*name = strndup(p, len);
		if (!*name)
			return -1;
		*crc = (uint32_t)get_un((const unsigned char *)p + crc_off, 4, big_endian);
		return 0;
	}
	return 0;
}

/* 1 when the file's CRC-32 (the .gnu_debuglink one, zlib's) is crc. */
static int file_crc_matches(const char *path, uint32_t crc)
{
	unsigned char *buf;
	uLong c = crc32(0, Z_NULL, 0);
	int fd, ok = 0;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	buf = malloc(CRC_CHUNK);
	if (buf) {
		while ((n = read(fd, buf, CRC_CHUNK)) > 0)
			c = crc32(c, buf, (uInt)n);
		ok = n == 0 && (uint32_t)c == crc;
		free(buf);
	}
	close(fd);
	return ok;
}

/* ---- reading DWARF ---- */

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

static int try_candidate(struct elfobj *sep, const char *candidate, const char *build_id,
                         bool check_crc, uint32_t crc);

/*
 * Open the alternate file named by run->dwarf's .gnu_debugaltlink (dwz -m):
 * the path it names (relative: to the file's directory), else
 * ROOT/.build-id/xx/yyyy.debug. 1 open, 0 none, -1 out of memory.
 */
static int open_alt(struct run *run)
{
	const char *root = run->opt->debug_root ? run->opt->debug_root : DEFAULT_DEBUG_ROOT;
	struct elfobj *o = run->dwarf;
	struct strbuf where = STRBUF_INIT;
	char *id = NULL;
	const char *link = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx, len = 0, idlen = 0, i;
	int found = 0;

	if (!o || !o->elf || elf_getshdrstrndx(o->elf, &shstrndx))
		return 0;
	while ((scn = elf_nextscn(o->elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *sname;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		sname = elf_strptr(o->elf, shstrndx, sh.sh_name);
		if (!sname || strcmp(sname, ".gnu_debugaltlink"))
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf)
			return 0;
		link = d->d_buf;
		len = strnlen(link, d->d_size);
		if (!len || len == d->d_size)
			return 0;
		idlen = d->d_size - len - 1;
		if (idlen > 64)
			return 0;
		id = malloc(2 * idlen + 1);
		if (!id)
			return -1;
		for (i = 0; i < idlen; i++)
			snprintf(id + 2 * i, 3, "%02x", ((const unsigned char *)link)[len + 1 + i]);
		id[2 * idlen] = '\0';
		break;
	}
	if (!link)
		return 0;
	if (is_abs(link)) {
		found = strbuf_add(&where, link, len);
	} else {
		const char *slash = strrchr(o->name, '/');

		if (slash)
			found = strbuf_add(&where, o->name, (size_t)(slash - o->name) + 1);
		if (!found)
			found = strbuf_add(&where, link, len);
	}
	if (found)
		goto oom;
	found = try_candidate(&run->alt, where.buf, idlen ? id : NULL, false, 0);
	if (!found && idlen > 1) {
		strbuf_reset(&where);
		if (strbuf_addf(&where, "%s/.build-id/%.2s/%s.debug", root, id, id + 2))
			goto oom;
		found = try_candidate(&run->alt, where.buf, id, false, 0);
	}
	goto cleanup;
oom:
	found = -1;
cleanup:
	free(id);
	strbuf_release(&where);
	return found;
}

/*
 * The string at off of the alternate file's .debug_str (DW_FORM_GNU_strp_alt,
 * DW_FORM_strp_sup): *s, or NULL with a warning when there is none. -1
 * when out of memory.
 */
static int alt_string(struct run *run, uint64_t off, const char **s)
{
	struct sec *str = &run->alt.secs[SEC_STR];

	*s = NULL;
	if (!run->alt_state) {
		int res = open_alt(run);

		if (res < 0)
			return -1;
		run->alt_state = res ? 1 : -1;
	}
	if (run->alt_state > 0 && !sec_load(&run->alt, SEC_STR) && off < str->size &&
	    memchr(str->data + off, 0, str->size - off)) {
		*s = (const char *)str->data + off;
		return 0;
	}
	strbuf_reset(&run->sb);
	if (strbuf_addf(&run->sb,
	                "%s: strings in the dwz alternate file (.gnu_debugaltlink) not available",
	                run->dwarf ? run->dwarf->name : "?"))
		return -1;
	return strvec_push(&run->out->warnings, run->sb.buf);
}

/* A cursor over section bytes; every read is checked. */
struct rd {
	const unsigned char *p, *end;
	bool be;
};

static bool rd_bytes(struct rd *r, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return false;
	r->p += n;
	return true;
}

static bool rd_un(struct rd *r, unsigned n, uint64_t *v)
{
	if ((size_t)(r->end - r->p) < n)
		return false;
	*v = get_un(r->p, n, r->be);
	r->p += n;
	return true;
}

static bool rd_uleb(struct rd *r, uint64_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while (r->p < r->end) {
		unsigned char b = *r->p++;

		if (shift < 64)
			*v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

static bool rd_cstr(struct rd *r, const char **s)
{
	const unsigned char *nul = memchr(r->p, 0, (size_t)(r->end - r->p));

	if (!nul)
		return false;
	*s = (const char *)r->p;
	r->p = nul + 1;
	return true;
}

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

__attribute__((format(printf, 2, 3))) static int line_fail(struct linectx *c, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(c->run->err, "%s: %s offset 0x%" PRIx64 ": ", c->o->name,
	            sec_names[c->dwo ? SEC_LINE_DWO : SEC_LINE], c->line_off);
	va_start(ap, fmt);
	strbuf_vaddf(c->run->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int string_at(struct linectx *c, enum sec_id id, uint64_t off, const char **s)
{
	struct sec *sec = &c->o->secs[id];
	const char *p;

	if (sec_load(c->o, id))
		return line_fail(c, "%s", c->o->why.buf);
	if (off >= sec->size)
		return line_fail(c, "string offset 0x%" PRIx64 " beyond %s", off, sec_names[id]);
	p = (const char *)sec->data + off;
	if (!memchr(p, 0, sec->size - off))
		return line_fail(c, "unterminated string in %s", sec_names[id]);
	*s = p;
	return 0;
}

static int string_index(struct linectx *c, uint64_t index, const char **s)
{
	enum sec_id id = c->dwo ? SEC_STR_OFFSETS_DWO : SEC_STR_OFFSETS;
	uint64_t base = c->has_str_offsets_base ? c->str_offsets_base : 2 * c->offset_size;
	struct sec *sec = &c->o->secs[id];
	uint64_t at;

	if (sec_load(c->o, id))
		return line_fail(c, "%s", c->o->why.buf);
	if (index > (sec->size / c->offset_size) || base > sec->size ||
	    (at = base + index * c->offset_size) > sec->size - c->offset_size)
		return line_fail(c, "string index out of %s", sec_names[id]);
	return string_at(c, c->dwo ? SEC_STR_DWO : SEC_STR,
	                 get_un(sec->data + at, c->offset_size, c->o->big_endian), s);
}

/*
 * One attribute value of a DWARF 5 directory or file entry. *s is set for
 * string forms (NULL for one in an alternate file), *num for constants.
 */
static int read_form(struct linectx *c, struct rd *r, uint64_t form, const char **s, uint64_t *num)
{
	uint64_t v = 0;

	*s = NULL;
	*num = 0;
	switch (form) {
	case DW_FORM_string:
		if (!rd_cstr(r, s))
			goto truncated;
		return 0;
	case DW_FORM_line_strp:
	case DW_FORM_strp:
		if (!rd_un(r, c->offset_size, &v))
			goto truncated;
		return string_at(
		    c, form == DW_FORM_strp ? (c->dwo ? SEC_STR_DWO : SEC_STR) : SEC_LINE_STR, v,
		    s);
	case DW_FORM_strp_sup:
	case DW_FORM_GNU_strp_alt:
		if (!rd_un(r, c->offset_size, &v))
			goto truncated;
		return alt_string(c->run, v, s);
	case DW_FORM_strx:
	case DW_FORM_GNU_str_index:
		if (!rd_uleb(r, &v))
			goto truncated;
		return string_index(c, v, s);
	case DW_FORM_strx1:
	case DW_FORM_strx2:
	case DW_FORM_strx3:
	case DW_FORM_strx4:
		if (!rd_un(r, (unsigned)(form - DW_FORM_strx1 + 1), &v))
			goto truncated;
		return string_index(c, v, s);
	case DW_FORM_udata:
	case DW_FORM_sdata:
		if (!rd_uleb(r, num))
			goto truncated;
		return 0;
	case DW_FORM_data1:
	case DW_FORM_flag:
		return rd_un(r, 1, num) ? 0 : -2;
	case DW_FORM_data2:
		return rd_un(r, 2, num) ? 0 : -2;
	case DW_FORM_data4:
		return rd_un(r, 4, num) ? 0 : -2;
	case DW_FORM_data8:
		return rd_un(r, 8, num) ? 0 : -2;
	case DW_FORM_sec_offset:
		return rd_un(r, c->offset_size, num) ? 0 : -2;
	case DW_FORM_data16:
		return rd_bytes(r, 16) ? 0 : -2;
	case DW_FORM_block:
		if (!rd_uleb(r, &v))
			goto truncated;
		return v <= (uint64_t)(r->end - r->p) && rd_bytes(r, (size_t)v) ? 0 : -2;
	case DW_FORM_block1:
	case DW_FORM_block2:
	case DW_FORM_block4: {
		unsigned n = form == DW_FORM_block1 ? 1 : form == DW_FORM_block2 ? 2 : 4;

		if (!rd_un(r, n, &v))
			goto truncated;
		return v <= (uint64_t)(r->end - r->p) && rd_bytes(r, (size_t)v) ? 0 : -2;
	}
	default:
		return line_fail(c, "unsupported form 0x%" PRIx64 " in the file table", form);
	}
truncated:
	return -2;
}

/* Join a file entry and keep it (normalised) in run->paths. */
static int add_entry(struct linectx *c, const char *name, uint64_t dir)
{
	struct strbuf *sb = &c->run->sb;
	const char *d = NULL, *base = NULL;

	if (!name)
		return 0; /* in a dwz alternate file we do not have: warned */
	if (!*name)
		return 0;
	if (name[0] == '<') {
		c->run->out->nr_pseudo++;
		return 0;
	}
	if (!is_abs(name)) {
		if (c->version >= 5) {
			if (dir >= c->nr_dirs)
				goto bad_dir;
			d = c->dirs[dir];
			if (d && !is_abs(d) && dir)
				base = c->dirs[0];
		} else if (dir == 0) {
			d = c->comp_dir;
		} else {
			if (dir > c->nr_dirs)
				goto bad_dir;
			d = c->dirs[dir - 1];
			if (d && !is_abs(d))
				base = c->comp_dir;
		}
	}
	strbuf_reset(sb);
	if (base && *base && path_join(sb, base, ""))
		return -1;
	if (d && *d && path_join(sb, d, ""))
		return -1;
	if (strbuf_addstr(sb, name))
		return -1;
	if (sb->len > DWARF_SOURCES_MAX_PATH)
		return line_fail(c, "path longer than %d bytes", DWARF_SOURCES_MAX_PATH);
	c->run->paths_bytes += sb->len + 1;
	if (c->run->out->path_bytes_ + c->run->paths_bytes > DWARF_SOURCES_MAX_PATH_BYTES)
		return line_fail(c, "more than %zu MiB of paths",
		                 DWARF_SOURCES_MAX_PATH_BYTES >> 20);
	path_normalize(sb->buf);
	return strvec_push(&c->run->paths, sb->buf);

bad_dir:
	return line_fail(c, "file \"%.200s\": directory index %" PRIu64 " of %" PRIu64, name, dir,
	                 c->nr_dirs);
}

/* DWARF 5: an entry format, then count entries of it. */
struct lnct {
	uint64_t type, form;
};

static int read_v5_table(struct linectx *c, struct rd *r, bool files)
{
	struct lnct fmt[256];
	uint64_t nfmt, count, i, j;
	int res = 0;

	if (!rd_un(r, 1, &nfmt))
		return -2;
	for (i = 0; i < nfmt; i++)
		if (!rd_uleb(r, &fmt[i].type) || !rd_uleb(r, &fmt[i].form))
			return -2;
	if (!rd_uleb(r, &count))
		return -2;
	/* every entry takes a byte at least: the count is bounded by the data */
	if (count && (!nfmt || count > (uint64_t)(r->end - r->p)))
		return line_fail(c, "%s count larger than the header",
		                 files ? "file" : "directory");
	if (!files) {
		c->dirs = calloc(count ? count : 1, sizeof(*c->dirs));
		if (!c->dirs)
			return -1;
		c->nr_dirs = count;
	}
	for (i = 0; i < count; i++) {
		const char *path = NULL;
		uint64_t dir = 0;

		for (j = 0; j < nfmt; j++) {
			const char *s;
			uint64_t num;

			res = read_form(c, r, fmt[j].form, &s, &num);
			if (res)
				return res;
			if (fmt[j].type == DW_LNCT_path)
				path = s;
			else if (fmt[j].type == DW_LNCT_directory_index)
				dir = num;
		}
		if (!files)
			c->dirs[i] = path;
		else if (add_entry(c, path, dir))
			return -1;
	}
	return 0;
}

static int read_v2_tables(struct linectx *c, struct rd *r)
{
	struct rd scan = *r;
	const char *s;
	uint64_t n = 0, i, dir, skip;

	/* include_directories: count first, then keep pointers */
	for (;;) {
		if (!rd_cstr(&scan, &s))
			return -2;
		if (!*s)
			break;
		n++;
	}
	c->dirs = calloc(n ? n : 1, sizeof(*c->dirs));
	if (!c->dirs)
		return -1;
	c->nr_dirs = n;
	for (i = 0; i < n; i++)
		rd_cstr(r, &c->dirs[i]);
	rd_bytes(r, 1);
	for (;;) {
		if (!rd_cstr(r, &s))
			return -2;
		if (!*s)
			return 0;
		if (!rd_uleb(r, &dir) || !rd_uleb(r, &skip) || !rd_uleb(r, &skip))
			return -2;
		if (add_entry(c, s, dir))
			return -1;
	}
}

/* Read the header of the line table at off into c->run->paths. */
static int read_line_table(struct linectx *c, uint64_t off)
{
	enum sec_id id = c->dwo ? SEC_LINE_DWO : SEC_LINE;
	struct sec *sec = &c->o->secs[id];
	struct rd r;
	uint64_t len, version, hlen, opcode_base;
	const unsigned char *hdr_end;
	int res;

	c->line_off = off;
	if (sec_load(c->o, id))
		return line_fail(c, "%s", c->o->why.buf);
	if (off >= sec->size)
		return line_fail(c, "%s", "DW_AT_stmt_list beyond the end of the section");
	r.p = sec->data + off;
	r.end = sec->data + sec->size;
	r.be = c->o->big_endian;
	if (!rd_un(&r, 4, &len))
		goto truncated;
	c->offset_size = 4;
	if (len == 0xffffffffu) {
		c->offset_size = 8;
		if (!rd_un(&r, 8, &len))
			goto truncated;
	} else if (len >= 0xfffffff0u) {
		return line_fail(c, "%s", "reserved unit length");
	}
	if (len > (uint64_t)(r.end - r.p))
		return line_fail(c, "%s", "unit length beyond the end of the section");
	r.end = r.p + len;
	if (!rd_un(&r, 2, &version))
		goto truncated;
	if (version < 2 || version > 5)
		return line_fail(c, "unsupported line table version %" PRIu64, version);
	c->version = (int)version;
	if (version >= 5 && !rd_bytes(&r, 2)) /* address_size, segment_selector_size */
		goto truncated;
	if (!rd_un(&r, c->offset_size, &hlen))
		goto truncated;
	if (hlen > (uint64_t)(r.end - r.p))
		return line_fail(c, "%s", "header length beyond the unit");
	hdr_end = r.p + hlen;
	r.end = hdr_end;
	/* min_inst_length, [max_ops], default_is_stmt, line_base, line_range */
	if (!rd_bytes(&r, version >= 4 ? 5 : 4) || !rd_un(&r, 1, &opcode_base))
		goto truncated;
	if (opcode_base && !rd_bytes(&r, (size_t)opcode_base - 1))
		goto truncated;
	if (version >= 5) {
		res = read_v5_table(c, &r, false);
		if (!res)
			res = read_v5_table(c, &r, true);
	} else {
		res = read_v2_tables(c, &r);
	}
	if (res == -2)
		goto truncated;
	return res;

truncated:
	return line_fail(c, "%s", "truncated line table header");
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
static int attr_string(struct run *run, Dwarf_Die die, Dwarf_Half at, char **out, Dwarf_Error *derr)
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
	struct linectx lc = {0};
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
		struct unit u = {0};
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
		uint64_t id = 0, stmt = 0;
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
		res = 0;
		if (!cu->name)
			res = attr_string(run, die, DW_AT_name, &cu->name, &derr);
		if (!res && !cu->producer)
			res = attr_string(run, die, DW_AT_producer, &cu->producer, &derr);
		if (!res && !cu->language) {
			Dwarf_Unsigned lang;
			int lres = dwarf_srclang(die, &lang, &derr);

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
			res = attr_offset(die, DW_AT_stmt_list, &stmt, &derr);
		if (res > 0) {
			struct linectx lc = {0};
			struct strbuf *saved = run->err;

			lc.run = run;
			lc.o = &o;
			lc.dwo = true;
			lc.comp_dir = cu->comp_dir;
			run->err = &msg;
			res = read_line_table(&lc, stmt);
			run->err = saved;
			free(lc.dirs);
			if (!res)
				res = flush_paths(run, path.buf, cu_index);
			else
				strvec_clear(&run->paths);
			run->paths_bytes = 0;
		}
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

/* ---- separate debug files ---- */

/* Open candidate when it is the debug file for build_id / crc. */
static int try_candidate(struct elfobj *sep, const char *candidate, const char *build_id,
                         bool check_crc, uint32_t crc)
{
	struct strbuf ignore = STRBUF_INIT;
	char *id = NULL;
	int ok = 0;

	if (access(candidate, R_OK))
		return 0;
	if (elfobj_open_path(sep, candidate, &ignore) || !has_info(sep))
		goto cleanup;
	if (read_build_id(sep->elf, &id))
		goto cleanup;
	if (build_id && id)
		ok = !strcmp(build_id, id);
	else if (check_crc)
		ok = file_crc_matches(candidate, crc);
	else
		ok = 1;
cleanup:
	free(id);
	strbuf_release(&ignore);
	if (!ok)
		elfobj_close(sep);
	return ok;
}

/*
 * Find the separate debug file of path. 1 found (sep open, *where set),
 * 0 none, -1 out of memory.
 */
static int find_separate(struct run *run, const char *path, struct elfobj *sep,
                         struct strbuf *where, enum dwarf_origin *origin)
{
	const char *root = run->opt->debug_root ? run->opt->debug_root : DEFAULT_DEBUG_ROOT;
	const char *id = run->out->build_id, *link = run->out->debuglink;
	struct strbuf dir = STRBUF_INIT;
	char *real = NULL;
	int found = 0;

	strbuf_reset(where);
	if (id && strlen(id) > 2) {
		if (strbuf_addf(where, "%s/.build-id/%.2s/%s.debug", root, id, id + 2))
			goto oom;
		if (try_candidate(sep, where->buf, id, false, 0)) {
			*origin = DWARF_FROM_BUILD_ID;
			found = 1;
			goto cleanup;
		}
	}
	if (!link)
		goto cleanup;
	real = realpath(path, NULL);
	{
		const char *p = real ? real : path;
		const char *slash = strrchr(p, '/');

		if (slash ? strbuf_add(&dir, p, slash == p ? 1 : (size_t)(slash - p))
		          : strbuf_addch(&dir, '.'))
			goto oom;
	}
	for (int i = 0; i < 3 && !found; i++) {
		int res;

		strbuf_reset(where);
		if (i == 0)
			res = path_join(where, dir.buf, link);
		else if (i == 1)
			res = strbuf_addf(where, "%s/.debug/%s", dir.buf, link);
		else if (dir.buf[0] == '/')
			res = strbuf_addf(where, "%s%s/%s", root, dir.buf, link);
		else
			break;
		if (res)
			goto oom;
		path_normalize(where->buf);
		where->len = strlen(where->buf);
		if (!strcmp(where->buf, path) || (real && !strcmp(where->buf, real)))
			continue; /* the file itself */
		found = try_candidate(sep, where->buf, id, true, run->out->debuglink_crc_);
	}
	if (found)
		*origin = DWARF_FROM_DEBUGLINK;
	goto cleanup;
oom:
	found = -1;
cleanup:
	free(real);
	strbuf_release(&dir);
	return found;
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

	if (read_build_id(elf, &out->build_id) ||
	    read_debuglink(elf, main->big_endian, &out->debuglink, &out->debuglink_crc_))
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
	run->dwarf = o;
	ret = read_units(run, o);
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
