package dev.ujm.server.http;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.util.Locale;
import org.slf4j.MDC;

/**
 * Authenticates the key of a request and checks it against what the route asks ({@link Access}).
 * The key comes from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}; it is hashed
 * and looked up, never logged. Order of refusals: 503 when the backend holding the keys is down,
 * 401 without a usable key, 429 when the rate limiter says so, 403 when the role is too low.
 * Thread-safe.
 */
public final class Guard {
  private final Backend backend;
  private final RateLimiter limiter;

  public Guard(Backend backend, RateLimiter limiter) {
    this.backend = backend;
    this.limiter = limiter;
  }

  /**
   * The caller of this request, or null for a public route.
   *
   * @throws ProblemException 401, 403 or 429
   * @throws dev.ujm.server.engine.BackendUnavailableException 503 while the key store is down
   */
  public Caller check(Context ctx, Access access) {
    return check(ctx, access, false);
  }

  /**
   * {@link #check(Context, Access)}, also taking the key from {@code ?apiKey=} when {@code
   * keyInQuery}: for the live streams, which browsers open without headers ({@code WebSocket},
   * {@code EventSource}). The request log never writes query strings, so the key is not logged.
   */
  public Caller check(Context ctx, Access access, boolean keyInQuery) {
    if (access == Access.PUBLIC) {
      return null;
    }
    String secret = secretOf(ctx);
    if (secret == null && keyInQuery) {
      String query = ctx.queryParam("apiKey");
      secret = query == null || query.isBlank() ? null : query.trim();
    }
    if (secret == null) {
      throw ProblemException.unauthorized(
          "this endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
              + (keyInQuery ? " or ?apiKey=<key>" : ""));
    }
    return check(secret, access, ctx.queryParam("tenant"));
  }

  /**
   * The caller of a key given some other way (the first message of a WebSocket).
   *
   * @throws ProblemException 401, 403 or 429
   */
  public Caller check(String secret, Access access, String tenantParam) {
    ApiKey key =
        backend
            .engine()
            .keys()
            .authenticate(secret)
            .orElseThrow(() -> ProblemException.unauthorized("the API key is unknown or revoked"));
    MDC.put("keyId", key.id());
    limiter
        .acquire(key)
        .ifPresent(
            wait -> {
              throw ProblemException.rateLimited(wait);
            });
    if (access == Access.WRITE && !key.role().canWrite()) {
      throw ProblemException.forbidden("a readonly key cannot submit, cancel, retry or clone jobs");
    }
    if (access == Access.ADMIN && key.role() != dev.ujm.core.auth.ApiRole.ADMIN) {
      throw ProblemException.forbidden("this endpoint needs an admin key");
    }
    return Caller.of(key, tenantParam);
  }

  private static String secretOf(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      String trimmed = authorization.trim();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
        String value = trimmed.substring(7).trim();
        return value.isEmpty() ? null : value;
      }
    }
    String header = ctx.header("X-API-Key");
    return header == null || header.isBlank() ? null : header.trim();
  }
}
