/* minijson: a tiny JSON scanner, cut down from cJSON 1.7.15 for this sample.
 * Copyright (c) 2009-2017 Dave Gamble and cJSON contributors. MIT License. */
#ifndef MINIJSON_H
#define MINIJSON_H
#define MINIJSON_VERSION "1.7.15"
int minijson_is_object(const char *text);
int minijson_count_keys(const char *text);
#endif
