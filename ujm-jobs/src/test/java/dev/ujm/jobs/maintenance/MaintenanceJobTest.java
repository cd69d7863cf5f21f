package dev.ujm.jobs.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.StoreMaintenance;
import dev.ujm.jobs.JobsRuntime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Maintenance jobs on the runtime: purge through the store seam, store tasks through their seam.
 */
class MaintenanceJobTest {
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private JobsRuntime ujm;

  /** A store's maintenance seen from the job type: the names it offers and what it was asked. */
  private final StoreMaintenance store =
      new StoreMaintenance() {
        @Override
        public List<String> tasks() {
          return List.of("checkpoint-wal", "integrity-check");
        }

        @Override
        public Report run(String task, BooleanSupplier cancelled) {
          ran.add(task);
          return new Report(task, true, task + " done", Map.of());
        }
      };

  @BeforeEach
  void start() {
    ujm = JobsRuntime.start(Map.of(), Map.of(StoreMaintenance.class, store));
  }

  @AfterEach
  void stop() {
    ujm.close();
  }

  @Test
  void purge_removes_finished_jobs_past_retention_and_store_tasks_run_in_order() {
    String a = ujm.submit("echo", Map.of("a", 1));
    String b = ujm.submit("echo", Map.of("b", 2));
    ujm.awaitFinal(a);
    ujm.awaitFinal(b);

    Job done =
        ujm.awaitFinal(
            ujm.submit(
                NewJob.ofType("maintenance")
                    .payload(
                        Map.of(
                            "tasks",
                            List.of("purge", "checkpoint-wal", "integrity-check"),
                            "retentionDays",
                            0))));

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result().get("ok").asBoolean()).isTrue();
    assertThat(done.result().get("reports").get(0).get("details").get("purged").asInt())
        .isEqualTo(2);
    assertThat(ujm.store().get(a)).isEmpty();
    assertThat(ran).containsExactly("checkpoint-wal", "integrity-check");
  }

  @Test
  void a_tenants_user_may_not_run_maintenance_and_unknown_tasks_are_refused_at_submit() {
    Job forbidden =
        ujm.awaitFinal(ujm.submit("maintenance", Map.of("tasks", List.of("integrity-check"))));

    assertThat(forbidden.state()).isEqualTo(JobState.FAILED);
    assertThat(forbidden.lastError().type()).isEqualTo("maintenance.forbidden");
    assertThat(ran).isEmpty();
    assertThatThrownBy(() -> ujm.submit("maintenance", Map.of("tasks", List.of("defragment"))))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("this node runs [purge, checkpoint-wal, integrity-check]");
  }
}
