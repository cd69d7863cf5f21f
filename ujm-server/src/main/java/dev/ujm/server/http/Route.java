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
 */
public record Route(
    HandlerType method,
    String path,
    Access access,
    ApiHandler handler,
    boolean waits,
    boolean submits) {

  /** A handler that gets the authenticated caller (null on public routes). */
  @FunctionalInterface
  public interface ApiHandler {
    void handle(Context ctx, Caller caller) throws Exception;
  }

  public static Route get(String path, Access access, ApiHandler handler) {
    return new Route(HandlerType.GET, path, access, handler, false, false);
  }

  public static Route post(String path, Access access, ApiHandler handler) {
    return new Route(HandlerType.POST, path, access, handler, false, false);
  }

  public static Route put(String path, Access access, ApiHandler handler) {
    return new Route(HandlerType.PUT, path, access, handler, false, false);
  }

  public static Route delete(String path, Access access, ApiHandler handler) {
    return new Route(HandlerType.DELETE, path, access, handler, false, false);
  }

  /** The same route, marked as one that waits on purpose. */
  public Route waiting() {
    return new Route(method, path, access, handler, true, submits);
  }

  /** The same route, marked as one that makes new work. */
  public Route submitting() {
    return new Route(method, path, access, handler, waits, true);
  }
}
