#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15: a list drafted by `init` passes its own `check` on an unchanged
# build, whatever the build folder. A CMake project fetching a library with
# FetchContent (its sources in _deps/minilog-src, a header its build
# generates in _deps/minilog-build) and a Meson project with a subproject
# folder named with its version (subprojects/minijson-1.7.15) are each
# built in two build folders; `init` drafts from the first, `check` of the
# second passes with that draft. The draft has one component per
# dependency, matched by name, not by build folder or version.
. "$(dirname "$0")/lib.sh"
W=$ST_BIN

# what check says, without the TODO fields a person has to write (incomplete)
verdict() {
	jq -c '[.findings[] | select(.kind != "incomplete") | [.kind, .component]] | sort' "$1"
}

# ---- CMake and FetchContent, Ninja then Makefiles
lib="$T/minilog-1.0"
mkdir -p "$lib"
printf 'Copyright (c) 2020 Minilog Authors\nMIT licence.\n' >"$lib/LICENSE"
cat >"$lib/CMakeLists.txt" <<'LIB'
cmake_minimum_required(VERSION 3.20)
project(minilog C)
configure_file(minilog_config.h.in ${CMAKE_CURRENT_BINARY_DIR}/minilog_config.h)
add_library(minilog STATIC minilog.c)
target_include_directories(minilog PUBLIC . ${CMAKE_CURRENT_BINARY_DIR})
LIB
printf '#define MINILOG_PREFIX "log: "\n' >"$lib/minilog_config.h.in"
printf 'int minilog(const char *m);\n' >"$lib/minilog.h"
printf '#include <stdio.h>\n#include "minilog.h"\n#include "minilog_config.h"\nint minilog(const char *m) { return printf(MINILOG_PREFIX "%%s\\n", m); }\n' \
	>"$lib/minilog.c"
tar -C "$T" -czf "$T/minilog-1.0.tar.gz" minilog-1.0
P="$T/fc"
mkdir -p "$P"
git -C "$P" init -q
cat >"$P/CMakeLists.txt" <<FC
cmake_minimum_required(VERSION 3.20)
project(fc C)
include(FetchContent)
FetchContent_Declare(minilog URL file://$T/minilog-1.0.tar.gz)
FetchContent_MakeAvailable(minilog)
add_executable(app app.c)
target_link_libraries(app minilog)
FC
printf '#include "minilog.h"\n#include "minilog_config.h"\nint main(void) { return minilog(MINILOG_PREFIX) < 0; }\n' >"$P/app.c"
echo '{"souptrace": 1, "project": {"name": "fc", "version": "1.0"}, "components": []}' >"$P/empty.json"

# cbuild FOLDER GENERATOR: configure and build through the wrappers, the
# folder's own trace
cbuild() {
	mkdir -p "$P/$1/.souptrace"
	SOUPTRACE_DIR="$P/$1/.souptrace" cmake -S "$P" -B "$P/$1" -G "$2" \
		-DCMAKE_C_COMPILER_LAUNCHER="$W/souptrace-cc" -DCMAKE_C_LINKER_LAUNCHER="$W/souptrace-cc" \
		>"$T/$1.log" 2>&1 &&
		SOUPTRACE_DIR="$P/$1/.souptrace" cmake --build "$P/$1" >>"$T/$1.log" 2>&1
}
check "FetchContent: builds with Ninja" cbuild build-ninja Ninja
check "FetchContent: builds with Makefiles" cbuild build-make "Unix Makefiles"

(cd "$P" && "$ST_CLI" init --trace build-ninja/.souptrace -o soup.json build-ninja/app 2>"$T/init.err")
check "init: one component for the fetched library, by its name" \
	jq -e '[.components[] | select(.name | startswith("minilog"))] | length == 1' "$P/soup.json"
expect_eq "init: matched by name in any build folder, sources and generated files" \
	'["**/_deps/minilog-src/**","**/_deps/minilog-build/**"]' \
	"$(jq -c '.components[] | select(.name == "minilog") | .match.paths' "$P/soup.json")"
for b in build-ninja build-make; do
	rc=0
	(cd "$P" && "$ST_CLI" check --soup soup.json --trace "$b/.souptrace" --format json \
		-o "$T/$b.json" "$b/app" 2>/dev/null) || rc=$?
	expect_eq "FetchContent, the draft of build-ninja checked in $b: nothing undeclared or unused" \
		"[]" "$(verdict "$T/$b.json")"
	check "... the generated minilog_config.h is minilog's" \
		jq -e '[.components[] | select(.component == "minilog") | .files[].path |
			select(endswith("_deps/minilog-build/minilog_config.h"))] | length == 1' "$T/$b.json"
done
# a build folder outside the project: the same rules find the library there
mkdir -p "$T/fc-outside/.souptrace"
SOUPTRACE_DIR="$T/fc-outside/.souptrace" cmake -S "$P" -B "$T/fc-outside" -G Ninja \
	-DCMAKE_C_COMPILER_LAUNCHER="$W/souptrace-cc" -DCMAKE_C_LINKER_LAUNCHER="$W/souptrace-cc" \
	>"$T/fc-outside.log" 2>&1 &&
	SOUPTRACE_DIR="$T/fc-outside/.souptrace" cmake --build "$T/fc-outside" >>"$T/fc-outside.log" 2>&1
(cd "$P" && "$ST_CLI" check --soup soup.json --trace "$T/fc-outside/.souptrace" --project-root "$P" \
	--format json -o "$T/outside.json" "$T/fc-outside/app" 2>/dev/null) || true
expect_eq "FetchContent, the same draft for a build folder outside the project" \
	"[]" "$(verdict "$T/outside.json")"
rc=0
(cd "$P" && "$ST_CLI" check --soup empty.json --trace build-make/.souptrace --format json \
	-o "$T/undeclared.json" build-make/app 2>/dev/null) || rc=$?
expect_eq "... while with nothing declared the library fails the gate, once" \
	'[["undeclared","minilog"]]' \
	"$(jq -c '[.findings[] | select(.component | startswith("minilog")) | [.kind, .component]]' \
		"$T/undeclared.json")"

# ---- the package a component is named by is the one that ships: a program
# built with zlib.h and libelf.h (from the -dev packages) that loads
# libz.so.1 and libelf.so.1 (zlib1g, libelf1)
I="$T/ident"
mkdir -p "$I/.souptrace"
git -C "$I" init -q
printf '#include <zlib.h>\n#include <libelf.h>\nint main(void) { return !zlibVersion() + (int)elf_version(EV_CURRENT) * 0; }\n' >"$I/id.c"
(cd "$I" && SOUPTRACE_DIR="$I/.souptrace" "$W/souptrace-cc" id.c -o id -lz -lelf)
(cd "$I" && "$ST_CLI" init --trace .souptrace -o soup.json id 2>/dev/null)
for want in "zlib zlib1g" "elfutils libelf1" "glibc libc6"; do
	set -- $want
	check "init: $1's purl names the runtime package $2, not its -dev package" \
		jq -e --arg n "$1" --arg p "pkg:deb/debian/$2@" \
		'[.components[] | select(.name == $n and (.purl | startswith($p)))] | length == 1' "$I/soup.json"
done

# ---- Meson and a versioned subproject folder, two build folders
if command -v meson >/dev/null && command -v ninja >/dev/null; then
	M="$T/ms"
	mkdir -p "$M/subprojects/minijson-1.7.15"
	git -C "$M" init -q
	cp "$ST_SRC/samples/infusionlog/third_party/minijson/"* "$M/subprojects/minijson-1.7.15/"
	cat >"$M/subprojects/minijson-1.7.15/meson.build" <<'SUB'
project('minijson', 'c', version: '1.7.15')
minijson_dep = declare_dependency(link_with: static_library('minijson', 'minijson.c'),
	include_directories: '.')
SUB
	cat >"$M/meson.build" <<'MESON'
project('ms', 'c')
minijson = subproject('minijson').get_variable('minijson_dep')
executable('app', 'app.c', dependencies: minijson)
MESON
	printf '#include "minijson.h"\nint main(void) { return 0; }\n' >"$M/app.c"
	# as `meson wrap install` leaves it: the folder is named with the
	# version, the wrap file says which folder (already there: no download)
	write_wrap() {
		printf '[wrap-file]\ndirectory = minijson-%s\nsource_url = https://example.invalid/minijson-%s.tar.gz\nsource_filename = minijson-%s.tar.gz\nsource_hash = 0000000000000000000000000000000000000000000000000000000000000000\n' \
			"$1" "$1" "$1" >"$M/subprojects/minijson.wrap"
	}
	write_wrap 1.7.15
	for b in build-a build-b; do
		mkdir -p "$M/$b.trace"
		(cd "$M" && SOUPTRACE_DIR="$M/$b.trace" CC="$W/souptrace-cc" AR="$W/souptrace-ar" \
			meson setup "$b" >"$T/$b.setup.log" 2>&1 &&
			SOUPTRACE_DIR="$M/$b.trace" ninja -C "$b" >"$T/$b.ninja.log" 2>&1)
		check "Meson: builds in $b" test -x "$M/$b/app"
	done
	(cd "$M" && "$ST_CLI" init --trace build-a.trace -o soup.json build-a/app 2>"$T/minit.err")
	check "init: the subproject is one component named without its version" \
		jq -e '[.components[] | select(.name | startswith("minijson"))] | map(.name) == ["minijson"]' \
		"$M/soup.json"
	expect_eq "init: matched at any version, in the source tree and any build folder" \
		'["**/subprojects/minijson-[0-9]*/**"]' \
		"$(jq -c '.components[] | select(.name == "minijson") | .match.paths' "$M/soup.json")"
	for b in build-a build-b; do
		(cd "$M" && "$ST_CLI" check --soup soup.json --trace "$b.trace" --format json \
			-o "$T/m-$b.json" "$b/app" 2>/dev/null) || true
		expect_eq "Meson, the draft of build-a checked in $b: nothing undeclared or unused" \
			"[]" "$(verdict "$T/m-$b.json")"
	done
	# an upgrade: the folder's name changes with the version
	mv "$M/subprojects/minijson-1.7.15" "$M/subprojects/minijson-1.7.16"
	sed -i 's/1.7.15/1.7.16/' "$M/subprojects/minijson-1.7.16/meson.build"
	write_wrap 1.7.16
	mkdir -p "$M/build-c.trace"
	(cd "$M" && SOUPTRACE_DIR="$M/build-c.trace" CC="$W/souptrace-cc" AR="$W/souptrace-ar" \
		meson setup build-c >"$T/build-c.setup.log" 2>&1 &&
		SOUPTRACE_DIR="$M/build-c.trace" ninja -C build-c >"$T/build-c.ninja.log" 2>&1)
	(cd "$M" && "$ST_CLI" check --soup soup.json --trace build-c.trace --format json \
		-o "$T/m-up.json" build-c/app 2>/dev/null) || true
	check "after an upgrade the subproject is still the declared minijson (not undeclared + unused)" \
		jq -e '[.findings[] | select(.kind == "undeclared" or .kind == "unused")] | length == 0' \
		"$T/m-up.json"
else
	skip "meson or ninja is not installed (scripts/test installs both)"
fi
finish
