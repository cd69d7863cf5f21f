package dev.ujm.core.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.engine.Ujm;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.worker.RetryPolicy;
import dev.ujm.core.worker.RetryPolicy.Jitter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The diagnostic types running on real workers over the in-memory store. */
class DiagnosticJobsRunTest {
  private final InMemoryJobStore store = new InMemoryJobStore(InstantSource.system());
  private final Ujm ujm =
      Ujm.builder()
          .store(store)
          .nodeId("diagnostics")
          .diagnosticTypes(true)
          .retryPolicy(
              new RetryPolicy(Jitter.FULL, Duration.ofSeconds(1), Duration.ofHours(1), () -> 0L))
          .build();

  @AfterEach
  void stop() {
    ujm.stop(Duration.ofSeconds(5));
  }

  private Job run(NewJob job) {
    String id = ujm.submit(job).job().id();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> store.get(id).orElseThrow().state().isFinal());
    return store.get(id).orElseThrow();
  }

  @Test
  void noop_completes_without_a_result() {
    ujm.start();

    Job done = run(NewJob.ofType("noop").build());

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result() == null || done.result().isNull()).isTrue();
  }

  @Test
  void echo_completes_with_its_payload_as_the_result() {
    ujm.start();
    Map<String, Object> payload = Map.of("greeting", "hello", "n", 3);

    Job done = run(NewJob.ofType("echo").payload(payload).build());

    assertThat(done.result()).isEqualTo(Json.mapper().valueToTree(payload));
  }

  @Test
  void flaky_fails_its_planned_attempts_then_succeeds() {
    ujm.start();

    Job done = run(NewJob.ofType("flaky").payload(Map.of("failTimes", 2)).maxAttempts(3).build());

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result().get("attempt").asInt()).isEqualTo(3);
    assertThat(done.errors())
        .extracting(JobError::type)
        .containsExactly("PlannedFailure", "PlannedFailure");
  }

  @Test
  void flaky_with_more_planned_failures_than_attempts_ends_in_the_dead_letter_queue() {
    ujm.start();

    Job dead = run(NewJob.ofType("flaky").payload(Map.of("failTimes", 5)).maxAttempts(2).build());

    assertThat(dead.state()).isEqualTo(JobState.FAILED);
    assertThat(dead.lastError().message()).isEqualTo("planned failure 2 of 5");
  }

  @Test
  void sleep_reports_progress_and_completes() {
    ujm.start();

    Job done = run(NewJob.ofType("sleep").payload(Map.of("ms", 300)).build());

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result().get("ms").asLong()).isEqualTo(300);
    assertThat(done.result().get("resumedFromMs").asLong()).isZero();
    assertThat(done.progress().total()).isEqualTo(300L);
  }

  @Test
  void a_resumed_sleep_sleeps_only_what_its_checkpoint_says_is_left() {
    String id =
        ujm.submit(NewJob.ofType("sleep").payload(Map.of("ms", 600_000)).build()).job().id();
    Job claimed =
        store.claim(ClaimRequest.of("sleep", "crashed-node/boot", 1, Duration.ofMinutes(1))).get(0);
    store.checkpoint(claimed.lease(), Json.mapper().valueToTree(new SleepJob.Checkpoint(599_900)));
    store.requeueHeldBy("crashed-node/", "node restarted");

    ujm.start();

    // Ten minutes of sleep in all, but only the last 100 ms are left: it completes well within the
    // wait.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> store.get(id).orElseThrow().state() == JobState.COMPLETED);
    assertThat(store.get(id).orElseThrow().result().get("resumedFromMs").asLong())
        .isEqualTo(599_900);
  }

  @Test
  void a_sleep_handed_back_at_shutdown_keeps_its_elapsed_time_as_checkpoint() {
    ujm.start();
    String id = ujm.submit(NewJob.ofType("sleep").payload(Map.of("ms", 10_000)).build()).job().id();
    await().until(() -> store.get(id).orElseThrow().progress() != null); // one 500 ms slice slept

    ujm.stop(Duration.ZERO);

    Job handedBack = store.get(id).orElseThrow();
    assertThat(handedBack.state()).isEqualTo(JobState.QUEUED);
    assertThat(handedBack.checkpoint().get("elapsedMs").asLong()).isBetween(500L, 10_000L);
  }
}
