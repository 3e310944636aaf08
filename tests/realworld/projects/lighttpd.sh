# SPDX-License-Identifier: Apache-2.0
# lighttpd 1.4.69: Meson + ninja. A native lemon parser generator (src/lemon.c)
# is built and run to make configparser.c; the lighttpd server bundles
# ls-hpack (LiteSpeed) and copies xxHash, RSA's MD5, Steve Reid's SHA-1 and a
# top-down splay tree into src/. Only the server binary is built (its
# loadable mod_*.so are not), to keep the build short.
RW_PACKAGE=lighttpd
RW_VERSION=1.4.69-1
RW_NAME=lighttpd
RW_DEPS="meson ninja-build gcc pkg-config libpcre2-dev zlib1g-dev"
RW_ARTIFACTS="_build/src/lighttpd"
rw_build() {
	CC="$RW_CC" meson setup _build
	ninja -C _build -j "$RW_JOBS" src/lighttpd
}
