/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: ELF and DWARF reading as souptrace scan does it. The
 * input is written to a memory file and read through its /proc path: the
 * ELF identity (elf_info), the archive reader when it is one, the DWARF
 * source list, and the loader resolution (sysroot: an empty directory, so
 * nothing outside is touched). Every input must give a result or an error
 * with a message, never a crash, a hang or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dwarf_sources.h"
#include "elf_info.h"
#include "ldso.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char empty_root[] = "/tmp/souptrace-fuzz-root-XXXXXX";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info info;
	struct strbuf err = STRBUF_INIT;
	char path[64];
	int fd, rc;

	if (empty_root[sizeof(empty_root) - 2] == 'X' && !mkdtemp(empty_root))
		abort();
	fd = memfd_create("fuzz-elf", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	elf_info_init(&info);
	rc = elf_info_read(path, &info, &err);
	if (rc < 0 && !err.len)
		__builtin_trap(); /* an error must say what went wrong */
	elf_info_release(&info);
	{
		/* the same bytes from memory (check reads small objects so): where
		 * both read it, the same answer (elf_info.h) */
		struct elf_info file;
		char *copy = malloc(size ? size : 1);
		int mrc;

		if (!copy)
			abort();
		memcpy(copy, data, size);
		elf_info_init(&file);
		mrc = elf_info_read_memory(path, copy, size, &info, NULL);
		if (mrc == ELF_INFO_OK && elf_info_read(path, &file, NULL) == ELF_INFO_OK &&
		    (file.type != info.type || file.has_contents != info.has_contents ||
		     file.no_section_headers != info.no_section_headers))
			__builtin_trap();
		if (mrc >= 0 && mrc != rc && rc >= 0)
			__builtin_trap(); /* a kind (ELF, archive, other) is told alike */
		elf_info_release(&file);
		elf_info_release(&info);
		free(copy);
	}
	if (rc == ELF_INFO_ARCHIVE) {
		struct elf_archive ar;

		elf_archive_init(&ar);
		strbuf_reset(&err);
		if (elf_archive_read(path, &ar, &err) < 0 && !err.len)
			__builtin_trap();
		elf_archive_release(&ar);
	}
	if (rc == ELF_INFO_OK) {
		struct dwarf_sources ds;
		static const char *const routines[] = { "main", "ns::f(int)" };
		struct dwarf_options opt = { empty_root, true, true, routines, 2 };
		struct ldso_config cfg = LDSO_CONFIG_INIT;
		struct ldso_tree tree;

		dwarf_sources_init(&ds);
		strbuf_reset(&err);
		if (dwarf_sources_read(path, &opt, &ds, &err) < 0 && !err.len)
			__builtin_trap();
		dwarf_sources_release(&ds);

		cfg.sysroot = empty_root;
		ldso_tree_init(&tree);
		strbuf_reset(&err);
		if (ldso_resolve(&cfg, path, &tree, &err) < 0 && !err.len)
			__builtin_trap();
		ldso_tree_release(&tree);
	}
	close(fd);
	strbuf_release(&err);
	return 0;
}
