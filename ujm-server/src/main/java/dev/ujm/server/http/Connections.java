package dev.ujm.server.http;

import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
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

  /**
   * Reads and drops what is left of the request body, up to {@code maxBytes}, so the connection can
   * carry the client's next request: a request refused before its body was read (401, 403, 404,
   * 405, a bad id) would otherwise leave the connection to be closed under the client, which may
   * already be sending its next request on it. A body longer than that closes the connection after
   * the answer, saying so.
   */
  static void drainRequestBody(Context ctx, long maxBytes) {
    try {
      ServletInputStream in = ctx.req().getInputStream();
      // Most bodies were read to their end by the handler: one read says so, with no buffer.
      if (in.isFinished() || in.read() < 0) {
        return;
      }
      long left = maxBytes;
      byte[] buffer = new byte[8192];
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
        left -= n;
      }
      if (left <= 0 && !ctx.res().isCommitted()) {
        ctx.header("Connection", "close");
      }
    } catch (IOException | IllegalStateException e) {
      // the body cannot be read (gone, or read another way): Jetty closes the connection if need be
    }
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
