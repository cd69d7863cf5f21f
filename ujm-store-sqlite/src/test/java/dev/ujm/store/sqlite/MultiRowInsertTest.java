package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs and their events are written many rows per statement (32, 8, then 1): every count comes out
 * whole.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MultiRowInsertTest {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();
  private SqliteJobStore store;

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("ujm.db"), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_batch_that_spans_every_statement_size_stores_each_job_as_returned_with_its_one_event() {
    int count = 32 + 32 + 8 + 3; // two of 32 rows, one of 8, three of 1
    List<NewJob> jobs =
        IntStream.range(0, count).mapToObj(i -> aJob().payload(Map.of("n", i)).build()).toList();

    List<SubmitResult> results = store.submitAll(jobs);

    assertThat(results).hasSize(count);
    for (int i = 0; i < count; i++) {
      Job job = results.get(i).job();
      assertThat(job.payload().get("n").asInt()).isEqualTo(i);
      assertThat(store.get(job.id())).contains(job);
      assertThat(store.history(job.id()))
          .singleElement()
          .satisfies(event -> assertThat(event.to()).isEqualTo(job.state()));
    }
  }

  @Test
  void a_batch_with_a_rejected_job_at_its_end_stores_nothing() {
    List<NewJob> jobs = new ArrayList<>();
    IntStream.range(0, 40).forEach(i -> jobs.add(aJob().build()));
    jobs.add(aJob().dependsOn(List.of("no-such-job")).build());

    assertThatThrownBy(() -> store.submitAll(jobs)).isInstanceOf(InvalidJobException.class);

    assertThat(store.stats().totals().getOrDefault(JobState.QUEUED, 0L)).isZero();
  }

  @Test
  void a_job_that_has_been_run_is_refused_by_the_insert_of_new_jobs_which_leaves_its_run_out() {
    store.submit(aJob().queue("q").build());
    Job claimed = store.claim(ClaimRequest.of("q", "w", 1, Duration.ofMinutes(1))).get(0);

    assertThatThrownBy(() -> JobRows.bindInsert(null, 0, claimed, "{}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
