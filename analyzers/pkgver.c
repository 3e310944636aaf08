/* SPDX-License-Identifier: Apache-2.0 */
/* Debian versions (pkgdb.h: pkgver_*), compared as dpkg does. */
#include "pkgdb.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "banned.h"

bool pkgver_valid(const char *v)
{
	const char *colon, *hyphen, *up, *p, *end;

	if (!v || !*v || strlen(v) > 1024)
		return false;
	for (p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return false;
	colon = strchr(v, ':');
	up = v;
	if (colon) {
		if (colon == v || colon - v > 9)
			return false;
		for (p = v; p < colon; p++)
			if (!ascii_is_digit(*p))
				return false;
		up = colon + 1;
	}
	hyphen = strrchr(up, '-');
	end = hyphen ? hyphen : up + strlen(up);
	if (up == end || !ascii_is_digit(*up))
		return false;
	for (p = up; p < end; p++)
		if (!ascii_is_alnum(*p) && !strchr(".+~-:", *p))
			return false;
	if (hyphen) {
		if (!hyphen[1])
			return false;
		for (p = hyphen + 1; *p; p++)
			if (!ascii_is_alnum(*p) && !strchr(".+~", *p))
				return false;
	}
	return true;
}

static int order(int c)
{
	if (ascii_is_digit((char)c))
		return 0;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp over [a, ae) and [b, be); digit runs compared without overflow. */
static int verrevcmp(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae || b < be) {
		const char *da, *db;
		size_t la, lb;

		while ((a < ae && !ascii_is_digit(*a)) || (b < be && !ascii_is_digit(*b))) {
			int ac = a < ae ? order((unsigned char)*a) : 0;
			int bc = b < be ? order((unsigned char)*b) : 0;

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		da = a;
		db = b;
		while (a < ae && ascii_is_digit(*a))
			a++;
		while (b < be && ascii_is_digit(*b))
			b++;
		la = (size_t)(a - da);
		lb = (size_t)(b - db);
		if (la != lb)
			return la < lb ? -1 : 1;
		if (la) {
			int c = memcmp(da, db, la);

			if (c)
				return c < 0 ? -1 : 1;
		}
	}
	return 0;
}

struct verparts {
	const char *ep, *epe; /* epoch digits */
	const char *up, *upe;
	const char *rev, *reve;
};

static void split_version(const char *v, struct verparts *p)
{
	const char *colon = strchr(v, ':'), *q, *hyphen;
	bool numeric = colon != NULL;

	for (q = v; colon && q < colon; q++)
		if (!ascii_is_digit(*q))
			numeric = false;
	if (numeric) {
		p->ep = v;
		p->epe = colon;
		p->up = colon + 1;
	} else {
		p->ep = p->epe = v;
		p->up = v;
	}
	hyphen = strrchr(p->up, '-');
	if (hyphen) {
		p->upe = hyphen;
		p->rev = hyphen + 1;
		p->reve = hyphen + 1 + strlen(hyphen + 1);
	} else {
		p->upe = p->up + strlen(p->up);
		p->rev = p->reve = p->upe;
	}
}

int pkgver_compare(const char *a, const char *b)
{
	struct verparts pa, pb;
	const char *ea, *eb;
	size_t la, lb;
	int r;

	split_version(a ? a : "", &pa);
	split_version(b ? b : "", &pb);
	ea = pa.ep;
	eb = pb.ep;
	while (ea < pa.epe && *ea == '0')
		ea++;
	while (eb < pb.epe && *eb == '0')
		eb++;
	la = (size_t)(pa.epe - ea);
	lb = (size_t)(pb.epe - eb);
	if (la != lb)
		return la < lb ? -1 : 1;
	if (la && (r = memcmp(ea, eb, la)))
		return r < 0 ? -1 : 1;
	r = verrevcmp(pa.up, pa.upe, pb.up, pb.upe);
	if (r)
		return r < 0 ? -1 : 1;
	r = verrevcmp(pa.rev, pa.reve, pb.rev, pb.reve);
	return r < 0 ? -1 : r > 0 ? 1 : 0;
}

static const char *const repack_markers[] = {
	"+dfsg", ".dfsg", "~dfsg", "+ds", ".ds", "~ds", "+repack", ".repack", "~repack",
};

int pkgver_upstream(const char *version, struct strbuf *out)
{
	struct verparts p;
	const char *up, *end, *really = NULL, *s;
	size_t i;

	split_version(version ? version : "", &p);
	up = p.up;
	end = p.upe;
	/* A native package has no revision; its binNMUs append "+bN". */
	if (p.rev == p.reve) {
		const char *plus = NULL;

		for (s = up; s < end; s++)
			if (*s == '+')
				plus = s;
		if (plus && end - plus >= 3 && plus[1] == 'b') {
			for (s = plus + 2; s < end && ascii_is_digit(*s); s++)
				;
			if (s == end)
				end = plus;
		}
	}
	for (s = up; s + 7 <= end; s++)
		if (!memcmp(s, "+really", 7))
			really = s;
	if (really && really + 7 < end)
		up = really + 7;
	for (s = up; s < end; s++) {
		for (i = 0; i < sizeof(repack_markers) / sizeof(repack_markers[0]); i++) {
			size_t n = strlen(repack_markers[i]);
			char next;

			if ((size_t)(end - s) < n || memcmp(s, repack_markers[i], n))
				continue;
			next = s + n < end ? s[n] : '\0';
			if (next == '\0' || ascii_is_digit(next) || next == '.' || next == '+' ||
			    next == '~') {
				end = s;
				break;
			}
		}
	}
	return strbuf_add(out, up, (size_t)(end - up));
}

bool pkgver_matches(const char *declared, const char *found)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	const char *d;
	bool r = false;

	if (!declared || !found || !*declared || !*found)
		return false;
	d = declared;
	if ((d[0] == 'v' || d[0] == 'V') && ascii_is_digit(d[1]))
		d++;
	if (pkgver_upstream(d, &a) || pkgver_upstream(found, &b))
		goto cleanup;
	r = a.len && a.len == b.len && !memcmp(a.buf, b.buf, a.len);
cleanup:
	strbuf_release(&a);
	strbuf_release(&b);
	return r;
}
