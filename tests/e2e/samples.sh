#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The pumpctl sample built with make -j8 through the wrappers: the trace
# holds the evidence later stages rely on - headers per object (the
# header-only library), archive members pulled in and the symbol that
# pulled them, the shared libraries, the prebuilt archive from outside the
# tree, the test-only vendored code and the configure probe.
. "$(dirname "$0")/lib.sh"
dir="$T/pumpctl"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
build_pumpctl "$dir" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar"
src="$dir/src"
check "the sample runs" "$src/pumpctl" --selftest
"$ST_CLI" trace --format json -o "$T/trace.json"
J="$T/trace.json"
expect_eq "no unreadable records" 0 "$(jq .unreadable_records "$J")"
expect_eq "nothing incomplete" 0 "$(jq '.incomplete | length' "$J")"

# Compiles: every object of the build has a record with its headers.
for o in src/main.o src/dose.o src/eventlog.o src/pump.o lib/alarm/alarm.o \
	third_party/tinycrc/crc16.o third_party/tinycrc/crc32c.o third_party/minitest/minitest.o \
	tests/test_alarm.o; do
	expect_eq "one compile record for $o" 1 \
		"$(jq --arg o "$src/$o" '[.records[] | select(.mode == "compile" and .outputs == [$o])] | length' "$J")"
done
# Header-only library: which objects included ringbuf.h
inc=$(jq -r --arg h "$src/third_party/ringbuf/ringbuf.h" \
	'[.records[] | select(.dependencies.files // [] | index($h)) | .outputs[0]] | sort | join(" ")' "$J")
check "the header-only ringbuf.h is recorded as included by a pumpctl object ($inc)" \
	sh -c "echo '$inc' | grep -q '$src/src/'"
# The sample's own compiles use -MMD, which leaves system headers out; the
# configure probe's compile has souptrace's own depfile, which keeps them.
check "system headers are recorded where the depfile is souptrace's" \
	jq -e '[.records[] | select(.dependencies.origin == "injected" and (.dependencies.files | index("/usr/include/cjson/cJSON.h")))] | length > 0' "$J"
check "the SDK header from outside the tree is recorded" \
	jq -e --arg h "$dir/sdk/include/sensorsdk.h" '[.records[] | select(.dependencies.files // [] | index($h))] | length > 0' "$J"
check "user -MMD depfiles are read (no system headers)" \
	jq -e --arg o "$src/src/main.o" '.records[] | select(.outputs == [$o]) | .dependencies | .origin == "user" and .system_headers == false' "$J"

# Archives: members recorded
expect_eq "libtinycrc.a members" '["crc16.o","crc32c.o"]' \
	"$(jq -c --arg a "$src/third_party/tinycrc/libtinycrc.a" '.records[] | select(.archive.path == $a) | .archive.members_after' "$J")"

# The pumpctl link: what the linker really took, and why.
L=$(jq -c --arg o "$src/pumpctl" '.records[] | select(.mode == "link-executable" and .outputs == [$o])' "$J")
check "pumpctl's link is recorded" test -n "$L"
echo "$L" >"$T/link.json"
member() { # member ARCHIVE-SUFFIX MEMBER -> reason symbol or ""
	jq -r --arg a "$1" --arg m "$2" \
		'[.link.inputs[] | select(.kind == "archive-member" and (.path | endswith($a)) and .member == $m)][0].reason.symbol // ""' \
		"$T/link.json"
}
expect_eq "libtinycrc.a(crc16.o) pulled in by tinycrc_crc16_ccitt" tinycrc_crc16_ccitt \
	"$(member third_party/tinycrc/libtinycrc.a crc16.o)"
expect_eq "libtinycrc.a(crc32c.o) not linked" 0 \
	"$(jq '[.link.inputs[] | select(.member == "crc32c.o")] | length' "$T/link.json")"
check "libalarm.a(alarm.o) linked" test -n "$(member lib/alarm/libalarm.a alarm.o)"
check "the prebuilt SDK's members linked from outside the tree" \
	test -n "$(member sdk/lib/libsensorsdk.a sensorsdk.o)"
check "libz shared library resolved" \
	jq -e '[.link.inputs[] | select(.kind == "shared-library" and (.path | test("/libz\\.so")))] | length == 1' "$T/link.json"
check "libc shared library resolved" \
	jq -e '[.link.inputs[] | select(.kind == "shared-library" and (.path | test("/libc\\.so\\.6$")))] | length == 1' "$T/link.json"
check "start-up files recorded" \
	jq -e '[.link.inputs[] | select(.path | test("crt1\\.o$|crti\\.o$"))] | length >= 1' "$T/link.json"
check "no minitest in pumpctl" \
	jq -e '[.link.inputs[] | select(.path | test("minitest"))] | length == 0' "$T/link.json"
check "no cJSON in pumpctl" \
	jq -e '[.link.inputs[] | select(.path | test("cjson"))] | length == 0' "$T/link.json"

# The test program links the test-only vendored code.
check "test_alarm links minitest" \
	jq -e --arg o "$src/test_alarm" '.records[] | select(.outputs == [$o]) | [.link.inputs[] | select(.path | test("minitest"))] | length >= 1' "$J"
# The configure probe is recorded like anything else.
check "the configure probe's link against -lcjson is recorded" \
	jq -e '[.records[] | select((.mode | startswith("link")) and ((.libraries // []) | index("cjson")))] | length >= 1' "$J"

# The text view names the pulled-in member and its reason.
"$ST_CLI" trace >"$T/trace.txt"
check "text view shows the member and its reason" \
	grep -q 'libtinycrc.a(crc16.o).*(tinycrc_crc16_ccitt)' "$T/trace.txt"

# What reaches pumpctl (souptrace trace --artifact): the closure through
# objects, archive members and their compiles, with evidence for each file.
"$ST_CLI" trace --artifact "$src/pumpctl" --format json -o "$T/closure.json"
C="$T/closure.json"
has() { jq -e --arg p "$1" '[.files[] | select(.path == $p)] | length == 1' "$C" >/dev/null; }
check "closure: first-party source" has "$src/src/main.c"
check "closure: the header-only library's header" has "$src/third_party/ringbuf/ringbuf.h"
check "closure: the vendored member that was pulled in" has "$src/third_party/tinycrc/crc16.c"
check "closure: the vendored member that was not is absent" \
	jq -e '[.files[] | select(.path | endswith("crc32c.c"))] | length == 0' "$C"
check "closure: no test-only code" \
	jq -e '[.files[] | select(.path | test("minitest|test_alarm"))] | length == 0' "$C"
check "closure: no configure probe" \
	jq -e '[.files[] | select(.path | test("conftest|cjson"))] | length == 0' "$C"
check "closure: the prebuilt SDK's members, with the symbol that pulled them in" \
	jq -e '[.files[] | select(.kind == "archive-member" and .member == "sensorsdk.o" and (.evidence | test("acme_sensor_open")))] | length == 1' "$C"
check "closure: the shared zlib, loaded at run time" \
	jq -e '[.files[] | select(.kind == "shared-library" and .linkage == "dynamic" and (.path | test("libz\\.so")))] | length == 1' "$C"
check "closure: the evidence chain of a pulled-in member names the ar step and the symbol" \
	jq -e --arg p "$src/third_party/tinycrc/crc16.c" '.files[] | select(.path == $p) | .evidence | test("archived into .*libtinycrc.a .*pulled in by .*main.o for tinycrc_crc16_ccitt")' "$C"
printf 'int main(void){return 0;}\n' | cc -x c - -o "$T/plain-built" # not through the wrapper
rc=0
"$ST_CLI" trace --artifact "$T/plain-built" 2>"$T/notrace.err" || rc=$?
expect_eq "an artifact built without the wrapper: exit 1" 1 "$rc"
check "... saying no link step wrote it" grep -q "no link step in the trace wrote this file" "$T/notrace.err"

# The same sources built with CMake, compile and link launchers set to the
# wrapper and ar replaced by it: the same evidence for the same binary.
export SOUPTRACE_DIR="$T/trace-cmake"
mkdir -p "$SOUPTRACE_DIR"
cmake -S "$src" -B "$T/cmake-build" -DSDK_PREFIX="$dir/sdk" \
	-DCMAKE_C_COMPILER_LAUNCHER="$ST_BIN/souptrace-cc" \
	-DCMAKE_C_LINKER_LAUNCHER="$ST_BIN/souptrace-cc" \
	-DCMAKE_AR="$ST_BIN/souptrace-ar" >/dev/null
cmake --build "$T/cmake-build" -j2 >/dev/null
check "the CMake-built sample runs" "$T/cmake-build/pumpctl" --selftest
"$ST_CLI" trace --format json -o "$T/cmake.json"
jq -c --arg o "$T/cmake-build/pumpctl" \
	'.records[] | select(.mode == "link-executable" and (.outputs | map(test("pumpctl$")) | any))' \
	"$T/cmake.json" >"$T/cmake-link.json"
check "CMake: pumpctl's link is recorded" test -s "$T/cmake-link.json"
expect_eq "CMake: libtinycrc.a(crc16.c.o) pulled in by tinycrc_crc16_ccitt" tinycrc_crc16_ccitt \
	"$(jq -r '[.link.inputs[] | select(.member == "crc16.c.o")][0].reason.symbol // ""' "$T/cmake-link.json")"
check "CMake: the ar steps are recorded" \
	jq -e '[.records[] | select(.mode == "archive")] | length >= 2' "$T/cmake.json"

finish
