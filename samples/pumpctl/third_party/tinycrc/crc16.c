/* SPDX-License-Identifier: BSD-3-Clause */
/* SPDX-FileCopyrightText: 2017-2023 Mara Lindqvist */
#include "tinycrc.h"

/* crc16_nibble[n] = CRC-16/CCITT remainder of the 4-bit value n, shifted
 * into the top nibble. */
static const uint16_t crc16_nibble[16] = {
	0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50a5, 0x60c6, 0x70e7,
	0x8108, 0x9129, 0xa14a, 0xb16b, 0xc18c, 0xd1ad, 0xe1ce, 0xf1ef,
};

uint16_t tinycrc_crc16_ccitt(uint16_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len--) {
		uint8_t b = *p++;

		crc = (uint16_t)((crc << 4) ^ crc16_nibble[(crc >> 12) ^ (b >> 4)]);
		crc = (uint16_t)((crc << 4) ^ crc16_nibble[(crc >> 12) ^ (b & 0x0f)]);
	}
	return crc;
}
