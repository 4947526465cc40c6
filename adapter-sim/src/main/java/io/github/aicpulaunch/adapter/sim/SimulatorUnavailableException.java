package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.AicpuLaunchException;
import org.jspecify.annotations.Nullable;

/**
 * The simulator cannot run on this machine: the platform is not one its native half is built for,
 * the jar carries no native half, or the AICPU OS cannot be written, mapped or started here. Thrown
 * by {@link Simulator#start} before any session exists; the message names what is missing and the
 * hint the way out.
 */
public final class SimulatorUnavailableException extends AicpuLaunchException {
  private static final long serialVersionUID = 1L;

  /** Where the simulator writes its private files, for the hints. */
  static final String TMPDIR_HINT =
      "The simulator writes its AICPU OS, device memory and preinstall directories under"
          + " java.io.tmpdir and runs the AICPU OS from there: point -Djava.io.tmpdir at a"
          + " writable directory on a filesystem that is not mounted noexec.";

  SimulatorUnavailableException(String message, String hint) {
    super(message, hint);
  }

  SimulatorUnavailableException(String message, String hint, @Nullable Throwable cause) {
    super(message, hint, cause);
  }

  /** This platform is not one the native half is built for. */
  static SimulatorUnavailableException unsupportedPlatform(String reason) {
    return new SimulatorUnavailableException(
        "The simulator cannot run on this machine: " + reason + ".",
        "Run the simulator on Linux x86-64 (a container or a VM will do), or use the CANN backend"
            + " on a machine with an Ascend card (AicpuLaunch.cann, --backend cann).");
  }

  /** The jar on the classpath was built without the native half. */
  static SimulatorUnavailableException nativeHalfMissing(String resource) {
    return new SimulatorUnavailableException(
        "The simulator cannot run: "
            + resource
            + " is not on the classpath, so the adapter-sim jar was built without its native half.",
        "Build aicpu-launch where a C compiler and CMake are installed (./mvnw -B verify builds"
            + " the simulator's AICPU OS), or depend on a published adapter-sim jar.");
  }

  /** Writing, mapping or starting the native half failed here. */
  static SimulatorUnavailableException cannotStart(String what, Throwable cause) {
    return new SimulatorUnavailableException(
        "The simulator cannot run: " + what + ": " + cause.getMessage(), TMPDIR_HINT, cause);
  }
}
