/* Copyright (c) 2026 Northwind Infusion Systems */
#ifndef EVENTLOG_H
#define EVENTLOG_H
int eventlog_accept(const char *line);
void eventlog_print(const char *line);
#endif
