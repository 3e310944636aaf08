# SPDX-License-Identifier: Apache-2.0
# The Debian package: `cpack -G DEB` in a build configured with
# CMAKE_INSTALL_PREFIX=/usr (scripts/package does both). It holds what
# `cmake --install` installs: the programs, the wrapper links and the shims
# folder, the CMake package (find_package(souptrace) under /usr/lib/cmake),
# the man pages, the bash completion, the documentation and the schema.
set(SOUPTRACE_PACKAGE_MAINTAINER
  "souptrace maintainers <maintainers@users.noreply.r-seed-e67a870d.example>"
  CACHE STRING "The Maintainer field of the Debian package")
set(SOUPTRACE_HOMEPAGE "https://souptrace.invalid/"
  CACHE STRING "The Homepage field of the Debian package (the project's public address)")

set(CPACK_PACKAGE_NAME souptrace)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${SOUPTRACE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
  "souptrace records a build through its compiler, archiver and linker
wrappers (souptrace-cc, -c++, -ar, -ld), then finds which third-party code
(SOUP, software of unknown provenance in IEC 62304) reaches each binary:
Debian packages, vendored folders, copied files. `souptrace check` gates a
build against the declared list (soup.json), with JUnit and SARIF output
for CI; `souptrace sbom` writes CycloneDX and SPDX SBOMs.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
# Only what this tree installs; no install prefix other than /usr for a .deb.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # souptrace_VERSION_ARCH.deb
set(CPACK_STRIP_FILES ON) # as Debian ships programs: no symbol tables
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SOUPTRACE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SOUPTRACE_HOMEPAGE}")
# Depends from the ELF files' needs (dpkg-shlibdeps, from dpkg-dev): libelf,
# libdwarf, cJSON and libc, at the versions this machine built against.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The wrappers run the real tools; the CMake package needs CMake.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gcc | clang, binutils")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cmake, bash-completion, man-db")
include(CPack)
