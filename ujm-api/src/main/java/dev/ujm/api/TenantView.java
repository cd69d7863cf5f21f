package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;

/**
 * A tenant as {@code /api/v2/tenants} takes and shows it. As a body of {@code POST} or {@code PUT}
 * every field but {@code id} may be left out: the name is then the id, and the weight and every
 * quota left out come from the configured defaults ({@code UJM_TENANT_DEFAULT_*}, the submit rates
 * from {@code UJM_RATE_*}).
 *
 * @param id the tenant id API keys and jobs carry
 * @param name a label for people
 * @param weight its share of a contended queue relative to the other tenants with work there (a
 *     whole or a decimal number)
 * @param quotas its own limits (in an answer: the limits that hold, defaults included)
 * @param configured in an answer, whether the tenant has a record (false: it is served with the
 *     defaults); never in a body
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(String id, String name, Number weight, Quotas quotas, Boolean configured) {

  /**
   * A tenant's limits; a missing one is no limit (or, in a body, the configured default).
   *
   * @param maxRunning jobs of the tenant processing at once, over all queues
   * @param maxQueued jobs of the tenant waiting to run (queued, scheduled or waiting)
   * @param jobsPerDay jobs submitted per UTC day
   * @param maxPayloadBytes the largest payload of one job, in bytes of its JSON
   * @param allowedTypes the job types it may submit; every type when missing
   * @param costPerDay cost units submitted per UTC day; a job costing more is refused outright
   * @param submitsPerMinute submits all keys of the tenant together may make per minute
   * @param keySubmitsPerMinute submits each key of the tenant may make per minute
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Quotas(
      Integer maxRunning,
      Integer maxQueued,
      Integer jobsPerDay,
      Long maxPayloadBytes,
      Set<String> allowedTypes,
      Number costPerDay,
      Integer submitsPerMinute,
      Integer keySubmitsPerMinute) {}
}
