package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The emulated host runtime's binary registration: {@code rtsBinaryLoadFromFile} with CANN's JSON
 * rules ({@link RtsJsonLoader}), {@code rtsFuncGetByName} and {@code rtsBinaryUnload}. Thread-safe.
 */
final class SimRegistrationPorts implements BinaryRegistrationPort {
  private final SimHostState host;

  SimRegistrationPorts(SimHostState host) {
    this.host = host;
  }

  @Override
  public BinaryHandle loadBinaryFromFile(Path descriptor, LoadOptions options) {
    String fn = "rtsBinaryLoadFromFile";
    SimDevice d = host.usableDevice(fn);
    SimProfile profile = host.config.profile();
    if (!profile.jsonLoaderWorks()) {
      throw host.fail(
          CannError.PARAM_INVALID,
          fn,
          "CANN "
              + profile.version()
              + "'s rts JSON loader rejects every descriptor"
              + " ("
              + descriptor
              + "); use the direct-aicpu launch strategy");
    }
    RtsJsonLoader.Loaded loaded;
    try {
      loaded = RtsJsonLoader.load(descriptor, options);
    } catch (RtsJsonLoader.Rejected e) {
      throw host.fail(CannError.PARAM_INVALID, fn, String.valueOf(e.getMessage()));
    }
    Path cpuSo = loaded.cpuSo();
    if (cpuSo != null) {
      installCustomSo(d, cpuSo, loaded.ops(), fn);
    }
    long h = host.newHandle();
    host.binaries.put(h, new SimHostState.Binary(h, d, loaded.ops()));
    return new BinaryHandle(h);
  }

  /** Mode 1: CANN ships the host SO to the device for the custom scheduler's ops. */
  private void installCustomSo(SimDevice d, Path so, Map<String, RtsJsonLoader.Op> ops, String fn) {
    for (RtsJsonLoader.Op op : ops.values()) {
      if (op.kernelType() != KernelType.AICPU_CUSTOM || op.kernelSo().isEmpty()) {
        continue;
      }
      Path target = d.customDir().resolve(Path.of(op.kernelSo()).getFileName().toString());
      try {
        Files.copy(so, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw host.fail(
            CannError.PARAM_INVALID, fn, "cannot install " + so + " as " + target + ": " + e);
      }
    }
  }

  @Override
  public FunctionHandle functionByName(BinaryHandle binary, String opType) {
    String fn = "rtsFuncGetByName";
    host.checkOpen(fn);
    SimHostState.Binary b = host.binaries.get(binary.value());
    if (b == null) {
      throw host.fail(CannError.INVALID_HANDLE, fn, binary + " is not a registered binary");
    }
    RtsJsonLoader.Op op = b.ops().get(opType);
    if (op == null) {
      throw host.fail(
          CannError.PARAM_INVALID,
          fn,
          "opType '"
              + opType
              + "' is not registered by "
              + binary
              + " (it has "
              + b.ops().keySet()
              + ")");
    }
    FunctionHandle handle = new FunctionHandle(host.newHandle());
    host.functions.put(handle, new SimHostState.Function(handle.value(), b, op));
    return handle;
  }

  @Override
  public void unloadBinary(BinaryHandle binary) {
    String fn = "rtsBinaryUnload";
    host.checkOpen(fn);
    SimHostState.Binary b = host.binaries.get(binary.value());
    if (b == null) {
      throw host.fail(CannError.INVALID_HANDLE, fn, binary + " is not a registered binary");
    }
    host.dropBinary(b);
  }
}
