package dev.ujm.store.redismongo.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.cluster.HostPoliteness.Permit;
import dev.ujm.core.cluster.HostPoliteness.Policy;
import dev.ujm.core.cluster.HostPoliteness.RobotsFile;
import dev.ujm.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes (two connections, two instances) sharing crawl politeness through one real
 * redis-server: turns at a host keep its delay and connection limit across both, a dead node's
 * permit stops counting at its deadline, waiting honours cancellation, and robots.txt files pass
 * from one node to the other with their freshness.
 */
class RedisHostPolitenessTest {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();

  private static final Duration LIFETIME = Duration.ofMinutes(1);
  private final List<RedisClient> clients = new ArrayList<>();
  private final String prefix = "test-" + UUID.randomUUID() + ":";
  private RedisHostPoliteness first;
  private RedisHostPoliteness second;

  /** One request as the caller saw it, on this JVM's monotonic clock. */
  private record Request(long startNanos, long endNanos) {}

  @BeforeEach
  void twoNodes() {
    first = node(LIFETIME);
    second = node(LIFETIME);
  }

  @AfterEach
  void closeConnections() {
    clients.forEach(RedisClient::shutdown);
  }

  private RedisHostPoliteness node(Duration permitLifetime) {
    RedisClient client = RedisClient.create(REDIS.uri());
    clients.add(client);
    StatefulRedisConnection<String, String> connection = client.connect();
    return new RedisHostPoliteness(connection.sync(), prefix, permitLifetime);
  }

  @Test
  void requests_of_two_nodes_to_one_host_keep_its_delay_between_the_end_of_one_and_the_next()
      throws Exception {
    Duration delay = Duration.ofMillis(30);
    Policy oneAtATime = new Policy(delay, 1);
    List<Request> requests = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      RedisHostPoliteness node = i % 2 == 0 ? first : second;
      callers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int r = 0; r < 3; r++) {
                  requests.add(request(node, "site:80", oneAtATime));
                }
              }));
    }
    CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get();

    List<Request> inOrder =
        requests.stream().sorted(Comparator.comparingLong(Request::startNanos)).toList();
    assertThat(inOrder).hasSize(24);
    for (int i = 1; i < inOrder.size(); i++) {
      Duration gap = Duration.ofNanos(inOrder.get(i).startNanos() - inOrder.get(i - 1).endNanos());
      assertThat(gap)
          .as("from the end of request %d to the start of the next (Redis counts whole ms)", i - 1)
          .isGreaterThanOrEqualTo(delay.minusMillis(1));
    }
  }

  @Test
  void two_nodes_together_never_have_more_requests_to_a_host_in_flight_than_it_allows()
      throws Exception {
    Policy two = new Policy(Duration.ZERO, 2);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      RedisHostPoliteness node = i % 2 == 0 ? first : second;
      callers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int r = 0; r < 5; r++) {
                  try (Permit permit = acquire(node, "busy:80", two)) {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    spin(Duration.ofMillis(5));
                    inFlight.decrementAndGet();
                  }
                }
              }));
    }
    CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get();

    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void the_permit_of_a_node_that_died_holding_it_stops_counting_at_its_deadline() throws Exception {
    RedisHostPoliteness dying = node(Duration.ofSeconds(1));
    Policy oneAtATime = new Policy(Duration.ZERO, 1);
    acquire(dying, "orphaned:80", oneAtATime); // never closed: its node is gone

    CompletableFuture<Permit> next =
        CompletableFuture.supplyAsync(() -> acquire(second, "orphaned:80", oneAtATime));

    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofMillis(900))
        .until(() -> !next.isDone());
    await().atMost(Duration.ofSeconds(10)).until(next::isDone);
    next.get().close();
  }

  @Test
  void a_caller_waiting_for_a_host_another_node_holds_gives_up_when_cancelled() throws Exception {
    Policy oneAtATime = new Policy(Duration.ZERO, 1);
    try (Permit held = acquire(first, "held:80", oneAtATime)) {
      AtomicBoolean cancelled = new AtomicBoolean();
      CompletableFuture<Permit> waiter =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return second.acquire("held:80", oneAtATime, cancelled::get);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      await()
          .during(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(1))
          .until(() -> !waiter.isDone());
      cancelled.set(true);

      assertThatThrownBy(waiter::get)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(CancellationException.class);
    }
  }

  @Test
  void a_robots_txt_one_node_shares_is_read_by_the_other_until_it_expires() {
    byte[] body = "User-agent: *\nCrawl-delay: 1\n".getBytes(StandardCharsets.UTF_8);
    RobotsFile file =
        new RobotsFile(200, body, "text/plain", "http://site/robots.txt", Duration.ofMinutes(5));

    first.shareRobotsFile("site:80", file);
    RobotsFile read = second.robotsFile("site:80").orElseThrow();

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(body);
    assertThat(read.contentType()).isEqualTo("text/plain");
    assertThat(read.url()).isEqualTo("http://site/robots.txt");
    assertThat(read.freshFor()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(second.robotsFile("other:80")).isEmpty();

    first.shareRobotsFile(
        "gone:80", new RobotsFile(0, null, null, "http://gone/robots.txt", Duration.ofMillis(200)));
    assertThat(second.robotsFile("gone:80")).map(RobotsFile::status).contains(0);
    await().atMost(Duration.ofSeconds(5)).until(() -> second.robotsFile("gone:80").isEmpty());
  }

  private static Request request(RedisHostPoliteness node, String host, Policy policy) {
    long start;
    long end;
    try (Permit permit = acquire(node, host, policy)) {
      start = System.nanoTime();
      spin(Duration.ofMillis(2));
      end = System.nanoTime();
    }
    return new Request(start, end);
  }

  private static Permit acquire(RedisHostPoliteness node, String host, Policy policy) {
    try {
      return node.acquire(host, policy, () -> false);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stands for a request's work, without sleeping. */
  private static void spin(Duration time) {
    long until = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }
}
