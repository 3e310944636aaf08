#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A build through the wrappers behaves exactly like one without them: same
# output files byte for byte, same exit status (also death by a signal),
# same stdout and stderr, arguments passed exactly; the wrapper's own
# trouble never breaks the build.
. "$(dirname "$0")/lib.sh"
CC_W="$ST_BIN/souptrace-cc"

# --- 1. The sample, built plainly and through the wrappers in the same
# directory (paths end up in debug info), gives identical files.
dir="$T/pumpctl"
build_pumpctl "$dir" CC=cc AR=ar
(cd "$dir/src" && find . -type f \( -name '*.o' -o -name '*.a' -o -name '*.d' -o -name pumpctl \
	-o -name test_alarm -o -name config.h -o -name config.mk \) -print0 | sort -z |
	xargs -0 sha256sum) >"$T/plain.sums"
mkdir -p "$T/trace"
(
	cd "$dir/src"
	make distclean >/dev/null
	export SOUPTRACE_DIR="$T/trace"
	CC="$CC_W" ./configure >/dev/null
	make -j8 SDK_PREFIX="$dir/sdk" CC="$CC_W" AR="$ST_BIN/souptrace-ar" >/dev/null
	make -j8 SDK_PREFIX="$dir/sdk" CC="$CC_W" AR="$ST_BIN/souptrace-ar" tests >/dev/null
)
(cd "$dir/src" && find . -type f \( -name '*.o' -o -name '*.a' -o -name '*.d' -o -name pumpctl \
	-o -name test_alarm -o -name config.h -o -name config.mk \) -print0 | sort -z |
	xargs -0 sha256sum) >"$T/wrapped.sums"
check "outputs are byte-identical with and without the wrapper" \
	diff -u "$T/plain.sums" "$T/wrapped.sums"
check "the plain build produced the files compared" grep -q ' ./pumpctl$' "$T/plain.sums"
check "records were written" test -n "$(ls "$T/trace/records")"
check "no work files are left behind" test -z "$(ls -A "$T/trace/tmp")"

# --- 2. stdout, stderr and exit status of single steps, with a trace.
export SOUPTRACE_DIR="$T/trace2"
mkdir -p "$SOUPTRACE_DIR"
cd "$T"
printf '#include <stdio.h>\nint main(void){int unused; printf("hi\\n"); return 0;}\n' >warn.c
printf 'int main(void){ return missing_symbol(); }\n' >bad.c
cc -c bad.c -o bad.o # link from an object: gcc names its own temporaries at random
printf 'this is not C\n' >syntax.c

same_io() {
	# same_io DESC ARGS...: cc ARGS and souptrace-cc ARGS print the same and
	# exit the same; standard input from $STDIN (default /dev/null)
	local desc=$1 rc_p=0 rc_w=0
	shift
	cc "$@" <"${STDIN:-/dev/null}" >"$T/p.out" 2>"$T/p.err" || rc_p=$?
	"$CC_W" "$@" <"${STDIN:-/dev/null}" >"$T/w.out" 2>"$T/w.err" || rc_w=$?
	expect_eq "$desc: exit status" "$rc_p" "$rc_w"
	check "$desc: stdout" cmp -s "$T/p.out" "$T/w.out"
	check "$desc: stderr" cmp -s "$T/p.err" "$T/w.err"
}
same_io "warning on stderr" -Wall -c warn.c -o warn.o
same_io "compile error" -c syntax.c -o syntax.o
same_io "link error" bad.o -o bad
same_io "preprocess to stdout" -E warn.c
same_io "version" --version
same_io "missing input" -c nonexistent.c
STDIN=warn.c same_io "stdin source" -x c -c - -o stdin.o
rc=0; "$CC_W" -c syntax.c -o syntax.o 2>/dev/null || rc=$?
expect_eq "compile error is exit 1" 1 "$rc"

# --- 3. Arguments reach the tool exactly: a fake compiler prints them.
cat >"$T/fakecc" <<'EOS'
#!/bin/sh
# prints its arguments one per line, NUL-separated to be exact
for a in "$@"; do printf '%s\0' "$a"; done >"$FAKE_OUT"
case "$FAKE_MODE" in
	segv) kill -SEGV $$ ;;
	term) kill -TERM $$ ;;
	exit42) exit 42 ;;
	trap) trap 'echo got-term >"$FAKE_OUT.sig"; exit 7' TERM; echo ready >"$FAKE_OUT.ready"
	      i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done ;;
esac
exit 0
EOS
chmod +x "$T/fakecc"
export FAKE_OUT="$T/args.bin"
args=(-c "a file.c" "quote'd\"s" $'new\nline' "ÜTF-8 ✓" "" '$HOME' '*' -DX="a b")
# newest_record: the record written last
newest_record() {
	ls "$SOUPTRACE_DIR"/records/*.json | tail -1
}
# expect_args DESC ARGS...: the fake tool got exactly ARGS, followed by the
# options souptrace says it added (the record's "injected")
expect_args() {
	local desc=$1
	shift
	{
		printf '%s\0' "$@"
		jq -j '.injected[] | (. + "\u0000")' "$(newest_record)"
	} >"$T/expected.bin"
	check "$desc" cmp -s "$T/expected.bin" "$T/args.bin"
}
SOUPTRACE_CC="$T/fakecc" "$CC_W" "${args[@]}"
expect_args "arguments are passed exactly (spaces, quotes, newlines, UTF-8, empty)" "${args[@]}"
check "the compile got a depfile of souptrace's own" \
	jq -e '.injected[0] == "-MD" and .injected[1] == "-MF"' "$(newest_record)"
check "the record holds the arguments exactly" \
	jq -e --argjson want "$(jq -nc '$ARGS.positional | map(.[1:])' --args "${args[@]/#/x}")" \
		'.args == $want' "$(newest_record)"
(unset SOUPTRACE_DIR; cd /; SOUPTRACE_CC="$T/fakecc" "$CC_W" "${args[@]}")
printf '%s\0' "${args[@]}" >"$T/expected.bin"
check "without a trace nothing is added" cmp -s "$T/expected.bin" "$T/args.bin"

printf -- '-c\n"x y.c"\n' >"$T/opts.rsp"
SOUPTRACE_CC="$T/fakecc" "$CC_W" "@$T/opts.rsp" -o out.o
expect_args "@response files are passed on unchanged" "@$T/opts.rsp" -o out.o
rec=$(newest_record)
check "the response file was read for the record" \
	jq -e '.expanded_args == ["-c", "x y.c", "-o", "out.o"]' "$rec"

rc=0; FAKE_MODE=exit42 SOUPTRACE_CC="$T/fakecc" "$CC_W" -c x.c || rc=$?
expect_eq "exit status passes through" 42 "$rc"

# How the wrapper itself ended: a shell cannot tell exit(143) from death by
# SIGTERM, Python's returncode can (negative: killed by that signal).
died_by() { # died_by ARGS...: prints the wrapper's returncode as Python sees it
	/usr/bin/python3 -c 'import subprocess, sys
print(subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL).returncode)' "$@"
}
for sig in segv term; do
	want=-$(kill -l "${sig^^}")
	got=$(FAKE_MODE=$sig SOUPTRACE_CC="$T/fakecc" died_by "$CC_W" -c x.c)
	expect_eq "death by SIG${sig^^} passes through (the wrapper dies of it too)" "$want" "$got"
done
expect_eq "exit 42 is an exit, not a signal" 42 \
	"$(FAKE_MODE=exit42 SOUPTRACE_CC="$T/fakecc" died_by "$CC_W" -c x.c)"
check "a step killed by a signal is recorded with the signal" \
	test "$(jq -s '[.[] | select(.signal == 15)] | length' "$SOUPTRACE_DIR"/records/*.json)" -ge 1

# SIGTERM sent to the wrapper alone reaches the real tool.
rm -f "$FAKE_OUT.sig" "$FAKE_OUT.ready"
FAKE_MODE=trap SOUPTRACE_CC="$T/fakecc" "$CC_W" -c x.c &
wpid=$!
for _ in $(seq 100); do [ -f "$FAKE_OUT.ready" ] && break; sleep 0.05; done
kill -TERM "$wpid"
rc=0; wait "$wpid" || rc=$?
expect_eq "SIGTERM to the wrapper: the tool's own exit status" 7 "$rc"
check "SIGTERM to the wrapper reached the tool" grep -q got-term "$FAKE_OUT.sig"

# A signal the caller ignores (nohup) stays ignored by the tool.
rm -f "$FAKE_OUT.sig" "$FAKE_OUT.ready"
cat >"$T/hupcc" <<'EOS'
#!/bin/sh
echo ready >"$FAKE_OUT.ready"
i=0; while [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
echo survived >"$FAKE_OUT.sig"
EOS
chmod +x "$T/hupcc"
(trap '' HUP; SOUPTRACE_CC="$T/hupcc" exec "$CC_W" -c x.c) &
wpid=$!
for _ in $(seq 100); do [ -f "$FAKE_OUT.ready" ] && break; sleep 0.05; done
kill -HUP "$wpid"
rc=0; wait "$wpid" || rc=$?
expect_eq "an ignored SIGHUP stays ignored: the step completes" 0 "$rc"
check "... and the tool ran to its end" grep -q survived "$FAKE_OUT.sig"

# --- 4. Trouble on souptrace's side never breaks the build.
unset SOUPTRACE_DIR
mkdir -p "$T/ro/.souptrace"
cp warn.c "$T/ro/"
chmod 0555 "$T/ro/.souptrace"
if [ "$(id -u)" -eq 0 ]; then
	# root ignores permissions: make the trace directory a file instead
	rm -rf "$T/ro/.souptrace" && echo "not a directory" >"$T/ro/.souptrace.file"
	export SOUPTRACE_DIR="$T/ro/.souptrace.file/trace"
else
	export SOUPTRACE_DIR="$T/ro/.souptrace"
fi
rc=0
(cd "$T/ro" && "$CC_W" -c warn.c -o warn.o 2>"$T/ro.err") || rc=$?
expect_eq "unwritable trace: the compile still succeeds" 0 "$rc"
check "unwritable trace: the object was built" test -f "$T/ro/warn.o"
check "unwritable trace: one souptrace: message on stderr" grep -q '^souptrace: ' "$T/ro.err"
unset SOUPTRACE_DIR

# The trace exists but its work directory cannot be written (a file stands
# in its place): the work files are in memory (wrapper/main.c), so the
# step is recorded in full and works as it would without the wrapper.
export SOUPTRACE_DIR="$T/notmp"
mkdir -p "$SOUPTRACE_DIR"
rm -rf "$SOUPTRACE_DIR/tmp" && echo "in the way" >"$SOUPTRACE_DIR/tmp"
mkdir -p "$T/notmp-work" && cp warn.c "$T/notmp-work/"
rc=0
(cd "$T/notmp-work" && "$CC_W" warn.c -o warn 2>"$T/notmp.err") || rc=$?
expect_eq "no work directory: compile and link still succeed" 0 "$rc"
check "no work directory: the program was built" test -x "$T/notmp-work/warn"
check "no work directory: the step is recorded in full" \
	jq -e '(.incomplete | length) == 0 and (.dependencies.files | length) > 0' \
	"$SOUPTRACE_DIR"/records/*.json
check "no work directory: the link's map is kept" \
	jq -e '.link.reports.map' "$SOUPTRACE_DIR"/records/*.json
check "no work directory: the trace is not marked incomplete" test ! -e "$SOUPTRACE_DIR/INCOMPLETE"
unset SOUPTRACE_DIR

# No trace directory anywhere: silent pass-through, nothing recorded.
mkdir -p "$T/none"
cp warn.c "$T/none/"
(cd "$T/none" && "$CC_W" -c warn.c -o warn.o 2>"$T/none.err")
check "no trace directory: the compile works" test -f "$T/none/warn.o"
check "no trace directory: nothing on stderr but the compiler's" \
	sh -c "! grep -q souptrace '$T/none.err'"
check "no trace directory: nothing created" test ! -e "$T/none/.souptrace"

finish
