/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
/*
 * Weight-based dose to pump-rate conversion with drug-library limits.
 * All arithmetic is integer: doses in ng/kg/min, weight in g,
 * concentration in ug/mL, rates in uL/h.
 */
#ifndef PUMPCTL_DOSE_H
#define PUMPCTL_DOSE_H

#include <stddef.h>
#include <stdint.h>

#define DOSE_PUMP_MAX_RATE_UL_H 999000u /* 999 mL/h mechanism limit */

struct drug_entry {
	const char *name;
	uint32_t conc_ug_per_ml;
	uint32_t soft_max_ng_kg_min; /* warn, clinician may confirm */
	uint32_t hard_max_ng_kg_min; /* never exceeded */
};

enum dose_status {
	DOSE_OK = 0,
	DOSE_SOFT_LIMIT, /* rate computed, needs confirmation */
	DOSE_HARD_LIMIT, /* rejected */
	DOSE_INVALID     /* bad input or beyond the pump mechanism */
};

const struct drug_entry *dose_find(const char *name);
size_t dose_library_size(void);
const struct drug_entry *dose_library_entry(size_t i);

enum dose_status dose_rate_ul_h(const struct drug_entry *drug,
				uint32_t dose_ng_kg_min, uint32_t weight_g,
				uint32_t *rate_ul_h);

const char *dose_status_name(enum dose_status st);

#endif /* PUMPCTL_DOSE_H */
