package dev.ujm.core.duty;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * One background duty of the engine (orphan reaper, scheduled-job promoter, retention purger, …): a
 * single pass over the store in {@link #runOnce()}, repeated every {@link #interval()} by a {@link
 * DutyScheduler}. Tests move a manual clock and call {@code runOnce()} instead of waiting. Each
 * pass is one or more store moves that repeat the condition they selected by, so running a duty on
 * several nodes at once is safe, only redundant; a duty that acts on the whole store is {@linkplain
 * #isClusterWide() cluster-wide}, and the scheduler runs it only while this node holds its cluster
 * lock, so it runs on one node at a time. Implementations are thread-safe.
 */
public abstract class Duty {
  private final String name;
  private final Duration interval;

  /**
   * @param name a short name for logs and the audit trail, for example {@code orphan-reaper}
   * @param interval the pause between two passes
   */
  protected Duty(String name, Duration interval) {
    this.name = Objects.requireNonNull(name, "name");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(name + " interval must be positive");
    }
  }

  /**
   * One pass.
   *
   * @return how many jobs it acted on
   */
  public abstract int runOnce();

  public final String name() {
    return name;
  }

  /**
   * Whether one node at a time is enough (the duty acts on the whole store, not on this node's own
   * jobs); true unless overridden.
   */
  public boolean isClusterWide() {
    return true;
  }

  public final Duration interval() {
    return interval;
  }

  @Override
  public String toString() {
    return name + " every " + interval.toMillis() + " ms";
  }

  /**
   * Calls {@code pass} with {@code batch} until it acts on fewer than {@code batch} jobs or {@code
   * maxRounds} passes were made, so one run clears a backlog without holding the store for one huge
   * write.
   *
   * @return the total acted on
   */
  protected static int inBatches(int batch, int maxRounds, IntUnaryOperator pass) {
    int total = 0;
    for (int round = 0; round < maxRounds; round++) {
      int n = pass.applyAsInt(batch);
      total += n;
      if (n < batch) {
        break;
      }
    }
    return total;
  }
}
