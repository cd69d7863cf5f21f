package dev.ujm.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code ujm bench compare --ujm-only} drives a {@code ujm serve} of its own JVM with batches over
 * HTTP until every job completed, and prints UJM's row (the BullMQ rows need Node and Redis, which
 * the tests do not).
 */
class CompareBenchTest {
  @Test
  void a_small_ujm_only_run_completes_every_batch_and_prints_the_ujm_row() {
    StringWriter out = new StringWriter();
    int exit =
        new picocli.CommandLine(new CompareBench())
            .setOut(new PrintWriter(out))
            .execute(
                "--ujm-only",
                "--jobs",
                "600",
                "--batch",
                "200",
                "--warmup",
                "100",
                "--serve-warmup-seconds",
                "1",
                "--rounds",
                "1");

    assertThat(exit).isZero();
    assertThat(out.toString().lines().filter(l -> l.startsWith("UJM, POST /api/v2/jobs/batch")))
        .singleElement()
        .asString()
        .contains("every write (synchronous=FULL)", "1.00×");
  }
}
