#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15, installed like a real tool: the bash completion the build
# generates (completion/, its tables from the option tables) is sourced in
# a fresh bash, as bash-completion does, and its function is called with
# COMP_WORDS for a command name prefix, option prefixes (check's, trace
# merge's, which are not trace's), the choices of --format in its three
# spellings, and a file argument. Every option check --help prints is
# offered after "check --".
. "$(dirname "$0")/lib.sh"

: "${ST_BUILD:?run through ctest}"
COMPLETION="$ST_BUILD/completion/souptrace"
[ -f "$COMPLETION" ] && ok || fail "no bash completion at $COMPLETION"

# complete WORD...: what the completion offers for the command line WORD...
# (the last word is the one being completed), one per line, sorted
complete() {
	bash --norc --noprofile -c '
		complete_in_function() { . "$1"; } # bash-completion sources it in a function
		complete_in_function "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_souptrace
		printf "%s\n" "${COMPREPLY[@]}"' complete "$COMPLETION" "$@" | LC_ALL=C sort
}

expect_eq "a command name prefix" "check" "$(complete souptrace ch)"
expect_eq "every command" "audit check diff help init lint report sbom scan shims trace version" \
	"$(complete souptrace '' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "check's options starting --s" "--safety-class --soup --strict" \
	"$(complete souptrace check --s | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--format's choices (check)" "json junit" \
	"$(complete souptrace check --format j | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--format's choices after '=' split off" "sarif" \
	"$(complete souptrace check --format = s)"
expect_eq "--format's choices, '=' in the word" "--format=junit" \
	"$(complete souptrace check --format=ju)"
expect_eq "sbom's --format" "cyclonedx spdx" \
	"$(complete souptrace sbom --format '' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "trace's subcommand" "merge" "$(complete souptrace trace m)"
expect_eq "trace merge's options, not trace's" "--help --map --output --version" \
	"$(complete souptrace trace merge -- | tr '\n' ' ' | sed 's/ $//')"
expect_eq "trace's options, not trace merge's" "--artifact --format --help --trace --version" \
	"$(complete souptrace trace -- | tr '\n' ' ' | sed 's/ $//')"
expect_eq "a flag takes no argument: options again" "--quiet" \
	"$(complete souptrace check --strict --qu)"
expect_eq "an option's value is not completed" "" "$(complete souptrace trace merge --map /a)"

mkdir -p "$T/files" && touch "$T/files/soup.json" "$T/files/souptrace.xml"
expect_eq "--soup FILE: files" "$T/files/soup.json" "$(complete souptrace check --soup "$T/files/soup.")"
expect_eq "--trace DIR: folders only" "$T/files" "$(complete souptrace check --trace "$T/fil")"

# everything check --help names is offered after "check --" or "check -"
offered=$(complete souptrace check -)
for o in $("$ST_CLI" check --help | sed -n '/^options:$/,$p' |
	perl -ne 'next unless /^  (-.*)/; my $l = $1; print "$1\n" while $l =~ /(?:^|, )(-[-a-z]+)/g'); do
	grep -qx -- "$o" <<<"$offered" && ok || fail "check -<TAB> does not offer $o"
done
finish
