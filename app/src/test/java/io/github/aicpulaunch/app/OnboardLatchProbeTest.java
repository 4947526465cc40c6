package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.app.wiring.PackagedSos;
import io.github.aicpulaunch.domain.abi.BootstrapArgs;
import io.github.aicpulaunch.domain.abi.DeviceArgs;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KFC latch (F1) on a real card, measured rather than assumed: two distinct SOs reach CANN's
 * extend library in one process, each with its own observable token, and the test prints whose code
 * ran.
 *
 * <ol>
 *   <li>dispatcher-upload: the vector and the checksum runtimes on one device; both must run (the
 *       only SO the extend library loads is the dispatcher).
 *   <li>legacy-kfc latching: the legacy runtime is handed to the extend library itself and runs;
 *       then, bypassing the registry's refusal on purpose, a raw dispatcher bootstrap publishing
 *       the checksum runtime on the same device, and a direct launch of that runtime by name. If
 *       the checksum of the token comes back, the dispatcher's code ran; a device error means the
 *       latch kept the legacy runtime and the dispatcher never ran.
 * </ol>
 *
 * <p>Part 2 needs a device whose extend library this process has not used: {@code
 * -Daicpu.onboard.probeDevice=N} (default 1); the device is force-reset afterwards if it failed.
 */
@Tag("onboard")
class OnboardLatchProbeTest {
  private static final Logger log = LoggerFactory.getLogger(OnboardLatchProbeTest.class);
  private static final byte[] TOKEN =
      "aicpu-launch latch probe: checksum runtime".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path tmp;

  private AicpuLaunch aicpu;

  @BeforeEach
  void start() {
    OnboardSupport.requireCard();
    aicpu = AicpuLaunch.cann(CannOptions.defaults());
  }

  @AfterEach
  void stop() {
    if (aicpu != null) {
      aicpu.close();
    }
  }

  @Test
  @DisplayName("dispatcher-upload: two runtimes on one device, each runs its own code")
  void dispatcherUploadRunsBoth() throws Exception {
    int device = OnboardSupport.device();
    Path vector = TestSos.packaged(tmp, "linux-aarch64", TestSos.VECTOR);
    Path checksum = TestSos.packaged(tmp, "linux-aarch64", TestSos.CHECKSUM);
    try (Session v = aicpu.open(OpenSessionCommand.of(device, vector));
        Session c = aicpu.open(OpenSessionCommand.of(device, checksum))) {
      TestSos.addAndVerify(v, 256, 2, 3f);
      long sum = checksumOf(c);
      log.warn(
          "latch probe, dispatcher-upload on device {}: vector runtime ran ({}), checksum runtime"
              + " ran ({}): fnv1a64 {} (expected {})",
          device,
          v.info().launch(),
          c.info().launch(),
          Long.toHexString(sum),
          Long.toHexString(fnv1a64(TOKEN)));
      assertThat(sum).isEqualTo(fnv1a64(TOKEN));
    }
  }

  @Test
  @DisplayName("legacy-kfc latch, then a raw dispatcher bootstrap: prints whose code ran")
  void legacyLatchThenDispatcher() throws Exception {
    int device = Integer.getInteger("aicpu.onboard.probeDevice", 1);
    CannPorts ports = aicpu.component().ports();
    assumeTrue(
        ports.devices().deviceCount() > device,
        () -> "the probe needs device " + device + " (-Daicpu.onboard.probeDevice)");
    Path legacy = TestSos.packaged(tmp, "linux-aarch64", TestSos.LEGACY);
    Path checksum = TestSos.packaged(tmp, "linux-aarch64", TestSos.CHECKSUM);
    try (Session l =
        aicpu.open(
            new OpenSessionCommand(
                device,
                legacy,
                List.of("DynTileFwkBackendKernelServer"),
                "legacy-kfc",
                null,
                TimeoutChain.DEFAULT))) {
      TestSos.addAndVerify(l, "DynTileFwkBackendKernelServer", 256, 2, 5f);
      log.warn("latch probe, device {}: the legacy runtime ran through KFC (latched)", device);
    }
    int physical = ports.runtime().physicalDeviceId(device).orElse(device);
    String fp = TestSos.fingerprint(checksum);
    String outcome;
    try {
      long sum = rawDispatcherThenChecksum(ports, device, physical, checksum, fp);
      outcome =
          sum == fnv1a64(TOKEN)
              ? "the dispatcher's code ran after the legacy runtime: no one-SO latch here"
              : "a checksum came back but not the token's: " + Long.toHexString(sum);
      assertThat(sum).isEqualTo(fnv1a64(TOKEN));
    } catch (CannCallException e) {
      outcome =
          "the latch kept the legacy runtime; the dispatcher never ran and simpler_inner_"
              + fp
              + "_"
              + physical
              + ".so was not published (F1): "
              + e.getMessage();
      aicpu.recover(device);
    }
    log.warn("latch probe, device {}: {}", device, outcome);
  }

  /** Bootstraps the dispatcher with the checksum runtime by hand, then launches it by name. */
  private static long rawDispatcherThenChecksum(
      CannPorts ports, int device, int physical, Path checksum, String fp) throws Exception {
    byte[] dispatcher = PackagedSos.bytes(DeviceArch.AARCH64, PackagedSos.DISPATCHER).orElseThrow();
    byte[] inner = Files.readAllBytes(checksum);
    ports.devices().setDevice(device);
    StreamHandle stream = ports.streams().createStream();
    List<DevicePtr> held = new ArrayList<>();
    try {
      DevicePtr d = upload(ports, held, ByteBuffer.wrap(dispatcher));
      DevicePtr i = upload(ports, held, ByteBuffer.wrap(inner));
      DevicePtr args =
          upload(
              ports,
              held,
              new DeviceArgs(d.address(), dispatcher.length, physical, i.address(), inner.length)
                  .encode());
      ports
          .aicpuLaunch()
          .launchAicpuKernel(
              KernelType.AICPU_KFC,
              "AST_DYN_AICPU",
              1,
              new AicpuArgs(
                  BootstrapArgs.forDispatcher(args.address()).encode(),
                  BootstrapArgs.OFFSET_SO_NAME,
                  BootstrapArgs.OFFSET_KERNEL_NAME),
              stream);
      ports.streams().synchronize(stream, 50_000);
      DevicePtr data = upload(ports, held, ByteBuffer.wrap(TOKEN));
      DevicePtr out = ports.memory().malloc(8);
      held.add(out);
      // checksum payload {data_addr, len, out_addr, reserved}, then the SO name and entry.
      String so = "simpler_inner_" + fp + "_" + physical + ".so";
      ByteBuffer blob =
          ByteBuffer.allocate(32 + so.length() + 1 + 19).order(ByteOrder.LITTLE_ENDIAN);
      blob.putLong(data.address()).putLong(TOKEN.length).putLong(out.address()).putLong(0);
      blob.put(so.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
      blob.put("simpler_aicpu_exec".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).flip();
      ports
          .aicpuLaunch()
          .launchAicpuKernel(
              KernelType.AICPU,
              "AST_DYN_AICPU",
              1,
              new AicpuArgs(blob, 32, 33 + so.length()),
              stream);
      ports.streams().synchronize(stream, 50_000);
      ByteBuffer result = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ports.memory().copyFromDevice(result, out);
      return result.getLong(0);
    } finally {
      for (int k = held.size() - 1; k >= 0; k--) {
        try {
          ports.memory().free(held.get(k));
        } catch (CannCallException e) {
          log.warn("latch probe: free failed: {}", e.getMessage());
        }
      }
      try {
        ports.streams().destroyStream(stream);
      } catch (CannCallException e) {
        log.warn("latch probe: stream destroy failed: {}", e.getMessage());
      }
    }
  }

  private static DevicePtr upload(CannPorts ports, List<DevicePtr> held, ByteBuffer bytes) {
    DevicePtr p = ports.memory().malloc(bytes.remaining());
    held.add(p);
    ports.memory().copyToDevice(p, bytes);
    return p;
  }

  /** The checksum runtime's exec: FNV-1a 64 of the token, read back from the device. */
  private static long checksumOf(Session s) {
    DeviceBuffer data = s.allocate(TOKEN.length);
    DeviceBuffer out = s.allocate(8);
    s.write(data, 0, ByteBuffer.wrap(TOKEN));
    ByteBuffer payload = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    payload.putLong(data.address()).putLong(TOKEN.length).putLong(out.address()).putLong(0).flip();
    s.launch(new LaunchCommand("simpler_aicpu_exec", payload, 1));
    return s.read(out, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  /** FNV-1a 64 (PROTOCOL §5 step 4): basis cbf29ce484222325, prime 100000001b3. */
  private static long fnv1a64(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
