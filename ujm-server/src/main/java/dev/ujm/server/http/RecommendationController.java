package dev.ujm.server.http;

import dev.ujm.api.RecommendationView;
import dev.ujm.api.RecommendationsResponse;
import dev.ujm.core.advice.Recommendation;
import dev.ujm.core.cluster.NodeInfo;
import dev.ujm.core.worker.PoolSnapshot;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v2/recommendations}: advice measured from what the engine did ({@link
 * dev.ujm.core.advice.Recommendations}). An operator without {@code ?tenant=} is advised about
 * every tenant and about the worker pools, which span tenants; an admin, or an operator naming a
 * tenant, about that tenant's retries, schedules and usage patterns. Thread-safe.
 */
public final class RecommendationController {
  private final Backend backend;
  private final InstantSource clock;

  public RecommendationController(Backend backend, InstantSource clock) {
    this.backend = backend;
    this.clock = clock;
  }

  public void list(Context ctx, Caller caller) {
    Engine engine = backend.engine();
    String named = ctx.queryParam("tenant");
    boolean everyTenant = caller.isOperator() && (named == null || named.isBlank());
    String tenant = everyTenant ? null : caller.tenant();
    List<Recommendation> advice =
        engine.recommendations(clock).recommend(tenant, everyTenant ? poolSizes(engine) : null);
    HttpExchange.json(
        ctx,
        200,
        new RecommendationsResponse(
            tenant,
            clock.instant(),
            advice.stream()
                .map(
                    r ->
                        new RecommendationView(
                            r.kind(), r.subject(), r.tenantId(), r.message(), r.figures()))
                .toList()));
  }

  /** The workers of each queue over every live node; this node's alone before any heartbeat. */
  private static Map<String, Integer> poolSizes(Engine engine) {
    Map<String, Integer> sizes = new TreeMap<>();
    List<NodeInfo> nodes = engine.nodes().liveNodes();
    if (nodes.isEmpty()) {
      for (PoolSnapshot pool : engine.workers().pools()) {
        sizes.merge(pool.queue(), pool.size(), Integer::sum);
      }
      return sizes;
    }
    for (NodeInfo node : nodes) {
      node.pools().forEach(p -> sizes.merge(p.queue(), p.size(), Integer::sum));
    }
    return sizes;
  }
}
