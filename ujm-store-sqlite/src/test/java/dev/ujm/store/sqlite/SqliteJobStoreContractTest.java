package dev.ujm.store.sqlite;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import dev.ujm.store.tck.FairJobStoreContract;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The whole storage contract against a fresh SQLite file per test. */
class SqliteJobStoreContractTest extends FairJobStoreContract {
  @TempDir Path dir;

  @Override
  protected JobStore newStore(ManualClock clock) {
    return SqliteJobStore.open(dir.resolve(UUID.randomUUID().toString()).resolve("ujm.db"), clock);
  }

  @Override
  protected JobStore openAnother(JobStore store, ManualClock clock) {
    return SqliteJobStore.open(((SqliteJobStore) store).databaseFile(), clock);
  }

  @Override
  protected ScheduleStore scheduleStoreOf(JobStore store) {
    return ((SqliteJobStore) store).schedules();
  }

  @Override
  protected TenantStore tenantStoreOf(JobStore store) {
    return ((SqliteJobStore) store).tenants();
  }

  @Override
  protected WorkflowStore workflowStoreOf(JobStore store) {
    return ((SqliteJobStore) store).workflows();
  }

  @Override
  protected JobMetrics jobMetricsOf(JobStore store) {
    return ((SqliteJobStore) store).metrics();
  }
}
