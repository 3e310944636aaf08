/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_FINGERPRINT_INTERNAL_H
#define SOUPTRACE_FINGERPRINT_INTERNAL_H

/*
 * Private to the fingerprints (fingerprint.h), which are two files:
 * fingerprint.c (the database, results, scanning) and fingerprint_load.c
 * (the loader of fingerprint files).
 */
#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fingerprint.h"
#include "strvec.h"

#define FP_FORMAT_VERSION 1
#define MAX_DB_FILE_SIZE  ((size_t)4 << 20)
#define MAX_COMPONENTS	  4096 /* per file */
#define MAX_PATTERNS	  32   /* per component, version parts included */
#define MAX_PARTS	  4
#define MAX_REGEX_LEN	  1024
#define MAX_LITERAL_LEN	  256
#define MAX_GROUPS	  9
#define MAX_VERSION_LEN	  64
#define MAX_DIAG_LINES	  50

/* The prefilter: a bitmap over a hash of the first 4 bytes of each literal. */
#define HASH_BITS  16
#define CHAIN_BITS 12

struct fp_pattern {
	regex_t re;
	bool compiled;
	char *literal;
	size_t litlen;
	uint32_t hash;	 /* HASH_BITS of the literal's first 4 bytes */
	int chain_next;	 /* next pattern in the same chain, or -1 */
	int vgroup;	 /* capture group of the version, 0 for none */
	bool required;	 /* must hit */
	bool sufficient; /* hits the component alone */
	size_t comp;	 /* owning component */
	int part;	 /* index in version_parts, or -1 */
};

struct fp_component {
	char *name, *supplier, *license, *purl, *cpe;
	struct strvec file_names;
	size_t first, nr_patterns; /* db->pat[first .. first + nr_patterns) */
	size_t nr_parts;	   /* the last nr_parts of those are version parts */
	size_t require;		   /* distinct hits needed (parts count as one) */
};

struct fp_db {
	struct fp_component *comp;
	size_t nr_comp, alloc_comp;
	struct fp_pattern *pat;
	size_t nr_pat, alloc_pat;
	uint64_t bitmap[(1u << HASH_BITS) / 64];
	int chain[1u << CHAIN_BITS];
};

static inline uint32_t hash4(const char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return (w * 2654435761u) >> (32 - HASH_BITS);
}

/* Drop components and patterns beyond the given counts (undo a failed load). */
void fpi_db_truncate(struct fp_db *db, size_t nr_comp, size_t nr_pat);
/* Rebuild the prefilter from every pattern (after a load). */
void fpi_db_index(struct fp_db *db);

#endif
