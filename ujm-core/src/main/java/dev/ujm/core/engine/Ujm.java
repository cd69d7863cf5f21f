package dev.ujm.core.engine;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.duty.Duty;
import dev.ujm.core.duty.DutyScheduler;
import dev.ujm.core.duty.HistoryPurger;
import dev.ujm.core.duty.OrphanReaper;
import dev.ujm.core.duty.RetentionPurger;
import dev.ujm.core.duty.ScheduledJobPromoter;
import dev.ujm.core.duty.SpaceReclaimer;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.worker.JobWorkerService;
import dev.ujm.core.worker.RetryPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * UJM in one object, for applications that use it as a library and for the server's composition
 * root: the job types (every {@link dev.ujm.core.handler.JobModule} on the class path plus those
 * registered in code), the {@link JobService} front door, this node's {@link JobWorkerService} and
 * the background duties (orphan reaper, scheduled-job promoter, retention purger, history purger,
 * space reclaimer).
 *
 * <pre>{@code
 * try (Ujm ujm = Ujm.builder().store(store).register(myType).build().start()) {
 *   ujm.submit(NewJob.ofType("my-type").payload(Map.of("x", 1)).build());
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the duties and the workers gracefully (running jobs get the grace
 * period, then are handed back with their checkpoint) but never closes the store: whoever built the
 * store owns it and closes it after. One start and one close per instance. Thread-safe.
 */
public final class Ujm implements AutoCloseable {
  private final JobStore store;
  private final JobTypeRegistry types;
  private final JobService jobs;
  private final JobWorkerService workers;
  private final DutyScheduler duties;
  private final Duration shutdownGrace;

  private Ujm(Builder b, JobTypeRegistry types) {
    this.store = b.store;
    this.types = types;
    this.jobs = new JobService(b.store, types, b.clock);
    this.workers =
        JobWorkerService.builder(b.store, types)
            .config(b.config)
            .clock(b.clock)
            .nodeId(b.nodeId)
            .retryPolicy(b.retryPolicy)
            .build();
    List<Duty> all =
        List.of(
            new OrphanReaper(b.store, OrphanReaper.DEFAULT_INTERVAL),
            new ScheduledJobPromoter(b.store, ScheduledJobPromoter.DEFAULT_INTERVAL),
            new RetentionPurger(
                b.store, b.clock, b.config.retention(), RetentionPurger.DEFAULT_INTERVAL),
            new HistoryPurger(
                b.store, b.clock, b.config.auditRetention(), HistoryPurger.DEFAULT_INTERVAL),
            new SpaceReclaimer(b.store, SpaceReclaimer.DEFAULT_INTERVAL));
    this.duties = new DutyScheduler(all);
    this.shutdownGrace = b.shutdownGrace;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Requeues what this node held before a restart, then starts the workers and the duties.
   *
   * @return this, for chaining
   * @throws IllegalStateException when already started
   */
  public Ujm start() {
    workers.start();
    duties.start();
    return this;
  }

  /** The front door: submit, get, cancel, retry, find. */
  public JobService jobs() {
    return jobs;
  }

  /** Validates and stores one job; the same as {@code jobs().submit(job)}. */
  public SubmitResult submit(NewJob job) {
    return jobs.submit(job);
  }

  public JobWorkerService workers() {
    return workers;
  }

  public JobTypeRegistry types() {
    return types;
  }

  /** The store it was given; still owned by the caller. */
  public JobStore store() {
    return store;
  }

  /** The background duties, for tests that run one pass by hand. */
  public List<Duty> duties() {
    return duties.duties();
  }

  /** Stops the duties, then the workers with the given grace period. Leaves the store open. */
  public void stop(Duration grace) {
    duties.close();
    workers.stop(grace);
  }

  /** {@link #stop(Duration)} with the builder's shutdown grace (10 seconds unless set). */
  @Override
  public void close() {
    stop(shutdownGrace);
  }

  /** Builds a {@link Ujm}; only the store is required. Not thread-safe. */
  public static final class Builder {
    private JobStore store;
    private InstantSource clock = InstantSource.system();
    private UjmConfig config = UjmConfig.defaults();
    private String nodeId = defaultNodeId();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration shutdownGrace = JobWorkerService.DEFAULT_GRACE;
    private boolean loadModules = true;
    private final List<JobDefinition<?>> definitions = new ArrayList<>();

    private Builder() {}

    /** The store to use; required. {@link Ujm#close()} does not close it. */
    public Builder store(JobStore value) {
      this.store = Objects.requireNonNull(value);
      return this;
    }

    /** The clock of every time rule; the system clock unless set. Give the store the same clock. */
    public Builder clock(InstantSource value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Pool sizes, lease, heartbeat, checkpoint and retention settings; {@link UjmConfig#defaults()}
     * unless set.
     */
    public Builder config(UjmConfig value) {
      this.config = Objects.requireNonNull(value);
      return this;
    }

    /**
     * This node's stable name, which must survive restarts so that a restarted node takes back its
     * jobs at once; the host name unless set.
     */
    public Builder nodeId(String value) {
      this.nodeId = Objects.requireNonNull(value);
      return this;
    }

    /** Adds a job type in code; it replaces a module's type of the same name. */
    public Builder register(JobDefinition<?> definition) {
      definitions.add(Objects.requireNonNull(definition));
      return this;
    }

    /**
     * Whether to load the {@link dev.ujm.core.handler.JobModule}s on the class path; true unless
     * set.
     */
    public Builder loadModules(boolean value) {
      this.loadModules = value;
      return this;
    }

    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = Objects.requireNonNull(value);
      return this;
    }

    /** How long {@link Ujm#close()} lets running jobs finish before handing them back. */
    public Builder shutdownGrace(Duration value) {
      this.shutdownGrace = Objects.requireNonNull(value);
      return this;
    }

    /**
     * @throws IllegalStateException when no store was given
     */
    public Ujm build() {
      if (store == null) {
        throw new IllegalStateException("Ujm needs a store");
      }
      JobTypeRegistry types = new JobTypeRegistry();
      if (loadModules) {
        types.loadModules(new JobEnvironment(clock, config.settings()));
      }
      definitions.forEach(types::register);
      return new Ujm(this, types);
    }

    private static String defaultNodeId() {
      try {
        String host = InetAddress.getLocalHost().getHostName();
        return host == null || host.isBlank() ? "local" : host.replace('/', '_');
      } catch (UnknownHostException e) {
        return "local";
      }
    }
  }
}
