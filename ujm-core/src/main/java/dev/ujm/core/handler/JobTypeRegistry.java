package dev.ujm.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Priority;
import dev.ujm.core.model.TimeBounds;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job types this node knows, by name. Types come from {@link JobModule}s found by {@link
 * ServiceLoader} and from code ({@link #register(JobDefinition)}). Thread-safe; registering a name
 * twice replaces the first.
 */
public final class JobTypeRegistry {
  /** Upper bound on attempts a submit may ask for. */
  public static final int MAX_ATTEMPTS_LIMIT = 100;

  private final Map<String, JobDefinition<?>> types = new ConcurrentHashMap<>();

  /** Adds or replaces a job type. */
  public JobTypeRegistry register(JobDefinition<?> definition) {
    types.put(definition.type(), definition);
    return this;
  }

  /** Registers every type of every {@link JobModule} on the class path. */
  public JobTypeRegistry loadModules(JobEnvironment environment) {
    for (JobModule module : ServiceLoader.load(JobModule.class)) {
      module.definitions(environment).forEach(this::register);
    }
    return this;
  }

  public Optional<JobDefinition<?>> find(String type) {
    return Optional.ofNullable(type).map(types::get);
  }

  /** The known type names, sorted. */
  public Collection<String> typeNames() {
    return new TreeMap<>(types).keySet();
  }

  /** Maps a JSON payload to its type's payload class. */
  public static <P> P mapPayload(JobDefinition<P> definition, JsonNode payload)
      throws InvalidPayloadException {
    JsonNode json =
        payload == null || payload.isNull() ? JsonNodeFactory.instance.objectNode() : payload;
    if (!json.isObject()) {
      throw new InvalidPayloadException(null, "payload must be a JSON object");
    }
    try {
      return Json.mapper().treeToValue(json, definition.payloadType());
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidPayloadException(
          e.getPropertyName(), "unknown field '" + e.getPropertyName() + "'");
    } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
      String field =
          e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw new InvalidPayloadException(
          field, "payload does not fit type " + definition.type() + ": " + e.getOriginalMessage());
    } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
      String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new InvalidPayloadException(null, message);
    }
  }

  /**
   * Checks a job before anything is stored and fills the defaults that depend on its type (among
   * them its cost: what its type's {@link JobDefinition#cost} says of its payload): unknown type, a
   * payload nested deeper than {@link Json#MAX_PAYLOAD_DEPTH} (it could not be written back in
   * every answer that carries it) or that does not map or fails validation, attempts outside
   * 1..100, a timeout that is not positive, a {@code runAt} beyond {@link TimeBounds} all throw.
   *
   * @throws InvalidJobException naming the reason and the failing field
   */
  public NewJob validate(NewJob job, Instant now) {
    JobDefinition<?> definition =
        find(job.type())
            .orElseThrow(
                () ->
                    new InvalidJobException(
                        Reason.UNKNOWN_TYPE,
                        "type",
                        "unknown job type '"
                            + job.type()
                            + "'; known types: "
                            + String.join(", ", typeNames())));
    checkPayload(definition, job.payload());
    if (job.maxAttempts() != null
        && (job.maxAttempts() < 1 || job.maxAttempts() > MAX_ATTEMPTS_LIMIT)) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION,
          "maxAttempts",
          "maxAttempts must be 1 to " + MAX_ATTEMPTS_LIMIT + ", not " + job.maxAttempts());
    }
    if (job.timeoutSeconds() != null && job.timeoutSeconds() <= 0) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION,
          "timeoutSeconds",
          "timeoutSeconds must be positive, not " + job.timeoutSeconds());
    }
    if (job.runAt() != null && !TimeBounds.isWithin(job.runAt(), now)) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION, "runAt", "runAt must be " + TimeBounds.describe(now));
    }
    if (job.queue() != null && !job.queue().matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION, "queue", "queue must be 1 to 64 letters, digits, '_', '.' or '-'");
    }
    Integer timeout = job.timeoutSeconds();
    if (timeout == null && definition.defaultTimeout() != null) {
      timeout = (int) definition.defaultTimeout().toSeconds();
    }
    return job.toBuilder()
        .payload(job.payload() == null ? JsonNodeFactory.instance.objectNode() : job.payload())
        .queue(job.queue() == null ? job.type() : job.queue())
        .priority(job.priority() == null ? Priority.MEDIUM : job.priority())
        .maxAttempts(job.maxAttempts() == null ? 3 : job.maxAttempts())
        .runAt(job.runAt() != null && job.runAt().isAfter(now) ? job.runAt() : null)
        .timeoutSeconds(timeout)
        .cost(job.cost() != null ? job.cost() : positive(priceOf(definition, job.payload())))
        .build();
  }

  /**
   * What a job costs, in cost units: the cost {@link #validate} gave it, or its type's price of its
   * payload ({@link #cost(String, JsonNode)}).
   */
  public double cost(NewJob job) {
    return job.cost() != null ? job.cost() : cost(job.type(), job.payload());
  }

  /**
   * What a job of this type and payload costs, in cost units: its type's {@link
   * JobDefinition#cost}. A job of a type this registry does not know (any more), whose payload does
   * not map, or whose price is not a positive finite number costs one unit.
   */
  public double cost(String type, JsonNode payload) {
    return positive(find(type).map(definition -> priceOf(definition, payload)).orElse(1.0));
  }

  private static double positive(double cost) {
    return cost > 0 && Double.isFinite(cost) ? cost : NewJob.DEFAULT_COST;
  }

  private static <P> double priceOf(JobDefinition<P> definition, JsonNode payload) {
    try {
      return definition.cost().of(mapPayload(definition, payload));
    } catch (InvalidPayloadException e) {
      return 1;
    }
  }

  private static <P> void checkPayload(JobDefinition<P> definition, JsonNode payload) {
    int depth = Json.depth(payload);
    if (depth > Json.MAX_PAYLOAD_DEPTH) {
      throw new InvalidJobException(
          Reason.INVALID_PAYLOAD,
          "payload",
          "the payload nests "
              + depth
              + " levels deep; at most "
              + Json.MAX_PAYLOAD_DEPTH
              + " are accepted");
    }
    try {
      definition.validator().validate(mapPayload(definition, payload));
    } catch (InvalidPayloadException e) {
      String field = e.field() == null ? "payload" : "payload." + e.field();
      throw new InvalidJobException(
          Reason.INVALID_PAYLOAD,
          field,
          "invalid " + definition.type() + " payload: " + e.getMessage());
    }
  }
}
