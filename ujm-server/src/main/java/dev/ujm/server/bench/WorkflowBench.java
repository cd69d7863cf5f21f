package dev.ujm.server.bench;

import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.WorkflowStep;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ujm bench workflows}: DAG nodes per second through the embedded store, in process. Each
 * run, on a fresh database, submits one workflow of {@code --nodes} {@code noop} jobs, a random DAG
 * (seeded, so every run has the same one) in which each node depends on up to {@code --fan-in}
 * earlier nodes, and measures:
 *
 * <ol>
 *   <li>submit: the whole workflow checked and stored all or nothing (nodes/s);
 *   <li>run: from the submit's return to the last node completed, every release a cascade of its
 *       parent's completion (nodes/s);
 *   <li>a chain of {@code --chain} nodes, each depending on the one before, so nothing runs in
 *       parallel: the cost of one hop from a parent's completion to its child's (µs).
 * </ol>
 *
 * Prints the medians of the runs.
 */
@Command(
    name = "workflows",
    description = "Workflow throughput (DAG nodes/s) on the embedded store, in process.")
final class WorkflowBench implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--nodes",
      defaultValue = "1000",
      description = "Jobs in the random DAG (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--fan-in",
      defaultValue = "3",
      description = "Most parents of one node (default ${DEFAULT-VALUE}).")
  int fanIn;

  @Option(
      names = "--chain",
      defaultValue = "200",
      description = "Jobs in the chain (default ${DEFAULT-VALUE}).")
  int chain;

  @Option(
      names = "--workers",
      defaultValue = "64",
      description = "Pool size of the noop queue (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public void run() {
    BenchCommand.quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    Medians results = new Medians();
    for (int run = 1; run <= runs; run++) {
      double[] dag = runWorkflow(randomDag());
      results.add("random DAG: submit (nodes/s)", nodes / dag[0]);
      results.add("random DAG: run to the end (nodes/s)", nodes / dag[1]);
      double[] line = runWorkflow(chain());
      results.add("chain: one hop, completion to completion (us)", line[1] * 1e6 / chain);
      out.printf("run %d of %d done%n", run, runs);
      out.flush();
    }
    results.print(
        out,
        String.format(
            "ujm bench workflows --nodes %d --fan-in %d --chain %d --workers %d --runs %d",
            nodes, fanIn, chain, workers, runs));
  }

  /** Node i depends on up to {@code fanIn} distinct nodes before it; the first has none. */
  private List<WorkflowStep> randomDag() {
    Random random = new Random(42);
    List<WorkflowStep> steps = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      Set<String> parents = new LinkedHashSet<>();
      int count = i == 0 ? 0 : 1 + random.nextInt(Math.min(fanIn, i));
      while (parents.size() < count) {
        parents.add("n" + random.nextInt(i));
      }
      steps.add(step("n" + i, List.copyOf(parents)));
    }
    return steps;
  }

  private List<WorkflowStep> chain() {
    List<WorkflowStep> steps = new ArrayList<>(chain);
    for (int i = 0; i < chain; i++) {
      steps.add(step("c" + i, i == 0 ? List.of() : List.of("c" + (i - 1))));
    }
    return steps;
  }

  private static WorkflowStep step(String ref, List<String> parents) {
    return new WorkflowStep(
        ref, NewJob.ofType("noop").tenant("bench").owner("bench").build(), parents);
  }

  /** Seconds to submit the workflow, and from then until its last job completed. */
  private double[] runWorkflow(List<WorkflowStep> steps) {
    AtomicInteger completed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    try (BenchNode node =
        new BenchNode(
            workers,
            update -> {
              if (update.isStateChange()
                  && update.job().state() == JobState.COMPLETED
                  && completed.incrementAndGet() == steps.size()) {
                done.countDown();
              }
            })) {
      node.ujm.start();
      long start = System.nanoTime();
      node.ujm.workflows().submit(new NewWorkflow("bench", "bench", "bench", steps, null, null));
      long submitted = System.nanoTime();
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            "only " + completed.get() + " of " + steps.size() + " jobs completed in 10 minutes");
      }
      return new double[] {(submitted - start) / 1e9, (System.nanoTime() - submitted) / 1e9};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
