/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2021 The picoRTOS Authors */
#include "picortos.h"

#define MAX_TASKS 4

static struct {
	picortos_fn fn;
	void *arg;
	unsigned period;
} tasks[MAX_TASKS];
static unsigned nr_tasks, now;

int picortos_task_create(picortos_fn fn, void *arg, unsigned period_ticks)
{
	if (nr_tasks == MAX_TASKS || !period_ticks)
		return -1;
	tasks[nr_tasks].fn = fn;
	tasks[nr_tasks].arg = arg;
	tasks[nr_tasks].period = period_ticks;
	nr_tasks++;
	return 0;
}

void picortos_run(unsigned ticks)
{
	for (unsigned t = 0; t < ticks; t++, now++)
		for (unsigned i = 0; i < nr_tasks; i++)
			if (now % tasks[i].period == 0)
				tasks[i].fn(tasks[i].arg);
}

unsigned picortos_ticks(void)
{
	return now;
}
