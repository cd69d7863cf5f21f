package dev.ujm.core.duty;

import dev.ujm.core.audit.AccessLog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the lines of the access audit older than their retention ({@code
 * UJM_ACCESS_AUDIT_RETENTION_DAYS}). Each pass:
 *
 * <ol>
 *   <li>computes the cut-off: now minus the retention, by the injected clock;
 *   <li>deletes the lines before it, oldest first, in batches, until a batch comes back short;
 *   <li>logs how many it deleted.
 * </ol>
 *
 * A retention of zero keeps the log for ever. Thread-safe.
 */
public final class AccessLogPurger extends Duty {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLogPurger.class);
  static final int BATCH = 5_000;
  static final int MAX_ROUNDS = 100;

  /** A pass an hour: lines are kept for days. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  private final AccessLog log;
  private final InstantSource clock;
  private final Duration retention;

  public AccessLogPurger(
      AccessLog log, InstantSource clock, Duration retention, Duration interval) {
    super("access-log-purger", interval);
    if (retention.isNegative()) {
      throw new IllegalArgumentException("access audit retention must not be negative");
    }
    this.log = log;
    this.clock = clock;
    this.retention = retention;
  }

  @Override
  public int runOnce() {
    if (retention.isZero()) {
      return 0;
    }
    Instant cutOff = clock.instant().minus(retention);
    int purged = inBatches(BATCH, MAX_ROUNDS, limit -> log.purge(cutOff, limit));
    if (purged > 0) {
      LOG.info("deleted {} access audit line(s) from before {}", purged, cutOff);
    }
    return purged;
  }
}
