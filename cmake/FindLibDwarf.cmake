# SPDX-License-Identifier: Apache-2.0
#[=======================================================================[.rst:
FindLibDwarf
------------

Finds libdwarf, either API:

* Debian 12's libdwarf-dev (20210528) installs ``libdwarf/libdwarf.h`` and
  ships no pkg-config file.
* libdwarf 0.x and 2.x (upstream, Debian 13, Fedora) install ``libdwarf.pc``;
  built with meson the header is in ``libdwarf-<major>/`` (``libdwarf-0``,
  ``libdwarf-2``), built with CMake directly in ``include/``.

Point it at a private build with ``-DCMAKE_PREFIX_PATH=/prefix`` (or
``PKG_CONFIG_PATH``, or ``-DLibDwarf_ROOT=/prefix``).

Result: the imported target ``LibDwarf::LibDwarf``, ``LibDwarf_FOUND``,
``LibDwarf_INCLUDE_DIR`` (the directory holding libdwarf.h),
``LibDwarf_LIBRARY`` and ``LibDwarf_VERSION`` (``DW_LIBDWARF_VERSION`` of the
header, or "20210528" for the header without it). The target carries zlib,
which libdwarf needs and which analyzers/dwarf_sources.c uses for the
.gnu_debuglink CRC; for a static libdwarf also what it was built with
(zstd for 0.x, libelf for 20210528).
#]=======================================================================]

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_LIBDWARF QUIET libdwarf)
endif()

find_path(LibDwarf_INCLUDE_DIR NAMES libdwarf.h
  HINTS ${PC_LIBDWARF_INCLUDE_DIRS} ${PC_LIBDWARF_INCLUDEDIR}
  PATH_SUFFIXES libdwarf-2 libdwarf-0 libdwarf)
find_library(LibDwarf_LIBRARY NAMES dwarf
  HINTS ${PC_LIBDWARF_LIBRARY_DIRS} ${PC_LIBDWARF_LIBDIR})

if(LibDwarf_INCLUDE_DIR AND EXISTS "${LibDwarf_INCLUDE_DIR}/libdwarf.h")
  file(STRINGS "${LibDwarf_INCLUDE_DIR}/libdwarf.h" _st_dw_version
       REGEX "^#define DW_LIBDWARF_VERSION \"[^\"]*\"")
  if(_st_dw_version MATCHES "\"([^\"]*)\"")
    set(LibDwarf_VERSION "${CMAKE_MATCH_1}")
  else()
    # Before 0.1 libdwarf was versioned by date and did not say it.
    set(LibDwarf_VERSION "20210528")
  endif()
  unset(_st_dw_version)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibDwarf
  REQUIRED_VARS LibDwarf_LIBRARY LibDwarf_INCLUDE_DIR
  VERSION_VAR LibDwarf_VERSION)

if(LibDwarf_FOUND AND NOT TARGET LibDwarf::LibDwarf)
  add_library(LibDwarf::LibDwarf UNKNOWN IMPORTED)
  set_target_properties(LibDwarf::LibDwarf PROPERTIES
    IMPORTED_LOCATION "${LibDwarf_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibDwarf_INCLUDE_DIR}")
  # libdwarf depends on zlib in every version.
  find_package(ZLIB REQUIRED)
  set_property(TARGET LibDwarf::LibDwarf APPEND PROPERTY
    INTERFACE_LINK_LIBRARIES ZLIB::ZLIB)
  if(LibDwarf_LIBRARY MATCHES "\\.a$")
    set_property(TARGET LibDwarf::LibDwarf APPEND PROPERTY
      INTERFACE_COMPILE_DEFINITIONS LIBDWARF_STATIC)
    if(LibDwarf_VERSION STREQUAL "20210528")
      find_library(LibDwarf_ELF_LIBRARY NAMES elf)
      if(LibDwarf_ELF_LIBRARY)
        set_property(TARGET LibDwarf::LibDwarf APPEND PROPERTY
          INTERFACE_LINK_LIBRARIES "${LibDwarf_ELF_LIBRARY}")
      endif()
    else()
      find_library(LibDwarf_ZSTD_LIBRARY NAMES zstd)
      if(LibDwarf_ZSTD_LIBRARY)
        set_property(TARGET LibDwarf::LibDwarf APPEND PROPERTY
          INTERFACE_LINK_LIBRARIES "${LibDwarf_ZSTD_LIBRARY}")
      endif()
    endif()
  endif()
endif()
mark_as_advanced(LibDwarf_INCLUDE_DIR LibDwarf_LIBRARY LibDwarf_ELF_LIBRARY
                 LibDwarf_ZSTD_LIBRARY)
