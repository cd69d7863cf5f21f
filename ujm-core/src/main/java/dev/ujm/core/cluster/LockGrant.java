package dev.ujm.core.cluster;

import java.time.Instant;

/**
 * A held cluster lock.
 *
 * @param name the lock, for example {@code duty:orphan-reaper}
 * @param holder who holds it (a worker id)
 * @param token the fencing token: strictly greater than the token of every earlier grant of this
 *     lock, so a write carrying it can be refused once a newer holder exists
 * @param until the grant expires then unless renewed
 */
public record LockGrant(String name, String holder, long token, Instant until) {}
