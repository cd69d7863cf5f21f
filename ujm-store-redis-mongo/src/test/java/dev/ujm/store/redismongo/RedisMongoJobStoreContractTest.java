package dev.ujm.store.redismongo;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import dev.ujm.store.tck.FairJobStoreContract;
import dev.ujm.test.ManualClock;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole storage contract against a real redis-server and MongoDB (in process, or the real one
 * {@code UJM_TEST_MONGO_URI} names): a fresh database and Redis namespace per test.
 */
class RedisMongoJobStoreContractTest extends FairJobStoreContract {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  @Override
  protected JobStore newStore(ManualClock clock) {
    return RedisMongoJobStore.open(MONGO.uri(), MONGO.freshDatabase(), REDIS.uri(), clock);
  }

  @Override
  protected JobStore openAnother(JobStore store, ManualClock clock) {
    RedisMongoJobStore of = (RedisMongoJobStore) store;
    return RedisMongoJobStore.open(MONGO.uri(), of.mongo().databaseName(), REDIS.uri(), clock);
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
    return RedisMongoJobStore.open(MONGO.uri(), MONGO.freshDatabase(), REDIS.uri(), clock, false);
  }

  @Override
  protected JobMetrics jobMetricsOf(JobStore store) {
    return ((RedisMongoJobStore) store).metrics();
  }
}
