/*
 * mktab - prints a CRC table as C source.
 * Copyright (c) 2003 Jørgen Halvorsen. Released into the public domain.
 */
#include <stdio.h>

int main(void)
{
	for (unsigned i = 0; i < 256; i++) {
		unsigned c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		printf("0x%08x,%s", c, i % 4 == 3 ? "\n" : " ");
	}
	return 0;
}
