/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_LDSO_H
#define SOUPTRACE_LDSO_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Which shared libraries an ELF file loads: DT_NEEDED resolved transitively
 * the way the glibc dynamic loader would, from the files alone. Nothing is
 * ever executed (no ldd, no loader); every file is read with elf_info.
 *
 * The search for one needed NAME on behalf of the loading object L
 * (glibc elf/dl-load.c _dl_map_object; glibc 2.36 behaviour):
 *   0. NAME matches an object already loaded (the name it was requested by,
 *      or its DT_SONAME): that object. The root's PT_INTERP (the dynamic
 *      loader itself, loaded first by the kernel) counts as loaded: NAME
 *      equal to its DT_SONAME or to the PT_INTERP path gives it (how
 *      LDSO_INTERP; ldd prints it as "/lib64/ld-linux-x86-64.so.2").
 *   1. NAME contains '/': that path (absolute: inside the sysroot; a
 *      relative one depends on the loader's working directory at run time
 *      and stays unresolved, with a note in skipped). After $DST expansion.
 *   2. If L has no DT_RUNPATH: DT_RPATH of L, then of L's loader, and on up
 *      the chain of first loaders to the root, which is treated as the main
 *      program. An object with DT_RUNPATH contributes no DT_RPATH (the
 *      loader drops DT_RPATH when DT_RUNPATH is present).
 *   3. LD_LIBRARY_PATH, only when ldso_config.ld_library_path is set (it is
 *      ignored by default: a report must not depend on the analyst's
 *      environment). Split on ':' and ';', $ORIGIN is the root's.
 *   4. DT_RUNPATH of L only (not inherited).
 *   5. Unless L has DF_1_NODEFLIB: SYSROOT/etc/ld.so.cache. Without a usable
 *      cache (missing, or invalid: a warning), the directories of
 *      SYSROOT/etc/ld.so.conf and its "include" globs instead ("how" is
 *      LDSO_CONF): the loader itself never reads ld.so.conf, but a firmware
 *      tree whose cache is built at first boot would have those directories.
 *   6. Unless L has DF_1_NODEFLIB: the default directories (below).
 * The cache is parsed here, with every offset checked: glibc's
 * "glibc-ld.so.cache1.1" format alone, or after the old "ld.so-1.7.0" one
 * (then only the new part counts, as for the loader), or the old one alone;
 * byte order from its header. ld.so.conf is read as ldconfig does: '#'
 * comments, "include" patterns relative to its directory (wildcards in the
 * last component only, matches in C-locale order), "hwcap" lines ignored,
 * "dir=TYPE" taken as "dir".
 * Empty and relative path-list elements mean the current directory at run
 * time: they are skipped. glibc-hwcaps/ subdirectories, legacy hwcap and
 * $PLATFORM subdirectories, and ld.so.cache entries with a hwcap (optimised
 * builds of the same library for some CPUs) are not searched: which of those
 * loads depends on the CPU, the baseline library is reported. LD_PRELOAD and
 * /etc/ld.so.preload are not DT_NEEDED dependencies and are ignored.
 *
 * A candidate file counts only if it is an ELF shared object (ET_DYN) of the
 * root's class, byte order and machine; others are skipped (as the loader
 * skips a wrong-class library) and listed in the node's "skipped" with the
 * reason, like a candidate that is not ELF or is corrupt (the real loader
 * would stop with an error there). For the cache, only the first entry for
 * NAME whose flags fit the machine (x86-64: FLAG_ELF_LIBC6|FLAG_X8664_LIB64 =
 * 0x0303) and whose hwcap is 0 is tried, as the loader does.
 *
 * Dynamic string tokens in DT_RPATH, DT_RUNPATH, DT_NEEDED and
 * LD_LIBRARY_PATH: $ORIGIN and ${ORIGIN}, $LIB, $PLATFORM (an element
 * with a token that has no value is dropped, as glibc does).
 *   $ORIGIN   the directory of the object, as glibc computes it: for a
 *             library the directory of the path it was found at (symlinks
 *             in that path are NOT followed: a library found through
 *             /usr/lib/libx.so -> /opt/x/libx.so has origin /usr/lib); for
 *             the root, when it is an executable (ET_EXEC or PIE), the
 *             directory of its real path (glibc reads /proc/self/exe), else
 *             the directory of root_path as given (like dlopen(root_path)).
 *   $LIB      ldso_config.lib, else the loader's library directory
 *             (below): Debian multiarch "lib/<triplet>" (glibc's DL_DST_LIB
 *             on Debian 12 is "lib/x86_64-linux-gnu": `ld.so
 *             --list-diagnostics` shows dl_dst_lib), a biarch "lib32" or
 *             "libx32", or "lib" for a machine without a known triplet.
 *   $PLATFORM ldso_config.platform, else "x86_64", "i686", "aarch64" or
 *             "v7l" by machine. The real value is the kernel's AT_PLATFORM,
 *             which glibc 2.26-2.36 replaces on some x86-64 CPUs ("haswell",
 *             "xeon_phi"): set it when that matters. Unknown elsewhere.
 *
 * Default directories: ldso_config.default_dirs, else those of Debian's
 * glibc for the root's machine: "/lib/<triplet>", "/usr/lib/<triplet>",
 * "/lib", "/usr/lib" (x86-64: `ld.so --help` lists /lib/x86_64-linux-gnu,
 * /usr/lib/x86_64-linux-gnu, /lib, /usr/lib as its system search path), or
 * only "/lib", "/usr/lib" for a machine without a known triplet. The
 * library directory is a biarch one instead when the root's PT_INTERP,
 * resolved in the sysroot, really lies in /lib32 or /libx32 (or
 * /usr/lib32, /usr/libx32): Debian's libc6-i386 and libc6-x32 on amd64
 * (gcc-multilib), whose loaders search "/lib32", "/usr/lib32", "/lib",
 * "/usr/lib" (likewise libx32) with $LIB "lib32"; the ld.so.cache flags
 * stay those of the machine. Known
 * triplets: x86_64-linux-gnu, x86_64-linux-gnux32, i386-linux-gnu,
 * aarch64-linux-gnu, arm-linux-gnueabihf (EF_ARM_ABI_FLOAT_HARD) or
 * arm-linux-gnueabi, riscv64-linux-gnu, powerpc64le-linux-gnu,
 * powerpc64-linux-gnu, powerpc-linux-gnu, s390x-linux-gnu,
 * loongarch64-linux-gnu. (Fedora-style /lib64: pass default_dirs.)
 *
 * The sysroot: every absolute path the loader would use (DT_RPATH and
 * DT_RUNPATH entries, ld.so.cache values, default directories, symlink
 * targets) is taken inside ldso_config.sysroot, as with chroot: "/" and
 * ".." never lead out of it. The root file may lie outside the sysroot (a
 * build output checked against a target tree): then it, and what its
 * $ORIGIN leads to, are plain paths of this machine.
 *
 * The result is a graph over the files: the root (LDSO_ROOT, not in
 * nodes[]) plus one node per file loaded, de-duplicated by real path (a
 * library loaded twice appears once, with its first loader), visited
 * breadth first as the loader does, so "loader" and "depth" are those of
 * the first and shortest route. A name that cannot be found is a node too
 * (how LDSO_NOT_FOUND), one per name unless another loader finds it; it is
 * a result, not an error. Cycles are harmless. Dependencies deeper than
 * max_depth, past LDSO_MAX_NODES nodes or past 64 MiB of DT_NEEDED and path
 * strings kept for the loaded files are not followed and set "truncated".
 */

#define LDSO_DEFAULT_MAX_DEPTH 64
#define LDSO_MAX_NODES	       8192

struct ldso_config {
	const char *sysroot;		 /* NULL or "/": this machine */
	const char *ld_library_path;	 /* NULL: LD_LIBRARY_PATH ignored (default) */
	const char *lib;		 /* $LIB; NULL: by machine */
	const char *platform;		 /* $PLATFORM; NULL: by machine */
	const char *const *default_dirs; /* NULL-terminated; NULL: by machine */
	unsigned max_depth;		 /* 0: LDSO_DEFAULT_MAX_DEPTH */
};

/* clang-format off */
#define LDSO_CONFIG_INIT { NULL, NULL, NULL, NULL, NULL, 0 }
/* clang-format on */

enum ldso_how {
	LDSO_NOT_FOUND,
	LDSO_PATH,	      /* the needed name is a path */
	LDSO_RPATH,	      /* DT_RPATH of the loader or of one up its chain */
	LDSO_LD_LIBRARY_PATH, /* ldso_config.ld_library_path */
	LDSO_RUNPATH,	      /* DT_RUNPATH of the loader */
	LDSO_CACHE,	      /* etc/ld.so.cache */
	LDSO_CONF,	      /* no usable cache: an etc/ld.so.conf directory */
	LDSO_DEFAULT,	      /* a default directory */
	LDSO_INTERP,	      /* the root's PT_INTERP, already loaded */
};

/* Index meaning "the root file" in ldso_node.loader and ldso_edge.from/to. */
#define LDSO_ROOT ((size_t)-1)

struct ldso_node {
	char *name; /* the DT_NEEDED string that first loaded it, as written */
	/*
	 * Paths as the target sees them: inside the sysroot, without its
	 * prefix ("/lib/x86_64-linux-gnu/libc.so.6"), or plain paths of this
	 * machine for files outside the sysroot. NULL when not found.
	 *   path       where the search found it, as the loader spells it
	 *              (ldd's "=>"): "dir/name", not normalised.
	 *   real_path  the same with every symlink resolved (inside the sysroot).
	 *   host_path  real_path on this machine: the file to open.
	 */
	char *path;
	char *real_path;
	char *host_path;
	char *soname; /* its DT_SONAME, or NULL */
	enum ldso_how how;
	size_t loader;	/* index of the first loader in nodes[], or LDSO_ROOT */
	unsigned depth; /* 1: needed by the root */
	/* Candidates passed over: "PATH: reason" (wrong class, not ELF, ...),
	 * PATH as the target sees it. */
	struct strvec skipped;
};

/* One DT_NEEDED entry, resolved: nodes[from] needs nodes[to]. */
struct ldso_edge {
	size_t from; /* or LDSO_ROOT */
	size_t to;   /* or LDSO_ROOT: a library that needs the root back */
};

struct ldso_tree {
	char *root_path;	 /* as given */
	char *root_real;	 /* its real path on this machine */
	struct ldso_node *nodes; /* breadth-first order; nothing for a file without DT_NEEDED */
	size_t nr, alloc;
	struct ldso_edge *edges; /* every DT_NEEDED entry of every loaded file, in order */
	size_t nr_edges, alloc_edges;
	size_t nr_unresolved; /* nodes with LDSO_NOT_FOUND */
	bool truncated;	      /* max_depth, LDSO_MAX_NODES or the string bound reached */
	/* Things worth telling that are no error: "etc/ld.so.cache: ...: ignored". */
	struct strvec warnings;
};

void ldso_tree_init(struct ldso_tree *tree);
void ldso_tree_release(struct ldso_tree *tree);

/*
 * Resolve the dependencies of the ELF file root_path (a path of this
 * machine; a relative one is taken from the current directory) into out
 * (initialised; released and refilled). cfg may be NULL for the defaults.
 *   0  done: out holds the graph. Unresolved names are nodes, not errors. A
 *      static executable, an object or a library without DT_NEEDED gives no
 *      nodes.
 *   1  root_path is not an ELF file (or is an archive): message in err.
 *  -1  error: root_path unreadable or corrupt, the sysroot unusable, out
 *      of memory; message in err naming the file.
 * A dependency that is corrupt does not fail the call: it is a skipped
 * candidate. Memory is bounded by LDSO_MAX_NODES, ELF_INFO_MAX_TEXT per file
 * read and the 64 MiB of strings kept.
 */
int ldso_resolve(const struct ldso_config *cfg, const char *root_path, struct ldso_tree *out,
		 struct strbuf *err);

/* "not found", "path", "rpath", "LD_LIBRARY_PATH", "runpath", "ld.so.cache",
 * "ld.so.conf", "default", "interp". */
const char *ldso_how_name(enum ldso_how how);

/* Index of the node whose name, soname or real path is s, or -1. */
long ldso_tree_find(const struct ldso_tree *tree, const char *s);

#endif
