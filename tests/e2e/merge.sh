#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 17: traces from several machines. The infusionlog sample is built in
# three trees with different absolute roots, as a CI matrix or a build farm
# would: tree a compiles the program's own objects, tree b the library
# (archived with a plain `ar`, as the sample's Makefile does), tree c gets
# their outputs and links. `souptrace trace merge --map a=c --map b=c`
# brings the three traces together, and check on the merged trace says what
# it says for a build of the whole sample in one tree. Without the merge,
# the link's trace alone cannot place the objects: the gate must not pass.
. "$(dirname "$0")/lib.sh"
W=$ST_BIN
app_objects="src/main.o compat/getopt.o"
lib_objects="third_party/minijson/minijson.o src/strsearch.o src/eventlog.o"

tree() { # tree NAME: a copy of the sample with an empty trace
	cp -R "$ST_SRC/samples/infusionlog" "$T/$1"
	mkdir -p "$T/$1/.souptrace"
}
wmake() { # wmake TREE TARGET...: make through the wrappers, the tree's own trace
	local t=$1
	shift
	(cd "$T/$t" && SOUPTRACE_DIR="$T/$t/.souptrace" make -s CC="$W/souptrace-cc" \
		SOUPTRACE_CC=gcc "$@")
}

# One tree: the reference.
tree whole
wmake whole infusionlog
rc_whole=0
"$ST_CLI" check --soup "$T/whole/soup.json" --trace "$T/whole/.souptrace" \
	--project-root "$T/whole" --format json -o "$T/whole.json" "$T/whole/infusionlog" ||
	rc_whole=$?

# Issue 15: the library a plain `ar` made (the wrappers never saw it) as an
# artifact: its members matched to their compiles by their bytes.
rc=0
"$ST_CLI" check --soup "$T/whole/soup.json" --trace "$T/whole/.souptrace" \
	--project-root "$T/whole" --format json -o "$T/lib.json" "$T/whole/libinfusion.a" || rc=$?
expect_eq "a static library made by a plain ar: the gate passes" 0 "$rc"
expect_eq "... its components are the library's" '["glibc","libsearch","minijson"]' \
	"$(jq -c '[.components[] | .component | select(. != "GCC runtime libraries")] | sort' "$T/lib.json")"

# Three trees.
tree a
tree b
tree c
wmake a $app_objects
wmake b libinfusion.a
for o in $app_objects; do cp "$T/a/$o" "$T/c/$o"; done
for o in $lib_objects; do cp "$T/b/$o" "$T/c/$o"; done
cp "$T/b/libinfusion.a" "$T/c/libinfusion.a"
wmake c infusionlog
expect_eq "tree c only linked (its trace holds one record)" 1 \
	"$(ls "$T/c/.souptrace/records" | wc -l)"
check "records name their host" \
	jq -e --arg h "$(hostname)" '.host == $h' "$(ls -d "$T/a/.souptrace/records/"*.json | head -n1)"
cmp -s "$T/whole/infusionlog" "$T/c/infusionlog" ||
	echo "note: the program differs from the one-tree build (folder names in its debug information)"

# The link's trace alone: the objects come from no recorded step here.
rc=0
"$ST_CLI" check --soup "$T/c/soup.json" --trace "$T/c/.souptrace" --project-root "$T/c" \
	--format json -o "$T/alone.json" "$T/c/infusionlog" || rc=$?
check "without the merge the gate does not pass (exit $rc)" test "$rc" -ne 0
check "... and says what it could not see: no recorded compile produced main.o" \
	jq -e '[.findings[] | select(.component == "main.o" and
		(.message | contains("no recorded compile produced it")))] | length == 1' "$T/alone.json"

# Merged.
out=$("$ST_CLI" trace merge --map "$T/a=$T/c" --map "$T/b=$T/c" -o "$T/merged" \
	"$T/a/.souptrace" "$T/b/.souptrace" "$T/c/.souptrace")
check "merge reports what it did ($out)" grep -q "merged 6 records of 3 traces" <<<"$out"
check "the records of tree a now work in tree c" \
	jq -e -s --arg a "$T/a/.souptrace" --arg c "$T/c" \
	'[.[] | select(.merged_from.trace == $a)] | length == 2 and all(.cwd == $c)' \
	"$T/merged/records/"*.json
check "nothing of trees a and b is left in the records but where they came from" \
	sh -c "! grep -h -o '\"$T/[ab]/[^\"]*\"' '$T/merged/records/'*.json | grep -v '/.souptrace\"' | grep -q ."
check "each record says where it came from" \
	jq -e -s 'map(.merged_from.trace) | unique | length == 3' "$T/merged/records/"*.json
rc=0
"$ST_CLI" check --soup "$T/c/soup.json" --trace "$T/merged" --project-root "$T/c" \
	--format json -o "$T/merged.json" "$T/c/infusionlog" || rc=$?
expect_eq "check on the merged trace: the exit status of the one-tree build" "$rc_whole" "$rc"
expect_eq "... the same components" \
	"$(jq -c '[.components[] | [.component, .origin]] | sort' "$T/whole.json")" \
	"$(jq -c '[.components[] | [.component, .origin]] | sort' "$T/merged.json")"
expect_eq "... the same findings" \
	"$(jq -c '[.findings[] | [.kind, .component]] | sort' "$T/whole.json")" \
	"$(jq -c '[.findings[] | [.kind, .component]] | sort' "$T/merged.json")"
expect_eq "... the same number of files reach the program" \
	"$(jq '.artifacts[0].files' "$T/whole.json")" "$(jq '.artifacts[0].files' "$T/merged.json")"

# Bad input: a trace given twice (the same ids), an output that is not empty.
rc=0
"$ST_CLI" trace merge -o "$T/twice" "$T/a/.souptrace" "$T/a/.souptrace" 2>"$T/twice.err" || rc=$?
expect_eq "a record met twice: exit 2" 2 "$rc"
check "... saying which" grep -q "is in two traces" "$T/twice.err"
rc=0
"$ST_CLI" trace merge -o "$T/merged" "$T/a/.souptrace" 2>"$T/again.err" || rc=$?
expect_eq "an output that is not empty: exit 2" 2 "$rc"
rc=0
"$ST_CLI" trace merge --map relative=/x -o "$T/m2" "$T/a/.souptrace" 2>"$T/rel.err" || rc=$?
expect_eq "a relative --map: exit 2" 2 "$rc"
# An INCOMPLETE part makes an INCOMPLETE whole.
echo "1-1 something was lost" >"$T/b/.souptrace/INCOMPLETE"
"$ST_CLI" trace merge -o "$T/m3" "$T/a/.souptrace" "$T/b/.souptrace" >/dev/null
check "an INCOMPLETE part makes the merged trace INCOMPLETE" grep -q "something was lost" "$T/m3/INCOMPLETE"
finish
