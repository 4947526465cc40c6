package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Kernel launches (Mode A and Mode B) and rts binary registration over CANN.
 *
 * <p>The two launch methods are the per-launch path and allocate nothing once warm: the C calls are
 * direct-mapped with raw addresses ({@link DirectAicpuKernelLaunch}, {@link
 * DirectCpuKernelLaunch}), whether CANN exports them is decided once at bind time, the payload copy
 * and the structures live in the calling thread's {@link ThreadState} (found with the attach check,
 * one thread-local lookup) and are written with plain stores by the structures' encoders ({@link
 * LaunchScratch}), and op names are marshalled once and cached. Registration is cold and uses
 * interface mapping. Thread-safe.
 */
final class CannLaunchPorts
    implements AicpuKernelLaunchPort, BinaryRegistrationPort, CpuKernelLaunchPort {
  private static final int MAX_CACHED_OP_NAMES = 64;
  private static final String AICPU_LAUNCH = "rtAicpuKernelLaunchExWithArgs";
  private static final String CPU_LAUNCH = "rtsLaunchCpuKernel";

  private final NativeCann cann;
  private final CannDevicePorts devices;
  private final AicpuArgsLayout layout;
  // Whether CANN exports the launch calls: fixed when the libraries were bound.
  private final boolean hasAicpuLaunch;
  private final boolean hasCpuLaunch;
  private final ConcurrentHashMap<String, Memory> opNames = new ConcurrentHashMap<>();

  CannLaunchPorts(NativeCann cann, CannDevicePorts devices, AicpuArgsLayout layout) {
    this.cann = cann;
    this.devices = devices;
    this.layout = layout;
    this.hasAicpuLaunch = cann.has(AICPU_LAUNCH);
    this.hasCpuLaunch = cann.has(CPU_LAUNCH);
  }

  // ---- AicpuKernelLaunchPort (Mode A) ----

  @Override
  public void launchAicpuKernel(
      KernelType kernelType, String opName, int numBlocks, AicpuArgs args, StreamHandle stream) {
    if (!hasAicpuLaunch) {
      cann.require(AICPU_LAUNCH);
    }
    RtAicpuArgsEx.requireNameOffsetsFit(layout, args.soNameOffset(), args.kernelNameOffset());
    ThreadState t = devices.ensureAttached();
    long blob = t.staging().copyIn(args.args());
    LaunchScratch s = t.launch();
    s.aicpuArgs(layout)
        .args(blob)
        .argsSize(args.size())
        .soNameAddrOffset(args.soNameOffset())
        .kernelNameAddrOffset(args.kernelNameOffset());
    Memory op = opName(opName);
    int rc =
        DirectAicpuKernelLaunch.rtAicpuKernelLaunchExWithArgs(
            kernelType.value(),
            Pointer.nativeValue(op),
            numBlocks,
            s.argsAddress,
            0L,
            stream.value(),
            0);
    Reference.reachabilityFence(op);
    cann.check(rc, AICPU_LAUNCH);
  }

  private Memory opName(String name) {
    Memory m = opNames.get(name);
    if (m == null) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      m = new Memory(bytes.length + 1L);
      m.write(0, bytes, 0, bytes.length);
      m.setByte(bytes.length, (byte) 0);
      if (opNames.size() < MAX_CACHED_OP_NAMES) {
        Memory raced = opNames.putIfAbsent(name, m);
        m = raced == null ? m : raced;
      }
    }
    return m;
  }

  // ---- CpuKernelLaunchPort (Mode B) ----

  @Override
  public void launchCpuKernel(
      FunctionHandle function,
      int numBlocks,
      StreamHandle stream,
      LaunchConfig config,
      ByteBuffer payload) {
    if (!hasCpuLaunch) {
      cann.require(CPU_LAUNCH);
    }
    if (!payload.hasRemaining()) {
      throw new IllegalArgumentException(
          "rtsLaunchCpuKernel needs a payload of at least one byte; CANN rejects argsSize 0");
    }
    ThreadState t = devices.ensureAttached();
    long data = t.staging().copyIn(payload);
    LaunchScratch s = t.launch();
    // rtCpuKernelArgs_t: baseArgs with zero name offsets (CANN uses the registered names), then
    // cpuParamHeadOffset and rsv[4], all zero as upstream leaves them.
    s.cpuKernelArgs(layout).args(data).argsSize(payload.remaining());
    s.config(config.attributes());
    int rc =
        DirectCpuKernelLaunch.rtsLaunchCpuKernel(
            function.value(), numBlocks, stream.value(), s.cfgAddress, s.argsAddress);
    cann.check(rc, CPU_LAUNCH);
  }

  // ---- BinaryRegistrationPort ----

  @Override
  public BinaryHandle loadBinaryFromFile(Path descriptor, LoadOptions options) {
    cann.require("rtsBinaryLoadFromFile");
    devices.ensureAttached();
    List<LoadOptions.Option> list = options.options();
    Memory array = null;
    Memory cfg = null;
    if (!list.isEmpty()) {
      array = new Memory((long) RtLoadBinaryOption.SIZE * list.size());
      ByteBuffer optionBytes = array.getByteBuffer(0, array.size());
      for (int i = 0; i < list.size(); i++) {
        RtLoadBinaryOption.write(optionBytes, 0, i, list.get(i).optionId(), list.get(i).value());
      }
      cfg = new Memory(RtLoadBinaryOption.CONFIG_SIZE);
      RtLoadBinaryOption.writeConfig(
          cfg.getByteBuffer(0, cfg.size()), 0, Pointer.nativeValue(array), list.size());
    }
    PointerByReference handle = new PointerByReference();
    int rc = cann.runtime.rtsBinaryLoadFromFile(descriptor.toString(), cfg, handle);
    Reference.reachabilityFence(array);
    cann.check(rc, "rtsBinaryLoadFromFile");
    return new BinaryHandle(nonNull(handle.getValue(), "rtsBinaryLoadFromFile"));
  }

  @Override
  public FunctionHandle functionByName(BinaryHandle binary, String opType) {
    cann.require("rtsFuncGetByName");
    devices.ensureAttached();
    PointerByReference handle = new PointerByReference();
    cann.check(
        cann.runtime.rtsFuncGetByName(new Pointer(binary.value()), opType, handle),
        "rtsFuncGetByName");
    return new FunctionHandle(nonNull(handle.getValue(), "rtsFuncGetByName"));
  }

  @Override
  public void unloadBinary(BinaryHandle binary) {
    cann.require("rtsBinaryUnload");
    devices.ensureAttached();
    cann.check(cann.runtime.rtsBinaryUnload(new Pointer(binary.value())), "rtsBinaryUnload");
  }

  private static long nonNull(@Nullable Pointer p, String function) {
    long value = Pointer.nativeValue(p);
    if (value == 0) {
      throw new IllegalStateException(function + " returned success with a null handle");
    }
    return value;
  }
}
