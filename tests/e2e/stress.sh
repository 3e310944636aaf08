#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# 2,000 generated compile steps at make -j16 through the wrapper: every
# record present exactly once, whole, nothing marked incomplete.
. "$(dirname "$0")/lib.sh"
N=${ST_STRESS_N:-2000}
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR" "$T/src"
cd "$T/src"
printf '#define BASE 1\n' >common.h
for i in $(seq 1 "$N"); do
	printf '#include "common.h"\nint f%d(void) { return BASE + %d; }\n' "$i" "$i" >"f$i.c"
done
{
	echo "OBJS := \$(patsubst %.c,%.o,\$(wildcard f*.c))"
	echo "all: libstress.a"
	echo "libstress.a: \$(OBJS)"
	printf '\t$(AR) rcs $@ $^\n'
	echo "%.o: %.c common.h"
	printf '\t$(CC) -O0 -c $< -o $@\n'
} >Makefile
make -s -j16 CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar"

n=$(ls "$SOUPTRACE_DIR/records" | wc -l)
expect_eq "one record per step (N compiles + 1 archive)" $((N + 1)) "$n"
jq -s -c '[.[] | select(.mode == "compile") | .outputs[0]] | sort' \
	"$SOUPTRACE_DIR"/records/*.json >"$T/outputs.json"
expect_eq "each object recorded exactly once" "$N" "$(jq 'unique | length' "$T/outputs.json")"
expect_eq "...and no object twice" "$N" "$(jq 'length' "$T/outputs.json")"
expect_eq "every compile recorded common.h" "$N" \
	"$(jq -s '[.[] | select(.mode == "compile" and (.dependencies.files | index("common.h")))] | length' \
		"$SOUPTRACE_DIR"/records/*.json)"
check "no work files left in tmp/" test -z "$(ls -A "$SOUPTRACE_DIR/tmp")"
check "no half-written records" test -z "$(ls -A "$SOUPTRACE_DIR/records" | grep '^\.' || true)"
check "nothing incomplete" test ! -e "$SOUPTRACE_DIR/INCOMPLETE"
expect_eq "the archive record lists every member" "$N" \
	"$(jq -s '[.[] | select(.mode == "archive")][0].archive.members_after | length' "$SOUPTRACE_DIR"/records/*.json)"
finish
