package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * {@code InitArgs} (PROTOCOL 2.4), the payload of {@code simpler_aicpu_init}, launched once per
 * device: per-device invariants the runtime latches. Bytes 12..15 are padding and stay zero.
 *
 * @param deviceId {@code device_id} ({@code uint32_t}), not negative
 * @param logLevel {@code log_level} ({@code uint32_t}) severity threshold: DEBUG=10, INFO=20,
 *     TIMING=25 (upstream's default), WARN=30, ERROR=40, NUL=60; not negative
 * @param schedulerTimeoutMs {@code scheduler_timeout_ms} ({@code int32_t}); 0 = the runtime's
 *     compile-time default; not negative
 * @param sdmaWorkspace {@code dma_workspace_addr[DMA_WORKSPACE_SDMA]}; 0 = unavailable
 * @param urmaWorkspace {@code dma_workspace_addr[DMA_WORKSPACE_URMA]}; 0 = unavailable
 */
public record InitArgs(
    int deviceId, int logLevel, int schedulerTimeoutMs, long sdmaWorkspace, long urmaWorkspace) {
  public static final int SIZE = 32;
  public static final int OFFSET_DEVICE_ID = 0;
  public static final int OFFSET_LOG_LEVEL = 4;
  public static final int OFFSET_SCHEDULER_TIMEOUT_MS = 8;

  /** {@code uint64_t dma_workspace_addr[2]}: index 0 (SDMA) here, index 1 (URMA) 8 bytes later. */
  public static final int OFFSET_DMA_WORKSPACE_ADDR = 16;

  public static final int OFFSET_DMA_WORKSPACE_ADDR_SDMA = OFFSET_DMA_WORKSPACE_ADDR;
  public static final int OFFSET_DMA_WORKSPACE_ADDR_URMA = OFFSET_DMA_WORKSPACE_ADDR + 8;

  /** Upstream's default {@code log_level} (TIMING). */
  public static final int DEFAULT_LOG_LEVEL = 25;

  private static final String NAME = "InitArgs";

  public InitArgs {
    AbiBytes.checkNonNegative(NAME + ".deviceId", deviceId, "uint32_t");
    AbiBytes.checkNonNegative(NAME + ".logLevel", logLevel, "uint32_t");
    if (schedulerTimeoutMs < 0) {
      throw new IllegalArgumentException(
          NAME
              + ".schedulerTimeoutMs is "
              + schedulerTimeoutMs
              + "; a timeout cannot be negative (use 0 for the runtime's default)");
    }
  }

  /** A new little-endian heap buffer holding the {@link #SIZE} bytes, position 0, limit SIZE. */
  public ByteBuffer encode() {
    return AbiBytes.encode(SIZE, this::encodeInto);
  }

  /**
   * Writes the {@link #SIZE} bytes at {@code dst}'s position and advances it by SIZE (see the
   * package documentation for the buffer contract). Allocation-free.
   */
  public void encodeInto(ByteBuffer dst) {
    int at = AbiBytes.claim(dst, SIZE, NAME);
    AbiBytes.putI32(dst, at + OFFSET_DEVICE_ID, deviceId);
    AbiBytes.putI32(dst, at + OFFSET_LOG_LEVEL, logLevel);
    AbiBytes.putI32(dst, at + OFFSET_SCHEDULER_TIMEOUT_MS, schedulerTimeoutMs);
    AbiBytes.putU64(dst, at + OFFSET_DMA_WORKSPACE_ADDR_SDMA, sdmaWorkspace);
    AbiBytes.putU64(dst, at + OFFSET_DMA_WORKSPACE_ADDR_URMA, urmaWorkspace);
  }

  /**
   * Reads {@link #SIZE} bytes from {@code src}'s position; padding is not inspected. A {@code
   * uint32_t} above {@link Integer#MAX_VALUE} is refused like a negative value.
   */
  public static InitArgs decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new InitArgs(
                AbiBytes.getI32(src, at + OFFSET_DEVICE_ID),
                AbiBytes.getI32(src, at + OFFSET_LOG_LEVEL),
                AbiBytes.getI32(src, at + OFFSET_SCHEDULER_TIMEOUT_MS),
                AbiBytes.getU64(src, at + OFFSET_DMA_WORKSPACE_ADDR_SDMA),
                AbiBytes.getU64(src, at + OFFSET_DMA_WORKSPACE_ADDR_URMA)));
  }
}
