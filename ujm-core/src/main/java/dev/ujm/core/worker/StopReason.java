package dev.ujm.core.worker;

/** Why the worker asked a running attempt to stop; once set it never changes. */
enum StopReason {
  /** A user cancelled the job; nothing more is written for this attempt. */
  CANCELLED,
  /**
   * The attempt ran past the job's {@code timeoutSeconds}; it is failed with error type {@code
   * timeout}.
   */
  TIMED_OUT,
  /**
   * The store no longer lists this worker's lease (requeued or taken by a newer attempt); nothing
   * is written.
   */
  LEASE_LOST,
  /** The node is shutting down; the job is handed back with its checkpoint. */
  SHUTDOWN
}
