package dev.ujm.core.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.tenant.QuotaExceededException.Kind;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds the jobs about to be submitted against their tenants' quotas, before anything is stored:
 *
 * <ol>
 *   <li>each job on its own: its type among {@code allowedTypes}, its payload within {@code
 *       maxPayloadBytes}, its cost within {@code costPerDay} (a job that could never fit in a day);
 *       refused as not allowed (403);
 *   <li>each tenant of the jobs: its waiting jobs (queued, scheduled, waiting) and those this node
 *       is admitting now, plus these, within {@code maxQueued}; refused as a limit reached (429);
 *   <li>each tenant's day: its jobs and cost units submitted today (UTC), plus these, within {@code
 *       jobsPerDay} and {@code costPerDay}; reserved at once, refused as a limit reached until the
 *       next UTC midnight.
 * </ol>
 *
 * A batch is admitted whole or not at all. The {@link Admission} gives back, once the store has
 * answered, what it did not store (a failed submit, idempotent repeats). A tenant's quotas are its
 * record's ({@link TenantStore}), each one the record leaves out from the configured defaults
 * ({@link TenantQuotaDefaults}). Thread-safe.
 */
public final class SubmitQuotas {
  private final TenantStore tenants;
  private final TenantDefaults defaults;
  private final JobStore store;
  private final JobTypeRegistry types;
  private final InstantSource clock;
  private final SubmittedToday today;
  private final Map<String, Long> admitting = new HashMap<>();

  /**
   * @param tenants the tenant records; null when the backend keeps none (every tenant then gets the
   *     defaults)
   * @param defaults what a tenant without a record gets
   */
  public SubmitQuotas(
      TenantStore tenants,
      TenantDefaults defaults,
      JobStore store,
      JobTypeRegistry types,
      InstantSource clock) {
    this.tenants = tenants;
    this.defaults = defaults == null ? TenantDefaults.NONE : defaults;
    this.store = store;
    this.types = types;
    this.clock = clock;
    this.today = new SubmittedToday(store, dev.ujm.core.model.Job::cost);
  }

  /** The quotas that hold for a tenant now. */
  public TenantQuotas quotasOf(String tenantId) {
    return quotasOf(recordOf(tenantId).orElse(null));
  }

  /** The quotas that hold for a tenant of this record (null: none), the defaults filled in. */
  public TenantQuotas quotasOf(Tenant record) {
    return TenantQuotaDefaults.overlay(record == null ? null : record.quotas(), defaults.quotas());
  }

  /**
   * What the tenant uses now of its quotas: its waiting and running jobs (from the store's counts)
   * and, when it has a daily quota, what it has submitted this UTC day (as this node counts it for
   * them; without one the day is not counted, which would read every job of the day).
   */
  public QuotaUse use(String tenantId) {
    Map<JobState, Long> totals = store.stats(tenantId).totals();
    long waiting =
        totals.getOrDefault(JobState.QUEUED, 0L)
            + totals.getOrDefault(JobState.SCHEDULED, 0L)
            + totals.getOrDefault(JobState.WAITING, 0L);
    TenantQuotas quotas = quotasOf(tenantId);
    boolean daily = quotas.jobsPerDay() != null || quotas.costPerDay() != null;
    LocalDate date = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return new QuotaUse(
        tenantId,
        quotas,
        waiting,
        totals.getOrDefault(JobState.PROCESSING, 0L),
        daily ? today.sofar(tenantId, date) : null);
  }

  /**
   * The tenant's record, if it has one; the jobs of no tenant have none, and are answered without a
   * read.
   */
  public Optional<Tenant> recordOf(String tenantId) {
    return tenants == null || tenantId == null ? Optional.empty() : tenants.get(tenantId);
  }

  /** What a tenant without a record gets. */
  public TenantDefaults defaults() {
    return defaults;
  }

  /**
   * Admits validated jobs, or refuses them all.
   *
   * @throws QuotaExceededException naming the first quota the jobs would break; nothing is reserved
   *     then
   */
  public Admission admit(List<NewJob> jobs) {
    Map<String, Share> shares = new LinkedHashMap<>();
    for (NewJob job : jobs) {
      String tenant = job.tenantId();
      Share share = shares.computeIfAbsent(tenant, t -> new Share(t, quotasOf(t)));
      double cost = types.cost(job);
      check(share, job, cost);
      share.jobs++;
      share.cost += cost;
    }
    LocalDate date = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Admission admission = new Admission(date);
    try {
      for (Share share : shares.values()) {
        reserveQueued(share, admission);
        reserveToday(share, date, admission);
      }
    } catch (RuntimeException e) {
      admission.finish(List.of());
      throw e;
    }
    return admission;
  }

  /**
   * Admits one job of the tenant going back to wait (a retry): held against {@code maxQueued} only,
   * since it is no new job of the day. {@link Admission#finish} it with an empty list once the
   * store has answered.
   *
   * @throws QuotaExceededException when the tenant has as many jobs waiting as it may
   */
  public Admission admitRequeue(String tenantId) {
    Share share = new Share(tenantId, quotasOf(tenantId));
    share.jobs = 1;
    Admission admission = new Admission(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    reserveQueued(share, admission);
    return admission;
  }

  private static void check(Share share, NewJob job, double cost) {
    TenantQuotas q = share.quotas;
    if (q.allowedTypes() != null && !q.allowedTypes().contains(job.type())) {
      throw refused(
          share,
          "allowedTypes",
          Kind.NOT_ALLOWED,
          "may not submit jobs of type '" + job.type() + "'",
          null);
    }
    if (q.maxPayloadBytes() != null) {
      long bytes = payloadBytes(job);
      if (bytes > q.maxPayloadBytes()) {
        throw refused(
            share,
            "maxPayloadBytes",
            Kind.NOT_ALLOWED,
            "submits payloads of at most " + q.maxPayloadBytes() + " bytes; this one has " + bytes,
            null);
      }
    }
    if (q.costPerDay() != null && cost > q.costPerDay()) {
      throw refused(
          share,
          "costPerDay",
          Kind.NOT_ALLOWED,
          "may submit "
              + units(q.costPerDay())
              + " cost units a day; this job alone costs "
              + units(cost),
          null);
    }
  }

  private void reserveQueued(Share share, Admission admission) {
    Integer max = share.quotas.maxQueued();
    if (max == null) {
      return;
    }
    synchronized (admitting) {
      Map<JobState, Long> totals = store.stats(share.tenant).totals();
      long waiting =
          totals.getOrDefault(JobState.QUEUED, 0L)
              + totals.getOrDefault(JobState.SCHEDULED, 0L)
              + totals.getOrDefault(JobState.WAITING, 0L)
              + admitting.getOrDefault(share.tenant, 0L);
      if (waiting + share.jobs > max) {
        throw refused(
            share,
            "maxQueued",
            Kind.LIMIT_REACHED,
            "may have " + max + " jobs waiting to run; it has " + waiting,
            null);
      }
      admitting.merge(share.tenant, share.jobs, Long::sum);
      admission.admitting.put(share.tenant, share.jobs);
    }
  }

  private void reserveToday(Share share, LocalDate date, Admission admission) {
    TenantQuotas q = share.quotas;
    if (q.jobsPerDay() == null && q.costPerDay() == null) {
      return;
    }
    SubmittedToday.Over over =
        today.reserve(share.tenant, date, share.jobs, share.cost, q.jobsPerDay(), q.costPerDay());
    Duration untilTomorrow =
        Duration.between(
            clock.instant(), date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    if (over == SubmittedToday.Over.JOBS) {
      throw refused(
          share,
          "jobsPerDay",
          Kind.LIMIT_REACHED,
          "may submit " + q.jobsPerDay() + " jobs a day (UTC)",
          untilTomorrow);
    }
    if (over == SubmittedToday.Over.COST) {
      throw refused(
          share,
          "costPerDay",
          Kind.LIMIT_REACHED,
          "may submit "
              + units(q.costPerDay())
              + " cost units a day (UTC); these jobs cost "
              + units(share.cost),
          untilTomorrow);
    }
    admission.today.put(share.tenant, share);
  }

  private static QuotaExceededException refused(
      Share share, String quota, Kind kind, String what, Duration retryAfter) {
    return new QuotaExceededException(
        share.tenant,
        quota,
        kind,
        "tenant " + share.tenant + " " + what + " (quota " + quota + ")",
        retryAfter);
  }

  private static long payloadBytes(NewJob job) {
    try {
      return job.payload() == null ? 2 : Json.mapper().writeValueAsBytes(job.payload()).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a validated payload cannot be written as JSON", e);
    }
  }

  private static String units(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  /** What one tenant's jobs of one submit add up to. */
  private static final class Share {
    final String tenant;
    final TenantQuotas quotas;
    long jobs;
    double cost;

    Share(String tenant, TenantQuotas quotas) {
      this.tenant = tenant;
      this.quotas = quotas;
    }
  }

  /**
   * Jobs admitted and not yet stored. {@link #finish} once, with what the store answered (empty
   * when it threw).
   */
  public final class Admission {
    private final LocalDate date;
    private final Map<String, Long> admitting = new HashMap<>();
    private final Map<String, Share> today = new HashMap<>();

    private Admission(LocalDate date) {
      this.date = date;
    }

    /**
     * Ends the admission: the jobs are no longer being admitted (the stored ones count as waiting
     * in the store from now on) and today's reservation of every job the store did not create is
     * given back.
     *
     * @param results what the store answered, in the order of the admitted jobs; empty when it
     *     stored nothing
     */
    public void finish(List<SubmitResult> results) {
      stored();
      for (Share share : today.values()) {
        long jobs = share.jobs;
        double cost = share.cost;
        if (!results.isEmpty()) {
          jobs = 0;
          cost = 0;
          for (SubmitResult r : results) {
            if (!r.created() && share.tenant.equals(r.job().tenantId())) {
              jobs++;
              cost += r.job().cost();
            }
          }
        }
        if (jobs > 0) {
          SubmitQuotas.this.today.giveBack(share.tenant, date, jobs, cost);
        }
      }
    }

    /**
     * Ends the admission of jobs the store created every one of (a workflow, stored all or
     * nothing): they count as waiting in the store from now on, and today keeps them.
     */
    public void stored() {
      synchronized (SubmitQuotas.this.admitting) {
        admitting.forEach(
            (tenant, n) ->
                SubmitQuotas.this.admitting.computeIfPresent(
                    tenant, (t, held) -> held - n <= 0 ? null : held - n));
        admitting.clear();
      }
    }
  }
}
