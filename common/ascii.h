/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_ASCII_H
#define SOUPTRACE_ASCII_H

#include <stdbool.h>

/*
 * Character classes of ASCII, whatever the locale (ctype.h follows the
 * locale and is undefined for negative chars). Bytes of 0x80 and above are
 * in no class. What counts as white space between fields differs by file
 * format (a depfile, a link map, a deb822 file); each parser keeps its own
 * is_blank for that, saying which.
 */
static inline bool ascii_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool ascii_is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool ascii_is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool ascii_is_alpha(int c)
{
	return ascii_is_upper(c) || ascii_is_lower(c);
}

static inline bool ascii_is_alnum(int c)
{
	return ascii_is_alpha(c) || ascii_is_digit(c);
}

static inline bool ascii_is_xdigit(int c)
{
	return ascii_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* ' ', '\t', '\n', '\v', '\f', '\r': the C locale's isspace */
static inline bool ascii_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int ascii_to_lower(int c)
{
	return ascii_is_upper(c) ? c - 'A' + 'a' : c;
}

#endif
