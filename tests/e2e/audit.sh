#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# souptrace audit (issue 13), the first part: the components that reach
# pumpctl against OSV records read offline. The records are SYNTHETIC,
# written here in the OSV schema's shape with made-up ids (CVE-2099-*):
# a Debian:12 record for zlib that the installed version is inside, one
# whose fix is the installed version, one whose fix has no epoch (older
# than any 1: version: a tool ignoring epochs calls it affected), one for
# another release (never matched); a GIT record listing tinycrc's tags, a
# GIT-only record for ringbuf (cannot be matched: no commit known); the
# vendor SDK has no version (cannot be matched, never skipped).
. "$(dirname "$0")/lib.sh"

src="$T/pumpctl/src"
build_pumpctl "$T/pumpctl" SOUPTRACE_DIR="$T/pumpctl/.trace" CC="$ST_BIN/souptrace-cc" \
	AR="$ST_BIN/souptrace-ar"
export SOUPTRACE_DIR="$T/pumpctl/.trace"
zver=$(dpkg-query -W -f '${source:Version}' zlib1g:"$(dpkg --print-architecture)")
eco="Debian:$(. /etc/os-release && echo "$VERSION_ID")"

db="$T/db"
mkdir -p "$db/debian" "$db/git" "$db/cve"
rec() { # FILE JSON
	printf '%s\n' "$2" >"$db/$1"
}
rec debian/DEBIAN-CVE-2099-1001.json '{"id": "DEBIAN-CVE-2099-1001", "modified": "2099-03-01T00:00:00Z",
 "aliases": ["CVE-2099-1001"], "summary": "synthetic: inflate overflow",
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
 "affected": [{"package": {"ecosystem": "'"$eco"'", "name": "zlib"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "'"$zver"'+deb12u99"}]}]}]}'
rec debian/DEBIAN-CVE-2099-1002.json '{"id": "DEBIAN-CVE-2099-1002", "modified": "2099-02-01T00:00:00Z",
 "aliases": ["CVE-2099-1002"], "summary": "synthetic: fixed in the installed version",
 "affected": [{"package": {"ecosystem": "'"$eco"'", "name": "zlib"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "'"$zver"'"}]}]}]}'
rec debian/DEBIAN-CVE-2099-1003.json '{"id": "DEBIAN-CVE-2099-1003", "summary": "synthetic: fix without epoch",
 "affected": [{"package": {"ecosystem": "'"$eco"'", "name": "zlib"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2.99-1"}]}]}]}'
rec debian/DEBIAN-CVE-2099-1004.json '{"id": "DEBIAN-CVE-2099-1004", "summary": "synthetic: another release",
 "affected": [{"package": {"ecosystem": "Debian:9", "name": "zlib"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}'
rec git/OSV-2099-2001.json '{"id": "OSV-2099-2001", "summary": "synthetic: CRC table overread",
 "database_specific": {"severity": "MODERATE"},
 "affected": [{"package": {"name": "tinycrc"}, "versions": ["v2.4.0", "v2.4.1"],
   "ranges": [{"type": "GIT", "repo": "https://git.example.org/tinycrc",
     "events": [{"introduced": "0"}, {"fixed": "0f3c2a1"}]}]}]}'
rec git/OSV-2099-2002.json '{"id": "OSV-2099-2002", "summary": "synthetic: GIT range only",
 "affected": [{"package": {"name": "ringbuf"},
   "ranges": [{"type": "GIT", "repo": "https://git.example.org/ringbuf",
     "events": [{"introduced": "0"}, {"fixed": "a1b2c3d"}]}]}]}'
# the same tinycrc flaw in crc32c.c (CVE 5 programFiles): pumpctl calls only
# crc16, so the archive member crc32c.o is never pulled in; another in crc16.c
rec git/OSV-2099-2003.json '{"id": "OSV-2099-2003", "aliases": ["CVE-2099-2003"],
 "summary": "synthetic: CRC-32C overread", "database_specific": {"severity": "HIGH"},
 "affected": [{"package": {"name": "tinycrc"}, "versions": ["v2.4.1"]}]}'
rec cve/CVE-2099-2003.json '{"dataType": "CVE_RECORD", "dataVersion": "5.1",
 "cveMetadata": {"cveId": "CVE-2099-2003", "state": "PUBLISHED"},
 "containers": {"cna": {"affected": [{"vendor": "example", "product": "tinycrc",
   "programFiles": ["src/crc32c.c"], "versions": [{"version": "2.4.1", "status": "affected"}]}]}}}'
rec git/OSV-2099-2004.json '{"id": "OSV-2099-2004", "aliases": ["CVE-2099-2004"],
 "summary": "synthetic: CRC-16 overread", "database_specific": {"severity": "LOW"},
 "affected": [{"package": {"name": "tinycrc"}, "versions": ["v2.4.1"]}]}'
rec cve/CVE-2099-2004.json '{"dataType": "CVE_RECORD", "dataVersion": "5.1",
 "cveMetadata": {"cveId": "CVE-2099-2004", "state": "PUBLISHED"},
 "containers": {"cna": {"affected": [{"vendor": "example", "product": "tinycrc",
   "programFiles": ["src/crc16.c"]}]}}}'
echo "not a record, not .json" >"$db/README"

# status COMPONENT ID: what the JSON says of that pair
status() {
	jq -r --arg c "$1" --arg id "$2" \
		'[.results[] | select(.component == $c and .id == $id) | .status] | join(",")' "$T/audit.json"
}

rc=0
"$ST_CLI" audit --db "$db" --format json -o "$T/audit.json" "$src/pumpctl" 2>"$T/audit.err" || rc=$?
expect_eq "an affected critical vulnerability fails the audit" 1 "$rc"
# what was read is kept between runs (issue 13): built once, then used, the same results
for n in 1 2; do
	SOUPTRACE_CACHE_DIR="$T/cache" "$ST_CLI" audit --db "$db" --fail-on none --format json \
		-o "$T/ix$n.json" "$src/pumpctl" 2>/dev/null || fail "audit with an index, run $n"
done
expect_eq "the database's index: built, then used" "built used" \
	"$(jq -r .database.index "$T/ix1.json") $(jq -r .database.index "$T/ix2.json")"
expect_eq "... the same results either way" "$(jq -cS .results "$T/ix1.json")" "$(jq -cS .results "$T/ix2.json")"
expect_eq "zlib inside the Debian range: affected" affected "$(status zlib DEBIAN-CVE-2099-1001)"
expect_eq "... its severity from the CVSS vector" "critical 9.8" \
	"$(jq -r '.results[] | select(.id == "DEBIAN-CVE-2099-1001") | "\(.severity) \(.score)"' "$T/audit.json")"
expect_eq "zlib at the fix: fixed" fixed "$(status zlib DEBIAN-CVE-2099-1002)"
expect_eq "zlib past a fix without epoch: fixed (dpkg's order)" fixed "$(status zlib DEBIAN-CVE-2099-1003)"
expect_eq "another Debian release: not matched" "" "$(status zlib DEBIAN-CVE-2099-1004)"
expect_eq "tinycrc 2.4.1 in the record's versions: affected" affected "$(status tinycrc OSV-2099-2001)"
expect_eq "... medium (database_specific MODERATE)" medium \
	"$(jq -r '.results[] | select(.id == "OSV-2099-2001") | .severity' "$T/audit.json")"
expect_eq "the flaw in crc32c.c, a member pulled into no artifact: not affected" not-affected \
	"$(status tinycrc OSV-2099-2003)"
check "... vulnerable_code_not_present, naming the file and what reached the artifact" \
	jq -e '.results[] | select(.id == "OSV-2099-2003") | .justification ==
		"vulnerable_code_not_present" and (.evidence | test("src/crc32c.c") and
		test("none of the 2 files of tinycrc"))' "$T/audit.json"
expect_eq "the flaw in crc16.c, compiled in: affected" affected "$(status tinycrc OSV-2099-2004)"
expect_eq "ringbuf named by a GIT range only: cannot be matched" cannot-be-matched \
	"$(status ringbuf OSV-2099-2002)"
check "the vendor SDK without a version: cannot be matched, said why" \
	jq -e '[.results[] | select(.component == "sensorsdk" and .id == null and
		.status == "cannot-be-matched" and (.evidence | test("no version")))] | length == 1' \
	"$T/audit.json"
# CVE-2099-2003's product with its versions is a record too (9), but OSV-2099-2003 names
# the same CVE for tinycrc: the OSV record decides, the CVE record gives no second result
check "a CVE record whose CVE an OSV record of the component has: not used again" \
	jq -e '[.results[] | select(.id == "CVE-2099-2003")] | length == 0' "$T/audit.json"
expect_eq "the database's source, size and date are stated" "$db 9 2 2099-03-01T00:00:00Z $eco" \
	"$(jq -r '.database | "\(.path) \(.records) \(.cve_file_lists) \(.newest_modified) \(.debian_ecosystem)"' \
		"$T/audit.json")"

# a real record (tests/data/osv, trimmed): DSA-5514-1, glibc's CVE-2023-4911
# fixed in bookworm by the backport 2.36-9+deb12u3; this machine's glibc is
# at or past it (an upstream comparison, 2.36 < 2.39, would say affected)
gver=$(dpkg-query -W -f '${source:Version}' libc6:"$(dpkg --print-architecture)")
if [ "$eco" = Debian:12 ] && dpkg --compare-versions "$gver" ge 2.36-9+deb12u3; then
	"$ST_CLI" audit --db "$ST_SRC/tests/data/osv" --fail-on none --format json -o "$T/real.json" \
		"$src/pumpctl" 2>/dev/null || fail "audit with the real record"
	expect_eq "glibc $gver against DSA-5514-1: fixed, by the Debian:12 backport" \
		"fixed 2.36-9+deb12u3 CVE-2023-4911" \
		"$(jq -r '.results[] | select(.id == "DSA-5514-1") | "\(.status) \(.fixed_in) \(.aliases | join(","))"' \
			"$T/real.json")"
	check "... the bullseye range is not used" \
		jq -e '[.results[] | select(.id == "DSA-5514-1")] | length == 1' "$T/real.json"
	# DEBIAN-CVE-2022-37434 as OSV publishes it: bookworm's zlib (epoch 1:) past the fix
	expect_eq "zlib $zver against DEBIAN-CVE-2022-37434: fixed, by dpkg's order with the epoch" \
		"fixed 1:1.2.11.dfsg-4.1 critical" \
		"$(jq -r '.results[] | select(.id == "DEBIAN-CVE-2022-37434") | "\(.status) \(.fixed_in) \(.severity)"' \
			"$T/real.json")"
	# DEBIAN-CVE-2010-4756: open in bookworm, no CVSS, Debian's urgency "unimportant"
	expect_eq "glibc against DEBIAN-CVE-2010-4756: affected, rated low by Debian's urgency" \
		"affected low" \
		"$(jq -r '.results[] | select(.id == "DEBIAN-CVE-2010-4756") | "\(.status) \(.severity)"' \
			"$T/real.json")"
	mkdir -p "$T/dbu" && cp "$ST_SRC/tests/data/osv/DEBIAN-CVE-2010-4756.json" "$T/dbu/"
	rc=0
	"$ST_CLI" audit --db "$T/dbu" --fail-on medium "$src/pumpctl" >/dev/null 2>&1 || rc=$?
	expect_eq "... so --fail-on medium passes (unrated would count as critical)" 0 "$rc"
	# the Debian Security Tracker's JSON beside it (tests/data/osv/tracker-slice.json):
	# its bookworm entries only, by source package, each with its file and entry
	expect_eq "the tracker's CVE-2023-4911 for bookworm: fixed by the same backport" \
		"fixed 2.36-9+deb12u3 unknown" \
		"$(jq -r '.results[] | select(.id == "CVE-2023-4911") | "\(.status) \(.fixed_in) \(.severity)"' "$T/real.json")"
	check "... the entry it came from is named" \
		jq -e '.results[] | select(.id == "CVE-2023-4911") | .record | test("tracker-slice.json: glibc CVE-2023-4911, bookworm")' "$T/real.json"
	expect_eq "an undetermined entry (urgency medium**): affected, medium, every version" \
		"affected medium" \
		"$(jq -r '.results[] | select(.id == "TEMP-0000000-SOUP01") | "\(.status) \(.severity)"' "$T/real.json")"
	check "the file, what it gave and its date are in the output" \
		jq -e '.database.notes[0] | test("tracker-slice.json: Debian Security Tracker JSON, 4 entries, 4 kept for bookworm [(]Debian:12[)]; it states no date: the file.s time is 20")' "$T/real.json"
	"$ST_CLI" audit --db "$ST_SRC/tests/data/osv" --fail-on none "$src/pumpctl" >"$T/real.txt" 2>&1 ||
		fail "audit with the tracker, text"
	check "... also in the text" grep -q "^  .*tracker-slice.json: Debian Security Tracker JSON, 4 entries" "$T/real.txt"
	rc=0
	"$ST_CLI" audit --db "$ST_SRC/tests/data/osv" --fail-on medium "$src/pumpctl" >/dev/null 2>&1 || rc=$?
	expect_eq "... and the undetermined medium one fails --fail-on medium" 1 "$rc"
	# a tracker this system's release cannot use (an unknown Debian): data not seen, never a pass
	rc=0
	"$ST_CLI" audit --db "$ST_SRC/tests/data/osv" --ecosystem Debian:99 --fail-on none --format json \
		-o "$T/noeco.json" "$src/pumpctl" 2>/dev/null || rc=$?
	expect_eq "a tracker file read but of no use fails the audit, even with --fail-on none" 1 "$rc"
	check "... saying so in the evidence gaps" \
		jq -e '.summary.evidence_gaps | map(test("Debian Security Tracker file read but not used")) | any' "$T/noeco.json"
	# the same records as OSV publishes them: one all.zip
	(cd "$ST_SRC/tests/data/osv" && python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
for f in sys.argv[2:]: z.write(f)' "$T/osv-all.zip" *.json)
	"$ST_CLI" audit --db "$T/osv-all.zip" --fail-on none --format json -o "$T/zip.json" \
		"$src/pumpctl" 2>/dev/null || fail "audit of an all.zip"
	expect_eq "all.zip read as published: the results of the folder" \
		"$(jq -c '[.results[] | [.component, .id, .status, .fixed_in]] | sort' "$T/real.json")" \
		"$(jq -c '[.results[] | [.component, .id, .status, .fixed_in]] | sort' "$T/zip.json")"
	check "... each record named ARCHIVE:ENTRY" \
		jq -e '.results[] | select(.id == "DSA-5514-1") | .record | endswith("osv-all.zip:DSA-5514-1.json")' "$T/zip.json"
else
	skip "DSA-5514-1 needs Debian 12 with glibc >= 2.36-9+deb12u3 (have $eco, $gver)"
fi

# the gate's threshold
mkdir -p "$T/dbv" && cp -R "$db/git" "$db/cve" "$T/dbv/" && rm "$T/dbv/git/OSV-2099-2002.json"
rc=0
"$ST_CLI" audit --db "$T/dbv" --fail-on high "$src/pumpctl" >"$T/high.txt" 2>&1 || rc=$?
expect_eq "medium and low affected, the high one not affected: --fail-on high passes" 0 "$rc"
mkdir -p "$T/dbg" && cp -R "$T/dbv/." "$T/dbg/" && cp "$db/git/OSV-2099-2002.json" "$T/dbg/git/"
rc=0
"$ST_CLI" audit --db "$T/dbg" --fail-on high "$src/pumpctl" >/dev/null 2>&1 || rc=$?
expect_eq "a record naming ringbuf that nothing decides (GIT only) keeps the gate closed" 1 "$rc"
rc=0
"$ST_CLI" audit --db "$db/git" --fail-on high "$src/pumpctl" >"$T/high-nocve.txt" 2>&1 || rc=$?
expect_eq "... without the CVE file lists nothing shows the high one absent: it fails" 1 "$rc"
rc=0
"$ST_CLI" audit --db "$T/dbv" --fail-on medium "$src/pumpctl" >"$T/medium.txt" 2>&1 || rc=$?
expect_eq "... --fail-on medium fails" 1 "$rc"
rc=0
"$ST_CLI" audit --db "$db" --fail-on none "$src/pumpctl" >"$T/none.txt" 2>&1 || rc=$?
expect_eq "--fail-on none never fails" 0 "$rc"
check "the text puts what needs a decision first" \
	sh -c "head -2 '$T/none.txt' | tail -1 | grep -q '^affected '"
check "... and ends with the verdict" \
	grep -q "^PASS: 3 affected (0 at or above none), 1 not affected, 2 fixed, [0-9]* cannot be matched$" \
	"$T/none.txt"

# the declared version counts when none is found
rc=0
"$ST_CLI" audit --db "$db" --soup "$src/soup.json" --format json -o "$T/declared.json" \
	"$src/pumpctl" 2>/dev/null || rc=$?
unversioned() {
	jq '[.results[] | select(.id == null)] | length' "$1"
}
expect_eq "with the SOUP list, the SDK's declared version is used: one unversioned entry less" \
	"$(($(unversioned "$T/audit.json") - 1))" "$(unversioned "$T/declared.json")"
check "... none for the declared Acme SensorSDK" \
	jq -e '[.results[] | select(.id == null and .component == "Acme SensorSDK")] | length == 0' \
	"$T/declared.json"

# OpenVEX 0.2.0: valid, one statement per component x vulnerability, the
# evidence's decision with its justification; deterministic
validator="${SOUPTRACE_SBOM_VALIDATOR:-$ST_SRC/../shared/tools/validate-sbom}"
for n in 1 2; do
	SOURCE_DATE_EPOCH=1764158400 "$ST_CLI" audit --db "$db" --fail-on none --format openvex \
		-o "$T/vex$n.json" "$src/pumpctl" 2>/dev/null || fail "audit --format openvex"
done
if [ -x "$validator" ]; then
	check "the OpenVEX document validates" "$validator" "$T/vex1.json"
else
	skip "no validator at $validator"
fi
check "... the same inputs give the same document" cmp "$T/vex1.json" "$T/vex2.json"
check "... not_affected with vulnerable_code_not_present for the member never linked" \
	jq -e '[.statements[] | select(.vulnerability.name == "OSV-2099-2003")] | length == 1 and
		.[0].status == "not_affected" and .[0].justification == "vulnerable_code_not_present"' \
	"$T/vex1.json"
check "... affected zlib names the shipped package and says what to do" \
	jq -e --arg p "pkg:deb/debian/zlib1g@" '.statements[] | select(.vulnerability.name ==
		"DEBIAN-CVE-2099-1001") | .status == "affected" and (.action_statement | length > 0) and
		(.products[0].subcomponents[0]["@id"] | startswith($p))' "$T/vex1.json"
check "... the product is the artifact, by path and SHA-256" \
	jq -e --arg h "$(sha256sum "$src/pumpctl" | cut -d' ' -f1)" \
		'all(.statements[]; .products[0].hashes["sha-256"] == $h)' "$T/vex1.json"
check "... GIT-only is under investigation" \
	jq -e '.statements[] | select(.vulnerability.name == "OSV-2099-2002") |
		.status == "under_investigation"' "$T/vex1.json"

# people's decisions (OpenVEX, --vex) win over souptrace's; a decision about
# another version of the component is stale: shown, not applied
zpurl=$(jq -r '.components[] | select(.component == "zlib") | .package.purl' \
	<("$ST_CLI" check --soup "$src/soup.json" --format json "$src/pumpctl" 2>/dev/null))
decide() { # FILE PURL
	jq -n --arg p "$2" '{"@context": "https://openvex.dev/ns/v0.2.0",
		"@id": "https://example.org/vex/pumpctl-1", "author": "Jane Auditor <jane@example.org>",
		"timestamp": "2099-04-01T10:00:00Z", "version": 1,
		"statements": [{"vulnerability": {"name": "CVE-2099-1001"},
			"products": [{"@id": "https://example.org/pumpctl", "subcomponents": [{"@id": $p}]}],
			"status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
			"impact_statement": "pumpctl inflates only its own fixed-size configuration blobs"}]}' >"$1"
}
decide "$T/decided.vex.json" "$zpurl"
# without the GIT-only ringbuf record, which would keep the gate closed anyway
mkdir -p "$T/dbn" && cp -R "$db/." "$T/dbn/" && rm "$T/dbn/git/OSV-2099-2002.json"
decide "$T/old.vex.json" "${zpurl/@*\?/@1:1.2.11.dfsg-2?}"
rc=0
"$ST_CLI" audit --db "$T/dbn" --fail-on high "$src/pumpctl" >/dev/null 2>&1 || rc=$?
expect_eq "without the decision, zlib's critical vulnerability fails --fail-on high" 1 "$rc"
rc=0
"$ST_CLI" audit --db "$T/dbn" --fail-on high --vex "$T/decided.vex.json" --format json \
	-o "$T/decided.json" "$src/pumpctl" 2>"$T/decided.err" || rc=$?
expect_eq "the person's not_affected decision settles it" 0 "$rc"
check "... shown with its author, time and source, over souptrace's own result" \
	jq -e '.results[] | select(.id == "DEBIAN-CVE-2099-1001") | .status == "affected" and
		.decision.status == "not_affected" and .decision.author == "Jane Auditor <jane@example.org>" and
		.decision.justification == "vulnerable_code_not_in_execute_path" and
		(.decision.from | endswith("decided.vex.json: $.statements[0]"))' "$T/decided.json"
SOURCE_DATE_EPOCH=1764158400 "$ST_CLI" audit --db "$db" --fail-on none --vex "$T/decided.vex.json" \
	--format openvex -o "$T/decided.openvex.json" "$src/pumpctl" 2>/dev/null || fail "openvex with --vex"
check "... and carried into the OpenVEX written" \
	jq -e '.statements[] | select(.vulnerability.name == "DEBIAN-CVE-2099-1001") |
		.status == "not_affected" and .justification == "vulnerable_code_not_in_execute_path"
		and (.status_notes | startswith("decided by Jane Auditor"))' "$T/decided.openvex.json"
[ ! -x "$validator" ] || check "... which validates" "$validator" "$T/decided.openvex.json"
# CycloneDX 1.6 VEX: a standalone BOM; the person's decision as the analysis
SOURCE_DATE_EPOCH=1764158400 "$ST_CLI" audit --db "$db" --fail-on none --vex "$T/decided.vex.json" \
	--format cyclonedx -o "$T/vex.cdx.json" "$src/pumpctl" 2>/dev/null || fail "audit --format cyclonedx"
[ ! -x "$validator" ] || check "the CycloneDX VEX validates" "$validator" "$T/vex.cdx.json"
expect_eq "... analysis states: souptrace's and the person's" \
	"OSV-2099-2001 in_triage|OSV-2099-2003 not_affected code_not_present|DEBIAN-CVE-2099-1001 not_affected code_not_reachable|DEBIAN-CVE-2099-1002 resolved" \
	"$(jq -r '[.vulnerabilities[] | select(.id | test("2001|2003|1001|1002")) |
		"\(.id) \(.analysis.state)\(if .analysis.justification then " " + .analysis.justification else "" end)"]
		| join("|")' "$T/vex.cdx.json")"
check "... every affects entry names a component of the BOM" \
	jq -e '[.components[]["bom-ref"]] as $r | all(.vulnerabilities[]; .affects[0].ref as $a | $r | index($a))' \
	"$T/vex.cdx.json"
check "... no SBOM data in it: no files, no dependencies" \
	jq -e 'has("dependencies") | not' "$T/vex.cdx.json"
# CSAF 2.0, VEX profile: the schema, and the profile's own rules a schema
# cannot express (CSAF 2.0 section 6.1.27.4 to .10, and 6.1.1)
SOURCE_DATE_EPOCH=1764158400 "$ST_CLI" audit --db "$db" --fail-on none --vex "$T/decided.vex.json" \
	--format csaf -o "$T/vex.csaf.json" "$src/pumpctl" 2>/dev/null || fail "audit --format csaf"
[ ! -x "$validator" ] || check "the CSAF document validates" "$validator" "$T/vex.csaf.json"
C="$T/vex.csaf.json"
check "csaf: category csaf_vex with a product tree (6.1.27.4)" \
	jq -e '.document.category == "csaf_vex" and (.product_tree | type == "object")' "$C"
check "csaf: every vulnerability has notes (6.1.27.5)" jq -e 'all(.vulnerabilities[]; (.notes | length) > 0)' "$C"
check "csaf: every vulnerability has a product status group (6.1.27.6, .7)" \
	jq -e 'all(.vulnerabilities[]; .product_status | (.fixed // .known_affected //
		.known_not_affected // .under_investigation) | length > 0)' "$C"
check "csaf: every vulnerability has a cve or ids (6.1.27.8)" \
	jq -e 'all(.vulnerabilities[]; has("cve") or ((.ids // []) | length > 0))' "$C"
check "csaf: every known_not_affected product has a flag or an impact threat (6.1.27.9)" \
	jq -e 'all(.vulnerabilities[]; . as $v | all(($v.product_status.known_not_affected // [])[];
		. as $p | ([$v.flags[]?.product_ids[]?] + [$v.threats[]? | select(.category == "impact")
		| .product_ids[]?]) | index($p)))' "$C"
check "csaf: every known_affected product has a remediation (6.1.27.10)" \
	jq -e 'all(.vulnerabilities[]; . as $v | all(($v.product_status.known_affected // [])[];
		. as $p | [$v.remediations[]?.product_ids[]?] | index($p)))' "$C"
check "csaf: every product id used is defined in the product tree (6.1.1)" \
	jq -e '([.product_tree.full_product_names[].product_id] +
		[.product_tree.relationships[].full_product_name.product_id]) as $ids |
		all(.vulnerabilities[] | (.product_status[]?[]), (.flags[]?.product_ids[]?),
		(.threats[]?.product_ids[]?), (.remediations[]?.product_ids[]?); . as $p | $ids | index($p))' "$C"
SOURCE_DATE_EPOCH=1764158400 "$ST_CLI" audit --db "$db" --fail-on none --format csaf \
	-o "$T/nodecision.csaf.json" "$src/pumpctl" 2>/dev/null || fail "audit --format csaf (no --vex)"
check "csaf: zlib's record names its fix: a vendor_fix naming it (without the decision)" \
	jq -e '.vulnerabilities[] | select(.cve == "CVE-2099-1001") | .remediations[0] |
		.category == "vendor_fix" and (.details | test("deb12u99"))' "$T/nodecision.csaf.json"
rc=0
"$ST_CLI" audit --db "$T/dbn" --fail-on high --vex "$T/old.vex.json" --format json \
	-o "$T/stale.json" "$src/pumpctl" 2>/dev/null || rc=$?
expect_eq "a decision about another zlib version is not applied" 1 "$rc"
check "... it is shown as stale" \
	jq -e '.results[] | select(.id == "DEBIAN-CVE-2099-1001") | .decision == null and
		.stale_decision.status == "not_affected"' "$T/stale.json"
printf '{"@context": "https://openvex.dev/ns/v0.2.0", "author": "x", "timestamp": "t",
 "statements": [{"vulnerability": {"name": "CVE-1"}, "status": "not_affected",
 "products": [{"@id": "pkg:generic/x@1"}]}]}\n' >"$T/bad.vex.json"
rc=0
"$ST_CLI" audit --db "$db" --vex "$T/bad.vex.json" "$src/pumpctl" >/dev/null 2>"$T/badvex.err" || rc=$?
expect_eq "a not_affected decision without a reason: exit 2" 2 "$rc"
check "... naming the file and statement" \
	grep -q "bad.vex.json: \$.statements\[0\]: not_affected needs a justification or an impact_statement" \
	"$T/badvex.err"

# evidence check could not see makes the component list incomplete: a binary
# the trace has no link step for never passes, even with --fail-on none
printf 'int main(void)\n{\n\treturn 0;\n}\n' >"$T/plain.c"
gcc -o "$T/plain" "$T/plain.c"
rc=0
"$ST_CLI" audit --db "$db" --fail-on none --format json -o "$T/gap.json" "$src/pumpctl" "$T/plain" \
	2>/dev/null || rc=$?
expect_eq "an artifact built without the wrappers: the audit fails (exit 1)" 1 "$rc"
check "... naming the gap, while pumpctl's results are still there" \
	jq -e '.summary.passed == false and (.summary.evidence_gaps | length > 0) and
		(.summary.evidence_gaps[0] | startswith("no-trace")) and
		([.results[] | select(.id == "DEBIAN-CVE-2099-1001")] | length == 1)' "$T/gap.json"
check "... and no component_not_present for the artifact whose contents are unknown" \
	jq -e '[.results[] | select(.justification == "component_not_present")] | length == 0' "$T/gap.json"

# two artifacts of one product: what affects a component of pumpctl is
# component_not_present in test_alarm, which that component does not reach
"$ST_CLI" audit --db "$db" --fail-on none --format json -o "$T/two.json" "$src/pumpctl" "$src/test_alarm" \
	2>/dev/null || fail "audit of two artifacts"
expect_eq "tinycrc's vulnerability: affected in pumpctl, component_not_present in test_alarm" \
	"pumpctl affected null|test_alarm not-affected component_not_present" \
	"$(jq -r '[.results[] | select(.id == "OSV-2099-2001") | "\(.artifact | split("/") | last) \(.status) \(.justification)"] | sort | join("|")' "$T/two.json")"
check "... saying where it is instead" \
	jq -e '.results[] | select(.id == "OSV-2099-2001" and .justification == "component_not_present") | .evidence | test("^component_not_present: tinycrc, which .* names, does not reach this artifact [(]it reaches .*/pumpctl[)]$")' "$T/two.json"
check "... only for what is affected somewhere (a fixed one is not repeated)" \
	jq -e '[.results[] | select(.id == "DEBIAN-CVE-2099-1002")] | length == 1' "$T/two.json"
for fmt in openvex cyclonedx csaf; do
	SOURCE_DATE_EPOCH=1764158400 "$ST_CLI" audit --db "$db" --fail-on none --format $fmt \
		-o "$T/two.$fmt.json" "$src/pumpctl" "$src/test_alarm" 2>/dev/null || fail "two artifacts, $fmt"
	[ ! -x "$validator" ] || check "two artifacts: the $fmt document validates" "$validator" "$T/two.$fmt.json"
done
check "... OpenVEX: not_affected, component_not_present, for test_alarm" \
	jq -e '[.statements[] | select(.vulnerability.name == "OSV-2099-2001" and .status == "not_affected" and .justification == "component_not_present")] | length == 1' "$T/two.openvex.json"
check "... CSAF: the flag component_not_present" \
	jq -e '[.vulnerabilities[] | select(.ids[]?.text == "OSV-2099-2001" or .cve == "OSV-2099-2001") | .flags[]? | select(.label == "component_not_present")] | length >= 1' "$T/two.csaf.json"

# people's decisions in CycloneDX VEX: a bom-ref of the document with a purl
cat >"$T/decided.cdx.json" <<'CDX'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
 "metadata": {"timestamp": "2026-11-30T09:00:00Z", "authors": [{"name": "Jane Auditor"}]},
 "components": [{"type": "library", "bom-ref": "crc", "name": "tinycrc", "purl": "pkg:generic/tinycrc@2.4.1"}],
 "vulnerabilities": [{"id": "OSV-2099-2001", "analysis": {"state": "not_affected",
   "justification": "code_not_reachable", "detail": "the table lookup is never called with external input"},
   "affects": [{"ref": "crc"}]}]}
CDX
"$ST_CLI" audit --db "$db" --fail-on none --vex "$T/decided.cdx.json" --format json -o "$T/cdxin.json" \
	"$src/pumpctl" 2>"$T/cdxin.err" || fail "audit --vex CycloneDX: $(cat "$T/cdxin.err")"
expect_eq "a CycloneDX VEX decision is read: OpenVEX's words, its author and time" \
	"not_affected vulnerable_code_not_in_execute_path Jane Auditor 2026-11-30T09:00:00Z" \
	"$(jq -r '.results[] | select(.id == "OSV-2099-2001") | .decision | "\(.status) \(.justification) \(.author) \(.timestamp)"' "$T/cdxin.json")"
check "... naming where it was read" \
	jq -e '.results[] | select(.id == "OSV-2099-2001") | .decision.from | endswith("decided.cdx.json: $.vulnerabilities[0].affects[0]")' "$T/cdxin.json"
printf '{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"timestamp": "2026-11-30T09:00:00Z", "authors": [{"name": "J"}]}, "vulnerabilities": [{"id": "X-1", "analysis": {"state": "fine"}, "affects": [{"ref": "pkg:generic/x@1"}]}]}\n' \
	>"$T/badcdx.json"
rc=0
"$ST_CLI" audit --db "$db" --vex "$T/badcdx.json" "$src/pumpctl" >/dev/null 2>"$T/badcdx.err" || rc=$?
expect_eq "a CycloneDX VEX with an unknown state: exit 2" 2 "$rc"
check "... naming the place" grep -q 'badcdx.json: \$.vulnerabilities\[0\]: analysis state "fine" is not a CycloneDX state' "$T/badcdx.err"

# an SBOM instead of the artifacts (a release audited again later, without
# its build): the same components and records; a CycloneDX VEX links to the
# SBOM's components by BOM-Link (urn:cdx:SERIAL/VERSION#bom-ref)
"$ST_CLI" sbom --soup "$src/soup.json" --format cyclonedx -o "$T/rel.cdx.json" "$src/pumpctl" 2>/dev/null ||
	fail "sbom of pumpctl"
"$ST_CLI" audit --sbom "$T/rel.cdx.json" --db "$db" --fail-on none --format json -o "$T/sbom.json" \
	2>"$T/sbom.err" || fail "audit --sbom: $(cat "$T/sbom.err")"
expect_eq "audit --sbom: the packages' and declared components' records, as from the artifact" \
	"$(jq -c '[.results[] | select(.component == "zlib" or .component == "ringbuf") | [.component, .id, .status]] | sort' "$T/audit.json")" \
	"$(jq -c '[.results[] | select(.component == "zlib" or .component == "ringbuf") | [.component, .id, .status]] | sort' "$T/sbom.json")"
check "... zlib matched as Debian's source package zlib, from the purl and this system's dpkg database" \
	jq -e '.results[] | select(.id == "DEBIAN-CVE-2099-1001") | .evidence | startswith("package zlib1g, source zlib ")' "$T/sbom.json"
SOURCE_DATE_EPOCH=1764158400 "$ST_CLI" audit --sbom "$T/rel.cdx.json" --db "$db" --fail-on none \
	--format cyclonedx -o "$T/sbom.vex.cdx.json" 2>/dev/null || fail "audit --sbom --format cyclonedx"
[ ! -x "$validator" ] || check "... its CycloneDX VEX validates" "$validator" "$T/sbom.vex.cdx.json"
serial=$(jq -r '.serialNumber | ltrimstr("urn:uuid:")' "$T/rel.cdx.json")
expect_eq "... every affects[].ref is a BOM-Link to a component of that SBOM" "true" \
	"$(jq -r --arg s "$serial" --slurpfile sb "$T/rel.cdx.json" '[.vulnerabilities[].affects[].ref
		| (startswith("urn:cdx:" + $s + "/1#")) and (ltrimstr("urn:cdx:" + $s + "/1#") as $r | [$sb[0].components[]."bom-ref"] | index($r) != null)] | all' "$T/sbom.vex.cdx.json")"
check "... and lists no components of its own" jq -e '(.components // []) | length == 0' "$T/sbom.vex.cdx.json"
# the VEX written with --sbom, decided by a person and read back with the SBOM: its BOM-Links resolve
jq '(.vulnerabilities[] | select(.id == "DEBIAN-CVE-2099-1001") | .analysis) |= {"state": "not_affected",
	"justification": "code_not_reachable", "detail": "inflate is never given untrusted input"}
    | .metadata.authors = [{"name": "Jane Auditor"}]' "$T/sbom.vex.cdx.json" >"$T/sbom.decided.cdx.json"
"$ST_CLI" audit --sbom "$T/rel.cdx.json" --db "$db" --fail-on none --vex "$T/sbom.decided.cdx.json" \
	--format json -o "$T/sbom.decided.json" 2>"$T/sbom.decided.err" || fail "audit --sbom --vex: $(cat "$T/sbom.decided.err")"
expect_eq "... a person's decision in that VEX (BOM-Links to the SBOM) applies" "not_affected Jane Auditor" \
	"$(jq -r '.results[] | select(.id == "DEBIAN-CVE-2099-1001") | "\(.decision.status) \(.decision.author)"' "$T/sbom.decided.json")"
# the same SBOM in SPDX: its packages' purls (externalRefs) are read too
"$ST_CLI" sbom --soup "$src/soup.json" --format spdx -o "$T/rel.spdx.json" "$src/pumpctl" 2>/dev/null ||
	fail "spdx sbom of pumpctl"
"$ST_CLI" audit --sbom "$T/rel.spdx.json" --db "$db" --fail-on none --format json -o "$T/sbom.spdx.json" \
	2>/dev/null || fail "audit --sbom spdx"
expect_eq "audit --sbom SPDX: zlib matched as Debian's source package" "affected" \
	"$(jq -r '.results[] | select(.id == "DEBIAN-CVE-2099-1001") | .status' "$T/sbom.spdx.json")"
# a Debian package whose source cannot be known: said, not skipped
jq '(.components[] | select(.name == "zlib") | .purl) = "pkg:deb/debian/zlib1g@9.9-1?arch=amd64"' \
	"$T/rel.cdx.json" >"$T/other.cdx.json"
"$ST_CLI" audit --sbom "$T/other.cdx.json" --db "$db" --fail-on none --format json -o "$T/other.json" \
	2>/dev/null || fail "audit --sbom, foreign package"
check "... a Debian package not known here and without upstream: cannot be matched, saying why" \
	jq -e '[.results[] | select(.component == "zlib")] | length == 1 and (.[0].status == "cannot-be-matched") and (.[0].evidence | test("source package is not known"))' "$T/other.json"
for bad in 'del(.metadata.authors)' '(.vulnerabilities[0].analysis) |= {"state": "not_affected"}'; do
	jq "$bad" "$T/decided.cdx.json" >"$T/bad2.cdx.json"
	rc=0
	"$ST_CLI" audit --db "$db" --vex "$T/bad2.cdx.json" "$src/pumpctl" >/dev/null 2>"$T/bad2.err" || rc=$?
	expect_eq "a CycloneDX VEX decision without $( [ "$bad" = 'del(.metadata.authors)' ] && echo 'an author' || echo 'a justification or detail'): exit 2" 2 "$rc"
done
rc=0
"$ST_CLI" audit --sbom "$T/rel.cdx.json" --db "$db" "$src/pumpctl" >/dev/null 2>"$T/both.err" || rc=$?
expect_eq "--sbom and artifacts together: bad usage" 2 "$rc"
rc=0
"$ST_CLI" audit --sbom "$src/soup.json" --db "$db" >/dev/null 2>"$T/soupsbom.err" || rc=$?
expect_eq "--sbom soup.json: refused" 2 "$rc"
check "... saying what to do" grep -q "is a soup.json, not an SBOM" "$T/soupsbom.err"

# the functions a flaw lies in (CVE 5 programRoutines), from the artifact's
# DWARF (pumpctl is built with -g -O2): crc16.c reaches pumpctl, but only
# with tinycrc_crc16_ccitt; a flaw in a function this copy does not have is
# not there; one in tinycrc_crc16_ccitt is
dbr="$T/dbr"
mkdir -p "$dbr"
for n in 5 6; do
	fn=$([ $n = 5 ] && echo tinycrc_crc16_update || echo 'tinycrc_crc16_ccitt(uint16_t crc, const void *data, size_t len)')
	printf '%s\n' '{"id": "OSV-2099-200'$n'", "aliases": ["CVE-2099-200'$n'"],
 "summary": "synthetic: CRC-16 flaw in one function", "database_specific": {"severity": "HIGH"},
 "affected": [{"package": {"name": "tinycrc"}, "versions": ["v2.4.1"]}]}' >"$dbr/OSV-2099-200$n.json"
	printf '%s\n' '{"dataType": "CVE_RECORD", "dataVersion": "5.1",
 "cveMetadata": {"cveId": "CVE-2099-200'$n'", "state": "PUBLISHED"},
 "containers": {"cna": {"affected": [{"vendor": "example", "product": "tinycrc",
   "programFiles": ["src/crc16.c"], "programRoutines": [{"name": "'"$fn"'"}]}]}}}' >"$dbr/CVE-2099-200$n.json"
done
"$ST_CLI" audit --db "$dbr" --fail-on none --format json -o "$T/rt.json" "$src/pumpctl" 2>/dev/null ||
	fail "audit with programRoutines"
expect_eq "a flaw in a function pumpctl's DWARF does not have: not affected" \
	"not-affected vulnerable_code_not_present" \
	"$(jq -r '.results[] | select(.id == "OSV-2099-2005") | "\(.status) \(.justification)"' "$T/rt.json")"
check "... the evidence names the function, the DWARF read and the sources it covers" \
	jq -e --arg a "$src/pumpctl" '.results[] | select(.id == "OSV-2099-2005") | .evidence |
		test("tinycrc_crc16_update, programRoutines of .*CVE-2099-2005.json[)] have no code in \($a): none of the [0-9]+ functions and inlined instances its DWARF [(]\($a)[)] describes in [0-9]+ units, which cover the 1 compiled source of tinycrc")' \
	"$T/rt.json"
expect_eq "a flaw in tinycrc_crc16_ccitt, which pumpctl calls: affected" affected \
	"$(jq -r '.results[] | select(.id == "OSV-2099-2006") | .status' "$T/rt.json")"
check "... saying which unit holds its code" \
	jq -e '.results[] | select(.id == "OSV-2099-2006") | .evidence |
		test("has code of tinycrc_crc16_ccitt[(].*[)] [(]programRoutines of .*[)], in the unit .*crc16.c$")' \
	"$T/rt.json"
# a file in the vendored tree that the build never compiles (crc64.c added to
# tinycrc's folder, in no Makefile rule): a flaw there is not in pumpctl
printf '%s\n' '/* never compiled: no rule builds it */' 'int crc64(void) { return 0; }' \
	>"$src/third_party/tinycrc/crc64.c"
printf '%s\n' '{"id": "OSV-2099-2007", "aliases": ["CVE-2099-2007"], "summary": "synthetic: CRC-64 flaw",
 "database_specific": {"severity": "HIGH"},
 "affected": [{"package": {"name": "tinycrc"}, "versions": ["v2.4.1"]}]}' >"$dbr/OSV-2099-2007.json"
printf '%s\n' '{"dataType": "CVE_RECORD", "dataVersion": "5.1",
 "cveMetadata": {"cveId": "CVE-2099-2007", "state": "PUBLISHED"},
 "containers": {"cna": {"affected": [{"vendor": "example", "product": "tinycrc",
   "programFiles": ["src/crc64.c"]}]}}}' >"$dbr/CVE-2099-2007.json"
"$ST_CLI" audit --db "$dbr" --fail-on none --format json -o "$T/rt64.json" "$src/pumpctl" 2>/dev/null ||
	fail "audit with a file never compiled"
check "a flaw in a vendored file that is in the tree but never compiled: not affected, with the files" \
	jq -e '.results[] | select(.id == "OSV-2099-2007") | .status == "not-affected" and
		.justification == "vulnerable_code_not_present" and (.evidence | test("src/crc64.c.*none of the 2 files of tinycrc"))' \
	"$T/rt64.json"
test -e "$src/third_party/tinycrc/crc64.c" || fail "crc64.c is in the tree"

# without DWARF nothing can be shown absent: affected, saying why
objcopy --strip-debug "$src/pumpctl" "$T/pumpctl-stripped"
"$ST_CLI" audit --db "$dbr" --fail-on none --format json -o "$T/rt-stripped.json" \
	"$T/pumpctl-stripped" 2>/dev/null || fail "audit of a stripped pumpctl"
check "a stripped pumpctl: the absent function is affected, the DWARF's absence said" \
	jq -e '.results[] | select(.id == "OSV-2099-2005") | .status == "affected" and
		(.evidence | test("were not looked for: .*pumpctl-stripped has no DWARF"))' "$T/rt-stripped.json"
# the same with the debug file beside it (.gnu_debuglink): found, and absent again
objcopy --only-keep-debug "$src/pumpctl" "$T/pumpctl.debug"
objcopy --strip-debug --add-gnu-debuglink="$T/pumpctl.debug" "$src/pumpctl" "$T/pumpctl-linked"
"$ST_CLI" audit --db "$dbr" --fail-on none --format json -o "$T/rt-linked.json" \
	"$T/pumpctl-linked" 2>/dev/null || fail "audit of pumpctl with a debug link"
expect_eq "... with its separate debug file: not affected again, from that file" \
	"not-affected true" \
	"$(jq -r '.results[] | select(.id == "OSV-2099-2005") | "\(.status) \(.evidence | test("pumpctl.debug"))"' \
		"$T/rt-linked.json")"

# a commit between a GIT range's events, decided by its ancestry in a local
# clone (--repo-clone): a repository made here, tinycrc declared at its
# middle commit (soup.json's repository and commit)
clone="$T/tinycrc-clone"
git init -q "$clone"
(cd "$clone" && git config user.email t@example.org && git config user.name t &&
	for m in intro mid fix; do git commit -q --allow-empty -m $m; done)
intro=$(git -C "$clone" rev-parse HEAD~2) mid=$(git -C "$clone" rev-parse HEAD~1)
fixc=$(git -C "$clone" rev-parse HEAD)
mkdir -p "$T/dbc"
printf '%s\n' '{"id": "OSV-2099-2011", "summary": "synthetic: a GIT range of tinycrc",
 "database_specific": {"severity": "HIGH"},
 "affected": [{"ranges": [{"type": "GIT", "repo": "https://git.example.org/mlindqvist/tinycrc",
   "events": [{"introduced": "'"$intro"'"}, {"fixed": "'"$fixc"'"}]}]}]}' >"$T/dbc/OSV-2099-2011.json"
jq --arg c "$mid" '(.components[] | select(.name == "tinycrc")) += {"repository":
	"https://git.example.org/mlindqvist/tinycrc.git", "commit": $c}' "$src/soup.json" >"$src/soup-commit.json"
"$ST_CLI" audit --db "$T/dbc" --soup "$src/soup-commit.json" --project-root "$src" --fail-on none \
	--format json -o "$T/noclone.json" "$src/pumpctl" 2>/dev/null || fail "audit without a clone"
check "a commit between the events, no clone: cannot be matched, saying to give one" \
	jq -e '.results[] | select(.id == "OSV-2099-2011") | .status == "cannot-be-matched" and
		(.evidence | test("--repo-clone URL=DIR"))' "$T/noclone.json"
rc=0
"$ST_CLI" audit --db "$T/dbc" --soup "$src/soup-commit.json" --project-root "$src" --format json -o "$T/clone.json" \
	--repo-clone "https://git.example.org/mlindqvist/tinycrc=$clone" "$src/pumpctl" 2>/dev/null || rc=$?
expect_eq "with the clone: affected (exit 1), by the commits git named" \
	"1 affected" "$rc $(jq -r '.results[] | select(.id == "OSV-2099-2011") | .status' "$T/clone.json")"
check "... the evidence names the introduced commit and the clone" \
	jq -e --arg i "$intro" --arg d "$clone" '.results[] | select(.id == "OSV-2099-2011") | .evidence |
		contains("descends from the GIT range'"'"'s introduced \($i) and from none of its fixes") and
		contains("in \($d)")' "$T/clone.json"
jq --arg c "$(git -C "$clone" commit-tree -p "$fixc" -m after "$(git -C "$clone" rev-parse "$fixc^{tree}")")" \
	'(.components[] | select(.name == "tinycrc")) += {"repository":
	"https://git.example.org/mlindqvist/tinycrc.git", "commit": $c}' "$src/soup.json" >"$src/soup-after.json"
"$ST_CLI" audit --db "$T/dbc" --soup "$src/soup-after.json" --project-root "$src" --fail-on none --format json \
	-o "$T/after.json" --repo-clone "https://git.example.org/mlindqvist/tinycrc=$clone" \
	"$src/pumpctl" 2>/dev/null || fail "audit of a commit after the fix"
expect_eq "a commit after the fix: fixed" fixed \
	"$(jq -r '.results[] | select(.id == "OSV-2099-2011") | .status' "$T/after.json")"
for bad in "no-equals-sign" "https://git.example.org/x=$T/no-such-clone"; do
	rc=0
	"$ST_CLI" audit --db "$T/dbc" --repo-clone "$bad" "$src/pumpctl" >/dev/null 2>"$T/badclone.err" || rc=$?
	expect_eq "--repo-clone $bad: exit 2" 2 "$rc"
done
check "... saying what is wrong" grep -q "is not a folder" "$T/badclone.err"

# a damaged record: exit 2, the file and the place named, nothing reported
cp -R "$db" "$T/baddb"
printf '{"id": "BAD-1", "affected": [{"ranges": [{"type": "ECOSYSTEM", "events": [{"fix": "1"}]}]}]}\n' \
	>"$T/baddb/git/BAD-1.json"
rc=0
"$ST_CLI" audit --db "$T/baddb" "$src/pumpctl" >"$T/bad.out" 2>"$T/bad.err" || rc=$?
expect_eq "a damaged record stops the audit (exit 2)" 2 "$rc"
check "... naming the file and the place" \
	grep -q "$T/baddb/git/BAD-1.json: \$.affected\[0\].ranges\[0\]: event 0 has no introduced" "$T/bad.err"
check "... and printing no partial result" test ! -s "$T/bad.out"
rc=0
"$ST_CLI" audit --db "$T/nothing-here" "$src/pumpctl" >/dev/null 2>"$T/missing.err" || rc=$?
expect_eq "a missing database: exit 2" 2 "$rc"

finish
