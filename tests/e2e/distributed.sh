#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 17: distcc and icecc for real. A distccd, and an icecc scheduler
# with its daemon, on 127.0.0.1 compile the infusionlog sample for builds
# through the wrappers - the launcher form (CC="souptrace-cc distcc gcc")
# and SOUPTRACE_PREFIX - next to a plain `distcc gcc` (`icecc gcc`) build
# in the same folder and a local build through the wrappers. Both
# preprocess on the client, so the headers come from there: the traces
# hold the local build's evidence, every object is recorded once, the
# outputs are byte-identical to the plain build's, and check finds the
# same components and findings.
. "$(dirname "$0")/lib.sh"
W=$ST_BIN
objects="src/main.o compat/getopt.o third_party/minijson/minijson.o src/strsearch.o src/eventlog.o"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for FILE TEXT: until FILE holds TEXT (10 s at most)
wait_for() {
	for _ in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# build NAME LAUNCHER MAKE-ARGUMENTS...: the sample in $T/NAME, its trace in
# $T/NAME.trace; first a plain `LAUNCHER gcc` build in the same folder (-g
# objects hold their folder's name), kept in $T/NAME.plain to compare with.
build() {
	local name=$1 launcher=$2
	shift 2
	cp -R "$ST_SRC/samples/infusionlog" "$T/$name"
	mkdir -p "$T/$name.trace" "$T/$name.plain"
	(cd "$T/$name" && make -s CC="$launcher gcc" >"$T/$name.plain.out" 2>&1)
	for f in $objects infusionlog; do
		mkdir -p "$(dirname "$T/$name.plain/$f")"
		cp "$T/$name/$f" "$T/$name.plain/$f"
	done
	(cd "$T/$name" && make -s clean && SOUPTRACE_DIR="$T/$name.trace" make -s "$@" \
		>"$T/$name.out" 2>&1)
}

# compare NAME LAUNCHER: NAME's build against its plain twin and the local build
compare() {
	local b=$1 launcher=$2 o r rc
	for f in $objects infusionlog; do
		check "$b: $f is byte-identical to the plain $launcher build's" \
			cmp -s "$T/$b.plain/$f" "$T/$b/$f"
	done
	expect_eq "$b: the same output as the plain $launcher build" "$(cat "$T/$b.plain.out")" \
		"$(cat "$T/$b.out")"
	"$ST_CLI" trace --trace "$T/$b.trace" --format json -o "$T/$b.json"
	for o in $objects; do
		r=$(jq --arg o "$T/$b/$o" '[.records[] | select(.mode == "compile" and .outputs == [$o])]' \
			"$T/$b.json")
		expect_eq "$b: one compile record for $o" 1 "$(jq length <<<"$r")"
		# the launcher form runs the launcher with gcc as its argument; the
		# prefix form runs gcc with the launcher in front
		check "$b: its record names $launcher and gcc" \
			jq -e -s --arg o "$o" --arg l "$launcher" \
			'[.[] | select(.outputs == [$o])] | length == 1 and
				((.[0].program_name == $l and .[0].compiler_name == "gcc") or
				 (.[0].program_name == "gcc" and
				  (.[0].launchers | map(endswith("/" + $l)) | any)))' \
			"$T/$b.trace/records/"*.json
		# the headers of the client-side preprocessing, as the local build's
		expect_eq "$b: $o has the headers of the local build" \
			"$(jq -c --arg o "$T/local/$o" --arg d "$T/local/" \
				'[.records[] | select(.outputs == [$o]) | .dependencies.files[] | ltrimstr($d)] | sort' \
				"$T/local.json")" \
			"$(jq -c --arg d "$T/$b/" '[.[0].dependencies.files[] | ltrimstr($d)] | sort' <<<"$r")"
	done
	expect_eq "$b: nothing incomplete" 0 "$(jq '.incomplete | length' "$T/$b.json")"
	rc=0
	"$ST_CLI" check --soup "$T/$b/soup.json" --trace "$T/$b.trace" --project-root "$T/$b" \
		--format json -o "$T/$b.check.json" "$T/$b/infusionlog" || rc=$?
	expect_eq "$b: check gives the exit status of the local build's" "$local_rc" "$rc"
	expect_eq "$b: ... the same components" \
		"$(jq -c '[.components[] | [.component, .origin]] | sort' "$T/local.check.json")" \
		"$(jq -c '[.components[] | [.component, .origin]] | sort' "$T/$b.check.json")"
	expect_eq "$b: ... the same findings" \
		"$(jq -c '[.findings[] | [.kind, .component]] | sort' "$T/local.check.json")" \
		"$(jq -c '[.findings[] | [.kind, .component]] | sort' "$T/$b.check.json")"
}

# The local build, for comparison.
cp -R "$ST_SRC/samples/infusionlog" "$T/local"
mkdir -p "$T/local.trace"
(cd "$T/local" && SOUPTRACE_DIR="$T/local.trace" make -s CC="$W/souptrace-cc" SOUPTRACE_CC=gcc)
"$ST_CLI" trace --trace "$T/local.trace" --format json -o "$T/local.json"
local_rc=0
"$ST_CLI" check --soup "$T/local/soup.json" --trace "$T/local.trace" --project-root "$T/local" \
	--format json -o "$T/local.check.json" "$T/local/infusionlog" || local_rc=$?

daemons=()
trap 'for p in "${daemons[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# ---- distcc: a distccd on 127.0.0.1 (it drops root for its own user, so
# its log goes to stderr, into a file of ours)
if command -v distccd >/dev/null; then
	port=$(free_port)
	distccd --daemon --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port" \
		--log-stderr --log-level info --jobs 2 2>"$T/distccd.log" &
	daemons+=($!)
	check "distccd listens on 127.0.0.1:$port" wait_for "$T/distccd.log" "listening on 127.0.0.1:$port"
	# only the daemon may compile: no silent fall back to a local compile
	export DISTCC_HOSTS="127.0.0.1:$port/2" DISTCC_FALLBACK=0 DISTCC_SKIP_LOCAL_RETRY=1
	build distcc-launcher distcc CC="$W/souptrace-cc distcc gcc"
	build distcc-prefix distcc CC="$W/souptrace-cc" SOUPTRACE_PREFIX=distcc SOUPTRACE_CC=gcc
	jobs=$(grep -c COMPILE_OK "$T/distccd.log" || true)
	check "distccd compiled every object of the four distcc builds ($jobs)" test "$jobs" -ge 20
	check "... and nothing failed there" sh -c "! grep -E 'COMPILE_ERROR|exit:[1-9]' '$T/distccd.log'"
	compare distcc-launcher distcc
	compare distcc-prefix distcc
else
	skip "distcc is not installed (scripts/test installs it)"
fi

# ---- icecc: a scheduler and a daemon on 127.0.0.1 (the daemon needs root:
# it runs compiles as the icecc user in environments it unpacks)
if ! command -v iceccd >/dev/null; then
	skip "icecc is not installed (scripts/test installs it)"
elif [ "$(id -u)" != 0 ]; then
	skip "icecc's daemon needs root"
else
	sport=$(free_port)
	dport=$(free_port)
	mkdir -p "$T/icecc-envs"
	chown icecc "$T/icecc-envs" 2>/dev/null || true
	icecc-scheduler -vv -p "$sport" -n "st$sport" >"$T/icecc-scheduler.log" 2>&1 &
	daemons+=($!)
	iceccd -vvv -s "127.0.0.1:$sport" -n "st$sport" -b "$T/icecc-envs" -p "$dport" \
		-N "st$sport" -m 2 >"$T/iceccd.log" 2>&1 &
	daemons+=($!)
	check "iceccd started" wait_for "$T/iceccd.log" "allowing up to"
	export ICECC_SCHEDULER_HOST="127.0.0.1:$sport"
	build icecc-launcher icecc CC="$W/souptrace-cc icecc gcc"
	build icecc-prefix icecc CC="$W/souptrace-cc" SOUPTRACE_PREFIX=icecc SOUPTRACE_CC=gcc
	# every object went through iceccd: compiled by it as a compile server
	# (handle_job_done, logged after its client has gone: the last ones get up
	# to 10 s), or run locally because the scheduler said so (pushed local job)
	for _ in $(seq 100); do
		jobs=$(($(grep -c "handle_job_done" "$T/iceccd.log" || true) +
			$(grep -c "pushed local job" "$T/iceccd.log" || true)))
		[ "$jobs" -ge 20 ] && break
		sleep 0.1
	done
	check "iceccd handled every object of the four icecc builds ($jobs)" test "$jobs" -ge 20
	compare icecc-launcher icecc
	compare icecc-prefix icecc
fi
finish
