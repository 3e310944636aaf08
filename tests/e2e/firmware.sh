#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A Cortex-M4 firmware (arm-none-eabi-gcc, -nostartfiles, newlib, a linker
# script) built through the wrappers: newlib's archive members, libgcc and
# the vendored RTOS and HAL folders are attributed correctly.
. "$(dirname "$0")/lib.sh"
export SOUPTRACE_DIR="$T/trace"
mkdir -p "$SOUPTRACE_DIR"
cp -R "$ST_SRC/samples/firmware" "$T/fw"
make -C "$T/fw" -s CC="$ST_BIN/souptrace-cc arm-none-eabi-gcc" \
	AR="$ST_BIN/souptrace-ar arm-none-eabi-ar" >/dev/null
check "an ARM firmware was built" sh -c "od -An -tx1 -j18 -N2 '$T/fw/motor.elf' | grep -q '28 00'"

rc=0
"$ST_CLI" check --soup "$T/fw/soup.json" --project-root "$T/fw" --format json -o "$T/c.json" \
	"$T/fw/motor.elf" || rc=$?
expect_eq "the declared firmware passes" 0 "$rc"
check "newlib, owned by its Debian packages (source newlib)" \
	jq -e '.components[] | select(.component == "newlib") | .where | test("package libnewlib")' "$T/c.json"
check "... memcpy's member, pulled in by the start-up code" \
	jq -e '.components[] | select(.component == "newlib") | .evidence | map(test("libc\\.a\\(.*memcpy.*\\).*pulled in by .*startup.o")) | any' "$T/c.json"
check "libgcc through the gcc-arm-none-eabi package" \
	jq -e '[.components[] | select(.component == "GNU Arm toolchain runtime" and .declared)] | length == 1' "$T/c.json"
expect_eq "the vendored RTOS, with the version its header states" "0.9.3" \
	"$(jq -r '.components[] | select(.component == "picoRTOS") | .version_found' "$T/c.json")"
check "the vendored HAL from its archive-free objects" \
	jq -e '.components[] | select(.component == "Acme HAL") | .evidence | map(test("hal_gpio.c")) | any' "$T/c.json"
check "the linker script is first-party (no finding about it)" \
	jq -e '[.findings[] | select((.component // "") | test("fw.ld"))] | length == 0' "$T/c.json"

# Forget the RTOS in the list: it is reported, named after its folder.
jq 'del(.components[] | select(.name == "picoRTOS"))' "$T/fw/soup.json" >"$T/no-rtos.json"
rc=0
"$ST_CLI" check --soup "$T/no-rtos.json" --project-root "$T/fw" --format json -o "$T/c2.json" \
	"$T/fw/motor.elf" || rc=$?
expect_eq "an undeclared RTOS fails the gate" 1 "$rc"
check "... as the vendored folder rtos" \
	jq -e '.findings[] | select(.kind == "undeclared" and .component == "rtos" and (.message | test("vendored")))' "$T/c2.json"
# Its SBOM: a firmware component with the RTOS, HAL and newlib linked in statically.
rc=0
SOURCE_DATE_EPOCH=1764072000 "$ST_CLI" sbom --soup "$T/fw/soup.json" --project-root "$T/fw" \
	-o "$T/fw.cdx.json" "$T/fw/motor.elf" 2>"$T/sbom.err" || rc=$?
expect_eq "sbom of the firmware is written" 0 "$rc"
expect_eq "the image is a firmware component" "firmware motor.elf" \
	"$(jq -r '.metadata.component | "\(.type) \(.name)"' "$T/fw.cdx.json")"
check "everything in it is linked in statically" \
	jq -e '[.components[] | .properties[] | select(.name == "souptrace:linkage") | .value == "static"] | all' "$T/fw.cdx.json"
validator="${SOUPTRACE_SBOM_VALIDATOR:-$ST_SRC/../shared/tools/validate-sbom}"
if [ -x "$validator" ]; then
	check "the firmware SBOM validates" "$validator" "$T/fw.cdx.json"
else
	skip "schema validation of the firmware SBOM: no validator at $validator"
fi
finish
