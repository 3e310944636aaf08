#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# souptrace sbom on the pumpctl sample built through the wrappers: CycloneDX
# 1.6/1.7, SPDX 2.3/3.0.1, each validated with the official schemas
# (../shared/tools/validate-sbom); the artifact and every component with
# what the NTIA minimum elements ask for; hashes equal coreutils'; the
# dependency graph tells static from dynamic; evidence techniques; the
# IEC 62304 fields; byte-identical output for the same inputs; no --soup;
# bad input.
. "$(dirname "$0")/lib.sh"
dir="$T/pumpctl"
src="$dir/src"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
build_pumpctl "$dir" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar"
export SOURCE_DATE_EPOCH=1764072000 # 2025-11-25T12:00:00Z

validator="${SOUPTRACE_SBOM_VALIDATOR:-$ST_SRC/../shared/tools/validate-sbom}"
validate() { # validate FILE...
	if [ ! -x "$validator" ]; then
		skip "schema validation of $*: no validator at $validator (set SOUPTRACE_SBOM_VALIDATOR)"
		return 0
	fi
	check "valid against the official schema: $*" "$validator" "$@"
}

sbom() { # sbom OUT ARGS...: rc set
	local out=$1
	shift
	rc=0
	"$ST_CLI" sbom --project-root "$src" -o "$out" "$@" 2>"$T/err.txt" || rc=$?
}

for f in "cyclonedx 1.6" "cyclonedx 1.7" "spdx 2.3" "spdx 3.0.1"; do
	set -- $f
	sbom "$T/$1-$2.json" --format "$1" --spec-version "$2" --soup "$src/soup.json" "$src/pumpctl"
	expect_eq "sbom $1 $2 is written" 0 "$rc"
	validate "$T/$1-$2.json"
done

# ---- CycloneDX: the artifact, the components, NTIA minimum elements
cdx="$T/cyclonedx-1.6.json"
sha256=$(sha256sum "$src/pumpctl" | cut -d' ' -f1)
sha512=$(sha512sum "$src/pumpctl" | cut -d' ' -f1)
expect_eq "the artifact is the described component" "application pumpctl 2.1.0" \
	"$(jq -r '.metadata.component | "\(.type) \(.name) \(.version)"' "$cdx")"
expect_eq "its SHA-256 is sha256sum's" "$sha256" \
	"$(jq -r '.metadata.component.hashes[] | select(.alg == "SHA-256") | .content' "$cdx")"
expect_eq "its SHA-512 is sha512sum's" "$sha512" \
	"$(jq -r '.metadata.component.hashes[] | select(.alg == "SHA-512") | .content' "$cdx")"
expect_eq "timestamp from SOURCE_DATE_EPOCH" "2025-11-25T12:00:00Z" "$(jq -r .metadata.timestamp "$cdx")"
expect_eq "author of the SBOM data: the project's manufacturer" "Northwind Infusion Systems" \
	"$(jq -r '.metadata.authors[0].name' "$cdx")"
expect_eq "the tool is named" "souptrace" "$(jq -r '.metadata.tools.components[0].name' "$cdx")"
expect_eq "one component per SOUP item, first-party code none" \
	"Acme SensorSDK,GCC runtime libraries,glibc,ringbuf,tinycrc,zlib" \
	"$(jq -r '[.components[].name] | join(",")' "$cdx")"
check "every declared component has name, version, supplier and a unique identifier" \
	jq -e '[.components[] | select(.name != "ringbuf") | .name and .version and .supplier.name and (.purl or .cpe or .hashes)] | all' "$cdx"
expect_eq "zlib: declared version, supplier, licence, purl" \
	"1.2.13|Jean-loup Gailly and Mark Adler / Debian|Zlib|pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64" \
	"$(jq -r '.components[] | select(.name == "zlib") | "\(.version)|\(.supplier.name)|\(.licenses[0].license.id)|\(.purl)"' "$cdx")"
expect_eq "tinycrc: CPE 2.3" "cpe:2.3:a:tinycrc_project:tinycrc:2.4.1:*:*:*:*:*:*:*" \
	"$(jq -r '.components[] | select(.name == "tinycrc") | .cpe' "$cdx")"
expect_eq "a licence expression stays an expression" "GPL-3.0-or-later WITH GCC-exception-3.1" \
	"$(jq -r '.components[] | select(.name == "GCC runtime libraries") | .licenses[0].expression' "$cdx")"
expect_eq "the undeclared header-only library is there, marked undeclared" "false" \
	"$(jq -r '.components[] | select(.name == "ringbuf") | .properties[] | select(.name == "souptrace:declared") | .value' "$cdx")"
expect_eq "ringbuf's one file hashed like sha256sum" "$(sha256sum "$src/third_party/ringbuf/ringbuf.h" | cut -d' ' -f1)" \
	"$(jq -r '.components[] | select(.name == "ringbuf") | .hashes[] | select(.alg == "SHA-256") | .content' "$cdx")"
expect_eq "tinycrc's files are nested file components with hashes" \
	"third_party/tinycrc/crc16.c,third_party/tinycrc/tinycrc.h" \
	"$(jq -r '[.components[] | select(.name == "tinycrc") | .components[] | select(.type == "file" and (.hashes | length) == 3) | .name] | join(",")' "$cdx")"

# ---- the dependency graph: static and dynamic told apart, transitive loads
expect_eq "the artifact depends on every component" 6 \
	"$(jq '.dependencies[] | select(.ref == "artifact:pumpctl") | .dependsOn | length' "$cdx")"
expect_eq "zlib loads glibc" '["soup:glibc@2.36"]' \
	"$(jq -c '.dependencies[] | select(.ref == "soup:zlib@1.2.13") | .dependsOn' "$cdx")"
expect_eq "tinycrc is linked in statically" "pumpctl (static)" \
	"$(jq -r '.components[] | select(.name == "tinycrc") | .properties[] | select(.name == "souptrace:linked-into") | .value' "$cdx")"
expect_eq "zlib is loaded at run time" "pumpctl (dynamic)" \
	"$(jq -r '.components[] | select(.name == "zlib") | .properties[] | select(.name == "souptrace:linked-into") | .value' "$cdx")"

# ---- evidence
expect_eq "tinycrc: seen by the wrappers (instrumentation)" "instrumentation" \
	"$(jq -r '.components[] | select(.name == "tinycrc") | .evidence.identity[0].methods[0].technique' "$cdx")"
expect_eq "zlib: found by binary analysis (DT_NEEDED)" "binary-analysis" \
	"$(jq -r '.components[] | select(.name == "zlib") | .evidence.identity[0].methods[0].technique' "$cdx")"
expect_eq "tinycrc's version: read from its source, with the place" "source-code-analysis" \
	"$(jq -r '.components[] | select(.name == "tinycrc") | .evidence.identity[] | select(.field == "version") | .methods[0].technique' "$cdx")"
check "occurrences name the files with how they got in" \
	jq -e '.components[] | select(.name == "ringbuf") | .evidence.occurrences[0] | (.location == "third_party/ringbuf/ringbuf.h") and (.additionalContext | test("included when compiling"))' "$cdx"

# ---- IEC 62304 fields as souptrace: properties
expect_eq "tinycrc: kind, purpose, a hazard, support" \
	"open-source|CRC-16/CCITT integrity check of every event-log record.|1|2028-06-30" \
	"$(jq -r '.components[] | select(.name == "tinycrc") | . as $c | ([.properties[] | {(.name): .value}] | add) as $p | "\($p["souptrace:kind"])|\($p["souptrace:purpose"])|\([$c.properties[] | select(.name == "souptrace:risk.hazard")] | length)|\($p["souptrace:support.end-of-support"])"' "$cdx")"
check "no vulnerability data in the SBOM" jq -e 'has("vulnerabilities") | not' "$cdx"
expect_eq "compositions: every third-party part listed, first-party code never" \
	"incomplete_third_party_only artifact:pumpctl" \
	"$(jq -r '.compositions[] | "\(.aggregate) \(.assemblies[0])"' "$cdx")"

# ---- SPDX 2.3
spdx2="$T/spdx-2.3.json"
check "SPDX 2.3: the document describes the artifact" \
	jq -e '[.relationships[] | select(.spdxElementId == "SPDXRef-DOCUMENT" and .relationshipType == "DESCRIBES")] | length == 1' "$spdx2"
rel2() { # rel2 FROM-NAME TYPE TO-NAME: how many such relationships between two named packages
	jq --arg f "$1" --arg t "$2" --arg to "$3" \
		'(.packages | map({(.name): .SPDXID}) | add) as $id
		 | [.relationships[] | select(.spdxElementId == $id[$f] and .relationshipType == $t and .relatedSpdxElement == $id[$to])] | length' "$spdx2"
}
expect_eq "SPDX 2.3: pumpctl STATIC_LINK tinycrc" 1 "$(rel2 pumpctl STATIC_LINK tinycrc)"
expect_eq "SPDX 2.3: pumpctl DYNAMIC_LINK zlib" 1 "$(rel2 pumpctl DYNAMIC_LINK zlib)"
expect_eq "SPDX 2.3: zlib DYNAMIC_LINK glibc" 1 "$(rel2 zlib DYNAMIC_LINK glibc)"
expect_eq "SPDX 2.3: no STATIC_LINK to zlib" 0 "$(rel2 pumpctl STATIC_LINK zlib)"
expect_eq "SPDX 2.3: file SHA-1 is sha1sum's" "$(sha1sum "$src/third_party/tinycrc/crc16.c" | cut -d' ' -f1)" \
	"$(jq -r '.files[] | select(.fileName == "./third_party/tinycrc/crc16.c") | .checksums[] | select(.algorithm == "SHA1") | .checksumValue' "$spdx2")"
expect_eq "SPDX 2.3: supplier in SPDX form" "Organization: Acme Medical Sensors Ltd." \
	"$(jq -r '.packages[] | select(.name == "Acme SensorSDK") | .supplier' "$spdx2")"
expect_eq "SPDX 2.3: the EULA LicenseRef is defined" "LicenseRef-Acme-SensorSDK-EULA" \
	"$(jq -r '.hasExtractedLicensingInfos[].licenseId' "$spdx2")"
expect_eq "SPDX 2.3: kind as a souptrace annotation" "souptrace:kind=commercial" \
	"$(jq -r '.packages[] | select(.name == "Acme SensorSDK") | .annotations[] | select(.comment | startswith("souptrace:kind=")) | .comment' "$spdx2")"

# ---- SPDX 3.0.1
spdx3="$T/spdx-3.0.1.json"
rel3() { # rel3 FROM-NAME TYPE TO-NAME
	jq -e --arg f "$1" --arg t "$2" --arg to "$3" \
		'(.["@graph"] | map(select(.type == "software_Package") | {(.name): .spdxId}) | add) as $id
		 | [.["@graph"][] | select(.type == "Relationship" and .from == $id[$f] and .relationshipType == $t and (.to | index($id[$to])))] | length == 1' "$spdx3"
}
check "SPDX 3.0.1: pumpctl hasStaticLink tinycrc" rel3 pumpctl hasStaticLink tinycrc
check "SPDX 3.0.1: pumpctl hasDynamicLink zlib" rel3 pumpctl hasDynamicLink zlib
check "SPDX 3.0.1: zlib hasDynamicLink glibc" rel3 zlib hasDynamicLink glibc
check "SPDX 3.0.1: the Sbom's root is the artifact" \
	jq -e '(.["@graph"][] | select(.type == "software_Package" and .name == "pumpctl") | .spdxId) as $a | [.["@graph"][] | select(.type == "software_Sbom") | .rootElement == [$a]] | all' "$spdx3"
expect_eq "SPDX 3.0.1: zlib's concluded licence" "Zlib" \
	"$(jq -r '(.["@graph"] | map(select(.spdxId) | {(.spdxId): .}) | add) as $e | .["@graph"][] | select(.type == "Relationship" and .relationshipType == "hasConcludedLicense" and $e[.from].name == "zlib") | $e[.to[0]].simplelicensing_licenseExpression' "$spdx3")"

# ---- deterministic, content-derived identifiers
sbom "$T/again.json" --soup "$src/soup.json" "$src/pumpctl"
check "the same inputs give a byte-identical SBOM" cmp "$cdx" "$T/again.json"
sbom "$T/again3.json" --format spdx --soup "$src/soup.json" "$src/pumpctl"
check "... SPDX 3.0.1 too" cmp "$spdx3" "$T/again3.json"
SOURCE_DATE_EPOCH=1764158400 sbom "$T/later.json" --soup "$src/soup.json" "$src/pumpctl"
check "another date gives another serial number" \
	test "$(jq -r .serialNumber "$cdx")" != "$(jq -r .serialNumber "$T/later.json")"
check "serial number is a UUID URN" jq -e '.serialNumber | test("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")' "$cdx"

# ---- without a declared list: the observed components alone
sbom "$T/observed.json" "$src/pumpctl"
expect_eq "without --soup it still works" 0 "$rc"
validate "$T/observed.json"
# the shipped package with its source as the upstream qualifier; upstream
# made it (the copyright file's Upstream-Name and -Contact), the Debian
# maintainer distributes it (CycloneDX publisher; SPDX supplier, with the
# maker as originator)
zmaint=$(dpkg-query -W -f '${Maintainer}' zlib1g:amd64)
expect_eq "... with the package-derived facts" \
	"Zlib|pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&upstream=zlib|zlib <zlib@gzip.org>|$zmaint" \
	"$(jq -r '.components[] | select(.name == "zlib") |
		"\(.licenses[0].license.id)|\(.purl)|\(.supplier.name)|\(.publisher)"' "$T/observed.json")"
sbom "$T/observed2.json" --format spdx --spec-version 2.3 "$src/pumpctl"
validate "$T/observed2.json"
expect_eq "... SPDX 2.3: the distributor supplies, upstream originates" \
	"Organization: $(sed 's/ <\(.*\)>$/ (\1)/' <<<"$zmaint")|Organization: zlib (zlib@gzip.org)" \
	"$(jq -r '.packages[] | select(.name == "zlib") | "\(.supplier)|\(.originator)"' \
		"$T/observed2.json")"

# ---- several artifacts: one project component holding them, each with its own graph
for f in "cyclonedx 1.6" "spdx 2.3" "spdx 3.0.1"; do
	set -- $f
	sbom "$T/multi-$2.json" --format "$1" --spec-version "$2" --soup "$src/soup.json" \
		"$src/pumpctl" "$src/test_alarm"
	expect_eq "sbom of two artifacts ($1 $2)" 0 "$rc"
	validate "$T/multi-$2.json"
done
expect_eq "the project holds both artifacts" "pumpctl:pumpctl,test_alarm" \
	"$(jq -r '.metadata.component | "\(.name):\([.components[].name] | join(","))"' "$T/multi-1.6.json")"
expect_eq "the test program does not load zlib; pumpctl does" "test_alarm:false pumpctl:true" \
	"$(jq -r '[(.dependencies[] | select(.ref == "artifact:test_alarm")), (.dependencies[] | select(.ref == "artifact:pumpctl"))] | map("\(.ref | ltrimstr("artifact:")):\(.dependsOn | index("soup:zlib@1.2.13") != null)") | join(" ")' "$T/multi-1.6.json")"

# ---- an artifact the wrappers never saw: written, its completeness unknown
cc -o "$T/plain" -x c - <<<'int main(void) { return 0; }'
sbom "$T/plain.json" --soup "$src/soup.json" "$T/plain"
expect_eq "sbom of a binary built without the wrappers is written" 0 "$rc"
validate "$T/plain.json"
expect_eq "... with no component and its completeness unknown" "0 unknown" \
	"$(jq -r '"\(.components | length) \(.compositions[0].aggregate)"' "$T/plain.json")"

# ---- bad input
sbom "$T/bad.json" --soup "$src/soup.json" "$src/no-such-binary"
expect_eq "a missing artifact is an error" 2 "$rc"
check "... naming it" grep -q "no-such-binary" "$T/err.txt"
sbom "$T/bad.json" --format spdx --spec-version 1.6 "$src/pumpctl"
expect_eq "a spec version of the other format is an error" 2 "$rc"
SOURCE_DATE_EPOCH=yesterday sbom "$T/bad.json" "$src/pumpctl"
expect_eq "a malformed SOURCE_DATE_EPOCH is an error" 2 "$rc"
check "... naming it" grep -q "SOURCE_DATE_EPOCH" "$T/err.txt"

finish
