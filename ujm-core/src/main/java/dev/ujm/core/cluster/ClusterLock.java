package dev.ujm.core.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * Named locks with expiry and fencing tokens, so that a singleton duty runs on one node at a time
 * and a node that stalled past its grant can tell (its token is no longer the newest). A node that
 * dies loses its grants when they expire. Thread-safe.
 */
public interface ClusterLock {

  /**
   * Takes the lock for {@code holder} until {@code ttl} from now if it is free or expired; a holder
   * that already holds it gets it renewed with the same token.
   *
   * @return the grant, or empty when another holder has it
   */
  Optional<LockGrant> tryAcquire(String name, String holder, Duration ttl);

  /** Extends a grant still held; returns false when it was lost (expired and taken). */
  boolean renew(LockGrant grant, Duration ttl);

  /** Gives a grant back early; nothing happens when it is no longer held. */
  void release(LockGrant grant);
}
