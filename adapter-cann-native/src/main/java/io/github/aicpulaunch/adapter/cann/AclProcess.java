package io.github.aicpulaunch.adapter.cann;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACL's process-wide lifecycle (PROTOCOL §8, CANN's {@code aclInit}/{@code aclFinalize}): {@code
 * aclInit} once per process before the first device call, {@code aclrtResetDevice} for every device
 * the process still holds and then {@code aclFinalize} when the JVM shuts down.
 *
 * <p>When another component of the process (a framework that owns ACL, P13) initialised ACL first,
 * {@code aclInit} answers {@code ACL_ERROR_REPEAT_INITIALIZE}: that is benign (F35), and then this
 * process leaves {@code aclFinalize} to that owner and only resets the devices it attached itself.
 *
 * <p>After finalization every device call is refused before it reaches CANN (F20: a call into a
 * finalized CANN can crash the process): the attachments of every adapter are invalidated, so the
 * next call of any thread goes through {@link #ensureInitialized}, which refuses.
 *
 * <p>One CANN installation serves a process ({@link DirectNatives}), so this state is static.
 * Thread-safe.
 */
final class AclProcess {
  private static final Logger log = LoggerFactory.getLogger(AclProcess.class);

  private static boolean initialized;
  private static boolean ownsInit;
  private static boolean finalized;
  private static @Nullable NativeCann cann;
  private static final Set<Integer> liveDevices = new TreeSet<>();
  private static final List<ThreadAttach> attachments = new ArrayList<>();

  private AclProcess() {}

  /** Registers an adapter's attachments, invalidated when CANN is finalized. */
  static synchronized void track(ThreadAttach attach) {
    attachments.add(attach);
  }

  /**
   * {@code aclInit(NULL)}, once per process: the first call initialises ACL, later calls do
   * nothing.
   *
   * @throws InvalidRequestException after {@link #finalizeProcess}
   * @throws CannCallException when {@code aclInit} fails with anything but a repeat
   */
  static synchronized void ensureInitialized(NativeCann library) {
    if (finalized) {
      throw new InvalidRequestException(
          "CANN was finalized when this process began to shut down (aclFinalize); no device call"
              + " can follow it (F20).",
          "Finish every session before the JVM shuts down.");
    }
    if (initialized) {
      return;
    }
    int rc = library.acl.aclInit(null);
    if (rc == CannError.REPEAT_INITIALIZE.code()) {
      log.info(
          "aclInit: ACL was already initialised in this process (F35); its owner finalizes it");
    } else {
      library.check(rc, "aclInit");
      ownsInit = true;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(AclProcess::finalizeProcess, "aicpu-launch-acl-finalize"));
    }
    initialized = true;
    cann = library;
  }

  /** The thread attached to {@code device}: a context this process must reset at the end. */
  static synchronized void attached(int device) {
    liveDevices.add(device);
  }

  /** {@code device} was reset: its context is gone. */
  static synchronized void reset(int device) {
    liveDevices.remove(device);
  }

  /**
   * What the shutdown hook runs: resets every device this process still holds, then {@code
   * aclFinalize} when this process initialised ACL; afterwards every device call is refused.
   * Failures are logged, not thrown: the process is ending. Idempotent.
   */
  static synchronized void finalizeProcess() {
    if (finalized || !initialized) {
      finalized = true;
      return;
    }
    finalized = true;
    attachments.forEach(ThreadAttach::invalidate);
    NativeCann library = cann;
    if (library == null) {
      return;
    }
    for (int device : liveDevices) {
      int rc = library.acl.aclrtResetDevice(device);
      if (rc != 0) {
        log.warn("aclrtResetDevice({}) at shutdown returned {}", device, rc);
      }
    }
    liveDevices.clear();
    if (ownsInit) {
      int rc = library.acl.aclFinalize();
      if (rc != 0) {
        log.warn("aclFinalize at shutdown returned {}", rc);
      }
    }
  }
}
