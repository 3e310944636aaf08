#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# souptrace checks itself: this repository built with CMake through its own
# wrappers (compile and link launchers, ar) and installed, then souptrace
# check of the installed souptrace and souptrace-cc (copies of the link
# outputs) against the repository's soup.json.
# The gate must pass: every library, runtime and header that reaches them
# is declared.
. "$(dirname "$0")/lib.sh"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
cmake -S "$ST_SRC" -B "$T/build" -DCMAKE_BUILD_TYPE=Release -DSOUPTRACE_BUILD_TESTS=OFF \
	-DCMAKE_C_COMPILER_LAUNCHER="$ST_BIN/souptrace-cc" \
	-DCMAKE_C_LINKER_LAUNCHER="$ST_BIN/souptrace-cc" \
	-DCMAKE_AR="$ST_BIN/souptrace-ar" >/dev/null
cmake --build "$T/build" -j2 >/dev/null
check "the self-built souptrace runs" "$T/build/src/souptrace" --version
cmake --install "$T/build" --prefix "$T/prefix" >/dev/null
rc=0
"$ST_CLI" check --soup "$ST_SRC/soup.json" --project-root "$ST_SRC" --format json -o "$T/self.json" \
	"$T/prefix/bin/souptrace" "$T/prefix/bin/souptrace-cc" 2>"$T/err.txt" || rc=$?
expect_eq "souptrace's own soup.json passes its own gate" 0 "$rc"
if [ "$rc" -ne 0 ]; then
	jq -r '.findings[] | "  \(.kind) \(.component // "") \(.message)"' "$T/self.json" >&2 || cat "$T/err.txt" >&2
fi
check "the gate looked at libdwarf, libelf and cJSON (no finding, each used)" \
	jq -e '[.findings[] | select(.kind == "unused")] | length == 0' "$T/self.json"
check "the installed binaries were recognised as copies of the link outputs" \
	sh -c "! jq -e '.findings[] | select(.kind == \"no-trace\")' '$T/self.json' >/dev/null && jq -e '.components | length > 0' '$T/self.json' >/dev/null"
finish
