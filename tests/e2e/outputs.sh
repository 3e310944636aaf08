#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every file a command writes is written atomically (src/output/outfile.c): a
# write that fails half-way - here a file size limit (RLIMIT_FSIZE, as a
# full disk would) - leaves the existing file exactly as it was, leaves no
# temporary file behind and exits 2 with the reason. init --update rewrites
# the user's hand-maintained soup.json: it must never be left truncated.
. "$(dirname "$0")/lib.sh"

S="$T/sample"
mkdir -p "$S"
cp -R "$ST_SRC/samples/infusionlog/." "$S"
mkdir "$S/.souptrace"
make -s -C "$S" CC="$ST_BIN/souptrace-cc" >/dev/null
cd "$S"
st() { "$ST_CLI" "$@" --project-root "$S"; }

# limited SIZE_KIB CMD...: run CMD with writes capped at SIZE_KIB KiB; SIGXFSZ
# ignored, so that write() fails with EFBIG instead of killing the process
limited() {
	local kib=$1
	shift
	(trap '' XFSZ && ulimit -f "$kib" && exec "$@")
}

# leftovers DIR: temporary files an atomic write left in DIR
leftovers() { find "$1" -maxdepth 1 -name '.*.??????' | wc -l; }

# ---- init --update on the user's soup.json ---------------------------------
jq 'del(.components[] | select(.name == "minijson"))' soup.json >mine.json
chmod 640 mine.json
cp mine.json before.json
rc=0
limited 1 "$ST_CLI" init --update -o mine.json --project-root "$S" infusionlog 2>err.txt || rc=$?
expect_eq "init --update that cannot write the whole file: exit 2" 2 "$rc"
check "... the user's soup.json is unchanged" cmp mine.json before.json
check "... and the message names the file and the reason" grep -q "mine.json: File too large" err.txt
expect_eq "... no temporary file is left" 0 "$(leftovers "$S")"
st init --update -o mine.json infusionlog 2>/dev/null
check "init --update without a limit adds the missing component" \
	jq -e '[.components[] | select(.name == "minijson")] | length == 1' mine.json
expect_eq "... and keeps the file's permissions" 640 "$(stat -c %a mine.json)"

# a soup.json reached through a symbolic link: the file is replaced, the link stays
mkdir -p conf && cp before.json conf/soup.json && ln -s conf/soup.json linked.json
st init --update -o linked.json infusionlog 2>/dev/null
check "init --update through a link keeps the link" test -L linked.json
check "... and updates the file it names" \
	jq -e '[.components[] | select(.name == "minijson")] | length == 1' conf/soup.json

# ---- -o FILE of the other commands -------------------------------------------
printf 'the previous SBOM\n' >sbom.json
cp sbom.json sbom.before
rc=0
limited 1 "$ST_CLI" sbom --soup soup.json --project-root "$S" -o sbom.json infusionlog 2>err.txt || rc=$?
expect_eq "sbom -o that cannot write the whole file: exit 2" 2 "$rc"
check "... the previous SBOM is unchanged" cmp sbom.json sbom.before
check "... the message says why" grep -q "sbom: cannot write .*sbom.json: File too large" err.txt
expect_eq "... no temporary file is left" 0 "$(leftovers "$S")"
st sbom --soup soup.json -o sbom.json infusionlog
check "sbom -o without a limit writes the SBOM" jq -e '.bomFormat == "CycloneDX"' sbom.json

for cmd in check report trace scan; do
	case $cmd in
	check) args=(check --soup soup.json --project-root "$S" --format json) ;;
	report) args=(report --soup soup.json --project-root "$S" --format html) ;;
	trace) args=(trace --format json) ;;
	scan) args=(scan --format json) ;;
	esac
	printf 'previous\n' >"$cmd.out"
	rc=0
	limited 1 "$ST_CLI" "${args[@]}" -o "$cmd.out" infusionlog 2>err.txt || rc=$?
	expect_eq "$cmd -o that cannot write the whole file: exit 2" 2 "$rc"
	expect_eq "... the previous $cmd.out is unchanged" previous "$(cat "$cmd.out")"
	expect_eq "... no temporary file is left" 0 "$(leftovers "$S")"
done

# check's gate still fails (exit 1) with its findings written: a complete output is committed
jq 'del(.components[] | select(.name == "minijson"))' soup.json >nojson.json
rc=0
st check --soup nojson.json --format json -o gate.json infusionlog || rc=$?
expect_eq "a failing gate (exit 1) still writes its output" 1 "$rc"
check "... in full" jq -e '.summary.failing > 0' gate.json

# ---- -o naming an input is refused before anything is read or written --------
cp soup.json soup.before
rc=0
st check --soup soup.json -o soup.json infusionlog 2>err.txt || rc=$?
expect_eq "check --soup soup.json -o soup.json: a usage error (exit 2)" 2 "$rc"
check "... soup.json is unchanged" cmp soup.json soup.before
check "... and the message says why" grep -q "check: -o soup.json is also an input (--soup soup.json)" err.txt
ln -s infusionlog app.link
cp infusionlog app.before
for cmd in scan sbom report; do
	case $cmd in
	scan) args=(scan) ;;
	report) args=(report --format html --soup soup.json --project-root "$S") ;;
	*) args=("$cmd" --soup soup.json --project-root "$S") ;;
	esac
	rc=0
	"$ST_CLI" "${args[@]}" -o app.link infusionlog 2>err.txt || rc=$?
	expect_eq "$cmd -o naming the artifact through a link: exit 2" 2 "$rc"
	check "... the artifact is unchanged" cmp infusionlog app.before
	check "... the message names the input" grep -q "is also an input (infusionlog)" err.txt
done

# ---- no output is written through a planted name -----------------------------
printf 'unrelated\n' >victim.txt
ln -s victim.txt report.html.tmp
ln -s victim.txt .report.html.XXXXXX
st report --soup soup.json --format html -o report.html infusionlog
expect_eq "report -o beside planted temporary-file links: the linked file is untouched" \
	unrelated "$(cat victim.txt)"
check "... the report is written" grep -q '<html' report.html

# init -o through a dangling link: it exists, so without --force it is not replaced
ln -s nowhere/soup.json dangling.json
rc=0
st init -o dangling.json infusionlog 2>err.txt || rc=$?
expect_eq "init -o naming a dangling link without --force: refused (exit 2)" 2 "$rc"
check "... the link is left as it was" test -L dangling.json
check "... nothing is created where it points" test ! -e nowhere
st init --force -o dangling.json infusionlog 2>/dev/null
check "init --force -o replaces the link itself, not a file through it" \
	jq -e '.components | length > 0' dangling.json
check "... which is now a regular file" test ! -L dangling.json

# -o /dev/null (not a regular file) is written in place, never replaced
st check --soup soup.json -o /dev/null infusionlog
check "-o /dev/null leaves /dev/null a character device" test -c /dev/null

finish
