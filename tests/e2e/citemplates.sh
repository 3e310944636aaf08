#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 15: the CI templates in ci/ (GitHub Actions, GitLab CI) do what
# they say. Their shell steps are read from the YAML (python3-yaml) and run
# in order, with the job's variables, in a small project (a program and a
# vendored library, a git checkout with its soup.json), with the souptrace
# built here first in PATH: only the install step is left out. The JUnit,
# SARIF and SBOM files the templates upload must then exist and be valid
# (xmllint, jq, ../shared/tools/validate-sbom); with a list that does not
# declare the library, the gate's step fails and the files to upload are
# still written, naming the finding.
. "$(dirname "$0")/lib.sh"

export PATH="$(dirname "$ST_CLI"):$ST_BIN:$PATH"
unset SOUP ARTIFACT OUT
validator="${SOUPTRACE_SBOM_VALIDATOR:-$ST_SRC/../shared/tools/validate-sbom}"

# steps CIFILE DIR: the template's shell steps as DIR/step-N.sh (in order),
# its variables as DIR/env (export lines), the files it uploads as
# DIR/uploads and the install step(s) left out as DIR/install.
steps() {
	python3 - "$1" "$2" <<'PY'
import os, shlex, sys, yaml

path, out = sys.argv[1], sys.argv[2]
doc = yaml.safe_load(open(path))
env, scripts, uploads, install = {}, [], [], []
if "jobs" in doc:  # GitHub Actions: the first job's run steps
    job = next(iter(doc["jobs"].values()))
    env.update(doc.get("env") or {})
    env.update(job.get("env") or {})
    for step in job["steps"]:
        if "run" in step:
            if step.get("id") == "install-souptrace":
                install.append(step["run"])
            else:
                body = "".join("export %s=%s\n" % (k, shlex.quote(str(v)))
                               for k, v in (step.get("env") or {}).items())
                scripts.append(body + step["run"])
        uses = step.get("uses", "")
        w = step.get("with") or {}
        if uses.startswith("actions/upload-artifact@"):
            uploads += [p for p in str(w["path"]).split("\n") if p.strip()]
        elif uses.startswith("github/codeql-action/upload-sarif@"):
            uploads.append(w["sarif_file"])
else:  # GitLab CI: the job's before_script installs; its script runs in one shell
    job = next(v for v in doc.values() if isinstance(v, dict) and "script" in v)
    env.update(doc.get("variables") or {})
    env.update(job.get("variables") or {})
    install = job.get("before_script", [])
    scripts.append("\n".join(job["script"]))
    art = job.get("artifacts") or {}
    uploads += art.get("paths", [])
    uploads += list((art.get("reports") or {}).values())
    assert art.get("when") == "always", "artifacts not kept when the gate fails"
for i, s in enumerate(scripts):
    with open(os.path.join(out, "step-%d.sh" % i), "w") as f:
        f.write(s + "\n")
with open(os.path.join(out, "env"), "w") as f:
    f.writelines("export %s=%s\n" % (k, shlex.quote(str(v))) for k, v in env.items())
with open(os.path.join(out, "uploads"), "w") as f:
    f.writelines(sorted(set(u.strip() + "\n" for u in uploads)))
with open(os.path.join(out, "install"), "w") as f:
    f.write("\n".join(install) + "\n")
PY
}

# project DIR: the sample project, a fresh git checkout with a Makefile that
# takes CC and AR, app linking the vendored minilib; soup.json declares it,
# nomini.json does not
project() {
	local dir=$1
	minilib_project "$dir" citemplate
	cat >"$dir/Makefile" <<'MK'
CFLAGS ?= -g -O1
app: app.o third_party/minilib/libmini.a
	$(CC) $(CFLAGS) -o $@ app.o third_party/minilib/libmini.a
third_party/minilib/libmini.a: third_party/minilib/mini.o
	$(AR) rcs $@ $^
%.o: %.c
	$(CC) $(CFLAGS) -c -o $@ $<
MK
	(cd "$dir" && git init -q && git add -A &&
		git -c user.name=CI -c user.email=ci@example.invalid commit -qm sample)
}

# run_template NAME CIFILE SOUPFILE: the template's steps in a fresh
# project, in order, stopping at the first that fails as CI does; rc set to
# the failing step's status (0: all passed), W to the project
run_template() {
	local name=$1 ci=$2 soup=$3 i
	local D="$T/$name"
	W="$D/proj"
	mkdir -p "$D"
	project "$W"
	steps "$ci" "$D" || { fail "$name: cannot read the steps of $ci"; rc=99; return; }
	rc=0
	for ((i = 0; ; i++)); do
		[ -f "$D/step-$i.sh" ] || break
		(
			cd "$W"
			. "$D/env"
			SOUP=$soup
			bash --noprofile --norc -eo pipefail "$D/step-$i.sh"
		) >"$D/step-$i.log" 2>&1 || {
			rc=$?
			break
		}
	done
	STEPS=$i
}

# uploaded NAME DIR: every file the template uploads exists and is valid
uploaded() {
	local name=$1 D=$2 f n=0
	while IFS= read -r f; do
		n=$((n + 1))
		if [ ! -s "$W/$f" ]; then
			fail "$name: $f (uploaded) was not written"
			continue
		fi
		case $f in
		*.xml)
			check "$name: $f is well-formed XML" xmllint --noout "$W/$f"
			check "$name: $f is JUnit" xmllint --xpath '/testsuites/testsuite/testcase' "$W/$f"
			;;
		*.sarif)
			check "$name: $f is SARIF 2.1.0 from souptrace" jq -e '.version == "2.1.0" and
				(.runs[0].tool.driver.name | test("souptrace"))' "$W/$f"
			;;
		*.cdx.json)
			check "$name: $f is a CycloneDX SBOM naming minilib" jq -e '.bomFormat == "CycloneDX" and
				([.components[] | select(.name == "minilib")] | length == 1)' "$W/$f"
			if [ -x "$validator" ]; then
				check "$name: $f is valid against the official schema" "$validator" "$W/$f"
			else
				skip "$name: schema validation of $f: no validator at $validator"
			fi
			;;
		*) fail "$name: uploads $f, of no known kind" ;;
		esac
	done <"$D/uploads"
	expect_eq "$name: uploads JUnit, SARIF and the SBOM" 3 "$n"
}

for t in github:ci/github-actions.yml gitlab:ci/gitlab-ci.yml; do
	name=${t%%:*} ci="$ST_SRC/${t#*:}"
	run_template "$name" "$ci" soup.json
	expect_eq "$name: every step passes on the declared project" 0 "$rc"
	[ "$rc" -ne 0 ] && echo "--- $name: step $STEPS:" >&2 && cat "$T/$name/step-$STEPS.log" >&2
	grep -q 'souptrace' "$T/$name/install" && ok || fail "$name: no install step found (left out)"
	grep -q 'souptrace-cc' "$T/$name"/step-*.sh && ok || fail "$name: no build through the wrapper"
	check "$name: the build went through the wrapper (a trace)" test -d "$W/.souptrace/records"
	uploaded "$name" "$T/$name"

	run_template "$name-undeclared" "$ci" nomini.json
	[ "$rc" -ne 0 ] && ok || fail "$name: the gate passes a project with an undeclared library"
	uploaded "$name-undeclared" "$T/$name-undeclared"
	check "$name: the JUnit names the finding" grep -q 'undeclared.*minilib\|minilib.*undeclared' \
		"$W/$(grep junit "$T/$name-undeclared/uploads")"
	check "$name: the SARIF has the finding" jq -e '[.runs[0].results[] |
		select(.message.text | test("minilib"))] | length >= 1' \
		"$W/$(grep sarif "$T/$name-undeclared/uploads")"
done
finish
