#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15: a real autotools + libtool project. libfoo.la (shared and
# static) is built from two sources, one of which includes a vendored
# header-only library (third_party/tinyfmt), with a convenience library
# (noinst_LTLIBRARIES) folded into it, and a program linked against it with
# libtool. configure is given CC=souptrace-cc AR=souptrace-ar. Checked:
# - transparency: what `make install` puts in DESTDIR is byte for byte what
#   the same build without the wrappers installs (both built in the same
#   folder, so the paths in the debug information are the same);
# - check on the libtool wrapper script ./prog reads .libs/prog and says so,
#   and finds the library the program loads beside libfoo.so, the shared
#   library its link took (the wrapper script's LD_LIBRARY_PATH);
# - check on .libs/libfoo.so.1.0.0 and .libs/libfoo.a passes with tinyfmt
#   declared and fails naming it undeclared without it; libfoo.a's folded
#   member conv.o, extracted by libtool's unrecorded `ar x`, is matched to
#   its compile by its bytes;
# - init's draft passes its own check;
# - the same in a VPATH build folder after `make clean && make`, checked
#   with the draft of the first build.
. "$(dirname "$0")/lib.sh"

for tool in autoreconf automake libtoolize make; do
	if ! command -v "$tool" >/dev/null; then
		skip "$tool is not installed (scripts/test installs autoconf, automake, libtool)"
		finish
	fi
done

P="$T/proj"
mkdir -p "$P/third_party/tinyfmt" "$P/conv" "$P/m4"
cat >"$P/configure.ac" <<'AC'
AC_INIT([ltdemo], [1.0])
AC_CONFIG_AUX_DIR([build-aux])
AC_CONFIG_MACRO_DIRS([m4])
AM_INIT_AUTOMAKE([foreign subdir-objects])
AC_PROG_CC
AM_PROG_AR
LT_INIT
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
AC
cat >"$P/Makefile.am" <<'AM'
ACLOCAL_AMFLAGS = -I m4
noinst_LTLIBRARIES = libconv.la
libconv_la_SOURCES = conv/conv.c
lib_LTLIBRARIES = libfoo.la
libfoo_la_SOURCES = foo.c fmt.c
libfoo_la_CPPFLAGS = -I$(srcdir)/third_party/tinyfmt
libfoo_la_LIBADD = libconv.la
libfoo_la_LDFLAGS = -version-info 1:0:0
include_HEADERS = foo.h
bin_PROGRAMS = prog
prog_SOURCES = prog.c
prog_LDADD = libfoo.la
AM
cat >"$P/third_party/tinyfmt/tinyfmt.h" <<'C'
/* tinyfmt 2.1, a header-only library */
static inline int tinyfmt_digits(long v)
{
	int n = 1;

	while (v >= 10 || v <= -10) {
		v /= 10;
		n++;
	}
	return n;
}
C
printf 'int foo_width(long v);\nint foo_twice(int v);\n' >"$P/foo.h"
printf '#include "tinyfmt.h"\n#include "foo.h"\nint foo_width(long v)\n{\n\treturn tinyfmt_digits(v);\n}\n' \
	>"$P/fmt.c"
printf '#include "foo.h"\nint conv_double(int v);\nint foo_twice(int v)\n{\n\treturn conv_double(v);\n}\n' \
	>"$P/foo.c"
printf 'int conv_double(int v)\n{\n\treturn 2 * v;\n}\n' >"$P/conv/conv.c"
printf '#include "foo.h"\nint main(void)\n{\n\treturn foo_width(12345) + foo_twice(1) == 7 ? 0 : 1;\n}\n' \
	>"$P/prog.c"
jq '.project.name = "ltdemo" | .components = [(.components[] | select(.kind != "open-source")),
	{name: "tinyfmt", version: "2.1", supplier: "Someone Else", license: "MIT",
	kind: "open-source", match: {paths: ["third_party/tinyfmt/**"]}}]' \
	"$ST_SRC/samples/infusionlog/soup.json" >"$T/soup.json"
jq 'del(.components[] | select(.name == "tinyfmt"))' "$T/soup.json" >"$T/notiny.json"
git -C "$P" init -q
(cd "$P" && autoreconf -fi >"$T/autoreconf.log" 2>&1)

# ---- 1. transparency: installed files with and without the wrappers -------
(cd "$P" && ./configure --prefix=/usr >"$T/configure-plain.log" && make -j2 >"$T/make-plain.log" &&
	make install DESTDIR="$T/inst-plain" >/dev/null && make distclean >/dev/null)
export SOUPTRACE_DIR="$P/.souptrace"
mkdir -p "$SOUPTRACE_DIR"
(cd "$P" && PATH="$ST_BIN:$PATH" ./configure --prefix=/usr CC=souptrace-cc AR=souptrace-ar \
	>"$T/configure.log")
check "make through the wrappers" env -C "$P" PATH="$ST_BIN:$PATH" make -j2
check "make install" env -C "$P" PATH="$ST_BIN:$PATH" make install DESTDIR="$T/inst-wrapped"
expect_eq "the same files are installed" "$(cd "$T/inst-plain" && find . | sort)" \
	"$(cd "$T/inst-wrapped" && find . | sort)"
check "... libfoo.so.1.0.0 among them" test -f "$T/inst-wrapped/usr/lib/libfoo.so.1.0.0"
check "... byte for byte (libraries, program, header, .la)" diff -r "$T/inst-plain" "$T/inst-wrapped"
check "the program runs" "$P/prog"

trace_json "$SOUPTRACE_DIR" | jq '.records' >"$T/records.json"
check "fmt.c compiled twice (PIC for the shared library, and not)" jq -e '[.[] |
	select(.mode == "compile" and (.outputs[0] | test("libfoo_la-fmt[.]o$")))] | length == 2' \
	"$T/records.json"
check "libfoo.so.1.0.0 linked through the wrapper" jq -e '[.[] |
	select(.outputs[0] // "" | endswith("/.libs/libfoo.so.1.0.0"))] | length == 1' "$T/records.json"
check "libfoo.a and libconv.a archived through souptrace-ar" jq -e '[.[] | select(.mode ==
	"archive" and (.outputs[0] | test("/[.]libs/lib(foo|conv)[.]a$")))] | length == 2' \
	"$T/records.json"

# ---- 2. the gate on the program, the shared and the static library ------
gate() { # gate DIR LIST OUT ARTIFACT...: check's exit status
	local dir=$1 list=$2 out=$3 rc=0
	shift 3
	(cd "$dir" && "$ST_CLI" check --soup "$list" --format json -o "$out" "$@" \
		2>"$out.err") || rc=$?
	echo "$rc"
}
declared() { # declared JSON COMPONENT: it is in the artifacts' components
	jq -e --arg c "$2" '[.components[] | select(.component == $c)] | length > 0' "$1"
}
undeclared() { # undeclared JSON COMPONENT: a failing undeclared finding names it
	jq -e --arg c "$2" '[.findings[] | select(.kind == "undeclared" and .fails and
		.component == $c)] | length >= 1' "$1"
}
gate_build() { # gate_build DIR: the checks on one build folder
	local d=$1 rc
	rc=$(gate "$d" "$T/soup.json" "$T/prog.json" ./prog)
	expect_eq "$d: check ./prog passes" 0 "$rc"
	check "$d: ... reading .libs/prog, and saying so" grep -q \
		"check: ./prog is a libtool wrapper script: reading ./.libs/prog, the binary it runs" \
		"$T/prog.json.err"
	check "$d: ... tinyfmt found through libfoo.so.1, which the program loads" \
		declared "$T/prog.json" tinyfmt
	check "$d: ... libfoo.so.1 is loaded from beside the library the link took" jq -e '
		[.components[].files[]? | select(.evidence | tostring |
		test("DT_NEEDED libfoo.so.1 .*found beside a shared library the link step took"))] |
		length >= 1' "$T/prog.json"
	check "$d: ... no unresolved library" jq -e '[.findings[] |
		select(.kind == "unresolved")] | length == 0' "$T/prog.json"
	rc=$(gate "$d" "$T/notiny.json" "$T/prog-no.json" ./prog)
	expect_eq "$d: check ./prog fails without tinyfmt" 1 "$rc"
	check "$d: ... naming tinyfmt undeclared (in libfoo.so.1)" undeclared "$T/prog-no.json" tinyfmt
	for a in .libs/libfoo.so.1.0.0 .libs/libfoo.a; do
		rc=$(gate "$d" "$T/soup.json" "$T/ok.json" "$a")
		expect_eq "$d: check $a passes with tinyfmt declared" 0 "$rc"
		check "$d: ... fmt.c's header is tinyfmt's" jq -e '[.components[] |
			select(.component == "tinyfmt") | .files[].path |
			select(endswith("third_party/tinyfmt/tinyfmt.h"))] | length >= 1' "$T/ok.json"
		check "$d: ... no trace-incomplete or unproduced finding" jq -e '[.findings[] |
			select(.kind == "trace-incomplete" or .kind == "stale-trace" or
			(.kind == "undeclared" and .fails))] | length == 0' "$T/ok.json"
		rc=$(gate "$d" "$T/notiny.json" "$T/no.json" "$a")
		expect_eq "$d: check $a fails without tinyfmt" 1 "$rc"
		check "$d: ... naming tinyfmt undeclared" undeclared "$T/no.json" tinyfmt
	done
	(cd "$d" && "$ST_CLI" trace --artifact .libs/libfoo.a >"$T/members.txt")
	check "$d: libfoo.a's conv.o (extracted by libtool's ar x) matched to its compile by bytes" \
		grep -q "member conv.o of $d/.libs/libfoo.a: the same bytes" "$T/members.txt"
}
gate_build "$P"

# ---- 3. init's draft passes its own check -------------------------------
(cd "$P" && "$ST_CLI" init -o "$T/draft.json" ./prog .libs/libfoo.so.1.0.0 .libs/libfoo.a \
	2>"$T/init.err")
check "init drafts a list" test -s "$T/draft.json"
check "... with tinyfmt's folder as a component" jq -e '[.components[] |
	select(.match.paths // [] | map(test("third_party/tinyfmt")) | any)] | length == 1' \
	"$T/draft.json"
rc=$(gate "$P" "$T/draft.json" "$T/draft-check.json" ./prog .libs/libfoo.so.1.0.0 .libs/libfoo.a)
expect_eq "the draft passes its own check" 0 "$rc"

# ---- 4. a VPATH build folder, cleaned and built again --------------------
(cd "$P" && make distclean >/dev/null)
mkdir -p "$P/b2/.souptrace"
export SOUPTRACE_DIR="$P/b2/.souptrace"
(cd "$P/b2" && PATH="$ST_BIN:$PATH" ../configure --prefix=/usr CC=souptrace-cc AR=souptrace-ar \
	>"$T/configure-b2.log")
check "VPATH: make" env -C "$P/b2" PATH="$ST_BIN:$PATH" make -j2
check "VPATH: make clean && make" env -C "$P/b2" PATH="$ST_BIN:$PATH" sh -c 'make clean && make -j2'
gate_build "$P/b2"
rc=$(gate "$P/b2" "$T/draft.json" "$T/draft-b2.json" ./prog .libs/libfoo.so.1.0.0 .libs/libfoo.a)
expect_eq "VPATH: the first build's draft passes here too" 0 "$rc"

finish
