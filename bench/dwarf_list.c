/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dwarf_list: the benchmark driver of analyzers/dwarf_sources.c.
 *
 *   dwarf_list [-u] [-c] [-q] [--debug-root DIR] [--no-separate] [--no-dwo] FILE...
 *
 * Prints every source file of each FILE, one per line (with -c: the number
 * of units that list it, a tab, the path); -u prints the units instead
 * (name, comp_dir, language, version, type, dwo, producer); -q prints
 * nothing but a count (what the benchmark times). Exit status: 0 ok, 1 a
 * file without DWARF, 2 an error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dwarf_sources.h"

#include "banned.h"

static void print_units(const struct dwarf_sources *ds)
{
	size_t i;

	for (i = 0; i < ds->nr_cus; i++) {
		const struct dwarf_cu *cu = &ds->cus[i];

		printf("unit 0x%" PRIx64 "\tv%d %s\t%s\t%s\t%s\tfiles=%zu", cu->offset, cu->version,
		       dwarf_unit_type_name(cu->unit_type), cu->name ? cu->name : "-",
		       cu->comp_dir ? cu->comp_dir : "-", cu->language ? cu->language : "-",
		       cu->nr_files);
		if (cu->dwo_name)
			printf("\tdwo=%s id=%016" PRIx64 " %s", cu->dwo_name, cu->dwo_id,
			       dwarf_dwo_status_name(cu->dwo_status));
		printf("\t%s\n", cu->producer ? cu->producer : "-");
	}
}

int main(int argc, char **argv)
{
	struct dwarf_options opt = { 0 };
	bool units = false, counts = false, quiet = false;
	int i, status = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-u")) {
			units = true;
		} else if (!strcmp(argv[i], "-c")) {
			counts = true;
		} else if (!strcmp(argv[i], "-q")) {
			quiet = true;
		} else if (!strcmp(argv[i], "--debug-root") && i + 1 < argc) {
			opt.debug_root = argv[++i];
		} else if (!strcmp(argv[i], "--no-separate")) {
			opt.no_separate = true;
		} else if (!strcmp(argv[i], "--no-dwo")) {
			opt.no_dwo = true;
		} else {
			fprintf(stderr, "usage: dwarf_list [-u] [-c] [-q] [--debug-root DIR] "
					"[--no-separate] [--no-dwo] FILE...\n");
			return 2;
		}
	}
	for (; i < argc; i++) {
		struct dwarf_sources ds = DWARF_SOURCES_INIT;
		struct strbuf err = STRBUF_INIT;
		size_t j;
		int res = dwarf_sources_read(argv[i], &opt, &ds, &err);

		if (res < 0) {
			fprintf(stderr, "dwarf_list: %s\n", err.buf);
			status = 2;
		} else if (res == 1) {
			fprintf(stderr, "dwarf_list: %s: no DWARF (build-id %s, debuglink %s)\n",
				argv[i], ds.build_id ? ds.build_id : "-",
				ds.debuglink ? ds.debuglink : "-");
			if (!status)
				status = 1;
		} else if (quiet) {
			printf("%s: %zu units, %zu files\n", ds.dwarf_file, ds.nr_cus, ds.nr_files);
		} else if (units) {
			printf("# %s (%s, compression %s)\n", ds.dwarf_file,
			       dwarf_origin_name(ds.origin),
			       dwarf_compression_name(ds.compression));
			print_units(&ds);
		} else {
			for (j = 0; j < ds.nr_files; j++) {
				if (counts)
					printf("%zu\t", ds.files[j].nr_cus);
				printf("%s\n", ds.files[j].path);
			}
		}
		for (j = 0; j < ds.warnings.nr; j++)
			fprintf(stderr, "dwarf_list: warning: %s\n", ds.warnings.v[j]);
		dwarf_sources_release(&ds);
		strbuf_release(&err);
	}
	return status;
}
