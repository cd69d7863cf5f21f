package dev.ujm.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobBuilder;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalEventBusTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private final LocalEventBus bus = new LocalEventBus(1 << 20, 1000);

  @AfterEach
  void closeBus() {
    bus.close();
  }

  private static JobUpdate queued(String id, String owner) {
    Job job =
        new JobBuilder()
            .id(id)
            .type("noop")
            .queue("noop")
            .ownerId(owner)
            .tenantId("acme")
            .state(JobState.QUEUED)
            .createdAt(AT)
            .updatedAt(AT)
            .build();
    return new JobUpdate(
        job,
        new JobEvent(
            id, null, JobState.QUEUED, 0, null, "system", "submitted", AT, Transition.SUBMIT));
  }

  private static JobUpdate progress(String id) {
    Job job = queued(id, "alice").job().toBuilder().progress(Progress.of(1, 2, "half")).build();
    return new JobUpdate(job, null);
  }

  /** Collects what a subscription receives. */
  private static final class Recorder implements EventListener {
    final List<JobChange> events = new CopyOnWriteArrayList<>();
    final AtomicLong missed = new AtomicLong();

    @Override
    public void onEvent(JobChange change) {
      events.add(change);
    }

    @Override
    public void onOverflow(long count) {
      missed.addAndGet(count);
    }
  }

  @Test
  void events_are_numbered_in_commit_order_and_delivered_in_that_order_through_the_filter() {
    Recorder alices = new Recorder();
    bus.subscribe(change -> "alice".equals(change.ownerId()), alices);

    for (int i = 0; i < 100; i++) {
      bus.publish(queued("job-" + i, i % 2 == 0 ? "alice" : "bob"));
    }
    bus.publish(progress("job-0"));

    await().until(() -> alices.events.size() == 51);
    assertThat(alices.events.subList(0, 50))
        .extracting(JobChange::jobId)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 50).mapToObj(i -> "job-" + 2 * i).toList());
    assertThat(alices.events).extracting(JobChange::seq).isSorted().doesNotHaveDuplicates();
    assertThat(alices.events.getFirst().seq()).isEqualTo(1);
    assertThat(alices.events.getFirst().transition()).isEqualTo(Transition.SUBMIT);
    assertThat(alices.events.getLast().kind()).isEqualTo(JobChange.Kind.PROGRESS);
    assertThat(alices.events.getLast().progress()).isEqualTo(Progress.of(1, 2, "half"));
    assertThat(bus.lastSeq()).isEqualTo(101);
  }

  @Test
  void a_subscriber_that_never_reads_holds_up_neither_the_publisher_nor_anyone_else()
      throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    Recorder afterwards = new Recorder();
    Subscription slow =
        bus.subscribe(
            change -> true,
            new EventListener() {
              @Override
              public void onEvent(JobChange change) {
                try {
                  stuck.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                afterwards.onEvent(change);
              }

              @Override
              public void onOverflow(long missed) {
                afterwards.onOverflow(missed);
              }
            },
            100);
    Recorder healthy = new Recorder();
    bus.subscribe(change -> true, healthy, 50_000);

    for (int i = 0; i < 20_000; i++) {
      bus.publish(queued("job-" + i, "alice")); // would block forever if the bus waited
    }

    await().until(() -> healthy.events.size() == 20_000);
    await().until(() -> slow.dropped() >= 20_000 - 101);
    stuck.countDown();
    await().until(() -> slow.delivered() == 20_000 - slow.dropped());
    bus.publish(queued("last", "alice"));
    await().until(() -> afterwards.events.stream().anyMatch(e -> e.jobId().equals("last")));
    assertThat(afterwards.missed.get()).isEqualTo(slow.dropped());
    assertThat(bus.stats().droppedBySubscribers()).isEqualTo(slow.dropped());
    assertThat(bus.stats().droppedAtDoor()).isZero();
  }

  @Test
  void a_replay_from_a_sequence_number_returns_exactly_the_events_after_it() {
    for (int i = 0; i < 300; i++) {
      bus.publish(queued("job-" + i, i % 3 == 0 ? "alice" : "bob"));
    }
    await().until(() -> bus.lastSeq() == 300);

    Replay replay = bus.since(250, change -> "alice".equals(change.ownerId()));

    assertThat(replay.complete()).isTrue();
    assertThat(replay.lastSeq()).isEqualTo(300);
    assertThat(replay.events())
        .extracting(JobChange::seq)
        .containsExactly(
            253L, 256L, 259L, 262L, 265L, 268L, 271L, 274L, 277L, 280L, 283L, 286L, 289L, 292L,
            295L, 298L);
    assertThat(bus.since(300, change -> true).events()).isEmpty();
    assertThat(bus.since(300, change -> true).complete()).isTrue();
  }

  @Test
  void a_replay_older_than_the_buffer_says_it_is_incomplete() {
    for (int i = 0; i < 1500; i++) {
      bus.publish(queued("job-" + i, "alice"));
    }
    await().until(() -> bus.lastSeq() == 1500);

    Replay old = bus.since(100, change -> true);
    Replay edge = bus.since(500, change -> true);

    assertThat(old.complete()).isFalse();
    assertThat(old.events()).hasSize(1000);
    assertThat(edge.complete()).isTrue();
    assertThat(edge.events()).hasSize(1000);
  }

  @Test
  void a_closed_subscription_gets_nothing_more_and_leaves_the_bus() {
    Recorder recorder = new Recorder();
    Subscription subscription = bus.subscribe(change -> true, recorder);
    bus.publish(queued("a", "alice"));
    await().until(() -> recorder.events.size() == 1);

    subscription.close();
    bus.publish(queued("b", "alice"));
    await().until(() -> bus.lastSeq() == 2);

    assertThat(subscription.isOpen()).isFalse();
    assertThat(bus.stats().subscriptions()).isZero();
    await().during(Duration.ofMillis(200)).until(() -> recorder.events.size() == 1);
  }

  @Test
  void changes_from_peers_are_numbered_in_this_nodes_sequence() {
    Recorder recorder = new Recorder();
    bus.subscribe(change -> true, recorder);

    bus.publish(queued("local", "alice"));
    bus.publishFromPeer(JobChange.of(queued("remote", "bob")).numbered(777));

    await().until(() -> recorder.events.size() == 2);
    assertThat(recorder.events).extracting(JobChange::seq).containsExactly(1L, 2L);
    assertThat(recorder.events).extracting(JobChange::jobId).containsExactly("local", "remote");
  }
}
