/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
/*
 * dosecalc: the pump rate for a prescription line, and a compressed,
 * hashed audit record of the computation.
 *
 * The audit record uses the same framing as the pump's event log; its
 * layout was once modelled on zlib's gzip header and the field names follow
 * the SQLite schema of the hospital gateway. Neither is used here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "bitfield.h"
#include "calcexpr.h"
#include "compat.h"
#include "dose.h"
#include "ratelimit.h"
#include "lzmini.h"
#include "rxparse.h"
#include "zlib.h"

int rx_parse(const char *line, struct prescription *out);

/* Audit flags word: bit 0 valid, bits 1-3 unit class, bits 4-7 format version. */
static unsigned audit_flags(int valid, unsigned unit_class)
{
	unsigned w = 0;

	w = BF_SET(w, 0, 1, valid ? 1u : 0u);
	w = BF_SET(w, 1, 3, unit_class);
	w = BF_SET(w, 4, 4, 2u);
	return w;
}

int main(int argc, char **argv)
{
	struct prescription p;
	unsigned char *log, packed[512];
	char line[256];
	double rate;
	size_t n;
	uint32_t digest;

	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("dosecalc 1.0.0 (lzmini %s, zlib-compatible framing %s)\n", LZMINI_VERSION,
		       ZLIB_VERSION);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--eval")) { /* "--eval 25000/250" */
		double v[2] = { calcexpr_eval(argv[2]), 0 };

		v[1] = v[0];
		printf("%g (mean of the pair %g)\n", v[0], calcexpr_mean(v, 2));
		return v[0] < 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: dosecalc \"DRUG AMOUNT UNIT in VOLUME mL at RATE UNIT/h\"\n");
		return 2;
	}
	memset(&p, 0, sizeof(p));
	if (rx_parse(argv[1], &p) != 0)
		return 2;
	rate = dose_rate_ml_per_h(&p);
	kc_strlcpy(line, argv[1], sizeof(line));
	log = kc_reallocarray(NULL, strlen(line) + 1, 1);
	if (!log)
		return 1;
	memcpy(log, line, strlen(line) + 1);
	n = lzmini_compress(log, strlen(line), packed);
	digest = audit_digest(packed, n);
	free(log);
	if (rate < 0) {
		fprintf(stderr, "dosecalc: units do not match (flags %#x)\n", audit_flags(0, 1));
		return 1;
	}
	if (!ratelimit_ok(rate)) {
		fprintf(stderr, "dosecalc: %.2f mL/h is outside the pump's range\n", rate);
		return 1;
	}
	printf("%s: %.2f mL/h (audit record %zu bytes, digest %08lx, flags %#x)\n", p.drug, rate,
	       n, (unsigned long)digest, audit_flags(1, 1));
	return 0;
}
