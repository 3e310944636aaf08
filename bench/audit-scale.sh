#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# souptrace audit against a database the size of OSV's Debian:12 export
# (issue 13): N synthetic records (bench/gen-osv.py, default 40,000) as a
# folder and as one all.zip, audited against an artifact with many
# components (default /usr/lib/chromium/chromium, about 80 Debian packages,
# with --evidence binary). Times each: without the index
# (SOUPTRACE_CACHE_DIR empty), the first run with it (built), and warm
# runs (used); prints the median wall time and peak RSS.
#
#   bench/audit-scale.sh [--records N] [--runs R] [--bin DIR] [--artifact FILE] [--work DIR]
set -euo pipefail

records=40000
runs=5
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/release"
artifact=/usr/lib/chromium/chromium
work=/tmp/souptrace-audit-scale
while [ $# -gt 0 ]; do
	case $1 in
	--records) records=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--artifact) artifact=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	*) echo "usage: $0 [--records N] [--runs R] [--bin DIR] [--artifact FILE] [--work DIR]" >&2; exit 2 ;;
	esac
done
cli="$bin/src/souptrace"
[ -x "$cli" ] || { echo "no $cli: build souptrace (Release) first" >&2; exit 2; }
[ -f "$artifact" ] || { echo "no $artifact (apt-get install chromium, or --artifact FILE)" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work/cache"
python3 "$root/bench/gen-osv.py" "$work/osv" "$records"
(cd "$work/osv" && python3 -c 'import os, zipfile
z = zipfile.ZipFile("../all.zip", "w", zipfile.ZIP_DEFLATED)
for f in sorted(os.listdir(".")): z.write(f)')
echo "records: $records ($(du -s --apparent-size -BM "$work/osv" | cut -f1) in files, all.zip $(du -BM --apparent-size "$work/all.zip" | cut -f1))"

one() { # CACHE DB -> "seconds KB index"
	SOUPTRACE_CACHE_DIR=$1 /usr/bin/time -o "$work/time.txt" -f '%e %M' "$cli" audit --evidence binary \
		--db "$2" --fail-on none --format json -o "$work/out.json" "$artifact" >/dev/null 2>&1
	echo "$(tail -1 "$work/time.txt") $(jq -r '.database.index' "$work/out.json" | tr ' ' _)"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
comps=$(SOUPTRACE_CACHE_DIR= "$cli" audit --evidence binary --db "$work/all.zip" --fail-on none --format json \
	-o "$work/out.json" "$artifact" >/dev/null 2>&1; jq '[.results[].component] | unique | length' "$work/out.json")
echo "artifact: $artifact ($comps components with records or without a version; $(jq '.results | length' "$work/out.json") results)"
for db in "$work/osv" "$work/all.zip"; do
	name=$(basename "$db")
	for r in $(seq "$runs"); do one "" "$db"; done >"$work/none.txt"
	rm -rf "$work/cache"/osv-*
	first=$(one "$work/cache" "$db")
	for r in $(seq "$runs"); do one "$work/cache" "$db"; done >"$work/warm.txt"
	printf '%-8s no index: %s s, %s KB | first (%s): %s s | warm (%s): %s s, %s KB\n' "$name" \
		"$(cut -d' ' -f1 "$work/none.txt" | median)" "$(cut -d' ' -f2 "$work/none.txt" | median)" \
		"$(cut -d' ' -f3 <<<"$first")" "$(cut -d' ' -f1 <<<"$first")" \
		"$(head -1 "$work/warm.txt" | cut -d' ' -f3)" "$(cut -d' ' -f1 "$work/warm.txt" | median)" \
		"$(cut -d' ' -f2 "$work/warm.txt" | median)"
done
