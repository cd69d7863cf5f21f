package dev.ujm.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request headers take longer than a deadline to arrive, however slowly
 * the client keeps sending bytes (the idle timeout alone lets a client that sends a byte every few
 * seconds hold a connection for hours). Its loop, every {@link #sweepEvery()}:
 *
 * <ol>
 *   <li>for each open HTTP/1 connection, look whether its parser is inside a request's headers;
 *   <li>if so, note when that was first seen for this request (the count of requests the connection
 *       has read tells one request from the next);
 *   <li>if it was first seen longer than the deadline ago, close the connection.
 * </ol>
 *
 * Connections waiting for their next request, and requests being answered (a long-poll, an upload),
 * are not in their headers and are left to the idle timeout. Thread-safe.
 */
final class HeaderDeadline implements Connection.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

  private final long deadlineNanos;
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ujm-http-header-deadline");
            t.setDaemon(true);
            return t;
          });

  /** When one request's headers were first seen unfinished. */
  private record Watch(long request, long since) {}

  private static final Watch NONE = new Watch(-1, 0);

  HeaderDeadline(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
    long every = sweepEvery().toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  /** A quarter of the deadline, at least 50 ms: a connection is closed at most that late. */
  Duration sweepEvery() {
    return Duration.ofNanos(Math.max(Duration.ofMillis(50).toNanos(), deadlineNanos / 4));
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, NONE);
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  void sweep() {
    long now = System.nanoTime();
    open.replaceAll(
        (connection, watch) -> {
          if (!(connection instanceof HttpConnection http) || !inHeaders(http.getParser())) {
            return NONE;
          }
          long request = http.getMessagesIn();
          if (watch.request() != request) {
            return new Watch(request, now);
          }
          if (now - watch.since() > deadlineNanos) {
            LOG.debug(
                "closing a connection from {}: its request headers took longer than {} ms",
                connection.getEndPoint().getRemoteSocketAddress(),
                Duration.ofNanos(deadlineNanos).toMillis());
            connection.getEndPoint().close();
            return NONE;
          }
          return watch;
        });
  }

  private static boolean inHeaders(HttpParser parser) {
    return parser != null && parser.inHeaderState() && !parser.isStart();
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
