# SPDX-License-Identifier: Apache-2.0
#[=======================================================================[.rst:
FindLibDwarf
------------

Finds libdwarf. Debian 12's libdwarf-dev (20210528) installs its header as
``libdwarf/libdwarf.h`` and ships no pkg-config file; libdwarf 0.x installs
``libdwarf-0/libdwarf.h`` (or ``libdwarf/``) and a ``libdwarf.pc``. Both are
found here.

Result: the imported target ``LibDwarf::LibDwarf``, ``LibDwarf_FOUND``,
``LibDwarf_INCLUDE_DIR`` (the directory holding libdwarf.h) and
``LibDwarf_LIBRARY``.
#]=======================================================================]

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_LIBDWARF QUIET libdwarf)
endif()

find_path(LibDwarf_INCLUDE_DIR NAMES libdwarf.h
  HINTS ${PC_LIBDWARF_INCLUDE_DIRS}
  PATH_SUFFIXES libdwarf libdwarf-0)
find_library(LibDwarf_LIBRARY NAMES dwarf
  HINTS ${PC_LIBDWARF_LIBRARY_DIRS})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibDwarf
  REQUIRED_VARS LibDwarf_LIBRARY LibDwarf_INCLUDE_DIR)

if(LibDwarf_FOUND AND NOT TARGET LibDwarf::LibDwarf)
  add_library(LibDwarf::LibDwarf UNKNOWN IMPORTED)
  set_target_properties(LibDwarf::LibDwarf PROPERTIES
    IMPORTED_LOCATION "${LibDwarf_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibDwarf_INCLUDE_DIR}")
  # libdwarf depends on libz (and libelf in 20210528).
  find_package(ZLIB QUIET)
  if(ZLIB_FOUND)
    set_property(TARGET LibDwarf::LibDwarf APPEND PROPERTY
      INTERFACE_LINK_LIBRARIES ZLIB::ZLIB)
  endif()
endif()
mark_as_advanced(LibDwarf_INCLUDE_DIR LibDwarf_LIBRARY)
