package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.api.JobEventView;
import dev.ujm.api.JobView;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.model.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the server hands running jobs back; a server started again on the same data directory
 * takes them up.
 */
class RestartTest {
  @TempDir Path dir;

  @Test
  void
      a_closed_server_hands_back_its_running_job_and_the_next_start_on_the_same_data_runs_it_again() {
    String jobId;
    String nodeId;
    try (ServerFixture first = ServerFixture.start(dir)) {
      nodeId = first.admin().workers().nodeId();
      jobId =
          first
              .admin()
              .submit(
                  SubmitJobRequest.of("sleep", Json.mapper().createObjectNode().put("ms", 60_000)))
              .job()
              .id();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> first.admin().get(jobId).state().equals("processing"));
    }

    try (ServerFixture second = ServerFixture.start(dir)) {
      assertThat(second.admin().workers().nodeId()).isEqualTo(nodeId);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> second.admin().get(jobId).state().equals("processing"));
      JobView job = second.admin().get(jobId);
      assertThat(job.attempt()).isEqualTo(1);
      List<JobEventView> history = second.admin().history(jobId);
      assertThat(history)
          .extracting(e -> e.from() + ">" + e.to())
          .containsSubsequence(
              "null>queued", "queued>processing", "processing>queued", "queued>processing");
      second.admin().cancel(jobId);
    }
  }
}
