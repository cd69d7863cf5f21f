package dev.ujm.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.test.UjmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule firing every second ({@code *&#47;1 * * * * *}) for two minutes on {@code ujm serve}
 * over the embedded store, the process killed with {@code kill -9} in the middle and started again
 * on the same data directory: 120 ± 2 jobs, no fire twice, none lost. (On the distributed store the
 * same schedule runs on two nodes at once and one of them is killed; on the embedded store one
 * process owns the data directory, so the second "node" is the restarted process.)
 */
class EverySecondAcrossKillTest {
  private static final Map<String, String> ENV = Map.of("UJM_WORKERS", "4", "LOG_LEVEL", "WARN");
  @TempDir Path dataDir;

  @Test
  void a_schedule_firing_every_second_makes_one_job_per_second_across_a_kill_9() throws Exception {
    String id;
    Instant created;
    try (UjmProcess first = UjmProcess.start(dataDir, ENV)) {
      await().atMost(Duration.ofSeconds(60)).until(first::isHealthy);
      JsonNode schedule =
          first.postJson(
              "/api/v2/schedules",
              Map.of(
                  "name", "every second", "cron", "*/1 * * * * *", "job", Map.of("type", "noop")));
      id = schedule.path("id").asText();
      created = Instant.parse(schedule.path("createdAt").asText());
      await().pollDelay(Duration.ofSeconds(50)).atMost(Duration.ofSeconds(70)).until(() -> true);
      first.killHard();
    }
    try (UjmProcess second = UjmProcess.start(dataDir, ENV)) {
      await().atMost(Duration.ofSeconds(60)).until(second::isHealthy);
      Instant end = created.plusSeconds(120);
      await()
          .pollInterval(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(150))
          .until(() -> Instant.now().isAfter(end.plusSeconds(2)));
      second.postJson("/api/v2/schedules/" + id + "/pause", Map.of());

      List<Instant> fires = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      String cursor = null;
      do {
        JsonNode page =
            second.getJson(
                "/api/v2/schedules/"
                    + id
                    + "/runs?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor));
        for (JsonNode job : page.path("items")) {
          String key = job.path("idempotencyKey").asText();
          assertThat(keys.add(key)).as("fire %s made twice", key).isTrue();
          fires.add(Instant.parse(key.replaceFirst("^schedule:[^:]+:", "")));
        }
        cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
      } while (cursor != null);

      List<Instant> inWindow =
          fires.stream().filter(f -> f.isAfter(created) && !f.isAfter(end)).sorted().toList();
      assertThat(inWindow.size()).as("jobs for the 120 fires of two minutes").isBetween(118, 122);
      for (int i = 1; i < inWindow.size(); i++) {
        assertThat(Duration.between(inWindow.get(i - 1), inWindow.get(i)))
            .as("no fire lost after %s", inWindow.get(i - 1))
            .isEqualTo(Duration.ofSeconds(1));
      }
      JsonNode history = second.getJson("/api/v2/schedules/" + id + "/history?limit=1000");
      assertThat(history.path("items").findValuesAsText("outcome")).doesNotContain("missed");
    }
  }
}
