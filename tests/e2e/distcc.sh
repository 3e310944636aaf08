#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 17: distcc for real. A distccd on 127.0.0.1 compiles the infusionlog
# sample for three builds through the wrappers - the launcher form
# (CC="souptrace-cc distcc gcc"), SOUPTRACE_PREFIX=distcc, and a local
# build for comparison - and one plain `distcc gcc` build without them.
# distcc preprocesses on the client, so the headers come from there: the
# traces hold the same evidence as the local build's, every object is
# recorded once, the outputs are byte-identical to the plain distcc build,
# and check finds the same components.
. "$(dirname "$0")/lib.sh"
W=$ST_BIN

if ! command -v distccd >/dev/null; then
	skip "distccd is not installed (scripts/test installs distcc)"
	finish
fi

# A free port, then the daemon (it drops root for its own user, so its log
# goes to stderr, into a file of ours).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
distccd --daemon --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port" \
	--log-stderr --log-level info --jobs 2 2>"$T/distccd.log" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	grep -q "listening on 127.0.0.1:$port" "$T/distccd.log" && break
	sleep 0.1
done
check "distccd listens on 127.0.0.1:$port" grep -q "listening on 127.0.0.1:$port" "$T/distccd.log"
# Only the daemon may compile: no silent fall back to a local compile.
export DISTCC_HOSTS="127.0.0.1:$port/2" DISTCC_FALLBACK=0 DISTCC_SKIP_LOCAL_RETRY=1

# build NAME MAKE-ARGUMENTS...: the sample in $T/NAME, its trace in
# $T/NAME.trace; first a plain `distcc gcc` build in the same folder (-g
# objects hold their folder's name), kept in $T/NAME.plain to compare with.
objects="src/main.o compat/getopt.o third_party/minijson/minijson.o src/strsearch.o src/eventlog.o"
build() {
	local name=$1
	shift
	cp -R "$ST_SRC/samples/infusionlog" "$T/$name"
	mkdir -p "$T/$name.trace" "$T/$name.plain"
	(cd "$T/$name" && make -s CC="distcc gcc" >"$T/$name.plain.out" 2>&1)
	for f in $objects infusionlog; do
		mkdir -p "$(dirname "$T/$name.plain/$f")"
		cp "$T/$name/$f" "$T/$name.plain/$f"
	done
	(cd "$T/$name" && make -s clean && SOUPTRACE_DIR="$T/$name.trace" make -s "$@" \
		>"$T/$name.out" 2>&1)
}

build launcher CC="$W/souptrace-cc distcc gcc"
build prefix CC="$W/souptrace-cc" SOUPTRACE_PREFIX=distcc SOUPTRACE_CC=gcc
jobs=$(grep -c COMPILE_OK "$T/distccd.log" || true)
check "the daemon compiled every object of the four distcc builds ($jobs)" test "$jobs" -ge 20
check "... and nothing failed there" sh -c "! grep -E 'COMPILE_ERROR|exit:[1-9]' '$T/distccd.log'"
cp -R "$ST_SRC/samples/infusionlog" "$T/local"
mkdir -p "$T/local.trace"
(cd "$T/local" && SOUPTRACE_DIR="$T/local.trace" make -s CC="$W/souptrace-cc" SOUPTRACE_CC=gcc)
"$ST_CLI" trace --trace "$T/local.trace" --format json -o "$T/local.json"

for b in launcher prefix; do
	for f in $objects infusionlog; do
		check "$b: $f is byte-identical to the plain distcc build's" \
			cmp -s "$T/$b.plain/$f" "$T/$b/$f"
	done
	expect_eq "$b: the same output as the plain distcc build" "$(cat "$T/$b.plain.out")" \
		"$(cat "$T/$b.out")"
	"$ST_CLI" trace --trace "$T/$b.trace" --format json -o "$T/$b.json"
	for o in $objects; do
		r=$(jq --arg o "$T/$b/$o" '[.records[] | select(.mode == "compile" and .outputs == [$o])]' \
			"$T/$b.json")
		expect_eq "$b: one compile record for $o" 1 "$(jq length <<<"$r")"
		# the launcher form runs distcc with gcc as its argument; the
		# prefix form runs gcc with distcc as its launcher
		check "$b: its record names distcc and gcc" \
			jq -e -s --arg o "$o" '[.[] | select(.outputs == [$o])] | length == 1 and
				((.[0].program_name == "distcc" and .[0].compiler_name == "gcc") or
				 (.[0].program_name == "gcc" and
				  (.[0].launchers | map(endswith("/distcc")) | any)))' \
			"$T/$b.trace/records/"*.json
		# the headers of the client-side preprocessing, as the local build's
		expect_eq "$b: $o has the headers of the local build" \
			"$(jq -c --arg o "$T/local/$o" --arg d "$T/local/" \
				'[.records[] | select(.outputs == [$o]) | .dependencies.files[] | ltrimstr($d)] | sort' \
				"$T/local.json")" \
			"$(jq -c --arg d "$T/$b/" '[.[0].dependencies.files[] | ltrimstr($d)] | sort' <<<"$r")"
	done
	expect_eq "$b: nothing incomplete" 0 "$(jq '.incomplete | length' "$T/$b.json")"
	for t in "$b" local; do
		rc=0
		"$ST_CLI" check --soup "$T/$t/soup.json" --trace "$T/$t.trace" --project-root "$T/$t" \
			--format json -o "$T/$t.check.json" "$T/$t/infusionlog" || rc=$?
		echo "$rc" >"$T/$t.check.rc"
	done
	expect_eq "$b: check gives the exit status of the local build's" \
		"$(cat "$T/local.check.rc")" "$(cat "$T/$b.check.rc")"
	expect_eq "$b: ... the same components" \
		"$(jq -c '[.components[] | [.component, .origin]] | sort' "$T/local.check.json")" \
		"$(jq -c '[.components[] | [.component, .origin]] | sort' "$T/$b.check.json")"
	expect_eq "$b: ... the same findings" \
		"$(jq -c '[.findings[] | [.kind, .component]] | sort' "$T/local.check.json")" \
		"$(jq -c '[.findings[] | [.kind, .component]] | sort' "$T/$b.check.json")"
done
finish
