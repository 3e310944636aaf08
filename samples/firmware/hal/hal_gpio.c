/* SPDX-License-Identifier: BSD-3-Clause */
/* Copyright (c) 2019-2024 Acme Microcontrollers Inc. */
#include <stdint.h>

#include "hal_gpio.h"

#define GPIOA_ODR (*(volatile uint32_t *)0x48000014u)

void hal_gpio_init(void)
{
	GPIOA_ODR = 0;
}

void hal_gpio_toggle(unsigned pin)
{
	GPIOA_ODR ^= 1u << pin;
}
