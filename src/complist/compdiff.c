/* SPDX-License-Identifier: Apache-2.0 */
#include "compdiff.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

void compdiff_init(struct compdiff *d)
{
	memset(d, 0, sizeof(*d));
}

void compdiff_release(struct compdiff *d)
{
	free(d->items);
	compdiff_init(d);
}

const struct complist_entry *compdiff_entry(const struct compdiff_item *it)
{
	return it->new ? it->new : it->old;
}

/* NULL (not given) sorts first. */
static int cmp_opt(const char *a, const char *b)
{
	if (!a || !b)
		return !!a - !!b;
	return strcmp(a, b);
}

static int cmp_name_version(const struct complist_entry *a, const struct complist_entry *b)
{
	int c = strcmp(a->name, b->name);

	return c ? c : cmp_opt(a->version, b->version);
}

/* By name, version, then place in the document (the entries are one array). */
static int cmp_entry_ptr(const void *pa, const void *pb)
{
	const struct complist_entry *a = *(const struct complist_entry *const *)pa;
	const struct complist_entry *b = *(const struct complist_entry *const *)pb;
	int c = cmp_name_version(a, b);

	return c ? c : (a > b) - (a < b);
}

static int cmp_item(const void *pa, const void *pb)
{
	const struct compdiff_item *a = pa, *b = pb;

	if (a->op != b->op)
		return (a->op > b->op) - (a->op < b->op);
	return cmp_name_version(compdiff_entry(a), compdiff_entry(b));
}

/* The entries of l sorted, one per name and version; NULL when out of memory. */
static const struct complist_entry **sorted(const struct complist *l, size_t *nr)
{
	const struct complist_entry **v = malloc((l->nr ? l->nr : 1) * sizeof(*v));
	size_t n = 0;

	if (!v)
		return NULL;
	for (size_t i = 0; i < l->nr; i++)
		v[i] = &l->v[i];
	qsort(v, l->nr, sizeof(*v), cmp_entry_ptr);
	for (size_t i = 0; i < l->nr; i++)
		if (!n || cmp_name_version(v[n - 1], v[i]))
			v[n++] = v[i];
	*nr = n;
	return v;
}

static struct compdiff_item *push(struct compdiff *d, enum compdiff_op op,
				  const struct complist_entry *old,
				  const struct complist_entry *new, bool by_version)
{
	struct compdiff_item *it;

	ALLOC_GROW(d->items, d->nr + 1, d->alloc);
	it = &d->items[d->nr++];
	memset(it, 0, sizeof(*it));
	it->op = op;
	it->old = old;
	it->new = new;
	it->by_version = by_version;
	return it;
}

static void compare_field(struct compdiff_item *it, const char *field, const char *old,
			  const char *new)
{
	if (!cmp_opt(old, new))
		return;
	it->fields[it->nr_fields].field = field;
	it->fields[it->nr_fields].old = old;
	it->fields[it->nr_fields].new = new;
	it->nr_fields++;
}

/* A matched pair: a changed item when any field differs. */
static int pair(struct compdiff *d, const struct complist_entry *o, const struct complist_entry *n,
		bool by_version)
{
	struct compdiff_item it;

	memset(&it, 0, sizeof(it));
	compare_field(&it, "version", o->version, n->version);
	compare_field(&it, "supplier", o->supplier, n->supplier);
	compare_field(&it, "license", o->license, n->license);
	if (d->kind_compared)
		compare_field(&it, "kind", o->kind, n->kind);
	if (!it.nr_fields)
		return 0;
	if (!push(d, COMPDIFF_CHANGED, o, n, by_version))
		return -1;
	memcpy(d->items[d->nr - 1].fields, it.fields, sizeof(it.fields));
	d->items[d->nr - 1].nr_fields = it.nr_fields;
	return 0;
}

/* One name: o[0..no) and n[0..nn), each sorted by version. */
static int name_group(struct compdiff *d, const struct complist_entry **o, size_t no,
		      const struct complist_entry **n, size_t nn)
{
	bool by_version = no > 1 || nn > 1;
	size_t i = 0, k = 0;

	if (!by_version && no && nn)
		return pair(d, o[0], n[0], false);
	while (i < no || k < nn) {
		int c = i == no ? 1 : k == nn ? -1 : cmp_opt(o[i]->version, n[k]->version);

		if (c < 0) {
			if (!push(d, COMPDIFF_REMOVED, o[i++], NULL, by_version))
				return -1;
		} else if (c > 0) {
			if (!push(d, COMPDIFF_ADDED, NULL, n[k++], by_version))
				return -1;
		} else if (pair(d, o[i++], n[k++], true)) {
			return -1;
		}
	}
	return 0;
}

int compdiff_run(struct compdiff *d, const struct complist *old, const struct complist *new)
{
	const struct complist_entry **o, **n;
	size_t no = 0, nn = 0, i = 0, k = 0;
	int ret = -1;

	d->kind_compared = old->has_kind && new->has_kind;
	o = sorted(old, &no);
	n = sorted(new, &nn);
	if (!o || !n)
		goto out;
	while (i < no || k < nn) {
		const char *name = i == no				 ? n[k]->name
				   : k == nn				 ? o[i]->name
				   : strcmp(o[i]->name, n[k]->name) <= 0 ? o[i]->name
									 : n[k]->name;
		size_t ei = i, ek = k;

		while (ei < no && !strcmp(o[ei]->name, name))
			ei++;
		while (ek < nn && !strcmp(n[ek]->name, name))
			ek++;
		if (name_group(d, o + i, ei - i, n + k, ek - k))
			goto out;
		i = ei;
		k = ek;
	}
	if (d->nr)
		qsort(d->items, d->nr, sizeof(*d->items), cmp_item);
	for (i = 0; i < d->nr; i++) {
		if (d->items[i].op == COMPDIFF_ADDED)
			d->added++;
		else if (d->items[i].op == COMPDIFF_REMOVED)
			d->removed++;
		else
			d->changed++;
	}
	ret = 0;
out:
	free(o);
	free(n);
	return ret;
}
