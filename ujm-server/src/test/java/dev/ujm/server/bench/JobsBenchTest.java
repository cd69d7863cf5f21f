package dev.ujm.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.server.bench.jobs.JobsBenchCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ujm bench jobs} runs end to end on a small scale and prints every row of its table. */
class JobsBenchTest {
  @Test
  void a_small_run_measures_email_file_process_and_process_start_and_prints_medians() {
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new JobsBenchCommand()).setOut(new PrintWriter(out));

    int exit =
        command.execute("--emails", "20", "--file-mb", "1", "--process-jobs", "3", "--runs", "1");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "e-mails/s",
            "checksum of 1 MB",
            "csv-to-json of 1 MB",
            "bubblewrap + limits, p99 ms",
            "unisolated + limits, p50 ms");
    assertThat(out.toString().lines().filter(l -> l.startsWith("| ") && l.contains("**")))
        .hasSize(7);
  }
}
