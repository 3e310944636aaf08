/*
 * minicheck - assertions for tiny C test programs.
 * Copyright (c) 2016 Tomasz Wierzbicki. Distributed under the Boost
 * Software License, Version 1.0.
 */
#ifndef MINICHECK_H
#define MINICHECK_H
#include <stdio.h>
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #c); fails++; } } while (0)
static int fails;
#endif
