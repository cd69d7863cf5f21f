package dev.ujm.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * One endpoint: method, path (Javalin syntax, {@code {id}} for a path parameter, as in OpenAPI),
 * what it asks of the caller's key, and its handler.
 *
 * @param waits whether the endpoint waits on purpose (long-poll, synchronous crawl), so its
 *     duration is not "slow" and its connection may stay idle while it waits
 * @param submits whether the endpoint makes new work (submit, batch, crawl, retry, clone), which a
 *     node that is shutting down refuses
 * @param queryKey whether the key may also come as {@code ?apiKey=} (the live streams)
 */
public record Route(
    HandlerType method,
    String path,
    Access access,
    ApiHandler handler,
    boolean waits,
    boolean submits,
    boolean queryKey) {

  /** A handler that gets the authenticated caller (null on public routes). */
  @FunctionalInterface
  public interface ApiHandler {
    void handle(Context ctx, Caller caller) throws Exception;
  }

  public static Route get(String path, Access access, ApiHandler handler) {
    return of(HandlerType.GET, path, access, handler);
  }

  public static Route post(String path, Access access, ApiHandler handler) {
    return of(HandlerType.POST, path, access, handler);
  }

  public static Route put(String path, Access access, ApiHandler handler) {
    return of(HandlerType.PUT, path, access, handler);
  }

  public static Route patch(String path, Access access, ApiHandler handler) {
    return of(HandlerType.PATCH, path, access, handler);
  }

  public static Route delete(String path, Access access, ApiHandler handler) {
    return of(HandlerType.DELETE, path, access, handler);
  }

  private static Route of(HandlerType method, String path, Access access, ApiHandler handler) {
    return new Route(method, path, access, handler, false, false, false);
  }

  /** The same route, marked as one that waits on purpose. */
  public Route waiting() {
    return new Route(method, path, access, handler, true, submits, queryKey);
  }

  /** The same route, marked as one that makes new work. */
  public Route submitting() {
    return new Route(method, path, access, handler, waits, true, queryKey);
  }

  /**
   * The same route, also taking the API key from {@code ?apiKey=}: only for the live streams, which
   * browsers cannot open with headers.
   */
  public Route acceptingQueryKey() {
    return new Route(method, path, access, handler, waits, submits, true);
  }
}
