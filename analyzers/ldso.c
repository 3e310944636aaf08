/* SPDX-License-Identifier: Apache-2.0 */
#include "ldso.h"

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

#include "elf_info.h"
#include "pathutil.h"
#include "strmap.h"

#include "banned.h"

/* Like the kernel's limit on symlinks followed in one lookup. */
#define MAX_SYMLINKS 40
/* Bounds for hostile trees: path text, configuration files, includes. */
#define MAX_PATH_TEXT  (64u << 10)
#define MAX_CACHE_SIZE (64u << 20)
#define MAX_CONF_SIZE  (1u << 20)
#define MAX_CONF_DEPTH 8
#define MAX_CONF_DIRS  4096
#define NO_OBJ         ((size_t)-1)
/* Strings kept for the loaded files (DT_NEEDED, paths), at most. */
#define MAX_KEPT_TEXT (64u << 20)

/* ---- ld.so.cache (glibc sysdeps/generic/dl-cache.h) ---- */

#define CACHEMAGIC              "ld.so-1.7.0"
#define CACHEMAGIC_NEW          "glibc-ld.so.cache1.1"
#define OLD_HEADER_SIZE         16 /* magic[11], pad, uint32 nlibs */
#define OLD_ENTRY_SIZE          12 /* int32 flags, uint32 key, value */
#define NEW_HEADER_SIZE         48
#define NEW_ENTRY_SIZE          24 /* flags, key, value, osversion, uint64 hwcap */
#define NEW_FLAGS_OFFSET        28
#define CACHE_ENDIAN_MASK       3
#define CACHE_ENDIAN_UNSET      0
#define CACHE_ENDIAN_LITTLE     2
#define CACHE_ENDIAN_BIG        3
#define FLAG_ELF                0x0001
#define FLAG_ELF_LIBC6          0x0003
#define FLAG_TYPE_MASK          0x00ff
#define FLAG_SPARC_LIB64        0x0100
#define FLAG_X8664_LIB64        0x0300
#define FLAG_S390_LIB64         0x0400
#define FLAG_POWERPC_LIB64      0x0500
#define FLAG_X8664_LIBX32       0x0800
#define FLAG_ARM_LIBHF          0x0900
#define FLAG_AARCH64_LIB64      0x0a00
#define FLAG_ARM_LIBSF          0x0b00
#define FLAG_RISCV_FLOAT_SOFT   0x0f00
#define FLAG_RISCV_FLOAT_DOUBLE 0x1000
#define FLAG_LARCH_FLOAT_DOUBLE 0x1200

/* What the loader of one machine uses. */
struct profile {
	const char *triplet;  /* Debian multiarch, or NULL */
	const char *platform; /* $PLATFORM default, or NULL */
	int32_t cache_flags;  /* the exact ld.so.cache flags, or -1: any libc6 entry */
	bool plain_elf_ok;    /* also accept entries flagged FLAG_ELF / FLAG_ELF_LIBC6 */
};

static struct profile profile_for(const struct elf_info *in)
{
	struct profile p = {NULL, NULL, -1, true};

	switch (in->machine) {
	case EM_X86_64:
		if (in->elf_class == ELFCLASS64)
			p = (struct profile){"x86_64-linux-gnu", "x86_64",
			                     FLAG_X8664_LIB64 | FLAG_ELF_LIBC6, false};
		else
			p = (struct profile){"x86_64-linux-gnux32", "x86_64",
			                     FLAG_X8664_LIBX32 | FLAG_ELF_LIBC6, false};
		break;
	case EM_386:
		p = (struct profile){"i386-linux-gnu", "i686", FLAG_ELF_LIBC6, true};
		break;
	case EM_AARCH64:
		p = (struct profile){"aarch64-linux-gnu", "aarch64",
		                     FLAG_AARCH64_LIB64 | FLAG_ELF_LIBC6, false};
		break;
	case EM_ARM:
		if (in->e_flags & EF_ARM_ABI_FLOAT_HARD)
			p = (struct profile){"arm-linux-gnueabihf", "v7l",
			                     FLAG_ARM_LIBHF | FLAG_ELF_LIBC6, true};
		else
			p = (struct profile){"arm-linux-gnueabi", "v7l",
			                     FLAG_ARM_LIBSF | FLAG_ELF_LIBC6, true};
		break;
	case EM_RISCV:
		if (in->elf_class == ELFCLASS64)
			p = (struct profile){
			    "riscv64-linux-gnu", NULL,
			    ((in->e_flags & 6) ? FLAG_RISCV_FLOAT_DOUBLE : FLAG_RISCV_FLOAT_SOFT) |
			        FLAG_ELF_LIBC6,
			    false};
		break;
	case EM_PPC64:
		p = (struct profile){in->data == ELFDATA2LSB ? "powerpc64le-linux-gnu"
		                                             : "powerpc64-linux-gnu",
		                     NULL, FLAG_POWERPC_LIB64 | FLAG_ELF_LIBC6, false};
		break;
	case EM_PPC:
		p = (struct profile){"powerpc-linux-gnu", NULL, FLAG_ELF_LIBC6, true};
		break;
	case EM_S390:
		if (in->elf_class == ELFCLASS64)
			p = (struct profile){"s390x-linux-gnu", NULL,
			                     FLAG_S390_LIB64 | FLAG_ELF_LIBC6, false};
		break;
	case EM_LOONGARCH:
		p = (struct profile){"loongarch64-linux-gnu", NULL,
		                     FLAG_LARCH_FLOAT_DOUBLE | FLAG_ELF_LIBC6, false};
		break;
	default:
		break;
	}
	return p;
}

struct cache_entry {
	int32_t flags;
	uint64_t hwcap;
	const char *key;
	const char *value;
};

/* ---- string -> index lookups (common/strmap; keys owned by the context) ---- */

static size_t smap_get(const struct strmap *m, const char *k)
{
	const struct strmap_slot *s = strmap_find(m, k);

	return s ? s->val : NO_OBJ;
}

static int smap_put(struct strmap *m, const char *k, size_t v)
{
	bool is_new;

	return strmap_put(m, k, v, &is_new) ? 0 : -1; /* first one wins */
}

struct search;

/* ---- the resolution context ---- */

/* One loaded file (objs[0] is the root). */
struct obj {
	size_t node;   /* index in tree->nodes, or LDSO_ROOT */
	size_t loader; /* index in objs of its first loader, or NO_OBJ */
	unsigned depth;
	bool outside; /* lies outside the sysroot */
	char *origin; /* $ORIGIN, as the target sees it */
	struct elf_info info;
	bool dirs_done; /* rpath_hosts / runpath_hosts computed */
	struct strvec rpath_hosts, runpath_hosts;
};

struct ctx {
	const struct ldso_config *cfg;
	struct ldso_tree *tree;
	struct strbuf *err;
	char *sysroot; /* real path without trailing '/'; "" for "/" */
	size_t sysroot_len;
	/* the root's identity, which every library must share */
	unsigned want_class, want_data, want_machine;
	struct profile prof;
	const char *lib, *platform;
	struct strvec default_hosts;

	struct obj *objs;
	size_t nr_objs, alloc_objs;
	struct strvec keystore; /* owns the keys of the maps */
	struct strmap by_name;    /* requested name or soname -> obj */
	struct strmap by_real;    /* real host path -> obj */
	struct strmap missing;    /* name -> node of an unresolved name */

	/* ld.so.cache / ld.so.conf, loaded on first use */
	bool cache_loaded;
	bool cache_ok;
	struct strbuf cache_data;
	struct cache_entry *cache;
	size_t nr_cache;
	struct strvec conf_hosts; /* ld.so.conf directories when there is no cache */
	bool llp_done;
	struct strvec llp_hosts;
	/* the root's PT_INTERP when it is a usable loader: found, not yet a node */
	struct search *interp;
	size_t kept_text; /* bytes of strings kept in objs[].info */
};

__attribute__((format(printf, 2, 3))) static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->err)
		return -1;
	va_start(ap, fmt);
	strbuf_vaddf(c->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int nomem(struct ctx *c)
{
	return fail(c, "%s: out of memory", c->tree->root_path ? c->tree->root_path : "ldso");
}

__attribute__((format(printf, 2, 3))) static int warn(struct ctx *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r || strvec_push_nodup(&c->tree->warnings, strbuf_detach(&sb, NULL)))
		return nomem(c);
	return 0;
}

/* ---- paths inside the sysroot ---- */

/* Append the host path of target path tpath. */
static int host_of(const struct ctx *c, const char *tpath, struct strbuf *out)
{
	if (strbuf_add(out, c->sysroot, c->sysroot_len))
		return -1;
	return strbuf_addstr(out, tpath);
}

/* The target's view of a host path; *outside when it is not in the sysroot. */
static const char *target_of(const struct ctx *c, const char *host, bool *outside)
{
	*outside = false;
	if (!c->sysroot_len)
		return host;
	if (!strncmp(host, c->sysroot, c->sysroot_len) &&
	    (host[c->sysroot_len] == '/' || host[c->sysroot_len] == '\0'))
		return host[c->sysroot_len] ? host + c->sysroot_len : "/";
	*outside = true;
	return host;
}

/*
 * Resolve every symlink of the absolute target path tpath, chroot-like in
 * the sysroot ("/" and ".." stay inside). 0 with the real target path in
 * res, 1 when a component does not exist (or is no directory), -1 with
 * errno (ELOOP, ENAMETOOLONG, ENOMEM, EACCES, ...).
 */
static int resolve_in_root(const struct ctx *c, const char *tpath, struct strbuf *res)
{
	struct strbuf todo = STRBUF_INIT, host = STRBUF_INIT, link = STRBUF_INIT;
	size_t pos = 0;
	int links = 0, ret = -1;

	strbuf_reset(res);
	if (strbuf_addstr(&todo, tpath))
		goto nomem;
	while (pos < todo.len) {
		size_t start, n, kept = res->len;
		struct stat st;

		while (pos < todo.len && todo.buf[pos] == '/')
			pos++;
		if (pos == todo.len)
			break;
		start = pos;
		while (pos < todo.len && todo.buf[pos] != '/')
			pos++;
		n = pos - start;
		if (n == 1 && todo.buf[start] == '.')
			continue;
		if (n == 2 && todo.buf[start] == '.' && todo.buf[start + 1] == '.') {
			char *slash = strrchr(res->buf, '/');

			if (slash) {
				res->len = (size_t)(slash - res->buf);
				res->buf[res->len] = '\0';
			}
			continue;
		}
		if (strbuf_addch(res, '/') || strbuf_add(res, todo.buf + start, n))
			goto nomem;
		strbuf_reset(&host);
		if (host_of(c, res->buf, &host))
			goto nomem;
		if (lstat(host.buf, &st)) {
			if (errno == ENOENT || errno == ENOTDIR)
				ret = 1;
			goto cleanup;
		}
		if (S_ISLNK(st.st_mode)) {
			struct strbuf next = STRBUF_INIT;
			ssize_t len;

			if (++links > MAX_SYMLINKS) {
				errno = ELOOP;
				goto cleanup;
			}
			strbuf_reset(&link);
			if (strbuf_grow(&link, PATH_MAX))
				goto nomem;
			len = readlink(host.buf, link.buf, link.alloc - 1);
			if (len < 0)
				goto cleanup;
			if ((size_t)len >= link.alloc - 1) {
				errno = ENAMETOOLONG;
				goto cleanup;
			}
			link.len = (size_t)len;
			link.buf[len] = '\0';
			if (strbuf_add(&next, link.buf, link.len) ||
			    strbuf_add(&next, todo.buf + pos, todo.len - pos)) {
				strbuf_release(&next);
				goto nomem;
			}
			if (next.len > MAX_PATH_TEXT) {
				strbuf_release(&next);
				errno = ENAMETOOLONG;
				goto cleanup;
			}
			strbuf_release(&todo);
			todo = next;
			pos = 0;
			res->len = link.buf[0] == '/' ? 0 : kept;
			res->buf[res->len] = '\0';
			continue;
		}
		if (pos < todo.len && !S_ISDIR(st.st_mode)) {
			ret = 1;
			goto cleanup;
		}
	}
	if (!res->len && strbuf_addch(res, '/'))
		goto nomem;
	ret = 0;
	goto cleanup;
nomem:
	errno = ENOMEM;
cleanup:
	strbuf_release(&todo);
	strbuf_release(&host);
	strbuf_release(&link);
	return ret;
}

/* The real host path of host path h: 0, 1 (does not exist), -1 (errno). */
static int real_host(const struct ctx *c, const char *h, struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT;
	bool outside;
	const char *tp = target_of(c, h, &outside);
	int r;

	strbuf_reset(out);
	if (outside) {
		char *rp = realpath(h, NULL);

		if (!rp)
			return errno == ENOENT || errno == ENOTDIR ? 1 : -1;
		r = strbuf_addstr(out, rp);
		free(rp);
		if (r)
			errno = ENOMEM;
		return r;
	}
	r = resolve_in_root(c, tp, &t);
	if (r == 0 && host_of(c, t.buf, out)) {
		errno = ENOMEM;
		r = -1;
	}
	strbuf_release(&t);
	return r;
}

/* ---- dynamic string tokens ---- */

/* Length of $NAME or ${NAME} at s (just after the '$') when it is ref. */
static size_t is_dst(const char *s, const char *ref)
{
	size_t n = strlen(ref);
	bool curly = s[0] == '{';
	char next;

	if (curly)
		s++;
	if (strncmp(s, ref, n))
		return 0;
	next = s[n];
	if (curly)
		return next == '}' ? n + 2 : 0;
	if ((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z') ||
	    (next >= '0' && next <= '9') || next == '_')
		return 0;
	return n;
}

/*
 * Expand the tokens of s for an object with the given $ORIGIN. 0, 1 when a
 * token has no value (the element is dropped), -1 out of memory.
 */
static int expand_dst(const struct ctx *c, const char *origin, const char *s, struct strbuf *out)
{
	strbuf_reset(out);
	while (*s) {
		const char *val = NULL;
		size_t n;

		if (*s != '$') {
			if (strbuf_addch(out, *s++))
				return -1;
			continue;
		}
		if ((n = is_dst(s + 1, "ORIGIN")) != 0)
			val = origin;
		else if ((n = is_dst(s + 1, "PLATFORM")) != 0)
			val = c->platform;
		else if ((n = is_dst(s + 1, "LIB")) != 0)
			val = c->lib;
		if (!n) {
			if (strbuf_addch(out, *s++))
				return -1;
			continue;
		}
		if (!val)
			return 1;
		if (strbuf_addstr(out, val))
			return -1;
		s += 1 + n;
	}
	return out->len > MAX_PATH_TEXT ? 1 : 0;
}

static bool starts_with_origin(const char *s)
{
	return s[0] == '$' && is_dst(s + 1, "ORIGIN") != 0;
}

/*
 * Expand one path-list element of object o into a host directory. 0 with
 * out set, 1 when the element is dropped (a warning says why), -1 nomem.
 */
static int element_host(struct ctx *c, const struct obj *o, const char *what, const char *elem,
                        struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT;
	const char *who = o->node == LDSO_ROOT ? c->tree->root_path : c->tree->nodes[o->node].path;
	int r = expand_dst(c, o->origin, elem, &t);

	strbuf_reset(out);
	if (r < 0)
		goto done;
	if (r > 0) {
		r = warn(c, "%s: %s element '%s': a token without a value: skipped", who, what,
		         elem);
		r = r ? r : 1;
		goto done;
	}
	if (t.buf[0] != '/') {
		r = warn(c,
		         "%s: %s element '%s' is %s: depends on the working directory at run time: "
		         "skipped",
		         who, what, elem, t.len ? "relative" : "empty");
		r = r ? r : 1;
		goto done;
	}
	if (o->outside && starts_with_origin(elem))
		r = strbuf_addstr(out, t.buf);
	else
		r = host_of(c, t.buf, out);
done:
	strbuf_release(&t);
	return r;
}

static int expand_list(struct ctx *c, const struct obj *o, const char *what,
                       const struct strvec *elems, struct strvec *hosts)
{
	struct strbuf h = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < elems->nr && ret >= 0; i++) {
		ret = element_host(c, o, what, elems->v[i], &h);
		if (ret == 0 && strvec_push(hosts, h.buf))
			ret = -1;
	}
	strbuf_release(&h);
	if (ret < 0)
		return nomem(c);
	return 0;
}

static int obj_dirs(struct ctx *c, struct obj *o)
{
	if (o->dirs_done)
		return 0;
	o->dirs_done = true;
	/* The loader ignores DT_RPATH when DT_RUNPATH is present. */
	if (!o->info.runpath && expand_list(c, o, "DT_RPATH", &o->info.rpath_dirs, &o->rpath_hosts))
		return -1;
	return expand_list(c, o, "DT_RUNPATH", &o->info.runpath_dirs, &o->runpath_hosts);
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
			size_t o =
			    (OLD_HEADER_SIZE + old_n * OLD_ENTRY_SIZE + align - 1) & ~(align - 1);

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
static const char *cache_lookup(const struct ctx *c, const char *name)
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
	r = resolve_in_root(c, dir.buf, &tdir);
	if (r) {
		ret = r > 0 || errno != ENOMEM ? 0 : -1;
		goto cleanup;
	}
	strbuf_reset(&dir);
	if (host_of(c, tdir.buf, &dir))
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
		ret = warn(c, "%s: includes nested deeper than %u: ignored", tfile, MAX_CONF_DEPTH);
		goto cleanup;
	}
	if (resolve_in_root(c, tfile, &real)) {
		ret = errno == ENOMEM ? -1 : 0;
		goto cleanup;
	}
	if (host_of(c, real.buf, &host))
		goto cleanup;
	if (strbuf_read_file(&text, host.buf, MAX_CONF_SIZE)) {
		ret = errno == ENOMEM ? -1 : warn(c, "%s: %s: ignored", tfile, strerror(errno));
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

static int cache_load(struct ctx *c)
{
	struct strbuf host = STRBUF_INIT, real = STRBUF_INIT;
	const char *why = NULL;
	size_t bad = 0;
	int ret = -1, r;

	c->cache_loaded = true;
	r = resolve_in_root(c, "/etc/ld.so.cache", &real);
	if (r < 0 && errno == ENOMEM)
		goto cleanup;
	if (r == 0) {
		if (host_of(c, real.buf, &host))
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
		    warn(c, "%s/etc/ld.so.cache: %zu entries with bad string offsets skipped",
		         c->sysroot, bad))
			goto cleanup;
		ret = 0;
		goto cleanup;
	}
	if (warn(c, "%s/etc/ld.so.cache: %s: using the directories of etc/ld.so.conf instead",
	         c->sysroot, why) ||
	    conf_parse(c, "/etc/ld.so.conf", 0))
		goto cleanup;
	ret = 0;
cleanup:
	if (ret)
		nomem(c);
	strbuf_release(&host);
	strbuf_release(&real);
	return ret;
}

/* ---- candidates ---- */

/* Keep only what the search needs of a file's ELF facts; the bytes kept. */
static size_t trim_info(struct elf_info *in)
{
	size_t n = 0;

	for (size_t i = 0; i < in->nr_verneed; i++) {
		free(in->verneed[i].file);
		strvec_clear(&in->verneed[i].versions);
	}
	free(in->verneed);
	in->verneed = NULL;
	in->nr_verneed = 0;
	strvec_clear(&in->comments);
	free(in->build_id);
	free(in->package_note);
	free(in->debuglink);
	free(in->interp);
	in->build_id = in->package_note = in->debuglink = in->interp = NULL;
	for (size_t i = 0; i < in->needed.nr; i++)
		n += strlen(in->needed.v[i]) + 32;
	for (size_t i = 0; i < in->rpath_dirs.nr; i++)
		n += 2 * strlen(in->rpath_dirs.v[i]) + 64;
	for (size_t i = 0; i < in->runpath_dirs.nr; i++)
		n += 2 * strlen(in->runpath_dirs.v[i]) + 64;
	return n;
}

struct search {
	const char *name;
	bool name_is_host; /* $ORIGIN/... of an object outside the sysroot */
	struct strvec skipped;
	/* the result */
	enum ldso_how how;
	struct strbuf found; /* host path as found */
	struct strbuf real;  /* real host path */
	struct elf_info info;
};

static void search_init(struct search *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	strvec_init(&s->skipped);
	s->how = LDSO_NOT_FOUND;
	strbuf_init(&s->found);
	strbuf_init(&s->real);
	elf_info_init(&s->info);
}

static void search_release(struct search *s)
{
	strvec_clear(&s->skipped);
	strbuf_release(&s->found);
	strbuf_release(&s->real);
	elf_info_release(&s->info);
}

static const char *class_name(unsigned cls)
{
	return cls == ELFCLASS32 ? "ELFCLASS32" : cls == ELFCLASS64 ? "ELFCLASS64" : "bad class";
}

/* Why the ELF header in h (n bytes) does not fit, or NULL. */
static const char *header_mismatch(const struct ctx *c, const unsigned char *h, size_t n,
                                   struct strbuf *why)
{
	unsigned type, machine;
	bool big;

	if (n < EI_NIDENT + 4 || memcmp(h, ELFMAG, SELFMAG))
		return "not an ELF file";
	if (h[EI_CLASS] != c->want_class) {
		strbuf_addf(why, "%s, not %s", class_name(h[EI_CLASS]), class_name(c->want_class));
		return why->buf;
	}
	if (h[EI_DATA] != c->want_data)
		return h[EI_DATA] == ELFDATA2MSB ? "big-endian, not little-endian"
		                                 : "not big-endian";
	big = h[EI_DATA] == ELFDATA2MSB;
	type = big ? (unsigned)h[16] << 8 | h[17] : (unsigned)h[17] << 8 | h[16];
	machine = big ? (unsigned)h[18] << 8 | h[19] : (unsigned)h[19] << 8 | h[18];
	if (machine != c->want_machine) {
		strbuf_addf(why, "machine %u (%s), not %u (%s)", machine, elf_machine_name(machine),
		            c->want_machine, elf_machine_name(c->want_machine));
		return why->buf;
	}
	if (type != ET_DYN)
		return type == ET_EXEC ? "an executable (ET_EXEC), not a shared object"
		                       : "not a shared object (ET_DYN)";
	return NULL;
}

static int skip(struct ctx *c, struct search *s, const char *host, const char *why)
{
	struct strbuf sb = STRBUF_INIT;
	bool outside;

	if (strbuf_addf(&sb, "%s: %s", target_of(c, host, &outside), why) ||
	    strvec_push_nodup(&s->skipped, strbuf_detach(&sb, NULL)))
		return nomem(c);
	return 0;
}

/*
 * Try the host path h. 0 taken (s->found, s->real, s->info set), 1 absent
 * or passed over (then listed in s->skipped), -1 out of memory.
 */
static int try_candidate(struct ctx *c, struct search *s, const char *h, enum ldso_how how)
{
	struct strbuf why = STRBUF_INIT, err = STRBUF_INIT;
	unsigned char hdr[EI_NIDENT + 4];
	const char *mismatch;
	ssize_t n;
	int fd = -1, ret = -1, r;

	r = real_host(c, h, &s->real);
	if (r > 0) {
		ret = 1;
		goto cleanup;
	}
	if (r < 0) {
		ret = errno == ENOMEM ? -1 : (skip(c, s, h, strerror(errno)) ? -1 : 1);
		goto cleanup;
	}
	fd = open(s->real.buf, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		/* The loader goes on after ENOENT and EACCES alike. */
		ret = errno == ENOENT ? 1 : (skip(c, s, h, strerror(errno)) ? -1 : 1);
		goto cleanup;
	}
	do {
		n = pread(fd, hdr, sizeof(hdr), 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		ret = skip(c, s, h, strerror(errno)) ? -1 : 1;
		goto cleanup;
	}
	mismatch = header_mismatch(c, hdr, (size_t)n, &why);
	if (mismatch) {
		ret = skip(c, s, h, mismatch) ? -1 : 1;
		goto cleanup;
	}
	if (elf_info_read(s->real.buf, &s->info, &err)) {
		ret = skip(c, s, h, err.len ? err.buf : "unreadable") ? -1 : 1;
		goto cleanup;
	}
	strbuf_reset(&s->found);
	if (strbuf_addstr(&s->found, h)) {
		nomem(c);
		goto cleanup;
	}
	s->how = how;
	ret = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	strbuf_release(&why);
	strbuf_release(&err);
	return ret;
}

static int try_dirs(struct ctx *c, struct search *s, const struct strvec *dirs, enum ldso_how how)
{
	struct strbuf h = STRBUF_INIT;
	int r = 1;

	for (size_t i = 0; i < dirs->nr && r == 1; i++) {
		strbuf_reset(&h);
		if (path_join(&h, dirs->v[i], s->name)) {
			r = nomem(c);
			break;
		}
		r = try_candidate(c, s, h.buf, how);
	}
	strbuf_release(&h);
	return r;
}

/* The loader's search for s->name on behalf of objs[oi]: 0 found, 1 not, -1 error. */
static int search(struct ctx *c, size_t oi, struct search *s)
{
	struct obj *o = &c->objs[oi];
	int r;

	if (strchr(s->name, '/')) {
		struct strbuf h = STRBUF_INIT;

		if (s->name[0] != '/')
			return skip(c, s, s->name,
			            "a relative path: depends on the working directory at run time")
			           ? -1
			           : 1;
		if (s->name_is_host ? strbuf_addstr(&h, s->name) : host_of(c, s->name, &h)) {
			strbuf_release(&h);
			return nomem(c);
		}
		r = try_candidate(c, s, h.buf, LDSO_PATH);
		strbuf_release(&h);
		return r;
	}
	if (obj_dirs(c, o))
		return -1;
	if (!o->info.runpath) {
		/* DT_RPATH of the loader, then of its loaders up to the root. */
		for (size_t j = oi; j != NO_OBJ; j = c->objs[j].loader) {
			if (obj_dirs(c, &c->objs[j]))
				return -1;
			r = try_dirs(c, s, &c->objs[j].rpath_hosts, LDSO_RPATH);
			if (r != 1)
				return r;
		}
	}
	if (c->cfg->ld_library_path) {
		if (!c->llp_done) {
			struct strvec elems = STRVEC_INIT;
			const char *p = c->cfg->ld_library_path;

			c->llp_done = true;
			for (;;) {
				size_t n = strcspn(p, ":;");

				if (strvec_pushn(&elems, p, n)) {
					strvec_clear(&elems);
					return nomem(c);
				}
				if (!p[n])
					break;
				p += n + 1;
			}
			r = expand_list(c, &c->objs[0], "LD_LIBRARY_PATH", &elems, &c->llp_hosts);
			strvec_clear(&elems);
			if (r)
				return -1;
		}
		r = try_dirs(c, s, &c->llp_hosts, LDSO_LD_LIBRARY_PATH);
		if (r != 1)
			return r;
	}
	r = try_dirs(c, s, &o->runpath_hosts, LDSO_RUNPATH);
	if (r != 1)
		return r;
	if (o->info.dt_flags_1 & DF_1_NODEFLIB)
		return 1;
	if (!c->cache_loaded && cache_load(c))
		return -1;
	if (c->cache_ok) {
		const char *v = cache_lookup(c, s->name);

		if (v && v[0] == '/') {
			struct strbuf h = STRBUF_INIT;

			if (host_of(c, v, &h)) {
				strbuf_release(&h);
				return nomem(c);
			}
			r = try_candidate(c, s, h.buf, LDSO_CACHE);
			strbuf_release(&h);
			if (r != 1)
				return r;
		}
	} else {
		r = try_dirs(c, s, &c->conf_hosts, LDSO_CONF);
		if (r != 1)
			return r;
	}
	return try_dirs(c, s, &c->default_hosts, LDSO_DEFAULT);
}

/* ---- the graph ---- */

static int keep_key(struct ctx *c, const char *k, const char **out)
{
	if (strvec_push(&c->keystore, k))
		return -1;
	*out = c->keystore.v[c->keystore.nr - 1];
	return 0;
}

static int map_put(struct ctx *c, struct strmap *m, const char *k, size_t v)
{
	const char *key;

	if (smap_get(m, k) != NO_OBJ)
		return 0;
	if (keep_key(c, k, &key) || smap_put(m, key, v))
		return nomem(c);
	return 0;
}

static int add_node(struct ctx *c, struct ldso_node **n)
{
	struct ldso_tree *t = c->tree;

	if (t->nr == t->alloc) {
		size_t a = t->alloc ? t->alloc * 2 : 16;
		struct ldso_node *p = realloc(t->nodes, a * sizeof(*p));

		if (!p)
			return nomem(c);
		t->nodes = p;
		t->alloc = a;
	}
	*n = &t->nodes[t->nr++];
	memset(*n, 0, sizeof(**n));
	strvec_init(&(*n)->skipped);
	return 0;
}

static int add_edge(struct ctx *c, size_t from, size_t to)
{
	struct ldso_tree *t = c->tree;

	if (t->nr_edges == t->alloc_edges) {
		size_t a = t->alloc_edges ? t->alloc_edges * 2 : 32;
		struct ldso_edge *p = realloc(t->edges, a * sizeof(*p));

		if (!p)
			return nomem(c);
		t->edges = p;
		t->alloc_edges = a;
	}
	t->edges[t->nr_edges].from = from;
	t->edges[t->nr_edges].to = to;
	t->nr_edges++;
	return 0;
}

static int add_obj(struct ctx *c, size_t *oi)
{
	if (c->nr_objs == c->alloc_objs) {
		size_t a = c->alloc_objs ? c->alloc_objs * 2 : 16;
		struct obj *p = realloc(c->objs, a * sizeof(*p));

		if (!p)
			return nomem(c);
		c->objs = p;
		c->alloc_objs = a;
	}
	*oi = c->nr_objs++;
	memset(&c->objs[*oi], 0, sizeof(c->objs[*oi]));
	elf_info_init(&c->objs[*oi].info);
	strvec_init(&c->objs[*oi].rpath_hosts);
	strvec_init(&c->objs[*oi].runpath_hosts);
	return 0;
}

static char *dup_or_null(const char *s, bool *failed)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		*failed = true;
	return p;
}

/* The directory part of path p ("/" for "/x"). */
static char *dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');
	size_t n = slash ? (size_t)(slash - p) : 0;
	char *d = malloc(n + 2);

	if (!d)
		return NULL;
	if (!n) {
		d[0] = slash ? '/' : '.';
		d[1] = '\0';
	} else {
		memcpy(d, p, n);
		d[n] = '\0';
	}
	return d;
}

/* A new loaded file from a successful search. */
static int add_found(struct ctx *c, size_t oi, struct search *s, size_t *node)
{
	struct obj *o;
	struct ldso_node *n;
	size_t ni, noi;
	bool outside, failed = false;

	if (add_node(c, &n) || add_obj(c, &noi))
		return -1;
	ni = c->tree->nr - 1;
	o = &c->objs[noi];
	o->node = ni;
	o->loader = oi;
	o->depth = c->objs[oi].depth + 1;
	o->info = s->info;
	elf_info_init(&s->info);
	c->kept_text += trim_info(&o->info);
	n->name = dup_or_null(s->name, &failed);
	n->path = dup_or_null(target_of(c, s->found.buf, &outside), &failed);
	o->outside = outside;
	n->real_path = dup_or_null(target_of(c, s->real.buf, &outside), &failed);
	n->host_path = dup_or_null(s->real.buf, &failed);
	n->soname = dup_or_null(o->info.soname, &failed);
	n->how = s->how;
	n->loader = c->objs[oi].node;
	n->depth = o->depth;
	n->skipped = s->skipped;
	strvec_init(&s->skipped);
	/* $ORIGIN of a library: the directory of the path it was found at. */
	o->origin = n->path ? dir_of(n->path) : NULL;
	if (failed || !o->origin)
		return nomem(c);
	if (map_put(c, &c->by_real, s->real.buf, noi) || map_put(c, &c->by_name, s->name, noi) ||
	    (o->info.soname && map_put(c, &c->by_name, o->info.soname, noi)))
		return -1;
	*node = ni;
	return 0;
}

static int add_missing(struct ctx *c, size_t oi, struct search *s, size_t *node)
{
	struct ldso_node *n;
	bool failed = false;

	if (add_node(c, &n))
		return -1;
	n->name = dup_or_null(s->name, &failed);
	n->how = LDSO_NOT_FOUND;
	n->loader = c->objs[oi].node;
	n->depth = c->objs[oi].depth + 1;
	n->skipped = s->skipped;
	strvec_init(&s->skipped);
	c->tree->nr_unresolved++;
	*node = c->tree->nr - 1;
	if (failed)
		return nomem(c);
	return map_put(c, &c->missing, s->name, *node);
}

/* Resolve one DT_NEEDED entry of objs[oi] and record the edge. */
static int resolve_needed(struct ctx *c, size_t oi, const char *needed)
{
	struct search s;
	struct strbuf name = STRBUF_INIT;
	size_t from = c->objs[oi].node, j, node;
	int ret = -1, r;

	search_init(&s, NULL);
	r = expand_dst(c, c->objs[oi].origin, needed, &name);
	if (r < 0) {
		nomem(c);
		goto cleanup;
	}
	if (r > 0) {
		strbuf_reset(&name);
		if (strbuf_addstr(&name, needed)) {
			nomem(c);
			goto cleanup;
		}
	}
	s.name = name.buf;
	s.name_is_host = c->objs[oi].outside && starts_with_origin(needed);
	j = smap_get(&c->by_name, s.name);
	if (j != NO_OBJ) {
		ret = add_edge(c, from, c->objs[j].node);
		goto cleanup;
	}
	if (c->nr_objs >= LDSO_MAX_NODES || c->tree->nr >= LDSO_MAX_NODES ||
	    c->kept_text > MAX_KEPT_TEXT) {
		c->tree->truncated = true;
		ret = 0;
		goto cleanup;
	}
	if (c->interp && ((c->interp->info.soname && !strcmp(s.name, c->interp->info.soname)) ||
	                  !strcmp(s.name, c->objs[0].info.interp))) {
		/* The loader itself: loaded before anything else. */
		struct search *ip = c->interp;

		c->interp = NULL;
		ip->name = s.name;
		j = smap_get(&c->by_real, ip->real.buf);
		if (j != NO_OBJ) {
			node = c->objs[j].node;
			r = map_put(c, &c->by_name, s.name, j);
		} else {
			r = add_found(c, oi, ip, &node);
			if (!r)
				r = map_put(c, &c->by_name, c->objs[0].info.interp, c->nr_objs - 1);
		}
		search_release(ip);
		free(ip);
		if (r)
			goto cleanup;
		ret = add_edge(c, from, node);
		goto cleanup;
	}
	r = r > 0 ? (skip(c, &s, needed, "a token without a value") ? -1 : 1) : search(c, oi, &s);
	if (r < 0)
		goto cleanup;
	if (r == 0) {
		j = smap_get(&c->by_real, s.real.buf);
		if (j != NO_OBJ) {
			/* The same file under another name: loaded once. */
			if (map_put(c, &c->by_name, s.name, j))
				goto cleanup;
			ret = add_edge(c, from, c->objs[j].node);
			goto cleanup;
		}
		if (add_found(c, oi, &s, &node))
			goto cleanup;
	} else {
		node = smap_get(&c->missing, s.name);
		if (node == NO_OBJ && add_missing(c, oi, &s, &node))
			goto cleanup;
	}
	ret = add_edge(c, from, node);
cleanup:
	search_release(&s);
	strbuf_release(&name);
	return ret;
}

/* ---- setup ---- */

static int setup_sysroot(struct ctx *c)
{
	const char *sr = c->cfg->sysroot;
	struct stat st;
	char *rp;
	size_t n;

	if (!sr || !*sr)
		sr = "/";
	rp = realpath(sr, NULL);
	if (!rp || stat(rp, &st) || !S_ISDIR(st.st_mode)) {
		fail(c, "sysroot %s: %s", sr, rp ? "not a directory" : strerror(errno));
		free(rp);
		return -1;
	}
	n = strlen(rp);
	while (n && rp[n - 1] == '/')
		n--;
	rp[n] = '\0';
	c->sysroot = rp;
	c->sysroot_len = n;
	return 0;
}

static int setup_defaults(struct ctx *c)
{
	static const char *const plain[] = {"/lib", "/usr/lib", NULL};
	struct strbuf sb = STRBUF_INIT;
	const char *const *dirs = c->cfg->default_dirs;
	int ret = -1;

	c->lib = c->cfg->lib ? c->cfg->lib : NULL;
	c->platform = c->cfg->platform ? c->cfg->platform : c->prof.platform;
	if (!c->lib) {
		if (c->prof.triplet) {
			if (strbuf_addf(&sb, "lib/%s", c->prof.triplet) ||
			    keep_key(c, sb.buf, &c->lib))
				goto cleanup;
		} else {
			c->lib = "lib";
		}
	}
	if (!dirs && c->prof.triplet) {
		static const char *const prefix[] = {"/lib/", "/usr/lib/"};

		for (size_t i = 0; i < 2; i++) {
			strbuf_reset(&sb);
			if (host_of(c, prefix[i], &sb) || strbuf_addstr(&sb, c->prof.triplet) ||
			    strvec_push(&c->default_hosts, sb.buf))
				goto cleanup;
		}
	}
	for (dirs = dirs ? dirs : plain; *dirs; dirs++) {
		if ((*dirs)[0] != '/')
			continue;
		strbuf_reset(&sb);
		if (host_of(c, *dirs, &sb) || strvec_push(&c->default_hosts, sb.buf))
			goto cleanup;
	}
	ret = 0;
cleanup:
	strbuf_release(&sb);
	if (ret)
		nomem(c);
	return ret;
}

/* The root's PT_INTERP, when it is a library of the root's kind. -1 nomem. */
static int setup_interp(struct ctx *c, const char *interp)
{
	struct strbuf h = STRBUF_INIT;
	struct search *s = malloc(sizeof(*s));
	int r = -1;

	if (!s)
		return nomem(c);
	search_init(s, interp);
	if (host_of(c, interp, &h)) {
		nomem(c);
		goto cleanup;
	}
	r = try_candidate(c, s, h.buf, LDSO_INTERP);
	if (r == 0) {
		c->interp = s;
		s = NULL;
	} else if (r > 0) {
		r = 0; /* not there (a foreign sysroot): an ordinary search finds it, or not */
	}
cleanup:
	if (s) {
		search_release(s);
		free(s);
	}
	strbuf_release(&h);
	return r;
}

/* The root: objs[0]. 0, 1 not ELF, -1 error. */
static int setup_root(struct ctx *c, const char *root_path)
{
	struct strbuf abs = STRBUF_INIT, real = STRBUF_INIT;
	struct ldso_tree *t = c->tree;
	struct obj *o;
	const char *origin_host;
	size_t oi;
	bool outside;
	int ret = -1, r;

	if (add_obj(c, &oi))
		return -1;
	o = &c->objs[oi];
	o->node = LDSO_ROOT;
	o->loader = NO_OBJ;
	r = elf_info_read(root_path, &o->info, c->err);
	if (r == ELF_INFO_ARCHIVE) {
		fail(c, "%s: a static archive, not a loadable ELF file", root_path);
		r = 1;
	}
	if (r) {
		ret = r;
		goto cleanup;
	}
	c->want_class = o->info.elf_class;
	c->want_data = o->info.data;
	c->want_machine = o->info.machine;
	c->prof = profile_for(&o->info);

	if (root_path[0] != '/') {
		char *cwd = getcwd(NULL, 0);

		if (!cwd) {
			fail(c, "%s: getcwd: %s", root_path, strerror(errno));
			goto cleanup;
		}
		r = path_join(&abs, cwd, root_path);
		free(cwd);
		if (r)
			goto nomem;
	} else if (strbuf_addstr(&abs, root_path)) {
		goto nomem;
	}
	r = real_host(c, abs.buf, &real);
	if (r) {
		fail(c, "%s: cannot resolve the real path: %s", root_path,
		     r > 0 ? "no such file" : strerror(errno));
		goto cleanup;
	}
	t->root_real = strdup(real.buf);
	if (!t->root_real)
		goto nomem;
	/* glibc: /proc/self/exe (real path) for the program, else the name as given. */
	origin_host = o->info.type == ET_EXEC || o->info.pie ? real.buf : abs.buf;
	o->origin = dir_of(target_of(c, origin_host, &outside));
	o->outside = outside;
	if (!o->origin)
		goto nomem;
	if (map_put(c, &c->by_real, real.buf, oi) ||
	    (o->info.soname && map_put(c, &c->by_name, o->info.soname, oi)))
		goto cleanup;
	if (o->info.interp && o->info.interp[0] == '/' && setup_interp(c, o->info.interp))
		goto cleanup;
	ret = 0;
	goto cleanup;
nomem:
	nomem(c);
cleanup:
	strbuf_release(&abs);
	strbuf_release(&real);
	return ret;
}

static void ctx_release(struct ctx *c)
{
	for (size_t i = 0; i < c->nr_objs; i++) {
		free(c->objs[i].origin);
		elf_info_release(&c->objs[i].info);
		strvec_clear(&c->objs[i].rpath_hosts);
		strvec_clear(&c->objs[i].runpath_hosts);
	}
	free(c->objs);
	free(c->sysroot);
	strvec_clear(&c->default_hosts);
	strvec_clear(&c->keystore);
	strmap_release(&c->by_name);
	strmap_release(&c->by_real);
	strmap_release(&c->missing);
	strbuf_release(&c->cache_data);
	free(c->cache);
	strvec_clear(&c->conf_hosts);
	strvec_clear(&c->llp_hosts);
	if (c->interp) {
		search_release(c->interp);
		free(c->interp);
	}
}

/* ---- API ---- */

void ldso_tree_init(struct ldso_tree *tree)
{
	memset(tree, 0, sizeof(*tree));
	strvec_init(&tree->warnings);
}

void ldso_tree_release(struct ldso_tree *tree)
{
	for (size_t i = 0; i < tree->nr; i++) {
		struct ldso_node *n = &tree->nodes[i];

		free(n->name);
		free(n->path);
		free(n->real_path);
		free(n->host_path);
		free(n->soname);
		strvec_clear(&n->skipped);
	}
	free(tree->nodes);
	free(tree->edges);
	free(tree->root_path);
	free(tree->root_real);
	strvec_clear(&tree->warnings);
	ldso_tree_init(tree);
}

int ldso_resolve(const struct ldso_config *cfg, const char *root_path, struct ldso_tree *out,
                 struct strbuf *err)
{
	static const struct ldso_config defaults = LDSO_CONFIG_INIT;
	struct ctx c;
	unsigned max_depth;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.cfg = cfg ? cfg : &defaults;
	c.tree = out;
	c.err = err;
	strvec_init(&c.default_hosts);
	strvec_init(&c.keystore);
	strvec_init(&c.conf_hosts);
	strvec_init(&c.llp_hosts);
	strbuf_init(&c.cache_data);
	max_depth = c.cfg->max_depth ? c.cfg->max_depth : LDSO_DEFAULT_MAX_DEPTH;

	ldso_tree_release(out);
	out->root_path = strdup(root_path);
	if (!out->root_path) {
		nomem(&c);
		goto cleanup;
	}
	if (setup_sysroot(&c))
		goto cleanup;
	ret = setup_root(&c, root_path);
	if (ret)
		goto cleanup;
	ret = -1;
	if (setup_defaults(&c))
		goto cleanup;
	/* Breadth first, as _dl_map_object_deps: objs grows while we walk it. */
	for (size_t oi = 0; oi < c.nr_objs; oi++) {
		if (!c.objs[oi].info.needed.nr)
			continue;
		if (c.objs[oi].depth >= max_depth) {
			out->truncated = true;
			continue;
		}
		for (size_t k = 0; k < c.objs[oi].info.needed.nr; k++) {
			/* objs may move: copy the name first */
			char *needed = strdup(c.objs[oi].info.needed.v[k]);
			int r;

			if (!needed) {
				nomem(&c);
				goto cleanup;
			}
			r = resolve_needed(&c, oi, needed);
			free(needed);
			if (r)
				goto cleanup;
		}
	}
	ret = 0;
cleanup:
	ctx_release(&c);
	if (ret) {
		ldso_tree_release(out);
	}
	return ret;
}

const char *ldso_how_name(enum ldso_how how)
{
	switch (how) {
	case LDSO_NOT_FOUND:
		return "not found";
	case LDSO_PATH:
		return "path";
	case LDSO_RPATH:
		return "rpath";
	case LDSO_LD_LIBRARY_PATH:
		return "LD_LIBRARY_PATH";
	case LDSO_RUNPATH:
		return "runpath";
	case LDSO_CACHE:
		return "ld.so.cache";
	case LDSO_CONF:
		return "ld.so.conf";
	case LDSO_DEFAULT:
		return "default";
	case LDSO_INTERP:
		return "interp";
	}
	return "?";
}

long ldso_tree_find(const struct ldso_tree *tree, const char *s)
{
	for (size_t i = 0; i < tree->nr; i++) {
		const struct ldso_node *n = &tree->nodes[i];

		if (!strcmp(n->name, s) || (n->soname && !strcmp(n->soname, s)) ||
		    (n->real_path && !strcmp(n->real_path, s)))
			return (long)i;
	}
	return -1;
}
