/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_COMPDIFF_H
#define SOUPTRACE_COMPDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "complist.h"

/*
 * The difference between two component lists (souptrace diff). Components
 * match by name, exactly; a name listed more than once in either list (two
 * versions of one library) matches by name and version. The same name and
 * version listed twice in one list counts once (the first). Compared:
 * version, supplier, license and kind; a value given on one side only is a
 * change. Kind is compared only when both lists can express it
 * (complist.has_kind).
 */

enum compdiff_op {
	COMPDIFF_ADDED,
	COMPDIFF_REMOVED,
	COMPDIFF_CHANGED,
};

struct compdiff_field {
	const char *field;     /* "version", "supplier", "license", "kind" */
	const char *old, *new; /* NULL: not given */
};

struct compdiff_item {
	enum compdiff_op op;
	/* Borrowed from the lists, which must outlive the diff. */
	const struct complist_entry *old, *new; /* NULL on the side it is absent */
	bool by_version; /* matched by name and version (the name is listed twice) */
	struct compdiff_field fields[4];
	size_t nr_fields; /* changed items: at least 1 */
};

struct compdiff {
	/* Added, then removed, then changed; each sorted by name, then version. */
	struct compdiff_item *items;
	size_t nr, alloc;
	size_t added, removed, changed;
	bool kind_compared;
};

void compdiff_init(struct compdiff *d);
void compdiff_release(struct compdiff *d);

/* Compare old with new into d (empty). 0, or -1 when memory ran out. */
int compdiff_run(struct compdiff *d, const struct complist *old, const struct complist *new);

/* The name an item is shown under: its component's name. */
const struct complist_entry *compdiff_entry(const struct compdiff_item *it);

#endif
