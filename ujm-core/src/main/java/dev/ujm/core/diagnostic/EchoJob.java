package dev.ujm.core.diagnostic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;

/** {@code echo}: completes with its payload, any JSON object, as the result. */
public final class EchoJob {
  public static final String TYPE = "echo";

  private EchoJob() {}

  public static JobDefinition<JsonNode> definition() {
    return JobDefinition.of(
        TYPE, JsonNode.class, context -> new JobOutcome.Completed(context.payload()));
  }
}
