#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `souptrace lint` on declared lists of growing length (issue 16: lint was
# quadratic in the number of components: 10k 0.36 s, 20k 1.27 s, 120k not
# done after 60 s). Each list holds N components with match.paths and one
# name declared twice at the end (which lint must report). Prints the
# median wall time of RUNS runs per size; linear growth is the target.
#
#   bench/lint-scale.sh [--sizes "10000 20000 120000"] [--runs R] [--bin DIR] [--work DIR]
set -euo pipefail

sizes="10000 20000 120000"
runs=3
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/release"
work=/tmp/souptrace-lint-scale
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	*) echo "usage: $0 [--sizes LIST] [--runs R] [--bin DIR] [--work DIR]" >&2; exit 2 ;;
	esac
done
cli="$bin/src/souptrace"
[ -x "$cli" ] || { echo "$0: no $cli (build first, or --bin)" >&2; exit 2; }
mkdir -p "$work"
echo "| components | median wall (s) | runs (s) |"
echo "|---:|---:|---|"
for n in $sizes; do
	list="$work/soup-$n.json"
	python3 - "$n" "$list" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
comps = [{"name": f"c{i}", "version": "1.0", "supplier": "X", "license": "MIT",
          "match": {"paths": [f"lib/c{i}/**"]}} for i in range(n)]
comps.append({"name": "C7", "version": "1", "supplier": "X", "license": "MIT"})
json.dump({"souptrace": 1, "project": {"name": "p"}, "components": comps}, open(out, "w"))
PY
	times=()
	for _ in $(seq "$runs"); do
		s=$(date +%s.%N)
		"$cli" lint --soup "$list" >"$work/out.txt" 2>&1 || true
		e=$(date +%s.%N)
		times+=("$(echo "$e - $s" | bc)")
	done
	grep -q "'C7' is declared twice" "$work/out.txt" || { echo "$0: the duplicate was not reported" >&2; exit 1; }
	median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	printf '| %s | %.3f | %s |\n' "$n" "$median" "$(printf '%.3f ' "${times[@]}")"
done
