# CMake package of aicpu-launch's device headers (the devkit zip):
#   find_package(AicpuDevice CONFIG REQUIRED PATHS <unzipped devkit>)
#   target_link_libraries(my_runtime PRIVATE aicpu::device)
# aicpu::device is an interface target: the include directory and nothing to link. Device symbols
# (DlogRecord, halGetDeviceInfo) stay undefined in the SO; the AICPU process provides them.
get_filename_component(_aicpu_device_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(NOT TARGET aicpu::device)
  add_library(aicpu::device INTERFACE IMPORTED)
  set_target_properties(aicpu::device PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_aicpu_device_root}/include")
endif()
# aicpu::card_glibc: link it into the card's build of an SO whose sources include
# aicpu_card_glibc.h: on a card's older glibc, libdl.so.2 and libpthread.so.0 hold the GLIBC_2.17
# dl* and pthread_* functions the header binds to. Nothing for another architecture.
if(NOT TARGET aicpu::card_glibc)
  add_library(aicpu::card_glibc INTERFACE IMPORTED)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
    set_target_properties(aicpu::card_glibc PROPERTIES INTERFACE_LINK_LIBRARIES
      "-Wl,--push-state,--no-as-needed;-l:libdl.so.2;-l:libpthread.so.0;-Wl,--pop-state")
  endif()
endif()
set(AicpuDevice_INCLUDE_DIR "${_aicpu_device_root}/include")
unset(_aicpu_device_root)
