package io.github.aicpulaunch.examples.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.Backend;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategy end to end, the way an application installs it: through the facade, on the
 * simulator, with the example vector runtime aicpu-launch packages (docs/ABI.md, "Example and
 * fixture runtimes"). The kernel adds two float vectors over four blocks and every element is
 * compared with the sum Java computes.
 */
class TimeoutOnTheSimulatorTest {
  private static final String VECTOR = "libexample_vector_runtime.so";

  @TempDir Path tmp;

  @Test
  void theBuildersRouteLaunchesTheVectorKernel() throws IOException {
    try (AicpuLaunch aicpu =
            AicpuLaunch.builder()
                .backend(Backend.simulator(SimConfig.builder().build()))
                .strategy(
                    TimeoutLaunchStrategy.NAME,
                    builtIns ->
                        new TimeoutLaunchStrategy(
                            builtIns.launchStrategy(BuiltInStrategies.RTS_JSON), 30))
                .build();
        Session s = aicpu.open(open(vectorRuntime()))) {
      assertThat(s.info().launch()).isEqualTo(TimeoutLaunchStrategy.NAME);
      addAndCheck(s, 1024);
    }
  }

  @Test
  void theComponentsRouteLaunchesTheVectorKernel() throws IOException {
    TimeoutExampleComponent component =
        DaggerTimeoutExampleComponent.factory().create(SimConfig.builder().build(), 5);
    try (AicpuLaunch aicpu = AicpuLaunch.of(component);
        Session s = aicpu.open(open(vectorRuntime()))) {
      assertThat(s.info().launch()).isEqualTo(TimeoutLaunchStrategy.NAME);
      assertThat(s.info().policyReason()).contains("launch rts-json-timeout (requested)");
      addAndCheck(s, 77);
    }
  }

  private OpenSessionCommand open(Path so) {
    return new OpenSessionCommand(
        0,
        so,
        OpenSessionCommand.DEFAULT_ENTRIES,
        null,
        TimeoutLaunchStrategy.NAME,
        TimeoutChain.DEFAULT);
  }

  /** The packaged x86-64 build, the one the simulator runs. */
  private Path vectorRuntime() throws IOException {
    Path so = tmp.resolve(VECTOR);
    try (InputStream in = getClass().getResourceAsStream("/linux-x86-64/" + VECTOR)) {
      assertThat(in).as("dispatcher-c packages %s", VECTOR).isNotNull();
      Files.copy(in, so);
    }
    return so;
  }

  /** docs/ABI.md: exec payload {u64 a; u64 b; u64 out; u64 count}, out[i] = a[i] + b[i]. */
  private static void addAndCheck(Session s, int count) {
    int bytes = 4 * count;
    DeviceBuffer a = s.allocate(bytes);
    DeviceBuffer b = s.allocate(bytes);
    DeviceBuffer out = s.allocate(bytes);
    ByteBuffer ha = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer hb = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      ha.putFloat(i * 0.5f);
      hb.putFloat(100 - i);
    }
    s.write(a, 0, ha.flip());
    s.write(b, 0, hb.flip());
    // {a, b, out, count, the launch's block counter {next = 0, blocks}} (aicpu_block.h)
    int blocks = 4;
    ByteBuffer args = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    args.putLong(a.address()).putLong(b.address()).putLong(out.address()).putLong(count);
    args.putInt(0).putInt(blocks).flip();

    s.launch(new LaunchCommand("simpler_aicpu_exec", args, blocks));

    ByteBuffer result = s.read(out, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] expected = new float[count];
    float[] actual = new float[count];
    for (int i = 0; i < count; i++) {
      expected[i] = i * 0.5f + (100 - i);
      actual[i] = result.getFloat(4 * i);
    }
    assertThat(actual).containsExactly(expected);
    s.free(a);
    s.free(b);
    s.free(out);
  }
}
