package io.github.aicpulaunch.reliability;

import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CannPorts} that records every call reaching the backend, in order, as {@code
 * Port.method}. Queries of {@link RuntimeInfoPort} are recorded too, though they never touch a
 * device. Thread-safe.
 */
final class CountingPorts {
  private final List<String> calls = new ArrayList<>();
  private final CannPorts ports;

  CountingPorts(CannPorts real) {
    this.ports =
        new CannPorts(
            wrap(RuntimeInfoPort.class, real.runtime()),
            wrap(DeviceControlPort.class, real.devices()),
            wrap(DeviceMemoryPort.class, real.memory()),
            wrap(StreamPort.class, real.streams()),
            wrap(AicpuKernelLaunchPort.class, real.aicpuLaunch()),
            wrap(BinaryRegistrationPort.class, real.binaries()),
            wrap(CpuKernelLaunchPort.class, real.cpuKernels()));
  }

  CannPorts ports() {
    return ports;
  }

  /** Every call so far, oldest first. */
  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** The calls after the first {@code from}. */
  synchronized List<String> callsSince(int from) {
    return List.copyOf(calls.subList(from, calls.size()));
  }

  private synchronized void record(String call) {
    calls.add(call);
  }

  private <T> T wrap(Class<T> port, T real) {
    Object proxy =
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.invoke(real, args);
              }
              record(port.getSimpleName() + "." + method.getName());
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return port.cast(proxy);
  }
}
