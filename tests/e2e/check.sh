#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# souptrace check on the pumpctl sample built through the wrappers: the
# planted undeclared header-only library is the only failing finding, with
# its evidence; declaring it passes the gate; a bumped vendored version is
# a version-mismatch; a binary built without the wrapper is no-trace; test
# code, unlinked members and the configure probe are never reported.
. "$(dirname "$0")/lib.sh"
dir="$T/pumpctl"
src="$dir/src"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
build_pumpctl "$dir" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar"

check_json() { # check_json SOUP OUT ARTIFACT...: runs the check, sets rc
	local soup=$1 out=$2
	shift 2
	rc=0
	"$ST_CLI" check --soup "$soup" --project-root "$src" --format json -o "$out" "$@" \
		2>"$T/err.txt" || rc=$?
}

check_json "$src/soup.json" "$T/c1.json" "$src/pumpctl"
expect_eq "the sample fails the gate" 1 "$rc"
expect_eq "one failing finding" 1 "$(jq '[.findings[] | select(.fails)] | length' "$T/c1.json")"
expect_eq "... it is the undeclared header-only library" "undeclared ringbuf" \
	"$(jq -r '.findings[] | select(.fails) | "\(.kind) \(.component)"' "$T/c1.json")"
check "... with its header and the compile that included it as evidence" \
	jq -e --arg h "$src/third_party/ringbuf/ringbuf.h" \
	'.findings[] | select(.component == "ringbuf") | .evidence | map(startswith($h) and test("included when compiling .*main.c")) | any' "$T/c1.json"
check "nothing about test code, unlinked members or the configure probe" \
	jq -e '[.findings[] | select((.component // "") | test("minitest|cjson|crc32c|test_alarm"))] | length == 0' "$T/c1.json"
check "no declared component is unused (each reached pumpctl)" \
	jq -e '[.findings[] | select(.kind == "unused")] | length == 0' "$T/c1.json"

# Issue 15: a static library is an artifact too (an SDK's delivery): its
# members, each to its compile (souptrace-ar recorded the archive steps).
rc=0
"$ST_CLI" check --soup "$src/soup.json" --project-root "$src" --format json -o "$T/lib.json" \
	"$src/third_party/tinycrc/libtinycrc.a" "$src/lib/alarm/libalarm.a" 2>"$T/lib.err" || rc=$?
expect_eq "static libraries as artifacts: no failing finding (exit $rc)" 0 "$rc"
expect_eq "... libtinycrc.a is tinycrc, vendored" '["tinycrc"]' \
	"$(jq -c --arg a "$src/third_party/tinycrc/libtinycrc.a" '[.components[] | select(.artifact == $a) | .component]' "$T/lib.json")"
check "... both are static libraries with their ar step" \
	jq -e '[.artifacts[] | select(.link_record != null)] | length == 2' "$T/lib.json"
"$ST_CLI" trace --artifact "$src/lib/alarm/libalarm.a" --format json >"$T/libalarm.json"
check "... and libalarm.a's alarm.c is in it, compiled into its member" \
	jq -e --arg s "$src/lib/alarm/alarm.c" '.static_library and
		([.files[] | select(.path == $s and (.evidence | test("compiled into .*alarm.o .*archived into .*libalarm.a")))] | length == 1)' \
	"$T/libalarm.json"
jq '.components |= map(select(.name != "tinycrc"))' "$src/soup.json" >"$T/notiny.json"
rc=0
"$ST_CLI" check --soup "$T/notiny.json" --project-root "$src" --format json -o "$T/lib2.json" \
	"$src/third_party/tinycrc/libtinycrc.a" 2>/dev/null || rc=$?
expect_eq "... undeclared, tinycrc fails the gate for its library" "1 undeclared" \
	"$rc $(jq -r '[.findings[] | select(.fails) | .kind] | unique | join(",")' "$T/lib2.json")"
check "trace --artifact shows a static library's members" \
	sh -c "'$ST_CLI' trace --artifact '$src/lib/alarm/libalarm.a' | grep -q 'a static library'"
cp "$src/third_party/tinycrc/libtinycrc.a" "$T/libtinycrc.a.orig"
printf 'int extra;\n' >"$T/extra.c"
cc -c "$T/extra.c" -o "$T/extra.o"
ar rcs "$src/third_party/tinycrc/libtinycrc.a" "$T/extra.o"
rc=0
"$ST_CLI" check --soup "$src/soup.json" --project-root "$src" --format json -o "$T/lib3.json" \
	"$src/third_party/tinycrc/libtinycrc.a" 2>/dev/null || rc=$?
check "a static library changed by a plain ar since: stale" \
	jq -e '[.findings[] | select(.kind == "stale-trace" and .fails)] | length == 1' "$T/lib3.json"
expect_eq "... failing the gate" 1 "$rc"
check "... and the member no recorded step made is in it, unproduced" \
	sh -c "'$ST_CLI' trace --artifact '$src/third_party/tinycrc/libtinycrc.a' --format json |
		jq -e '[.files[] | select(.member == \"extra.o\" and .unproduced)] | length == 1'"
cp "$T/libtinycrc.a.orig" "$src/third_party/tinycrc/libtinycrc.a"

# The text view names it too.
rc=0
"$ST_CLI" check --soup "$src/soup.json" --project-root "$src" "$src/pumpctl" >"$T/c1.txt" 2>&1 || rc=$?
check "text: the finding and its evidence" grep -q 'FAIL undeclared: ringbuf: vendored, folder third_party/ringbuf' "$T/c1.txt"
check "text: tinycrc's version was found in its header" grep -Eq 'ok +tinycrc +2\.4\.1' "$T/c1.txt"

# Issue 15: a finding shows its first 3 evidence lines and says how many
# more; -v shows them all (glibc undeclared: 5 files reach the program).
jq '.components |= map(select(.name != "glibc"))' "$src/soup.json" >"$T/noglibc.json"
for v in "" -v; do
	"$ST_CLI" check --soup "$T/noglibc.json" --project-root "$src" $v --format text \
		-o "$T/capped$v.txt" "$src/pumpctl" || true
done
"$ST_CLI" check --soup "$T/noglibc.json" --project-root "$src" --format json \
	-o "$T/capped.json" "$src/pumpctl" || true
n=$(jq '[.findings[] | select(.component == "glibc")][0].evidence | length' "$T/capped.json")
check "text: glibc's finding has more than 3 evidence lines ($n)" test "$n" -gt 3
glibc_lines() { sed -n '/^FAIL undeclared: glibc/,/^[^ ]/p' "$1" | grep -c '^       /'; }
expect_eq "text: 3 evidence lines shown" "$(glibc_lines "$T/capped.txt")" 3
check "text: ... and how many more, and how to see them" \
	grep -qF "... $((n - 3)) more (-v shows them)" "$T/capped.txt"
expect_eq "text -v: every evidence line" "$(glibc_lines "$T/capped-v.txt")" "$n"

# JUnit XML (parsed with Python's XML parser) and SARIF 2.1.0.
rc=0
"$ST_CLI" check --soup "$src/soup.json" --project-root "$src" --format junit -o "$T/c1.xml" \
	"$src/pumpctl" || rc=$?
expect_eq "junit: the exit status is the gate's" 1 "$rc"
expect_eq "junit: one failing test case, the undeclared library" "ringbuf undeclared" \
	"$(/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
print(" ".join(c.get("name") + " " + f.get("type") for c in r.iter("testcase") for f in c.findall("failure")))' "$T/c1.xml")"
check "junit: every component found is a test case" \
	/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as ET
names = {c.get("name") for c in ET.parse(sys.argv[1]).getroot().iter("testcase")}
sys.exit(0 if {"tinycrc", "zlib", "glibc", "ringbuf", "Acme SensorSDK"} <= names else 1)' "$T/c1.xml"
"$ST_CLI" check --soup "$src/soup.json" --project-root "$src" --format sarif -o "$T/c1.sarif" \
	"$src/pumpctl" || true
check "sarif: version 2.1.0, the rule and the file" \
	jq -e --arg h "$src/third_party/ringbuf/ringbuf.h" '.version == "2.1.0" and (.runs[0].results | map(select(.ruleId == "undeclared" and .level == "error" and .locations[0].physicalLocation.artifactLocation.uri == $h)) | length == 1)' "$T/c1.sarif"

# Control characters from soup.json (here ESC, BEL and a C1 CSI as JSON escapes) reach no
# terminal and no XML file: the text escapes them as git does, JUnit drops them for U+FFFD.
jq '.components += [{"name": "evil\u001b]0;owned\u0007\u001b[31mred\u009b2J", "version": "1"}]' \
	"$src/soup.json" >"$T/esc.json"
"$ST_CLI" check --soup "$T/esc.json" --project-root "$src" --format junit -o "$T/esc.xml" \
	"$src/pumpctl" || true
check "junit: a name with ESC in it stays well-formed XML 1.0" xmllint --noout "$T/esc.xml"
check "junit: ... no reference to a character XML forbids" \
	sh -c "! grep -Eqi '&#x(0*1b|0*7|[0-8]|1[0-9a-f]);' '$T/esc.xml'"
check "junit: ... the name shown with U+FFFD in place of ESC" \
	grep -qF "evil$(printf '\357\277\275')]0;owned" "$T/esc.xml"
"$ST_CLI" check --soup "$T/esc.json" --project-root "$src" "$src/pumpctl" >"$T/esc.txt" 2>&1 || true
check "text: no ESC, BEL nor C1 control written" \
	sh -c "! LC_ALL=C grep -qP '[\\x00-\\x08\\x0b-\\x1f\\x7f]|\\xc2[\\x80-\\x9f]' '$T/esc.txt'"
check "text: ... escaped as git does" grep -qF 'evil\033]0;owned\007\033[31mred\302\2332J' "$T/esc.txt"

# ... and so do trace --artifact and scan, for file names: a source and a program named
# with ESC sequences, built through the wrapper.
esc=$(printf '\033[2J\033]0;owned\007')
mkdir -p "$T/escbuild/.souptrace"
printf 'int main(void) { return 0; }\n' >"$T/escbuild/m${esc}.c"
(cd "$T/escbuild" && SOUPTRACE_DIR="$T/escbuild/.souptrace" "$ST_BIN/souptrace-cc" \
	-o "p${esc}" "m${esc}.c")
"$ST_CLI" trace --trace "$T/escbuild/.souptrace" --artifact "$T/escbuild/p${esc}" \
	>"$T/esctrace.txt" 2>&1 || true
check "trace --artifact: the source named, escaped" \
	grep -qF 'm\033[2J\033]0;owned\007.c' "$T/esctrace.txt"
check "trace --artifact: no control character written" \
	sh -c "! LC_ALL=C grep -qP '[\\x00-\\x08\\x0b-\\x1f\\x7f]' '$T/esctrace.txt'"
"$ST_CLI" scan "$T/escbuild/p${esc}" >"$T/escscan.txt" 2>&1 || true
check "scan: the file named, escaped" grep -qF 'p\033[2J\033]0;owned\007: ELF' "$T/escscan.txt"
check "scan: no control character written" \
	sh -c "! LC_ALL=C grep -qP '[\\x00-\\x08\\x0b-\\x1f\\x7f]' '$T/escscan.txt'"

# Declare it: the gate passes.
jq '.components += [{"name": "ringbuf", "version": "1.3.0", "supplier": "Ringbuf authors",
	"license": "Zlib", "kind": "open-source", "purpose": "event queue",
	"requirements": {"functional": "FIFO of log records", "performance": "O(1)"},
	"system_requirements": "C11", "anomalies": {"list": "none published",
	"reviewed": "2026-11-01", "evaluation": "no known anomalies"},
	"risk": {"hazards": ["lost log record"], "controls": ["CRC on every record"]},
	"match": {"paths": ["third_party/ringbuf/**"]}}]' "$src/soup.json" >"$T/declared.json"
check_json "$T/declared.json" "$T/c2.json" "$src/pumpctl"
expect_eq "declared: the gate passes" 0 "$rc"
expect_eq "declared: no failing finding" 0 "$(jq '.summary.failing' "$T/c2.json")"

# A declared version that the code contradicts.
jq '(.components[] | select(.name == "tinycrc") | .version) = "2.3.0"' "$T/declared.json" >"$T/old.json"
check_json "$T/old.json" "$T/c3.json" "$src/pumpctl"
expect_eq "version mismatch: the gate fails" 1 "$rc"
check "version mismatch: declared and found, with where it was found" \
	jq -e '.findings[] | select(.kind == "version-mismatch" and .component == "tinycrc") | (.message | test("declared 2.3.0, found 2.4.1")) and (.evidence[0] | test("tinycrc.h:[0-9]+"))' "$T/c3.json"

# Bump the vendored library's version macros and rebuild: the list still says 2.4.1.
sed -i 's/TINYCRC_VERSION_MINOR 4/TINYCRC_VERSION_MINOR 5/; s/TINYCRC_VERSION_PATCH 1/TINYCRC_VERSION_PATCH 0/; s/TINYCRC_VERSION "2.4.1"/TINYCRC_VERSION "2.5.0"/' \
	"$src/third_party/tinycrc/tinycrc.h"
make -s -C "$src" SDK_PREFIX="$dir/sdk" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" >/dev/null
check_json "$T/declared.json" "$T/c3b.json" "$src/pumpctl"
expect_eq "bumped version macro: the gate fails" 1 "$rc"
check "bumped version macro: version-mismatch 2.4.1 declared, 2.5.0 found" \
	jq -e '.findings[] | select(.kind == "version-mismatch" and .component == "tinycrc") | .message | test("declared 2.4.1, found 2.5.0")' "$T/c3b.json"
sed -i 's/TINYCRC_VERSION_MINOR 5/TINYCRC_VERSION_MINOR 4/; s/TINYCRC_VERSION_PATCH 0/TINYCRC_VERSION_PATCH 1/; s/TINYCRC_VERSION "2.5.0"/TINYCRC_VERSION "2.4.1"/' \
	"$src/third_party/tinycrc/tinycrc.h"
make -s -C "$src" SDK_PREFIX="$dir/sdk" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" >/dev/null

# A binary built without the wrapper.
printf 'int main(void){return 0;}\n' | cc -x c - -o "$T/plain"
check_json "$T/declared.json" "$T/c4.json" "$T/plain"
expect_eq "no-trace: the gate fails" 1 "$rc"
check "no-trace: named" jq -e '.findings[] | select(.kind == "no-trace" and .fails)' "$T/c4.json"

# Class B entries without the required fields are findings; class A ones are not.
jq '.components += [{"name": "extra", "version": "1", "supplier": "x", "match": {"paths": ["nowhere/**"]}}]' \
	"$T/declared.json" >"$T/thin.json"
check_json "$T/thin.json" "$T/c5.json" "$src/pumpctl"
expect_eq "an incomplete class B entry fails the gate" 1 "$rc"
check "... as incomplete, listing the fields" \
	jq -e '.findings[] | select(.kind == "incomplete" and .component == "extra") | .message | test("purpose")' "$T/c5.json"
check "... and an entry found nowhere is unused (a warning)" \
	jq -e '.findings[] | select(.kind == "unused" and .component == "extra" and (.fails | not))' "$T/c5.json"
rc=0
"$ST_CLI" check --strict --soup "$T/declared.json" --project-root "$src" "$src/pumpctl" >/dev/null 2>&1 || rc=$?
expect_eq "--strict with nothing unused still passes" 0 "$rc"

# --evidence binary: the binary alone (DWARF, DT_NEEDED, packages), no trace.
rc=0
(unset SOUPTRACE_DIR; cd "$T" && "$ST_CLI" check --evidence binary --soup "$src/soup.json" \
	--project-root "$src" --format json -o "$T/b1.json" "$src/pumpctl") || rc=$?
expect_eq "binary evidence: the gate fails the same way" 1 "$rc"
expect_eq "binary evidence: the header-only library from the DWARF line tables" "undeclared ringbuf" \
	"$(jq -r '.findings[] | select(.fails) | "\(.kind) \(.component)"' "$T/b1.json")"
check "binary evidence: said so, with what it cannot see" \
	jq -e '.summary.evidence == "binary" and (.summary.evidence_note | test("Weaker than a trace"))' "$T/b1.json"
check "binary evidence: zlib through DT_NEEDED and the package database" \
	jq -e '.components[] | select(.component == "zlib") | .evidence | map(test("DT_NEEDED libz.so.1")) | any' "$T/b1.json"
strip -o "$T/pumpctl.stripped" "$src/pumpctl"
rc=0
"$ST_CLI" check --evidence binary --soup "$src/soup.json" --project-root "$src" --format json \
	-o "$T/b2.json" "$T/pumpctl.stripped" || rc=$?
expect_eq "binary evidence, stripped: what DWARF would show is not seen (no failure)" 0 "$rc"
check "binary evidence, stripped: the vendored code shows up as unused instead" \
	jq -e '[.findings[] | select(.kind == "unused" and .component == "tinycrc")] | length == 1' "$T/b2.json"

# souptrace init drafts the list from what reaches pumpctl.
rc=0
"$ST_CLI" init --project-root "$src" -o "$T/draft.json" "$src/pumpctl" 2>/dev/null || rc=$?
expect_eq "init: exit 0" 0 "$rc"
check "init: the vendored folders with their probed versions and path rules" \
	jq -e '[.components[] | select(.name == "tinycrc" and .version == "2.4.1" and .match.paths == ["third_party/tinycrc/**"])] | length == 1' "$T/draft.json"
check "init: packages with upstream version, licence, purl and the source package as rule" \
	jq -e '.components[] | select(.name == "zlib") | .version == "1.2.13" and .license == "Zlib" and (.purl | startswith("pkg:deb/debian/zlib1g@")) and .match.packages == ["zlib"]' "$T/draft.json"
check "init: the prebuilt SDK by its library" \
	jq -e '[.components[] | select(.match.libraries == ["sensorsdk"])] | length == 1' "$T/draft.json"
check "init: what a person must write says TODO" \
	jq -e '.components[] | select(.name == "zlib") | .purpose == "TODO" and .risk.hazards == ["TODO"]' "$T/draft.json"
check "init: the draft loads (lint finds only the TODOs and the missing class)" \
	sh -c "'$ST_CLI' lint --soup '$T/draft.json' --safety-class A >/dev/null; test \$? -le 1"
rc=0
"$ST_CLI" init --project-root "$src" -o "$T/draft.json" "$src/pumpctl" 2>"$T/err.txt" || rc=$?
expect_eq "init: never overwrites without --force" 2 "$rc"
cp "$src/soup.json" "$T/upd.json"
"$ST_CLI" init --update --project-root "$src" -o "$T/upd.json" "$src/pumpctl" 2>/dev/null
expect_eq "init --update: only the undeclared component is added" \
	"$(jq -c '[.components[].name] + ["ringbuf"]' "$src/soup.json")" "$(jq -c '[.components[].name]' "$T/upd.json")"
expect_eq "init --update: the human-written fields stay" \
	"$(jq -c '.components[0]' "$src/soup.json")" "$(jq -c '.components[0]' "$T/upd.json")"
check_json "$T/upd.json" "$T/c7.json" "$src/pumpctl"
expect_eq "after --update nothing is undeclared, but the TODO entry is incomplete for class B" \
	"incomplete ringbuf" "$(jq -r '.findings[] | select(.fails) | "\(.kind) \(.component)"' "$T/c7.json")"

# Bad input.
# Issue 16: what ignore rules silence is counted per rule; a rule that
# silences everything is a warning (failing with --strict), never a silent pass.
jq '.ignore = [{"paths": ["/usr/**"], "reason": "the C runtime"}]' "$src/soup.json" >"$T/ign1.json"
check_json "$T/ign1.json" "$T/ci1.json" "$src/pumpctl"
check "an ignore rule: its files counted under the artifact" \
	jq -e '.artifacts[0].ignored[0] | .rule == 0 and .reason == "the C runtime" and .files > 0' "$T/ci1.json"
check "... and no ignored-everything warning while something is still checked" \
	jq -e '[.findings[] | select(.kind == "ignored-everything")] | length == 0' "$T/ci1.json"
jq '.ignore = [{"paths": ["**", "/**"], "reason": "all"}] | .components = []' "$src/soup.json" >"$T/ign2.json"
check_json "$T/ign2.json" "$T/ci2.json" "$src/pumpctl"
expect_eq "ignore ['**', '/**']: the gate is not failed without --strict" 0 "$rc"
check "... but a warning says nothing is checked" \
	jq -e '[.findings[] | select(.kind == "ignored-everything" and (.fails | not) and (.message | test("silence every file")))] | length == 1' "$T/ci2.json"
rc=0
"$ST_CLI" check --soup "$T/ign2.json" --project-root "$src" "$src/pumpctl" >"$T/ci2.txt" 2>&1 || rc=$?
check "... and the text says how many files the rule silenced" grep -Eq '^  ignored [0-9]+ files by ignore\[0\] \(all\)$' "$T/ci2.txt"
check_json "$T/ign2.json" "$T/ci3.json" "$src/pumpctl" --strict
expect_eq "... failing with --strict" 1 "$rc"

# Issue 16: a hostile trace. A FIFO among the records must not hang check;
# a record naming a map outside the trace (/dev/zero, /etc/passwd) is not read.
cp -R "$SOUPTRACE_DIR" "$T/hostile"
link=$(grep -l '"link"' "$T/hostile/records/"*.json | head -n 1)
mkfifo "$T/hostile/records/zz-fifo.json"
jq '.link.reports.map = "/dev/zero"' "$link" >"$T/rec.json" && cat "$T/rec.json" >"$link"
rc=0
timeout 120 "$ST_CLI" check --soup "$src/soup.json" --trace "$T/hostile" --project-root "$src" \
	--format json -o "$T/ch.json" "$src/pumpctl" 2>"$T/ch.err" || rc=$?
check "a FIFO in records/ does not hang check (exit 0 or 1, not the timeout's 124)" \
	test "$rc" -eq 0 -o "$rc" -eq 1
check "... it is reported as unreadable: not a regular file" jq -e '[.findings[].evidence[]? |
	select(test("zz-fifo.json: cannot read: is not a regular file"))] | length == 1' "$T/ch.json"
check "... the record naming /dev/zero as its map is refused: outside the trace" \
	jq -e '[.findings[].evidence[]? | select(test("link.reports.map: ./dev/zero. is outside the trace"))] | length == 1' "$T/ch.json"
check "... and the artifact it reaches is not passed: a trace-incomplete or unreadable finding" \
	jq -e '[.findings[] | select(.kind == "trace-incomplete" or .kind == "trace-hint")] | length > 0' "$T/ch.json"

# Issue 16: a genuine map larger than 512 MiB (a big program's discarded
# sections; here the map's own "Discarded input sections" repeated to
# 600 MiB) is checked like any other: same verdict and components.
cp -R "$SOUPTRACE_DIR" "$T/bigmap"
rm -f "$T/bigmap/INCOMPLETE"
map="$T/bigmap/$(jq -s -r '[.[] | select(.link and (.outputs | index("pumpctl")))] |
	max_by(.end_ns) | .link.reports.map' "$T/bigmap/records/"*.json)"
perl -e '
	my ($in, $out) = @ARGV; open(my $f, "<", $in) or die; my @l = <$f>; close $f;
	my ($s) = grep { $l[$_] eq "Discarded input sections\n" } 0 .. $#l;
	my ($e) = grep { $_ > $s && $l[$_] eq "Memory Configuration\n" } 0 .. $#l;
	my $block = join("", @l[$s + 2 .. $e - 2]); length($block) or die "no discarded sections";
	open(my $o, ">", $out) or die; print $o @l[0 .. $e - 2];
	my $n = int(600 * 1024 * 1024 / length($block)) + 1; print $o $block for 1 .. $n;
	print $o @l[$e - 1 .. $#l]; close $o or die;' "$map" "$T/big.map"
mv "$T/big.map" "$map"
check "the generated map is larger than 600 MiB" test "$(stat -c %s "$map")" -gt $((600 << 20))
for t in trace bigmap; do
	rc=0
	/usr/bin/time -f %M -o "$T/$t.rss" \
		"$ST_CLI" check --soup "$src/soup.json" --trace "$T/$t" --project-root "$src" \
		--format json -o "$T/$t.json" "$src/pumpctl" 2>"$T/$t.err" || rc=$?
	echo "$rc" >"$T/$t.rc"
done
# read through a window, not mapped: the map's size is not in the peak memory
# (mapped, its pages counted: +600 MiB)
check "... read in constant memory: peak RSS $(tail -n1 "$T/bigmap.rss") KiB, \
$(tail -n1 "$T/trace.rss") KiB with the original map" \
	test "$(tail -n1 "$T/bigmap.rss")" -lt $(($(tail -n1 "$T/trace.rss") + 64 * 1024))
expect_eq "a 600 MiB map: the same exit status as its original" "$(cat "$T/trace.rc")" \
	"$(cat "$T/bigmap.rc")"
check "... the components are there" jq -e '.components | length > 2' "$T/bigmap.json"
expect_eq "... the same components" "$(jq -c '[.components[].component] | sort' "$T/trace.json")" \
	"$(jq -c '[.components[].component] | sort' "$T/bigmap.json")"
expect_eq "... the same findings" "$(jq -c '[.findings[] | [.kind, .component]] | sort' "$T/trace.json")" \
	"$(jq -c '[.findings[] | [.kind, .component]] | sort' "$T/bigmap.json")"
check "... and no word of a size limit" test ! -s "$T/bigmap.err"
rm -rf "$T/bigmap"

printf '{"souptrace": 1, "components": [}\n' >"$T/bad.json"
check_json "$T/bad.json" "$T/c6.json" "$src/pumpctl"
expect_eq "malformed soup.json: exit 2" 2 "$rc"
check "malformed soup.json: located" grep -q "bad.json:1:" "$T/err.txt"
# One document per file: a second one appended, or a raw control character, is refused.
cp "$src/soup.json" "$T/two.json" && printf '{"souptrace": 1}\n' >>"$T/two.json"
check_json "$T/two.json" "$T/c8.json" "$src/pumpctl"
expect_eq "soup.json with a second document: exit 2" 2 "$rc"
check "... the file, line and offset named" \
	grep -q "two.json:$(wc -l <"$src/soup.json" | awk '{print $1 + 1}'):1: error: more after the JSON document .*byte offset $(wc -c <"$src/soup.json")" "$T/err.txt"
printf '{"souptrace": 1, "components": [{"name": "a\033b"}]}\n' >"$T/ctl.json"
check_json "$T/ctl.json" "$T/c9.json" "$src/pumpctl"
expect_eq "soup.json with a raw ESC in a string: exit 2" 2 "$rc"
check "... located" grep -q "ctl.json:1:44: error: a control character (0x1b)" "$T/err.txt"
# A trace record with garbage after it is unreadable, and said where.
cp -r "$SOUPTRACE_DIR" "$T/trace2"
rec=$(ls "$T/trace2/records/"*.json | head -n 1)
printf 'garbage' >>"$rec"
"$ST_CLI" trace --trace "$T/trace2" --format json -o "$T/t2.json" 2>"$T/err.txt" || true
check "a record with trailing garbage is unreadable, located" \
	grep -q "^$rec:[0-9]*:[0-9]*: error: more after the JSON document at 'garbage'" "$T/err.txt"
# Times in records are exact: version 2 writes nanoseconds as strings of
# digits (a JSON number that large loses its last digits in cJSON and jq).
mkdir -p "$T/ns/trace" && printf 'int ns;\n' >"$T/ns/a.c"
(cd "$T/ns" && SOUPTRACE_DIR="$T/ns/trace" "$ST_BIN/souptrace-cc" -c a.c -o a.o)
rec=$(ls "$T/ns/trace/records/"*.json)
expect_eq "a record's mtime_ns is the output's mtime, to the nanosecond" \
	"$(stat -c %.9Y "$T/ns/a.o" | tr -d .)" "$(jq -r '.written[0].mtime_ns' "$rec")"
check "... written as a string, in a version 2 record" \
	jq -e '.version == 2 and (.start_ns | type == "string") and (.end_ns | type == "string")' "$rec"
# Version 1 records (numbers) are still read, with the same verdict.
rm -rf "$T/trace2" && cp -r "$SOUPTRACE_DIR" "$T/trace2"
for r in "$T/trace2/records/"*.json; do
	jq -c '.version = 1 | (.start_ns, .end_ns) |= tonumber |
		if .written then .written[].mtime_ns |= tonumber else . end' "$r" >"$T/v1.json" &&
		mv "$T/v1.json" "$r"
done
SOUPTRACE_DIR="$T/trace2" check_json "$src/soup.json" "$T/v1out.json" "$src/pumpctl"
expect_eq "version 1 records: the same verdict" 1 "$rc"
expect_eq "... the same failing finding" "undeclared ringbuf" \
	"$(jq -r '.findings[] | select(.fails) | "\(.kind) \(.component)"' "$T/v1out.json")"
check "... and no unreadable record" \
	jq -e '[.findings[] | select(.kind == "trace-incomplete")] | length == 0' "$T/v1out.json"
rec=$(grep -l '"mode":"compile"' "$T/trace2/records/"*.json | head -n 1)
jq -c '.written[0].mtime_ns = "12x"' "$rec" >"$T/bad.json" && mv "$T/bad.json" "$rec"
"$ST_CLI" trace --trace "$T/trace2" --format json -o "$T/t3.json" 2>"$T/err.txt" || true
check "a record with a malformed time is unreadable, said so" \
	grep -q "mtime_ns: expected a whole number of nanoseconds" "$T/err.txt"
finish
