# SPDX-License-Identifier: Apache-2.0
#
# SoupTrace: record a CMake build through the souptrace wrappers and gate it
# on the declared SOUP list.
#
#   find_package(souptrace 0.1 REQUIRED)
#   souptrace_enable()
#   souptrace_check(TARGET pumpctl SOUP soup.json)
#
# souptrace_enable()
#   From this point of the current directory (and the directories added
#   after it) every C and C++ compile, link and archive step goes through
#   the wrapper. Call it after project() and before the targets.
#   - compiles: CMAKE_<LANG>_COMPILER_LAUNCHER is souptrace-cc / souptrace-c++;
#   - links: CMAKE_<LANG>_LINKER_LAUNCHER (CMake 3.21 and later); before 3.21
#     the wrapper is put in front of the link rules
#     (CMAKE_<LANG>_LINK_EXECUTABLE, _CREATE_SHARED_LIBRARY, _CREATE_SHARED_MODULE);
#   - archives: no CMake version has an archiver launcher, and the linker
#     launcher does not cover static libraries (3.21 to 3.25, Makefile and
#     Ninja generators), so souptrace-ar is put in front of the archive
#     rules (CMAKE_<LANG>_ARCHIVE_CREATE, _APPEND and their _IPO forms), on
#     every version. CMAKE_AR itself is kept: the wrapper runs the archiver
#     the toolchain chose (prefix form, "souptrace-ar /usr/bin/ar qc ...").
#   A launcher that is already set (ccache, distcc) is kept after the
#   wrapper: "souptrace-cc ccache cc ...", so a cache hit is still recorded.
#   The trace is ${CMAKE_BINARY_DIR}/.souptrace. The wrappers find it by
#   walking up from their working directory, which is in the build tree for
#   the Makefile and Ninja generators: no environment and no extra process
#   per step. SOUPTRACE_DIR in the build's environment would win over it;
#   souptrace_enable() warns when it is set at configure time.
#
# souptrace_check(TARGET <target>... SOUP <file>
#                 [SAFETY_CLASS A|B|C] [MODE TEST|POST_BUILD] [STRICT]
#                 [PROJECT_ROOT <dir>]
#                 [SBOM <file> [SBOM_FORMAT cyclonedx|spdx]] [REPORT <file.md|file.html>]
#                 [AUDIT_DB <dir|file> [AUDIT_FAIL_ON none|low|medium|high|critical]
#                  [AUDIT_VEX <file>...]])
#   TEST (the default): one ctest test per target, souptrace.<target>, which
#   runs souptrace check and fails, printing the findings, when the gate
#   fails. POST_BUILD: the check runs right after the target links, and the
#   build of the target fails when the gate fails; the target also relinks
#   when the SOUP file changes (LINK_DEPENDS), so a changed list is checked
#   again. SBOM and REPORT write souptrace sbom / souptrace report outputs for
#   all the targets, regenerated when a target relinks or the SOUP file
#   changes. PROJECT_ROOT (default: PROJECT_SOURCE_DIR) is the root the SOUP
#   file's match paths are relative to.
#   AUDIT_DB: also souptrace audit against that vulnerability database
#   (OSV records, all.zip, the Debian Security Tracker's JSON; mirrored, read
#   offline): with MODE TEST a test souptrace.audit.<target>, with MODE
#   POST_BUILD a step after the link that fails the build; AUDIT_FAIL_ON is
#   its --fail-on (default low), AUDIT_VEX the people's decisions (--vex).
#   Without the SOUP file: a warning, and a target souptrace-init (then
#   souptrace-init.2 ...) that drafts it with souptrace init; the gate fails
#   while the file is missing (SoupTraceGate.cmake), no SBOM or REPORT.
#
# Where the tools come from: the package config (find_package) or an
# add_subdirectory() of a souptrace checkout sets them; after a plain
# include() of this file they are looked up in PATH (cache variables
# SOUPTRACE_EXECUTABLE and SOUPTRACE_CC_EXECUTABLE). Imported targets:
# souptrace::souptrace, souptrace::cc, souptrace::cxx, souptrace::ar,
# souptrace::ld.

include_guard(GLOBAL)
set(_SOUPTRACE_MODULE_DIR "${CMAKE_CURRENT_LIST_DIR}")

# _souptrace_set_tools(CLI <path> WRAPPER_DIR <dir> [BUILD_TARGETS <t>...])
# Records where the tools are and makes the imported targets. BUILD_TARGETS:
# the targets that build them (add_subdirectory of a checkout): whatever is
# compiled through the wrapper depends on them.
function(_souptrace_set_tools)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "CLI;WRAPPER_DIR" "BUILD_TARGETS")
  set_property(GLOBAL PROPERTY SOUPTRACE_CLI "${arg_CLI}")
  set_property(GLOBAL PROPERTY SOUPTRACE_WRAPPER_DIR "${arg_WRAPPER_DIR}")
  set_property(GLOBAL PROPERTY SOUPTRACE_BUILD_TARGETS "${arg_BUILD_TARGETS}")
  foreach(pair IN ITEMS "souptrace|${arg_CLI}" "cc|${arg_WRAPPER_DIR}/souptrace-cc"
                        "cxx|${arg_WRAPPER_DIR}/souptrace-c++" "ar|${arg_WRAPPER_DIR}/souptrace-ar"
                        "ld|${arg_WRAPPER_DIR}/souptrace-ld")
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 name)
    list(GET pair 1 path)
    if(NOT TARGET souptrace::${name})
      add_executable(souptrace::${name} IMPORTED GLOBAL)
      set_target_properties(souptrace::${name} PROPERTIES IMPORTED_LOCATION "${path}")
    endif()
  endforeach()
endfunction()

# _souptrace_use_build_tree(<cli target> <wrapper target>): souptrace built
# in this build (add_subdirectory of a checkout); called by its CMakeLists.
# Single-configuration generators: the programs are where they link.
function(_souptrace_use_build_tree cli_target wrapper_target)
  foreach(t IN ITEMS ${cli_target} ${wrapper_target})
    get_target_property(dir ${t} RUNTIME_OUTPUT_DIRECTORY)
    if(NOT dir)
      get_target_property(dir ${t} BINARY_DIR)
    endif()
    set(dir_${t} "${dir}")
  endforeach()
  add_executable(souptrace::souptrace ALIAS ${cli_target})
  add_executable(souptrace::cc ALIAS ${wrapper_target})
  _souptrace_set_tools(CLI "${dir_${cli_target}}/${cli_target}${CMAKE_EXECUTABLE_SUFFIX}"
                       WRAPPER_DIR "${dir_${wrapper_target}}"
                       BUILD_TARGETS ${cli_target} ${wrapper_target})
endfunction()

# The tools, from find_package or add_subdirectory, else from PATH.
function(_souptrace_tools cli_var wrapper_dir_var)
  get_property(cli GLOBAL PROPERTY SOUPTRACE_CLI)
  get_property(wdir GLOBAL PROPERTY SOUPTRACE_WRAPPER_DIR)
  if(NOT cli)
    find_program(SOUPTRACE_EXECUTABLE souptrace DOC "The souptrace command")
    find_program(SOUPTRACE_CC_EXECUTABLE souptrace-cc DOC "The souptrace compiler wrapper")
    if(NOT SOUPTRACE_EXECUTABLE OR NOT SOUPTRACE_CC_EXECUTABLE)
      message(FATAL_ERROR
        "souptrace: the souptrace tools were not found. Use find_package(souptrace) with "
        "CMAKE_PREFIX_PATH set to its install prefix, add_subdirectory() a souptrace checkout, "
        "or set SOUPTRACE_EXECUTABLE and SOUPTRACE_CC_EXECUTABLE.")
    endif()
    get_filename_component(wdir "${SOUPTRACE_CC_EXECUTABLE}" DIRECTORY)
    set(cli "${SOUPTRACE_EXECUTABLE}")
    _souptrace_set_tools(CLI "${cli}" WRAPPER_DIR "${wdir}")
  endif()
  set(${cli_var} "${cli}" PARENT_SCOPE)
  set(${wrapper_dir_var} "${wdir}" PARENT_SCOPE)
endfunction()

# Puts "<wrapper> [existing launcher...]" in out_var, unless the launcher
# already starts with the wrapper (souptrace_enable() called twice).
function(_souptrace_chain out_var wrapper existing)
  list(LENGTH existing n)
  if(n GREATER 0)
    list(GET existing 0 first)
    if(first STREQUAL wrapper)
      set(${out_var} "${existing}" PARENT_SCOPE)
      return()
    endif()
  endif()
  set(chain "${wrapper}")
  list(APPEND chain ${existing})
  set(${out_var} "${chain}" PARENT_SCOPE)
endfunction()

# Puts "<prefix> <rule>" in out_var unless the rule already starts with it.
function(_souptrace_prefix_rule out_var prefix rule)
  string(FIND "${rule}" "${prefix}" at)
  if(at EQUAL 0)
    set(${out_var} "${rule}" PARENT_SCOPE)
  else()
    set(${out_var} "${prefix} ${rule}" PARENT_SCOPE)
  endif()
endfunction()

function(souptrace_enable)
  if(NOT CMAKE_GENERATOR MATCHES "^(Unix Makefiles|Ninja|Ninja Multi-Config)$")
    message(FATAL_ERROR
      "souptrace_enable(): the \"${CMAKE_GENERATOR}\" generator is not supported: souptrace "
      "records a build through compiler and linker launchers, which it runs only with the "
      "\"Unix Makefiles\" and \"Ninja\" generators. Configure with -G Ninja or -G \"Unix Makefiles\".")
  endif()
  _souptrace_tools(cli wdir)
  set(trace "${CMAKE_BINARY_DIR}/.souptrace")
  file(MAKE_DIRECTORY "${trace}")
  if(DEFINED ENV{SOUPTRACE_DIR} AND NOT "$ENV{SOUPTRACE_DIR}" STREQUAL "")
    message(WARNING
      "souptrace_enable(): SOUPTRACE_DIR is set ($ENV{SOUPTRACE_DIR}); if the build runs with it, "
      "the wrappers record there instead of ${trace}, where souptrace_check() looks.")
  endif()
  set_property(GLOBAL PROPERTY SOUPTRACE_ENABLED TRUE)

  foreach(lang IN ITEMS C CXX)
    if(lang STREQUAL "C")
      set(wrapper "${wdir}/souptrace-cc")
    else()
      set(wrapper "${wdir}/souptrace-c++")
    endif()
    _souptrace_chain(v "${wrapper}" "${CMAKE_${lang}_COMPILER_LAUNCHER}")
    set(CMAKE_${lang}_COMPILER_LAUNCHER "${v}" PARENT_SCOPE)
    if(NOT CMAKE_VERSION VERSION_LESS 3.21)
      _souptrace_chain(v "${wrapper}" "${CMAKE_${lang}_LINKER_LAUNCHER}")
      set(CMAKE_${lang}_LINKER_LAUNCHER "${v}" PARENT_SCOPE)
      set(link_rules "")
    else()
      set(link_rules LINK_EXECUTABLE CREATE_SHARED_LIBRARY CREATE_SHARED_MODULE)
    endif()
    foreach(rule IN LISTS link_rules)
      if(CMAKE_${lang}_${rule})
        _souptrace_prefix_rule(v "\"${wrapper}\"" "${CMAKE_${lang}_${rule}}")
        set(CMAKE_${lang}_${rule} "${v}" PARENT_SCOPE)
      endif()
    endforeach()
    foreach(rule IN ITEMS ARCHIVE_CREATE ARCHIVE_APPEND ARCHIVE_CREATE_IPO ARCHIVE_APPEND_IPO)
      if(CMAKE_${lang}_${rule})
        _souptrace_prefix_rule(v "\"${wdir}/souptrace-ar\"" "${CMAKE_${lang}_${rule}}")
        set(CMAKE_${lang}_${rule} "${v}" PARENT_SCOPE)
      endif()
    endforeach()
  endforeach()

  # Built from a checkout by add_subdirectory(): the wrappers must exist
  # before the first compile that runs them.
  get_property(build_targets GLOBAL PROPERTY SOUPTRACE_BUILD_TARGETS)
  get_property(deferred GLOBAL PROPERTY SOUPTRACE_DEPS_DEFERRED)
  if(build_targets AND NOT deferred)
    set_property(GLOBAL PROPERTY SOUPTRACE_DEPS_DEFERRED TRUE)
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _souptrace_depend_on_tools)
  endif()
endfunction()

# At the end of the top-level directory: every target compiled or linked
# through the wrapper depends on the targets that build the tools.
function(_souptrace_depend_on_tools)
  get_property(build_targets GLOBAL PROPERTY SOUPTRACE_BUILD_TARGETS)
  set(dirs "${CMAKE_SOURCE_DIR}")
  while(dirs)
    list(POP_FRONT dirs dir)
    get_property(sub DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
    list(APPEND dirs ${sub})
    get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
    foreach(t IN LISTS targets)
      get_target_property(type ${t} TYPE)
      if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
        continue()
      endif()
      get_target_property(launcher ${t} C_COMPILER_LAUNCHER)
      get_target_property(cxx_launcher ${t} CXX_COMPILER_LAUNCHER)
      if("${launcher};${cxx_launcher}" MATCHES "souptrace-c")
        add_dependencies(${t} ${build_targets})
      endif()
    endforeach()
  endwhile()
endfunction()

function(souptrace_check)
  cmake_parse_arguments(PARSE_ARGV 0 arg "STRICT"
    "SOUP;SAFETY_CLASS;MODE;SBOM;SBOM_FORMAT;REPORT;PROJECT_ROOT;AUDIT_DB;AUDIT_FAIL_ON"
    "TARGET;AUDIT_VEX")
  set(fn "souptrace_check()")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${fn}: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TARGET)
    message(FATAL_ERROR "${fn}: TARGET <target>... is required")
  endif()
  if(NOT arg_SOUP)
    message(FATAL_ERROR "${fn}: SOUP <file> is required (the declared SOUP list, soup.json)")
  endif()
  get_property(enabled GLOBAL PROPERTY SOUPTRACE_ENABLED)
  if(NOT enabled)
    message(FATAL_ERROR "${fn}: call souptrace_enable() first, before the targets are defined: "
                        "without it nothing is recorded")
  endif()
  if(NOT arg_MODE)
    set(arg_MODE TEST)
  elseif(NOT arg_MODE MATCHES "^(TEST|POST_BUILD)$")
    message(FATAL_ERROR "${fn}: MODE must be TEST or POST_BUILD, not \"${arg_MODE}\"")
  endif()
  if(DEFINED arg_SAFETY_CLASS AND NOT arg_SAFETY_CLASS MATCHES "^[ABC]$")
    message(FATAL_ERROR "${fn}: SAFETY_CLASS must be A, B or C, not \"${arg_SAFETY_CLASS}\"")
  endif()
  if(NOT arg_SBOM_FORMAT)
    set(arg_SBOM_FORMAT cyclonedx)
  elseif(NOT arg_SBOM)
    message(FATAL_ERROR "${fn}: SBOM_FORMAT needs SBOM <file>")
  elseif(NOT arg_SBOM_FORMAT MATCHES "^(cyclonedx|spdx)$")
    message(FATAL_ERROR "${fn}: SBOM_FORMAT must be cyclonedx or spdx, not \"${arg_SBOM_FORMAT}\"")
  endif()
  if(arg_REPORT)
    if(arg_REPORT MATCHES "\\.(md|markdown)$")
      set(report_format markdown)
    elseif(arg_REPORT MATCHES "\\.html?$")
      set(report_format html)
    else()
      message(FATAL_ERROR "${fn}: REPORT must name a .md or .html file, not \"${arg_REPORT}\"")
    endif()
    get_filename_component(report "${arg_REPORT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  if(arg_SBOM)
    get_filename_component(sbom "${arg_SBOM}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  if((arg_AUDIT_FAIL_ON OR arg_AUDIT_VEX) AND NOT arg_AUDIT_DB)
    message(FATAL_ERROR "${fn}: AUDIT_FAIL_ON and AUDIT_VEX need AUDIT_DB <dir|file>")
  endif()
  if(arg_AUDIT_FAIL_ON AND NOT arg_AUDIT_FAIL_ON MATCHES "^(none|low|medium|high|critical)$")
    message(FATAL_ERROR "${fn}: AUDIT_FAIL_ON must be none, low, medium, high or critical, "
                        "not \"${arg_AUDIT_FAIL_ON}\"")
  endif()
  get_filename_component(soup "${arg_SOUP}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(missing FALSE)
  if(NOT EXISTS "${soup}")
    set(missing TRUE)
  endif()
  if(arg_PROJECT_ROOT)
    get_filename_component(root "${arg_PROJECT_ROOT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  else()
    set(root "${PROJECT_SOURCE_DIR}")
  endif()
  foreach(t IN LISTS arg_TARGET)
    if(NOT TARGET ${t})
      message(FATAL_ERROR "${fn}: no target named \"${t}\" (call souptrace_check() after it is defined)")
    endif()
    get_target_property(type ${t} TYPE)
    if(NOT type MATCHES "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY)$")
      message(FATAL_ERROR "${fn}: \"${t}\" is a ${type}; the gate checks what is linked into "
                          "executables and shared libraries")
    endif()
  endforeach()

  _souptrace_tools(cli wdir)
  get_property(build_targets GLOBAL PROPERTY SOUPTRACE_BUILD_TARGETS)
  set(trace "${CMAKE_BINARY_DIR}/.souptrace")
  set(inputs --soup "${soup}" --trace "${trace}" --project-root "${root}")
  set(gate_args ${inputs})
  if(arg_SAFETY_CLASS)
    list(APPEND gate_args --safety-class ${arg_SAFETY_CLASS})
  endif()
  if(arg_STRICT)
    list(APPEND gate_args --strict)
  endif()

  set(files "")
  foreach(t IN LISTS arg_TARGET)
    list(APPEND files "$<TARGET_FILE:${t}>")
  endforeach()
  # Bootstrap: no SOUP file yet. Configure goes on; souptrace-init drafts
  # it from the built targets (souptrace init never overwrites a file), and
  # the gate fails, saying so, while the file is missing.
  set(gate_cmd "${cli}" check)
  if(missing)
    set(init_target souptrace-init)
    set(n 1)
    while(TARGET ${init_target})
      math(EXPR n "${n} + 1")
      set(init_target souptrace-init.${n})
    endwhile()
    add_custom_target(${init_target}
      COMMAND "${cli}" init --trace "${trace}" --project-root "${root}" -o "${soup}" ${files}
      DEPENDS ${arg_TARGET}
      COMMENT "souptrace: drafting ${soup} from ${arg_TARGET}"
      VERBATIM)
    message(WARNING
      "${fn}: the SOUP file ${soup} does not exist. Build the targets, then draft it with\n"
      "  cmake --build ${CMAKE_BINARY_DIR} --target ${init_target}\n"
      "and review it (the TODO fields). Until it exists the gate fails, saying so.")
    if(arg_SBOM OR arg_REPORT)
      message(WARNING "${fn}: no SBOM or REPORT until ${soup} exists (configure again then)")
      unset(arg_SBOM)
      unset(arg_REPORT)
    endif()
    set(gate_cmd "${CMAKE_COMMAND}" -DSOUPTRACE_SOUP=${soup} -DSOUPTRACE_INIT=${init_target}
                 -DSOUPTRACE_BUILD=${CMAKE_BINARY_DIR} -P "${_SOUPTRACE_MODULE_DIR}/SoupTraceGate.cmake"
                 "${cli}" check)
  endif()
  foreach(t IN LISTS arg_TARGET)
    if(arg_MODE STREQUAL "TEST")
      # enable_testing() called in a function does not last (it sets a
      # variable of the function's scope): defer it to the scope of this
      # directory and of the top-level one, which ctest starts from.
      cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL enable_testing)
      if(NOT CMAKE_CURRENT_SOURCE_DIR STREQUAL CMAKE_SOURCE_DIR)
        cmake_language(DEFER CALL enable_testing)
      endif()
      add_test(NAME souptrace.${t} COMMAND ${gate_cmd} ${gate_args} "$<TARGET_FILE:${t}>")
    else()
      get_target_property(tdir ${t} SOURCE_DIR)
      if(NOT tdir STREQUAL CMAKE_CURRENT_SOURCE_DIR)
        message(FATAL_ERROR "${fn}: MODE POST_BUILD must be called in the directory that "
                            "defines \"${t}\" (${tdir})")
      endif()
      add_custom_command(TARGET ${t} POST_BUILD
        COMMAND ${gate_cmd} --quiet ${gate_args} "$<TARGET_FILE:${t}>"
        COMMENT "souptrace: checking ${t} against ${arg_SOUP}"
        VERBATIM)
      # A changed SOUP list relinks the target, so the gate runs again.
      if(NOT missing)
        set_property(TARGET ${t} APPEND PROPERTY LINK_DEPENDS "${soup}")
      endif()
      if(build_targets)
        add_dependencies(${t} ${build_targets})
      endif()
    endif()
  endforeach()

  # The audit: known vulnerabilities of what reaches each target.
  if(arg_AUDIT_DB AND missing)
    message(WARNING "${fn}: no audit until ${soup} exists (configure again then)")
  elseif(arg_AUDIT_DB)
    get_filename_component(adb "${arg_AUDIT_DB}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${adb}")
      message(WARNING "${fn}: AUDIT_DB ${adb} does not exist (yet): the audit fails until it does")
    endif()
    set(audit_args ${inputs} --db "${adb}")
    if(arg_AUDIT_FAIL_ON)
      list(APPEND audit_args --fail-on ${arg_AUDIT_FAIL_ON})
    endif()
    foreach(v IN LISTS arg_AUDIT_VEX)
      get_filename_component(vex "${v}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND audit_args --vex "${vex}")
    endforeach()
    foreach(t IN LISTS arg_TARGET)
      if(arg_MODE STREQUAL "TEST")
        add_test(NAME souptrace.audit.${t} COMMAND "${cli}" audit ${audit_args} "$<TARGET_FILE:${t}>")
      else()
        add_custom_command(TARGET ${t} POST_BUILD
          COMMAND "${cli}" audit ${audit_args} "$<TARGET_FILE:${t}>"
          COMMENT "souptrace: auditing ${t} against ${arg_AUDIT_DB}"
          VERBATIM)
      endif()
    endforeach()
  endif()

  # SBOM and report: rebuilt when a target relinks or the SOUP list changes.
  set(outputs "")
  if(arg_SBOM)
    add_custom_command(OUTPUT "${sbom}"
      COMMAND "${cli}" sbom --format ${arg_SBOM_FORMAT} ${inputs} -o "${sbom}" ${files}
      DEPENDS ${arg_TARGET} "${soup}" ${build_targets}
      COMMENT "souptrace: ${arg_SBOM_FORMAT} SBOM of ${arg_TARGET}"
      VERBATIM)
    list(APPEND outputs "${sbom}")
  endif()
  if(arg_REPORT)
    add_custom_command(OUTPUT "${report}"
      COMMAND "${cli}" report --format ${report_format} ${inputs} -o "${report}" ${files}
      DEPENDS ${arg_TARGET} "${soup}" ${build_targets}
      COMMENT "souptrace: SOUP report of ${arg_TARGET}"
      VERBATIM)
    list(APPEND outputs "${report}")
  endif()
  if(outputs)
    list(GET arg_TARGET 0 first)
    set(name souptrace.documents.${first})
    set(n 1)
    while(TARGET ${name})
      math(EXPR n "${n} + 1")
      set(name souptrace.documents.${first}.${n})
    endwhile()
    add_custom_target(${name} ALL DEPENDS ${outputs})
  endif()
endfunction()
