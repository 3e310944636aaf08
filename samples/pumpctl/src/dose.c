/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
#include "dose.h"

#include <string.h>

/* Illustrative drug library for the demo - NOT clinical guidance. */
static const struct drug_entry library[] = {
	{"dopamine", 1600, 15000, 20000},
	{"dobutamine", 2000, 20000, 40000},
	{"norepinephrine", 16, 500, 1000},
};

#define LIBRARY_LEN (sizeof(library) / sizeof(library[0]))

#define WEIGHT_MIN_G 500u
#define WEIGHT_MAX_G 300000u

const struct drug_entry *dose_find(const char *name)
{
	for (size_t i = 0; i < LIBRARY_LEN; i++)
		if (strcmp(library[i].name, name) == 0)
			return &library[i];
	return NULL;
}

size_t dose_library_size(void)
{
	return LIBRARY_LEN;
}

const struct drug_entry *dose_library_entry(size_t i)
{
	return i < LIBRARY_LEN ? &library[i] : NULL;
}

enum dose_status dose_rate_ul_h(const struct drug_entry *drug,
				uint32_t dose_ng_kg_min, uint32_t weight_g,
				uint32_t *rate_ul_h)
{
	uint64_t num, den, rate;

	if (drug == NULL || rate_ul_h == NULL || drug->conc_ug_per_ml == 0 ||
	    dose_ng_kg_min == 0 || weight_g < WEIGHT_MIN_G ||
	    weight_g > WEIGHT_MAX_G)
		return DOSE_INVALID;
	if (dose_ng_kg_min > drug->hard_max_ng_kg_min)
		return DOSE_HARD_LIMIT;

	/* ng/kg/min * kg * 60 min/h / 1000 ng/ug / (ug/mL) * 1000 uL/mL */
	num = (uint64_t)dose_ng_kg_min * weight_g * 60u;
	den = (uint64_t)drug->conc_ug_per_ml * 1000u;
	rate = (num + den / 2) / den;
	if (rate == 0 || rate > DOSE_PUMP_MAX_RATE_UL_H)
		return DOSE_INVALID;

	*rate_ul_h = (uint32_t)rate;
	return dose_ng_kg_min > drug->soft_max_ng_kg_min ? DOSE_SOFT_LIMIT : DOSE_OK;
}

const char *dose_status_name(enum dose_status st)
{
	switch (st) {
	case DOSE_OK:
		return "ok";
	case DOSE_SOFT_LIMIT:
		return "soft limit exceeded";
	case DOSE_HARD_LIMIT:
		return "hard limit exceeded";
	case DOSE_INVALID:
		return "invalid";
	}
	return "?";
}
