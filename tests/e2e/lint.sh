#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# souptrace lint: the sample's and souptrace's own lists pass and validate
# against the published JSON Schema; each kind of broken list gives a
# located message and exit 2; missing fields, bad licences and dates are
# findings (exit 1).
. "$(dirname "$0")/lib.sh"
cd "$T"

lint() { # lint FILE [ARGS...] -> sets rc, out.txt, err.txt
	rc=0
	"$ST_CLI" lint --soup "$@" >"$T/out.txt" 2>"$T/err.txt" || rc=$?
}

validate() { # validate FILE: against docs/soup.schema.json with Debian's jsonschema
	/usr/bin/python3 - "$ST_SRC/docs/soup.schema.json" "$1" <<'EOS'
import json, sys
from jsonschema import Draft202012Validator as V
schema = json.load(open(sys.argv[1]))
V.check_schema(schema)
V(schema).validate(json.load(open(sys.argv[2])))
EOS
}

for f in "$ST_SRC/samples/pumpctl/soup.json" "$ST_SRC/soup.json"; do
	lint "$f"
	expect_eq "$(basename "$(dirname "$f")")/soup.json lints clean" 0 "$rc"
	check "$(basename "$(dirname "$f")")/soup.json validates against docs/soup.schema.json" validate "$f"
done
lint "$ST_SRC/samples/pumpctl/soup.json" --safety-class C
expect_eq "--safety-class overrides the project's class" "0" "$rc"

# Broken lists: exit 2, a message that says where.
printf '{"souptrace": 1,\n "components": [\n  {"name": "zlib",}\n ]\n}\n' >syntax.json
lint syntax.json
expect_eq "malformed JSON: exit 2" 2 "$rc"
check "malformed JSON: file, line and column" grep -q '^syntax.json:3:[0-9]*: error: malformed JSON' err.txt
printf '{"souptrace": 1, "components": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d", "version": 1.2}]}\n' >type.json
lint type.json
expect_eq "wrong type: exit 2" 2 "$rc"
check "wrong type: the path of the field" grep -q 'components\[3\].version: expected a string' err.txt
printf '{"souptrace": 1, "components": [{"name": "zlib"}, {"name": "zlib"}]}\n' >dup.json
lint dup.json
expect_eq "duplicate component: exit 2" 2 "$rc"
check "duplicate component: named" grep -q "'zlib' is declared twice" err.txt
printf '{"souptrace": 1, "project": {"safety_class": "A"}, "components": [{"name": "z", "verison": "1", "version": "1", "supplier": "s"}]}\n' >typo.json
lint typo.json
expect_eq "unknown field: a warning, not a failure" 0 "$rc"
check "unknown field: named, with the likely meaning" grep -q "unknown field 'verison'.*did you mean 'version'" err.txt
lint /nonexistent/soup.json
expect_eq "missing file: exit 2" 2 "$rc"
check "missing file: named" grep -q '/nonexistent/soup.json: error: cannot read' err.txt

# Findings: exit 1, each named.
cat >findings.json <<'EOS'
{"souptrace": 1, "project": {"name": "p", "safety_class": "B"},
 "components": [
  {"name": "ok", "version": "1", "supplier": "s", "license": "MIT", "purpose": "p",
   "requirements": {"functional": "f", "performance": "p"}, "system_requirements": "s",
   "anomalies": {"list": "l", "reviewed": "2026-02-28", "evaluation": "e"},
   "risk": {"hazards": ["h"], "controls": ["c"]}},
  {"name": "thin", "version": "1", "supplier": "s"},
  {"name": "badlic", "version": "1", "supplier": "s", "license": "MIT and GPL"},
  {"name": "baddate", "version": "1", "supplier": "s", "anomalies": {"reviewed": "2026-02-30"}},
  {"name": "badids", "version": "1", "supplier": "s", "purl": "zlib", "cpe": "cpe:/a:zlib:zlib"}
 ]}
EOS
lint findings.json
expect_eq "findings: exit 1" 1 "$rc"
check "class B: the missing fields are listed" \
	grep -q 'components\[1\] (thin): incomplete for safety class B: purpose, requirements.functional' out.txt
check "a complete entry has no finding" sh -c "! grep -q '(ok)' out.txt"
check "an invalid SPDX expression is a finding" grep -q "(badlic): license 'MIT and GPL' is not a valid SPDX expression" out.txt
check "an impossible date is a finding" grep -q "(baddate): anomalies.reviewed '2026-02-30' is not a date" out.txt
check "a malformed purl is a finding" grep -q "(badids): purl 'zlib'" out.txt
check "a CPE 2.2 URI is a finding" grep -q "(badids): cpe 'cpe:/a:zlib:zlib'" out.txt
lint findings.json --safety-class A
check "class A asks less" sh -c "! grep -q '(thin)' '$T/out.txt'"
# Every command says how it is used, on request, to stdout, exit 0.
for cmd in check init sbom report diff trace scan lint; do
	rc=0
	out=$("$ST_CLI" "$cmd" --help) || rc=$?
	expect_eq "souptrace $cmd --help exits 0" 0 "$rc"
	check "souptrace $cmd --help prints its usage" test "${out#usage: souptrace $cmd }" != "$out"
done

finish
