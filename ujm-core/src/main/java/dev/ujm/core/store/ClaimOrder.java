package dev.ujm.core.store;

/**
 * The order in which a claim takes the queued jobs of one tenant; across tenants every order is the
 * fair one of {@link JobStore#claim}. Priorities are strict within a tenant in every order; what
 * differs is who goes first among jobs of one priority. Every store implements every order of this
 * closed set and the contract suite holds each of them.
 */
public sealed interface ClaimOrder permits ClaimOrder.PriorityThenAge {

  /** Highest priority first, then oldest first (by id, which is time-ordered), per tenant. */
  ClaimOrder PRIORITY_THEN_AGE = new PriorityThenAge();

  /** See {@link #PRIORITY_THEN_AGE}. */
  record PriorityThenAge() implements ClaimOrder {}
}
