cmake_minimum_required(VERSION 3.25)
# The devkit zip as a user gets it (run by Maven at verify, after the package phase made it):
# unzipped, it has the three headers, the CMake package and the README, and a runtime builds
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
message(STATUS "devkit zip ${ZIP}: headers, CMake package, a runtime built against it")
