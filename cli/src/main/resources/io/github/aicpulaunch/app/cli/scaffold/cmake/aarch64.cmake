# Cross build for the card's AICPU (aarch64 Linux). The compiler comes from the command line
# (CMakeLists.txt passes CANN's hcc or Debian's aarch64-linux-gnu-gcc); hcc's sysroot is next to
# its bin/.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
get_filename_component(_aicpu_cc_bin "${CMAKE_C_COMPILER}" DIRECTORY)
if(EXISTS "${_aicpu_cc_bin}/../sysroot")
  set(CMAKE_SYSROOT "${_aicpu_cc_bin}/../sysroot")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
