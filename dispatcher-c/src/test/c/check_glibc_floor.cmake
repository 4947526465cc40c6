# ctest helper: the SO asks for no glibc symbol version newer than FLOOR (binutils' readelf reads
# its version needs, independently of this project's ELF reader). The aarch64 build checks against
# GLIBC_2.17, the first aarch64 glibc, so the SO loads whatever glibc the card's AICPU OS has.
# Inputs: -DREADELF= -DLIB= -DFLOOR=2.17
execute_process(COMMAND ${READELF} --version-info --wide ${LIB}
  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "readelf failed on ${LIB}")
endif()
string(REGEX MATCHALL "Name: GLIBC_[A-Z0-9_.]+" needs "${out}")
if(NOT needs)
  message(STATUS "${LIB}: needs no versioned glibc symbol")
  return()
endif()
set(bad "")
foreach(need IN LISTS needs)
  string(REPLACE "Name: GLIBC_" "" version "${need}")
  if(version STREQUAL "PRIVATE" OR version VERSION_GREATER FLOOR)
    list(APPEND bad "GLIBC_${version}")
  endif()
endforeach()
if(bad)
  list(REMOVE_DUPLICATES bad)
  message(FATAL_ERROR "${LIB} needs ${bad}, newer than GLIBC_${FLOOR}: include"
                      " aicpu_card_glibc.h where it calls dl*/pthread_* functions, and no stat wrapper"
                      "\n${out}")
endif()
message(STATUS "${LIB}: every GLIBC version need is at most GLIBC_${FLOOR}")
