package dev.ujm.core.worker;

import dev.ujm.core.cluster.LocalNodeRegistry;
import dev.ujm.core.cluster.LocalQueueControls;
import dev.ujm.core.cluster.NodeInfo;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.cluster.QueueControls;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.eta.EtaEstimator;
import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.LocalEventBus;
import dev.ujm.core.events.Subscription;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's jobs. Its life:
 *
 * <ol>
 *   <li>{@link #start()}: requeues at once every job an earlier run of this node still held ({@code
 *       store.requeueHeldBy("<nodeId>/")}), subscribes to the event bus, then starts one {@link
 *       QueuePool} per queue (the registered types' names plus every {@code UJM_WORKERS_<QUEUE>}),
 *       sized by {@link UjmConfig#workersFor}; each pool claims in batches and runs each job on its
 *       own virtual thread;
 *   <li>every {@code UJM_HEARTBEAT_SECONDS} one {@code store.heartbeat} extends all leases of this
 *       node and stops the attempts whose lease was lost or whose job was cancelled, the node
 *       applies the operators' queue decisions ({@link QueueControls}: pause, size, autoscaling
 *       range; a change made here applies at once) and announces itself and its pools to the {@link
 *       NodeRegistry}; autoscaled pools are sized every few seconds ({@link PoolAutoscaler});
 *   <li>every {@value #TICK_MILLIS} ms it writes due progress and stops attempts past their
 *       timeout; every {@code UJM_CHECKPOINT_SECONDS} it saves the handlers' registered
 *       checkpoints;
 *   <li>between those, the bus subscription reacts at once: a job queued here rings its pool, a
 *       running job cancelled (or moved on by anyone else, on any node) is stopped and interrupted
 *       within milliseconds;
 *   <li>{@link #stop(Duration)}: stops claiming, lets running jobs finish within the grace period,
 *       then hands the rest back to their queue with their checkpoint ({@link HandBack}).
 * </ol>
 *
 * The worker id is {@code <nodeId>/<bootId>}, with a random boot id per start, so a restarted node
 * can tell its old leases from its new ones. One start and one stop per instance. Thread-safe.
 */
public final class JobWorkerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorkerService.class);
  static final long TICK_MILLIS = 250;

  /** How long {@link #close()} lets running jobs finish before handing them back. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  private static final Duration LOOP_STOP_WAIT = Duration.ofSeconds(5);
  private static final String HOST = hostName();

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final JobStore store;
  private final InstantSource clock;
  private final UjmConfig config;
  private final String nodeId;
  private final String workerId;
  private final RunningAttempts running = new RunningAttempts();
  private final Map<String, QueuePool> pools;
  private final LeaseKeeper leases;
  private final AttemptWatch watch;
  private final HandBack handBack;
  private final ScheduledExecutorService ticker;
  private final EventBus events;
  private final boolean ownsEvents;
  private volatile Subscription reactions;
  private final NodeRegistry nodes;
  private final QueueControls queueControls;
  private final PoolAutoscaler autoscaler;
  private final PoolControls poolControls;
  private volatile State state = State.NEW;
  private volatile Instant startedAt;

  private JobWorkerService(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.config = b.config;
    this.nodeId = b.nodeId;
    this.workerId = b.nodeId + "/" + UUID.randomUUID().toString().substring(0, 8);
    var writer = new OutcomeWriter(store, clock, b.retryPolicy, b.observer);
    var runner = new AttemptRunner(b.types, store, clock, writer, b.observer);
    var setup =
        new PoolSetup(store, clock, runner, running, workerId, config.lease(), b.idleWait, b.eta);
    Map<String, QueuePool> byQueue = new TreeMap<>();
    for (String queue : b.types.typeNames()) {
      byQueue.put(queue, new QueuePool(queue, config.workersFor(queue), setup));
    }
    for (String queue : config.workersPerQueue().keySet()) {
      byQueue.computeIfAbsent(queue, q -> new QueuePool(q, config.workersFor(q), setup));
    }
    this.pools = Collections.unmodifiableMap(byQueue);
    this.leases = new LeaseKeeper(store, running, clock, workerId, config.lease());
    this.watch =
        new AttemptWatch(running, writer, clock, store, this::countFailedOnBehalf, b.observer);
    this.handBack = new HandBack(store, clock, watch);
    var executor =
        new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("ujm-worker-ticker").factory());
    executor.setRemoveOnCancelPolicy(true);
    this.ticker = executor;
    this.ownsEvents = b.events == null;
    this.events = ownsEvents ? new LocalEventBus() : b.events;
    this.nodes = b.nodes != null ? b.nodes : new LocalNodeRegistry(b.clock);
    this.queueControls =
        b.queueControls != null ? b.queueControls : new LocalQueueControls(b.clock);
    this.autoscaler = new PoolAutoscaler(pools, store, nodes, clock);
    this.poolControls = new PoolControls(pools, queueControls, config, autoscaler);
  }

  /** Starts building a worker service over this store and these job types. */
  public static Builder builder(JobStore store, JobTypeRegistry types) {
    return new Builder(store, types);
  }

  /**
   * Requeues what an earlier run of this node held, then starts claiming and the periodic duties.
   *
   * @throws IllegalStateException when already started
   */
  public synchronized JobWorkerService start() {
    if (state != State.NEW) {
      throw new IllegalStateException("a worker service starts once; this one is " + state);
    }
    startedAt = clock.instant();
    requeueWhatThisNodeHeld();
    if (ownsEvents) {
      store.addListener(events::publish);
    }
    ChangeReactions react = new ChangeReactions(pools, running, clock, this::reactionMode);
    reactions = events.subscribe(react::concerns, react);
    state = State.RUNNING;
    applyControls();
    queueControls.onChange(
        control -> {
          if (state == State.RUNNING) {
            poolControls.apply(control);
          }
        });
    pools.values().forEach(QueuePool::start);
    every(
        Duration.ofMillis(TICK_MILLIS),
        "progress and timeouts",
        () -> {
          watch.flushProgressOnce();
          watch.checkTimeoutsOnce();
        });
    announce();
    every(
        config.heartbeat(),
        "heartbeat",
        () -> {
          leases.beatOnce();
          applyControls();
          announce();
        });
    every(PoolAutoscaler.INTERVAL, "autoscaling", this::autoscaleOnce);
    every(config.checkpoint(), "checkpoint", watch::checkpointOnce);
    LOG.info("workers of {} started: {}", workerId, snapshot().pools());
    return this;
  }

  /**
   * A store that is down must not stop the node from starting: the orphan reaper frees those jobs
   * later instead.
   */
  private void requeueWhatThisNodeHeld() {
    try {
      int requeued = store.requeueHeldBy(nodeId + "/", "node restarted");
      if (requeued > 0) {
        LOG.info("requeued {} job(s) this node held before it restarted", requeued);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "could not requeue the jobs this node held before it restarted; their leases will expire instead",
          e);
    }
  }

  /**
   * Stops claiming, lets running jobs finish for up to {@code grace}, then hands the rest back to
   * their queue with their checkpoint. Returns when done; a call while another is stopping, or
   * after, returns at once.
   */
  public void stop(Duration grace) {
    synchronized (this) {
      if (state == State.NEW) {
        state = State.STOPPED;
        ticker.shutdownNow();
        closeEvents();
      }
      if (state != State.RUNNING) {
        return; // never started, already stopped, or another caller is stopping it
      }
      state = State.STOPPING;
    }
    boolean interrupted = false;
    try {
      for (QueuePool pool : pools.values()) {
        pool.stopClaiming(LOOP_STOP_WAIT);
      }
      if (!running.awaitEmpty(grace)) {
        handBackRunning();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      handBackRunning();
    } finally {
      ticker.shutdownNow();
      closeEvents();
      leaveQuietly();
      state = State.STOPPED;
      LOG.info("workers of {} stopped", workerId);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@link #stop(Duration)} with {@link #DEFAULT_GRACE}. */
  @Override
  public void close() {
    stop(DEFAULT_GRACE);
  }

  /**
   * Extends all leases of this node once, as the heartbeat does; returns how many attempts it
   * stopped.
   */
  public int heartbeatOnce() {
    return leases.beatOnce();
  }

  /**
   * Stops (or fails) attempts past their timeout by the clock, once; returns how many it acted on.
   */
  public int checkTimeoutsOnce() {
    return watch.checkTimeoutsOnce();
  }

  /** Saves changed registered checkpoints once; returns how many it saved. */
  public int checkpointOnce() {
    return watch.checkpointOnce();
  }

  /** Writes due coalesced progress once; returns how many it wrote. */
  public int flushProgressOnce() {
    return watch.flushProgressOnce();
  }

  /** Sizes the autoscaled pools once, as the autoscaler does; returns how many it resized. */
  public int autoscaleOnce() {
    return state == State.RUNNING ? autoscaler.runOnce() : 0;
  }

  /** Where this node reads the operators' queue decisions. */
  public QueueControls queueControls() {
    return queueControls;
  }

  private void applyControls() {
    try {
      poolControls.applyAll();
    } catch (RuntimeException e) {
      LOG.warn("could not read the queue settings; the pools keep their current ones", e);
    }
  }

  /** The pools and counters now; cheap, safe to call from any thread. */
  public WorkerSnapshot snapshot() {
    return new WorkerSnapshot(
        nodeId,
        workerId,
        state.name().toLowerCase(Locale.ROOT),
        startedAt,
        running.size(),
        pools.values().stream().map(poolControls::snapshot).toList());
  }

  /**
   * The queues a pool of this node serves now (its size above zero): what {@link #snapshot()}
   * tells, without building every pool's snapshot, for answers that say whether a job's queue is
   * served.
   */
  public Set<String> servedQueues() {
    Set<String> served = new HashSet<>();
    for (QueuePool pool : pools.values()) {
      if (pool.size() > 0) {
        served.add(pool.queue());
      }
    }
    return served;
  }

  public String nodeId() {
    return nodeId;
  }

  /** {@code <nodeId>/<bootId>}: the id this run writes to the jobs it claims. */
  public String workerId() {
    return workerId;
  }

  private ChangeReactions.Mode reactionMode() {
    return switch (state) {
      case RUNNING -> ChangeReactions.Mode.CLAIMING;
      case STOPPING -> ChangeReactions.Mode.DRAINING;
      default -> ChangeReactions.Mode.DEAF;
    };
  }

  /** Tells the other nodes this one is alive until three heartbeats from now. */
  private void announce() {
    WorkerSnapshot now = snapshot();
    nodes.heartbeat(
        new NodeInfo(
            nodeId,
            workerId,
            HOST,
            startedAt,
            clock.instant(),
            now.pools().stream()
                .map(p -> new NodeInfo.PoolInfo(p.queue(), p.size(), p.busy()))
                .toList()),
        config.heartbeat().multipliedBy(3));
  }

  private void leaveQuietly() {
    try {
      nodes.leave(nodeId);
    } catch (RuntimeException e) {
      LOG.debug("could not leave the node registry; the announcement expires by itself", e);
    }
  }

  private void closeEvents() {
    if (reactions != null) {
      reactions.close();
    }
    if (ownsEvents) {
      events.close();
    }
  }

  private void handBackRunning() {
    try {
      int released = handBack.handBack(running.all());
      LOG.info("handed {} running job(s) back at shutdown", released);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn(
          "interrupted while handing jobs back; their leases will expire and they will run again");
    }
  }

  private void countFailedOnBehalf(Attempt attempt) {
    QueuePool pool = pools.get(attempt.job().queue());
    if (pool != null) {
      pool.countFailed();
    }
  }

  private void every(Duration period, String what, Runnable task) {
    long millis = Math.max(1, period.toMillis());
    ticker.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) { // a throwing task would never be scheduled again
            LOG.warn("worker {} failed; it runs again in {} ms", what, millis, e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** Builds a {@link JobWorkerService}; not thread-safe. */
  public static final class Builder {
    private final JobStore store;
    private final JobTypeRegistry types;
    private UjmConfig config = UjmConfig.defaults();
    private InstantSource clock = InstantSource.system();
    private String nodeId = "local";
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration idleWait = Duration.ofMillis(200);
    private EventBus events;
    private NodeRegistry nodes;
    private QueueControls queueControls;
    private AttemptObserver observer = AttemptObserver.NONE;
    private EtaEstimator eta;

    private Builder(JobStore store, JobTypeRegistry types) {
      this.store = Objects.requireNonNull(store, "store");
      this.types = Objects.requireNonNull(types, "types");
    }

    /**
     * Pool sizes, lease, heartbeat and checkpoint intervals; defaults to {@link
     * UjmConfig#defaults()}.
     */
    public Builder config(UjmConfig value) {
      this.config = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The clock of every time rule (timeouts, retry times, progress gaps); defaults to the system
     * clock.
     */
    public Builder clock(InstantSource value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /**
     * This node's stable name (it must survive restarts); defaults to {@code local}. Must not
     * contain '/'.
     */
    public Builder nodeId(String value) {
      if (value == null || value.isBlank() || value.contains("/")) {
        throw new IllegalArgumentException("node id must be non-blank and without '/': " + value);
      }
      this.nodeId = value;
      return this;
    }

    /** Backoff between attempts; defaults to {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = Objects.requireNonNull(value);
      return this;
    }

    /**
     * How long an idle pool waits for a ring before it polls its queue again; defaults to 200 ms.
     */
    public Builder idleWait(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("idle wait must be positive");
      }
      this.idleWait = value;
      return this;
    }

    /** Where this node announces itself at each heartbeat; this process alone unless set. */
    public Builder nodes(NodeRegistry value) {
      this.nodes = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Where the operators' queue decisions (pause, size, autoscaling) are kept; in this process
     * alone unless set.
     */
    public Builder queueControls(QueueControls value) {
      this.queueControls = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The bus the store's committed changes reach (the one {@code Ujm} shares with the long-polls
     * and streams); without one, the service makes its own and feeds it from the store's listener.
     */
    public Builder events(EventBus value) {
      this.events = Objects.requireNonNull(value);
      return this;
    }

    /** Who watches this node's attempts (metrics, traces); nobody unless set. */
    public Builder observer(AttemptObserver value) {
      this.observer = Objects.requireNonNull(value);
      return this;
    }

    /**
     * What stamps each progress report of this node's attempts with its predicted time left ({@code
     * etaSeconds}); reports keep their handlers' own guesses unless set.
     */
    public Builder eta(EtaEstimator value) {
      this.eta = Objects.requireNonNull(value);
      return this;
    }

    public JobWorkerService build() {
      return new JobWorkerService(this);
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }
}
