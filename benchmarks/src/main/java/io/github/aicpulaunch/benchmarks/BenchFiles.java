package io.github.aicpulaunch.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The files the benchmarks use, made once per JVM in one private temporary directory that is
 * deleted when the JVM exits: the native parts extracted from the classpath, and runtime SOs of the
 * sizes the benchmarks ask for. Thread-safe.
 */
public final class BenchFiles {
  static final String NATIVE = "linux-x86-64/";
  private static final int EM_AARCH64 = 183;
  private static final int E_MACHINE = 18;
  // Two maps: making a padded SO extracts its source first, and ConcurrentHashMap forbids a
  // computeIfAbsent inside another one on the same map.
  private static final ConcurrentHashMap<String, Path> EXTRACTED = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Path> MADE = new ConcurrentHashMap<>();
  private static final Path ROOT = createRoot();

  private BenchFiles() {}

  /** The runtime SO with a GNU Build-ID or without one (FNV-1a fallback), at its natural size. */
  public static Path runtimeSo(boolean buildId) {
    return extract(
        "bench-runtime/"
            + (buildId ? "libbench_noop_runtime.so" : "libbench_noop_runtime_nobuildid.so"));
  }

  /**
   * The runtime SO grown to exactly {@code size} bytes by appending deterministic pseudo-random
   * bytes after its last section. The result is still a loadable SO with the same entries: the ELF
   * headers, program headers and section headers do not cover the tail, so the loader, the
   * validator and the Build-ID walk never look at it, while FNV-1a and a byte copy must handle
   * every byte, as they would for a runtime that embeds megabytes of tables.
   */
  public static Path runtimeSo(boolean buildId, long size) {
    String key = (buildId ? "build-id-" : "fnv-") + size;
    Path source = runtimeSo(buildId);
    return MADE.computeIfAbsent(key, k -> pad(source, ROOT.resolve(k + ".so"), size));
  }

  /**
   * A copy of {@code so} whose ELF header says aarch64, for backends that validate the machine but
   * never run device code (the no-op CANN). Everything else is byte-identical.
   */
  public static Path asAarch64(Path so) {
    return MADE.computeIfAbsent(
        "aarch64-" + so,
        k -> {
          Path target = ROOT.resolve("aarch64-" + so.getFileName());
          try {
            byte[] bytes = Files.readAllBytes(so);
            ByteBuffer.wrap(bytes)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort(E_MACHINE, (short) EM_AARCH64);
            Files.write(target, bytes);
            return target;
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
          }
        });
  }

  /** The folder holding the no-op CANN's {@code libruntime.so} and {@code libascendcl.so}. */
  public static Path noopCannLibraries() {
    extract("bench-cann/lib64/libruntime.so");
    return extract("bench-cann/lib64/libascendcl.so").getParent();
  }

  /** The ping-pong peer executable. */
  public static Path peerExecutable() {
    return extract("aicpu_bench_peer");
  }

  static Path baselinesLibrary() {
    return extract("libaicpu_bench_baselines.so");
  }

  /** A fresh private directory under the benchmarks' root (same filesystem as everything else). */
  public static Path newDirectory(String prefix) {
    try {
      return Files.createTempDirectory(ROOT, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory under " + ROOT, e);
    }
  }

  /** The root directory; the benchmark report names its filesystem. */
  public static Path root() {
    return ROOT;
  }

  /** Reads a resource of the classpath (under {@code linux-x86-64/} when {@code name} is). */
  static byte[] resource(String name) {
    try (InputStream in = BenchFiles.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new BaselineException(
            name + " is not on the classpath: build the benchmarks module with Maven first");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static Path extract(String relative) {
    return EXTRACTED.computeIfAbsent(
        relative,
        k -> {
          Path target = ROOT.resolve(relative);
          try {
            Files.createDirectories(target.getParent());
            Files.write(target, resource(NATIVE + relative));
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            return target;
          } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + relative + " to " + target, e);
          }
        });
  }

  private static Path pad(Path source, Path target, long size) {
    try {
      long have = Files.size(source);
      if (size < have) {
        throw new IllegalArgumentException(
            "cannot make a " + size + "-byte runtime SO from " + have + " bytes");
      }
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.APPEND)) {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long state = 0x9E3779B97F4A7C15L ^ size;
        long left = size - have;
        while (left > 0) {
          chunk.clear();
          int n = (int) Math.min(chunk.capacity(), left);
          for (int i = 0; i + 8 <= n; i += 8) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            chunk.putLong(state);
          }
          while (chunk.position() < n) {
            chunk.put((byte) state);
          }
          chunk.flip();
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
          left -= n;
        }
      }
      return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + target, e);
    }
  }

  private static Path createRoot() {
    try {
      Path root =
          Files.createTempDirectory(
              "aicpu-bench-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "aicpu-bench-clean"));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the benchmarks' temporary directory", e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort at exit: a leftover file in a temp dir is harmless
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // best effort, see above
    }
  }
}
