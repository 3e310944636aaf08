/* SPDX-License-Identifier: Apache-2.0 */
/* The reader of one ELF image: dynamic section, version needs, notes, sections, segments. */
#include "elf_info_internal.h"

#include <ar.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_ids.h"
#include "banned.h"

/* systemd's package metadata note: https://systemd.io/ELF_PACKAGE_METADATA/ */
#define FDO_PACKAGE_METADATA 0xcafe1a7eu
/* Every Verneed and Vernaux entry takes 16 bytes in either class. */
#define VERSION_ENTRY_SIZE 16

/* ---- the reader ---- */

struct rd {
	Elf *elf;
	const char *name; /* for messages */
	const char *image;
	size_t size;
	struct elf_info *out;
	struct strbuf *err;
	size_t shstrndx;
	bool have_dynamic, have_verneed;
	size_t text_left; /* of ELF_INFO_MAX_TEXT */
};

__attribute__((format(printf, 2, 3))) static int rd_fail(struct rd *rd, const char *fmt, ...)
{
	va_list ap;

	if (!rd->err)
		return -1;
	strbuf_addf(rd->err, "%s: ", rd->name);
	va_start(ap, fmt);
	strbuf_vaddf(rd->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int rd_nomem(struct rd *rd)
{
	return rd_fail(rd, "out of memory");
}

/* Account for a string of len bytes about to be copied out (plus the
 * allocator's overhead), so a hostile file cannot make us copy one string
 * a million times. */
static int charge(struct rd *rd, size_t len)
{
	size_t cost = len + 32;

	if (len > rd->text_left || cost > rd->text_left)
		return rd_fail(rd, "more than %u bytes of strings: corrupt or hostile file?",
			       ELF_INFO_MAX_TEXT);
	rd->text_left -= cost;
	return 0;
}

static int set_str(struct rd *rd, char **dst, const char *s, size_t len)
{
	char *p;

	if (charge(rd, len))
		return -1;
	p = malloc(len + 1);
	if (!p)
		return rd_nomem(rd);
	memcpy(p, s, len);
	p[len] = '\0';
	free(*dst);
	*dst = p;
	return 0;
}

/* A string table: a section (through elf_strptr) or raw bytes of the image. */
struct strtab {
	size_t shndx; /* when raw is NULL */
	const char *raw;
	size_t raw_size;
};

static const char *strtab_get(struct rd *rd, const struct strtab *st, uint64_t off)
{
	const char *nul;

	if (!st->raw)
		return elf_strptr(rd->elf, st->shndx, (size_t)off);
	if (off >= st->raw_size)
		return NULL;
	nul = memchr(st->raw + off, '\0', st->raw_size - off);
	return nul ? st->raw + off : NULL;
}

static int split_path_list(struct rd *rd, const char *s, struct strvec *out)
{
	for (;;) {
		const char *colon = strchr(s, ':');
		size_t n = colon ? (size_t)(colon - s) : strlen(s);

		if (charge(rd, n))
			return -1;
		if (strvec_pushn(out, s, n))
			return rd_nomem(rd);
		if (!colon)
			return 0;
		s = colon + 1;
	}
}

static int read_dynamic(struct rd *rd, Elf_Data *d, const struct strtab *st, const char *where)
{
	struct elf_info *out = rd->out;
	size_t entsz = gelf_fsize(rd->elf, ELF_T_DYN, 1, EV_CURRENT);
	size_t n;

	if (!entsz)
		return rd_fail(rd, "%s: %s", where, elf_why());
	n = d->d_size / entsz;
	if (n > INT_MAX)
		return rd_fail(rd, "%s: size 0x%zx is too large", where, d->d_size);
	out->has_dynamic = true;
	for (size_t i = 0; i < n; i++) {
		GElf_Dyn dyn;
		const char *s, *tag;
		char **dst = NULL;

		if (!gelf_getdyn(d, (int)i, &dyn))
			return rd_fail(rd, "%s: entry %zu: %s", where, i, elf_why());
		switch (dyn.d_tag) {
		case DT_NULL:
			i = n;
			continue;
		case DT_FLAGS:
			out->dt_flags = dyn.d_un.d_val;
			continue;
		case DT_FLAGS_1:
			out->dt_flags_1 = dyn.d_un.d_val;
			continue;
		case DT_NEEDED:
			tag = "DT_NEEDED";
			break;
		case DT_SONAME:
			tag = "DT_SONAME";
			dst = &out->soname;
			break;
		case DT_RPATH:
			tag = "DT_RPATH";
			dst = &out->rpath;
			break;
		case DT_RUNPATH:
			tag = "DT_RUNPATH";
			dst = &out->runpath;
			break;
		default:
			continue;
		}
		s = strtab_get(rd, st, dyn.d_un.d_val);
		if (!s)
			return rd_fail(rd,
				       "%s: entry %zu: %s string offset 0x%llx is outside the "
				       "string table",
				       where, i, tag, (unsigned long long)dyn.d_un.d_val);
		if (!dst) {
			if (charge(rd, strlen(s)))
				return -1;
			if (strvec_push(&out->needed, s))
				return rd_nomem(rd);
		} else if (!*dst && set_str(rd, dst, s, strlen(s))) {
			return -1;
		}
	}
	if (out->rpath && split_path_list(rd, out->rpath, &out->rpath_dirs))
		return -1;
	if (out->runpath && split_path_list(rd, out->runpath, &out->runpath_dirs))
		return -1;
	return 0;
}

static int read_dynamic_section(struct rd *rd, Elf_Scn *scn, const GElf_Shdr *sh, const char *where)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	struct strtab st = { sh->sh_link, NULL, 0 };

	if (!d)
		return rd_fail(rd, "%s: %s", where, elf_why());
	return read_dynamic(rd, d, &st, where);
}

/* File offset of virtual address vaddr through the PT_LOAD segments. */
static int vaddr_to_offset(struct rd *rd, size_t phnum, uint64_t vaddr, uint64_t *off,
			   uint64_t *avail)
{
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(rd->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (vaddr >= ph.p_vaddr && vaddr - ph.p_vaddr < ph.p_filesz) {
			*off = ph.p_offset + (vaddr - ph.p_vaddr);
			*avail = ph.p_filesz - (vaddr - ph.p_vaddr);
			return 0;
		}
	}
	return -1;
}

/* No section headers: the dynamic section through PT_DYNAMIC. */
static int read_dynamic_segment(struct rd *rd, size_t phnum, const GElf_Phdr *ph)
{
	const char *where = "PT_DYNAMIC";
	Elf_Data *d = elf_getdata_rawchunk(rd->elf, (int64_t)ph->p_offset, ph->p_filesz, ELF_T_DYN);
	size_t entsz = gelf_fsize(rd->elf, ELF_T_DYN, 1, EV_CURRENT);
	uint64_t strtab = 0, strsz = 0, off, avail;
	bool have_strtab = false;
	struct strtab st = { 0, NULL, 0 };

	if (!d || !entsz)
		return rd_fail(rd, "%s at offset 0x%llx: %s", where,
			       (unsigned long long)ph->p_offset, elf_why());
	for (size_t i = 0; i < d->d_size / entsz; i++) {
		GElf_Dyn dyn;

		if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_STRTAB) {
			strtab = dyn.d_un.d_ptr;
			have_strtab = true;
		} else if (dyn.d_tag == DT_STRSZ) {
			strsz = dyn.d_un.d_val;
		}
	}
	if (have_strtab) {
		if (vaddr_to_offset(rd, phnum, strtab, &off, &avail))
			return rd_fail(rd, "%s: DT_STRTAB address 0x%llx is in no PT_LOAD segment",
				       where, (unsigned long long)strtab);
		if (strsz > avail || !range_ok(off, strsz, rd->size))
			return rd_fail(rd,
				       "%s: DT_STRTAB at offset 0x%llx, DT_STRSZ 0x%llx: past the "
				       "end of its segment or the file",
				       where, (unsigned long long)off, (unsigned long long)strsz);
		st.raw = rd->image + off;
		st.raw_size = (size_t)strsz;
	} else {
		st.raw = rd->image; /* no string table: every string lookup fails */
		st.raw_size = 0;
	}
	return read_dynamic(rd, d, &st, where);
}

static int read_verneed(struct rd *rd, Elf_Scn *scn, const GElf_Shdr *sh, const char *where)
{
	struct elf_info *out = rd->out;
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t off = 0, count = 0, budget;

	if (!d)
		return rd_fail(rd, "%s: %s", where, elf_why());
	if (d->d_size > INT_MAX)
		return rd_fail(rd, "%s: size 0x%zx is too large", where, d->d_size);
	/* Every entry takes 16 bytes: more than fit means a loop. */
	budget = d->d_size / VERSION_ENTRY_SIZE;
	while (d->d_size && (!sh->sh_info || count < sh->sh_info)) {
		GElf_Verneed vn;
		struct elf_verneed *e;
		const char *file;
		size_t aoff;

		if (!budget--)
			return rd_fail(rd, "%s: more entries than fit in the section", where);
		if (off >= d->d_size || !gelf_getverneed(d, (int)off, &vn))
			return rd_fail(rd, "%s: entry at offset 0x%zx is outside the section",
				       where, off);
		file = elf_strptr(rd->elf, sh->sh_link, vn.vn_file);
		if (!file)
			return rd_fail(rd,
				       "%s: entry at offset 0x%zx: file name offset 0x%x is "
				       "outside the string table",
				       where, off, (unsigned)vn.vn_file);
		if (out->nr_verneed % 8 == 0) {
			struct elf_verneed *p =
				realloc(out->verneed, (out->nr_verneed + 8) * sizeof(*p));

			if (!p)
				return rd_nomem(rd);
			out->verneed = p;
		}
		if (charge(rd, strlen(file)))
			return -1;
		e = &out->verneed[out->nr_verneed];
		strvec_init(&e->versions);
		e->file = strdup(file);
		if (!e->file)
			return rd_nomem(rd);
		out->nr_verneed++;
		if (vn.vn_aux > d->d_size - off)
			return rd_fail(rd,
				       "%s: entry at offset 0x%zx: vn_aux 0x%x is past the section",
				       where, off, (unsigned)vn.vn_aux);
		aoff = off + vn.vn_aux;
		for (unsigned j = 0; j < vn.vn_cnt; j++) {
			GElf_Vernaux va;
			const char *name;

			if (!budget--)
				return rd_fail(rd, "%s: more entries than fit in the section",
					       where);
			if (aoff >= d->d_size || !gelf_getvernaux(d, (int)aoff, &va))
				return rd_fail(rd,
					       "%s: auxiliary entry at offset 0x%zx is outside the "
					       "section",
					       where, aoff);
			name = elf_strptr(rd->elf, sh->sh_link, va.vna_name);
			if (!name)
				return rd_fail(rd,
					       "%s: auxiliary entry at offset 0x%zx: name offset "
					       "0x%x is outside the string table",
					       where, aoff, (unsigned)va.vna_name);
			if (charge(rd, strlen(name)))
				return -1;
			if (strvec_push(&e->versions, name))
				return rd_nomem(rd);
			if (!va.vna_next)
				break;
			if (va.vna_next > d->d_size - aoff)
				return rd_fail(rd,
					       "%s: auxiliary entry at offset 0x%zx: vna_next 0x%x "
					       "is past the section",
					       where, aoff, (unsigned)va.vna_next);
			aoff += va.vna_next;
		}
		count++;
		if (!vn.vn_next)
			break;
		if (vn.vn_next > d->d_size - off)
			return rd_fail(
				rd, "%s: entry at offset 0x%zx: vn_next 0x%x is past the section",
				where, off, (unsigned)vn.vn_next);
		off += vn.vn_next;
	}
	return 0;
}

static int read_notes(struct rd *rd, Elf_Data *d)
{
	struct elf_info *out = rd->out;
	size_t off = 0, next, name_off, desc_off;
	GElf_Nhdr nh;

	while (off < d->d_size && (next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)d->d_buf + name_off;
		const unsigned char *desc = (const unsigned char *)d->d_buf + desc_off;

		if (elf_note_is_build_id(&nh, name) && !out->build_id) {
			if (charge(rd, (size_t)nh.n_descsz * 2))
				return -1;
			out->build_id = elf_build_id_hex(desc, nh.n_descsz);
			if (!out->build_id)
				return rd_nomem(rd);
		} else if (nh.n_namesz == 4 && !memcmp(name, "FDO", 4) &&
			   nh.n_type == FDO_PACKAGE_METADATA && !out->package_note) {
			size_t len = strnlen((const char *)desc, nh.n_descsz);

			if (set_str(rd, &out->package_note, (const char *)desc, len))
				return -1;
		}
		off = next;
	}
	return 0;
}

static int read_note_section(struct rd *rd, Elf_Scn *scn, const char *where)
{
	Elf_Data *d = elf_getdata(scn, NULL);

	if (!d)
		return rd_fail(rd, "%s: %s", where, elf_why());
	return read_notes(rd, d);
}

static int read_comment(struct rd *rd, Elf_Scn *scn, const char *where)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	const char *p, *end;

	if (!d)
		return rd_fail(rd, "%s: %s", where, elf_why());
	if (!d->d_buf || !d->d_size)
		return 0;
	p = d->d_buf;
	end = p + d->d_size;
	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);

		if (n && charge(rd, n))
			return -1;
		if (n && strvec_pushn(&rd->out->comments, p, n))
			return rd_nomem(rd);
		p += n + 1;
	}
	if (strvec_uniq(&rd->out->comments))
		return rd_nomem(rd);
	return 0;
}

static int read_debuglink(struct rd *rd, Elf_Scn *scn, const char *where)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t len;
	uint32_t crc;

	if (!d)
		return rd_fail(rd, "%s: %s", where, elf_why());
	switch (elf_debuglink_decode(d->d_buf, d->d_size, rd->out->data == ELFDATA2MSB, &len,
				     &crc)) {
	case ELF_DEBUGLINK_NO_NUL:
		return rd_fail(rd, "%s: the file name is not NUL-terminated", where);
	case ELF_DEBUGLINK_NO_CRC:
		return rd_fail(rd, "%s: no CRC after the file name (section size 0x%zx)", where,
			       d->d_size);
	case ELF_DEBUGLINK_OK:
		break;
	}
	if (set_str(rd, &rd->out->debuglink, d->d_buf, len))
		return -1;
	rd->out->debuglink_crc = crc;
	return 0;
}

static void note_debug_section(struct elf_info *out, const char *name, const GElf_Shdr *sh)
{
	const char *rest;

	if (!strncmp(name, ".debug_", 7)) {
		rest = name + 7;
		if (sh->sh_flags & SHF_COMPRESSED)
			out->debug_compressed = true;
	} else if (!strncmp(name, ".zdebug_", 8)) {
		rest = name + 8;
		out->debug_zdebug = true;
	} else {
		return;
	}
	out->has_debug = true;
	if (!strcmp(rest, "info"))
		out->has_debug_info = true;
	else if (!strcmp(rest, "line"))
		out->has_debug_line = true;
}

/* "section [IDX] 'NAME'" for a section reader's messages; NULL when out of memory. */
static const char *section_where(struct rd *rd, struct strbuf *where, size_t idx, const char *name)
{
	strbuf_reset(where);
	if (strbuf_addf(where, "section [%zu] '%s'", idx, name)) {
		rd_nomem(rd);
		return NULL;
	}
	return where->buf;
}

/* Each section's kind and the few whose contents matter (formatted names only for those). */
static int read_sections(struct rd *rd)
{
	struct elf_info *out = rd->out;
	struct strbuf where = STRBUF_INIT;
	size_t shnum;
	Elf_Scn *scn = NULL;
	int ret = -1;

	if (elf_getshdrnum(rd->elf, &shnum))
		return rd_fail(rd, "section header table: %s", elf_why());
	if (shnum == 0) {
		out->no_section_headers = true;
		return 0;
	}
	if (elf_getshdrstrndx(rd->elf, &rd->shstrndx))
		return rd_fail(rd, "section name table index: %s", elf_why());
	while ((scn = elf_nextscn(rd->elf, scn)) != NULL) {
		size_t idx = elf_ndxscn(scn);
		const char *name = "", *w;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh)) {
			rd_fail(rd, "section [%zu]: header: %s", idx, elf_why());
			goto cleanup;
		}
		if (rd->shstrndx != SHN_UNDEF) {
			name = elf_strptr(rd->elf, rd->shstrndx, sh.sh_name);
			if (!name) {
				rd_fail(rd,
					"section [%zu]: name offset 0x%x is outside the section "
					"name table",
					idx, (unsigned)sh.sh_name);
				goto cleanup;
			}
		}
		if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL &&
		    !range_ok(sh.sh_offset, sh.sh_size, rd->size)) {
			rd_fail(rd,
				"section [%zu] '%s' at offset 0x%llx, size 0x%llx: past the end of "
				"the file (size 0x%zx): truncated?",
				idx, name, (unsigned long long)sh.sh_offset,
				(unsigned long long)sh.sh_size, rd->size);
			goto cleanup;
		}
		/* code or data; or GCC's LTO bytecode (a -flto object has no
		 * loadable section of its own: its code is in .gnu.lto_*) */
		if (sh.sh_size > 0 && (((sh.sh_flags & SHF_ALLOC) && sh.sh_type != SHT_NOTE) ||
				       !strncmp(name, ".gnu.lto_", 9)))
			out->has_contents = true;
		switch (sh.sh_type) {
		case SHT_DYNAMIC:
			if (!rd->have_dynamic) {
				rd->have_dynamic = true;
				if (!(w = section_where(rd, &where, idx, name)) ||
				    read_dynamic_section(rd, scn, &sh, w))
					goto cleanup;
			}
			continue;
		case SHT_GNU_verneed:
			if (!rd->have_verneed) {
				rd->have_verneed = true;
				if (!(w = section_where(rd, &where, idx, name)) ||
				    read_verneed(rd, scn, &sh, w))
					goto cleanup;
			}
			continue;
		case SHT_NOTE:
			if (!(w = section_where(rd, &where, idx, name)) ||
			    read_note_section(rd, scn, w))
				goto cleanup;
			continue;
		case SHT_SYMTAB:
			out->has_symtab = true;
			continue;
		default:
			break;
		}
		if (!strcmp(name, ".comment") && sh.sh_type == SHT_PROGBITS) {
			if (!(w = section_where(rd, &where, idx, name)) || read_comment(rd, scn, w))
				goto cleanup;
		} else if (!strcmp(name, ".gnu_debuglink") && sh.sh_type == SHT_PROGBITS) {
			if (!out->debuglink && (!(w = section_where(rd, &where, idx, name)) ||
						read_debuglink(rd, scn, w)))
				goto cleanup;
		} else {
			note_debug_section(out, name, &sh);
		}
	}
	ret = 0;
cleanup:
	strbuf_release(&where);
	return ret;
}

static const char *segment_name(uint32_t type)
{
	switch (type) {
	case PT_LOAD:
		return "PT_LOAD";
	case PT_DYNAMIC:
		return "PT_DYNAMIC";
	case PT_INTERP:
		return "PT_INTERP";
	case PT_NOTE:
		return "PT_NOTE";
	default:
		return "segment";
	}
}

/*
 * The program headers. First pass: check every segment's file range (a
 * cheap truncation check). Second pass, after the sections: PT_INTERP, and
 * PT_DYNAMIC and PT_NOTE when there are no section headers.
 */
static int read_segments(struct rd *rd, bool second_pass)
{
	struct elf_info *out = rd->out;
	size_t phnum;

	if (elf_getphdrnum(rd->elf, &phnum))
		return rd_fail(rd, "program header table: %s", elf_why());
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(rd->elf, (int)i, &ph))
			return rd_fail(rd, "program header [%zu]: %s", i, elf_why());
		if (ph.p_type == PT_NULL)
			continue;
		if (!range_ok(ph.p_offset, ph.p_filesz, rd->size))
			return rd_fail(rd,
				       "program header [%zu] %s at offset 0x%llx, size 0x%llx: "
				       "past the end of the file (size 0x%zx): truncated?",
				       i, segment_name(ph.p_type), (unsigned long long)ph.p_offset,
				       (unsigned long long)ph.p_filesz, rd->size);
		if (!second_pass)
			continue;
		if (ph.p_type == PT_INTERP && !out->interp) {
			const char *s = rd->image + ph.p_offset;

			if (set_str(rd, &out->interp, s, strnlen(s, (size_t)ph.p_filesz)))
				return -1;
		} else if (ph.p_type == PT_DYNAMIC && out->no_section_headers &&
			   !rd->have_dynamic) {
			rd->have_dynamic = true;
			if (read_dynamic_segment(rd, phnum, &ph))
				return -1;
		} else if (ph.p_type == PT_NOTE && out->no_section_headers) {
			Elf_Data *d =
				elf_getdata_rawchunk(rd->elf, (int64_t)ph.p_offset, ph.p_filesz,
						     ph.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR);

			if (!d)
				return rd_fail(rd, "program header [%zu] PT_NOTE: %s", i,
					       elf_why());
			if (read_notes(rd, d))
				return -1;
		}
	}
	return 0;
}

/*
 * The header tables must lie in the file: libelf quietly treats a section
 * header table past the end as "no sections" and clamps a truncated program
 * header table.
 */
static int check_tables(struct rd *rd, const GElf_Ehdr *eh)
{
	size_t shsz = gelf_fsize(rd->elf, ELF_T_SHDR, 1, EV_CURRENT);
	size_t phsz = gelf_fsize(rd->elf, ELF_T_PHDR, 1, EV_CURRENT);
	size_t n;

	if (eh->e_shoff) {
		if (eh->e_shentsize != shsz)
			return rd_fail(rd, "ELF header: e_shentsize %u, expected %zu",
				       (unsigned)eh->e_shentsize, shsz);
		/* e_shnum 0: the count is in section 0, which must be there */
		n = eh->e_shnum ? eh->e_shnum : 1;
		if (!range_ok(eh->e_shoff, (uint64_t)n * shsz, rd->size))
			return rd_fail(rd,
				       "section header table at offset 0x%llx (%zu entries): past "
				       "the end of the file (size 0x%zx): truncated?",
				       (unsigned long long)eh->e_shoff, n, rd->size);
		if (elf_getshdrnum(rd->elf, &n))
			return rd_fail(rd, "section header table: %s", elf_why());
		if (!range_ok(eh->e_shoff, (uint64_t)n * shsz, rd->size))
			return rd_fail(rd,
				       "section header table at offset 0x%llx (%zu entries): past "
				       "the end of the file (size 0x%zx): truncated?",
				       (unsigned long long)eh->e_shoff, n, rd->size);
	}
	if (eh->e_phnum) {
		if (eh->e_phentsize != phsz)
			return rd_fail(rd, "ELF header: e_phentsize %u, expected %zu",
				       (unsigned)eh->e_phentsize, phsz);
		n = eh->e_phnum;
		if (n == PN_XNUM && elf_getphdrnum(rd->elf, &n))
			return rd_fail(rd, "program header table: %s", elf_why());
		if (!eh->e_phoff || !range_ok(eh->e_phoff, (uint64_t)n * phsz, rd->size))
			return rd_fail(rd,
				       "program header table at offset 0x%llx (%zu entries): past "
				       "the end of the file (size 0x%zx): truncated?",
				       (unsigned long long)eh->e_phoff, n, rd->size);
	}
	return 0;
}

/* Read one ELF image (a file or an archive member) into out. */
int ei_read_elf(Elf *elf, const char *name, struct elf_info *out, struct strbuf *err)
{
	struct rd rd = { elf, name, NULL, 0, out, err, 0, false, false, ELF_INFO_MAX_TEXT };
	GElf_Ehdr eh;

	rd.image = elf_rawfile(elf, &rd.size);
	if (!rd.image)
		return rd_fail(&rd, "%s", elf_why());
	if (!gelf_getehdr(elf, &eh))
		return rd_fail(&rd, "ELF header: %s", elf_why());
	out->elf_class = eh.e_ident[EI_CLASS];
	out->data = eh.e_ident[EI_DATA];
	out->osabi = eh.e_ident[EI_OSABI];
	if (out->elf_class != ELFCLASS32 && out->elf_class != ELFCLASS64)
		return rd_fail(&rd, "ELF header: unknown class %u", out->elf_class);
	if (out->data != ELFDATA2LSB && out->data != ELFDATA2MSB)
		return rd_fail(&rd, "ELF header: unknown data encoding %u", out->data);
	out->type = eh.e_type;
	out->machine = eh.e_machine;
	out->machine_name = elf_machine_name(eh.e_machine);
	out->e_flags = (uint32_t)eh.e_flags;
	if (check_tables(&rd, &eh))
		return -1;

	/* Segment ranges first (a cheap truncation check), then sections, then
	 * what only segments give. */
	if (read_segments(&rd, false) || read_sections(&rd) || read_segments(&rd, true))
		return -1;
	if (out->type == ET_DYN)
		out->pie = (out->dt_flags_1 & DF_1_PIE) || (out->interp && !out->soname);
	return 0;
}
