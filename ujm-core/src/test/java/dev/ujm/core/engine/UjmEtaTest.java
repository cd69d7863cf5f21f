package dev.ujm.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learned ETA as a node wires it: taught by its bus, seeded from its store, stamped on writes.
 */
class UjmEtaTest {
  private final JobStore store = new InMemoryJobStore(InstantSource.system());

  @Test
  void a_node_learns_each_completed_run_from_the_bus_and_a_new_node_is_seeded_from_the_store() {
    try (Ujm ujm = node()) {
      List<String> ids = List.of(submit(ujm), submit(ujm)).stream().map(Job::id).toList();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> ids.stream().allMatch(id -> ujm.jobs().get(id).state() == JobState.COMPLETED));
      await().atMost(Duration.ofSeconds(10)).until(() -> ujm.eta().history("sum") == 2);
    }

    try (Ujm restarted = node()) {
      assertThat(restarted.eta().history("sum")).isEqualTo(2);
    }
  }

  @Test
  void the_last_progress_a_worker_writes_carries_the_predicted_time_left() {
    try (Ujm ujm = node()) {
      String id = submit(ujm).id();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ujm.jobs().get(id).state() == JobState.COMPLETED);

      // the handler reports "4 of 4" without a guess of its own; the stamp says nothing is left
      assertThat(ujm.jobs().get(id).progress().current()).isEqualTo(4L);
      assertThat(ujm.jobs().get(id).progress().etaSeconds()).isZero();
    }
  }

  private Ujm node() {
    return Ujm.builder().store(store).register(UjmLibraryUsageTest.sumType()).build().start();
  }

  private static Job submit(Ujm ujm) {
    return ujm.submit(
            NewJob.ofType("sum")
                .payload(new UjmLibraryUsageTest.SumRequest(List.of(1, 2, 3, 4)))
                .build())
        .job();
  }
}
