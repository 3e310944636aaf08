/* SPDX-License-Identifier: Apache-2.0 */
/* Versions from build files: VERSION files, CMakeLists.txt, *.pc.in, configure.ac's AC_INIT. */
#include "version_probe_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "pathutil.h"

#include "banned.h"

/* ---- build files ---- */

void vp_probe_version_file(struct probe *pr, const char *data, size_t len, const char *rel)
{
	const char *p = data, *e = data + len, *found = NULL;
	size_t fn = 0, lines = 0, found_line = 0, lineno = 0;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *s = p, *t;

		t = nl ? nl : e;
		p = nl ? nl + 1 : e;
		lineno++;
		while (s < t && is_blank(*s))
			s++;
		while (t > s && is_blank(t[-1]))
			t--;
		if (s == t)
			continue;
		if (++lines > 1)
			break;
		found = s;
		fn = (size_t)(t - s);
		found_line = lineno;
	}
	if (lines != 1) {
		vp_note(pr, "%s: %s: not a single version line, ignored", rel,
			lines ? "more than one line" : "empty");
		return;
	}
	strip_v(&found, &fn);
	if (!vp_looks_like_version(found, fn)) {
		vp_note(pr, "%s:%zu: \"%.*s\" does not look like a version: ignored", rel,
			found_line, (int)(fn < 80 ? fn : 80), found);
		return;
	}
	vp_add_evidence(pr, VPROBE_VERSION_FILE, found, fn, rel, found_line, path_basename(rel));
}

static size_t line_of(const char *data, const char *p)
{
	size_t n = 1;

	for (; data < p; data++)
		if (*data == '\n')
			n++;
	return n;
}

/* CMakeLists.txt: every project(... VERSION x ...) call. */
void vp_probe_cmake(struct probe *pr, char *data, size_t len, const char *rel)
{
	size_t i = 0;

	/* blank out comments outside quoted arguments */
	while (i < len) {
		if (data[i] == '"') {
			for (i++; i < len && data[i] != '"'; i++)
				if (data[i] == '\\' && i + 1 < len)
					i++;
			i++;
		} else if (data[i] == '#') {
			while (i < len && data[i] != '\n')
				data[i++] = ' ';
		} else {
			i++;
		}
	}
	for (i = 0; i + 7 <= len && !pr->oom; i++) {
		struct strbuf args = STRBUF_INIT;
		struct strvec av = STRVEC_INIT;
		size_t j, depth = 1, k;

		if (data[i] == '"') {
			/* a quoted argument of another command: message("project(x)") */
			for (i++; i < len && data[i] != '"'; i++)
				if (data[i] == '\\' && i + 1 < len)
					i++;
			continue;
		}
		if (strncasecmp(data + i, "project", 7) || (i && is_ident(data[i - 1])))
			continue;
		j = i + 7;
		while (j < len && is_blank(data[j]))
			j++;
		if (j >= len || data[j] != '(')
			continue;
		/* collect the arguments up to the matching ')' */
		for (j++; j < len && depth;) {
			const char *s;

			while (j < len && (is_blank(data[j]) || data[j] == '\n'))
				j++;
			if (j >= len)
				break;
			if (data[j] == ')') {
				depth--;
				j++;
				continue;
			}
			if (data[j] == '(') {
				depth++;
				j++;
				continue;
			}
			if (data[j] == '"') {
				s = data + ++j;
				while (j < len && data[j] != '"') {
					if (data[j] == '\\' && j + 1 < len)
						j++;
					j++;
				}
				pr->oom |= strvec_pushn(&av, s, (size_t)(data + j - s));
				j++;
				continue;
			}
			s = data + j;
			while (j < len && !is_blank(data[j]) && data[j] != '\n' && data[j] != '(' &&
			       data[j] != ')' && data[j] != '"')
				j++;
			pr->oom |= strvec_pushn(&av, s, (size_t)(data + j - s));
		}
		for (k = 1; k + 1 < av.nr; k++) {
			const char *v = av.v[k + 1];
			size_t vn = strlen(v);

			if (strcmp(av.v[k], "VERSION"))
				continue;
			strbuf_reset(&args);
			pr->oom |= strbuf_addf(&args, "project(%s)", av.v[0]);
			strip_v(&v, &vn);
			if (strchr(v, '$') || strchr(v, '@'))
				vp_note(pr, "%s:%zu: project(%s) VERSION %s: not literal: ignored",
					rel, line_of(data, data + i), av.v[0], av.v[k + 1]);
			else if (!vp_looks_like_version(v, vn))
				vp_note(pr,
					"%s:%zu: project(%s) VERSION \"%s\" does not look like a "
					"version: ignored",
					rel, line_of(data, data + i), av.v[0], v);
			else if (!pr->oom)
				vp_add_evidence(pr, VPROBE_CMAKE_PROJECT, v, vn, rel,
						line_of(data, data + i), args.buf);
			break;
		}
		strvec_clear(&av);
		strbuf_release(&args);
		i = j ? j - 1 : i;
	}
}

void vp_probe_pc_in(struct probe *pr, const char *data, size_t len, const char *rel)
{
	const char *p = data, *e = data + len;
	size_t lineno = 0;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *s = p, *t;
		size_t n;

		t = nl ? nl : e;
		p = nl ? nl + 1 : e;
		lineno++;
		if ((size_t)(t - s) < 8 || memcmp(s, "Version:", 8))
			continue;
		s += 8;
		while (s < t && is_blank(*s))
			s++;
		while (t > s && is_blank(t[-1]))
			t--;
		n = (size_t)(t - s);
		if (memchr(s, '@', n) || memchr(s, '$', n)) {
			vp_note(pr, "%s:%zu: Version: %.*s: not literal: ignored", rel, lineno,
				(int)(n < 80 ? n : 80), s);
			continue;
		}
		strip_v(&s, &n);
		if (!vp_looks_like_version(s, n)) {
			vp_note(pr,
				"%s:%zu: Version: \"%.*s\" does not look like a version: ignored",
				rel, lineno, (int)(n < 80 ? n : 80), s);
			continue;
		}
		vp_add_evidence(pr, VPROBE_PC_IN, s, n, rel, lineno, "Version:");
	}
}

/* Blank out m4 comments in place: "dnl" to the end of the line, and '#' outside [quotes]. */
static void strip_m4_comments(char *s, size_t n)
{
	size_t i, quote = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '[') {
			quote++;
		} else if (s[i] == ']') {
			if (quote)
				quote--;
		} else if ((s[i] == '#' && !quote) ||
			   (s[i] == 'd' && i + 3 <= n && !memcmp(s + i, "dnl", 3) &&
			    (i == 0 || !is_ident(s[i - 1])) &&
			    (i + 3 == n || !is_ident(s[i + 3])))) {
			while (i < n && s[i] != '\n')
				s[i++] = ' ';
		}
	}
}

void vp_probe_ac_init(struct probe *pr, char *data, size_t len, const char *rel)
{
	const char *p = data, *e = data + len;

	strip_m4_comments(data, len);

	while (p < e && !pr->oom) {
		const char *hit = memmem(p, (size_t)(e - p), "AC_INIT", 7), *q, *a1 = NULL;
		size_t brackets = 0, parens = 0, argi = 0, a1n = 0;

		if (!hit)
			break;
		p = hit + 7;
		if (hit > data && is_ident(hit[-1]))
			continue;
		q = p;
		while (q < e && is_blank(*q))
			q++;
		if (q >= e || *q != '(')
			continue;
		parens = 1;
		for (q++; q < e && parens; q++) {
			if (*q == '[') {
				brackets++;
			} else if (*q == ']') {
				if (brackets)
					brackets--;
			} else if (!brackets && *q == '(') {
				parens++;
			} else if (!brackets && *q == ')') {
				parens--;
				if (!parens && argi == 1)
					a1n = (size_t)(q - a1);
			} else if (!brackets && parens == 1 && *q == ',') {
				argi++;
				if (argi == 1)
					a1 = q + 1;
				else if (argi == 2)
					a1n = (size_t)(q - a1);
			}
		}
		if (!a1 || (argi == 1 && parens)) {
			vp_note(pr, "%s:%zu: AC_INIT without a version argument: ignored", rel,
				line_of(data, hit));
			continue;
		}
		{
			const char *s = a1, *t = a1 + a1n;
			size_t n;

			while (s < t && (is_blank(*s) || *s == '\n'))
				s++;
			while (t > s && (is_blank(t[-1]) || t[-1] == '\n'))
				t--;
			if (t - s >= 2 && *s == '[' && t[-1] == ']') {
				s++;
				t--;
			}
			n = (size_t)(t - s);
			if (memchr(s, '[', n) || memchr(s, '(', n) || memchr(s, '$', n) ||
			    memmem(s, n, "m4_", 3)) {
				vp_note(pr, "%s:%zu: AC_INIT version is not literal: ignored", rel,
					line_of(data, hit));
				continue;
			}
			strip_v(&s, &n);
			if (!vp_looks_like_version(s, n)) {
				vp_note(pr,
					"%s:%zu: AC_INIT version \"%.*s\" does not look like a "
					"version: "
					"ignored",
					rel, line_of(data, hit), (int)(n < 80 ? n : 80), s);
				continue;
			}
			vp_add_evidence(pr, VPROBE_AC_INIT, s, n, rel, line_of(data, hit),
					"AC_INIT");
		}
	}
}
