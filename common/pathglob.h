/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_PATHGLOB_H
#define SOUPTRACE_PATHGLOB_H

#include <stdbool.h>

// Path globs as soup.json uses them: '/'-separated segments; "*", "?" and
// "[...]" match within one segment (fnmatch with FNM_PATHNAME); a segment
// that is exactly "**" matches zero or more whole segments. A pattern
// ending in "/" matches the directory and everything below it, as "dir/**"
// does. Both arguments are compared as given: make them both relative to
// the same root (or both absolute) and lexically normalised first.
//
//   pathglob_match("third_party/zlib/**", "third_party/zlib/inflate.c") -> true
//   pathglob_match("src/*.c", "src/sub/x.c")                            -> false
//   pathglob_match("**/LICENSE", "a/b/LICENSE")                         -> true
bool pathglob_match(const char *pattern, const char *path);

#endif
