/* SPDX-License-Identifier: Apache-2.0 */
/* ELF facts (elf_info.h): libelf setup, init/release, names, version names, files, archives. */
#include "elf_info.h"
#include "elf_info_internal.h"

#include "fileid.h"

#include <ar.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

/* Size of an ar member header. */
#define AR_HDR_SIZE 60

/* ---- libelf setup ---- */

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;
static bool lib_ok;

static void lib_init_once(void)
{
	lib_ok = elf_version(EV_CURRENT) != EV_NONE;
}

int elf_info_lib_init(struct strbuf *err)
{
	pthread_once(&lib_once, lib_init_once);
	if (lib_ok)
		return 0;
	if (err)
		strbuf_addf(err, "libelf: elf_version(EV_CURRENT) failed: %s", elf_errmsg(-1));
	return -1;
}

/* ---- init / release ---- */

void elf_info_init(struct elf_info *info)
{
	memset(info, 0, sizeof(*info));
	info->machine_name = "unknown";
	strvec_init(&info->needed);
	strvec_init(&info->rpath_dirs);
	strvec_init(&info->runpath_dirs);
	strvec_init(&info->comments);
}

void elf_info_release(struct elf_info *info)
{
	free(info->interp);
	strvec_clear(&info->needed);
	free(info->soname);
	free(info->rpath);
	free(info->runpath);
	strvec_clear(&info->rpath_dirs);
	strvec_clear(&info->runpath_dirs);
	for (size_t i = 0; i < info->nr_verneed; i++) {
		free(info->verneed[i].file);
		strvec_clear(&info->verneed[i].versions);
	}
	free(info->verneed);
	strvec_clear(&info->comments);
	free(info->build_id);
	free(info->package_note);
	free(info->debuglink);
	elf_info_init(info);
}

void elf_archive_init(struct elf_archive *ar)
{
	memset(ar, 0, sizeof(*ar));
}

void elf_archive_release(struct elf_archive *ar)
{
	for (size_t i = 0; i < ar->nr; i++) {
		free(ar->members[i].name);
		free(ar->members[i].error);
		elf_info_release(&ar->members[i].info);
	}
	free(ar->members);
	elf_archive_init(ar);
}

/* ---- names ---- */

struct machine_name {
	unsigned machine;
	const char *name;
};

static const struct machine_name machine_names[] = {
	{ EM_M32, "AT&T WE 32100" },
	{ EM_SPARC, "SPARC" },
	{ EM_386, "Intel 80386" },
	{ EM_68K, "Motorola 68000" },
	{ EM_88K, "Motorola 88000" },
	{ EM_860, "Intel 80860" },
	{ EM_MIPS, "MIPS" },
	{ EM_S370, "IBM System/370" },
	{ EM_MIPS_RS3_LE, "MIPS R3000 little-endian" },
	{ EM_PARISC, "HP PA-RISC" },
	{ EM_SPARC32PLUS, "SPARC v8+" },
	{ EM_960, "Intel 80960" },
	{ EM_PPC, "PowerPC" },
	{ EM_PPC64, "PowerPC64" },
	{ EM_S390, "IBM S/390" },
	{ EM_V800, "NEC V800" },
	{ EM_FR20, "Fujitsu FR20" },
	{ EM_RH32, "TRW RH-32" },
	{ EM_RCE, "Motorola RCE" },
	{ EM_ARM, "ARM" },
	{ EM_SH, "Renesas SuperH" },
	{ EM_SPARCV9, "SPARC v9" },
	{ EM_TRICORE, "Infineon TriCore" },
	{ EM_ARC, "Argonaut RISC Core" },
	{ EM_H8_300, "Renesas H8/300" },
	{ EM_IA_64, "Intel IA-64" },
	{ EM_COLDFIRE, "Motorola ColdFire" },
	{ EM_68HC12, "Motorola M68HC12" },
	{ EM_X86_64, "x86-64" },
	{ EM_PDSP, "Sony DSP" },
	{ EM_FX66, "Siemens FX66" },
	{ EM_ST9PLUS, "STMicroelectronics ST9+" },
	{ EM_ST7, "STMicroelectronics ST7" },
	{ EM_68HC16, "Motorola MC68HC16" },
	{ EM_68HC11, "Motorola MC68HC11" },
	{ EM_68HC08, "Motorola MC68HC08" },
	{ EM_68HC05, "Motorola MC68HC05" },
	{ EM_ST19, "STMicroelectronics ST19" },
	{ EM_VAX, "DEC VAX" },
	{ EM_CRIS, "Axis CRIS" },
	{ EM_AVR, "Atmel AVR" },
	{ EM_MSP430, "TI MSP430" },
	{ EM_BLACKFIN, "Analog Devices Blackfin" },
	{ EM_ALTERA_NIOS2, "Altera Nios II" },
	{ EM_XTENSA, "Tensilica Xtensa" },
	{ EM_TI_C6000, "TI C6000 DSP" },
	{ EM_ARC_COMPACT, "ARC ARCompact" },
	{ EM_STM8, "STMicroelectronics STM8" },
	{ EM_AARCH64, "AArch64" },
	{ EM_TILEGX, "Tilera TILE-Gx" },
	{ EM_MICROBLAZE, "Xilinx MicroBlaze" },
	{ EM_CUDA, "NVIDIA CUDA" },
	{ EM_ARCV2, "Synopsys ARCv2" },
	{ EM_RISCV, "RISC-V" },
	{ EM_BPF, "Linux BPF" },
	{ EM_CSKY, "C-SKY" },
	{ EM_LOONGARCH, "LoongArch" },
};

const char *elf_machine_name(unsigned machine)
{
	for (size_t i = 0; i < sizeof(machine_names) / sizeof(machine_names[0]); i++)
		if (machine_names[i].machine == machine)
			return machine_names[i].name;
	return "unknown";
}

const char *elf_type_name(const struct elf_info *info)
{
	switch (info->type) {
	case ET_REL:
		return "REL";
	case ET_EXEC:
		return "EXEC";
	case ET_DYN:
		return info->pie ? "PIE" : "DYN";
	case ET_CORE:
		return "CORE";
	default:
		return "unknown";
	}
}

/* ---- version names ---- */

/* Length of the prefix before "N(.N)*" at the end of s, or strlen(s) if none. */
static size_t version_prefix_len(const char *s)
{
	size_t len = strlen(s);

	for (size_t p = 0; p < len; p++) {
		size_t q = p;
		bool ok = true;

		if (!(s[p] >= '0' && s[p] <= '9') || (p > 0 && s[p - 1] >= '0' && s[p - 1] <= '9'))
			continue;
		while (q < len && ok) {
			if (!(s[q] >= '0' && s[q] <= '9')) {
				ok = false;
				break;
			}
			while (q < len && s[q] >= '0' && s[q] <= '9')
				q++;
			if (q < len) {
				if (s[q] != '.' || q + 1 == len)
					ok = false;
				else
					q++;
			}
		}
		if (ok)
			return p;
	}
	return len;
}

/* Compare the decimal numbers at *a and *b (digits only), advancing both. */
static int compare_number(const char **a, const char **b)
{
	const char *pa = *a, *pb = *b;
	size_t la, lb;
	int c;

	while (*pa == '0' && pa[1] >= '0' && pa[1] <= '9')
		pa++;
	while (*pb == '0' && pb[1] >= '0' && pb[1] <= '9')
		pb++;
	for (la = 0; pa[la] >= '0' && pa[la] <= '9'; la++)
		;
	for (lb = 0; pb[lb] >= '0' && pb[lb] <= '9'; lb++)
		;
	if (la != lb)
		c = la < lb ? -1 : 1;
	else
		c = memcmp(pa, pb, la);
	*a = pa + la;
	*b = pb + lb;
	return c;
}

int elf_version_compare(const char *a, const char *b)
{
	size_t pa = version_prefix_len(a), pb = version_prefix_len(b);
	size_t n = pa < pb ? pa : pb;
	int c = memcmp(a, b, n);

	if (c)
		return c;
	if (pa != pb)
		return pa < pb ? -1 : 1;
	a += pa;
	b += pb;
	if (!*a || !*b)
		return (*a != '\0') - (*b != '\0');
	for (;;) {
		c = compare_number(&a, &b);
		if (c)
			return c;
		if (!*a || !*b)
			return (*a != '\0') - (*b != '\0');
		a++; /* the dots */
		b++;
	}
}

const char *elf_verneed_highest(const struct elf_verneed *vn, const char *prefix)
{
	const char *best = NULL;
	size_t plen = prefix ? strlen(prefix) : 0;

	for (size_t i = 0; i < vn->versions.nr; i++) {
		const char *v = vn->versions.v[i];
		size_t p = version_prefix_len(v);

		if (!v[p])
			continue; /* no numbers */
		if (!prefix) {
			prefix = v;
			plen = p;
		}
		if (p != plen || memcmp(v, prefix, plen))
			continue;
		if (!best || elf_version_compare(v, best) > 0)
			best = v;
	}
	return best;
}

const struct elf_verneed *elf_info_verneed(const struct elf_info *info, const char *file)
{
	for (size_t i = 0; i < info->nr_verneed; i++)
		if (!strcmp(info->verneed[i].file, file))
			return &info->verneed[i];
	return NULL;
}

/* ---- files ---- */

/* Why the bytes p[0..n) that start with the ELF magic cannot be an ELF header, or NULL. */
static const char *ident_problem(const unsigned char *p, size_t n)
{
	if (n < EI_NIDENT)
		return "truncated: shorter than e_ident (16 bytes)";
	if (p[EI_CLASS] != ELFCLASS32 && p[EI_CLASS] != ELFCLASS64)
		return "bad e_ident: unknown class (EI_CLASS)";
	if (p[EI_DATA] != ELFDATA2LSB && p[EI_DATA] != ELFDATA2MSB)
		return "bad e_ident: unknown data encoding (EI_DATA)";
	if (p[EI_VERSION] != EV_CURRENT)
		return "bad e_ident: unknown version (EI_VERSION)";
	if (n < (p[EI_CLASS] == ELFCLASS32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr)))
		return "truncated: shorter than the ELF header";
	return NULL;
}

enum file_kind { KIND_OTHER, KIND_ELF, KIND_AR, KIND_THIN };

/* Open a regular file for reading: the fd, or -1 with a message. */
static int open_regular(const char *path, struct strbuf *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		if (err)
			strbuf_addf(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		if (err)
			strbuf_addf(err, "%s: cannot stat: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		if (err)
			strbuf_addf(err, "%s: not a regular file (%s)", path,
				    S_ISDIR(st.st_mode) ? "a directory"
							: "a device, FIFO or socket");
		close(fd);
		return -1;
	}
	return fd;
}

/* What the first n bytes say. */
static int kind_of(const char *magic, size_t n)
{
	if (n >= SELFMAG && !memcmp(magic, ELFMAG, SELFMAG))
		return KIND_ELF;
	if (n >= SARMAG && !memcmp(magic, ARMAG, SARMAG))
		return KIND_AR;
	if (n >= SARMAG && !memcmp(magic, "!<thin>\n", SARMAG))
		return KIND_THIN;
	return KIND_OTHER;
}

/* What the first bytes of fd say: a kind, or -1 with a message. */
static int sniff(int fd, const char *path, struct strbuf *err)
{
	char magic[8];
	ssize_t n;

	do {
		n = pread(fd, magic, sizeof(magic), 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (err)
			strbuf_addf(err, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	return kind_of(magic, (size_t)n);
}

/*
 * The common part of reading from a file and from memory: the kind, the
 * ELF identification of hdr (the first n bytes), then libelf's view
 * (opened by begin). ELF_INFO_* or -1 with a message.
 */
static int read_elf(const char *path, const unsigned char *hdr, size_t n, Elf *(*begin)(void *arg),
		    void *arg, struct elf_info *out, struct strbuf *err)
{
	int kind = kind_of((const char *)hdr, n), ret;
	const char *why;
	Elf *elf;

	if (kind == KIND_AR || kind == KIND_THIN)
		return ELF_INFO_ARCHIVE;
	if (kind == KIND_OTHER) {
		if (err)
			strbuf_addf(err, "%s: not an ELF file", path);
		return ELF_INFO_NOT_ELF;
	}
	why = ident_problem(hdr, n);
	if (why) {
		if (err)
			strbuf_addf(err, "%s: ELF magic, but %s", path, why);
		return -1;
	}
	elf = begin(arg);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (err)
			strbuf_addf(err,
				    "%s: ELF magic, but not readable as ELF (truncated or "
				    "corrupt?): %s",
				    path, elf_why());
		if (elf)
			elf_end(elf);
		return -1;
	}
	ret = ei_read_elf(elf, path, out, err);
	elf_end(elf);
	return ret;
}

static Elf *begin_fd(void *arg)
{
	return elf_begin(*(int *)arg, ELF_C_READ_MMAP, NULL);
}

struct image {
	char *p;
	size_t size;
};

static Elf *begin_memory(void *arg)
{
	struct image *im = arg;

	return elf_memory(im->p, im->size);
}

int elf_info_read(const char *path, struct elf_info *out, struct strbuf *err)
{
	unsigned char hdr[sizeof(Elf64_Ehdr)];
	int fd = -1, ret = -1;
	ssize_t n;

	elf_info_release(out);
	if (elf_info_lib_init(err))
		return -1;
	fd = open_regular(path, err);
	if (fd < 0)
		goto cleanup;
	do {
		n = pread(fd, hdr, sizeof(hdr), 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (err)
			strbuf_addf(err, "%s: cannot read: %s", path, strerror(errno));
		goto cleanup;
	}
	ret = read_elf(path, hdr, (size_t)n, begin_fd, &fd, out, err);
cleanup:
	if (fd >= 0)
		close(fd);
	if (ret != ELF_INFO_OK)
		elf_info_release(out);
	return ret;
}

int elf_info_read_memory(const char *name, char *image, size_t size, struct elf_info *out,
			 struct strbuf *err)
{
	struct image im = { image, size };
	unsigned char hdr[sizeof(Elf64_Ehdr)];
	size_t n = size < sizeof(hdr) ? size : sizeof(hdr);
	int ret;

	elf_info_release(out);
	if (elf_info_lib_init(err))
		return -1;
	memcpy(hdr, image, n);
	ret = read_elf(name, hdr, n, begin_memory, &im, out, err);
	if (ret != ELF_INFO_OK)
		elf_info_release(out);
	return ret;
}

/* ---- archives ---- */

/* The decimal ar_size field of the raw member header at off; -1 if bad. */
static int raw_member_size(const char *image, size_t size, uint64_t off, uint64_t *out)
{
	const char *f;
	uint64_t v = 0;
	size_t i = 0;

	if (!range_ok(off, AR_HDR_SIZE, size))
		return -1;
	f = image + off + 48;
	for (; i < 10 && f[i] >= '0' && f[i] <= '9'; i++)
		v = v * 10 + (uint64_t)(f[i] - '0');
	if (i == 0)
		return -1;
	for (; i < 10; i++)
		if (f[i] != ' ')
			return -1;
	*out = v;
	return 0;
}

static int add_member(struct elf_archive *ar, const char *name, uint64_t offset, uint64_t size,
		      struct elf_archive_member **m)
{
	if (ar->nr == ar->alloc) {
		size_t n = ar->alloc ? ar->alloc * 2 : 16;
		struct elf_archive_member *p = realloc(ar->members, n * sizeof(*p));

		if (!p)
			return -1;
		ar->members = p;
		ar->alloc = n;
	}
	*m = &ar->members[ar->nr];
	memset(*m, 0, sizeof(**m));
	elf_info_init(&(*m)->info);
	(*m)->name = strdup(name);
	if (!(*m)->name)
		return -1;
	(*m)->offset = offset;
	(*m)->size = size;
	ar->nr++;
	return 0;
}

/* Read one member: its status, info or error. -1 only when out of memory. */
static int read_member(Elf *sub, const char *path, struct elf_archive_member *m)
{
	struct strbuf name = STRBUF_INIT, err = STRBUF_INIT;
	int ret = -1;

	if (elf_kind(sub) != ELF_K_ELF) {
		size_t n = 0;
		const unsigned char *raw = (const unsigned char *)elf_rawfile(sub, &n);
		const char *why;

		m->status = 1;
		if (!raw || n < SELFMAG || memcmp(raw, ELFMAG, SELFMAG))
			return 0;
		/* ELF magic that libelf would not take: a corrupt member */
		why = ident_problem(raw, n);
		m->status = -1;
		if (strbuf_addf(&err, "%s(%s): ELF magic, but %s", path, m->name,
				why ? why : elf_why()))
			return -1;
		m->error = strbuf_detach(&err, NULL);
		return m->error ? 0 : -1;
	}
	if (strbuf_addf(&name, "%s(%s)", path, m->name))
		goto cleanup;
	m->status = ei_read_elf(sub, name.buf, &m->info, &err);
	if (m->status) {
		elf_info_release(&m->info);
		m->error = strbuf_detach(&err, NULL);
		if (!m->error)
			goto cleanup;
	}
	ret = 0;
cleanup:
	strbuf_release(&name);
	strbuf_release(&err);
	return ret;
}

/*
 * One member of the archive image (size bytes): its header checked against
 * the bytes, then read (the symbol table and the long-name table only
 * noted). *end moves past it; *offp is its offset. -1 on error (err says).
 */
static int take_member(Elf *sub, const char *path, const char *image, size_t size,
		       struct elf_archive *out, uint64_t *end, int64_t *offp, struct strbuf *err)
{
	Elf_Arhdr *h = elf_getarhdr(sub);
	int64_t off = elf_getaroff(sub);
	uint64_t raw_size;
	struct elf_archive_member *m;

	*offp = off;
	if (!h || off < 0) {
		if (err)
			strbuf_addf(err, "%s: member header at offset 0x%llx: %s", path,
				    (unsigned long long)*end, elf_why());
		return -1;
	}
	if (raw_member_size(image, size, (uint64_t)off, &raw_size)) {
		if (err)
			strbuf_addf(err, "%s: member header at offset 0x%llx: bad size field", path,
				    (unsigned long long)off);
		return -1;
	}
	if (raw_size > size - (uint64_t)off - AR_HDR_SIZE) {
		if (err)
			strbuf_addf(err,
				    "%s: member '%s' at offset 0x%llx: size %llu, but only %llu "
				    "bytes follow: truncated archive",
				    path, h->ar_name ? h->ar_name : "?", (unsigned long long)off,
				    (unsigned long long)raw_size,
				    (unsigned long long)(size - (uint64_t)off - AR_HDR_SIZE));
		return -1;
	}
	*end = (uint64_t)off + AR_HDR_SIZE + raw_size + (raw_size & 1);
	if (!h->ar_name) {
		if (err)
			strbuf_addf(err, "%s: member at offset 0x%llx has no name", path,
				    (unsigned long long)off);
		return -1;
	}
	if (!strcmp(h->ar_name, "/") || !strcmp(h->ar_name, "/SYM64/")) {
		out->has_symbol_table = true;
	} else if (strcmp(h->ar_name, "//") != 0) {
		if (add_member(out, h->ar_name, (uint64_t)off, raw_size, &m) ||
		    read_member(sub, path, m)) {
			if (err)
				strbuf_addf(err, "%s: out of memory", path);
			return -1;
		}
		/* bounds checked above: the bytes ar copied in */
		file_id_sha256(image + off + AR_HDR_SIZE, raw_size, m->sha256);
	}
	return 0;
}

int elf_archive_read(const char *path, struct elf_archive *out, struct strbuf *err)
{
	Elf *ar = NULL, *sub;
	Elf_Cmd cmd = ELF_C_READ_MMAP;
	const char *image;
	size_t size;
	uint64_t end = SARMAG; /* where the next member header is expected */
	int fd, ret = -1, kind;

	elf_archive_release(out);
	if (elf_info_lib_init(err))
		return -1;
	fd = open_regular(path, err);
	if (fd < 0)
		return -1;
	kind = sniff(fd, path, err);
	if (kind < 0)
		goto cleanup;
	if (kind == KIND_THIN) {
		if (err)
			strbuf_addf(err,
				    "%s: a thin archive: its members are separate files, read them "
				    "directly",
				    path);
		goto cleanup;
	}
	if (kind != KIND_AR) {
		if (err)
			strbuf_addf(err, "%s: not an archive", path);
		ret = 1;
		goto cleanup;
	}
	ar = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!ar || elf_kind(ar) != ELF_K_AR) {
		if (err)
			strbuf_addf(err, "%s: not readable as an archive: %s", path, elf_why());
		goto cleanup;
	}
	image = elf_rawfile(ar, &size);
	if (!image) {
		if (err)
			strbuf_addf(err, "%s: %s", path, elf_why());
		goto cleanup;
	}
	(void)elf_errno(); /* clear */
	while ((sub = elf_begin(fd, cmd, ar)) != NULL) {
		int64_t off;

		if (take_member(sub, path, image, size, out, &end, &off, err)) {
			elf_end(sub);
			goto cleanup;
		}
		cmd = elf_next(sub);
		if (elf_end(sub) != 0) {
			if (err)
				strbuf_addf(err, "%s: member at offset 0x%llx: %s", path,
					    (unsigned long long)off, elf_why());
			goto cleanup;
		}
	}
	/* libelf stops quietly at a header it cannot read: account for every byte. */
	if (end < size || end > size + 1) {
		int e = elf_errno();

		if (err)
			strbuf_addf(err,
				    "%s: %llu bytes at offset 0x%llx are no complete member "
				    "(truncated or corrupt archive)%s%s",
				    path, end < size ? (unsigned long long)(size - end) : 0ULL,
				    (unsigned long long)end, e ? ": " : "", e ? elf_errmsg(e) : "");
		goto cleanup;
	}
	ret = 0;
cleanup:
	if (ar)
		elf_end(ar);
	close(fd);
	if (ret != 0)
		elf_archive_release(out);
	return ret;
}
