package dev.ujm.server.alert;

import dev.ujm.core.cluster.NodeInfo;
import dev.ujm.core.store.StoreStats;
import dev.ujm.server.analytics.SlaAttainment;
import dev.ujm.server.analytics.SlaObjective;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The inputs of one evaluation pass, read from the running engine. */
public final class EngineAlertInputs implements AlertInputs {
  private final StoreStats stats;
  private final Set<String> served = new HashSet<>();
  private final OutcomeWindow outcomes;
  private final Engine engine;
  private final InstantSource clock;

  /**
   * Reads the store's counts and the live nodes now.
   *
   * @throws dev.ujm.server.engine.BackendUnavailableException while the backend is down
   */
  public EngineAlertInputs(Backend backend, OutcomeWindow outcomes, InstantSource clock) {
    this.engine = backend.engine();
    this.clock = clock;
    this.stats = engine.jobs().stats();
    for (NodeInfo node : engine.nodes().liveNodes()) {
      node.pools().stream().filter(p -> p.size() > 0).forEach(p -> served.add(p.queue()));
    }
    this.outcomes = outcomes;
  }

  @Override
  public StoreStats stats() {
    return stats;
  }

  @Override
  public Set<String> servedQueues() {
    return served;
  }

  @Override
  public OutcomeWindow outcomes() {
    return outcomes;
  }

  @Override
  public Optional<SlaAttainment> sla(SlaObjective objective, Duration window) {
    return Optional.of(
        SlaAttainment.of(engine.metrics(), objective, null, window, clock.instant()));
  }
}
