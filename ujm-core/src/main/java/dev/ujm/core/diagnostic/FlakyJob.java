package dev.ujm.core.diagnostic;

import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import java.util.Map;

/**
 * {@code flaky} {@code {"failTimes": n}}: attempts 1 to n throw a {@link PlannedFailure}, the next
 * one completes with {@code {"attempt": k}}. Shows retries with backoff and, with {@code
 * maxAttempts <= failTimes}, the dead-letter queue.
 */
public final class FlakyJob {
  public static final String TYPE = "flaky";

  private FlakyJob() {}

  /**
   * @param failTimes how many attempts fail before one succeeds; 0 or more, required
   */
  public record Payload(Integer failTimes) {}

  /** The failure a flaky attempt throws on purpose. */
  public static final class PlannedFailure extends Exception {
    public PlannedFailure(String message) {
      super(message);
    }
  }

  public static JobDefinition<Payload> definition() {
    return JobDefinition.of(TYPE, Payload.class, FlakyJob::run).withValidator(FlakyJob::validate);
  }

  static void validate(Payload payload) throws InvalidPayloadException {
    if (payload.failTimes() == null) {
      throw new InvalidPayloadException("failTimes", "failTimes is required");
    }
    if (payload.failTimes() < 0) {
      throw new InvalidPayloadException(
          "failTimes", "failTimes must be 0 or more, not " + payload.failTimes());
    }
  }

  private static JobOutcome run(JobContext<Payload> context) throws PlannedFailure {
    int failTimes = context.payload().failTimes();
    if (context.attempt() <= failTimes) {
      throw new PlannedFailure("planned failure " + context.attempt() + " of " + failTimes);
    }
    return JobOutcome.completed(Map.of("attempt", context.attempt()));
  }
}
