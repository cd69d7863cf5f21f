package dev.ujm.core.model;

/**
 * A worker wrote with a lease that is no longer current: the job was cancelled, requeued after the
 * lease expired, or claimed again by a newer attempt. The write was rejected and the job left as it
 * was.
 */
public final class StaleLeaseException extends UjmException {
  private final Lease lease;

  public StaleLeaseException(Lease lease) {
    super(
        "lease of job "
            + lease.jobId()
            + " by "
            + lease.workerId()
            + " for attempt "
            + lease.attempt()
            + " is no longer current");
    this.lease = lease;
  }

  public Lease lease() {
    return lease;
  }
}
