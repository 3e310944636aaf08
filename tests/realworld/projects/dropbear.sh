# SPDX-License-Identifier: Apache-2.0
# Dropbear 2022.83: autoconf configure + a hand-written Makefile.in; the
# bundled libtomcrypt and libtommath are built by their own Makefiles into
# libtomcrypt/libtomcrypt.a and libtommath/libtommath.a with `$(AR) r`
# (AR from configure: plain ar). --enable-bundled-libtom forces the bundled
# copies even if libtomcrypt-dev/libtommath-dev are installed.
RW_PACKAGE=dropbear
RW_VERSION=2022.83-1+deb12u3
RW_NAME=dropbear
RW_CI=1
RW_DEPS="make gcc zlib1g-dev libcrypt-dev"
RW_ARTIFACTS="dropbear dbclient dropbearconvert"
rw_build() {
	./configure CC="$RW_CC" --enable-bundled-libtom
	make -j"$RW_JOBS"
}
