package io.github.aicpulaunch.ports.out;

import java.nio.file.Path;

/**
 * Mode B registration: {@code rtsBinaryLoadFromFile}, {@code rtsFuncGetByName}, {@code
 * rtsBinaryUnload}.
 */
public interface BinaryRegistrationPort {
  /**
   * {@code rtsBinaryLoadFromFile}. CANN needs an absolute path ending in {@code .json} (F7); it
   * reads the file during this call only.
   *
   * @throws io.github.aicpulaunch.ports.CannCallException 107000 for a bad path, option or JSON
   */
  BinaryHandle loadBinaryFromFile(Path descriptor, LoadOptions options);

  /**
   * {@code rtsFuncGetByName}: the handle of a registered opType.
   *
   * @throws io.github.aicpulaunch.ports.CannCallException 107000 for an opType the binary lacks
   */
  FunctionHandle functionByName(BinaryHandle binary, String opType);

  /**
   * {@code rtsBinaryUnload}. On failure the binary stays registered; the caller keeps the handle
   * (F21).
   */
  void unloadBinary(BinaryHandle binary);
}
