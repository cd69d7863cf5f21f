package dev.ujm.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * One endpoint: method, path (Javalin syntax, {@code {id}} for a path parameter, as in OpenAPI),
 * what it asks of the caller's key, and its handler.
 *
 * @param waits whether the endpoint waits on purpose (long-poll, synchronous crawl), so its
 *     duration is not "slow"
 * @param queryKey whether the key may also come as {@code ?apiKey=} (the live streams)
 */
public record Route(
    HandlerType method,
    String path,
    Access access,
    ApiHandler handler,
    boolean waits,
    boolean queryKey) {

  public Route(HandlerType method, String path, Access access, ApiHandler handler, boolean waits) {
    this(method, path, access, handler, waits, false);
  }

  /** A handler that gets the authenticated caller (null on public routes). */
  @FunctionalInterface
  public interface ApiHandler {
    void handle(Context ctx, Caller caller) throws Exception;
  }

  public static Route get(String path, Access access, ApiHandler handler) {
    return new Route(HandlerType.GET, path, access, handler, false);
  }

  public static Route post(String path, Access access, ApiHandler handler) {
    return new Route(HandlerType.POST, path, access, handler, false);
  }

  public static Route delete(String path, Access access, ApiHandler handler) {
    return new Route(HandlerType.DELETE, path, access, handler, false);
  }

  public static Route patch(String path, Access access, ApiHandler handler) {
    return new Route(HandlerType.PATCH, path, access, handler, false);
  }

  /** The same route, marked as one that waits on purpose. */
  public Route waiting() {
    return new Route(method, path, access, handler, true, queryKey);
  }

  /**
   * The same route, also taking the API key from {@code ?apiKey=}: only for the live streams, which
   * browsers cannot open with headers.
   */
  public Route acceptingQueryKey() {
    return new Route(method, path, access, handler, waits, true);
  }
}
