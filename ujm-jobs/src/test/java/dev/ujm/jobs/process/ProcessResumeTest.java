package dev.ujm.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Json;
import dev.ujm.test.TestJobContext;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process job gets its last checkpoint on standard input and continues from it. */
class ProcessResumeTest {
  @TempDir Path dataDir;

  @Test
  void the_python_example_resumed_from_a_checkpoint_counts_only_the_lines_left() throws Exception {
    @SuppressWarnings("unchecked")
    JobDefinition<JsonNode> wordCount =
        (JobDefinition<JsonNode>)
            ProcessJobHandler.definitions(
                    new JobEnvironment(
                        InstantSource.system(),
                        Map.of(
                            "UJM_PROCESS_TYPES", ProcessJobTest.EXAMPLES.toString(),
                            "UJM_DATA_DIR", dataDir.toString())))
                .stream()
                .filter(d -> d.type().equals("word-count"))
                .findFirst()
                .orElseThrow();
    JsonNode payload =
        Json.mapper().valueToTree(Map.of("lines", List.of("a b", "c d e", "f g h i")));
    TestJobContext<JsonNode> first = TestJobContext.firstAttempt("word-count", payload);
    JsonNode checkpoint = Json.mapper().valueToTree(Map.of("done", 2, "words", 100));

    JobOutcome resumed = wordCount.handler().run(first.nextAttempt(checkpoint));

    JsonNode result = ((JobOutcome.Completed) resumed).result().get("result");
    assertThat(result.get("words").asInt()).isEqualTo(104);
    assertThat(result.get("attempt").asInt()).isEqualTo(2);
  }
}
