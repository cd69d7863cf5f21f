package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.memory.InMemoryApiKeyStore;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.store.Stores;
import dev.ujm.server.engine.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job store that cannot be opened leaves the server up and degraded until the store can be
 * opened.
 */
class DegradedStartTest {
  @TempDir Path dir;

  @Test
  void
      while_the_store_is_down_health_answers_ready_names_it_and_job_endpoints_answer_503_until_it_returns() {
    AtomicBoolean storeUp = new AtomicBoolean(false);
    StoreFactory flaky =
        (config, clock) -> {
          if (!storeUp.get()) {
            throw new IllegalStateException(
                "cannot open " + config.dataDir().resolve("ujm.db") + ": disk unavailable");
          }
          return new Stores(new InMemoryJobStore(clock), new InMemoryApiKeyStore());
        };
    try (ServerFixture ujm =
        ServerFixture.start(
            dir, Map.of(), b -> b.stores(flaky).reconnectEvery(Duration.ofMillis(100)))) {
      assertThat(ujm.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
      var ready = ujm.send("GET", "/ready", null, null);
      assertThat(ready.statusCode()).isEqualTo(503);
      JsonNode store = ServerFixture.json(ready).path("backends").path("store");
      assertThat(store.path("name").asText()).isEqualTo("sqlite");
      assertThat(store.path("ready").asBoolean()).isFalse();
      assertThat(store.path("detail").asText()).contains("disk unavailable");
      JsonNode problem =
          assertProblem(
              ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}"), 503, "backend-unavailable");
      assertThat(problem.path("detail").asText()).contains("sqlite").contains("disk unavailable");
      assertProblem(ujm.get("/api/v2/jobs"), 503, "backend-unavailable");

      storeUp.set(true);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ujm.send("GET", "/ready", null, null).statusCode() == 200);
      assertThat(ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}").statusCode()).isEqualTo(201);
    }
  }

  @Test
  void a_store_this_build_does_not_have_stops_the_start_with_one_sentence_naming_those_it_has() {
    var config =
        dev.ujm.core.config.UjmConfig.from(
            Map.of("UJM_STORE", "cassandra", "UJM_DATA_DIR", dir.toString()));

    var thrown =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            dev.ujm.core.config.ConfigException.class,
            () -> dev.ujm.server.UjmServer.start(config));

    assertThat(thrown.problems())
        .singleElement()
        .asString()
        .contains("'cassandra' is not a store of this build")
        .contains("memory, redis-mongo, sqlite");
  }
}
