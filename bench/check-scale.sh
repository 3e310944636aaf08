#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# How check, sbom and report scale with the size of an artifact: a synthetic
# project of FILES C files in folders of 100 (each with a notice of the
# project's holder, one in 50 with another holder's notice and one header
# each), built through the wrappers into one executable, then timed.
#
#   bench/check-scale.sh [--files N] [--runs R] [--bin DIR] [--work DIR]
#
# --bin is a build tree of souptrace (default build/release: build it with
# cmake -DCMAKE_BUILD_TYPE=Release first). Prints the median wall time and
# peak RSS of each command; the results go into bench/RESULTS.md by hand.
set -euo pipefail

files=5000
runs=3
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/release"
work=/tmp/souptrace-check-scale
while [ $# -gt 0 ]; do
	case $1 in
	--files) files=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	*) echo "usage: $0 [--files N] [--runs R] [--bin DIR] [--work DIR]" >&2; exit 2 ;;
	esac
done
cli="$bin/src/souptrace"
cc="$bin/wrapper/souptrace-cc"
[ -x "$cli" ] && [ -x "$cc" ] || { echo "no souptrace build in $bin" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work/src"
cd "$work"
git init -q .
printf 'Copyright (c) 2026 Scale Test Devices Ltd.\nProprietary.\n' >LICENSE
echo '{"souptrace": 1, "project": {"name": "scale", "version": "1.0"}, "components": []}' >soup.json
for ((i = 0; i < files; i++)); do
	d="src/m$((i / 100))"
	mkdir -p "$d"
	if ((i % 50 == 7)); then
		holder="Copyright (c) 2011 Outside Author $((i % 7))"
	else
		holder="Copyright (c) 2026 Scale Test Devices Ltd."
	fi
	printf '/*\n * %s\n * SPDX-License-Identifier: MIT\n */\n#ifndef F%d_H\n#define F%d_H\nint f%d(int);\n#endif\n' \
		"$holder" "$i" "$i" "$i" >"$d/f$i.h"
	printf '/*\n * %s\n */\n#include <string.h>\n#include "f%d.h"\nint f%d(int x) { return x + (int)strlen("%d"); }\n' \
		"$holder" "$i" "$i" "$i" >"$d/f$i.c"
done
{
	echo '#include <stdio.h>'
	for ((i = 0; i < files; i++)); do echo "int f$i(int);"; done
	echo 'int main(void) { long s = 0;'
	for ((i = 0; i < files; i++)); do echo "s += f$i(1);"; done
	echo 'printf("%ld\n", s); return 0; }'
} >src/main.c
cat >Makefile <<'EOF'
SRCS := $(wildcard src/*/*.c) src/main.c
OBJS := $(SRCS:.c=.o)
app: $(OBJS)
	$(CC) -o $@ $(OBJS)
%.o: %.c
	$(CC) -g -O0 -c $< -o $@
EOF
mkdir -p .souptrace
start=$(date +%s)
make -s -j"$(nproc)" CC="$cc" app
echo "built $files files through the wrappers in $(($(date +%s) - start)) s"

measure() { # measure NAME COMMAND...: median seconds and peak RSS of RUNS runs
	local name=$1 times=() rss=0
	shift
	for ((r = 0; r < runs; r++)); do
		/usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
		# the last line: a failing gate adds "Command exited with non-zero status 1"
		read -r t m < <(tail -n 1 "$work/time.txt")
		times+=("$t")
		((m > rss)) && rss=$m
	done
	printf '%-8s median %6.2f s   peak RSS %6d KB   (%s)\n' "$name" \
		"$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")" "$rss" \
		"$(printf '%s ' "${times[@]}")"
}
measure check "$cli" check --soup soup.json --format json -o "$work/check.json" app
measure sbom "$cli" sbom --soup soup.json -o "$work/app.cdx.json" app
measure report "$cli" report --soup soup.json --format html -o "$work/report.html" app
echo "closure: $(jq '.artifacts[0].files' "$work/check.json") files;" \
	"undeclared: $(jq '[.findings[] | select(.kind == "undeclared")] | length' "$work/check.json");" \
	"SBOM: $(wc -c <"$work/app.cdx.json") bytes"
