/* SPDX-License-Identifier: Apache-2.0 */
/* ld.so.cache as glibc lays it out, ld.so.conf and its includes, the machines' profiles. */
#include "ldso_internal.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pathutil.h"

#include "banned.h"

/* ---- ld.so.cache (glibc sysdeps/generic/dl-cache.h) ---- */

#define CACHEMAGIC		"ld.so-1.7.0"
#define CACHEMAGIC_NEW		"glibc-ld.so.cache1.1"
#define OLD_HEADER_SIZE		16 /* magic[11], pad, uint32 nlibs */
#define OLD_ENTRY_SIZE		12 /* int32 flags, uint32 key, value */
#define NEW_HEADER_SIZE		48
#define NEW_ENTRY_SIZE		24 /* flags, key, value, osversion, uint64 hwcap */
#define NEW_FLAGS_OFFSET	28
#define CACHE_ENDIAN_MASK	3
#define CACHE_ENDIAN_UNSET	0
#define CACHE_ENDIAN_LITTLE	2
#define CACHE_ENDIAN_BIG	3
#define FLAG_ELF		0x0001
#define FLAG_ELF_LIBC6		0x0003
#define FLAG_TYPE_MASK		0x00ff
#define FLAG_SPARC_LIB64	0x0100
#define FLAG_X8664_LIB64	0x0300
#define FLAG_S390_LIB64		0x0400
#define FLAG_POWERPC_LIB64	0x0500
#define FLAG_X8664_LIBX32	0x0800
#define FLAG_ARM_LIBHF		0x0900
#define FLAG_AARCH64_LIB64	0x0a00
#define FLAG_ARM_LIBSF		0x0b00
#define FLAG_RISCV_FLOAT_SOFT	0x0f00
#define FLAG_RISCV_FLOAT_DOUBLE 0x1000
#define FLAG_LARCH_FLOAT_DOUBLE 0x1200

struct profile ldso_profile_for(const struct elf_info *in)
{
	struct profile p = { NULL, NULL, -1, true };

	switch (in->machine) {
	case EM_X86_64:
		if (in->elf_class == ELFCLASS64)
			p = (struct profile){ "x86_64-linux-gnu", "x86_64",
					      FLAG_X8664_LIB64 | FLAG_ELF_LIBC6, false };
		else
			p = (struct profile){ "x86_64-linux-gnux32", "x86_64",
					      FLAG_X8664_LIBX32 | FLAG_ELF_LIBC6, false };
		break;
	case EM_386:
		p = (struct profile){ "i386-linux-gnu", "i686", FLAG_ELF_LIBC6, true };
		break;
	case EM_AARCH64:
		p = (struct profile){ "aarch64-linux-gnu", "aarch64",
				      FLAG_AARCH64_LIB64 | FLAG_ELF_LIBC6, false };
		break;
	case EM_ARM:
		if (in->e_flags & EF_ARM_ABI_FLOAT_HARD)
			p = (struct profile){ "arm-linux-gnueabihf", "v7l",
					      FLAG_ARM_LIBHF | FLAG_ELF_LIBC6, true };
		else
			p = (struct profile){ "arm-linux-gnueabi", "v7l",
					      FLAG_ARM_LIBSF | FLAG_ELF_LIBC6, true };
		break;
	case EM_RISCV:
		if (in->elf_class == ELFCLASS64)
			p = (struct profile){ "riscv64-linux-gnu", NULL,
					      ((in->e_flags & 6) ? FLAG_RISCV_FLOAT_DOUBLE
								 : FLAG_RISCV_FLOAT_SOFT) |
						      FLAG_ELF_LIBC6,
					      false };
		break;
	case EM_PPC64:
		p = (struct profile){ in->data == ELFDATA2LSB ? "powerpc64le-linux-gnu"
							      : "powerpc64-linux-gnu",
				      NULL, FLAG_POWERPC_LIB64 | FLAG_ELF_LIBC6, false };
		break;
	case EM_PPC:
		p = (struct profile){ "powerpc-linux-gnu", NULL, FLAG_ELF_LIBC6, true };
		break;
	case EM_S390:
		if (in->elf_class == ELFCLASS64)
			p = (struct profile){ "s390x-linux-gnu", NULL,
					      FLAG_S390_LIB64 | FLAG_ELF_LIBC6, false };
		break;
	case EM_LOONGARCH:
		p = (struct profile){ "loongarch64-linux-gnu", NULL,
				      FLAG_LARCH_FLOAT_DOUBLE | FLAG_ELF_LIBC6, false };
		break;
	default:
		break;
	}
	return p;
}

/*
 * Debian's biarch loaders (libc6-i386 and libc6-x32 on amd64, what
 * gcc-multilib brings) are installed in /lib32 and /libx32, not in a
 * multiarch directory, and that is where they search: Debian 12's
 * /lib32/ld-linux.so.2 has the system search path /lib32/, /usr/lib32/,
 * /lib/, /usr/lib/ and $LIB "lib32" built in (likewise libx32). glibc
 * installs the loader in the directory it searches first, so the
 * directory the root's PT_INTERP really lies in tells them apart from the
 * multiarch libc6:i386, whose loader is /lib/i386-linux-gnu/ld-linux.so.2.
 * /lib64 is left out: Fedora's loader lives there too but searches only
 * /lib64 and /usr/lib64.
 */
const char *ldso_biarch_dir(const char *real)
{
	static const char *const dirs[] = { "lib32", "libx32" };
	const char *slash = strrchr(real, '/');
	size_t n;

	/* merged /usr: /lib32 -> usr/lib32 */
	if (!strncmp(real, "/usr/", 5))
		real += 4;
	if (!slash || slash <= real)
		return NULL;
	n = (size_t)(slash - real - 1);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (strlen(dirs[i]) == n && !memcmp(real + 1, dirs[i], n))
			return dirs[i];
	return NULL;
}

/* ---- ld.so.cache and ld.so.conf ---- */

static uint32_t get32(const unsigned char *p, bool big)
{
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t get64(const unsigned char *p, bool big)
{
	uint64_t lo = get32(p + (big ? 4 : 0), big), hi = get32(p + (big ? 0 : 4), big);

	return hi << 32 | lo;
}

/* A NUL-terminated string at base + off within [base, base + size), or NULL. */
static const char *cache_str(const char *base, size_t size, uint32_t off)
{
	if (off >= size || !memchr(base + off, '\0', size - off))
		return NULL;
	return base + off;
}

/*
 * Parse the cache in c->cache_data: 0, or 1 with why set (not usable), -1
 * out of memory. Every offset is checked; entries with a bad string offset
 * are skipped (as the loader does) and counted.
 */
static int cache_parse(struct ctx *c, const char **why, size_t *bad)
{
	const unsigned char *d = (const unsigned char *)c->cache_data.buf;
	size_t size = c->cache_data.len, off_new = 0, nlibs = 0, hdr = 0, esz = 0, strbase = 0;
	bool big = c->want_data == ELFDATA2MSB, is_new = false;

	*bad = 0;
	if (size >= OLD_HEADER_SIZE && !memcmp(d, CACHEMAGIC, sizeof(CACHEMAGIC) - 1)) {
		size_t old_n = get32(d + 12, big);

		if (old_n > (size - OLD_HEADER_SIZE) / OLD_ENTRY_SIZE) {
			*why = "old-format entry count larger than the file";
			return 1;
		}
		/* The new format follows, aligned like struct cache_file_new (8, or 4 on
		 * 32-bit hosts). */
		for (size_t align = 8; align >= 4; align /= 2) {
			size_t o = (OLD_HEADER_SIZE + old_n * OLD_ENTRY_SIZE + align - 1) &
				   ~(align - 1);

			if (o <= size && size - o >= NEW_HEADER_SIZE &&
			    !memcmp(d + o, CACHEMAGIC_NEW, sizeof(CACHEMAGIC_NEW) - 1)) {
				off_new = o;
				is_new = true;
				break;
			}
		}
		if (!is_new) {
			nlibs = old_n;
			hdr = OLD_HEADER_SIZE;
			esz = OLD_ENTRY_SIZE;
			strbase = OLD_HEADER_SIZE + old_n * OLD_ENTRY_SIZE;
		}
	} else if (size >= NEW_HEADER_SIZE &&
		   !memcmp(d, CACHEMAGIC_NEW, sizeof(CACHEMAGIC_NEW) - 1)) {
		is_new = true;
	} else {
		*why = "no ld.so.cache magic";
		return 1;
	}
	if (is_new) {
		unsigned endian = d[off_new + NEW_FLAGS_OFFSET] & CACHE_ENDIAN_MASK;

		if (endian == CACHE_ENDIAN_LITTLE)
			big = false;
		else if (endian == CACHE_ENDIAN_BIG)
			big = true;
		else if (endian != CACHE_ENDIAN_UNSET) {
			*why = "invalid byte-order flag";
			return 1;
		}
		nlibs = get32(d + off_new + 20, big);
		hdr = off_new + NEW_HEADER_SIZE;
		esz = NEW_ENTRY_SIZE;
		strbase = off_new;
		if (nlibs > (size - hdr) / NEW_ENTRY_SIZE) {
			*why = "entry count larger than the file";
			return 1;
		}
	} else if (size - hdr < nlibs * esz) {
		*why = "entry count larger than the file";
		return 1;
	}
	if (nlibs) {
		c->cache = calloc(nlibs, sizeof(*c->cache));
		if (!c->cache)
			return -1;
	}
	for (size_t i = 0; i < nlibs; i++) {
		const unsigned char *e = d + hdr + i * esz;
		struct cache_entry *ce = &c->cache[c->nr_cache];

		ce->flags = (int32_t)get32(e, big);
		ce->key = cache_str((const char *)d + strbase, size - strbase, get32(e + 4, big));
		ce->value = cache_str((const char *)d + strbase, size - strbase, get32(e + 8, big));
		ce->hwcap = is_new ? get64(e + 16, big) : 0;
		if (!ce->key || !ce->value) {
			(*bad)++;
			continue;
		}
		c->nr_cache++;
	}
	return 0;
}

/* glibc's _dl_cache_libcmp: runs of digits compare numerically. */
static int cache_libcmp(const char *p1, const char *p2)
{
	while (*p1) {
		if (*p1 >= '0' && *p1 <= '9') {
			const char *a, *b;
			size_t la, lb;

			if (!(*p2 >= '0' && *p2 <= '9'))
				return 1;
			while (*p1 == '0' && p1[1] >= '0' && p1[1] <= '9')
				p1++;
			while (*p2 == '0' && p2[1] >= '0' && p2[1] <= '9')
				p2++;
			for (a = p1; *a >= '0' && *a <= '9'; a++)
				;
			for (b = p2; *b >= '0' && *b <= '9'; b++)
				;
			la = (size_t)(a - p1);
			lb = (size_t)(b - p2);
			if (la != lb)
				return la < lb ? -1 : 1;
			if (memcmp(p1, p2, la))
				return memcmp(p1, p2, la);
			p1 = a;
			p2 = b;
		} else if (*p2 >= '0' && *p2 <= '9') {
			return -1;
		} else if (*p1 != *p2) {
			return (unsigned char)*p1 - (unsigned char)*p2;
		} else {
			p1++;
			p2++;
		}
	}
	return (unsigned char)*p1 - (unsigned char)*p2;
}

/* The cache's path for name: the first entry for it with the machine's
 * exact flags and no hwcap, else the first with plain libc6 flags when the
 * machine accepts those. NULL when none. */
const char *ldso_cache_lookup(const struct ctx *c, const char *name)
{
	const char *plain = NULL;

	for (size_t i = 0; i < c->nr_cache; i++) {
		const struct cache_entry *e = &c->cache[i];

		if (e->hwcap || cache_libcmp(name, e->key))
			continue;
		if (c->prof.cache_flags >= 0 && e->flags == c->prof.cache_flags)
			return e->value;
		if (c->prof.cache_flags < 0 && (e->flags & FLAG_TYPE_MASK) == FLAG_ELF_LIBC6)
			return e->value;
		if (!plain && c->prof.plain_elf_ok &&
		    (e->flags == FLAG_ELF || e->flags == FLAG_ELF_LIBC6))
			plain = e->value;
	}
	return plain;
}

static int conf_add_dir(struct ctx *c, const char *dir, size_t n)
{
	struct strbuf h = STRBUF_INIT;
	int r;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (!n || dir[0] != '/' || c->conf_hosts.nr >= MAX_CONF_DIRS)
		return 0;
	r = strbuf_add(&h, c->sysroot, c->sysroot_len) || strbuf_add(&h, dir, n) ? -1 : 0;
	if (!r && strvec_find(&c->conf_hosts, h.buf) < 0)
		r = strvec_push(&c->conf_hosts, h.buf);
	strbuf_release(&h);
	return r;
}

static int conf_parse(struct ctx *c, const char *tfile, unsigned depth);

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * One "include" pattern of the configuration file tfile (target paths):
 * relative to tfile's directory, the directory resolved inside the sysroot,
 * wildcards in the last component only, matches in C-locale order (as
 * ldconfig's glob with LC_COLLATE=C).
 */
static int conf_include(struct ctx *c, const char *tfile, const char *pat, unsigned depth)
{
	struct strbuf full = STRBUF_INIT, dir = STRBUF_INIT, tdir = STRBUF_INIT, base = STRBUF_INIT;
	struct strvec files = STRVEC_INIT;
	const char *slash;
	DIR *d = NULL;
	struct dirent *de;
	int ret = -1, r;

	if (pat[0] != '/') {
		slash = strrchr(tfile, '/');
		if (strbuf_add(&full, tfile, slash ? (size_t)(slash - tfile) : 0) ||
		    strbuf_addch(&full, '/'))
			goto cleanup;
	}
	if (strbuf_addstr(&full, pat))
		goto cleanup;
	slash = strrchr(full.buf, '/');
	if (strbuf_addstr(&base, slash + 1) ||
	    strbuf_add(&dir, full.buf, (size_t)(slash - full.buf)) ||
	    (!dir.len && strbuf_addch(&dir, '/')))
		goto cleanup;
	r = ldso_resolve_in_root(c, dir.buf, &tdir);
	if (r) {
		ret = r > 0 || errno != ENOMEM ? 0 : -1;
		goto cleanup;
	}
	strbuf_reset(&dir);
	if (ldso_host_of(c, tdir.buf, &dir))
		goto cleanup;
	d = opendir(dir.buf);
	if (!d) {
		ret = 0;
		goto cleanup;
	}
	while ((de = readdir(d)) != NULL && files.nr < MAX_CONF_DIRS) {
		if (fnmatch(base.buf, de->d_name, FNM_PERIOD))
			continue;
		strbuf_reset(&full);
		if (path_join(&full, tdir.buf, de->d_name) || strvec_push(&files, full.buf))
			goto cleanup;
	}
	qsort(files.v, files.nr, sizeof(*files.v), cmp_str);
	ret = 0;
	for (size_t i = 0; i < files.nr && !ret; i++)
		ret = conf_parse(c, files.v[i], depth + 1);
cleanup:
	if (d)
		closedir(d);
	strvec_clear(&files);
	strbuf_release(&base);
	strbuf_release(&full);
	strbuf_release(&dir);
	strbuf_release(&tdir);
	return ret;
}

/* Parse the ld.so.conf at target path tfile as ldconfig does. -1 nomem. */
static int conf_parse(struct ctx *c, const char *tfile, unsigned depth)
{
	struct strbuf text = STRBUF_INIT, host = STRBUF_INIT, real = STRBUF_INIT;
	char *line, *next;
	int ret = -1;

	if (depth > MAX_CONF_DEPTH) {
		ret = ldso_warn(c, "%s: includes nested deeper than %u: ignored", tfile,
				MAX_CONF_DEPTH);
		goto cleanup;
	}
	if (ldso_resolve_in_root(c, tfile, &real)) {
		ret = errno == ENOMEM ? -1 : 0;
		goto cleanup;
	}
	if (ldso_host_of(c, real.buf, &host))
		goto cleanup;
	if (strbuf_read_file(&text, host.buf, MAX_CONF_SIZE)) {
		ret = errno == ENOMEM ? -1
				      : ldso_warn(c, "%s: %s: ignored", tfile, strerror(errno));
		goto cleanup;
	}
	ret = 0;
	for (line = text.buf; line && !ret; line = next) {
		char *hash, *p, *end;

		next = memchr(line, '\n', text.len - (size_t)(line - text.buf));
		if (next)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		for (p = line; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v';
		     p++)
			;
		if (!*p)
			continue;
		if (!strncmp(p, "include", 7) && (p[7] == ' ' || p[7] == '\t')) {
			p += 8;
			while (*p && !ret) {
				size_t n;

				while (*p == ' ' || *p == '\t')
					p++;
				n = strcspn(p, " \t");
				if (n) {
					char save = p[n];

					p[n] = '\0';
					ret = conf_include(c, tfile, p, depth);
					p[n] = save;
				}
				p += n;
			}
		} else if (!strncasecmp(p, "hwcap", 5) && (p[5] == ' ' || p[5] == '\t')) {
			continue;
		} else {
			/* "dir" or the old "dir=TYPE"; trailing blanks go */
			end = strchr(p, '=');
			if (!end)
				end = p + strlen(p);
			while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
				end--;
			ret = conf_add_dir(c, p, (size_t)(end - p));
		}
	}
cleanup:
	strbuf_release(&text);
	strbuf_release(&host);
	strbuf_release(&real);
	return ret;
}

int ldso_cache_load(struct ctx *c)
{
	struct strbuf host = STRBUF_INIT, real = STRBUF_INIT;
	const char *why = NULL;
	size_t bad = 0;
	int ret = -1, r;

	c->cache_loaded = true;
	r = ldso_resolve_in_root(c, "/etc/ld.so.cache", &real);
	if (r < 0 && errno == ENOMEM)
		goto cleanup;
	if (r == 0) {
		if (ldso_host_of(c, real.buf, &host))
			goto cleanup;
		if (strbuf_read_file(&c->cache_data, host.buf, MAX_CACHE_SIZE)) {
			if (errno == ENOMEM)
				goto cleanup;
			why = strerror(errno);
		} else {
			r = cache_parse(c, &why, &bad);
			if (r < 0)
				goto cleanup;
		}
	} else {
		why = "missing";
	}
	if (!why) {
		c->cache_ok = true;
		if (bad &&
		    ldso_warn(c, "%s/etc/ld.so.cache: %zu entries with bad string offsets skipped",
			      c->sysroot, bad))
			goto cleanup;
		ret = 0;
		goto cleanup;
	}
	if (ldso_warn(c, "%s/etc/ld.so.cache: %s: using the directories of etc/ld.so.conf instead",
		      c->sysroot, why) ||
	    conf_parse(c, "/etc/ld.so.conf", 0))
		goto cleanup;
	ret = 0;
cleanup:
	if (ret)
		ldso_nomem(c);
	strbuf_release(&host);
	strbuf_release(&real);
	return ret;
}
