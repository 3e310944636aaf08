# SPDX-License-Identifier: Apache-2.0
# bash completion for souptrace: the commands, each command's options, the
# choices of an option's argument (--format), files and folders. The tables
# at the end (_souptrace_commands, _souptrace_options, _souptrace_operands)
# are generated from the commands' option tables by
# `souptrace help --complete` at build time (completion/CMakeLists.txt).

# -g: bash-completion sources this file inside a function
declare -gA _souptrace_options=() _souptrace_operands=()
declare -g _souptrace_commands=

_souptrace()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= opt= prefix= cmd key kind
	local -a words=()

	COMPREPLY=()
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	if ((COMP_CWORD == 1)); then
		mapfile -t COMPREPLY < <(compgen -W "$_souptrace_commands" -- "$cur")
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	if [[ $cmd == trace && ${COMP_WORDS[2]-} == merge ]] && ((COMP_CWORD > 2)); then
		cmd="trace merge"
	fi
	# the option whose argument is being typed: "--format j", "--format=j"
	# (bash splits at '=' when COMP_WORDBREAKS has it) or "--format=j" whole
	if [[ $cur == = ]]; then
		opt=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}
	else
		opt=$prev
	fi
	kind=${_souptrace_options["$cmd $opt"]-}
	case $kind in
	choice\ *)
		mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "${kind#choice }" -- "$cur")
		return 0
		;;
	file)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	dir)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0
		;;
	value)
		return 0
		;;
	esac
	if [[ $cur == -* ]]; then
		for key in "${!_souptrace_options[@]}"; do
			# this command's own options ("trace merge --map" is not trace's)
			[[ $key == "$cmd "* && ${key#"$cmd "} != *' '* ]] && words+=("${key#"$cmd "}")
		done
		mapfile -t COMPREPLY < <(compgen -W "${words[*]}" -- "$cur" | LC_ALL=C sort)
		return 0
	fi
	if [[ $cmd == trace ]] && ((COMP_CWORD == 2)); then
		mapfile -t COMPREPLY < <(compgen -W merge -- "$cur")
		return 0
	fi
	if [[ -n ${_souptrace_operands["$cmd"]-} ]]; then
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
	return 0
}
complete -F _souptrace souptrace
