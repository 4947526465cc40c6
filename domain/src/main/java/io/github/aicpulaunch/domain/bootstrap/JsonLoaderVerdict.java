package io.github.aicpulaunch.domain.bootstrap;

/**
 * What the registration probe of one device found about CANN's rts JSON loader ({@code
 * rtsBinaryLoadFromFile} with {@code cpuKernelMode} 0, {@code rtsFuncGetByName}, {@code
 * rtsBinaryUnload} on a well-formed descriptor of one op, no kernel launched). The launch policy
 * decides from this, not from the CANN version: the seed issue's 8.5.0 answered 107000 to every
 * descriptor, and any other CANN may too.
 *
 * @param physicalDevice the device probed
 * @param accepted whether the loader registered, resolved and unloaded the descriptor
 * @param code CANN's code when it refused; 0 when accepted
 * @param function the C function that refused; empty when accepted
 * @param cannName CANN's name for {@code code}; empty when accepted
 */
public record JsonLoaderVerdict(
    int physicalDevice, boolean accepted, int code, String function, String cannName) {
  public JsonLoaderVerdict {
    if (accepted != (code == 0)) {
      throw new IllegalArgumentException(
          "an accepted probe has code 0 and a refused one a non-zero code, not " + code);
    }
  }

  public static JsonLoaderVerdict accepted(int physicalDevice) {
    return new JsonLoaderVerdict(physicalDevice, true, 0, "", "");
  }

  public static JsonLoaderVerdict refused(
      int physicalDevice, int code, String function, String cannName) {
    return new JsonLoaderVerdict(physicalDevice, false, code, function, cannName);
  }

  /** "accepted ..." or "answered 107000 (ACL_ERROR_RT_PARAM_INVALID) from ...", with the device. */
  public String describe() {
    String probe = "the registration probe on physical device " + physicalDevice;
    return accepted
        ? "the rts JSON loader accepted " + probe
        : "the rts JSON loader answered "
            + code
            + " ("
            + cannName
            + ") from "
            + function
            + " to "
            + probe;
  }
}
