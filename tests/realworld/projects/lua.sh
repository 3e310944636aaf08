# SPDX-License-Identifier: Apache-2.0
# Lua 5.4.4: upstream's hand-written src/Makefile, liblua.a made by a literal
# `ar rcu` (AR= ar rcu), lua and luac linked against it.
# Debian's patches replace that Makefile with a libtool build, so the
# package is extracted without them (--skip-patches): this is the orig
# tarball, lua-5.4.4, as upstream ships it.
RW_PACKAGE=lua5.4
RW_VERSION=5.4.4-3+deb12u1
RW_NAME=lua
RW_CI=1
RW_SKIP_PATCHES=1
RW_DEPS="make gcc"
RW_ARTIFACTS="src/lua src/luac"
rw_build() {
	make -j"$RW_JOBS" linux CC="$RW_CC"
}
