package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * Raw interface-mapped binding of {@code libascendcl.so} for cold calls, with CANN's exact C names
 * (PROTOCOL 3.1). {@code aclError} is {@code int}; {@code size_t} is bound as {@code long} (LP64).
 * A method whose symbol is missing fails only when called, so callers consult the symbol set first.
 * {@code aclrtMemcpy} and {@code aclrtSynchronizeStreamWithTimeout} are direct-mapped ({@link
 * DirectMemcpy}, {@link DirectStreamSync}).
 */
interface AclLibrary extends Library {
  /** {@code aclError aclInit(const char *configPath)}: null for no configuration file. */
  int aclInit(@Nullable String configPath);

  /** {@code aclError aclFinalize(void)}. */
  int aclFinalize();

  /** {@code aclError aclrtResetDevice(int32_t deviceId)}. */
  int aclrtResetDevice(int deviceId);

  /** {@code aclError aclrtMalloc(void **devPtr, size_t size, aclrtMemMallocPolicy policy)}. */
  int aclrtMalloc(PointerByReference devPtr, long size, int policy);

  /** {@code aclError aclrtFree(void *devPtr)}. */
  int aclrtFree(Pointer devPtr);

  /** {@code aclError aclrtSynchronizeStream(aclrtStream stream)}. */
  int aclrtSynchronizeStream(Pointer stream);

  /** {@code aclError aclrtResetDeviceForce(int32_t deviceId)}. */
  int aclrtResetDeviceForce(int deviceId);

  /** {@code aclError aclrtSetOpExecuteTimeOutV2(uint64_t timeout, uint64_t *actualTimeout)}. */
  int aclrtSetOpExecuteTimeOutV2(long timeoutMicros, LongByReference actualTimeout);

  /** {@code aclError aclrtGetDeviceCount(uint32_t *count)}. */
  int aclrtGetDeviceCount(IntByReference count);

  /** {@code const char *aclGetRecentErrMsg(void)}: null when there is none. */
  @Nullable String aclGetRecentErrMsg();

  /** {@code const char *aclrtGetSocName(void)}: null on failure. */
  @Nullable String aclrtGetSocName();

  /**
   * {@code aclError aclsysGetVersionStr(char *pkgName, char *versionStr)} (CANN 9.0.0 on); {@code
   * versionStr} holds {@code ACL_PKG_VERSION_MAX_SIZE} (128) bytes.
   */
  int aclsysGetVersionStr(String pkgName, byte[] versionStr);
}
