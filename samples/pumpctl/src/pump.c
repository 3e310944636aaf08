/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
#include "pump.h"

#include <string.h>

static void raise_logged(struct pump *p, enum alarm_id id, int32_t value)
{
	if (alarm_is_active(p->alarms, id))
		return;
	alarm_raise(p->alarms, id, p->now_ms);
	eventlog_add(p->log, p->now_ms, EV_ALARM_RAISED, (uint8_t)id, value);
}

int pump_init(struct pump *p, struct alarm_mgr *alarms, struct eventlog *log,
	      unsigned sensor_channel, uint32_t reservoir_ul)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->alarms = alarms;
	p->log = log;
	p->reservoir_ul = reservoir_ul;

	rc = acme_sensor_open(&p->sensor, sensor_channel, ACME_SENSOR_MODE_SIM);
	if (rc == ACME_OK)
		rc = acme_sensor_calibrate_zero(&p->sensor, 16);
	if (rc != ACME_OK)
		raise_logged(p, ALARM_SENSOR_FAULT, rc);
	return rc;
}

int pump_start(struct pump *p, uint32_t rate_ul_h)
{
	if (rate_ul_h == 0 || alarm_pump_must_stop(p->alarms) ||
	    alarm_is_active(p->alarms, ALARM_SENSOR_FAULT))
		return -1;
	p->rate_ul_h = rate_ul_h;
	p->running = true;
	eventlog_add(p->log, p->now_ms, EV_INFUSION_START, 0, (int32_t)rate_ul_h);
	return 0;
}

void pump_stop(struct pump *p)
{
	if (!p->running)
		return;
	p->running = false;
	eventlog_add(p->log, p->now_ms, EV_INFUSION_STOP, 0,
		     (int32_t)pump_delivered_ul(p));
}

void pump_tick(struct pump *p, uint32_t dt_ms)
{
	acme_sensor_sample s;
	int rc;

	p->now_ms += dt_ms;
	rc = acme_sensor_read(&p->sensor, &s);
	if (rc != ACME_OK) {
		raise_logged(p, ALARM_SENSOR_FAULT, rc);
		pump_stop(p); /* cannot detect occlusion without the sensor */
		return;
	}

	p->last_pressure_dmmhg = s.pressure_mmhg_x10;
	if (s.pressure_mmhg_x10 > p->peak_pressure_dmmhg)
		p->peak_pressure_dmmhg = s.pressure_mmhg_x10;
	eventlog_add(p->log, p->now_ms, EV_PRESSURE, 0, s.pressure_mmhg_x10);

	if (s.pressure_mmhg_x10 > PUMP_OCCLUSION_LIMIT_DMMHG)
		raise_logged(p, ALARM_OCCLUSION, s.pressure_mmhg_x10);
	if (s.air_ul > PUMP_AIR_LIMIT_UL)
		raise_logged(p, ALARM_AIR_IN_LINE, s.air_ul);

	if (alarm_pump_must_stop(p->alarms)) {
		pump_stop(p);
		return;
	}
	if (!p->running)
		return;

	/* uL/h * ms -> nL:  x * 1000 nL/uL / 3600000 ms/h; keep the remainder
	 * so that long infusions do not drift. */
	{
		uint64_t acc = (uint64_t)p->rate_ul_h * dt_ms + p->nl_remainder;
		uint32_t ul_before = pump_delivered_ul(p);
		uint32_t used;

		p->delivered_nl += acc / 3600u;
		p->nl_remainder = (uint32_t)(acc % 3600u);
		used = pump_delivered_ul(p) - ul_before;
		p->reservoir_ul = used < p->reservoir_ul ? p->reservoir_ul - used : 0;
	}
	if (p->reservoir_ul < PUMP_LOW_RESERVOIR_UL)
		raise_logged(p, ALARM_LOW_RESERVOIR, (int32_t)p->reservoir_ul);
}

void pump_shutdown(struct pump *p)
{
	pump_stop(p);
	acme_sensor_close(&p->sensor);
}

uint32_t pump_delivered_ul(const struct pump *p)
{
	return (uint32_t)(p->delivered_nl / 1000u);
}
