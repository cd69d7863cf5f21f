package dev.ujm.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ujm bench schedules} and {@code ujm bench workflows} run end to end on a small scale and
 * print every row of their tables.
 */
class SchedulingBenchTest {
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).execute(args);
    assertThat(exit).as(out.toString()).isZero();
    return out.toString();
  }

  @Test
  void a_small_schedules_run_makes_every_fire_of_its_window_and_prints_its_lateness() {
    String out = run("schedules", "--schedules", "3", "--seconds", "2", "--runs", "1");

    assertThat(out)
        .contains(
            "ujm bench schedules --schedules 3 --seconds 2",
            "fire to submit, p99 (ms)",
            "fire to start, p50 (ms)",
            "fire to start, p99 (ms)");
    assertThat(row(out, "fires due in the window")).isEqualTo(row(out, "fires made into jobs"));
  }

  @Test
  void a_small_workflows_run_completes_a_random_dag_and_a_chain_and_prints_their_rates() {
    String out = run("workflows", "--nodes", "40", "--chain", "5", "--runs", "1");

    assertThat(out)
        .contains(
            "random DAG: submit (nodes/s)",
            "random DAG: run to the end (nodes/s)",
            "chain: one hop, completion to completion (us)");
  }

  /** The median column of a measure's row. */
  private static String row(String out, String measure) {
    return out.lines()
        .filter(line -> line.startsWith(measure))
        .map(line -> line.substring(measure.length()).trim().split("\\s+")[0])
        .findFirst()
        .orElseThrow();
  }
}
