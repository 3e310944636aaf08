/* SPDX-License-Identifier: Apache-2.0 */
/* Cortex-M4 start-up: the vector table and the reset handler. */
#include <stdint.h>
#include <string.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void);
void Default_Handler(void);

void Default_Handler(void)
{
	for (;;)
		;
}

void Reset_Handler(void)
{
	/* .data from flash, .bss zeroed: newlib's memcpy and memset */
	memcpy(&_sdata, &_sidata, (size_t)((char *)&_edata - (char *)&_sdata));
	memset(&_sbss, 0, (size_t)((char *)&_ebss - (char *)&_sbss));
	main();
	Default_Handler();
}

__attribute__((section(".isr_vector"), used)) static void (*const vectors[])(void) = {
	(void (*)(void))&_estack, Reset_Handler, Default_Handler, Default_Handler,
};
