# SPDX-License-Identifier: Apache-2.0
# Shared by scripts/demo and scripts/test: install what is missing.

ST_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages needed to build souptrace.
ST_BUILD_PACKAGES="cmake make gcc pkg-config libelf-dev libdwarf-dev libcjson-dev libcmocka-dev zlib1g-dev"
# ... to build the Debian package (scripts/package): CPack computes Depends
# with dpkg-dev's dpkg-shlibdeps, and finds the ELF files with file.
ST_PACKAGE_PACKAGES="dpkg-dev file"
# ... and to run every test: the other compilers, linkers and launchers the
# wrapper must work with, and jq to read JSON in the shell tests; the build
# systems the e2e tests drive: autoconf, automake and libtool (e2e.libtool),
# bazel-bootstrap, Debian 12's Bazel 4.2.3 (e2e.bazel).
ST_TEST_PACKAGES="git clang clang-format libxml2-utils libclang-rt-14-dev lld binutils dwz ccache distcc ninja-build jq python3-jsonschema time icecc gcc-arm-none-eabi libnewlib-arm-none-eabi chromium bison meson $ST_PACKAGE_PACKAGES man-db python3-yaml autoconf automake libtool bazel-bootstrap"
# On amd64, gcc-multilib too: cc -m32 and the i386 loader (libc6-i386) for
# the 32-bit cases of test_elf and test_ldso, which skip without it. Debian
# has no i386 multilib on other hosts.
if [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ]; then
	ST_TEST_PACKAGES="$ST_TEST_PACKAGES gcc-multilib"
fi

st_missing_packages() {
	local p missing=""
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			missing="$missing $p"
		fi
	done
	echo "$missing"
}

# Install the named packages if any is missing: with apt-get when root,
# otherwise print the exact command and stop.
st_install() {
	local missing
	missing=$(st_missing_packages "$@")
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "souptrace: missing Debian packages:$missing" >&2
		echo "run:  sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "souptrace: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

st_jobs() {
	nproc 2>/dev/null || echo 2
}
