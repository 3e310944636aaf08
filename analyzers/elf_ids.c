/* SPDX-License-Identifier: Apache-2.0 */
/* The GNU build-id note and .gnu_debuglink, decoded (elf_ids.h). */
#include "elf_ids.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* A build-id longer than this is not one (GNU ld writes 16 or 20 bytes, at most 64 in use). */
#define MAX_BUILD_ID 64

bool elf_note_is_build_id(const GElf_Nhdr *nh, const void *name)
{
	return nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && !memcmp(name, "GNU", 4) &&
	       nh->n_descsz > 0;
}

char *elf_build_id_hex(const unsigned char *desc, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *p = malloc(2 * len + 1);

	if (!p)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		p[2 * i] = hex[desc[i] >> 4];
		p[2 * i + 1] = hex[desc[i] & 15];
	}
	p[2 * len] = '\0';
	return p;
}

enum elf_debuglink_status elf_debuglink_decode(const void *buf, size_t size, bool big_endian,
					       size_t *name_len, uint32_t *crc)
{
	const unsigned char *p = buf;
	size_t len = p ? strnlen(buf, size) : 0, crc_off;

	if (!p || len == size)
		return ELF_DEBUGLINK_NO_NUL;
	crc_off = (len + 4) & ~(size_t)3;
	if (crc_off > size || size - crc_off < 4)
		return ELF_DEBUGLINK_NO_CRC;
	p += crc_off;
	*name_len = len;
	if (big_endian)
		*crc = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	else
		*crc = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
	return ELF_DEBUGLINK_OK;
}

int elf_find_build_id(Elf *elf, char **hex)
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

			if (!elf_note_is_build_id(&nh, (const char *)d->d_buf + name_off) ||
			    nh.n_descsz > MAX_BUILD_ID)
				continue;
			*hex = elf_build_id_hex(desc, nh.n_descsz);
			return *hex ? 0 : -1;
		}
	}
	return 0;
}

int elf_find_debuglink(Elf *elf, bool big_endian, char **name, uint32_t *crc)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return 0;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *d;
		const char *sname;
		size_t len;
		uint32_t c;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		sname = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!sname || strcmp(sname, ".gnu_debuglink"))
			continue;
		d = elf_getdata(scn, NULL);
		/* a name without '/' that fits, followed by the CRC */
		if (!d || elf_debuglink_decode(d->d_buf, d->d_size, big_endian, &len, &c) || !len ||
		    memchr(d->d_buf, '/', len))
			return 0;
		*name = strndup(d->d_buf, len);
		if (!*name)
			return -1;
		*crc = c;
		return 0;
	}
	return 0;
}
