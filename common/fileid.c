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

#define MAX_PHDRS	 1024
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

/* One program header, of either class. */
struct phdr {
	uint32_t type, flags;
	uint64_t off, vaddr, filesz, memsz, align;
};

struct elf_view {
	int fd;
	uint64_t size;
	bool is64;
	uint64_t phoff;
	size_t phnum, phentsize;
	/* the ELF header with its section-header fields (e_shoff, e_shnum,
	 * e_shstrndx) zeroed: strip and objcopy rewrite those */
	unsigned char ehdr[sizeof(Elf64_Ehdr)];
	size_t ehsize;
};

static bool read_phdr(const struct elf_view *v, size_t i, struct phdr *ph)
{
	if (v->is64) {
		Elf64_Phdr p;

		if (!read_at(v->fd, &p, sizeof(p), v->phoff + i * v->phentsize))
			return false;
		*ph = (struct phdr){ p.p_type,	 p.p_flags, p.p_offset, p.p_vaddr,
				     p.p_filesz, p.p_memsz, p.p_align };
	} else {
		Elf32_Phdr p;

		if (!read_at(v->fd, &p, sizeof(p), v->phoff + i * v->phentsize))
			return false;
		*ph = (struct phdr){ p.p_type,	 p.p_flags, p.p_offset, p.p_vaddr,
				     p.p_filesz, p.p_memsz, p.p_align };
	}
	return ph->off <= v->size && ph->filesz <= v->size - ph->off;
}

/* An ELF file of the host's byte order with program headers, or false. */
static bool elf_view_open(int fd, long long size, struct elf_view *v)
{
	static const uint16_t one = 1;
	bool little = *(const unsigned char *)&one == 1;

	memset(v, 0, sizeof(*v));
	v->fd = fd;
	v->size = (uint64_t)size;
	if (!read_at(fd, v->ehdr, EI_NIDENT, 0) || memcmp(v->ehdr, ELFMAG, SELFMAG) ||
	    v->ehdr[EI_DATA] != (little ? ELFDATA2LSB : ELFDATA2MSB))
		return false;
	v->is64 = v->ehdr[EI_CLASS] == ELFCLASS64;
	if (v->is64) {
		Elf64_Ehdr eh;

		if (!read_at(fd, &eh, sizeof(eh), 0))
			return false;
		v->phoff = eh.e_phoff, v->phnum = eh.e_phnum, v->phentsize = eh.e_phentsize;
		if (v->phentsize != sizeof(Elf64_Phdr))
			return false;
		eh.e_shoff = 0, eh.e_shnum = 0, eh.e_shstrndx = 0;
		memcpy(v->ehdr, &eh, sizeof(eh));
		v->ehsize = sizeof(eh);
	} else if (v->ehdr[EI_CLASS] == ELFCLASS32) {
		Elf32_Ehdr eh;

		if (!read_at(fd, &eh, sizeof(eh), 0))
			return false;
		v->phoff = eh.e_phoff, v->phnum = eh.e_phnum, v->phentsize = eh.e_phentsize;
		if (v->phentsize != sizeof(Elf32_Phdr))
			return false;
		eh.e_shoff = 0, eh.e_shnum = 0, eh.e_shstrndx = 0;
		memcpy(v->ehdr, &eh, sizeof(eh));
		v->ehsize = sizeof(eh);
	} else {
		return false;
	}
	return v->phoff && v->phnum <= MAX_PHDRS && v->phoff <= v->size;
}

static void build_id_of(const struct elf_view *v, char out[129])
{
	out[0] = '\0';
	for (size_t i = 0; i < v->phnum; i++) {
		struct phdr ph;
		unsigned char buf[4096], *notes = buf;
		bool found;

		if (!read_phdr(v, i, &ph))
			return;
		if (ph.type != PT_NOTE || ph.filesz == 0 || ph.filesz > MAX_NOTE_SEGMENT)
			continue;
		if (ph.filesz > sizeof(buf) && !(notes = malloc(ph.filesz)))
			return;
		found = read_at(v->fd, notes, ph.filesz, ph.off) &&
			find_build_id(notes, ph.filesz, ph.align, out);
		if (notes != buf)
			free(notes);
		if (found)
			return;
	}
}

/*
 * The digest of what a loader maps: for each PT_LOAD segment its address,
 * size in memory and flags, then its bytes in the file, with the ELF
 * header's section-header fields zeroed. strip and objcopy --strip-* keep
 * all of it; a relink with other code does not.
 */
static void load_digest_of(const struct elf_view *v, char out[65])
{
	struct sha256 s;
	unsigned char buf[65536], d[32];
	size_t loads = 0;

	out[0] = '\0';
	sha256_init(&s);
	for (size_t i = 0; i < v->phnum; i++) {
		struct phdr ph;
		uint64_t head[3], done = 0;

		if (!read_phdr(v, i, &ph))
			return;
		if (ph.type != PT_LOAD)
			continue;
		loads++;
		head[0] = ph.vaddr, head[1] = ph.memsz, head[2] = ph.flags;
		sha256_update(&s, head, sizeof(head));
		while (done < ph.filesz) {
			uint64_t at = ph.off + done;
			size_t n = ph.filesz - done < sizeof(buf) ? (size_t)(ph.filesz - done)
								  : sizeof(buf);

			if (!read_at(v->fd, buf, n, at))
				return;
			if (at < v->ehsize) /* the header, masked */
				memcpy(buf, v->ehdr + at,
				       v->ehsize - at < n ? (size_t)(v->ehsize - at) : n);
			sha256_update(&s, buf, n);
			done += n;
		}
	}
	if (!loads)
		return;
	sha256_final(&s, d);
	digest_hex(d, sizeof(d), out);
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
	if (want_build_id) {
		struct elf_view v;

		if (elf_view_open(fd, id->size, &v)) {
			build_id_of(&v, id->build_id);
			if (!id->build_id[0])
				load_digest_of(&v, id->load_sha256);
		}
	}
	close(fd);
	return 0;
}
