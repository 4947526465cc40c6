package io.github.aicpulaunch.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.github.aicpulaunch.domain.abi.DispatchRequest;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.RuntimeSoValidator;
import io.github.aicpulaunch.domain.elf.ElfImageBuilder;
import io.github.aicpulaunch.domain.elf.SoFileException;
import io.github.aicpulaunch.domain.fingerprint.ReadSo;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.strategy.CustomKernelLaunch;
import io.github.aicpulaunch.domain.strategy.DirectAicpuLaunch;
import io.github.aicpulaunch.domain.strategy.DispatchThroughLaunch;
import io.github.aicpulaunch.domain.strategy.DispatcherUploadDeployment;
import io.github.aicpulaunch.domain.strategy.LegacyKfcDeployment;
import io.github.aicpulaunch.domain.strategy.LegacyKfcLaunch;
import io.github.aicpulaunch.domain.strategy.PreinstalledDeployment;
import io.github.aicpulaunch.domain.strategy.RtsJsonLaunch;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.SessionInfo;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.HostBytes;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamHandle;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

class SessionServiceTest {
  /** Build-ID bytes 0x10..0x23: the fingerprint is 0x1716151413121110 (PROTOCOL §5 step 3). */
  private static final byte[] BUILD_ID = new byte[20];

  static {
    for (int i = 0; i < BUILD_ID.length; i++) {
      BUILD_ID[i] = (byte) (0x10 + i);
    }
  }

  private static final String FP = "1716151413121110";
  private static final StreamHandle STREAM = new StreamHandle(0x51);
  private static final BinaryHandle BIN = new BinaryHandle(0xb1);
  private static final FunctionHandle EXEC = new FunctionHandle(0xf1);
  private static final FunctionHandle INIT = new FunctionHandle(0xf2);
  private static final String PROBE_OP =
      RegistrationProbe.ENTRY + "_" + RegistrationProbe.FINGERPRINT.hex();

  @TempDir Path dir;

  private final RuntimeInfoPort runtime = mock(RuntimeInfoPort.class);
  private final DeviceControlPort devices = mock(DeviceControlPort.class);
  private final DeviceMemoryPort memory = mock(DeviceMemoryPort.class);
  private final StreamPort streams = mock(StreamPort.class);
  private final AicpuKernelLaunchPort aicpu = mock(AicpuKernelLaunchPort.class);
  private final BinaryRegistrationPort binaries = mock(BinaryRegistrationPort.class);
  private final CpuKernelLaunchPort cpuKernels = mock(CpuKernelLaunchPort.class);
  private final CannPorts ports =
      new CannPorts(runtime, devices, memory, streams, aicpu, binaries, cpuKernels);
  private final BootstrapRegistry registry = new BootstrapRegistry();
  private final List<byte[]> cpuPayloads = new ArrayList<>();
  private DescriptorDirectory descriptors;
  private SessionService service;

  private static RuntimeInfo sim(String version, EnumSet<Capability> caps) {
    return new RuntimeInfo(
        "sim", CannVersion.parse(version), "Ascend910_9392", DeviceArch.X86_64, caps, "test");
  }

  @BeforeEach
  void wire() throws Exception {
    // A card's adapter copies an upload chunk by chunk: the port's own default.
    doCallRealMethod().when(memory).copyAllToDevice(any(), any());
    // The dispatcher answers the dispatch-through handshake: its acknowledgement word reads DACK.
    doAnswer(
            inv -> {
              ByteBuffer dst = inv.getArgument(0);
              if (dst.remaining() == 4) {
                dst.order(ByteOrder.LITTLE_ENDIAN).putInt(dst.position(), DispatchRequest.ACK);
              }
              return null;
            })
        .when(memory)
        .copyFromDevice(any(), any());
    descriptors = DescriptorDirectory.createUnder(Files.createDirectory(dir.resolve("json")));
    Map<String, Deployment> deployments =
        Map.of(
            DispatcherUploadDeployment.NAME, new DispatcherUploadDeployment(),
            PreinstalledDeployment.NAME, new PreinstalledDeployment(),
            LegacyKfcDeployment.NAME, new LegacyKfcDeployment());
    Map<String, LaunchStrategy> launches =
        Map.of(
            RtsJsonLaunch.NAME, new RtsJsonLaunch(),
            DirectAicpuLaunch.NAME, new DirectAicpuLaunch(),
            CustomKernelLaunch.NAME, new CustomKernelLaunch(),
            DispatchThroughLaunch.NAME, new DispatchThroughLaunch(),
            LegacyKfcLaunch.NAME, new LegacyKfcLaunch());
    service =
        new SessionService(
            ports,
            registry,
            new LaunchPolicy(deployments, launches, registry),
            new RuntimeSoValidator(),
            arch -> ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
            PreinstallNaming.DEFAULT,
            descriptors,
            new BackendLifecycle(ports, registry, new DeviceUsers()));
    when(runtime.isAvailable()).thenReturn(true);
    when(runtime.info()).thenReturn(sim("9.0.0", EnumSet.allOf(Capability.class)));
    when(runtime.physicalDeviceId(1)).thenReturn(OptionalInt.of(5));
    when(streams.createStream()).thenReturn(STREAM);
    AtomicLong next = new AtomicLong(0x1000);
    when(memory.malloc(anyLong())).thenAnswer(inv -> new DevicePtr(next.getAndAdd(0x1000)));
    when(binaries.loadBinaryFromFile(any(), any())).thenReturn(BIN);
    when(binaries.functionByName(BIN, "simpler_aicpu_exec_" + FP)).thenReturn(EXEC);
    when(binaries.functionByName(BIN, "simpler_aicpu_init_" + FP)).thenReturn(INIT);
    doAnswer(
            inv -> {
              ByteBuffer p = inv.getArgument(4);
              byte[] b = new byte[p.remaining()];
              p.duplicate().get(b);
              cpuPayloads.add(b);
              return null;
            })
        .when(cpuKernels)
        .launchCpuKernel(any(), anyInt(), any(), any(), any());
  }

  @AfterEach
  void cleanUp() {
    descriptors.close();
  }

  private Path so(ElfImageBuilder builder) throws Exception {
    Path p = dir.resolve("libaicpu_kernel_" + System.nanoTime() + ".so");
    Files.write(p, builder.build().bytes());
    return p;
  }

  private static ElfImageBuilder goodSo() {
    return goodSo(BUILD_ID);
  }

  private static ElfImageBuilder goodSo(byte[] buildId) {
    return new ElfImageBuilder()
        .machine(62)
        .type(3)
        .buildId(buildId)
        .function("simpler_aicpu_exec")
        .function("simpler_aicpu_init");
  }

  /** A valid runtime SO with no Build-ID: its fingerprint is FNV-1a over its bytes. */
  private static ElfImageBuilder goodSoWithoutBuildId() {
    return new ElfImageBuilder()
        .machine(62)
        .type(3)
        .function("simpler_aicpu_exec")
        .function("simpler_aicpu_init");
  }

  private OpenSessionCommand open(Path so) {
    return new OpenSessionCommand(
        1, so, OpenSessionCommand.DEFAULT_ENTRIES, null, null, TimeoutChain.FAST_FAIL);
  }

  private void assertNoDeviceCall() {
    verifyNoInteractions(devices, memory, streams, aicpu, binaries, cpuKernels);
  }

  @Test
  @DisplayName("open: attach, op timeout, stream, bootstrap, register, InitArgs once (F3b, P6)")
  void opensInOrder() throws Exception {
    Session s = service.open(open(so(goodSo())));

    InOrder order = inOrder(devices, streams, aicpu, binaries, cpuKernels);
    order.verify(devices).setDevice(1);
    order.verify(devices).setOpExecuteTimeout(3_000_000L);
    order.verify(streams).createStream();
    order
        .verify(aicpu)
        .launchAicpuKernel(eq(KernelType.AICPU_KFC), eq("AST_DYN_AICPU"), eq(1), any(), eq(STREAM));
    order.verify(streams).synchronize(STREAM);
    // The registration probe, once per device: load, resolve, unload (no launch).
    order.verify(binaries).loadBinaryFromFile(any(), any());
    order.verify(binaries).functionByName(BIN, PROBE_OP);
    order.verify(binaries).unloadBinary(BIN);
    order.verify(binaries).loadBinaryFromFile(any(), any());
    order.verify(binaries).functionByName(BIN, "simpler_aicpu_exec_" + FP);
    order.verify(binaries).functionByName(BIN, "simpler_aicpu_init_" + FP);
    order
        .verify(cpuKernels)
        .launchCpuKernel(eq(INIT), eq(1), eq(STREAM), eq(LaunchConfig.none()), any());
    order.verify(streams).synchronize(STREAM, 4000);
    verify(memory, times(3)).free(any());

    ByteBuffer init = ByteBuffer.wrap(cpuPayloads.get(0)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(init.remaining()).isEqualTo(32);
    assertThat(init.getInt(0)).as("device_id: the physical id").isEqualTo(5);
    assertThat(init.getInt(4)).as("log_level").isEqualTo(25);
    assertThat(init.getInt(8)).as("scheduler_timeout_ms").isEqualTo(2000);
    assertThat(init.getLong(16)).isZero();
    assertThat(init.getLong(24)).isZero();

    SessionInfo info = s.info();
    assertThat(info.device()).isEqualTo(1);
    assertThat(info.fingerprint()).isEqualTo(FP);
    assertThat(info.fingerprintSource()).isEqualTo("build-id");
    assertThat(info.preinstallName()).isEqualTo("simpler_inner_" + FP + "_5.so");
    assertThat(info.deployment()).isEqualTo("dispatcher-upload");
    assertThat(info.launch()).isEqualTo("rts-json");
    assertThat(info.policyReason()).contains("rts-json").doesNotContain("\n");
    assertThat(((AicpuSession) s).state()).isEqualTo(SessionState.REGISTERED);

    s.close();
    verify(streams).destroyStream(STREAM);
    verify(binaries, times(2)).unloadBinary(BIN); // the probe's, then the session's
    try (var files = Files.list(descriptors.directory())) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  @DisplayName("every failure after the first device call names its phase; a refusal before none")
  void failuresNameTheirPhase() throws Exception {
    Path so = so(goodSo());
    // open: the session's stream
    when(streams.createStream())
        .thenThrow(CannCallException.of(207001, "rtStreamCreate"))
        .thenReturn(STREAM);
    assertPhase(() -> service.open(open(so)), Phase.OPEN, "Open failed: rtStreamCreate");

    // bootstrap: the KFC launch
    doThrow(CannCallException.of(107017, "rtAicpuKernelLaunchExWithArgs"))
        .doNothing()
        .when(aicpu)
        .launchAicpuKernel(any(), any(), anyInt(), any(), any());
    assertPhase(() -> service.open(open(so)), Phase.BOOTSTRAP, "Bootstrap failed:");

    // init launch: the InitArgs launch, then its synchronisation; neither reads as exec or sync
    doThrow(CannCallException.of(107017, "rtsLaunchCpuKernel"))
        .doNothing()
        .when(cpuKernels)
        .launchCpuKernel(eq(INIT), anyInt(), any(), any(), any());
    assertPhase(
        () -> service.open(open(so)), Phase.INIT_LAUNCH, "Init launch failed: rtsLaunchCpuKernel");
    doThrow(CannCallException.of(107017, "aclrtSynchronizeStreamWithTimeout"))
        .doNothing()
        .when(streams)
        .synchronize(STREAM, 4000);
    assertPhase(
        () -> service.open(open(so)),
        Phase.INIT_LAUNCH,
        "Init launch failed: aclrtSynchronizeStreamWithTimeout");

    try (Session s = service.open(open(so))) {
      ByteBuffer payload = ByteBuffer.allocate(96);
      doThrow(CannCallException.of(107017, "rtsLaunchCpuKernel"))
          .when(cpuKernels)
          .launchCpuKernel(eq(EXEC), anyInt(), any(), any(), any());
      assertPhase(
          () -> s.launchAsync(new LaunchCommand("simpler_aicpu_exec", payload, 1)),
          Phase.EXEC,
          "Exec failed: rtsLaunchCpuKernel");
      doThrow(CannCallException.of(107017, "aclrtSynchronizeStreamWithTimeout"))
          .when(streams)
          .synchronize(STREAM, 4000);
      assertPhase(s::synchronize, Phase.SYNC, "Sync failed:");
      assertPhase(() -> s.allocate(-1), Phase.MEMORY, "Device memory failed: Cannot allocate");
      doThrow(CannCallException.of(107017, "rtStreamDestroy")).when(streams).destroyStream(STREAM);
      assertPhase(s::close, Phase.UNLOAD, "Unload failed: rtStreamDestroy");
      doNothing().when(streams).destroyStream(STREAM);
    }

    // refused before any device call: no phase
    assertThatThrownBy(() -> service.open(open(so(goodSo().machine(183)))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.phase()).isEmpty());
  }

  private static void assertPhase(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Phase phase, String start) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            io.github.aicpulaunch.ports.AicpuLaunchException.class,
            e -> assertThat(e.phase()).contains(phase))
        .hasMessageStartingWith(start);
  }

  @Test
  @DisplayName("P12: a second session of the same SO on the same device makes no upload")
  void secondOpenIsWarm() throws Exception {
    Path so = so(goodSo());
    service.open(open(so)).close();
    service.open(open(so)).close();
    verify(aicpu, times(1)).launchAicpuKernel(any(), any(), anyInt(), any(), any());
    verify(memory, times(3)).malloc(anyLong());
    // One registration per session, and one registration probe per device and process.
    verify(binaries, times(3)).loadBinaryFromFile(any(), any());
  }

  @Test
  @DisplayName("F29: a wrong-arch SO is refused before any device call")
  void wrongArch() throws Exception {
    Path so = so(goodSo().machine(183));
    assertThatThrownBy(() -> service.open(open(so)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("AArch64")
        .hasMessageContaining("x86-64");
    assertNoDeviceCall();
  }

  @Test
  @DisplayName("F9: a declared entry the SO does not export is refused before any device call")
  void missingEntry() throws Exception {
    Path so =
        so(
            new ElfImageBuilder()
                .machine(62)
                .type(3)
                .buildId(BUILD_ID)
                .function("simpler_aicpu_exec"));
    assertThatThrownBy(() -> service.open(open(so)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not export simpler_aicpu_init");
    assertNoDeviceCall();
  }

  @Test
  void notASharedObject() throws Exception {
    Path so = so(goodSo().type(2));
    assertThatThrownBy(() -> service.open(open(so)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not a shared object");
    assertNoDeviceCall();
  }

  @Test
  void tooLarge() throws Exception {
    Path so = so(goodSo());
    try (RandomAccessFile f = new RandomAccessFile(so.toFile(), "rw")) {
      f.setLength(RuntimeSoValidator.MAX_RUNTIME_SO_BYTES + 1);
    }
    assertThatThrownBy(() -> service.open(open(so)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("a runtime SO must be 1..");
    assertNoDeviceCall();
  }

  @Test
  void legacyKfcNeedsTheKfcExports() throws Exception {
    Path so = so(goodSo());
    OpenSessionCommand cmd =
        new OpenSessionCommand(
            1,
            so,
            OpenSessionCommand.DEFAULT_ENTRIES,
            "legacy-kfc",
            "direct-aicpu",
            TimeoutChain.FAST_FAIL);
    assertThatThrownBy(() -> service.open(cmd)).isInstanceOf(InvalidRequestException.class);
    assertNoDeviceCall();
  }

  @Test
  @DisplayName("107000 on the registration probe: direct-aicpu, and the probe runs once per device")
  void aLoaderThatRefusesTheProbeGivesDirectAicpu() throws Exception {
    when(runtime.info()).thenReturn(sim("8.5.0", EnumSet.allOf(Capability.class)));
    CannCallException refused = CannCallException.of(107000, "rtsBinaryLoadFromFile");
    when(binaries.loadBinaryFromFile(any(), any())).thenThrow(refused);
    Path so = so(goodSo());

    Session s = service.open(open(so));
    assertThat(s.info().launch()).isEqualTo("direct-aicpu");
    assertThat(s.info().policyReason())
        .contains("rts-json refused: the rts JSON loader answered 107000")
        .contains("registration probe on physical device 5");
    assertThat(registry.jsonLoaderVerdict(5))
        .hasValueSatisfying(v -> assertThat(v.code()).isEqualTo(107000));
    s.close();
    try (Session again = service.open(open(so))) {
      assertThat(again.info().launch()).isEqualTo("direct-aicpu");
    }
    verify(binaries, times(1)).loadBinaryFromFile(any(), any());
    verifyNoInteractions(cpuKernels);
    try (Stream<Path> left = Files.list(descriptors.directory())) {
      assertThat(left).as("the probe's descriptor is deleted").isEmpty();
    }
  }

  @Test
  @DisplayName("an explicit rts-json is attempted where the loader refuses; CANN's 107000 stands")
  void anExplicitRtsJsonIsAttempted() throws Exception {
    when(runtime.info()).thenReturn(sim("8.5.0", EnumSet.allOf(Capability.class)));
    CannCallException refused = CannCallException.of(107000, "rtsBinaryLoadFromFile");
    when(binaries.loadBinaryFromFile(any(), any())).thenThrow(refused);
    Path so = so(goodSo());
    assertThatThrownBy(
            () ->
                service.open(
                    new OpenSessionCommand(
                        1,
                        so,
                        OpenSessionCommand.DEFAULT_ENTRIES,
                        null,
                        "rts-json",
                        TimeoutChain.FAST_FAIL)))
        .isSameAs(refused);
    verify(binaries, times(1)).loadBinaryFromFile(any(), any());
    verify(streams).destroyStream(STREAM);
  }

  @Test
  @DisplayName("a failure while registering releases the stream in reverse; the upload stays")
  void prepareFailureReleases() throws Exception {
    doThrow(CannCallException.of(107000, "rtsFuncGetByName"))
        .when(binaries)
        .functionByName(BIN, "simpler_aicpu_init_" + FP);
    assertThatThrownBy(() -> service.open(open(so(goodSo()))))
        .isInstanceOfSatisfying(
            CannCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo(107000);
              assertThat(e.function()).isEqualTo("rtsFuncGetByName");
              assertThat(e.phase()).contains(Phase.REGISTRATION);
            })
        .hasMessageContaining("simpler_aicpu_init");
    verify(streams).destroyStream(STREAM);
    verify(binaries, times(2)).unloadBinary(BIN); // the probe's, then the registration's
    assertThat(registry.isDeployed(new BootstrapRegistry.Key(0x1716151413121110L, 5))).isTrue();
  }

  /**
   * Rewrites {@code so} in place with {@code bytes} when the physical id is asked for: after the SO
   * was read and before anything is uploaded.
   */
  private void rewriteBeforeTheUpload(Path so, byte[] bytes) {
    when(runtime.physicalDeviceId(1))
        .thenAnswer(
            inv -> {
              try (RandomAccessFile f = new RandomAccessFile(so.toFile(), "rw")) {
                f.write(bytes);
              }
              return OptionalInt.of(5);
            });
  }

  @Test
  @DisplayName(
      "a SO rebuilt between its read and its upload is refused: nothing is launched, the buffers"
          + " the streamed upload filled are freed")
  void rebuiltBeforeTheUploadIsRefused() throws Exception {
    Path so = so(goodSo());
    byte[] rebuilt = goodSo(ElfImageBuilder.sequence(0x30, 20)).build().bytes();
    assertThat(rebuilt).hasSize((int) Files.size(so));
    rewriteBeforeTheUpload(so, rebuilt);

    assertThatThrownBy(() -> service.open(open(so)))
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining(so.toString())
        .hasMessageContaining("changed while it was being opened");
    verifyNoInteractions(aicpu, binaries, cpuKernels);
    // The upload streams the file: the change shows once its last chunk was read, after the
    // dispatcher and the runtime buffers were allocated; both are freed (F13).
    verify(memory, times(2)).malloc(anyLong());
    verify(memory, times(2)).free(any());
    verify(streams).destroyStream(STREAM);
    assertThat(registry.isDeployed(new BootstrapRegistry.Key(0x1716151413121110L, 5))).isFalse();

    // The next open reads the rebuilt file and deploys it under its own fingerprint.
    when(runtime.physicalDeviceId(1)).thenReturn(OptionalInt.of(5));
    when(binaries.functionByName(BIN, "simpler_aicpu_exec_3736353433323130")).thenReturn(EXEC);
    when(binaries.functionByName(BIN, "simpler_aicpu_init_3736353433323130")).thenReturn(INIT);
    try (Session s = service.open(open(so))) {
      assertThat(s.info().fingerprint()).isEqualTo("3736353433323130");
    }
  }

  /**
   * Makes the mocked memory copy as an adapter whose device memory is a file does: every {@code
   * copyAllToDevice} has its bytes written into a file of their own, whose content is returned in
   * call order.
   */
  private List<byte[]> copyIntoFiles() {
    List<byte[]> copies = new ArrayList<>();
    doAnswer(
            inv -> {
              HostBytes src = inv.getArgument(1);
              Path file = Files.write(dir.resolve("device-" + copies.size()), new byte[0]);
              src.writeTo(file, 0);
              copies.add(Files.readAllBytes(file));
              return null;
            })
        .when(memory)
        .copyAllToDevice(any(), any());
    return copies;
  }

  @Test
  @DisplayName(
      "where device memory is a file, the runtime SO is written into it whole, with a Build-ID by"
          + " the kernel and without one through the FNV-1a check")
  void fileBackedDeviceMemoryReceivesTheWholeSo() throws Exception {
    List<byte[]> copies = copyIntoFiles();
    Path withId = so(goodSo());
    try (Session s = service.open(open(withId))) {
      assertThat(s.info().fingerprint()).isEqualTo(FP);
    }
    assertThat(copies).anySatisfy(c -> assertThat(c).isEqualTo(Files.readAllBytes(withId)));

    copies.clear();
    Path withoutId = so(goodSoWithoutBuildId());
    String hex = ReadSo.of(withoutId).fingerprint().hex();
    when(binaries.functionByName(BIN, "simpler_aicpu_exec_" + hex)).thenReturn(EXEC);
    when(binaries.functionByName(BIN, "simpler_aicpu_init_" + hex)).thenReturn(INIT);
    try (Session s = service.open(open(withoutId))) {
      assertThat(s.info().fingerprint()).isEqualTo(hex);
    }
    assertThat(copies).anySatisfy(c -> assertThat(c).isEqualTo(Files.readAllBytes(withoutId)));
  }

  @Test
  @DisplayName(
      "without a Build-ID, a byte changed between the read and a file-backed upload is refused and"
          + " the buffers are freed")
  void fileBackedUploadOfAChangedSoWithoutBuildIdIsRefused() throws Exception {
    copyIntoFiles();
    Path so = so(goodSoWithoutBuildId());
    byte[] changed = Files.readAllBytes(so);
    changed[changed.length - 1] ^= 1;
    rewriteBeforeTheUpload(so, changed);

    assertThatThrownBy(() -> service.open(open(so)))
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining("changed while it was being opened");
    verifyNoInteractions(aicpu, binaries, cpuKernels);
    verify(memory, times(2)).malloc(anyLong());
    verify(memory, times(2)).free(any());
  }

  @Test
  @DisplayName("a SO rebuilt in place with the same size and mtime opens with its new fingerprint")
  void rebuiltInPlaceIsSeenByTheNextOpen() throws Exception {
    Path so = so(goodSo());
    try (Session s = service.open(open(so))) {
      assertThat(s.info().fingerprint()).isEqualTo(FP);
    }
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(so);
    try (RandomAccessFile f = new RandomAccessFile(so.toFile(), "rw")) {
      f.write(goodSo(ElfImageBuilder.sequence(0x30, 20)).build().bytes());
    }
    Files.setLastModifiedTime(so, mtime);
    when(binaries.functionByName(BIN, "simpler_aicpu_exec_3736353433323130")).thenReturn(EXEC);
    when(binaries.functionByName(BIN, "simpler_aicpu_init_3736353433323130")).thenReturn(INIT);
    try (Session s = service.open(open(so))) {
      assertThat(s.info().fingerprint()).isEqualTo("3736353433323130");
    }
  }

  @Test
  @DisplayName("F20-F22: a device failure during bootstrap abandons: no stream destroy")
  void bootstrapDeviceFailureAbandons() throws Exception {
    CannCallException wedged = CannCallException.of(507018, "aclrtSynchronizeStream");
    doThrow(wedged).when(streams).synchronize(STREAM);
    assertThatThrownBy(() -> service.open(open(so(goodSo())))).isSameAs(wedged);
    verify(streams, never()).destroyStream(any());
    verify(memory, times(3)).free(any());
    assertThat(registry.isDeployed(new BootstrapRegistry.Key(0x1716151413121110L, 5))).isFalse();
  }

  @Test
  void noInitLaunchWhenTheRuntimeDoesNotDeclareIt() throws Exception {
    Path so = so(goodSo());
    service
        .open(
            new OpenSessionCommand(
                1, so, List.of("simpler_aicpu_exec"), null, null, TimeoutChain.FAST_FAIL))
        .close();
    verify(cpuKernels, never()).launchCpuKernel(any(), anyInt(), any(), any(), any());
  }

  @Test
  @DisplayName("P6: a chain whose values do not fit CANN's fields is refused before the device")
  void unrepresentableTimeouts() throws Exception {
    Path so = so(goodSo());
    TimeoutChain huge =
        new TimeoutChain(
            java.time.Duration.ofDays(30),
            java.time.Duration.ofDays(31),
            java.time.Duration.ofDays(32));
    assertThatThrownBy(
            () ->
                service.open(
                    new OpenSessionCommand(
                        1, so, OpenSessionCommand.DEFAULT_ENTRIES, null, null, huge)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("32-bit");
    assertNoDeviceCall();
  }

  @Test
  @DisplayName("P3/F1: a second runtime on the same device goes through the dispatcher")
  void secondRuntimeUsesDispatchThrough() throws Exception {
    service.open(open(so(goodSo()))).close();
    byte[] otherId = BUILD_ID.clone();
    otherId[0] = 0x55;
    Session second = service.open(open(so(goodSo(otherId))));
    assertThat(second.info().launch()).isEqualTo("dispatch-through");
    assertThat(second.info().policyReason())
        .contains("1 other runtime(s) already on physical device 5");
    // two bootstraps, the dispatch-through handshake, then the second session's InitArgs launch
    // through the dispatcher
    verify(aicpu, times(4))
        .launchAicpuKernel(eq(KernelType.AICPU_KFC), any(), eq(1), any(), eq(STREAM));
    verify(cpuKernels, times(1)).launchCpuKernel(any(), anyInt(), any(), any(), any());
    second.close();
  }

  private OpenSessionCommand openOn(int device, Path so) {
    return new OpenSessionCommand(
        device, so, OpenSessionCommand.DEFAULT_ENTRIES, null, null, TimeoutChain.FAST_FAIL);
  }

  private void verifyInitLaunches(int times) {
    verify(cpuKernels, times(times)).launchCpuKernel(eq(INIT), eq(1), any(), any(), any());
  }

  @Test
  @DisplayName("P12: InitArgs go out once per runtime and device, not once per session")
  void initOncePerDevice() throws Exception {
    Path so = so(goodSo());
    Session first = service.open(open(so));
    Session second = service.open(open(so));
    verifyInitLaunches(1);
    assertThat(
            registry.isInitialized(
                new BootstrapRegistry.Key(0x1716151413121110L, 5), "PREINSTALL_DIRECTORY"))
        .isTrue();
    first.close();
    second.close();
    service.open(open(so)).close();
    verifyInitLaunches(1);
  }

  @Test
  @DisplayName("F3: the same runtime on another physical device gets InitArgs of its own")
  void initPerDevice() throws Exception {
    Path so = so(goodSo());
    service.open(open(so)).close();
    service.open(openOn(2, so)).close();
    verifyInitLaunches(2);
    ByteBuffer second = ByteBuffer.wrap(cpuPayloads.get(1)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(second.getInt(0)).as("device_id of the second init").isEqualTo(2);
  }

  @Test
  @DisplayName("a second runtime on the same device gets InitArgs of its own")
  void initPerRuntime() throws Exception {
    service.open(open(so(goodSo()))).close();
    byte[] otherId = BUILD_ID.clone();
    otherId[0] = 0x55;
    service.open(open(so(goodSo(otherId)))).close();
    // first runtime: rts-json init; second: dispatch-through, so its init is a KFC launch (after
    // two bootstraps and the handshake)
    verifyInitLaunches(1);
    verify(aicpu, times(4))
        .launchAicpuKernel(eq(KernelType.AICPU_KFC), any(), eq(1), any(), eq(STREAM));
    assertThat(
            registry.isInitialized(
                new BootstrapRegistry.Key(0x1716151413121155L, 5), "PREINSTALL_DIRECTORY"))
        .isTrue();
  }

  @Test
  @DisplayName("a failed init launch is not recorded: the next session launches it again")
  void failedInitIsRetried() throws Exception {
    doThrow(CannCallException.of(107000, "rtsLaunchCpuKernel"))
        .doNothing()
        .when(cpuKernels)
        .launchCpuKernel(eq(INIT), anyInt(), any(), any(), any());
    Path so = so(goodSo());
    assertThatThrownBy(() -> service.open(open(so))).isInstanceOf(CannCallException.class);
    assertThat(
            registry.isInitialized(
                new BootstrapRegistry.Key(0x1716151413121110L, 5), "PREINSTALL_DIRECTORY"))
        .isFalse();
    service.open(open(so)).close();
    verifyInitLaunches(2);
  }

  @Test
  @DisplayName("F17: after a session is abandoned on a device failure, the next one re-inits")
  void abandonForgetsTheInit() throws Exception {
    CannCallException wedged = CannCallException.of(507018, "aclrtSynchronizeStreamWithTimeout");
    doNothing().doThrow(wedged).doNothing().when(streams).synchronize(STREAM, 4000);
    Path so = so(goodSo());
    Session first = service.open(open(so));
    assertThatThrownBy(
            () ->
                first.launch(
                    new io.github.aicpulaunch.ports.in.LaunchCommand(
                        "simpler_aicpu_exec", ByteBuffer.allocate(8), 1)))
        .isSameAs(wedged);
    assertThat(((AicpuSession) first).state()).isEqualTo(SessionState.ABANDONED);
    service.open(open(so)).close();
    verifyInitLaunches(2);
  }

  private static ElfImageBuilder legacySo(byte[] buildId) {
    return new ElfImageBuilder()
        .machine(62)
        .type(3)
        .buildId(buildId)
        .function("StaticTileFwkBackendKernelServer")
        .function("DynTileFwkBackendKernelServerInit")
        .function("DynTileFwkBackendKernelServer");
  }

  private static OpenSessionCommand legacy(Path so) {
    return new OpenSessionCommand(
        1, so, List.of(LegacyKfcLaunch.SERVER_ENTRY), "legacy-kfc", null, TimeoutChain.FAST_FAIL);
  }

  @Test
  @DisplayName(
      "§3.3 (a): legacy-kfc bootstraps the runtime SO itself, then KFC-launches the server")
  void legacyKfcPair() throws Exception {
    List<byte[]> copied = new ArrayList<>();
    doAnswer(
            inv -> {
              ByteBuffer b = inv.getArgument(1);
              byte[] bytes = new byte[b.remaining()];
              b.duplicate().get(bytes);
              copied.add(bytes);
              return null;
            })
        .when(memory)
        .copyToDevice(any(), any());
    List<byte[]> blobs = new ArrayList<>();
    doAnswer(
            inv -> {
              io.github.aicpulaunch.ports.out.AicpuArgs a = inv.getArgument(3);
              byte[] bytes = new byte[a.args().remaining()];
              a.args().duplicate().get(bytes);
              blobs.add(bytes);
              return null;
            })
        .when(aicpu)
        .launchAicpuKernel(any(), any(), anyInt(), any(), any());
    Path so = so(legacySo(BUILD_ID));
    Session s = service.open(legacy(so));
    assertThat(s.info().deployment()).isEqualTo("legacy-kfc");
    assertThat(s.info().launch()).isEqualTo("legacy-kfc");

    // bootstrap: aicpu_so_bin/len = the runtime SO itself, no inner SO (PROTOCOL §3.3 (a))
    byte[] soBytes = Files.readAllBytes(so);
    assertThat(copied.get(0)).isEqualTo(soBytes);
    ByteBuffer deviceArgs = ByteBuffer.wrap(copied.get(1)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(deviceArgs.getLong(104)).isEqualTo(soBytes.length);
    assertThat(deviceArgs.getLong(112)).isEqualTo(5);
    assertThat(deviceArgs.getLong(120)).isZero();
    assertThat(deviceArgs.getLong(128)).isZero();
    assertThat(new String(blobs.get(0), 208, 26, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("DynTileFwkKernelServerInit");
    verify(cpuKernels, never()).launchCpuKernel(any(), anyInt(), any(), any(), any());
    verifyNoInteractions(binaries);

    s.launch(
        new io.github.aicpulaunch.ports.in.LaunchCommand(
            LegacyKfcLaunch.SERVER_ENTRY, ByteBuffer.allocate(32), 3));
    verify(aicpu)
        .launchAicpuKernel(eq(KernelType.AICPU_KFC), eq("AST_DYN_AICPU"), eq(3), any(), eq(STREAM));
    byte[] task = blobs.get(1);
    assertThat(new String(task, 208, 22, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("DynTileFwkKernelServer");
    assertThat(task[230]).isZero();
    assertThat(ByteBuffer.wrap(task).order(ByteOrder.LITTLE_ENDIAN).getLong(48)).isEqualTo(32);
    s.close();
  }

  @Test
  @DisplayName("F1: legacy-kfc refuses a second, different runtime on the device before any call")
  void legacyKfcSecondRuntimeIsRefused() throws Exception {
    service.open(legacy(so(legacySo(BUILD_ID)))).close();
    byte[] otherId = BUILD_ID.clone();
    otherId[0] = 0x55;
    Path other = so(legacySo(otherId));
    org.mockito.Mockito.clearInvocations(devices, memory, streams, aicpu, binaries, cpuKernels);
    assertThatThrownBy(() -> service.open(legacy(other)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("already latched runtime SO")
        .hasMessageContaining("F1")
        .hasMessageContaining("dispatch-through")
        .hasMessageContaining("another process");
    assertNoDeviceCall();
  }

  @Test
  void legacyKfcRefusesOtherEntriesBeforeTheDevice() throws Exception {
    Path so = so(legacySo(BUILD_ID).function("simpler_aicpu_exec"));
    assertThatThrownBy(
            () ->
                service.open(
                    new OpenSessionCommand(
                        1,
                        so,
                        List.of("simpler_aicpu_exec"),
                        "legacy-kfc",
                        null,
                        TimeoutChain.FAST_FAIL)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("DynTileFwkBackendKernelServer");
    assertNoDeviceCall();
  }
}
