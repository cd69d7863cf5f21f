package dev.ujm.store.tck;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import dev.ujm.test.ManualClock;
import org.junit.jupiter.api.Nested;

/**
 * The storage contract every {@link JobStore} passes. A store runs all of it with one small
 * subclass:
 *
 * <pre>{@code
 * class FileJobStoreContractTest extends JobStoreContract {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected JobStore newStore(ManualClock clock) {
 *     return new FileJobStore(dir.resolve(UUID.randomUUID() + ".db"), clock); // a fresh file
 *   }
 *
 *   @Override
 *   protected JobStore openAnother(JobStore store, ManualClock clock) {
 *     return new FileJobStore(((FileJobStore) store).file(), clock); // the same file again
 *   }
 * }
 * }</pre>
 *
 * <p>{@code mvn -Dtest=FileJobStoreContractTest} runs every theme: surefire selects the subclass
 * and JUnit adds the nested classes it inherits.
 *
 * <p>Each theme is an abstract class of its own file ({@link SubmitContract}, {@link
 * ClaimContract}, ...) run here as a {@code @Nested} class; JUnit finds these inherited nested
 * classes when only the store's subclass is run. Every test gets a fresh store built by {@link
 * #newStore(ManualClock)} and closes it afterwards; after each test every history the store holds
 * is checked to be a chain of legal moves. Where stores may differ, they declare how in {@link
 * JobStore#capabilities()} and the tests hold each shape, so no test is skipped for any store.
 */
public abstract class JobStoreContract {

  /**
   * A new, empty store whose time follows the clock. Called once per test; the suite closes it
   * after the test. Stores must not share data between calls (use a fresh file, database or key
   * prefix).
   */
  protected abstract JobStore newStore(ManualClock clock);

  /**
   * A second store on the data set of {@code store}, as a second node opening the same backend
   * would (or as the same node after a restart, when {@code store} was closed first). The suite
   * closes it after the test.
   */
  protected abstract JobStore openAnother(JobStore store, ManualClock clock);

  /**
   * A new, empty store whose moves leave their follow-ups pending until {@link
   * JobStore#finishFollowUps} is called, as if its process died between every move and its
   * follow-up; {@code null} (the default) for a store whose follow-ups are atomic.
   */
  protected JobStore newStoreStoppingBeforeFollowUps(ManualClock clock) {
    return null;
  }

  /**
   * The schedule seam of the backend {@code store} belongs to (the same data set). The schedule
   * theme needs it: a store that offers schedules implements this.
   */
  protected ScheduleStore scheduleStoreOf(JobStore store) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " must implement scheduleStoreOf to run the schedule contract");
  }

  /** The workflow seam of the backend {@code store} belongs to; the workflow theme needs it. */
  protected WorkflowStore workflowStoreOf(JobStore store) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " must implement workflowStoreOf to run the workflow contract");
  }

  /** The tenant records of the backend {@code store} belongs to; the tenant themes need it. */
  protected TenantStore tenantStoreOf(JobStore store) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " must implement tenantStoreOf to run the tenant contract");
  }

  /** The job metrics of the backend {@code store} belongs to; the analytics theme needs it. */
  protected JobMetrics jobMetricsOf(JobStore store) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " must implement jobMetricsOf to run the job metrics contract");
  }

  @Nested
  class Analytics extends JobMetricsContract {
    Analytics() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Tenants extends TenantContract {
    Tenants() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Metering extends UsageContract {
    Metering() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Schedules extends ScheduleContract {
    Schedules() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Workflows extends WorkflowContract {
    Workflows() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Submitting extends SubmitContract {
    Submitting() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Idempotency extends IdempotencyContract {
    Idempotency() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class BatchSubmitting extends BatchSubmitContract {
    BatchSubmitting() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Claiming extends ClaimContract {
    Claiming() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class ConcurrentClaiming extends ConcurrentClaimContract {
    ConcurrentClaiming() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Leases extends LeaseContract {
    Leases() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class ClaimingOnComplete extends ClaimOnCompleteContract {
    ClaimingOnComplete() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Fencing extends FencingContract {
    Fencing() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Outcomes extends OutcomeContract {
    Outcomes() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Cancelling extends CancelContract {
    Cancelling() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Dependencies extends DependencyContract {
    Dependencies() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Querying extends QueryContract {
    Querying() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class AuditTrail extends HistoryContract {
    AuditTrail() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Maintenance extends MaintenanceContract {
    Maintenance() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class PurgedHistory extends PurgedHistoryContract {
    PurgedHistory() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Results extends ResultsContract {
    Results() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Transitions extends TransitionContract {
    Transitions() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class FollowingUp extends FollowUpContract {
    FollowingUp() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class SecondNode extends SecondNodeContract {
    SecondNode() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class ConcurrentDuties extends ConcurrentDutyContract {
    ConcurrentDuties() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Listeners extends ListenerContract {
    Listeners() {
      super(JobStoreContract.this);
    }
  }
}
