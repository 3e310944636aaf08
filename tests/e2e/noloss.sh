#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 11, "no silent loss": builds set up with only CC=souptrace-cc. Every
# file that reaches an artifact is attributed from evidence, or the gate
# fails and says what it could not see. Each false pass below hides an
# undeclared vendored library (minijson) that a clean full build catches.
. "$(dirname "$0")/lib.sh"

CC_W="$ST_BIN/souptrace-cc"
SAMPLE="$ST_SRC/samples/infusionlog"

# fresh copy of the sample with an empty trace: build_sample DIR [make args]
build_sample() {
	local dir=$1
	shift
	rm -rf "$dir" && mkdir -p "$dir"
	cp -R "$SAMPLE/." "$dir"
	mkdir "$dir/.souptrace"
	make -s -C "$dir" CC="$CC_W" "$@" >/dev/null
}

# check_rc DIR SOUP ARTIFACT [check options...]: the gate's exit status; JSON in DIR/out.json
check_rc() {
	local dir=$1 soup=$2 art=$3 rc=0
	shift 3
	(cd "$dir" && "$ST_CLI" check --soup "$soup" --project-root "$dir" --format json \
		-o out.json "$@" "$art" 2>err.txt) || rc=$?
	echo "$rc"
}

# a soup.json without the vendored minijson: what must be caught
undeclared_soup() {
	jq 'del(.components[] | select(.name == "minijson"))' "$SAMPLE/soup.json" >"$1/nojson.json"
}

finds_minijson() { # DIR: an undeclared finding names minijson (or its folder)
	jq -e '[.findings[] | select(.kind == "undeclared" and .fails and
		((.component // "") | test("minijson")))] | length > 0' "$1/out.json" >/dev/null
}

# ---- 1. the sample: a plain `ar rcs`, only CC set ----------------------
S="$T/sample"
build_sample "$S"
expect_eq "the sample passes against its soup.json" 0 "$(check_rc "$S" soup.json infusionlog)"
check "minijson.c resolved to its compile by the same bytes" jq -e '[.components[] |
	select(.component == "minijson") | .files[] | select(.path | endswith("minijson.c")) |
	select(.evidence | test("member minijson.o of .*libinfusion.a: the same bytes"))] | length == 1' \
	"$S/out.json"
check "the copied strsearch.c is the declared libsearch" jq -e '[.components[] |
	select(.component == "libsearch") | .files[].path | select(endswith("src/strsearch.c"))] |
	length == 1' "$S/out.json"
check "no declared component is unused" jq -e '[.findings[] | select(.kind == "unused")] |
	length == 0' "$S/out.json"
check "first-party eventlog.c is in no component" jq -e '[.components[].files[].path |
	select(endswith("eventlog.c"))] | length == 0' "$S/out.json"
check "compat/getopt.c (no code on glibc) is in no component" jq -e '[.components[].files[].path |
	select(endswith("getopt.c"))] | length == 0' "$S/out.json"
"$ST_CLI" trace --trace "$S/.souptrace" --artifact "$S/infusionlog" >"$S/trace.txt"
check "the trace view says getopt.c adds no code" grep -q "compat/getopt.c  \[no code" "$S/trace.txt"
check "the link record keeps the artifact's identity" jq -e --arg s "$(sha256sum "$S/infusionlog" |
	cut -d' ' -f1)" '.artifacts[0].identity | test($s)' "$S/out.json"
undeclared_soup "$S"
expect_eq "undeclared minijson fails" 1 "$(check_rc "$S" nojson.json infusionlog)"
check "the failing finding names minijson" finds_minijson "$S"
jq 'del(.components[] | select(.name == "libsearch"))' "$SAMPLE/soup.json" >"$S/nocopy.json"
check_rc "$S" nocopy.json infusionlog >/dev/null
check "the copied file is found without a declaration" jq -e '[.components[] |
	select(.origin == "copied code (notice)") | .files[].path | select(endswith("strsearch.c"))] |
	length == 1' "$S/out.json"

# ---- 2. probes that can reach no artifact leave the gate green ---------
(cd "$S" && "$CC_W" -c -MF /dev/null -MQ /dev/null -MMD -MP -x c /dev/null -o /dev/null &&
	printf 'int main(void){return 0;}\n' >testfile.c &&
	"$CC_W" testfile.c -c -o output.obj --print-search-dirs >/dev/null)
expect_eq "the /dev/null and Meson probes leave the gate green" 0 \
	"$(check_rc "$S" soup.json infusionlog)"
check "the Meson --print-search-dirs probe is not recorded as a compile" jq -e \
	'[.[] | select(.outputs == ["output.obj"])] | length == 0' \
	<("$ST_CLI" trace --trace "$S/.souptrace" --format json | jq '.records')

# ---- 2b. ld's own messages in a real map --------------------------------
# An empty function's FDE covers zero bytes: GNU ld writes "discarding zero
# address range FDE in src/libfde.a(fde.o)(.eh_frame)." among the map's
# entries. The link is read whole, the member attributed, the gate green.
F="$T/fde"
rm -rf "$F" && mkdir -p "$F/.souptrace" "$F/src"
printf '\t.text\n\t.globl fde_empty\nfde_empty:\n\t.cfi_startproc\n\t.cfi_endproc\n\t.globl fde_used\nfde_used:\n\t.cfi_startproc\n\tret\n\t.cfi_endproc\n\t.section .note.GNU-stack,"",@progbits\n' >"$F/src/fde.s"
printf 'void fde_used(void);\nint main(void) { fde_used(); return 0; }\n' >"$F/app.c"
(cd "$F" && "$CC_W" -c src/fde.s -o src/fde.o && ar rcs src/libfde.a src/fde.o &&
	"$CC_W" -O2 -o app app.c src/libfde.a)
jq '.components |= map(select(.kind != "open-source"))' "$SAMPLE/soup.json" >"$F/soup.json"
check "the real link wrote ld's FDE message into its map" grep -rqs \
	"discarding zero address range FDE in src/libfde.a(fde.o)" "$F/.souptrace"
expect_eq "a map holding ld's own messages leaves the gate green" 0 "$(check_rc "$F" soup.json app)"
check "... with fde.o resolved to its compile (first-party, no gap)" jq -e '([.findings[] |
	select(.kind == "trace-incomplete" or .kind == "undeclared")] | length == 0) and
	([.components[].files[].path | select(test("fde"))] | length == 0)' "$F/out.json"

# ---- 3. the artifact checked is the artifact the trace saw -------------
R="$T/relink"
build_sample "$R"
printf 'int md5_init(void){return 5;}\n' >"$R/md5.c"
(cd "$R" && gcc -c md5.c -o md5.o && gcc -o infusionlog src/main.o compat/getopt.o md5.o libinfusion.a)
expect_eq "relinked outside the wrappers: the gate fails" 1 "$(check_rc "$R" soup.json infusionlog)"
check "... with a stale-trace finding" jq -e '[.findings[] | select(.kind == "stale-trace")] |
	length == 1' "$R/out.json"
build_sample "$R"
cp "$R/infusionlog" "$R/infusionlog.stripped"
strip "$R/infusionlog.stripped"
strip "$R/infusionlog"
expect_eq "a stripped artifact is accepted" 0 "$(check_rc "$R" soup.json infusionlog)"
check "... and reported as a stripped copy" jq -e '.artifacts[0].identity | test("stripped")' \
	"$R/out.json"
expect_eq "a stripped copy elsewhere is accepted" 0 \
	"$(check_rc "$R" soup.json infusionlog.stripped)"
# without a build-id (as firmware is linked): the loadable contents tell
build_sample "$R" CFLAGS="-O2 -g -Wl,--build-id=none"
strip "$R/infusionlog"
expect_eq "a stripped artifact without a build-id is accepted" 0 "$(check_rc "$R" soup.json infusionlog)"
check "... recognised by its loadable contents" jq -e '.artifacts[0].identity |
	test("stripped") and test("loadable contents")' "$R/out.json"
printf 'int md5_init(void){return 5;}\n' >"$R/md5.c"
(cd "$R" && gcc -c md5.c -o md5.o &&
	gcc -Wl,--build-id=none -o infusionlog src/main.o compat/getopt.o md5.o libinfusion.a && strip infusionlog)
expect_eq "... but relinked with more code and stripped, it is stale" 1 \
	"$(check_rc "$R" soup.json infusionlog)"
rm "$R/infusionlog"
for cmd in check sbom report init; do
	case $cmd in
	check) args=(--soup soup.json) ;;
	sbom) args=(--soup soup.json -o sbom.json) ;;
	report) args=(--soup soup.json --format markdown -o r.md) ;;
	init) args=(-o new.json) ;;
	esac
	rc=0
	(cd "$R" && "$ST_CLI" $cmd --project-root "$R" "${args[@]}" infusionlog >/dev/null 2>"$R/err.txt") || rc=$?
	expect_eq "$cmd on a deleted artifact: exit 2" 2 "$rc"
	check "$cmd on a deleted artifact names it" grep -q "infusionlog: No such file" "$R/err.txt"
done

# ---- 4. false passes: each hides the undeclared minijson ---------------
# an incremental build into a fresh trace: the archive's members have no record
F="$T/fresh"
build_sample "$F"
undeclared_soup "$F"
rm -rf "$F/.souptrace" && mkdir "$F/.souptrace"
touch "$F/src/main.c"
make -s -C "$F" CC="$CC_W" >/dev/null
expect_eq "incremental build into a fresh trace fails" 1 "$(check_rc "$F" nojson.json infusionlog)"
check "... naming the archive's code as not produced in the trace" jq -e '[.findings[] |
	select(.fails) | .evidence[]? | select(test("no recorded step produced it"))] | length > 0' \
	"$F/out.json"

# one object recompiled without the wrapper (the archive then rebuilt by the Makefile's ar)
O="$T/oneobj"
build_sample "$O"
undeclared_soup "$O"
(cd "$O" && gcc -O2 -c -o src/eventlog.o src/eventlog.c -DEXTRA=1 && touch src/eventlog.o)
make -s -C "$O" CC="$CC_W" >/dev/null
expect_eq "one object recompiled without the wrapper fails" 1 \
	"$(check_rc "$O" nojson.json infusionlog)"
check "... with a trace-incomplete finding about eventlog.o" jq -e '[.findings[] |
	select(.kind == "trace-incomplete") | .evidence[] | select(test("eventlog"))] | length > 0' \
	"$O/out.json"

# every compile record deleted
D="$T/nocompile"
build_sample "$D"
undeclared_soup "$D"
grep -l '"mode":"compile"' "$D"/.souptrace/records/*.json | xargs rm -f
expect_eq "all compile records deleted: fails" 1 "$(check_rc "$D" nojson.json infusionlog)"

# a third-party prebuilt archive committed under a neutral name
P="$T/prebuilt"
build_sample "$P"
(cd "$P" && mkdir -p lib && gcc -O2 -c third_party/minijson/minijson.c -o /tmp/mj.$$.o &&
	ar rcs lib/libcompress.a /tmp/mj.$$.o && rm -f /tmp/mj.$$.o &&
	printf '#include "third_party/minijson/minijson.h"\nint main(void){return minijson_is_object("{}");}\n' >tool.c &&
	"$CC_W" -O2 -o tool tool.c lib/libcompress.a)
expect_eq "a prebuilt archive in the tree under a neutral name fails" 1 \
	"$(check_rc "$P" soup.json tool)"
check "... as an undeclared prebuilt component" jq -e '[.findings[] | select(.kind ==
	"undeclared" and .fails and (.message | test("no recorded compile produced it")))] |
	length == 1' "$P/out.json"

# a killed wrapper's work file and a damaged INCOMPLETE are reported, the gate judges per artifact
K="$T/killed"
build_sample "$K"
touch "$K/.souptrace/tmp/0000000000000000001-1.d"
: >"$K/.souptrace/INCOMPLETE"
expect_eq "leftover work file and empty INCOMPLETE on a complete artifact: passes" 0 \
	"$(check_rc "$K" soup.json infusionlog)"
check "... with a hint about both" jq -e '[.findings[] | select(.kind == "trace-hint")] |
	length == 2' "$K/out.json"
rm -f "$K/.souptrace/INCOMPLETE" && mkdir "$K/.souptrace/INCOMPLETE"
check_rc "$K" soup.json infusionlog >/dev/null
check "an INCOMPLETE that is a directory is reported" jq -e '[.findings[] |
	select(.kind == "trace-hint") | .evidence[] | select(test("not a regular file"))] |
	length == 1' "$K/out.json"

# -MMD with -isystem: the depfile leaves the vendored headers out
M="$T/mmd"
build_sample "$M" CFLAGS="-O2 -MMD -isystem third_party/minijson"
undeclared_soup "$M"
expect_eq "-MMD with -isystem third_party/minijson fails" 1 "$(check_rc "$M" nojson.json infusionlog)"
check "... saying -MMD hides the -isystem headers" jq -e '[.findings[] | .evidence[]? |
	select(test("-MMD depfile leaves out the headers"))] | length > 0' "$M/out.json"

# two-stage compiles: -S then assembling, -E then compiling the .i
TS="$T/twostage"
rm -rf "$TS" && mkdir -p "$TS" && cp -R "$SAMPLE/." "$TS" && mkdir "$TS/.souptrace"
undeclared_soup "$TS"
(cd "$TS" && "$CC_W" -O2 -S -o main.s src/main.c && "$CC_W" -c -o main.o main.s &&
	"$CC_W" -O2 -E -o ev.i src/eventlog.c && "$CC_W" -O2 -c -o ev.o ev.i &&
	"$CC_W" -O2 -c -o ss.o src/strsearch.c &&
	"$CC_W" -O2 -c -o mj.o third_party/minijson/minijson.c &&
	"$CC_W" -o two main.o ev.o ss.o mj.o)
check_rc "$TS" nojson.json two >/dev/null
check "-E then .i: the headers of eventlog.c are found (minijson.h)" jq -e '[.components[] |
	.files[] | select(.path | endswith("minijson.h")) | select(.evidence |
	test("eventlog.c"))] | length > 0' "$TS/out.json"
check "-S then .s: the headers of main.c are found" jq -e '[.components[].files[] |
	select(.path | endswith("/getopt.h")) | select(.evidence | test("preprocess|assembly"))] |
	length > 0' "$TS/out.json"

# an in-project shared library, built in the same trace, holding minijson
SO="$T/plugin"
rm -rf "$SO" && mkdir -p "$SO" && cp -R "$SAMPLE/." "$SO" && mkdir "$SO/.souptrace"
undeclared_soup "$SO"
(cd "$SO" && "$CC_W" -O2 -fPIC -shared -o libplugin.so third_party/minijson/minijson.c &&
	printf 'int minijson_is_object(const char *);\nint main(void){return minijson_is_object("x");}\n' >app.c &&
	"$CC_W" -O2 -o app app.c -L. -lplugin -Wl,-rpath,'$ORIGIN')
expect_eq "an app loading an in-project library with undeclared code fails" 1 \
	"$(check_rc "$SO" nojson.json app)"
check "... minijson found inside libplugin.so, loaded_by the app" jq -e '[.components[] |
	select(.component == "minijson") | .files[] | select(.loaded_by != null and
	(.evidence | test("inside .*libplugin.so")))] | length > 0' "$SO/out.json"

# ---- 5. a false fail: -flto ---------------------------------------------
L="$T/lto"
build_sample "$L" CFLAGS="-g -O2 -flto"
expect_eq "an -flto -g build passes" 0 "$(check_rc "$L" soup.json infusionlog)"
# (with -g, lto-wrapper also links ccXXXXXX.debug.temp.o: early debug info only)
check "... with no component from the LTO partitions or its debug objects" jq -e '[.components[].files[].path |
	select(test("ltrans|debug[.]temp"))] | length == 0' "$L/out.json"
# an -flto object holds no machine code, only GCC's bytecode: it is code all the same
check "... and the vendored minijson and the copied strsearch.c still found" jq -e \
	'([.components[] | select(.component == "minijson")] | length == 1) and
	 ([.components[] | select(.component == "libsearch")] | length == 1) and
	 ([.findings[] | select(.kind == "unused")] | length == 0)' "$L/out.json"
undeclared_soup "$L"
expect_eq "an -flto build with undeclared vendored code fails" 1 "$(check_rc "$L" nojson.json infusionlog)"
check "... naming minijson" finds_minijson "$L"

finish
