package io.github.aicpulaunch.ports;

/**
 * Where in a session's life a failure happened, so that a failing init launch does not read as the
 * user's exec failing. A failure that carries a phase happened after the first device call; a
 * refusal before any device call carries none.
 */
public enum Phase {
  /** Attaching the thread, the op-execute watchdog and the session's stream. */
  OPEN("open"),
  /** Putting the runtime SO on the device (the KFC bootstrap of PROTOCOL §3.3 (b)). */
  BOOTSTRAP("bootstrap"),
  /** The one-time probe of the device's rts JSON loader, before the policy's choice. */
  REGISTRATION_PROBE("registration probe"),
  /** Registering the declared entries (descriptor, {@code rtsFuncGetByName}, names). */
  REGISTRATION("registration"),
  /** The launch of {@code simpler_aicpu_init} with InitArgs, and its synchronisation. */
  INIT_LAUNCH("init launch"),
  /** A launch the user asked for. */
  EXEC("exec"),
  /** Waiting for the session's stream. */
  SYNC("sync"),
  /** Allocating, copying or freeing device memory. */
  MEMORY("device memory"),
  /** Releasing what a session holds when it closes: stream, registration, buffers. */
  UNLOAD("unload"),
  /** Resetting a device (force reset after a failure, or the reset at the last close). */
  RESET("reset");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  /** The name used in messages, e.g. {@code "init launch"}. */
  public String label() {
    return label;
  }
}
