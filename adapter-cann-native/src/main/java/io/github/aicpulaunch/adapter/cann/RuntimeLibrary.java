package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * Raw interface-mapped binding of {@code libruntime.so} for cold calls, with CANN's exact C names
 * (PROTOCOL 3.1). {@code rtError_t} is {@code int32_t}; {@code rtStream_t}, {@code rtBinHandle} and
 * {@code rtFuncHandle} are {@code void*}. The per-launch calls are in {@link
 * DirectAicpuKernelLaunch} and {@link DirectCpuKernelLaunch}.
 */
interface RuntimeLibrary extends Library {
  /** {@code rtError_t rtSetDevice(int32_t device)}. */
  int rtSetDevice(int device);

  /** {@code rtError_t rtStreamCreate(rtStream_t *stm, int32_t priority)}. */
  int rtStreamCreate(PointerByReference stream, int priority);

  /** {@code rtError_t rtStreamDestroy(rtStream_t stm)}. */
  int rtStreamDestroy(Pointer stream);

  /**
   * {@code rtError_t rtsBinaryLoadFromFile(const char *binPath, const rtLoadBinaryConfig_t
   * *optionalCfg, rtBinHandle *handle)}.
   */
  int rtsBinaryLoadFromFile(
      String binPath, @Nullable Pointer optionalCfg, PointerByReference handle);

  /**
   * {@code rtError_t rtsFuncGetByName(const rtBinHandle binHandle, const char *kernelName,
   * rtFuncHandle *funcHandle)}.
   */
  int rtsFuncGetByName(Pointer binHandle, String kernelName, PointerByReference funcHandle);

  /** {@code rtError_t rtsBinaryUnload(const rtBinHandle binHandle)}. */
  int rtsBinaryUnload(Pointer binHandle);

  /** {@code rtError_t rtGetDevicePhyIdByIndex(uint32_t devIndex, uint32_t *phyId)}. */
  int rtGetDevicePhyIdByIndex(int devIndex, IntByReference phyId);
}
