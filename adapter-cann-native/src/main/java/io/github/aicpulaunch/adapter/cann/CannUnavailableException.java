package io.github.aicpulaunch.adapter.cann;

import io.github.aicpulaunch.ports.AicpuLaunchException;

/** The CANN backend was asked for its ports, but CANN's libraries could not be used here. */
public final class CannUnavailableException extends AicpuLaunchException {
  private static final long serialVersionUID = 1L;

  CannUnavailableException(String cause) {
    super(
        "The CANN backend is unavailable: " + cause,
        "Install CANN and source its set_env.sh (or set ASCEND_HOME_PATH), or use the simulator"
            + " backend.");
  }
}
