package io.github.aicpulaunch.domain.naming;

import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.ports.InvalidRequestException;

/**
 * Names derived from a runtime SO's fingerprint (PROTOCOL §3.2): the preinstall basename {@code
 * <prefix><fp>_<device>.so} the dispatcher writes on the device, and the opType {@code
 * <entry>_<fp>} under which each entry is registered.
 *
 * @param prefix the basename prefix; {@link #DEFAULT_PREFIX} keeps the names upstream's dispatcher
 *     writes, so our host and upstream's dispatcher agree
 */
public record PreinstallNaming(String prefix) {
  public static final String DEFAULT_PREFIX = "simpler_inner_";

  /** The upstream-compatible naming. */
  public static final PreinstallNaming DEFAULT = new PreinstallNaming(DEFAULT_PREFIX);

  /** Room left in CANN's 100-character SO name for 16 hex digits, '_', an int and ".so". */
  static final int MAX_PREFIX = SoNames.MAX_SO_NAME - 16 - 1 - 10 - 3;

  public PreinstallNaming {
    if (prefix.isEmpty() || prefix.length() > MAX_PREFIX || !SoNames.isValidSoName(prefix)) {
      throw new InvalidRequestException(
          "Preinstall name prefix \"" + SoNames.escape(prefix) + "\" is refused.",
          "Use 1 to "
              + MAX_PREFIX
              + " ASCII letters, digits, '.', '_' or '-', such as the default \""
              + DEFAULT_PREFIX
              + "\".");
    }
  }

  /**
   * {@code <prefix><fp %016x>_<device>.so}, for example {@code
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
    return SoNames.requireValidSoName(prefix + fingerprint.hex() + "_" + device + ".so");
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
