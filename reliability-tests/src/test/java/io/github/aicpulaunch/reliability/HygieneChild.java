package io.github.aicpulaunch.reliability;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.file.Path;

/**
 * A JVM for {@link KilledJvmTest}: starts a simulator and opens a session (so the device memory,
 * the private and native directories and the descriptor directory exist), then either prints {@code
 * ready <AICPU OS pid>} and waits to be killed ({@code hold}) or closes everything and exits
 * ({@code clean}).
 */
public final class HygieneChild {
  private HygieneChild() {}

  public static void main(String[] args) throws Exception {
    Path so = Path.of(args[1]);
    AicpuLaunch aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(1).build());
    Session s = aicpu.open(DeviceSos.open(0, so, "rts-json", DeviceSos.GENEROUS));
    DeviceSos.addAndVerify(s, 64, 2, 1f);
    if (args[0].equals("hold")) {
      System.out.println("ready " + aicpu.simInspector().orElseThrow().aicpuOsPid(0));
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    s.close();
    aicpu.close();
  }
}
