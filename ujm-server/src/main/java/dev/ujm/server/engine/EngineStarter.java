package dev.ujm.server.engine;

import dev.ujm.core.analytics.JobMetricsTrimmer;
import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.cluster.HostPoliteness;
import dev.ujm.core.cluster.LocalQueueControls;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.duty.AccessLogPurger;
import dev.ujm.core.duty.Duty;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.WorkSpans;
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.store.StoreMaintenance;
import dev.ujm.core.store.Stores;
import dev.ujm.server.analytics.AnalyticsSettings;
import dev.ujm.server.audit.AccessAuditSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the running {@link Engine} from the configuration: the node id from the data directory,
 * the stores, the bootstrap admin key and the {@link Ujm} runtime (job types, the diagnostic ones
 * included, event bus, waits, workers, duties and the server's own), watched by the server's {@link
 * Instrumentation}. Called by the {@link Backend} at start and again while the backend is down; a
 * failure closes whatever it had opened.
 */
public final class EngineStarter implements Supplier<Engine> {
  private static final Logger LOG = LoggerFactory.getLogger(EngineStarter.class);

  /**
   * Where a backend that keeps no queue controls of its own (the embedded store: one node) keeps
   * them: in the data directory, so a paused queue stays paused across a restart.
   */
  public static final String QUEUE_SETTINGS_FILE = "queues.json";

  private final UjmConfig config;
  private final DataDirectory dataDir;
  private final InstantSource clock;
  private final StoreFactory stores;
  private final List<JobDefinition<?>> definitions;
  private final Duration shutdownGrace;
  private final Instrumentation instrumentation;
  private final List<Duty> duties;

  public EngineStarter(
      UjmConfig config,
      DataDirectory dataDir,
      InstantSource clock,
      StoreFactory stores,
      List<JobDefinition<?>> definitions,
      Duration shutdownGrace,
      Instrumentation instrumentation,
      List<Duty> duties) {
    this.config = config;
    this.dataDir = dataDir;
    this.clock = clock;
    this.stores = stores;
    this.definitions = List.copyOf(definitions);
    this.shutdownGrace = shutdownGrace;
    this.instrumentation = instrumentation;
    this.duties = List.copyOf(duties);
  }

  @Override
  public Engine get() {
    String nodeId = dataDir.nodeId();
    Stores opened = stores.open(config, clock);
    try {
      ApiKeys keys = new ApiKeys(opened.keys(), clock);
      bootstrapAdmin(keys);
      instrumentation.attachTo(opened.jobs());
      Ujm.Builder builder =
          Ujm.builder()
              .store(opened.jobs())
              .clock(clock)
              .config(config)
              .nodeId(nodeId)
              .diagnosticTypes(true)
              .shutdownGrace(shutdownGrace)
              .observer(instrumentation.attempts())
              .service(WorkSpans.class, instrumentation.spans());
      if (opened.events() != null) {
        builder.events(opened.events());
      }
      if (opened.nodes() != null) {
        builder.nodes(opened.nodes());
      }
      if (opened.locks() != null) {
        builder.locks(opened.locks());
      }
      opened.fileStore().ifPresent(files -> builder.service(FileStore.class, files));
      opened.storeMaintenance().ifPresent(m -> builder.service(StoreMaintenance.class, m));
      if (opened.politeness() != null) {
        builder.service(HostPoliteness.class, opened.politeness());
      }
      if (opened.schedules() != null) {
        builder.schedules(opened.schedules());
      }
      if (opened.workflows() != null) {
        builder.workflows(opened.workflows());
      }
      opened.tenantStore().ifPresent(builder::tenants);
      opened
          .accessLogStore()
          .ifPresent(
              log ->
                  builder.duty(
                      new AccessLogPurger(
                          log,
                          clock,
                          AccessAuditSettings.from(config.settings()).retention(),
                          AccessLogPurger.DEFAULT_INTERVAL)));
      opened
          .jobMetrics()
          .ifPresent(
              kept ->
                  builder.duty(
                      new JobMetricsTrimmer(
                          kept,
                          clock,
                          AnalyticsSettings.from(config.settings()).retention(),
                          JobMetricsTrimmer.DEFAULT_INTERVAL)));
      builder.queueControls(
          opened.queueControls() != null
              ? opened.queueControls()
              : new LocalQueueControls(clock, dataDir.file(QUEUE_SETTINGS_FILE)));
      definitions.forEach(builder::register);
      duties.forEach(builder::duty);
      Ujm ujm = builder.build();
      instrumentation.built().accept(ujm);
      ujm.start();
      return new Engine(opened, ujm, keys);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /**
   * Makes the bootstrap admin key match the configured one. A read-only data directory cannot store
   * a new one: the server then serves reads to the keys it already has, and says so.
   */
  private void bootstrapAdmin(ApiKeys keys) {
    String secret = AdminKeyFile.secret(config.adminKey(), dataDir.path());
    try {
      keys.bootstrapAdmin(secret);
    } catch (StorageFaultException e) {
      if (e.kind() != StorageFaultException.Kind.READ_ONLY) {
        throw e;
      }
      LOG.warn(
          "the admin key cannot be stored, the database is read-only; the keys stored before work:"
              + " {}",
          e.getMessage());
    }
  }
}
