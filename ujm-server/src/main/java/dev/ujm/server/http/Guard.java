package dev.ujm.server.http;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiKeySecrets;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.BackendUnavailableException;
import dev.ujm.server.logs.LogText;
import dev.ujm.server.ratelimit.AuthFailureThrottle;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.MDC;

/**
 * Authenticates the key of a request and checks it against what the route asks ({@link Access}).
 * The key comes from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}; it is hashed
 * and looked up, never logged. Order of refusals: 429 while the client's address is blocked for
 * guessing keys ({@link AuthFailureThrottle}), 503 when the backend holding the keys is down, 401
 * without a usable key (held back a little after repeated failures), then what {@link Caller#of}
 * refuses (403 when the role is too low, 404 for a tenant the key may not see), then 429 when the
 * rate limiter says so; the limits that applied are in the {@code RateLimit} headers.
 *
 * <p>While the key store cannot be asked (down, or failing), a key this node accepted within the
 * last {@link #REMEMBER_FOR}, and the bootstrap admin key given in {@code UJM_ADMIN_KEY}, are still
 * accepted: every job endpoint answers 503 then anyway, but the compatibility crawl can still run
 * its fallback. A key revoked through this node is forgotten at once; one revoked on another node
 * during such an outage works here until the store answers again or the memory runs out.
 * Thread-safe.
 */
public final class Guard {
  /** How long an accepted key is remembered for an outage of the key store. */
  public static final Duration REMEMBER_FOR = Duration.ofMinutes(15);

  private static final int MAX_REMEMBERED = 10_000;

  private final Backend backend;
  private final RateLimiter limiter;
  private final AuthFailureThrottle throttle;
  private final String bootstrapAdminHash;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  private record Remembered(ApiKey key, long at) {}

  /**
   * @param bootstrapAdminSecret the value of {@code UJM_ADMIN_KEY}, or null
   */
  public Guard(
      Backend backend,
      RateLimiter limiter,
      AuthFailureThrottle throttle,
      String bootstrapAdminSecret) {
    this.backend = backend;
    this.limiter = limiter;
    this.throttle = throttle;
    this.bootstrapAdminHash =
        bootstrapAdminSecret == null || bootstrapAdminSecret.isBlank()
            ? null
            : ApiKeySecrets.hash(bootstrapAdminSecret.trim());
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

  /** {@link #check(Context, Access, boolean)} for a route, limited as the route is. */
  public Caller check(Context ctx, Route route) {
    return check(ctx, route.access(), route.queryKey(), route.submits());
  }

  /**
   * {@link #check(Context, Access)}, also taking the key from {@code ?apiKey=} when {@code
   * keyInQuery}: for the live streams, which browsers open without headers ({@code WebSocket},
   * {@code EventSource}). The request log never writes query strings, so the key is not logged.
   */
  public Caller check(Context ctx, Access access, boolean keyInQuery) {
    return check(ctx, access, keyInQuery, false);
  }

  private Caller check(Context ctx, Access access, boolean keyInQuery, boolean submits) {
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
    String address = ctx.ip();
    Caller caller =
        authorize(authenticate(ctx, secret, address), access, QueryParams.text(ctx, "tenant"));
    RateDecision decision = limiter.acquire(caller, submits);
    decision.writeHeaders(ctx);
    if (!decision.allowed()) {
      throw ProblemException.rateLimited(decision.retryAfter());
    }
    return caller;
  }

  /**
   * The caller of a key given some other way (the first message of a WebSocket).
   *
   * @throws ProblemException 401, 403 or 429
   */
  public Caller check(String secret, Access access, String tenantParam, String address) {
    Caller caller = authorize(authenticate(null, secret, address), access, tenantParam);
    RateDecision decision = limiter.acquire(caller, false);
    if (!decision.allowed()) {
      throw ProblemException.rateLimited(decision.retryAfter());
    }
    return caller;
  }

  private Caller authorize(ApiKey key, Access access, String tenantParam) {
    MDC.put("keyId", LogText.escape(key.id()));
    return Caller.of(key, access, tenantParam);
  }

  /**
   * The key of a secret; {@code ctx} (null outside a request) hears of a failing store. A client
   * address that is blocked for guessing gets 429 before its key is looked at; a key that is not
   * known counts against the address.
   */
  private ApiKey authenticate(Context ctx, String secret, String address) {
    throttle
        .blocked(address)
        .ifPresent(
            wait -> {
              throw ProblemException.rateLimited(
                  "too many failed authentications from this address", wait);
            });
    String hash = ApiKeySecrets.hash(secret);
    Optional<ApiKey> found;
    try {
      found = backend.engine().keys().authenticate(secret);
    } catch (BackendUnavailableException e) {
      return rememberedOr(hash, e);
    } catch (RuntimeException e) {
      if (ctx != null) {
        HttpExchange.storeFailed(ctx, e);
      }
      return rememberedOr(hash, e);
    }
    if (found.isEmpty()) {
      remembered.remove(hash);
      holdBack(throttle.failed(address));
      throw ProblemException.unauthorized("the API key is unknown or revoked");
    }
    remember(hash, found.get());
    return found.get();
  }

  private ApiKey rememberedOr(String hash, RuntimeException failure) {
    Remembered seen = remembered.get(hash);
    if (seen != null && System.nanoTime() - seen.at() < REMEMBER_FOR.toNanos()) {
      return seen.key();
    }
    if (hash.equals(bootstrapAdminHash)) {
      return dev.ujm.core.auth.ApiKeys.bootstrapKey(java.time.Instant.EPOCH);
    }
    throw failure;
  }

  /** Forgets a key revoked through this node, so an outage of the key store cannot revive it. */
  public void forget(String keyId) {
    remembered.values().removeIf(r -> r.key().id().equals(keyId));
  }

  private void remember(String hash, ApiKey key) {
    if (remembered.size() >= MAX_REMEMBERED && !remembered.containsKey(hash)) {
      long oldest = System.nanoTime() - REMEMBER_FOR.toNanos();
      remembered.values().removeIf(r -> r.at() - oldest < 0);
      if (remembered.size() >= MAX_REMEMBERED) {
        return;
      }
    }
    remembered.put(hash, new Remembered(key, System.nanoTime()));
  }

  /** Answers a failed authentication later: a guesser's next try waits for this one's answer. */
  private static void holdBack(Duration hold) {
    if (hold.isZero()) {
      return;
    }
    try {
      Thread.sleep(hold);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
