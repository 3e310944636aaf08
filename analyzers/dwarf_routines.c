/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The functions a unit holds code of (dwarf_sources.h, options->routines):
 * for `souptrace audit`, whose CVE JSON 5 records may name the functions a
 * flaw lies in (programRoutines). A function is there when the unit has a
 * DW_TAG_subprogram with code (DW_AT_low_pc, DW_AT_ranges or
 * DW_AT_entry_pc) or a DW_TAG_inlined_subroutine of it: symbols alone would
 * miss a static function inlined into its callers, and a declaration or an
 * abstract instance alone is no code. The name is the DIE's DW_AT_name or
 * linkage name, else that of its DW_AT_abstract_origin or
 * DW_AT_specification (a few hops). A name that cannot be read (a
 * reference into the dwz file) is counted, so that a caller can refuse to
 * conclude "absent".
 *
 * Walked: the children of namespaces, modules, classes, structures,
 * unions, functions, lexical blocks, try and catch blocks and inlined
 * instances; the DIEs in between (variables, parameters, types) are
 * skipped as siblings. Hostile input: DIE offsets must grow along the walk
 * (a DW_AT_sibling pointing back would loop), nesting is bounded.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>

#include "dwarf_internal.h"
#include "banned.h"

/* Deepest nesting of DIEs followed (GCC's deepest in practice is a few dozen). */
#define MAX_DEPTH 512
/* abstract_origin / specification links followed to find a name. */
#define MAX_HOPS 4

static bool walk_into(Dwarf_Half tag)
{
	switch (tag) {
	case DW_TAG_subprogram:
	case DW_TAG_inlined_subroutine:
	case DW_TAG_lexical_block:
	case DW_TAG_namespace:
	case DW_TAG_module:
	case DW_TAG_class_type:
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_try_block:
	case DW_TAG_catch_block:
		return true;
	default:
		return false;
	}
}

static bool ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

/* The length of asked's name part: up to a parameter list, without blanks around. */
static size_t name_len(const char *asked)
{
	size_t n = strcspn(asked, "(");

	while (n && (asked[n - 1] == ' ' || asked[n - 1] == '\t'))
		n--;
	return n;
}

bool dwarf_routine_comparable(const char *name)
{
	size_t n = name_len(name), i = 0;
	const char *paren = name + strcspn(name, "(");

	if (*paren && name[strlen(name) - 1] != ')')
		return false;
	while (i < n) {
		if (!ident_start(name[i]))
			return false;
		while (i < n && ident_char(name[i]))
			i++;
		if (i < n && (name[i] != ':' || name[i + 1] != ':' || i + 2 >= n))
			return false;
		i += i < n ? 2 : 0;
	}
	return n > 0 && strncmp(name, "operator", 8) && !strstr(name, "::operator");
}

/*
 * Whether asked (dwarf_routine_comparable) is the function called name
 * (DW_AT_name, unqualified; a template's "<...>" ignored) or linkage (its
 * mangled name, or a symbol). A qualified name is compared by its last
 * part, and a name ending in "_" and that part counts too (a vendored copy
 * built with a prefix: zlib's Z_PREFIX makes inflate z_inflate, Python's
 * expat XML_Parse PyExpat_XML_Parse): both err towards "present".
 */
static bool routine_is(const char *asked, const char *name, const char *linkage)
{
	size_t n = name_len(asked), m;
	const char *last = asked;

	if (linkage && strlen(linkage) == n && !strncmp(asked, linkage, n))
		return true;
	for (const char *p = asked; p + 1 < asked + n; p++)
		if (p[0] == ':' && p[1] == ':')
			last = p + 2;
	n -= (size_t)(last - asked);
	for (int k = 0; k < 2 && n; k++) {
		const char *s = k ? linkage : name;

		if (!s)
			continue;
		m = strcspn(s, "<");
		if (m == n && !strncmp(s, last, n))
			return true;
		if (m > n && s[m - n - 1] == '_' && !strncmp(s + m - n, last, n))
			return true;
	}
	return false;
}

/*
 * Mark the asked functions that a symbol of elf's .symtab or .dynsym names
 * (any kind: an assembly routine, an alias). Unreadable tables are skipped:
 * a symbol only ever adds "present".
 */
void routine_symbols(struct run *run, Elf *elf)
{
	const struct dwarf_options *opt = run->opt;
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t nsyms;

		if (!gelf_getshdr(scn, &sh) ||
		    (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) || !sh.sh_entsize ||
		    !(d = elf_getdata(scn, NULL)))
			continue;
		nsyms = d->d_size / sh.sh_entsize;
		for (size_t i = 1; i < nsyms; i++) {
			GElf_Sym sym;
			const char *nm;

			if (!gelf_getsym(d, (int)i, &sym) || !sym.st_name ||
			    !(nm = elf_strptr(elf, sh.sh_link, sym.st_name)))
				continue;
			for (size_t r = 0; r < opt->nr_routines; r++)
				if (!run->out->routine_symbol[r] &&
				    routine_is(opt->routines[r], NULL, nm))
					run->out->routine_symbol[r] = true;
		}
	}
}

/* The DIE die refers to by at: 1 with *to, 0 none or not in this file, -1 error. */
static int follow(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half at, Dwarf_Die *to, Dwarf_Error *derr)
{
	Dwarf_Attribute a = NULL;
	Dwarf_Half form = 0;
	Dwarf_Off off = 0;
	int res;

	res = dwarf_attr(die, at, &a, derr);
	if (res != DW_DLV_OK)
		return res == DW_DLV_NO_ENTRY ? 0 : -1;
	res = dwarf_whatform(a, &form, derr);
	if (res == DW_DLV_OK &&
	    (form == DW_FORM_GNU_ref_alt || form == DW_FORM_ref_sup4 || form == DW_FORM_ref_sup8)) {
		dwarf_dealloc_attribute(a);
		return 0; /* into the dwz file */
	}
	if (res == DW_DLV_OK)
		res = dwarf_global_formref(a, &off, derr);
	dwarf_dealloc_attribute(a);
	if (res != DW_DLV_OK)
		return -1;
	res = dwarf_offdie_b(dbg, off, 1, to, derr);
	return res == DW_DLV_OK ? 1 : -1;
}

/* die's name and linkage name, from it or what it is an instance of: 0 or -1. */
static int die_names(struct run *run, Dwarf_Debug dbg, Dwarf_Die die, char **name, char **linkage,
		     Dwarf_Error *derr)
{
	Dwarf_Die cur = die, next = NULL;
	int res = 0;

	*name = *linkage = NULL;
	for (int hop = 0; hop <= MAX_HOPS && !res; hop++) {
		if (!*name && attr_string(run, cur, DW_AT_name, name, derr))
			res = -1;
		if (!res && !*linkage && attr_string(run, cur, DW_AT_linkage_name, linkage, derr))
			res = -1;
		if (!res && !*linkage &&
		    attr_string(run, cur, DW_AT_MIPS_linkage_name, linkage, derr))
			res = -1;
		if (res || *name)
			break;
		res = follow(dbg, cur, DW_AT_abstract_origin, &next, derr);
		if (!res)
			res = follow(dbg, cur, DW_AT_specification, &next, derr);
		if (res <= 0)
			break;
		res = 0;
		if (cur != die)
			dwarf_dealloc_die(cur);
		cur = next;
	}
	if (cur != die)
		dwarf_dealloc_die(cur);
	if (res >= 0)
		return 0;
	free(*name);
	free(*linkage);
	*name = *linkage = NULL;
	return -1;
}

/* One DIE of the walk: counted and matched when it holds code. 0 or -1. */
static int visit(struct run *run, Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half tag, size_t cu_index,
		 Dwarf_Error *derr)
{
	const struct dwarf_options *opt = run->opt;
	struct dwarf_sources *out = run->out;
	char *name = NULL, *linkage = NULL;
	Dwarf_Bool has = 0;

	if (tag == DW_TAG_imported_unit) {
		Dwarf_Die to = NULL;
		int res = follow(dbg, die, DW_AT_import, &to, derr);

		if (res < 0)
			return -1;
		if (res)
			dwarf_dealloc_die(to); /* a unit of this file: walked as such */
		else
			out->nr_unwalked++; /* a unit of the dwz file */
		return 0;
	}
	if (tag == DW_TAG_subprogram) {
		static const Dwarf_Half code[] = { DW_AT_low_pc, DW_AT_ranges, DW_AT_entry_pc };

		for (size_t i = 0; i < sizeof(code) / sizeof(*code) && !has; i++)
			if (dwarf_hasattr(die, code[i], &has, derr) != DW_DLV_OK)
				return -1;
		if (!has)
			return 0; /* a declaration or an abstract instance: no code */
	} else if (tag != DW_TAG_inlined_subroutine) {
		return 0;
	}
	out->nr_code_dies++;
	if (die_names(run, dbg, die, &name, &linkage, derr))
		return -1;
	if (!name) /* a linkage name alone may be a dwz string that could not be read */
		out->nr_nameless++;
	for (size_t i = 0; i < opt->nr_routines && (name || linkage); i++)
		if (out->routine_cu[i] == SIZE_MAX && routine_is(opt->routines[i], name, linkage))
			out->routine_cu[i] = cu_index;
	free(name);
	free(linkage);
	return 0;
}

int read_routines(struct run *run, struct elfobj *o, Dwarf_Debug dbg, Dwarf_Die cu_die,
		  size_t cu_index, uint64_t unit_offset)
{
	Dwarf_Die stack[MAX_DEPTH];
	Dwarf_Die die = NULL, next = NULL;
	Dwarf_Error derr = NULL;
	Dwarf_Off off = 0, last = 0;
	Dwarf_Half tag = 0;
	const char *why = NULL;
	char msg[96];
	int depth = 0, res;

	res = dwarf_child(cu_die, &die, &derr);
	if (res == DW_DLV_NO_ENTRY)
		return 0;
	if (res != DW_DLV_OK)
		goto dw_error;
	while (die) {
		if (dwarf_dieoffset(die, &off, &derr) != DW_DLV_OK ||
		    dwarf_tag(die, &tag, &derr) != DW_DLV_OK)
			goto dw_error;
		if (off <= last) {
			snprintf(msg, sizeof(msg),
				 "the DIE at 0x%" PRIx64 " follows the one at 0x%" PRIx64,
				 (uint64_t)off, (uint64_t)last);
			why = msg;
			goto dw_error;
		}
		last = off;
		if (visit(run, dbg, die, tag, cu_index, &derr))
			goto dw_error;
		if (walk_into(tag)) {
			res = dwarf_child(die, &next, &derr);
			if (res == DW_DLV_ERROR)
				goto dw_error;
			if (res == DW_DLV_OK) {
				if (depth == MAX_DEPTH) {
					dwarf_dealloc_die(next);
					snprintf(msg, sizeof(msg),
						 "DIEs nested deeper than %d at 0x%" PRIx64,
						 MAX_DEPTH, (uint64_t)off);
					why = msg;
					goto dw_error;
				}
				stack[depth++] = die;
				die = next;
				continue;
			}
		}
		/* the next sibling, of this DIE or of the nearest parent that has one */
		for (;;) {
			res = dwarf_siblingof_b(dbg, die, 1, &next, &derr);
			if (res == DW_DLV_ERROR)
				goto dw_error;
			dwarf_dealloc_die(die);
			die = NULL;
			if (res == DW_DLV_OK) {
				die = next;
				break;
			}
			if (!depth)
				break;
			die = stack[--depth];
		}
	}
	return 0;

dw_error:
	if (die)
		dwarf_dealloc_die(die);
	while (depth)
		dwarf_dealloc_die(stack[--depth]);
	{
		char where[96];

		snprintf(where, sizeof(where), "%s unit at 0x%" PRIx64 ", its functions",
			 sec_names[o->secs[SEC_INFO].ndx ? SEC_INFO : SEC_INFO_DWO], unit_offset);
		strbuf_addf(run->err, "%s: %s: %s", o->name, where,
			    why		 ? why
			    : derr	 ? dwarf_errmsg(derr)
			    : o->why.len ? o->why.buf
					 : "out of memory");
	}
	if (derr)
		st_dwarf_free_error(dbg, derr);
	return -1;
}
