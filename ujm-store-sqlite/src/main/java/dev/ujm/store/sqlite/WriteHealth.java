package dev.ujm.store.sqlite;

import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.store.StoreHealth;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the writer's writes reach the disk, kept so that a storage fault is seen on {@code
 * /ready} and in the log without a line per failed write:
 *
 * <ol>
 *   <li>the first write that fails with a {@link StorageFaultException} makes it failing: one
 *       warning names the fault;
 *   <li>every later failed write is only counted;
 *   <li>the first write that changes the database and commits, at least {@link #SETTLE} after the
 *       last failure, makes it healthy again: one line says after how many failed writes and how
 *       long.
 * </ol>
 *
 * Thread-safe.
 */
final class WriteHealth {
  private static final Logger LOG = LoggerFactory.getLogger(WriteHealth.class);

  /** How long writes must have stopped failing before a success counts as recovery. */
  static final Duration SETTLE = Duration.ofSeconds(1);

  private record Failing(StorageFaultException fault, Instant since, long failedWrites) {}

  private final String database;
  private final InstantSource clock;
  private volatile Failing failing;
  private volatile long lastFailureNanos;

  /**
   * @param database the file, named in the log lines
   * @param clock the store's clock, for the instants in messages
   */
  WriteHealth(String database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The file, as the log lines name it. */
  String database() {
    return database;
  }

  boolean isFailing() {
    return failing != null;
  }

  /** {@code writes} writes failed with this fault. */
  synchronized void failed(StorageFaultException fault, int writes) {
    lastFailureNanos = System.nanoTime();
    Failing now = failing;
    if (now == null) {
      failing = new Failing(fault, clock.instant(), writes);
      LOG.warn(
          "job store writes are failing ({}): {}; every write answers a storage error until this is"
              + " fixed, and one line will say when writes work again",
          database,
          fault.getMessage());
      LOG.debug("the first failed write", fault);
    } else {
      failing = new Failing(fault, now.since(), now.failedWrites() + writes);
    }
  }

  /**
   * A write that changed the database committed. Whether it ends a failing spell depends on how
   * long ago the last failure was.
   */
  synchronized void succeeded() {
    Failing was = failing;
    if (was == null || System.nanoTime() - lastFailureNanos < SETTLE.toNanos()) {
      return;
    }
    failing = null;
    LOG.info(
        "job store writes work again ({}) after {} failed write(s) since {}",
        database,
        was.failedWrites(),
        was.since());
  }

  /** Whether writes have been failing since when, and how; for {@code /ready}. */
  StoreHealth health() {
    Failing now = failing;
    if (now == null) {
      return StoreHealth.READY;
    }
    return StoreHealth.notReady(
        "writes have failed since "
            + now.since()
            + " ("
            + now.failedWrites()
            + " so far): "
            + now.fault().getMessage());
  }

  /** The fault writes fail with now, or null when they do not. */
  StorageFaultException fault() {
    Failing now = failing;
    return now == null ? null : now.fault();
  }
}
