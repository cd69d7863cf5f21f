package dev.ujm.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.PurgedJob;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.tenant.QuotaExceededException;
import dev.ujm.core.tenant.SubmitQuotas;
import dev.ujm.core.tenant.TenantDefaults;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine's front door for callers (the HTTP API, the CLI, applications using UJM as a library):
 * every submit is validated against the job types, then held against its tenant's quotas, before
 * the store sees it, so bad input never reaches a worker and a refused submit stores nothing.
 * Thread-safe.
 */
public final class JobService {
  private final JobStore store;
  private final JobTypeRegistry types;
  private final InstantSource clock;
  private final SubmitQuotas quotas;

  /** A service with no quotas but the job types' own rules. */
  public JobService(JobStore store, JobTypeRegistry types, InstantSource clock) {
    this(store, types, clock, new SubmitQuotas(null, TenantDefaults.NONE, store, types, clock));
  }

  public JobService(
      JobStore store, JobTypeRegistry types, InstantSource clock, SubmitQuotas quotas) {
    this.store = store;
    this.types = types;
    this.clock = clock;
    this.quotas = quotas;
  }

  /**
   * Validates and stores one job.
   *
   * @throws InvalidJobException before anything is stored, when the type, payload or an option is
   *     bad
   * @throws QuotaExceededException before anything is stored, when the job would break a quota of
   *     its tenant
   */
  public SubmitResult submit(NewJob job) {
    return admitted(List.of(validate(job)), jobs -> List.of(store.submit(jobs.getFirst())))
        .getFirst();
  }

  /** Validates every job and holds them against the quotas first, then stores them all or none. */
  public List<SubmitResult> submitAll(List<NewJob> jobs) {
    return admitted(jobs.stream().map(this::validate).toList(), store::submitAll);
  }

  /**
   * The job as its type accepts it ({@link JobTypeRegistry#validate}), with its dependency rule
   * checked against its {@code dependsOn}; changes nothing.
   *
   * @throws InvalidJobException naming the failing field
   */
  public NewJob validate(NewJob job) {
    NewJob valid = types.validate(job, clock.instant());
    if (valid.rule() != null) {
      valid.rule().checkAgainst(valid.dependsOn());
    }
    return valid;
  }

  /** Stores validated jobs once their tenants' quotas admit them, and tells the quotas the end. */
  private List<SubmitResult> admitted(
      List<NewJob> jobs, Function<List<NewJob>, List<SubmitResult>> storing) {
    SubmitQuotas.Admission admission = quotas.admit(jobs);
    List<SubmitResult> results = List.of();
    try {
      results = storing.apply(jobs);
      return results;
    } finally {
      admission.finish(results);
    }
  }

  /** The quotas every submit is held against. */
  public SubmitQuotas quotas() {
    return quotas;
  }

  /** The job, or {@link JobNotFoundException}. */
  public Job get(String jobId) {
    return store.get(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
  }

  public List<Job> getAll(Collection<String> jobIds) {
    return store.getAll(jobIds);
  }

  public Job cancel(String jobId, String actor) {
    return store.cancel(new CancelRequest(jobId, actor, "cancelled by " + actor));
  }

  /**
   * Puts a failed or cancelled job back in its queue, once its tenant's {@code maxQueued} admits
   * one more waiting job (a retry is no new job of the day: the daily quotas do not count it).
   *
   * @throws QuotaExceededException before anything changes, when the tenant has as many jobs
   *     waiting as it may
   */
  public Job retry(String jobId, String actor) {
    SubmitQuotas.Admission admission = quotas.admitRequeue(get(jobId).tenantId());
    try {
      return store.retry(jobId, actor);
    } finally {
      admission.finish(List.of());
    }
  }

  /**
   * Submits a copy of a job (type, payload and options; not its id, idempotency key, state or
   * history).
   */
  public SubmitResult cloneJob(String jobId, String actor) {
    Job source = get(jobId);
    return submit(
        NewJob.ofType(source.type())
            .payload(source.payload())
            .queue(source.queue())
            .priority(source.priority())
            .tenant(source.tenantId())
            .owner(source.ownerId())
            .maxAttempts(source.maxAttempts())
            .timeoutSeconds(source.timeoutSeconds())
            .tags(source.tags())
            .retryBackoff(source.retryBackoff())
            .actor(actor)
            .build());
  }

  public Page<Job> find(JobQuery query) {
    return store.find(query);
  }

  /**
   * The audit trail of a job, oldest first; of a job that retention purged, the trail kept of it.
   *
   * @throws JobNotFoundException when there is neither the job nor a kept trail
   */
  public List<JobEvent> history(String jobId) {
    return store.history(jobId);
  }

  /**
   * What is kept of a purged job: whom it belonged to; empty for a job in the store, or unknown.
   */
  public Optional<PurgedJob> purged(String jobId) {
    return store.purged(jobId);
  }

  public Page<JsonNode> results(String jobId, String cursor, int limit) {
    get(jobId);
    return store.results(jobId, cursor, limit);
  }

  public StoreStats stats() {
    return store.stats();
  }

  public JobTypeRegistry types() {
    return types;
  }

  public JobStore store() {
    return store;
  }

  public InstantSource clock() {
    return clock;
  }
}
