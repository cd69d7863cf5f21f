package dev.ujm.server.http;

import dev.ujm.api.ApiKeyView;
import dev.ujm.api.CreateKeyRequest;
import dev.ujm.api.CreatedApiKey;
import dev.ujm.api.ListResponse;
import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiKeyNotFoundException;
import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.core.store.Page;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key management: create (the secret is in this one answer), list (never a secret) and revoke. An
 * admin manages the keys of its own tenant below operator; an operator those of any tenant (named
 * with {@code ?tenant=} or the new key's {@code tenantId}), operator keys included. Every change is
 * written to the key audit log with the acting key's id. Thread-safe.
 */
public final class KeyController {
  private static final Logger LOG = LoggerFactory.getLogger(KeyController.class);
  private final Backend backend;
  private final HttpExchange exchange;
  private final Guard guard;

  /**
   * @param guard told of every revoke, so it stops accepting the key at once
   */
  public KeyController(Backend backend, HttpExchange exchange, Guard guard) {
    this.backend = backend;
    this.exchange = exchange;
    this.guard = guard;
  }

  /** {@code POST /api/v2/keys}: 201 with the new key and its secret. */
  public void create(Context ctx, Caller caller) {
    CreateKeyRequest request = exchange.read(ctx, CreateKeyRequest.class);
    if (request.role() == null || request.role().isBlank()) {
      throw ProblemException.invalid("role", "role is required: operator, admin, user or readonly");
    }
    Inputs.text("role", request.role(), 20);
    ApiRole role;
    try {
      role = ApiRole.parse(request.role());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("role", e.getMessage());
    }
    String tenant =
        request.tenantId() == null || request.tenantId().isBlank()
            ? caller.tenant()
            : request.tenantId();
    if (!caller.isOperator() && (role.crossesTenants() || !tenant.equals(caller.tenant()))) {
      throw ProblemException.forbidden(
          "an admin key creates admin, user and readonly keys of its own tenant only");
    }
    Inputs.text("name", request.name(), 200);
    ApiKeys.IssuedKey issued =
        backend
            .engine()
            .keys()
            .issue(role, tenant, request.userId(), request.name(), caller.actor());
    ApiKey key = issued.key();
    LOG.info(
        "key {} created by {}: role {} tenant {} user {}",
        key.id(),
        caller.actor(),
        role.wireName(),
        key.tenantId(),
        key.userId());
    HttpExchange.json(
        ctx,
        201,
        new CreatedApiKey(
            key.id(),
            key.role().wireName(),
            key.tenantId(),
            key.userId(),
            key.name(),
            key.createdAt(),
            issued.secret()));
  }

  /**
   * {@code GET /api/v2/keys?limit=&cursor=}: the tenant's keys in order of creation; the cursor is
   * the id of the last key of the previous page.
   */
  public void list(Context ctx, Caller caller) {
    int limit = QueryParams.limit(ctx, 100);
    String cursor = QueryParams.text(ctx, "cursor");
    if (cursor != null && !dev.ujm.core.auth.ApiKeys.isKeyId(cursor)) {
      throw ProblemException.invalid(
          "cursor", "cursor is not one this list gave out: pass nextCursor unchanged");
    }
    Page<ApiKey> page = backend.engine().keys().list(caller.tenant(), cursor, limit);
    List<ApiKeyView> items = page.items().stream().map(Views::key).toList();
    HttpExchange.json(ctx, 200, new ListResponse<>(items, page.nextCursor()));
  }

  /** {@code DELETE /api/v2/keys/{id}}: 200 with the revoked key. */
  public void revoke(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    ApiKeys keys = backend.engine().keys();
    ApiKey key =
        keys.get(id)
            .filter(k -> k.tenantId().equals(caller.tenant()))
            .orElseThrow(() -> new ApiKeyNotFoundException(id));
    ApiKey revoked = keys.revoke(key.id(), caller.actor());
    guard.forget(revoked.id());
    LOG.info("key {} revoked by {}", revoked.id(), caller.actor());
    HttpExchange.json(ctx, 200, Views.key(revoked));
  }
}
