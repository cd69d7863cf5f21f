package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.diagnostic.EchoJob;
import dev.ujm.core.diagnostic.NoopJob;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.schedule.FireRequest;
import dev.ujm.core.schedule.JobTemplate;
import dev.ujm.core.schedule.Misfire;
import dev.ujm.core.schedule.Overlap;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import dev.ujm.core.schedule.ScheduleEvaluator;
import dev.ujm.core.schedule.ScheduleFire;
import dev.ujm.core.schedule.ScheduleService;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Recurring jobs on one data set: evaluators move a manual clock and run once, never sleep. Any
 * number of evaluators make exactly one job per fire; missed fires follow the misfire policy and
 * are recorded; fires follow the IANA rules of their zone on daylight-saving days; a fire while the
 * previous run is still open follows the overlap policy.
 */
public abstract class ScheduleContract extends StoreContractBase {
  protected ScheduleContract(JobStoreContract contract) {
    super(contract);
  }

  private ScheduleService service(JobStore on) {
    JobTypeRegistry types =
        new JobTypeRegistry().register(NoopJob.definition()).register(EchoJob.definition());
    return new ScheduleService(schedulesOf(on), new JobService(on, types, clock), clock);
  }

  private ScheduleEvaluator evaluator(ScheduleService service) {
    return new ScheduleEvaluator(service, clock, Duration.ofSeconds(1));
  }

  private static ScheduleDefinition every(
      String cron, String zone, Misfire misfire, Overlap overlap, int catchUp) {
    return new ScheduleDefinition(
        "report",
        cron,
        zone,
        new JobTemplate("noop", json("kind", "report"), null, "reports", null, null, List.of()),
        misfire,
        overlap,
        catchUp,
        true);
  }

  private List<Job> runs(ScheduleService service, Schedule s) {
    return service.runs(s.id(), JobQuery.all(1000)).items();
  }

  private static List<Instant> fireInstants(List<Job> jobs) {
    return jobs.stream()
        .map(j -> Instant.parse(j.idempotencyKey().replaceFirst("^schedule:[^:]+:", "")))
        .sorted()
        .toList();
  }

  private List<ScheduleFire.Outcome> outcomes(ScheduleService service, Schedule s) {
    return service.history(s.id(), null, 1000).items().reversed().stream()
        .map(ScheduleFire::outcome)
        .toList();
  }

  @Test
  void three_evaluators_over_one_clock_make_exactly_one_job_per_fire() throws Exception {
    ScheduleService first = service(store);
    ScheduleService second = service(openAnother(store));
    ScheduleService third = service(openAnother(store));
    Schedule s =
        first.create(
            "acme", "alice", every("*/10 * * * * *", null, Misfire.SKIP, Overlap.ALLOW, 10));
    List<ScheduleEvaluator> evaluators =
        List.of(evaluator(first), evaluator(second), evaluator(third));
    try (var threads = Executors.newFixedThreadPool(3)) {
      for (int second2 = 0; second2 < 300; second2++) {
        clock.advance(Duration.ofSeconds(1));
        List<CompletableFuture<Integer>> passes = new ArrayList<>();
        for (ScheduleEvaluator e : evaluators) {
          passes.add(CompletableFuture.supplyAsync(e::runOnce, threads));
        }
        for (CompletableFuture<Integer> pass : passes) {
          pass.get();
        }
      }
    }

    List<Job> made = runs(first, s);
    assertThat(made).hasSize(30);
    assertThat(made.stream().map(Job::idempotencyKey).distinct()).hasSize(30);
    assertThat(fireInstants(made).getFirst()).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    assertThat(made).allSatisfy(j -> assertThat(j.tenantId()).isEqualTo("acme"));
    assertThat(outcomes(first, s)).hasSize(30).containsOnly(ScheduleFire.Outcome.FIRED);
  }

  private Schedule hourlyAfterOutage(ScheduleService service, Misfire misfire, int catchUp) {
    Schedule s =
        service.create("acme", "alice", every("0 * * * *", null, misfire, Overlap.ALLOW, catchUp));
    assertThat(s.nextFireAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
    clock.advance(Duration.ofHours(3).plusMinutes(30)); // down from 00:00 to 03:30
    evaluator(service).runOnce();
    return service.get(s.id());
  }

  @Test
  void after_a_three_hour_outage_skip_makes_no_job_and_records_each_missed_fire() {
    ScheduleService service = service(store);
    Schedule s = hourlyAfterOutage(service, Misfire.SKIP, 10);

    assertThat(runs(service, s)).isEmpty();
    assertThat(outcomes(service, s))
        .containsExactly(
            ScheduleFire.Outcome.MISSED, ScheduleFire.Outcome.MISSED, ScheduleFire.Outcome.MISSED);
    assertThat(s.nextFireAt()).isEqualTo(Instant.parse("2026-01-01T04:00:00Z"));
    clock.advance(Duration.ofMinutes(30));
    evaluator(service).runOnce();
    assertThat(fireInstants(runs(service, s)))
        .containsExactly(Instant.parse("2026-01-01T04:00:00Z"));
  }

  @Test
  void after_a_three_hour_outage_fire_once_makes_one_job_for_the_latest_missed_fire() {
    ScheduleService service = service(store);
    Schedule s = hourlyAfterOutage(service, Misfire.FIRE_ONCE, 10);

    assertThat(fireInstants(runs(service, s)))
        .containsExactly(Instant.parse("2026-01-01T03:00:00Z"));
    assertThat(outcomes(service, s))
        .containsExactly(
            ScheduleFire.Outcome.MISSED, ScheduleFire.Outcome.MISSED, ScheduleFire.Outcome.FIRED);
  }

  @Test
  void after_a_three_hour_outage_catch_up_makes_the_latest_fires_up_to_its_limit() {
    ScheduleService service = service(store);
    Schedule s = hourlyAfterOutage(service, Misfire.CATCH_UP, 2);

    assertThat(fireInstants(runs(service, s)))
        .containsExactly(
            Instant.parse("2026-01-01T02:00:00Z"), Instant.parse("2026-01-01T03:00:00Z"));
    assertThat(outcomes(service, s))
        .containsExactly(
            ScheduleFire.Outcome.MISSED, ScheduleFire.Outcome.FIRED, ScheduleFire.Outcome.FIRED);
    assertThat(s.nextFireAt()).isEqualTo(Instant.parse("2026-01-01T04:00:00Z"));
  }

  /** Runs one evaluator every minute from {@code from} to {@code to}; returns the fires made. */
  private List<Instant> firesBetween(String cron, String zone, String from, String to) {
    clock.set(Instant.parse(from));
    ScheduleService service = service(store);
    Schedule s =
        service.create("acme", "alice", every(cron, zone, Misfire.SKIP, Overlap.ALLOW, 10));
    ScheduleEvaluator evaluator = evaluator(service);
    while (clock.instant().isBefore(Instant.parse(to))) {
      clock.advance(Duration.ofMinutes(1));
      evaluator.runOnce();
    }
    assertThat(outcomes(service, s)).containsOnly(ScheduleFire.Outcome.FIRED);
    return fireInstants(runs(service, s));
  }

  @Test
  void
      on_the_spring_forward_day_of_berlin_a_fire_in_the_gap_runs_once_at_the_first_valid_instant() {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:30 does not exist that day
    assertThat(
            firesBetween(
                "30 2 * * *", "Europe/Berlin", "2026-03-28T00:00:00Z", "2026-03-30T03:00:00Z"))
        .containsExactly(
            Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
            Instant.parse("2026-03-29T01:00:00Z"), // 03:00 CEST, the first valid instant
            Instant.parse("2026-03-30T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void on_the_fall_back_day_of_berlin_a_fire_in_the_repeated_hour_runs_once() {
    // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice
    assertThat(
            firesBetween(
                "30 2 * * *", "Europe/Berlin", "2026-10-24T00:00:00Z", "2026-10-25T06:00:00Z"))
        .containsExactly(
            Instant.parse("2026-10-24T00:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"));
  }

  @Test
  void
      on_the_spring_forward_day_of_new_york_every_quarter_hour_of_the_gap_collapses_into_one_fire() {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT
    assertThat(
            firesBetween(
                "*/15 2-3 * * *",
                "America/New_York",
                "2026-03-08T06:00:00Z",
                "2026-03-08T08:30:00Z"))
        .containsExactly(
            Instant.parse("2026-03-08T07:00:00Z"), // 03:00 EDT: 02:00..02:45 and 03:00 fire once
            Instant.parse("2026-03-08T07:15:00Z"),
            Instant.parse("2026-03-08T07:30:00Z"),
            Instant.parse("2026-03-08T07:45:00Z"));
  }

  @Test
  void on_the_fall_back_day_of_new_york_a_fire_in_the_repeated_hour_runs_once() {
    // 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:30 happens twice
    assertThat(
            firesBetween(
                "30 1 * * *", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z"))
        .containsExactly(Instant.parse("2026-11-01T05:30:00Z")); // 01:30 EDT only
  }

  private Schedule everyMinute(ScheduleService service, Overlap overlap) {
    return service.create("acme", "alice", every("* * * * *", null, Misfire.SKIP, overlap, 10));
  }

  private void nextMinute(ScheduleService service) {
    clock.advance(Duration.ofMinutes(1));
    evaluator(service).runOnce();
  }

  @Test
  void overlap_allow_starts_a_run_while_the_previous_one_is_still_open() {
    ScheduleService service = service(store);
    Schedule s = everyMinute(service, Overlap.ALLOW);
    nextMinute(service);
    nextMinute(service);

    assertThat(runs(service, s))
        .hasSize(2)
        .allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.QUEUED));
  }

  @Test
  void overlap_skip_records_the_fire_and_makes_no_job_while_the_previous_run_is_open() {
    ScheduleService service = service(store);
    Schedule s = everyMinute(service, Overlap.SKIP);
    nextMinute(service);
    Job first = claimOne("reports", "w1");
    nextMinute(service);

    assertThat(runs(service, s)).extracting(Job::id).containsExactly(first.id());
    assertThat(outcomes(service, s))
        .containsExactly(ScheduleFire.Outcome.FIRED, ScheduleFire.Outcome.SKIPPED_OVERLAP);
    store.complete(first.lease(), null);
    nextMinute(service);
    assertThat(runs(service, s)).hasSize(2);
  }

  @Test
  void overlap_queue_makes_the_next_run_wait_for_the_previous_one_to_end() {
    ScheduleService service = service(store);
    Schedule s = everyMinute(service, Overlap.QUEUE);
    nextMinute(service);
    Job first = claimOne("reports", "w1");
    nextMinute(service);

    Job queued = runs(service, s).getFirst();
    assertThat(queued.state()).isEqualTo(JobState.WAITING);
    assertThat(queued.dependsOn()).containsExactly(first.id());
    assertThat(queued.rule().runWhen()).isEqualTo(RunWhen.FINISHED);
    store.fail(
        new dev.ujm.core.store.FailRequest(
            first.lease(), dev.ujm.test.JobFixtures.anError("Boom", 1, clock.instant()), null));
    assertThat(reload(queued).state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void a_paused_schedule_makes_nothing_and_resumes_from_the_next_fire() {
    ScheduleService service = service(store);
    Schedule s = everyMinute(service, Overlap.ALLOW);
    service.pause(s.id());
    nextMinute(service);
    nextMinute(service);
    assertThat(runs(service, s)).isEmpty();

    service.resume(s.id());
    nextMinute(service);
    assertThat(runs(service, s)).hasSize(1);
    assertThat(outcomes(service, s)).containsExactly(ScheduleFire.Outcome.FIRED);
  }

  @Test
  void a_trigger_runs_the_schedule_now_with_a_key_of_its_own() {
    ScheduleService service = service(store);
    Schedule s = everyMinute(service, Overlap.ALLOW);

    Job triggered = service.trigger(s.id());

    assertThat(triggered.idempotencyKey()).startsWith("schedule:" + s.id() + ":trigger:");
    assertThat(triggered.tags()).contains("schedule:" + s.id());
    assertThat(service.get(s.id()).lastJobId()).isEqualTo(triggered.id());
    assertThat(outcomes(service, s)).containsExactly(ScheduleFire.Outcome.TRIGGERED);
  }

  @Test
  void a_decision_made_on_an_old_version_writes_nothing() {
    ScheduleService service = service(store);
    Schedule s = everyMinute(service, Overlap.ALLOW);
    service.pause(s.id());
    ScheduleStore schedules = schedulesOf(store);

    var result =
        schedules.fire(
            new FireRequest(
                s.id(),
                s.version(),
                List.of(),
                List.of(
                    new ScheduleFire(
                        s.id(),
                        s.nextFireAt(),
                        ScheduleFire.Outcome.MISSED,
                        null,
                        clock.instant())),
                s.nextFireAt().plusSeconds(60)));

    assertThat(result.applied()).isFalse();
    assertThat(service.history(s.id(), null, 10).items()).isEmpty();
    assertThat(schedules.getSchedule(s.id()).orElseThrow().version()).isEqualTo(s.version() + 1);
  }

  @Test
  void schedules_are_listed_newest_first_by_tenant_and_deleted_with_their_history() {
    ScheduleService service = service(store);
    Schedule a = everyMinute(service, Overlap.ALLOW);
    Schedule b = everyMinute(service, Overlap.ALLOW);
    service.create(
        "globex", "bob", every("@daily", "Europe/Berlin", Misfire.SKIP, Overlap.ALLOW, 10));

    assertThat(
            service.find(new dev.ujm.core.schedule.ScheduleQuery("acme", null, null, 10)).items())
        .extracting(Schedule::id)
        .containsExactly(b.id(), a.id());
    service.delete(a.id());
    assertThat(service.find(a.id())).isEmpty();
  }
}
