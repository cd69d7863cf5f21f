package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.PROCESSING;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.WAITING;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.UjmAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Progress;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.StoreCapability;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners hear every committed state change with its audit event, and progress reports without
 * one. Delivery may be asynchronous unless the store declares {@link
 * dev.ujm.core.store.StoreCapability#SYNCHRONOUS_LISTENERS}.
 */
public abstract class ListenerContract extends StoreContractBase {
  private final List<JobUpdate> heard = new CopyOnWriteArrayList<>();

  protected ListenerContract(JobStoreContract contract) {
    super(contract);
  }

  @BeforeEach
  void listen() {
    store.addListener(heard::add);
  }

  private List<JobUpdate> awaitUpdates(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= count);
    return List.copyOf(heard);
  }

  @Test
  void listeners_hear_every_state_change_with_its_event() {
    Job job = running("w1");
    store.complete(job.lease(), null);

    List<JobUpdate> updates = awaitUpdates(3);

    assertThat(updates).allMatch(JobUpdate::isStateChange);
    assertThat(updates)
        .extracting(u -> u.transition().to())
        .containsExactly(QUEUED, PROCESSING, COMPLETED);
    assertThat(updates).allMatch(u -> u.job().state() == u.transition().to());
    assertThat(updates).allMatch(u -> u.job().id().equals(job.id()));
    assertThat(updates.get(2).transition()).isEqualTo(store.history(job.id()).get(2));
  }

  @Test
  void progress_reaches_listeners_without_a_transition() {
    Job job = running("w1");
    store.progress(job.lease(), Progress.of(3, 4, "almost"));

    JobUpdate update = awaitUpdates(3).get(2);

    assertThat(update.isStateChange()).isFalse();
    assertThat(update.job().progress()).isEqualTo(Progress.of(3, 4, "almost"));
  }

  @Test
  void changes_made_as_a_consequence_are_heard_too() {
    Job a = submit(aJobIn("a"));
    Job b = submit(aJobIn("b").dependsOn(List.of(a.id())));
    Job c = submit(aJob().dependsOn(List.of(a.id())));
    store.cancel(new CancelRequest(b.id(), "alice", null));
    awaitUpdates(4);
    heard.clear();

    store.complete(claimOne("a", "w1").lease(), null);

    List<JobUpdate> updates = awaitUpdates(3);
    assertThat(updates).extracting(u -> u.job().id()).contains(c.id());
    JobUpdate released =
        updates.stream().filter(u -> u.job().id().equals(c.id())).findFirst().orElseThrow();
    assertThat(released.transition().from()).isEqualTo(WAITING);
    assertThat(released.transition().to()).isEqualTo(QUEUED);
    assertThat(reload(b)).hasState(CANCELLED);
  }

  @Test
  void a_synchronous_store_has_told_its_listeners_when_the_write_returns_any_other_soon_after() {
    Job job = submit();

    if (!can(StoreCapability.SYNCHRONOUS_LISTENERS)) {
      await().until(() -> heard.size() == 1);
    }
    assertThat(heard).hasSize(1);
    assertThat(heard.get(0).job()).isEqualTo(job);
  }
}
