package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.github.aicpulaunch.ports.InvalidRequestException;
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
 * direct-mapped with raw addresses ({@link LaunchCalls}), the structures and the payload copy live
 * in the calling thread's {@link LaunchScratch}, and op names are marshalled once and cached.
 * Registration is cold and uses interface mapping. Thread-safe.
 */
final class CannLaunchPorts
    implements AicpuKernelLaunchPort, BinaryRegistrationPort, CpuKernelLaunchPort {
  private static final int OPTION_STRIDE = 20;
  private static final int MAX_CACHED_OP_NAMES = 64;

  private final NativeCann cann;
  private final CannDevicePorts devices;
  private final AicpuArgsLayout layout;
  private final LaunchCalls calls;
  private final ThreadLocal<LaunchScratch> scratch = ThreadLocal.withInitial(LaunchScratch::new);
  private final ConcurrentHashMap<String, Memory> opNames = new ConcurrentHashMap<>();

  CannLaunchPorts(
      NativeCann cann, CannDevicePorts devices, AicpuArgsLayout layout, LaunchCalls calls) {
    this.cann = cann;
    this.devices = devices;
    this.layout = layout;
    this.calls = calls;
  }

  // ---- AicpuKernelLaunchPort (Mode A) ----

  @Override
  public void launchAicpuKernel(
      KernelType kernelType, String opName, int numBlocks, AicpuArgs args, StreamHandle stream) {
    cann.require("rtAicpuKernelLaunchExWithArgs");
    if (layout == AicpuArgsLayout.V40) {
      checkFits16("soNameOffset", args.soNameOffset());
      checkFits16("kernelNameOffset", args.kernelNameOffset());
    }
    devices.ensureAttached();
    LaunchScratch s = scratch.get();
    long blob = s.payload(args.args());
    writeBaseArgs(
        s.args(layout.size()), blob, args.size(), args.soNameOffset(), args.kernelNameOffset());
    Memory op = opName(opName);
    int rc =
        calls.rtAicpuKernelLaunchExWithArgs(
            kernelType.value(),
            Pointer.nativeValue(op),
            numBlocks,
            s.argsAddress,
            0L,
            stream.value(),
            0);
    Reference.reachabilityFence(op);
    cann.check(rc, "rtAicpuKernelLaunchExWithArgs");
  }

  private static void checkFits16(String what, int offset) {
    if ((offset & 0xFFFFFFFFL) > 0xFFFF) {
      throw new InvalidRequestException(
          what
              + " "
              + Integer.toUnsignedString(offset)
              + " does not fit the 16-bit field of the 40-byte rtAicpuArgsEx_t of CANN before"
              + " 8.5.0.",
          "Put the names within the first 64 KiB of the argument blob, or use CANN 8.5.0 or"
              + " later.");
    }
  }

  /** {@code rtAicpuArgsEx_t} in the chosen layout; the memory is already zeroed. */
  private void writeBaseArgs(Memory m, long args, int argsSize, int soOffset, int kernelOffset) {
    m.setLong(0, args);
    m.setInt(24, argsSize);
    if (layout == AicpuArgsLayout.V48) {
      m.setInt(32, soOffset);
      m.setInt(36, kernelOffset);
    } else {
      m.setShort(32, (short) soOffset);
      m.setShort(34, (short) kernelOffset);
    }
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
    cann.require("rtsLaunchCpuKernel");
    if (!payload.hasRemaining()) {
      throw new IllegalArgumentException(
          "rtsLaunchCpuKernel needs a payload of at least one byte; CANN rejects argsSize 0");
    }
    devices.ensureAttached();
    LaunchScratch s = scratch.get();
    long data = s.payload(payload);
    // rtCpuKernelArgs_t: baseArgs with zero name offsets (CANN uses the registered names), then
    // cpuParamHeadOffset and rsv[4], all zero as upstream leaves them.
    writeBaseArgs(s.args(layout.cpuKernelArgsSize()), data, payload.remaining(), 0, 0);
    List<LaunchConfig.Attribute> attributes = config.attributes();
    int n = attributes.size();
    Memory attrs = s.attrs(n);
    for (int i = 0; i < n; i++) {
      LaunchConfig.Attribute a = attributes.get(i);
      attrs.setInt((long) i * LaunchScratch.ATTR_STRIDE, a.id());
      attrs.setLong((long) i * LaunchScratch.ATTR_STRIDE + 4, a.value());
    }
    Memory cfg = s.cfg();
    cfg.setLong(s.cfgOffset(), s.attrsAddress());
    cfg.setLong(s.cfgOffset() + 8L, n);
    int rc =
        calls.rtsLaunchCpuKernel(
            function.value(), numBlocks, stream.value(), s.cfgAddress, s.argsAddress);
    cann.check(rc, "rtsLaunchCpuKernel");
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
      // rtLoadBinaryOption_t[]: {optionId u32; 16-byte value union} with stride 20, then
      // rtLoadBinaryConfig_t {options*; size_t numOpt}.
      array = new Memory((long) OPTION_STRIDE * list.size());
      array.clear();
      for (int i = 0; i < list.size(); i++) {
        array.setInt((long) i * OPTION_STRIDE, list.get(i).optionId());
        array.setInt((long) i * OPTION_STRIDE + 4, list.get(i).value());
      }
      cfg = new Memory(16);
      cfg.setPointer(0, array);
      cfg.setLong(8, list.size());
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
