package dev.ujm.server.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link RateLimiter} decided for one request, and the state of each limit that applied to
 * it, as the {@code RateLimit-Policy} and {@code RateLimit} headers of the IETF draft show them
 * ({@code "key";q=60;w=60} and {@code "key";r=12;t=48}). Immutable.
 *
 * @param retryAfter null when the request may go ahead; else how long the caller should wait
 * @param limits every limit that applied, in the order they were checked
 */
public record RateDecision(Duration retryAfter, List<Limit> limits) {

  /**
   * One limit's state after this request.
   *
   * @param name the policy's name: {@code key} or {@code tenant}
   * @param quota requests allowed per window
   * @param window the window
   * @param remaining requests left now
   * @param reset until the limit is whole again
   */
  public record Limit(String name, long quota, Duration window, long remaining, Duration reset) {}

  public RateDecision {
    limits = List.copyOf(limits);
  }

  /** A request no limit applies to. */
  public static RateDecision unlimited() {
    return new RateDecision(null, List.of());
  }

  public boolean allowed() {
    return retryAfter == null;
  }

  /** Writes the two headers, when any limit applied. */
  public void writeHeaders(Context ctx) {
    if (limits.isEmpty()) {
      return;
    }
    ctx.header(
        "RateLimit-Policy",
        limits.stream()
            .map(l -> "\"" + l.name() + "\";q=" + l.quota() + ";w=" + l.window().toSeconds())
            .collect(Collectors.joining(", ")));
    ctx.header(
        "RateLimit",
        limits.stream()
            .map(l -> "\"" + l.name() + "\";r=" + l.remaining() + ";t=" + ceilSeconds(l.reset()))
            .collect(Collectors.joining(", ")));
  }

  private static long ceilSeconds(Duration d) {
    long s = d.toSeconds();
    return d.minusSeconds(s).isZero() ? s : s + 1;
  }
}
