#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Measure what souptrace-cc costs on a full parallel build of a real C
# project taken from Debian sources, next to running the compiler directly,
# Bear and a cold ccache; then microbenchmark one wrapped call.
# See usage() and bench/README.md.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: bench/wrapper-overhead.sh [options]

Fetches a Debian source package with `apt-get source`, configures it once
plainly, then times `make clean && make -jJOBS` of the same configured tree
for each variant, interleaved, RUNS times each:

  plain      make CC=gcc
  souptrace  make CC=souptrace-cc, SOUPTRACE_CC=gcc, a fresh SOUPTRACE_DIR per run
  bear       bear -- make CC=gcc
  ccache     make CC="ccache gcc", CCACHE_DIR emptied before every run (cold)
  passthrough  make CC=souptrace-cc, SOUPTRACE_CC=gcc, no trace directory: the
             wrapper only execs gcc (a control: the cost of the exec alone)

and reports median wall time, the ratio to plain and the overhead per
compiler invocation. It checks that the wrapped build recorded (records > 0,
no INCOMPLETE file) and that its executables and objects are byte-identical
to the plain build's. Then it times single calls (tiny compile, tiny link,
--version, an exec-only call) with and without the wrapper.

options:
  -p, --project PKG      Debian source package (default: coreutils; curl and
                         zstd are known too, others get a bare ./configure)
  -n, --runs N           timed builds per variant (default: 5)
  -j, --jobs N           make -jN (default: 2)
  -w, --work DIR         scratch directory (default: /tmp/st-bench)
  -s, --souptrace PATH   souptrace install prefix, its bin/ directory or the
                         souptrace-cc executable (default: build this checkout
                         in Release into WORK/st-build and install to WORK/st-prefix;
                         env ST_BENCH_SOUPTRACE works too)
  -v, --variants LIST    comma-separated subset of
                         plain,souptrace,passthrough,bear,ccache
                         (default: all five; plain is always added)
  -m, --micro N          calls per microbenchmark case (default: 500; 0 skips)
      --no-build         skip the build benchmark (microbenchmarks only)
      --diagnose         also run perf stat / strace -c on one wrapped compile
      --cc NAME          the real compiler (default: gcc)
      --fresh            fetch and configure the project again
  -o, --output FILE      also write the markdown summary to FILE
                         (default: WORK/results.md)
  -h, --help             this text

Needs root (or the packages already installed and a deb-src entry) for
apt-get: dpkg-dev, bear, ccache, cmake, make, gcc. When no deb-src entry is
configured, one is derived from the existing deb entries for this release
and written to /etc/apt/sources.list.d/souptrace-bench-src.{list,sources}.
EOF
}

die() {
	echo "wrapper-overhead: $*" >&2
	exit 1
}

note() {
	echo "== $*" >&2
}

PROJECT=coreutils
RUNS=5
JOBS=2
WORK=/tmp/st-bench
ST=${ST_BENCH_SOUPTRACE:-}
VARIANTS=plain,souptrace,passthrough,bear,ccache
MICRO=500
DO_BUILD=1
DIAGNOSE=0
REAL_CC=gcc
FRESH=0
OUTPUT=

while [ $# -gt 0 ]; do
	case $1 in
	-p | --project) PROJECT=$2; shift 2 ;;
	-n | --runs) RUNS=$2; shift 2 ;;
	-j | --jobs) JOBS=$2; shift 2 ;;
	-w | --work) WORK=$2; shift 2 ;;
	-s | --souptrace) ST=$2; shift 2 ;;
	-v | --variants) VARIANTS=$2; shift 2 ;;
	-m | --micro) MICRO=$2; shift 2 ;;
	--no-build) DO_BUILD=0; shift ;;
	--diagnose) DIAGNOSE=1; shift ;;
	--cc) REAL_CC=$2; shift 2 ;;
	--fresh) FRESH=1; shift ;;
	-o | --output) OUTPUT=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
case $RUNS$JOBS$MICRO in *[!0-9]*) die "--runs, --jobs and --micro take numbers" ;; esac
[ "$RUNS" -ge 1 ] || die "--runs must be at least 1"

REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
OUTPUT=${OUTPUT:-$WORK/results.md}

# Nothing from the caller's environment may steer the builds.
for v in $(env | sed -n 's/^\(SOUPTRACE_[A-Z_]*\)=.*/\1/p; s/^\(CCACHE_[A-Z_]*\)=.*/\1/p'); do
	unset "$v"
done
unset MAKEFLAGS MFLAGS MAKELEVEL GNUMAKEFLAGS CC CFLAGS CPPFLAGS LDFLAGS
export LC_ALL=C

REAL_CC_PATH=$(command -v "$REAL_CC") || die "no compiler '$REAL_CC' in PATH"

# ------------------------------------------------------------------ setup

need_root() {
	[ "$(id -u)" = 0 ] || die "$* needs root (or do it by hand first)"
}

APT_UPDATED=0
apt_update() {
	if [ "$APT_UPDATED" = 0 ]; then
		need_root "apt-get update"
		apt-get update -qq >&2
		APT_UPDATED=1
	fi
}

# install_if_missing COMMAND PACKAGE...
install_if_missing() {
	local cmd=$1
	shift
	command -v "$cmd" >/dev/null && return 0
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

apt_files() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && echo "$f"
	done
	return 0
}

have_deb_src() {
	local f
	while read -r f; do
		case $f in
		*.sources) grep -Eiq '^Types:.*\bdeb-src\b' "$f" && return 0 ;;
		*) grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0 ;;
		esac
	done < <(apt_files)
	return 1
}

# Derive deb-src entries from this release's deb entries: the same
# archives, suites and components, only the type changes.
ensure_deb_src() {
	local codename f one=/etc/apt/sources.list.d/souptrace-bench-src.list
	local d822=/etc/apt/sources.list.d/souptrace-bench-src.sources
	have_deb_src && return 0
	need_root "adding a deb-src entry"
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "cannot tell this release's code name from /etc/os-release"
	: >"$one.new"
	: >"$d822.new"
	while read -r f; do
		case $f in
		*souptrace-bench-src*) ;;
		*.sources)
			# deb822: copy each enabled stanza of type deb for this release
			awk -v rel="$codename" '
				function flush() {
					if (n && isdeb && hasrel && enabled) {
						for (i = 1; i <= n; i++) print lines[i]
						print ""
					}
					n = 0; isdeb = 0; hasrel = 0; enabled = 1
				}
				BEGIN { n = 0; enabled = 1 }
				/^[[:space:]]*$/ { flush(); next }
				/^#/ { next }
				{
					line = $0
					if (tolower($1) == "types:") {
						for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1
						line = "Types: deb-src"
					} else if (tolower($1) == "suites:") {
						for (i = 2; i <= NF; i++) if (index($i, rel) == 1) hasrel = 1
					} else if (tolower($1) == "enabled:" && tolower($2) == "no") {
						enabled = 0
					}
					lines[++n] = line
				}
				END { flush() }' "$f" >>"$d822.new"
			;;
		*)
			# one-line format: deb [options] URI SUITE COMPONENT...
			awk -v rel="$codename" '
				$1 == "deb" {
					i = 2
					if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
					if (index($(i + 1), rel) == 1) { $1 = "deb-src"; print }
				}' "$f" >>"$one.new"
			;;
		esac
	done < <(apt_files)
	if [ -s "$d822.new" ]; then mv "$d822.new" "$d822"; else rm -f "$d822.new"; fi
	if [ -s "$one.new" ]; then mv "$one.new" "$one"; else rm -f "$one.new"; fi
	have_deb_src || die "no deb entry for '$codename' to derive a deb-src entry from"
	note "added deb-src entries derived from the deb entries for $codename"
	APT_UPDATED=0
	apt_update
}

# Where souptrace-cc is; build this checkout when not given.
ST_ORIGIN="given with -s"
find_souptrace() {
	local p=$ST
	if [ -z "$p" ]; then
		install_if_missing cmake cmake
		note "building souptrace (Release) from $REPO"
		cmake -S "$REPO" -B "$WORK/st-build" -DCMAKE_BUILD_TYPE=Release \
			-DSOUPTRACE_BUILD_TESTS=OFF >"$WORK/st-build.log" 2>&1 &&
			cmake --build "$WORK/st-build" -j"$JOBS" >>"$WORK/st-build.log" 2>&1 &&
			cmake --install "$WORK/st-build" --prefix "$WORK/st-prefix" >>"$WORK/st-build.log" 2>&1 ||
			die "building souptrace failed; see $WORK/st-build.log"
		p=$WORK/st-prefix
		ST_ORIGIN="built by this script from $REPO at $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ', with uncommitted changes')"
	fi
	if [ -x "$p/bin/souptrace-cc" ]; then
		p=$p/bin/souptrace-cc
	elif [ -d "$p" ] && [ -x "$p/souptrace-cc" ]; then
		p=$p/souptrace-cc
	fi
	[ -f "$p" ] && [ -x "$p" ] || die "no souptrace-cc at '$p'"
	ST_CC=$(cd "$(dirname "$p")" && pwd)/$(basename "$p")
}

# Per-project configure options that keep external dependencies out.
project_setup() {
	CONF_ENV=()
	CONF_ARGS=()
	case $PROJECT in
	coreutils)
		# configure refuses to run as root without this
		CONF_ENV=(FORCE_UNSAFE_CONFIGURE=1)
		CONF_ARGS=(--disable-nls --without-selinux --disable-acl --disable-xattr
			--disable-libcap --disable-libsmack --without-openssl --without-libgmp
			--without-libintl-prefix --without-libiconv-prefix)
		;;
	curl)
		CONF_ARGS=(--disable-shared --without-ssl --without-libpsl --without-zlib
			--without-brotli --without-zstd --without-libidn2 --without-librtmp
			--without-nghttp2 --without-libssh2 --without-libgsasl --disable-ldap
			--disable-manual)
		;;
	*) ;;
	esac
}

fetch_and_configure() {
	local src=$WORK/src dir
	if [ "$FRESH" = 0 ] && [ -f "$WORK/tree-path" ] && [ -f "$(cat "$WORK/tree-path")/.st-bench-ready" ] &&
		[ "$(cat "$WORK/tree-project")" = "$PROJECT" ]; then
		TREE=$(cat "$WORK/tree-path")
		note "reusing the configured tree $TREE (--fresh to redo)"
		return 0
	fi
	ensure_deb_src
	install_if_missing dpkg-source dpkg-dev
	rm -rf "$src"
	mkdir -p "$src"
	note "apt-get source $PROJECT"
	(cd "$src" && apt-get source -qq "$PROJECT" >"$WORK/apt-source.log" 2>&1) ||
		die "apt-get source $PROJECT failed; see $WORK/apt-source.log"
	dir=$(find "$src" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	[ -n "$dir" ] || die "apt-get source unpacked nothing"
	TREE=$dir
	project_setup
	note "configuring $TREE plainly (log: $WORK/configure.log)"
	(cd "$TREE" && env "${CONF_ENV[@]}" CC="$REAL_CC" ./configure "${CONF_ARGS[@]}" \
		>"$WORK/configure.log" 2>&1) || die "configure failed; see $WORK/configure.log"
	# One untimed build: whatever make regenerates on its first run
	# (autotools outputs whose sources the Debian patches touched) is done
	# here, not inside the first timed run.
	note "warm-up build"
	(cd "$TREE" && make -j"$JOBS" CC="$REAL_CC" >"$WORK/warmup.log" 2>&1) ||
		die "the warm-up build failed; see $WORK/warmup.log"
	touch "$TREE/.st-bench-ready"
	echo "$TREE" >"$WORK/tree-path"
	echo "$PROJECT" >"$WORK/tree-project"
}

# ------------------------------------------------------------------ builds

# What make would regenerate must not change between runs.
config_stamp() {
	(cd "$TREE" && find . -maxdepth 2 \( -name config.status -o -name Makefile -o -name configure \
		-o -name config.h \) -printf '%p %T@\n' | sort)
}

count_objects() {
	find "$TREE" -name '*.o' -type f | wc -l
}

is_elf() {
	[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]
}

# hash_outputs FILE: sha256 of every object and every executable ELF file.
hash_outputs() {
	(
		cd "$TREE"
		{
			find . -type f -name '*.o' -print
			find . -type f -perm -u+x ! -name '*.o' -print | while read -r f; do
				if is_elf "$f"; then echo "$f"; fi
			done
		} | sort | tr '\n' '\0' | xargs -0 -r sha256sum
	) >"$1"
}

# compare_hashes A B: prints "same" or a short difference summary
compare_hashes() {
	local diff
	if cmp -s "$1" "$2"; then
		echo same
		return
	fi
	diff=$(diff "$1" "$2" | grep -c '^>' || true)
	echo "$diff files differ (first: $(diff "$1" "$2" | sed -n 's/^> [0-9a-f]*  //p' | head -n 3 | tr '\n' ' '))"
}

median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f\n", m }'
}

# The wrapper finds a trace by walking up from its working directory; the
# pass-through cases need none to be there.
no_trace_above() {
	local up=$1
	while :; do
		[ ! -d "$up/.souptrace" ] || die "$up/.souptrace exists: the pass-through case would record"
		[ "$up" != / ] || break
		up=$(dirname "$up")
	done
}

# run_variant NAME ROUND: make clean, then the timed make; appends
# "real user sys" to $WORK/times/NAME
run_variant() {
	local name=$1 round=$2 log=$WORK/logs/$1.$2.log tf=$WORK/times/$1.last
	local stamp_before
	(cd "$TREE" && make clean >/dev/null 2>&1) || die "make clean failed in $TREE"
	local left
	left=$(count_objects)
	[ "$left" = 0 ] || die "make clean left $left object files behind"
	stamp_before=$(config_stamp)
	local -a cmd env_=()
	case $name in
	plain) cmd=(make -j"$JOBS" CC="$REAL_CC") ;;
	souptrace)
		rm -rf "$WORK/trace"
		env_=(SOUPTRACE_DIR="$WORK/trace" SOUPTRACE_CC="$REAL_CC")
		cmd=(make -j"$JOBS" CC="$ST_CC")
		;;
	passthrough)
		# the wrapper with no trace directory: it only finds gcc and execs it
		no_trace_above "$TREE"
		env_=(SOUPTRACE_CC="$REAL_CC")
		cmd=(make -j"$JOBS" CC="$ST_CC")
		;;
	bear)
		rm -f "$WORK/compile_commands.json"
		cmd=(bear --output "$WORK/compile_commands.json" -- make -j"$JOBS" CC="$REAL_CC")
		;;
	ccache)
		rm -rf "$WORK/ccache"
		mkdir -p "$WORK/ccache"
		env_=(CCACHE_DIR="$WORK/ccache")
		cmd=(make -j"$JOBS" CC="ccache $REAL_CC")
		;;
	*) die "unknown variant $name" ;;
	esac
	note "round $round: $name"
	local TIMEFORMAT='%3R %3U %3S'
	{ time (cd "$TREE" && env "${env_[@]}" "${cmd[@]}" >"$log" 2>&1); } 2>"$tf" ||
		die "$name build failed; see $log"
	cat "$tf" >>"$WORK/times/$name"
	note "  $(cat "$tf") (real user sys, s)"
	[ "$(config_stamp)" = "$stamp_before" ] ||
		die "make regenerated configuration files during the $name build"
	hash_outputs "$WORK/hashes/$name.$round"
	case $name in
	souptrace)
		local nrec
		nrec=$(find "$WORK/trace/records" -name '*.json' -type f | wc -l)
		[ "$nrec" -gt 0 ] || die "the wrapped build recorded nothing"
		[ ! -e "$WORK/trace/INCOMPLETE" ] ||
			die "the wrapped build's trace is incomplete: $(head -n 3 "$WORK/trace/INCOMPLETE")"
		echo "$nrec" >>"$WORK/times/souptrace.records"
		;;
	bear)
		grep -c '"file"' "$WORK/compile_commands.json" >>"$WORK/times/bear.entries" || true
		;;
	ccache)
		CCACHE_DIR="$WORK/ccache" ccache --print-stats 2>/dev/null |
			awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 } END { print h + 0 }' \
				>>"$WORK/times/ccache.hits"
		;;
	esac
}

# A counting shim as CC, untimed: every call make makes to the compiler.
count_calls() {
	local shim=$WORK/shim/cc-count
	mkdir -p "$WORK/shim"
	cat >"$shim" <<EOF
#!/bin/sh
m=other
for a do
	case \$a in -c) m=compile ;; -E) [ \$m = compile ] || m=preprocess ;; esac
done
echo \$m >>"\$ST_BENCH_COUNT"
exec "$REAL_CC_PATH" "\$@"
EOF
	chmod +x "$shim"
	rm -f "$WORK/calls"
	(cd "$TREE" && make clean >/dev/null 2>&1)
	note "counting compiler calls (untimed build through a counting shim)"
	(cd "$TREE" && ST_BENCH_COUNT="$WORK/calls" make -j"$JOBS" CC="$shim" >"$WORK/logs/count.log" 2>&1) ||
		die "the counting build failed; see $WORK/logs/count.log"
	CALLS=$(wc -l <"$WORK/calls")
	CALLS_COMPILE=$(grep -c '^compile$' "$WORK/calls" || true)
	CALLS_OTHER=$((CALLS - CALLS_COMPILE))
	CFILES=$(find "$TREE" -name '*.c' -type f | wc -l)
}

build_bench() {
	local round i v order
	local -a vs
	IFS=, read -r -a vs <<<"$VARIANTS"
	case ",$VARIANTS," in *,plain,*) ;; *) vs=(plain "${vs[@]}") ;; esac
	for v in "${vs[@]}"; do
		case $v in
		plain | souptrace | passthrough) ;;
		bear) install_if_missing bear bear ;;
		ccache) install_if_missing ccache ccache ;;
		*) die "unknown variant '$v'" ;;
		esac
	done
	rm -rf "$WORK/times" "$WORK/hashes" "$WORK/logs"
	mkdir -p "$WORK/times" "$WORK/hashes" "$WORK/logs"
	count_calls
	note "$PROJECT: $CFILES .c files, $CALLS compiler calls ($CALLS_COMPILE with -c)"
	for ((round = 1; round <= RUNS; round++)); do
		# rotate the order each round so no variant always follows the same one
		order=()
		for ((i = 0; i < ${#vs[@]}; i++)); do
			order+=("${vs[$(((i + round - 1) % ${#vs[@]}))]}")
		done
		for v in "${order[@]}"; do
			run_variant "$v" "$round"
		done
	done
	BUILD_VARIANTS=("${vs[@]}")
}

build_report() {
	local v med_plain med ratio per_call per_rec cpu_plain cpu rec all hs
	med_plain=$(awk '{ print $1 }' "$WORK/times/plain" | median)
	cpu_plain=$(awk '{ print $2 + $3 }' "$WORK/times/plain" | median)
	rec=0
	[ -s "$WORK/times/souptrace.records" ] && rec=$(median <"$WORK/times/souptrace.records" | awk '{ printf "%d", $1 }')
	echo "| variant | median wall (s) | runs (s) | ratio to plain | wall overhead per call (ms) | median of per-round differences (s) | median CPU user+sys (s) | CPU overhead per call (ms) | outputs vs plain |"
	echo "|---|---:|---|---:|---:|---:|---:|---:|---|"
	for v in "${BUILD_VARIANTS[@]}"; do
		med=$(awk '{ print $1 }' "$WORK/times/$v" | median)
		cpu=$(awk '{ print $2 + $3 }' "$WORK/times/$v" | median)
		all=$(awk '{ printf "%s%s", sep, $1; sep = ", " }' "$WORK/times/$v")
		ratio=$(awk -v a="$med" -v b="$med_plain" 'BEGIN { printf "%.3f (%+.1f%%)", a / b, (a / b - 1) * 100 }')
		per_call=$(awk -v a="$med" -v b="$med_plain" -v n="$CALLS" 'BEGIN { printf "%+.2f", (a - b) * 1000 / n }')
		local cpc pair
		# each file has one line per round, in round order
		pair=$(paste -d ' ' "$WORK/times/$v" "$WORK/times/plain" | awk '{ printf "%.3f\n", $1 - $4 }' | median)
		pair=$(awk -v p="$pair" 'BEGIN { printf "%+.3f", p }')
		cpc=$(awk -v a="$cpu" -v b="$cpu_plain" -v n="$CALLS" 'BEGIN { printf "%+.2f", (a - b) * 1000 / n }')
		hs=""
		local r
		for ((r = 1; r <= RUNS; r++)); do
			[ -f "$WORK/hashes/$v.$r" ] || continue
			local c
			c=$(compare_hashes "$WORK/hashes/plain.1" "$WORK/hashes/$v.$r")
			[ "$c" = same ] || hs="${hs:+$hs; }run $r: $c"
		done
		[ -n "$hs" ] || hs="identical ($(wc -l <"$WORK/hashes/plain.1") files, all runs)"
		if [ "$v" = plain ]; then ratio="1.000"; per_call="-"; cpc="-"; pair="-"; fi
		echo "| $v | $med | $all | $ratio | $per_call | $pair | $cpu | $cpc | $hs |"
	done
	echo
	echo "Compiler calls per build: $CALLS ($CALLS_COMPILE compiles with -c, $CALLS_OTHER others: links and queries), counted with a shim as CC; .c files in the tree: $CFILES."
	[ "$rec" = 0 ] || echo "souptrace records per build: median $rec (every run checked: records > 0, no INCOMPLETE file)."
	[ -s "$WORK/times/bear.entries" ] && echo "Bear compile_commands.json entries: median $(median <"$WORK/times/bear.entries")."
	[ -s "$WORK/times/ccache.hits" ] && echo "ccache hits in the cold-cache runs: $(tr '\n' ' ' <"$WORK/times/ccache.hits")(identical compiles repeated within one build; everything else missed)."
	echo "Per-call overhead = (median variant - median plain) / $CALLS compiler calls; the wall figure is at -j$JOBS, so it is about 1/$JOBS of the CPU time each call costs."
}

# ------------------------------------------------------------------ micro

# micro_case LABEL N DIR -- CMD_A... -- CMD_B... [-- CMD_C...]
# Runs the commands interleaved N times each (in DIR), prints the medians in ms.
micro_case() {
	local label=$1 n=$2 dir=$3
	shift 3
	local -a names=() starts=()
	local k=0 i j t0 t1
	[ "$1" = -- ] && shift
	# split the remaining arguments at "--" into commands
	local -a all=("$@")
	local -a cmdstart=(0) cmdlen=()
	for ((i = 0; i < ${#all[@]}; i++)); do
		if [ "${all[$i]}" = -- ]; then
			cmdlen+=($((i - ${cmdstart[-1]})))
			cmdstart+=($((i + 1)))
		fi
	done
	cmdlen+=($((${#all[@]} - ${cmdstart[-1]})))
	k=${#cmdstart[@]}
	local tdir=$WORK/micro/t.$label
	mkdir -p "$tdir"
	for ((j = 0; j < k; j++)); do : >"$tdir/$j"; done
	(
		cd "$dir"
		for ((i = 0; i < n; i++)); do
			for ((j = 0; j < k; j++)); do
				local -a c=("${all[@]:${cmdstart[$j]}:${cmdlen[$j]}}")
				t0=$EPOCHREALTIME
				"${c[@]}" >/dev/null 2>&1 || { echo "failed: ${c[*]}" >&2; exit 1; }
				t1=$EPOCHREALTIME
				echo "${t0/./} ${t1/./}" >>"$tdir/$j"
			done
		done
	) || die "microbenchmark $label failed"
	for ((j = 0; j < k; j++)); do
		awk '{ print ($2 - $1) / 1000 }' "$tdir/$j" | median
	done
}

micro_bench() {
	local m=$WORK/micro d n=$MICRO
	rm -rf "$m"
	mkdir -p "$m/src"
	d=$m/src
	cat >"$d/tiny.c" <<'EOF'
int tiny(int x) { return x * 3 + 1; }
EOF
	cat >"$d/main.c" <<'EOF'
int tiny(int);
int main(void) { return tiny(0) - 1; }
EOF
	(cd "$d" && "$REAL_CC" -c main.c -o main.o && "$REAL_CC" -c tiny.c -o tiny.o)
	no_trace_above "$d"
	local tr=$m/trace
	local -a W=(env SOUPTRACE_DIR="$tr" SOUPTRACE_CC="$REAL_CC" "$ST_CC")
	local -a P=(env -u SOUPTRACE_DIR SOUPTRACE_CC="$REAL_CC" "$ST_CC")
	local -a G=(env "$REAL_CC")
	local -a r
	note "microbenchmarks, $n calls per case"
	mapfile -t r < <(micro_case compile "$n" "$d" -- "${G[@]}" -c tiny.c -o t.o \
		-- "${W[@]}" -c tiny.c -o t.o -- "${P[@]}" -c tiny.c -o t.o \
		-- "${G[@]}" -c tiny.c -o t.o -MD -MF t.d)
	MICRO_COMPILE=("${r[@]}")
	local crec
	crec=$(find "$tr/records" -name '*.json' | wc -l)
	[ "$crec" = "$n" ] || die "the wrapped tiny compile recorded $crec of $n calls"
	[ ! -e "$tr/INCOMPLETE" ] || die "microbenchmark trace incomplete: $(head -n 1 "$tr/INCOMPLETE")"
	rm -rf "$tr"
	mapfile -t r < <(micro_case link "$n" "$d" -- "${G[@]}" main.o tiny.o -o prog \
		-- "${W[@]}" main.o tiny.o -o prog -- "${P[@]}" main.o tiny.o -o prog)
	MICRO_LINK=("${r[@]}")
	[ ! -e "$tr/INCOMPLETE" ] || die "microbenchmark trace incomplete: $(head -n 1 "$tr/INCOMPLETE")"
	rm -rf "$tr"
	mapfile -t r < <(micro_case version "$n" "$d" -- "${G[@]}" --version -- "${W[@]}" --version)
	MICRO_VERSION=("${r[@]}")
	mapfile -t r < <(micro_case exec "$n" "$d" -- env true -- env -u SOUPTRACE_DIR SOUPTRACE_CC=true "$ST_CC")
	MICRO_EXEC=("${r[@]}")
	rm -rf "$tr"
}

micro_report() {
	local f='{ printf "%.3f", $1 }'
	d() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", a - b }'; }
	echo "| case ($MICRO calls each, interleaved) | direct (ms) | souptrace-cc, recording (ms) | overhead (ms) | souptrace-cc, no trace dir (ms) | overhead (ms) |"
	echo "|---|---:|---:|---:|---:|---:|"
	echo "| \`$REAL_CC -c tiny.c\` | ${MICRO_COMPILE[0]} | ${MICRO_COMPILE[1]} | $(d "${MICRO_COMPILE[1]}" "${MICRO_COMPILE[0]}") | ${MICRO_COMPILE[2]} | $(d "${MICRO_COMPILE[2]}" "${MICRO_COMPILE[0]}") |"
	echo "| \`$REAL_CC -c tiny.c -MD -MF t.d\` (direct, with the options the wrapper adds) | ${MICRO_COMPILE[3]} | | | | $(d "${MICRO_COMPILE[3]}" "${MICRO_COMPILE[0]}") |"
	echo "| \`$REAL_CC main.o tiny.o -o prog\` (link) | ${MICRO_LINK[0]} | ${MICRO_LINK[1]} | $(d "${MICRO_LINK[1]}" "${MICRO_LINK[0]}") | ${MICRO_LINK[2]} | $(d "${MICRO_LINK[2]}" "${MICRO_LINK[0]}") |"
	echo "| \`$REAL_CC --version\` (not recorded: builds nothing) | ${MICRO_VERSION[0]} | ${MICRO_VERSION[1]} | $(d "${MICRO_VERSION[1]}" "${MICRO_VERSION[0]}") | | |"
	echo "| exec only: \`true\` vs \`SOUPTRACE_CC=true souptrace-cc\` | ${MICRO_EXEC[0]} | | | ${MICRO_EXEC[1]} | $(d "${MICRO_EXEC[1]}" "${MICRO_EXEC[0]}") |"
	echo
	echo "Each figure is the median wall time of one call started from bash (fork+exec of \`env\` included, the same in every column); overheads are differences of medians."
}

diagnose() {
	local d=$WORK/micro/src tr=$WORK/micro/trace-diag
	note "diagnosis: perf stat and strace -c of one tiny compile"
	install_if_missing strace strace
	install_if_missing perf linux-perf || true
	{
		echo '```'
		echo "# perf stat -r 100: $REAL_CC -c tiny.c"
		(cd "$d" && perf stat -r 100 "$REAL_CC" -c tiny.c -o t.o 2>&1 >/dev/null | grep -E 'task-clock|elapsed|context|migrations|page-faults') || echo "(perf not available)"
		echo "# perf stat -r 100: souptrace-cc -c tiny.c (recording)"
		(cd "$d" && SOUPTRACE_DIR="$tr" SOUPTRACE_CC="$REAL_CC" perf stat -r 100 "$ST_CC" -c tiny.c -o t.o 2>&1 >/dev/null |
			grep -E 'task-clock|elapsed|context|migrations|page-faults') || echo "(perf not available)"
		echo "# perf stat -r 100: souptrace-cc -c tiny.c, no trace dir (exec only)"
		(cd "$d" && SOUPTRACE_CC="$REAL_CC" perf stat -r 100 "$ST_CC" -c tiny.c -o t.o 2>&1 >/dev/null |
			grep -E 'task-clock|elapsed|context|migrations|page-faults') || echo "(perf not available)"
		echo "# perf stat -r 100: true vs souptrace-cc -c tiny.c recording with SOUPTRACE_CC=true (the wrapper's own work)"
		(cd "$d" && perf stat -r 100 true 2>&1 >/dev/null | grep -E 'task-clock|elapsed') || echo "(perf not available)"
		(cd "$d" && SOUPTRACE_DIR="$tr.true" SOUPTRACE_CC=true perf stat -r 100 "$ST_CC" -c tiny.c -o t.o 2>&1 >/dev/null |
			grep -E 'task-clock|elapsed|context|migrations|page-faults') || echo "(perf not available)"
		echo "# strace -c (souptrace-cc process only, recording)"
		(cd "$d" && SOUPTRACE_DIR="$tr" SOUPTRACE_CC="$REAL_CC" strace -c -o /dev/stdout "$ST_CC" -c tiny.c -o t.o | head -n 30)
		echo '```'
	} >"$WORK/diagnose.txt"
	rm -rf "$tr" "$tr.true"
}

# ------------------------------------------------------------------ main

find_souptrace
note "souptrace-cc: $ST_CC"
if [ "$DO_BUILD" = 1 ]; then
	fetch_and_configure
	build_bench
fi
[ "$MICRO" -gt 0 ] && micro_bench
[ "$DIAGNOSE" = 1 ] && [ "$MICRO" -gt 0 ] && diagnose

{
	echo "# souptrace-cc overhead: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, kernel $(uname -r)"
	echo "- compiler: $("$REAL_CC" --version | head -n 1); make: $(make --version | head -n 1)"
	command -v bear >/dev/null && echo "- bear: $(bear --version 2>&1 | head -n 1); ccache: $(ccache --version 2>/dev/null | head -n 1)"
	echo "- souptrace: $ST_CC ($ST_ORIGIN)"
	if [ "$DO_BUILD" = 1 ]; then
		echo "- project: $(basename "$TREE") from \`apt-get source $PROJECT\`, configured once plainly; \`make clean && make -j$JOBS\`, $RUNS runs per variant, interleaved"
		echo
		build_report
	fi
	if [ "$MICRO" -gt 0 ]; then
		echo
		micro_report
	fi
	if [ "$DIAGNOSE" = 1 ] && [ -f "$WORK/diagnose.txt" ]; then
		echo
		cat "$WORK/diagnose.txt"
	fi
} | tee "$OUTPUT"
