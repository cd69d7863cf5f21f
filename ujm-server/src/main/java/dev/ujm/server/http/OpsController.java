package dev.ujm.server.http;

import dev.ujm.api.HealthResponse;
import dev.ujm.api.ReadinessResponse;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operational endpoints: liveness, readiness per backend, metrics, queue stats, this node's
 * workers and the API description. Thread-safe.
 */
public final class OpsController {
  private static final String OPENAPI_RESOURCE = "/dev/ujm/server/openapi.json";
  private final Backend backend;
  private final ServerMetrics metrics;
  private final Draining draining;
  private final byte[] openApi;

  public OpsController(Backend backend, ServerMetrics metrics, Draining draining) {
    this.backend = backend;
    this.metrics = metrics;
    this.draining = draining;
    this.openApi = resource(OPENAPI_RESOURCE);
  }

  /** {@code GET /health}: 200 while the process lives, whatever the backends do. */
  public void health(Context ctx, Caller caller) {
    HttpExchange.json(ctx, 200, new HealthResponse("up"));
  }

  /**
   * {@code GET /ready}: 200 when the job store answers, else 503 naming it and why; 503 {@code
   * "stopping"} once the node has begun to shut down. A store made of several servers (MongoDB and
   * Redis) has each listed next to it, so an operator sees which one is down.
   */
  public void ready(Context ctx, Caller caller) {
    Backend.Readiness store = backend.readiness();
    boolean ready = store.ready() && !draining.hasBegun();
    String status = draining.hasBegun() ? "stopping" : ready ? "ready" : "not ready";
    Map<String, ReadinessResponse.BackendStatus> backends = new LinkedHashMap<>();
    backends.put(
        "store", new ReadinessResponse.BackendStatus(store.name(), store.ready(), store.detail()));
    store
        .servers()
        .forEach(
            (name, health) ->
                backends.put(
                    name,
                    new ReadinessResponse.BackendStatus(name, health.ready(), health.detail())));
    HttpExchange.json(ctx, ready ? 200 : 503, new ReadinessResponse(status, backends));
  }

  /**
   * {@code GET /api/v2/queues}: counts per queue and state over the jobs of the caller's tenant
   * (the admin's own, or the one it names with {@code ?tenant=}), like every job list.
   */
  public void queues(Context ctx, Caller caller) {
    Engine engine = backend.engine();
    HttpExchange.json(
        ctx,
        200,
        Views.queues(
            engine.jobs().store().stats(caller.tenant()),
            JobController.served(engine),
            engine.queueControls().all()));
  }

  /** {@code GET /api/v2/workers}: this node's worker pools, and every live node's. */
  public void workers(Context ctx, Caller caller) {
    var engine = backend.engine();
    HttpExchange.json(ctx, 200, Views.workers(engine.workers(), engine.nodes().liveNodes()));
  }

  /** {@code GET /metrics}: Prometheus text format. */
  public void metrics(Context ctx, Caller caller) {
    ctx.status(200)
        .contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(metrics.scrape());
  }

  /** {@code GET /openapi.json}: the OpenAPI 3.1 description of this API. */
  public void openApi(Context ctx, Caller caller) {
    ctx.status(200).contentType("application/json").result(openApi);
  }

  private static byte[] resource(String name) {
    try (InputStream in = OpsController.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + name + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
