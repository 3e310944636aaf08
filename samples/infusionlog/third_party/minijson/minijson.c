/* Copyright (c) 2009-2017 Dave Gamble and cJSON contributors. MIT License. */
#include "minijson.h"

int minijson_is_object(const char *text)
{
	while (*text == ' ')
		text++;
	return *text == '{';
}

int minijson_count_keys(const char *text)
{
	int n = 0, in_string = 0;

	for (; *text; text++) {
		if (*text == '"')
			in_string = !in_string;
		else if (*text == ':' && !in_string)
			n++;
	}
	return n;
}
