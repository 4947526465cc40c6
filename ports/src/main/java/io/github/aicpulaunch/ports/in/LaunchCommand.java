package io.github.aicpulaunch.ports.in;

import java.nio.ByteBuffer;

/**
 * Launch one entry of the session's runtime SO.
 *
 * @param entry a declared entry point
 * @param payload the argument bytes, from position to limit, passed as given (CANN copies them);
 *     device addresses inside are the caller's business
 * @param numBlocks number of AICPU blocks (threads), 1 or more
 */
public record LaunchCommand(String entry, ByteBuffer payload, int numBlocks) {
  /** Largest payload CANN's {@code argsSize} field can describe in practice (64 KiB). */
  public static final int MAX_PAYLOAD = 64 * 1024;

  /** Most blocks one launch may ask for (PLATFORM_MAX_AICPU_THREADS_JUST_FOR_LAUNCH on a5). */
  public static final int MAX_BLOCKS = 64;

  public LaunchCommand {
    if (entry.isEmpty()) {
      throw new IllegalArgumentException("entry name is empty");
    }
    int size = payload.remaining();
    if (size == 0) {
      throw new IllegalArgumentException("payload is empty; CANN refuses a zero argsSize");
    }
    if (size > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload is " + size + " bytes; at most " + MAX_PAYLOAD + " are allowed");
    }
    if (numBlocks < 1 || numBlocks > MAX_BLOCKS) {
      throw new IllegalArgumentException(
          "numBlocks must be 1.." + MAX_BLOCKS + ", was " + numBlocks);
    }
  }
}
