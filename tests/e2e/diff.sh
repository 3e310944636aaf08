#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# souptrace diff: two soup.json lists (tinycrc bumped, a library added) show
# exactly those changes, in text and JSON; --fail-on-change gates; identical
# inputs are no change; broken inputs are exit 2 naming file and path. Then
# the SBOMs of the pumpctl sample before and after a rebuild with a bumped
# vendored version and an added library (needs souptrace sbom).
. "$(dirname "$0")/lib.sh"
cd "$T"

diff_run() { # diff_run ARGS... -> sets rc, out.txt, err.txt
	rc=0
	"$ST_CLI" diff "$@" >"$T/out.txt" 2>"$T/err.txt" || rc=$?
}

# --- two soup.json files
cp "$ST_SRC/samples/pumpctl/soup.json" old.json
jq '(.components[] | select(.name == "tinycrc") | .version) = "2.5.0"
    | .components += [{"name": "lz4", "version": "1.9.4", "supplier": "Yann Collet",
                       "license": "BSD-2-Clause", "kind": "open-source"}]' old.json >new.json

diff_run old.json new.json
expect_eq "changes without --fail-on-change: exit 0" 0 "$rc"
expect_eq "text: exactly the added library and the bumped version" \
	"added    lz4 1.9.4 (supplier Yann Collet, license BSD-2-Clause, kind open-source)
changed  tinycrc: version 2.4.1 -> 2.5.0
1 added, 0 removed, 1 changed" "$(cat out.txt)"

diff_run --fail-on-change old.json new.json
expect_eq "--fail-on-change with changes: exit 1" 1 "$rc"
diff_run --fail-on-change old.json old.json
expect_eq "identical inputs: exit 0" 0 "$rc"
expect_eq "identical inputs: no change" "no change" "$(cat out.txt)"

diff_run --format json -o diff.json new.json old.json
expect_eq "json: exit 0" 0 "$rc"
expect_eq "json: reversed, lz4 removed and tinycrc back to 2.4.1" \
	'{"old":"new.json","new":"old.json","added":[],"removed":["lz4"],"changed":[{"name":"tinycrc","changes":[{"field":"version","old":"2.5.0","new":"2.4.1"}]}],"summary":{"added":0,"removed":1,"changed":1,"kind_compared":true}}' \
	"$(jq -c '{old, new, added, removed: [.removed[].name], changed, summary}' diff.json)"

# --- broken inputs: exit 2, the file and the JSON path
jq '.components[3].version = 3' old.json >type.json
diff_run old.json type.json
expect_eq "wrong type: exit 2" 2 "$rc"
check "wrong type: file and path" grep -q '^type.json: error: components\[3\].version: expected a string' err.txt
printf '{"bomFormat": "CycloneDX", "components": {"name": "x"}}\n' >notarray.cdx.json
diff_run notarray.cdx.json old.json
expect_eq "components not an array: exit 2" 2 "$rc"
check "components not an array: named" grep -q '^notarray.cdx.json: error: components: expected an array' err.txt
head -c 300 old.json >truncated.json
diff_run old.json truncated.json
expect_eq "truncated: exit 2" 2 "$rc"
check "truncated: line and column" grep -q '^truncated.json:[0-9]*:[0-9]*: error: malformed JSON' err.txt
python3 -c 'print("{\"bomFormat\": \"CycloneDX\", \"components\": " + "[" * 10000 + "]" * 10000 + "}")' >deep.json
diff_run deep.json old.json
expect_eq "10,000 levels deep: exit 2" 2 "$rc"
check "10,000 levels deep: said so" grep -q '^deep.json:1:[0-9]*: error: JSON nested more than 1000 levels deep' err.txt
diff_run old.json /nonexistent/new.json
expect_eq "unreadable: exit 2" 2 "$rc"
check "unreadable: named" grep -q '/nonexistent/new.json: error: cannot read' err.txt
diff_run old.json
expect_eq "one file only: usage, exit 2" 2 "$rc"
diff_run --format xml old.json new.json
expect_eq "unknown format: exit 2" 2 "$rc"

# --- SBOMs of the sample, rebuilt with a bumped vendored version and an added library

dir="$T/pumpctl"
src="$dir/src"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
build_pumpctl "$dir" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar"

sboms() { # sboms TAG SOUP: the CycloneDX, SPDX 2.3 and SPDX 3.0.1 SBOMs of pumpctl
	"$ST_CLI" sbom --format cyclonedx --soup "$2" --project-root "$src" \
		-o "$T/$1.cdx.json" "$src/pumpctl"
	"$ST_CLI" sbom --format spdx --spec-version 2.3 --soup "$2" \
		--project-root "$src" -o "$T/$1.spdx.json" "$src/pumpctl"
	"$ST_CLI" sbom --format spdx --spec-version 3.0.1 --soup "$2" \
		--project-root "$src" -o "$T/$1.spdx3.json" "$src/pumpctl"
}
sboms old "$src/soup.json"

# Bump tinycrc's version macros, and its version in the list as the release
# process would (an SBOM states the declared version); link cJSON in too (a
# new DT_NEEDED library, not declared).
sed -i 's/TINYCRC_VERSION_MINOR 4/TINYCRC_VERSION_MINOR 5/; s/TINYCRC_VERSION_PATCH 1/TINYCRC_VERSION_PATCH 0/; s/TINYCRC_VERSION "2.4.1"/TINYCRC_VERSION "2.5.0"/' \
	"$src/third_party/tinycrc/tinycrc.h"
rm -f "$src/pumpctl"
make -s -C "$src" SDK_PREFIX="$dir/sdk" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" \
	LIBS="-Wl,--no-as-needed -lcjson" >/dev/null
jq '(.components[] | select(.name == "tinycrc") | .version) = "2.5.0"' "$src/soup.json" >"$T/bumped.json"
sboms new "$T/bumped.json"

for f in cdx spdx spdx3; do
	diff_run --format json -o "sbom-$f.json" "old.$f.json" "new.$f.json"
	expect_eq "$f: changes without --fail-on-change: exit 0" 0 "$rc"
	expect_eq "$f: tinycrc 2.4.1 -> 2.5.0" '[{"field":"version","old":"2.4.1","new":"2.5.0"}]' \
		"$(jq -c '[.changed[] | select(.name == "tinycrc") | .changes[]]' "sbom-$f.json")"
	expect_eq "$f: cJSON added" 1 "$(jq '[.added[] | select(.name | test("cjson"; "i"))] | length' "sbom-$f.json")"
	expect_eq "$f: nothing else" "1 0 1" "$(jq -r '.summary | "\(.added) \(.removed) \(.changed)"' "sbom-$f.json")"
	diff_run --fail-on-change "old.$f.json" "new.$f.json"
	expect_eq "$f: --fail-on-change: exit 1" 1 "$rc"
	diff_run --fail-on-change "new.$f.json" "new.$f.json"
	expect_eq "$f: the same SBOM twice: exit 0" 0 "$rc"
done
# The three formats of one build say the same.
for pair in "cdx spdx" "cdx spdx3" "spdx spdx3"; do
	set -- $pair
	diff_run --fail-on-change "new.$1.json" "new.$2.json"
	expect_eq "new.$1.json and new.$2.json: no change" "0 no change" "$rc $(tail -n 1 out.txt)"
done
# A soup.json against an SBOM: the declared tinycrc is 2.4.1, the build's 2.5.0.
diff_run --format json -o decl.json "$src/soup.json" new.cdx.json
expect_eq "soup.json against the SBOM: exit 0" 0 "$rc"
expect_eq "soup.json against the SBOM: tinycrc's version" '"2.5.0"' \
	"$(jq -c '.changed[] | select(.name == "tinycrc") | .changes[] | select(.field == "version") | .new' decl.json)"

finish
