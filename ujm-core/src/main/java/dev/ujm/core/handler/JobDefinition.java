package dev.ujm.core.handler;

import java.time.Duration;
import java.util.Objects;

/**
 * A job type: its name, payload class, validation, defaults and handler. Immutable.
 *
 * @param type the name jobs are submitted under, for example {@code sleep}
 * @param payloadType the Java type the JSON payload maps to; unknown JSON fields are rejected
 * @param validator checks a mapped payload at submit time; throws {@link InvalidPayloadException}
 * @param defaultTimeout a running attempt longer than this is interrupted and fails; null for none
 * @param handler runs one attempt
 */
public record JobDefinition<P>(
    String type,
    Class<P> payloadType,
    PayloadValidator<P> validator,
    Duration defaultTimeout,
    JobHandler<P> handler) {

  public JobDefinition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(handler, "handler");
    if (validator == null) {
      validator = payload -> {};
    }
  }

  /** A type with no validation beyond the JSON mapping and no timeout. */
  public static <P> JobDefinition<P> of(String type, Class<P> payloadType, JobHandler<P> handler) {
    return new JobDefinition<>(type, payloadType, null, null, handler);
  }

  public JobDefinition<P> withValidator(PayloadValidator<P> check) {
    return new JobDefinition<>(type, payloadType, check, defaultTimeout, handler);
  }

  public JobDefinition<P> withDefaultTimeout(Duration timeout) {
    return new JobDefinition<>(type, payloadType, validator, timeout, handler);
  }

  /** Checks a payload at submit time. */
  @FunctionalInterface
  public interface PayloadValidator<P> {
    void validate(P payload) throws InvalidPayloadException;
  }
}
