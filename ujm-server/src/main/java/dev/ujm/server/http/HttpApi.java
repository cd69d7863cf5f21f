package dev.ujm.server.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.slf4j.MDC;

/**
 * The web server: Javalin on virtual threads, bound to one address and port, serving the {@link
 * Route}s with the {@link Guard} in front of each and the {@link ProblemMapper} behind. Knows
 * nothing about jobs. Thread-safe.
 */
public final class HttpApi implements AutoCloseable {
  private final Javalin app;

  /**
   * @param bind the address to listen on
   * @param port the port; 0 takes a free one (see {@link #port()})
   * @param maxBodyBytes larger request bodies are refused with 413
   * @param longestWait the longest a request may wait on purpose; connections stay open at least
   *     this long
   */
  public record Settings(String bind, int port, long maxBodyBytes, Duration longestWait) {}

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /** Starts serving; returns once the port is bound. */
  public static HttpApi start(
      Settings settings,
      List<Route> routes,
      Guard guard,
      ProblemMapper problems,
      RequestLog log,
      ServerMetrics metrics) {
    return start(settings, routes, guard, problems, log, metrics, config -> {});
  }

  /**
   * Starts serving, with what {@code extension} adds to the web server besides the routes (the
   * WebSocket endpoint, the dashboards' static files).
   */
  public static HttpApi start(
      Settings settings,
      List<Route> routes,
      Guard guard,
      ProblemMapper problems,
      RequestLog log,
      ServerMetrics metrics,
      Consumer<JavalinConfig> extension) {
    Javalin app =
        Javalin.create(
            config -> {
              extension.accept(config);
              config.concurrency.useVirtualThreads = true;
              config.jetty.host = settings.bind();
              config.jetty.port = settings.port();
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = settings.maxBodyBytes();
              config.http.prefer405over404 = true;
              config.router.ignoreTrailingSlashes = true;
              // Batch status takes up to 1000 ids in its query string (~40 KB).
              config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(64 * 1024));
              config.requestLogger.http(metrics::record);
              config.requestLogger.http(log::finish);
              config.routes.before(log::begin);
              for (Route route : routes) {
                config.routes.addHttpHandler(
                    route.method(),
                    route.path(),
                    ctx -> {
                      ctx.attribute(RequestLog.WAITS, route.waits());
                      ctx.attribute(ServerMetrics.ROUTE, route.path());
                      Caller caller = guard.check(ctx, route.access(), route.queryKey());
                      route.handler().handle(ctx, caller);
                    });
              }
              config.routes.exception(Exception.class, problems::write);
              config.routes.error(404, ctx -> notFoundUnlessAnswered(ctx, problems));
              config.routes.error(405, ctx -> problemUnlessAnswered(ctx, problems, 405));
            });
    app.start();
    long idleMillis = settings.longestWait().plusSeconds(30).toMillis();
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof AbstractConnector c && c.getIdleTimeout() < idleMillis) {
        c.setIdleTimeout(idleMillis);
      }
    }
    MDC.clear();
    return new HttpApi(app);
  }

  private static void notFoundUnlessAnswered(io.javalin.http.Context ctx, ProblemMapper problems) {
    problemUnlessAnswered(ctx, problems, 404);
  }

  private static void problemUnlessAnswered(
      io.javalin.http.Context ctx, ProblemMapper problems, int status) {
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
    app.stop();
  }
}
