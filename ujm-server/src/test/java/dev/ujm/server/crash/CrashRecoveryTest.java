package dev.ujm.server.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.test.UjmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a running UJM process with {@code kill -9} in the middle of 2,000 jobs and starts it again
 * on the same data directory: every accepted job must still complete, none twice-counted as failed,
 * none stuck.
 */
class CrashRecoveryTest {
  private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryTest.class);
  private static final int JOBS = 2_000;

  /**
   * Far longer than the test may take: jobs held by the dead process must not wait for their leases
   * to expire.
   */
  private static final Map<String, String> ENV =
      Map.of(
          "UJM_WORKERS",
          "16",
          "UJM_LEASE_SECONDS",
          "120",
          "UJM_HEARTBEAT_SECONDS",
          "5",
          "LOG_LEVEL",
          "WARN");

  @TempDir Path dataDir;

  @Test
  void every_job_completes_after_the_process_is_killed_mid_run_and_restarted() throws Exception {
    List<String> ids = new ArrayList<>();
    try (UjmProcess first = UjmProcess.start(dataDir, ENV)) {
      await().atMost(Duration.ofSeconds(60)).until(first::isHealthy);
      for (int batch = 0; batch < JOBS / 1000; batch++) {
        ids.addAll(submitSleepJobs(first, 1000));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> first.totals().getOrDefault("completed", 0L) >= JOBS / 5);
      first.killHard();
      assertThat(first.isAlive()).isFalse();
    }

    long launched = System.nanoTime();
    try (UjmProcess second = UjmProcess.start(dataDir, ENV)) {
      await().atMost(Duration.ofSeconds(60)).until(second::isHealthy);
      long healthyMillis = (System.nanoTime() - launched) / 1_000_000;
      Map<String, Long> atRestart = second.totals();
      assertThat(atRestart.getOrDefault("completed", 0L))
          .as("the kill came mid-run")
          .isLessThan(JOBS);

      AtomicLong resumed = new AtomicLong();
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                long done = second.totals().getOrDefault("completed", 0L);
                resumed.set(done);
                return done > atRestart.getOrDefault("completed", 0L) || done == JOBS;
              });
      long resumeMillis = (System.nanoTime() - launched) / 1_000_000;

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> second.totals().getOrDefault("completed", 0L) == JOBS);
      long allDoneMillis = (System.nanoTime() - launched) / 1_000_000;
      LOG.info(
          "restart: healthy after {} ms, work resumed by {} ms, all {} jobs completed by {} ms",
          healthyMillis,
          resumeMillis,
          JOBS,
          allDoneMillis);

      Map<String, Long> totals = second.totals();
      assertThat(totals.getOrDefault("completed", 0L)).isEqualTo(JOBS);
      for (String state :
          List.of("queued", "processing", "scheduled", "waiting", "failed", "cancelled")) {
        assertThat(totals.getOrDefault(state, 0L)).as("jobs left %s", state).isZero();
      }
      assertEveryJobCompleted(second, ids);
    }
  }

  private static List<String> submitSleepJobs(UjmProcess ujm, int count) throws Exception {
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(Map.of("type", "sleep", "payload", Map.of("ms", 20)));
    }
    JsonNode answer = ujm.postJson("/api/v2/jobs/batch", Map.of("jobs", jobs));
    List<String> ids = new ArrayList<>();
    answer.path("jobs").forEach(job -> ids.add(job.path("id").asText()));
    assertThat(ids).hasSize(count).doesNotContain("");
    return ids;
  }

  private static void assertEveryJobCompleted(UjmProcess ujm, List<String> ids) throws Exception {
    for (int from = 0; from < ids.size(); from += 100) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 100));
      JsonNode answer = ujm.getJson("/api/v2/jobs/status?ids=" + String.join(",", chunk));
      JsonNode items = answer.has("items") ? answer.path("items") : answer.path("jobs");
      List<String> seen = new ArrayList<>();
      items.forEach(
          job -> {
            assertThat(job.path("state").asText())
                .as("job %s", job.path("id").asText())
                .isEqualTo("completed");
            seen.add(job.path("id").asText());
          });
      assertThat(seen).containsExactlyInAnyOrderElementsOf(chunk);
    }
  }
}
