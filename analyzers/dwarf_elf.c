/* SPDX-License-Identifier: Apache-2.0 */
/* An ELF file's DWARF sections and its debug link's CRC check (dwarf_internal.h). */
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
#include "pathutil.h"
#include "banned.h"

const char *const sec_names[NR_SECS] = {
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

/* ---- ELF files ---- */

void elfobj_close(struct elfobj *o)
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
int elfobj_setup(struct elfobj *o, Elf *elf, const char *name, struct strbuf *err)
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

int elfobj_open_path(struct elfobj *o, const char *path, struct strbuf *err)
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
int sec_load(struct elfobj *o, enum sec_id id)
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
int lo_init(struct elfobj *o, unsigned group, Dwarf_Debug *dbg, Dwarf_Error *derr)
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

bool has_info(const struct elfobj *o)
{
	return o->secs[SEC_INFO].ndx || o->secs[SEC_INFO_DWO].ndx;
}

/* 1 when the file's CRC-32 (the .gnu_debuglink one, zlib's) is crc. */
int file_crc_matches(const char *path, uint32_t crc)
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
