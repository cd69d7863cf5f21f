package dev.ujm.core.schedule;

import dev.ujm.core.duty.Duty;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.tenant.QuotaExceededException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns due fires of schedules into jobs. Each pass:
 *
 * <ol>
 *   <li>asks the store for enabled schedules whose next fire has come ({@code due});
 *   <li>for each, walks its cron from the next fire up to now: a fire seen within {@link
 *       #MISFIRE_GRACE} of its instant is on time, an older one is missed and handled by the
 *       schedule's misfire policy ({@link Misfire});
 *   <li>for each fire that makes a job, applies the overlap policy against the schedule's last run
 *       ({@link Overlap}) and hands the store one decision: the job (key {@code schedule:<id>:<fire
 *       instant>}), the history lines of the fires before it that made none, and the next fire; the
 *       store writes it only while the schedule is still at the version the decision was made on
 *       ({@link ScheduleStore#fire});
 *   <li>a decision the store refuses means another evaluator (another node, an earlier pass) acted
 *       first: the schedule is left to it.
 * </ol>
 *
 * The due schedules of a pass are evaluated {@link #PARALLEL} at a time, each on a virtual thread;
 * one schedule's fires stay in order on one thread, and the pass returns once all are done.
 *
 * <p>Any number of evaluators may run at once on one data set: one job per fire is kept by the job
 * store's idempotency keys and the schedule's version. It is a cluster-wide duty, so normally one
 * node at a time evaluates. Thread-safe.
 */
public final class ScheduleEvaluator extends Duty {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleEvaluator.class);

  /** A fire seen later than this after its instant is missed (Quartz's default threshold). */
  public static final Duration MISFIRE_GRACE = Duration.ofSeconds(60);

  /** Often enough that a fire starts within a fraction of a second. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

  static final int BATCH = 1000;

  /**
   * Schedules evaluated at once in one pass. Each fire is a write of its own; written one after
   * another, each would wait for the commit of the one before (an fsync on the embedded store), so
   * a thousand schedules due in the same second would take seconds. Written together, a store that
   * commits concurrent writes as a group (the embedded store does) makes them one commit.
   */
  static final int PARALLEL = 64;

  /** Most fires one schedule walks in one pass; the next pass continues from there. */
  static final int MAX_FIRES_PER_PASS = 1000;

  private final ScheduleService schedules;
  private final InstantSource clock;

  public ScheduleEvaluator(ScheduleService schedules, InstantSource clock, Duration interval) {
    super("schedule-evaluator", interval);
    this.schedules = schedules;
    this.clock = clock;
  }

  @Override
  public int runOnce() {
    Instant now = clock.instant();
    List<Schedule> due = schedules.store().due(now, BATCH);
    if (due.isEmpty()) {
      return 0;
    }
    AtomicInteger made = new AtomicInteger();
    Semaphore slots = new Semaphore(PARALLEL);
    try (ExecutorService evaluations = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Schedule schedule : due) {
        slots.acquire();
        evaluations.execute(
            () -> {
              try {
                made.addAndGet(evaluateOrLog(schedule, now));
              } finally {
                slots.release();
              }
            });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopping: the next pass, on some node, goes on
    }
    return made.get();
  }

  private int evaluateOrLog(Schedule schedule, Instant now) {
    try {
      return evaluate(schedule, now);
    } catch (ScheduleNotFoundException e) {
      LOG.debug("schedule {} was deleted while it was evaluated", schedule.id());
    } catch (RuntimeException e) {
      LOG.warn("schedule {} could not fire: {}", schedule.id(), e.getMessage());
    }
    return 0;
  }

  /** One schedule's due fires; returns how many jobs it made. */
  int evaluate(Schedule schedule, Instant now) {
    ScheduleDefinition d = schedule.definition();
    CronSchedule cron = ScheduleService.cron(schedule);
    List<Instant> due = new ArrayList<>();
    Instant next = schedule.nextFireAt();
    while (next != null && !next.isAfter(now) && due.size() < MAX_FIRES_PER_PASS) {
      due.add(next);
      next = cron.next(next).orElse(null);
    }
    Instant graceStart = now.minus(MISFIRE_GRACE);
    List<Instant> missed = due.stream().filter(f -> f.isBefore(graceStart)).toList();
    List<Instant> onTime = due.subList(missed.size(), due.size());
    int keep =
        switch (d.misfire()) {
          case SKIP -> 0;
          case FIRE_ONCE -> Math.min(1, missed.size());
          case CATCH_UP -> Math.min(d.catchUpLimit(), missed.size());
        };
    List<ScheduleFire> unfired = new ArrayList<>();
    List<Instant> firing = new ArrayList<>(missed.subList(missed.size() - keep, missed.size()));
    for (Instant f : missed.subList(0, missed.size() - keep)) {
      unfired.add(new ScheduleFire(schedule.id(), f, ScheduleFire.Outcome.MISSED, null, now));
    }
    firing.addAll(onTime);

    long version = schedule.version();
    String previous = schedule.lastJobId();
    boolean previousOpen = d.overlap() != Overlap.ALLOW && schedules.isOpen(previous);
    int made = 0;
    for (int i = 0; i < firing.size(); i++) {
      Instant fireAt = firing.get(i);
      Instant after = i + 1 < firing.size() ? firing.get(i + 1) : next;
      if (d.overlap() == Overlap.SKIP && previousOpen) {
        unfired.add(
            new ScheduleFire(
                schedule.id(), fireAt, ScheduleFire.Outcome.SKIPPED_OVERLAP, null, now));
        continue;
      }
      String waitFor = d.overlap() == Overlap.QUEUE && previousOpen ? previous : null;
      NewJob job = schedules.fireJob(schedule, fireAt, waitFor);
      FireResult result;
      try {
        result =
            schedules.fireAdmitted(
                job,
                new FireRequest(
                    schedule.id(),
                    version,
                    List.of(new FireRequest.Fire(fireAt, ScheduleFire.Outcome.FIRED, job)),
                    unfired,
                    after));
      } catch (QuotaExceededException e) {
        LOG.info("schedule {} skipped its fire at {}: {}", schedule.id(), fireAt, e.getMessage());
        unfired.add(
            new ScheduleFire(schedule.id(), fireAt, ScheduleFire.Outcome.SKIPPED_QUOTA, null, now));
        continue;
      }
      if (!result.applied()) {
        return made; // another evaluator acted on this schedule first
      }
      unfired = new ArrayList<>();
      version = result.schedule().version();
      previous = result.jobs().get(0).job().id();
      previousOpen = !result.jobs().get(0).job().state().isFinal();
      if (result.jobs().get(0).created()) {
        made++;
      }
    }
    if (!unfired.isEmpty() || firing.isEmpty()) {
      Optional.of(
              schedules
                  .store()
                  .fire(new FireRequest(schedule.id(), version, List.of(), unfired, next)))
          .filter(r -> !r.applied())
          .ifPresent(r -> LOG.debug("schedule {} moved on meanwhile", schedule.id()));
    }
    return made;
  }
}
