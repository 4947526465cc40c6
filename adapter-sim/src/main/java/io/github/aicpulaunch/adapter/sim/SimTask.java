package io.github.aicpulaunch.adapter.sim;

import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * One launch on a stream: what the AICPU OS runs and where its completion goes.
 *
 * @param id unique per simulator; the AICPU OS echoes it back
 * @param device the die the task runs on
 * @param stream the stream it was launched on
 * @param kernelType CANN's numeric kernel type (2, 4 or 5)
 * @param soName the SO name the device resolves, or null
 * @param kernelName the kernel (function) name, or null
 * @param args the argument blob CANN copies to the device
 * @param numBlocks number of blocks (threads)
 * @param timeoutMicros the op-execute watchdog for this task
 */
record SimTask(
    long id,
    SimDevice device,
    SimStream stream,
    int kernelType,
    @Nullable String soName,
    @Nullable String kernelName,
    byte[] args,
    int numBlocks,
    long timeoutMicros) {

  /** The watchdog armed for a submitted task; holder so the record stays immutable. */
  static final class Watchdog {
    private @Nullable ScheduledFuture<?> future;

    synchronized void arm(ScheduledFuture<?> f) {
      future = f;
    }

    synchronized void cancel() {
      if (future != null) {
        future.cancel(false);
      }
    }
  }
}
