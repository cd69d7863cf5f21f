package dev.ujm.core.store;

/**
 * The order in which a claim takes queued jobs. Priorities are strict in every order; what differs
 * is who goes first among jobs of one priority. Every store implements every order of this closed
 * set and the contract suite holds each of them.
 */
public sealed interface ClaimOrder permits ClaimOrder.PriorityThenAge {

  /** Highest priority first, then oldest first (by id, which is time-ordered). */
  ClaimOrder PRIORITY_THEN_AGE = new PriorityThenAge();

  /** See {@link #PRIORITY_THEN_AGE}. */
  record PriorityThenAge() implements ClaimOrder {}
}
