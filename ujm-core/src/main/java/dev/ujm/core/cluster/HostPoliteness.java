package dev.ujm.core.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Politeness towards the web hosts that crawls fetch from, kept for every crawl of a node and, when
 * a backend several nodes share provides it ({@code Stores.politeness()}), for every node: whose
 * turn it is to send a request to a host, and the host's robots.txt as last read. With it, two
 * nodes crawling one host together still keep its crawl-delay and read its robots.txt once.
 *
 * <p>The crawler asks for a turn before every request and closes the permit when the response has
 * been read; it parses robots.txt itself, so what is shared here is the file as fetched, not rules.
 * The in-process implementation is the crawler's own host limiter, which shares no robots.txt
 * beyond its node's cache. Implementations are thread-safe.
 */
public interface HostPoliteness {

  /**
   * How requests to a host must be spaced.
   *
   * @param delay least time between the last request's start or end and the next request's start
   * @param maxConnections requests in flight at most
   */
  record Policy(Duration delay, int maxConnections) {
    public Policy {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative() || maxConnections < 1) {
        throw new IllegalArgumentException(
            "delay must not be negative and maxConnections at least 1");
      }
    }
  }

  /** The right to send one request; closing it (once) records the request's end. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A host's robots.txt as fetched, for the other nodes to read instead of fetching it again.
   *
   * @param status the HTTP status of the answer; 0 when the host was unreachable or answered 5xx,
   *     which disallows everything until it is read again
   * @param body the file when the status was 2xx and the file was read whole, else null
   * @param contentType the answer's Content-Type, or null
   * @param url the URL the file was finally read from (after redirects)
   * @param freshFor how much longer it may be used before it must be fetched again
   */
  record RobotsFile(int status, byte[] body, String contentType, String url, Duration freshFor) {
    public RobotsFile {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(freshFor, "freshFor");
    }
  }

  /**
   * Waits for this host's turn under the policy. A host is whatever key the caller spaces requests
   * by (the crawler's is {@code host:port}).
   *
   * @throws CancellationException when {@code cancelled} turned true while waiting
   * @throws InterruptedException when the thread was interrupted while waiting
   */
  Permit acquire(String host, Policy policy, BooleanSupplier cancelled) throws InterruptedException;

  /**
   * The host's robots.txt another node read and shared, while it is fresh; empty when none is, or
   * when nothing is shared beyond this node.
   */
  default Optional<RobotsFile> robotsFile(String host) {
    return Optional.empty();
  }

  /**
   * Offers a robots.txt just fetched to the other nodes for {@code file.freshFor()}; does nothing
   * when nothing is shared beyond this node. A failure to share is not the crawl's failure: the
   * implementation logs it and returns.
   */
  default void shareRobotsFile(String host, RobotsFile file) {}
}
