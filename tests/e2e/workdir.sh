#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15, independence of the working directory: a project outside any
# git work tree, built through the wrappers, checked and drafted from the
# project folder, from its parent, from an unrelated folder and from inside
# another git work tree (this checkout). The trace is found above the
# artifact and the project root from what the trace recorded about it, so
# every run gives the same exit status and the same JSON, and says which
# trace and root it used and why. Two layouts: a Makefile building in the
# tree with .souptrace/ at its top, and CMake (without the module)
# building into a folder beside the project, with the trace in that build
# tree.
. "$(dirname "$0")/lib.sh"

# The e2e work folder is inside the souptrace checkout (a git work tree):
# the project goes to a folder of its own under /tmp.
base=$(mktemp -d "${TMPDIR:-/tmp}/souptrace-workdir.XXXXXXXX")
other=$(mktemp -d "${TMPDIR:-/tmp}/souptrace-elsewhere.XXXXXXXX")
trap 'rm -rf "$base" "$other"' EXIT
for d in "$base" "$other"; do
	while [ "$d" != / ]; do
		[ ! -e "$d/.git" ] || {
			skip "$d/.git exists: no folder outside git under ${TMPDIR:-/tmp}"
			finish
		}
		d=$(dirname "$d")
	done
done
P="$base/proj"
minilib_project "$P" workdirdemo
printf 'Copyright (c) 2026 Workdir Demo Authors\n\nMIT licence.\n' >"$P/LICENSE"
cat >"$P/Makefile" <<'MK'
build/app: build/app.o build/libmini.a
	$(CC) -o build/app build/app.o build/libmini.a
build/app.o: app.c
	mkdir -p build
	$(CC) -g -O1 -c app.c -o build/app.o
build/libmini.a: build/mini.o
	$(AR) rcs build/libmini.a build/mini.o
build/mini.o: third_party/minilib/mini.c
	mkdir -p build
	$(CC) -g -O1 -c third_party/minilib/mini.c -o build/mini.o
MK
cat >"$P/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(workdirdemo C)
add_library(mini STATIC third_party/minilib/mini.c)
add_executable(app app.c)
target_link_libraries(app mini)
CM

# runs NAME ARTIFACT-FROM-P: check (with nomini.json: minilib undeclared)
# and init from each folder, the artifact named relative to it where it can
# be; outputs in $T/NAME.WHERE.{check.json,check.txt,init.json}, statuses
# in $T/NAME.WHERE.rc.
runs() {
	local name=$1 art=$2 where dir a rc
	for where in project parent elsewhere gitrepo; do
		case $where in
		project) dir=$P a=$art ;;
		parent) dir=$base a=proj/$art ;;
		elsewhere) dir=$other a=$P/$art ;;
		gitrepo) dir=$T a=$P/$art ;;
		esac
		(
			cd "$dir"
			rc=0
			"$ST_CLI" check --soup "$P/nomini.json" --format json "$a" \
				>"$T/$name.$where.check.json" 2>"$T/$name.$where.check.err" || rc=$?
			echo "check $rc" >"$T/$name.$where.rc"
			rc=0
			"$ST_CLI" check --soup "$P/nomini.json" --color never "$a" \
				>"$T/$name.$where.check.txt" 2>&1 || rc=$?
			echo "check-text $rc" >>"$T/$name.$where.rc"
			rc=0
			"$ST_CLI" init -o "$T/$name.$where.init.json" "$a" \
				>/dev/null 2>"$T/$name.$where.init.err" || rc=$?
			echo "init $rc" >>"$T/$name.$where.rc"
			rc=0
			"$ST_CLI" trace --artifact "$a" --format json 2>/dev/null |
				jq -c '[.files[].path] | sort' >"$T/$name.$where.trace.json" || rc=$?
			echo "trace $rc" >>"$T/$name.$where.rc"
		)
	done
}

# same NAME: every folder gave what the project folder gave.
same() {
	local name=$1 where f
	for where in parent elsewhere gitrepo; do
		for f in rc check.json init.json trace.json; do
			check "$name from the $where folder: the same $f as from the project" \
				cmp "$T/$name.project.$f" "$T/$name.$where.$f"
		done
	done
}

# ---- 1. make, in the tree, the trace at its top -------------------------
mkdir "$P/.souptrace"
make -s -C "$P" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" >/dev/null
runs make build/app
same make
J="$T/make.project.check.json"
expect_eq "make: check fails on the undeclared library, init writes the draft" \
	"check 1 check-text 1 init 0 trace 0" "$(tr '\n' ' ' <"$T/make.project.rc" | sed 's/ $//')"
expect_eq "make: the trace is the project's .souptrace" "$P/.souptrace" "$(jq -r .summary.trace "$J")"
check "make: ... found above the artifact" \
	jq -e --arg a "$P/build/app" '.summary.trace_why == "the nearest .souptrace above the artifact \($a)"' "$J"
expect_eq "make: the project root is the project folder" "$P" "$(jq -r .summary.project_root "$J")"
check "make: ... the folder holding the trace, said why" \
	jq -e '.summary.project_root_why | startswith("the folder holding the trace, in no git work tree")' "$J"
check "make: one finding, minilib undeclared (the project is not a vendored component)" \
	jq -e '[.findings[] | select(.fails)] | length == 1 and
		(.[0] | .kind == "undeclared" and .component == "minilib")' "$J"
check "make: the text output says which trace and why" \
	grep -qx "trace $P/.souptrace (the nearest .souptrace above the artifact $P/build/app)" \
	"$T/make.elsewhere.check.txt"
check "make: ... and which project root and why" \
	grep -q "^project root $P (the folder holding the trace, in no git work tree" \
	"$T/make.elsewhere.check.txt"
check "make: the draft's match rule is relative to the project" \
	jq -e '[.components[] | select(.match.paths == ["third_party/minilib/**"])] | length == 1' \
	"$T/make.parent.init.json"
rc=0
"$ST_CLI" check --soup "$T/make.elsewhere.init.json" "$P/build/app" >"$T/make.draft.txt" 2>&1 || rc=$?
check "make: the draft written from elsewhere fails only on what it leaves to review" \
	sh -c "! grep '^FAIL' '$T/make.draft.txt' | grep -v 'FAIL incomplete'"

# --evidence binary (no trace): the root from the sources the artifact's
# DWARF names (it was built with -g), the same from every folder; before,
# the current directory (from the parent, the whole project became one
# undeclared "vendored" component).
for where in project parent elsewhere; do
	case $where in
	project) dir=$P a=build/app ;;
	parent) dir=$base a=proj/build/app ;;
	elsewhere) dir=$other a=$P/build/app ;;
	esac
	(cd "$dir" && "$ST_CLI" check --evidence binary --soup "$P/nomini.json" --format json "$a" \
		>"$T/binary.$where.json" 2>/dev/null) || true
done
expect_eq "binary evidence: the project root is the project folder" "$P" \
	"$(jq -r .summary.project_root "$T/binary.parent.json")"
check "... from the sources its debug information names, said why" \
	jq -e '.summary.project_root_why | test("debug information")' "$T/binary.elsewhere.json"
for where in parent elsewhere; do
	check "binary evidence from the $where folder: the same JSON as from the project" \
		cmp "$T/binary.project.json" "$T/binary.$where.json"
done
check "binary evidence: minilib is the one undeclared component" \
	jq -e '[.findings[] | select(.kind == "undeclared") | .component] == ["minilib"]' \
	"$T/binary.parent.json"

# The trace given, from the parent folder: the root still comes from the
# artifact's records, not from the current directory (which would make the
# project, with its own LICENSE, one undeclared vendored component).
(cd "$base" && "$ST_CLI" check --soup "$P/nomini.json" --format json --trace "$P/.souptrace" \
	proj/build/app >"$T/make.parent-trace.json" 2>/dev/null) || true
check "make, --trace given, from the parent folder: the same findings and components" \
	cmp <(jq '{findings, components}' "$J") <(jq '{findings, components}' "$T/make.parent-trace.json")

# --trace and --project-root still win, and say so.
rc=0
(cd "$other" && "$ST_CLI" check --soup "$P/nomini.json" --format json --trace "$P/.souptrace" \
	--project-root "$base" "$P/build/app" >"$T/given.json" 2>/dev/null) || rc=$?
check "given: --trace and --project-root are used, and said given" \
	jq -e --arg b "$base" '.summary.project_root == $b and
		.summary.project_root_why == "given by --project-root" and
		.summary.trace_why == "given by --trace"' "$T/given.json"

# ---- 2. CMake into a build folder beside the project --------------------
B="$base/build-out"
mkdir -p "$B/.souptrace"
rc=0
CC="$ST_BIN/souptrace-cc" cmake -S "$P" -B "$B" -G "Unix Makefiles" >"$T/cmake.log" 2>&1 &&
	make -s -C "$B" >>"$T/cmake.log" 2>&1 || rc=$?
expect_eq "cmake: configures and builds" 0 "$rc"
[ "$rc" -eq 0 ] || cat "$T/cmake.log" >&2
runs cmake ../build-out/app
same cmake
J="$T/cmake.project.check.json"
expect_eq "cmake: the trace is the build tree's" "$B/.souptrace" "$(jq -r .summary.trace "$J")"
expect_eq "cmake: the project root is the source folder" "$P" "$(jq -r .summary.project_root "$J")"
check "cmake: ... from the CMakeCache.txt of the build tree holding the trace" \
	jq -e '.summary.project_root_why | contains("CMAKE_HOME_DIRECTORY")' "$J"
check "cmake: one finding, minilib undeclared" \
	jq -e '[.findings[] | select(.fails)] | length == 1 and
		(.[0] | .kind == "undeclared" and .component == "minilib")' "$J"
finish
