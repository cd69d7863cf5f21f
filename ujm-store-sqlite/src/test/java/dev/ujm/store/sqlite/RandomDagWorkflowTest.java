package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.model.Transition;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowStep;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random DAG of 1,000 jobs on the embedded store with real workers: every job starts only after
 * each of its parents has completed, and the onComplete callback runs once with the summary; when
 * one job fails, exactly its descendants are cancelled, each naming a parent that stopped, its
 * compensation step runs and the onFailure callback runs once.
 */
class RandomDagWorkflowTest {
  @TempDir Path dir;

  @Test
  void a_random_dag_of_1000_jobs_completes_in_dependency_order_and_its_callback_runs_once() {
    List<WorkflowStep> steps = randomDag(1000, null);
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ujm.db"), InstantSource.system());
        Ujm ujm = node(store)) {
      Workflow w = submitWithCallbacks(ujm, steps, false);
      Map<String, Job> byRef = awaitEnd(ujm, store, w);
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
                  .filter(e -> e.transition() == Transition.RELEASE_CALLBACK))
          .hasSize(1);
    }
  }

  /**
   * {@code size} jobs, each depending on up to three random earlier ones, in shuffled order; the
   * job {@code failing} (a ref, or null for none) fails for good.
   */
  private static List<WorkflowStep> randomDag(int size, String failing) {
    Random random = new Random(11);
    List<WorkflowStep> steps = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      List<String> parents = new ArrayList<>();
      for (int p = 0; p < Math.min(i, 3); p++) {
        String parent = "n" + random.nextInt(i);
        if (!parents.contains(parent) && random.nextInt(4) > 0) {
          parents.add(parent);
        }
      }
      String ref = "n" + i;
      NewJob job =
          ref.equals(failing)
              ? NewJob.ofType("flaky")
                  .payload(Json.mapper().createObjectNode().put("failTimes", 1))
                  .maxAttempts(1)
                  .build()
              : NewJob.ofType("noop").build();
      steps.add(new WorkflowStep(ref, job, parents));
    }
    Collections.shuffle(steps, random);
    return steps;
  }

  private static Ujm node(SqliteJobStore store) {
    return Ujm.builder()
        .store(store)
        .schedules(store.schedules())
        .workflows(store.workflows())
        .config(UjmConfig.from(Map.of("UJM_WORKERS", "16")))
        .nodeId("dag")
        .diagnosticTypes(true)
        .build()
        .start();
  }

  /**
   * Submits the steps with an onComplete {@code done} and, when asked, an onFailure {@code oops}.
   */
  private static Workflow submitWithCallbacks(
      Ujm ujm, List<WorkflowStep> steps, boolean onFailure) {
    return ujm.workflows()
        .submit(
            new NewWorkflow(
                "random",
                null,
                null,
                steps,
                new WorkflowStep("done", NewJob.ofType("echo").build(), List.of()),
                onFailure
                    ? new WorkflowStep("oops", NewJob.ofType("echo").build(), List.of())
                    : null));
  }

  /** Waits until the workflow and its callbacks have ended; every job by its ref. */
  private static Map<String, Job> awaitEnd(Ujm ujm, SqliteJobStore store, Workflow w) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !ujm.workflows().get(w.id()).state().equals("running"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                w.nodes().stream()
                    .allMatch(n -> store.get(n.jobId()).orElseThrow().state().isFinal()));
    Map<String, Job> byRef = new HashMap<>();
    for (Workflow.Node node : w.nodes()) {
      byRef.put(node.ref(), store.get(node.jobId()).orElseThrow());
    }
    return byRef;
  }

  @Test
  void
      in_a_random_dag_of_1000_jobs_a_failing_job_cancels_exactly_its_descendants_naming_a_parent() {
    String failing = "n40";
    List<WorkflowStep> steps = new ArrayList<>(randomDag(1000, failing));
    steps.add(
        new WorkflowStep(
            "undo",
            NewJob.ofType("noop").rule(DependencyRule.of(RunWhen.FAILED, null, null)).build(),
            List.of(failing)));
    Map<String, List<String>> children = new HashMap<>();
    steps.forEach(
        s ->
            s.dependsOn()
                .forEach(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(s.ref())));
    Set<String> descendants = new HashSet<>();
    ArrayDeque<String> next = new ArrayDeque<>(children.getOrDefault(failing, List.of()));
    while (!next.isEmpty()) {
      String ref = next.poll();
      if (!ref.equals("undo") && descendants.add(ref)) {
        next.addAll(children.getOrDefault(ref, List.of()));
      }
    }
    assertThat(descendants).as("the failing job has dependents").hasSizeGreaterThan(10);

    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ujm.db"), InstantSource.system());
        Ujm ujm = node(store)) {
      Workflow w = submitWithCallbacks(ujm, steps, true);
      Map<String, Job> byRef = awaitEnd(ujm, store, w);
      Map<String, String> refOf = new HashMap<>();
      byRef.forEach((ref, job) -> refOf.put(job.id(), ref));

      assertThat(ujm.workflows().get(w.id()).state()).isEqualTo("failed");
      assertThat(byRef.get(failing).state()).isEqualTo(JobState.FAILED);
      for (WorkflowStep step : steps) {
        Job job = byRef.get(step.ref());
        if (step.ref().equals(failing)) {
          continue;
        }
        if (!descendants.contains(step.ref())) {
          assertThat(job.state()).as(step.ref()).isEqualTo(JobState.COMPLETED);
          continue;
        }
        assertThat(job.state()).as(step.ref()).isEqualTo(JobState.CANCELLED);
        JobEvent last = store.history(job.id()).getLast();
        assertThat(last.transition()).as(step.ref()).isEqualTo(Transition.CANCEL_DEPENDENT);
        String named = last.reason().replaceFirst("^dependency (\\S+) (failed|cancelled)$", "$1");
        assertThat(step.dependsOn())
            .as("%s is cancelled naming a parent: %s", step.ref(), last.reason())
            .contains(refOf.get(named));
        assertThat(byRef.get(refOf.get(named)).state()).isIn(JobState.FAILED, JobState.CANCELLED);
      }
      assertThat(byRef.get("undo").state())
          .as("the compensation step")
          .isEqualTo(JobState.COMPLETED);
      assertThat(byRef.get("done").state()).isEqualTo(JobState.CANCELLED);
      Job oops = byRef.get("oops");
      assertThat(oops.state()).isEqualTo(JobState.COMPLETED);
      assertThat(oops.result().path("batch").path("failed").asInt()).isEqualTo(1);
      assertThat(oops.result().path("batch").path("cancelled").asInt())
          .isEqualTo(descendants.size());
      assertThat(
              store.history(oops.id()).stream()
                  .filter(e -> e.transition() == Transition.RELEASE_CALLBACK))
          .hasSize(1);
    }
  }
}
