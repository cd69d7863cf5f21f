package dev.ujm.core.engine;

import dev.ujm.core.cluster.ClusterLock;
import dev.ujm.core.cluster.LocalClusterLock;
import dev.ujm.core.cluster.LocalNodeRegistry;
import dev.ujm.core.cluster.LocalQueueControls;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.cluster.QueueControls;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.diagnostic.DiagnosticJobs;
import dev.ujm.core.duty.Duty;
import dev.ujm.core.duty.DutyScheduler;
import dev.ujm.core.duty.HistoryPurger;
import dev.ujm.core.duty.OrphanReaper;
import dev.ujm.core.duty.RetentionPurger;
import dev.ujm.core.duty.ScheduledJobPromoter;
import dev.ujm.core.duty.SpaceReclaimer;
import dev.ujm.core.eta.EtaEstimator;
import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.JobWaiter;
import dev.ujm.core.events.LocalEventBus;
import dev.ujm.core.events.Subscription;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.handler.PluginJars;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Transition;
import dev.ujm.core.schedule.ScheduleEvaluator;
import dev.ujm.core.schedule.ScheduleService;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.tenant.SubmitQuotas;
import dev.ujm.core.tenant.TenantDefaults;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.worker.AttemptObserver;
import dev.ujm.core.worker.JobWorkerService;
import dev.ujm.core.worker.RetryPolicy;
import dev.ujm.core.workflow.WorkflowService;
import dev.ujm.core.workflow.WorkflowStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.LoggerFactory;

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
  private final EventBus events;
  private final boolean ownsEvents;
  private final JobWaiter waiter;
  private final NodeRegistry nodes;
  private final ScheduleService schedules;
  private final WorkflowService workflows;
  private final EtaEstimator eta = new EtaEstimator();
  private volatile Subscription etaFeed;

  private Ujm(Builder b, JobTypeRegistry types) {
    this.store = b.store;
    this.types = types;
    this.ownsEvents = b.events == null;
    this.events = ownsEvents ? new LocalEventBus() : b.events;
    b.store.addListener(events::publish);
    this.waiter = new JobWaiter(events);
    TenantDefaults tenantDefaults = TenantDefaults.from(b.config.settings());
    if (b.tenants != null) {
      b.tenants.useDefaults(tenantDefaults);
    }
    this.jobs =
        new JobService(
            b.store,
            types,
            b.clock,
            new SubmitQuotas(b.tenants, tenantDefaults, b.store, types, b.clock));
    this.schedules = b.schedules == null ? null : new ScheduleService(b.schedules, jobs, b.clock);
    this.workflows = b.workflows == null ? null : new WorkflowService(b.workflows, jobs);
    this.workers =
        JobWorkerService.builder(b.store, types)
            .config(b.config)
            .clock(b.clock)
            .nodeId(b.nodeId)
            .retryPolicy(b.retryPolicy != null ? b.retryPolicy : RetryPolicy.from(b.config))
            .events(events)
            .nodes(b.nodes)
            .queueControls(b.queueControls)
            .observer(b.observer)
            .eta(eta)
            .build();
    List<Duty> all = new ArrayList<>();
    if (b.defaultDuties) {
      all.add(new OrphanReaper(b.store, OrphanReaper.DEFAULT_INTERVAL));
      all.add(new ScheduledJobPromoter(b.store, ScheduledJobPromoter.DEFAULT_INTERVAL));
      all.add(
          new RetentionPurger(
              b.store, b.clock, b.config.retention(), RetentionPurger.DEFAULT_INTERVAL));
      all.add(
          new HistoryPurger(
              b.store, b.clock, b.config.auditRetention(), HistoryPurger.DEFAULT_INTERVAL));
      all.add(new SpaceReclaimer(b.store, SpaceReclaimer.DEFAULT_INTERVAL));
      if (schedules != null) {
        all.add(new ScheduleEvaluator(schedules, b.clock, ScheduleEvaluator.DEFAULT_INTERVAL));
      }
    }
    all.addAll(b.duties);
    this.duties = new DutyScheduler(all, b.locks, workers.workerId());
    this.nodes = b.nodes;
    this.shutdownGrace = b.shutdownGrace;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Seeds the ETA estimator from the store, requeues what this node held before a restart, then
   * starts the workers and the duties.
   *
   * @return this, for chaining
   * @throws IllegalStateException when already started
   */
  public Ujm start() {
    try {
      eta.seed(store);
    } catch (RuntimeException e) {
      // the ETA then learns from the bus alone; a node must not refuse to start for it
      LoggerFactory.getLogger(Ujm.class).warn("could not seed the ETA from the store", e);
    }
    etaFeed =
        events.subscribe(
            change ->
                !change.isStateChange()
                    || change.transition() == Transition.CLAIM
                    || change.from() == JobState.PROCESSING,
            eta);
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

  /** Recurring jobs; null when the store has no schedules ({@link Builder#schedules}). */
  public ScheduleService schedules() {
    return schedules;
  }

  /**
   * Workflows and batches with callbacks; null when the store has none ({@link Builder#workflows}).
   */
  public WorkflowService workflows() {
    return workflows;
  }

  public JobWorkerService workers() {
    return workers;
  }

  public JobTypeRegistry types() {
    return types;
  }

  /**
   * The bus that carries every committed change of the store's jobs: subscribe to follow jobs live.
   */
  public EventBus events() {
    return events;
  }

  /** Lets callers wait for jobs to change; shared by everything in this process that waits. */
  public JobWaiter waiter() {
    return waiter;
  }

  /**
   * Waits until the job has finished (completed, failed or cancelled) or the timeout ran out, and
   * returns it as it is then; no polling, it wakes on the job's own change.
   *
   * @throws JobNotFoundException when there is no such job
   * @throws InterruptedException when the calling thread is interrupted
   */
  public Job await(String jobId, Duration timeout) throws InterruptedException {
    return waiter.awaitFinal(jobs::get, jobId, timeout);
  }

  /**
   * What predicts the time left of running jobs ({@code etaSeconds}): seeded from the store at
   * {@link #start()}, then taught by the bus.
   */
  public EtaEstimator eta() {
    return eta;
  }

  /** The store it was given; still owned by the caller. */
  public JobStore store() {
    return store;
  }

  /** The background duties, for tests that run one pass by hand. */
  public List<Duty> duties() {
    return duties.duties();
  }

  /** The live nodes sharing the store (this one alone on the embedded store). */
  public NodeRegistry nodes() {
    return nodes;
  }

  /**
   * The operators' decisions about queues (pause, pool size, autoscaling range), which every node's
   * workers apply: change them here to pause a queue or resize its pools live.
   */
  public QueueControls queueControls() {
    return workers.queueControls();
  }

  /** Stops the duties, then the workers with the given grace period. Leaves the store open. */
  public void stop(Duration grace) {
    duties.close();
    workers.stop(grace);
    if (etaFeed != null) {
      etaFeed.close();
    }
    waiter.close();
    if (ownsEvents) {
      events.close();
    }
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
    private RetryPolicy retryPolicy;
    private Duration shutdownGrace = JobWorkerService.DEFAULT_GRACE;
    private boolean loadModules = true;
    private EventBus events;
    private NodeRegistry nodes;
    private ClusterLock locks;
    private QueueControls queueControls;
    private AttemptObserver observer = AttemptObserver.NONE;
    private boolean defaultDuties = true;
    private ScheduleStore schedules;
    private WorkflowStore workflows;
    private TenantStore tenants;
    private final List<Duty> duties = new ArrayList<>();
    private boolean diagnosticTypes;
    private final List<JobDefinition<?>> definitions = new ArrayList<>();
    private final Map<Class<?>, Object> services = new HashMap<>();

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
     * This node's name, unique among the nodes sharing the store. Give the same name after a
     * restart (the server keeps one in its data directory) so the restarted node takes back its
     * jobs at once; unless set, the host name with a random suffix of this process, so two
     * processes never share one (their jobs then wait for their leases to expire after a crash).
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
     * Offers a service to the job modules ({@link JobEnvironment#service(Class)}), for example a
     * {@code FileStore}. The store given to {@link #store(JobStore)} is offered as {@link JobStore}
     * unless a service replaces it.
     */
    public <T> Builder service(Class<T> type, T service) {
      services.put(Objects.requireNonNull(type), type.cast(Objects.requireNonNull(service)));
      return this;
    }

    /**
     * Whether to load the {@link dev.ujm.core.handler.JobModule}s on the class path and the plugin
     * jars of {@code UJM_PLUGINS_DIR} ({@link PluginJars}); true unless set.
     */
    public Builder loadModules(boolean value) {
      this.loadModules = value;
      return this;
    }

    /**
     * Whether to add the diagnostic job types {@code noop}, {@code echo}, {@code sleep} and {@code
     * flaky} (for smoke tests, benchmarks and demos; each gets a worker pool); false unless set.
     * The server turns them on.
     */
    public Builder diagnosticTypes(boolean value) {
      this.diagnosticTypes = value;
      return this;
    }

    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The bus the store's committed changes are published to (a bus that also relays them to other
     * nodes, say); its owner closes it. Unless set, {@link Ujm} makes a {@link LocalEventBus} and
     * closes it with itself.
     */
    public Builder events(EventBus value) {
      this.events = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Where nodes announce themselves ({@code GET /api/v2/workers} lists them); this process alone
     * unless set (the embedded store is owned by one process).
     */
    public Builder nodes(NodeRegistry value) {
      this.nodes = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The lock that keeps each cluster-wide duty on one node at a time; a lock of this process
     * unless set.
     */
    public Builder locks(ClusterLock value) {
      this.locks = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The schedules of the store's backend; with it the schedule evaluator runs among the default
     * duties (cluster-wide: one node at a time).
     */
    public Builder schedules(ScheduleStore value) {
      this.schedules = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The tenant records of the store's backend, whose quotas every submit is held against (with
     * the {@code UJM_TENANT_DEFAULT_*} settings for what a record leaves out); without them every
     * tenant gets the defaults.
     */
    public Builder tenants(TenantStore value) {
      this.tenants = Objects.requireNonNull(value);
      return this;
    }

    /** The workflows of the store's backend. */
    public Builder workflows(WorkflowStore value) {
      this.workflows = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Where the operators' queue decisions are kept, so that every node applies them; in this
     * process alone unless set.
     */
    public Builder queueControls(QueueControls value) {
      this.queueControls = Objects.requireNonNull(value);
      return this;
    }

    /** Who watches this node's attempts (metrics, traces); nobody unless set. */
    public Builder observer(AttemptObserver value) {
      this.observer = Objects.requireNonNull(value);
      return this;
    }

    /** Adds a background duty, run with the default ones on the same lifecycle. */
    public Builder duty(Duty duty) {
      duties.add(Objects.requireNonNull(duty));
      return this;
    }

    /**
     * Whether to run the default duties (orphan reaper, scheduled-job promoter, retention purger);
     * true unless set.
     */
    public Builder defaultDuties(boolean value) {
      this.defaultDuties = value;
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
      if (nodes == null) {
        nodes = new LocalNodeRegistry(clock);
      }
      if (locks == null) {
        locks = new LocalClusterLock(clock);
      }
      if (queueControls == null) {
        queueControls = new LocalQueueControls(clock);
      }
      JobTypeRegistry types = new JobTypeRegistry();
      Map<Class<?>, Object> offered = new HashMap<>(services);
      offered.putIfAbsent(JobStore.class, store);
      JobEnvironment environment = new JobEnvironment(clock, config.settings(), offered);
      if (loadModules) {
        types.loadModules(environment);
      }
      if (diagnosticTypes) {
        new DiagnosticJobs().definitions(environment).forEach(types::register);
      }
      if (loadModules) { // after every type of the class path, so a plugin cannot take their names
        environment
            .setting("UJM_PLUGINS_DIR")
            .ifPresent(dir -> PluginJars.load(Path.of(dir.trim()), environment, types));
      }
      definitions.forEach(types::register);
      return new Ujm(this, types);
    }

    private static String defaultNodeId() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = null;
      }
      String name =
          host == null || host.isBlank() ? "local" : host.replaceAll("[^A-Za-z0-9_.-]", "_");
      byte[] random = new byte[3];
      new SecureRandom().nextBytes(random);
      return name + "-" + HexFormat.of().formatHex(random);
    }
  }
}
