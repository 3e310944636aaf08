/* SPDX-License-Identifier: Apache-2.0 */
/* Separate debug files and the dwz alternate file (dwarf_internal.h). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "dwarf_internal.h"
#include "elf_ids.h"
#include "pathutil.h"
#include "banned.h"

/*
 * Open the alternate file named by run->dwarf's .gnu_debugaltlink (dwz -m):
 * the path it names (relative: to the file's directory), else
 * ROOT/.build-id/xx/yyyy.debug. 1 open, 0 none, -1 out of memory.
 */
static int open_alt(struct run *run)
{
	const char *root = run->opt->debug_root ? run->opt->debug_root : DEFAULT_DEBUG_ROOT;
	struct elfobj *o = run->dwarf;
	struct strbuf where = STRBUF_INIT;
	char *id = NULL;
	const char *link = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx, len = 0, idlen = 0, i;
	int found = 0;

	if (!o || !o->elf || elf_getshdrstrndx(o->elf, &shstrndx))
		return 0;
	while ((scn = elf_nextscn(o->elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *sname;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		sname = elf_strptr(o->elf, shstrndx, sh.sh_name);
		if (!sname || strcmp(sname, ".gnu_debugaltlink"))
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf)
			return 0;
		link = d->d_buf;
		len = strnlen(link, d->d_size);
		if (!len || len == d->d_size)
			return 0;
		idlen = d->d_size - len - 1;
		if (idlen > 64)
			return 0;
		id = malloc(2 * idlen + 1);
		if (!id)
			return -1;
		for (i = 0; i < idlen; i++)
			snprintf(id + 2 * i, 3, "%02x", ((const unsigned char *)link)[len + 1 + i]);
		id[2 * idlen] = '\0';
		break;
	}
	if (!link)
		return 0;
	if (is_abs(link)) {
		found = strbuf_add(&where, link, len);
	} else {
		const char *slash = strrchr(o->name, '/');

		if (slash)
			found = strbuf_add(&where, o->name, (size_t)(slash - o->name) + 1);
		if (!found)
			found = strbuf_add(&where, link, len);
	}
	if (found)
		goto oom;
	found = try_candidate(&run->alt, where.buf, idlen ? id : NULL, false, 0);
	if (!found && idlen > 1) {
		strbuf_reset(&where);
		if (strbuf_addf(&where, "%s/.build-id/%.2s/%s.debug", root, id, id + 2))
			goto oom;
		found = try_candidate(&run->alt, where.buf, id, false, 0);
	}
	goto cleanup;
oom:
	found = -1;
cleanup:
	free(id);
	strbuf_release(&where);
	return found;
}

/*
 * The string at off of the alternate file's .debug_str (DW_FORM_GNU_strp_alt,
 * DW_FORM_strp_sup): *s, or NULL with a warning when there is none. -1
 * when out of memory.
 */
int alt_string(struct run *run, uint64_t off, const char **s)
{
	struct sec *str = &run->alt.secs[SEC_STR];

	*s = NULL;
	if (!run->alt_state) {
		int res = open_alt(run);

		if (res < 0)
			return -1;
		run->alt_state = res ? 1 : -1;
	}
	if (run->alt_state > 0 && !sec_load(&run->alt, SEC_STR) && off < str->size &&
	    memchr(str->data + off, 0, str->size - off)) {
		*s = (const char *)str->data + off;
		return 0;
	}
	strbuf_reset(&run->sb);
	if (strbuf_addf(&run->sb,
			"%s: strings in the dwz alternate file (.gnu_debugaltlink) not available",
			run->dwarf ? run->dwarf->name : "?"))
		return -1;
	return strvec_push(&run->out->warnings, run->sb.buf);
}

/* ---- separate debug files ---- */

/* Open candidate when it is the debug file for build_id / crc. */
int try_candidate(struct elfobj *sep, const char *candidate, const char *build_id, bool check_crc,
		  uint32_t crc)
{
	struct strbuf ignore = STRBUF_INIT;
	char *id = NULL;
	int ok = 0;

	if (access(candidate, R_OK))
		return 0;
	if (elfobj_open_path(sep, candidate, &ignore) || !has_info(sep))
		goto cleanup;
	if (elf_find_build_id(sep->elf, &id))
		goto cleanup;
	if (build_id && id)
		ok = !strcmp(build_id, id);
	else if (check_crc)
		ok = file_crc_matches(candidate, crc);
	else
		ok = 1;
cleanup:
	free(id);
	strbuf_release(&ignore);
	if (!ok)
		elfobj_close(sep);
	return ok;
}

/*
 * Find the separate debug file of path. 1 found (sep open, *where set),
 * 0 none, -1 out of memory.
 */
int find_separate(struct run *run, const char *path, struct elfobj *sep, struct strbuf *where,
		  enum dwarf_origin *origin)
{
	const char *root = run->opt->debug_root ? run->opt->debug_root : DEFAULT_DEBUG_ROOT;
	const char *id = run->out->build_id, *link = run->out->debuglink;
	struct strbuf dir = STRBUF_INIT;
	char *real = NULL;
	int found = 0;

	strbuf_reset(where);
	if (id && strlen(id) > 2) {
		if (strbuf_addf(where, "%s/.build-id/%.2s/%s.debug", root, id, id + 2))
			goto oom;
		if (try_candidate(sep, where->buf, id, false, 0)) {
			*origin = DWARF_FROM_BUILD_ID;
			found = 1;
			goto cleanup;
		}
	}
	if (!link)
		goto cleanup;
	real = realpath(path, NULL);
	{
		const char *p = real ? real : path;
		const char *slash = strrchr(p, '/');

		if (slash ? strbuf_add(&dir, p, slash == p ? 1 : (size_t)(slash - p))
			  : strbuf_addch(&dir, '.'))
			goto oom;
	}
	for (int i = 0; i < 3 && !found; i++) {
		int res;

		strbuf_reset(where);
		if (i == 0)
			res = path_join(where, dir.buf, link);
		else if (i == 1)
			res = strbuf_addf(where, "%s/.debug/%s", dir.buf, link);
		else if (dir.buf[0] == '/')
			res = strbuf_addf(where, "%s%s/%s", root, dir.buf, link);
		else
			break;
		if (res)
			goto oom;
		path_normalize(where->buf);
		where->len = strlen(where->buf);
		if (!strcmp(where->buf, path) || (real && !strcmp(where->buf, real)))
			continue; /* the file itself */
		found = try_candidate(sep, where->buf, id, true, run->out->debuglink_crc_);
	}
	if (found)
		*origin = DWARF_FROM_DEBUGLINK;
	goto cleanup;
oom:
	found = -1;
cleanup:
	free(real);
	strbuf_release(&dir);
	return found;
}
