# SPDX-License-Identifier: Apache-2.0
# Unbound 1.17.1: autoconf + libtool. Every object is compiled through
# libtool (--mode=compile, .lo); libunbound.la is a libtool shared library;
# the unbound daemon links the .lo objects, including compat/ replacements
# that configure picks (AC_REPLACE_FUNCS -> LIBOBJS). --disable-static only
# halves the compiles (libtool would build every .lo twice).
RW_PACKAGE=unbound
RW_VERSION=1.17.1-2+deb12u4
RW_NAME=unbound
RW_DEPS="make gcc libssl-dev libexpat1-dev"
RW_ARTIFACTS="unbound unbound-control .libs/libunbound.so.8.*"
rw_build() {
	./configure CC="$RW_CC" --disable-static
	make -j"$RW_JOBS"
}
