package io.github.aicpulaunch.domain.session;

/**
 * Where a session is in its life. Normal path: {@code OPEN → BOOTSTRAPPED → REGISTERED → CLOSED}. A
 * device failure at any point moves it to {@code ABANDONED}, which is terminal and makes no further
 * device call (F20–F22).
 */
public enum SessionState {
  /** The thread is attached and the stream exists; the SO may not be on the device yet. */
  OPEN,
  /** The runtime SO is on the device (deployed by this session or an earlier one). */
  BOOTSTRAPPED,
  /** The launcher is prepared: entries can be launched. */
  REGISTERED,
  /** Every device resource was released. */
  CLOSED,
  /** A device failure happened: every handle was forgotten without device calls. */
  ABANDONED
}
