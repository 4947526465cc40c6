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
set(AicpuDevice_INCLUDE_DIR "${_aicpu_device_root}/include")
unset(_aicpu_device_root)
