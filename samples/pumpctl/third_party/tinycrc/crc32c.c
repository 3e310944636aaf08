/* SPDX-License-Identifier: BSD-3-Clause */
/* SPDX-FileCopyrightText: 2017-2023 Mara Lindqvist */
#include "tinycrc.h"

#define CRC32C_POLY_REFLECTED 0x82F63B78u

/* Bytewise table, built on first use (1 KiB of RAM). */
static uint32_t crc32c_table[256];
static int crc32c_table_ready;

static void crc32c_build_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t r = i;

		for (int k = 0; k < 8; k++)
			r = (r & 1u) ? (r >> 1) ^ CRC32C_POLY_REFLECTED : r >> 1;
		crc32c_table[i] = r;
	}
	crc32c_table_ready = 1;
}

uint32_t tinycrc_crc32c(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (!crc32c_table_ready)
		crc32c_build_table();
	crc = ~crc;
	while (len--)
		crc = (crc >> 8) ^ crc32c_table[(crc ^ *p++) & 0xffu];
	return ~crc;
}
