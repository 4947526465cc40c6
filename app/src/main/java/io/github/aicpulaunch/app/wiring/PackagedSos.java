package io.github.aicpulaunch.app.wiring;

import io.github.aicpulaunch.domain.session.DispatcherSo;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.DeviceArch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device SOs {@code dispatcher-c} ships as classpath resources, one folder per architecture
 * ({@code linux-x86-64/} for the simulator, {@code linux-aarch64/} for a card): the dispatcher and
 * the example runtimes. Each file is read once and kept for the life of the JVM (the dispatcher is
 * about 20 KiB). Thread-safe.
 */
public final class PackagedSos implements DispatcherSo {
  /** The dispatcher's file name inside each architecture folder. */
  public static final String DISPATCHER = "libaicpu_dispatcher.so";

  /** The example vector runtime ({@code docs/ABI.md}, "Example and fixture runtimes"). */
  public static final String VECTOR_RUNTIME = "libexample_vector_runtime.so";

  /** The example checksum runtime. */
  public static final String CHECKSUM_RUNTIME = "libexample_checksum_runtime.so";

  private static final ConcurrentHashMap<String, byte[]> CACHE = new ConcurrentHashMap<>();

  /** The resource folder for an architecture, as JNA names it. */
  public static String folder(DeviceArch arch) {
    return switch (arch) {
      case X86_64 -> "linux-x86-64";
      case AARCH64 -> "linux-aarch64";
    };
  }

  /** The bytes of a packaged SO for {@code arch}, or empty when this build did not package it. */
  public static Optional<byte[]> bytes(DeviceArch arch, String name) {
    String resource = "/" + folder(arch) + "/" + name;
    byte[] cached = CACHE.get(resource);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (InputStream in = PackagedSos.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] read = in.readAllBytes();
      CACHE.putIfAbsent(resource, read);
      return Optional.of(read);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packaged " + resource, e);
    }
  }

  @Override
  public ByteBuffer forArch(DeviceArch arch) {
    byte[] so =
        bytes(arch, DISPATCHER)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "This build packages no dispatcher SO for "
                            + arch.displayName()
                            + " (resource /"
                            + folder(arch)
                            + "/"
                            + DISPATCHER
                            + " is missing).",
                        arch == DeviceArch.AARCH64
                            ? "Install gcc-aarch64-linux-gnu and rebuild (dispatcher-c builds the"
                                + " card's dispatcher when the cross compiler is present)."
                            : "Rebuild the project; dispatcher-c packages the host build."));
    // A fresh wrapper per call: callers may move its position; the bytes are never written.
    return ByteBuffer.wrap(so);
  }
}
