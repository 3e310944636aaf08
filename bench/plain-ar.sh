#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# check on a build of the size of git, set up with only CC=souptrace-cc:
# OBJS compiles (-g), of which MEMBERS go into one archive made by a plain
# `ar rcs` (no ar record: every member is matched to its compile by the
# SHA-256 of its bytes), the rest linked as objects; one main pulls every
# member in. Target (issue 11): check under 1 s.
#
#   bench/plain-ar.sh [--objs N] [--members M] [--runs R] [--bin DIR] [--work DIR]
set -euo pipefail

objs=500
members=400
runs=5
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/release"
work=/tmp/souptrace-plain-ar
while [ $# -gt 0 ]; do
	case $1 in
	--objs) objs=$2; shift 2 ;;
	--members) members=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	*) echo "usage: $0 [--objs N] [--members M] [--runs R] [--bin DIR] [--work DIR]" >&2; exit 2 ;;
	esac
done
cli="$bin/src/souptrace"
cc="$bin/wrapper/souptrace-cc"
[ -x "$cli" ] && [ -x "$cc" ] || { echo "no souptrace build in $bin" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work/src" "$work/.souptrace"
cd "$work"
git init -q .
echo '{"souptrace": 1, "project": {"name": "plainar", "version": "1.0"}, "components": []}' >soup.json
{
	echo 'OBJS ='
	echo 'MEMBERS ='
} >objs.mk
for ((i = 0; i < objs; i++)); do
	printf '#include <stdio.h>\n#include <string.h>\nint f%d(const char *s) { return (int)strlen(s) + %d; }\n' \
		"$i" "$i" >"src/f$i.c"
	if ((i < members)); then echo "MEMBERS += src/f$i.o"; else echo "OBJS += src/f$i.o"; fi
done >>objs.mk
{
	for ((i = 0; i < objs; i++)); do echo "int f$i(const char *);"; done
	echo 'int main(int argc, char **argv) { int n = 0; (void)argc;'
	for ((i = 0; i < objs; i++)); do echo "n += f$i(argv[0]);"; done
	echo 'return n & 1; }'
} >src/main.c
cat >Makefile <<'MK'
include objs.mk
app: src/main.o $(OBJS) libgit.a
	$(CC) -o $@ src/main.o $(OBJS) libgit.a
libgit.a: $(MEMBERS)
	ar rcs $@ $(MEMBERS)
%.o: %.c
	$(CC) -O1 -g -c -o $@ $<
MK
make -s -j"$(nproc)" CC="$cc" >/dev/null

times=()
for ((r = 0; r < runs; r++)); do
	start=$(date +%s.%N)
	"$cli" check --soup soup.json --project-root "$work" --quiet app >/dev/null || true
	end=$(date +%s.%N)
	times+=("$(echo "$end - $start" | bc)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
resolved=$("$cli" trace --artifact app --format json |
	jq '[.files[] | select(.evidence | test("the same bytes"))] | length')
rss=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
	"$cli" check --soup soup.json --project-root "$work" --quiet app)
echo "objects $objs, archive members $members (plain ar): check median ${median}s over $runs runs, peak RSS ${rss} KB"
echo "files resolved through an archive member by the same bytes: $resolved"
