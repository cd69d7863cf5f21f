package dev.ujm.store.redismongo;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import dev.ujm.store.tck.FairJobStoreContract;
import dev.ujm.test.ManualClock;
import dev.ujm.test.MongoFixture;

/**
 * The whole storage contract of the distributed store, on the Redis and MongoDB a subclass
 * registers: a fresh database and Redis namespace per test.
 */
abstract class RedisMongoStoreContract extends FairJobStoreContract {
  /** The URI of the test class's Redis. */
  abstract String redisUri();

  /** The test class's MongoDB. */
  abstract MongoFixture mongo();

  @Override
  protected JobStore newStore(ManualClock clock) {
    return RedisMongoJobStore.open(mongo().uri(), mongo().freshDatabase(), redisUri(), clock);
  }

  @Override
  protected JobStore openAnother(JobStore store, ManualClock clock) {
    RedisMongoJobStore of = (RedisMongoJobStore) store;
    return RedisMongoJobStore.open(mongo().uri(), of.mongo().databaseName(), redisUri(), clock);
  }

  @Override
  protected ScheduleStore scheduleStoreOf(JobStore store) {
    return ((RedisMongoJobStore) store).schedules();
  }

  @Override
  protected WorkflowStore workflowStoreOf(JobStore store) {
    return ((RedisMongoJobStore) store).workflows();
  }

  @Override
  protected TenantStore tenantStoreOf(JobStore store) {
    return ((RedisMongoJobStore) store).tenants();
  }

  @Override
  protected JobStore newStoreStoppingBeforeFollowUps(ManualClock clock) {
    return RedisMongoJobStore.open(
        mongo().uri(), mongo().freshDatabase(), redisUri(), clock, false);
  }

  @Override
  protected JobMetrics jobMetricsOf(JobStore store) {
    return ((RedisMongoJobStore) store).metrics();
  }
}
