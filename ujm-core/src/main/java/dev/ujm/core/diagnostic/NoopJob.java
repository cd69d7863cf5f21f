package dev.ujm.core.diagnostic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;

/**
 * {@code noop}: does nothing and completes with no result. Accepts any JSON object as payload (so
 * benchmarks can tag their jobs). Used to measure the engine's own overhead.
 */
public final class NoopJob {
  public static final String TYPE = "noop";

  private NoopJob() {}

  public static JobDefinition<JsonNode> definition() {
    return JobDefinition.of(TYPE, JsonNode.class, context -> JobOutcome.completed());
  }
}
