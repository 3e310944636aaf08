#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Links through GNU ld (bfd), gold and lld record the inputs the linker
# really used - objects, the archive member pulled in and the symbol that
# pulled it, shared libraries - for executables, shared libraries, static,
# -r and -nostdlib links; a user's own -Map is respected.
. "$(dirname "$0")/lib.sh"
CC_W="$ST_BIN/souptrace-cc"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
cd "$T"
cat >main.c <<'EOS'
#include <zlib.h>
int used(void);
int main(void) { return used() + (zlibVersion() ? 0 : 1); }
EOS
printf 'int used(void){return 0;}\n' >used.c
printf 'int unused(void){return 1;}\n' >unused.c
printf 'int lib_fn(void){return 5;}\n' >shlib.c
gcc -c -fPIC main.c used.c unused.c shlib.c
ar rcs libpick.a used.o unused.o

# link OUTPUT ARGS... through the wrapper; prints the JSON of its record
link_json() {
	local out=$1
	shift
	"$CC_W" "$@" -o "$out"
	"$ST_CLI" trace --format json |
		jq -c --arg o "$T/$out" '[.records[] | select(.outputs == [$o])] | last'
}

for ld in bfd gold lld; do
	j=$(link_json "app.$ld" -fuse-ld=$ld main.o -L. -lpick -lz)
	echo "$j" >"$T/$ld.json"
	check "$ld: the link map was read" jq -e '.link.error == null and (.link.inputs | length) > 0' "$T/$ld.json"
	expect_eq "$ld: linker recorded" "$ld" "$(jq -r .link.linker "$T/$ld.json")"
	expect_eq "$ld: libpick.a(used.o) pulled in by 'used'" used \
		"$(jq -r '[.link.inputs[] | select(.member == "used.o")][0].reason.symbol' "$T/$ld.json")"
	expect_eq "$ld: ...referenced from main.o" "$T/main.o" \
		"$(jq -r '[.link.inputs[] | select(.member == "used.o")][0].reason.file' "$T/$ld.json")"
	expect_eq "$ld: libpick.a(unused.o) not linked" 0 \
		"$(jq '[.link.inputs[] | select(.member == "unused.o")] | length' "$T/$ld.json")"
	check "$ld: main.o is an input" jq -e --arg p "$T/main.o" '[.link.inputs[] | select(.path == $p and .kind == "object")] | length == 1' "$T/$ld.json"
	check "$ld: libz is a shared-library input" \
		jq -e '[.link.inputs[] | select(.kind == "shared-library" and (.path | test("libz\\.so")))] | length == 1' "$T/$ld.json"
	check "$ld: the program runs" "./app.$ld"
done

# shared library, static, partial link
j=$(link_json libshared.so -shared shlib.o -lz)
check "-shared link recorded with its inputs" \
	jq -e '.mode == "link-shared" and ([.link.inputs[] | select(.path | test("shlib\\.o$"))] | length == 1)' <<<"$j"
j=$(link_json app.static -static main.o -L. -lpick -lz)
check "-static link: libz comes from its archive" \
	jq -e '[.link.inputs[] | select(.kind == "archive-member" and (.path | test("libz\\.a$")))] | length >= 1' <<<"$j"
check "-static link: libc members are recorded" \
	jq -e '[.link.inputs[] | select(.kind == "archive-member" and (.path | test("libc\\.a$")))] | length >= 1' <<<"$j"
j=$(link_json part.o -r main.o used.o)
check "-r link recorded" jq -e '.mode == "link-relocatable" and (.link.inputs | length) >= 2' <<<"$j"

# -nostdlib with a linker script
printf 'int _start(void){ for(;;); }\n' >start.c
gcc -c -fno-pie start.c -o start.o
printf 'ENTRY(_start)\nSECTIONS { . = 0x400000; .text : { *(.text*) } /DISCARD/ : { *(*) } }\n' >bare.ld
j=$(link_json bare.elf -nostdlib -static -no-pie -T bare.ld start.o)
check "-nostdlib link with a linker script recorded" \
	jq -e '.linker_scripts == ["bare.ld"] and ([.link.inputs[] | select(.path | test("start\\.o$"))] | length == 1)' <<<"$j"

# The user's own -Map: still written where they asked, and recorded.
j=$(link_json app.usermap main.o -L. -lpick -lz -Wl,-Map,user.map)
check "the user's map file is still written" grep -q "Archive member included" user.map
check "the user's map is what the trace read" \
	jq -e '[.link.inputs[] | select(.member == "used.o")] | length == 1' <<<"$j"
raw=$(grep -l '"app.usermap"' "$SOUPTRACE_DIR"/records/*.json)
check "the user's -Map is in the arguments as given" jq -e '.args | index("-Wl,-Map,user.map")' "$raw"
check "no map of souptrace's own was added" jq -e '.injected | map(test("^-Map=")) | any | not' "$raw"

# A failing link (as configure probes do) is recorded without its map.
rc=0
"$CC_W" main.o -o fails -lnosuchlibrary 2>/dev/null || rc=$?
check "a failing link still fails" test "$rc" -ne 0
f=$(grep -l '"fails"' "$SOUPTRACE_DIR"/records/*.json)
check "a failed link is recorded with its status and no map" \
	jq -e '.exit_status == 1 and .link.reports == {}' "$f"
check "no map file is kept for it" \
	test -z "$(ls "$SOUPTRACE_DIR/link" | grep "$(jq -r .id "$f")" || true)"

finish
