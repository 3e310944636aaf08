#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2024-2026 Northwind Infusion Systems
#
# Build and install the "prebuilt" Acme SensorSDK that pumpctl links against.
#
# In real life Acme ships libsensorsdk.a + sensorsdk.h as a binary drop; this
# script stands in for the vendor's build so the sample is self-contained.
# The result lives OUTSIDE the pumpctl source tree:
#
#   PREFIX/include/sensorsdk.h
#   PREFIX/lib/libsensorsdk.a
#   PREFIX/share/doc/acme-sensorsdk/LICENSE
#
# Usage: ./build-vendor-sdk.sh PREFIX
# Honours CC (default cc), AR (default ar) and CFLAGS (default -O2; like the
# vendor's release build it carries no debug info unless you ask for it).
set -eu

if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 PREFIX" >&2
	exit 2
fi

srcdir=$(cd "$(dirname "$0")/vendor-sdk-src" && pwd)
mkdir -p "$1"
prefix=$(cd "$1" && pwd)
CC=${CC:-cc}
AR=${AR:-ar}
CFLAGS=${CFLAGS:--O2}

builddir=$(mktemp -d "${TMPDIR:-/tmp}/acme-sensorsdk-build.XXXXXX")
trap 'rm -rf "$builddir"' EXIT INT TERM

objs=
for src in sensorsdk.c sensorsdk_cal.c; do
	obj="$builddir/${src%.c}.o"
	echo "  CC    $src"
	# -fPIC: the archive must be linkable into PIE executables whichever
	# compiler the integrator uses.
	# shellcheck disable=SC2086 # $CC and $CFLAGS may hold several words
	$CC -std=c11 -Wall -Wextra $CFLAGS -fPIC -I"$srcdir" -c "$srcdir/$src" -o "$obj"
	objs="$objs $obj"
done

echo "  AR    libsensorsdk.a"
rm -f "$builddir/libsensorsdk.a"
# shellcheck disable=SC2086 # word splitting of $objs is intended
$AR rcs "$builddir/libsensorsdk.a" $objs

mkdir -p "$prefix/include" "$prefix/lib" "$prefix/share/doc/acme-sensorsdk"
cp "$srcdir/sensorsdk.h" "$prefix/include/sensorsdk.h"
cp "$builddir/libsensorsdk.a" "$prefix/lib/libsensorsdk.a"
cp "$srcdir/LICENSE" "$prefix/share/doc/acme-sensorsdk/LICENSE"
chmod 644 "$prefix/include/sensorsdk.h" "$prefix/lib/libsensorsdk.a" \
	"$prefix/share/doc/acme-sensorsdk/LICENSE"
echo "Acme SensorSDK installed in $prefix"
