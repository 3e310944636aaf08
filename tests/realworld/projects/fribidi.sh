# SPDX-License-Identifier: Apache-2.0
# GNU FriBidi 1.0.8: Meson + ninja. Native generator programs (gen.tab/)
# are built and run during the build; their tables are compiled into
# libfribidi.so, which the fribidi program loads.
RW_PACKAGE=fribidi
RW_VERSION=1.0.8-2.1
RW_NAME=fribidi
RW_CI=1
RW_DEPS="meson ninja-build gcc"
RW_ARTIFACTS="_build/bin/fribidi _build/lib/libfribidi.so.0.*"
rw_build() {
	CC="$RW_CC" meson setup _build -Ddocs=false
	ninja -C _build -j "$RW_JOBS"
}
