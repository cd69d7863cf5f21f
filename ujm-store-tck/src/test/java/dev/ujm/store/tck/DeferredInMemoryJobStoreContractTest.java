package dev.ujm.store.tck;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.memory.InMemoryJobStore.FollowUps;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import dev.ujm.test.ManualClock;

/**
 * The reference store in the other shape of the contract: every move's follow-ups are a step of
 * their own after it, as a distributed store makes them, so the suite holds that shape too.
 */
class DeferredInMemoryJobStoreContractTest extends FairJobStoreContract {
  @Override
  protected JobStore newStore(ManualClock clock) {
    return new InMemoryJobStore(clock, FollowUps.DEFERRED);
  }

  @Override
  protected JobStore openAnother(JobStore store, ManualClock clock) {
    return ((InMemoryJobStore) store).openAnother(FollowUps.DEFERRED);
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
  protected JobStore newStoreStoppingBeforeFollowUps(ManualClock clock) {
    return new InMemoryJobStore(clock, FollowUps.DEFERRED_UNTIL_ASKED);
  }

  @Override
  protected JobMetrics jobMetricsOf(JobStore store) {
    return ((InMemoryJobStore) store).metrics();
  }
}
