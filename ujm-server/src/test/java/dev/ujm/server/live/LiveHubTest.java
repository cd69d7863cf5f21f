package dev.ujm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Progress;
import dev.ujm.server.http.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The hub alone, on a clock moved by hand: progress coalescing, the indexes, and what a key may
 * read. Events are handed to it as the bus would.
 */
class LiveHubTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final LiveHub hub = new LiveHub(nanos::get);
  private long seq;

  @org.junit.jupiter.api.AfterEach
  void close() {
    hub.close();
  }

  /** A client that keeps what it is offered. */
  private static final class Kept implements LiveSink {
    final Interest interest;
    final List<LiveEvent> events = new ArrayList<>();

    Kept(Interest interest) {
      this.interest = interest;
    }

    @Override
    public Interest interest() {
      return interest;
    }

    @Override
    public void offer(LiveEvent event) {
      events.add(event);
    }

    @Override
    public void resync(String reason) {}

    List<String> kinds() {
      return events.stream()
          .map(
              e ->
                  e.isState()
                      ? "state"
                      : "progress:" + e.json().replaceAll(".*\"percent\":(\\d+).*", "$1"))
          .toList();
    }
  }

  private Kept client(
      ApiRole role, String tenant, String user, boolean own, boolean all, Set<String> ids) {
    Interest interest =
        new Interest(
            new Caller(
                new ApiKey("k-" + user, role, tenant, user, null, Instant.EPOCH, null), tenant));
    interest.own(own);
    interest.all(all);
    interest.addJobs(ids);
    Kept kept = new Kept(interest);
    hub.join(kept);
    hub.reindex(kept);
    return kept;
  }

  private void progress(String job, String owner, int percent) {
    send(
        JobChange.Kind.PROGRESS,
        job,
        "t",
        owner,
        JobState.PROCESSING,
        new Progress(percent, null, null, null, null));
  }

  private void state(String job, String tenant, String owner, JobState state) {
    send(JobChange.Kind.STATE, job, tenant, owner, state, null);
  }

  private void send(
      JobChange.Kind kind, String job, String tenant, String owner, JobState state, Progress p) {
    hub.deliverForTest(
        new JobChange(
            ++seq,
            kind,
            job,
            tenant,
            owner,
            "sleep",
            "sleep",
            state,
            null,
            null,
            1,
            null,
            p,
            Instant.EPOCH,
            1.0));
  }

  @Test
  void a_job_of_no_tenant_reaches_nobody_and_breaks_nobody_elses_events() {
    Kept tenant = client(ApiRole.ADMIN, "t", "ann", false, true, Set.of());
    Kept follower = client(ApiRole.USER, "t", "alice", false, false, Set.of("j0"));

    state("j0", null, "root", JobState.QUEUED);
    state("j1", "t", "bob", JobState.QUEUED);

    assertThat(tenant.events).extracting(LiveEvent::jobId).containsExactly("j1");
    assertThat(follower.events).isEmpty();
  }

  @Test
  void a_jobs_progress_goes_out_at_most_once_per_gap_with_the_latest_value_winning() {
    Kept alice = client(ApiRole.USER, "t", "alice", true, false, Set.of());

    progress("j1", "alice", 10);
    progress("j1", "alice", 20);
    progress("j1", "alice", 30);
    hub.flushDue();
    assertThat(alice.kinds()).containsExactly("progress:10");

    nanos.addAndGet(ProgressThrottle.MIN_GAP.toNanos());
    hub.flushDue();
    assertThat(alice.kinds()).containsExactly("progress:10", "progress:30");

    nanos.addAndGet(ProgressThrottle.MIN_GAP.toNanos());
    progress("j1", "alice", 40);
    assertThat(alice.kinds()).containsExactly("progress:10", "progress:30", "progress:40");
  }

  @Test
  void a_state_change_replaces_the_progress_held_back() {
    Kept alice = client(ApiRole.USER, "t", "alice", true, false, Set.of());
    progress("j1", "alice", 10);
    progress("j1", "alice", 90);

    state("j1", "t", "alice", JobState.COMPLETED);
    nanos.addAndGet(ProgressThrottle.MIN_GAP.toNanos());
    hub.flushDue();

    assertThat(alice.kinds()).containsExactly("progress:10", "state");
  }

  @Test
  void each_client_gets_only_what_it_follows_and_may_read_and_once_only() {
    Kept alice = client(ApiRole.USER, "t", "alice", true, false, Set.of("bobs", "alices"));
    Kept bob = client(ApiRole.USER, "t", "bob", true, false, Set.of());
    Kept admin = client(ApiRole.ADMIN, "t", "root", false, true, Set.of("alices"));
    Kept otherTenant = client(ApiRole.ADMIN, "u", "root", false, true, Set.of());

    state("alices", "t", "alice", JobState.QUEUED);
    state("bobs", "t", "bob", JobState.QUEUED);

    assertThat(alice.events).extracting(LiveEvent::jobId).containsExactly("alices");
    assertThat(bob.events).extracting(LiveEvent::jobId).containsExactly("bobs");
    assertThat(admin.events).extracting(LiveEvent::jobId).containsExactly("alices", "bobs");
    assertThat(otherTenant.events).isEmpty();
  }

  @Test
  void a_client_that_left_or_unsubscribed_gets_nothing_more() {
    Kept alice = client(ApiRole.USER, "t", "alice", true, false, Set.of());
    state("a1", "t", "alice", JobState.QUEUED);

    alice.interest.own(false);
    hub.reindex(alice);
    state("a2", "t", "alice", JobState.QUEUED);
    hub.leave(alice);
    alice.interest.own(true);
    hub.reindex(alice);
    state("a3", "t", "alice", JobState.QUEUED);

    assertThat(alice.events).extracting(LiveEvent::jobId).containsExactly("a1");
    assertThat(hub.clients()).isZero();
  }
}
