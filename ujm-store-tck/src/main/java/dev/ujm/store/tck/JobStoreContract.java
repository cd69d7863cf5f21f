package dev.ujm.store.tck;

import dev.ujm.core.store.JobStore;
import dev.ujm.test.ManualClock;
import java.util.EnumSet;
import java.util.Set;
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
 *     return new FileJobStore(dir.resolve("jobs.db"), clock); // a fresh file per test
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
 * #newStore(ManualClock)} and closes it afterwards. A store that cannot do something optional
 * leaves it out of {@link #capabilities()} and the tests that need it are skipped.
 */
public abstract class JobStoreContract {

  /**
   * A new, empty store whose time follows the clock. Called once per test; the suite closes it
   * after the test. Stores must not share data between calls (use a fresh file, database or key
   * prefix).
   */
  protected abstract JobStore newStore(ManualClock clock);

  /** The optional capabilities the store has; all of them unless overridden. */
  protected Set<StoreCapability> capabilities() {
    return EnumSet.allOf(StoreCapability.class);
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
  class Listeners extends ListenerContract {
    Listeners() {
      super(JobStoreContract.this);
    }
  }
}
