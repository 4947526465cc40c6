package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * {@code RegisterCallableArgs} (PROTOCOL 2.5), the payload of {@code
 * simpler_aicpu_register_callable}: the orchestration SO's device copy and the two symbol names the
 * runtime resolves in it. Bytes 4..7 are padding and stay zero.
 *
 * @param activeCallableId {@code active_callable_id} ({@code int32_t}); -1 (upstream's default)
 *     means none, otherwise not negative
 * @param devOrchSoAddr {@code dev_orch_so_addr}: device address of the orchestration SO bytes
 * @param devOrchSoSize {@code dev_orch_so_size}: their length, not negative
 * @param deviceOrchFuncName {@code device_orch_func_name}, at most 63 ASCII characters
 * @param deviceOrchConfigName {@code device_orch_config_name}, at most 63 ASCII characters
 */
public record RegisterCallableArgs(
    int activeCallableId,
    long devOrchSoAddr,
    long devOrchSoSize,
    String deviceOrchFuncName,
    String deviceOrchConfigName) {
  public static final int SIZE = 152;
  public static final int OFFSET_ACTIVE_CALLABLE_ID = 0;
  public static final int OFFSET_DEV_ORCH_SO_ADDR = 8;
  public static final int OFFSET_DEV_ORCH_SO_SIZE = 16;
  public static final int OFFSET_DEVICE_ORCH_FUNC_NAME = 24;
  public static final int OFFSET_DEVICE_ORCH_CONFIG_NAME = 88;

  /** {@code INIT_ARGS_MAX_ORCH_SYMBOL_NAME}: size of each name field, NUL included. */
  public static final int MAX_ORCH_SYMBOL_NAME = 64;

  /** {@code active_callable_id} meaning "no callable". */
  public static final int NO_CALLABLE = -1;

  private static final String NAME = "RegisterCallableArgs";

  public RegisterCallableArgs {
    if (activeCallableId < NO_CALLABLE) {
      throw new IllegalArgumentException(
          NAME
              + ".activeCallableId is "
              + activeCallableId
              + " but must be a callable id (0 or more) or -1 for none");
    }
    AbiBytes.checkNonNegative(NAME + ".devOrchSoSize", devOrchSoSize, "uint64_t");
    AbiBytes.checkName(NAME + ".deviceOrchFuncName", deviceOrchFuncName, MAX_ORCH_SYMBOL_NAME);
    AbiBytes.checkName(NAME + ".deviceOrchConfigName", deviceOrchConfigName, MAX_ORCH_SYMBOL_NAME);
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
    AbiBytes.putI32(dst, at + OFFSET_ACTIVE_CALLABLE_ID, activeCallableId);
    AbiBytes.putU64(dst, at + OFFSET_DEV_ORCH_SO_ADDR, devOrchSoAddr);
    AbiBytes.putU64(dst, at + OFFSET_DEV_ORCH_SO_SIZE, devOrchSoSize);
    AbiBytes.putName(dst, at + OFFSET_DEVICE_ORCH_FUNC_NAME, deviceOrchFuncName);
    AbiBytes.putName(dst, at + OFFSET_DEVICE_ORCH_CONFIG_NAME, deviceOrchConfigName);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position; padding is not inspected. */
  public static RegisterCallableArgs decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new RegisterCallableArgs(
                AbiBytes.getI32(src, at + OFFSET_ACTIVE_CALLABLE_ID),
                AbiBytes.getU64(src, at + OFFSET_DEV_ORCH_SO_ADDR),
                AbiBytes.getU64(src, at + OFFSET_DEV_ORCH_SO_SIZE),
                AbiBytes.getName(
                    src,
                    at + OFFSET_DEVICE_ORCH_FUNC_NAME,
                    MAX_ORCH_SYMBOL_NAME,
                    NAME + ".deviceOrchFuncName"),
                AbiBytes.getName(
                    src,
                    at + OFFSET_DEVICE_ORCH_CONFIG_NAME,
                    MAX_ORCH_SYMBOL_NAME,
                    NAME + ".deviceOrchConfigName")));
  }
}
