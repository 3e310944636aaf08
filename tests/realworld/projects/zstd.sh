# SPDX-License-Identifier: Apache-2.0
# Zstandard 1.5.4: CMake (build/cmake), configured the plain way with CC set,
# not with souptrace's CMake module. The zstd program links libzstd_static
# (libzstd.a, archived by CMAKE_AR = plain ar: ZSTD_PROGRAMS_LINK_SHARED is
# OFF by default); libzstd.so is built from the same sources.
RW_PACKAGE=libzstd
RW_VERSION=1.5.4+dfsg2-5
RW_NAME=zstd
RW_DEPS="cmake make gcc zlib1g-dev liblzma-dev liblz4-dev"
RW_ARTIFACTS="_build/programs/zstd _build/lib/libzstd.so.1.*"
rw_build() {
	CC="$RW_CC" cmake -S build/cmake -B _build -DCMAKE_BUILD_TYPE=Release \
		-DZSTD_ZLIB_SUPPORT=ON -DZSTD_LZMA_SUPPORT=ON -DZSTD_LZ4_SUPPORT=ON
	cmake --build _build -j"$RW_JOBS"
}
