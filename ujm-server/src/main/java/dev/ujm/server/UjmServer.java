package dev.ujm.server;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.store.StoreProvider;
import dev.ujm.core.store.StoreProviders;
import dev.ujm.core.worker.JobWorkerService;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.BackendReconnector;
import dev.ujm.server.engine.EngineStarter;
import dev.ujm.server.engine.StoreFactory;
import dev.ujm.server.http.ApiRoutes;
import dev.ujm.server.http.CrawlController;
import dev.ujm.server.http.Guard;
import dev.ujm.server.http.HttpApi;
import dev.ujm.server.http.HttpExchange;
import dev.ujm.server.http.JobController;
import dev.ujm.server.http.JobQueryController;
import dev.ujm.server.http.KeyController;
import dev.ujm.server.http.MonitorController;
import dev.ujm.server.http.OpsController;
import dev.ujm.server.http.ProblemMapper;
import dev.ujm.server.http.QueueController;
import dev.ujm.server.http.RateLimiter;
import dev.ujm.server.http.RequestLog;
import dev.ujm.server.http.Route;
import dev.ujm.server.http.ServerMetrics;
import dev.ujm.server.http.WaitController;
import dev.ujm.server.live.EventStream;
import dev.ujm.server.live.LiveHub;
import dev.ujm.server.live.LiveSocket;
import dev.ujm.server.live.ThroughputMeter;
import dev.ujm.server.web.WebPages;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one composition root of the service: from a {@link UjmConfig} it builds the backend (stores,
 * keys, workers), the controllers and the web server, and starts them. When the job store cannot be
 * opened the server starts anyway in a degraded state ({@code /health} 200, {@code /ready} 503
 * naming the store, job endpoints 503) and keeps trying to open it. {@link #close()} stops the web
 * server, then the workers (running jobs are handed back), then the stores. Thread-safe.
 */
public final class UjmServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UjmServer.class);
  private final UjmConfig config;
  private final Backend backend;
  private final BackendReconnector reconnector;
  private final HttpApi http;
  private final List<Route> routes;
  private final Live live;
  private final CountDownLatch closed = new CountDownLatch(1);

  /** The live side: the hub every stream reads from, the WebSocket endpoint, the meter. */
  private record Live(LiveHub hub, LiveSocket socket, ThroughputMeter meter) {
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
    }
  }

  private UjmServer(
      UjmConfig config,
      Backend backend,
      BackendReconnector reconnector,
      HttpApi http,
      List<Route> routes,
      Live live) {
    this.config = config;
    this.backend = backend;
    this.reconnector = reconnector;
    this.http = http;
    this.routes = List.copyOf(routes);
    this.live = live;
  }

  /** Starts a server with the defaults of everything but the configuration. */
  public static UjmServer start(UjmConfig config) {
    return builder(config).start();
  }

  public static Builder builder(UjmConfig config) {
    return new Builder(config);
  }

  /**
   * Checks what the configuration reader cannot: that the chosen store exists in this build and
   * likes its settings, and that an admin key given in {@code UJM_ADMIN_KEY} is long enough.
   *
   * @throws ConfigException one sentence per problem
   */
  public static void checkConfig(UjmConfig config) {
    List<String> problems = new ArrayList<>();
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
    if (config.adminKey() != null
        && config.adminKey().trim().length() < dev.ujm.server.engine.AdminKeyFile.MIN_LENGTH) {
      problems.add(
          "UJM_ADMIN_KEY must be at least "
              + dev.ujm.server.engine.AdminKeyFile.MIN_LENGTH
              + " characters long (it guards every tenant)");
    }
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

  /** The job engine behind the API, or why there is none. */
  public Backend backend() {
    return backend;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops the web server, then the workers (handing back running jobs), then the stores.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (closed) {
      if (closed.getCount() == 0) {
        return;
      }
      LOG.info("stopping: no new requests, handing back running jobs");
      try {
        reconnector.close();
        live.close();
        http.close();
      } finally {
        try {
          backend.close();
        } finally {
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
    private RateLimiter rateLimiter = RateLimiter.unlimited();
    private Duration reconnectEvery = Duration.ofSeconds(5);
    private Duration shutdownGrace = JobWorkerService.DEFAULT_GRACE;
    private final List<JobDefinition<?>> definitions = new ArrayList<>();

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

    /**
     * Starts the backend (or the reconnector when it is down) and the web server.
     *
     * @throws ConfigException when the configuration names what this build cannot do
     */
    public UjmServer start() {
      checkConfig(config);
      Backend backend =
          new Backend(
              config.store(), new EngineStarter(config, clock, stores, definitions, shutdownGrace));
      BackendReconnector reconnector = new BackendReconnector(backend, reconnectEvery);
      if (!backend.tryStart()) {
        reconnector.start();
      }
      try {
        HttpExchange exchange = new HttpExchange(config.maxPayloadBytes());
        ServerMetrics metrics = new ServerMetrics(backend);
        OpsController ops = new OpsController(backend, metrics);
        JobController jobs = new JobController(backend, exchange, clock);
        JobQueryController queries = new JobQueryController(backend, jobs);
        WaitController waits = new WaitController(backend, jobs);
        CrawlController crawls = new CrawlController(backend, exchange, clock, config.syncWait());
        KeyController keys = new KeyController(backend, exchange);
        Duration longestWait =
            config.syncWait().compareTo(Duration.ofSeconds(WaitController.MAX_WAIT_SECONDS)) > 0
                ? config.syncWait()
                : Duration.ofSeconds(WaitController.MAX_WAIT_SECONDS);
        Guard guard = new Guard(backend, rateLimiter);
        Live live = new Live(new LiveHub(), null, new ThroughputMeter(clock));
        live =
            new Live(
                live.hub(),
                new LiveSocket(backend, guard, live.hub(), WS_SEND_QUEUE),
                live.meter());
        WebPages pages = new WebPages();
        List<Route> routes =
            new ArrayList<>(ApiRoutes.all(ops, jobs, queries, waits, crawls, keys));
        routes.addAll(
            ApiRoutes.live(
                pages,
                new EventStream(backend, live.hub(), SSE_SEND_QUEUE),
                new QueueController(backend, exchange),
                new MonitorController(backend, live.meter())));
        LiveSocket socket = live.socket();
        metrics.gauge("ujm.live.websockets", "WebSocket connections open now", socket::connections);
        metrics.gauge(
            "ujm.live.clients", "Live stream clients (WebSocket and SSE) now", live.hub()::clients);
        HttpApi http =
            HttpApi.start(
                new HttpApi.Settings(
                    config.bind(), config.port(), config.maxPayloadBytes(), longestWait),
                routes,
                guard,
                new ProblemMapper(),
                new RequestLog(),
                metrics,
                web -> {
                  socket.configure(web);
                  pages.configure(web);
                });
        live.attachTo(backend);
        UjmServer server = new UjmServer(config, backend, reconnector, http, routes, live);
        LOG.info(
            "listening on {} (store {}, data directory {})",
            server.url(),
            config.store(),
            config.dataDir().toAbsolutePath());
        return server;
      } catch (RuntimeException e) {
        reconnector.close();
        backend.close();
        throw e;
      }
    }
  }
}
