# SPDX-License-Identifier: Apache-2.0
# The gate of souptrace_check() while its SOUP file does not exist yet
# (cmake -DSOUPTRACE_SOUP=<file> -DSOUPTRACE_INIT=<target>
# -DSOUPTRACE_BUILD=<dir> -P SoupTraceGate.cmake <souptrace> check ARGS...):
# fails saying how to draft the file; once the file exists, runs the check
# and fails when it fails.
if(NOT EXISTS "${SOUPTRACE_SOUP}")
  message(FATAL_ERROR
    "souptrace: the SOUP file ${SOUPTRACE_SOUP} does not exist. Draft it with\n"
    "  cmake --build ${SOUPTRACE_BUILD} --target ${SOUPTRACE_INIT}\n"
    "then review it (the TODO fields); the gate fails until it exists.")
endif()
set(cmd "")
set(after_script FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  if(after_script)
    list(APPEND cmd "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "-P")
    math(EXPR script "${i} + 1")
    set(skip_to ${script})
  endif()
  if(DEFINED skip_to AND i EQUAL skip_to)
    set(after_script TRUE)
  endif()
endforeach()
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "souptrace: the gate failed (status ${rc})")
endif()
