#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 16 (hardening): a trace directory is used only when it is the
# invoking user's (or root's), not writable by every user, and not reached
# through another user's symbolic link. A trace planted in a shared
# directory must neither receive the build's command lines nor decide its
# gate; the build goes on exactly as without the wrapper, and check says
# why it uses no trace. The other-user cases need root (useradd, runuser).
. "$(dirname "$0")/lib.sh"
unset SOUPTRACE_DIR
CC_W="$ST_BIN/souptrace-cc"
printf 'int main(void) { return 0; }\n' >"$T/a.c"
echo '{"souptrace": 1, "components": []}' >"$T/soup.json"

# build_in DIR: compile and link a.c in DIR through the wrapper (the trace
# found by walking up), the same plainly. A refused trace: the wrapper says
# so once per step on stderr and records nothing; the build is the same.
build_in() {
	local d=$1
	mkdir -p "$d/plain" "$d/wrapped"
	cp "$T/a.c" "$d/plain/" && cp "$T/a.c" "$d/wrapped/"
	(cd "$d/plain" && gcc -c a.c -o a.o -DSECRET_TOKEN=42 && gcc a.o -o app) >"$d/plain.out" 2>&1
	(cd "$d/wrapped" && "$CC_W" -c a.c -o a.o -DSECRET_TOKEN=42 && "$CC_W" a.o -o app) \
		>"$d/wrapped.out" 2>&1
}
records_in() { find "$1/records" -name '*.json' 2>/dev/null | wc -l; }

# 1. A trace writable by every user (owned by us): not used.
S="$T/ww"
mkdir -p "$S/.souptrace"
chmod 0777 "$S/.souptrace"
build_in "$S"
expect_eq "a world-writable trace: nothing recorded in it" 0 "$(records_in "$S/.souptrace")"
check "... the build is the plain build's (same object)" cmp "$S/plain/a.o" "$S/wrapped/a.o"
expect_eq "... one warning per step, saying why" 2 \
	"$(grep -c "^souptrace: not using the trace directory $S/.souptrace is writable by every user; this step is not recorded$" "$S/wrapped.out")"
check "... and nothing else added to the build's output" \
	cmp "$S/plain.out" <(grep -v '^souptrace: not using the trace directory' "$S/wrapped.out")
rc=0
(cd "$S/wrapped" && "$ST_CLI" check --soup "$T/soup.json" app) >"$T/ww.txt" 2>&1 || rc=$?
expect_eq "... check without --trace: exit 2" 2 "$rc"
check "... saying which directory it refused and why" \
	grep -q "not using the trace directory $S/.souptrace is writable by every user" "$T/ww.txt"
# the same directory made ours and private: used
chmod 0755 "$S/.souptrace"
build_in "$S"
check "made private, it is used" test "$(records_in "$S/.souptrace")" -gt 0

# 2. Planted by another user: a directory they own, or their symbolic link.
if [ "$(id -u)" -ne 0 ]; then
	skip "the other-user cases need root (useradd, runuser)"
fi
id st-planter >/dev/null 2>&1 || useradd --no-create-home --shell /usr/sbin/nologin st-planter
P="$T/shared"
mkdir -p "$P"
chmod 1777 "$P"
runuser -u st-planter -- mkdir -p "$P/.souptrace/records"
runuser -u st-planter -- chmod 0755 "$P/.souptrace" "$P/.souptrace/records"
build_in "$P"
expect_eq "another user's trace in a shared sticky directory: nothing recorded" 0 \
	"$(records_in "$P/.souptrace")"
check "... no command line of ours in it" sh -c "! grep -rqs SECRET_TOKEN '$P/.souptrace'"
check "... the build is the plain build's" cmp "$P/plain/a.o" "$P/wrapped/a.o"
rc=0
(cd "$P/wrapped" && "$ST_CLI" check --soup "$T/soup.json" app) >"$T/pl.txt" 2>&1 || rc=$?
check "... check refuses it, saying why" grep -q "$P/.souptrace is owned by another user" "$T/pl.txt"

L="$T/link"
mkdir -p "$L" "$T/ours/records"
chmod 1777 "$L"
runuser -u st-planter -- ln -s "$T/ours" "$L/.souptrace"
build_in "$L"
expect_eq "our own directory reached through another user's symbolic link: not used" 0 \
	"$(records_in "$T/ours")"
finish
