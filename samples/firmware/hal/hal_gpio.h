/* SPDX-License-Identifier: BSD-3-Clause */
/* Acme HAL: GPIO (fictional sample component). */
#ifndef HAL_GPIO_H
#define HAL_GPIO_H

#define ACME_HAL_VERSION_MAJOR 4
#define ACME_HAL_VERSION_MINOR 2
#define ACME_HAL_VERSION_PATCH 0

#define HAL_PIN_MOTOR_STEP 5u

void hal_gpio_init(void);
void hal_gpio_toggle(unsigned pin);

#endif
