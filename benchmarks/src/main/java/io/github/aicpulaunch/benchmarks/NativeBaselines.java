package io.github.aicpulaunch.benchmarks;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * The C baselines of {@code libaicpu_bench_baselines.so} (src/main/c/baselines.c), direct-mapped
 * with raw addresses so a call marshals nothing. The library is found on the classpath under {@code
 * linux-x86-64/} and bound once per JVM on first use. Every function is thread-safe except that one
 * ping-pong or fan-out handle must be used by one thread at a time.
 */
public final class NativeBaselines {
  static {
    Native.register(
        NativeBaselines.class, NativeLibrary.getInstance(BenchFiles.baselinesLibrary().toString()));
  }

  private NativeBaselines() {}

  /** Makes sure the library is bound (the class initialiser does it). */
  public static void load() {}

  /** A NUL-terminated copy of {@code s} in native memory; the caller keeps it reachable. */
  public static Memory cString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    Memory m = new Memory(bytes.length + 1L);
    m.write(0, bytes, 0, bytes.length);
    m.setByte(bytes.length, (byte) 0);
    return m;
  }

  /** The address of native memory, for the raw-address calls below. */
  public static long address(Pointer p) {
    return Pointer.nativeValue(p);
  }

  /** {@code int bench_fingerprint_file(const char *path, uint64_t *out)}: 0 or -errno. */
  public static native int bench_fingerprint_file(long path, long out);

  /**
   * {@code int bench_publish(const char *dir, const char *name, const void *bytes, uint64_t len)}:
   * write, fsync, chmod, rename, directory fsync; 0 or -errno.
   */
  public static native int bench_publish(long dir, long name, long bytes, long len);

  /** {@code void *bench_fanout_open(int threads)}: 0 on failure. */
  public static native long bench_fanout_open(int threads);

  /** {@code int bench_fanout_round(void *pool)}: every thread runs the no-op once; 0 or -1. */
  public static native int bench_fanout_round(long pool);

  public static native void bench_fanout_close(long pool);

  /** {@code void *bench_pingpong_open(const char *peer, int response_bytes)}: 0 on failure. */
  public static native long bench_pingpong_open(long peerPath, int responseBytes);

  /** {@code int bench_pingpong_round(void *pp, int request_bytes, int blocks)}: 0 or -errno. */
  public static native int bench_pingpong_round(long handle, int requestBytes, int blocks);

  /** {@code int bench_pingpong_close(void *pp)}: the peer's exit status. */
  public static native int bench_pingpong_close(long handle);
}
