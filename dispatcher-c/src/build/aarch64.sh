#!/usr/bin/env bash
# The device build for the AICPU (aarch64), run by Maven (dispatcher-c/pom.xml):
#   aarch64.sh build   configure and build with the cross compiler into target/*/linux-aarch64/
#   aarch64.sh test    run its ctest under qemu-user
# The cross compiler and qemu are optional on a developer's machine: when one is missing the step
# prints ONE line naming the Debian packages to install and succeeds, unless
# AICPU_REQUIRE_TOOLCHAINS=true (-Daicpu.require.toolchains=true, as CI sets it), which makes the
# same line a failure. Inputs come from the environment Maven sets (see the pom).
set -euo pipefail

step="$1"
cc="${AICPU_AARCH64_CC:?}"
qemu="${AICPU_QEMU:?}"
build="${AICPU_BUILD_DIR:?}"
required="${AICPU_REQUIRE_TOOLCHAINS:-false}"

missing() { # what, packages
  if [ "$required" = "true" ]; then
    echo "[ERROR] aicpu-launch: MISSING $1 (required by -Daicpu.require.toolchains=true): apt-get install $2" >&2
    exit 1
  fi
  echo "[WARNING] aicpu-launch: SKIPPED $1: apt-get install $2"
  exit 0
}

case "$step" in
  build)
    if ! command -v "$cc" >/dev/null 2>&1; then
      # No stale aarch64 SOs from an earlier build may stand in for the skipped one.
      rm -rf "$build" "${AICPU_NATIVE_OUT:?}" "$(dirname "${AICPU_FIXTURES_OUT:?}")"
      missing "the aarch64 device build (no $cc; without it there are no linux-aarch64/ SOs, no aarch64 ctest and no stand-in CANN tests that load them)" \
        "gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"
    fi
    # A full path, as CMake caches it, so a rebuild does not see a changed compiler.
    cmake -S "${AICPU_SOURCE_DIR:?}" -B "$build" \
      -DCMAKE_TOOLCHAIN_FILE="$AICPU_SOURCE_DIR/toolchain-aarch64.cmake" \
      -DCMAKE_C_COMPILER="$(command -v "$cc")" -DAICPU_QEMU="$qemu" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DAICPU_NATIVE_OUT="$AICPU_NATIVE_OUT" -DAICPU_FIXTURES_OUT="$AICPU_FIXTURES_OUT" \
      -DAICPU_TESTDATA="${AICPU_TESTDATA:?}"
    cmake --build "$build" --parallel 2
    ;;
  test)
    # The build step already said why when it skipped.
    [ -f "$build/CMakeCache.txt" ] || exit 0
    if ! command -v "$qemu" >/dev/null 2>&1; then
      missing "the aarch64 ctest (no $qemu to run the cross-built tests)" "qemu-user"
    fi
    ctest --test-dir "$build" --output-on-failure --parallel 2 --timeout 120
    ;;
  *)
    echo "usage: aarch64.sh build|test" >&2
    exit 64
    ;;
esac
