/* SPDX-License-Identifier: Apache-2.0 */
#include "depfile.h"

#include <stdbool.h>
#include <string.h>

#include "banned.h"

static int push_unique(struct strvec *out, const struct strbuf *word)
{
	/* Dependency lists are short (hundreds): a linear scan is fine. */
	for (size_t i = 0; i < out->nr; i++)
		if (!strcmp(out->v[i], word->buf))
			return 0;
	return strvec_pushn(out, word->buf, word->len);
}

int depfile_parse(const char *text, size_t len, struct strvec *out, struct strbuf *err)
{
	struct strbuf word = STRBUF_INIT;
	bool in_prereqs = false;
	size_t line = 1;
	size_t i = 0;
	int ret = -1;

	while (i <= len) {
		char c = i < len ? text[i] : '\n';

		if (c == '\0') {
			strbuf_addf(err, "line %zu: NUL byte in a dependency file", line);
			goto out;
		}
		if (c == '\\' && i + 1 < len &&
		    (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < len && text[i + 2] == '\n'))) {
			/* continuation: acts as white space */
			i += text[i + 1] == '\r' ? 3 : 2;
			line++;
			c = ' ';
			goto separator;
		}
		if (c == '\\' && i + 1 < len && (text[i + 1] == ' ' || text[i + 1] == '#' ||
						 text[i + 1] == '\\' || text[i + 1] == ':')) {
			/* "\ " is a space inside a name; keep "\\" as one backslash only before a space */
			if (text[i + 1] == '\\' && !(i + 2 < len && text[i + 2] == ' ')) {
				if (strbuf_addch(&word, '\\'))
					goto oom;
				i++;
				continue;
			}
			if (strbuf_addch(&word, text[i + 1]))
				goto oom;
			i += 2;
			continue;
		}
		if (c == '$' && i + 1 < len && text[i + 1] == '$') {
			if (strbuf_addch(&word, '$'))
				goto oom;
			i += 2;
			continue;
		}
		i++;
		if (c == ':' && !in_prereqs &&
		    (i >= len || text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
		     text[i] == '\r')) {
			/* end of the target list */
			strbuf_reset(&word);
			in_prereqs = true;
			continue;
		}
		if (c == '\n')
			line++;
separator:
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (word.len) {
				if (in_prereqs && push_unique(out, &word))
					goto oom;
				strbuf_reset(&word);
			}
			if (c == '\n')
				in_prereqs = false;
			continue;
		}
		if (strbuf_addch(&word, c))
			goto oom;
	}
	ret = 0;
	goto out;
oom:
	strbuf_addstr(err, "out of memory");
out:
	strbuf_release(&word);
	return ret;
}
