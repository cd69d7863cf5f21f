package dev.ujm.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param payloadSchema the JSON Schema of the payload, as {@code GET /api/v2/job-types} shows it;
 *     generated from the payload record ({@link RecordSchemas}) unless given
 * @param cost what one job of a payload costs; the handler's {@link JobHandler#cost} unless given
 */
public record JobDefinition<P>(
    String type,
    Class<P> payloadType,
    PayloadValidator<P> validator,
    Duration defaultTimeout,
    JobHandler<P> handler,
    JsonNode payloadSchema,
    PayloadCost<P> cost) {

  public JobDefinition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(handler, "handler");
    if (validator == null) {
      validator = payload -> {};
    }
    if (payloadSchema == null) {
      payloadSchema = RecordSchemas.of(payloadType);
    }
    if (cost == null) {
      cost = handler::cost;
    }
  }

  public JobDefinition(
      String type,
      Class<P> payloadType,
      PayloadValidator<P> validator,
      Duration defaultTimeout,
      JobHandler<P> handler) {
    this(type, payloadType, validator, defaultTimeout, handler, null, null);
  }

  /** A type with no validation beyond the JSON mapping and no timeout. */
  public static <P> JobDefinition<P> of(String type, Class<P> payloadType, JobHandler<P> handler) {
    return new JobDefinition<>(type, payloadType, null, null, handler, null, null);
  }

  public JobDefinition<P> withValidator(PayloadValidator<P> check) {
    return new JobDefinition<>(
        type, payloadType, check, defaultTimeout, handler, payloadSchema, cost);
  }

  public JobDefinition<P> withDefaultTimeout(Duration timeout) {
    return new JobDefinition<>(type, payloadType, validator, timeout, handler, payloadSchema, cost);
  }

  /** The same type described by this schema (for payloads the record cannot describe). */
  public JobDefinition<P> withPayloadSchema(JsonNode schema) {
    return new JobDefinition<>(type, payloadType, validator, defaultTimeout, handler, schema, cost);
  }

  /** The same type, its jobs costing what {@code price} says of their payload. */
  public JobDefinition<P> withCost(PayloadCost<P> price) {
    return new JobDefinition<>(
        type, payloadType, validator, defaultTimeout, handler, payloadSchema, price);
  }

  /** What one job of a payload costs, in cost units (see {@link JobHandler#cost}). */
  @FunctionalInterface
  public interface PayloadCost<P> {
    double of(P payload);
  }

  /** Checks a payload at submit time. */
  @FunctionalInterface
  public interface PayloadValidator<P> {
    void validate(P payload) throws InvalidPayloadException;
  }
}
