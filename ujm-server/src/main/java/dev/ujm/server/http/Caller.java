package dev.ujm.server.http;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.store.JobQuery;
import java.util.Objects;

/**
 * The authenticated key of a request and the ownership rules that follow from it: a user or
 * readonly key sees only its own jobs in its tenant; an admin key sees all of its tenant, or of the
 * tenant it names with {@code ?tenant=}. A job the caller may not see is answered as if it did not
 * exist (404), so ids leak nothing. Immutable.
 *
 * @param tenant the tenant this request works on: the key's, or for an admin the one named by
 *     {@code ?tenant=}
 */
public record Caller(ApiKey key, String tenant) {

  /**
   * The caller for this key and the {@code ?tenant=} parameter.
   *
   * @throws ProblemException 403 when a non-admin key names another tenant, 400 for a tenant name
   *     that is not well-formed
   */
  public static Caller of(ApiKey key, String tenantParam) {
    if (tenantParam == null || tenantParam.isBlank() || tenantParam.equals(key.tenantId())) {
      return new Caller(key, key.tenantId());
    }
    if (key.role() != ApiRole.ADMIN) {
      throw ProblemException.forbidden("only admin keys may name another tenant with ?tenant=");
    }
    return new Caller(key, Inputs.name("tenant", tenantParam.trim()));
  }

  public boolean isAdmin() {
    return key.role() == ApiRole.ADMIN;
  }

  /** The id written as {@code actor} into the audit trail. */
  public String actor() {
    return key.id();
  }

  /** The user that owns the jobs this caller submits. */
  public String userId() {
    return key.userId();
  }

  /** Whether this caller may see the job. */
  public boolean canSee(Job job) {
    return canSee(job.tenantId(), job.ownerId());
  }

  /** Whether this caller may see a job of this tenant and owner (also one that was purged). */
  public boolean canSee(String jobTenantId, String jobOwnerId) {
    if (!Objects.equals(tenant, jobTenantId)) {
      return false;
    }
    return isAdmin() || Objects.equals(key.userId(), jobOwnerId);
  }

  /**
   * The job, when this caller may see it.
   *
   * @throws JobNotFoundException otherwise, exactly as for a job that does not exist
   */
  public Job visible(Job job) {
    if (!canSee(job)) {
      throw new JobNotFoundException(job.id());
    }
    return job;
  }

  /** Narrows a query to what this caller may see. */
  public JobQuery scope(JobQuery query) {
    JobQuery scoped = query.withTenant(tenant);
    return isAdmin() ? scoped : scoped.withOwner(key.userId());
  }
}
