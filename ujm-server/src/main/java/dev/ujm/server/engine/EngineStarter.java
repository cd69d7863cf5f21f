package dev.ujm.server.engine;

import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.cluster.LocalQueueControls;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.store.Stores;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the running {@link Engine} from the configuration: the node id from the data directory,
 * the stores, the bootstrap admin key and the {@link Ujm} runtime (job types, event bus, waits,
 * workers, duties). Called by the {@link Backend} at start and again while the backend is down; a
 * failure closes whatever it had opened.
 */
public final class EngineStarter implements Supplier<Engine> {
  /**
   * Where a backend that keeps no queue controls of its own (the embedded store: one node) keeps
   * them: in the data directory, so a paused queue stays paused across a restart.
   */
  public static final String QUEUE_SETTINGS_FILE = "queues.json";

  private final UjmConfig config;
  private final InstantSource clock;
  private final StoreFactory stores;
  private final List<JobDefinition<?>> definitions;
  private final Duration shutdownGrace;

  public EngineStarter(
      UjmConfig config,
      InstantSource clock,
      StoreFactory stores,
      List<JobDefinition<?>> definitions,
      Duration shutdownGrace) {
    this.config = config;
    this.clock = clock;
    this.stores = stores;
    this.definitions = List.copyOf(definitions);
    this.shutdownGrace = shutdownGrace;
  }

  @Override
  public Engine get() {
    String nodeId = NodeIdentity.loadOrCreate(config.dataDir());
    Stores opened = stores.open(config, clock);
    try {
      ApiKeys keys = new ApiKeys(opened.keys(), clock);
      keys.bootstrapAdmin(AdminKeyFile.secret(config.adminKey(), config.dataDir()));
      Ujm.Builder builder =
          Ujm.builder()
              .store(opened.jobs())
              .clock(clock)
              .config(config)
              .nodeId(nodeId)
              .shutdownGrace(shutdownGrace);
      if (opened.events() != null) {
        builder.events(opened.events());
      }
      if (opened.nodes() != null) {
        builder.nodes(opened.nodes());
      }
      if (opened.locks() != null) {
        builder.locks(opened.locks());
      }
      builder.queueControls(
          opened.queueControls() != null
              ? opened.queueControls()
              : new LocalQueueControls(clock, config.dataDir().resolve(QUEUE_SETTINGS_FILE)));
      definitions.forEach(builder::register);
      Ujm ujm = builder.build().start();
      return new Engine(opened, ujm, keys);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }
}
