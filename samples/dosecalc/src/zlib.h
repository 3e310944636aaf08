/* zlib.h -- interface of the 'zlib' general purpose compression library
 *
 * (souptrace sample: a copy of zlib's public header cut down to the version
 * macros that identify it; dosecalc prints them in --version.)
 */
#ifndef ZLIB_H
#define ZLIB_H

#define ZLIB_VERSION "1.2.11"
#define ZLIB_VERNUM 0x12b0
#define ZLIB_VER_MAJOR 1
#define ZLIB_VER_MINOR 2
#define ZLIB_VER_REVISION 11
#define ZLIB_VER_SUBREVISION 0

#endif
