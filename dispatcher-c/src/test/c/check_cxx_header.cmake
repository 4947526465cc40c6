cmake_minimum_required(VERSION 3.25)
# Compiles a C++ runtime against the public headers (-fvisibility=hidden, warnings as errors) and
# checks with readelf that it exports exactly its two entries under their C names and needs
# DlogRecord unmangled, as the AICPU process provides it.
execute_process(
  COMMAND ${CXX} -std=c++17 -Wall -Wextra -Werror -fvisibility=hidden -fPIC -shared
          -Wl,--build-id=sha1 -I${INCLUDE} ${SOURCE} -o ${OUT}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${CXX} could not build ${SOURCE} against ${INCLUDE}")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -DREADELF=${READELF} -DLIB=${OUT} "-DMACHINE=${MACHINE}"
          "-DEXPORTS=simpler_aicpu_init;simpler_aicpu_exec"
          -P ${CMAKE_CURRENT_LIST_DIR}/check_exports.cmake
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${OUT} does not export exactly its C entries")
endif()
execute_process(COMMAND ${READELF} --dyn-syms -W ${OUT} OUTPUT_VARIABLE out)
if(NOT out MATCHES " UND DlogRecord\n")
  message(FATAL_ERROR "${OUT} does not need the C symbol DlogRecord:\n${out}")
endif()
