package dev.ujm.server.http;

import dev.ujm.api.AccessAuditEntry;
import dev.ujm.api.ListResponse;
import dev.ujm.core.audit.AccessEntry;
import dev.ujm.core.audit.AccessQuery;
import dev.ujm.core.store.Page;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.time.InstantSource;

/**
 * {@code GET /api/v2/audit?tenant=&key=&action=&from=&to=&limit=&cursor=}: the access audit, newest
 * first, for operators. Thread-safe.
 */
public final class AuditController {
  private final Backend backend;
  private final InstantSource clock;

  public AuditController(Backend backend, InstantSource clock) {
    this.backend = backend;
    this.clock = clock;
  }

  public void list(Context ctx, Caller caller) {
    String key = QueryParams.text(ctx, "key");
    if (key != null && !dev.ujm.core.auth.ApiKeys.isKeyId(key)) {
      throw ProblemException.invalid("key", "key must be a key id: admin or key-<uuid>");
    }
    String tenant = QueryParams.text(ctx, "tenant");
    AccessQuery query;
    try {
      query =
          new AccessQuery(
              tenant == null ? null : Inputs.name("tenant", tenant),
              key,
              QueryParams.text(ctx, "action"),
              Inputs.instant("from", QueryParams.text(ctx, "from"), clock.instant()),
              Inputs.instant("to", QueryParams.text(ctx, "to"), clock.instant()),
              QueryParams.text(ctx, "cursor"),
              QueryParams.limit(ctx, QueryParams.DEFAULT_LIMIT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(
          "cursor", "cursor is not one this list gave out: pass nextCursor unchanged");
    }
    Page<AccessEntry> page = backend.engine().accessLog().find(query);
    HttpExchange.json(
        ctx,
        200,
        new ListResponse<>(
            page.items().stream()
                .map(
                    e ->
                        new AccessAuditEntry(
                            e.seq(),
                            e.keyId(),
                            e.tenantId(),
                            e.action(),
                            e.target(),
                            e.outcome(),
                            e.requestId(),
                            e.at()))
                .toList(),
            page.nextCursor()));
  }
}
