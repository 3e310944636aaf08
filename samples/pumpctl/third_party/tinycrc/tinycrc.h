/* SPDX-License-Identifier: BSD-3-Clause */
/* SPDX-FileCopyrightText: 2017-2023 Mara Lindqvist */
/*
 * tinycrc - small CRC routines for embedded C.
 *
 * Each algorithm lives in its own translation unit so that a static link
 * only pulls in what the application actually calls.
 *
 * All functions are incremental: pass the value returned by the previous
 * call (or the algorithm's INIT value) as the first argument.
 */
#ifndef TINYCRC_H
#define TINYCRC_H

#include <stddef.h>
#include <stdint.h>

#define TINYCRC_VERSION_MAJOR 2
#define TINYCRC_VERSION_MINOR 4
#define TINYCRC_VERSION_PATCH 1
#define TINYCRC_VERSION "2.4.1"

#ifdef __cplusplus
extern "C" {
#endif

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no xorout.
 * Nibble-table implementation (32 bytes of table).  crc16.c */
#define TINYCRC_CRC16_CCITT_INIT 0xFFFFu
#define TINYCRC_CRC16_CCITT_CHECK 0x29B1u /* CRC of "123456789" */
uint16_t tinycrc_crc16_ccitt(uint16_t crc, const void *data, size_t len);

/* CRC-32C (Castagnoli): reflected poly 0x82F63B78, init/xorout 0xFFFFFFFF.
 * Start with 0; the pre/post inversion is done internally.  crc32c.c */
#define TINYCRC_CRC32C_CHECK 0xE3069283u /* CRC of "123456789" */
uint32_t tinycrc_crc32c(uint32_t crc, const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* TINYCRC_H */
