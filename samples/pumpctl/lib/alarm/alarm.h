/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
/*
 * libalarm - alarm condition manager for pumpctl.
 *
 * Priorities follow the IEC 60601-1-8 scheme (high / medium / low).  An
 * acknowledged alarm is silenced but stays active until its cause clears;
 * an active high-priority alarm always keeps the pump stopped.
 */
#ifndef PUMPCTL_ALARM_H
#define PUMPCTL_ALARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum alarm_priority {
	ALARM_PRIO_NONE = 0,
	ALARM_PRIO_LOW,
	ALARM_PRIO_MEDIUM,
	ALARM_PRIO_HIGH
};

enum alarm_id {
	ALARM_OCCLUSION = 0,
	ALARM_AIR_IN_LINE,
	ALARM_DOSE_LIMIT,
	ALARM_SENSOR_FAULT,
	ALARM_LOW_RESERVOIR,
	ALARM_COUNT /* also used as "no alarm" */
};

struct alarm_state {
	bool active;
	bool acknowledged;
	uint32_t raised_at_ms;
	uint32_t times_raised;
};

struct alarm_mgr {
	struct alarm_state st[ALARM_COUNT];
};

void alarm_init(struct alarm_mgr *m);

/* Raise an alarm.  Re-raising an already active alarm is a no-op. */
void alarm_raise(struct alarm_mgr *m, enum alarm_id id, uint32_t now_ms);

/* Acknowledge (silence) an active alarm.  Returns 0, or -1 if not active. */
int alarm_ack(struct alarm_mgr *m, enum alarm_id id);

/* The alarm condition has gone away. */
void alarm_clear(struct alarm_mgr *m, enum alarm_id id);

bool alarm_is_active(const struct alarm_mgr *m, enum alarm_id id);
size_t alarm_active_count(const struct alarm_mgr *m);

/* Highest-priority active, unacknowledged alarm (oldest wins a tie), or
 * ALARM_COUNT if nothing needs annunciation. */
enum alarm_id alarm_top(const struct alarm_mgr *m);

/* True while any high-priority alarm is active (acknowledged or not). */
bool alarm_pump_must_stop(const struct alarm_mgr *m);

enum alarm_priority alarm_priority_of(enum alarm_id id);
const char *alarm_name(enum alarm_id id);
const char *alarm_priority_name(enum alarm_priority p);

#endif /* PUMPCTL_ALARM_H */
