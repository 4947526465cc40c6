package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.bootstrap.JsonLoaderVerdict;
import io.github.aicpulaunch.domain.descriptor.JsonDescriptor;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;

/**
 * The registration probe: asks CANN's rts JSON loader, on one device, to do what {@code rts-json}
 * needs, without any kernel of the user's and without launching anything. It writes a well-formed
 * descriptor of one op ({@value #ENTRY}, kernel type 2, in an SO that need not exist: with {@code
 * cpuKernelMode} 0 CANN reads only the JSON, PROTOCOL §4), registers it with {@code
 * rtsBinaryLoadFromFile}, resolves the op with {@code rtsFuncGetByName}, unloads it and deletes the
 * file.
 *
 * <p>A code of the invalid-argument or unsupported kind from the load or the lookup (107000 on the
 * seed issue's CANN 8.5.0) is the loader refusing descriptors: a {@linkplain
 * JsonLoaderVerdict#refused refused verdict}, not an exception. Any other failure (a device
 * failure, an unload that fails) is thrown with CANN's code, since the device, not the loader, is
 * then in question. The calling thread must be attached to the device.
 */
public final class RegistrationProbe {
  /** The probe's one op; no runtime SO exports it and nothing ever launches it. */
  public static final String ENTRY = "aicpu_launch_registration_probe";

  /** The SO the probe's op names: never read, since the probe registers the JSON alone. */
  public static final String KERNEL_SO = "aicpu_launch_registration_probe.so";

  /** A fixed fingerprint for the probe's opType and file name ({@code "probe"} in ASCII). */
  static final Fingerprint FINGERPRINT =
      new Fingerprint(0x70726f6265L, Fingerprint.Source.FNV1A_64);

  private final CannPorts ports;
  private final DescriptorDirectory descriptors;

  @Inject
  public RegistrationProbe(CannPorts ports, DescriptorDirectory descriptors) {
    this.ports = ports;
    this.descriptors = descriptors;
  }

  /**
   * Probes the loader of {@code physicalDevice} through the calling thread's device.
   *
   * @throws CannCallException when CANN fails in a way that is not the loader refusing the
   *     descriptor (its code kept)
   */
  public JsonLoaderVerdict probe(int physicalDevice) {
    BinaryRegistrationPort binaries = ports.binaries();
    Path descriptor = descriptors.newDescriptorPath(FINGERPRINT, physicalDevice);
    JsonDescriptor.write(descriptor, JsonDescriptor.render(List.of(ENTRY), FINGERPRINT, KERNEL_SO));
    try {
      BinaryHandle binary;
      try {
        binary =
            binaries.loadBinaryFromFile(
                descriptor, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY));
      } catch (CannCallException e) {
        return refusal(physicalDevice, e);
      }
      try {
        binaries.functionByName(binary, ENTRY + "_" + FINGERPRINT.hex());
      } catch (CannCallException e) {
        try {
          binaries.unloadBinary(binary);
        } catch (AicpuLaunchException unload) {
          unload.addSuppressed(e);
          throw unload;
        }
        return refusal(physicalDevice, e);
      }
      binaries.unloadBinary(binary);
      return JsonLoaderVerdict.accepted(physicalDevice);
    } finally {
      descriptors.discard(descriptor);
    }
  }

  private static JsonLoaderVerdict refusal(int physicalDevice, CannCallException e) {
    if (!isRefusal(e)) {
      throw e;
    }
    return JsonLoaderVerdict.refused(physicalDevice, e.code(), e.function(), e.cannName());
  }

  private static boolean isRefusal(CannCallException e) {
    return e.error()
        .map(
            err ->
                err.category() == CannError.Category.INVALID_ARGUMENT
                    || err.category() == CannError.Category.UNSUPPORTED)
        .orElse(false);
  }
}
