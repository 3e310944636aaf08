#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# souptrace report on the pumpctl sample built through the wrappers: the
# Markdown and HTML documents list every declared item and put the
# undeclared header-only library in the open findings; with
# SOURCE_DATE_EPOCH they are byte-identical from run to run. The HTML is
# rendered by a real headless Chromium: its DOM holds the expected rows, a
# hostile component or project name stays inert text (no element, no
# script run), and it prints to an A4 PDF.
. "$(dirname "$0")/lib.sh"
dir="$T/pumpctl"
src="$dir/src"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
build_pumpctl "$dir" CC="$ST_BIN/souptrace-cc" AR="$ST_BIN/souptrace-ar"
export SOURCE_DATE_EPOCH=1790000000 # 2026-09-21

report() { # report SOUP FORMAT OUT: writes the document, sets rc
	rc=0
	"$ST_CLI" report --soup "$1" --project-root "$src" --format "$2" -o "$3" "$src/pumpctl" \
		2>"$T/err.txt" || rc=$?
}

# Chromium, headless, with its profile in the scratch directory. Its
# stderr is noise (D-Bus, GPU); its exit status and output are not.
chromium_run() {
	HOME="$T/home" timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$T/chromium-profile" --no-first-run "$@" 2>>"$T/chromium.err"
}

# dom HTML OUT: the DOM after loading (and running whatever would run).
dom() {
	local rc=0
	chromium_run --dump-dom "file://$1" >"$2" || rc=$?
	if [ "$rc" -ne 0 ] || ! grep -q '</html>' "$2"; then
		fail "chromium did not render $1 (exit $rc); its stderr: $(tail -5 "$T/chromium.err")"
		return 1
	fi
}

# The facts of a dumped DOM as JSON, read with Python's HTML parser: the
# count of each element, the title, the rows by class with their data-*
# attributes, and all text.
dom_facts() {
	/usr/bin/python3 - "$1" <<'EOF'
import json, sys
from html.parser import HTMLParser

class Facts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.rows, self.title, self.text, self.in_title = {}, {}, "", [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "tr":
            self.rows.setdefault(a.get("class") or "", []).append(
                {k[5:]: v for k, v in a.items() if k.startswith("data-")})
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        self.text.append(data)

p = Facts()
with open(sys.argv[1], encoding="utf-8") as f:
    p.feed(f.read())
print(json.dumps({"tags": p.tags, "rows": p.rows, "title": p.title, "text": "".join(p.text)}))
EOF
}

# The model the document is built from, for the expected counts.
"$ST_CLI" check --soup "$src/soup.json" --project-root "$src" --format json -o "$T/check.json" \
	"$src/pumpctl" 2>/dev/null || true
nfindings=$(jq '.findings | length' "$T/check.json")

# Markdown.
report "$src/soup.json" markdown "$T/r.md"
expect_eq "markdown: exit 0 although a finding fails (the document shows it)" 0 "$rc"
check "markdown: the title" grep -qx '# SOUP list: pumpctl 2.1.0' "$T/r.md"
check "markdown: dated from SOURCE_DATE_EPOCH" grep -qF '| Date | 2026-09-21 |' "$T/r.md"
check "markdown: the undeclared ringbuf is an open finding" \
	grep -qF '| **fails**<br>undeclared | ringbuf | pumpctl |' "$T/r.md"
check "markdown: findings come before the SOUP items" \
	sh -c "grep -n '^## ' '$T/r.md' | head -1 | grep -q '1. Open findings'"
for name in tinycrc zlib glibc "Acme SensorSDK" "GCC runtime libraries"; do
	check "markdown: a section for $name" grep -Eq "^### 3\.[0-9]+ $name\$" "$T/r.md"
done
check "markdown: tinycrc's version was found in its header" \
	grep -Eq 'version found: 2\.4\.1 \(from .*tinycrc\.h:[0-9]+' "$T/r.md"
report "$src/soup.json" markdown "$T/r2.md"
check "markdown: byte-identical on a second run" cmp -s "$T/r.md" "$T/r2.md"

# HTML, rendered.
report "$src/soup.json" html "$T/r.html"
expect_eq "html: exit 0" 0 "$rc"
report "$src/soup.json" html "$T/r2.html"
check "html: byte-identical on a second run" cmp -s "$T/r.html" "$T/r2.html"
check "html: self-contained (no script, no external resource)" \
	sh -c "! grep -Eqi '<script|<link|src=|url\\(' '$T/r.html'"
if dom "$T/r.html" "$T/dom.html"; then
	dom_facts "$T/dom.html" >"$T/dom.json"
	expect_eq "dom: the title" "SOUP list: pumpctl 2.1.0" "$(jq -r .title "$T/dom.json")"
	expect_eq "dom: one row per declared SOUP item, sorted by name" \
		'["Acme SensorSDK","GCC runtime libraries","glibc","tinycrc","zlib"]' \
		"$(jq -c '[.rows["soup-item"][].name]' "$T/dom.json")"
	expect_eq "dom: one row per finding" "$nfindings" "$(jq '.rows.finding | length' "$T/dom.json")"
	expect_eq "dom: ringbuf is the failing open finding" '[{"kind":"undeclared","component":"ringbuf","fails":"true"}]' \
		"$(jq -c '[.rows.finding[] | select(.fails == "true")]' "$T/dom.json")"
	expect_eq "dom: ringbuf among the components found but not declared" '["ringbuf"]' \
		"$(jq -c '[.rows["undeclared-item"][].name]' "$T/dom.json")"
	check "dom: zlib found through its package" \
		jq -e '.text | test("origin: package, package zlib1g")' "$T/dom.json"
	check "dom: no script element" jq -e '(.tags.script // 0) == 0' "$T/dom.json"
fi

# A hostile soup.json: markup and quotes in a component's name and purpose
# and in the project name must come out as the same text, never as elements.
hostile_name='tinycrc <script>document.title="pwned"</script> "quotes" '"'single'"' <img src=x onerror="document.title=1">'
hostile_project='pumpctl </title><script>document.title="pwned"</script>'
jq --arg n "$hostile_name" --arg p "$hostile_project" \
	'.project.name = $p | (.components[] | select(.name == "tinycrc")) |= (.name = $n | .purpose = ("purpose: " + $n))' \
	"$src/soup.json" >"$T/hostile.json"
report "$T/hostile.json" html "$T/h.html"
expect_eq "hostile: exit 0" 0 "$rc"
report "$T/hostile.json" markdown "$T/h.md"
check "hostile markdown: no raw markup" sh -c "! grep -Eq '<script|<img|</title' '$T/h.md'"
# First prove that the harness sees a script run: the same markup, unescaped.
printf '<!DOCTYPE html><html><head><title>t</title></head><body>%s</body></html>\n' \
	"$hostile_name" >"$T/control.html"
if dom "$T/control.html" "$T/control-dom.html"; then
	dom_facts "$T/control-dom.html" >"$T/control.json"
	check "control: chromium runs the unescaped script and handler (the checks below mean something)" \
		jq -e '.title != "t" and .tags.script == 1 and .tags.img == 1' "$T/control.json"
fi
if dom "$T/h.html" "$T/h-dom.html"; then
	dom_facts "$T/h-dom.html" >"$T/h.json"
	expect_eq "hostile: the title is the project's name as text, unchanged by any script" \
		"SOUP list: $hostile_project 2.1.0" "$(jq -r .title "$T/h.json")"
	check "hostile: no script or img element came from the data" \
		jq -e '(.tags.script // 0) == 0 and (.tags.img // 0) == 0' "$T/h.json"
	check "hostile: the row's data-name attribute holds the exact name" \
		jq -e --arg n "$hostile_name" '[.rows["soup-item"][] | select(.name == $n)] | length == 1' "$T/h.json"
	check "hostile: the name and purpose are shown as text" \
		jq -e --arg n "$hostile_name" '.text | contains("purpose: " + $n)' "$T/h.json"
	expect_eq "hostile: still one row per declared item" 5 "$(jq '.rows["soup-item"] | length' "$T/h.json")"
fi

# Printed: an A4 PDF (595 x 842 points).
rm -f "$T/r.pdf"
rc=0
chromium_run --no-pdf-header-footer --print-to-pdf="$T/r.pdf" "file://$T/r.html" >/dev/null || rc=$?
expect_eq "pdf: chromium printed" 0 "$rc"
check "pdf: a PDF came out" sh -c "head -c 5 '$T/r.pdf' | grep -q '%PDF-'"
check "pdf: A4 pages" grep -aEq '/MediaBox \[0 0 59[45](\.[0-9]+)? 84[12](\.[0-9]+)?\]' "$T/r.pdf"

# Bad usage.
rc=0
"$ST_CLI" report --soup "$src/soup.json" --format pdf "$src/pumpctl" >/dev/null 2>&1 || rc=$?
expect_eq "an unknown format: exit 2" 2 "$rc"
rc=0
"$ST_CLI" report --soup "$src/soup.json" "$src/pumpctl" >/dev/null 2>&1 || rc=$?
expect_eq "no --format: exit 2" 2 "$rc"
printf '{"souptrace": 1, "components": [}\n' >"$T/bad.json"
report "$T/bad.json" html "$T/bad.html"
expect_eq "a malformed soup.json: exit 2" 2 "$rc"
check "... and no document" test ! -e "$T/bad.html"
# Known anomalies from vulnerability data (IEC 62304 7.1.3, issue 13): with
# --db, each SOUP item gains what the audit found, with the list's review date.
rc=0
"$ST_CLI" report --soup "$src/soup.json" --project-root "$src" --db "$ST_SRC/samples/pumpctl/vuln-db" \
	--format markdown -o "$T/an.md" "$src/pumpctl" 2>"$T/an.err" || rc=$?
expect_eq "anomalies: report --db writes the document" 0 "$rc"
check "anomalies: tinycrc's section names the database and the review date" \
	grep -Eq '^\*\*Known anomalies from vulnerability data \(7\.1\.3\)\.\*\* souptrace audit against .*vuln-db: [0-9]+ records .*Reviewed: [0-9-]+\. 1 result\.$' "$T/an.md"
check "anomalies: ... the not-affected decision from the build's evidence, with why" \
	grep -Eq '^\| OSV-2099-2003 \(CVE-2099-2003\) \| high \| pumpctl \| not-affected \(vulnerable\\_code\\_not\\_present\) \| .*crc32c\.c' "$T/an.md"
check "anomalies: without --db, no such section" sh -c "! grep -q 'Known anomalies from vulnerability data' '$T/r.md'"
rc=0
"$ST_CLI" report --soup "$src/soup.json" --project-root "$src" --vex x.json --format markdown \
	-o "$T/an2.md" "$src/pumpctl" 2>"$T/an2.err" || rc=$?
expect_eq "anomalies: --vex without --db is bad usage" 2 "$rc"
check "... saying so" grep -q -- '--ecosystem and --vex need --db' "$T/an2.err"
"$ST_CLI" report --soup "$src/soup.json" --project-root "$src" --db "$ST_SRC/samples/pumpctl/vuln-db" \
	--format html -o "$T/an.html" "$src/pumpctl" 2>/dev/null || fail "report --db html"
if dom "$T/an.html" "$T/an.dom.html"; then
	dom_facts "$T/an.dom.html" >"$T/an.facts.json"
	check "anomalies html: one row per result, marked with its status" \
		jq -e '.rows.anomaly | length >= 1 and (map(.status) | index("not-affected"))' "$T/an.facts.json"
fi

finish
