package io.github.aicpulaunch.adapter.cann;

import io.github.aicpulaunch.ports.AicpuLaunchException;

/** The CANN backend was asked for its ports, but CANN's libraries could not be used here. */
public final class CannUnavailableException extends AicpuLaunchException {
  private static final long serialVersionUID = 1L;

  CannUnavailableException(String cause) {
    super(
        "The CANN backend is unavailable: " + cause,
        "Install CANN and source its set_env.sh (or name its root with"
            + " CannOptions.withAscendHome), or use AicpuLaunch.simulator(..).",
        "Install CANN and source its set_env.sh (or name its root with --ascend-home), or use"
            + " --backend sim.");
  }
}
