#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every way of putting the wrapper into a build records the step and runs
# the right real tool: CC=souptrace-cc, prefix/launcher, masquerading
# symlinks, CMake launchers, clang, a cross compiler, ccache and distcc
# chaining, direct ld and ar; and the wrapper never calls itself.
. "$(dirname "$0")/lib.sh"
W=$ST_BIN
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
cd "$T"
printf '#include "h.h"\nint f(void){return H;}\n' >f.c
printf '#define H 3\n' >h.h
printf 'int f(void);\nint main(void){return f() - 3;}\n' >main.c

# rec OUTPUT: the newest record writing OUTPUT (a path relative to cwd $T)
rec() {
	local f
	for f in $(ls -r "$SOUPTRACE_DIR"/records/*.json); do
		if jq -e --arg o "$1" '.outputs | index($o)' "$f" >/dev/null; then
			echo "$f"
			return
		fi
	done
}

# --- CC=souptrace-cc: the real compiler is $SOUPTRACE_CC, else cc.
"$W/souptrace-cc" -c f.c -o f1.o
r=$(rec f1.o)
check "CC=souptrace-cc records the compile" test -n "$r"
expect_eq "default real compiler is cc" cc "$(jq -r .program_name "$r")"
check "the header it included is recorded" jq -e '.dependencies.files | index("h.h")' "$r"
SOUPTRACE_CC=clang "$W/souptrace-cc" -c f.c -o f2.o
expect_eq "SOUPTRACE_CC picks the compiler" clang "$(jq -r .program_name "$(rec f2.o)")"
check "clang's dependency output is recorded" jq -e '.dependencies.files | index("h.h")' "$(rec f2.o)"

# --- prefix / launcher form, as CMake's compiler launcher calls it
"$W/souptrace-cc" gcc -c f.c -o f3.o
expect_eq "prefix form runs the named compiler" gcc "$(jq -r .program_name "$(rec f3.o)")"
"$W/souptrace-cc" /usr/bin/clang -c f.c -o f4.o
expect_eq "prefix form with a path" /usr/bin/clang "$(jq -r .program "$(rec f4.o)")"
"$W/souptrace-cc" gcc main.c f3.o -o prog1
check "prefix form links and records the link" jq -e '.mode == "link-executable"' "$(rec prog1)"
check "the program built by the prefix form runs" ./prog1

# --- masquerade: symlinks named like the tools, first in PATH
mkdir -p "$T/masq"
for n in gcc cc clang ar ld; do ln -sf "$W/souptrace-cc" "$T/masq/$n"; done
(
	export PATH="$T/masq:$PATH"
	gcc -c f.c -o m1.o
	clang -c main.c -o m2.o
	ar rcs libm.a m1.o
	cc m2.o libm.a -o prog2
)
check "masqueraded gcc records" test -n "$(rec m1.o)"
expect_eq "masqueraded gcc runs the real gcc" /usr/bin/gcc "$(jq -r .program "$(rec m1.o)")"
check "masqueraded clang records" test -n "$(rec m2.o)"
expect_eq "masqueraded ar records the archive" '["m1.o"]' \
	"$(jq -c .archive.members_after "$(rec libm.a)")"
check "masqueraded cc links" ./prog2
expect_eq "the link through a masqueraded cc is recorded once (collect2's ld is not)" 1 \
	"$(jq -s '[.[] | select(.outputs == ["prog2"])] | length' "$SOUPTRACE_DIR"/records/*.json)"

# --- recursion guard
rc=0
SOUPTRACE_CC="$W/souptrace-cc" "$W/souptrace-cc" -c f.c -o r.o 2>"$T/rec.err" || rc=$?
check "SOUPTRACE_CC pointing at the wrapper fails" test "$rc" -ne 0
check "... with a clear message" grep -q "is this souptrace wrapper itself" "$T/rec.err"
mkdir -p "$T/only"
ln -sf "$W/souptrace-cc" "$T/only/nosuchcompiler"
rc=0
PATH="$T/only:$PATH" nosuchcompiler -c f.c 2>"$T/rec2.err" || rc=$?
check "a masquerade with no real tool behind it fails" test "$rc" -ne 0
check "... saying so" grep -q "cannot find the real tool 'nosuchcompiler'" "$T/rec2.err"
cat >"$T/loop-cc" <<EOS
#!/bin/sh
exec "$W/souptrace-cc" "\$@"
EOS
chmod +x "$T/loop-cc"
rc=0
SOUPTRACE_CC="$T/loop-cc" timeout 20 "$W/souptrace-cc" -c f.c -o loop.o 2>"$T/rec3.err" || rc=$?
check "a script that calls the wrapper again stops (no endless loop)" test "$rc" -ne 0 -a "$rc" -ne 124

# --- ccache chaining: both forms; a cache hit still gives the headers
export CCACHE_DIR="$T/ccache"
"$W/souptrace-cc" ccache gcc -c f.c -o c1.o
"$W/souptrace-cc" ccache gcc -c f.c -o c1.o
r=$(rec c1.o)
expect_eq "ccache gcc: the compiler behind the launcher is recorded" gcc \
	"$(jq -r .compiler_name "$r")"
check "ccache hit: dependencies still recorded" jq -e '.dependencies.files | index("h.h")' "$r"
check "ccache really hit its cache" sh -c "ccache -s | grep -Eq 'Hits: +[1-9]'"
SOUPTRACE_PREFIX=ccache "$W/souptrace-cc" -c f.c -o c2.o
r=$(rec c2.o)
check "SOUPTRACE_PREFIX=ccache is recorded as a launcher" jq -e '.launchers[0] | endswith("/ccache")' "$r"
check "SOUPTRACE_PREFIX=ccache: dependencies recorded" jq -e '.dependencies.files | index("h.h")' "$r"
check "the ccache-built object is right" cmp -s c1.o f1.o

# Both masquerades at once: souptrace's gcc first in PATH, then ccache's
# (/usr/lib/ccache/gcc -> ccache). ccache finds souptrace's gcc again when
# it looks for the real compiler; the nested wrapper must skip ccache's
# entry instead of handing the call back to it in a loop.
ccache -z >/dev/null
rc=0
PATH="$T/masq:/usr/lib/ccache:$PATH" timeout 60 gcc -c f.c -o cm.o 2>"$T/cm.err" || rc=$?
expect_eq "souptrace and ccache masquerades together: the compile succeeds" 0 "$rc"
check "... through ccache" jq -e '.program | endswith("/usr/lib/ccache/gcc")' "$(rec cm.o)"
check "... with its headers recorded" jq -e '.dependencies.files | index("h.h")' "$(rec cm.o)"
check "... and ccache really ran" sh -c "ccache -s | grep -Eq 'Misses: +[1-9]|Hits: +[1-9]'"
check "... the object is right" cmp -s cm.o f1.o

# --- distcc chaining (localhost: compiles here, no daemon needed)
DISTCC_HOSTS=localhost "$W/souptrace-cc" distcc gcc -c f.c -o d1.o
check "distcc gcc: recorded" jq -e '.compiler_name == "gcc" and (.dependencies.files | index("h.h"))' "$(rec d1.o)"
check "distcc built the same object" cmp -s d1.o f1.o

# --- cross compiler
if command -v arm-none-eabi-gcc >/dev/null; then
	"$W/souptrace-cc" arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -c f.c -o arm.o
	r=$(rec arm.o)
	expect_eq "cross compiler recorded" arm-none-eabi-gcc "$(jq -r .program_name "$r")"
	check "cross object is ARM" sh -c "file arm.o 2>/dev/null | grep -q ARM || od -An -tx1 -j18 -N2 arm.o | grep -q '28 00'"
	printf 'void Reset_Handler(void){ for(;;); }\n' >start.c
	arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -c start.c -o start.o
	printf 'ENTRY(Reset_Handler)\nSECTIONS { . = 0x8000000; .text : { *(.text*) } }\n' >fw.ld
	"$W/souptrace-ld" arm-none-eabi-ld -T fw.ld -o fw.elf start.o arm.o
	r=$(rec fw.elf)
	check "souptrace-ld with a cross ld records a -nostdlib style link" \
		jq -e '.mode == "link-executable" and .linker_scripts == ["fw.ld"] and .link.reports.map' "$r"
	check "... and keeps the map" test -s "$SOUPTRACE_DIR/$(jq -r .link.reports.map "$r")"
	"$W/souptrace-cc" arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -nostdlib -T fw.ld start.o arm.o -lgcc -o fw2.elf
	check "a -nostdlib firmware link through the driver is recorded" \
		jq -e '.mode == "link-executable" and .link.reports.map' "$(rec fw2.elf)"
else
	fail "arm-none-eabi-gcc is not installed (scripts/test installs gcc-arm-none-eabi)"
fi

# --- direct ld and ar
gcc -c main.c -o lmain.o
"$W/souptrace-ld" -r -o part.o lmain.o f1.o
r=$(rec part.o)
check "souptrace-ld records a partial link" jq -e '.mode == "link-relocatable" and .tool == "ld"' "$r"
SOUPTRACE_LD=ld.gold "$W/souptrace-ld" -r -o part2.o lmain.o f1.o
check "SOUPTRACE_LD=ld.gold adds gold's symbol counts" \
	jq -e '.link.linker == "gold" and .link.reports["symbol-counts"]' "$(rec part2.o)"
"$W/souptrace-ar" rcs libx.a f1.o lmain.o
expect_eq "souptrace-ar records the members" '["f1.o","lmain.o"]' \
	"$(jq -c .archive.members_after "$(rec libx.a)")"
before=$(ls "$SOUPTRACE_DIR/records" | wc -l)
"$W/souptrace-ar" ar t libx.a >/dev/null
"$W/souptrace-cc" --version >/dev/null
expect_eq "ar t and cc --version (they build nothing) are not recorded" "$before" \
	"$(ls "$SOUPTRACE_DIR/records" | wc -l)"

# --- CMake launcher
mkdir -p "$T/cm"
cat >"$T/cm/CMakeLists.txt" <<'EOS'
cmake_minimum_required(VERSION 3.20)
project(launcher C)
add_library(f STATIC ../f.c)
target_include_directories(f PRIVATE ..)
add_executable(app ../main.c)
target_link_libraries(app f)
EOS
cmake -S "$T/cm" -B "$T/cm/build" -DCMAKE_C_COMPILER_LAUNCHER="$W/souptrace-cc" >/dev/null
cmake --build "$T/cm/build" >/dev/null
n=$(jq -s --arg d "$T/cm/build" '[.[] | select(.cwd | startswith($d)) | select(.mode == "compile")] | length' \
	"$SOUPTRACE_DIR"/records/*.json)
check "CMAKE_C_COMPILER_LAUNCHER records the project's compiles" test "$n" -ge 2

# --- every record is valid JSON for souptrace itself
check "souptrace trace reads every record" "$ST_CLI" trace --format json -o "$T/all.json"
expect_eq "no unreadable records" 0 "$(jq .unreadable_records "$T/all.json")"

finish
