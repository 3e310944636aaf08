/* SPDX-License-Identifier: Apache-2.0 */
#include "fileid.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "banned.h"

#define MAX_PHDRS 1024
#define MAX_NOTE_SEGMENT (1u << 20)

void file_id_sha256(const void *data, size_t len, char out[65])
{
	struct sha256 s;
	unsigned char d[32];

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, d);
	digest_hex(d, sizeof(d), out);
}

static bool read_at(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

/* An NT_GNU_BUILD_ID note among notes[0..len), 4-byte aligned (8 is accepted too). */
static bool find_build_id(const unsigned char *p, size_t len, uint64_t align, char out[129])
{
	size_t off = 0;

	if (align != 8)
		align = 4;
	while (len - off >= 12) {
		uint32_t namesz, descsz, type;
		size_t name_end, desc_end;

		memcpy(&namesz, p + off, 4);
		memcpy(&descsz, p + off + 4, 4);
		memcpy(&type, p + off + 8, 4);
		off += 12;
		if (namesz > len - off)
			return false;
		name_end = off + ((namesz + align - 1) & ~(align - 1));
		if (name_end > len || descsz > len - name_end)
			return false;
		desc_end = name_end + ((descsz + align - 1) & ~(align - 1));
		if (type == NT_GNU_BUILD_ID && namesz == 4 && !memcmp(p + off, "GNU", 4) &&
		    descsz > 0 && descsz <= 64) {
			digest_hex(p + name_end, descsz, out);
			return true;
		}
		if (desc_end > len)
			return false;
		off = desc_end;
	}
	return false;
}

static void build_id_of(int fd, long long size, char out[129])
{
	unsigned char ident[EI_NIDENT];
	static const uint16_t one = 1;
	bool little = *(const unsigned char *)&one == 1, is64;
	uint64_t phoff;
	size_t phnum, phentsize;

	out[0] = '\0';
	if (!read_at(fd, ident, sizeof(ident), 0) || memcmp(ident, ELFMAG, SELFMAG) ||
	    ident[EI_DATA] != (little ? ELFDATA2LSB : ELFDATA2MSB))
		return;
	is64 = ident[EI_CLASS] == ELFCLASS64;
	if (is64) {
		Elf64_Ehdr eh;

		if (!read_at(fd, &eh, sizeof(eh), 0))
			return;
		phoff = eh.e_phoff, phnum = eh.e_phnum, phentsize = eh.e_phentsize;
		if (phentsize != sizeof(Elf64_Phdr))
			return;
	} else if (ident[EI_CLASS] == ELFCLASS32) {
		Elf32_Ehdr eh;

		if (!read_at(fd, &eh, sizeof(eh), 0))
			return;
		phoff = eh.e_phoff, phnum = eh.e_phnum, phentsize = eh.e_phentsize;
		if (phentsize != sizeof(Elf32_Phdr))
			return;
	} else {
		return;
	}
	if (!phoff || phnum > MAX_PHDRS || phoff > (uint64_t)size)
		return;
	for (size_t i = 0; i < phnum; i++) {
		uint64_t off, len, align;
		uint32_t type;
		unsigned char buf[4096], *notes = buf;
		bool found;

		if (is64) {
			Elf64_Phdr ph;

			if (!read_at(fd, &ph, sizeof(ph), phoff + i * phentsize))
				return;
			type = ph.p_type, off = ph.p_offset, len = ph.p_filesz, align = ph.p_align;
		} else {
			Elf32_Phdr ph;

			if (!read_at(fd, &ph, sizeof(ph), phoff + i * phentsize))
				return;
			type = ph.p_type, off = ph.p_offset, len = ph.p_filesz, align = ph.p_align;
		}
		if (type != PT_NOTE || len == 0 || len > MAX_NOTE_SEGMENT || off > (uint64_t)size ||
		    len > (uint64_t)size - off)
			continue;
		if (len > sizeof(buf) && !(notes = malloc(len)))
			return;
		found = read_at(fd, notes, len, off) && find_build_id(notes, len, align, out);
		if (notes != buf)
			free(notes);
		if (found)
			return;
	}
}

int file_id_read(const char *path, bool want_build_id, struct file_id *id, struct strbuf *err)
{
	struct sha256 s;
	unsigned char buf[65536], d[32];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(id, 0, sizeof(*id));
	if (fd < 0 || fstat(fd, &st)) {
		if (err)
			strbuf_addf(err, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		if (err)
			strbuf_addf(err, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	id->size = (long long)st.st_size;
	id->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	sha256_init(&s);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (err)
				strbuf_addf(err, "%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		sha256_update(&s, buf, (size_t)n);
	}
	sha256_final(&s, d);
	digest_hex(d, sizeof(d), id->sha256);
	if (want_build_id)
		build_id_of(fd, id->size, id->build_id);
	close(fd);
	return 0;
}
