#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15: a Meson project recorded with CC=souptrace-cc AR=souptrace-ar
# given to `meson setup`, then ninja. Meson's compiler probes (sanity
# checks, -E runs, --print-search-dirs) are recorded but reach no artifact:
# they must not make the gate fail or report the trace incomplete.
. "$(dirname "$0")/lib.sh"

if ! command -v meson >/dev/null || ! command -v ninja >/dev/null; then
	skip "meson or ninja is not installed (scripts/test installs both)"
	finish
fi

P="$T/proj"
minilib_project "$P" mesondemo
mkdir -p "$P/.souptrace"
cat >"$P/meson.build" <<'MESON'
project('mesondemo', 'c')
mini = static_library('mini', 'third_party/minilib/mini.c')
executable('app', 'app.c', link_with: mini)
MESON

(cd "$P" && CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" meson setup build >"$T/setup.log")
check "ninja builds the project" ninja -C "$P/build"
trace_json "$P/.souptrace" | jq '.records' >"$T/records.json"
check "meson's probes were recorded (the wrapper was in use from setup on)" jq -e '[.[] |
	select(.outputs[0] // "" | endswith("sanitycheckc.exe"))] | length > 0' "$T/records.json"
check "the compile of mini.c is recorded" jq -e '[.[] | select(.mode == "compile" and
	(.outputs[0] | endswith("mini.c.o")))] | length == 1' "$T/records.json"
check "the archive step is recorded" jq -e '[.[] | select(.mode == "archive" and
	(.outputs[0] | endswith("/libmini.a")))] | length == 1' "$T/records.json"

rc=0
(cd "$P" && "$ST_CLI" check --soup soup.json --project-root "$P" --format json -o ok.json \
	build/app 2>"$T/check.err") || rc=$?
expect_eq "the gate passes with minilib declared" 0 "$rc"
check "mini.c is minilib's" jq -e '[.components[] | select(.component == "minilib") |
	.files[].path | select(endswith("third_party/minilib/mini.c"))] | length == 1' "$P/ok.json"
check "no trace-incomplete finding from meson's probes" jq -e '[.findings[] |
	select(.kind == "trace-incomplete" or .kind == "stale-trace")] | length == 0' "$P/ok.json"
rc=0
(cd "$P" && "$ST_CLI" check --soup nomini.json --project-root "$P" --format json -o no.json \
	build/app 2>/dev/null) || rc=$?
expect_eq "undeclared, minilib fails the gate" 1 "$rc"
check "... as an undeclared finding" jq -e '[.findings[] | select(.kind == "undeclared" and
	.fails and .component == "minilib")] | length == 1' "$P/no.json"

finish
