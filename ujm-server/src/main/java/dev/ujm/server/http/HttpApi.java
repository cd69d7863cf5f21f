package dev.ujm.server.http;

import dev.ujm.server.engine.BackendUnavailableException;
import dev.ujm.server.engine.StoreBreaker;
import dev.ujm.server.trace.RequestTracing;
import dev.ujm.server.trace.Tracing;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.slf4j.MDC;

/**
 * The web server: Javalin on virtual threads, bound to one address and port, serving the {@link
 * Route}s. Around each route, in order: its path parameters are checked ({@link PathParams}); a
 * route that submits work is refused while the node is {@link Draining}; the {@link Guard} checks
 * the key; the handler runs; the outcome is told to the {@link StoreBreaker}. Every answer carries
 * the {@link SecurityHeaders}; every error, including those the web server finds before any route
 * runs ({@link WebServerErrors}), is a problem written by the {@link ProblemMapper}.
 *
 * <p>Timeouts: a connection may stay idle {@link Settings#idleTimeout} (between requests, or while
 * a request or its answer stalls) and a request's headers must arrive within {@link
 * Settings#headerTimeout} however slowly they trickle ({@link HeaderDeadline}); a route that waits
 * on purpose (a long-poll) may keep its connection idle for its longest wait. Knows nothing about
 * jobs. Thread-safe.
 */
public final class HttpApi implements AutoCloseable {
  /** The request's {@link Route}, once one matched. */
  public static final String ROUTE = "ujm.routeRecord";

  /** The request's authenticated {@link Caller}, once the guard let it through. */
  public static final String CALLER = "ujm.caller";

  private final Javalin app;
  private final HeaderDeadline headerDeadline;

  /**
   * @param bind the address to listen on
   * @param port the port; 0 takes a free one (see {@link #port()})
   * @param maxBodyBytes larger request bodies are refused with 413
   * @param longestWait the longest a request may wait on purpose; its connection may stay idle that
   *     long (and a little more)
   * @param idleTimeout how long a connection may stay idle otherwise
   * @param headerTimeout how long a request's headers may take to arrive
   */
  public record Settings(
      String bind,
      int port,
      long maxBodyBytes,
      Duration longestWait,
      Duration idleTimeout,
      Duration headerTimeout) {

    /** Idle connections are closed after this long unless set. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** Request headers must arrive within this long unless set. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  }

  /**
   * What the routes share: the key check, the error answers, the log, metrics, the draining flag,
   * the store breaker, and what {@code extension} adds to the web server besides the routes (the
   * WebSocket endpoint, the dashboards' static files).
   */
  public record Parts(
      Guard guard,
      ProblemMapper problems,
      RequestLog log,
      ServerMetrics metrics,
      Draining draining,
      StoreBreaker breaker,
      RequestTracing tracing,
      Consumer<JavalinConfig> extension) {

    /** The parts, with nothing added to the web server besides the routes. */
    public Parts(
        Guard guard,
        ProblemMapper problems,
        RequestLog log,
        ServerMetrics metrics,
        Draining draining,
        StoreBreaker breaker) {
      this(
          guard,
          problems,
          log,
          metrics,
          draining,
          breaker,
          new RequestTracing(Tracing.off()),
          config -> {});
    }
  }

  private HttpApi(Javalin app, HeaderDeadline headerDeadline) {
    this.app = app;
    this.headerDeadline = headerDeadline;
  }

  /** Starts serving; returns once the port is bound. */
  public static HttpApi start(Settings settings, List<Route> routes, Parts parts) {
    Duration waitingIdle = settings.longestWait().plusSeconds(30);
    Javalin app =
        Javalin.create(
            config -> {
              parts.extension().accept(config);
              config.concurrency.useVirtualThreads = true;
              config.jetty.host = settings.bind();
              config.jetty.port = settings.port();
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = settings.maxBodyBytes();
              config.http.prefer405over404 = true;
              // The buffer Javalin copies each answer through, allocated per answer: 32 KiB by
              // default, for answers that are mostly under one.
              config.http.responseBufferSize = 4096;
              config.router.ignoreTrailingSlashes = true;
              // Batch status takes up to 1000 ids in its query string (~40 KB).
              config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(64 * 1024));
              config.jetty.modifyServer(server -> server.setErrorHandler(new WebServerErrors()));
              config.jetty.modifyServletContextHandler(
                  handler -> handler.setErrorHandler(new WebServerErrors()));
              config.requestLogger.http(parts.metrics()::record);
              config.requestLogger.http(parts.log()::finish);
              config.routes.before(
                  ctx -> {
                    parts.log().begin(ctx);
                    SecurityHeaders.apply(ctx);
                  });
              for (Route route : routes) {
                config.routes.addHttpHandler(
                    route.method(), route.path(), ctx -> serve(route, ctx, parts, waitingIdle));
              }
              config.routes.after(
                  ctx -> Connections.drainRequestBody(ctx, settings.maxBodyBytes()));
              config.routes.exception(Exception.class, parts.problems()::write);
              config.routes.error(404, ctx -> problemUnlessAnswered(ctx, parts.problems(), 404));
              config.routes.error(405, ctx -> problemUnlessAnswered(ctx, parts.problems(), 405));
            });
    app.start();
    HeaderDeadline headerDeadline = new HeaderDeadline(settings.headerTimeout());
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof AbstractConnector c) {
        c.setIdleTimeout(settings.idleTimeout().toMillis());
        c.addEventListener(headerDeadline);
      }
    }
    MDC.clear();
    return new HttpApi(app, headerDeadline);
  }

  private static void serve(Route route, Context ctx, Parts parts, Duration waitingIdle)
      throws Exception {
    ctx.attribute(RequestLog.WAITS, route.waits());
    ctx.attribute(ServerMetrics.ROUTE, route.path());
    PathParams.check(route, ctx);
    if (route.submits() && parts.draining().hasBegun()) {
      throw ProblemException.shuttingDown();
    }
    boolean usesStore = route.access() != Access.PUBLIC;
    try (AutoCloseable idle =
            route.waits() ? Connections.allowIdle(ctx, waitingIdle) : Connections.NO_CHANGE;
        RequestTracing.Traced traced =
            route.submits()
                ? parts.tracing().start(ctx.method().toString(), route.path(), ctx::header)
                : RequestTracing.NONE) {
      ctx.attribute(ROUTE, route);
      Caller caller = parts.guard().check(ctx, route);
      ctx.attribute(CALLER, caller);
      route.handler().handle(ctx, caller);
      traced.end(ctx.statusCode(), ctx.attribute(HttpExchange.JOB_ID));
      if (usesStore) {
        tellBreaker(parts, ctx, ctx.attribute(HttpExchange.STORE_FAILURE));
      }
    } catch (Exception e) {
      if (usesStore) {
        tellBreaker(parts, ctx, e);
      }
      throw e;
    }
  }

  /**
   * A store fault (a 5xx the store caused) counts against the breaker; any other outcome, a refusal
   * included, shows the store answered; a backend that was not asked (down, or the breaker open)
   * tells nothing.
   */
  private static void tellBreaker(Parts parts, Context ctx, Throwable failure) {
    if (failure instanceof BackendUnavailableException) {
      return;
    }
    if (failure != null && parts.problems().isStoreFault(failure, ctx)) {
      parts.breaker().failed();
    } else {
      parts.breaker().succeeded();
    }
  }

  private static void problemUnlessAnswered(Context ctx, ProblemMapper problems, int status) {
    String contentType = ctx.res().getContentType();
    if (contentType != null && contentType.startsWith(ProblemMapper.PROBLEM_JSON)) {
      return;
    }
    problems.write(
        new HttpResponseException(status, status == 404 ? "Not found" : "Method not allowed"), ctx);
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** Stops accepting requests and ends the open ones. */
  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      headerDeadline.close();
    }
  }
}
