/* Copyright (c) 2026 Northwind Infusion Systems */
#include <stdio.h>

#include "eventlog.h"
#include "strsearch.h"
#include "../third_party/minijson/minijson.h"

int eventlog_accept(const char *line)
{
	if (!minijson_is_object(line))
		return 0;
	if (strsearch(line, "\"alarm\""))
		return 2;
	return minijson_count_keys(line) > 0;
}

void eventlog_print(const char *line)
{
	printf("%d %s\n", eventlog_accept(line), line);
}
