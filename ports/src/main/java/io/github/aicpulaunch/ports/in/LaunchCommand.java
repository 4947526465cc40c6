package io.github.aicpulaunch.ports.in;

import io.github.aicpulaunch.ports.InvalidRequestException;
import java.nio.ByteBuffer;

/**
 * Launch one entry of the session's runtime SO. An invalid command is refused here, before any
 * device call, with an {@link InvalidRequestException} that says the way out.
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
      throw new InvalidRequestException(
          "The entry name is empty.", "Name one of the entries the session declared.");
    }
    int size = payload.remaining();
    if (size == 0) {
      throw new InvalidRequestException(
          "The payload of " + entry + " is empty; CANN refuses a zero argsSize.",
          "Pass at least one byte (position < limit); did you forget to flip() the buffer?");
    }
    if (size > MAX_PAYLOAD) {
      throw new InvalidRequestException(
          "The payload of "
              + entry
              + " is "
              + size
              + " bytes; at most "
              + MAX_PAYLOAD
              + " are allowed.",
          "Put bulk data in device memory (Session.allocate/write) and pass its address in the"
              + " payload.");
    }
    if (numBlocks < 1 || numBlocks > MAX_BLOCKS) {
      throw new InvalidRequestException(
          "numBlocks must be 1.." + MAX_BLOCKS + ", was " + numBlocks + ".",
          "Launch at most as many blocks as the device has AICPU cores for you.");
    }
  }
}
