/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ELF_IDS_H
#define SOUPTRACE_ELF_IDS_H

/*
 * The two ways an ELF file names its separate debug file: the GNU build-id
 * note and the .gnu_debuglink section. One decoder for both readers: the
 * ELF facts (elf_reader.c, which reports a malformed section) and the
 * search for DWARF (dwarf_sources.c, dwarf_debugfile.c, which passes over
 * what it cannot use). No I/O besides libelf's view of the file.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gelf.h>
#include <libelf.h>

/* Whether a note (its header and name bytes) is a GNU build-id with a descriptor. */
bool elf_note_is_build_id(const GElf_Nhdr *nh, const void *name);

/* A build-id's descriptor bytes as lowercase hex, allocated; NULL when memory ran out. */
char *elf_build_id_hex(const unsigned char *desc, size_t len);

/* What .gnu_debuglink holds: "NAME\0", padding to 4 bytes, the CRC-32 in the file's byte order. */
enum elf_debuglink_status {
	ELF_DEBUGLINK_OK,
	ELF_DEBUGLINK_NO_NUL, /* the file name is not NUL-terminated (or no data) */
	ELF_DEBUGLINK_NO_CRC, /* no room for the CRC after the file name */
};

/* Decode the section's size bytes at buf (NULL: none): on OK, the name's length and the CRC. */
enum elf_debuglink_status elf_debuglink_decode(const void *buf, size_t size, bool big_endian,
					       size_t *name_len, uint32_t *crc);

/*
 * The first build-id of elf's SHT_NOTE sections as hex (*hex allocated,
 * NULL when none; a descriptor over 64 bytes is passed over). 0, or -1
 * (out of memory).
 */
int elf_find_build_id(Elf *elf, char **hex);

/*
 * elf's .gnu_debuglink: *name allocated and *crc; *name NULL when there is
 * none or it cannot be used (malformed, an empty name, a name with a '/').
 * 0, or -1 (out of memory).
 */
int elf_find_debuglink(Elf *elf, bool big_endian, char **name, uint32_t *crc);

#endif
