cmake_minimum_required(VERSION 3.25)
# The devkit zip as a user gets it (run by Maven at verify, after the package phase made it):
# unzipped, it has the four headers, the CMake package and the README, and a runtime builds
# against it with find_package(AicpuDevice) and exports exactly its entries.
#   -DZIP=<devkit zip> -DWORK=<scratch folder> -DSOURCE=<this folder> -DREADELF=readelf
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/unzipped")
execute_process(COMMAND ${CMAKE_COMMAND} -E tar xf "${ZIP}" WORKING_DIRECTORY "${WORK}/unzipped"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot unzip ${ZIP}")
endif()
file(GLOB root LIST_DIRECTORIES true "${WORK}/unzipped/aicpu-devkit-*")
list(LENGTH root n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "${ZIP} does not hold one aicpu-devkit-<version>/ folder")
endif()
foreach(f include/aicpu_kernel.h include/aicpu_block.h include/aicpu_device.h
          include/aicpu_card_glibc.h
          cmake/AicpuDeviceConfig.cmake README.md)
  if(NOT EXISTS "${root}/${f}")
    message(FATAL_ERROR "${ZIP} lacks ${f}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE}" -B "${WORK}/build" "-DAICPU_DEVKIT=${root}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "a runtime does not configure against the devkit")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK}/build" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "a runtime does not build against the devkit")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -DREADELF=${READELF} -DLIB=${WORK}/build/libdevkit_user.so
                        "-DMACHINE=${MACHINE}" "-DEXPORTS=simpler_aicpu_init;simpler_aicpu_exec"
                        -P "${SOURCE}/../c/check_exports.cmake"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the runtime built against the devkit does not export exactly its entries")
endif()
# The card's build of the same runtime, when the cross compiler is here (the aarch64 build step
# already said in one line how to get it when not): with aicpu::card_glibc it needs nothing newer
# than GLIBC_2.17, whatever glibc the toolchain carries.
if(AARCH64_CC)
  find_program(cross_cc NAMES ${AARCH64_CC})
endif()
if(cross_cc)
  execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE}" -B "${WORK}/build-aarch64"
                          "-DAICPU_DEVKIT=${root}" -DCMAKE_SYSTEM_NAME=Linux
                          -DCMAKE_SYSTEM_PROCESSOR=aarch64 "-DCMAKE_C_COMPILER=${cross_cc}"
                  RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK}/build-aarch64" RESULT_VARIABLE rc)
  endif()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "a runtime does not build for the card against the devkit")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -DREADELF=${READELF}
                          -DLIB=${WORK}/build-aarch64/libdevkit_user.so -DFLOOR=2.17
                          -P "${SOURCE}/../c/check_glibc_floor.cmake"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the card's build of a devkit runtime needs a glibc newer than the card's")
  endif()
endif()
message(STATUS "devkit zip ${ZIP}: headers, CMake package, a runtime built against it")
