# The one rule for an optional toolchain of the C build that is missing: say in one line what to
# install and skip what needs it; fail the configure instead when it is required, that is under
# -Daicpu.require.toolchains=true (AICPU_REQUIRE_TOOLCHAINS, as .ci/run sets it) or when the caller
# asks for it (AICPU_FUZZ=ON). The lines match src/build/aarch64.sh's for the cross compiler.
#
# Run as a script (cmake -DWHAT=... -DINSTALL=... [-DAICPU_REQUIRE_TOOLCHAINS=true] -P this file),
# it applies the rule once: the ctests optional_toolchain_skips and _fails check both outcomes.
function(aicpu_toolchain_missing what install required)
  if(required OR AICPU_REQUIRE_TOOLCHAINS)
    message(NOTICE "[ERROR] aicpu-launch: MISSING ${what} (required by"
                   " -Daicpu.require.toolchains=true): ${install}")
    message(FATAL_ERROR "A required toolchain is missing: see the [ERROR] line above.")
  endif()
  message(NOTICE "[WARNING] aicpu-launch: SKIPPED ${what}: ${install}")
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  aicpu_toolchain_missing("${WHAT}" "${INSTALL}" FALSE)
endif()
