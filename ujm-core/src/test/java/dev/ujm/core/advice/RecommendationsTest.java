package dev.ujm.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.schedule.JobTemplate;
import dev.ujm.core.schedule.Misfire;
import dev.ujm.core.schedule.Overlap;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import dev.ujm.core.schedule.ScheduleService;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.worker.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scripted histories on a real in-memory store and a clock moved by hand, and the advice they must
 * give, figures included.
 */
class RecommendationsTest {
  private final SettableClock clock = new SettableClock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final Recommendations recommendations =
      new Recommendations(store, store.tenants(), store.schedules(), clock);

  @Test
  void a_pool_busy_all_hour_while_jobs_wait_should_grow() {
    for (int i = 0; i < 30; i++) {
      submit("t1", "u1", "sleep");
    }
    // two workers run two jobs of five minutes at a time for an hour: 24 jobs, the rest wait
    for (int round = 0; round < 12; round++) {
      List<Job> running = store.claim(ClaimRequest.of("sleep", "w", 2, Duration.ofHours(1)));
      clock.advance(Duration.ofMinutes(5));
      running.forEach(job -> store.complete(job.lease(), null));
    }

    Recommendation pool = only(recommendations.recommend(null, Map.of("sleep", 2)), "pool-size");

    assertThat(pool.subject()).isEqualTo("sleep");
    assertThat(pool.figures())
        .containsEntry("poolSize", 2)
        .containsEntry("busyShare", 1.0)
        .containsEntry("meanRunSeconds", 300.0)
        .containsEntry("meanWaitSeconds", 1650.0)
        .containsEntry("jobsStarted", 24)
        .containsEntry("windowSeconds", 3600L)
        .containsEntry("suggestedPoolSize", 3);
    assertThat(pool.message()).startsWith("Grow the sleep pool from 2 to 3 workers");
  }

  @Test
  void a_pool_that_is_nearly_idle_should_shrink_and_one_used_well_is_left_alone() {
    for (int i = 0; i < 6; i++) {
      submit("t1", "u1", "email");
      Job job = store.claim(ClaimRequest.of("email", "w", 1, Duration.ofHours(1))).getFirst();
      clock.advance(Duration.ofMinutes(1));
      store.complete(job.lease(), null);
      clock.advance(Duration.ofMinutes(9));
    }

    List<Recommendation> pools =
        recommendations.recommend(null, Map.of("email", 10)).stream()
            .filter(r -> r.kind().equals("pool-size"))
            .toList();
    List<Recommendation> fitting =
        recommendations.recommend(null, Map.of("email", 1)).stream()
            .filter(r -> r.kind().equals("pool-size"))
            .toList();

    assertThat(pools)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.figures())
                    .containsEntry("busyShare", 0.01)
                    .containsEntry("meanWaitSeconds", 0.0)
                    .containsEntry("suggestedPoolSize", 1));
    assertThat(fitting).isEmpty();
  }

  @Test
  void a_type_whose_attempts_mostly_fail_is_flagged_with_the_worker_time_they_cost() {
    // three jobs of up to two attempts of 30 s: two fail then fail again, one completes at once
    for (int i = 0; i < 3; i++) {
      submit("t1", "u1", "flaky");
    }
    for (int attempt = 1; attempt <= 2; attempt++) {
      List<Job> claimed;
      boolean first = true;
      while (!(claimed = store.claim(ClaimRequest.of("flaky", "w", 1, Duration.ofHours(1))))
          .isEmpty()) {
        Job job = claimed.getFirst();
        clock.advance(Duration.ofSeconds(30));
        if (attempt == 1 && first) {
          store.complete(job.lease(), null);
        } else {
          Instant retryAt = attempt == 1 ? clock.instant() : null;
          store.fail(new FailRequest(job.lease(), error(job), retryAt));
        }
        first = false;
      }
      store.promoteDue(100);
    }

    Recommendation waste = only(recommendations.recommend("t1", null), "retry-waste");

    assertThat(waste.subject()).isEqualTo("flaky");
    assertThat(waste.tenantId()).isEqualTo("t1");
    assertThat(waste.figures())
        .containsEntry("attempts", 5L)
        .containsEntry("completed", 1L)
        .containsEntry("failed", 2L)
        .containsEntry("runningSeconds", 150.0)
        .containsEntry("wastedSeconds", 120.0)
        .containsEntry("wastedShare", 0.8);
  }

  @Test
  void a_schedule_whose_runs_outlast_its_interval_overlaps_itself() {
    Schedule every5 = schedule("t1", "sync", "*/5 * * * *", "sync");
    for (int i = 0; i < 2; i++) {
      store.submit(
          NewJob.ofType("sync")
              .tenant("t1")
              .owner("u1")
              .tags(List.of(ScheduleService.tag(every5.id())))
              .build());
      Job job = store.claim(ClaimRequest.of("sync", "w", 1, Duration.ofHours(1))).getFirst();
      clock.advance(Duration.ofMinutes(8));
      store.complete(job.lease(), null);
    }

    Recommendation overlap = only(recommendations.recommend("t1", null), "schedule-overlap");

    assertThat(overlap.subject()).isEqualTo(every5.id());
    assertThat(overlap.figures())
        .containsEntry("intervalSeconds", 300.0)
        .containsEntry("meanRunSeconds", 480.0)
        .containsEntry("runs", 2)
        .containsEntry("overlap", "allow");
  }

  @Test
  void schedules_firing_in_the_same_minute_on_one_queue_collide_and_other_queues_do_not() {
    Schedule a = schedule("t1", "nightly a", "0 2 * * *", "report");
    Schedule b = schedule("t1", "nightly b", "0 2 * * *", "report");
    schedule("t1", "nightly c", "0 2 * * *", "email");

    Recommendation collision = only(recommendations.recommend("t1", null), "schedule-collision");

    List<String> ids = List.of(a.id(), b.id()).stream().sorted().toList();
    assertThat(collision.figures())
        .containsEntry("queue", "report")
        .containsEntry("schedules", ids)
        .containsEntry("sharedMinutes", 1)
        .containsEntry("firstShared", "2026-01-01T02:00:00Z");
  }

  @Test
  void patterns_describe_each_tenant_and_user_and_an_admin_sees_only_its_tenant() {
    for (String type : List.of("crawl", "crawl", "crawl", "sleep")) {
      submit("t1", "u1", type);
    }
    submit("t2", "u9", "email");
    clock.advance(Duration.ofHours(9));
    Job crawl = store.claim(ClaimRequest.of("crawl", "w", 1, Duration.ofHours(1))).getFirst();
    store.fail(new FailRequest(crawl.lease(), error(crawl), null));

    List<Recommendation> t1 = recommendations.recommend("t1", null);

    Recommendation user = only(t1, "user-pattern");
    assertThat(user.subject()).isEqualTo("u1");
    assertThat(user.figures())
        .containsEntry("jobs", 4)
        .containsEntry("types", Map.of("crawl", 3, "sleep", 1))
        .containsEntry("peakHourUtc", 0)
        .containsEntry("peakHourShare", 1.0)
        .containsEntry("jobsByHourUtc", hours(0, 4))
        .containsEntry("finished", 1)
        .containsEntry("failed", 1)
        .containsEntry("failureShare", 1.0);
    assertThat(only(t1, "tenant-pattern").subject()).isEqualTo("t1");
    assertThat(t1).allSatisfy(r -> assertThat(r.tenantId()).isEqualTo("t1"));
    assertThat(recommendations.recommend(null, null))
        .filteredOn(r -> r.kind().equals("tenant-pattern"))
        .extracting(Recommendation::subject)
        .containsExactly("t1", "t2");
  }

  @Test
  void the_read_of_recent_jobs_is_bounded_and_then_covers_only_the_time_of_the_jobs_read() {
    for (int i = 0; i < RecentJobs.MAX_JOBS + 100; i++) {
      submit("t1", "u1", "noop");
      clock.advance(Duration.ofSeconds(1));
    }

    RecentJobs recent = RecentJobs.read(store, null, clock.instant(), Recommendations.WINDOW);

    assertThat(recent.jobs()).hasSize(RecentJobs.MAX_JOBS);
    assertThat(recent.truncated()).isTrue();
    assertThat(recent.seconds()).isEqualTo(RecentJobs.MAX_JOBS);
  }

  /** Twenty-four hourly counts, all 0 but {@code count} at {@code hour}. */
  private static List<Integer> hours(int hour, int count) {
    Integer[] counts = new Integer[24];
    java.util.Arrays.fill(counts, 0);
    counts[hour] = count;
    return List.of(counts);
  }

  private static Recommendation only(List<Recommendation> all, String kind) {
    List<Recommendation> some = all.stream().filter(r -> r.kind().equals(kind)).toList();
    assertThat(some).as("recommendations of kind " + kind + " in " + all).hasSize(1);
    return some.getFirst();
  }

  private void submit(String tenant, String owner, String type) {
    store.submit(NewJob.ofType(type).tenant(tenant).owner(owner).maxAttempts(2).build());
  }

  private JobError error(Job job) {
    return new JobError("boom", "went wrong", job.attempt(), clock.instant());
  }

  private Schedule schedule(String tenant, String name, String cron, String queue) {
    return store
        .schedules()
        .create(
            tenant,
            "u1",
            new ScheduleDefinition(
                name,
                cron,
                "UTC",
                new JobTemplate("sync", null, null, queue, null, null, null),
                Misfire.SKIP,
                Overlap.ALLOW,
                10,
                true),
            clock.instant().plus(Duration.ofMinutes(5)));
  }
}
