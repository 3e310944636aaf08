#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# souptrace scan on binaries built here, without a trace: identity, the
# runtime dependency tree with owning packages, DWARF sources grouped by
# component; archives member by member; clear errors for bad input.
. "$(dirname "$0")/lib.sh"
cd "$T"
mkdir -p lib
cat >app.c <<'EOS'
#include <stdio.h>
#include <zlib.h>
#include "vendor/ringlite.h"
int helper(void);
int main(void) { printf("%s %d %d\n", zlibVersion(), helper(), ringlite_twice(2)); return 0; }
EOS
mkdir -p vendor
printf 'static inline int ringlite_twice(int x) { return 2 * x; }\n' >vendor/ringlite.h
printf 'int helper(void) { return 7; }\n' >helper.c
gcc -g -O0 -shared -fPIC -Wl,-soname,libhelper.so.1 -o lib/libhelper.so.1 helper.c
ln -sf libhelper.so.1 lib/libhelper.so
gcc -g -O0 -I. -o app app.c -Llib -lhelper -lz -Wl,-rpath,'$ORIGIN/lib'
check "the test program runs" ./app

"$ST_CLI" scan --format json -o scan.json app
J=scan.json
expect_eq "type and machine" "PIE x86-64" "$(jq -r '.files[0].elf | "\(.type) \(.machine)"' $J)"
check "build-id" jq -e '.files[0].elf.build_id | test("^[0-9a-f]{40}$")' $J
check "compiler string" jq -e '.files[0].elf.compilers | map(test("^GCC: ")) | any' $J
check "minimum glibc from the version requirements" \
	jq -e '.files[0].elf.version_requirements[] | select(.file == "libc.so.6") | .minimum | test("^GLIBC_2\\.")' $J
check "RUNPATH \$ORIGIN resolves the private library" \
	jq -e --arg p "$T/lib/libhelper.so.1" '.files[0].dependencies[] | select(.name == "libhelper.so.1") | .found_by == "runpath" and .real_path == $p and .package == null' $J
check "libz resolved through ld.so.cache, owned by zlib1g (source zlib)" \
	jq -e '.files[0].dependencies[] | select(.name == "libz.so.1") | .found_by == "ld.so.cache" and .package.name == "zlib1g" and .package.source == "zlib" and .package.license == "Zlib" and (.package.purl | startswith("pkg:deb/debian/zlib1g@1:1.2.13"))' $J
check "libc transitively, with its package" \
	jq -e '.files[0].dependencies[] | select(.name == "libc.so.6") | .package.source == "glibc"' $J
check "zlib.h attributed to the zlib package through DWARF" \
	jq -e '.files[0].debug.components[] | select(.component == "zlib") | .files | index("/usr/include/zlib.h")' $J
check "the vendored inline header is listed, owned by no package" \
	jq -e --arg h "$T/vendor/ringlite.h" '.files[0].debug.components[] | select(.component == null) | .files | index($h)' $J
check "compile units with producer and language" \
	jq -e '.files[0].debug.compile_units[0] | (.producer | test("GNU C")) and (.language | test("C"))' $J

# A missing library is reported, not fatal.
mv lib/libhelper.so.1 lib/gone.so.1
rc=0
"$ST_CLI" scan app >text.txt 2>&1 || rc=$?
expect_eq "an unresolved dependency is not an error" 0 "$rc"
check "... it is flagged" grep -q 'libhelper.so.1 => NOT FOUND' text.txt
mv lib/gone.so.1 lib/libhelper.so.1
check "text view: the dependency tree with packages" grep -Eq 'libz\.so\.1 => .*\[zlib1g .*source zlib\]' text.txt

# Stripped binary: no debug information is an answer.
strip -o app.stripped app
rc=0
"$ST_CLI" scan --format json -o stripped.json app.stripped || rc=$?
expect_eq "stripped: exit 0" 0 "$rc"
expect_eq "stripped: no debug information" "no debug information" "$(jq -r '.files[0].debug.none' stripped.json)"

# An archive, member by member; an ARM object.
gcc -g -c helper.c -o h1.o && gcc -g -c -I. app.c -o h2.o && ar rcs libboth.a h1.o h2.o
"$ST_CLI" scan --format json -o ar.json libboth.a
expect_eq "archive members" '["h1.o","h2.o"]' "$(jq -c '[.files[0].members[].name]' ar.json)"
check "archive member DWARF" jq -e '.files[0].members[1].debug.components | map(.component) | index("zlib")' ar.json
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -g -c helper.c -o arm.o
"$ST_CLI" scan --format json -o arm.json arm.o
expect_eq "ARM Cortex-M object" "32 ARM REL" "$(jq -r '.files[0].elf | "\(.class) \(.machine) \(.type)"' arm.json)"

# Bad input: exit 2 with the file and the problem; the others still scanned.
printf 'not elf\n' >notelf
head -c 200 app >truncated
rc=0
"$ST_CLI" scan notelf truncated app /nonexistent >/dev/null 2>err.txt || rc=$?
expect_eq "bad input: exit 2" 2 "$rc"
check "not ELF: named" grep -q 'scan: notelf: not an ELF file' err.txt
check "truncated: named" grep -q 'scan: truncated: ' err.txt
check "missing: named" grep -q 'scan: /nonexistent: ' err.txt
finish
