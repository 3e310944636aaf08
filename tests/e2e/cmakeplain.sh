#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15: a CMake project (a static library and a program) recorded
# without the souptrace module, both ways the README gives: the compiler
# given as CC=souptrace-cc (CMake then takes souptrace-ar as CMAKE_AR from
# the same folder), and the launcher variables; each with Ninja and with
# Unix Makefiles, in a build folder under the project. Checked for each:
# the program and the library are byte for byte those of a plain build in
# the same folder; CMake's try_compile probes (compiler identification,
# check_include_file, a check_symbol_exists that fails) are recorded but do
# not fail the gate; check passes with the vendored minilib declared and
# fails naming it undeclared without it; a list drafted by init from the
# first build folder passes in every build folder.
. "$(dirname "$0")/lib.sh"
unset CMAKE_PREFIX_PATH CMAKE_GENERATOR CMAKE_C_COMPILER_LAUNCHER CMAKE_C_LINKER_LAUNCHER CC AR

P="$T/proj"
minilib_project "$P" plaindemo
mv "$P/soup.json" "$P/nomini.json" "$T/"
cat >"$P/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(plaindemo C)
include(CheckIncludeFile)
include(CheckSymbolExists)
check_include_file(stdint.h HAVE_STDINT_H)
check_symbol_exists(no_such_function_here string.h HAVE_NO_SUCH_FUNCTION)
add_library(mini STATIC third_party/minilib/mini.c)
add_executable(app app.c)
target_link_libraries(app PRIVATE mini)
CM
git -C "$P" init -q
SCC="$ST_BIN/souptrace-cc"

# configure WAY BUILD GENERATOR [wrapped]: the project into $P/BUILD; WAY is
# "cc" (CC=souptrace-cc) or "launcher" (the launcher variables), plain
# without the fourth argument.
configure() {
	local way=$1 b=$2 gen=$3 wrapped=${4:-}
	local -a args=(-S "$P" -B "$P/$b" -G "$gen" -DCMAKE_BUILD_TYPE=RelWithDebInfo)
	if [ -z "$wrapped" ]; then
		cmake "${args[@]}" >"$T/$b.plain.log" 2>&1
	elif [ "$way" = cc ]; then
		CC="$SCC" cmake "${args[@]}" >"$T/$b.log" 2>&1
	else
		cmake "${args[@]}" -DCMAKE_C_COMPILER_LAUNCHER="$SCC" \
			-DCMAKE_C_LINKER_LAUNCHER="$SCC" -DCMAKE_AR="$ST_BIN/souptrace-ar" \
			>"$T/$b.log" 2>&1
	fi
}
gate() { # gate LIST OUT ARTIFACT...: check's exit status, from the project
	local list=$1 out=$2 rc=0
	shift 2
	(cd "$P" && "$ST_CLI" check --soup "$list" --format json -o "$out" "$@" \
		2>"$out.err") || rc=$?
	echo "$rc"
}

first=
for way in cc launcher; do
	for gen in Ninja "Unix Makefiles"; do
		b=build-$way-$(echo "$gen" | tr 'A-Z ' 'a-z-')
		w="$way, $gen"
		# the plain build, then the same through the wrappers, same folder
		check "$w: plain configure" configure "$way" "$b" "$gen"
		check "$w: plain build" cmake --build "$P/$b"
		cp "$P/$b/app" "$T/$b.app"
		cp "$P/$b/libmini.a" "$T/$b.libmini.a"
		rm -rf "${P:?}/$b"
		mkdir -p "$P/$b/.souptrace"
		export SOUPTRACE_DIR="$P/$b/.souptrace"
		check "$w: configure through the wrappers" configure "$way" "$b" "$gen" wrapped
		check "$w: build" cmake --build "$P/$b"
		unset SOUPTRACE_DIR
		check "$w: app is the plain build's, byte for byte" cmp "$T/$b.app" "$P/$b/app"
		check "$w: libmini.a is the plain build's, byte for byte" \
			cmp "$T/$b.libmini.a" "$P/$b/libmini.a"
		trace_json "$P/$b/.souptrace" | jq '.records' >"$T/$b.records.json"
		probes=$(jq '[.[] | select(.outputs[0] // "" | test("/CMakeScratch/TryCompile-"))] |
			length' "$T/$b.records.json")
		if [ "$way" = cc ]; then
			check "$w: CMake took souptrace-ar as CMAKE_AR" grep -qx \
				"CMAKE_AR:FILEPATH=$ST_BIN/souptrace-ar" "$P/$b/CMakeCache.txt"
			check "$w: try_compile probes recorded ($probes steps)" test "$probes" -ge 3
		else
			# CMake does not hand the launchers to try_compile projects
			expect_eq "$w: try_compile probes not run through the launchers" 0 "$probes"
		fi
		check "$w: the ar step of libmini.a recorded" jq -e '[.[] |
			select(.mode == "archive" and (.outputs[0] | endswith("/libmini.a")))] |
			length == 1' "$T/$b.records.json"
		check "$w: the link of app recorded" jq -e '[.[] | select(.mode == "link-executable"
			and (.outputs[0] | endswith("/'"$b"'/app")))] | length == 1' "$T/$b.records.json"

		for a in app libmini.a; do
			rc=$(gate "$T/soup.json" "$T/ok.json" "$b/$a")
			expect_eq "$w: check $a passes with minilib declared" 0 "$rc"
			check "$w: ... mini.c is minilib's" jq -e '[.components[] |
				select(.component == "minilib") | .files[].path |
				select(endswith("third_party/minilib/mini.c"))] | length == 1' "$T/ok.json"
			check "$w: ... no finding from the probes or the trace" jq -e '[.findings[] |
				select(.kind == "trace-incomplete" or .kind == "stale-trace" or
				.kind == "no-trace" or .fails)] | length == 0' "$T/ok.json"
			rc=$(gate "$T/nomini.json" "$T/no.json" "$b/$a")
			expect_eq "$w: check $a fails without minilib" 1 "$rc"
			check "$w: ... naming minilib undeclared" jq -e '[.findings[] |
				select(.kind == "undeclared" and .fails and .component == "minilib")] |
				length == 1' "$T/no.json"
		done
		if [ -z "$first" ]; then
			first=$b
			(cd "$P" && "$ST_CLI" init -o "$T/draft.json" "$b/app" "$b/libmini.a" \
				2>"$T/init.err")
			check "init drafts a list from $b" test -s "$T/draft.json"
			check "... naming minilib's folder" jq -e '[.components[] |
				select(.match.paths // [] | map(test("third_party/minilib")) | any)] |
				length == 1' "$T/draft.json"
		fi
		rc=$(gate "$T/draft.json" "$T/draft-check.json" "$b/app" "$b/libmini.a")
		expect_eq "$w: the list drafted in $first passes here" 0 "$rc"
	done
done

finish
