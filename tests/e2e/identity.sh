#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Identity data (issue 15): the licence, supplier, distributor and purl of
# each Debian package a real program uses, as check, init and the SBOMs
# give them, against what the package's own copyright file and the dpkg
# database say (read here with grep and dpkg-query, not with souptrace):
# libelf is the libraries' "LGPL-3+ or GPL-2+" (the lib* paragraph), not
# the tools' GPL-3+; the kernel headers are "GPL-2.0 WITH
# Linux-syscall-note" (their SPDX tags); glibc and gcc, whose copyright
# files are not machine-readable, get what their headers state, with the
# GCC runtime exception; the supplier is upstream, the maintainer the
# distributor; purls name the shipped package with its source as upstream=.
. "$(dirname "$0")/lib.sh"

validator="${SOUPTRACE_SBOM_VALIDATOR:-$ST_SRC/../shared/tools/validate-sbom}"
arch=$(dpkg --print-architecture)
multiarch=$(gcc -print-multiarch)
P="$T/app"
mkdir -p "$P"
cat >"$P/app.c" <<'EOF'
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <libelf.h>
#include <zlib.h>

int main(void)
{
	size_t n = offsetof(struct { int a; int b; }, b);

	if (elf_version(EV_CURRENT) == EV_NONE)
		return errno;
	printf("%s %zu\n", zlibVersion(), n);
	return 0;
}
EOF
echo '{"souptrace": 1, "project": {"name": "app", "version": "1"}, "components": []}' \
	>"$P/empty.json"
(
	cd "$P"
	git init -q .
	export SOUPTRACE_DIR="$P/.souptrace"
	# -MD: the system headers are recorded too
	"$ST_BIN/souptrace-cc" -MD -O2 -c app.c -o app.o
	"$ST_BIN/souptrace-cc" app.o -o app -lelf -lz
) || fail "building the program through the wrappers"

rc=0
(cd "$P" && "$ST_CLI" check --soup empty.json --format json app) >"$T/check.json" || rc=$?
expect_eq "check runs (undeclared components fail it)" 1 "$rc"

# pkg FIELD COMPONENT: a field of the component's package in check's JSON
pkg() {
	jq -r --arg c "$2" ".components[] | select(.component == \$c) | .package.$1" "$T/check.json"
}
# version as the purl writes it ('+' is %2B, ':' stays)
purlver() {
	dpkg-query -W -f '${Version}' "$1:$arch" | sed 's/+/%2B/g'
}
# upstream=SOURCE, and %40SOURCE-VERSION when that differs (a binNMU)
upstream() {
	local src ver bin
	src=$(dpkg-query -W -f '${source:Package}' "$1:$arch")
	ver=$(dpkg-query -W -f '${source:Version}' "$1:$arch")
	bin=$(dpkg-query -W -f '${Version}' "$1:$arch")
	if [ "$ver" = "$bin" ]; then
		echo "upstream=$src"
	else
		echo "upstream=$src%40${ver//+/%2B}"
	fi
}
maintainer() {
	dpkg-query -W -f '${Maintainer}' "$1:$arch"
}
# the Upstream-Name / -Contact field of a copyright file
field() {
	sed -n "s/^$1: *//p" "$2" | head -1
}

# ---- libelf: the paragraph of its library, not "Files: *"
cr=/usr/share/doc/libelf1/copyright
check "elfutils's copyright file gives the tools GPL-3+ ..." \
	grep -qx 'License: GPL-3+' "$cr"
check "... and lib* LGPL-3+ or GPL-2+" \
	awk '/^Files:/ { files = 0 } /^Files:|^ / && / lib\*$/ { files = 1 }
		files && /^License: LGPL-3\+ or GPL-2\+$/ { found = 1 } END { exit !found }' "$cr"
expect_eq "libelf: the library's licence" "LGPL-3.0-or-later OR GPL-2.0-or-later" \
	"$(pkg license elfutils)"
expect_eq "... read from its paragraph" "1" \
	"$(jq -r '.components[] | select(.component == "elfutils") | .package.license_from[]' \
		"$T/check.json" | grep -c "^$cr:[0-9]* (Files: lib\*) for 1 file: /usr/lib/$multiarch/libelf")"
expect_eq "... supplier: upstream" "$(field Upstream-Name "$cr") <$(field Upstream-Contact "$cr")>" \
	"$(pkg supplier elfutils)"
expect_eq "... distributor: the maintainer" "$(maintainer libelf1)" "$(pkg maintainer elfutils)"
expect_eq "... purl: the shipped package, its source as upstream" \
	"pkg:deb/debian/libelf1@$(purlver libelf1)?arch=$arch&$(upstream libelf1)" \
	"$(pkg purl elfutils)"

# ---- zlib
cr=/usr/share/doc/zlib1g/copyright
expect_eq "zlib: Zlib" "Zlib" "$(pkg license zlib)"
expect_eq "... supplier" "$(field Upstream-Name "$cr") <$(field Upstream-Contact "$cr")>" \
	"$(pkg supplier zlib)"
expect_eq "... distributor" "$(maintainer zlib1g)" "$(pkg maintainer zlib)"
expect_eq "... purl" "pkg:deb/debian/zlib1g@$(purlver zlib1g)?arch=$arch&$(upstream zlib1g)" \
	"$(pkg purl zlib)"

# ---- the kernel's uapi headers: their SPDX tags, with the syscall note
check "the included kernel headers carry the tag" \
	grep -q 'SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note' \
	/usr/include/asm-generic/errno-base.h
check "... the copyright file does not say it" \
	sh -c '! grep -q Linux-syscall-note /usr/share/doc/linux-libc-dev/copyright'
expect_eq "linux-libc-dev: GPL-2.0 WITH Linux-syscall-note" "GPL-2.0 WITH Linux-syscall-note" \
	"$(pkg license linux)"
expect_eq "... from the headers' statements" "1" \
	"$(jq -r '.components[] | select(.component == "linux") | .package.license_from[]' \
		"$T/check.json" | grep -c '^GPL-2.0 WITH Linux-syscall-note ([0-9]* of the headers')"
expect_eq "... supplier" "$(field Upstream-Name /usr/share/doc/linux-libc-dev/copyright)" \
	"$(pkg supplier linux)"

# ---- glibc and gcc: copyright files not machine-readable, their headers speak
check "libc6's copyright file is free text" \
	sh -c '! grep -q "^Format:" /usr/share/doc/libc6/copyright'
expect_eq "glibc: what its headers state" "LGPL-2.1-or-later" "$(pkg license glibc)"
expect_eq "... and says why" "1" \
	"$(jq -r '.components[] | select(.component == "glibc") | .package.license_from[0]' \
		"$T/check.json" | grep -c 'not machine-readable; read from its headers instead')"
expect_eq "... supplier: the holder its headers name" "Free Software Foundation, Inc" \
	"$(pkg supplier glibc)"
expect_eq "... purl" "pkg:deb/debian/libc6@$(purlver libc6)?arch=$arch&$(upstream libc6)" \
	"$(pkg purl glibc)"
check "stddef.h states the GCC Runtime Library Exception" \
	grep -q 'GCC Runtime Library Exception, version' \
	"/usr/lib/gcc/$multiarch/$(gcc -dumpversion)/include/stddef.h"
expect_eq "gcc: the GPL with the runtime exception" "GPL-3.0-or-later WITH GCC-exception-3.1" \
	"$(pkg license gcc-12)"

# ---- init drafts the same identity
(cd "$P" && "$ST_CLI" init -o "$T/soup.json" app) >/dev/null 2>&1 || fail "init"
expect_eq "init: libelf drafted with upstream, distributor, licence and purl" \
	"elfutils <elfutils-devel@sourceware.org>|$(maintainer libelf1)|LGPL-3.0-or-later OR GPL-2.0-or-later|pkg:deb/debian/libelf1@$(purlver libelf1)?arch=$arch&$(upstream libelf1)" \
	"$(jq -r '.components[] | select(.name == "elfutils") |
		"\(.supplier)|\(.distributor)|\(.license)|\(.purl)"' "$T/soup.json")"
expect_eq "... the kernel headers with the exception" "GPL-2.0 WITH Linux-syscall-note" \
	"$(jq -r '.components[] | select(.name == "linux") | .license' "$T/soup.json")"
(cd "$P" && "$ST_CLI" lint --soup "$T/soup.json") >"$T/lint.txt" 2>&1 || true
check "lint reads the draft: only its TODOs are findings" \
	sh -c "! grep -v -e 'TODO' -e 'safety_class' -e 'findings\$' '$T/lint.txt'"

# ---- SBOMs: CycloneDX supplier = upstream, publisher = distributor; SPDX
# supplier = distributor, originator = upstream; all valid
for f in "cyclonedx 1.6" "spdx 2.3" "spdx 3.0.1"; do
	set -- $f
	(cd "$P" && "$ST_CLI" sbom --soup "$T/soup.json" --format "$1" --spec-version "$2" \
		-o "$T/sbom-$1-$2.json" app) 2>/dev/null || fail "sbom $1 $2"
	if [ -x "$validator" ]; then
		check "the $1 $2 SBOM validates" "$validator" "$T/sbom-$1-$2.json"
	else
		skip "no SBOM validator at $validator"
	fi
done
expect_eq "CycloneDX: supplier upstream, publisher the maintainer" \
	"elfutils <elfutils-devel@sourceware.org>|$(maintainer libelf1)" \
	"$(jq -r '.components[] | select(.name == "elfutils") | "\(.supplier.name)|\(.publisher)"' \
		"$T/sbom-cyclonedx-1.6.json")"
expect_eq "SPDX 2.3: originator upstream" "Organization: elfutils (elfutils-devel@sourceware.org)" \
	"$(jq -r '.packages[] | select(.name == "elfutils") | .originator' "$T/sbom-spdx-2.3.json")"
expect_eq "SPDX 3: originatedBy names upstream" "elfutils <elfutils-devel@sourceware.org>" \
	"$(jq -r '."@graph" as $g | $g[] | select(.type == "software_Package" and .name == "elfutils")
		| .originatedBy[0] as $o | $g[] | select(.spdxId == $o) | .name' "$T/sbom-spdx-3.0.1.json")"
expect_eq "souptrace diff sees no change between the CycloneDX and SPDX 2.3 SBOMs" "0" \
	"$("$ST_CLI" diff "$T/sbom-cyclonedx-1.6.json" "$T/sbom-spdx-2.3.json" >/dev/null 2>&1; echo $?)"

finish
