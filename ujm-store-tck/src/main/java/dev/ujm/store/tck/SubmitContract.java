package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.FAILED;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.core.model.JobState.WAITING;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Priority;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.JobQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Submitting single jobs: the initial state, defaults, and dependencies that cannot be met. */
public abstract class SubmitContract extends StoreContractBase {
  protected SubmitContract(JobStoreContract contract) {
    super(contract);
  }

  @Test
  void a_job_that_may_run_now_is_queued() {
    Job job = submit();

    assertThat(job).hasState(QUEUED).hasAttempt(0).hasNoLease().isUnfinished();
    assertThat(job.createdAt()).isEqualTo(clock.instant());
    assertThat(job.updatedAt()).isEqualTo(clock.instant());
    assertThat(job.startedAt()).isNull();
    assertThat(store.get(job.id())).contains(job);
  }

  @Test
  void missing_options_take_the_defaults() {
    Job job = store.submit(NewJob.ofType("echo").build()).job();

    assertThat(job).hasType("echo").hasQueue("echo").hasPriority(Priority.MEDIUM).hasMaxAttempts(3);
    assertThat(job.payload()).isEqualTo(json());
    assertThat(job.dependsOn()).isEmpty();
    assertThat(job.tags()).isEmpty();
  }

  @Test
  void given_options_are_kept() {
    Job job =
        submit(
            aJob("email")
                .payload(json("to", "a@example.com"))
                .queue("mail")
                .priority(Priority.HIGH)
                .tenant("acme")
                .owner("alice")
                .maxAttempts(5)
                .timeoutSeconds(60)
                .idempotencyKey("k-1")
                .tags(List.of("monthly", "billing")));

    assertThat(job).hasType("email").hasQueue("mail").hasPriority(Priority.HIGH).hasMaxAttempts(5);
    assertThat(job.payload()).isEqualTo(json("to", "a@example.com"));
    assertThat(job.tenantId()).isEqualTo("acme");
    assertThat(job.ownerId()).isEqualTo("alice");
    assertThat(job.timeoutSeconds()).isEqualTo(60);
    assertThat(job.idempotencyKey()).isEqualTo("k-1");
    assertThat(job.tags()).containsExactly("monthly", "billing");
    assertThat(reload(job)).isEqualTo(job);
  }

  @Test
  void a_job_with_a_future_run_time_is_scheduled() {
    var runAt = clock.instant().plus(Duration.ofMinutes(5));

    assertThat(submit(aJob().runAt(runAt))).hasState(SCHEDULED).hasRunAt(runAt);
  }

  @Test
  void a_job_with_a_run_time_that_has_passed_is_queued() {
    var runAt = clock.instant().minusSeconds(1);

    assertThat(submit(aJob().runAt(runAt))).hasState(QUEUED);
  }

  @Test
  void a_job_whose_dependency_has_not_completed_is_waiting() {
    Job first = submit();

    Job second = submit(aJob().dependsOn(List.of(first.id())));

    assertThat(second).hasState(WAITING);
    assertThat(second.dependsOn()).containsExactly(first.id());
  }

  @Test
  void a_job_whose_dependencies_have_all_completed_is_queued() {
    Job first = running("w1");
    store.complete(first.lease(), null);

    assertThat(submit(aJob().dependsOn(List.of(first.id())))).hasState(QUEUED);
  }

  @Test
  void open_dependencies_win_over_a_future_run_time() {
    Job first = submit();

    Job second =
        submit(aJob().dependsOn(List.of(first.id())).runAt(clock.instant().plusSeconds(60)));

    assertThat(second).hasState(WAITING);
  }

  @Test
  void a_dependency_that_does_not_exist_is_rejected_and_nothing_is_stored() {
    submit();

    assertThatThrownBy(() -> submit(aJob().dependsOn(List.of("no-such-job"))))
        .isInstanceOfSatisfying(
            InvalidJobException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(InvalidJobException.Reason.INVALID_OPTION);
              assertThat(e.field()).isEqualTo("dependsOn");
            });
    assertThat(store.find(JobQuery.all(10)).items()).hasSize(1);
  }

  @Test
  void a_dependency_that_has_failed_or_been_cancelled_is_rejected() {
    Job cancelled = submit();
    store.cancel(new CancelRequest(cancelled.id(), "alice", null));
    Job failed = running("w1");
    store.fail(new FailRequest(failed.lease(), anError("Boom", 1, clock.instant()), null));

    for (Job dependency : List.of(cancelled, failed)) {
      assertThatThrownBy(() -> submit(aJob().dependsOn(List.of(dependency.id()))))
          .isInstanceOfSatisfying(
              InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("dependsOn"));
    }
    assertThat(store.find(JobQuery.all(10)).items())
        .extracting(Job::state)
        .containsOnly(CANCELLED, FAILED);
  }

  @Test
  void ids_are_distinct_and_sort_in_submission_order() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ids.add(submit().id());
      if (i % 10 == 0) {
        clock.advance(Duration.ofMillis(1));
      }
    }

    assertThat(ids).doesNotHaveDuplicates().isSorted();
  }
}
