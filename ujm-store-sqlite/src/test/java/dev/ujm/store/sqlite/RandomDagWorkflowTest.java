package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowStep;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random DAG of 1,000 jobs on the embedded store with real workers: every job starts only after
 * each of its parents has completed, and the onComplete callback runs once with the summary.
 */
class RandomDagWorkflowTest {
  @TempDir Path dir;

  @Test
  void a_random_dag_of_1000_jobs_completes_in_dependency_order_and_its_callback_runs_once() {
    Random random = new Random(11);
    List<WorkflowStep> steps = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      List<String> parents = new ArrayList<>();
      for (int p = 0; p < Math.min(i, 3); p++) {
        String parent = "n" + random.nextInt(i);
        if (!parents.contains(parent) && random.nextInt(4) > 0) {
          parents.add(parent);
        }
      }
      steps.add(new WorkflowStep("n" + i, NewJob.ofType("noop").build(), parents));
    }
    java.util.Collections.shuffle(steps, random);
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ujm.db"), InstantSource.system());
        Ujm ujm =
            Ujm.builder()
                .store(store)
                .schedules(store.schedules())
                .workflows(store.workflows())
                .config(UjmConfig.from(Map.of("UJM_WORKERS", "16")))
                .nodeId("dag")
                .diagnosticTypes(true)
                .build()
                .start()) {
      Workflow w =
          ujm.workflows()
              .submit(
                  new NewWorkflow(
                      "random",
                      null,
                      null,
                      steps,
                      new WorkflowStep("done", NewJob.ofType("echo").build(), List.of()),
                      null));
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !ujm.workflows().get(w.id()).state().equals("running"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> store.get(w.nodes().getLast().jobId()).orElseThrow().state().isFinal());

      Map<String, Job> byRef = new HashMap<>();
      for (Workflow.Node node : w.nodes()) {
        byRef.put(node.ref(), store.get(node.jobId()).orElseThrow());
      }
      assertThat(ujm.workflows().get(w.id()).state()).isEqualTo("completed");
      for (Workflow.Node node : w.nodes()) {
        Job job = byRef.get(node.ref());
        assertThat(job.state().wireName()).as(node.ref()).isEqualTo("completed");
        for (String parent : node.dependsOn()) {
          assertThat(job.startedAt())
              .as("%s starts after %s ends", node.ref(), parent)
              .isAfterOrEqualTo(byRef.get(parent).finishedAt());
        }
      }
      Job done = byRef.get("done");
      assertThat(done.result().path("batch").path("completed").asInt()).isEqualTo(1000);
      assertThat(
              store.history(done.id()).stream()
                  .filter(e -> e.transition() == dev.ujm.core.model.Transition.RELEASE_CALLBACK))
          .hasSize(1);
    }
  }
}
