/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The line-table reader (dwarf_internal.h): the file names of a unit's
 * .debug_line, read by hand (libdwarf's reader is slower here; bench/).
 */
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
#include "pathutil.h"
#include "banned.h"

/* A cursor over section bytes; every read is checked. */
struct rd {
	const unsigned char *p, *end;
	bool be;
};

static bool rd_bytes(struct rd *r, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return false;
	r->p += n;
	return true;
}

static bool rd_un(struct rd *r, unsigned n, uint64_t *v)
{
	if ((size_t)(r->end - r->p) < n)
		return false;
	*v = get_un(r->p, n, r->be);
	r->p += n;
	return true;
}

static bool rd_uleb(struct rd *r, uint64_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while (r->p < r->end) {
		unsigned char b = *r->p++;

		if (shift < 64)
			*v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

static bool rd_cstr(struct rd *r, const char **s)
{
	const unsigned char *nul = memchr(r->p, 0, (size_t)(r->end - r->p));

	if (!nul)
		return false;
	*s = (const char *)r->p;
	r->p = nul + 1;
	return true;
}

__attribute__((format(printf, 2, 3))) static int line_fail(struct linectx *c, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(c->run->err, "%s: %s offset 0x%" PRIx64 ": ", c->o->name,
		    sec_names[c->dwo ? SEC_LINE_DWO : SEC_LINE], c->line_off);
	va_start(ap, fmt);
	strbuf_vaddf(c->run->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int string_at(struct linectx *c, enum sec_id id, uint64_t off, const char **s)
{
	struct sec *sec = &c->o->secs[id];
	const char *p;

	if (sec_load(c->o, id))
		return line_fail(c, "%s", c->o->why.buf);
	if (off >= sec->size)
		return line_fail(c, "string offset 0x%" PRIx64 " beyond %s", off, sec_names[id]);
	p = (const char *)sec->data + off;
	if (!memchr(p, 0, sec->size - off))
		return line_fail(c, "unterminated string in %s", sec_names[id]);
	*s = p;
	return 0;
}

static int string_index(struct linectx *c, uint64_t index, const char **s)
{
	enum sec_id id = c->dwo ? SEC_STR_OFFSETS_DWO : SEC_STR_OFFSETS;
	uint64_t base = c->has_str_offsets_base ? c->str_offsets_base : 2 * c->offset_size;
	struct sec *sec = &c->o->secs[id];
	uint64_t at;

	if (sec_load(c->o, id))
		return line_fail(c, "%s", c->o->why.buf);
	if (index > (sec->size / c->offset_size) || base > sec->size ||
	    (at = base + index * c->offset_size) > sec->size - c->offset_size)
		return line_fail(c, "string index out of %s", sec_names[id]);
	return string_at(c, c->dwo ? SEC_STR_DWO : SEC_STR,
			 get_un(sec->data + at, c->offset_size, c->o->big_endian), s);
}

/*
 * One attribute value of a DWARF 5 directory or file entry. *s is set for
 * string forms (NULL for one in an alternate file), *num for constants.
 */
static int read_form(struct linectx *c, struct rd *r, uint64_t form, const char **s, uint64_t *num)
{
	uint64_t v = 0;

	*s = NULL;
	*num = 0;
	switch (form) {
	case DW_FORM_string:
		if (!rd_cstr(r, s))
			goto truncated;
		return 0;
	case DW_FORM_line_strp:
	case DW_FORM_strp:
		if (!rd_un(r, c->offset_size, &v))
			goto truncated;
		return string_at(
			c, form == DW_FORM_strp ? (c->dwo ? SEC_STR_DWO : SEC_STR) : SEC_LINE_STR,
			v, s);
	case DW_FORM_strp_sup:
	case DW_FORM_GNU_strp_alt:
		if (!rd_un(r, c->offset_size, &v))
			goto truncated;
		return alt_string(c->run, v, s);
	case DW_FORM_strx:
	case DW_FORM_GNU_str_index:
		if (!rd_uleb(r, &v))
			goto truncated;
		return string_index(c, v, s);
	case DW_FORM_strx1:
	case DW_FORM_strx2:
	case DW_FORM_strx3:
	case DW_FORM_strx4:
		if (!rd_un(r, (unsigned)(form - DW_FORM_strx1 + 1), &v))
			goto truncated;
		return string_index(c, v, s);
	case DW_FORM_udata:
	case DW_FORM_sdata:
		if (!rd_uleb(r, num))
			goto truncated;
		return 0;
	case DW_FORM_data1:
	case DW_FORM_flag:
		return rd_un(r, 1, num) ? 0 : -2;
	case DW_FORM_data2:
		return rd_un(r, 2, num) ? 0 : -2;
	case DW_FORM_data4:
		return rd_un(r, 4, num) ? 0 : -2;
	case DW_FORM_data8:
		return rd_un(r, 8, num) ? 0 : -2;
	case DW_FORM_sec_offset:
		return rd_un(r, c->offset_size, num) ? 0 : -2;
	case DW_FORM_data16:
		return rd_bytes(r, 16) ? 0 : -2;
	case DW_FORM_block:
		if (!rd_uleb(r, &v))
			goto truncated;
		return v <= (uint64_t)(r->end - r->p) && rd_bytes(r, (size_t)v) ? 0 : -2;
	case DW_FORM_block1:
	case DW_FORM_block2:
	case DW_FORM_block4: {
		unsigned n = form == DW_FORM_block1 ? 1 : form == DW_FORM_block2 ? 2 : 4;

		if (!rd_un(r, n, &v))
			goto truncated;
		return v <= (uint64_t)(r->end - r->p) && rd_bytes(r, (size_t)v) ? 0 : -2;
	}
	default:
		return line_fail(c, "unsupported form 0x%" PRIx64 " in the file table", form);
	}
truncated:
	return -2;
}

/* Join a file entry and keep it (normalised) in run->paths. */
static int add_entry(struct linectx *c, const char *name, uint64_t dir)
{
	struct strbuf *sb = &c->run->sb;
	const char *d = NULL, *base = NULL;

	if (!name)
		return 0; /* in a dwz alternate file we do not have: warned */
	if (!*name)
		return 0;
	if (name[0] == '<') {
		c->run->out->nr_pseudo++;
		return 0;
	}
	if (!is_abs(name)) {
		if (c->version >= 5) {
			if (dir >= c->nr_dirs)
				goto bad_dir;
			d = c->dirs[dir];
			if (d && !is_abs(d) && dir)
				base = c->dirs[0];
		} else if (dir == 0) {
			d = c->comp_dir;
		} else {
			if (dir > c->nr_dirs)
				goto bad_dir;
			d = c->dirs[dir - 1];
			if (d && !is_abs(d))
				base = c->comp_dir;
		}
	}
	strbuf_reset(sb);
	if (base && *base && path_join(sb, base, ""))
		return -1;
	if (d && *d && path_join(sb, d, ""))
		return -1;
	if (strbuf_addstr(sb, name))
		return -1;
	if (sb->len > DWARF_SOURCES_MAX_PATH)
		return line_fail(c, "path longer than %d bytes", DWARF_SOURCES_MAX_PATH);
	c->run->paths_bytes += sb->len + 1;
	if (c->run->out->path_bytes_ + c->run->paths_bytes > DWARF_SOURCES_MAX_PATH_BYTES)
		return line_fail(c, "more than %zu MiB of paths",
				 DWARF_SOURCES_MAX_PATH_BYTES >> 20);
	path_normalize(sb->buf);
	return strvec_push(&c->run->paths, sb->buf);

bad_dir:
	return line_fail(c, "file \"%.200s\": directory index %" PRIu64 " of %" PRIu64, name, dir,
			 c->nr_dirs);
}

/* DWARF 5: an entry format, then count entries of it. */
struct lnct {
	uint64_t type, form;
};

static int read_v5_table(struct linectx *c, struct rd *r, bool files)
{
	struct lnct fmt[256];
	uint64_t nfmt, count, i, j;
	int res = 0;

	if (!rd_un(r, 1, &nfmt))
		return -2;
	for (i = 0; i < nfmt; i++)
		if (!rd_uleb(r, &fmt[i].type) || !rd_uleb(r, &fmt[i].form))
			return -2;
	if (!rd_uleb(r, &count))
		return -2;
	/* every entry takes a byte at least: the count is bounded by the data */
	if (count && (!nfmt || count > (uint64_t)(r->end - r->p)))
		return line_fail(c, "%s count larger than the header",
				 files ? "file" : "directory");
	if (!files) {
		c->dirs = calloc(count ? count : 1, sizeof(*c->dirs));
		if (!c->dirs)
			return -1;
		c->nr_dirs = count;
	}
	for (i = 0; i < count; i++) {
		const char *path = NULL;
		uint64_t dir = 0;

		for (j = 0; j < nfmt; j++) {
			const char *s;
			uint64_t num;

			res = read_form(c, r, fmt[j].form, &s, &num);
			if (res)
				return res;
			if (fmt[j].type == DW_LNCT_path)
				path = s;
			else if (fmt[j].type == DW_LNCT_directory_index)
				dir = num;
		}
		if (!files)
			c->dirs[i] = path;
		else if (add_entry(c, path, dir))
			return -1;
	}
	return 0;
}

static int read_v2_tables(struct linectx *c, struct rd *r)
{
	struct rd scan = *r;
	const char *s;
	uint64_t n = 0, i, dir, skip;

	/* include_directories: count first, then keep pointers */
	for (;;) {
		if (!rd_cstr(&scan, &s))
			return -2;
		if (!*s)
			break;
		n++;
	}
	c->dirs = calloc(n ? n : 1, sizeof(*c->dirs));
	if (!c->dirs)
		return -1;
	c->nr_dirs = n;
	for (i = 0; i < n; i++)
		rd_cstr(r, &c->dirs[i]);
	rd_bytes(r, 1);
	for (;;) {
		if (!rd_cstr(r, &s))
			return -2;
		if (!*s)
			return 0;
		if (!rd_uleb(r, &dir) || !rd_uleb(r, &skip) || !rd_uleb(r, &skip))
			return -2;
		if (add_entry(c, s, dir))
			return -1;
	}
}

/* Read the header of the line table at off into c->run->paths. */
int read_line_table(struct linectx *c, uint64_t off)
{
	enum sec_id id = c->dwo ? SEC_LINE_DWO : SEC_LINE;
	struct sec *sec = &c->o->secs[id];
	struct rd r;
	uint64_t len, version, hlen, opcode_base;
	const unsigned char *hdr_end;
	int res;

	c->line_off = off;
	if (sec_load(c->o, id))
		return line_fail(c, "%s", c->o->why.buf);
	if (off >= sec->size)
		return line_fail(c, "%s", "DW_AT_stmt_list beyond the end of the section");
	r.p = sec->data + off;
	r.end = sec->data + sec->size;
	r.be = c->o->big_endian;
	if (!rd_un(&r, 4, &len))
		goto truncated;
	c->offset_size = 4;
	if (len == 0xffffffffu) {
		c->offset_size = 8;
		if (!rd_un(&r, 8, &len))
			goto truncated;
	} else if (len >= 0xfffffff0u) {
		return line_fail(c, "%s", "reserved unit length");
	}
	if (len > (uint64_t)(r.end - r.p))
		return line_fail(c, "%s", "unit length beyond the end of the section");
	r.end = r.p + len;
	if (!rd_un(&r, 2, &version))
		goto truncated;
	if (version < 2 || version > 5)
		return line_fail(c, "unsupported line table version %" PRIu64, version);
	c->version = (int)version;
	if (version >= 5 && !rd_bytes(&r, 2)) /* address_size, segment_selector_size */
		goto truncated;
	if (!rd_un(&r, c->offset_size, &hlen))
		goto truncated;
	if (hlen > (uint64_t)(r.end - r.p))
		return line_fail(c, "%s", "header length beyond the unit");
	hdr_end = r.p + hlen;
	r.end = hdr_end;
	/* min_inst_length, [max_ops], default_is_stmt, line_base, line_range */
	if (!rd_bytes(&r, version >= 4 ? 5 : 4) || !rd_un(&r, 1, &opcode_base))
		goto truncated;
	if (opcode_base && !rd_bytes(&r, (size_t)opcode_base - 1))
		goto truncated;
	if (version >= 5) {
		res = read_v5_table(c, &r, false);
		if (!res)
			res = read_v5_table(c, &r, true);
	} else {
		res = read_v2_tables(c, &r);
	}
	if (res == -2)
		goto truncated;
	return res;

truncated:
	return line_fail(c, "%s", "truncated line table header");
}
