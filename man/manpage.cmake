# SPDX-License-Identifier: Apache-2.0
# One man page: the generated part (souptrace help --man ARGS: title, NAME,
# SYNOPSIS, OPTIONS from the command's option table) with the prose of
# PROSE put in at the "@OPTIONS@" comment line of both (the prose before
# that line goes before OPTIONS, the rest after it).
#   cmake -DSOUPTRACE=... "-DARGS=trace;merge" -DPROSE=... -DOUT=... -P manpage.cmake
execute_process(COMMAND "${SOUPTRACE}" help --man ${ARGS}
  OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "souptrace help --man ${ARGS} failed (${rc})")
endif()
file(READ "${PROSE}" prose)
set(marker ".\\\" @OPTIONS@\n")
string(FIND "${generated}" "${marker}" g)
string(FIND "${prose}" "${marker}" p)
if(g LESS 0 OR p LESS 0)
  message(FATAL_ERROR "${PROSE} or souptrace help --man ${ARGS}: no @OPTIONS@ line")
endif()
string(SUBSTRING "${generated}" 0 ${g} head)
string(SUBSTRING "${generated}" ${g} -1 options)
string(SUBSTRING "${prose}" 0 ${p} before)
string(LENGTH "${marker}" m)
math(EXPR p "${p} + ${m}")
string(SUBSTRING "${prose}" ${p} -1 after)
file(WRITE "${OUT}.tmp" "${head}${before}${options}${after}")
file(RENAME "${OUT}.tmp" "${OUT}")
