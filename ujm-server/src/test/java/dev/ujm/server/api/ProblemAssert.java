package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Checks that an answer is a problem (RFC 9457) of a given status and type (null: any type). */
final class ProblemAssert {
  private ProblemAssert() {}

  static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = ServerFixture.json(response);
    if (type != null) {
      assertThat(problem.path("type").asText()).isEqualTo("https://ujm.dev/problems/" + type);
    } else {
      assertThat(problem.path("type").asText()).startsWith("https://ujm.dev/problems/");
    }
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
    assertThat(problem.path("requestId").asText()).isNotBlank();
    return problem;
  }
}
