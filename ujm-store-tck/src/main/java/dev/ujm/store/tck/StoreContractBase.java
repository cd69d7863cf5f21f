package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.schedule.ScheduleStore;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.StoreCapability;
import dev.ujm.core.tenant.TenantStore;
import dev.ujm.core.workflow.WorkflowStore;
import dev.ujm.test.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * The shared base of every theme of the contract: a fresh store on a {@link ManualClock} before
 * each test, closed after it, plus the few steps most tests share. A theme class is abstract;
 * {@link JobStoreContract} runs each one as a {@code @Nested} class against the store under test.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class StoreContractBase {
  /** The lease every test claims with. */
  protected static final Duration LEASE = Duration.ofSeconds(30);

  private final JobStoreContract contract;

  /** The store's clock; tests move it instead of sleeping. */
  protected ManualClock clock;

  /** A fresh, empty store for this test. */
  protected JobStore store;

  private final List<JobStore> others = new ArrayList<>();

  /**
   * @param contract the contract being run, which makes the stores
   */
  protected StoreContractBase(JobStoreContract contract) {
    this.contract = contract;
  }

  @BeforeEach
  void openStore() {
    clock = ManualClock.startingAt2026();
    store = contract.newStore(clock);
  }

  @AfterEach
  void closeStore() {
    try {
      if (store != null) {
        try {
          if (store.isReady()) {
            store.finishFollowUps(Integer.MAX_VALUE);
            LegalHistories.check(store);
          }
        } finally {
          store.close();
        }
      }
    } finally {
      others.forEach(JobStore::close);
    }
  }

  /** Whether the store under test declares this capability. */
  protected boolean can(StoreCapability capability) {
    return store.capabilities().contains(capability);
  }

  /**
   * Another store on the data set of {@code of}: a second node on the same backend, or the same
   * node restarted when {@code of} was closed. Closed after the test.
   */
  protected JobStore openAnother(JobStore of) {
    JobStore another = contract.openAnother(of, clock);
    others.add(another);
    return another;
  }

  /**
   * A fresh store whose moves leave their follow-ups pending until {@link
   * JobStore#finishFollowUps}, as if its process died after every move; null for a store whose
   * follow-ups are atomic. Closed after the test.
   */
  protected JobStore stoppingBeforeFollowUps() {
    JobStore stopping = contract.newStoreStoppingBeforeFollowUps(clock);
    if (stopping != null) {
      others.add(stopping);
    }
    return stopping;
  }

  /** The schedule seam of a store's data set. */
  protected ScheduleStore schedulesOf(JobStore of) {
    return contract.scheduleStoreOf(of);
  }

  /** The workflow seam of a store's data set. */
  protected WorkflowStore workflowsOf(JobStore of) {
    return contract.workflowStoreOf(of);
  }

  /** The tenant records of a store's data set. */
  protected TenantStore tenantsOf(JobStore of) {
    return contract.tenantStoreOf(of);
  }

  /** The job metrics of a store's data set. */
  protected JobMetrics metricsOf(JobStore of) {
    return contract.jobMetricsOf(of);
  }

  /** Submits and returns the stored job. */
  protected Job submit(NewJob.Builder job) {
    return store.submit(job.build()).job();
  }

  /** Submits a default {@code noop} job. */
  protected Job submit() {
    return submit(aJob());
  }

  /** Claims up to {@code limit} jobs of a queue for a worker with the standard lease. */
  protected List<Job> claim(String queue, String workerId, int limit) {
    return store.claim(ClaimRequest.of(queue, workerId, limit, LEASE));
  }

  /** Claims exactly one job of a queue; fails the test when there is none. */
  protected Job claimOne(String queue, String workerId) {
    List<Job> claimed = claim(queue, workerId, 1);
    assertThat(claimed).as("jobs claimed from queue %s", queue).hasSize(1);
    return claimed.get(0);
  }

  /** Submits a default job and claims it for {@code workerId}. */
  protected Job running(String workerId) {
    return running(aJob(), workerId);
  }

  /** Submits a job, claims it for {@code workerId} and checks it is the one claimed. */
  protected Job running(NewJob.Builder job, String workerId) {
    Job submitted = submit(job);
    Job claimed = claimOne(submitted.queue(), workerId);
    assertThat(claimed.id()).isEqualTo(submitted.id());
    return claimed;
  }

  /** The stored snapshot of a job now. */
  protected Job reload(Job job) {
    return store
        .get(job.id())
        .orElseThrow(() -> new AssertionError("job " + job.id() + " is gone"));
  }
}
