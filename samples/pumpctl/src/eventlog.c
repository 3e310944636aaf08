/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
#include "eventlog.h"

#include <string.h>
#include <zlib.h>

#include "tinycrc.h"

/* On-wire record layout, little endian:
 *   0..3 t_ms  4..5 seq  6 code  7 arg  8..11 value  12..13 zero  14..15 crc16
 * The CRC-16/CCITT covers bytes 0..13. */
#define REC_CRC_OFFSET 14u

static void put_le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	put_le16(p, (uint16_t)(v & 0xffff));
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_le32(const unsigned char *p)
{
	return (uint32_t)get_le16(p) | ((uint32_t)get_le16(p + 2) << 16);
}

static uint16_t record_crc(const unsigned char *rec)
{
	return tinycrc_crc16_ccitt(TINYCRC_CRC16_CCITT_INIT, rec, REC_CRC_OFFSET);
}

void eventlog_init(struct eventlog *log)
{
	memset(log, 0, sizeof(*log));
	(void)ringbuf_init(&log->rb, log->storage, sizeof(log->storage));
}

void eventlog_add(struct eventlog *log, uint32_t t_ms, enum ev_code code,
		  uint8_t arg, int32_t value)
{
	unsigned char rec[EVENTLOG_RECORD_SIZE] = {0};

	put_le32(rec, t_ms);
	put_le16(rec + 4, log->next_seq++);
	rec[6] = (unsigned char)code;
	rec[7] = arg;
	put_le32(rec + 8, (uint32_t)value);
	put_le16(rec + REC_CRC_OFFSET, record_crc(rec));

	if (ringbuf_free(&log->rb) < sizeof(rec)) {
		ringbuf_discard(&log->rb, sizeof(rec)); /* overwrite the oldest */
		log->dropped++;
	}
	ringbuf_write(&log->rb, rec, sizeof(rec));
}

size_t eventlog_count(const struct eventlog *log)
{
	return ringbuf_used(&log->rb) / EVENTLOG_RECORD_SIZE;
}

int eventlog_get(const struct eventlog *log, size_t idx, struct ev_record *out)
{
	unsigned char rec[EVENTLOG_RECORD_SIZE];

	if (ringbuf_peek(&log->rb, idx * EVENTLOG_RECORD_SIZE, rec, sizeof(rec)) !=
	    sizeof(rec))
		return -1;
	if (record_crc(rec) != get_le16(rec + REC_CRC_OFFSET))
		return -2;
	out->t_ms = get_le32(rec);
	out->seq = get_le16(rec + 4);
	out->code = rec[6];
	out->arg = rec[7];
	out->value = (int32_t)get_le32(rec + 8);
	return 0;
}

int eventlog_export(const struct eventlog *log, unsigned char *out,
		    size_t *out_len, size_t *raw_len, uint32_t *raw_crc32)
{
	unsigned char raw[EVENTLOG_CAPACITY * EVENTLOG_RECORD_SIZE];
	size_t n = ringbuf_peek(&log->rb, 0, raw, sizeof(raw));
	uLongf dest_len = (uLongf)*out_len;
	int zrc;

	zrc = compress2(out, &dest_len, raw, (uLong)n, Z_BEST_COMPRESSION);
	if (zrc != Z_OK)
		return zrc < 0 ? zrc : -1;
	*out_len = (size_t)dest_len;
	*raw_len = n;
	*raw_crc32 = (uint32_t)crc32(crc32(0L, Z_NULL, 0), raw, (uInt)n);
	return 0;
}

long eventlog_check_export(const unsigned char *blob, size_t blob_len,
			   size_t raw_len, uint32_t raw_crc32)
{
	unsigned char raw[EVENTLOG_CAPACITY * EVENTLOG_RECORD_SIZE];
	uLongf got = sizeof(raw);

	if (uncompress(raw, &got, blob, (uLong)blob_len) != Z_OK)
		return -1;
	if ((size_t)got != raw_len ||
	    (uint32_t)crc32(crc32(0L, Z_NULL, 0), raw, (uInt)got) != raw_crc32)
		return -1;
	for (size_t off = 0; off + EVENTLOG_RECORD_SIZE <= got;
	     off += EVENTLOG_RECORD_SIZE)
		if (record_crc(raw + off) != get_le16(raw + off + REC_CRC_OFFSET))
			return -1;
	return (long)(got / EVENTLOG_RECORD_SIZE);
}

const char *eventlog_code_name(enum ev_code code)
{
	switch (code) {
	case EV_BOOT:
		return "boot";
	case EV_INFUSION_START:
		return "infusion-start";
	case EV_INFUSION_STOP:
		return "infusion-stop";
	case EV_ALARM_RAISED:
		return "alarm-raised";
	case EV_ALARM_CLEARED:
		return "alarm-cleared";
	case EV_RATE_CHANGED:
		return "rate-changed";
	case EV_PRESSURE:
		return "pressure";
	}
	return "?";
}
