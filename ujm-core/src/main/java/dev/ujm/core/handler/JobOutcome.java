package dev.ujm.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.time.Duration;

/** The closed set of ways an attempt can end. */
public sealed interface JobOutcome {

  /** Done; {@code result} (may be null) is stored as the job's result. */
  record Completed(JsonNode result) implements JobOutcome {}

  /** Try again after {@code delay} (counts as an attempt). */
  record RetryLater(Duration delay, String reason) implements JobOutcome {}

  /** Fail for good, without further attempts. */
  record Failed(String type, String message) implements JobOutcome {}

  /** The handler stopped because it saw the cancellation. */
  record Cancelled() implements JobOutcome {}

  static JobOutcome completed() {
    return new Completed(null);
  }

  /** Completed with any object mapped to JSON. */
  static JobOutcome completed(Object result) {
    return new Completed(result == null ? null : Json.mapper().valueToTree(result));
  }

  static JobOutcome retryLater(Duration delay, String reason) {
    return new RetryLater(delay, reason);
  }

  static JobOutcome failed(String type, String message) {
    return new Failed(type, message);
  }

  static JobOutcome cancelled() {
    return new Cancelled();
  }
}
