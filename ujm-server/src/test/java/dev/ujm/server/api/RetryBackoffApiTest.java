package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryBackoffApiTest {
  @TempDir Path dir;

  @Test
  void a_job_brings_its_own_retry_backoff_and_a_bad_one_is_refused_storing_nothing() {
    try (ServerFixture ujm = ServerFixture.start(dir)) {
      JsonNode job =
          ServerFixture.json(
              ujm.post(
                  "/api/v2/jobs",
                  "{\"type\":\"flaky\",\"payload\":{\"failTimes\":1},"
                      + "\"retryBackoff\":{\"baseSeconds\":30,\"maxSeconds\":600}}"));
      assertThat(job.at("/retryBackoff/baseSeconds").asInt()).isEqualTo(30);
      assertThat(job.at("/retryBackoff/maxSeconds").asInt()).isEqualTo(600);

      var refused =
          ujm.post(
              "/api/v2/jobs",
              "{\"type\":\"noop\",\"retryBackoff\":{\"baseSeconds\":60,\"maxSeconds\":10}}");

      assertThat(assertProblem(refused, 400, "invalid-request").get("field").asText())
          .isEqualTo("retryBackoff");
      assertThat(ServerFixture.json(ujm.get("/api/v2/jobs")).get("items")).hasSize(1);
    }
  }
}
