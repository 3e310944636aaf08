/* SPDX-License-Identifier: Apache-2.0 */
/* Infusion-pump motor controller firmware: one periodic control task. */
#include <stdio.h>
#include <string.h>

#include "hal_gpio.h"
#include "picortos.h"

static char status[32];

static void control_task(void *arg)
{
	(void)arg;
	hal_gpio_toggle(HAL_PIN_MOTOR_STEP);
	/* newlib's snprintf formats the status line */
	snprintf(status, sizeof(status), "steps=%u", (unsigned)picortos_ticks());
}

int main(void)
{
	hal_gpio_init();
	picortos_task_create(control_task, NULL, 10);
	picortos_run(100);
	return (int)strlen(status) > 0 ? 0 : 1;
}
