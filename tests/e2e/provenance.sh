#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 7 on the dosecalc sample, built through the wrappers: third-party
# code with no third_party/ folder and no licence file of its own is found
# from the files' notices (medium confidence: a warning, failing with
# --strict) and fingerprints (high: failing); the decoys stay quiet (a
# first-party file mentioning zlib and SQLite, Bison's parser, test code, a
# host tool, a compat file never compiled); declaring by match.paths or
# listing the holder as first-party silences them; init drafts them; a
# declared version contradicted by the fingerprint is a version-mismatch;
# the SBOM carries them; a user's own fingerprint file adds a component.
. "$(dirname "$0")/lib.sh"
src="$T/dosecalc"
cp -R "$ST_SRC/samples/dosecalc/." "$src"
mkdir -p "$src/.souptrace"
(cd "$src" && git init -q . && make -s CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" &&
	make -s CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" tests) >"$T/build.log" 2>&1
check "the sample builds through the wrappers and runs" "$src/dosecalc" "heparin 25000 IU in 250 mL at 1000 IU/h"

run_check() { # run_check OUT SOUP [ARGS...]: JSON in OUT, rc set
	local out=$1 soup=$2
	shift 2
	rc=0
	(cd "$src" && "$ST_CLI" check --soup "$soup" --format json -o "$out" "$@" dosecalc) \
		2>"$T/err.txt" || rc=$?
}
found() { # found FILE: "component|confidence|fails" per undeclared finding
	jq -r '[.findings[] | select(.kind == "undeclared") | "\(.component)|\(.confidence)|\(.fails)"] | sort | join(" ")' "$1"
}

run_check "$T/c1.json" soup.json
expect_eq "the gate fails (the fingerprint hit is high confidence)" 1 "$rc"
expect_eq "exactly the planted components, with their confidence" \
	"Kestrel C|medium|false Orcan RTOS|medium|false calcexpr_stats|medium|false calcexpr|high|true libfixmath|medium|false lzmini|medium|false mixhash|medium|false ringkit|medium|false zlib|high|true" \
	"$(found "$T/c1.json")"
expect_eq "the copied file and its header are one component, the other holder its supplier" \
	"Aino Virtanen|MIT|src/lzmini.c,src/lzmini.h" \
	"$(jq -r --arg r "$src/" '.components[] | select(.component == "lzmini") | "\(.supplier_found)|\(.license_found)|\([.files[].path | ltrimstr($r)] | sort | join(","))"' "$T/c1.json")"
expect_eq "the compat folder is one component from its origin, only its compiled files" \
	"compat/reallocarray.c,compat/strlcpy.c|ISC" \
	"$(jq -r --arg r "$src/" '.components[] | select(.component == "Kestrel C") | "\([.files[].path | ltrimstr($r)] | sort | join(","))|\(.license_found)"' "$T/c1.json")"
check "the header-only library: named after the origin its notice gives, with that line" \
	jq -e '.findings[] | select(.component == "Orcan RTOS") | .evidence[0] | test("bitfield.h: included when compiling .*main.c.*line 4: origin")' "$T/c1.json"
check "the renamed copy: its 'derived from' note" \
	jq -e '.findings[] | select(.component == "libfixmath") | .message | test("src/fixmul.c:4: origin \"libfixmath")' "$T/c1.json"
expect_eq "the embedded zlib: its fingerprint, with the version it states" "1.2.11|src/zlib.h:9: #define ZLIB_VERSION \"1.2.11\"" \
	"$(jq -r '.components[] | select(.component == "zlib") | "\(.version_found)|\(.version_from)"' "$T/c1.json")"
check "the project's holder is first-party (from its LICENSE)" \
	jq -e '.summary.first_party_holders | index("Northwind Infusion Systems")' "$T/c1.json"
# Issue 12: a contributor's own file (her name in AUTHORS, the project's
# licence tag) is the project's, and the summary says who and why; the
# copy in git init'ed tree without commits is read without a history.
check "a contributor-signed file (ratelimit.c, AUTHORS) is quiet" \
	jq -e --arg r "$src/" '[.findings[].evidence[]? | ltrimstr($r) | select(startswith("src/ratelimit"))] + [.components[].files[].path | ltrimstr($r) | select(startswith("src/ratelimit"))] | length == 0' "$T/c1.json"
expect_eq "... taken as the project's, with the reason" "Liisa Korhonen|AUTHORS; 2 files" \
	"$(jq -r '.summary.first_party_evidence[] | select(.holder == "Liisa Korhonen") | "\(.holder)|\(.why)"' "$T/c1.json")"
check "... the evidence consulted: AUTHORS, and why git gave none" \
	jq -e '(.summary.first_party_sources | index("AUTHORS: 2 names")) and ([.summary.first_party_sources[] | select(startswith("git log: "))] | length == 1)' "$T/c1.json"
# Issue 12, items 2 and 3: origins, not mentions.
check "a negated mention ('no code taken from zlib') and an origin inside the project ('Based on src/units.c') are quiet" \
	jq -e --arg r "$src/" '[.findings[].evidence[]? | ltrimstr($r) | select(startswith("src/checksum"))] + [.components[].files[].path | ltrimstr($r) | select(startswith("src/checksum"))] | length == 0' "$T/c1.json"
expect_eq "'copied out of URL': one component named after the origin, both files, the holder and licence below" \
	"Tero Halme|BSD-2-Clause|src/ringbuf.c,src/ringbuf.h" \
	"$(jq -r --arg r "$src/" '.components[] | select(.component == "ringkit") | "\(.supplier_found)|\(.license_found)|\([.files[].path | ltrimstr($r)] | sort | join(","))"' "$T/c1.json")"
expect_eq "'modified for use in' below the project's notice: the original's author and public-domain dedication" \
	"Pia Lumo|LicenseRef-public-domain" \
	"$(jq -r '.components[] | select(.component == "mixhash") | "\(.supplier_found)|\(.license_found)"' "$T/c1.json")"
check "... and the evidence says which rule" \
	jq -e '.findings[] | select(.component == "mixhash") | .message | test("the original.s author, after a copy marker")' "$T/c1.json"
check "... a surname shared with AUTHORS does not make lzmini's author a contributor" \
	jq -e '[.findings[] | select(.component == "lzmini")] | length == 1' "$T/c1.json"
rc=0
(cd "$src" && "$ST_CLI" check --soup soup.json dosecalc) >"$T/c1.txt" 2>&1 || rc=$?
check "text: the holders taken as the project's, and why" \
	grep -q "^holders taken as the project's: Northwind Infusion Systems (soup.json project.manufacturer, LICENSE), Liisa Korhonen (AUTHORS; 2 files)$" "$T/c1.txt"
check "... and from what" grep -q "^  from: git log: .*; AUTHORS: 2 names; LICENSE: 1 holder" "$T/c1.txt"
# Issue 12 item 3: a file of a vendored folder under another holder's
# notice (an extension by another author inside calcexpr's folder) is a
# component of its own, with its own holder and licence.
expect_eq "the vendored folder: its own files, its LICENSE's holder and licence" \
	"Tarja Niemi|MIT|third_party/calcexpr/calcexpr.c,third_party/calcexpr/calcexpr.h" \
	"$(jq -r --arg r "$src/" '.components[] | select(.component == "calcexpr") | "\(.supplier_found)|\(.license_found)|\([.files[].path | ltrimstr($r)] | sort | join(","))"' "$T/c1.json")"
expect_eq "... the other author's file inside it: apart, with her name and licence" \
	"Ines Duarte|BSD-2-Clause|third_party/calcexpr/calcexpr_stats.c" \
	"$(jq -r --arg r "$src/" '.components[] | select(.component == "calcexpr_stats") | "\(.supplier_found)|\(.license_found)|\([.files[].path | ltrimstr($r)] | sort | join(","))"' "$T/c1.json")"
check "... and the evidence says why" \
	jq -e '.components[] | select(.component == "calcexpr_stats") | .where | test("^notice third_party/calcexpr/calcexpr_stats.c:4: Copyright [(]c[)] 2021 Ines Duarte [(]inside folder third_party/calcexpr, calcexpr.s[)]$")' "$T/c1.json"
# (every evidence line starts with the file it is about)
check "decoys stay quiet: main.c (mentions zlib, SQLite), Bison's parser, tests, tools, strndup.c" \
	jq -e --arg r "$src/" '[.findings[].evidence[]? | ltrimstr($r) | select(test("^(src/main\\.c|rxparse|tests/|tools/|compat/strndup)"))] + [.findings[].component // "" | select(test("sqlite|main|rxparse|mktab|minicheck|Bison|Free Software"; "i"))] | length == 0' "$T/c1.json"
check "... not even as evidence files of a component" \
	jq -e --arg r "$src/" '[.components[].files[].path | ltrimstr($r) | select(test("rxparse|^tests/|^tools/|strndup|^src/main.c"))] | length == 0' "$T/c1.json"

# Issue 12 item 4: only compiled code counts. src/audit.c holds a copy of
# Steve Reid's SHA-1 behind the #else of DOSECALC_AUDIT_SHA1, which the
# Makefile does not set: its fingerprint is no finding, only a note naming
# the compile whose preprocessing skips it.
check "a copy behind an #else of an unset option (src/audit.c) is quiet" \
	jq -e '[.findings[] | select((.component // "") | test("SHA-1"))] + [.components[] | select(.component | test("SHA-1"))] | length == 0' "$T/c1.json"
check "... noted as not compiled, with the compile that skips it" \
	jq -e '.summary.not_compiled | length == 1 and (.[0] | test("^src/audit.c:[0-9]+: SHA-1 in C [(]SHA-1 in C [(]Steve Reid[)] fingerprint[)]: lines [0-9]+, [0-9]+, [0-9]+ are not compiled: the preprocessor skips them with the flags of compile [0-9]+-[0-9]+$"))' "$T/c1.json"
check "... also in the text" grep -q "^note: not compiled, so not reported: src/audit.c:" "$T/c1.txt"
check "the zlib copy is confirmed as compiled, and its evidence says by which check" \
	jq -e '.components[] | select(.component == "zlib") | .evidence | map(test("zlib.h: .*line 9 is compiled: preprocessed with the flags of compile [0-9]+-[0-9]+$")) | any' "$T/c1.json"
# The same sources built with the option: the copy is compiled, and found.
src2="$T/dosecalc-sha1"
cp -R "$ST_SRC/samples/dosecalc/." "$src2"
mkdir -p "$src2/.souptrace"
(cd "$src2" && git init -q . && make -s CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar" \
	CPPFLAGS=-DDOSECALC_AUDIT_SHA1) >>"$T/build.log" 2>&1
rc=0
(cd "$src2" && "$ST_CLI" check --soup soup.json --format json -o "$T/s1.json" dosecalc) \
	2>>"$T/err.txt" || rc=$?
expect_eq "built with -DDOSECALC_AUDIT_SHA1, the copy is a high-confidence finding" \
	"SHA-1 in C (Steve Reid)|high|true" \
	"$(jq -r '.findings[] | select(.kind == "undeclared" and (.component | test("SHA-1"))) | "\(.component)|\(.confidence)|\(.fails)"' "$T/s1.json")"
check "... its evidence says which check confirmed it" \
	jq -e '.findings[] | select(.component | test("SHA-1")) | .evidence | map(test("src/audit.c: .*line [0-9]+ is compiled: preprocessed with the flags of compile [0-9]+-[0-9]+$")) | any' "$T/s1.json"
check "... and nothing is noted as not compiled" jq -e '.summary.not_compiled == null' "$T/s1.json"

run_check "$T/cg.json" soup.json --include-generated
check "--include-generated: Bison's parser is judged by its (FSF) notice" \
	jq -e --arg r "$src/" '[.components[] | select(.files[].path == ($r + "rxparse.c") and (.supplier_found | test("Free Software Foundation")))] | length == 1' "$T/cg.json"

run_check "$T/c2.json" soup.json --strict
expect_eq "--strict fails on the medium ones too" \
	"Kestrel C|medium|true Orcan RTOS|medium|true calcexpr_stats|medium|true calcexpr|high|true libfixmath|medium|true lzmini|medium|true mixhash|medium|true ringkit|medium|true zlib|high|true" \
	"$(found "$T/c2.json")"

# Silencing: the holder listed as first-party; a declaration by match.paths.
jq '.first_party = {"holders": ["Aino Virtanen"]}' "$src/soup.json" >"$src/fp.json"
run_check "$T/c3.json" fp.json
check "listing the holder as first-party silences its file" \
	jq -e '[.findings[] | select(.component == "lzmini")] | length == 0' "$T/c3.json"
jq '.first_party = {"paths": ["src/fixmul.c"]}' "$src/soup.json" >"$src/fpp.json"
run_check "$T/c4.json" fpp.json
check "first_party.paths silences a file whatever its notice says" \
	jq -e '[.findings[] | select(.component == "libfixmath")] | length == 0' "$T/c4.json"

# init drafts each of them with what the files say; the draft passes once
# complete; a wrong version is then caught by the fingerprint.
cp "$src/soup.json" "$src/drafted.json"
(cd "$src" && "$ST_CLI" init --update -o drafted.json dosecalc) 2>"$T/init.err"
expect_eq "init drafts the nine" "Kestrel C,Orcan RTOS,calcexpr,calcexpr_stats,libfixmath,lzmini,mixhash,ringkit,zlib" \
	"$(jq -r '[.components[2:][].name] | sort | join(",")' "$src/drafted.json")"
expect_eq "... and first_party.holders from who was taken as the project's" \
	"Northwind Infusion Systems,Liisa Korhonen" \
	"$(jq -r '.first_party.holders | join(",")' "$src/drafted.json")"
check "... saying so" grep -q "first_party.holders drafted from the evidence (review them): Northwind Infusion Systems (soup.json project.manufacturer, LICENSE), Liisa Korhonen (AUTHORS; 2 files)" "$T/init.err"
expect_eq "... by path, with supplier and licence from the notice" \
	"src/lzmini.c,src/lzmini.h|Aino Virtanen|MIT" \
	"$(jq -r '.components[] | select(.name == "lzmini") | "\(.match.paths | sort | join(","))|\(.supplier)|\(.license)"' "$src/drafted.json")"
expect_eq "... the fingerprint's version, supplier and purl" "1.2.11|pkg:generic/zlib@1.2.11" \
	"$(jq -r '.components[] | select(.name == "zlib") | "\(.version)|\(.purl)"' "$src/drafted.json")"
jq '(.components[] | select(.version == "TODO")).version = "1.0"
    | (.components[] | select(.supplier == "TODO")).supplier = "Petteri Aimonen"' \
	"$src/drafted.json" >"$src/declared.json"
run_check "$T/c5.json" declared.json --strict
expect_eq "declared, the gate passes even with --strict" 0 "$rc"
[ "$rc" -eq 0 ] || jq -c '.findings' "$T/c5.json" >&2
jq '(.components[] | select(.name == "zlib")).version = "1.2.13"' "$src/declared.json" >"$src/bumped.json"
run_check "$T/c6.json" bumped.json
expect_eq "a declared zlib 1.2.13 is contradicted by the copy's macros" "version-mismatch zlib declared 1.2.13, found 1.2.11" \
	"$(jq -r '.findings[] | select(.fails) | "\(.kind) \(.component) \(.message)"' "$T/c6.json")"

# A declared zlib whose rules name the Debian package does not cover the copy
# in the tree: that is reported apart, under a name of its own.
jq '.components += [{"name": "zlib", "version": "1.2.13", "supplier": "Jean-loup Gailly and Mark Adler",
	"match": {"packages": ["zlib"]}}]' "$src/soup.json" >"$src/pkgzlib.json"
run_check "$T/cz.json" pkgzlib.json
expect_eq "the embedded copy is not the declared zlib package" "zlib (copy in src)|high|true" \
	"$(jq -r '.findings[] | select(.kind == "undeclared" and (.component | startswith("zlib"))) | "\(.component)|\(.confidence)|\(.fails)"' "$T/cz.json")"

# A user's own fingerprint file (soup.json "fingerprints").
cat >"$src/our-fingerprints.json" <<'EOF'
{"souptrace-fingerprints": 1, "components": [
  {"name": "lzmini", "supplier": "Aino Virtanen", "license": "MIT",
   "purl": "pkg:generic/lzmini@{version}",
   "patterns": [{"regex": "^#define LZMINI_VERSION +\"([0-9.]+)\"", "version": 1},
                {"regex": "lzmini - a very small LZ77"}],
   "require": 2}
]}
EOF
jq '.fingerprints = ["our-fingerprints.json"]' "$src/soup.json" >"$src/ownfp.json"
run_check "$T/c7.json" ownfp.json
expect_eq "the user's fingerprint turns lzmini into a high-confidence hit, with its version" \
	"lzmini|high|true|0.9.2" \
	"$(jq -r '(.findings[] | select(.component == "lzmini") | "\(.component)|\(.confidence)|\(.fails)") + "|" + (.components[] | select(.component == "lzmini") | .version_found)' "$T/c7.json")"
echo '{"souptrace-fingerprints": 1, "components": [{"name": 3}]}' >"$src/bad-fp.json"
jq '.fingerprints = ["bad-fp.json"]' "$src/soup.json" >"$src/badfp.json"
run_check "$T/c8.json" badfp.json
expect_eq "a broken fingerprint file is an error" 2 "$rc"
check "... naming the file and the field" grep -q 'bad-fp.json: components\[0\].name' "$T/err.txt"

# The SBOM lists them as components, with the notice as identity evidence.
rc=0
(cd "$src" && "$ST_CLI" sbom --soup soup.json -o "$T/dc.cdx.json" dosecalc) 2>>"$T/err.txt" || rc=$?
expect_eq "sbom of dosecalc" 0 "$rc"
expect_eq "... its SOUP: the nine and the runtime" "GCC runtime libraries,Kestrel C,Orcan RTOS,calcexpr,calcexpr_stats,glibc,libfixmath,lzmini,mixhash,ringkit,zlib" \
	"$(jq -r '[.components[].name] | join(",")' "$T/dc.cdx.json")"
expect_eq "... lzmini's supplier and licence from its notice" "Aino Virtanen|MIT" \
	"$(jq -r '.components[] | select(.name == "lzmini") | "\(.supplier.name)|\(.licenses[0].license.id)"' "$T/dc.cdx.json")"
expect_eq "... identified by source-code analysis, medium confidence" "source-code-analysis|0.5" \
	"$(jq -r '.components[] | select(.name == "lzmini") | .evidence.identity[0] | "\(.methods[0].technique)|\(.confidence)"' "$T/dc.cdx.json")"

finish
