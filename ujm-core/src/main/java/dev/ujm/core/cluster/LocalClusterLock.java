package dev.ujm.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ClusterLock} of one process, for stores that one process owns (the embedded store
 * locks its data directory): grants in memory, tokens counting up per lock. Thread-safe.
 */
public final class LocalClusterLock implements ClusterLock {
  private final InstantSource clock;
  private final Map<String, LockGrant> grants = new HashMap<>();
  private final Map<String, Long> tokens = new HashMap<>();

  public LocalClusterLock(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Optional<LockGrant> tryAcquire(String name, String holder, Duration ttl) {
    Instant now = clock.instant();
    LockGrant held = grants.get(name);
    if (held != null && held.until().isAfter(now) && !held.holder().equals(holder)) {
      return Optional.empty();
    }
    long token =
        held != null && held.holder().equals(holder) && held.until().isAfter(now)
            ? held.token()
            : tokens.merge(name, 1L, Long::sum);
    LockGrant grant = new LockGrant(name, holder, token, now.plus(ttl));
    grants.put(name, grant);
    return Optional.of(grant);
  }

  @Override
  public synchronized boolean renew(LockGrant grant, Duration ttl) {
    LockGrant held = grants.get(grant.name());
    Instant now = clock.instant();
    if (held == null || held.token() != grant.token() || !held.until().isAfter(now)) {
      return false;
    }
    grants.put(
        grant.name(), new LockGrant(grant.name(), grant.holder(), grant.token(), now.plus(ttl)));
    return true;
  }

  @Override
  public synchronized void release(LockGrant grant) {
    LockGrant held = grants.get(grant.name());
    if (held != null && held.token() == grant.token()) {
      grants.remove(grant.name());
    }
  }
}
