package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.JsonLoaderVerdict;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.inject.Inject;

/**
 * What {@code doctor} asks a backend before anyone launches a kernel on it: on one device, the
 * calls a session makes, with no runtime SO of the user's and nothing launched. Each probe records
 * what CANN answered; a failed probe does not stop the others, except that nothing runs on a device
 * the calling thread could not attach to. The registration probe ({@link RegistrationProbe}) goes
 * through the process's registry, so a session opened afterwards decides from the same verdict.
 *
 * <p>Probes, in order: attach ({@code rtSetDevice}), the device count, the physical id, the
 * op-execute watchdog ({@code aclrtSetOpExecuteTimeOutV2} with the default timeout: what CANN
 * applies), a stream created and destroyed, and the registration probe of the rts JSON loader.
 */
public final class DeviceProbes {
  private final CannPorts ports;
  private final BootstrapRegistry registry;
  private final RegistrationProbe registration;
  private final BackendLifecycle lifecycle;

  @Inject
  public DeviceProbes(
      CannPorts ports,
      BootstrapRegistry registry,
      DescriptorDirectory descriptors,
      BackendLifecycle lifecycle) {
    this.ports = ports;
    this.registry = registry;
    this.registration = new RegistrationProbe(ports, descriptors);
    this.lifecycle = lifecycle;
  }

  /** Whether a probe ran, and how it went. */
  public enum Outcome {
    PASSED,
    FAILED,
    NOT_RUN
  }

  /**
   * One probe's outcome.
   *
   * @param name what was probed, e.g. {@code "attach"}
   * @param outcome whether CANN did it, failed it, or the probe could not be asked
   * @param detail what CANN answered, in words (a value, the error, or why it did not run)
   * @param code CANN's code when it failed, else 0
   * @param function the C function that failed, else empty
   */
  public record Finding(String name, Outcome outcome, String detail, int code, String function) {
    static Finding passed(String name, String detail) {
      return new Finding(name, Outcome.PASSED, detail, 0, "");
    }

    static Finding failed(String name, AicpuLaunchException e) {
      String detail = e.detail();
      if (e instanceof CannCallException c) {
        return new Finding(name, Outcome.FAILED, detail, c.code(), c.function());
      }
      return new Finding(name, Outcome.FAILED, detail, 0, "");
    }

    static Finding notRun(String name, String why) {
      return new Finding(name, Outcome.NOT_RUN, why, 0, "");
    }
  }

  /**
   * What the probes of one device found.
   *
   * @param logicalDevice the device probed
   * @param physicalDevice its physical id (the logical one when the backend cannot tell)
   * @param findings every probe, in order
   * @param jsonLoader the registration probe's verdict, when it ran
   */
  public record Report(
      int logicalDevice,
      int physicalDevice,
      List<Finding> findings,
      Optional<JsonLoaderVerdict> jsonLoader) {
    public Report {
      findings = List.copyOf(findings);
    }

    /** Whether no probe failed (a refused descriptor is a verdict, not a failure). */
    public boolean allPassed() {
      return findings.stream().noneMatch(f -> f.outcome() == Outcome.FAILED);
    }
  }

  /** Runs the probes on {@code logicalDevice} through the calling thread. */
  public Report probe(int logicalDevice) {
    RuntimeInfo runtime = ports.runtime().info();
    OptionalInt phy = ports.runtime().physicalDeviceId(logicalDevice);
    int physical = phy.orElse(logicalDevice);
    List<Finding> findings = new ArrayList<>();
    try {
      ports.devices().setDevice(logicalDevice);
      lifecycle.attached(logicalDevice, physical);
      findings.add(Finding.passed("attach", "device " + logicalDevice + " attached"));
    } catch (AicpuLaunchException e) {
      findings.add(Finding.failed("attach", e));
      return new Report(logicalDevice, physical, findings, Optional.empty());
    }
    findings.add(run("device count", () -> ports.devices().deviceCount() + " device(s) visible"));
    findings.add(
        Finding.passed(
            "physical id",
            phy.isPresent()
                ? "logical " + logicalDevice + " is physical " + physical
                : "not told by this backend; the logical id " + logicalDevice + " is used"));
    if (runtime.has(Capability.OP_EXECUTE_TIMEOUT)) {
      long requested = TimeoutChain.DEFAULT.opExecute().toMillis() * 1000;
      findings.add(
          run(
              "op-execute timeout",
              () ->
                  "asked "
                      + requested
                      + " us, CANN applied "
                      + ports.devices().setOpExecuteTimeout(requested)
                      + " us"));
    } else {
      findings.add(Finding.notRun("op-execute timeout", "aclrtSetOpExecuteTimeOutV2 missing"));
    }
    findings.add(
        run(
            "stream",
            () -> {
              StreamHandle s = ports.streams().createStream();
              ports.streams().destroyStream(s);
              return "created and destroyed";
            }));
    Optional<JsonLoaderVerdict> verdict = Optional.empty();
    if (runtime.has(Capability.RTS_BINARY_LOAD)) {
      try {
        JsonLoaderVerdict v =
            registry.ensureJsonLoaderProbed(physical, () -> registration.probe(physical));
        verdict = Optional.of(v);
        findings.add(Finding.passed("registration probe", v.describe()));
      } catch (AicpuLaunchException e) {
        findings.add(Finding.failed("registration probe", e));
      }
    } else {
      findings.add(
          Finding.notRun(
              "registration probe",
              "this CANN lacks the rts API (rtsBinaryLoadFromFile, rtsFuncGetByName,"
                  + " rtsBinaryUnload)"));
    }
    return new Report(logicalDevice, physical, findings, verdict);
  }

  private interface Call {
    String run();
  }

  private static Finding run(String name, Call call) {
    try {
      return Finding.passed(name, call.run());
    } catch (AicpuLaunchException e) {
      return Finding.failed(name, e);
    }
  }
}
