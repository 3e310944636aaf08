#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15: a Bazel workspace (a cc_library in third_party/minilib and a
# cc_binary) built through the README's recipe: the auto-configured C
# toolchain given souptrace-cc with --repo_env=CC, SOUPTRACE_DIR passed to
# the actions, and actions run in the execution root (--spawn_strategy=local;
# in the sandbox every action has its own temporary execroot, so the link
# names objects no recorded compile wrote there). Checked: the compiles and
# the link are recorded, the program is the plain Bazel build's, check on
# the real file behind bazel-bin/app (and libmini.a) passes with minilib
# declared, --project-root being Bazel's execution root, and fails naming
# it undeclared without it; in Bazel's sandbox (the README's earlier recipe)
# the gate fails.
# Debian 12's Bazel (bazel-bootstrap 4.2.3) fetches rules_cc and rules_java
# from the network at first use; neither CI nor this machine reaches it, and
# Debian's bazel-rules-cc is a later release this Bazel cannot load. The
# test gives both as local repositories of the rules' native forms, which is
# what those releases' defs.bzl were.
. "$(dirname "$0")/lib.sh"

if ! command -v bazel >/dev/null; then
	skip "bazel is not installed (scripts/test installs bazel-bootstrap)"
	finish
fi

P="$T/ws"
minilib_project "$P" bazeldemo
mv "$P/soup.json" "$P/nomini.json" "$T/"
touch "$P/WORKSPACE"
cat >"$P/BUILD" <<'BZ'
cc_library(name = "mini", srcs = ["third_party/minilib/mini.c"])
cc_binary(name = "app", srcs = ["app.c"], deps = [":mini"])
BZ
mkdir -p "$T/rules_cc/cc" "$T/rules_java/java"
touch "$T/rules_cc/WORKSPACE" "$T/rules_cc/cc/BUILD" "$T/rules_java/WORKSPACE" "$T/rules_java/java/BUILD"
for r in cc_binary cc_library cc_test cc_toolchain cc_toolchain_suite; do
	printf 'def %s(**kwargs):\n    native.%s(**kwargs)\n\n' "$r" "$r"
done >"$T/rules_cc/cc/defs.bzl"
for r in java_binary java_import java_library java_plugin java_runtime java_test java_toolchain; do
	printf 'def %s(**kwargs):\n    native.%s(**kwargs)\n\n' "$r" "$r"
done >"$T/rules_java/java/defs.bzl"

# bz OUTPUT-ROOT COMMAND [ARGS...]: Bazel in batch mode (no server left
# running), its caches under the test's folder, no user bazelrc (Debian's
# system bazelrc names its unpacked install base: it stays)
bz() {
	local root=$1
	shift
	(cd "$P" && bazel --batch --output_user_root="$root" --nohome_rc "$@" \
		--override_repository=rules_cc="$T/rules_cc" \
		--override_repository=rules_java="$T/rules_java")
}

check "the plain Bazel build" bz "$T/root-plain" build //:app
cp "$(cd "$P" && readlink -f bazel-bin/app)" "$T/app.plain"
bz "$T/root-plain" clean --expunge 2>/dev/null

export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
check "the Bazel build through the wrapper" bz "$T/root" build \
	--repo_env=CC="$ST_BIN/souptrace-cc" --action_env=SOUPTRACE_DIR="$SOUPTRACE_DIR" \
	--spawn_strategy=local //...
unset SOUPTRACE_DIR
ER=$(bz "$T/root" info execution_root 2>/dev/null)
APP=$(cd "$P" && readlink -f bazel-bin/app)
LIB=$(cd "$P" && readlink -f bazel-bin/libmini.a)
expect_eq "bazel-bin/app lies in the execution root" "$ER/bazel-out/" "${APP%%bazel-out/*}bazel-out/"
check "the program is the plain build's, byte for byte" cmp "$T/app.plain" "$APP"
trace_json "$T/trace" | jq '.records' >"$T/records.json"
check "the compile of mini.c is recorded, in the execution root" jq -e --arg er "$ER" '[.[] |
	select(.mode == "compile" and .cwd == $er and
	(.outputs[0] | endswith("/_objs/mini/mini.pic.o")))] | length == 1' "$T/records.json"
check "the link of app is recorded" jq -e --arg app "$APP" '[.[] |
	select(.mode == "link-executable" and .outputs[0] == $app)] | length == 1' "$T/records.json"

for a in "$APP" "$LIB"; do
	n=$(basename "$a")
	rc=0
	"$ST_CLI" check --trace "$T/trace" --soup "$T/soup.json" --project-root "$ER" --format json \
		-o "$T/ok.json" "$a" 2>"$T/ok.err" || rc=$?
	expect_eq "check $n passes with minilib declared" 0 "$rc"
	check "... mini.c is minilib's" jq -e '[.components[] | select(.component == "minilib") |
		.files[].path | select(endswith("third_party/minilib/mini.c"))] | length == 1' "$T/ok.json"
	check "... no failing finding (the toolchain's probes neither)" jq -e '[.findings[] |
		select(.fails)] | length == 0' "$T/ok.json"
	rc=0
	"$ST_CLI" check --trace "$T/trace" --soup "$T/nomini.json" --project-root "$ER" --format json \
		-o "$T/no.json" "$a" 2>/dev/null || rc=$?
	expect_eq "check $n fails without minilib" 1 "$rc"
	check "... naming minilib undeclared" jq -e '[.findings[] | select(.kind == "undeclared" and
		.fails and .component == "minilib")] | length == 1' "$T/no.json"
done
bz "$T/root" clean --expunge 2>/dev/null

# Why --spawn_strategy=local: in Bazel's sandbox (the default) each action
# runs in a temporary execroot of its own; the link's objects are then files
# no recorded step wrote, and the gate fails even with minilib declared.
export SOUPTRACE_DIR="$T/trace-sandbox"
mkdir -p "$SOUPTRACE_DIR"
check "the sandboxed build through the wrapper" bz "$T/root-sandbox" build \
	--repo_env=CC="$ST_BIN/souptrace-cc" --action_env=SOUPTRACE_DIR="$SOUPTRACE_DIR" \
	--sandbox_writable_path="$SOUPTRACE_DIR" //:app
unset SOUPTRACE_DIR
ER=$(bz "$T/root-sandbox" info execution_root 2>/dev/null)
rc=0
"$ST_CLI" check --trace "$T/trace-sandbox" --soup "$T/soup.json" --project-root "$ER" \
	--format json -o "$T/sandbox.json" "$(cd "$P" && readlink -f bazel-bin/app)" 2>/dev/null || rc=$?
expect_eq "sandboxed: the gate fails" 1 "$rc"
check "... on objects no recorded step wrote (each action had its own execroot)" jq -e '
	[.findings[] | select(.fails) | .evidence[]? | tostring |
	select(test("/sandbox/.*no recorded step produced it"))] | length >= 1' "$T/sandbox.json"
bz "$T/root-sandbox" clean --expunge 2>/dev/null

finish
