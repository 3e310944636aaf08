/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_TEXTESC_H
#define SOUPTRACE_TEXTESC_H

/*
 * Text from outside (component names, soup.json fields, file names, record
 * fields) made safe to show: a name holding ESC must not recolour, move or
 * retitle the reader's terminal, and an XML file must stay well-formed.
 */
#include <stddef.h>

#include "strbuf.h"

/* The length of the well-formed UTF-8 character at s (n bytes left), 0 if there is none
 * (a stray byte, an overlong form, a surrogate, beyond U+10FFFF). */
size_t utf8_char_len(const char *s, size_t n);

/*
 * s appended to sb as a terminal may show it, as git quotes a path: tab, LF
 * and CR as \t \n \r; every other C0 control, DEL, a C1 control (U+0080 to
 * U+009F) and each byte that is not part of valid UTF-8 as a backslash and
 * three octal digits (ESC is \033). Everything else, backslash included, is
 * copied. 0, or -1 when memory ran out.
 */
int strbuf_add_term(struct strbuf *sb, const char *s);

/*
 * s appended to sb as XML 1.0 character data or an attribute value: markup
 * escaped (& < > " ' and CR as references); what XML 1.0 forbids (C0
 * controls but tab, LF and CR; U+FFFE and U+FFFF) and bytes that are not
 * UTF-8 become U+FFFD, as no reference to them is well-formed. 0, or -1
 * when memory ran out.
 */
int strbuf_add_xml(struct strbuf *sb, const char *s);

/*
 * For a text writer's printf: s itself when it needs no escaping (or is
 * NULL), else strbuf_add_term's form held in one of 8 buffers used in turn,
 * so up to 8 results may be used in one call; "?" when memory ran out.
 */
const char *term_text(const char *s);

#endif
