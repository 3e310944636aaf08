/* SPDX-License-Identifier: MIT */
/* picoRTOS - a tiny cooperative scheduler (fictional sample component). */
#ifndef PICORTOS_H
#define PICORTOS_H

#define PICORTOS_VERSION "0.9.3"

typedef void (*picortos_fn)(void *arg);

int picortos_task_create(picortos_fn fn, void *arg, unsigned period_ticks);
void picortos_run(unsigned ticks);
unsigned picortos_ticks(void);

#endif
