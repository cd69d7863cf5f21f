package dev.ujm.server;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.store.StoreProvider;
import dev.ujm.core.store.StoreProviders;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantDefaults;
import dev.ujm.core.tenant.TenantQuotas;
import dev.ujm.core.worker.JobWorkerService;
import dev.ujm.jobs.crawl.AddressGuard;
import dev.ujm.jobs.crawl.CrawlSettings;
import dev.ujm.jobs.files.FileProcessSettings;
import dev.ujm.server.alert.AlertController;
import dev.ujm.server.alert.AlertDeliveries;
import dev.ujm.server.alert.AlertEvaluator;
import dev.ujm.server.alert.AlertRule;
import dev.ujm.server.alert.AlertRules;
import dev.ujm.server.alert.EngineAlertInputs;
import dev.ujm.server.alert.OutcomeWindow;
import dev.ujm.server.analytics.AnalyticsController;
import dev.ujm.server.analytics.AnalyticsSettings;
import dev.ujm.server.analytics.SlaSampler;
import dev.ujm.server.audit.AccessAudit;
import dev.ujm.server.audit.AccessAuditSettings;
import dev.ujm.server.crawl.InRequestCrawl;
import dev.ujm.server.engine.AdminKeyFile;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.BackendReconnector;
import dev.ujm.server.engine.DataDirectory;
import dev.ujm.server.engine.EngineStarter;
import dev.ujm.server.engine.StoreBreaker;
import dev.ujm.server.engine.StoreFactory;
import dev.ujm.server.http.ApiRoutes;
import dev.ujm.server.http.AuditController;
import dev.ujm.server.http.CrawlController;
import dev.ujm.server.http.Draining;
import dev.ujm.server.http.FileController;
import dev.ujm.server.http.Guard;
import dev.ujm.server.http.HttpApi;
import dev.ujm.server.http.HttpExchange;
import dev.ujm.server.http.JobController;
import dev.ujm.server.http.JobQueryController;
import dev.ujm.server.http.JobTypeController;
import dev.ujm.server.http.KeyController;
import dev.ujm.server.http.MonitorController;
import dev.ujm.server.http.OpsController;
import dev.ujm.server.http.ProblemMapper;
import dev.ujm.server.http.QueueController;
import dev.ujm.server.http.RateLimiter;
import dev.ujm.server.http.RecommendationController;
import dev.ujm.server.http.RequestLog;
import dev.ujm.server.http.Route;
import dev.ujm.server.http.ScheduleController;
import dev.ujm.server.http.ServerMetrics;
import dev.ujm.server.http.TenantController;
import dev.ujm.server.http.TenantMetrics;
import dev.ujm.server.http.UsageController;
import dev.ujm.server.http.WaitController;
import dev.ujm.server.http.WorkflowController;
import dev.ujm.server.live.EventStream;
import dev.ujm.server.live.LiveHub;
import dev.ujm.server.live.LiveSocket;
import dev.ujm.server.live.ThroughputMeter;
import dev.ujm.server.ratelimit.AuthFailureThrottle;
import dev.ujm.server.ratelimit.LocalRateBuckets;
import dev.ujm.server.ratelimit.RateBuckets;
import dev.ujm.server.ratelimit.RateSettings;
import dev.ujm.server.ratelimit.SubmitRateLimiter;
import dev.ujm.server.trace.AttemptTracing;
import dev.ujm.server.trace.OtelWorkSpans;
import dev.ujm.server.trace.RequestTracing;
import dev.ujm.server.trace.Tracing;
import dev.ujm.server.web.WebPages;
import dev.ujm.server.webhook.WebhookController;
import dev.ujm.server.webhook.WebhookDelivery;
import dev.ujm.server.webhook.WebhookDispatcher;
import dev.ujm.server.webhook.WebhookRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one composition root of the service: from a {@link UjmConfig} it builds the backend (stores,
 * keys, workers), the controllers and the web server, and starts them. When the job store cannot be
 * opened the server starts anyway in a degraded state ({@code /health} 200, {@code /ready} 503
 * naming the store, job endpoints 503) and keeps trying to open it. The data directory is locked
 * for as long as the server runs: a second server on it stops at start, naming the first one's pid.
 * {@link #close()} shuts down in this order: the node starts draining (it keeps answering, {@code
 * /ready} and submits 503), the workers stop and hand back their running jobs, the stores close,
 * then the web server, and the data directory is released. Thread-safe.
 */
public final class UjmServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UjmServer.class);
  private final UjmConfig config;
  private final DataDirectory dataDir;
  private final Backend backend;
  private final BackendReconnector reconnector;
  private final HttpApi http;
  private final Draining draining;
  private final List<Route> routes;
  private final AccessAudit audit;
  private final RateBuckets submitBuckets;
  private final Live live;
  private final ServerMetrics metrics;
  private final AlertEvaluator alerts;
  private final Tracing tracing;
  private final CountDownLatch closed = new CountDownLatch(1);

  /**
   * What follows the event bus: the hub every stream reads from, the WebSocket endpoint, the meter
   * (attached here), the webhook dispatcher and the alerts' window of outcomes (attached as each
   * engine is built, so a backend that comes up late is followed too).
   */
  private record Live(
      LiveHub hub,
      LiveSocket socket,
      ThroughputMeter meter,
      WebhookDispatcher webhooks,
      OutcomeWindow outcomes) {
    void attachTo(Backend backend) {
      if (backend.isUp()) {
        hub.attach(backend.engine().events());
        meter.attach(backend.engine().events());
      }
    }

    void close() {
      socket.close();
      hub.close();
      meter.close();
      webhooks.close();
      outcomes.close();
    }
  }

  private UjmServer(
      UjmConfig config,
      DataDirectory dataDir,
      Backend backend,
      BackendReconnector reconnector,
      HttpApi http,
      Draining draining,
      List<Route> routes,
      Live live,
      ServerMetrics metrics,
      AlertEvaluator alerts,
      Tracing tracing,
      AccessAudit audit,
      RateBuckets submitBuckets) {
    this.audit = audit;
    this.submitBuckets = submitBuckets;
    this.config = config;
    this.dataDir = dataDir;
    this.backend = backend;
    this.reconnector = reconnector;
    this.http = http;
    this.draining = draining;
    this.routes = List.copyOf(routes);
    this.live = live;
    this.metrics = metrics;
    this.alerts = alerts;
    this.tracing = tracing;
  }

  /** Starts a server with the defaults of everything but the configuration. */
  public static UjmServer start(UjmConfig config) {
    return builder(config).start();
  }

  public static Builder builder(UjmConfig config) {
    return new Builder(config);
  }

  /** A tenant's record's own quotas, for the submit rates; none when it has no record. */
  private static Function<String, TenantQuotas> ownQuotas(Backend backend) {
    return tenant ->
        backend.engine().jobs().quotas().recordOf(tenant).map(Tenant::quotas).orElse(null);
  }

  /** {@code UJM_LOG_FORMAT}: {@code text} (the default) or {@code json} lines on standard error. */
  public static final String LOG_FORMAT = "UJM_LOG_FORMAT";

  /** {@code UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS}: let webhooks reach internal addresses. */
  public static final String WEBHOOK_ALLOW_PRIVATE = "UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS";

  /** {@code UJM_QUEUES_STRICT}: refuse jobs for queues no worker pool serves. */
  public static final String QUEUES_STRICT = "UJM_QUEUES_STRICT";

  /**
   * Checks what the configuration reader cannot: that the chosen store exists in this build and
   * likes its settings, that an admin key given in {@code UJM_ADMIN_KEY} is long enough, that
   * {@code UJM_QUEUES_STRICT} and {@code UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS} are true or false,
   * {@code UJM_LOG_FORMAT} text or json, {@code UJM_WARMUP_SECONDS} a number of seconds, the crawl
   * settings and alert rules, and that the admin key file of the data directory is not readable by
   * other users.
   *
   * @throws ConfigException one sentence per problem
   */
  public static void checkConfig(UjmConfig config) {
    List<String> problems = new ArrayList<>();
    for (String flag : List.of(QUEUES_STRICT, WEBHOOK_ALLOW_PRIVATE)) {
      String value = config.settings().get(flag);
      if (value != null
          && !value.isBlank()
          && !isTrue(value)
          && !value.trim().equalsIgnoreCase("false")) {
        problems.add(flag + "='" + value + "' must be true or false");
      }
    }
    String logFormat = config.settings().get(LOG_FORMAT);
    if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
      problems.add(LOG_FORMAT + "='" + logFormat + "' must be text or json");
    }
    try {
      CrawlSettings.from(new JobEnvironment(InstantSource.system(), config.settings()));
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      AlertRules.from(config.settings());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      AccessAuditSettings.from(config.settings());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      AnalyticsSettings.from(config.settings());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      RateSettings.from(config.settings());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      TenantDefaults.from(config.settings());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    problems.addAll(StartupWarmup.problems(config.settings()));
    Optional<StoreProvider> store = StoreProviders.named(config.store());
    if (store.isEmpty()) {
      problems.add(
          "UJM_STORE='"
              + config.store()
              + "' is not a store of this build; choose one of "
              + String.join(", ", StoreProviders.names()));
    } else {
      problems.addAll(store.get().check(config));
    }
    if (config.adminKey() != null && config.adminKey().trim().length() < AdminKeyFile.MIN_LENGTH) {
      problems.add(
          "UJM_ADMIN_KEY must be at least "
              + AdminKeyFile.MIN_LENGTH
              + " characters long (it guards every tenant)");
    }
    AdminKeyFile.problem(config.adminKey(), config.dataDir()).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** The port the API listens on (the bound one when the configuration asked for port 0). */
  public int port() {
    return http.port();
  }

  /** The base URL of the API and dashboard, for example {@code http://127.0.0.1:8080/}. */
  public URI url() {
    String host = config.bind();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  public UjmConfig config() {
    return config;
  }

  /** The access audit of this server's requests. */
  public AccessAudit accessAudit() {
    return audit;
  }

  /** Every route the web server serves. */
  public List<Route> routes() {
    return routes;
  }

  /** The hub every live stream of this server reads from. */
  public LiveHub liveHub() {
    return live.hub();
  }

  /** WebSocket connections open now. */
  public int webSocketConnections() {
    return live.socket().connections();
  }

  /** The alert rules' evaluator (a cluster-wide duty of the engine). */
  public AlertEvaluator alerts() {
    return alerts;
  }

  /** The meters behind {@code GET /metrics}. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** The job engine behind the API, or why there is none. */
  public Backend backend() {
    return backend;
  }

  /** Whether jobs for queues no worker pool serves are refused ({@code UJM_QUEUES_STRICT}). */
  public static boolean strictQueues(UjmConfig config) {
    return isTrue(config.settings().get(QUEUES_STRICT));
  }

  private static boolean isTrue(String flag) {
    return flag != null && flag.trim().equalsIgnoreCase("true");
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /**
   * Drains (submits and {@code /ready} answer 503, everything else is still answered), stops the
   * workers (they hand back running jobs) and the stores, then the web server. Idempotent.
   */
  @Override
  public void close() {
    synchronized (closed) {
      if (closed.getCount() == 0) {
        return;
      }
      LOG.info("stopping: no new jobs; running jobs get their grace period, then are handed back");
      draining.begin();
      try {
        reconnector.close();
        metrics.close();
        audit.close();
        submitBuckets.close();
        backend.close();
        live.close();
        tracing.close();
      } finally {
        try {
          http.close();
        } finally {
          dataDir.close();
          closed.countDown();
          LOG.info("stopped");
        }
      }
    }
  }

  /** Messages one WebSocket connection may have waiting before it is dropped as too slow. */
  static final int WS_SEND_QUEUE = 1024;

  /** Events one SSE stream may have waiting before it is cut off as too slow. */
  static final int SSE_SEND_QUEUE = 4096;

  /** Builds and starts a {@link UjmServer}; not thread-safe. */
  public static final class Builder {
    private final UjmConfig config;
    private InstantSource clock = InstantSource.system();
    private StoreFactory stores = StoreFactory.byName();
    private RateLimiter rateLimiter;
    private Duration reconnectEvery = Duration.ofSeconds(5);
    private Duration shutdownGrace = JobWorkerService.DEFAULT_GRACE;
    private Duration idleTimeout = HttpApi.Settings.DEFAULT_IDLE_TIMEOUT;
    private Duration headerTimeout = HttpApi.Settings.DEFAULT_HEADER_TIMEOUT;
    private StoreBreaker breaker =
        new StoreBreaker(StoreBreaker.DEFAULT_THRESHOLD, StoreBreaker.DEFAULT_COOLDOWN);
    private final List<JobDefinition<?>> definitions = new ArrayList<>();
    private Tracing tracing;
    private Runnable beforeStoreOpens = () -> {};

    private Builder(UjmConfig config) {
      this.config = Objects.requireNonNull(config);
    }

    public Builder clock(InstantSource value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /** Where the stores come from; the embedded SQLite store in the data directory unless set. */
    public Builder stores(StoreFactory value) {
      this.stores = Objects.requireNonNull(value);
      return this;
    }

    /** Adds a job type in code, next to those found on the class path. */
    public Builder register(JobDefinition<?> definition) {
      definitions.add(Objects.requireNonNull(definition));
      return this;
    }

    /** Where spans go; as {@code UJM_OTEL_ENDPOINT} says (off when unset) unless set. */
    public Builder tracing(Tracing value) {
      this.tracing = Objects.requireNonNull(value);
      return this;
    }

    /**
     * A step run once the configuration is checked and the data directory is held, before the store
     * opens and the port is bound: the start-up warm-up of {@code ujm serve}, which should not run
     * for a start that is refused.
     */
    public Builder beforeStoreOpens(Runnable step) {
      this.beforeStoreOpens = Objects.requireNonNull(step);
      return this;
    }

    /** The rate limiter of every request; the {@code UJM_RATE_*} limits unless set. */
    public Builder rateLimiter(RateLimiter value) {
      this.rateLimiter = Objects.requireNonNull(value);
      return this;
    }

    /** How often to retry a backend that is down; 5 s unless set. */
    public Builder reconnectEvery(Duration value) {
      this.reconnectEvery = Objects.requireNonNull(value);
      return this;
    }

    /** How long running jobs may finish at shutdown before they are handed back. */
    public Builder shutdownGrace(Duration value) {
      this.shutdownGrace = Objects.requireNonNull(value);
      return this;
    }

    /** How long a connection may stay idle; 30 s unless set. */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = Objects.requireNonNull(value);
      return this;
    }

    /** How long a request's headers may take to arrive; 10 s unless set. */
    public Builder headerTimeout(Duration value) {
      this.headerTimeout = Objects.requireNonNull(value);
      return this;
    }

    /** The circuit breaker in front of the job store; 5 failures in a row open it for 5 s. */
    public Builder storeBreaker(StoreBreaker value) {
      this.breaker = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Starts the backend (or the reconnector when it is down) and the web server.
     *
     * @throws ConfigException when the configuration names what this build cannot do
     * @throws dev.ujm.server.engine.DataDirectoryLockedException when another process has the data
     *     directory open
     */
    public UjmServer start() {
      checkConfig(config);
      DataDirectory dataDir = DataDirectory.open(config.dataDir());
      try {
        beforeStoreOpens.run();
      } catch (RuntimeException e) {
        dataDir.close();
        throw e;
      }
      ServerMetrics metrics = new ServerMetrics();
      Tracing traces = tracing != null ? tracing : Tracing.from(config.settings());
      AddressGuard webhookGuard =
          isTrue(config.settings().get(WEBHOOK_ALLOW_PRIVATE))
              ? AddressGuard.permissive()
              : new AddressGuard(AddressGuard.PUBLIC_ONLY);
      WebhookRegistry webhooks = new WebhookRegistry(dataDir.file(WebhookRegistry.FILE));
      List<JobDefinition<?>> types = new ArrayList<>(definitions);
      types.add(new WebhookDelivery(webhooks, webhookGuard).definition());
      List<AlertRule> rules = AlertRules.from(config.settings());
      OutcomeWindow outcomes = new OutcomeWindow(clock, AlertRules.longestWindow(rules));
      AtomicReference<Backend> backendRef = new AtomicReference<>(); // set once it is built
      WebhookDispatcher dispatcher =
          new WebhookDispatcher(webhooks, () -> backendRef.get().engine().jobs());
      AlertEvaluator alerts =
          new AlertEvaluator(
              rules,
              () -> new EngineAlertInputs(backendRef.get(), outcomes, clock),
              clock,
              new AlertDeliveries(dispatcher));
      Backend backend =
          new Backend(
              config.store(),
              new EngineStarter(
                  config,
                  dataDir,
                  clock,
                  stores,
                  types,
                  shutdownGrace,
                  metrics
                      .instrumentation()
                      .tracedWith(new AttemptTracing(traces), new OtelWorkSpans(traces))
                      .alsoWhenBuilt(
                          ujm -> {
                            dispatcher.attach(ujm.events());
                            outcomes.attach(ujm.events());
                          }),
                  List.of(alerts)),
              breaker);
      backendRef.set(backend);
      BackendReconnector reconnector = new BackendReconnector(backend, reconnectEvery);
      if (!backend.tryStart()) {
        reconnector.start();
      }
      RateBuckets submitBuckets = null;
      try {
        HttpExchange exchange = new HttpExchange(config.maxPayloadBytes());
        metrics.start(backend);
        metrics.bind(new SlaSampler(backend, AnalyticsSettings.from(config.settings()), clock));
        TenantMetrics tenantMetrics = new TenantMetrics(backend, clock);
        metrics.bind(tenantMetrics);
        Draining draining = new Draining();
        ProblemMapper problems = new ProblemMapper();
        OpsController ops = new OpsController(backend, metrics, draining);
        JobController jobs = new JobController(backend, exchange, clock, strictQueues(config));
        JobQueryController queries = new JobQueryController(backend, jobs);
        WaitController waits = new WaitController(backend, jobs);
        CrawlController crawls =
            new CrawlController(
                backend,
                jobs,
                exchange,
                clock,
                config.syncWait(),
                new InRequestCrawl(new JobEnvironment(clock, config.settings())),
                problems);
        RateSettings rates = RateSettings.from(config.settings());
        RateBuckets buckets = new LocalRateBuckets(clock);
        submitBuckets = RateBuckets.forSubmits(config, clock);
        AccessAudit audit =
            new AccessAudit(backend, AccessAuditSettings.from(config.settings()), clock);
        Guard guard =
            new Guard(
                backend,
                rateLimiter != null
                    ? rateLimiter
                    : new SubmitRateLimiter(rates, submitBuckets, ownQuotas(backend)),
                new AuthFailureThrottle(rates, buckets, clock),
                config.adminKey());
        KeyController keys = new KeyController(backend, exchange, guard);
        Duration longestWait =
            config.syncWait().compareTo(Duration.ofSeconds(WaitController.MAX_WAIT_SECONDS)) > 0
                ? config.syncWait()
                : Duration.ofSeconds(WaitController.MAX_WAIT_SECONDS);
        FileController files =
            new FileController(
                backend,
                FileProcessSettings.from(new JobEnvironment(clock, config.settings()))
                    .maxFileBytes());
        Live live = new Live(new LiveHub(), null, new ThroughputMeter(clock), dispatcher, outcomes);
        live =
            new Live(
                live.hub(),
                new LiveSocket(backend, guard, live.hub(), WS_SEND_QUEUE),
                live.meter(),
                dispatcher,
                outcomes);
        WebPages pages = new WebPages();
        List<Route> routes =
            new ArrayList<>(
                ApiRoutes.all(
                    new ApiRoutes.Controllers(
                        ops,
                        jobs,
                        queries,
                        waits,
                        crawls,
                        keys,
                        files,
                        new JobTypeController(backend),
                        new ScheduleController(backend, exchange, clock),
                        new WorkflowController(backend, exchange, clock),
                        new TenantController(backend, exchange, rates),
                        new AuditController(backend, clock),
                        new UsageController(backend, clock))));
        routes.addAll(
            ApiRoutes.live(
                pages,
                new EventStream(backend, live.hub(), SSE_SEND_QUEUE),
                new QueueController(backend, exchange),
                new MonitorController(backend, live.meter())));
        routes.addAll(ApiRoutes.advice(new RecommendationController(backend, clock)));
        routes.addAll(
            ApiRoutes.observability(
                new WebhookController(webhooks, exchange, webhookGuard, clock),
                new AlertController(alerts)));
        routes.addAll(
            ApiRoutes.analytics(
                new AnalyticsController(
                    backend, clock, AnalyticsSettings.from(config.settings()))));
        LiveSocket socket = live.socket();
        metrics.gauge("ujm.live.websockets", "WebSocket connections open now", socket::connections);
        metrics.gauge(
            "ujm.live.clients", "Live stream clients (WebSocket and SSE) now", live.hub()::clients);
        metrics.counter(
            "ujm.live.clients.dropped",
            "Live stream clients dropped because they read too slowly (WebSocket 4008, SSE cut off)",
            live.hub(),
            LiveHub::droppedClients);
        HttpApi http =
            HttpApi.start(
                new HttpApi.Settings(
                    config.bind(),
                    config.port(),
                    config.maxPayloadBytes(),
                    longestWait,
                    idleTimeout,
                    headerTimeout),
                routes,
                new HttpApi.Parts(
                    guard,
                    problems,
                    new RequestLog(),
                    metrics,
                    draining,
                    breaker,
                    new RequestTracing(traces),
                    web -> {
                      socket.configure(web);
                      pages.configure(web);
                      web.requestLogger.http(audit::finish);
                    }));
        live.attachTo(backend);
        tenantMetrics.attach();
        UjmServer server =
            new UjmServer(
                config,
                dataDir,
                backend,
                reconnector,
                http,
                draining,
                routes,
                live,
                metrics,
                alerts,
                traces,
                audit,
                submitBuckets);
        LOG.info(
            "listening on {} (store {}, data directory {})",
            server.url(),
            config.store(),
            config.dataDir().toAbsolutePath());
        return server;
      } catch (RuntimeException e) {
        if (submitBuckets != null) {
          submitBuckets.close();
        }
        reconnector.close();
        traces.close();
        metrics.close();
        backend.close();
        dataDir.close();
        throw e;
      }
    }
  }
}
