package dev.ujm.server.http;

import dev.ujm.api.MonitorResponse;
import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.store.Page;
import dev.ujm.core.tenant.QuotaUse;
import dev.ujm.core.tenant.TenantQuotas;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import dev.ujm.server.live.ThroughputMeter;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/v2/monitor}: what the admin monitor shows besides queues, workers and dead
 * letters: throughput and failures per minute over the last hour, job counts per tenant (every
 * tenant for an operator, its own for an admin), and what the tenant it works on uses of its
 * quotas. Thread-safe.
 */
public final class MonitorController {
  /** Keys read to find the tenants there are, at most. */
  static final int MAX_KEYS_SCANNED = 10_000;

  private final Backend backend;
  private final ThroughputMeter throughput;

  public MonitorController(Backend backend, ThroughputMeter throughput) {
    this.backend = backend;
    this.throughput = throughput;
  }

  public void overview(Context ctx, Caller caller) {
    Engine engine = backend.engine();
    throughput.attach(engine.events());
    List<MonitorResponse.TenantCounts> tenants = new ArrayList<>();
    for (String tenant : tenants(engine, caller)) {
      tenants.add(
          new MonitorResponse.TenantCounts(
              tenant, Views.counts(engine.jobs().store().stats(tenant).totals())));
    }
    HttpExchange.json(
        ctx,
        200,
        new MonitorResponse(
            throughput.lastHour(caller.tenant()),
            tenants,
            quotaUse(engine.jobs().quotas().use(caller.tenant()))));
  }

  private static MonitorResponse.QuotaUse quotaUse(QuotaUse use) {
    TenantQuotas q = use.quotas();
    return new MonitorResponse.QuotaUse(
        use.tenantId(),
        use.waiting(),
        q.maxQueued(),
        use.running(),
        q.maxRunning(),
        use.today() == null ? null : use.today().jobs(),
        q.jobsPerDay(),
        use.today() == null ? null : use.today().cost(),
        q.costPerDay());
  }

  /**
   * The tenants the caller may look into: an admin only its own; an operator every tenant that has
   * a key, and the one it works on.
   */
  private static Set<String> tenants(Engine engine, Caller caller) {
    Set<String> tenants = new TreeSet<>();
    tenants.add(caller.tenant());
    if (!caller.isOperator()) {
      return tenants;
    }
    String cursor = null;
    int scanned = 0;
    do {
      Page<ApiKey> page = engine.keys().list(null, cursor, 1000);
      page.items().forEach(k -> tenants.add(k.tenantId()));
      scanned += page.items().size();
      cursor = page.nextCursor();
    } while (cursor != null && scanned < MAX_KEYS_SCANNED);
    return tenants;
  }
}
