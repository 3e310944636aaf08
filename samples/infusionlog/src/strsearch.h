/* Copyright (c) 2026 Northwind Infusion Systems */
#ifndef STRSEARCH_H
#define STRSEARCH_H
const char *strsearch(const char *hay, const char *needle);
#endif
