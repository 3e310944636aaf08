#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 16 (hardening): command lines a plain build accepts, and that the
# wrapper once changed. Each is run plainly and through the wrapper, which
# must give the same exit status, stdout, stderr and output files.
. "$(dirname "$0")/lib.sh"
CC_W="$ST_BIN/souptrace-cc"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR" "$T/p" "$T/w"

# same_run DESC OUTPUT... -- PLAIN... -- WRAPPED...: run PLAIN in $T/p and
# WRAPPED in $T/w (each with the same fresh copy of $T/src); compare exit
# status, stdout, stderr and the named output files (absent in both is equal).
same_run() {
	local desc=$1 rc_p=0 rc_w=0 outs=() plain=() wrapped=()
	shift
	while [ "$1" != -- ]; do outs+=("$1"); shift; done
	shift
	while [ "$1" != -- ]; do plain+=("$1"); shift; done
	shift
	wrapped=("$@")
	for d in p w; do rm -rf "${T:?}/$d" && cp -a "$T/src" "$T/$d"; done
	(cd "$T/p" && "${plain[@]}") </dev/null >"$T/p.out" 2>"$T/p.err" || rc_p=$?
	(cd "$T/w" && "${wrapped[@]}") </dev/null >"$T/w.out" 2>"$T/w.err" || rc_w=$?
	expect_eq "$desc: exit status" "$rc_p" "$rc_w"
	check "$desc: stdout" cmp -s "$T/p.out" "$T/w.out"
	# the wrapper's one line when it cannot record (NOTE_OK=1) is the only difference allowed
	if [ "${NOTE_OK:-}" = 1 ]; then
		grep -v '^souptrace: cannot record this step' "$T/w.err" >"$T/w.err.tool" || true
		mv "$T/w.err.tool" "$T/w.err"
	fi
	if ! cmp -s "$T/p.err" "$T/w.err"; then
		fail "$desc: stderr"
		diff -u "$T/p.err" "$T/w.err" >&2 || true
	else
		ok
	fi
	for o in ${outs[@]+"${outs[@]}"}; do
		if [ -e "$T/p/$o" ] || [ -e "$T/w/$o" ]; then
			check "$desc: $o identical" cmp -s "$T/p/$o" "$T/w/$o"
		else
			ok
		fi
	done
}

# the newest record's JSON
last_record() {
	ls -t "$SOUPTRACE_DIR/records"/*.json | head -n 1 | xargs cat
}

mkdir -p "$T/src"
printf 'int f(void) { return 1; }\n' >"$T/src/a.c"
printf 'int main(void) { return 0; }\n' >"$T/src/m.c"
printf '#!/bin/sh\ntouch ran\n' >"$T/src/gen.c"
printf '#!/bin/sh\ntouch ran\n' >"$T/src/gen.sh"
chmod +x "$T/src/m.c" "$T/src/gen.c" "$T/src/gen.sh"
cc -c "$T/src/a.c" -o "$T/src/a.o"

# --- 1. gcc takes the last -o; the injected -MD must not make it fail.
same_run "two -o" x.o y.o -- cc a.c -o x.o -o y.o -c -- "$CC_W" a.c -o x.o -o y.o -c
check "two -o: the object was written" test -s "$T/w/y.o"
check "two -o: the record says what is missing" \
	jq -e '.incomplete | length > 0' <<<"$(last_record)"
same_run "two -o, joined and --output" z.o -- cc -c a.c -ox.o --output=z.o -- \
	"$CC_W" -c a.c -ox.o --output=z.o
same_run "two -o in a link from source" m2 -- cc m.c -o m1 -o m2 -- "$CC_W" m.c -o m1 -o m2

# --- 2. ar and ld see the program name the user wrote (they print it).
mkdir -p "$T/masq"
ln -s "$ST_BIN/souptrace-ar" "$T/masq/ar"
ln -s "$ST_BIN/souptrace-ld" "$T/masq/ld"
same_run "souptrace-ar error" -- ar rcs /nonexistent/dir/x.a a.o -- \
	"$ST_BIN/souptrace-ar" rcs /nonexistent/dir/x.a a.o
same_run "masquerading ar error" -- ar rcs /nonexistent/dir/x.a a.o -- \
	env PATH="$T/masq:$PATH" ar rcs /nonexistent/dir/x.a a.o
same_run "souptrace-ar ar (prefix form) error" -- ar rcs /nonexistent/dir/x.a a.o -- \
	"$ST_BIN/souptrace-ar" ar rcs /nonexistent/dir/x.a a.o
ar_path=$(command -v ar)
same_run "souptrace-ar /path/to/ar error" -- "$ar_path" rcs /nonexistent/dir/x.a a.o -- \
	"$ST_BIN/souptrace-ar" "$ar_path" rcs /nonexistent/dir/x.a a.o
same_run "ar archive" lib.a -- ar rcD lib.a a.o -- "$ST_BIN/souptrace-ar" rcD lib.a a.o
# ar finds its LTO plugin by looking argv[0] up in PATH: an archive of LTO
# objects gets the same symbol index through a masquerading ar
(cd "$T/src" && cc -flto -c a.c -o lto.o)
same_run "masquerading ar, LTO object" lib.a -- ar rcD lib.a lto.o -- \
	env PATH="$T/masq:$PATH" ar rcD lib.a lto.o
same_run "souptrace-ar, LTO object" lib.a -- ar rcD lib.a lto.o -- \
	"$ST_BIN/souptrace-ar" rcD lib.a lto.o
same_run "souptrace-ar, LTO object, masquerade in PATH" lib.a -- ar rcD lib.a lto.o -- \
	env PATH="$T/masq:$PATH" "$ST_BIN/souptrace-ar" rcD lib.a lto.o
# gcc-ar finds its LTO plugin from argv[0]: it keeps the real path
ln -s "$ST_BIN/souptrace-ar" "$T/masq/gcc-ar"
same_run "masquerading gcc-ar" lib.a -- gcc-ar rcD lib.a a.o -- \
	env PATH="$T/masq:$PATH" gcc-ar rcD lib.a a.o
same_run "souptrace-ar gcc-ar" lib.a -- gcc-ar rcD lib.a a.o -- \
	"$ST_BIN/souptrace-ar" gcc-ar rcD lib.a a.o
same_run "souptrace-ld error" -- ld -nosuch a.o -- "$ST_BIN/souptrace-ld" -nosuch a.o
same_run "masquerading ld error" -- ld -nosuch a.o -- \
	env PATH="$T/masq:$PATH" ld -nosuch a.o
same_run "ld undefined entry" -- ld -e nosuch -o out a.o -- \
	"$ST_BIN/souptrace-ld" -e nosuch -o out a.o
printf 'int main(void) { return missing_symbol(); }\n' >"$T/src/bad.c"
(cd "$T/src" && cc -c bad.c)
same_run "gcc calling a masquerading ld" bad -- cc bad.o -o bad -- \
	env PATH="$T/masq:$PATH" cc bad.o -o bad
same_run "souptrace-cc calling a masquerading ld" bad -- cc bad.o -o bad -- \
	env PATH="$T/masq:$PATH" "$CC_W" bad.o -o bad

# --- 3. A first argument that is a source or input is never the compiler,
# even when it is executable; and no PATH entry naming the current directory
# makes an input the compiler.
same_run "executable source ./m.c" m -- cc ./m.c -o m -- "$CC_W" ./m.c -o m
same_run "executable source m.c, PATH with an empty entry" m -- cc m.c -o m -- \
	env PATH=":$PATH" "$CC_W" m.c -o m
same_run "executable script gen.c" ran -- cc ./gen.c -c -o gen.o -- "$CC_W" ./gen.c -c -o gen.o
check "gen.c was not run" test ! -e "$T/w/ran"
same_run "executable gen.c, PATH ending in ':'" ran -- cc gen.c -c -o gen.o -- \
	env PATH="$PATH:" "$CC_W" gen.c -c -o gen.o
check "gen.c was not run (empty PATH entry)" test ! -e "$T/w/ran"
same_run "executable input gen.sh, PATH with '.'" ran -- cc gen.sh a.o -o out -- \
	env PATH=".:$PATH" "$CC_W" gen.sh a.o -o out
check "gen.sh was not run" test ! -e "$T/w/ran"
same_run "object a.o first" out -- cc a.o m.c -o out -- "$CC_W" a.o m.c -o out
# the prefix form itself still works
same_run "prefix form: gcc" x.o -- cc -c a.c -o x.o -- "$CC_W" gcc -c a.c -o x.o
same_run "prefix form: a path" x.o -- cc -c a.c -o x.o -- "$CC_W" "$(command -v gcc)" -c a.c -o x.o

# --- 4. The wrapper's own files cannot fail the tool: while the compiler or
# linker runs, the trace's tmp/ disappears, or its file system fills up (a
# launcher in SOUPTRACE_PREFIX does the damage just before it runs the tool).
# The build is the plain build's (the wrapper may add one line on stderr when
# it cannot record the step at all); the trace then either holds the step in
# full or says it is incomplete - a later check never passes on it.
printf '#!/bin/sh\nrm -rf "$SOUPTRACE_DIR/tmp"\nexec "$@"\n' >"$T/rmtmp"
printf '#!/bin/sh\ndd if=/dev/zero of="$SOUPTRACE_DIR/fill" bs=64k >/dev/null 2>&1\nexec "$@"\n' \
	>"$T/fill"
chmod +x "$T/rmtmp" "$T/fill"
# step_accounted DESC: the newest record is complete, or the trace is marked incomplete
step_accounted() {
	if [ -e "$SOUPTRACE_DIR/INCOMPLETE" ] ||
		last_record | jq -e '(.incomplete | length) == 0 and
			((.dependencies.files | length) > 0 or .link.reports.map)' >/dev/null; then
		ok
	else
		fail "$1: the trace neither holds the step in full nor says it is incomplete"
	fi
}
same_run "tmp/ removed while compiling" x.o -- cc -c a.c -o x.o -- \
	env SOUPTRACE_PREFIX="$T/rmtmp" "$CC_W" -c a.c -o x.o
step_accounted "tmp/ removed while compiling"
same_run "tmp/ removed while linking" m -- cc m.c -o m -- \
	env SOUPTRACE_PREFIX="$T/rmtmp" "$CC_W" m.c -o m
step_accounted "tmp/ removed while linking"
if command -v ld.lld >/dev/null; then
	same_run "tmp/ removed while linking with lld" m -- cc -fuse-ld=lld m.c -o m -- \
		env SOUPTRACE_PREFIX="$T/rmtmp" "$CC_W" -fuse-ld=lld m.c -o m
	step_accounted "tmp/ removed while linking with lld"
	check "lld's reports kept (through pipes)" \
		jq -e '.link.reports | has("map") and has("why-extract") and has("dependency-file")' \
		<<<"$(last_record)"
else
	skip "lld is not installed"
fi
# (larger than the 64 MiB the wrapper wants free before it asks for named work files)
if [ "$(id -u)" -eq 0 ] && mkdir -p "$T/small" && mount -t tmpfs -o size=80m tmpfs "$T/small" 2>/dev/null; then
	saved=$SOUPTRACE_DIR
	export SOUPTRACE_DIR="$T/small/trace" NOTE_OK=1
	mkdir -p "$SOUPTRACE_DIR"
	same_run "trace's disk fills while compiling" x.o -- cc -c a.c -o x.o -- \
		env SOUPTRACE_PREFIX="$T/fill" "$CC_W" -c a.c -o x.o
	rm -f "$SOUPTRACE_DIR/fill"
	same_run "trace's disk fills while linking" m -- cc m.c -o m -- \
		env SOUPTRACE_PREFIX="$T/fill" "$CC_W" m.c -o m
	rm -f "$SOUPTRACE_DIR/fill"
	if command -v ld.lld >/dev/null; then
		same_run "trace's disk fills while linking with lld" m -- cc -fuse-ld=lld m.c -o m -- \
			env SOUPTRACE_PREFIX="$T/fill" "$CC_W" -fuse-ld=lld m.c -o m
		rm -f "$SOUPTRACE_DIR/fill"
	fi
	step_accounted "trace's disk fills while linking"
	rc=0
	"$ST_CLI" check --trace "$SOUPTRACE_DIR" --project-root "$T/w" "$T/w/m" >/dev/null 2>&1 || rc=$?
	check "a check after the full disk does not pass" test "$rc" -ne 0
	umount "$T/small"
	export SOUPTRACE_DIR=$saved NOTE_OK=
else
	skip "the trace on a full file system (needs root to mount a small tmpfs)"
fi

finish
