#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The CMake integration, as a user gets it: souptrace installed with
# cmake --install (then moved: the package is relocatable), the pumpctl
# sample configured against that prefix with find_package(souptrace),
# souptrace_enable() and souptrace_check(), with Ninja and with Unix
# Makefiles. ctest fails naming the undeclared header-only ringbuf and passes
# once it is declared; MODE POST_BUILD fails the build itself; a ccache
# launcher set beforehand is chained and still hits.
. "$(dirname "$0")/lib.sh"
: "${ST_BUILD:?the souptrace build tree, set by ctest}"
unset CMAKE_PREFIX_PATH CMAKE_GENERATOR CMAKE_C_COMPILER_LAUNCHER CMAKE_C_LINKER_LAUNCHER

cmake --install "$ST_BUILD" --prefix "$T/stage" >/dev/null
mv "$T/stage" "$T/prefix"
prefix="$T/prefix"
check "the package config is installed under lib/cmake/souptrace" \
	test -f "$prefix/lib/cmake/souptrace/souptraceConfig.cmake" -a \
	-f "$prefix/lib/cmake/souptrace/souptraceConfigVersion.cmake" -a \
	-f "$prefix/lib/cmake/souptrace/SoupTrace.cmake"
check "the installed package names no path of the build or staging tree" \
	sh -c "! grep -rqe '$ST_BUILD' -e '$T/stage' '$prefix/lib/cmake/souptrace'"

# The sample (its CMakeLists.txt has the three lines behind PUMPCTL_SOUPTRACE)
# and its prebuilt vendor SDK.
src="$T/pumpctl"
cp -R "$ST_SRC/samples/pumpctl/." "$src"
(cd "$src" && ./build-vendor-sdk.sh "$T/sdk" >/dev/null)

# configure SRC BUILD GENERATOR [CMAKE-ARGS...]: the build tree goes under the
# project (cmake -B build), so the generated config.h is first-party code.
configure() {
	local s=$1 b=$2 g=$3
	shift 3
	cmake -S "$s" -B "$s/$b" -G "$g" -DSDK_PREFIX="$T/sdk" -DPUMPCTL_SOUPTRACE=ON \
		-DCMAKE_PREFIX_PATH="$prefix" "$@" >"$T/$b.configure.log" 2>&1
}
# ctest_gate BUILD: runs the whole ctest of the build tree, sets rc, output in $T/BUILD.ctest.log
ctest_gate() {
	rc=0
	(cd "$src/$1" && ctest --output-on-failure) >"$T/$1.ctest.log" 2>&1 || rc=$?
}
trace_of() { # trace_of BUILD: the trace in the build tree as JSON in $T/BUILD.trace.json
	"$ST_CLI" trace --trace "$src/$1/.souptrace" --format json -o "$T/$1.trace.json"
}

for gen in Ninja "Unix Makefiles"; do
	b=build-$(echo "$gen" | tr 'A-Z ' 'a-z-')
	check "$gen: configures against the installed package" configure "$src" "$b" "$gen"
	check "$gen: builds" cmake --build "$src/$b" -j2
	check "$gen: the built sample runs" "$src/$b/pumpctl" --selftest
	trace_of "$b"
	J="$T/$b.trace.json"
	expect_eq "$gen: the trace is in the build tree, complete" "0 0" \
		"$(jq -r '"\(.unreadable_records) \(.incomplete | length)"' "$J")"
	check "$gen: the compile of main.c is recorded with ringbuf.h" \
		jq -e --arg h "$src/third_party/ringbuf/ringbuf.h" \
		'[.records[] | select(.mode == "compile" and (.outputs[0] | endswith("main.c.o")) and (.dependencies.files | index($h)))] | length == 1' "$J"
	check "$gen: the ar step of libtinycrc.a is recorded, with its members" \
		jq -e '[.records[] | select(.mode == "archive" and (.archive.path | endswith("/libtinycrc.a")) and .archive.members_after == ["crc16.c.o", "crc32c.c.o"])] | length == 1' "$J"
	check "$gen: the link of pumpctl is recorded" \
		jq -e '[.records[] | select(.mode == "link-executable" and (.outputs[0] | endswith("/pumpctl")))] | length == 1' "$J"
	ctest_gate "$b"
	expect_eq "$gen: ctest fails" 8 "$rc"
	check "$gen: ... in the test souptrace.pumpctl" grep -Eq 'souptrace\.pumpctl .*Failed' "$T/$b.ctest.log"
	check "$gen: ... naming the undeclared ringbuf" \
		grep -q 'FAIL undeclared: ringbuf: vendored, folder third_party/ringbuf' "$T/$b.ctest.log"
	expect_eq "$gen: ... and nothing else" 1 "$(grep -c '^FAIL ' "$T/$b.ctest.log")"
	check "$gen: the sample's own test still passes" grep -Eq 'test_alarm .*Passed' "$T/$b.ctest.log"
done

# Declare ringbuf in the sample's soup.json: the same ctest passes, no rebuild.
jq '.components += [{"name": "ringbuf", "version": "1.3.0", "supplier": "Ringbuf authors",
	"license": "Zlib", "kind": "open-source", "purpose": "event queue",
	"requirements": {"functional": "FIFO of log records", "performance": "O(1)"},
	"system_requirements": "C11", "anomalies": {"list": "none published",
	"reviewed": "2026-11-01", "evaluation": "no known anomalies"},
	"risk": {"hazards": ["lost log record"], "controls": ["CRC on every record"]},
	"match": {"paths": ["third_party/ringbuf/**"]}}]' "$src/soup.json" >"$T/declared.json"
cp "$src/soup.json" "$T/undeclared.json"
cp "$T/declared.json" "$src/soup.json"
for b in build-ninja build-unix-makefiles; do
	ctest_gate "$b"
	expect_eq "$b: ringbuf declared, ctest passes" 0 "$rc"
	[ "$rc" -eq 0 ] || cat "$T/$b.ctest.log" >&2
done

# A build tree outside the project: what the build generated there
# (config.h) is the project's own, not an undeclared component.
rc=0
cmake -S "$src" -B "$T/outside" -G Ninja -DSDK_PREFIX="$T/sdk" -DPUMPCTL_SOUPTRACE=ON \
	-DCMAKE_PREFIX_PATH="$prefix" >"$T/outside.configure.log" 2>&1 &&
	cmake --build "$T/outside" -j2 >"$T/outside.build.log" 2>&1 || rc=$?
expect_eq "out-of-tree build: configures and builds" 0 "$rc"
check "out-of-tree build: config.h is generated in the build tree" test -f "$T/outside/config.h"
rc=0
(cd "$T/outside" && ctest --output-on-failure) >"$T/outside.ctest.log" 2>&1 || rc=$?
expect_eq "out-of-tree build: ringbuf declared, ctest passes (config.h is first-party)" 0 "$rc"
[ "$rc" -eq 0 ] || cat "$T/outside.ctest.log" >&2

# FetchContent: a library downloaded into the build tree's _deps/NAME-src
# is vendored code named NAME, with the build tree in the project or not.
lib="$T/minilog-1.0"
mkdir -p "$lib" "$T/fc"
printf 'Copyright (c) 2020 Minilog Authors\nMIT licence.\n' >"$lib/LICENSE"
printf 'cmake_minimum_required(VERSION 3.20)\nproject(minilog C)\nadd_library(minilog STATIC minilog.c)\ntarget_include_directories(minilog PUBLIC .)\n' >"$lib/CMakeLists.txt"
printf 'int minilog(const char *m);\n' >"$lib/minilog.h"
printf '#include <stdio.h>\n#include "minilog.h"\nint minilog(const char *m) { return puts(m); }\n' >"$lib/minilog.c"
tar -C "$T" -czf "$T/minilog-1.0.tar.gz" minilog-1.0
cat >"$T/fc/CMakeLists.txt" <<FC
cmake_minimum_required(VERSION 3.20)
project(fc C)
find_package(souptrace 0.1 REQUIRED)
souptrace_enable()
include(FetchContent)
FetchContent_Declare(minilog URL file://$T/minilog-1.0.tar.gz)
FetchContent_MakeAvailable(minilog)
add_executable(app app.c)
target_link_libraries(app minilog)
souptrace_check(TARGET app SOUP soup.json)
FC
printf '#include "minilog.h"\nint main(void) { return minilog("hi") < 0; }\n' >"$T/fc/app.c"
echo '{"souptrace": 1, "project": {"name": "fc"}, "components": [], "ignore": [{"paths": ["/usr/**"], "reason": "the C runtime is not what this test is about"}]}' >"$T/fc/soup.json"
for b in "$T/fc/build" "$T/fc-outside"; do
	rc=0
	cmake -S "$T/fc" -B "$b" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >"$T/fc.log" 2>&1 &&
		cmake --build "$b" >>"$T/fc.log" 2>&1 || rc=$?
	expect_eq "FetchContent ($b): configures and builds" 0 "$rc"
	rc=0
	(cd "$b" && ctest --output-on-failure) >"$T/fc.ctest.log" 2>&1 || rc=$?
	check "FetchContent ($b): the gate fails naming the fetched library as vendored" \
		grep -q 'FAIL undeclared: minilog: vendored, folder .*_deps/minilog-src' "$T/fc.ctest.log"
	expect_eq "FetchContent ($b): ... and nothing else" 1 "$(grep -c '^FAIL ' "$T/fc.ctest.log")"
done

# Bootstrap: souptrace_check() without its SOUP file configures with a
# warning naming souptrace-init; the gate fails saying to run it; the
# target drafts the file (never over an existing one), and the drafted list
# passes the gate (safety class A: its TODO fields are warnings).
bs="$T/bootstrap"
mkdir -p "$bs"
printf 'int main(void) { return 0; }\n' >"$bs/app.c"
printf 'cmake_minimum_required(VERSION 3.20)\nproject(bs C)\nfind_package(souptrace 0.1 REQUIRED)\nsouptrace_enable()\nadd_executable(app app.c)\nsouptrace_check(TARGET app SOUP soup.json)\n' >"$bs/CMakeLists.txt"
rc=0
cmake -S "$bs" -B "$bs/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >"$T/bs.configure.log" 2>&1 || rc=$?
expect_eq "bootstrap: configure succeeds without soup.json" 0 "$rc"
check "bootstrap: ... warning, naming the file and souptrace-init" \
	sh -c "tr -s ' \n' '  ' <'$T/bs.configure.log' | grep -q 'soup.json does not exist' &&
		grep -q -- '--target souptrace-init' '$T/bs.configure.log'"
check "bootstrap: builds" cmake --build "$bs/build"
rc=0
(cd "$bs/build" && ctest --output-on-failure) >"$T/bs.ctest.log" 2>&1 || rc=$?
check "bootstrap: the gate fails while soup.json is missing (status $rc)" test "$rc" -ne 0
check "bootstrap: ... saying to run souptrace-init" grep -q -- '--target souptrace-init' "$T/bs.ctest.log"
rc=0
cmake --build "$bs/build" --target souptrace-init >"$T/bs.init.log" 2>&1 || rc=$?
expect_eq "bootstrap: souptrace-init runs" 0 "$rc"
check "bootstrap: ... and writes soup.json where souptrace_check() said" jq -e '.components | length > 0' "$bs/soup.json"
cp "$bs/soup.json" "$T/bs.draft.json"
# AUDIT_DB: a ctest test souptrace.audit.app runs souptrace audit; a record
# naming the declared minilog 1.0 (high) fails it; AUDIT_FAIL_ON critical,
# or a person's not_affected decision in AUDIT_VEX, lets it pass.
mkdir -p "$T/fc/vulns"
echo '{"id": "OSV-2099-9001", "summary": "synthetic: minilog overflow", "database_specific": {"severity": "HIGH"},
 "affected": [{"package": {"name": "minilog", "purl": "pkg:generic/minilog"}, "versions": ["1.0"]}]}' \
	>"$T/fc/vulns/OSV-2099-9001.json"
echo '{"souptrace": 1, "project": {"name": "fc"}, "components": [{"name": "minilog", "version": "1.0", "purl": "pkg:generic/minilog@1.0",
 "match": {"paths": ["**/_deps/minilog-src/**"]}}], "ignore": [{"paths": ["/usr/**"], "reason": "the C runtime is not what this test is about"}]}' >"$T/fc/soup.json"
audit_ctest() { # ARGS...: configure fc with souptrace_check(... ARGS), build, ctest; rc, log in $T/fca.log
	sed -i "s|^souptrace_check(.*|souptrace_check(TARGET app SOUP soup.json $*)|" "$T/fc/CMakeLists.txt"
	rc=0
	{ cmake -S "$T/fc" -B "$T/fc/build-audit" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" &&
		cmake --build "$T/fc/build-audit" && (cd "$T/fc/build-audit" && ctest --output-on-failure); } \
		>"$T/fca.log" 2>&1 || rc=$?
}
audit_ctest AUDIT_DB vulns
check "AUDIT_DB: a ctest test souptrace.audit.app fails on the high record (status $rc)" \
	grep -Eq 'souptrace\.audit\.app .*Failed' "$T/fca.log"
check "... naming it" grep -q '^affected .*minilog 1.0 .*OSV-2099-9001 high' "$T/fca.log"
check "... while the gate itself passes" grep -Eq 'souptrace\.app .*Passed' "$T/fca.log"
audit_ctest AUDIT_DB vulns AUDIT_FAIL_ON critical
expect_eq "AUDIT_FAIL_ON critical: ctest passes" 0 "$rc"
cat >"$T/fc/decided.vex.json" <<'VEX'
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/vex/fc-1",
 "author": "Jane Auditor", "timestamp": "2026-12-01T00:00:00Z", "version": 1,
 "statements": [{"vulnerability": {"name": "OSV-2099-9001"},
   "products": [{"@id": "pkg:generic/minilog@1.0"}],
   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
VEX
audit_ctest AUDIT_DB vulns AUDIT_VEX decided.vex.json
expect_eq "AUDIT_VEX: the person's not_affected decision lets it pass" 0 "$rc"
[ "$rc" -eq 0 ] || cat "$T/fca.log" >&2
rc=0
sed -i "s|^souptrace_check(.*|souptrace_check(TARGET app SOUP soup.json AUDIT_FAIL_ON high)|" "$T/fc/CMakeLists.txt"
cmake -S "$T/fc" -B "$T/fc/build-bad" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >"$T/fcb.log" 2>&1 || rc=$?
check "AUDIT_FAIL_ON without AUDIT_DB is a configure error (status $rc)" \
	grep -q 'AUDIT_FAIL_ON and AUDIT_VEX need AUDIT_DB' "$T/fcb.log"

rc=0
cmake --build "$bs/build" --target souptrace-init >"$T/bs.init2.log" 2>&1 || rc=$?
check "bootstrap: run again, it refuses to overwrite the file (status $rc)" test "$rc" -ne 0
check "bootstrap: ... which is unchanged" cmp "$bs/soup.json" "$T/bs.draft.json"
rc=0
(cd "$bs/build" && ctest --output-on-failure) >"$T/bs.ctest2.log" 2>&1 || rc=$?
expect_eq "bootstrap: the drafted list passes the gate (class A: TODOs are warnings)" 0 "$rc"
[ "$rc" -eq 0 ] || cat "$T/bs.ctest2.log" >&2

# MODE POST_BUILD: the build of pumpctl fails on the gate, and again on the
# next build (the failed artifact is not taken as up to date); declaring
# ringbuf relinks (the SOUP list is a link dependency) and the build passes.
post="$T/pumpctl-post"
cp -R "$ST_SRC/samples/pumpctl/." "$post"
sed -i 's/souptrace_check(TARGET pumpctl SOUP soup.json)/souptrace_check(TARGET pumpctl SOUP soup.json MODE POST_BUILD)/' \
	"$post/CMakeLists.txt"
check "POST_BUILD: the sample now asks for it" grep -q 'MODE POST_BUILD' "$post/CMakeLists.txt"
for gen in Ninja "Unix Makefiles"; do
	b=build-post-$(echo "$gen" | tr 'A-Z ' 'a-z-')
	check "POST_BUILD $gen: configures" configure "$post" "$b" "$gen"
	rc=0
	cmake --build "$post/$b" -j2 >"$T/$b.log" 2>&1 || rc=$?
	check "POST_BUILD $gen: the build fails (status $rc)" test "$rc" -ne 0
	check "POST_BUILD $gen: ... naming ringbuf" grep -q 'FAIL undeclared: ringbuf' "$T/$b.log"
	rc=0
	cmake --build "$post/$b" -j2 >"$T/$b.again.log" 2>&1 || rc=$?
	check "POST_BUILD $gen: the next build fails too (status $rc)" test "$rc" -ne 0
	cp "$T/declared.json" "$post/soup.json"
	rc=0
	cmake --build "$post/$b" -j2 >"$T/$b.declared.log" 2>&1 || rc=$?
	expect_eq "POST_BUILD $gen: declared, the build passes" 0 "$rc"
	[ "$rc" -eq 0 ] || cat "$T/$b.declared.log" >&2
	check "POST_BUILD $gen: ... the gate ran again" grep -q 'passed: 0 failing' "$T/$b.declared.log"
	check "POST_BUILD $gen: ... quietly (no list of what passed in the build log)" \
		sh -c "! grep -q '^  ok ' '$T/$b.declared.log'"
	check "POST_BUILD $gen: no ctest test in this mode" \
		sh -c "cd '$post/$b' && ! ctest -N | grep -q souptrace"
	cp "$T/undeclared.json" "$post/soup.json"
done

# A launcher set before souptrace_enable() (ccache) is chained behind the
# wrapper: cache hits on a rebuild, and every compile still recorded with
# its headers (ccache restores the depfile).
export CCACHE_DIR="$T/ccache"
b=build-ccache
check "ccache: configures" configure "$src" "$b" Ninja -DCMAKE_C_COMPILER_LAUNCHER=ccache
check "ccache: builds" cmake --build "$src/$b" -j2
check "ccache: the chain is wrapper, then ccache" \
	grep -q "$prefix/bin/souptrace-cc ccache /usr/bin/cc " "$src/$b/CMakeFiles/rules.ninja"
ccache -z >/dev/null
check "ccache: rebuilds after clean" sh -c "cmake --build '$src/$b' --target clean && cmake --build '$src/$b' -j2"
hits=$(ccache --print-stats | awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { n += $2 } END { print n + 0 }')
check "ccache: the rebuild hit the cache ($hits hits)" test "$hits" -ge 8
check "the built sample runs" "$src/$b/pumpctl" --selftest
trace_of "$b"
J="$T/$b.trace.json"
check "ccache: both compiles of main.c recorded, naming ccache, with ringbuf.h" \
	jq -e --arg h "$src/third_party/ringbuf/ringbuf.h" \
	'[.records[] | select(.mode == "compile" and (.outputs[0] | endswith("main.c.o")) and (.program | endswith("/ccache")) and (.dependencies.files | index($h)))] | length == 2' "$J"
check "ccache: the raw record names the compiler behind ccache" \
	grep -lq '"compiler_name":"/usr/bin/cc"' "$src/$b"/.souptrace/records/*.json
ctest_gate "$b"
expect_eq "ccache: declared ringbuf, ctest passes" 0 "$rc"
cp "$T/undeclared.json" "$src/soup.json"
ctest_gate "$b"
check "ccache: undeclared again, ctest names ringbuf" \
	grep -q 'FAIL undeclared: ringbuf' "$T/$b.ctest.log"
unset CCACHE_DIR

# SBOM and REPORT: built with the target, rebuilt only when it relinks or
# the SOUP list changes.
docs="$T/pumpctl-docs"
cp -R "$ST_SRC/samples/pumpctl/." "$docs"
sed -i 's/souptrace_check(TARGET pumpctl SOUP soup.json)/souptrace_check(TARGET pumpctl SOUP soup.json SBOM pumpctl.spdx.json SBOM_FORMAT spdx REPORT soup.html)/' \
	"$docs/CMakeLists.txt"
b=build-docs
check "SBOM/REPORT: configures" configure "$docs" "$b" Ninja
check "SBOM/REPORT: builds" cmake --build "$docs/$b" -j2
check "SBOM/REPORT: an SPDX SBOM naming ringbuf" \
	jq -e '([.. | strings | select(test("spdx.org"))] | length > 0) and ([.. | strings | select(test("ringbuf"))] | length > 0)' "$docs/$b/pumpctl.spdx.json"
check "SBOM/REPORT: an HTML report naming ringbuf" \
	sh -c "grep -q '<html' '$docs/$b/soup.html' && grep -q ringbuf '$docs/$b/soup.html'"
check "SBOM/REPORT: nothing to do on the next build" \
	sh -c "cmake --build '$docs/$b' | grep -q 'no work to do'"
touch "$docs/soup.json"
cmake --build "$docs/$b" >"$T/$b.soup.log" 2>&1
check "SBOM/REPORT: a changed SOUP list rebuilds both" \
	sh -c "grep -q 'spdx SBOM of pumpctl' '$T/$b.soup.log' && grep -q 'SOUP report of pumpctl' '$T/$b.soup.log'"
touch "$docs/src/main.c"
cmake --build "$docs/$b" >"$T/$b.relink.log" 2>&1
check "SBOM/REPORT: a relinked target rebuilds both" \
	sh -c "grep -q 'Linking C executable pumpctl' '$T/$b.relink.log' && grep -q 'spdx SBOM of pumpctl' '$T/$b.relink.log' && grep -q 'SOUP report of pumpctl' '$T/$b.relink.log'"
finish
