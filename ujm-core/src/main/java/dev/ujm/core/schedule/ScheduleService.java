package dev.ujm.core.schedule;

import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.tenant.QuotaExceededException;
import dev.ujm.core.tenant.SubmitQuotas;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The front door of recurring jobs: checks a definition (cron, time zone, the job through its
 * type's validation) before a store sees it, computes the fires, makes the job of a fire, and
 * triggers a schedule by hand. Thread-safe.
 */
public final class ScheduleService {
  /** How many upcoming fires {@link #upcoming} shows. */
  public static final int UPCOMING = 5;

  /** Default and upper bound of {@code catchUpLimit}. */
  public static final int DEFAULT_CATCH_UP_LIMIT = 10;

  public static final int MAX_CATCH_UP_LIMIT = 1000;

  private final ScheduleStore store;
  private final JobService jobs;
  private final InstantSource clock;

  public ScheduleService(ScheduleStore store, JobService jobs, InstantSource clock) {
    this.store = store;
    this.jobs = jobs;
    this.clock = clock;
  }

  public ScheduleStore store() {
    return store;
  }

  /**
   * Checks and stores a new schedule; its first fire is the first after now.
   *
   * @throws InvalidJobException before anything is stored, naming the field ({@code cron}, {@code
   *     timeZone}, {@code job.type}, {@code job.payload.ms}, …)
   */
  public Schedule create(String tenantId, String ownerId, ScheduleDefinition definition) {
    CronSchedule cron = check(tenantId, ownerId, definition);
    return store.create(tenantId, ownerId, definition, cron.next(clock.instant()).orElse(null));
  }

  /** Replaces the definition; the next fire is computed again from now. */
  public Schedule replace(String scheduleId, ScheduleDefinition definition) {
    Schedule current = get(scheduleId);
    CronSchedule cron = check(current.tenantId(), current.ownerId(), definition);
    return store.replace(scheduleId, definition, cron.next(clock.instant()).orElse(null));
  }

  public Schedule pause(String scheduleId) {
    get(scheduleId);
    return store.pause(scheduleId);
  }

  /** Enables it again from the next fire after now: fires while paused are not made up. */
  public Schedule resume(String scheduleId) {
    Schedule s = get(scheduleId);
    return store.resume(scheduleId, cron(s).next(clock.instant()).orElse(null));
  }

  public void delete(String scheduleId) {
    store.delete(scheduleId);
  }

  /** The schedule, or {@link ScheduleNotFoundException}. */
  public Schedule get(String scheduleId) {
    return store
        .getSchedule(scheduleId)
        .orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
  }

  public Optional<Schedule> find(String scheduleId) {
    return store.getSchedule(scheduleId);
  }

  public Page<Schedule> find(ScheduleQuery query) {
    return store.findSchedules(query);
  }

  /**
   * The next {@value #UPCOMING} fires after now (none while paused is not implied: they are what
   * the cron says).
   */
  public List<Instant> upcoming(Schedule schedule) {
    return cron(schedule).nextFires(clock.instant(), UPCOMING);
  }

  /** The jobs the schedule made, newest first (they carry the tag {@code schedule:<id>}). */
  public Page<Job> runs(String scheduleId, JobQuery query) {
    return jobs.find(query.withTag(tag(scheduleId)));
  }

  /** The schedule's history, newest first. */
  public Page<ScheduleFire> history(String scheduleId, String cursor, int limit) {
    return store.fires(scheduleId, cursor, limit);
  }

  /**
   * Runs the schedule now, whatever its cron and even while paused: one job with the key {@code
   * schedule:<id>:trigger:<now>}, recorded as {@code triggered}.
   *
   * @throws QuotaExceededException before anything is stored, when the job would break a quota of
   *     the schedule's tenant
   */
  public Job trigger(String scheduleId) {
    Schedule s = get(scheduleId);
    Instant now = clock.instant();
    NewJob job = jobs.types().validate(jobOf(s, key(s.id(), "trigger:" + now), null), now);
    FireResult result =
        fireAdmitted(
            job,
            new FireRequest(
                s.id(),
                null,
                List.of(new FireRequest.Fire(now, ScheduleFire.Outcome.TRIGGERED, job)),
                List.of(),
                null));
    return result.jobs().get(0).job();
  }

  /**
   * Writes a fire's decision once the tenant's quotas admit its job, and ends the admission with
   * what the store made of it.
   *
   * @throws QuotaExceededException before anything is written
   */
  FireResult fireAdmitted(NewJob job, FireRequest request) {
    SubmitQuotas.Admission admission = jobs.quotas().admit(List.of(job));
    List<SubmitResult> made = List.of();
    try {
      FireResult result = store.fire(request);
      if (result.applied()) {
        made = result.jobs();
      }
      return result;
    } finally {
      admission.finish(made);
    }
  }

  /** The tag every job of a schedule carries. */
  public static String tag(String scheduleId) {
    return "schedule:" + scheduleId;
  }

  /** The idempotency key of a fire: {@code schedule:<id>:<fire instant>}. */
  public static String fireKey(String scheduleId, Instant fireAt) {
    return key(scheduleId, fireAt.toString());
  }

  private static String key(String scheduleId, String what) {
    return "schedule:" + scheduleId + ":" + what;
  }

  /**
   * The job of one fire, checked by its type: the template's fields, the schedule's tenant and
   * owner, the fire's key and the schedule's tag; waiting for {@code previous} to end when given.
   */
  NewJob fireJob(Schedule s, Instant fireAt, String previous) {
    return jobs.types().validate(jobOf(s, fireKey(s.id(), fireAt), previous), clock.instant());
  }

  private static NewJob jobOf(Schedule s, String idempotencyKey, String previous) {
    JobTemplate t = s.definition().job();
    List<String> tags = new ArrayList<>(t.tags());
    tags.add(tag(s.id()));
    NewJob.Builder b =
        NewJob.ofType(t.type())
            .payload(t.payload())
            .priority(t.priority())
            .queue(t.queue())
            .timeoutSeconds(t.timeoutSeconds())
            .maxAttempts(t.maxAttempts())
            .tags(tags)
            .tenant(s.tenantId())
            .owner(s.ownerId())
            .idempotencyKey(idempotencyKey)
            .actor(tag(s.id()));
    if (previous != null) {
      b.dependsOn(List.of(previous)).rule(DependencyRule.of(RunWhen.FINISHED, null, null));
    }
    return b.build();
  }

  /** Whether a job the schedule made earlier has not ended yet. */
  boolean isOpen(String jobId) {
    return jobId != null && jobs.store().get(jobId).map(j -> !j.state().isFinal()).orElse(false);
  }

  static CronSchedule cron(Schedule s) {
    return CronSchedule.parse(s.definition().cron(), s.definition().timeZone());
  }

  private CronSchedule check(String tenantId, String ownerId, ScheduleDefinition d) {
    if (d.name() == null || d.name().isBlank() || d.name().length() > 200) {
      throw invalid("name", "name must be 1 to 200 characters");
    }
    CronSchedule cron = CronSchedule.parse(d.cron(), d.timeZone());
    if (d.job() == null || d.job().type() == null || d.job().type().isBlank()) {
      throw invalid("job.type", "job.type is required");
    }
    if (d.misfire() == null || d.overlap() == null) {
      throw invalid("misfire", "misfire and overlap are required");
    }
    if (d.catchUpLimit() < 1 || d.catchUpLimit() > MAX_CATCH_UP_LIMIT) {
      throw invalid(
          "catchUpLimit",
          "catchUpLimit must be 1 to " + MAX_CATCH_UP_LIMIT + ", not " + d.catchUpLimit());
    }
    if (d.job().tags().size() > 19) {
      throw invalid("job.tags", "a scheduled job has at most 19 tags of its own");
    }
    Schedule probe = new Schedule("probe", tenantId, ownerId, d, null, null, null, 0, null, null);
    try {
      jobs.types().validate(jobOf(probe, null, null), clock.instant());
    } catch (InvalidJobException e) {
      throw new InvalidJobException(
          e.reason(), e.field() == null ? "job" : "job." + e.field(), e.getMessage());
    }
    return cron;
  }

  private static InvalidJobException invalid(String field, String message) {
    return new InvalidJobException(Reason.INVALID_OPTION, field, message);
  }
}
