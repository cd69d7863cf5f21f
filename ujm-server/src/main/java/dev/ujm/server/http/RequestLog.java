package dev.ujm.server.http;

import dev.ujm.server.logs.LogText;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id and writes one log line per request: method, path (never the query
 * string, which may carry a key), status and duration, with {@code requestId} and, where there is
 * one, {@code jobId} in the MDC. Requests slower than {@link #SLOW_MILLIS} are logged at WARN,
 * except endpoints that wait on purpose. The id comes from the caller's {@code X-Request-Id} when
 * it is a sane token, and is sent back in the same header. Every value written, in the line and in
 * the MDC, has its control characters escaped ({@link LogText}). Thread-safe.
 */
public final class RequestLog {
  /** Requests slower than this are logged at WARN. */
  public static final long SLOW_MILLIS = 100;

  /** Attribute set by the route wrapper for endpoints that wait on purpose. */
  public static final String WAITS = "ujm.waits";

  private static final Logger LOG = LoggerFactory.getLogger("dev.ujm.server.http.requests");
  private static final String REQUEST_ID = "ujm.requestId";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Before every request: assigns the request id and puts it in the MDC. */
  public void begin(Context ctx) {
    String given = ctx.header("X-Request-Id");
    String id = given != null && SANE_ID.matcher(given).matches() ? given : newId();
    ctx.attribute(REQUEST_ID, id);
    ctx.header("X-Request-Id", id);
    MDC.put("requestId", id);
  }

  /** After every request: the log line, then the MDC is cleared. */
  public void finish(Context ctx, Float millis) {
    try {
      MDC.put("requestId", requestId(ctx));
      String jobId = ctx.attribute(HttpExchange.JOB_ID);
      if (jobId != null) {
        MDC.put("jobId", LogText.escape(jobId));
      }
      boolean waits = Boolean.TRUE.equals(ctx.attribute(WAITS));
      double ms = millis == null ? 0 : millis;
      if (ms > SLOW_MILLIS && !waits) {
        LOG.warn(
            "{} {} {} {} ms (slow)",
            ctx.method(),
            LogText.escape(ctx.path()),
            ctx.statusCode(),
            String.format("%.1f", ms));
      } else {
        LOG.info(
            "{} {} {} {} ms",
            ctx.method(),
            LogText.escape(ctx.path()),
            ctx.statusCode(),
            String.format("%.1f", ms));
      }
    } finally {
      MDC.clear();
    }
  }

  /** The id of this request (made up when {@link #begin} did not run). */
  public static String requestId(Context ctx) {
    String id = ctx.attribute(REQUEST_ID);
    return id != null ? id : "-";
  }

  private static String newId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
