# SPDX-License-Identifier: Apache-2.0
# libarchive 3.6.2: CMake, configured the plain way with CC set (not with
# souptrace's CMake module). bsdtar links archive_static (libarchive.a made
# by CMAKE_AR = plain ar; ENABLE_TAR_SHARED is OFF by default); libarchive.so
# is built from the same sources. Tests off to keep the build short; the
# system libb2 off, so that the bundled BLAKE2 is the one compiled whatever
# is installed.
RW_PACKAGE=libarchive
RW_VERSION=3.6.2-1+deb12u4
RW_NAME=libarchive
RW_DEPS="cmake make gcc zlib1g-dev libbz2-dev liblzma-dev liblz4-dev libzstd-dev libxml2-dev libacl1-dev libssl-dev"
RW_ARTIFACTS="_build/bin/bsdtar _build/libarchive/libarchive.so.19"
rw_build() {
	CC="$RW_CC" cmake -S . -B _build -DCMAKE_BUILD_TYPE=Release -DENABLE_TEST=OFF -DENABLE_LIBB2=OFF
	cmake --build _build -j"$RW_JOBS"
}
