package dev.ujm.server.http;

import io.javalin.http.Context;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * What a request may do to the connection it came on, through Jetty: stay open longer than the idle
 * timeout while it waits on purpose (a long-poll), or be cut when its answer cannot be finished.
 * Stateless.
 */
final class Connections {
  /** A handle that changes nothing. */
  static final AutoCloseable NO_CHANGE = () -> {};

  private Connections() {}

  /**
   * Lets the connection stay idle up to {@code idle} while this request runs; closing the returned
   * handle puts the connection's own idle timeout back, for whatever comes next on it.
   */
  static AutoCloseable allowIdle(Context ctx, Duration idle) {
    EndPoint endPoint = endPoint(ctx);
    if (endPoint == null) {
      return NO_CHANGE;
    }
    long before = endPoint.getIdleTimeout();
    if (before <= 0 || before >= idle.toMillis()) {
      return NO_CHANGE;
    }
    endPoint.setIdleTimeout(idle.toMillis());
    return () -> endPoint.setIdleTimeout(before);
  }

  /** Closes the connection at once: a client reading this answer sees it cut. */
  static void close(Context ctx) {
    EndPoint endPoint = endPoint(ctx);
    if (endPoint != null) {
      endPoint.close();
    }
  }

  private static EndPoint endPoint(Context ctx) {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    if (request == null) {
      return null;
    }
    var connection = request.getConnectionMetaData().getConnection();
    return connection == null ? null : connection.getEndPoint();
  }
}
