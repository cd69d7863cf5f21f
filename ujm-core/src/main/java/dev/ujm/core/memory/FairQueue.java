package dev.ujm.core.memory;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The queued jobs of one queue of {@link InMemoryJobStore}, per tenant, in the fair order of claims
 * (stride scheduling): each tenant has a pass; the tenant with the lowest pass among those with
 * work is served next, and serving it adds the job's cost divided by the tenant's weight to its
 * pass. A tenant that gets work after having none starts at the queue's virtual time (see {@link
 * #virtualTime}), so it neither banks credit while idle nor waits for the others' past. Within a
 * tenant, jobs go by priority, then by id. Holds ids only. Not thread-safe: the store's lock guards
 * it.
 */
final class FairQueue {
  /** Claim order within a tenant: priority rank, then id (time-ordered, so FIFO). */
  record QueuedKey(int rank, String id) {}

  /** A tenant with work, ordered by pass and then by tenant key for a stable order. */
  private record Turn(double pass, String tenant) {}

  private static final Comparator<QueuedKey> CLAIM_ORDER =
      Comparator.comparingInt(QueuedKey::rank).thenComparing(QueuedKey::id);
  private static final Comparator<Turn> TURN_ORDER =
      Comparator.comparingDouble(Turn::pass).thenComparing(Turn::tenant);

  private final Map<String, NavigableSet<QueuedKey>> queuedByTenant = new HashMap<>();
  private final Map<String, Double> passes = new HashMap<>();
  private final NavigableSet<Turn> turns = new TreeSet<>(TURN_ORDER);
  private double highestPass;

  void add(String tenant, QueuedKey key) {
    NavigableSet<QueuedKey> queued = queuedByTenant.get(tenant);
    if (queued == null) {
      queued = new TreeSet<>(CLAIM_ORDER);
      queuedByTenant.put(tenant, queued);
      double pass = Math.max(passes.getOrDefault(tenant, 0.0), virtualTime());
      passes.put(tenant, pass);
      turns.add(new Turn(pass, tenant));
    }
    queued.add(key);
  }

  void remove(String tenant, QueuedKey key) {
    NavigableSet<QueuedKey> queued = queuedByTenant.get(tenant);
    if (queued != null && queued.remove(key) && queued.isEmpty()) {
      queuedByTenant.remove(tenant);
      turns.remove(new Turn(passes.get(tenant), tenant));
    }
  }

  /**
   * The tenant whose turn it is among those with work that {@code eligible} accepts, or null. Its
   * job is {@link #first}; {@link #charge} it once that job is claimed.
   */
  String nextTenant(Predicate<String> eligible) {
    for (Turn turn : turns) {
      if (eligible.test(turn.tenant())) {
        return turn.tenant();
      }
    }
    return null;
  }

  /** The id of the tenant's first queued job in claim order. */
  String first(String tenant) {
    return queuedByTenant.getOrDefault(tenant, Collections.emptyNavigableSet()).first().id();
  }

  /** Moves a tenant's pass on by what it was served: the job's cost over its weight. */
  void charge(String tenant, double stride) {
    double before = passes.getOrDefault(tenant, virtualTime());
    double after = before + stride;
    passes.put(tenant, after);
    highestPass = Math.max(highestPass, after);
    if (turns.remove(new Turn(before, tenant))) {
      turns.add(new Turn(after, tenant));
    }
  }

  /**
   * Where a tenant that gets work joins: the lowest pass among the tenants with work, or, when none
   * has any, the highest pass any tenant reached in this queue.
   */
  private double virtualTime() {
    return turns.isEmpty() ? highestPass : turns.first().pass();
  }
}
