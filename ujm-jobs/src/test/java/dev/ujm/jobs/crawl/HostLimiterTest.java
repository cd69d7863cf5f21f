package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.cluster.HostPoliteness.Permit;
import dev.ujm.core.cluster.HostPoliteness.Policy;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HostLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final HostLimiter limiter = new HostLimiter(nanos::get);
  private final Policy oneAtATime = new Policy(Duration.ofMillis(100), 1);

  @Test
  void the_first_request_to_a_host_goes_at_once() {
    assertThat(limiter.tryAcquire("a:80", oneAtATime)).isPresent();
  }

  @Test
  void the_next_request_waits_for_the_delay_after_the_previous_one_finished() {
    Permit first = limiter.tryAcquire("a:80", oneAtATime).orElseThrow();
    advance(500);
    first.close();

    advance(99);
    assertThat(limiter.tryAcquire("a:80", oneAtATime)).isEmpty();
    advance(1);
    assertThat(limiter.tryAcquire("a:80", oneAtATime)).isPresent();
  }

  @Test
  void no_more_than_the_allowed_connections_are_in_flight() {
    Policy two = new Policy(Duration.ZERO, 2);
    Permit first = limiter.tryAcquire("a:80", two).orElseThrow();
    limiter.tryAcquire("a:80", two).orElseThrow();

    assertThat(limiter.tryAcquire("a:80", two)).isEmpty();
    first.close();
    assertThat(limiter.tryAcquire("a:80", two)).isPresent();
  }

  @Test
  void hosts_do_not_wait_for_each_other() {
    limiter.tryAcquire("a:80", oneAtATime).orElseThrow();

    assertThat(limiter.tryAcquire("a:8080", oneAtATime)).isPresent();
    assertThat(limiter.tryAcquire("b:80", oneAtATime)).isPresent();
  }

  @Test
  void closing_a_permit_twice_frees_one_connection_only() {
    Policy two = new Policy(Duration.ZERO, 2);
    Permit first = limiter.tryAcquire("a:80", two).orElseThrow();
    limiter.tryAcquire("a:80", two).orElseThrow();
    first.close();
    first.close();

    assertThat(limiter.tryAcquire("a:80", two)).isPresent();
    assertThat(limiter.tryAcquire("a:80", two)).isEmpty();
  }

  @Test
  void a_waiter_gets_the_turn_when_the_holder_finishes() throws Exception {
    HostLimiter real = new HostLimiter();
    Policy noDelay = new Policy(Duration.ZERO, 1);
    Permit holder = real.acquire("a:80", noDelay, () -> false);
    CompletableFuture<Permit> waiter =
        CompletableFuture.supplyAsync(() -> acquire(real, noDelay, () -> false));

    assertThat(waiter).isNotDone();
    holder.close();
    await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
    assertThat(waiter.get()).isNotNull();
  }

  @Test
  void a_waiter_gives_up_when_its_crawl_is_cancelled() throws Exception {
    HostLimiter real = new HostLimiter();
    real.acquire("a:80", oneAtATime, () -> false);
    AtomicBoolean cancelled = new AtomicBoolean();
    CompletableFuture<Permit> waiter =
        CompletableFuture.supplyAsync(() -> acquire(real, oneAtATime, cancelled::get));

    cancelled.set(true);
    await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
    assertThatThrownBy(waiter::join).hasCauseInstanceOf(CancellationException.class);
  }

  private static Permit acquire(
      HostLimiter limiter, Policy policy, java.util.function.BooleanSupplier cancelled) {
    try {
      return limiter.acquire("a:80", policy, cancelled);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private void advance(long millis) {
    nanos.addAndGet(Duration.ofMillis(millis).toNanos());
  }
}
