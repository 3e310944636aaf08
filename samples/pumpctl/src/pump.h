/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
/*
 * Pump control loop: reads the Acme line sensors every tick, raises
 * occlusion / air-in-line / sensor alarms, and integrates delivered volume.
 */
#ifndef PUMPCTL_PUMP_H
#define PUMPCTL_PUMP_H

#include <stdbool.h>
#include <stdint.h>

#include <sensorsdk.h>

#include "alarm.h"
#include "eventlog.h"

#define PUMP_OCCLUSION_LIMIT_DMMHG 3000 /* 300 mmHg */
#define PUMP_AIR_LIMIT_UL 50
#define PUMP_LOW_RESERVOIR_UL 5000u

struct pump {
	struct alarm_mgr *alarms;
	struct eventlog *log;
	acme_sensor_dev sensor;
	uint32_t now_ms;
	uint32_t rate_ul_h;
	uint64_t delivered_nl;
	uint32_t nl_remainder; /* (uL/h * ms) not yet counted, < 3600 */
	uint32_t reservoir_ul;
	int32_t last_pressure_dmmhg;
	int32_t peak_pressure_dmmhg;
	bool running;
};

/* Opens and zero-calibrates the sensor.  Returns 0 or an acme_status. */
int pump_init(struct pump *p, struct alarm_mgr *alarms, struct eventlog *log,
	      unsigned sensor_channel, uint32_t reservoir_ul);
/* Returns 0, or -1 if a high-priority alarm is active or the rate is 0. */
int pump_start(struct pump *p, uint32_t rate_ul_h);
void pump_stop(struct pump *p);
void pump_tick(struct pump *p, uint32_t dt_ms);
void pump_shutdown(struct pump *p);

uint32_t pump_delivered_ul(const struct pump *p);

#endif /* PUMPCTL_PUMP_H */
