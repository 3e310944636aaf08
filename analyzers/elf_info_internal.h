/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ELF_INFO_INTERNAL_H
#define SOUPTRACE_ELF_INFO_INTERNAL_H

/*
 * Private to the ELF facts (elf_info.h), which are two files: elf_info.c
 * (libelf setup, init/release, names, version names, files, archives) and
 * elf_reader.c (the reader of one ELF image: dynamic section, version
 * needs, notes, sections, segments).
 */
#include <stdbool.h>
#include <stdint.h>

#include <libelf.h>

#include "elf_info.h"
#include "strbuf.h"

/* libelf's last error, never NULL. */
static inline const char *elf_why(void)
{
	const char *m = elf_errmsg(-1);

	return m ? m : "unknown libelf error";
}

/* Whether [off, off + len) lies within size bytes. */
static inline bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Read one ELF image (a file or an archive member) into out: 0, or -1 with the reason in err. */
int ei_read_elf(Elf *elf, const char *name, struct elf_info *out, struct strbuf *err);

#endif
