# SPDX-License-Identifier: Apache-2.0
# Helpers for the end-to-end tests. ctest sets ST_BIN (the wrappers), ST_CLI
# (souptrace), ST_SRC (the source tree) and ST_WORK (a scratch directory).
set -euo pipefail

: "${ST_BIN:?run through ctest}" "${ST_CLI:?}" "${ST_SRC:?}" "${ST_WORK:?}"
# In the sanitizer build the souptrace CLI runs with leak detection; the
# wrappers turn it off for themselves (wrapper/main.c).
unset ASAN_OPTIONS
unset SOUPTRACE_DIR SOUPTRACE_CC SOUPTRACE_CXX SOUPTRACE_AR SOUPTRACE_LD SOUPTRACE_PREFIX \
	SOUPTRACE_DEPTH MAKEFLAGS

ST_TEST=$(basename "$0" .sh)
T="$ST_WORK/$ST_TEST"
rm -rf "$T"
mkdir -p "$T"
ST_FAILS=0
ST_CHECKS=0
ST_SKIPS=()

fail() {
	echo "FAIL: $*" >&2
	ST_FAILS=$((ST_FAILS + 1))
}

ok() {
	ST_CHECKS=$((ST_CHECKS + 1))
}

# skip WHAT: a part of the test that could not run here. The test then ends
# as SKIPPED in ctest (exit 77), never as passed, unless a check failed.
skip() {
	echo "SKIP: $*" >&2
	ST_SKIPS+=("$*")
}

# check DESCRIPTION COMMAND...: run a command, fail the test when it fails.
check() {
	local what=$1
	shift
	if "$@" >/dev/null; then ok; else fail "$what"; fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" == "$3" ]; then ok; else fail "$1: expected '$2', got '$3'"; fi
}

# jq over the trace's JSON view: trace_json DIR > FILE
trace_json() {
	"$ST_CLI" trace --trace "$1" --format json
}

# count_jq FILE FILTER: number of results of a jq filter
count_jq() {
	jq "[$2] | length" "$1"
}

# Build the pumpctl sample into $1 (copy of the sources), with CC/AR given
# as the remaining variable assignments. The vendor SDK is a prebuilt
# delivery: it is built plainly (not through the wrappers) into $1/sdk.
build_pumpctl() {
	local dir=$1
	shift
	rm -rf "$dir" && mkdir -p "$dir"
	cp -R "$ST_SRC/samples/pumpctl/." "$dir/src"
	(
		cd "$dir/src"
		./build-vendor-sdk.sh "$dir/sdk" >/dev/null
		env "$@" ./configure >/dev/null
		make -j8 SDK_PREFIX="$dir/sdk" "$@" >/dev/null
		make -j8 SDK_PREFIX="$dir/sdk" "$@" tests >/dev/null
	)
}

# minilib_project DIR NAME: a program app.c calling a vendored library in
# third_party/minilib/mini.c, with DIR/soup.json (the system runtime as the
# infusionlog sample declares it, named NAME, plus minilib matched by its
# folder) and DIR/nomini.json (the same without minilib). The build is the
# caller's (a Makefile, Meson...).
minilib_project() {
	local dir=$1 name=$2
	mkdir -p "$dir/third_party/minilib"
	printf 'int mini_add(int a, int b)\n{\n\treturn a + b;\n}\n' \
		>"$dir/third_party/minilib/mini.c"
	printf 'int mini_add(int a, int b);\nint main(void)\n{\n\treturn mini_add(1, -1);\n}\n' \
		>"$dir/app.c"
	jq --arg name "$name" '.project.name = $name | .components = [(.components[] |
		select(.kind != "open-source")), {name: "minilib", version: "1.0",
		supplier: "Someone Else", license: "MIT", kind: "open-source",
		match: {paths: ["third_party/minilib/**"]}}]' \
		"$ST_SRC/samples/infusionlog/soup.json" >"$dir/soup.json"
	jq 'del(.components[] | select(.name == "minilib"))' "$dir/soup.json" >"$dir/nomini.json"
}

finish() {
	if [ "$ST_FAILS" -ne 0 ]; then
		echo "$ST_TEST: $ST_FAILS of $((ST_CHECKS + ST_FAILS)) checks failed" >&2
		exit 1
	fi
	if [ ${#ST_SKIPS[@]} -ne 0 ]; then
		echo "$ST_TEST: $ST_CHECKS checks passed, but SKIPPED: ${ST_SKIPS[*]}"
		exit 77
	fi
	echo "$ST_TEST: all $ST_CHECKS checks passed"
}
