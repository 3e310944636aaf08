/* SPDX-License-Identifier: Apache-2.0 */
/* The search for one DT_NEEDED name: candidates tried in the order of glibc's loader. */
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

/* ---- candidates ---- */

/* Keep only what the search needs of a file's ELF facts; the bytes kept. */
size_t ldso_trim_info(struct elf_info *in)
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

void ldso_search_init(struct search *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	strvec_init(&s->skipped);
	s->how = LDSO_NOT_FOUND;
	strbuf_init(&s->found);
	strbuf_init(&s->real);
	elf_info_init(&s->info);
}

void ldso_search_release(struct search *s)
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

int ldso_skip(struct ctx *c, struct search *s, const char *host, const char *why)
{
	struct strbuf sb = STRBUF_INIT;
	bool outside;

	if (strbuf_addf(&sb, "%s: %s", ldso_target_of(c, host, &outside), why) ||
	    strvec_push_nodup(&s->skipped, strbuf_detach(&sb, NULL)))
		return ldso_nomem(c);
	return 0;
}

/*
 * Try the host path h. 0 taken (s->found, s->real, s->info set), 1 absent
 * or passed over (then listed in s->skipped), -1 out of memory.
 */
int ldso_try_candidate(struct ctx *c, struct search *s, const char *h, enum ldso_how how)
{
	struct strbuf why = STRBUF_INIT, err = STRBUF_INIT;
	unsigned char hdr[EI_NIDENT + 4];
	const char *mismatch;
	ssize_t n;
	int fd = -1, ret = -1, r;

	r = ldso_real_host(c, h, &s->real);
	if (r > 0) {
		ret = 1;
		goto cleanup;
	}
	if (r < 0) {
		ret = errno == ENOMEM ? -1 : (ldso_skip(c, s, h, strerror(errno)) ? -1 : 1);
		goto cleanup;
	}
	fd = open(s->real.buf, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		/* The loader goes on after ENOENT and EACCES alike. */
		ret = errno == ENOENT ? 1 : (ldso_skip(c, s, h, strerror(errno)) ? -1 : 1);
		goto cleanup;
	}
	do {
		n = pread(fd, hdr, sizeof(hdr), 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		ret = ldso_skip(c, s, h, strerror(errno)) ? -1 : 1;
		goto cleanup;
	}
	mismatch = header_mismatch(c, hdr, (size_t)n, &why);
	if (mismatch) {
		ret = ldso_skip(c, s, h, mismatch) ? -1 : 1;
		goto cleanup;
	}
	if (elf_info_read(s->real.buf, &s->info, &err)) {
		ret = ldso_skip(c, s, h, err.len ? err.buf : "unreadable") ? -1 : 1;
		goto cleanup;
	}
	strbuf_reset(&s->found);
	if (strbuf_addstr(&s->found, h)) {
		ldso_nomem(c);
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
			r = ldso_nomem(c);
			break;
		}
		r = ldso_try_candidate(c, s, h.buf, how);
	}
	strbuf_release(&h);
	return r;
}

/* The loader's search for s->name on behalf of objs[oi]: 0 found, 1 not, -1 error. */
int ldso_search(struct ctx *c, size_t oi, struct search *s)
{
	struct obj *o = &c->objs[oi];
	int r;

	if (strchr(s->name, '/')) {
		struct strbuf h = STRBUF_INIT;

		if (s->name[0] != '/')
			return ldso_skip(c, s, s->name,
					 "a relative path: depends on the working directory at run "
					 "time")
				       ? -1
				       : 1;
		if (s->name_is_host ? strbuf_addstr(&h, s->name) : ldso_host_of(c, s->name, &h)) {
			strbuf_release(&h);
			return ldso_nomem(c);
		}
		r = ldso_try_candidate(c, s, h.buf, LDSO_PATH);
		strbuf_release(&h);
		return r;
	}
	if (ldso_obj_dirs(c, o))
		return -1;
	if (!o->info.runpath) {
		/* DT_RPATH of the loader, then of its loaders up to the root. */
		for (size_t j = oi; j != NO_OBJ; j = c->objs[j].loader) {
			if (ldso_obj_dirs(c, &c->objs[j]))
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
					return ldso_nomem(c);
				}
				if (!p[n])
					break;
				p += n + 1;
			}
			r = ldso_expand_list(c, &c->objs[0], "LD_LIBRARY_PATH", &elems,
					     &c->llp_hosts);
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
	if (!c->cache_loaded && ldso_cache_load(c))
		return -1;
	if (c->cache_ok) {
		const char *v = ldso_cache_lookup(c, s->name);

		if (v && v[0] == '/') {
			struct strbuf h = STRBUF_INIT;

			if (ldso_host_of(c, v, &h)) {
				strbuf_release(&h);
				return ldso_nomem(c);
			}
			r = ldso_try_candidate(c, s, h.buf, LDSO_CACHE);
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
