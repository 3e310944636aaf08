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

finish
