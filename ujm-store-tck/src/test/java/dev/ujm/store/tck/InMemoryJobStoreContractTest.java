package dev.ujm.store.tck;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.memory.InMemoryJobStore.FollowUps;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import dev.ujm.test.ManualClock;

/** The reference store passes the whole contract, its follow-ups made in the move's own step. */
class InMemoryJobStoreContractTest extends FairJobStoreContract {
  @Override
  protected JobStore newStore(ManualClock clock) {
    return new InMemoryJobStore(clock);
  }

  @Override
  protected JobStore openAnother(JobStore store, ManualClock clock) {
    return ((InMemoryJobStore) store).openAnother(FollowUps.ATOMIC);
  }

  @Override
  protected ScheduleStore scheduleStoreOf(JobStore store) {
    return ((InMemoryJobStore) store).schedules();
  }

  @Override
  protected TenantStore tenantStoreOf(JobStore store) {
    return ((InMemoryJobStore) store).tenants();
  }

  @Override
  protected WorkflowStore workflowStoreOf(JobStore store) {
    return ((InMemoryJobStore) store).workflows();
  }

  @Override
  protected JobMetrics jobMetricsOf(JobStore store) {
    return ((InMemoryJobStore) store).metrics();
  }
}
