package dev.ujm.server.alert;

import dev.ujm.core.store.StoreStats;
import dev.ujm.server.analytics.SlaAttainment;
import dev.ujm.server.analytics.SlaObjective;
import java.util.Optional;
import java.util.Set;

/** What alert rules are evaluated over; read once per evaluation pass. */
public interface AlertInputs {
  /** The store's counts per queue and state, with the oldest queued job's age. */
  StoreStats stats();

  /** The queues some live node has a worker pool with slots for. */
  Set<String> servedQueues();

  /** The jobs that ended lately, per type and queue. */
  OutcomeWindow outcomes();

  /**
   * A type's SLA attainment over the window that ends now, from the job metrics; empty where the
   * backend keeps none.
   */
  default Optional<SlaAttainment> sla(SlaObjective objective, java.time.Duration window) {
    return Optional.empty();
  }
}
