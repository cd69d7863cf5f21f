package dev.ujm.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.diagnostic.NoopJob;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.schedule.JobTemplate;
import dev.ujm.core.schedule.Misfire;
import dev.ujm.core.schedule.Overlap;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import dev.ujm.core.schedule.ScheduleEvaluator;
import dev.ujm.core.schedule.ScheduleFire;
import dev.ujm.core.schedule.ScheduleService;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.WorkflowService;
import dev.ujm.core.workflow.WorkflowStep;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The paths that make work besides a caller's submit hold it against the tenant's quotas too:
 * schedules firing and triggered by hand, workflows and batches with callbacks, and retries; each
 * refusal stores nothing. Over a real in-memory store on a clock moved by hand.
 */
class QuotasOnEveryPathTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-03-01T10:00:30Z"));
  private final InstantSource clock = () -> now.get();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final JobTypeRegistry types = new JobTypeRegistry().register(NoopJob.definition());
  private final JobService jobs =
      new JobService(
          store,
          types,
          clock,
          new SubmitQuotas(store.tenants(), TenantDefaults.NONE, store, types, clock));

  private void quotas(String tenant, Integer maxQueued, Integer jobsPerDay) {
    store
        .tenants()
        .put(
            new Tenant(
                tenant,
                null,
                null,
                new TenantQuotas(null, maxQueued, jobsPerDay, null, null, null, null, null)));
  }

  private long jobsOf(String tenant) {
    return store.find(JobQuery.all(1000).withTenant(tenant)).items().size();
  }

  @Test
  void a_schedule_past_its_tenants_jobs_per_day_records_a_skipped_run_and_enqueues_nothing() {
    quotas("acme", null, 2);
    ScheduleService schedules = new ScheduleService(store.schedules(), jobs, clock);
    ScheduleEvaluator evaluator = new ScheduleEvaluator(schedules, clock, Duration.ofSeconds(1));
    Schedule every =
        schedules.create(
            "acme",
            "u",
            new ScheduleDefinition(
                "every minute",
                "* * * * *",
                "UTC",
                new JobTemplate("noop", null, null, null, null, null, null),
                Misfire.SKIP,
                Overlap.ALLOW,
                1,
                true));

    for (int minute = 1; minute <= 3; minute++) {
      now.set(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(60L * minute));
      evaluator.runOnce();
    }

    assertThat(jobsOf("acme")).isEqualTo(2);
    List<ScheduleFire> history = schedules.history(every.id(), null, 10).items();
    assertThat(history)
        .extracting(ScheduleFire::outcome)
        .containsExactly(
            ScheduleFire.Outcome.SKIPPED_QUOTA,
            ScheduleFire.Outcome.FIRED,
            ScheduleFire.Outcome.FIRED);
    assertThat(history.get(0).jobId()).isNull();
    assertThat(schedules.get(every.id()).nextFireAt())
        .isEqualTo(Instant.parse("2026-03-01T10:04:00Z"));
    assertThatThrownBy(() -> schedules.trigger(every.id()))
        .isInstanceOfSatisfying(
            QuotaExceededException.class, e -> assertThat(e.quota()).isEqualTo("jobsPerDay"));
    assertThat(jobsOf("acme")).isEqualTo(2);
  }

  @Test
  void a_workflow_is_held_whole_callbacks_included_and_counts_into_the_day() {
    quotas("acme", 3, 5);
    WorkflowService workflows = new WorkflowService(store.workflows(), jobs);
    NewJob noop = NewJob.ofType("noop").tenant("acme").owner("u").build();

    assertThatThrownBy(
            () -> workflows.submitBatch("acme", "u", List.of(noop, noop, noop), noop, null))
        .isInstanceOfSatisfying(
            QuotaExceededException.class, e -> assertThat(e.quota()).isEqualTo("maxQueued"));
    assertThat(jobsOf("acme")).isZero();

    workflows.submit(
        new NewWorkflow(
            "two steps",
            "acme",
            "u",
            List.of(
                new WorkflowStep("a", noop, List.of()), new WorkflowStep("b", noop, List.of("a"))),
            null,
            null));
    assertThat(jobsOf("acme")).isEqualTo(2);
    quotas("acme", null, 5);
    jobs.submitAll(List.of(noop, noop, noop));
    assertThatThrownBy(() -> jobs.submit(noop))
        .isInstanceOfSatisfying(
            QuotaExceededException.class, e -> assertThat(e.quota()).isEqualTo("jobsPerDay"));
  }

  @Test
  void a_retry_waits_for_room_under_max_queued_and_changes_nothing_when_refused() {
    quotas("acme", 1, null);
    Job first = jobs.submit(NewJob.ofType("noop").tenant("acme").owner("u").build()).job();
    jobs.cancel(first.id(), "u");
    Job second = jobs.submit(NewJob.ofType("noop").tenant("acme").owner("u").build()).job();

    assertThatThrownBy(() -> jobs.retry(first.id(), "u"))
        .isInstanceOfSatisfying(
            QuotaExceededException.class, e -> assertThat(e.quota()).isEqualTo("maxQueued"));
    assertThat(jobs.get(first.id()).state()).isEqualTo(JobState.CANCELLED);

    jobs.cancel(second.id(), "u");
    assertThat(jobs.retry(first.id(), "u").state()).isEqualTo(JobState.QUEUED);
  }
}
