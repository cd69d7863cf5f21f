package dev.ujm.server.http;

import dev.ujm.api.ListResponse;
import dev.ujm.api.ProblemTypes;
import dev.ujm.api.TenantView;
import dev.ujm.core.tenant.SubmitQuotas;
import dev.ujm.core.tenant.Tenant;
import dev.ujm.core.tenant.TenantQuotas;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import dev.ujm.server.ratelimit.RateSettings;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v2/tenants}: the operator's tenant records, with their weights and quotas. A record
 * is created once ({@code POST}, 409 when there is one) and then replaced whole ({@code PUT}); a
 * tenant without a record is shown with the defaults ({@code "configured": false}). Every answer
 * shows the quotas that hold, defaults included. Thread-safe.
 */
public final class TenantController {
  private static final Logger LOG = LoggerFactory.getLogger(TenantController.class);
  private final Backend backend;
  private final HttpExchange exchange;
  private final RateSettings rates;

  /**
   * @param rates the submit rates of a tenant whose record sets none
   */
  public TenantController(Backend backend, HttpExchange exchange, RateSettings rates) {
    this.backend = backend;
    this.exchange = exchange;
    this.rates = rates;
  }

  /** {@code POST /api/v2/tenants}: 201 with the new record. */
  public void create(Context ctx, Caller caller) {
    TenantView body = exchange.read(ctx, TenantView.class);
    if (body.id() == null || body.id().isBlank()) {
      throw ProblemException.invalid("id", "id is required: the tenant id keys and jobs carry");
    }
    String id = Inputs.name("id", body.id());
    TenantStore tenants = tenants();
    if (tenants.get(id).isPresent()) {
      throw new ProblemException(
          409,
          ProblemTypes.CONFLICT,
          "Conflict",
          "tenant " + id + " has a record already: replace it with PUT /api/v2/tenants/" + id,
          "id",
          null);
    }
    Tenant stored = tenants.put(tenantOf(id, body));
    LOG.info("tenant {} created by {}", id, caller.actor());
    ctx.header("Location", "/api/v2/tenants/" + id);
    HttpExchange.json(ctx, 201, view(backend.engine(), Optional.of(stored), id));
  }

  /** {@code GET /api/v2/tenants}: every tenant record, by id. */
  public void list(Context ctx, Caller caller) {
    Engine engine = backend.engine();
    HttpExchange.json(
        ctx,
        200,
        new ListResponse<>(
            tenants().list().stream().map(t -> view(engine, Optional.of(t), t.id())).toList(),
            null));
  }

  /** {@code GET /api/v2/tenants/{tenantId}}: the record, or the defaults of a tenant without. */
  public void get(Context ctx, Caller caller) {
    String id = ctx.pathParam("tenantId");
    HttpExchange.json(ctx, 200, view(backend.engine(), tenants().get(id), id));
  }

  /** {@code PUT /api/v2/tenants/{tenantId}}: replaces the whole record (or creates it). */
  public void replace(Context ctx, Caller caller) {
    String id = ctx.pathParam("tenantId");
    TenantView body = exchange.read(ctx, TenantView.class);
    if (body.id() != null && !Objects.equals(body.id(), id)) {
      throw ProblemException.invalid(
          "id", "id must be the tenant of the path (" + id + ") or left out");
    }
    Tenant stored = tenants().put(tenantOf(id, body));
    LOG.info("tenant {} replaced by {}", id, caller.actor());
    HttpExchange.json(ctx, 200, view(backend.engine(), Optional.of(stored), id));
  }

  private TenantStore tenants() {
    return backend.engine().tenants();
  }

  private static Tenant tenantOf(String id, TenantView body) {
    if (body.configured() != null) {
      throw ProblemException.invalid("configured", "configured is shown in answers only");
    }
    Inputs.text("name", body.name(), 200);
    TenantView.Quotas q = body.quotas();
    TenantQuotas quotas;
    try {
      quotas =
          q == null
              ? null
              : new TenantQuotas(
                  q.maxRunning(),
                  q.maxQueued(),
                  q.jobsPerDay(),
                  q.maxPayloadBytes(),
                  q.allowedTypes(),
                  q.costPerDay() == null ? null : q.costPerDay().doubleValue(),
                  q.submitsPerMinute(),
                  q.keySubmitsPerMinute());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("quotas", e.getMessage());
    }
    if (quotas != null && quotas.allowedTypes() != null) {
      quotas.allowedTypes().forEach(type -> Inputs.text("quotas.allowedTypes", type, 64));
    }
    try {
      return new Tenant(
          id, body.name(), body.weight() == null ? null : body.weight().doubleValue(), quotas);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("weight", e.getMessage());
    }
  }

  private TenantView view(Engine engine, Optional<Tenant> record, String id) {
    Tenant tenant = record.orElseGet(() -> Tenant.defaults(id));
    SubmitQuotas quotas = engine.jobs().quotas();
    TenantQuotas q = quotas.quotasOf(record.orElse(null));
    return new TenantView(
        tenant.id(),
        tenant.name(),
        quotas.defaults().weightOf(tenant),
        new TenantView.Quotas(
            q.maxRunning(),
            q.maxQueued(),
            q.jobsPerDay(),
            q.maxPayloadBytes(),
            q.allowedTypes(),
            q.costPerDay(),
            rate(q.submitsPerMinute(), rates.tenantSubmitsPerMinute()),
            rate(q.keySubmitsPerMinute(), rates.keySubmitsPerMinute())),
        record.isPresent());
  }

  /** The rate that holds: the record's own, else the setting; null for no limit (0). */
  private static Integer rate(Integer own, long setting) {
    long rate = own != null ? own : setting;
    return rate == 0 ? null : (int) rate;
  }
}
