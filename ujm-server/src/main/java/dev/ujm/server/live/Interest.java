package dev.ujm.server.live;

import dev.ujm.server.http.Caller;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one live client follows: its own jobs, a whole tenant (admin), and given job ids. Whatever
 * it asks, it receives only events of jobs its key may read ({@link #mayRead}). Thread-safe.
 */
final class Interest {
  private final Caller caller;
  private volatile boolean own;
  private volatile boolean all;
  private final Set<String> jobIds = ConcurrentHashMap.newKeySet();

  Interest(Caller caller) {
    this.caller = Objects.requireNonNull(caller);
  }

  Caller caller() {
    return caller;
  }

  boolean own() {
    return own;
  }

  boolean all() {
    return all;
  }

  Set<String> jobIds() {
    return Set.copyOf(jobIds);
  }

  void own(boolean value) {
    own = value;
  }

  void all(boolean value) {
    all = value;
  }

  void addJobs(Set<String> ids) {
    jobIds.addAll(ids);
  }

  void removeJobs(Set<String> ids) {
    jobIds.removeAll(ids);
  }

  boolean followsNothing() {
    return !own && !all && jobIds.isEmpty();
  }

  /** Whether this client wants the event and may read it. */
  boolean wants(LiveEvent event) {
    if (!mayRead(event)) {
      return false;
    }
    return all
        || (own && Objects.equals(caller.userId(), event.ownerId()))
        || jobIds.contains(event.jobId());
  }

  /**
   * The one rule of what a key may read on the live streams, the same as for the job endpoints: its
   * tenant's jobs, and only its own unless it is an admin or operator.
   */
  boolean mayRead(LiveEvent event) {
    return caller.canSee(event.tenantId(), event.ownerId());
  }
}
