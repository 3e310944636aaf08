#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# How fast analyzers/dwarf_sources.c lists the sources of a large -g binary,
# next to `debugedit --list-file`, and whether both find the same files.
# See usage() and bench/RESULTS.md (section "DWARF").
set -euo pipefail

usage() {
	cat <<'EOF'
usage: bench/dwarf-sources.sh [options]

Fetches a Debian source package with `apt-get source` (default: vim, built
with -g -O2, no GUI), then runs, interleaved, RUNS times each:

  debugedit   debugedit --list-file=LIST BINARY      (package debugedit)
  dwarf_list  bench/dwarf_list -q BINARY             (analyzers/dwarf_sources.c)

and reports the median wall time and peak RSS (/usr/bin/time %M) of each,
their ratio, and whether both list the same set of files once debugedit's
list is normalised like ours (lexically, realpath -ms; pseudo names such as
"<built-in>" dropped, duplicates removed).

options:
  -n, --runs N          timed runs per tool (default: 11)
  -w, --work DIR        scratch directory (default: /tmp/st-dwarf-bench)
  -c, --cflags FLAGS    CFLAGS for the vim build (default: "-g -O2"; gcc 12
                        writes DWARF 5, add -gdwarf-4 for DWARF 4); vim is
                        built once per --work directory
  -b, --binary FILE     measure FILE instead of building vim
  -l, --dwarf-list EXE  the dwarf_list program (default: build this checkout
                        in Release into WORK/st-build with
                        -DSOUPTRACE_BUILD_BENCH=ON and $ST_BENCH_CMAKE_ARGS,
                        e.g. -DCMAKE_PREFIX_PATH=/tmp/libdwarf0)
  -j, --jobs N          make -jN for the project (default: 2)
  -o, --output FILE     also write the markdown summary to FILE
                        (default: WORK/results-dwarf.md)
  -h, --help            this text

Needs root (or the packages already installed and a deb-src entry) for
apt-get: dpkg-dev, debugedit, libncurses-dev, make, gcc, cmake. Without a
deb-src entry, one is derived from the deb entries of this release and
written to /etc/apt/sources.list.d/souptrace-dwarf-bench-src.sources.
EOF
}

die() {
	echo "dwarf-sources: $*" >&2
	exit 1
}

note() {
	echo "dwarf-sources: $*" >&2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=11
work=/tmp/st-dwarf-bench
binary=
dwarf_list=
jobs=2
output=
cflags="-g -O2"

while [ $# -gt 0 ]; do
	case $1 in
	-n | --runs) runs=$2; shift 2 ;;
	-w | --work) work=$2; shift 2 ;;
	-b | --binary) binary=$2; shift 2 ;;
	-c | --cflags) cflags=$2; shift 2 ;;
	-l | --dwarf-list) dwarf_list=$2; shift 2 ;;
	-j | --jobs) jobs=$2; shift 2 ;;
	-o | --output) output=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number"
mkdir -p "$work"
work=$(cd "$work" && pwd)
output=${output:-$work/results-dwarf.md}

need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "needs root to install: ${missing[*]}"
	note "installing ${missing[*]}"
	apt-get install -y -q "${missing[@]}" >"$work/apt.log" 2>&1 ||
		{ apt-get update -q >>"$work/apt.log" 2>&1 &&
			apt-get install -y -q "${missing[@]}" >>"$work/apt.log" 2>&1; } ||
		die "apt-get install failed, see $work/apt.log"
}

have_deb_src() {
	grep -Eqs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list && return 0
	grep -Eiqs '^Types:.*\bdeb-src\b' /etc/apt/sources.list.d/*.sources
}

# A deb-src stanza for every enabled deb stanza (deb822) or line of this release.
ensure_deb_src() {
	local codename out=/etc/apt/sources.list.d/souptrace-dwarf-bench-src.sources f
	have_deb_src && return 0
	[ "$(id -u)" -eq 0 ] || die "needs root to add a deb-src entry"
	# shellcheck source=/dev/null
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
	: >"$out.new"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		awk -v rel="$codename" '
			function flush() {
				if (n && isdeb && hasrel && on) { for (i = 1; i <= n; i++) print l[i]; print "" }
				n = 0; isdeb = 0; hasrel = 0; on = 1
			}
			BEGIN { on = 1 }
			/^[[:space:]]*$/ { flush(); next }
			/^#/ { next }
			{
				line = $0
				if (tolower($1) == "types:") {
					for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1
					line = "Types: deb-src"
				} else if (tolower($1) == "suites:") {
					for (i = 2; i <= NF; i++) if (index($i, rel) == 1) hasrel = 1
				} else if (tolower($1) == "enabled:" && tolower($2) == "no") on = 0
				l[++n] = line
			}
			END { flush() }' "$f" >>"$out.new"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -e "$f" ] || continue
		awk -v rel="$codename" '$1 == "deb" {
			i = 2
			if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
			if (index($(i + 1), rel) == 1) {
				printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:", $i, $(i + 1)
				for (j = i + 2; j <= NF; j++) printf " %s", $j
				printf "\n\n"
			}
		}' "$f" >>"$out.new"
	done
	[ -s "$out.new" ] || { rm -f "$out.new"; die "no deb entry for $codename to derive deb-src from"; }
	mv "$out.new" "$out"
	note "added $out (deb-src derived from the deb entries for $codename)"
	apt-get update -q >"$work/apt-update.log" 2>&1 || die "apt-get update failed"
}

build_vim() {
	local src
	src=$(find "$work" -maxdepth 1 -type d -name 'vim-*' | sort | tail -1)
	if [ -z "$src" ]; then
		ensure_deb_src
		need_pkgs dpkg-dev libncurses-dev make gcc
		note "fetching vim with apt-get source"
		(cd "$work" && apt-get source -q vim >"$work/apt-source.log" 2>&1) ||
			die "apt-get source vim failed, see $work/apt-source.log"
		src=$(find "$work" -maxdepth 1 -type d -name 'vim-*' | sort | tail -1)
	fi
	if [ ! -x "$src/src/vim" ]; then
		need_pkgs libncurses-dev make gcc
		note "building $src with $cflags (make -j$jobs)"
		(cd "$src" && ./configure --with-features=huge --enable-gui=no --without-x \
			--disable-nls CFLAGS="$cflags" && make -j"$jobs") >"$work/vim-build.log" 2>&1 ||
			die "building vim failed, see $work/vim-build.log"
	fi
	binary=$src/src/vim
}

build_dwarf_list() {
	local b=$work/st-build
	need_pkgs cmake gcc libdwarf-dev libelf-dev libcjson-dev libcmocka-dev pkg-config
	# shellcheck disable=SC2086 # ST_BENCH_CMAKE_ARGS is a list of arguments
	if ! cmake -S "$repo" -B "$b" -DCMAKE_BUILD_TYPE=Release -DSOUPTRACE_BUILD_TESTS=OFF \
		-DSOUPTRACE_BUILD_BENCH=ON ${ST_BENCH_CMAKE_ARGS:-} >"$work/st-build.log" 2>&1 ||
		! cmake --build "$b" --target dwarf_list -j "$jobs" >>"$work/st-build.log" 2>&1; then
		die "building dwarf_list failed, see $work/st-build.log"
	fi
	dwarf_list=$b/bench/dwarf_list
}

need_pkgs debugedit time
[ -n "$binary" ] || build_vim
[ -f "$binary" ] || die "no such file: $binary"
[ -n "$dwarf_list" ] || build_dwarf_list
[ -x "$dwarf_list" ] || die "not executable: $dwarf_list"

# ---- the same set of files? ----
"$dwarf_list" "$binary" | sort -u >"$work/dwarf_list.set"
rm -f "$work/debugedit.list" # debugedit appends to it
debugedit --list-file="$work/debugedit.list" "$binary"
tr '\0' '\n' <"$work/debugedit.list" | sort -u >"$work/debugedit.raw"
pseudo=$(grep -c '/<[^/]*>$' "$work/debugedit.raw" || true)
grep -v '/<[^/]*>$' "$work/debugedit.raw" | tr '\n' '\0' | xargs -0 -r realpath -ms -- |
	sort -u >"$work/debugedit.set"
only_de=$(comm -23 "$work/debugedit.set" "$work/dwarf_list.set" | wc -l)
only_dl=$(comm -13 "$work/debugedit.set" "$work/dwarf_list.set" | wc -l)
n_dl=$(wc -l <"$work/dwarf_list.set")
n_de_raw=$(wc -l <"$work/debugedit.raw")
unnormal=$(grep -Ec '/\.\.?(/|$)|//' "$work/debugedit.raw" || true)
if [ "$only_de" -eq 0 ] && [ "$only_dl" -eq 0 ]; then
	same="yes"
else
	same="no: $only_de only in debugedit, $only_dl only in dwarf_list"
	comm -3 "$work/debugedit.set" "$work/dwarf_list.set" | head -20 >&2
fi

# ---- timing ----
now_us() {
	local t=$EPOCHREALTIME
	echo $((10#${t%.*} * 1000000 + 10#${t#*.}))
}

# run NAME CMD...: one timed run, appends "usec kb" to WORK/NAME.runs
run() {
	local name=$1 t0 t1
	shift
	t0=$(now_us)
	/usr/bin/time -f %M -o "$work/$name.mem" "$@" >/dev/null
	t1=$(now_us)
	echo "$((t1 - t0)) $(tail -1 "$work/$name.mem")" >>"$work/$name.runs"
}

median() { # column of WORK/NAME.runs
	sort -n -k"$2" "$work/$1.runs" | awk -v c="$2" '{ v[NR] = $c }
		END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

rm -f "$work/debugedit.runs" "$work/dwarf_list.runs"
# one warm-up each (page cache)
debugedit --list-file=/dev/null "$binary"
"$dwarf_list" -q "$binary" >/dev/null
for _ in $(seq "$runs"); do
	run debugedit debugedit --list-file=/dev/null "$binary"
	run dwarf_list "$dwarf_list" -q "$binary"
done
de_us=$(median debugedit 1)
dl_us=$(median dwarf_list 1)
de_kb=$(median debugedit 2)
dl_kb=$(median dwarf_list 2)
ratio=$(awk -v a="$de_us" -v b="$dl_us" 'BEGIN { printf "%.1f", a / b }')

sizes=$(readelf -SW "$binary" | awk '
	function hex(h,   v, i) {
		v = 0
		for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		return v
	}
	{ for (i = 1; i <= NF; i++) if ($i ~ /^\.z?debug_/) {
		n = $i; s = hex($(i + 4)); tot += s
		if (n ~ /debug_(info|line)$/) il += s } }
	END { printf "%.1f %.1f", il / 1048576, tot / 1048576 }')
libdwarf=$(ldd "$dwarf_list" | awk '/libdwarf/ { print $3 }')

ms() { awk -v u="$1" 'BEGIN { printf "%.1f ms", u / 1000 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

{
	echo "| | median wall time | median peak RSS |"
	echo "|---|---:|---:|"
	echo "| debugedit --list-file | $(ms "$de_us") | $(mb "$de_kb") |"
	echo "| dwarf_list (dwarf_sources.c) | $(ms "$dl_us") | $(mb "$dl_kb") |"
	echo
	echo "- binary: \`$binary\`, $(du -m "$binary" | cut -f1) MB;" \
		".debug_info+.debug_line ${sizes% *} MB, all debug sections ${sizes#* } MB"
	echo "- speed-up: **${ratio}x**; runs: $runs each, interleaved, after one warm-up"
	echo "- libdwarf: ${libdwarf:-static}; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- same set of files: $same ($n_dl files; debugedit printed $n_de_raw distinct" \
		"names, $pseudo of them pseudo names like <built-in>, $unnormal not normalised)"
} | tee "$output"
