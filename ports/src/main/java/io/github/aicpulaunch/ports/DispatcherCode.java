package io.github.aicpulaunch.ports;

import java.util.Optional;

/**
 * The return codes of this project's dispatcher SO ({@code dispatcher-c/src/main/c/include/
 * aicpu_dispatcher.h}, docs/ABI.md "Return codes"): {@code 0x4453xxxx}, "DS" in the top bytes, so
 * none can be mistaken for a forwarded entry's own result. On a card CANN turns any of them into a
 * 507018 at the stream sync; the host learns which one from the dispatch-through request's
 * acknowledgement word or, in the simulator, from the launch's result. Each carries the C name, so
 * the host prints {@code AICPU_E_RUNTIME_OPEN}, never {@code 1146290195}.
 */
public enum DispatcherCode {
  ARGS_NULL(0x01, "AICPU_E_ARGS_NULL", "Init's args pointer is NULL"),
  DEVICE_ARGS_NULL(0x02, "AICPU_E_DEVICE_ARGS_NULL", "the DeviceArgs pointer at args+40 is 0"),
  INNER_NULL(0x03, "AICPU_E_INNER_NULL", "inner_so_bin (DeviceArgs+120) is 0"),
  INNER_EMPTY(0x04, "AICPU_E_INNER_EMPTY", "inner_so_len (DeviceArgs+128) is 0"),
  INNER_TOO_LARGE(0x05, "AICPU_E_INNER_TOO_LARGE", "the runtime SO is larger than 256 MiB"),
  NOT_ELF64_SO(0x06, "AICPU_E_NOT_ELF64_SO", "the runtime SO is not an ELF64 shared object"),
  WRONG_MACHINE(0x07, "AICPU_E_WRONG_MACHINE", "the runtime SO is built for another architecture"),
  PATH_TOO_LONG(0x08, "AICPU_E_PATH_TOO_LONG", "the preinstall path is longer than PATH_MAX"),
  DIR_OPEN(0x09, "AICPU_E_DIR_OPEN", "the preinstall directory cannot be opened"),
  FINAL_NOT_REGULAR(
      0x0a, "AICPU_E_FINAL_NOT_REGULAR", "the final name is a symbolic link or not a regular file"),
  EXISTING_READ(0x0b, "AICPU_E_EXISTING_READ", "the existing final file could not be compared"),
  TMP_CREATE(0x0c, "AICPU_E_TMP_CREATE", "the temporary file cannot be created"),
  WRITE(0x0d, "AICPU_E_WRITE", "writing the runtime SO failed (disk full, I/O error)"),
  FSYNC(0x0e, "AICPU_E_FSYNC", "fsync of the runtime SO failed"),
  CHMOD(0x0f, "AICPU_E_CHMOD", "fchmod 0755 of the runtime SO failed"),
  CLOSE(0x10, "AICPU_E_CLOSE", "close of the runtime SO reported an error"),
  RENAME(0x11, "AICPU_E_RENAME", "renaming the runtime SO onto its final name failed"),
  FSYNC_DIR(0x12, "AICPU_E_FSYNC_DIR", "the file is in place but fsync of the directory failed"),
  RUNTIME_OPEN(
      0x13,
      "AICPU_E_RUNTIME_OPEN",
      "the published runtime SO did not load on the device (dlopen RTLD_LAZY | RTLD_GLOBAL: an"
          + " undefined variable, a missing dependency or a failing constructor)"),
  RUNTIME_TABLE_FULL(
      0x14, "AICPU_E_RUNTIME_TABLE_FULL", "the dispatcher already holds 64 runtime SOs"),
  REQUEST_MAGIC(0x21, "AICPU_E_REQUEST_MAGIC", "the request magic is neither 0 nor DSP1"),
  REQUEST_SIZE(
      0x22, "AICPU_E_REQUEST_SIZE", "the request size is not 96: another protocol version"),
  REQUEST_NULL(0x23, "AICPU_E_REQUEST_NULL", "the request address is 0"),
  REQUEST_RESERVED(
      0x24, "AICPU_E_REQUEST_RESERVED", "a reserved request field or unknown flag is set"),
  ENTRY_NAME(0x25, "AICPU_E_ENTRY_NAME", "the entry name is not a C identifier of 1..63 chars"),
  PAYLOAD(0x26, "AICPU_E_PAYLOAD", "the payload address is 0 or its length not 1..65536"),
  UNKNOWN_FINGERPRINT(
      0x27,
      "AICPU_E_UNKNOWN_FINGERPRINT",
      "the latched dispatcher published no runtime with this fingerprint for this device"),
  UNKNOWN_ENTRY(
      0x28, "AICPU_E_UNKNOWN_ENTRY", "the runtime SO does not define a function of that name");

  /** The top 16 bits every dispatcher code shares ("DS"). */
  public static final long BASE = 0x4453_0000L;

  private final long value;
  private final String cName;
  private final String meaning;

  DispatcherCode(int offset, String cName, String meaning) {
    this.value = BASE + offset;
    this.cName = cName;
    this.meaning = meaning;
  }

  /** The code as a u32, e.g. {@code 0x44530013}. */
  public long value() {
    return value;
  }

  /** The C name, e.g. {@code AICPU_E_RUNTIME_OPEN}. */
  public String cName() {
    return cName;
  }

  public String meaning() {
    return meaning;
  }

  /** {@code AICPU_E_RUNTIME_OPEN (0x44530013): <meaning>}. */
  public String describe() {
    return String.format("%s (0x%08x): %s", cName, value, meaning);
  }

  /** The dispatcher code with this u32 value, if it is one. */
  public static Optional<DispatcherCode> of(long value) {
    for (DispatcherCode c : values()) {
      if (c.value == value) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
