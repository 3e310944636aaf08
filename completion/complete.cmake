# SPDX-License-Identifier: Apache-2.0
# The bash completion: completion/souptrace.bash, then the tables that
# `souptrace help --complete` generates from the option tables.
#   cmake -DSOUPTRACE=... -DSCRIPT=... -DOUT=... -P complete.cmake
execute_process(COMMAND "${SOUPTRACE}" help --complete
  OUTPUT_VARIABLE table RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "souptrace help --complete failed (${rc})")
endif()
file(READ "${SCRIPT}" script)
file(WRITE "${OUT}.tmp" "${script}\n${table}")
file(RENAME "${OUT}.tmp" "${OUT}")
