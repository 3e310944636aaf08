#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Golden files: what every command prints on every sample, so that a change
# in what souptrace says (a component, a finding, evidence wording, a file
# list, an order) fails this test with a diff. Each sample is built through
# the wrappers, then check (text, json, junit, sarif), sbom (CycloneDX, SPDX
# 3.0.1 and 2.3), report (Markdown, HTML), init, trace --artifact, scan, lint
# and diff run on its artifact; their outputs, normalised (below), must equal
# tests/golden/SAMPLE/NAME byte for byte. commands.txt holds each command
# line, its exit status and what it wrote to stderr.
#
# ST_GOLDEN_UPDATE=1 in the environment rewrites the golden files instead of
# comparing (tests/golden/README.md):
#   cd build/release && ST_GOLDEN_UPDATE=1 ctest -R e2e.golden
. "$(dirname "$0")/lib.sh"

GOLDEN="$ST_SRC/tests/golden"
export SOURCE_DATE_EPOCH=1764072000 # 2025-11-25T12:00:00Z, the documents' date
export NO_COLOR=1                   # and stdout is a file: no colour in check's text

# The samples are built in a fresh directory under /tmp, not in $ST_WORK
# (nor $TMPDIR): the SPDX 3.0.1 document orders its files by absolute path,
# so whether the build tree sorts before or after /usr (a clone in /home or
# in /work) would change it. mktemp keeps clones and parallel runs apart;
# only its random suffix differs from run to run, and the digests and
# build-ids of what is built there (their DWARF holds the path) are named
# below.
W=$(mktemp -d /tmp/souptrace-golden.XXXXXXXX)
trap 'rm -rf "$W"' EXIT

# ---- the samples, built through the wrappers as their own tests build them
mkdir -p "$W/pumpctl-trace" "$W/firmware-trace"
SOUPTRACE_DIR="$W/pumpctl-trace" build_pumpctl "$W/pumpctl" \
	CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar"
for s in infusionlog dosecalc firmware; do
	cp -R "$ST_SRC/samples/$s/." "$W/$s"
done
mkdir "$W/infusionlog/.souptrace" "$W/dosecalc/.souptrace"
make -s -C "$W/infusionlog" CC="$ST_BIN/souptrace-cc" >/dev/null # noloss.sh: only CC
make -s -C "$W/dosecalc" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" >/dev/null
SOUPTRACE_DIR="$W/firmware-trace" make -s -C "$W/firmware" \
	CC="$ST_BIN/souptrace-cc arm-none-eabi-gcc" AR="$ST_BIN/souptrace-ar arm-none-eabi-ar" >/dev/null

# run OUT ARGS...: souptrace ARGS, its stdout appended to OUT; the command
# line, what it wrote to stderr and its exit status go to commands.txt.
run() {
	local out=$1 rc=0
	shift
	echo "\$ souptrace $*" >>commands.txt
	"$ST_CLI" "$@" >>"$out" 2>>commands.txt || rc=$?
	echo "exit $rc" >>commands.txt
}

# outputs SAMPLE ROOT TRACE ARTIFACT: every command's output into $T/SAMPLE
# (and SOUP[SAMPLE]: the soup.json it declares)
declare -A SOUP
outputs() {
	local root=$2 trace=$3 art=$4
	local in=(--trace "$trace" --project-root "$root") soup="$root/soup.json"
	SOUP[$1]=$soup
	mkdir "$T/$1"
	cd "$T/$1"
	run check.txt check "${in[@]}" --soup "$soup" "$art"
	run check.json check "${in[@]}" --soup "$soup" --format json "$art"
	run check.junit.xml check "${in[@]}" --soup "$soup" --format junit "$art"
	run check.sarif.json check "${in[@]}" --soup "$soup" --format sarif "$art"
	run sbom-cyclonedx.json sbom "${in[@]}" --soup "$soup" --format cyclonedx "$art"
	run sbom-spdx.json sbom "${in[@]}" --soup "$soup" --format spdx "$art"
	run sbom-spdx-2.3.json sbom "${in[@]}" --soup "$soup" --format spdx --spec-version 2.3 "$art"
	run report.md report "${in[@]}" --soup "$soup" --format markdown "$art"
	run report.html report "${in[@]}" --soup "$soup" --format html "$art"
	run commands.txt init "${in[@]}" -o init.json "$art" # its stdout, if any, in the log
	run diff.txt diff "$soup" init.json                  # the draft against the declared list
	run trace.txt trace --trace "$trace" --artifact "$art"
	run scan.txt scan "$art"
	run lint.txt lint --soup "$soup"
	cd "$T"
}

# names SAMPLE > MAP: each file of the sample's tree (sources, objects,
# archives, binaries) by its digests and build-id, as "KEY<tab>@NAME@". A
# digest souptrace prints is then written as whose digest it is: the same
# on every run and still checked (a wrong digest stays hex, and differs).
# Digests of files outside the tree (/usr) are named by normalise.
names() {
	local files="$T/$1.files" a
	cd "$W"
	find "$1" -type f | LC_ALL=C sort >"$files"
	for a in 1 256 512; do
		xargs -d '\n' "sha${a}sum" <"$files" | sed "s|^\([0-9a-f]*\)  \(.*\)|\1\t@SHA$a(\2)@|"
	done
	# evidence quotes a digest's first 16 digits: "sha256 0123456789abcdef..."
	xargs -d '\n' sha256sum <"$files" | sed "s|^\([0-9a-f]\{16\}\)[0-9a-f]*  \(.*\)|\1\t@SHA256(\2)[:16]@|"
	# /dev/null first, so that readelf always names the file it reads
	{ xargs -d '\n' readelf -n /dev/null <"$files" 2>/dev/null || true; } |
		awk '/^File: / { f = substr($0, 7) } /Build ID:/ { print $3 "\t@BUILDID(" f ")@" }'
	cd "$T"
}

# normalise MAP SOUP FILE...: rewrite each output of a sample in place
# (golden_normalise.pl, tests/golden/README.md). What legitimately differs
# between runs, clones and machines becomes a placeholder: the digests and
# build-ids named by MAP (the first name wins where files are identical),
# the digests of system files the outputs name (computed from those files),
# the versions of the Debian packages the outputs name (read from dpkg on
# this machine: a package upgrade is no change in souptrace), the build
# directory (@WORK@), the source tree (@SRC@), trace record ids (@ID1@...)
# and the SBOMs' UUIDs (@UUID1@...). Nothing else is touched (what SOUP
# declares, such as a purl with a Debian version, is printed as declared),
# and a value that is not what it should be stays as printed.
normalise() {
	perl "$ST_SRC/tests/e2e/golden_normalise.pl" "$W" "$ST_SRC" "$@"
}

outputs pumpctl "$W/pumpctl/src" "$W/pumpctl-trace" "$W/pumpctl/src/pumpctl"
outputs infusionlog "$W/infusionlog" "$W/infusionlog/.souptrace" "$W/infusionlog/infusionlog"
outputs dosecalc "$W/dosecalc" "$W/dosecalc/.souptrace" "$W/dosecalc/dosecalc"
outputs firmware "$W/firmware" "$W/firmware-trace" "$W/firmware/motor.elf"

first=""
for s in pumpctl infusionlog dosecalc firmware; do
	names "$s" >"$T/$s.names"
	normalise "$T/$s.names" "${SOUP[$s]}" "$T/$s"/*
	if [ "${ST_GOLDEN_UPDATE:-}" = 1 ]; then
		rm -rf "${GOLDEN:?}/$s"
		mkdir -p "$GOLDEN/$s"
		cp "$T/$s"/* "$GOLDEN/$s/"
		echo "golden: wrote $GOLDEN/$s ($(ls "$GOLDEN/$s" | wc -l) files)"
		continue
	fi
	# every output and every golden file, compared
	for f in $( (ls "$T/$s"; ls "$GOLDEN/$s" 2>/dev/null) | LC_ALL=C sort -u); do
		if [ ! -e "$GOLDEN/$s/$f" ]; then
			fail "$s/$f: a new output, not in tests/golden/$s"
		elif [ ! -e "$T/$s/$f" ]; then
			fail "$s/$f: in tests/golden/$s, no longer printed"
		elif cmp -s "$GOLDEN/$s/$f" "$T/$s/$f"; then
			ok
		else
			fail "$s/$f differs from tests/golden/$s/$f"
			first=${first:-$s/$f}
		fi
	done
done
if [ -n "$first" ]; then
	echo "The first difference (of 60 lines at most):" >&2
	diff -u "$GOLDEN/$first" "$T/$first" | head -60 >&2 || true
fi
if [ "$ST_FAILS" -ne 0 ]; then
	echo "The outputs are in $T. If the change is intended, rewrite the golden files:" >&2
	echo "  cd build/release && ST_GOLDEN_UPDATE=1 ctest -R e2e.golden" >&2
fi
finish
