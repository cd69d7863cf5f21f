package dev.ujm.store.sqlite;

import dev.ujm.core.tenant.Tenant;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The tenant records as last read, so that a submit, which reads its tenant's record for the quotas
 * and again for the submit rate, does not read the database file each time. A put through this
 * store forgets the record at once, so the next request of this process reads the new one; a change
 * that another process made in the same file is seen within {@link #FRESH_FOR}. Holds at most
 * {@link #CAPACITY} tenants (then starts afresh). Thread-safe.
 */
final class TenantRecordCache {
  static final Duration FRESH_FOR = Duration.ofSeconds(1);
  static final int CAPACITY = 10_000;

  private record Entry(Optional<Tenant> record, long readAtNanos) {}

  private final ConcurrentHashMap<String, Entry> records = new ConcurrentHashMap<>();

  /** The tenant's record, read with {@code read} when none fresh is held. */
  Optional<Tenant> get(String tenantId, Function<String, Optional<Tenant>> read) {
    long now = System.nanoTime();
    Entry entry = records.get(tenantId);
    if (entry != null && now - entry.readAtNanos() < FRESH_FOR.toNanos()) {
      return entry.record();
    }
    Optional<Tenant> record = read.apply(tenantId);
    if (records.size() >= CAPACITY) {
      records.clear();
    }
    records.put(tenantId, new Entry(record, now));
    return record;
  }

  /** Forgets a tenant's record (it was just written). */
  void forget(String tenantId) {
    records.remove(tenantId);
  }
}
