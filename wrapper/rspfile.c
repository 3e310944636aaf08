/* SPDX-License-Identifier: Apache-2.0 */
#include "rspfile.h"

#include <string.h>

#include "strbuf.h"
#include "banned.h"

#define RSP_MAX_DEPTH 16
#define RSP_MAX_TOTAL (64u << 20)

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int rspfile_split(const char *text, size_t len, struct strvec *out)
{
	struct strbuf arg = STRBUF_INIT;
	size_t i = 0;
	int ret = -1;

	while (i < len) {
		char quote = 0;
		bool have = false;

		while (i < len && is_space(text[i]))
			i++;
		if (i >= len)
			break;
		strbuf_reset(&arg);
		while (i < len) {
			char c = text[i];

			if (!quote && is_space(c))
				break;
			if (c == '\\' && i + 1 < len) {
				if (strbuf_addch(&arg, text[i + 1]))
					goto out;
				i += 2;
				have = true;
				continue;
			}
			if (quote) {
				if (c == quote)
					quote = 0;
				else if (strbuf_addch(&arg, c))
					goto out;
			} else if (c == '\'' || c == '"') {
				quote = c;
			} else if (strbuf_addch(&arg, c)) {
				goto out;
			}
			have = true;
			i++;
		}
		if (have && strvec_pushn(out, arg.buf, arg.len))
			goto out;
	}
	ret = 0;
out:
	strbuf_release(&arg);
	return ret;
}

static int expand(const char *const *args, size_t nr, struct strvec *out, struct strvec *files,
		  bool *expanded, int depth, size_t *total)
{
	for (size_t i = 0; i < nr; i++) {
		struct strbuf text = STRBUF_INIT;
		struct strvec sub = STRVEC_INIT;
		int r;

		if (args[i][0] != '@' || !args[i][1] ||
		    strbuf_read_file(&text, args[i] + 1, RSP_MAX_TOTAL) < 0) {
			strbuf_release(&text);
			if (strvec_push(out, args[i]))
				return -1;
			continue;
		}
		*total += text.len;
		if (depth >= RSP_MAX_DEPTH || *total > RSP_MAX_TOTAL) {
			strbuf_release(&text);
			return -1;
		}
		*expanded = true;
		r = (files && strvec_push(files, args[i] + 1)) ||
		    rspfile_split(text.buf, text.len, &sub) ||
		    expand(sub.v, sub.nr, out, files, expanded, depth + 1, total);
		strbuf_release(&text);
		strvec_clear(&sub);
		if (r)
			return -1;
	}
	return 0;
}

int rspfile_expand(const char *const *args, size_t nr, struct strvec *out, struct strvec *files,
		   bool *expanded)
{
	size_t total = 0;

	*expanded = false;
	return expand(args, nr, out, files, expanded, 0, &total);
}
