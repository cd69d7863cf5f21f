package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.UjmAssertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.SubmitResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The claim is atomic: many workers claiming at once never get the same job and leave none behind.
 */
public abstract class ConcurrentClaimContract extends StoreContractBase {
  private static final int JOBS = 10_000;
  private static final int CLAIMERS = 8;
  private static final int BATCH = 25;

  protected ConcurrentClaimContract(JobStoreContract contract) {
    super(contract);
  }

  @Test
  void eight_concurrent_claimers_take_ten_thousand_jobs_exactly_once() throws Exception {
    Set<String> submitted = new HashSet<>();
    for (int done = 0; done < JOBS; done += 1_000) {
      List<NewJob> batch = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        batch.add(aJob().build());
      }
      store.submitAll(batch).stream().map(SubmitResult::job).map(Job::id).forEach(submitted::add);
    }
    assertThat(submitted).hasSize(JOBS);

    List<String> claimed = claimConcurrently();

    assertThat(claimed).as("claimed ids").hasSize(JOBS).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed)).isEqualTo(submitted);
    assertThat(store.stats().totals()).containsEntry(JobState.PROCESSING, (long) JOBS);
    assertThat(store.stats().totals()).doesNotContainKey(JobState.QUEUED);
  }

  /**
   * Every claimer loops until its claim comes back empty; all jobs were queued before the first
   * claim.
   */
  private List<String> claimConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int c = 0; c < CLAIMERS; c++) {
        String workerId = "worker-" + c;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<String> mine = new ArrayList<>();
                  while (true) {
                    List<Job> got = store.claim(ClaimRequest.of("noop", workerId, BATCH, LEASE));
                    if (got.isEmpty()) {
                      return mine;
                    }
                    for (Job job : got) {
                      assertThat(job.workerId()).isEqualTo(workerId);
                      assertThat(job.attempt()).isEqualTo(1);
                      mine.add(job.id());
                    }
                  }
                }));
      }
      start.countDown();
      List<String> all = new ArrayList<>();
      for (Future<List<String>> result : results) {
        all.addAll(result.get(2, TimeUnit.MINUTES));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }
}
