package io.github.aicpulaunch.domain.naming;

import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.ports.InvalidRequestException;

/**
 * Names derived from a runtime SO's fingerprint (PROTOCOL §3.2): the preinstall basename {@code
 * simpler_inner_<fp>_<device>.so} the dispatcher writes on the device, and the opType {@code
 * <entry>_<fp>} under which each entry is registered.
 *
 * <p>The prefix is fixed: the C dispatcher (dispatcher-c {@code publish.c}) and upstream's
 * dispatcher both write {@code simpler_inner_}, so a host-side prefix of another value would name a
 * file no dispatcher writes. {@code PreinstallNamingTest} checks the two sides agree.
 */
public final class PreinstallNaming {
  /** The basename prefix every dispatcher writes; there is no other. */
  public static final String PREFIX = "simpler_inner_";

  /** The one naming: upstream's and our dispatcher's. */
  public static final PreinstallNaming DEFAULT = new PreinstallNaming();

  private PreinstallNaming() {}

  /** {@link #PREFIX}. */
  public String prefix() {
    return PREFIX;
  }

  /**
   * {@code simpler_inner_<fp %016x>_<device>.so}, for example {@code
   * simpler_inner_17c206da09cc6435_0.so}.
   *
   * @param device the device id the dispatcher writes into the name (PROTOCOL §6 step 5)
   * @throws InvalidRequestException if {@code device} is negative
   */
  public String basename(Fingerprint fingerprint, int device) {
    if (device < 0) {
      throw new InvalidRequestException(
          "Device id " + device + " is negative.",
          "Pass the device id as CANN numbers it, from 0.");
    }
    return SoNames.requireValidSoName(PREFIX + fingerprint.hex() + "_" + device + ".so");
  }

  /**
   * {@code <entry>_<fp %016x>}, for example {@code simpler_aicpu_exec_17c206da09cc6435}: distinct
   * runtimes export the same entry names, and the suffix keeps their registrations apart (F6).
   *
   * @throws InvalidRequestException if {@code entry} is not a C identifier
   */
  public String opType(String entry, Fingerprint fingerprint) {
    return SoNames.requireValidEntryName(entry) + "_" + fingerprint.hex();
  }
}
