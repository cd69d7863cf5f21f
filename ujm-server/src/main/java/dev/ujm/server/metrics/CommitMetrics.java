package dev.ujm.server.metrics;

import dev.ujm.core.store.CommitObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The store's commits: how long each transaction took and how many writes it carried. A latency
 * that grows with a group size near its cap means the disk is the bottleneck; a size stuck at 1
 * under load means writers are not overlapping. Thread-safe.
 */
public final class CommitMetrics implements CommitObserver {
  private final Timer latency;
  private final DistributionSummary groupSize;

  public CommitMetrics(MeterRegistry registry) {
    this.latency =
        Timer.builder("ujm.store.commit")
            .description("Store transactions, from begin to commit on disk")
            .serviceLevelObjectives(Buckets.FAST)
            .register(registry);
    this.groupSize =
        DistributionSummary.builder("ujm.store.commit.writes")
            .description("Writes committed together in one store transaction (group commit)")
            .serviceLevelObjectives(Buckets.GROUP_SIZE)
            .register(registry);
  }

  @Override
  public void committed(int writes, long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    groupSize.record(writes);
  }
}
