package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The host process of {@link HostCrashTest}: starts a simulator with a type-4 kernel running in a
 * non-coherent custom-scheduler child (so the AICPU OS has a process of its own under it), reports
 * the pids on stdout, then dies without closing anything: {@code halt} halts the JVM, {@code wait}
 * waits for the test to SIGKILL it.
 */
final class HostCrashMain {
  private HostCrashMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Simulator sim =
        Simulator.start(
            SimConfig.builder()
                .chips(1)
                .memoryBudgetBytes(1 << 20)
                .customSchedulerNonCoherent(true)
                .build());
    TestSos.install(sim.inspector().customDir(0), TestSos.KERNELS, "libcust_wait.so");
    CannPorts ports = sim.ports();
    ports.devices().setDevice(0);
    StreamHandle s = ports.streams().createStream();
    TestSos.startFlagWaiter(ports, KernelType.AICPU_CUSTOM, s, "libcust_wait.so", 600_000);
    long os = sim.inspector().aicpuOsPid(0);
    out.println("pid " + os);
    ProcessHandle.of(os).orElseThrow().descendants().forEach(p -> out.println("pid " + p.pid()));
    out.println("ready");
    if (args.length > 0 && args[0].equals("halt")) {
      Runtime.getRuntime().halt(1);
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
