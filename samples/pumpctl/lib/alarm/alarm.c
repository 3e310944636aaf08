/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
#include "alarm.h"

#include <string.h>

static const struct {
	const char *name;
	enum alarm_priority prio;
} alarm_table[ALARM_COUNT] = {
	[ALARM_OCCLUSION] = {"downstream occlusion", ALARM_PRIO_HIGH},
	[ALARM_AIR_IN_LINE] = {"air in line", ALARM_PRIO_HIGH},
	[ALARM_DOSE_LIMIT] = {"dose hard limit", ALARM_PRIO_HIGH},
	[ALARM_SENSOR_FAULT] = {"sensor fault", ALARM_PRIO_MEDIUM},
	[ALARM_LOW_RESERVOIR] = {"reservoir low", ALARM_PRIO_LOW},
};

static bool valid_id(enum alarm_id id)
{
	return (unsigned)id < (unsigned)ALARM_COUNT;
}

void alarm_init(struct alarm_mgr *m)
{
	memset(m, 0, sizeof(*m));
}

void alarm_raise(struct alarm_mgr *m, enum alarm_id id, uint32_t now_ms)
{
	struct alarm_state *s;

	if (!valid_id(id))
		return;
	s = &m->st[id];
	if (s->active)
		return;
	s->active = true;
	s->acknowledged = false;
	s->raised_at_ms = now_ms;
	s->times_raised++;
}

int alarm_ack(struct alarm_mgr *m, enum alarm_id id)
{
	if (!valid_id(id) || !m->st[id].active)
		return -1;
	m->st[id].acknowledged = true;
	return 0;
}

void alarm_clear(struct alarm_mgr *m, enum alarm_id id)
{
	if (!valid_id(id))
		return;
	m->st[id].active = false;
	m->st[id].acknowledged = false;
}

bool alarm_is_active(const struct alarm_mgr *m, enum alarm_id id)
{
	return valid_id(id) && m->st[id].active;
}

size_t alarm_active_count(const struct alarm_mgr *m)
{
	size_t n = 0;

	for (int i = 0; i < ALARM_COUNT; i++)
		n += m->st[i].active ? 1u : 0u;
	return n;
}

enum alarm_id alarm_top(const struct alarm_mgr *m)
{
	enum alarm_id best = ALARM_COUNT;

	for (int i = 0; i < ALARM_COUNT; i++) {
		const struct alarm_state *s = &m->st[i];

		if (!s->active || s->acknowledged)
			continue;
		if (best == ALARM_COUNT ||
		    alarm_table[i].prio > alarm_table[best].prio ||
		    (alarm_table[i].prio == alarm_table[best].prio &&
		     s->raised_at_ms < m->st[best].raised_at_ms))
			best = (enum alarm_id)i;
	}
	return best;
}

bool alarm_pump_must_stop(const struct alarm_mgr *m)
{
	for (int i = 0; i < ALARM_COUNT; i++)
		if (m->st[i].active && alarm_table[i].prio == ALARM_PRIO_HIGH)
			return true;
	return false;
}

enum alarm_priority alarm_priority_of(enum alarm_id id)
{
	return valid_id(id) ? alarm_table[id].prio : ALARM_PRIO_NONE;
}

const char *alarm_name(enum alarm_id id)
{
	return valid_id(id) ? alarm_table[id].name : "none";
}

const char *alarm_priority_name(enum alarm_priority p)
{
	switch (p) {
	case ALARM_PRIO_HIGH:
		return "HIGH";
	case ALARM_PRIO_MEDIUM:
		return "MEDIUM";
	case ALARM_PRIO_LOW:
		return "LOW";
	case ALARM_PRIO_NONE:
		break;
	}
	return "NONE";
}
