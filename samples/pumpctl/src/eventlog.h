/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
/*
 * Event log: the last EVENTLOG_CAPACITY events, kept in RAM as fixed-size,
 * CRC-protected records (tinycrc CRC-16) in a ring buffer (ringbuf.h).
 * The log can be exported as a zlib-compressed blob for the service tool.
 */
#ifndef PUMPCTL_EVENTLOG_H
#define PUMPCTL_EVENTLOG_H

#include <stddef.h>
#include <stdint.h>

#include "ringbuf.h"

#define EVENTLOG_RECORD_SIZE 16u
#define EVENTLOG_CAPACITY 32u /* records; capacity * size is a power of two */

enum ev_code {
	EV_BOOT = 1,
	EV_INFUSION_START,
	EV_INFUSION_STOP,
	EV_ALARM_RAISED,
	EV_ALARM_CLEARED,
	EV_RATE_CHANGED,
	EV_PRESSURE
};

struct ev_record {
	uint32_t t_ms;
	uint16_t seq;
	uint8_t code;
	uint8_t arg;
	int32_t value;
};

struct eventlog {
	struct ringbuf rb;
	unsigned char storage[EVENTLOG_CAPACITY * EVENTLOG_RECORD_SIZE];
	uint16_t next_seq;
	uint32_t dropped;
};

void eventlog_init(struct eventlog *log);
void eventlog_add(struct eventlog *log, uint32_t t_ms, enum ev_code code,
		  uint8_t arg, int32_t value);
size_t eventlog_count(const struct eventlog *log);

/* 0 = ok, -1 = index out of range, -2 = record CRC mismatch */
int eventlog_get(const struct eventlog *log, size_t idx, struct ev_record *out);

/* Compress all records into out (capacity *out_len on entry, bytes used on
 * return).  *raw_len / *raw_crc32 describe the uncompressed image.
 * Returns 0, or a negative zlib status. */
int eventlog_export(const struct eventlog *log, unsigned char *out,
		    size_t *out_len, size_t *raw_len, uint32_t *raw_crc32);

/* Decompress an export and check it against raw_len / raw_crc32.
 * Returns the number of records, or -1 if the blob is damaged. */
long eventlog_check_export(const unsigned char *blob, size_t blob_len,
			   size_t raw_len, uint32_t raw_crc32);

const char *eventlog_code_name(enum ev_code code);

#endif /* PUMPCTL_EVENTLOG_H */
