/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems */
/* Unit tests for libalarm, using the vendored minitest harness. */
#include "alarm.h"
#include "minitest.h"

MT_TEST(starts_quiet)
{
	struct alarm_mgr m;

	alarm_init(&m);
	MT_CHECK_EQ_INT(alarm_active_count(&m), 0);
	MT_CHECK_EQ_INT(alarm_top(&m), ALARM_COUNT);
	MT_CHECK(!alarm_pump_must_stop(&m));
}

MT_TEST(priority_order)
{
	struct alarm_mgr m;

	alarm_init(&m);
	alarm_raise(&m, ALARM_LOW_RESERVOIR, 100);
	MT_CHECK_EQ_INT(alarm_top(&m), ALARM_LOW_RESERVOIR);
	alarm_raise(&m, ALARM_SENSOR_FAULT, 200);
	MT_CHECK_EQ_INT(alarm_top(&m), ALARM_SENSOR_FAULT);
	alarm_raise(&m, ALARM_AIR_IN_LINE, 300);
	MT_CHECK_EQ_INT(alarm_top(&m), ALARM_AIR_IN_LINE);
	MT_CHECK_EQ_INT(alarm_active_count(&m), 3);
}

MT_TEST(oldest_wins_tie)
{
	struct alarm_mgr m;

	alarm_init(&m);
	alarm_raise(&m, ALARM_DOSE_LIMIT, 50);
	alarm_raise(&m, ALARM_OCCLUSION, 70);
	MT_CHECK_EQ_INT(alarm_top(&m), ALARM_DOSE_LIMIT);
}

MT_TEST(ack_silences_but_keeps_stop)
{
	struct alarm_mgr m;

	alarm_init(&m);
	MT_CHECK_EQ_INT(alarm_ack(&m, ALARM_OCCLUSION), -1);
	alarm_raise(&m, ALARM_OCCLUSION, 10);
	MT_CHECK_EQ_INT(alarm_ack(&m, ALARM_OCCLUSION), 0);
	MT_CHECK_EQ_INT(alarm_top(&m), ALARM_COUNT);
	MT_CHECK(alarm_pump_must_stop(&m));
	/* re-raising a still-active alarm does not un-silence it */
	alarm_raise(&m, ALARM_OCCLUSION, 20);
	MT_CHECK_EQ_INT(alarm_top(&m), ALARM_COUNT);
	MT_CHECK_EQ_INT(m.st[ALARM_OCCLUSION].times_raised, 1);
}

MT_TEST(clear_and_reraise)
{
	struct alarm_mgr m;

	alarm_init(&m);
	alarm_raise(&m, ALARM_AIR_IN_LINE, 10);
	alarm_clear(&m, ALARM_AIR_IN_LINE);
	MT_CHECK(!alarm_pump_must_stop(&m));
	alarm_raise(&m, ALARM_AIR_IN_LINE, 30);
	MT_CHECK_EQ_INT(m.st[ALARM_AIR_IN_LINE].times_raised, 2);
	MT_CHECK_EQ_INT(m.st[ALARM_AIR_IN_LINE].raised_at_ms, 30);
}

MT_TEST(names_and_bounds)
{
	struct alarm_mgr m;

	alarm_init(&m);
	alarm_raise(&m, ALARM_COUNT, 1); /* out of range: ignored */
	MT_CHECK_EQ_INT(alarm_active_count(&m), 0);
	MT_CHECK_EQ_INT(alarm_priority_of(ALARM_LOW_RESERVOIR), ALARM_PRIO_LOW);
	MT_CHECK(alarm_name(ALARM_OCCLUSION)[0] != '\0');
	MT_CHECK(alarm_priority_name(ALARM_PRIO_HIGH)[0] == 'H');
}

int main(void)
{
	MT_RUN(starts_quiet);
	MT_RUN(priority_order);
	MT_RUN(oldest_wins_tie);
	MT_RUN(ack_silences_but_keeps_stop);
	MT_RUN(clear_and_reraise);
	MT_RUN(names_and_bounds);
	return mt_finish();
}
