package dev.ujm.server.http;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.store.JobQuery;
import java.util.Objects;

/**
 * The authenticated key of a request and the ownership rules that follow from it, the one place
 * that decides what a key may see: a user or readonly key sees only its own jobs in its tenant; an
 * admin key all of its own tenant and nothing outside it; an operator key all of its tenant, or of
 * the tenant it names with {@code ?tenant=}. Whatever the caller may not see is answered as if it
 * did not exist (404), so ids and tenant names leak nothing. Immutable.
 *
 * @param tenant the tenant this request works on: the key's, or for an operator the one named by
 *     {@code ?tenant=}
 */
public record Caller(ApiKey key, String tenant) {

  /**
   * The caller for this key on a route of this access, with the {@code ?tenant=} parameter.
   *
   * @throws ProblemException 403 when the key's role is below what the route asks; 404 when a key
   *     that is not an operator's names another tenant; 400 for a tenant name that is not
   *     well-formed
   */
  public static Caller of(ApiKey key, Access access, String tenantParam) {
    if (!access.allows(key.role())) {
      throw ProblemException.forbidden(
          "this endpoint needs "
              + (access.lowestRole() == ApiRole.USER
                  ? "a key that may write (a readonly key cannot submit, cancel, retry or clone)"
                  : "an " + access.lowestRole().wireName() + " key"));
    }
    if (tenantParam == null || tenantParam.isBlank() || tenantParam.equals(key.tenantId())) {
      return new Caller(key, key.tenantId());
    }
    String tenant = Inputs.name("tenant", tenantParam.trim());
    if (!key.role().crossesTenants()) {
      throw ProblemException.notFound("there is no tenant '" + tenant + "'");
    }
    return new Caller(key, tenant);
  }

  /** Whether this caller sees every job of its tenant, not only its user's (admin, operator). */
  public boolean seesWholeTenant() {
    return key.role().seesWholeTenant();
  }

  /** Whether this caller is an operator, who may see every tenant. */
  public boolean isOperator() {
    return key.role().crossesTenants();
  }

  /** The owner a list of this caller's is narrowed to: its user, or null for the whole tenant. */
  public String ownerFilter() {
    return seesWholeTenant() ? null : key.userId();
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

  /**
   * Whether this caller may see what belongs to this tenant and owner: a job (also one that was
   * purged), a schedule, a workflow, a file, a live event.
   */
  public boolean canSee(String tenantId, String ownerId) {
    if (!Objects.equals(tenant, tenantId)) {
      return false;
    }
    return seesWholeTenant() || Objects.equals(key.userId(), ownerId);
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
    return seesWholeTenant() ? scoped : scoped.withOwner(key.userId());
  }
}
