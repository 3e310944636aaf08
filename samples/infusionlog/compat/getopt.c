/*
 * getopt_long for C libraries that lack it.
 * Copyright (C) 1987-2022 Free Software Foundation, Inc.
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 3 of the License, or (at your
 * option) any later version.
 */
#include <stdlib.h>

#ifndef __GLIBC__
int getopt_long_replacement(void)
{
	return -1;
}
#endif
