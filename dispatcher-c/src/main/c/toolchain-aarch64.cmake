# Cross build of the device SOs for the AICPU (aarch64); ctest runs the tests under qemu-user.
# dispatcher-c/src/build/aarch64.sh passes the compiler and qemu it found (-DCMAKE_C_COMPILER,
# -DAICPU_QEMU); these are the defaults.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
if(NOT CMAKE_C_COMPILER)
  set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
endif()
if(NOT AICPU_QEMU)
  set(AICPU_QEMU qemu-aarch64)
endif()
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR ${AICPU_QEMU} -L /usr/aarch64-linux-gnu)
