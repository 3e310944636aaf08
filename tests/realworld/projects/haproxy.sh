# SPDX-License-Identifier: Apache-2.0
# HAProxy 2.6.12: a hand-written GNU Makefile (no configure, no archive): one
# link of every object into haproxy, with the code it imports under
# include/import/ and src/ (ebtree, libslz, xxHash, mjson, SHA-1, ...).
# TARGET=linux-glibc with its default features (no OpenSSL, no Lua, no PCRE).
RW_PACKAGE=haproxy
RW_VERSION=2.6.12-1+deb12u3
RW_NAME=haproxy
RW_DEPS="make gcc libcrypt-dev"
RW_ARTIFACTS="haproxy"
rw_build() {
	make -j"$RW_JOBS" TARGET=linux-glibc CC="$RW_CC"
}
