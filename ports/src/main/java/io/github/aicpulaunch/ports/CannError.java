package io.github.aicpulaunch.ports;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The CANN return codes this project meets, with CANN's name, what the code means on the AICPU
 * launch path and a hint for the user. Codes and names are CANN's ({@code rt_error_codes.h}, {@code
 * acl_base.h}); they never change. A code not listed here still travels with its number (see {@link
 * CannCallException#code()}).
 */
public enum CannError {
  UNINITIALIZE(
      100001,
      "ACL_ERROR_UNINITIALIZE",
      Category.STATE,
      "ACL is not initialised in this process: aclInit was not called, or aclFinalize was",
      "Let the first device call go through aicpu-launch, which calls aclInit once per process,"
          + " and make none after aclFinalize (F20).",
      "aicpu-launch initialises ACL itself, so this is its bug: report it with the command line"
          + " and the output of `aicpu-launch doctor --json`."),
  REPEAT_INITIALIZE(
      100002,
      "ACL_ERROR_REPEAT_INITIALIZE",
      Category.STATE,
      "aclInit was already called in this process",
      "Benign when another framework already initialised ACL; treat it as success (F35)."),
  PARAM_INVALID(
      107000,
      "ACL_ERROR_RT_PARAM_INVALID",
      Category.INVALID_ARGUMENT,
      "a parameter was rejected: a JSON descriptor path that is relative or lacks the .json"
          + " suffix, a load option other than cpuKernelMode 0/1, an unknown opType, or an rts"
          + " JSON loader that refuses every descriptor (the seed issue's CANN 8.5.0)",
      "Use an absolute descriptor path ending in .json (F7) and register every entry you launch;"
          + " where the rts JSON loader refuses every descriptor, open the session with the launch"
          + " strategy \"direct-aicpu\" (OpenSessionCommand), or leave the launch unset and the"
          + " policy probes the loader and falls back by itself.",
      "Where the rts JSON loader refuses every descriptor, run with --launch direct-aicpu, or"
          + " leave --launch out and the policy probes the loader and falls back by itself;"
          + " `aicpu-launch doctor` shows what the probe found."),
  INVALID_DEVICE_ID(
      107001,
      "ACL_ERROR_RT_INVALID_DEVICEID",
      Category.INVALID_ARGUMENT,
      "the device id is not visible to this process",
      "Check ASCEND_RT_VISIBLE_DEVICES: ids are logical, counted from 0 among the visible"
          + " devices (F26)."),
  CONTEXT_NULL(
      107002,
      "ACL_ERROR_RT_CONTEXT_NULL",
      Category.STATE,
      "the calling thread has no current context: it never set the device",
      "Call setDevice (rtSetDevice) on every thread before it allocates, copies or syncs (F25).",
      "aicpu-launch attaches every thread it uses, so this is its bug: report it with the command"
          + " line and the output of `aicpu-launch doctor --json` (F25)."),
  INVALID_HANDLE(
      107017,
      "ACL_ERROR_RT_INVALID_HANDLE",
      Category.INVALID_ARGUMENT,
      "a binary, function or stream handle is unknown or was already released",
      "Do not use a handle after its unload or destroy; reopen the session."),
  DEVICE_TASK_ABORT(
      107022,
      "ACL_ERROR_RT_DEVICE_TASK_ABORT",
      Category.DEVICE_FAILURE,
      "the task was aborted as collateral damage of another failure on the device",
      "Look for the first error on this device; this one is a consequence."),
  FEATURE_NOT_SUPPORT(
      207000,
      "ACL_ERROR_RT_FEATURE_NOT_SUPPORT",
      Category.UNSUPPORTED,
      "the installed CANN or driver does not support this call",
      "RuntimeInfo.capabilities() (AicpuLaunch.runtimeInfo()) lists what this CANN offers; pick"
          + " a launch strategy that needs only that.",
      "Run `aicpu-launch doctor` to see what this CANN supports and pick another strategy."),
  MEMORY_ALLOCATION(
      207001,
      "ACL_ERROR_RT_MEMORY_ALLOCATION",
      Category.RESOURCE,
      "device memory allocation failed: the device's budget is exhausted, or the device is"
          + " already dead (H2D onto a dead device)",
      "Free buffers you no longer need and check for leaks (F13); if memory is free, the device"
          + " may be poisoned: check earlier errors (F24)."),
  NO_DEVICE(
      207004,
      "ACL_ERROR_RT_NO_DEVICE",
      Category.UNSUPPORTED,
      "no device is present or visible",
      "Check the driver with npu-smi, or use the simulator backend."),
  NO_PERMISSION(
      207006,
      "ACL_ERROR_RT_NO_PERMISSION",
      Category.RESOURCE,
      "the process lacks the permission for this operation",
      "Run as a user in the HwHiAiUser group, or check the device node permissions."),
  INTERNAL_ERROR(
      507000,
      "ACL_ERROR_RT_INTERNAL_ERROR",
      Category.DEVICE_FAILURE,
      "runtime internal error; on a5 this is how an AICPU op timeout surfaces",
      "If a kernel may hang, treat this like 507018: force-reset the device before reuse (F17)."),
  CONTEXT_RELEASE_ERROR(
      507007,
      "ACL_ERROR_RT_CONTEXT_RELEASE_ERROR",
      Category.STATE,
      "the context was already released, e.g. a reset after a force reset",
      "Do not reset a device twice; the earlier force reset already released it."),
  AICORE_EXCEPTION(
      507015,
      "ACL_ERROR_RT_AICORE_EXCEPTION",
      Category.DEVICE_FAILURE,
      "an AICore kernel raised an exception",
      "Read the device log for the first PrintAicpuErrorInfo / AICore error."),
  AICPU_TIMEOUT(
      507017,
      "ACL_ERROR_RT_AICPU_TIMEOUT",
      Category.DEVICE_FAILURE,
      "an AICPU task exceeded its timeout",
      "Check the timeout chain (scheduler < op-execute < stream sync) and the kernel's progress."),
  AICPU_EXCEPTION(
      507018,
      "ACL_ERROR_RT_AICPU_EXCEPTION",
      Category.DEVICE_FAILURE,
      "an AICPU kernel failed (device errorCode 0x2a): it returned non-zero, was not found in"
          + " its SO, crashed or was reaped by the op-execute watchdog",
      "Read the device log for the first PrintAicpuErrorInfo (soName, funcName); check for a"
          + " stale or mismatched runtime SO build (F12)."),
  STREAM_SYNC_TIMEOUT(
      507046,
      "ACL_ERROR_RT_STREAM_SYNC_TIMEOUT",
      Category.TIMEOUT,
      "the host's stream synchronisation budget elapsed before the tasks finished",
      "The kernel may be hung: raise the stream-sync timeout above the op-execute timeout, or"
          + " force-reset the device before reuse (P6, F17)."),
  DRV_INTERNAL_ERROR(
      507899,
      "ACL_ERROR_RT_DRV_INTERNAL_ERROR",
      Category.DEVICE_POISONED,
      "driver internal error: the device is sticky-poisoned after an earlier fault",
      "Do not read this as out-of-memory: force-reset the device (AicpuLaunch.recover, which"
          + " calls aclrtResetDeviceForce) or use a fresh process (F17, F24).",
      "Do not read this as out-of-memory: the device is poisoned (check npu-smi); run again, each"
          + " run being a fresh process, and if it stays poisoned have the card reset (F17, F24)."),
  AICPU_INTERNAL_ERROR(
      507900,
      "ACL_ERROR_RT_AICPU_INTERNAL_ERROR",
      Category.DEVICE_FAILURE,
      "the AICPU scheduler reported an internal error",
      "Read the device log; force-reset the device before reuse."),
  SOCKET_CLOSE(
      507901,
      "ACL_ERROR_RT_SOCKET_CLOSE",
      Category.DEVICE_POISONED,
      "hdc disconnect: the host lost the device after a chip fault",
      "Force-reset the device or restart the process; look for the first fault on the chip (F3)."),
  SYMBOL_NOT_FOUND(
      507915,
      "ACL_ERROR_RT_SYMBOL_NOT_FOUND",
      Category.INVALID_ARGUMENT,
      "a kernel symbol was not found",
      "Export the entry from the runtime SO and declare it when you open the session (F9).");

  /** What kind of trouble a code signals; picks the exception subclass. */
  public enum Category {
    INVALID_ARGUMENT,
    STATE,
    RESOURCE,
    UNSUPPORTED,
    TIMEOUT,
    DEVICE_FAILURE,
    DEVICE_POISONED
  }

  private final int code;
  private final String cannName;
  private final Category category;
  private final String meaning;
  private final String hint;
  private final String cliHint;

  CannError(int code, String cannName, Category category, String meaning, String hint) {
    this(code, cannName, category, meaning, hint, hint);
  }

  CannError(
      int code, String cannName, Category category, String meaning, String hint, String cliHint) {
    this.code = code;
    this.cannName = cannName;
    this.category = category;
    this.meaning = meaning;
    this.hint = hint;
    this.cliHint = cliHint;
  }

  public int code() {
    return code;
  }

  /** CANN's own name for the code, e.g. {@code ACL_ERROR_RT_AICPU_EXCEPTION}. */
  public String cannName() {
    return cannName;
  }

  public Category category() {
    return category;
  }

  public String meaning() {
    return meaning;
  }

  /** The way out for a caller of the library. */
  public String hint() {
    return hint;
  }

  /** The way out for a user of the command line. */
  public String cliHint() {
    return cliHint;
  }

  /** The entry for a code, or empty for a code this table does not know. */
  public static Optional<CannError> of(int code) {
    return Optional.ofNullable(lookup(code));
  }

  static @Nullable CannError lookup(int code) {
    for (CannError e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    return null;
  }
}
