/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zip reader souptrace audit reads OSV's all.zip with
 * (src/audit/zipread.c): archives written by Python's zipfile (stored,
 * deflated, zip64 by entry count, a trailing comment), one written here
 * byte by byte where zip64 sizes and offsets live in the extra field, and
 * every kind of damage an archive can carry, each refused with the
 * archive and the entry named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unistd.h>
#include <zlib.h>

#include "testutil.h"
#include "zipread.h"

struct fixture {
	char dir[32];
	char *zip; /* dir/t.zip */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/st-zipread-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->zip = tu_path(f->dir, "t.zip");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tu_remove_tree(f->dir);
	free(f->zip);
	free(f);
	return 0;
}

static const char *const sample[] = {
	"b/OSV-2.json",
	"{\"id\": \"OSV-2\", \"details\": \"the second, repeated repeated repeated\"}",
	"a/OSV-1.json",
	"{\"id\": \"OSV-1\"}",
	"empty",
	"",
	NULL
};

/* The archive at path, whole. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The offset of the first central directory header (an archive with no comment). */
static size_t central(const unsigned char *buf, size_t len)
{
	assert_int_equal(get32(buf + len - 22), 0x06054b50u);
	return get32(buf + len - 22 + 16);
}

/* Open f->zip expecting failure; the message holds want. */
static void open_fails(const struct fixture *f, const char *want)
{
	struct strbuf err = STRBUF_INIT;
	struct zipr *z = NULL;

	assert_int_equal(zipr_open(f->zip, &z, &err), -1);
	assert_null(z);
	if (!strstr(err.buf, want) || strncmp(err.buf, f->zip, strlen(f->zip)))
		fail_msg("got \"%s\", wanted \"%s\"", err.buf, want);
	strbuf_release(&err);
}

/* Open f->zip and read entry i expecting failure; the message holds want. */
static void read_fails(const struct fixture *f, size_t i, const char *want)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct zipr *z = NULL;

	if (zipr_open(f->zip, &z, &err))
		fail_msg("%s", err.buf);
	assert_int_equal(zipr_read(z, i, &out, &err), -1);
	if (!strstr(err.buf, want))
		fail_msg("got \"%s\", wanted \"%s\"", err.buf, want);
	/* the message names the archive and the entry */
	assert_int_equal(strncmp(err.buf, f->zip, strlen(f->zip)), 0);
	assert_int_equal(err.buf[strlen(f->zip)], ':');
	assert_non_null(strstr(err.buf, zipr_name(z, i)));
	assert_int_equal(out.len, 0); /* nothing half-read is kept */
	zipr_close(z);
	strbuf_release(&err);
	strbuf_release(&out);
}

/* Every entry of sample, in the archive's order, byte for byte, for each method. */
static void test_read(void **state)
{
	static const char *const methods[] = { "deflated", "stored" };
	struct fixture *f = *state;

	for (size_t m = 0; m < 2; m++) {
		struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
		struct zipr *z;

		tu_make_zip(f->dir, "t.zip", methods[m], sample);
		if (zipr_open(f->zip, &z, &err))
			fail_msg("%s", err.buf);
		assert_int_equal(zipr_count(z), 3);
		for (size_t i = 0; i < 3; i++) {
			assert_string_equal(zipr_name(z, i), sample[2 * i]);
			assert_int_equal(zipr_size(z, i), strlen(sample[2 * i + 1]));
			strbuf_reset(&out);
			assert_int_equal(strbuf_addstr(&out, "kept:"), 0);
			if (zipr_read(z, i, &out, &err))
				fail_msg("%s", err.buf);
			/* appended to what out held */
			assert_int_equal(strncmp(out.buf, "kept:", 5), 0);
			assert_string_equal(out.buf + 5, sample[2 * i + 1]);
		}
		zipr_close(z);
		strbuf_release(&err);
		strbuf_release(&out);
	}
}

/* A comment after the end record, as zip tools may add, is read past. */
static void test_comment(void **state)
{
	struct fixture *f = *state;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct zipr *z;

	assert_int_equal(tu_run(f->dir,
				"python3 -c 'import zipfile\n"
				"with zipfile.ZipFile(\"t.zip\", \"w\") as z:\n"
				"    z.comment = b\"PK\\x05\\x06 a signature inside the comment\"\n"
				"    z.writestr(\"x.json\", \"{}\")'"),
			 0);
	if (zipr_open(f->zip, &z, &err))
		fail_msg("%s", err.buf);
	assert_int_equal(zipr_count(z), 1);
	assert_int_equal(zipr_read(z, 0, &out, &err), 0);
	assert_string_equal(out.buf, "{}");
	zipr_close(z);
	strbuf_release(&err);
	strbuf_release(&out);
}

/* More than 65,535 entries: the count lives in the zip64 end record. */
static void test_zip64_count(void **state)
{
	struct fixture *f = *state;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct zipr *z;

	assert_int_equal(
		tu_run(f->dir,
		       "python3 -c 'import zipfile\n"
		       "with zipfile.ZipFile(\"t.zip\", \"w\") as z:\n"
		       "    for i in range(70000):\n"
		       "        z.writestr(\"r/%%d.json\" %% i, \"{\\\"n\\\": %%d}\" %% i)'"),
		0);
	if (zipr_open(f->zip, &z, &err))
		fail_msg("%s", err.buf);
	assert_int_equal(zipr_count(z), 70000);
	assert_string_equal(zipr_name(z, 69999), "r/69999.json");
	assert_int_equal(zipr_read(z, 69999, &out, &err), 0);
	assert_string_equal(out.buf, "{\"n\": 69999}");
	zipr_close(z);
	strbuf_release(&err);
	strbuf_release(&out);
}

/*
 * An archive written byte by byte: one stored entry whose sizes and offset
 * in the central directory are 0xffffffff, their values in a zip64 extra
 * field behind another extra field, and zip64 end records.
 */
static size_t make_zip64_extra(unsigned char *buf, const char *data)
{
	const uint32_t crc = (uint32_t)crc32(0L, (const unsigned char *)data, (uInt)strlen(data));
	const size_t dlen = strlen(data);
	size_t pos = 0, cd;
	unsigned char *h;

	/* the local header: its own sizes plain */
	h = buf + pos;
	memset(h, 0, 30);
	put32(h, 0x04034b50u);
	put16(h + 4, 45);
	put32(h + 14, crc);
	put32(h + 18, (uint32_t)dlen);
	put32(h + 22, (uint32_t)dlen);
	put16(h + 26, 6);
	memcpy(h + 30, "a.json", 6);
	pos += 36;
	memcpy(buf + pos, data, dlen);
	pos += dlen;
	/* the central directory header */
	cd = pos;
	h = buf + pos;
	memset(h, 0, 46);
	put32(h, 0x02014b50u);
	put16(h + 4, 45);
	put16(h + 6, 45);
	put32(h + 16, crc);
	put32(h + 20, 0xffffffffu);
	put32(h + 24, 0xffffffffu);
	put16(h + 28, 6);
	put16(h + 30, 8 + 28);
	put32(h + 42, 0xffffffffu);
	memcpy(h + 46, "a.json", 6);
	pos += 52;
	/* an unrelated extra field first (0x5455, extended timestamp), then zip64's */
	put16(buf + pos, 0x5455);
	put16(buf + pos + 2, 4);
	memset(buf + pos + 4, 0, 4);
	pos += 8;
	put16(buf + pos, 0x0001);
	put16(buf + pos + 2, 24);
	put64(buf + pos + 4, dlen);  /* uncompressed */
	put64(buf + pos + 12, dlen); /* compressed */
	put64(buf + pos + 20, 0);    /* local header offset */
	pos += 28;
	{
		size_t end64 = pos, cdlen = pos - cd;

		h = buf + pos;
		memset(h, 0, 56);
		put32(h, 0x06064b50u);
		put64(h + 4, 44);
		put16(h + 12, 45);
		put16(h + 14, 45);
		put64(h + 24, 1);
		put64(h + 32, 1);
		put64(h + 40, cdlen);
		put64(h + 48, cd);
		pos += 56;
		h = buf + pos;
		memset(h, 0, 20);
		put32(h, 0x07064b50u);
		put64(h + 8, end64);
		put32(h + 16, 1);
		pos += 20;
		h = buf + pos;
		memset(h, 0, 22);
		put32(h, 0x06054b50u);
		put16(h + 8, 0xffff);
		put16(h + 10, 0xffff);
		put32(h + 12, 0xffffffffu);
		put32(h + 16, 0xffffffffu);
		pos += 22;
	}
	return pos;
}

static void test_zip64_extra(void **state)
{
	struct fixture *f = *state;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	unsigned char buf[512];
	size_t len = make_zip64_extra(buf, "{\"id\": \"Z64\"}");
	struct zipr *z;

	tu_write_bytes(f->dir, "t.zip", buf, len);
	if (zipr_open(f->zip, &z, &err))
		fail_msg("%s", err.buf);
	assert_int_equal(zipr_count(z), 1);
	assert_int_equal(zipr_size(z, 0), 13);
	if (zipr_read(z, 0, &out, &err))
		fail_msg("%s", err.buf);
	assert_string_equal(out.buf, "{\"id\": \"Z64\"}");
	zipr_close(z);

	/* the zip64 field too short for the three values it must hold */
	len = make_zip64_extra(buf, "{\"id\": \"Z64\"}");
	put16(buf + 36 + 13 + 46 + 6 + 8 + 2, 16);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "a.json: damaged zip64 sizes");

	/* the offset the field states lies past the file */
	len = make_zip64_extra(buf, "{\"id\": \"Z64\"}");
	put64(buf + 36 + 13 + 46 + 6 + 8 + 4 + 16, (uint64_t)1 << 40);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "a.json lies outside the file");

	/* the locator names no zip64 end record */
	len = make_zip64_extra(buf, "{\"id\": \"Z64\"}");
	put64(buf + len - 22 - 20 + 8, 3);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "no zip64 end of central directory record");
	strbuf_release(&err);
	strbuf_release(&out);
}

/* Damage the whole archive or its directory carries: refused at open. */
static void test_damaged_archive(void **state)
{
	static const char garbage[] = "PK\x03\x04 and nothing of a zip after it";
	struct fixture *f = *state;
	unsigned char *buf;
	size_t len, cd;

	/* not a zip at all, and an empty file */
	tu_write_bytes(f->dir, "t.zip", garbage, sizeof(garbage) - 1);
	open_fails(f, ": not a zip archive that can be read: no end of central directory record");
	tu_write_bytes(f->dir, "t.zip", "", 0);
	open_fails(f, "no end of central directory record");

	/* cut short */
	tu_make_zip(f->dir, "t.zip", "deflated", sample);
	buf = slurp(f->zip, &len);
	tu_write_bytes(f->dir, "t.zip", buf, len - 10);
	open_fails(f, "no end of central directory record");

	/* more entries stated than the directory can hold: refused before any allocation */
	put16(buf + len - 22 + 8, 0xfffe);
	put16(buf + len - 22 + 10, 0xfffe);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "more entries stated than the central directory can hold");
	put16(buf + len - 22 + 8, 3);
	put16(buf + len - 22 + 10, 3);

	/* the second entry's header signature gone */
	cd = central(buf, len);
	buf[cd + 46 + 12] = 'X';
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "central directory entry 1 is damaged");
	buf[cd + 46 + 12] = 'P';

	/* split over several disks */
	put16(buf + len - 22 + 4, 1);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "split over several disks");
	put16(buf + len - 22 + 4, 0);

	/* the directory's offset past the file */
	cd = central(buf, len);
	put32(buf + len - 22 + 16, (uint32_t)len);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "the central directory lies outside the file");
	put32(buf + len - 22 + 16, (uint32_t)cd);

	/* a name holding a NUL byte */
	buf[cd + 46 + 1] = '\0';
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "entry 0's name holds a NUL byte");
	buf[cd + 46 + 1] = '/';

	/* a name running past the directory */
	put16(buf + cd + 28, 0xfff0);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "central directory entry 0 runs past the directory");
	put16(buf + cd + 28, 12);

	/* an entry's data past the file */
	put32(buf + cd + 42, (uint32_t)len);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, "b/OSV-2.json lies outside the file");
	/* the archive's names are shown as a terminal may show them */
	buf[cd + 46 + 1] = '\n';
	tu_write_bytes(f->dir, "t.zip", buf, len);
	open_fails(f, ": not a zip archive that can be read: b\\nOSV-2.json lies outside the file");
	buf[cd + 46 + 1] = '/';
	put32(buf + cd + 42, 0);

	/* undamaged again: every patch above was undone */
	tu_write_bytes(f->dir, "t.zip", buf, len);
	{
		struct strbuf err = STRBUF_INIT;
		struct zipr *z;

		if (zipr_open(f->zip, &z, &err))
			fail_msg("%s", err.buf);
		zipr_close(z);
		strbuf_release(&err);
	}
	free(buf);

	/* a directory */
	free(f->zip);
	f->zip = strdup(f->dir);
	open_fails(f, "not a regular file");
	free(f->zip);
	f->zip = tu_path(f->dir, "t.zip");
}

/* Damage one entry carries: the directory opens, that entry's read fails. */
static void test_damaged_entry(void **state)
{
	struct fixture *f = *state;
	unsigned char *buf;
	size_t len, cd, data;

	/* deflate data that cannot be inflated: a block of the reserved type */
	tu_make_zip(f->dir, "t.zip", "deflated", sample);
	buf = slurp(f->zip, &len);
	data = 30 + strlen(sample[0]);
	buf[data] = 0x07;
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "b/OSV-2.json: damaged deflate data");
	free(buf);

	/* the deflate stream cut short: the stated compressed size made smaller */
	tu_make_zip(f->dir, "t.zip", "deflated", sample);
	buf = slurp(f->zip, &len);
	cd = central(buf, len);
	put32(buf + cd + 20, get32(buf + cd + 20) - 4);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "the deflate data ends early");
	put32(buf + cd + 20, get32(buf + cd + 20) + 4);

	/* the stated size a lie, either way */
	put32(buf + cd + 24, get32(buf + cd + 24) - 1);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "more bytes than the archive states");
	put32(buf + cd + 24, get32(buf + cd + 24) + 2);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "fewer bytes than the archive states");
	put32(buf + cd + 24, get32(buf + cd + 24) - 1);

	/* the CRC-32 stated is not the data's */
	buf[cd + 16] ^= 1;
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "its CRC-32 does not match");
	buf[cd + 16] ^= 1;

	/* encrypted */
	buf[cd + 8] |= 1;
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "encrypted: souptrace reads no encrypted entry");
	buf[cd + 8] &= (unsigned char)~1u;

	/* the local header's signature gone */
	buf[0] = 'X';
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "its local header is damaged");
	buf[0] = 'P';

	/* the local header's name length pushing the data past the file */
	put16(buf + 26, 0xffff);
	put16(buf + 28, 0xffff);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "its data lies outside the file");
	free(buf);

	/* a stored entry: one byte of its data changed */
	tu_make_zip(f->dir, "t.zip", "stored", sample);
	buf = slurp(f->zip, &len);
	data = 30 + strlen(sample[0]);
	buf[data + 3] ^= 0x20;
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "its CRC-32 does not match");
	buf[data + 3] ^= 0x20;
	/* stored, but its two sizes differ */
	cd = central(buf, len);
	put32(buf + cd + 24, get32(buf + cd + 24) + 1);
	tu_write_bytes(f->dir, "t.zip", buf, len);
	read_fails(f, 0, "stored, but its two sizes differ");
	free(buf);

	/* another method, as Python writes it */
	tu_make_zip(f->dir, "t.zip", "bzip2", sample);
	read_fails(f, 1,
		   "a/OSV-1.json: compressed with method 12: souptrace reads stored and "
		   "deflated entries only");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zip64_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zip64_extra, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_entry, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
