package dev.ujm.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalClusterTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = now::get;

  private void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Test
  void a_lock_has_one_holder_until_its_grant_expires_and_every_new_grant_has_a_newer_token() {
    var lock = new LocalClusterLock(clock);

    LockGrant a = lock.tryAcquire("duty:reaper", "a", Duration.ofSeconds(10)).orElseThrow();
    assertThat(lock.tryAcquire("duty:reaper", "b", Duration.ofSeconds(10))).isEmpty();
    assertThat(lock.tryAcquire("duty:reaper", "a", Duration.ofSeconds(10)).orElseThrow().token())
        .isEqualTo(a.token());
    advance(Duration.ofSeconds(11));
    LockGrant b = lock.tryAcquire("duty:reaper", "b", Duration.ofSeconds(10)).orElseThrow();

    assertThat(b.token()).isGreaterThan(a.token());
    assertThat(lock.renew(a, Duration.ofSeconds(10))).isFalse();
    assertThat(lock.renew(b, Duration.ofSeconds(10))).isTrue();
    lock.release(a); // no longer held by a: changes nothing
    assertThat(lock.tryAcquire("duty:reaper", "c", Duration.ofSeconds(10))).isEmpty();
    lock.release(b);
    assertThat(lock.tryAcquire("duty:reaper", "c", Duration.ofSeconds(10))).isPresent();
  }

  @Test
  void a_node_is_live_until_its_announcement_expires_or_it_leaves() {
    var registry = new LocalNodeRegistry(clock);
    registry.heartbeat(node("a"), Duration.ofSeconds(30));
    registry.heartbeat(node("b"), Duration.ofSeconds(10));

    advance(Duration.ofSeconds(15));
    assertThat(registry.liveNodes()).extracting(NodeInfo::nodeId).containsExactly("a");
    registry.leave("a");
    assertThat(registry.liveNodes()).isEmpty();
  }

  private NodeInfo node(String id) {
    return new NodeInfo(
        id, id + "/boot", "host", now.get(), now.get(), List.of(new NodeInfo.PoolInfo("q", 4, 1)));
  }
}
