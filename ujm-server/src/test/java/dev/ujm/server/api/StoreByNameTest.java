package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.store.StoreProviders;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreByNameTest {
  @TempDir Path dir;

  @Test
  void the_stores_of_this_build_are_found_by_name() {
    assertThat(StoreProviders.names()).contains("memory", "sqlite");
  }

  @Test
  void the_memory_store_runs_jobs_and_leaves_no_database_behind() {
    try (ServerFixture ujm = ServerFixture.start(dir, Map.of("UJM_STORE", "memory"), b -> {})) {
      String id =
          ServerFixture.json(ujm.post("/api/v2/jobs", "{\"type\":\"noop\"}")).get("id").asText();

      await()
          .until(
              () ->
                  ServerFixture.json(ujm.get("/api/v2/jobs/" + id))
                      .get("state")
                      .asText()
                      .equals("completed"));
      assertThat(ServerFixture.json(ujm.get("/ready")).toString()).contains("memory");
    }
    assertThat(dir.resolve("ujm.db")).doesNotExist();
  }
}
