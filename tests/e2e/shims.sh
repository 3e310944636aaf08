#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15: a plain Makefile that calls gcc and ar by name (not $(CC) and
# $(AR)) is recorded through the folder `souptrace shims` makes, put first
# in PATH. The archive step and its members are recorded, the gate finds
# the vendored library in the program, and the program is the plain build's.
. "$(dirname "$0")/lib.sh"

P="$T/proj"
minilib_project "$P" shimsdemo
# Tool names hard-coded on purpose: no variable to point at the wrappers.
cat >"$P/Makefile" <<'MK'
app: app.o third_party/minilib/libmini.a
	gcc -o app app.o third_party/minilib/libmini.a
app.o: app.c
	gcc -g -O1 -c app.c -o app.o
third_party/minilib/libmini.a: third_party/minilib/mini.o
	ar rcs third_party/minilib/libmini.a third_party/minilib/mini.o
third_party/minilib/mini.o: third_party/minilib/mini.c
	gcc -g -O1 -c third_party/minilib/mini.c -o third_party/minilib/mini.o
clean:
	rm -f app app.o third_party/minilib/libmini.a third_party/minilib/mini.o
MK

# ---- 1. the command: links, the PATH line, keeping and refusing ---------
SH="$T/shims"
"$ST_CLI" shims "$SH" >"$T/out1.txt"
expect_eq "it prints the PATH line" "export PATH=$SH:\"\$PATH\"" "$(cat "$T/out1.txt")"
for n in cc gcc clang c++ g++ clang++ ar gcc-ar ld; do
	check "$n is a link" test -L "$SH/$n"
done
expect_eq "gcc points at souptrace-cc" souptrace-cc "$(basename "$(readlink "$SH/gcc")")"
expect_eq "ar points at souptrace-ar" souptrace-ar "$(basename "$(readlink "$SH/ar")")"
check "the link reaches the wrapper" test "$SH/g++" -ef "$ST_BIN/souptrace-cc"
check "run again: the right links are kept" "$ST_CLI" shims "$SH"
rm "$SH/ld" && printf '#!/bin/sh\n' >"$SH/ld"
rc=0
"$ST_CLI" shims "$SH" >/dev/null 2>"$T/err.txt" || rc=$?
expect_eq "a different file is not replaced" 2 "$rc"
check "... and the message says --force" grep -q -- "--force" "$T/err.txt"
check "... the file is still there" test ! -L "$SH/ld"
check "--force replaces it" "$ST_CLI" shims --force "$SH"
check "... with the link" test -L "$SH/ld"
touch "$T/afile"
rc=0
"$ST_CLI" shims "$T/afile" >/dev/null 2>"$T/err2.txt" || rc=$?
expect_eq "DIR that is a file: a usage error" 2 "$rc"
expect_eq "... said once" 1 "$(grep -c "not a directory" "$T/err2.txt")"

# ---- 2. the plain build, then the same through the shims ----------------
make -s -C "$P" >/dev/null
cp "$P/app" "$T/app.plain"
make -s -C "$P" clean
mkdir "$P/.souptrace"
PATH="$SH:$PATH" make -s -C "$P" >/dev/null
check "the program is the plain build's, byte for byte" cmp "$T/app.plain" "$P/app"
trace_json "$P/.souptrace" | jq '.records' >"$T/records.json"
check "the compile of mini.c through 'gcc' is recorded" jq -e '[.[] |
	select(.outputs[0] | endswith("/third_party/minilib/mini.o"))] | length == 1' "$T/records.json"
check "the 'ar rcs' step is recorded" jq -e '[.[] |
	select(.outputs[0] | endswith("/third_party/minilib/libmini.a"))] | length == 1' "$T/records.json"
check "the real tools ran, not the shims again" jq -e --arg sh "$SH/" '[.[] |
	select(.program | startswith($sh))] | length == 0' "$T/records.json"
check "the link through 'gcc' is recorded" jq -e '[.[] | select(.outputs[0] | endswith("/proj/app"))] |
	length == 1' "$T/records.json"

rc=0
(cd "$P" && "$ST_CLI" check --soup soup.json --project-root "$P" --format json -o ok.json \
	app 2>"$T/check.err") || rc=$?
expect_eq "the gate passes with minilib declared" 0 "$rc"
check "mini.c, a member of libmini.a, is minilib's" jq -e '[.components[] |
	select(.component == "minilib") | .files[].path | select(endswith("mini.c"))] |
	length == 1' "$P/ok.json"
check "no trace-incomplete finding" jq -e '[.findings[] |
	select(.kind == "trace-incomplete")] | length == 0' "$P/ok.json"
rc=0
(cd "$P" && "$ST_CLI" check --soup nomini.json --project-root "$P" --format json -o no.json \
	app 2>/dev/null) || rc=$?
expect_eq "undeclared, minilib fails the gate" 1 "$rc"
check "... as an undeclared finding" jq -e '[.findings[] | select(.kind == "undeclared" and
	.fails and .component == "minilib")] | length == 1' "$P/no.json"

# ---- 3. target-prefixed compilers found in PATH -------------------------
FB="$T/fakebin"
mkdir -p "$FB"
printf '#!/bin/sh\nexec gcc "$@"\n' >"$FB/fake-tc-gcc"
cp "$FB/fake-tc-gcc" "$FB/solo-gcc"
printf '#!/bin/sh\nexec ar "$@"\n' >"$FB/fake-tc-ar"
chmod +x "$FB/fake-tc-gcc" "$FB/solo-gcc" # fake-tc-ar is not executable
SH2="$T/shims2"
check "with a cross toolchain in PATH" env PATH="$FB:$PATH" "$ST_CLI" shims "$SH2"
expect_eq "fake-tc-gcc gets a link to souptrace-cc" souptrace-cc \
	"$(basename "$(readlink "$SH2/fake-tc-gcc")")"
check "solo-gcc (no target triplet) does not" test ! -e "$SH2/solo-gcc"
check "fake-tc-ar (not executable) does not" test ! -e "$SH2/fake-tc-ar"
X="$T/cross"
mkdir -p "$X/.souptrace"
printf 'int x(void)\n{\n\treturn 1;\n}\n' >"$X/x.c"
check "fake-tc-gcc called by name compiles" env -C "$X" PATH="$SH2:$FB:$PATH" fake-tc-gcc -c x.c -o x.o
check "... recorded, the real fake-tc-gcc run" jq -e --arg p "$FB/fake-tc-gcc" '[.records[] |
	select(.mode == "compile" and .program == $p)] | length == 1' \
	<(trace_json "$X/.souptrace")

finish
