/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_BANNED_H
#define SOUPTRACE_BANNED_H

/*
 * Functions that make it too easy to overflow a buffer or to depend on
 * hidden global state. Included last by every souptrace source file, so a
 * use is a compile error. Use strbuf, snprintf, memcpy with a checked length
 * or strtok_r-free hand parsing instead.
 */
#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)

#endif
