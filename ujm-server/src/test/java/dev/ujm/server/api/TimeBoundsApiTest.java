package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every time input ({@code runAt}, {@code delaySeconds}, {@code createdFrom}, {@code
 * createdBefore}) has the same bound, about a hundred years either side of now; past it the answer
 * is 400 naming the field, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeBoundsApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+999999999-12-31T23:59:59Z",
        "-999999999-01-01T00:00:00Z",
        "+294000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "1000-01-01T00:00:00Z",
        "+999999999-12-31T23:59:59+18:00",
        "",
        " ",
      })
  void an_extreme_run_at_is_refused_with_400(String runAt) {
    JsonNode problem =
        assertProblem(
            ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"runAt\":\"" + runAt + "\"}"),
            400,
            "invalid-request");

    assertThat(problem.path("field").asText()).isEqualTo("runAt");
    assertThat(problem.path("detail").asText()).startsWith("runAt must be");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+999999999-12-31T23:59:59Z",
        "-999999999-01-01T00:00:00Z",
        "+294000-01-01T00:00:00Z"
      })
  void an_extreme_creation_range_is_refused_with_400(String instant) {
    for (String field : new String[] {"createdFrom", "createdBefore"}) {
      JsonNode problem =
          assertProblem(
              ujm.get("/api/v2/jobs?" + field + "=" + q(instant)), 400, "invalid-request");
      assertThat(problem.path("field").asText()).isEqualTo(field);
      assertProblem(
          ujm.get("/api/v2/dead-letter?" + field + "=" + q(instant)), 400, "invalid-request");
    }
  }

  @Test
  void a_delay_and_a_run_at_have_the_same_bound() {
    long bound = 36_525L * 24 * 3600;
    assertThat(ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"delaySeconds\":" + bound + "}"))
        .extracting(r -> r.statusCode())
        .isEqualTo(201);
    assertProblem(
        ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"delaySeconds\":" + (bound + 1) + "}"),
        400,
        "invalid-request");
    assertProblem(
        ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"delaySeconds\":" + Long.MAX_VALUE + "}"),
        400,
        "invalid-request");

    Instant inNinetyYears = Instant.now().plus(90 * 365, ChronoUnit.DAYS);
    assertThat(ujm.post("/api/v2/jobs", "{\"type\":\"noop\",\"runAt\":\"" + inNinetyYears + "\"}"))
        .extracting(r -> r.statusCode())
        .isEqualTo(201);
    assertThat(ujm.get("/api/v2/jobs?createdBefore=" + q(inNinetyYears.toString())).statusCode())
        .isEqualTo(200);
  }
}
