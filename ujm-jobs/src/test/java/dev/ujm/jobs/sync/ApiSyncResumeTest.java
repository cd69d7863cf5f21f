package dev.ujm.jobs.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.test.TestJobContext;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sync cut off after a page continues after the last page its checkpoint holds. */
class ApiSyncResumeTest {
  @Test
  void after_a_crash_the_next_attempt_fetches_only_the_pages_after_the_last_checkpoint()
      throws Exception {
    try (PagedApi api = new PagedApi()) {
      JobDefinition<ApiSyncPayload> sync =
          ApiSyncJobHandler.definition(
              new JobEnvironment(
                  InstantSource.system(), Map.of("UJM_API_SYNC_ALLOW_PRIVATE_NETWORKS", "true")));
      ApiSyncPayload payload =
          new ApiSyncPayload(
              api.url("/link"),
              null,
              new ApiSyncPayload.Paging("link", null, null, null, null),
              "/data",
              null,
              null,
              null);
      TestJobContext<ApiSyncPayload> first = TestJobContext.firstAttempt("api-sync", payload);
      JsonNode[] checkpoint = new JsonNode[1];
      first.afterEachAppend(
          c -> {
            if (c.results().size() == 6) {
              checkpoint[0] = c.checkpointNow(); // the timer saved page 1; page 2 is not saved yet
              c.cancelByUser(); // the process dies
            }
          });
      try {
        sync.handler().run(first);
      } catch (RuntimeException e) {
        // the dying attempt's checkpoint write was refused
      }
      int before = api.requests.size();

      TestJobContext<ApiSyncPayload> second = first.nextAttempt(checkpoint[0]);
      JobOutcome done = sync.handler().run(second);

      assertThat(api.requests.subList(before, api.requests.size()))
          .containsExactly("/link?page=2", "/link?page=3");
      assertThat(second.results().stream().map(n -> n.get("id").asInt()).toList())
          .isEqualTo(List.of(21, 22, 23, 31, 32, 33));
      JsonNode result = ((JobOutcome.Completed) done).result();
      assertThat(result.get("resumed").asBoolean()).isTrue();
      assertThat(result.get("pages").asInt()).isEqualTo(3);
      assertThat(result.get("items").asInt()).isEqualTo(9);
    }
  }
}
