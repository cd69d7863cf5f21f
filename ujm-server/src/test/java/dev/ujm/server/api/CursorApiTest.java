package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.SubmitJobRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A cursor that no page gave out answers 400 naming {@code cursor}, never the first page. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CursorApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;
  private String jobId;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
    for (int i = 0; i < 3; i++) {
      jobId =
          ujm.admin().submit(SubmitJobRequest.of("noop", null).withDelaySeconds(600L)).job().id();
    }
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  @Test
  void a_bad_cursor_is_refused_by_every_list() {
    for (String list :
        new String[] {
          "/api/v2/jobs",
          "/api/v2/jobs/user/admin",
          "/api/v2/dead-letter",
          "/api/v2/jobs/" + jobId + "/result",
          "/api/v2/keys"
        }) {
      for (String cursor : new String[] {"bad", "-1", "%27%20OR%201%3D1", "01a2239d"}) {
        JsonNode problem =
            assertProblem(ujm.get(list + "?cursor=" + cursor), 400, "invalid-request");
        assertThat(problem.path("field").asText()).as(list).isEqualTo("cursor");
      }
    }
  }

  @Test
  void a_cursor_a_page_gave_out_is_followed() {
    JsonNode first = ServerFixture.json(ujm.get("/api/v2/jobs?limit=1"));
    String next = first.path("nextCursor").asText();

    JsonNode second = ServerFixture.json(ujm.get("/api/v2/jobs?limit=1&cursor=" + next));

    assertThat(second.path("items")).hasSize(1);
    assertThat(second.path("items").get(0).path("id").asText())
        .isNotEqualTo(first.path("items").get(0).path("id").asText());
  }
}
