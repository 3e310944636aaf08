#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15, installed like a real tool: the man pages the build generates
# (man/, from the option tables) cover every command `souptrace help` lists
# and `trace merge`; each page's OPTIONS are exactly the options
# `souptrace COMMAND --help` prints (names and aliases, nothing missing,
# nothing extra), its SYNOPSIS names each of them, and man-db renders every
# page (the wrappers' too) without a groff warning.
. "$(dirname "$0")/lib.sh"

: "${ST_BUILD:?run through ctest}"
MAN="$ST_BUILD/man"
export LC_ALL=C MANWIDTH=200 # ASCII hyphens, one option per line

# render PAGE: the page as man -l shows it (plain text: stdout is no
# terminal); groff's warnings, if any, into $T/warnings
render() {
	(cd "$MAN" && man --warnings=w -l "$1" 2>"$T/warnings")
}

# the options of a --help text or of a rendered page's OPTIONS section, sorted
# (an option's spellings start its line or follow ", ": "--output, -o DIR",
# "--output DIR, -o DIR")
spellings() {
	perl -ne 'next unless /^ {'"$1"'}(-.*)/; my $l = $1;
		print "$1\n" while $l =~ /(?:^|, )(-[-a-z]+)/g'
}
help_options() {
	sed -n '/^options:$/,$p' | spellings 2 | sort
}
page_options() {
	sed -n '/^OPTIONS$/,/^[A-Z]/p' | spellings 7 | sort
}

mapfile -t commands < <("$ST_CLI" help | sed -n '/^commands:$/,/^$/p' |
	awk 'NF > 1 && $1 != "version" && $1 != "help" { print $1 }')
[ "${#commands[@]}" -ge 9 ] && ok || fail "souptrace help lists ${#commands[@]} commands"
commands+=("trace merge")

main=$(render man1/souptrace.1) || fail "souptrace(1) does not render"
[ -s "$T/warnings" ] && fail "souptrace(1): $(cat "$T/warnings")"
for cmd in "${commands[@]}"; do
	page="souptrace-${cmd// /-}"
	if [ ! -f "$MAN/man1/$page.1" ]; then
		fail "no man page $page(1) for '$cmd'"
		continue
	fi
	ok
	# shellcheck disable=SC2086 # "trace merge": two words
	"$ST_CLI" $cmd --help >"$T/$page.help"
	if ! render "man1/$page.1" >"$T/$page.txt"; then
		fail "$page(1) does not render"
		continue
	fi
	if [ -s "$T/warnings" ]; then fail "$page(1) renders with warnings: $(cat "$T/warnings")"; else ok; fi
	grep -q "^NAME" "$T/$page.txt" && grep -q "^       $page - " "$T/$page.txt" && ok ||
		fail "$page(1): no NAME line '$page - ...'"
	grep -q "^DESCRIPTION" "$T/$page.txt" && grep -q "^EXIT STATUS" "$T/$page.txt" && ok ||
		fail "$page(1): no DESCRIPTION or EXIT STATUS (man/$page.roff)"
	want=$(help_options <"$T/$page.help")
	have=$(page_options <"$T/$page.txt")
	[ -n "$want" ] && ok || fail "$cmd --help: no options found"
	expect_eq "$page(1) OPTIONS = $cmd --help's options" "$(echo $want)" "$(echo $have)"
	synopsis=$(sed -n '/^SYNOPSIS$/,/^[A-Z]/p' "$T/$page.txt")
	for o in $want; do
		case $o in -h | --help | --version) continue ;; esac
		# an alias (-q) is in OPTIONS only; the option's name is in the synopsis
		if grep -qE "^  $o(,| |$)" "$T/$page.help"; then
			grep -qE "\[?$o( |\]|$)" <<<"$synopsis" && ok || fail "$page(1): $o not in SYNOPSIS"
		fi
	done
	# souptrace(1) lists the command and names its page
	grep -qE "^       ${cmd}( |$)" <<<"$main" && grep -q "$page(1)" <<<"$main" && ok ||
		fail "souptrace(1) does not list '$cmd' and $page(1)"
done

# the wrappers' page, and the links to it (.so), through MANPATH as installed
for w in souptrace-cc souptrace-c++ souptrace-ar souptrace-ld; do
	out=$(MANPATH="$MAN" man --warnings=w "$w" 2>"$T/warnings") || fail "man $w fails"
	[ -s "$T/warnings" ] && fail "man $w: $(cat "$T/warnings")"
	grep -q "souptrace-cc, souptrace-c++, souptrace-ar, souptrace-ld - " <<<"$out" && ok ||
		fail "man $w does not show the wrappers' page"
done

# no page for a command that does not exist: the list above is the real one
[ ! -e "$MAN/man1/souptrace-version.1" ] && ok || fail "a page for 'version'"
finish
